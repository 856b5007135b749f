/* frame.c: the rules of a frame (vlist.h), drawn on each page it crosses.
 *
 * A frame's part on a page spans its boxes there: from the first one's top
 * (baseline less ascent) less the top padding to the last one's bottom
 * (baseline plus descent) plus the bottom padding. The top border is drawn
 * only where the frame begins, the bottom one only where it ends, so a box
 * that crosses a page stays open at the break. The background goes first,
 * then the borders; all of it before the page's text, which is drawn over
 * it, and outside any structure element (rules are not content). */
#include "vlist.h"

#include <stdlib.h>
#include <string.h>

#include "../base/mem.h"

static void rule(q_op *op, q_sp x, q_sp y, q_sp w, q_sp h, uint32_t color) {
  op->kind = Q_OP_RULE;
  op->x = x;
  op->y = y;
  op->u.rule.w = w;
  op->u.rule.h = h;
  op->u.rule.color = color;
}

/* Whether entries [a, b) hold a box. */
static bool any_box(const q_vlist *vl, size_t a, size_t b) {
  for (size_t i = a; i < b; i++)
    if (vl->e[i].kind == V_BOX)
      return true;
  return false;
}

void q_frames_draw(const q_vlist *vl, q_layout *l, q_sheet *p, size_t from, size_t to,
                   const q_sp *y, q_sp left) {
  q_op ops[6 * 8];
  size_t n = 0, old = p->nops;
  q_op *made = NULL;
  size_t made_n = 0, made_cap = 0;
  for (size_t k = 0; k < vl->nframes; k++) {
    const v_frame *f = &vl->frames[k];
    if (f->last <= from || f->first >= to)
      continue;
    size_t a = f->first > from ? f->first : from, b = f->last < to ? f->last : to;
    size_t top_box = SIZE_MAX, bottom_box = SIZE_MAX;
    for (size_t i = a; i < b; i++)
      if (vl->e[i].kind == V_BOX) {
        if (top_box == SIZE_MAX)
          top_box = i;
        bottom_box = i;
      }
    if (top_box == SIZE_MAX)
      continue; /* only glue or penalties of it here */
    bool starts = !any_box(vl, f->first, a), ends = !any_box(vl, b, f->last);
    const v_entry *t = &vl->e[top_box], *u = &vl->e[bottom_box];
    q_sp top = y[top_box - from] - t->ascent - f->pad_top - (starts ? f->border[0] : 0);
    q_sp bottom = y[bottom_box - from] + u->descent + f->pad_bottom + (ends ? f->border[2] : 0);
    q_sp x = left + f->x, h = bottom - top;
    n = 0;
    if (f->has_background)
      rule(&ops[n++], x, top, f->width, h, f->background);
    if (starts && f->border[0] > 0)
      rule(&ops[n++], x, top, f->width, f->border[0], f->border_color);
    if (ends && f->border[2] > 0)
      rule(&ops[n++], x, bottom - f->border[2], f->width, f->border[2], f->border_color);
    if (f->border[3] > 0)
      rule(&ops[n++], x, top, f->border[3], h, f->border_color);
    if (f->border[1] > 0)
      rule(&ops[n++], x + f->width - f->border[1], top, f->border[1], h, f->border_color);
    made = q_grow(made, &made_cap, made_n + n, sizeof *made);
    memcpy(made + made_n, ops, n * sizeof *ops);
    made_n += n;
  }
  if (made_n == 0) {
    free(made);
    return;
  }
  for (size_t k = 0; k < made_n; k++)
    q_sheet_op(l, p);
  memmove(p->ops + made_n, p->ops, old * sizeof *p->ops);
  memcpy(p->ops, made, made_n * sizeof *made);
  free(made);
}
