/* The data behind DocBook's inlines and metadata, without fonts or files:
 * the quotation marks of each language (outer, inner, alternating deeper;
 * a tag found by its longest known prefix), a personal name's parts joined
 * in its language's order, the title page's credit lines, and the inline
 * table (each name found back, each selector its name with a dot). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/arena.h"
#include "base/buf.h"
#include "model/inline.h"
#include "model/names.h"
#include "model/quotes.h"
#include "model/style.h"

static void expect_pair(const char *lang, unsigned depth, const char *open, const char *close) {
  const char *o, *c;
  q_quotes_pair(lang, depth, &o, &c);
  assert_string_equal(o, open);
  assert_string_equal(c, close);
}

static void test_quote_marks(void **state) {
  (void)state;
  expect_pair("en", 0, "“", "”");
  expect_pair("en", 1, "‘", "’");
  expect_pair("en", 2, "“", "”"); /* alternating */
  expect_pair("en-GB", 0, "“", "”");
  expect_pair("fr", 0, "«\xE2\x80\xAF", "\xE2\x80\xAF»"); /* narrow no-break spaces */
  expect_pair("fr-CA", 1, "“", "”");
  expect_pair("de", 0, "„", "“");
  expect_pair("de", 1, "‚", "‘");
  expect_pair("de-CH", 0, "«", "»");
  expect_pair("es", 0, "«", "»");
  expect_pair("pt", 0, "«", "»");
  expect_pair("pt-BR", 0, "“", "”");
  expect_pair("sv", 0, "”", "”");
  expect_pair("da", 0, "»", "«");
  expect_pair("nb", 0, "«", "»");
  expect_pair("pl", 0, "„", "”");
  expect_pair("cs", 0, "„", "“");
  expect_pair("ru", 0, "«", "»");
  expect_pair("ru", 1, "„", "“");
  expect_pair("ja", 0, "「", "」");
  expect_pair("ja", 1, "『", "』");
  expect_pair("zh", 0, "“", "”");
  expect_pair("zh-Hant", 0, "「", "」");
  expect_pair("zh-Hant-TW", 0, "「", "」");
  expect_pair("ZH-hant", 0, "「", "」"); /* tags ignore case */
  expect_pair("ko", 0, "“", "”");
  expect_pair("hi", 0, "“", "”");
  /* An unknown language, no language, and a prefix that is no subtag. */
  expect_pair("tlh", 0, "“", "”");
  expect_pair(NULL, 0, "“", "”");
  expect_pair("dab", 0, "“", "”"); /* not "da" */
}

static void test_quote_table(void **state) {
  (void)state;
  unsigned n;
  const q_quote_marks *t = q_quotes_table(&n);
  assert_true(n >= 20);
  for (unsigned i = 0; i < n; i++) {
    assert_true(*t[i].open && *t[i].close && *t[i].open2 && *t[i].close2);
    for (unsigned j = i + 1; j < n; j++)
      assert_string_not_equal(t[i].lang, t[j].lang);
  }
}

static void expect_name(const q_name_parts *p, const char *lang, const char *want) {
  q_arena a;
  q_arena_init(&a);
  char *got = q_name_join(&a, p, lang);
  if (want)
    assert_string_equal(got, want);
  else
    assert_null(got);
  q_arena_drop(&a);
}

static void test_name_order(void **state) {
  (void)state;
  q_name_parts full = {"Dr.", "Ada", "King", "Lovelace", "Jr."};
  expect_name(&full, "en", "Dr. Ada King Lovelace Jr.");
  expect_name(&full, "hu", "Dr. Lovelace Ada King Jr.");
  q_name_parts taro = {NULL, "Taro", NULL, "Yamada", NULL};
  expect_name(&taro, "ja", "Yamada Taro");
  expect_name(&taro, "en", "Taro Yamada");
  q_name_parts kanji = {NULL, "太郎", NULL, "山田", NULL};
  expect_name(&kanji, "ja", "山田太郎"); /* no space between Han parts */
  q_name_parts ko = {NULL, "민준", NULL, "김", NULL};
  expect_name(&ko, "ko", "김민준");
  q_name_parts zh = {NULL, "Zedong", NULL, "Mao", NULL};
  expect_name(&zh, "zh-Hans", "Mao Zedong");
  q_name_parts vi = {NULL, "Văn An", NULL, "Nguyễn", NULL};
  expect_name(&vi, "vi", "Nguyễn Văn An");
  q_name_parts only = {NULL, NULL, NULL, "Plato", NULL};
  expect_name(&only, "el", "Plato");
  q_name_parts none = {NULL, "", NULL, NULL, NULL};
  expect_name(&none, "en", NULL);
  assert_true(q_name_family_first("ja-JP"));
  assert_false(q_name_family_first("fr"));
  assert_false(q_name_family_first(NULL));
}

static void test_credit_lines(void **state) {
  (void)state;
  q_credit credits[] = {{"A", "edt", "Edited by", NULL},
                        {"T", "trl", "Translated by", NULL},
                        {"B", "edt", "Edited by", "Org"},
                        {"C", "edt", "Edited by", NULL}};
  q_meta m = {0};
  m.credits = credits;
  m.ncredits = 4;
  q_buf b;
  q_buf_init(&b);
  assert_true(q_credits_line(&m, 0, &b));
  assert_string_equal(b.data, "Edited by A, B (Org) and C");
  b.len = 0;
  assert_true(q_credits_line(&m, 1, &b));
  assert_string_equal(b.data, "Translated by T");
  b.len = 0;
  assert_false(q_credits_line(&m, 2, &b));
  assert_int_equal(b.len, 0);
  q_buf_drop(&b);
}

static void test_inline_table(void **state) {
  (void)state;
  for (unsigned k = 0; k < Q_INLINE_COUNT; k++) {
    const q_inline_info *info = q_inline_info_of((q_inline)k);
    assert_non_null(info->name);
    assert_true(info->selector[0] == '.' && strcmp(info->selector + 1, info->name) == 0);
    q_inline back;
    if (k == Q_IN_UNDERLINE || k == Q_IN_STRIKETHROUGH) {
      assert_false(q_inline_by_name(info->name, &back)); /* emphasis roles, not elements */
    } else {
      assert_true(q_inline_by_name(info->name, &back));
      assert_int_equal(back, k);
    }
  }
  assert_string_equal(q_inline_info_of(Q_IN_FILENAME)->pdf_tag, "Code");
  assert_string_equal(q_inline_info_of(Q_IN_QUOTE)->pdf_tag, "Quote");
  assert_string_equal(q_inline_info_of(Q_IN_ACRONYM)->xhtml, "abbr");
  assert_int_equal(q_inline_info_of(Q_IN_SUPERSCRIPT)->shift, 1);
  assert_int_equal(q_inline_info_of(Q_IN_SUBSCRIPT)->shift, -1);
  q_inline none;
  assert_false(q_inline_by_name("para", &none));
}

/* Themes: each inline's class is a selector with its default face, and
 * section.ROLE selects the sections of a role; a bare unknown class is
 * still an error. */
static void test_theme_selectors(void **state) {
  (void)state;
  q_arena a;
  q_arena_init(&a);
  q_diag d;
  q_diag_init(&d, NULL);
  const char *css = ".filename { color: #112233 }\n"
                    "section.key-features, section.how_to-2 { color: #445566; margin-left: 2em }\n"
                    "section.key-features { font-style: italic }\n";
  q_style *s = q_style_parse(&a, "t.css", css, strlen(css), &d);
  assert_non_null(s);
  q_computed body = q_style_compute(s, Q_SEL_BODY, NULL);
  q_computed fn = q_style_compute(s, (q_sel)(Q_SEL_INLINE + Q_IN_FILENAME), &body);
  assert_int_equal(fn.color, 0x112233);
  assert_int_equal(fn.font_family, Q_FONT_MONO); /* the default stays */
  q_computed rep = q_style_compute(s, (q_sel)(Q_SEL_INLINE + Q_IN_REPLACEABLE), &body);
  assert_true(rep.italic);
  q_computed sup = q_style_compute(s, (q_sel)(Q_SEL_INLINE + Q_IN_SUPERSCRIPT), &body);
  assert_true(sup.font_size_pt < body.font_size_pt);
  assert_int_equal(s->nroles, 2);
  const q_rule *kf = q_style_role(s, "key-features");
  assert_non_null(kf);
  q_computed in = q_style_compute_rule(kf, &body);
  assert_int_equal(in.color, 0x445566);
  assert_true(in.italic);
  assert_true(in.margin_left_pt > 0);
  assert_non_null(q_style_role(s, "how_to-2"));
  assert_null(q_style_role(s, "other"));
  assert_null(q_style_role(s, NULL));
  unsigned before = d.errors;
  assert_null(q_style_parse(&a, "t.css", ".key-features { color: red }", 27, &d));
  assert_true(d.errors > before);
  q_arena_drop(&a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_quote_marks),  cmocka_unit_test(test_quote_table),
      cmocka_unit_test(test_name_order),   cmocka_unit_test(test_credit_lines),
      cmocka_unit_test(test_inline_table), cmocka_unit_test(test_theme_selectors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
