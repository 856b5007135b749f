/* Tests for tables without fonts: the grid that places cells
 * (model/grid.h) and the column widths (typeset/table.h, q_table_widths),
 * with widths in points made by hand. Expectations are worked out in the
 * comments from CSS 2.1's automatic table layout (section 17.5.2.2): each
 * column between its minimum and maximum content width, the room above the
 * minimums shared in proportion to what each column wants beyond its
 * minimum. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "model/grid.h"
#include "read/bundle.h"
#include "typeset/table.h"

#define PT(x) Q_PT(x)

/* Cells in order, no spans: each in the next column; a fourth in a grid
 * of three is refused, and the grid is still usable. */
static void grid_in_order(void **state) {
  (void)state;
  q_grid *g = q_grid_new(3);
  unsigned col;
  q_grid_row(g);
  for (unsigned k = 0; k < 3; k++) {
    assert_int_equal(q_grid_place(g, -1, 1, 1, &col), Q_GRID_OK);
    assert_int_equal(col, k);
  }
  assert_int_equal(q_grid_place(g, -1, 1, 1, &col), Q_GRID_TOO_WIDE);
  assert_int_equal(col, 3);
  q_grid_row(g);
  assert_int_equal(q_grid_place(g, -1, 1, 1, &col), Q_GRID_OK);
  assert_int_equal(col, 0);
  assert_int_equal(q_grid_rows(g), 2);
  assert_int_equal(q_grid_cols(g), 3);
  q_grid_drop(g);
}

/* A row span: the cell at (0, 0) reaches into row 1, so row 1's first
 * cell goes to column 1. A column span covers its columns. */
static void grid_spans(void **state) {
  (void)state;
  q_grid *g = q_grid_new(4);
  unsigned col;
  q_grid_row(g);
  assert_int_equal(q_grid_place(g, -1, 1, 2, &col), Q_GRID_OK); /* morerows=1 */
  assert_int_equal(q_grid_place(g, -1, 2, 1, &col), Q_GRID_OK); /* namest..nameend */
  assert_int_equal(col, 1);
  assert_int_equal(q_grid_place(g, -1, 1, 1, &col), Q_GRID_OK);
  assert_int_equal(col, 3);
  assert_int_equal(q_grid_overhang(g), 1);
  q_grid_row(g);
  assert_true(q_grid_taken(g, 1, 0));
  assert_int_equal(q_grid_place(g, -1, 1, 1, &col), Q_GRID_OK);
  assert_int_equal(col, 1);
  assert_int_equal(q_grid_overhang(g), 0);
  /* A named column taken by nobody: fine; a span past the last: refused. */
  assert_int_equal(q_grid_place(g, 3, 1, 1, &col), Q_GRID_OK);
  assert_int_equal(q_grid_place(g, 2, 3, 1, &col), Q_GRID_TOO_WIDE);
  q_grid_drop(g);
}

/* Two cells on one place: the second is refused, its places untouched. */
static void grid_overlap(void **state) {
  (void)state;
  q_grid *g = q_grid_new(3);
  unsigned col;
  q_grid_row(g);
  assert_int_equal(q_grid_place(g, 1, 1, 2, &col), Q_GRID_OK);
  q_grid_row(g);
  assert_int_equal(q_grid_place(g, 0, 2, 1, &col), Q_GRID_OVERLAP);
  assert_false(q_grid_taken(g, 1, 0));
  assert_int_equal(q_grid_place(g, 0, 1, 1, &col), Q_GRID_OK);
  q_grid_drop(g);
}

/* Without a column count (the HTML model) the grid grows to its widest
 * row. */
static void grid_grows(void **state) {
  (void)state;
  q_grid *g = q_grid_new(0);
  unsigned col;
  q_grid_row(g);
  assert_int_equal(q_grid_place(g, -1, 1, 3, &col), Q_GRID_OK);
  q_grid_row(g);
  for (unsigned k = 1; k <= 9; k++) {
    assert_int_equal(q_grid_place(g, -1, 1, 1, &col), Q_GRID_OK);
    assert_int_equal(col, k);
  }
  q_grid_row(g);
  assert_true(q_grid_taken(g, 2, 0));
  assert_int_equal(q_grid_cols(g), 10);
  q_grid_drop(g);
}

/* Room for every maximum: each column is its maximum (the table is
 * narrower than the measure). */
static void widths_at_maximum(void **state) {
  (void)state;
  q_sp min[] = {PT(20), PT(30)}, max[] = {PT(50), PT(60)}, out[2];
  assert_true(q_table_widths(2, min, max, NULL, PT(200), out));
  assert_int_equal(out[0], PT(50));
  assert_int_equal(out[1], PT(60));
}

/* Between: measure 100, minimums 20 + 30 = 50, maximums 100 + 50 = 150;
 * the 50 above the minimums goes in proportion to what each wants beyond
 * its minimum (80 and 20): 40 and 10, so 60 and 40. */
static void widths_in_proportion(void **state) {
  (void)state;
  q_sp min[] = {PT(20), PT(30)}, max[] = {PT(100), PT(50)}, out[2];
  assert_true(q_table_widths(2, min, max, NULL, PT(100), out));
  assert_int_equal(out[0], PT(60));
  assert_int_equal(out[1], PT(40));
  assert_int_equal(out[0] + out[1], PT(100));
}

/* Minimums wider than the measure: false, and the columns shrunk in
 * proportion to fit (never wider than the measure). */
static void widths_too_wide(void **state) {
  (void)state;
  q_sp min[] = {PT(80), PT(120)}, max[] = {PT(80), PT(120)}, out[2];
  assert_false(q_table_widths(2, min, max, NULL, PT(100), out));
  assert_int_equal(out[0] + out[1], PT(100));
  assert_int_equal(out[0], PT(40));
}

/* Proportional widths: 3* and 1* of 200 are 150 and 50; a column whose
 * content needs more than its share gets its minimum and the others share
 * what is left. */
static void widths_proportional(void **state) {
  (void)state;
  q_table_col given[2] = {{.star = 3}, {.star = 1}};
  q_sp min[] = {PT(10), PT(10)}, max[] = {PT(10), PT(10)}, out[2];
  assert_true(q_table_widths(2, min, max, given, PT(200), out));
  assert_int_equal(out[0], PT(150));
  assert_int_equal(out[1], PT(50));
  min[1] = PT(80);
  assert_true(q_table_widths(2, min, max, given, PT(200), out));
  assert_int_equal(out[1], PT(80));
  assert_int_equal(out[0], PT(120));
}

/* A fixed width is kept; the shares divide what it leaves: 72pt fixed,
 * then 1* and 1* of the 128 left. */
static void widths_fixed(void **state) {
  (void)state;
  q_table_col given[3] = {{.fixed_pt = 72}, {.star = 1}, {.star = 1}};
  q_sp min[] = {PT(10), PT(10), PT(10)}, max[] = {PT(10), PT(10), PT(10)}, out[3];
  assert_true(q_table_widths(3, min, max, given, PT(200), out));
  assert_int_equal(out[0], PT(72));
  assert_int_equal(out[1], PT(64));
  assert_int_equal(out[2], PT(64));
}

/* The fixture read into the model: the tree holds (q_doc_check), the
 * tables are numbered in order (informal ones not), and the schedule's
 * cells sit where their spans put them. */
static void fixture_model(void **state) {
  (void)state;
  q_diag d;
  q_diag_init(&d, stderr);
  q_doc *doc = q_read_bundle("tests/fixtures/tables/bundle.xml", &d);
  assert_non_null(doc);
  assert_int_equal(q_doc_check(doc, &d), 0);
  const q_node *tables[8] = {0};
  size_t n = 0;
  for (const q_node *b = doc->root->first->first; b; b = b->next)
    if (b->kind == Q_TABLE && n < 8)
      tables[n++] = b;
  assert_int_equal(n, 5);
  assert_int_equal(tables[0]->u.table.number, 1);
  assert_int_equal(tables[0]->u.table.cols, 5);
  assert_int_equal(tables[0]->u.table.head_rows, 1);
  assert_int_equal(tables[1]->u.table.number, 0);
  assert_int_equal(tables[3]->u.table.number, 2);
  assert_int_equal(tables[4]->u.table.number, 3);
  /* The schedule: row 1 is "One" (2 rows), "Reading aloud" (c2-c3), "Quiz";
   * row 2 starts in column 1; row 3's "Field trip" spans c2-c4. */
  const q_node *r1 = tables[1]->first->next, *r2 = r1->next, *r3 = r2->next;
  assert_int_equal(r1->first->u.cell.rowspan, 2);
  assert_int_equal(r1->first->next->u.cell.col, 1);
  assert_int_equal(r1->first->next->u.cell.colspan, 2);
  assert_int_equal(r1->last->u.cell.col, 3);
  assert_int_equal(r2->first->u.cell.col, 1);
  assert_int_equal(r3->last->u.cell.col, 1);
  assert_int_equal(r3->last->u.cell.colspan, 3);
  /* The HTML model: th scope="row", a rowspan, a colspan over both. */
  const q_node *h = tables[3];
  assert_int_equal(h->u.table.cols, 2);
  const q_node *body1 = h->first->next->next;
  assert_true(body1->first->u.cell.header);
  assert_true(body1->first->u.cell.scope_row);
  q_doc_drop(doc);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(grid_in_order),     cmocka_unit_test(grid_spans),
      cmocka_unit_test(grid_overlap),      cmocka_unit_test(grid_grows),
      cmocka_unit_test(widths_at_maximum), cmocka_unit_test(widths_in_proportion),
      cmocka_unit_test(widths_too_wide),   cmocka_unit_test(widths_proportional),
      cmocka_unit_test(widths_fixed),      cmocka_unit_test(fixture_model),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
