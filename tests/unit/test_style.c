/* Tests for the style model: parsing a theme, its messages, and the computed
 * styles both outputs read. Messages are captured through open_memstream and
 * compared as whole text, position included. Run from the repository root
 * (the default theme is read as styles/default.css). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/arena.h"
#include "base/diag.h"
#include "model/style.h"

#define MM(x) ((x) * 72.0 / 25.4)
#define EPS 1e-6

/* cmocka's assert_float_equal compares as float; sizes here are doubles. */
static void near(double got, double want, double eps, const char *expr, int line) {
  if (!(fabs(got - want) <= eps))
    fail_msg("line %d: %s is %.9g, want %.9g", line, expr, got, want);
}
#define assert_near(got, want, eps) near((got), (want), (eps), #got, __LINE__)

/* One parse with its arena and captured messages. */
typedef struct run {
  q_arena arena;
  q_diag diag;
  FILE *out;
  char *text; /* the messages, after run_messages */
  size_t size;
  q_style *style;
} run;

static void run_open(run *r) {
  memset(r, 0, sizeof *r);
  q_arena_init(&r->arena);
  r->out = open_memstream(&r->text, &r->size);
  assert_non_null(r->out);
  q_diag_init(&r->diag, r->out);
}

static void run_close(run *r) {
  fclose(r->out);
  free(r->text);
  q_arena_drop(&r->arena);
}

static const char *run_messages(run *r) {
  fflush(r->out);
  return r->text ? r->text : "";
}

/* Parses css as "t.css" from a buffer of exactly its length. */
static q_style *run_parse(run *r, const char *css) {
  size_t len = strlen(css);
  char *copy = malloc(len ? len : 1);
  assert_non_null(copy);
  memcpy(copy, css, len);
  r->style = q_style_parse(&r->arena, "t.css", copy, len, &r->diag);
  free(copy);
  return r->style;
}

/* Parses css that must be clean: no messages, a style. */
static q_style *parse_ok(run *r, const char *css) {
  run_open(r);
  q_style *s = run_parse(r, css);
  assert_string_equal(run_messages(r), "");
  assert_non_null(s);
  return s;
}

/* Parses css and expects exactly these messages (and so a NULL style when
 * there are any). */
static void expect_messages(const char *css, const char *messages) {
  run r;
  run_open(&r);
  q_style *s = run_parse(&r, css);
  assert_string_equal(run_messages(&r), messages);
  if (messages[0])
    assert_null(s);
  else
    assert_non_null(s);
  run_close(&r);
}

static void expect_one_error(const char *css, const char *message) {
  run r;
  run_open(&r);
  assert_null(run_parse(&r, css));
  assert_string_equal(run_messages(&r), message);
  assert_int_equal(r.diag.errors, 1);
  run_close(&r);
}

/* ---- the shipped theme -------------------------------------------------- */

static void default_theme_parses_cleanly(void **state) {
  (void)state;
  run r;
  run_open(&r);
  q_style *s = q_style_load(&r.arena, "styles/default.css", &r.diag);
  assert_int_equal(r.diag.errors, 0);
  assert_int_equal(r.diag.warnings, 0);
  assert_string_equal(s->page.size_name, "A4");
  assert_near(s->page.margin_left_pt, MM(25.0), EPS);

  q_computed body = q_style_compute(s, Q_SEL_BODY, NULL);
  assert_near(body.font_size_pt, 10.0, EPS);
  assert_near(body.line_height_pt, 13.5, EPS);
  assert_int_equal(body.text_align, Q_ALIGN_JUSTIFY);
  assert_true(body.hyphens);
  q_computed p = q_style_compute(s, Q_SEL_P, NULL);
  assert_near(p.text_indent_pt, 12.0, EPS);
  assert_near(p.margin_top_pt, 0.0, EPS);
  q_computed code = q_style_compute(s, Q_SEL_CODE, &p);
  assert_int_equal(code.font_family, Q_FONT_MONO);
  assert_near(code.font_size_pt, 9.0, EPS);
  q_computed a = q_style_compute(s, Q_SEL_A, &p);
  assert_int_equal(a.color, 0x1a4d80);
  q_computed anecdote = q_style_compute(s, Q_SEL_ANECDOTE, NULL);
  assert_true(anecdote.italic);
  assert_near(anecdote.margin_left_pt, 15.0, EPS);
  run_close(&r);
}

/* Reads the default theme's text, for tests that add to it. */
static char *default_theme_text(void) {
  FILE *f = fopen("styles/default.css", "rb");
  assert_non_null(f);
  char *text = calloc(1, 1 << 16);
  assert_non_null(text);
  size_t n = fread(text, 1, (1 << 16) - 1, f);
  assert_true(n > 0 && n < (1 << 16) - 1);
  fclose(f);
  return text;
}

static void body_size_flows_into_blocks_and_headings(void **state) {
  (void)state;
  char *text = default_theme_text();
  strcat(text, "\nbody { font-size: 12pt }\n");
  run r;
  q_style *s = parse_ok(&r, text);

  q_computed p = q_style_compute(s, Q_SEL_P, NULL);
  assert_near(p.font_size_pt, 12.0, EPS);
  assert_near(p.line_height_pt, 12.0 * 1.35, EPS);
  assert_near(p.text_indent_pt, 12.0 * 1.2, EPS);
  /* The headings are in em, so they scale with the body. */
  q_computed h1 = q_style_compute(s, Q_SEL_H1, NULL);
  assert_near(h1.font_size_pt, 12.0 * 1.8, EPS);
  assert_near(h1.line_height_pt, 12.0 * 1.8 * 1.2, EPS);
  assert_near(h1.margin_top_pt, 12.0 * 1.8 * 1.5, EPS);
  assert_true(h1.bold);
  assert_int_equal(h1.font_family, Q_FONT_HEADING);
  q_computed h3 = q_style_compute(s, Q_SEL_H3, NULL);
  assert_near(h3.font_size_pt, 12.0 * 1.1, EPS);
  run_close(&r);
  free(text);
}

/* ---- defaults ----------------------------------------------------------- */

static void empty_theme_gives_defaults(void **state) {
  (void)state;
  run r;
  q_style *s = parse_ok(&r, "");
  q_style d;
  q_style_defaults(&d);
  assert_memory_equal(&s->page, &d.page, sizeof d.page);
  assert_near(s->page.width_pt, 595.2756, 1e-4);
  assert_near(s->page.height_pt, 841.8898, 1e-4);
  assert_near(s->page.margin_top_pt, MM(25.0), EPS);

  q_computed body = q_style_compute(s, Q_SEL_BODY, NULL);
  assert_int_equal(body.font_family, Q_FONT_BODY);
  assert_near(body.font_size_pt, 10.0, EPS);
  assert_near(body.line_height_pt, 13.5, EPS);
  assert_int_equal(body.color, 0x000000);
  assert_int_equal(body.text_align, Q_ALIGN_JUSTIFY);
  assert_true(body.hyphens);
  const double sizes[] = {18.0, 13.0, 11.0};
  for (int k = 0; k < 3; k++) {
    q_computed h = q_style_compute(s, (q_sel)(Q_SEL_H1 + k), NULL);
    assert_int_equal(h.font_family, Q_FONT_HEADING);
    assert_true(h.bold);
    assert_near(h.font_size_pt, sizes[k], EPS);
    assert_true(h.margin_top_pt > h.margin_bottom_pt);
  }
  assert_near(q_style_compute(s, Q_SEL_P, NULL).text_indent_pt, 0.0, EPS);
  assert_int_equal(q_style_compute(s, Q_SEL_CODE, NULL).font_family, Q_FONT_MONO);
  run_close(&r);
}

static void names_and_units(void **state) {
  (void)state;
  assert_string_equal(q_sel_name(Q_SEL_BODY), "body");
  assert_string_equal(q_sel_name(Q_SEL_BIBLIO), ".biblio");
  assert_string_equal(q_sel_name(Q_SEL_CITE), "cite");
  assert_near(q_unit_pt(Q_UNIT_PX), 0.75, EPS);
  assert_near(q_unit_pt(Q_UNIT_IN), 72.0, EPS);
  assert_near(q_unit_pt(Q_UNIT_CM), MM(10.0), EPS);
  assert_near(q_unit_pt(Q_UNIT_EM), 0.0, EPS);
  assert_near(q_unit_pt(Q_UNIT_NONE), 0.0, EPS);
}

/* ---- values ------------------------------------------------------------- */

static void values_are_read(void **state) {
  (void)state;
  run r;
  run_open(&r);
  q_style *s = run_parse(&r,
                         "p {\n"
                         "  font-family: \"mono\"; font-size: 16px; font-weight: 700;\n"
                         "  font-style: italic; line-height: 2em; color: #1A3;\n"
                         "  margin: 1pt 2mm 3cm; text-indent: 0; text-align: end;\n"
                         "  hyphens: manual\n"
                         "}\n");
  assert_string_equal(run_messages(&r), "");
  assert_non_null(s);
  const q_rule *p = &s->rules[Q_SEL_P];
  assert_int_equal(p->font_family, Q_FONT_MONO);
  assert_int_equal(p->font_size.unit, Q_UNIT_PX);
  assert_true(p->bold && p->italic);
  assert_int_equal(p->color, 0x11aa33);
  assert_int_equal(p->margin_left.unit, Q_UNIT_MM);
  assert_near(p->margin_bottom.value, 3.0, EPS);
  assert_int_equal(p->text_align, Q_ALIGN_END);
  assert_false(p->hyphens);
  assert_int_equal(p->pos.line, 1);
  assert_int_equal(p->pos.col, 1);

  q_computed c = q_style_compute(s, Q_SEL_P, NULL);
  assert_near(c.font_size_pt, 12.0, EPS);
  assert_near(c.line_height_pt, 24.0, EPS);
  assert_near(c.margin_top_pt, 1.0, EPS);
  assert_near(c.margin_right_pt, MM(2.0), EPS);
  assert_near(c.margin_bottom_pt, MM(30.0), EPS);
  assert_near(c.margin_left_pt, MM(2.0), EPS);
  run_close(&r);
}

static void later_declarations_win(void **state) {
  (void)state;
  run r;
  q_style *s = parse_ok(&r, "p { margin: 1pt; margin-top: 5pt }\n"
                             "p { color: white; color: #000 }\n"
                             "h2, h3 { color: black }\n");
  q_computed p = q_style_compute(s, Q_SEL_P, NULL);
  assert_near(p.margin_top_pt, 5.0, EPS);
  assert_near(p.margin_left_pt, 1.0, EPS);
  assert_int_equal(p.color, 0);
  assert_true(s->rules[Q_SEL_H2].set & Q_P_COLOR);
  assert_true(s->rules[Q_SEL_H3].set & Q_P_COLOR);
  assert_int_equal(s->rules[Q_SEL_H3].pos.col, 5);
  run_close(&r);
}

static void semicolon_before_brace_is_optional(void **state) {
  (void)state;
  expect_messages("p { color: #000 }\nh1 { font-size: 2em; color: #fff }", "");
  expect_messages("p{color:#000;;}/*x*/a{}", "");
}

/* ---- inheritance -------------------------------------------------------- */

static void color_and_line_height_inherit(void **state) {
  (void)state;
  run r;
  q_style *s = parse_ok(&r, "body { color: #336699; line-height: 1.5; margin: 3pt }\n"
                             "h1 { font-size: 2em }\n"
                             "blockquote { margin-left: 2em; text-indent: 1em }\n"
                             "code { font-size: 0.5em }\n");
  q_computed h1 = q_style_compute(s, Q_SEL_H1, NULL);
  assert_int_equal(h1.color, 0x336699);
  /* A number inherits as a number: 1.5 times h1's own 20pt. */
  assert_near(h1.font_size_pt, 20.0, EPS);
  assert_near(h1.line_height_pt, 30.0, EPS);
  /* Margins and text-indent do not inherit. */
  assert_near(h1.margin_left_pt, 0.0, EPS);
  q_computed quote = q_style_compute(s, Q_SEL_BLOCKQUOTE, NULL);
  assert_near(quote.margin_left_pt, 20.0, EPS);
  assert_near(quote.text_indent_pt, 10.0, EPS);
  q_computed p = q_style_compute(s, Q_SEL_P, &quote);
  assert_near(p.margin_left_pt, 0.0, EPS);
  assert_near(p.text_indent_pt, 0.0, EPS);
  assert_int_equal(p.color, 0x336699);
  /* Inlines inherit from the block they sit in: em of h1's 20pt. */
  q_computed code = q_style_compute(s, Q_SEL_CODE, &h1);
  assert_near(code.font_size_pt, 10.0, EPS);
  assert_near(code.line_height_pt, 15.0, EPS);
  assert_int_equal(code.color, 0x336699);
  assert_true(code.bold);
  run_close(&r);
}

static void length_line_height_inherits_as_length(void **state) {
  (void)state;
  run r;
  q_style *s = parse_ok(&r, "body { line-height: 14pt }\nh1 { font-size: 20pt }\n"
                             "h2 { line-height: 1.2em; font-size: 10pt }\n");
  assert_near(q_style_compute(s, Q_SEL_H1, NULL).line_height_pt, 14.0, EPS);
  assert_near(q_style_compute(s, Q_SEL_H2, NULL).line_height_pt, 12.0, EPS);
  q_computed li_parent = q_style_compute(s, Q_SEL_UL, NULL);
  assert_near(q_style_compute(s, Q_SEL_LI, &li_parent).line_height_pt, 14.0, EPS);
  run_close(&r);
}

/* ---- @page -------------------------------------------------------------- */

static void page_sizes(void **state) {
  (void)state;
  static const struct {
    const char *css, *name;
    double w, h;
  } cases[] = {
      {"@page { size: A4 }", "A4", 595.2756, 841.8898},
      {"@page { size: a5 }", "A5", 419.5276, 595.2756},
      {"@page { size: letter }", "letter", 612.0, 792.0},
      {"@page { size: half-letter }", "half-letter", 396.0, 612.0},
      {"@page { size: 6in 9in }", NULL, 432.0, 648.0},
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    run r;
    run_open(&r);
    q_style *s = run_parse(&r, cases[k].css);
    assert_string_equal(run_messages(&r), "");
    assert_non_null(s);
    assert_near(s->page.width_pt, cases[k].w, 1e-4);
    assert_near(s->page.height_pt, cases[k].h, 1e-4);
    if (cases[k].name)
      assert_string_equal(s->page.size_name, cases[k].name);
    else
      assert_null(s->page.size_name);
    run_close(&r);
  }
}

static void page_margins(void **state) {
  (void)state;
  run r;
  q_style *s = parse_ok(&r, "@page { margin: 10mm 1in; margin-bottom: 0 }");
  assert_near(s->page.margin_top_pt, MM(10.0), EPS);
  assert_near(s->page.margin_right_pt, 72.0, EPS);
  assert_near(s->page.margin_bottom_pt, 0.0, EPS);
  assert_near(s->page.margin_left_pt, 72.0, EPS);
  run_close(&r);
}

/* The print edition's part breaks, contents and offprint numbers. */
static void page_part_break_and_contents(void **state) {
  (void)state;
  run r;
  q_style *s = parse_ok(&r, "");
  assert_int_equal(s->page.part_break, Q_PART_BREAK_PAGE);
  assert_int_equal(s->page.contents, Q_CONTENTS_ALWAYS);
  assert_false(s->page.offprint_book_numbers);
  run_close(&r);
  s = parse_ok(&r, "@page { part-break: recto; contents: auto; offprint-numbers: book }");
  assert_int_equal(s->page.part_break, Q_PART_BREAK_RECTO);
  assert_int_equal(s->page.contents, Q_CONTENTS_AUTO);
  assert_true(s->page.offprint_book_numbers);
  run_close(&r);
  s = parse_ok(&r, "@page { part-break: none }");
  assert_int_equal(s->page.part_break, Q_PART_BREAK_NONE);
  run_close(&r);
  expect_one_error("@page { part-break: verso }",
                   "t.css:1:21: error: bad value 'verso' for @page part-break: allowed are "
                   "page, none and recto\n");
  expect_one_error("h1 { part-break: page }", "t.css:1:6: error: 'part-break' applies only to @page\n");
}

static void em_in_page_margin(void **state) {
  (void)state;
  expect_one_error("@page {\n  margin: 2em;\n}\n",
                   "t.css:2:11: error: bad value '2em' for @page margin: em is not allowed "
                   "here (use pt, px, mm, cm or in)\n");
  expect_one_error("@page { margin-left: 1em }",
                   "t.css:1:22: error: bad value '1em' for @page margin-left: em is not "
                   "allowed here (use pt, px, mm, cm or in)\n");
}

static void bad_page_rules(void **state) {
  (void)state;
  expect_one_error("@page { size: B5 }",
                   "t.css:1:15: error: bad value 'B5' for size: expected A4, A5, letter, half-letter, or "
                   "a width and a height such as 210mm 297mm\n");
  expect_one_error("@page { font-size: 10pt }",
                   "t.css:1:9: error: 'font-size' does not apply to @page (@page takes: "
                   "size, margin, margin-top, margin-right, margin-bottom, margin-left, "
                   "part-break, contents, offprint-numbers)\n");
  expect_one_error("p { size: A4 }", "t.css:1:5: error: 'size' applies only to @page\n");
  expect_one_error("@page :first { margin: 1in }",
                   "t.css:1:7: error: expected '{' after @page (page selectors such as "
                   ":first are not supported)\n");
  expect_one_error("@media print { p { color: #000 } }\np { color: #000 }",
                   "t.css:1:1: error: unknown at-rule '@media' (a theme may use only "
                   "@import and @page)\n");
}

/* ---- errors ------------------------------------------------------------- */

static void unknown_property_with_hint(void **state) {
  (void)state;
  expect_one_error("body {\n  font-size: 10pt;\n    colour: #333;\n}\n",
                   "t.css:3:5: error: unknown style property 'colour' (did you mean "
                   "'color'?)\n");
  expect_one_error("h1 { font-wieght: bold }",
                   "t.css:1:6: error: unknown style property 'font-wieght' (did you mean "
                   "'font-weight'?)\n");
  /* Too far from every known name for a guess. */
  expect_one_error("p {\n  font-colour: red;\n}",
                   "t.css:2:3: error: unknown style property 'font-colour'\n");
}

static void unknown_selector(void **state) {
  (void)state;
  const char *list = "(a theme styles: body, h1, h2, h3, p, ul, li, blockquote, .biblio, "
                     ".anecdote, code, a, em, strong, cite, .admonition, .sidebar, .example, "
                     ".epigraph, .bridgehead, .abstract, .footnote, table, caption, th, td, "
                     "pre, .literallayout, dt, dd, figcaption, and a class per inline: .quote, .literal, ...)";
  char want[512];
  snprintf(want, sizeof want, "t.css:2:1: error: unknown selector 'div' %s\n", list);
  expect_one_error("p { margin: 0 }\ndiv { margin: 0 }\n", want);
  snprintf(want, sizeof want, "t.css:1:5: error: unknown selector 'p + p' %s\n", list);
  expect_one_error("h1, p + p { margin: 0 }", want);
  snprintf(want, sizeof want, "t.css:1:1: error: unknown selector 'ul li' %s\n", list);
  expect_one_error("ul\n  li { margin: 0 }", want);
  snprintf(want, sizeof want, "t.css:1:1: error: unknown selector '.Biblio' %s\n", list);
  expect_one_error(".Biblio { margin: 0 }", want);
  expect_messages("BODY { margin: 0 }", "");
}

static void bad_units_and_values(void **state) {
  (void)state;
  expect_one_error("p { font-size: 10qt }",
                   "t.css:1:16: error: bad value '10qt' for font-size: unknown unit 'qt' "
                   "(units: pt, px, mm, cm, in or em)\n");
  expect_one_error("p { margin-top: 12 }",
                   "t.css:1:17: error: bad value '12' for margin-top: a length needs a unit "
                   "(pt, px, mm, cm, in or em); only 0 may go without\n");
  expect_one_error("p { text-indent: -1em }",
                   "t.css:1:18: error: bad value '-1em' for text-indent: negative sizes are "
                   "not allowed\n");
  expect_one_error("p { font-weight: heavy }",
                   "t.css:1:18: error: bad value 'heavy' for font-weight: allowed are normal, "
                   "bold, 400 and 700\n");
  expect_one_error("p { color: red }",
                   "t.css:1:12: error: bad value 'red' for color: expected #rgb, #rrggbb, "
                   "black or white\n");
  expect_one_error("p { color: #12345g }",
                   "t.css:1:12: error: bad value '#12345g' for color: expected #rgb, "
                   "#rrggbb, black or white\n");
  expect_one_error("p { font-family: body, heading }",
                   "t.css:1:22: error: font-family takes one font role (body, heading or "
                   "mono), not a list\n");
  expect_one_error("p { font-family: \"Noto Serif\" }",
                   "t.css:1:18: error: bad value 'Noto Serif' for font-family: allowed are "
                   "the font roles body, heading and mono (the fonts themselves are chosen "
                   "in the font manifest)\n");
  expect_one_error("p { text-align: centre }",
                   "t.css:1:17: error: bad value 'centre' for text-align: allowed are left "
                   "(or start), justify, center and right (or end)\n");
  expect_one_error("p { margin: 1pt 2pt 3pt 4pt 5pt }",
                   "t.css:1:29: error: too many values for margin: '5pt' (it takes 1 to 4 "
                   "lengths)\n");
  expect_one_error("p { font-size: 0 }",
                   "t.css:1:16: error: bad value '0' for font-size: it must be greater than "
                   "0\n");
  expect_one_error("p { line-height: ; }",
                   "t.css:1:18: error: missing value for line-height\n");
}

static void missing_brace_at_end(void **state) {
  (void)state;
  expect_one_error("p { margin: 0 }\nh1 {\n  font-size: 2em;\n  color: #000\n",
                   "t.css:2:4: error: this '{' is never closed (missing '}')\n");
}

static void missing_brace_before_next_rule(void **state) {
  (void)state;
  /* Recovery resumes at the next rule, which is still read. */
  run r;
  run_open(&r);
  assert_null(run_parse(&r, "p { margin: 0\nh1 { color: white }\nh2 { colr: #000 }\n"));
  assert_string_equal(run_messages(&r),
                      "t.css:1:3: error: this '{' is not closed before the next rule "
                      "(missing '}')\n"
                      "t.css:3:6: error: unknown style property 'colr' (did you mean "
                      "'color'?)\n");
  run_close(&r);
}

static void missing_semicolon_between_declarations(void **state) {
  (void)state;
  expect_one_error("p {\n  margin: 0\n  color: #000;\n}",
                   "t.css:3:3: error: missing ';' before 'color'\n");
  /* The declaration after the missing ';' is still checked. */
  expect_messages("p { margin: 0 colr: #000 }",
                  "t.css:1:15: error: missing ';' before 'colr'\n"
                  "t.css:1:15: error: unknown style property 'colr' (did you mean "
                  "'color'?)\n");
}

static void several_errors_in_one_run(void **state) {
  (void)state;
  run r;
  run_open(&r);
  assert_null(run_parse(&r, "body {\n"
                            "  font-size: 10pz;\n"
                            "  colour: #000;\n"
                            "  line-height: 1.35;\n"
                            "}\n"
                            "div { margin: 0 }\n"
                            "@page { margin: 1em; size: A4 }\n"
                            "h1 { font-style: oblique }\n"));
  assert_int_equal(r.diag.errors, 5);
  assert_string_equal(run_messages(&r),
                      "t.css:2:14: error: bad value '10pz' for font-size: unknown unit 'pz' "
                      "(units: pt, px, mm, cm, in or em)\n"
                      "t.css:3:3: error: unknown style property 'colour' (did you mean "
                      "'color'?)\n"
                      "t.css:6:1: error: unknown selector 'div' (a theme styles: body, h1, "
                      "h2, h3, p, ul, li, blockquote, .biblio, .anecdote, code, a, em, "
                      "strong, cite, .admonition, .sidebar, .example, .epigraph, .bridgehead, "
                      ".abstract, .footnote, table, caption, th, td, pre, .literallayout, dt, dd, figcaption, and a class per inline: .quote, .literal, ...)\n"
                      "t.css:7:17: error: bad value '1em' for @page margin: em is not allowed "
                      "here (use pt, px, mm, cm or in)\n"
                      "t.css:8:18: error: bad value 'oblique' for font-style: allowed are "
                      "normal and italic\n");
  run_close(&r);
}

static void syntax_errors(void **state) {
  (void)state;
  expect_one_error("p { margin: 0 } }", "t.css:1:17: error: unexpected '}' outside a rule\n");
  expect_one_error("p { margin 0 }", "t.css:1:12: error: expected ':' after 'margin'\n");
  expect_one_error("/* open", "t.css:1:1: error: unterminated comment (missing '*/')\n");
  /* The string ends at its line; the block is then unclosed too. */
  expect_messages("p { font-family: \"body }",
                  "t.css:1:18: error: unterminated string (missing \")\n"
                  "t.css:1:3: error: this '{' is never closed (missing '}')\n");
}

static void columns_count_characters(void **state) {
  (void)state;
  /* "é" and "—" are 2 and 3 bytes but one column each. */
  expect_one_error("/* é — */ p { colr: #000 }",
                   "t.css:1:15: error: unknown style property 'colr' (did you mean "
                   "'color'?)\n");
  expect_one_error("\xEF\xBB\xBFp { colr: #000 }",
                   "t.css:1:5: error: unknown style property 'colr' (did you mean "
                   "'color'?)\n");
}

/* ---- robustness --------------------------------------------------------- */

/* Parses buf[0, n) with messages off: whatever the input, the result must
 * agree with the error count, and computing every selector must work. */
static void parse_quietly(const char *buf, size_t n) {
  q_arena a;
  q_arena_init(&a);
  q_diag d;
  q_diag_init(&d, NULL);
  q_style *s = q_style_parse(&a, "t.css", buf, n, &d);
  assert_true((s == NULL) == (d.errors > 0));
  for (int k = 0; s && k < Q_SEL_COUNT; k++)
    assert_true(q_style_compute(s, (q_sel)k, NULL).font_size_pt > 0.0);
  q_arena_drop(&a);
}

/* Every prefix of a theme, each in a buffer of exactly its length with no NUL
 * after it: the sanitizers catch any read past the end, and each parse must
 * either succeed quietly or fail with an error. */
static void unterminated_buffers(void **state) {
  (void)state;
  const char *css = "@page { size: 210mm 297mm; margin: 1in }\n"
                    "/* c */ h1, h2 { font-family: \"heading\"; font-size: 1.5em; "
                    "color: #abc }\n"
                    "p { margin: 0 1em; line-height: 1.35 } .biblio { hyphens: none }";
  size_t len = strlen(css);
  for (size_t n = 0; n <= len; n++) {
    char *buf = malloc(n ? n : 1);
    assert_non_null(buf);
    memcpy(buf, css, n);
    parse_quietly(buf, n);
    free(buf);
  }
}

/* Arbitrary bytes, drawn from the theme grammar's characters: no crash, no
 * hang, and a result consistent with the errors. */
static void random_input_does_not_crash(void **state) {
  (void)state;
  static const char alphabet[] = "{}:;,.@/*\"' \n\t#-0123456789ptemxhbodyacolr\xC3\xA9";
  uint32_t seed = 12345;
  for (int round = 0; round < 2000; round++) {
    char buf[96];
    size_t n = (size_t)(round % 96);
    for (size_t k = 0; k < n; k++) {
      seed = seed * 1664525u + 1013904223u;
      buf[k] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
    }
    parse_quietly(buf, n);
  }
}

/* Regression (found by fuzzing): quoting a long run of UTF-8 continuation
 * bytes overflowed the excerpt buffer. Long tokens are cut on a character
 * boundary with "...". */
static void long_tokens_are_cut_in_messages(void **state) {
  (void)state;
  char css[256] = "";
  for (int k = 0; k < 100; k++)
    strcat(css, "\xBC");
  strcat(css, " { }\np { color: ");
  for (int k = 0; k < 40; k++)
    strcat(css, "\xC3\xA9");
  strcat(css, " }");
  run r;
  run_open(&r);
  assert_null(run_parse(&r, css));
  assert_int_equal(r.diag.errors, 2);
  const char *text = run_messages(&r);
  assert_non_null(strstr(text, "t.css:1:1: error: unknown selector '...' (a theme styles:"));
  char want[128] = "t.css:2:12: error: bad value '";
  for (int k = 0; k < 30; k++)
    strcat(want, "\xC3\xA9");
  strcat(want, "...' for color");
  assert_non_null(strstr(text, want));
  run_close(&r);
}

static void missing_file(void **state) {
  (void)state;
  run r;
  run_open(&r);
  assert_null(q_style_load(&r.arena, "styles/no-such-theme.css", &r.diag));
  assert_string_equal(run_messages(&r), "styles/no-such-theme.css: error: cannot open theme: "
                                        "No such file or directory\n");
  run_close(&r);
}

/* Sizes the typesetter's 32-bit scaled points cannot hold, or that leave no
 * text block, are errors at the declaration that causes them (issue 17,
 * defect 3). */
static void sizes_outside_the_limits(void **state) {
  (void)state;
  expect_one_error("body { font-size: 100000pt; }",
                   "t.css:1:19: error: body: the font size comes to 100000pt; it must be "
                   "between 2pt and 500pt\n");
  expect_one_error("body { font-size: 0.00001pt; }",
                   "t.css:1:19: error: body: the font size comes to 1e-05pt; it must be "
                   "between 2pt and 500pt\n");
  /* An em size is judged where it ends up: 0.1em of body's 10pt. */
  expect_one_error("h1 {\n  font-size: 0.1em;\n}",
                   "t.css:2:14: error: h1: the font size comes to 1pt; it must be between 2pt "
                   "and 500pt\n");
  /* 400pt in a paragraph, but 720pt in a part's title. */
  expect_one_error("code { font-size: 40em; }",
                   "t.css:1:19: error: code in h1: the font size comes to 720pt; it must be "
                   "between 2pt and 500pt\n");
  expect_one_error("body { line-height: 0.01; }",
                   "t.css:1:21: error: body: the line height comes to 0.1pt; it must be between "
                   "1pt and 1000pt\n");
  expect_one_error("p { margin: 100000mm; }",
                   "t.css:1:13: error: p: margin-top comes to 283465pt; it must be between 0pt "
                   "and 500pt\n");
  expect_one_error("p { text-indent: 90em; }",
                   "t.css:1:18: error: p: text-indent comes to 900pt; it must be between 0pt "
                   "and 500pt\n");
  expect_one_error("@page { margin: 100000mm; }",
                   "t.css:1:17: error: the @page margins leave a text block -566334pt wide; it "
                   "must be at least 72pt\n");
  expect_one_error("@page { size: A4; margin: 140mm 20mm; }",
                   "t.css:1:27: error: the @page margins leave a text block 48.189pt tall; it "
                   "must be at least 72pt\n");
  expect_one_error("@page { size: 10mm 10mm; }",
                   "t.css:1:15: error: @page size 28.3465pt by 28.3465pt: each side must be "
                   "between 72pt and 14400pt\n");
  /* The largest and smallest a book may use are fine. */
  run r;
  parse_ok(&r, "body { font-size: 2pt; } h1 { font-size: 500pt; line-height: 1.2; } "
               "ul { margin-left: 500pt; } @page { size: 14400pt 14400pt; }");
  run_close(&r);
}

/* Sizes in em that compound through nesting stay inside the limits when
 * computed, however deep. */
static void computed_sizes_stay_inside_the_limits(void **state) {
  (void)state;
  run r;
  q_style *s = parse_ok(&r, "em { font-size: 2em; }");
  q_computed c = q_style_compute(s, Q_SEL_P, NULL);
  for (int i = 0; i < 100; i++)
    c = q_style_compute(s, Q_SEL_EM, &c);
  assert_near(c.font_size_pt, Q_STYLE_FONT_MAX_PT, EPS);
  assert_true(c.line_height_pt <= Q_STYLE_LEADING_MAX_PT);
  run_close(&r);
}


/* Writes text into dir/name. */
static void put_file(const char *dir, const char *name, const char *text) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

/* @import "NAME": the imported theme first, the importing one's rules over
 * it; a theme importing its own name gets the next folder's; the order
 * and the messages. */
static void import_cascades(void **state) {
  (void)state;
  char tmpl[] = "/tmp/quire-test-style.XXXXXX";
  const char *top = mkdtemp(tmpl);
  assert_non_null(top);
  char near_dir[256], far_dir[256];
  snprintf(near_dir, sizeof near_dir, "%s/near", top);
  snprintf(far_dir, sizeof far_dir, "%s/far", top);
  assert_int_equal(mkdir(near_dir, 0777), 0);
  assert_int_equal(mkdir(far_dir, 0777), 0);
  put_file(far_dir, "base.css", "body { font-size: 12pt; color: #112233; }\n");
  put_file(near_dir, "mine.css", "@import \"base\";\nbody { font-size: 9pt; }\n");
  /* base beside the bundle imports the data folder's base. */
  put_file(near_dir, "base.css", "@import \"base\";\nh1 { font-size: 30pt; }\n");
  q_theme_dirs dirs = {{near_dir, far_dir}, 2};

  run r;
  run_open(&r);
  q_style *s = q_style_find(&r.arena, "mine", &dirs, (q_pos){"b.xml", 0, 0}, &r.diag);
  assert_string_equal(run_messages(&r), "");
  assert_non_null(s);
  q_computed body = q_style_compute(s, Q_SEL_BODY, NULL);
  assert_near(body.font_size_pt, 9.0, EPS);   /* the importing theme wins */
  assert_int_equal(body.color, 0x112233);     /* the imported one's stays */
  assert_near(q_style_compute(s, Q_SEL_H1, &body).font_size_pt, 30.0, EPS);
  run_close(&r);

  /* Neither folder has it: one message naming both places. */
  run_open(&r);
  assert_null(q_style_find(&r.arena, "none", &dirs, (q_pos){"b.xml", 0, 0}, &r.diag));
  char want[1024];
  snprintf(want, sizeof want, "b.xml: error: no theme 'none': neither %s/none.css nor "
           "%s/none.css exists\n", near_dir, far_dir);
  assert_string_equal(run_messages(&r), want);
  run_close(&r);

  /* An import after a rule, an unknown name, a name with a folder. */
  put_file(near_dir, "late.css", "body { color: #000; }\n@import \"base\";\n");
  put_file(near_dir, "lost.css", "@import \"nowhere\";\n@import \"../x\";\n");
  run_open(&r);
  char path[512];
  snprintf(path, sizeof path, "%s/late.css", near_dir);
  assert_null(q_style_load_in(&r.arena, path, &dirs, &r.diag));
  snprintf(path, sizeof path, "%s/lost.css", near_dir);
  assert_null(q_style_load_in(&r.arena, path, &dirs, &r.diag));
  const char *text = run_messages(&r);
  assert_non_null(strstr(text, "late.css:2:1: error: @import must come before every rule\n"));
  assert_non_null(strstr(text, "lost.css:1:1: error: @import \"nowhere\": no such theme "
                               "(looked for "));
  assert_non_null(strstr(text, "lost.css:2:1: error: @import \"../x\": a theme's name is"));
  assert_int_equal(r.diag.errors, 3);
  run_close(&r);

  /* A theme parsed from memory has no folder to import from. */
  expect_one_error("@import \"default\";",
                   "t.css:1:1: error: @import \"default\": this theme is not read from a file, "
                   "so there is no folder to import from\n");
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
  assert_int_equal(system(cmd), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(import_cascades),
      cmocka_unit_test(sizes_outside_the_limits),
      cmocka_unit_test(computed_sizes_stay_inside_the_limits),
      cmocka_unit_test(default_theme_parses_cleanly),
      cmocka_unit_test(body_size_flows_into_blocks_and_headings),
      cmocka_unit_test(empty_theme_gives_defaults),
      cmocka_unit_test(names_and_units),
      cmocka_unit_test(values_are_read),
      cmocka_unit_test(later_declarations_win),
      cmocka_unit_test(semicolon_before_brace_is_optional),
      cmocka_unit_test(color_and_line_height_inherit),
      cmocka_unit_test(length_line_height_inherits_as_length),
      cmocka_unit_test(page_sizes),
      cmocka_unit_test(page_part_break_and_contents),
      cmocka_unit_test(page_margins),
      cmocka_unit_test(em_in_page_margin),
      cmocka_unit_test(bad_page_rules),
      cmocka_unit_test(unknown_property_with_hint),
      cmocka_unit_test(unknown_selector),
      cmocka_unit_test(bad_units_and_values),
      cmocka_unit_test(missing_brace_at_end),
      cmocka_unit_test(missing_brace_before_next_rule),
      cmocka_unit_test(missing_semicolon_between_declarations),
      cmocka_unit_test(several_errors_in_one_run),
      cmocka_unit_test(syntax_errors),
      cmocka_unit_test(columns_count_characters),
      cmocka_unit_test(unterminated_buffers),
      cmocka_unit_test(random_input_does_not_crash),
      cmocka_unit_test(long_tokens_are_cut_in_messages),
      cmocka_unit_test(missing_file),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
