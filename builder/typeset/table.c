/* table.c: a Q_TABLE -> bands of rows on the vertical list.
 *
 * Flow: every cell's content is set twice in a scratch list to measure it
 * (each word on a line of its own: the minimum width; the whole on one
 * line: the maximum), the column widths follow (q_table_widths), then each
 * cell is set at its width into a pool of operations relative to its top
 * left corner. Row heights come from the cells that span one row, then
 * grow for the cells that span several; bands (rows a row span joins) and
 * the head become boxes whose baseline is their bottom edge, so that the
 * page builder stacks them edge to edge. */
#include "table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/mem.h"

enum { WIDE = 16000 }; /* points: "one line" when measuring */

/* ---- column widths -------------------------------------------------------- */

static q_sp sum(const q_sp *v, size_t n) {
  int64_t s = 0;
  for (size_t i = 0; i < n; i++)
    s += v[i];
  return s > INT32_MAX ? INT32_MAX : (q_sp)s;
}

/* Share room among the columns flagged in `take`, in proportion to
 * weight, never below floor; out gets the shares. */
static void share(size_t n, const double *weight, const q_sp *floor, q_sp room, q_sp *out) {
  bool *fixed = q_zalloc(n ? n : 1, sizeof *fixed);
  for (size_t round = 0; round <= n; round++) {
    double w = 0;
    q_sp left = room;
    for (size_t i = 0; i < n; i++) {
      if (fixed[i])
        left -= out[i];
      else
        w += weight[i];
    }
    bool changed = false;
    for (size_t i = 0; i < n; i++) {
      if (fixed[i])
        continue;
      double v = w > 0 ? (double)left * weight[i] / w : 0;
      out[i] = v > 0 ? (q_sp)(v + 0.5) : 0;
      if (out[i] < floor[i]) {
        out[i] = floor[i];
        fixed[i] = true;
        changed = true;
      }
    }
    if (!changed)
      break;
  }
  free(fixed);
}

bool q_table_widths(size_t n, const q_sp *min, const q_sp *max, const q_table_col *given,
                    q_sp measure, q_sp *out) {
  if (n == 0)
    return true;
  bool stars = false;
  for (size_t i = 0; given && i < n; i++)
    stars = stars || given[i].star > 0;
  q_sp *floor = q_zalloc(n, sizeof *floor);
  double *weight = q_zalloc(n, sizeof *weight);
  /* A fixed part is a floor of its own; content never goes under its
   * minimum. */
  for (size_t i = 0; i < n; i++) {
    q_sp fixed = given ? q_pt_sp(given[i].fixed_pt) : 0;
    floor[i] = fixed > min[i] ? fixed : min[i];
  }
  if (stars) {
    /* Proportional: the room left after the fixed parts is shared by the
     * shares; a column given neither counts as 1* (CALS's default). */
    q_sp fixed_total = 0;
    for (size_t i = 0; i < n; i++) {
      fixed_total += q_pt_sp(given[i].fixed_pt);
      weight[i] = given[i].star > 0 ? given[i].star : given[i].fixed_pt > 0 ? 0 : 1;
    }
    q_sp room = measure - fixed_total;
    q_sp *part = q_zalloc(n, sizeof *part);
    q_sp *pfloor = q_zalloc(n, sizeof *pfloor);
    for (size_t i = 0; i < n; i++) {
      q_sp f = q_pt_sp(given[i].fixed_pt);
      pfloor[i] = floor[i] > f ? floor[i] - f : 0;
    }
    share(n, weight, pfloor, room > 0 ? room : 0, part);
    for (size_t i = 0; i < n; i++)
      out[i] = q_pt_sp(given[i].fixed_pt) + part[i];
    free(part);
    free(pfloor);
  } else {
    /* CSS 2.1 automatic layout: every column between its minimum and its
     * maximum; the room above the minimums shared in proportion to what
     * each column wants beyond its minimum. */
    q_sp *top = q_zalloc(n, sizeof *top);
    for (size_t i = 0; i < n; i++) {
      q_sp fixed = given ? q_pt_sp(given[i].fixed_pt) : 0;
      top[i] = fixed ? floor[i] : (max[i] > floor[i] ? max[i] : floor[i]);
    }
    q_sp lo = sum(floor, n), hi = sum(top, n);
    if (hi <= measure) {
      memcpy(out, top, n * sizeof *out);
    } else if (lo >= measure) {
      memcpy(out, floor, n * sizeof *out);
    } else {
      double f = (double)(measure - lo) / (double)(hi - lo);
      q_sp used = 0;
      for (size_t i = 0; i < n; i++) {
        out[i] = floor[i] + (q_sp)((double)(top[i] - floor[i]) * f);
        used += out[i];
      }
      /* What rounding left over goes to the last column that can take it. */
      for (size_t i = n; i-- > 0 && used < measure;)
        if (out[i] < top[i]) {
          q_sp d = measure - used < top[i] - out[i] ? measure - used : top[i] - out[i];
          out[i] += d;
          used += d;
        }
    }
    free(top);
  }
  bool fits = true;
  q_sp total = sum(out, n);
  if (total > measure) {
    fits = sum(floor, n) <= measure;
    /* Too wide: shrink every column in proportion, to stay on the page. */
    q_sp used = 0;
    for (size_t i = 0; i < n; i++) {
      out[i] = (q_sp)((double)out[i] * (double)measure / (double)total);
      used += out[i];
    }
    out[n - 1] += measure - used > 0 ? measure - used : 0;
  }
  free(floor);
  free(weight);
  return fits;
}

/* ---- cells ---------------------------------------------------------------- */

typedef struct cell {
  const q_node *n;
  q_computed st;       /* th or td, padding in its margins */
  q_sp pad_l, pad_r, pad_t, pad_b;
  q_sp min, max;       /* content widths, padding included */
  uint32_t op_start, op_end; /* set content in the pool, from its top left */
  q_sp height;         /* content height */
  q_sp x, width;       /* in the table */
  const q_node *anchor;
  size_t anchor_offset;
  bool decimal;        /* aligned on a character (align="char") */
  q_sp pre, post;      /* decimal: widths of its text before the character and from it */
  q_sp shift;          /* decimal: how far right its line is moved */
} cell;

typedef struct tset {
  q_setter *s;
  const q_style *style;
  const q_node *table;
  q_computed tst;
  cell *cells;
  size_t ncells;
  q_vlist pool;        /* cells' operations, boxed per cell */
} tset;

static q_align align_of(const cell *c) {
  if (c->decimal)
    return Q_ALIGN_START; /* placed by its shift */
  switch (c->n->u.cell.align) {
  case Q_CELL_ALIGN_LEFT: return Q_ALIGN_START;
  case Q_CELL_ALIGN_CENTER: return Q_ALIGN_CENTER;
  case Q_CELL_ALIGN_RIGHT:
  case Q_CELL_ALIGN_CHAR: return Q_ALIGN_END; /* figures of one format line up on the right */
  case Q_CELL_ALIGN_JUSTIFY: return Q_ALIGN_JUSTIFY;
  default: return c->st.text_align;
  }
}

/* One paragraph of a cell, after the glue that separates it from the one
 * before (*first: none yet). When not measuring it is a P element. */
static void set_para(q_setter *s, const q_node *p, const q_computed *st, const char *label,
                     q_sp width, bool measure, bool *first) {
  if (!*first)
    q_vlist_glue(s->vl, q_pt_sp(0.4 * st->font_size_pt));
  *first = false;
  q_para para = {0};
  para.block = p;
  para.style = *st;
  para.label = label;
  para.label_style = *st;
  para.width = width;
  size_t before = s->vl->nops;
  if (!measure) {
    q_op *op = q_vlist_op(s->vl);
    op->kind = Q_OP_TAG_BEGIN;
    op->u.tag.name = "P";
  }
  size_t lines = q_para_set(s, &para);
  if (measure)
    return;
  if (lines) {
    q_vlist_op(s->vl)->kind = Q_OP_TAG_END;
    q_vlist_attach(s->vl);
  } else {
    s->vl->nops = before; /* an empty paragraph: no element */
  }
}

/* Set the blocks of a cell at width into setter s's list from x = 0: its
 * paragraphs, and the paragraphs of its lists' items, the first of each
 * item after its bullet or number. measure: no tags, no hyphens, ragged. */
static void set_content(q_setter *s, const cell *c, q_sp width, bool measure) {
  q_computed st = c->st;
  st.margin_top_pt = st.margin_bottom_pt = st.margin_left_pt = st.margin_right_pt = 0;
  st.text_indent_pt = 0;
  st.text_align = measure ? Q_ALIGN_START : align_of(c);
  if (measure)
    st.hyphens = false;
  bool first = true;
  for (const q_node *b = c->n->first; b; b = b->next) {
    if (b->kind == Q_PARA) {
      set_para(s, b, &st, NULL, width, measure, &first);
      continue;
    }
    if (b->kind != Q_LIST)
      continue;
    unsigned k = 0;
    for (const q_node *item = b->first; item; item = item->next) {
      char num[24];
      snprintf(num, sizeof num, "%u. ", ++k);
      const char *mark = b->u.list.ordered ? num : "\xE2\x80\xA2 ";
      for (const q_node *p = item->first; p; p = p->next)
        if (p->kind == Q_PARA)
          set_para(s, p, &st, p == item->first ? mark : NULL, width, measure, &first);
    }
  }
}

/* Height and widest line of the boxes of vl from entry `from`. */
static void extent(const q_vlist *vl, size_t from, q_sp *height, q_sp *width) {
  q_sp y = 0, w = 0;
  bool first = true;
  for (size_t i = from; i < vl->n; i++) {
    const v_entry *e = &vl->e[i];
    if (e->kind == V_GLUE && !first)
      y += e->space;
    if (e->kind != V_BOX)
      continue;
    y = first ? e->ascent : y + e->lead;
    first = false;
    *height = y + e->descent;
    for (uint32_t k = e->op_start; k < e->op_end; k++) {
      const q_op *op = &vl->ops[k];
      if (op->kind != Q_OP_GLYPHS)
        continue;
      int64_t x = op->x + e->x;
      for (size_t g = 0; g < op->u.glyphs.nspans; g++) {
        const q_glyph_span *gs = &op->u.glyphs.spans[g];
        for (uint32_t j = 0; j < gs->n; j++)
          x += gs->g[j].advance;
        if (g + 1 < op->u.glyphs.nspans)
          x += gs->gap;
      }
      if (x > w)
        w = x > INT32_MAX ? INT32_MAX : (q_sp)x;
    }
  }
  if (first)
    *height = 0;
  *width = w;
}

static void measure_cells(tset *t) {
  q_layout scratch = {0};
  q_arena_init(&scratch.arena);
  q_diag quiet;
  q_diag_init(&quiet, NULL);
  q_layout_env env = *t->s->env;
  env.d = &quiet;
  q_vlist vl;
  q_vlist_init(&vl);
  q_setter ms = {&env, &scratch, &vl, NULL, NULL};
  for (size_t i = 0; i < t->ncells; i++) {
    cell *c = &t->cells[i];
    q_sp h, w;
    set_content(&ms, c, 1, true);
    extent(&vl, 0, &h, &w);
    c->min = w + c->pad_l + c->pad_r;
    q_vlist_drop(&vl);
    set_content(&ms, c, q_pt_sp(WIDE), true);
    extent(&vl, 0, &h, &w);
    c->max = w + c->pad_l + c->pad_r;
    if (c->max < c->min)
      c->max = c->min;
    q_vlist_drop(&vl);
  }
  q_arena_drop(&scratch.arena);
}

/* Cells aligned on a character: a body cell of one column holding one
 * paragraph. Each gets the widths of its text before the character (the
 * whole text when it has none: a whole number) and from it; a column's
 * cells then put their characters on one vertical, the widest of them
 * flush right. Returns per column the widest parts (0 where none). */
static void decimal_cells(tset *t, size_t ncols, q_sp *pre, q_sp *post) {
  q_layout *l = t->s->layout;
  for (size_t i = 0; i < t->ncells; i++) {
    cell *c = &t->cells[i];
    const q_node *n = c->n;
    unsigned col = n->u.cell.col;
    if (n->u.cell.align != Q_CELL_ALIGN_CHAR || n->u.cell.header || n->u.cell.colspan != 1 ||
        col >= ncols || !n->first || n->first != n->last || n->first->kind != Q_PARA)
      continue;
    const char *mark = t->table->u.table.col[col].align_char;
    if (!mark || !*mark)
      mark = ".";
    char *text = q_node_plain_text(&l->arena, n->first);
    const char *at = strstr(text, mark);
    size_t cut = at ? (size_t)(at - text) : strlen(text);
    const char *lang = q_node_lang(t->s->env->doc, n->first);
    q_sp whole = q_text_width(t->s, text, &c->st, lang);
    char *head = q_arena_printf(&l->arena, "%.*s", (int)cut, text);
    c->pre = cut ? q_text_width(t->s, head, &c->st, lang) : 0;
    c->post = whole - c->pre;
    c->decimal = true;
    if (c->pre > pre[col])
      pre[col] = c->pre;
    if (c->post > post[col])
      post[col] = c->post;
  }
}

/* Set every cell at its width into the pool, from its top left corner. */
static void set_cells(tset *t) {
  q_vlist scratch;
  q_vlist_init(&scratch);
  q_vlist *main = t->s->vl;
  t->s->vl = &scratch;
  for (size_t i = 0; i < t->ncells; i++) {
    cell *c = &t->cells[i];
    q_sp inner = c->width - c->pad_l - c->pad_r;
    set_content(t->s, c, inner > 0 ? inner : 1, false);
    q_sp w;
    extent(&scratch, 0, &c->height, &w);
    c->op_start = (uint32_t)t->pool.nops;
    q_sp y = 0;
    bool first = true;
    for (size_t k = 0; k < scratch.n; k++) {
      const v_entry *e = &scratch.e[k];
      if (e->kind == V_GLUE && !first)
        y += e->space;
      if (e->kind != V_BOX)
        continue;
      y = first ? e->ascent : y + e->lead;
      first = false;
      if (!c->anchor && e->anchor) {
        c->anchor = e->anchor;
        c->anchor_offset = e->anchor_offset;
      }
      for (uint32_t j = e->op_start; j < e->op_end; j++) {
        q_op *op = q_vlist_op(&t->pool);
        *op = scratch.ops[j];
        op->x += e->x;
        op->y += y;
      }
    }
    c->op_end = (uint32_t)t->pool.nops;
    q_vlist_drop(&scratch);
  }
  t->s->vl = main;
}

/* ---- rows and bands ------------------------------------------------------- */

static q_op *op_new(q_vlist *vl, q_op_kind kind) {
  q_op *op = q_vlist_op(vl);
  op->kind = kind;
  return op;
}

static void tag(q_vlist *vl, const char *name) { op_new(vl, Q_OP_TAG_BEGIN)->u.tag.name = name; }
static void end(q_vlist *vl) { op_new(vl, Q_OP_TAG_END); }

static void rule(q_vlist *vl, q_sp x, q_sp y, q_sp w, q_sp h, uint32_t color) {
  q_op *op = op_new(vl, Q_OP_RULE);
  op->x = x;
  op->y = y;
  op->u.rule.w = w;
  op->u.rule.h = h;
  op->u.rule.color = color;
}

typedef struct rows {
  const q_node **row;  /* the table's rows in order */
  size_t n;
  q_sp *height;
  q_sp *top;           /* of each row from the top of its box */
  size_t *band_end;    /* the first row after the band that row begins */
  size_t *first_cell;  /* n + 1: row k's cells are [first_cell[k], first_cell[k + 1]) */
} rows;

void q_table_set(q_setter *s, const q_style *style, const q_node *table, const q_computed *ctx,
                 q_sp x, q_sp width) {
  q_layout *l = s->layout;
  q_vlist *vl = s->vl;
  tset t = {0};
  t.s = s;
  t.style = style;
  t.table = table;
  t.tst = q_style_compute(style, Q_SEL_TABLE, ctx);
  q_vlist_init(&t.pool);
  size_t ncols = table->u.table.cols;
  q_computed th = q_style_compute(style, Q_SEL_TH, &t.tst);
  q_computed td = q_style_compute(style, Q_SEL_TD, &t.tst);

  rows r = {0};
  size_t rcap = 0, ccap = 0, fcap = 0;
  for (const q_node *row = table->first; row; row = row->next) {
    if (row->kind != Q_TROW)
      continue;
    r.row = q_grow(r.row, &rcap, r.n + 1, sizeof *r.row);
    r.first_cell = q_grow(r.first_cell, &fcap, r.n + 2, sizeof *r.first_cell);
    r.first_cell[r.n] = t.ncells;
    r.row[r.n++] = row;
    for (const q_node *c = row->first; c; c = c->next) {
      t.cells = q_grow(t.cells, &ccap, t.ncells + 1, sizeof *t.cells);
      cell *k = &t.cells[t.ncells++];
      memset(k, 0, sizeof *k);
      k->n = c;
      k->st = c->u.cell.header ? th : td;
      k->pad_l = q_pt_sp(k->st.margin_left_pt);
      k->pad_r = q_pt_sp(k->st.margin_right_pt);
      k->pad_t = q_pt_sp(k->st.margin_top_pt);
      k->pad_b = q_pt_sp(k->st.margin_bottom_pt);
    }
  }
  if (r.n)
    r.first_cell[r.n] = t.ncells;
  if (r.n == 0 || ncols == 0) {
    free(r.row);
    free(r.first_cell);
    free(t.cells);
    return;
  }

  /* Column widths. */
  measure_cells(&t);
  q_sp *cmin = q_zalloc(ncols, sizeof *cmin), *cmax = q_zalloc(ncols, sizeof *cmax);
  q_sp *cw = q_zalloc(ncols, sizeof *cw), *cx = q_zalloc(ncols + 1, sizeof *cx);
  for (int pass = 0; pass < 2; pass++)
    for (size_t i = 0; i < t.ncells; i++) {
      const cell *c = &t.cells[i];
      unsigned c0 = c->n->u.cell.col, span = c->n->u.cell.colspan;
      if ((span == 1) != (pass == 0) || c0 + span > ncols)
        continue;
      /* A spanning cell: what its columns lack goes to them evenly. */
      q_sp have_min = sum(cmin + c0, span), have_max = sum(cmax + c0, span);
      q_sp add_min = c->min > have_min ? (c->min - have_min) / (q_sp)span + 1 : 0;
      q_sp add_max = c->max > have_max ? (c->max - have_max) / (q_sp)span + 1 : 0;
      for (unsigned k = c0; k < c0 + span; k++) {
        cmin[k] += add_min;
        cmax[k] += add_max;
        if (cmax[k] < cmin[k])
          cmax[k] = cmin[k];
      }
    }
  q_sp *dpre = q_zalloc(ncols, sizeof *dpre), *dpost = q_zalloc(ncols, sizeof *dpost);
  decimal_cells(&t, ncols, dpre, dpost);
  for (size_t i = 0; i < t.ncells; i++) {
    const cell *c = &t.cells[i];
    unsigned k = c->n->u.cell.col;
    q_sp need = dpre[k] + dpost[k] + c->pad_l + c->pad_r;
    if (c->decimal && cmin[k] < need)
      cmin[k] = need;
    if (c->decimal && cmax[k] < need)
      cmax[k] = need;
  }
  if (!q_table_widths(ncols, cmin, cmax, table->u.table.col, width, cw))
    q_warning(s->env->d, table->pos,
              "this table is too wide for the page even at its columns' narrowest: its columns "
              "are shrunk to fit, and lines in them may overflow");
  for (size_t k = 0; k < ncols; k++)
    cx[k + 1] = cx[k] + cw[k];
  q_sp tw = cx[ncols];
  for (size_t i = 0; i < t.ncells; i++) {
    cell *c = &t.cells[i];
    unsigned c0 = c->n->u.cell.col, span = c->n->u.cell.colspan;
    c->x = cx[c0];
    c->width = cx[c0 + span] - cx[c0];
    if (c->decimal) {
      q_sp inner = c->width - c->pad_l - c->pad_r;
      c->shift = inner - dpost[c0] - c->pre;
      if (c->shift < 0)
        c->shift = 0;
    }
  }
  set_cells(&t);

  /* Row heights, then bands. */
  r.height = q_zalloc(r.n, sizeof *r.height);
  r.top = q_zalloc(r.n, sizeof *r.top);
  r.band_end = q_zalloc(r.n, sizeof *r.band_end);
  q_sp line = q_pt_sp(td.line_height_pt);
  for (size_t i = 0; i < r.n; i++)
    r.height[i] = line;
  for (int pass = 0; pass < 2; pass++)
    for (size_t i = 0; i < t.ncells; i++) {
      const cell *c = &t.cells[i];
      unsigned r0 = c->n->u.cell.row, span = c->n->u.cell.rowspan;
      if ((span == 1) != (pass == 0) || r0 + span > r.n)
        continue;
      q_sp need = c->height + c->pad_t + c->pad_b;
      q_sp have = sum(r.height + r0, span);
      if (need > have)
        r.height[r0 + span - 1] += need - have;
    }
  for (size_t i = 0; i < r.n;) {
    size_t endr = i + 1;
    for (size_t k = i; k < endr && k < r.n; k++)
      for (size_t j = r.first_cell[k]; j < r.first_cell[k + 1]; j++) {
        const q_node *c = t.cells[j].n;
        if (c->u.cell.row + c->u.cell.rowspan > endr)
          endr = c->u.cell.row + c->u.cell.rowspan;
      }
    if (endr > r.n)
      endr = r.n;
    r.band_end[i] = endr;
    i = endr;
  }

  /* The rules: given in the source, or the theme's three. */
  q_frame frame = table->u.table.frame;
  bool given = frame != Q_FRAME_UNSET;
  for (size_t i = 0; i < t.ncells && !given; i++)
    given = t.cells[i].n->u.cell.colsep >= 0 || t.cells[i].n->u.cell.rowsep >= 0;
  uint32_t ink = t.tst.color;
  q_sp thin = q_pt_sp(0.4), heavy = q_pt_sp(0.8), mid = q_pt_sp(0.5);
  bool top_rule = given ? frame == Q_FRAME_TOP || frame == Q_FRAME_TOPBOT || frame == Q_FRAME_ALL : true;
  bool bottom_rule = given ? frame == Q_FRAME_BOTTOM || frame == Q_FRAME_TOPBOT || frame == Q_FRAME_ALL : true;
  bool sides = given && (frame == Q_FRAME_SIDES || frame == Q_FRAME_ALL);
  q_sp top_w = given ? thin : heavy;

  /* The caption: "Table N. " and the title, above the table. */
  tag(vl, "Table");
  const q_node *title = table->first && table->first->kind == Q_TITLE ? table->first : NULL;
  q_computed cap = q_style_compute(style, Q_SEL_CAPTION, &t.tst);
  if (title) {
    q_para p = {0};
    p.block = title;
    p.style = cap;
    p.style.margin_left_pt = p.style.margin_right_pt = 0;
    p.style.text_indent_pt = 0;
    q_computed lab = cap;
    lab.bold = true;
    p.label = table->u.table.number
                  ? q_arena_printf(&l->arena, "Table %u. ", table->u.table.number)
                  : NULL;
    p.label_style = lab;
    p.x = x;
    p.width = width;
    p.keep_together = true;
    p.orphans_widows = 2;
    tag(vl, "Caption");
    size_t lines = q_para_set(s, &p);
    end(vl);
    if (lines) {
      q_vlist_attach(vl);
      q_vlist_penalty(vl, Q_PENALTY_INF);
      q_vlist_glue(vl, q_pt_sp(cap.margin_bottom_pt));
    }
  }

  /* Groups: the head (one box), each body band, the foot (one box). */
  unsigned nhead = table->u.table.head_rows, nfoot = table->u.table.foot_rows;
  if (nhead + nfoot > r.n)
    nhead = nfoot = 0;
  size_t head_box = SIZE_MAX, body_first = SIZE_MAX;
  size_t nbands = 0, band_k = 0;
  for (size_t i = nhead; i < r.n - nfoot; i = r.band_end[i])
    nbands++;
  bool first_box = true;
  q_sp gap = q_pt_sp(0.3 * td.font_size_pt);
  for (size_t i = 0; i < r.n;) {
    size_t endr;
    q_row_section sec = r.row[i]->u.row.section;
    if (sec == Q_ROW_HEAD && i < nhead)
      endr = nhead;
    else if (sec == Q_ROW_FOOT && i >= r.n - nfoot)
      endr = r.n;
    else {
      endr = r.band_end[i];
      if (endr > r.n - nfoot)
        endr = r.n - nfoot;
      if (endr <= i)
        endr = i + 1;
    }
    q_sp h = 0;
    for (size_t k = i; k < endr; k++) {
      r.top[k] = h;
      h += r.height[k];
    }
    /* Tags: a group opens with its first box. */
    bool group_start = i == 0 || r.row[i - 1]->u.row.section != sec;
    bool group_end = endr == r.n || r.row[endr]->u.row.section != sec;
    if (group_start)
      tag(vl, sec == Q_ROW_HEAD ? "THead" : sec == Q_ROW_FOOT ? "TFoot" : "TBody");
    const q_node *anchor = NULL;
    size_t anchor_offset = 0;
    for (size_t k = i; k < endr; k++) {
      tag(vl, "TR");
      for (size_t j = r.first_cell[k]; j < r.first_cell[k + 1]; j++) {
        const cell *c = &t.cells[j];
        unsigned rs = c->n->u.cell.rowspan;
        size_t last = k + rs <= endr ? k + rs : endr;
        q_sp area = r.top[last - 1] + r.height[last - 1] - r.top[k];
        q_sp room = area - c->height - c->pad_t - c->pad_b;
        q_sp dy = c->n->u.cell.valign == Q_VALIGN_MIDDLE   ? room / 2
                  : c->n->u.cell.valign == Q_VALIGN_BOTTOM ? room
                                                           : 0;
        q_sp top = -h + r.top[k] + c->pad_t + (dy > 0 ? dy : 0);
        tag(vl, c->n->u.cell.header ? "TH" : "TD");
        if (c->n->u.cell.header)
          vl->ops[vl->nops - 1].u.tag.scope = c->n->u.cell.scope_row ? "Row" : "Column";
        for (uint32_t o = c->op_start; o < c->op_end; o++) {
          q_op *op = q_vlist_op(vl);
          *op = t.pool.ops[o];
          op->x += c->x + c->pad_l + c->shift;
          op->y += top;
        }
        end(vl);
        if (!anchor && c->anchor) {
          anchor = c->anchor;
          anchor_offset = c->anchor_offset;
        }
        /* Cell rules, where the source asks for them. */
        q_sp cell_top = -h + r.top[k], cell_bottom = -h + r.top[last - 1] + r.height[last - 1];
        if (given && c->n->u.cell.rowsep > 0 && last < r.n)
          rule(vl, c->x, cell_bottom - thin / 2, c->width, thin, ink);
        if (given && c->n->u.cell.colsep > 0 && c->n->u.cell.col + c->n->u.cell.colspan < ncols)
          rule(vl, c->x + c->width - thin / 2, cell_top, thin, cell_bottom - cell_top, ink);
      }
      end(vl);
    }
    if (group_end)
      end(vl);
    /* Rules of the group's edges. */
    if (first_box && top_rule)
      rule(vl, 0, -h - top_w / 2, tw, top_w, ink);
    if (sec == Q_ROW_HEAD && group_end && !given)
      rule(vl, 0, -mid / 2, tw, mid, ink);
    if (endr == r.n && bottom_rule)
      rule(vl, 0, -(given ? thin : heavy) / 2, tw, given ? thin : heavy, ink);
    if (sides) {
      rule(vl, -thin / 2, -h, thin, h, ink);
      rule(vl, tw - thin / 2, -h, thin, h, ink);
    }
    if (endr == r.n)
      end(vl); /* Table */
    /* Break permissions before this box: never after the head or the
     * caption; not to leave one band alone at a page's foot or head. */
    bool body = sec == Q_ROW_BODY;
    if (!first_box) {
      bool keep = !body ? sec == Q_ROW_FOOT : (band_k == 1 || band_k + 1 == nbands ||
                                                  r.row[i - 1]->u.row.section == Q_ROW_HEAD);
      q_vlist_penalty(vl, keep ? Q_PENALTY_INF : 0);
    }
    q_vlist_box(vl, first_box ? h + gap : h, h, 0, x);
    if (anchor)
      q_vlist_anchor(vl, anchor, anchor_offset);
    if (sec == Q_ROW_HEAD)
      head_box = vl->n - 1;
    if (body) {
      if (body_first == SIZE_MAX)
        body_first = vl->n - 1;
      band_k++;
    }
    first_box = false;
    i = endr;
  }
  if (head_box != SIZE_MAX && body_first != SIZE_MAX)
    q_vlist_repeat(vl, head_box, vl->n);

  free(dpre);
  free(dpost);
  free(cmin);
  free(cmax);
  free(cw);
  free(cx);
  free(r.row);
  free(r.height);
  free(r.top);
  free(r.band_end);
  free(r.first_cell);
  free(t.cells);
  q_vlist_drop(&t.pool);
}
