/* q_layout_check: hand-made layouts, each broken in one way, give the one
 * message that names what is wrong; a sound layout gives none. The glyph
 * runs are shaped with fake metrics (fake_text.h): the check reads their
 * structure, not their looks. Run from the repo root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/diag.h"
#include "typeset/check.h"
#include "typeset/layout.h"

#include "fake_text.h"
#include "handmade.h"

static int setup(void **state) {
  (void)state;
  handmade_shaper = &fake_shaper;
  return 0;
}

/* Check l (then drop it): exactly `problems` errors, the first of whose
 * messages contains why (NULL: none expected). */
static void expect(q_layout *l, unsigned problems, const char *why) {
  char *msg = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&msg, &len);
  q_diag d;
  q_diag_init(&d, mem);
  unsigned n = q_layout_check(l, FAKE_NFONTS, (q_pos){"book.pdf", 0, 0}, &d);
  fclose(mem);
  if (n != problems || d.errors != problems || (why && !strstr(msg, why)))
    fail_msg("expected %u problem(s)%s%s, got %u:\n%s", problems, why ? " with " : "",
             why ? why : "", n, msg);
  free(msg);
  drop_layout(l);
}

/* A paragraph with one run, for a test to break. */
static q_layout *one_run(const char *s, q_op **run) {
  q_layout *l = new_layout(1);
  begin(l, 0, "P");
  text(l, 0, 72, 72, s, "en", Q_FONT_BODY, 11);
  *run = &l->pages[0].ops[l->pages[0].nops - 1];
  assert_int_equal((*run)->kind, Q_OP_GLYPHS);
  end(l, 0);
  return l;
}

static void test_sound(void **state) {
  (void)state;
  expect(sample(), 0, NULL);
  /* A layout's own Document may hold untagged text (a folio). */
  q_layout *l = new_layout(1);
  begin(l, 0, "Document");
  begin(l, 0, "P");
  span(l, 0, 72, 72, "Only page", NULL);
  end(l, 0);
  text(l, 0, 200, 600, "1", "en", Q_FONT_BODY, 9);
  end(l, 0);
  expect(l, 0, NULL);
}

static void test_unbalanced(void **state) {
  (void)state;
  q_layout *l = new_layout(1);
  begin(l, 0, "P");
  span(l, 0, 72, 72, "open", NULL);
  expect(l, 1, "book.pdf: error: internal error: element P opened on page 1 is never closed");

  l = new_layout(2);
  begin(l, 0, "P");
  end(l, 0);
  end(l, 1);
  expect(l, 1, "internal error: page 2 closes an element that is not open");

  l = new_layout(1);
  begin(l, 0, "");
  end(l, 0);
  expect(l, 1, "internal error: page 1 opens an element with no name");
}

static void test_links(void **state) {
  (void)state;
  q_layout *l = new_layout(1);
  begin(l, 0, "P");
  add_link(l, 0, 72, 72, "nowhere", NULL, "missing");
  end(l, 0);
  expect(l, 1, "internal error: a link on page 1 goes to 'missing', which is not defined");

  l = new_layout(1);
  begin(l, 0, "P");
  add_link(l, 0, 72, 72, "no target", NULL, NULL);
  end(l, 0);
  expect(l, 1, "internal error: a link on page 1 needs a uri or a dest");

  l = new_layout(1);
  begin(l, 0, "P");
  add_link(l, 0, 72, 72, "both", "https://example.org/", "here");
  dest(l, 0, 72, 72, "here");
  end(l, 0);
  expect(l, 1, "a link on page 1 needs a uri or a dest");

  l = new_layout(1);
  begin(l, 0, "P");
  q_op *o = op(l, 0, Q_OP_TAG_BEGIN);
  o->u.tag.name = "Link";
  o->u.tag.uri = "https://example.org/";
  add_link(l, 0, 72, 72, "inner", "https://example.org/inner", NULL);
  end(l, 0);
  end(l, 0);
  expect(l, 1, "internal error: a link inside a link on page 1");
}

static void test_destinations(void **state) {
  (void)state;
  q_layout *l = new_layout(2);
  dest(l, 0, 72, 72, "here");
  dest(l, 1, 72, 72, "here");
  expect(l, 1, "internal error: destination 'here' is defined twice");

  l = new_layout(1);
  dest(l, 0, 72, 72, "");
  expect(l, 1, "internal error: page 1 has a destination with no name");

  l = new_layout(1);
  dest(l, 0, 72, 72, "here");
  begin(l, 0, "P");
  span(l, 0, 72, 72, "x", NULL);
  end(l, 0);
  l->outline = q_arena_alloc(&l->arena, 2 * sizeof *l->outline);
  l->outline[0] = (q_outline_entry){"There", 1, "there"};
  l->outline[1] = (q_outline_entry){"Nowhere", 0, "here"};
  l->noutline = 2;
  expect(l, 2, "internal error: outline entry 'There' goes to 'there', which is not defined");

  l = new_layout(1);
  dest(l, 0, 72, 72, "here");
  l->outline = q_arena_alloc(&l->arena, sizeof *l->outline);
  l->outline[0] = (q_outline_entry){NULL, 1, "here"};
  l->noutline = 1;
  expect(l, 1, "internal error: outline entry 1 is incomplete");
}

/* A glyph run whose spans do not agree with its count, its text, its font
 * or its size. */
static void test_bad_runs(void **state) {
  (void)state;
  static const char *const why[] = {
      "page 1 has a glyph count that is not its spans'",
      "page 1 has a glyph cluster past the end of its text",
      "page 1 has a glyph cluster inside a UTF-8 character",
      "page 1 has glyph clusters that go backwards",
      "page 1 has a run whose text does not begin with its first glyph",
      "page 1 has a font number the font library does not have",
      "page 1 has a font size that is not positive",
      "page 1 has a run with no text or no glyph spans",
  };
  for (size_t k = 0; k < sizeof why / sizeof *why; k++) {
    q_op *run;
    q_layout *l = one_run(k == 2 ? "Runs é" : "Runs", &run);
    q_glyph_span *sp = &spans[nspans - 1]; /* the run's, in handmade.h's table */
    assert_ptr_equal(sp, run->u.glyphs.spans);
    static q_glyph g[16];
    memcpy(g, sp->g, sp->n * sizeof *g);
    sp->g = g;
    switch (k) {
    case 0: run->u.glyphs.n++; break;
    case 1: run->u.glyphs.len = 2; break;
    case 2: g[sp->n - 1].cluster++; break; /* into the é's second byte */
    case 3: g[2].cluster = g[1].cluster; g[1].cluster = g[3].cluster; break;
    case 4: sp->at = 1, run->u.glyphs.len++; break;
    case 5: run->u.glyphs.font = FAKE_NFONTS; break;
    case 6: run->u.glyphs.size = 0; break;
    case 7: run->u.glyphs.text = NULL; break;
    }
    expect(l, 1, why[k]);
  }
}

static void test_mixed_content(void **state) {
  (void)state;
  q_layout *l = new_layout(1);
  begin(l, 0, "P");
  text(l, 0, 72, 72, "loose text", "en", Q_FONT_BODY, 11);
  span(l, 0, 150, 72, "a span", NULL);
  end(l, 0);
  expect(l, 1, "internal error: element P on page 1 holds both text and elements "
               "(wrap the text in a Span)");
}

static void test_running_head_inside_a_leaf(void **state) {
  (void)state;
  q_layout *l = new_layout(1);
  begin(l, 0, "P");
  text(l, 0, 72, 40, "Head", "en", Q_FONT_BODY, 9);
  l->pages[0].ops[l->pages[0].nops - 1].u.glyphs.artifact = true;
  span(l, 0, 72, 72, "body", NULL);
  end(l, 0);
  expect(l, 1, "internal error: a running head on page 1 falls inside P");
}

static void test_page_size(void **state) {
  (void)state;
  q_layout *l = new_layout(1);
  l->height = 0;
  expect(l, 1, "internal error: the layout has no pages or no page size");
  l = new_layout(0);
  expect(l, 1, "the layout has no pages or no page size");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_sound),         cmocka_unit_test(test_unbalanced),
      cmocka_unit_test(test_links),         cmocka_unit_test(test_destinations),
      cmocka_unit_test(test_bad_runs),      cmocka_unit_test(test_mixed_content),
      cmocka_unit_test(test_running_head_inside_a_leaf), cmocka_unit_test(test_page_size),
  };
  return cmocka_run_group_tests_name("layout check", tests, setup, NULL);
}
