/* lang: language tags (BCP 47), as xml:lang and the bundle's language use them.
 *
 * quire picks hyphenation patterns, fonts and the EPUB's lang attributes by
 * language, so a tag must be well formed and its primary language real: a
 * two-letter ISO 639-1 code, or a three-letter ISO 639-2/3 code. */
#ifndef QUIRE_MODEL_LANG_H
#define QUIRE_MODEL_LANG_H

#include <stdbool.h>

/* True if tag is a well-formed BCP 47 tag with a known primary language.
 * Otherwise false, with *why (if not NULL) set to a short static reason. */
bool q_lang_valid(const char *tag, const char **why);

/* The primary language subtag of tag, lowercased, into out[4]. */
void q_lang_primary(const char *tag, char out[4]);

#endif
