/* Cross-references and footnotes in the model, read from the notes
 * fixture: every xref holds its text (a note's number and title, a
 * section's title in quotes, a footnote's number, an endterm's text, an
 * xreflabel), every reference knows its target, and footnotes are numbered
 * in each part from 1. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/doc.h"
#include "model/xref.h"
#include "read/bundle.h"

static q_doc *doc;

static int setup(void **state) {
  (void)state;
  q_diag d;
  q_diag_init(&d, stderr);
  doc = q_read_bundle("tests/fixtures/notes/bundle.xml", &d);
  return doc ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  q_doc_drop(doc);
  return 0;
}

static void test_texts(void **state) {
  (void)state;
  static const char *const want[] = {
      "note 1, \u201CThe Speed Demon\u2019s Grimoire\u201D",
      "\u201CTricks of the Trade\u201D",
      "note 2",
      "The End of the Opening",
      "the labelled paragraph",
      "\u201CA Section in the Middle\u201D",
      "\u201CWhere the Notes Begin\u201D",
      "\u201CTricks of the Trade\u201D",
  };
  size_t k = 0;
  q_iter it;
  q_iter_start(&it, doc->root);
  for (q_event ev; (ev = q_iter_next(&it)) != Q_EV_DONE;) {
    if (ev != Q_EV_ENTER || it.node->kind != Q_XREF)
      continue;
    assert_non_null(it.node->u.xref.target);
    assert_true(k < sizeof want / sizeof *want);
    char *text = q_node_plain_text(&doc->arena, it.node);
    assert_string_equal(text, want[k]);
    k++;
  }
  assert_int_equal(k, sizeof want / sizeof *want);
}

static void test_footnotes(void **state) {
  (void)state;
  unsigned per_part[2] = {0, 0}, refs = 0;
  size_t p = 0;
  for (const q_node *part = doc->root->first; part; part = part->next, p++) {
    q_iter it;
    q_iter_start(&it, part);
    for (q_event ev; (ev = q_iter_next(&it)) != Q_EV_DONE;) {
      const q_node *n = it.node;
      if (ev != Q_EV_ENTER)
        continue;
      if (n->kind == Q_FOOTNOTE) {
        assert_int_equal(n->u.note.number, ++per_part[p]);
        assert_ptr_equal(q_note_of(n), n);
      } else if (n->kind == Q_FOOTNOTEREF) {
        refs++;
        assert_int_equal(q_note_of(n)->u.note.number, 2);
        assert_string_equal(q_note_of(n)->id, "long-note");
      }
    }
  }
  assert_int_equal(per_part[0], 4);
  assert_int_equal(per_part[1], 2);
  assert_int_equal(refs, 1);
}

static void test_notes_are_not_their_paragraphs_text(void **state) {
  (void)state;
  /* The paragraph's plain text leaves its notes out. */
  const q_node *para = doc->root->first->first->next; /* after the title */
  assert_int_equal(para->kind, Q_PARA);
  char *text = q_node_plain_text(&doc->arena, para);
  assert_null(strstr(text, "Bravo"));
  assert_non_null(strstr(text, "A footnote follows this sentence. The paragraph"));
}

static void test_marks(void **state) {
  (void)state;
  q_arena a;
  q_arena_init(&a);
  assert_string_equal(q_note_mark(&a, 3, false), "3");
  assert_string_equal(q_note_mark(&a, 1, true), "*");
  assert_string_equal(q_note_mark(&a, 2, true), "\u2020");
  assert_string_equal(q_note_mark(&a, 5, true), "**");
  q_arena_drop(&a);
}

static void test_invariants(void **state) {
  (void)state;
  q_diag d;
  q_diag_init(&d, stderr);
  assert_int_equal(q_doc_check(doc, &d), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_texts),
      cmocka_unit_test(test_footnotes),
      cmocka_unit_test(test_notes_are_not_their_paragraphs_text),
      cmocka_unit_test(test_marks),
      cmocka_unit_test(test_invariants),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
