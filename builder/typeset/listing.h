/* listing: setting a program listing, screen, synopsis or literal layout.
 *
 * Internal to the typesetter. A listing's lines are the author's: each line
 * end of the text begins a new line, spaces keep their width (the text is
 * shaped with them, never stretched), and nothing is hyphenated; inline
 * markup changes the style of its text (the listing's face inherited). A line
 * wider than the measure wraps at its last break opportunity that fits
 * (UAX #14; else at a character), ends with a continuation mark at the
 * measure's right edge, and goes on two columns deeper than its line.
 * Numbered listings have each line's number in a gutter on the left, set in
 * the mark style.
 * A page may break between any two lines except inside the first two or the
 * last two (no line left alone at either end). */
#ifndef QUIRE_TYPESET_LISTING_H
#define QUIRE_TYPESET_LISTING_H

#include "para.h"

/* The mark at the end of a line that goes on below: a right arrow, which
 * the mono face has. */
#define Q_LISTING_MARK "\xE2\x86\x92"

typedef struct q_listing {
  const q_node *node;     /* a Q_LISTING */
  q_computed style;       /* its text's style (pre, or .literallayout) */
  q_computed mark_style;  /* line numbers and continuation marks: the mono face */
  q_sp x;                 /* left offset in the text block */
  q_sp width;             /* the measure */
} q_listing;

/* Set the listing's lines into s->vl; returns the number of lines set
 * (wrapped lines count each of theirs). The caller has pushed the glue above
 * and opens and closes the structure element (Code) around it. */
size_t q_listing_set(q_setter *s, const q_listing *p);

#endif
