/* uax14: text.h's q_breaker, line-break opportunities by UAX #14 with
 * ICU's line break iterator, tailored by the language's locale.
 *
 * Two tailorings on top of ICU: Korean words stay whole (Korean books
 * break at spaces, as CSS word-break: keep-all): no break between Hangul
 * and a letter or digit, where UAX #14 allows one between any two
 * syllables (외|부) and after a Latin word (API|를); and Japanese uses ICU's strict line-break
 * style (no line starts with a small kana) unless the tag names another
 * (ja-u-lb-loose).
 *
 * Ownership: q_uax14_new gives a context to q_uax14_drop (it keeps one
 * ICU iterator per language); the q_breaker borrows it. If ICU cannot
 * make an iterator, the problem is reported once through d (may be NULL)
 * and the text breaks after spaces only. Not thread-safe. */
#ifndef QUIRE_TEXT_UAX14_H
#define QUIRE_TEXT_UAX14_H

#include "../base/diag.h"
#include "../typeset/text.h"

typedef struct q_uax14 q_uax14;

/* d: borrowed, may be NULL. */
q_uax14 *q_uax14_new(q_diag *d);
void q_uax14_drop(q_uax14 *b);

/* The breaker of text.h; its ctx is b. */
q_breaker q_uax14_breaker(q_uax14 *b);

#endif
