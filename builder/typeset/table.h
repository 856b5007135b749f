/* table: setting a Q_TABLE into the vertical list.
 *
 * Internal to the typesetter. Column widths come from the source where it
 * gives them (proportional shares and fixed lengths, CALS colwidth and
 * HTML col width) and from the content where it does not, as CSS 2.1's
 * automatic table layout does: each column gets at least its minimum
 * content width (its longest word) and at most its maximum (its text on
 * one line), the room between shared in proportion to what each column
 * wants, and the table never wider than the measure. Cells are set with
 * the paragraph setter (para.h: Knuth-Plass, hyphenation, the language in
 * force), ragged right unless the theme or the source asks otherwise.
 *
 * Rows that a row span joins form one band; every band is one box of the
 * vertical list, so a page breaks between bands, never inside one. The head
 * rows are one box too, and the page builder repeats it at the top of each
 * page the table goes on to (q_vlist_repeat), as page furniture. A break is
 * not allowed after the caption or the head, nor to leave one body band
 * alone at the foot or the head of a page.
 *
 * Structure: Table > Caption, THead/TBody/TFoot > TR > TH/TD > P. Rules are
 * Q_OP_RULE rectangles: the theme's three (booktabs: above the head, below
 * it, below the last row) unless the source gives frame, colsep or rowsep. */
#ifndef QUIRE_TYPESET_TABLE_H
#define QUIRE_TYPESET_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "para.h"

/* The column widths of a table of n columns: min and max are each column's
 * content widths (min <= max), given its source widths (NULL: none given).
 * Widths are written to out; returns false when even the minimum widths do
 * not fit the measure (the columns are then shrunk in proportion to fit). */
bool q_table_widths(size_t n, const q_sp *min, const q_sp *max, const q_table_col *given,
                    q_sp measure, q_sp *out);

/* Set table (a Q_TABLE) at x in width, its styles computed from ctx, into
 * the setter's vertical list. */
void q_table_set(q_setter *s, const q_style *style, const q_node *table, const q_computed *ctx,
                 q_sp x, q_sp width);

#endif
