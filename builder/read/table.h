/* table: reading DocBook's two table models into the model's one.
 *
 * A CALS table (table or informaltable > tgroup > colspec, spanspec,
 * thead, tbody, tfoot > row > entry) and an HTML one (caption, col,
 * colgroup, thead, tbody, tfoot, tr > th, td) become the same Q_TABLE: its
 * caption as a Q_TITLE, then Q_TROW rows (head, body, foot, in that order)
 * of Q_TCELL cells, each placed on the grid (model/grid.h) with its column,
 * spans, alignment and rules. Bad input is an error at its position: a row
 * with more cells than the columns, a span past the last column or row,
 * cells that overlap, a column name that names no column, a table with no
 * rows.
 *
 * The bundle reader lends what the table needs from it through q_table_host
 * (positions, common attributes, the content of cells and captions); this
 * module owns nothing: the nodes it makes live in the doc's arena. */
#ifndef QUIRE_READ_TABLE_H
#define QUIRE_READ_TABLE_H

#include <libxml/tree.h>

#include "../base/diag.h"
#include "../model/doc.h"

typedef struct q_table_host {
  void *reader;
  q_doc *doc;
  q_diag *d;
  unsigned *numbered;  /* titled tables so far in the book */
  q_pos (*pos)(void *reader, const xmlNode *x);
  q_pos (*attr_pos)(void *reader, const xmlNode *x, const char *qname);
  /* xml:id, xml:lang and role of x onto n */
  void (*attrs)(void *reader, const xmlNode *x, q_node *n);
  /* x's block children, appended to into */
  void (*blocks)(void *reader, const xmlNode *x, q_node *into);
  /* a node of kind (Q_TITLE, Q_PARA) holding x's inlines, appended to into */
  void (*inlines)(void *reader, const xmlNode *x, q_kind kind, q_node *into);
} q_table_host;

/* Is x one of the elements of a table (table, informaltable, and every
 * element inside one this module reads)? */
bool q_table_element(const xmlNode *x);
/* Is x a table or an informaltable? */
bool q_table_starts(const xmlNode *x);
/* Read table or informaltable x into into. */
void q_table_read(const q_table_host *h, const xmlNode *x, q_node *into);

#endif
