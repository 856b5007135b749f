/* items: the typesetter's units of measure and its paragraph material.
 *
 * Lengths are integers in scaled points, as in TeX (65536 sp = 1 pt), so
 * that line and page decisions, and with them the output's bytes, are the
 * same on every machine. A paragraph reaches the line breaker as a list of
 * boxes (material of fixed width), glue (space that can stretch and shrink)
 * and penalties (places where a break may, must or must not happen), as in
 * Knuth and Plass, "Breaking Paragraphs into Lines" (1981). The breaker sees
 * nothing else: not the text, not the fonts. */
#ifndef QUIRE_TYPESET_ITEMS_H
#define QUIRE_TYPESET_ITEMS_H

#include <stdbool.h>
#include <stdint.h>

typedef int32_t q_sp;

#define Q_SP_PER_PT 65536
#define Q_PT(x) ((q_sp)((x) * 65536.0 + ((x) < 0 ? -0.5 : 0.5)))

/* Penalties at or beyond these are "never" and "always". */
#define Q_PENALTY_INF 10000

/* The largest length the typesetter holds, TeX's \maxdimen (16383.99998
 * pt): a sum of widths is made in 64 bits and saturated to it, so that a
 * word of thousands of letters is an overfull line, never an overflow. Two
 * of them still add up inside 32 bits. */
#define Q_SP_MAX ((q_sp)0x3FFFFFFF)

static inline q_sp q_sp_sat(int64_t v) {
  return v > Q_SP_MAX ? Q_SP_MAX : v < -Q_SP_MAX ? -Q_SP_MAX : (q_sp)v;
}

typedef enum q_item_type { Q_ITEM_BOX, Q_ITEM_GLUE, Q_ITEM_PENALTY } q_item_type;

typedef struct q_item {
  q_item_type type;
  q_sp width;     /* box, glue; penalty: width added if the line breaks here (a hyphen) */
  q_sp stretch;   /* glue only */
  q_sp shrink;    /* glue only */
  int32_t penalty;/* penalty only: <= -10000 forces a break, >= 10000 forbids one */
  bool flagged;   /* penalty only: a hyphenation break (double-hyphen demerits) */
  bool fil;       /* glue only: its stretch is infinite (TeX's fil), as in
                     \parfillskip: a line with fil stretch is never underfull */
  uint32_t ref;   /* the caller's: which piece of text this item stands for */
} q_item;

#endif
