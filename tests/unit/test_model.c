/* The document model read from sources/: every paragraph of the article, in
 * order, exactly as written (white space aside); the tree's invariants; the
 * language spans and the restored inline code. Run from the repo root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "base/diag.h"
#include "model/doc.h"
#include "read/bundle.h"

#define ARTICLE "tests/fixtures/the-code-beyond-the-code.txt" /* the article as published, plain text */

static q_doc *doc;

static int setup(void **state) {
  (void)state;
  q_diag d;
  q_diag_init(&d, stderr);
  doc = q_read_bundle("sources/bundle.xml", &d);
  return doc && d.errors == 0 && d.warnings == 0 ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  q_doc_drop(doc);
  return 0;
}

/* s without any white space, for comparing text across line breaks. */
static char *squeeze(const char *s, size_t n) {
  char *o = malloc(n + 1);
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (!strchr(" \t\r\n", s[i]))
      o[k++] = s[i];
  o[k] = '\0';
  return o;
}

static bool starts(const char *s, const char *p) { return strncmp(s, p, strlen(p)) == 0; }

/* The article's paragraphs: lines that are not headings or field labels, with
 * run-in labels and list dashes taken off, and the two lines the text broke
 * in the middle of a sentence joined again. */
static size_t article_paragraphs(char ***out) {
  FILE *f = fopen(ARTICLE, "rb");
  assert_non_null(f);
  char line[8192];
  char **paras = NULL;
  size_t n = 0;
  q_buf carry;
  q_buf_init(&carry);
  bool first = true;
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\r\n")] = '\0';
    if (first) { /* the article's title */
      first = false;
      continue;
    }
    if (!*line)
      continue;
    const char *t = line;
    if ((t[0] >= '1' && t[0] <= '9' && t[1] == '.' && t[2] == ' ') || starts(t, "Title: ") ||
        strcmp(t, "Key Features:") == 0 || strcmp(t, "The Hidden Knowledge:") == 0 ||
        strcmp(t, "How to Get It for Free:") == 0 || strcmp(t, "Your New Reality") == 0)
      continue;
    if (starts(t, "- "))
      t += 2;
    if (starts(t, "The Hidden Knowledge: "))
      t += strlen("The Hidden Knowledge: ");
    if (starts(t, "How to Get It: "))
      t += strlen("How to Get It: ");
    q_buf_puts(&carry, t);
    size_t len = strlen(t);
    char last = len ? t[len - 1] : '.';
    if (!strchr(".!?:”’)", last) && !(len >= 3 && (unsigned char)t[len - 1] >= 0x80))
      continue; /* the sentence goes on on the next line */
    paras = realloc(paras, (n + 1) * sizeof *paras);
    paras[n++] = squeeze(carry.data, carry.len);
    q_buf_clear(&carry);
  }
  fclose(f);
  q_buf_drop(&carry);
  *out = paras;
  return n;
}

static void test_every_paragraph_in_order(void **state) {
  (void)state;
  char **want;
  size_t nwant = article_paragraphs(&want);
  assert_true(nwant >= 30);
  size_t k = 0;
  q_iter it;
  q_iter_start(&it, doc->root);
  for (q_event ev; (ev = q_iter_next(&it)) != Q_EV_DONE;) {
    if (ev != Q_EV_ENTER || it.node->kind != Q_PARA)
      continue;
    char *text = q_node_plain_text(&doc->arena, it.node);
    char *got = squeeze(text, strlen(text));
    if (k >= nwant)
      fail_msg("the model has more paragraphs than the article (%zu): %s", nwant, text);
    if (strcmp(got, want[k]) != 0)
      fail_msg("paragraph %zu differs:\n model:   %s\n article: %s", k + 1, got, want[k]);
    free(got);
    k++;
  }
  assert_int_equal(k, nwant);
  for (size_t i = 0; i < nwant; i++)
    free(want[i]);
  free(want);
}

static void test_tree_invariants(void **state) {
  (void)state;
  q_diag d;
  q_diag_init(&d, stderr);
  assert_int_equal(q_doc_check(doc, &d), 0);
}

static void test_metadata_and_parts(void **state) {
  (void)state;
  assert_string_equal(doc->meta.title, "The Code Beyond the Code");
  assert_string_equal(doc->meta.lang, "en");
  assert_non_null(doc->meta.identifier);
  assert_non_null(doc->meta.date);
  size_t parts = 0, notes = 0;
  for (q_node *p = doc->root->first; p; p = p->next) {
    assert_int_equal(p->kind, Q_PART);
    assert_non_null(q_node_title(p));
    parts++;
    if (p->u.part.number)
      assert_int_equal(p->u.part.number, ++notes);
  }
  assert_int_equal(parts, 7);
  assert_int_equal(notes, 5);
  /* Positions point into the part files. */
  q_node *last = doc->root->last;
  assert_non_null(strstr(last->u.part.path, "sources/"));
  assert_true(last->pos.line >= 1 && last->pos.col >= 1);
}

/* Text under every node of kind `kind` with language `lang`, joined by '|'. */
static char *collect(q_kind kind, const char *lang) {
  q_buf b;
  q_buf_init(&b);
  q_iter it;
  q_iter_start(&it, doc->root);
  for (q_event ev; (ev = q_iter_next(&it)) != Q_EV_DONE;) {
    if (ev != Q_EV_ENTER || it.node->kind != kind)
      continue;
    if (lang && (!it.node->lang || strcmp(it.node->lang, lang) != 0))
      continue;
    q_buf_puts(&b, q_node_plain_text(&doc->arena, it.node));
    q_buf_putc(&b, '|');
  }
  return q_buf_take(&b, NULL);
}

static void test_foreign_words_marked(void **state) {
  (void)state;
  char *s;
  assert_string_equal(s = collect(Q_FOREIGN, "gu"), "હાથe|");
  free(s);
  assert_string_equal(s = collect(Q_FOREIGN, "pt"), "decisões|");
  free(s);
  assert_string_equal(s = collect(Q_FOREIGN, "ko"), "외부|웹|");
  free(s);
  assert_string_equal(s = collect(Q_FOREIGN, "hi"), "सिंगल|");
  free(s);
}

static void test_inline_code_restored(void **state) {
  (void)state;
  char *s = collect(Q_CODE, NULL);
  assert_non_null(strstr(s, "|for|"));
  assert_non_null(strstr(s, "__getitem__|"));
  assert_non_null(strstr(s, "async|await|"));
  free(s);
}

static void test_biblio(void **state) {
  (void)state;
  char *s = collect(Q_BIBLIO_AUTHORS, NULL);
  assert_string_equal(s, "Harry Percival and Bob Gregory|Micha Gorelick & Ian Ozsvald|"
                         "Caleb Hattingh|Luciano Ramalho|Anthony Shaw|");
  free(s);
}

static void test_iterator_enter_exit_balance(void **state) {
  (void)state;
  long depth = 0, max = 0;
  q_iter it;
  q_iter_start(&it, doc->root);
  for (q_event ev; (ev = q_iter_next(&it)) != Q_EV_DONE;) {
    if (ev == Q_EV_ENTER && it.node->kind != Q_TEXT)
      depth++;
    else if (ev == Q_EV_EXIT)
      depth--;
    assert_true(depth >= 0);
    if (depth > max)
      max = depth;
  }
  assert_int_equal(depth, 0);
  assert_true(max >= 4);
}

/* Which addresses a link may have: the rule both readers and q_doc_check
 * apply (issue 17, defect 6). */
static void test_link_addresses(void **state) {
  (void)state;
  const char *ok[] = {"http://a.example/", "HTTPS://a.example/x?y=z#w", "mailto:a@b.example",
                      "tel:+1-555-0100", "Tel:0", "notes/x.xhtml#id", "a/../b.html", "#id",
                      "?q=a:b", "./c"};
  const char *refused[] = {"javascript:alert(1)", "JavaScript:x", "data:text/html,x",
                           "file:///etc/passwd", "vbscript:x", "x-custom:y", "java\tscript:x",
                           "java\nscript:x", " javascript:x", "http://a.example/ ",
                           "//evil.example/",
                           "/etc/passwd", "../up.html", "a/../../up.html", "a\\b", "c:x"};
  for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
    if (q_link_href_problem(ok[i]))
      fail_msg("'%s' refused: %s", ok[i], q_link_href_problem(ok[i]));
  for (size_t i = 0; i < sizeof refused / sizeof *refused; i++)
    if (!q_link_href_problem(refused[i]))
      fail_msg("'%s' accepted", refused[i]);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_every_paragraph_in_order),
      cmocka_unit_test(test_tree_invariants),
      cmocka_unit_test(test_metadata_and_parts),
      cmocka_unit_test(test_foreign_words_marked),
      cmocka_unit_test(test_inline_code_restored),
      cmocka_unit_test(test_biblio),
      cmocka_unit_test(test_iterator_enter_exit_balance),
      cmocka_unit_test(test_link_addresses),
  };
  return cmocka_run_group_tests_name("model", tests, setup, teardown);
}
