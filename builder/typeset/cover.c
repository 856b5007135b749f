/* cover.c: the cover page (see cover.h).
 *
 * The design is planned bottom up in the band: the subtitle's last
 * baseline sits a margin above the band's foot, the title over it, the bar
 * over the title; the authors hang a tenth of the page below the band.
 * Each text is set once per trial size as a paragraph of its own into a
 * scratch vertical list; its lines (the list's boxes) are then placed at
 * baselines the design chooses, one lead apart. The title starts at a
 * tenth of the page's width and shrinks by 8% until it takes at most
 * Q_COVER_MAX_LINES lines, none wider than the measure; past the smallest
 * size (24 pt) it keeps that size and its first Q_COVER_MAX_LINES lines.
 *
 * Lengths: the design's numbers are fractions of the page, in points;
 * every operation's position is in scaled points, as on any page. */
#include "cover.h"

#include <string.h>

#include "../base/buf.h"
#include "../base/mem.h"
#include "para.h"
#include "vlist.h"

/* a mixed with b, pct_b percent of b, per channel. */
static uint32_t mix(uint32_t a, uint32_t b, unsigned pct_b) {
  uint32_t out = 0;
  for (unsigned sh = 0; sh < 24; sh += 8) {
    unsigned x = (a >> sh) & 255, y = (b >> sh) & 255;
    out |= (uint32_t)((x * (100 - pct_b) + y * pct_b) / 100) << sh;
  }
  return out;
}

uint32_t q_cover_accent(const q_style *style) {
  q_computed body = q_style_compute(style, Q_SEL_BODY, NULL);
  q_computed p = q_style_compute(style, Q_SEL_P, &body);
  uint32_t c = q_style_compute(style, Q_SEL_A, &p).color;
  return c == 0 || c == 0xFFFFFF ? Q_COVER_ACCENT_DEFAULT : c;
}

/* One text of the design, set into lines. */
typedef struct block {
  q_vlist vl;            /* its lines, as the paragraph setter made them */
  size_t lines;          /* 0: nothing to set */
  double size, lead;     /* points */
} block;

/* s with its runs of white space as single spaces, trimmed, in the
 * layout's arena; NULL when nothing is left. */
static const char *words(q_layout *l, const char *s) {
  if (!s)
    return NULL;
  size_t n = strlen(s), k = 0;
  char *out = q_arena_alloc(&l->arena, n + 1);
  for (size_t i = 0; i < n; i++) {
    bool white = s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n';
    if (!white)
      out[k++] = s[i];
    else if (k && out[k - 1] != ' ')
      out[k++] = ' ';
  }
  while (k && out[k - 1] == ' ')
    k--;
  out[k] = '\0';
  return k ? out : NULL;
}

/* Where a glyph run ends. */
static q_sp run_end(const q_op *op) { return op->x + q_op_width(op); }

/* Whether every line of k lies within [0, width]. */
static bool fits(const block *k, q_sp width) {
  for (size_t i = 0; i < k->vl.n; i++) {
    const v_entry *e = &k->vl.e[i];
    if (e->kind != V_BOX)
      continue;
    for (uint32_t j = e->op_start; j < e->op_end; j++) {
      const q_op *op = &k->vl.ops[j];
      if (op->kind == Q_OP_GLYPHS && (op->x + e->x < 0 || run_end(op) + e->x > width))
        return false;
    }
  }
  return true;
}

/* Set text in style st (its size and colour given) into k, ragged, on a
 * measure of width. */
static void set_text(q_setter *s, block *k, const char *text, const q_computed *st, double size,
                     double lead, uint32_t color, q_sp width) {
  q_vlist_drop(&k->vl);
  k->lines = 0;
  k->size = size;
  k->lead = lead;
  if (!text)
    return;
  q_para p = {0};
  p.style = *st;
  p.style.font_size_pt = size;
  p.style.line_height_pt = lead;
  p.style.color = color;
  p.style.text_align = Q_ALIGN_START;
  p.style.hyphens = false;
  p.style.text_indent_pt = 0;
  p.style.margin_top_pt = p.style.margin_bottom_pt = 0;
  p.style.margin_left_pt = p.style.margin_right_pt = 0;
  p.label = text;
  p.label_style = p.style;
  p.width = width;
  s->vl = &k->vl;
  k->lines = q_para_set(s, &p);
  s->vl = NULL;
}

/* Copy the first max lines of k to page pg, the first baseline at y0,
 * the left edge at x. Returns the number of lines placed. */
static size_t place(q_layout *l, q_sheet *pg, const block *k, q_sp x, double y0, size_t max) {
  size_t line = 0;
  for (size_t i = 0; i < k->vl.n && line < max; i++) {
    const v_entry *e = &k->vl.e[i];
    if (e->kind != V_BOX)
      continue;
    q_sp y = Q_PT(y0 + (double)line * k->lead);
    for (uint32_t j = e->op_start; j < e->op_end; j++) {
      q_op *op = q_sheet_op(l, pg);
      *op = k->vl.ops[j];
      op->x += x + e->x;
      op->y += y;
    }
    line++;
  }
  return line;
}

static void rule(q_layout *l, q_sheet *pg, double x, double y, double w, double h, uint32_t color) {
  q_op *op = q_sheet_op(l, pg);
  op->kind = Q_OP_RULE;
  op->x = Q_PT(x);
  op->y = Q_PT(y);
  op->u.rule.w = Q_PT(w);
  op->u.rule.h = Q_PT(h);
  op->u.rule.color = color;
}

static size_t min_lines(size_t a, size_t b) { return a < b ? a : b; }

q_layout *q_layout_cover(const q_layout_env *env) {
  q_layout *l = q_zalloc(1, sizeof *l);
  q_arena_init(&l->arena);
  const double W = Q_COVER_WIDTH, H = Q_COVER_HEIGHT;
  l->width = Q_PT(W);
  l->height = Q_PT(H);
  q_sheet *pg = q_layout_page(l);
  pg->label = "cover";
  pg->kind = Q_SHEET_TITLE;

  /* The cover says nothing: a warning about its text would repeat the
   * title page's. */
  q_diag quiet;
  q_diag_init(&quiet, NULL);
  q_layout_env local = *env;
  local.hyphenator = NULL;
  local.helper = NULL;
  local.d = &quiet;
  q_setter s = {&local, l, NULL, NULL, NULL};

  const q_meta *m = &env->doc->meta;
  q_computed body = q_style_compute(env->style, Q_SEL_BODY, NULL);
  q_computed h1 = q_style_compute(env->style, Q_SEL_H1, &body);
  q_computed p = q_style_compute(env->style, Q_SEL_P, &body);
  uint32_t paper = Q_COVER_PAPER, accent = q_cover_accent(env->style);
  double band = 0.6 * H, strip_h = 14, margin = 0.1 * W;
  q_sp measure = Q_PT(W - 2 * margin);

  block sub = {0}, title = {0}, authors = {0};
  double sub_size = 0.042 * W;
  set_text(&s, &sub, words(l, m->subtitle), &p, sub_size, 1.3 * sub_size, mix(accent, 0xFFFFFF, 85),
           measure);
  const char *title_text = words(l, m->title);
  for (double size = 0.1 * W;; size *= 0.92) {
    set_text(&s, &title, title_text, &h1, size, 1.12 * size, 0xFFFFFF, measure);
    if (!title.lines || (title.lines <= Q_COVER_MAX_LINES && fits(&title, measure)) || size * 0.92 < 24)
      break;
  }
  q_buf names;
  q_buf_init(&names);
  for (size_t i = 0; i < m->authors.count; i++) {
    if (i)
      q_buf_puts(&names, i + 1 == m->authors.count ? " and " : ", ");
    q_buf_puts(&names, m->authors.items[i]);
  }
  double au_size = 0.05 * W;
  set_text(&s, &authors, words(l, names.len ? names.data : NULL), &p, au_size, 1.3 * au_size,
           body.color ? body.color : 0x222222, measure);
  q_buf_drop(&names);

  /* The flat colour first, then the text over it. */
  rule(l, pg, 0, 0, W, H, paper);
  rule(l, pg, 0, 0, W, band, accent);
  rule(l, pg, 0, band, W, strip_h, mix(accent, paper, 45));
  q_sp left = Q_PT(margin);
  double base = band - margin; /* the last baseline so far */
  size_t n = min_lines(sub.lines, Q_COVER_MAX_LINES);
  if (n) {
    double y0 = base - (double)(n - 1) * sub.lead;
    place(l, pg, &sub, left, y0, n);
    base = y0 - sub.size - 0.35 * title.size; /* the subtitle's cap height, the title's descent */
  }
  n = min_lines(title.lines, Q_COVER_MAX_LINES);
  if (n) {
    double y0 = base - (double)(n - 1) * title.lead;
    rule(l, pg, margin, y0 - 1.25 * title.size, 0.1 * W, 0.008 * W, mix(accent, 0xFFFFFF, 60));
    place(l, pg, &title, left, y0, n);
  }
  place(l, pg, &authors, left, band + 0.1 * H, Q_COVER_MAX_LINES);

  q_vlist_drop(&sub.vl);
  q_vlist_drop(&title.vl);
  q_vlist_drop(&authors.vl);
  return l;
}
