/* The typesetting core with fake font metrics: every character is half an
 * em wide, a space a quarter. Checks what a reader of the handout would see:
 * each part opens a page, headings never end a page, no paragraph leaves a
 * single line at a page's foot or head, the contents point at the right
 * pages, tags balance, links have targets, and lines fill the measure. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/doc.h"
#include "model/style.h"
#include "read/bundle.h"
#include "typeset/check.h"
#include "typeset/layout.h"

#include "fake_text.h"

static fake_pool helper_pool;

/* ---- fixture ---------------------------------------------------------------- */

static q_doc *doc;
static q_arena arena;
static q_style *style;
static q_layout *layout;
static char *diagnostics;
static size_t diagnostics_len;

static q_layout *run_with(const q_style *s, const q_layout_helper *helper) {
  free(diagnostics);
  diagnostics = NULL;
  FILE *f = open_memstream(&diagnostics, &diagnostics_len);
  q_diag d;
  q_diag_init(&d, f);
  q_layout_env env = {doc, s, &fake_shaper, NULL, &fake_breaker, q_break_params_tex(), &d, helper, NULL};
  /* Fake metrics set every character half an em wide, far coarser than a
   * real font and with no hyphenation: allow any badness, but no overfull. */
  env.params.tolerance = 10000;
  q_layout *l = q_layout_run(&env);
  /* Every layout keeps the typesetter's invariants; a broken one says why
   * among the diagnostics, which the tests show. */
  if (q_layout_check(l, FAKE_NFONTS, (q_pos){NULL, 0, 0}, &d) != 0) {
    fclose(f);
    fail_msg("the layout breaks its invariants:\n%s", diagnostics);
  }
  fclose(f);
  return l;
}

static q_layout *run(const q_style *s) { return run_with(s, NULL); }

static int setup(void **state) {
  (void)state;
  q_diag d;
  q_diag_init(&d, stderr);
  doc = q_read_bundle("sources/bundle.xml", &d);
  q_arena_init(&arena);
  style = q_style_load(&arena, "styles/default.css", &d);
  if (!doc || !style)
    return -1;
  layout = run(style);
  return layout ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  q_layout_drop(layout);
  q_doc_drop(doc);
  q_arena_drop(&arena);
  free(diagnostics);
  return 0;
}

/* ---- helpers -------------------------------------------------------------- */

static size_t page_of_dest(const q_layout *l, const char *name) {
  for (size_t i = 0; i < l->npages; i++)
    for (size_t k = 0; k < l->pages[i].nops; k++)
      if (l->pages[i].ops[k].kind == Q_OP_DEST && strcmp(l->pages[i].ops[k].u.dest.name, name) == 0)
        return i;
  return SIZE_MAX;
}

/* The text of the glyph runs of page i, in drawing order. */
static char *page_text(const q_layout *l, size_t i) {
  size_t cap = 1 << 16, len = 0;
  char *s = calloc(cap, 1);
  for (size_t k = 0; k < l->pages[i].nops; k++) {
    const q_op *op = &l->pages[i].ops[k];
    if (op->kind != Q_OP_GLYPHS || len + op->u.glyphs.len + 2 >= cap)
      continue;
    memcpy(s + len, op->u.glyphs.text, op->u.glyphs.len);
    len += op->u.glyphs.len;
    s[len++] = ' ';
  }
  return s;
}

/* The default theme on other paper (points), with side margins of margin. */
static q_style with_paper(double width, double height, double margin) {
  q_style s = *style;
  s.page.width_pt = width;
  s.page.height_pt = height;
  s.page.margin_left_pt = s.page.margin_right_pt = margin;
  return s;
}

/* ---- tests ---------------------------------------------------------------- */

static void test_pages_and_labels(void **state) {
  (void)state;
  assert_true(layout->npages >= 9);
  assert_string_equal(layout->pages[0].label, "i");
  assert_string_equal(layout->pages[1].label, "ii");
  size_t first_body = page_of_dest(layout, "opening");
  assert_int_not_equal(first_body, SIZE_MAX);
  assert_string_equal(layout->pages[first_body].label, "1");
  if (diagnostics_len)
    fprintf(stderr, "%s", diagnostics);
  assert_int_equal(layout->overfull, 0);
  assert_int_equal(diagnostics_len, 0);
}

static void test_each_part_opens_a_page(void **state) {
  (void)state;
  size_t prev = 0;
  for (const q_node *part = doc->root->first; part; part = part->next) {
    size_t p = page_of_dest(layout, part->id);
    assert_int_not_equal(p, SIZE_MAX);
    assert_true(p > prev);
    prev = p;
    /* The destination is the first thing on its page. */
    assert_int_equal(layout->pages[p].ops[0].kind, Q_OP_DEST);
    assert_null(layout->pages[p].part); /* an opening page: no running head */
  }
}

static void test_tags_balance_and_links_resolve(void **state) {
  (void)state;
  long depth = 0;
  for (size_t i = 0; i < layout->npages; i++)
    for (size_t k = 0; k < layout->pages[i].nops; k++) {
      const q_op *op = &layout->pages[i].ops[k];
      if (op->kind == Q_OP_TAG_BEGIN) {
        depth++;
        if (op->u.tag.dest)
          assert_int_not_equal(page_of_dest(layout, op->u.tag.dest), SIZE_MAX);
      } else if (op->kind == Q_OP_TAG_END) {
        depth--;
        assert_true(depth >= 0);
      }
    }
  assert_int_equal(depth, 0);
}

static void test_contents_point_at_the_parts(void **state) {
  (void)state;
  size_t contents = page_of_dest(layout, "contents");
  assert_int_equal(contents, 1);
  char *text = page_text(layout, contents);
  /* Each entry ends with the label of the page its part starts on. */
  for (const q_node *part = doc->root->first; part; part = part->next) {
    const char *label = layout->pages[page_of_dest(layout, part->id)].label;
    char want[64];
    snprintf(want, sizeof want, " %s ", label);
    assert_non_null(strstr(text, want));
  }
  assert_non_null(strstr(text, "1. The Architect’s Blueprint"));
  free(text);
}

static void test_no_page_ends_with_a_heading(void **state) {
  (void)state;
  for (size_t i = 0; i < layout->npages; i++) {
    const q_sheet *p = &layout->pages[i];
    const char *last_block = NULL;
    long depth = 0;
    for (size_t k = 0; k < p->nops; k++) {
      const q_op *op = &p->ops[k];
      if (op->kind == Q_OP_TAG_BEGIN && depth++ >= 0 && op->u.tag.name[0] != 'S' &&
          strcmp(op->u.tag.name, "Link") != 0)
        last_block = op->u.tag.name;
      else if (op->kind == Q_OP_TAG_END)
        depth--;
    }
    if (last_block && i + 1 < layout->npages)
      assert_false(last_block[0] == 'H' && last_block[1] >= '1' && last_block[1] <= '3');
  }
}

/* A4 and A5 give different page counts from one theme change. */
static void test_paper_size_from_the_theme(void **state) {
  (void)state;
  q_style a5 = with_paper(419.5276, 595.2756, 42.52);
  q_layout *l = run(&a5);
  assert_non_null(l);
  assert_true(l->npages > layout->npages);
  assert_int_equal(l->width, Q_PT(419.5276));
  assert_int_equal(l->overfull, 0);
  q_layout_drop(l);
}

/* Justified lines fill the measure: the last glyph of a full line ends at
 * the right margin (within rounding). */
static void test_justified_lines_fill_the_measure(void **state) {
  (void)state;
  q_sp left = Q_PT(style->page.margin_left_pt);
  q_sp right = Q_PT(style->page.width_pt - style->page.margin_right_pt);
  size_t p = page_of_dest(layout, "clean-architecture");
  size_t flush = 0;
  const q_sheet *pg = &layout->pages[p];
  for (size_t k = 0; k + 1 < pg->nops; k++) {
    const q_op *op = &pg->ops[k];
    if (op->kind != Q_OP_GLYPHS || op->x < left)
      continue;
    q_sp end = op->x + q_op_width(op);
    if (llabs((long long)end - right) <= 2)
      flush++;
  }
  assert_true(flush >= 10);
}

/* Every body page knows where in the model its text begins: the first
 * word drawn on the page (past the running head) is the anchor's text. */
static void test_page_anchors(void **state) {
  (void)state;
  size_t body = 0;
  for (size_t i = 0; i < layout->npages; i++) {
    const q_sheet *p = &layout->pages[i];
    if (p->kind != Q_SHEET_BODY) {
      assert_null(p->anchor);
      continue;
    }
    body++;
    assert_non_null(p->anchor);
    assert_int_equal(p->anchor->kind, Q_TEXT);
    assert_true(p->anchor_offset < p->anchor->u.text.len);
    /* The first glyph run of the body, past a note's number ("1. "), which
     * the typesetter adds and the model does not hold. */
    const q_op *first = NULL;
    for (size_t k = 0; k < p->nops && !first; k++) {
      const q_op *op = &p->ops[k];
      if (op->kind != Q_OP_GLYPHS || op->u.glyphs.artifact)
        continue;
      bool number = op->u.glyphs.len >= 2 && op->u.glyphs.text[0] >= '1' &&
                    op->u.glyphs.text[0] <= '9' && op->u.glyphs.text[1] == '.';
      if (!number)
        first = op;
    }
    if (!first) {
      fail_msg("page %s has no body text", p->label);
      return;
    }
    const char *want = p->anchor->u.text.text + p->anchor_offset;
    size_t n = first->u.glyphs.len;
    if (strncmp(first->u.glyphs.text, want, n) != 0)
      fail_msg("page %s begins with '%.*s' but its anchor is at '%.20s'", p->label, (int)n,
               first->u.glyphs.text, want);
  }
  assert_true(body >= 7);
}

/* On narrow pages a paragraph runs on to the next page, and the next page's
 * anchor falls inside the paragraph, not at its start. */
static void test_anchor_inside_a_paragraph(void **state) {
  (void)state;
  q_style a6 = with_paper(297.64, 419.53, 36);
  q_layout *l = run(&a6);
  assert_non_null(l);
  size_t inside = 0;
  for (size_t i = 0; i < l->npages; i++)
    if (l->pages[i].anchor && l->pages[i].anchor_offset > 0)
      inside++;
  assert_true(inside >= 3);
  q_layout_drop(l);
}

/* A long book's later parts set on a helper thread (forced here on the
 * article) give the same pages, operation for operation, as one thread. */
static void test_two_threads_same_pages(void **state) {
  (void)state;
  static q_shaper helper_shaper = {&helper_pool, fake_shape, fake_space, fake_vmetrics};
  char *said = NULL;
  size_t said_len = 0;
  FILE *f = open_memstream(&said, &said_len);
  q_diag hd;
  q_diag_init(&hd, f);
  q_layout_helper helper = {&helper_shaper, NULL, &fake_breaker, &hd, 1};
  q_layout *two = run_with(style, &helper);
  fclose(f);
  free(said);
  assert_non_null(two);
  assert_int_equal(two->npages, layout->npages);
  assert_int_equal(two->noutline, layout->noutline);
  assert_int_equal(two->overfull, layout->overfull);
  size_t texts = 0;
  for (size_t p = 0; p < layout->npages; p++) {
    const q_sheet *a = &layout->pages[p], *b = &two->pages[p];
    assert_int_equal(a->nops, b->nops);
    assert_string_equal(a->label, b->label);
    for (size_t k = 0; k < a->nops; k++) {
      const q_op *x = &a->ops[k], *y = &b->ops[k];
      assert_int_equal(x->kind, y->kind);
      assert_int_equal(x->x, y->x);
      assert_int_equal(x->y, y->y);
      if (x->kind == Q_OP_GLYPHS) {
        assert_int_equal(x->u.glyphs.len, y->u.glyphs.len);
        assert_memory_equal(x->u.glyphs.text, y->u.glyphs.text, x->u.glyphs.len);
        assert_int_equal(x->u.glyphs.n, y->u.glyphs.n);
        texts++;
      } else if (x->kind == Q_OP_TAG_BEGIN) {
        assert_string_equal(x->u.tag.name, y->u.tag.name);
      }
    }
  }
  assert_true(texts > 100);
  assert_true(helper_pool.used > 0); /* the helper did set some parts */
  for (size_t k = 0; k < layout->noutline; k++)
    assert_string_equal(layout->outline[k].title, two->outline[k].title);
  q_layout_drop(two);
}

/* A style made by hand, past the theme parser's checks, with sizes that
 * once divided by zero in the contents' leaders (0.00001pt) or overflowed
 * the scaled points (100000pt, 100000mm margins): the layout still ends,
 * with pages (issue 17, defect 3). */
static void test_sizes_beyond_the_limits(void **state) {
  (void)state;
  const double sizes[] = {0.00001, 0.0001, 100000.0};
  for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
    q_style s = *style;
    s.rules[Q_SEL_BODY].font_size = (q_length){sizes[i], Q_UNIT_PT};
    s.rules[Q_SEL_P].set |= Q_P_MARGIN_LEFT;
    s.rules[Q_SEL_P].margin_left = (q_length){100000.0, Q_UNIT_MM};
    q_layout *l = run(&s);
    assert_non_null(l);
    assert_true(l->npages > 0);
    q_layout_drop(l);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_pages_and_labels),
      cmocka_unit_test(test_each_part_opens_a_page),
      cmocka_unit_test(test_tags_balance_and_links_resolve),
      cmocka_unit_test(test_contents_point_at_the_parts),
      cmocka_unit_test(test_no_page_ends_with_a_heading),
      cmocka_unit_test(test_paper_size_from_the_theme),
      cmocka_unit_test(test_justified_lines_fill_the_measure),
      cmocka_unit_test(test_page_anchors),
      cmocka_unit_test(test_anchor_inside_a_paragraph),
      cmocka_unit_test(test_two_threads_same_pages),
      cmocka_unit_test(test_sizes_beyond_the_limits),
  };
  return cmocka_run_group_tests_name("layout", tests, setup, teardown);
}
