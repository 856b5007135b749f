/* Tests for the box properties of the style model (border-width,
 * border-left-width, border-style, border-color, background-color, padding)
 * and the selectors of boxes and set-apart blocks: the values accepted,
 * what they compute to, and each error at its line and column. Also the
 * words that name a box's kind (model/box.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/diag.h"
#include "model/box.h"
#include "model/style.h"

static void near(double got, double want, const char *expr, int line) {
  if (!(fabs(got - want) <= 1e-6))
    fail_msg("line %d: %s is %.9g, want %.9g", line, expr, got, want);
}
#define assert_near(got, want) near((got), (want), #got, __LINE__)

/* Parses css as "t.css"; *messages gets what was reported (malloc'd). */
static q_style *parse(q_arena *a, const char *css, char **messages) {
  size_t size = 0;
  FILE *out = open_memstream(messages, &size);
  assert_non_null(out);
  q_diag d;
  q_diag_init(&d, out);
  q_style *s = q_style_parse(a, "t.css", css, strlen(css), &d);
  fclose(out);
  return s;
}

static void expect_messages(const char *css, const char *want) {
  q_arena a;
  q_arena_init(&a);
  char *got = NULL;
  q_style *s = parse(&a, css, &got);
  assert_string_equal(got ? got : "", want);
  if (want[0])
    assert_null(s);
  else
    assert_non_null(s);
  free(got);
  q_arena_drop(&a);
}

static void box_values_are_read_and_computed(void **state) {
  (void)state;
  q_arena a;
  q_arena_init(&a);
  char *msg = NULL;
  q_style *s = parse(&a,
                     ".admonition {\n"
                     "  border-width: 1pt 2pt 3pt 4pt;\n"
                     "  border-style: solid;\n"
                     "  border-color: #123;\n"
                     "  background-color: #f0f0f0;\n"
                     "  padding: 1em 2pt;\n"
                     "}\n"
                     ".sidebar { border-width: 0; border-left-width: 2pt; border-style: solid; }\n"
                     ".example { border-width: 1pt; }\n",
                     &msg);
  assert_string_equal(msg ? msg : "", "");
  free(msg);
  assert_non_null(s);
  q_computed body = q_style_compute(s, Q_SEL_BODY, NULL);
  q_computed c = q_style_compute(s, Q_SEL_ADMONITION, &body);
  assert_near(c.border_top_pt, 1.0);
  assert_near(c.border_right_pt, 2.0);
  assert_near(c.border_bottom_pt, 3.0);
  assert_near(c.border_left_pt, 4.0);
  assert_int_equal(c.border_color, 0x112233);
  assert_true(c.has_background);
  assert_int_equal(c.background, 0xf0f0f0);
  assert_near(c.padding_top_pt, 10.0); /* 1em of body's 10pt */
  assert_near(c.padding_right_pt, 2.0);
  assert_near(c.padding_bottom_pt, 10.0);
  assert_near(c.padding_left_pt, 2.0);
  /* A rule at the side. */
  q_computed sb = q_style_compute(s, Q_SEL_SIDEBAR, &body);
  assert_near(sb.border_top_pt, 0.0);
  assert_near(sb.border_right_pt, 0.0);
  assert_near(sb.border_left_pt, 2.0);
  assert_false(sb.has_background);
  /* As in CSS, no border without border-style: solid. */
  q_computed ex = q_style_compute(s, Q_SEL_EXAMPLE, &body);
  assert_near(ex.border_top_pt, 0.0);
  assert_near(ex.border_left_pt, 0.0);
  /* Box properties do not inherit. */
  q_computed p = q_style_compute(s, Q_SEL_P, &c);
  assert_near(p.border_left_pt, 0.0);
  assert_near(p.padding_top_pt, 0.0);
  assert_false(p.has_background);
  q_arena_drop(&a);
}

static void epigraph_alignment_and_new_selectors(void **state) {
  (void)state;
  q_arena a;
  q_arena_init(&a);
  char *msg = NULL;
  q_style *s = parse(&a,
                     ".epigraph { text-align: right; font-style: italic; margin-left: 12em; }\n"
                     ".bridgehead { font-weight: bold; }\n.abstract { font-size: 0.9em; }\n",
                     &msg);
  assert_string_equal(msg ? msg : "", "");
  free(msg);
  assert_non_null(s);
  q_computed body = q_style_compute(s, Q_SEL_BODY, NULL);
  q_computed e = q_style_compute(s, Q_SEL_EPIGRAPH, &body);
  assert_int_equal(e.text_align, Q_ALIGN_END);
  assert_true(e.italic);
  assert_near(e.margin_left_pt, 120.0);
  /* A paragraph in it inherits the alignment. */
  q_computed p = q_style_compute(s, Q_SEL_P, &e);
  assert_int_equal(p.text_align, Q_ALIGN_END);
  assert_true(q_style_compute(s, Q_SEL_BRIDGEHEAD, &body).bold);
  assert_near(q_style_compute(s, Q_SEL_ABSTRACT, &body).font_size_pt, 9.0);
  assert_string_equal(q_sel_name(Q_SEL_ADMONITION), ".admonition");
  q_arena_drop(&a);
}

static void box_errors_at_line_and_column(void **state) {
  (void)state;
  expect_messages(".admonition {\n  border-width: 11pt;\n}\n",
                  "t.css:2:17: error: bad value '11pt' for border-width: a border is at most 10pt "
                  "wide\n");
  expect_messages(".sidebar { border-left-width: 1em; }\n",
                  "t.css:1:31: error: bad value '1em' for border-left-width: em is not allowed "
                  "here (use pt, px, mm, cm or in)\n");
  expect_messages(".sidebar {\n  border-style: dotted;\n}\n",
                  "t.css:2:17: error: bad value 'dotted' for border-style: allowed are none and "
                  "solid\n");
  expect_messages(".example { border-color: red; }\n",
                  "t.css:1:26: error: bad value 'red' for border-color: expected #rgb, #rrggbb, "
                  "black or white\n");
  expect_messages(".example { background-color: #12345; }\n",
                  "t.css:1:30: error: bad value '#12345' for background-color: expected #rgb, "
                  "#rrggbb, black or white\n");
  expect_messages(".admonition { padding: 1pt 2pt 3pt 4pt 5pt; }\n",
                  "t.css:1:40: error: too many values for padding: '5pt' (it takes 1 to 4 "
                  "lengths)\n");
  expect_messages(".admonition { padding: -1pt; }\n",
                  "t.css:1:24: error: bad value '-1pt' for padding: negative sizes are not "
                  "allowed\n");
  /* Each value too wide is reported, once. */
  expect_messages(".admonition { border-width: 1pt 12pt 2pt 20pt; }\n",
                  "t.css:1:33: error: bad value '12pt' for border-width: a border is at most 10pt "
                  "wide\n"
                  "t.css:1:42: error: bad value '20pt' for border-width: a border is at most 10pt "
                  "wide\n");
  expect_messages("@page { padding: 1pt; }\n",
                  "t.css:1:9: error: 'padding' does not apply to @page (@page takes: size, "
                  "margin, margin-top, margin-right, margin-bottom, margin-left, part-break, contents, offprint-numbers)\n");
  expect_messages(".admonition { paddin: 1pt; }\n",
                  "t.css:1:15: error: unknown style property 'paddin' (did you mean "
                  "'padding'?)\n");
}

static void box_words(void **state) {
  (void)state;
  q_box_kind k;
  assert_true(q_box_kind_of("warning", &k));
  assert_int_equal(k, Q_BOX_WARNING);
  assert_string_equal(q_box_label(k), "Warning");
  assert_false(q_box_kind_of("aside", &k));
  assert_null(q_box_label(Q_BOX_SIDEBAR));
  assert_true(q_box_title_says("Warning: hot", "Warning"));
  assert_true(q_box_title_says("A last WARNING", "Warning"));
  assert_false(q_box_title_says("Forewarnings", "Warning"));
  assert_false(q_box_title_says("Notes on tea", "Note"));
  assert_int_equal(q_box_sel(Q_BOX_DANGER), Q_SEL_ADMONITION);
  assert_int_equal(q_box_sel(Q_BOX_INFORMALEXAMPLE), Q_SEL_EXAMPLE);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(box_values_are_read_and_computed),
      cmocka_unit_test(epigraph_alignment_and_new_selectors),
      cmocka_unit_test(box_errors_at_line_and_column),
      cmocka_unit_test(box_words),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
