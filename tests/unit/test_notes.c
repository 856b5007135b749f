/* The page builder with footnotes, on vertical lists made by hand: lines
 * of fixed metrics (10pt apart, ascent 8pt, descent 2pt), each carrying a
 * named destination that says which line it is ("b3": body line 3, "n1.2":
 * line 2 of note 1), so that a test reads each page as the list of lines
 * it holds. Checks TeX's rules for insertions: a note goes on the page of
 * its mark; a line with a mark never goes to a page without room for the
 * first two lines of its note; a note too long for its page is split and
 * continued at the next page's foot, before that page's own notes; notes
 * left after the text get pages of their own; and each page's part of a
 * note is whole in the structure. The last tests lay out the notes fixture
 * (tests/fixtures/notes) with fake metrics (fake_text.h) on its small page:
 * each mark's link and its note's destination on one page, and every
 * "on page N" the label of the target's page. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/mem.h"
#include "model/doc.h"
#include "model/style.h"
#include "read/bundle.h"
#include "typeset/check.h"
#include "typeset/layout.h"
#include "typeset/vlist.h"

#include "fake_text.h"

#define PT(x) Q_PT(x)

static q_arena names;

static void line(q_vlist *vl, const char *name, bool tagged) {
  q_op *op = q_vlist_op(vl);
  op->kind = Q_OP_DEST;
  op->u.dest.name = q_arena_strdup(&names, name);
  if (tagged) {
    q_op *b = q_vlist_op(vl);
    b->kind = Q_OP_TAG_BEGIN;
    b->u.tag.name = "P";
  }
  q_vlist_box(vl, PT(10), PT(8), PT(2), 0);
  if (tagged) {
    q_vlist_op(vl)->kind = Q_OP_TAG_END;
    q_vlist_attach(vl);
  }
}

/* n body lines with a break allowed between any two. */
static void body(q_vlist *vl, int from, int n) {
  for (int i = from; i < from + n; i++) {
    if (vl->n)
      q_vlist_penalty(vl, 0);
    char name[16];
    snprintf(name, sizeof name, "b%d", i);
    line(vl, name, false);
  }
}

/* Note k of `lines` lines, tagged Note > P, attached to the last box. */
static void note(q_vlist *vl, int k, int lines) {
  q_vlist nl;
  q_vlist_init(&nl);
  q_op *t = q_vlist_op(&nl);
  t->kind = Q_OP_TAG_BEGIN;
  t->u.tag.name = "Note";
  for (int j = 1; j <= lines; j++) {
    char name[16];
    snprintf(name, sizeof name, "n%d.%d", k, j);
    line(&nl, name, false);
  }
  q_vlist_op(&nl)->kind = Q_OP_TAG_END;
  q_vlist_attach(&nl);
  q_vlist_note(vl, vl->n - 1, &nl);
}

static q_layout *paginate(q_vlist *vl, q_sp height) {
  q_layout *l = q_zalloc(1, sizeof *l);
  q_arena_init(&l->arena);
  vl->note_gap = PT(2);
  vl->note_skip = PT(10);
  vl->note_rule = PT(50);
  q_vlist_paginate(vl, l, 0, 0, height, PT(8));
  q_vlist_drop(vl);
  return l;
}

/* Page i's lines as "b1 b2 | n1.1" (body, then notes after the rule). */
static const char *page(const q_layout *l, size_t i) {
  static char buf[512];
  buf[0] = '\0';
  const q_sheet *p = &l->pages[i];
  for (size_t k = 0; k < p->nops; k++) {
    const q_op *op = &p->ops[k];
    if (op->kind == Q_OP_RULE)
      strcat(buf, buf[0] ? " |" : "|");
    if (op->kind == Q_OP_DEST) {
      if (buf[0])
        strcat(buf, " ");
      strcat(buf, op->u.dest.name);
    }
  }
  return buf;
}

/* Tags balance on every page, and every note line's baseline is below the
 * body's last and within the page. */
static void check_pages(const q_layout *l, q_sp height) {
  for (size_t i = 0; i < l->npages; i++) {
    const q_sheet *p = &l->pages[i];
    int depth = 0;
    q_sp body_bottom = 0;
    bool notes = false;
    for (size_t k = 0; k < p->nops; k++) {
      const q_op *op = &p->ops[k];
      if (op->kind == Q_OP_TAG_BEGIN)
        depth++;
      if (op->kind == Q_OP_TAG_END)
        depth--;
      assert_true(depth >= 0);
      if (op->kind == Q_OP_RULE) {
        notes = true;
        assert_true(op->y > body_bottom);
      }
      if (op->kind == Q_OP_DEST) {
        assert_true(op->y + PT(2) <= height);
        if (!notes)
          body_bottom = op->y + PT(2);
        else
          assert_true(op->y > body_bottom);
      }
    }
    assert_int_equal(depth, 0);
  }
}

static q_layout *run(q_vlist *vl, q_sp height) {
  q_layout *l = paginate(vl, height);
  check_pages(l, height);
  return l;
}

static void drop(q_layout *l) {
  for (size_t i = 0; i < l->npages; i++)
    free(l->pages[i].ops);
  free(l->pages);
  q_arena_drop(&l->arena);
  free(l);
}

static void test_without_notes(void **state) {
  (void)state;
  q_vlist vl;
  q_vlist_init(&vl);
  body(&vl, 1, 12);
  q_layout *l = run(&vl, PT(100)); /* ten lines a page */
  assert_int_equal(l->npages, 2);
  assert_string_equal(page(l, 0), "b1 b2 b3 b4 b5 b6 b7 b8 b9 b10");
  assert_string_equal(page(l, 1), "b11 b12");
  drop(l);
}

static void test_note_on_the_page_of_its_mark(void **state) {
  (void)state;
  q_vlist vl;
  q_vlist_init(&vl);
  body(&vl, 1, 3);
  note(&vl, 1, 2);
  body(&vl, 4, 9);
  q_layout *l = run(&vl, PT(100));
  /* The note and its skip take three lines' room: seven lines stay. */
  assert_string_equal(page(l, 0), "b1 b2 b3 b4 b5 b6 b7 | n1.1 n1.2");
  assert_string_equal(page(l, 1), "b8 b9 b10 b11 b12");
  /* The notes sit at the page's foot: the last line's foot on its bottom. */
  const q_sheet *p = &l->pages[0];
  q_sp last = 0;
  for (size_t k = 0; k < p->nops; k++)
    if (p->ops[k].kind == Q_OP_DEST)
      last = p->ops[k].y;
  assert_int_equal(last + PT(2), PT(100));
  drop(l);
}

static void test_long_note_splits(void **state) {
  (void)state;
  q_vlist vl;
  q_vlist_init(&vl);
  body(&vl, 1, 2);
  note(&vl, 1, 14);
  body(&vl, 3, 4);
  q_layout *l = run(&vl, PT(100));
  /* Page 1: the mark's line and the lines that leave room for the note's
   * first two lines; the note runs down to the foot and on to page 2. */
  const char *p1 = page(l, 0);
  assert_non_null(strstr(p1, "b2 "));
  assert_non_null(strstr(p1, "| n1.1 n1.2"));
  assert_null(strstr(p1, "n1.14"));
  /* As in TeX, the text goes on filling the page once the note is split
   * (it needs only its first two lines there); the rest of the note
   * follows at the next page's foot, here a page of notes only. */
  assert_string_equal(page(l, 0), "b1 b2 b3 b4 b5 b6 | n1.1 n1.2 n1.3");
  assert_string_equal(page(l, 1), "| n1.4 n1.5 n1.6 n1.7 n1.8 n1.9 n1.10 n1.11 n1.12");
  assert_string_equal(page(l, 2), "| n1.13 n1.14");
  /* No note line is lost or doubled. */
  char all[1024] = "";
  for (size_t i = 0; i < l->npages; i++) {
    strcat(all, page(l, i));
    strcat(all, " ");
  }
  for (int j = 1; j <= 14; j++) {
    char name[16];
    snprintf(name, sizeof name, "n1.%d ", j);
    const char *at = strstr(all, name);
    assert_non_null(at);
    assert_null(strstr(at + 1, name));
  }
  drop(l);
}

static void test_mark_needs_two_lines_of_room(void **state) {
  (void)state;
  q_vlist vl;
  q_vlist_init(&vl);
  body(&vl, 1, 8);
  note(&vl, 1, 3); /* on b8: after b8, 20pt are left, the skip takes 10 */
  body(&vl, 9, 2);
  q_layout *l = run(&vl, PT(100));
  /* b8 would leave room for one note line only: it goes to page 2. */
  assert_string_equal(page(l, 0), "b1 b2 b3 b4 b5 b6 b7");
  assert_string_equal(page(l, 1), "b8 b9 b10 | n1.1 n1.2 n1.3");
  drop(l);
}

static void test_carried_note_comes_first(void **state) {
  (void)state;
  q_vlist vl;
  q_vlist_init(&vl);
  body(&vl, 1, 1);
  note(&vl, 1, 12);
  body(&vl, 2, 1);
  note(&vl, 2, 1);
  body(&vl, 3, 6);
  q_layout *l = run(&vl, PT(100));
  const char *p2 = page(l, 1);
  /* Page 2's notes: the rest of note 1, then note 2. */
  const char *rest = strstr(p2, "n1.12");
  const char *second = strstr(p2, "n2.1");
  if (second) {
    assert_non_null(rest);
    assert_true(rest < second);
  }
  drop(l);
}

static void test_notes_after_the_text(void **state) {
  (void)state;
  q_vlist vl;
  q_vlist_init(&vl);
  body(&vl, 1, 1);
  note(&vl, 1, 25);
  q_layout *l = run(&vl, PT(100));
  assert_true(l->npages >= 3);
  assert_string_equal(page(l, 0), "b1 | n1.1 n1.2 n1.3 n1.4 n1.5 n1.6 n1.7 n1.8");
  assert_non_null(strstr(page(l, l->npages - 1), "n1.25"));
  drop(l);
}

static void test_continued_note_is_its_own_element(void **state) {
  (void)state;
  q_vlist vl;
  q_vlist_init(&vl);
  body(&vl, 1, 1);
  note(&vl, 1, 12);
  body(&vl, 2, 3);
  q_layout *l = run(&vl, PT(100)); /* check_pages: tags balance per page */
  int notes = 0;
  for (size_t i = 0; i < l->npages; i++)
    for (size_t k = 0; k < l->pages[i].nops; k++)
      if (l->pages[i].ops[k].kind == Q_OP_TAG_BEGIN &&
          strcmp(l->pages[i].ops[k].u.tag.name, "Note") == 0)
        notes++;
  assert_int_equal(notes, 2);
  drop(l);
}

/* ---- the whole typesetter, fake metrics ---------------------------------- */

static q_layout *layout_fixture(q_doc **docp, q_arena *a) {
  q_diag d;
  q_diag_init(&d, stderr);
  *docp = q_read_bundle("tests/fixtures/notes/bundle.xml", &d);
  assert_non_null(*docp);
  q_style *st = q_style_load(a, "tests/fixtures/notes/small.css", &d);
  assert_non_null(st);
  q_layout_env env = {*docp, st, &fake_shaper, NULL, &fake_breaker, q_break_params_tex(), &d, NULL, NULL};
  env.params.tolerance = 10000;
  q_layout *l = q_layout_run(&env);
  assert_int_equal(q_layout_check(l, FAKE_NFONTS, (q_pos){NULL, 0, 0}, &d), 0);
  assert_int_equal(l->overfull, 0);
  return l;
}

static size_t page_of_dest(const q_layout *l, const char *name) {
  for (size_t i = 0; i < l->npages; i++)
    for (size_t k = 0; k < l->pages[i].nops; k++)
      if (l->pages[i].ops[k].kind == Q_OP_DEST && strcmp(l->pages[i].ops[k].u.dest.name, name) == 0)
        return i;
  return SIZE_MAX;
}

static void test_fixture_marks_and_notes_share_a_page(void **state) {
  (void)state;
  q_doc *d;
  q_arena a;
  q_arena_init(&a);
  q_layout *l = layout_fixture(&d, &a);
  const char *seen[16];
  size_t marks = 0, repeats = 0;
  for (size_t i = 0; i < l->npages; i++)
    for (size_t k = 0; k < l->pages[i].nops; k++) {
      const q_op *op = &l->pages[i].ops[k];
      if (op->kind != Q_OP_TAG_BEGIN || !op->u.tag.dest || strncmp(op->u.tag.dest, "fn-", 3) != 0)
        continue;
      bool again = false;
      for (size_t j = 0; j < marks; j++)
        again = again || strcmp(seen[j], op->u.tag.dest) == 0;
      if (again) { /* a footnoteref's repeat: its note is with the first mark */
        repeats++;
        continue;
      }
      assert_true(marks < 16);
      seen[marks++] = op->u.tag.dest;
      assert_int_equal(page_of_dest(l, op->u.tag.dest), i);
    }
  assert_int_equal(marks, 6);
  assert_int_equal(repeats, 1);
  q_layout_drop(l);
  q_doc_drop(d);
  q_arena_drop(&a);
}

static void test_fixture_page_references(void **state) {
  (void)state;
  q_doc *d;
  q_arena a;
  q_arena_init(&a);
  q_layout *l = layout_fixture(&d, &a);
  size_t refs = 0;
  for (size_t i = 0; i < l->npages; i++)
    for (size_t k = 0; k < l->pages[i].nops; k++) {
      const q_op *op = &l->pages[i].ops[k];
      if (op->kind != Q_OP_GLYPHS)
        continue;
      const char *at = NULL;
      for (size_t j = 0; j + 8 <= op->u.glyphs.len; j++)
        if (memcmp(op->u.glyphs.text + j, "on page ", 8) == 0)
          at = op->u.glyphs.text + j + 8;
      if (!at)
        continue;
      /* The link around it names the target; find the innermost open one. */
      const char *target = NULL;
      for (size_t b = k; b-- > 0;)
        if (l->pages[i].ops[b].kind == Q_OP_TAG_BEGIN && l->pages[i].ops[b].u.tag.dest) {
          target = l->pages[i].ops[b].u.tag.dest;
          break;
        }
      assert_non_null(target);
      size_t tp = page_of_dest(l, target);
      assert_true(tp != SIZE_MAX);
      size_t n = strlen(l->pages[tp].label);
      assert_memory_equal(at, l->pages[tp].label, n);
      refs++;
    }
  assert_true(refs >= 6);
  q_layout_drop(l);
  q_doc_drop(d);
  q_arena_drop(&a);
}

static int setup(void **state) {
  (void)state;
  q_arena_init(&names);
  return 0;
}

static int teardown(void **state) {
  (void)state;
  q_arena_drop(&names);
  return 0;
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_without_notes),
      cmocka_unit_test(test_note_on_the_page_of_its_mark),
      cmocka_unit_test(test_long_note_splits),
      cmocka_unit_test(test_mark_needs_two_lines_of_room),
      cmocka_unit_test(test_carried_note_comes_first),
      cmocka_unit_test(test_notes_after_the_text),
      cmocka_unit_test(test_continued_note_is_its_own_element),
      cmocka_unit_test(test_fixture_marks_and_notes_share_a_page),
      cmocka_unit_test(test_fixture_page_references),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
