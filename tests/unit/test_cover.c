/* The cover page as the typesetter lays it out, with fake font metrics
 * (every character half an em wide, a space a quarter), so that the
 * numbers can be worked out by hand. Checks what a reader of the picture
 * would see: the page is 1200 x 1800 with the paper, the band in the
 * theme's link colour, the strip and the bar; the title takes at most five
 * lines, shrinking when it must, and sits in the band under the bar, over
 * the subtitle; the authors read "A, B and C" below the band; every line
 * stays within the margins; a picture has no structure tags. */
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
#include "typeset/cover.h"

#include "fake_text.h"

/* ---- fixture ------------------------------------------------------------- */

static q_doc *doc;
static q_arena arena;
static q_style *style;
static q_meta original;

static int setup(void **state) {
  (void)state;
  q_diag d;
  q_diag_init(&d, stderr);
  doc = q_read_bundle("sources/bundle.xml", &d);
  q_arena_init(&arena);
  style = q_style_load(&arena, "styles/default.css", &d);
  if (!doc || !style)
    return -1;
  original = doc->meta;
  return 0;
}

static int teardown(void **state) {
  (void)state;
  q_doc_drop(doc);
  q_arena_drop(&arena);
  return 0;
}

static q_layout *cover(void) {
  q_diag d;
  q_diag_init(&d, stderr);
  q_layout_env env = {doc, style, &fake_shaper, NULL, &fake_breaker, q_break_params_tex(), &d, NULL, NULL};
  fake_default_pool.used = 0;
  q_layout *l = q_layout_cover(&env);
  assert_non_null(l);
  assert_int_equal(d.errors + d.warnings, 0);
  return l;
}

/* ---- reading the page ------------------------------------------------------ */

#define PT(x) ((q_sp)((x) * 65536))
static const double W = 1200, H = 1800, BAND = 1080, MARGIN = 120;

static uint32_t mix(uint32_t a, uint32_t b, unsigned pct_b) {
  uint32_t out = 0;
  for (unsigned sh = 0; sh < 24; sh += 8) {
    unsigned x = (a >> sh) & 255, y = (b >> sh) & 255;
    out |= (uint32_t)((x * (100 - pct_b) + y * pct_b) / 100) << sh;
  }
  return out;
}

static q_sp run_width(const q_op *op) { return q_op_width(op); }

/* The lines of the runs in colour color: their distinct baselines, in
 * order (runs of one line share a baseline). Returns the count; the text
 * of all of them, lines joined by '|', goes to text. */
static size_t lines_in(const q_layout *l, uint32_t color, q_sp *base, size_t max, q_sp *size,
                       char *text, size_t cap) {
  size_t n = 0, len = 0;
  text[0] = '\0';
  for (size_t i = 0; i < l->pages[0].nops; i++) {
    const q_op *op = &l->pages[0].ops[i];
    if (op->kind != Q_OP_GLYPHS || op->u.glyphs.color != color)
      continue;
    if (n == 0 || base[n - 1] != op->y) {
      assert_true(n < max);
      assert_true(n == 0 || op->y > base[n - 1]); /* lines go down the page */
      base[n++] = op->y;
      if (len && len + 1 < cap)
        text[len++] = '|';
    }
    *size = op->u.glyphs.size;
    size_t k = op->u.glyphs.len < cap - len - 1 ? op->u.glyphs.len : cap - len - 1;
    memcpy(text + len, op->u.glyphs.text, k);
    len += k;
    text[len] = '\0';
  }
  return n;
}

/* Every glyph run within the margins; no structure tags; the rules first. */
static void check_page(const q_layout *l) {
  assert_int_equal(l->npages, 1);
  assert_int_equal(l->width, PT(W));
  assert_int_equal(l->height, PT(H));
  const q_sheet *p = &l->pages[0];
  assert_true(p->nops >= 3);
  const q_op *paper = &p->ops[0], *band = &p->ops[1], *strip = &p->ops[2];
  assert_int_equal(paper->kind, Q_OP_RULE);
  assert_int_equal(paper->u.rule.color, Q_COVER_PAPER);
  assert_int_equal(paper->u.rule.w, PT(W));
  assert_int_equal(paper->u.rule.h, PT(H));
  assert_int_equal(band->kind, Q_OP_RULE);
  assert_int_equal(band->u.rule.color, q_cover_accent(style));
  assert_int_equal(band->y, 0);
  assert_int_equal(band->u.rule.h, PT(BAND));
  assert_int_equal(strip->kind, Q_OP_RULE);
  assert_int_equal(strip->y, PT(BAND));
  for (size_t i = 0; i < p->nops; i++) {
    const q_op *op = &p->ops[i];
    assert_true(op->kind == Q_OP_RULE || op->kind == Q_OP_GLYPHS);
    if (op->kind != Q_OP_GLYPHS)
      continue;
    assert_true(op->x >= PT(MARGIN));
    assert_true(op->x + run_width(op) <= PT(W - MARGIN));
    assert_true(op->y - op->u.glyphs.size > 0 && op->y < PT(H));
  }
}

/* The title's lines lie in the band, under the bar and over the band's
 * foot; returns how many there are and its size. */
static size_t check_title(const q_layout *l, q_sp *size, char *text, size_t cap) {
  q_sp base[16];
  size_t n = lines_in(l, 0xFFFFFF, base, 16, size, text, cap);
  assert_true(n >= 1 && n <= Q_COVER_MAX_LINES);
  size_t k = 3;
  while (k < l->pages[0].nops && l->pages[0].ops[k].kind != Q_OP_RULE)
    k++;
  assert_true(k < l->pages[0].nops);
  const q_op *bar = &l->pages[0].ops[k];
  assert_int_equal(bar->x, PT(MARGIN));
  assert_true(bar->y + bar->u.rule.h < base[0] - *size * 8 / 10); /* over the first line's ascent */
  assert_true(bar->y > 0);
  assert_true(base[n - 1] <= PT(BAND - MARGIN)); /* at most a margin above the band's foot */
  assert_true(base[n - 1] + *size * 2 / 10 < PT(BAND)); /* its descent still in the band */
  return n;
}

/* ---- tests ----------------------------------------------------------------- */

/* The article: the title at its full size (a tenth of the width: 120 pt,
 * characters 60 pt wide, 16 to a 960 pt measure), the authors below. */
static void test_article(void **state) {
  (void)state;
  doc->meta = original;
  q_layout *l = cover();
  check_page(l);
  char text[512];
  q_sp size;
  size_t n = check_title(l, &size, text, sizeof text);
  assert_int_equal(size, PT(120));
  assert_int_equal(n, 2);
  assert_string_equal(text, "The Code Beyond|the Code");
  q_sp base[4];
  uint32_t ink = q_style_compute(style, Q_SEL_BODY, NULL).color;
  assert_int_equal(lines_in(l, ink ? ink : 0x222222, base, 4, &size, text, sizeof text), 1);
  assert_string_equal(text, "Anonymous");
  assert_true(base[0] > PT(BAND + 14));
  q_layout_drop(l);
}

/* Three authors read "A, B and C"; a subtitle goes between the title and
 * the band's foot, its last baseline a margin above it. White space in
 * the metadata is one space. */
static void test_subtitle_and_authors(void **state) {
  (void)state;
  doc->meta = original;
  static const char *names[] = {"Ada Lovelace", "Alan Turing", "Grace  Hopper"};
  doc->meta.authors = (q_strlist){names, 3};
  doc->meta.subtitle = "A reading list\n  in five books";
  q_layout *l = cover();
  check_page(l);
  char text[512];
  q_sp size, tsize, base[8], tbase[8];
  size_t tn = lines_in(l, 0xFFFFFF, tbase, 8, &tsize, text, sizeof text);
  check_title(l, &tsize, text, sizeof text);
  uint32_t ink = q_style_compute(style, Q_SEL_BODY, NULL).color;
  lines_in(l, ink ? ink : 0x222222, base, 8, &size, text, sizeof text);
  assert_string_equal(text, "Ada Lovelace, Alan Turing and|Grace Hopper");
  size_t n = lines_in(l, mix(q_cover_accent(style), 0xFFFFFF, 85), base, 8, &size, text, sizeof text);
  assert_int_equal(n, 1);
  assert_string_equal(text, "A reading list in five books");
  assert_int_equal(base[0], PT(BAND - MARGIN));
  assert_true(tbase[tn - 1] < base[0] - size);
  q_layout_drop(l);
}

/* A title too long for five lines at 120 pt shrinks (by 8% a step) until
 * it fits, and no further. */
static void test_long_title_shrinks(void **state) {
  (void)state;
  doc->meta = original;
  doc->meta.title = "A Very Long Title About the Code Beyond the Code, the Books That Teach It, "
                    "the People Who Write It and the Machines That Run It, Late at Night";
  q_layout *l = cover();
  check_page(l);
  char text[1024];
  q_sp size;
  size_t n = check_title(l, &size, text, sizeof text);
  assert_true(n <= Q_COVER_MAX_LINES);
  assert_true(size < PT(120) && size > PT(26.2)); /* shrunk, but not to the smallest */
  q_layout_drop(l);
}

/* A title that cannot fit even at the smallest size keeps that size and
 * its first five lines: still inside the band and the margins. */
static void test_endless_title(void **state) {
  (void)state;
  doc->meta = original;
  char *t = q_arena_alloc(&arena, 4000);
  t[0] = '\0';
  for (int i = 0; i < 300; i++)
    strcat(t, "word ");
  doc->meta.title = t;
  q_layout *l = cover();
  check_page(l);
  char text[4096];
  q_sp size;
  assert_int_equal(check_title(l, &size, text, sizeof text), Q_COVER_MAX_LINES);
  assert_true(size >= PT(24) && size < PT(26.2));
  q_layout_drop(l);
}

/* No title, no authors: the flat design alone. */
static void test_empty(void **state) {
  (void)state;
  doc->meta = original;
  doc->meta.title = "  ";
  doc->meta.authors = (q_strlist){NULL, 0};
  q_layout *l = cover();
  check_page(l);
  assert_int_equal(l->pages[0].nops, 3);
  q_layout_drop(l);
  doc->meta = original;
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_article),           cmocka_unit_test(test_subtitle_and_authors),
      cmocka_unit_test(test_long_title_shrinks), cmocka_unit_test(test_endless_title),
      cmocka_unit_test(test_empty),
  };
  return cmocka_run_group_tests_name("cover", tests, setup, teardown);
}
