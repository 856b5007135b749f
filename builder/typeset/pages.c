/* pages.c: the vertical list and the page builder.
 *
 * The page builder fills a page box by box. When the next box would cross
 * the page's foot, the page ends at the last penalty on it that allows a
 * break (the latest one: a ragged bottom, as in most books set with TeX's
 * \raggedbottom); if the page has none, at the box that does not fit. Glue
 * and penalties at the top of a page are discarded. A penalty <= -10000
 * always ends the page. The cost is linear: each entry is placed once, and a
 * page is cut at most once per entry it holds.
 *
 * Footnotes are TeX's insertions (vlist.h): the page keeps the notes of
 * its lines so far as ranges of the insertion list; a line is accepted only
 * if the text down to it, the rule's skip, every earlier note in full and
 * the first two lines of its own first note fit. When the page is cut, its
 * notes are the carried-over rest of the previous page's and those of the
 * lines before the cut, set from the page's foot up; the first that does
 * not fit is split after its last line that does, and it and any after it
 * are carried to the next page. */
#include "vlist.h"
#include "../base/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void q_vlist_init(q_vlist *vl) { memset(vl, 0, sizeof *vl); }

void q_vlist_drop(q_vlist *vl) {
  free(vl->frames);
  free(vl->e);
  free(vl->ops);
  if (vl->ins) {
    q_vlist_drop(vl->ins);
    free(vl->ins);
  }
  free(vl->notes);
  free(vl->repeats);
  memset(vl, 0, sizeof *vl);
}

/* Append the entries and ops of from to vl (not its notes), shifting box
 * op ranges. */
static void append_entries(q_vlist *vl, const q_vlist *from) {
  if (vl->nops + from->nops >= UINT32_MAX || vl->n + from->n >= UINT32_MAX)
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
}

void q_vlist_note(q_vlist *vl, size_t box, q_vlist *lines) {
  if (!vl->ins) {
    vl->ins = q_zalloc(1, sizeof *vl->ins);
    q_vlist_init(vl->ins);
  }
  uint32_t from = (uint32_t)vl->ins->n;
  append_entries(vl->ins, lines);
  vl->notes = q_grow(vl->notes, &vl->notecap, vl->nnotes + 1, sizeof *vl->notes);
  vl->notes[vl->nnotes++] = (v_note){(uint32_t)box, from, (uint32_t)vl->ins->n};
  q_vlist_drop(lines);
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
  e->kind = (uint8_t)kind;
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
  uint32_t base_e = (uint32_t)vl->n;
  vl->frames = q_grow(vl->frames, &vl->fcap, vl->nframes + from->nframes, sizeof *vl->frames);
  for (size_t i = 0; i < from->nframes; i++) {
    v_frame f = from->frames[i];
    f.first += base_e, f.last += base_e;
    vl->frames[vl->nframes++] = f;
  }
  append_entries(vl, from);
  if (from->nnotes) {
    if (!vl->ins) {
      vl->ins = q_zalloc(1, sizeof *vl->ins);
      q_vlist_init(vl->ins);
    }
    uint32_t base_i = (uint32_t)vl->ins->n;
    append_entries(vl->ins, from->ins);
    for (size_t k = 0; k < from->nnotes; k++) {
      const v_note *nt = &from->notes[k];
      vl->notes = q_grow(vl->notes, &vl->notecap, vl->nnotes + 1, sizeof *vl->notes);
      vl->notes[vl->nnotes++] = (v_note){nt->box + base_e, nt->from + base_i, nt->to + base_i};
    }
  }
  for (size_t i = 0; i < from->nrepeats; i++)
    q_vlist_repeat(vl, from->repeats[i].head + base_e, from->repeats[i].to + base_e);
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

size_t q_vlist_frame_open(q_vlist *vl, const v_frame *f) {
  vl->frames = q_grow(vl->frames, &vl->fcap, vl->nframes + 1, sizeof *vl->frames);
  v_frame *nf = &vl->frames[vl->nframes];
  *nf = *f;
  nf->first = nf->last = vl->n;
  return vl->nframes++;
}

void q_vlist_frame_close(q_vlist *vl, size_t frame) { vl->frames[frame].last = vl->n; }
void q_vlist_repeat(q_vlist *vl, size_t head, size_t to) {
  vl->repeats = q_grow(vl->repeats, &vl->repcap, vl->nrepeats + 1, sizeof *vl->repeats);
  vl->repeats[vl->nrepeats++] = (v_repeat){head, to};
}

/* The box to repeat on a page that begins at entry start, or SIZE_MAX;
 * *cursor walks the repeats once over the whole list. */
static size_t repeat_at(const q_vlist *vl, size_t *cursor, size_t start) {
  while (*cursor < vl->nrepeats && vl->repeats[*cursor].to <= start)
    (*cursor)++;
  if (*cursor < vl->nrepeats && vl->repeats[*cursor].head < start)
    return vl->repeats[*cursor].head;
  return SIZE_MAX;
}

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

/* A run of note lines: entries [from, to) of the insertion list. */
typedef struct nrange {
  uint32_t from, to;
  uint32_t origin;        /* where the note begins (before from when continued) */
} nrange;

/* The height of the first `lines` lines of ins entries [from, to) (all of
 * them: UINT32_MAX), from the first line's top to the last one's foot;
 * *stop: the entry after the last line counted. */
static q_sp ins_height(const q_vlist *ins, uint32_t from, uint32_t to, uint32_t lines,
                       uint32_t *stop) {
  q_sp h = 0, glue = 0, descent = 0;
  uint32_t count = 0, i = from;
  for (; i < to && count < lines; i++) {
    const v_entry *e = &ins->e[i];
    if (e->kind == V_GLUE) {
      glue += count ? e->space : 0;
    } else if (e->kind == V_BOX) {
      h += count ? glue + e->lead : e->ascent;
      glue = 0;
      descent = e->descent;
      count++;
    }
  }
  if (stop)
    *stop = i;
  return h + descent;
}

static q_sp full_height(const q_vlist *ins, nrange r) {
  return ins_height(ins, r.from, r.to, UINT32_MAX, NULL);
}

/* What a page's notes need at least: earlier ones in full, the first two
 * lines of the last. `full` is the sum of all in full, with the gaps. */
typedef struct notes_need {
  q_sp full, floor;
  size_t count;
} notes_need;

static void need_add(const q_vlist *vl, notes_need *nd, nrange r) {
  q_sp gap = nd->count ? vl->note_gap : 0;
  nd->floor = nd->full + gap + ins_height(vl->ins, r.from, r.to, 2, NULL);
  nd->full += gap + full_height(vl->ins, r);
  nd->count++;
}

/* Copy the ops of box e to page p with its baseline at y. */
static void place_box(const q_vlist *vl, q_layout *l, q_sheet *p, const v_entry *e, q_sp x,
                      q_sp y) {
  for (size_t k = e->op_start; k < e->op_end; k++) {
    q_op *op = q_sheet_op(l, p);
    *op = vl->ops[k];
    op->x += x + e->x;
    op->y += y;
  }
}

/* The structure elements open after the ops of ins's boxes [from, to):
 * how many, and (stack not NULL) their opening ops, outermost first. */
static size_t open_tags(const q_vlist *ins, uint32_t from, uint32_t to, const q_op ***stack,
                        size_t *cap) {
  size_t depth = 0;
  for (uint32_t i = from; i < to; i++) {
    if (ins->e[i].kind != V_BOX)
      continue;
    for (uint32_t o = ins->e[i].op_start; o < ins->e[i].op_end; o++) {
      const q_op *op = &ins->ops[o];
      if (op->kind == Q_OP_TAG_BEGIN) {
        if (stack)
          *stack = q_grow(*stack, cap, depth + 1, sizeof **stack), (*stack)[depth] = op;
        depth++;
      } else if (op->kind == Q_OP_TAG_END && depth) {
        depth--;
      }
    }
  }
  return depth;
}

static size_t open_depth(const q_vlist *ins, uint32_t from, uint32_t to) {
  return open_tags(ins, from, to, NULL, NULL);
}

/* Open again on p the elements open where a continued note resumes. */
static void reopen_stack(q_layout *l, q_sheet *p, const q_vlist *ins, uint32_t origin,
                         uint32_t from) {
  const q_op **stack = NULL;
  size_t cap = 0, depth = open_tags(ins, origin, from, &stack, &cap);
  for (size_t k = 0; k < depth; k++) {
    q_op *op = q_sheet_op(l, p);
    *op = *stack[k];
    op->u.tag.dest = NULL; /* the note's link target is its first part */
  }
  free(stack);
}

/* Set the notes of a page at the foot of its text block, below the text
 * whose last line ends at `bottom` (0: no text). notes [0, n) in order;
 * what does not fit is written to carry (returns its count). */
static size_t place_notes(const q_vlist *vl, q_layout *l, q_sheet *p, const nrange *notes,
                          size_t n, q_sp left, q_sp top, q_sp height, q_sp bottom,
                          nrange *carry) {
  if (n == 0)
    return 0;
  const q_vlist *ins = vl->ins;
  q_sp room = height - bottom - vl->note_skip;
  q_sp used = 0;
  size_t placed = 0;
  nrange part = {0, 0, 0}; /* the split note's lines on this page */
  size_t ncarry = 0;
  for (; placed < n; placed++) {
    q_sp gap = placed ? vl->note_gap : 0;
    q_sp h = full_height(ins, notes[placed]);
    if (used + gap + h <= room) {
      used += gap + h;
      continue;
    }
    /* Split: as many lines as fit, the rest carried. */
    uint32_t lines = 0, stop = notes[placed].from;
    for (uint32_t k = 1;; k++) {
      uint32_t st;
      q_sp hk = ins_height(ins, notes[placed].from, notes[placed].to, k, &st);
      if (used + gap + hk > room || st == stop)
        break;
      lines = k, stop = st;
    }
    if (lines == 0 && bottom == 0 && placed == 0) { /* taller than a page: one line */
      (void)ins_height(ins, notes[placed].from, notes[placed].to, 1, &stop);
      lines = 1;
    }
    if (lines) {
      part = (nrange){notes[placed].from, stop, notes[placed].origin};
      used += gap + ins_height(ins, part.from, part.to, UINT32_MAX, NULL);
      if (stop < notes[placed].to)
        carry[ncarry++] = (nrange){stop, notes[placed].to, notes[placed].origin};
    } else {
      carry[ncarry++] = notes[placed];
    }
    for (size_t k = placed + 1; k < n; k++)
      carry[ncarry++] = notes[k];
    break;
  }
  size_t whole = placed;
  if (whole == 0 && part.to == part.from)
    return ncarry;
  q_sp y0 = top + height - used;
  if (vl->note_rule) {
    q_op *rule = q_sheet_op(l, p);
    rule->kind = Q_OP_RULE;
    rule->x = left;
    rule->y = y0 - vl->note_skip / 2;
    rule->u.rule.w = vl->note_rule;
    rule->u.rule.h = Q_PT(0.4);
    rule->u.rule.color = 0x000000;
  }
  q_sp y = y0;
  for (size_t k = 0; k <= whole && k < n; k++) {
    nrange r = k < whole ? notes[k] : part;
    if (r.to == r.from)
      break;
    if (k)
      y += vl->note_gap;
    /* Each page's part of a note is whole in the structure: the elements
     * open where a continued note resumes open again (a second Note), and
     * whatever is open where it stops is closed. */
    reopen_stack(l, p, ins, r.origin, r.from);
    q_sp glue = 0;
    bool firstline = true;
    q_sp desc = 0;
    for (uint32_t i = r.from; i < r.to; i++) {
      const v_entry *e = &ins->e[i];
      if (e->kind == V_GLUE) {
        glue += firstline ? 0 : e->space;
      } else if (e->kind == V_BOX) {
        y += firstline ? e->ascent : glue + e->lead;
        glue = 0;
        firstline = false;
        desc = e->descent;
        place_box(ins, l, p, e, left, y);
      }
    }
    for (size_t open = open_depth(ins, r.origin, r.to); open > 0; open--)
      q_sheet_op(l, p)->kind = Q_OP_TAG_END;
    y += desc;
  }
  return ncarry;
}

/* Place boxes [from, to) on a new page, under box `head` (a table's head
 * repeated, SIZE_MAX: none), then its notes: carried[0, *ncarry) and those
 * of the boxes; *ncarry and carried become the next page's. */
static void emit_page(q_vlist *vl, q_layout *l, size_t from, size_t to, q_sp left, q_sp top,
                      q_sp height, q_sp topskip, size_t head, nrange **carried, size_t *ncarry,
                      size_t *next_note) {
  q_sheet *p = q_layout_page(l);
  q_sp y = 0, bottom = 0;
  bool first = true;
  q_sp *ys = vl->nframes ? q_zalloc(to - from + 1, sizeof *ys) : NULL;
  if (head != SIZE_MAX) {
    const v_entry *e = &vl->e[head];
    y = top + e->ascent;
    p->part = e->part;
    first = false;
    for (size_t k = e->op_start; k < e->op_end; k++) {
      if (vl->ops[k].kind == Q_OP_TAG_BEGIN || vl->ops[k].kind == Q_OP_TAG_END)
        continue;
      q_op *op = q_sheet_op(l, p);
      *op = vl->ops[k];
      op->x += left + e->x;
      op->y += y;
      if (op->kind == Q_OP_GLYPHS)
        op->u.glyphs.artifact = true;
    }
    y += e->descent;
  }
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
      bottom = y + e->descent - top;
      if (e->opens_part && i == first_box)
        p->part = NULL; /* an opening page (no running head); a part that
                           opens lower down (part-break: none) leaves the
                           page to the part it began with */
      if (!p->anchor && e->anchor) {
        p->anchor = e->anchor;
        p->anchor_offset = e->anchor_offset;
      }
      place_box(vl, l, p, e, left, y);
      if (ys)
        ys[i - from] = y;
    }
  }
  if (ys) {
    q_frames_draw(vl, l, p, from, to, ys, left);
    free(ys);
  }
  if (!vl->ins)
    return;
  if (first && vl->n) /* a page of notes only: its part's running head */
    p->part = vl->e[(from ? from : 1) - 1].part;
  size_t n = *ncarry;
  size_t k = *next_note;
  while (k < vl->nnotes && vl->notes[k].box < to)
    k++;
  nrange *list = q_realloc(NULL, n + (k - *next_note) + 1, sizeof *list);
  if (n)
    memcpy(list, *carried, n * sizeof *list);
  for (size_t j = *next_note; j < k; j++)
    list[n++] = (nrange){vl->notes[j].from, vl->notes[j].to, vl->notes[j].from};
  *next_note = k;
  *carried = q_realloc(*carried, n + 1, sizeof **carried);
  *ncarry = place_notes(vl, l, p, list, n, left, top, height, bottom, *carried);
  free(list);
}

size_t q_vlist_paginate(q_vlist *vl, q_layout *l, q_sp left, q_sp top, q_sp height,
                        q_sp topskip) {
  size_t first_page = l->npages;
  size_t i = 0, cursor = 0;
  nrange *carried = NULL;
  size_t ncarry = 0, next_note = 0;
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
    notes_need nd = {0, 0, 0};
    for (size_t k = 0; k < ncarry; k++)
      need_add(vl, &nd, carried[k]);
    size_t nk = next_note;
    size_t head = repeat_at(vl, &cursor, start);
    if (head != SIZE_MAX) {
      y = vl->e[head].ascent + vl->e[head].descent;
      first = false;
    }
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
      /* The notes this line brings, if it is accepted. */
      notes_need with = nd;
      size_t nk2 = nk;
      while (nk2 < vl->nnotes && vl->notes[nk2].box < i)
        nk2++; /* notes of lines already accepted (counted) or skipped */
      for (; nk2 < vl->nnotes && vl->notes[nk2].box == i; nk2++)
        need_add(vl, &with, (nrange){vl->notes[nk2].from, vl->notes[nk2].to, vl->notes[nk2].from});
      q_sp notes = with.count ? vl->note_skip + with.floor : 0;
      q_sp next = first ? (e->ascent > topskip ? e->ascent : topskip) : y + e->lead;
      if (i > start && next + e->descent + notes > height) {
        if (!have_cut)
          cut = i; /* nothing allows a break: cut here all the same */
        break;
      }
      nd = with;
      nk = nk2;
      y = next;
      first = false;
    }
    if (i == vl->n)
      cut = vl->n;
    emit_page(vl, l, start, cut, left, top, height, topskip, head, &carried, &ncarry, &next_note);
    i = cut;
  }
  /* Notes still to set after the text: pages of their own. */
  for (int guard = 0; ncarry && guard < 1000; guard++)
    emit_page(vl, l, vl->n, vl->n, left, top, height, topskip, SIZE_MAX, &carried, &ncarry, &next_note);
  free(carried);
  return first_page;
}
