/* shaper: text.h's q_shaper over the font service (fontlib.h): the font
 * service itemizes a text into runs of one font and script, the shaper
 * shapes each run with HarfBuzz and keeps the results in its word cache.
 *
 * shape() caches each result by (text, role, bold, italic, size, lang):
 * shaping the same word again returns the same array. It returns false only
 * when the role's own font cannot be opened.
 *
 * Ownership: q_textshaper_new borrows the fontlib, which must outlive the
 * shaper; the shaper owns its cache, and the glyph arrays shape() hands out
 * are lent until q_textshaper_drop. The q_shaper of q_textshaper_shaper
 * borrows the shaper. Not thread-safe: one shaper per thread, each over a
 * fontlib of its own. */
#ifndef QUIRE_TEXT_SHAPER_H
#define QUIRE_TEXT_SHAPER_H

#include "../typeset/text.h"
#include "fontlib.h"

typedef struct q_textshaper q_textshaper;

q_textshaper *q_textshaper_new(q_fontlib *fl);
void q_textshaper_drop(q_textshaper *s);

/* The shaper of text.h; its ctx is s. */
q_shaper q_textshaper_shaper(q_textshaper *s);

#endif
