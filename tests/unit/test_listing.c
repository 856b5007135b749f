/* Listings and lists in the model: tab expansion to 8 columns (counted in
 * characters, carried across text nodes), list numbers in each numeration
 * (roman, alpha, their edges), and the listings fixture as the reader makes
 * it: white space kept, numbers settled (start, continuation, override).
 * Run from the repo root. */
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
#include "read/bundle.h"

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

static void test_fixture_model(void **state) {
  (void)state;
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

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_tabs_expand),
      cmocka_unit_test(test_numerals),
      cmocka_unit_test(test_fixture_model),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
