/* hyphen: text.h's q_hyphenator with libhyphen and the system's
 * dictionaries (/usr/share/hyphen/hyph_<ll>_<RR>.dic).
 *
 * A language finds its dictionary by, in order: language and region
 * (en-GB: hyph_en_GB.dic); for English, hyph_en_US.dic; hyph_<ll>_<LL>.dic
 * (de: hyph_de_DE.dic); hyph_<ll>.dic; the first hyph_<ll>_*.dic by name.
 * Dictionaries are loaded once (per file: en, en-US and en-GB share
 * hyph_en_US.dic here), and so is the answer "none".
 *
 * Words are lowercased (ICU simple case mapping) before the look-up; a word
 * with anything but letters and combining marks (digits, '@', '/', '_',
 * hyphens, apostrophes) gets no points. Points are never closer than 2
 * characters to the start or 3 to the end, whatever the dictionary says,
 * and non-standard hyphenation (German "Schiffahrt") is left out.
 *
 * Ownership: q_hyphen_new gives a context to q_hyphen_drop; the
 * q_hyphenator borrows it. Not thread-safe. */
#ifndef QUIRE_TEXT_HYPHEN_H
#define QUIRE_TEXT_HYPHEN_H

#include "../typeset/text.h"

typedef struct q_hyphen q_hyphen;

/* dir: the dictionary folder, NULL for /usr/share/hyphen (borrowed). */
q_hyphen *q_hyphen_new(const char *dir);
void q_hyphen_drop(q_hyphen *h);

/* A piece of the book's text, borrowed. */
typedef struct q_hyphen_text {
  const char *s;
  size_t len;
} q_hyphen_text;

/* Start loading lang's dictionary in a background thread, now: libhyphen
 * takes about 15 ms to load the 11,000 patterns of hyphen_en_US.dic, time
 * the build can spend on other work meanwhile. The first hyphenate() call
 * (or drop) waits for it. One at a time; a no-op for a language already
 * loaded or being loaded.
 *
 * Given the book's text (n pieces, borrowed until that first call), a book
 * whose distinct words are few gets a dictionary cut to them: only the
 * patterns found in some word are loaded (a tenth of them for the article),
 * and every word of the text gets the points the whole dictionary would
 * give it. A word outside the text (or a dictionary that cannot be cut)
 * loads the whole dictionary, so the points never depend on the cut. */
void q_hyphen_prefetch(q_hyphen *h, const char *lang, const q_hyphen_text *texts, size_t n);

/* The hyphenator of text.h; its ctx is h. */
q_hyphenator q_hyphen_hyphenator(q_hyphen *h);

#endif
