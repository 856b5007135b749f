/* The reader's fixes: the nearest known name to a misspelling (and none
 * for a name that is merely different), the DocBook 5 forms of DocBook 4
 * names, HTML's named entities, and the schema's element names that the
 * suggestions are drawn from. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/arena.h"
#include "read/bundle.h"
#include "read/hint.h"

static const char *const names[] = {"para", "section", "emphasis", "title", "titleabbrev",
                                    "itemizedlist", "link", "code"};
enum { NNAMES = sizeof names / sizeof *names };

static void test_nearest(void **state) {
  (void)state;
  assert_string_equal(q_hint_nearest("emphsis", names, NNAMES), "emphasis");
  assert_string_equal(q_hint_nearest("sectoin", names, NNAMES), "section"); /* a swap */
  assert_string_equal(q_hint_nearest("Para", names, NNAMES), "para");
  assert_string_equal(q_hint_nearest("itemisedlist", names, NNAMES), "itemizedlist");
  assert_string_equal(q_hint_nearest("titel", names, NNAMES), "title");
  /* Too far to be a misspelling, too short to guess, or no misspelling. */
  assert_null(q_hint_nearest("paragraph", names, NNAMES));
  assert_null(q_hint_nearest("xy", names, NNAMES));
  assert_null(q_hint_nearest("para", names, NNAMES));
  assert_null(q_hint_nearest("", names, NNAMES));
}

static void test_elements(void **state) {
  (void)state;
  assert_non_null(strstr(q_hint_element("ulink"), "<link xlink:href="));
  assert_non_null(strstr(q_hint_element("articleinfo"), "<info>"));
  assert_non_null(strstr(q_hint_element("bookinfo"), "<info>"));
  assert_non_null(strstr(q_hint_element("p"), "<para>"));
  assert_null(q_hint_element("para"));
  assert_null(q_hint_element("sect1")); /* quire reads it as it is */
}

static void test_entities(void **state) {
  (void)state;
  unsigned cp = 0;
  const char *what = NULL;
  assert_true(q_hint_entity("nbsp", &cp, &what));
  assert_int_equal(cp, 0xA0);
  assert_string_equal(what, "no-break space");
  assert_true(q_hint_entity("mdash", &cp, &what));
  assert_int_equal(cp, 0x2014);
  assert_true(q_hint_entity("eacute", &cp, &what));
  assert_int_equal(cp, 0xE9);
  assert_true(q_hint_entity("Eacute", &cp, &what));
  assert_int_equal(cp, 0xC9);
  assert_false(q_hint_entity("nosuch", &cp, &what));
}

static bool has(const char **list, size_t n, const char *name) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(list[i], name) == 0)
      return true;
  return false;
}

static void test_schema_names(void **state) {
  (void)state;
  q_arena a;
  q_arena_init(&a);
  size_t n = 0;
  const char **list = q_schema_element_names(&a, &n);
  assert_true(n > 20);
  const char *want[] = {"book", "article", "info", "title", "subtitle", "titleabbrev", "section",
                        "sect1", "sect5", "simplesect", "para", "emphasis", "link", "code"};
  for (size_t i = 0; i < sizeof want / sizeof *want; i++)
    assert_true(has(list, n, want[i]));
  /* Not DocBook's: their namespaces are XInclude's and quire's. */
  assert_false(has(list, n, "include"));
  assert_false(has(list, n, "theme"));
  assert_false(has(list, n, "anecdote"));
  for (size_t i = 0; i < n; i++)
    for (size_t j = i + 1; j < n; j++)
      assert_string_not_equal(list[i], list[j]);
  q_arena_drop(&a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_nearest),
      cmocka_unit_test(test_elements),
      cmocka_unit_test(test_entities),
      cmocka_unit_test(test_schema_names),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
