/* numeral: the numbers of an ordered list, written as DocBook's numeration
 * says (1 2 3, a b c, A B C, i ii iii, I II III).
 *
 * Both outputs agree on what an item's number is; the typesetter writes it
 * with q_numeral_format, the EPUB names the same style to the reading system
 * (list-style-type). Plain C, no allocation: the caller lends the buffer. */
#ifndef QUIRE_MODEL_NUMERAL_H
#define QUIRE_MODEL_NUMERAL_H

#include <stdbool.h>
#include <stddef.h>

typedef enum q_numeration {
  Q_NUM_ARABIC,     /* 1, 2, 3 */
  Q_NUM_LOWERALPHA, /* a, b, ... z, aa, ab (bijective base 26, as CSS lower-alpha) */
  Q_NUM_UPPERALPHA, /* A, B, ... */
  Q_NUM_LOWERROMAN, /* i, ii, iii, iv (1 to 3999; other numbers in arabic, as CSS) */
  Q_NUM_UPPERROMAN  /* I, II, III, IV */
} q_numeration;

/* Write n (n >= 1; 0 is written "0" in every style) in style into
 * buf[0..cap), NUL-terminated, cut short if cap is too small; returns the
 * length written. 24 bytes always suffice. */
size_t q_numeral_format(unsigned n, q_numeration style, char *buf, size_t cap);

/* The numeration DocBook names (arabic, loweralpha, upperalpha, lowerroman,
 * upperroman); false for any other name. */
bool q_numeration_parse(const char *name, q_numeration *out);

/* The CSS list-style-type of a numeration ("decimal", "lower-alpha", ...). */
const char *q_numeration_css(q_numeration style);

#endif
