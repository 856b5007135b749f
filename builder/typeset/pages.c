/* pages.c: the vertical list and the page builder.
 *
 * The page builder fills a page box by box. When the next box would cross
 * the page's foot, the page ends at the last penalty on it that allows a
 * break (the latest one: a ragged bottom, as in most books set with TeX's
 * \raggedbottom); if the page has none, at the box that does not fit. Glue
 * and penalties at the top of a page are discarded. A penalty <= -10000
 * always ends the page. The cost is linear: each entry is placed once, and a
 * page is cut at most once per entry it holds. */
#include "vlist.h"
#include "../base/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void q_vlist_init(q_vlist *vl) { memset(vl, 0, sizeof *vl); }

void q_vlist_drop(q_vlist *vl) {
  free(vl->e);
  free(vl->ops);
  memset(vl, 0, sizeof *vl);
}

q_op *q_vlist_op(q_vlist *vl) {
  if (vl->nops >= UINT32_MAX) /* entries keep 32-bit indexes */
    q_oom();
  vl->ops = q_grow(vl->ops, &vl->opcap, vl->nops + 1, sizeof *vl->ops);
  q_op *op = &vl->ops[vl->nops++];
  memset(op, 0, sizeof *op);
  return op;
}

static v_entry *push(q_vlist *vl, v_kind kind) {
  vl->e = q_grow(vl->e, &vl->cap, vl->n + 1, sizeof *vl->e);
  v_entry *e = &vl->e[vl->n++];
  memset(e, 0, sizeof *e);
  e->kind = kind;
  e->part = vl->part;
  return e;
}

void q_vlist_box(q_vlist *vl, q_sp lead, q_sp ascent, q_sp descent, q_sp x) {
  v_entry *e = push(vl, V_BOX);
  e->lead = lead;
  e->ascent = ascent;
  e->descent = descent;
  e->x = x;
  e->op_start = (uint32_t)vl->boxed;
  e->op_end = (uint32_t)vl->nops;
  e->opens_part = vl->opening;
  vl->opening = false;
  vl->boxed = vl->nops;
}

void q_vlist_append(q_vlist *vl, q_vlist *from) {
  if (vl->nops + from->nops >= UINT32_MAX)
    q_oom();
  uint32_t base = (uint32_t)vl->nops;
  vl->ops = q_grow(vl->ops, &vl->opcap, vl->nops + from->nops, sizeof *vl->ops);
  if (from->nops)
    memcpy(vl->ops + vl->nops, from->ops, from->nops * sizeof *vl->ops);
  vl->nops += from->nops;
  vl->boxed = vl->nops;
  vl->e = q_grow(vl->e, &vl->cap, vl->n + from->n, sizeof *vl->e);
  for (size_t i = 0; i < from->n; i++) {
    v_entry e = from->e[i];
    if (e.kind == V_BOX)
      e.op_start += base, e.op_end += base;
    vl->e[vl->n++] = e;
  }
  vl->part = from->part;
  q_vlist_drop(from);
}

void q_vlist_anchor(q_vlist *vl, const q_node *text, size_t offset) {
  for (size_t i = vl->n; i-- > 0;)
    if (vl->e[i].kind == V_BOX) {
      vl->e[i].anchor = text;
      vl->e[i].anchor_offset = offset < UINT32_MAX ? (uint32_t)offset : UINT32_MAX;
      return;
    }
}

void q_vlist_attach(q_vlist *vl) {
  for (size_t i = vl->n; i-- > 0;)
    if (vl->e[i].kind == V_BOX) {
      vl->e[i].op_end = (uint32_t)vl->nops;
      vl->boxed = vl->nops;
      return;
    }
}

void q_vlist_glue(q_vlist *vl, q_sp space) { push(vl, V_GLUE)->space = space; }

void q_vlist_penalty(q_vlist *vl, int32_t penalty) { push(vl, V_PENALTY)->penalty = penalty; }

q_sheet *q_layout_page(q_layout *l) {
  l->pages = q_grow(l->pages, &l->cap, l->npages + 1, sizeof *l->pages);
  q_sheet *p = &l->pages[l->npages++];
  memset(p, 0, sizeof *p);
  return p;
}

q_op *q_sheet_op(q_layout *l, q_sheet *p) {
  (void)l;
  p->ops = q_grow(p->ops, &p->cap, p->nops + 1, sizeof *p->ops);
  q_op *op = &p->ops[p->nops++];
  memset(op, 0, sizeof *op);
  return op;
}

/* Place boxes [from, to) on a new page. */
static void emit_page(q_vlist *vl, q_layout *l, size_t from, size_t to, q_sp left, q_sp top,
                      q_sp topskip) {
  q_sheet *p = q_layout_page(l);
  q_sp y = 0;
  bool first = true;
  size_t first_box = to;
  for (size_t i = from; i < to; i++) {
    const v_entry *e = &vl->e[i];
    if (e->kind == V_GLUE && !first) {
      y += e->space;
    } else if (e->kind == V_BOX) {
      if (first) {
        y = top + (e->ascent > topskip ? e->ascent : topskip);
        p->part = e->part;
        first = false;
        first_box = i;
      } else {
        y += e->lead;
      }
      if (e->opens_part && i == first_box)
        p->part = NULL; /* an opening page (no running head); a part that
                           opens lower down (part-break: none) leaves the
                           page to the part it began with */
      if (!p->anchor && e->anchor) {
        p->anchor = e->anchor;
        p->anchor_offset = e->anchor_offset;
      }
      for (size_t k = e->op_start; k < e->op_end; k++) {
        q_op *op = q_sheet_op(l, p);
        *op = vl->ops[k];
        op->x += left + e->x;
        op->y += y;
      }
    }
  }
}

size_t q_vlist_paginate(q_vlist *vl, q_layout *l, q_sp left, q_sp top, q_sp height,
                        q_sp topskip) {
  size_t first_page = l->npages;
  size_t i = 0;
  while (i < vl->n) {
    /* Skip what is discarded at the top of a page. */
    while (i < vl->n && vl->e[i].kind != V_BOX)
      i++;
    if (i == vl->n)
      break;
    size_t start = i, cut = 0;
    bool have_cut = false;
    q_sp y = 0;
    bool first = true;
    for (; i < vl->n; i++) {
      const v_entry *e = &vl->e[i];
      if (e->kind == V_PENALTY) {
        if (e->penalty <= -Q_PENALTY_INF) {
          cut = i, have_cut = true;
          break;
        }
        if (e->penalty < Q_PENALTY_INF)
          cut = i, have_cut = true;
        continue;
      }
      if (e->kind == V_GLUE) {
        y += e->space;
        continue;
      }
      q_sp next = first ? (e->ascent > topskip ? e->ascent : topskip) : y + e->lead;
      if (!first && next + e->descent > height) {
        if (!have_cut)
          cut = i; /* nothing allows a break: cut here all the same */
        break;
      }
      y = next;
      first = false;
    }
    if (i == vl->n)
      cut = vl->n;
    emit_page(vl, l, start, cut, left, top, topskip);
    i = cut;
  }
  return first_page;
}
