/* lists: the labels of list items and the rows of simple lists.
 *
 * Internal to the typesetter. An ordered list's item is labelled with its
 * number in the list's numeration (the reader settled the numbers: start,
 * continuation, overrides); an itemized list's with its mark, or by default
 * with the mark of its nesting level (disc, circle, square, as CSS does).
 * A simplelist is set as rows of cells: inline (one paragraph, members
 * joined by commas), vertical (members down the columns) or horizontal
 * (across the rows). */
#ifndef QUIRE_TYPESET_LISTS_H
#define QUIRE_TYPESET_LISTS_H

#include "para.h"

/* How a label is drawn: in the mono face (which has the geometric shapes
 * the body face lacks) or the item's, at scale times the item's size,
 * raised so that a small shape sits where a bullet would. */
typedef struct q_label_face {
  bool mono;
  double scale;
} q_label_face;

/* The label of item (a child of list) into buf[0..cap): *number is the
 * number the item gets unless it overrides it, and becomes the next one's.
 * Returns buf, a mark, or "" for no mark; its face in *face. */
const char *q_list_label(const q_node *list, const q_node *item, unsigned *number, char *buf,
                         size_t cap, q_label_face *face);

/* A vertical or horizontal simplelist's rows, each one line of cells in
 * style st across width from x, with structure L > LI > LBody per member;
 * returns the number of rows. Page breaks are allowed between rows but the
 * first two and the last two. (An inline simplelist is a paragraph: the
 * caller sets q_simplelist_inline_text with q_para_set.) */
size_t q_simplelist_set(q_setter *s, const q_node *list, const q_computed *st, q_sp x, q_sp width);

/* The members of an inline simplelist as one text ("a, b, c"), in a. */
const char *q_simplelist_inline_text(q_arena *a, const q_node *list);

#endif
