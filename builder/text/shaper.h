/* shaper: text.h's q_shaper over the fontlib (font itemisation, HarfBuzz,
 * the word cache). Internal to builder/text: others get the shaper through
 * q_fontlib_shaper (fontlib.h).
 *
 * The fontlib owns one q_shapecache and drops it with itself; the glyph
 * arrays in it are what shape() hands out. */
#ifndef QUIRE_TEXT_SHAPER_H
#define QUIRE_TEXT_SHAPER_H

#include "fontlib.h"

typedef struct q_shapecache q_shapecache;

q_shapecache *q_shapecache_new(void);
void q_shapecache_drop(q_shapecache *c);

#endif
