/* Tests for the imposition plan (typeset/impose.h): where each reading page
 * goes on the sheets, worked out by hand for small booklets and checked for
 * every size up to 64 pages by folding the plan: reading a folded stack of
 * sheets from the front must give the pages in order, then the blanks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "typeset/impose.h"
#include "typeset/items.h"

enum { B = Q_IMPOSE_BLANK };

static void eight_pages(void **state) {
  (void)state;
  q_imposition *im = q_imposition_new(Q_IMPOSE_BOOKLET, 8, Q_PT(100), Q_PT(200), NULL, 0, false);
  /* Sheet 1: 8|1 front, 2|7 back; sheet 2: 6|3, 4|5 (0-based below). */
  static const long want[4][2] = {{7, 0}, {1, 6}, {5, 2}, {3, 4}};
  assert_int_equal(im->nsides, 4);
  assert_int_equal(im->nsheets, 2);
  for (size_t k = 0; k < 4; k++) {
    assert_int_equal(im->sides[k].left, want[k][0]);
    assert_int_equal(im->sides[k].right, want[k][1]);
    assert_int_equal(im->sides[k].back, k % 2 == 1);
  }
  assert_int_equal(im->sheet_w, Q_PT(200)); /* unnamed paper: exactly two pages */
  assert_int_equal(im->sheet_h, Q_PT(200));
  q_imposition_drop(im);
}

static void six_pages_pad_at_the_end(void **state) {
  (void)state;
  q_imposition *im = q_imposition_new(Q_IMPOSE_BOOKLET, 6, Q_PT(100), Q_PT(200), NULL, 0, false);
  /* Padded to 8: positions 6 and 7 blank, so the back cover and its inside. */
  static const long want[4][2] = {{B, 0}, {1, B}, {5, 2}, {3, 4}};
  for (size_t k = 0; k < 4; k++) {
    assert_int_equal(im->sides[k].left, want[k][0]);
    assert_int_equal(im->sides[k].right, want[k][1]);
  }
  q_imposition_drop(im);
}

/* Fold the plan: the reading order of the folded stack. */
static void folds_in_order(void **state) {
  (void)state;
  for (size_t n = 1; n <= 64; n++) {
    q_imposition *im = q_imposition_new(Q_IMPOSE_BOOKLET, n, Q_PT(100), Q_PT(200), NULL, 0, false);
    long order[80];
    size_t m = 0, s = im->nsheets;
    assert_int_equal(s, (n + 3) / 4);
    for (size_t k = 0; k < s; k++) {
      order[m++] = im->sides[2 * k].right;
      order[m++] = im->sides[2 * k + 1].left;
    }
    for (size_t k = s; k-- > 0;) {
      order[m++] = im->sides[2 * k + 1].right;
      order[m++] = im->sides[2 * k].left;
    }
    for (size_t i = 0; i < m; i++)
      assert_int_equal(order[i], i < n ? (long)i : B);
    q_imposition_drop(im);
  }
}

static void two_up_in_reading_order(void **state) {
  (void)state;
  q_imposition *im = q_imposition_new(Q_IMPOSE_2UP, 5, Q_PT(100), Q_PT(200), NULL, Q_PT(1), false);
  assert_int_equal(im->nsides, 3);
  assert_int_equal(im->sides[0].left, 0);
  assert_int_equal(im->sides[0].right, 1);
  assert_int_equal(im->sides[2].left, 4);
  assert_int_equal(im->sides[2].right, B);
  assert_int_equal(im->creep, 0); /* creep is the booklet's only */
  q_imposition_drop(im);
}

static void named_papers_and_creep(void **state) {
  (void)state;
  q_sp a5w = Q_PT(148.0 * 72.0 / 25.4), a5h = Q_PT(210.0 * 72.0 / 25.4);
  q_imposition *im = q_imposition_new(Q_IMPOSE_BOOKLET, 12, a5w, a5h, "A5", Q_PT(1), true);
  assert_int_equal(im->sheet_w, Q_PT(297.0 * 72.0 / 25.4)); /* A4 landscape */
  assert_int_equal(im->sheet_h, a5h);
  /* Sheet 3 (k = 2) moves 2 pt towards the fold on both halves. */
  q_sp lx, rx, y;
  q_imposition_place(im, &im->sides[4], false, &lx, &y);
  q_imposition_place(im, &im->sides[4], true, &rx, &y);
  assert_int_equal(lx, im->sheet_w / 2 - a5w + Q_PT(2));
  assert_int_equal(rx, im->sheet_w / 2 - Q_PT(2));
  assert_int_equal(y, 0);
  q_imposition_drop(im);
  im = q_imposition_new(Q_IMPOSE_BOOKLET, 4, Q_PT(396), Q_PT(612), "half-letter", 0, false);
  assert_int_equal(im->sheet_w, Q_PT(792));
  assert_int_equal(im->sheet_h, Q_PT(612));
  q_imposition_drop(im);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(eight_pages),
      cmocka_unit_test(six_pages_pad_at_the_end),
      cmocka_unit_test(folds_in_order),
      cmocka_unit_test(two_up_in_reading_order),
      cmocka_unit_test(named_papers_and_creep),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
