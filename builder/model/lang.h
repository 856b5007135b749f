/* lang: language tags (BCP 47), as xml:lang and the bundle's language use them.
 *
 * quire picks hyphenation patterns, fonts and the EPUB's lang attributes by
 * language, so a tag must be well formed: subtags in BCP 47's order
 * (language-Script-REGION-variant, extensions, private use). A two-letter
 * primary language must be an ISO 639-1 code in current use (a short table);
 * a three-letter one is checked for its form only, as ISO 639-3 has some
 * eight thousand codes. Extended language subtags ("zh-yue") are refused:
 * BCP 47 prefers the three-letter language alone ("yue"). */
#ifndef QUIRE_MODEL_LANG_H
#define QUIRE_MODEL_LANG_H

#include <stdbool.h>

/* True if tag is well formed as above, with a known two-letter or a
 * three-letter primary language. Otherwise false, with *why (if not NULL)
 * set to a short static reason. */
bool q_lang_valid(const char *tag, const char **why);

/* The primary language subtag of tag, lowercased, into out[4]. */
void q_lang_primary(const char *tag, char out[4]);

#endif
