/* Listings and lists in the model: tab expansion to 8 columns (counted in
 * characters, carried across text nodes), list numbers in each numeration
 * (roman, alpha, their edges), and the listings fixture as the reader makes
 * it: white space kept, numbers settled (start, continuation, override);
 * and the fixture set with fake font metrics (every character half an em):
 * the layout's invariants hold, listing lines keep their leading spaces,
 * the long line wraps with its mark at the measure's edge, line numbers
 * stand left of the code, and nothing passes the measure. Run from the repo
 * root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/arena.h"
#include "base/diag.h"
#include "model/doc.h"
#include "model/listing.h"
#include "model/numeral.h"
#include "model/style.h"
#include "read/bundle.h"
#include "typeset/check.h"
#include "typeset/layout.h"

#include "fake_text.h"

static const char *expand(q_arena *a, const char *s, unsigned *col) {
  size_t len;
  return q_tabs_expand(a, s, strlen(s), col, &len);
}

static void test_tabs_expand(void **state) {
  (void)state;
  q_arena a;
  q_arena_init(&a);
  unsigned col = 0;
  assert_string_equal(expand(&a, "\tx", &col), "        x");
  assert_int_equal(col, 9);
  col = 0;
  assert_string_equal(expand(&a, "ab\tc", &col), "ab      c");
  col = 0;
  assert_string_equal(expand(&a, "1234567\tz", &col), "1234567 z");
  col = 0;
  assert_string_equal(expand(&a, "12345678\tz", &col), "12345678        z");
  col = 0;
  assert_string_equal(expand(&a, "\t\ty", &col), "                y");
  /* A line end starts the count again. */
  col = 0;
  assert_string_equal(expand(&a, "abc\n\tq", &col), "abc\n        q");
  assert_int_equal(col, 9);
  /* Columns are characters, not bytes: "é" is one. */
  col = 0;
  assert_string_equal(expand(&a, "\xC3\xA9\tz", &col), "\xC3\xA9       z");
  /* The column carries over from the text before (another text node). */
  col = 3;
  assert_string_equal(expand(&a, "\tz", &col), "     z");
  col = 0;
  assert_string_equal(expand(&a, "", &col), "");
  assert_int_equal(col, 0);
  q_arena_drop(&a);
}

static const char *num(unsigned n, q_numeration s) {
  static char buf[32];
  q_numeral_format(n, s, buf, sizeof buf);
  return buf;
}

static void test_numerals(void **state) {
  (void)state;
  assert_string_equal(num(1, Q_NUM_ARABIC), "1");
  assert_string_equal(num(42, Q_NUM_ARABIC), "42");
  assert_string_equal(num(1, Q_NUM_LOWERROMAN), "i");
  assert_string_equal(num(4, Q_NUM_LOWERROMAN), "iv");
  assert_string_equal(num(9, Q_NUM_UPPERROMAN), "IX");
  assert_string_equal(num(14, Q_NUM_UPPERROMAN), "XIV");
  assert_string_equal(num(40, Q_NUM_LOWERROMAN), "xl");
  assert_string_equal(num(90, Q_NUM_LOWERROMAN), "xc");
  assert_string_equal(num(1994, Q_NUM_UPPERROMAN), "MCMXCIV");
  assert_string_equal(num(3999, Q_NUM_UPPERROMAN), "MMMCMXCIX");
  assert_string_equal(num(4000, Q_NUM_UPPERROMAN), "4000"); /* beyond roman: arabic, as CSS */
  assert_string_equal(num(0, Q_NUM_LOWERROMAN), "0");
  assert_string_equal(num(1, Q_NUM_LOWERALPHA), "a");
  assert_string_equal(num(26, Q_NUM_LOWERALPHA), "z");
  assert_string_equal(num(27, Q_NUM_LOWERALPHA), "aa");
  assert_string_equal(num(52, Q_NUM_UPPERALPHA), "AZ");
  assert_string_equal(num(53, Q_NUM_UPPERALPHA), "BA");
  assert_string_equal(num(702, Q_NUM_LOWERALPHA), "zz");
  assert_string_equal(num(703, Q_NUM_LOWERALPHA), "aaa");
  assert_string_equal(num(0, Q_NUM_LOWERALPHA), "0");
  /* A buffer too small cuts the number short, NUL-terminated. */
  char small[3];
  assert_int_equal(q_numeral_format(1994, Q_NUM_UPPERROMAN, small, sizeof small), 2);
  assert_string_equal(small, "MC");
  q_numeration n;
  assert_true(q_numeration_parse("upperroman", &n));
  assert_int_equal(n, Q_NUM_UPPERROMAN);
  assert_false(q_numeration_parse("roman", &n));
  assert_string_equal(q_numeration_css(Q_NUM_LOWERALPHA), "lower-alpha");
}

/* The k-th child of kind in parent; a test failure when there is none. */
static const q_node *nth(const q_node *parent, q_kind kind, unsigned k) {
  static const q_node none = {0};
  unsigned want = k;
  for (const q_node *c = parent->first; c; c = c->next)
    if (c->kind == kind && k-- == 0)
      return c;
  fail_msg("no %s number %u", q_kind_name(kind), want);
  return &none;
}

static q_doc *read_fixture(void) {
  const char *dir = "build/tests/listings-fixture";
  char cmd[512];
  snprintf(cmd, sizeof cmd,
           "mkdir -p %s && cp tests/fixtures/parts/listings.xml %s/ && "
           "{ cat tests/fixtures/bundle-head.xml; echo '<xi:include href=\"listings.xml\"/></book>'; } "
           "> %s/bundle.xml",
           dir, dir, dir);
  assert_int_equal(system(cmd), 0);
  snprintf(cmd, sizeof cmd, "%s/bundle.xml", dir);
  q_diag d;
  q_diag_init(&d, stderr);
  q_doc *doc = q_read_bundle(cmd, &d);
  assert_non_null(doc);
  assert_int_equal(d.errors, 0);
  assert_int_equal(q_doc_check(doc, &d), 0);
  return doc;
}

static void test_fixture_model(void **state) {
  (void)state;
  q_doc *doc = read_fixture();
  const q_node *part = doc->root->first;
  const q_node *code = nth(part, Q_LISTING, 0);
  assert_non_null(code);
  assert_int_equal(code->u.listing.kind, Q_LISTING_PROGRAM);
  assert_string_equal(code->u.listing.language, "python");
  assert_true(code->u.listing.numbered);
  char *text = q_node_plain_text(&doc->arena, code);
  /* The line end after the start tag is gone; tabs are 8 columns. */
  assert_memory_equal(text, "def greet(name):\n", 17);
  assert_non_null(strstr(text, "\n        if name:\n                return \"hello, \" + name\n"));
  assert_null(strchr(text, '\t'));
  assert_int_equal(text[strlen(text) - 1], ')'); /* the end tag's line end dropped */
  const q_node *lit = nth(part, Q_LISTING, 3);
  assert_int_equal(lit->u.listing.kind, Q_LISTING_LITERAL);
  assert_non_null(strstr(q_node_plain_text(&doc->arena, lit), "red,\n    violets"));
  /* Lists: startingnumber, an override and the numbers after it, a
   * continuation. */
  const q_node *roman = nth(part, Q_LIST, 1);
  assert_int_equal(roman->u.list.numeration, Q_NUM_UPPERROMAN);
  assert_int_equal(roman->u.list.start, 4);
  assert_int_equal(roman->first->next->u.item.override, 9);
  const q_node *cont = nth(part, Q_LIST, 2);
  assert_int_equal(cont->u.list.start, 11);
  const q_node *alpha = nth(part, Q_LIST, 0);
  assert_int_equal(alpha->u.list.numeration, Q_NUM_LOWERALPHA);
  assert_int_equal(alpha->u.list.start, 1);
  const q_node *dash = nth(part, Q_LIST, 7);
  assert_string_equal(dash->u.list.mark, "dash");
  const q_node *vl = nth(part, Q_VARLIST, 0);
  const q_node *second = vl->first->next;
  assert_int_equal(second->first->kind, Q_TERM);
  assert_int_equal(second->first->next->kind, Q_TERM);
  assert_int_equal(second->last->kind, Q_ITEM);
  const q_node *sl = nth(part, Q_SIMPLELIST, 2);
  assert_int_equal(sl->u.simplelist.type, Q_SIMPLELIST_HORIZONTAL);
  assert_int_equal(sl->u.simplelist.columns, 3);
  q_doc_drop(doc);
}

/* The glyph run whose text begins with prefix, on any page; NULL if none. */
static const q_op *run_with(const q_layout *l, const char *prefix, size_t *page) {
  for (size_t p = 0; p < l->npages; p++)
    for (size_t i = 0; i < l->pages[p].nops; i++) {
      const q_op *op = &l->pages[p].ops[i];
      if (op->kind == Q_OP_GLYPHS && op->u.glyphs.len >= strlen(prefix) &&
          memcmp(op->u.glyphs.text, prefix, strlen(prefix)) == 0) {
        *page = p;
        return op;
      }
    }
  return NULL;
}

static q_sp run_width(const q_op *op) {
  q_sp w = 0;
  for (size_t i = 0; i < op->u.glyphs.nspans; i++) {
    const q_glyph_span *gs = &op->u.glyphs.spans[i];
    for (uint32_t g = 0; g < gs->n; g++)
      w += gs->g[g].advance;
    if (i + 1 < op->u.glyphs.nspans)
      w += gs->gap;
  }
  return w;
}

static void test_fixture_layout(void **state) {
  (void)state;
  q_doc *doc = read_fixture();
  q_arena a;
  q_arena_init(&a);
  q_diag d;
  q_diag_init(&d, stderr);
  q_style *style = q_style_load(&a, "styles/default.css", &d);
  assert_non_null(style);
  q_layout_env env = {doc, style, &fake_shaper, NULL, &fake_breaker, q_break_params_tex(), &d, NULL, NULL};
  env.params.tolerance = 10000;
  q_layout *l = q_layout_run(&env);
  assert_int_equal(q_layout_check(l, FAKE_NFONTS, (q_pos){NULL, 0, 0}, &d), 0);
  assert_int_equal(l->overfull, 0);
  q_sp left = Q_PT(style->page.margin_left_pt);
  q_sp right = Q_PT(style->page.width_pt - style->page.margin_right_pt);
  /* Every glyph run of the body stays inside the measure. */
  for (size_t p = 0; p < l->npages; p++)
    for (size_t i = 0; i < l->pages[p].nops; i++) {
      const q_op *op = &l->pages[p].ops[i];
      if (op->kind == Q_OP_GLYPHS && op->u.glyphs.n)
        assert_true(op->x + run_width(op) <= right + Q_PT(0.01));
    }
  size_t pg, pg2;
  /* Tabs became spaces: the run holds them, so the text begins at the
   * listing's edge, right of the line's number. */
  const q_op *def = run_with(l, "def ", &pg);
  const q_op *tab = run_with(l, "        if name:", &pg2);
  assert_non_null(def);
  assert_non_null(tab);
  assert_int_equal(def->x, tab->x);
  const q_op *three = run_with(l, "3", &pg2);
  assert_non_null(three);
  assert_true(three->x + run_width(three) < tab->x);
  assert_true(three->x >= left);
  /* The long line: its mark ends at the measure's edge, on the line's
   * baseline; the rest goes on below, further in. */
  const q_op *mark = run_with(l, "\xE2\x86\x92", &pg);
  assert_non_null(mark);
  assert_true(right - (mark->x + run_width(mark)) < Q_PT(0.01));
  size_t k = (size_t)(mark - l->pages[pg].ops); /* the first run below the mark's line */
  while (k < l->pages[pg].nops &&
         !(l->pages[pg].ops[k].kind == Q_OP_GLYPHS && l->pages[pg].ops[k].y > mark->y))
    k++;
  assert_true(k < l->pages[pg].nops);
  const q_op *rest = &l->pages[pg].ops[k];
  assert_non_null(memchr(rest->u.glyphs.text, '"', rest->u.glyphs.len)); /* the line's end */
  assert_true(rest->y > mark->y);
  assert_true(rest->x > def->x);
  q_layout_drop(l);
  q_arena_drop(&a);
  q_doc_drop(doc);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_tabs_expand),
      cmocka_unit_test(test_numerals),
      cmocka_unit_test(test_fixture_model),
      cmocka_unit_test(test_fixture_layout),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
