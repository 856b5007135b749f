/* layout.c: the document model -> pages.
 *
 * The body is set first: each part opens a new page (or, as the theme's
 * part-break says, follows the previous one after a rule, or opens on a
 * right-hand page, recto.h); blocks go to the
 * vertical list with the space the theme gives them (adjacent margins
 * collapse, as in CSS), headings forbid a page break after them, and every
 * paragraph keeps two lines together at its start and end. Page labels of
 * the body are arabic from 1, so the front matter (title page, contents with
 * the body's page numbers, labelled i, ii, ...) is set afterwards and put in
 * front. Running heads (bundle title, part title) and folios go on every
 * page but the title page and a part's opening page. */
#include "layout.h"

#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../base/mem.h"
#include "../model/box.h"
#include "../model/xref.h"
#include "notes.h"
#include "../base/buf.h"
#include "../model/names.h"
#include "listing.h"
#include "lists.h"
#include "figure.h"
#include "para.h"
#include "table.h"
#include "recto.h"
#include "vlist.h"

typedef struct walker {
  q_setter set;
  const q_style *style;
  q_computed body;
  q_sp measure;         /* text block width */
  q_sp pending;         /* bottom margin of the previous block, not yet spent */
  bool after_heading;   /* the next block binds to a heading */
  bool first_block;     /* nothing set yet on this page run */
  bool flush_next;      /* the next paragraph follows a box, quote or epigraph:
                           no indent */
  q_marks marks;        /* footnote marks of the block just set */
  const q_node *offprint; /* the one part an offprint sets, or NULL */
  bool after_display;   /* a list or a listing came just before: no indent */
} walker;

static void set_notes(walker *w);

/* Points to scaled points, saturating at TeX's largest dimension (16383.99
 * pt): the style model keeps a theme's sizes far inside it, and a length
 * beyond it must not wrap around (or be undefined) when converted. */
static q_sp sp(double pt) {
  if (!(pt > -16383.0))
    pt = -16383.0;
  else if (pt > 16383.0)
    pt = 16383.0;
  return Q_PT(pt);
}

static void outline_add(q_layout *l, const char *title, unsigned level, const char *dest) {
  l->outline = q_grow(l->outline, &l->outline_cap, l->noutline + 1, sizeof *l->outline);
  l->outline[l->noutline++] = (q_outline_entry){title, level, dest};
}

static void tag_begin(walker *w, const char *name) {
  q_op *op = q_vlist_op(w->set.vl);
  op->kind = Q_OP_TAG_BEGIN;
  op->u.tag.name = name;
}

static void tag_end(walker *w) { q_vlist_op(w->set.vl)->kind = Q_OP_TAG_END; }

static void dest(walker *w, const char *name) {
  q_op *op = q_vlist_op(w->set.vl);
  op->kind = Q_OP_DEST;
  op->u.dest.name = name;
}

/* Space before a block: collapses with the previous block's bottom margin;
 * a page may break here unless a heading comes just before. */
static void space_before(walker *w, q_sp top) {
  q_sp space = top > w->pending ? top : w->pending;
  w->pending = 0;
  if (w->first_block) {
    w->first_block = false;
    return;
  }
  q_vlist_penalty(w->set.vl, w->after_heading ? Q_PENALTY_INF : 0);
  q_vlist_glue(w->set.vl, space);
}

/* An <anchor> (and any inline with an xml:id) is a link target: a
 * destination at the top of its paragraph. */
static void anchor_dests(walker *w, const q_node *block) {
  q_iter it;
  q_iter_start(&it, block);
  for (q_event ev; (ev = q_iter_next(&it)) != Q_EV_DONE;)
    if (ev == Q_EV_ENTER && it.node->kind == Q_INLINE && it.node->id)
      dest(w, it.node->id);
}

static void set_block(walker *w, const q_node *block, const q_computed *st, const char *tag,
                      const char *label, const q_computed *label_st, q_sp x, q_sp width,
                      bool indent, bool keep) {
  space_before(w, sp(st->margin_top_pt));
  q_para p = {0};
  p.block = block;
  p.style = *st;
  p.label = label;
  if (label_st)
    p.label_style = *label_st;
  p.x = x + sp(st->margin_left_pt);
  p.width = width - sp(st->margin_left_pt) - sp(st->margin_right_pt);
  p.indent = indent ? sp(st->text_indent_pt) : 0;
  p.keep_together = keep;
  p.orphans_widows = 2;
  /* A cross-reference target that has no destination of its own. */
  if (block && block->id && block->kind != Q_TITLE && w->set.pages &&
      q_pagerefs_wanted(w->set.pages, block->id))
    dest(w, block->id);
  if (block)
    anchor_dests(w, block);
  if (tag)
    tag_begin(w, tag);
  size_t lines = q_para_set(&w->set, &p);
  if (tag) {
    tag_end(w);
    if (lines)
      q_vlist_attach(w->set.vl);
  }
  w->pending = sp(st->margin_bottom_pt);
  w->after_heading = keep;
  if (w->marks.n)
    set_notes(w);
}

static void set_blocks(walker *w, const q_node *parent, const q_computed *ctx, q_sp x, q_sp width,
                       unsigned depth);
static void set_apart(walker *w, const q_node *n, const q_computed *ctx, q_sp x, q_sp width,
                      unsigned depth);
static bool is_set_apart(q_kind k);

static char *part_label(walker *w, const q_node *part) {
  if (part->kind != Q_PART || !part->u.part.number)
    return NULL;
  return q_arena_printf(&w->set.layout->arena, "%u. ", part->u.part.number);
}

static void set_heading(walker *w, const q_node *owner, unsigned level, q_sp x, q_sp width) {
  const q_node *title = q_node_title(owner);
  q_sel sel = level <= 1 ? Q_SEL_H1 : level == 2 ? Q_SEL_H2 : Q_SEL_H3;
  q_computed st = q_style_compute(w->style, sel, &w->body);
  static const char *const tags[] = {"H1", "H2", "H3"};
  if (owner->id && owner->kind != Q_PART) /* a part's comes first on its page */
    dest(w, owner->id);
  char *label = part_label(w, owner);
  set_block(w, title, &st, tags[level <= 1 ? 0 : level == 2 ? 1 : 2], label, &st, x, width, false,
            true);
  /* The subtitle: a P of its own right after the heading, bound to it and to
   * the text below as the heading is; never in the outline. */
  const char *subtitle = q_node_titles(owner).subtitle;
  if (subtitle && *subtitle) {
    q_computed sub = q_style_subtitle(w->style, level, &w->body);
    w->pending = 0;
    set_block(w, NULL, &sub, "P", subtitle, &sub, x, width, false, true);
  }
  q_layout *l = w->set.layout;
  const char *plain = title ? q_node_plain_text(&w->set.layout->arena, title) : "";
  outline_add(l, label ? q_arena_printf(&l->arena, "%s%s", label, plain) : plain, level, owner->id);
}

static void set_list(walker *w, const q_node *list, const q_computed *ctx, q_sp x, q_sp width,
                     unsigned depth) {
  q_computed ul = q_style_compute(w->style, Q_SEL_UL, ctx);
  q_computed li = q_style_compute(w->style, Q_SEL_LI, &ul);
  q_sp indent = sp(ul.margin_left_pt) > 0 ? sp(ul.margin_left_pt) : sp(1.5 * ul.font_size_pt);
  space_before(w, sp(ul.margin_top_pt));
  tag_begin(w, "L");
  unsigned k = list->u.list.start ? list->u.list.start : 1;
  q_computed mono = q_style_compute(w->style, Q_SEL_CODE, &li);
  if (list->u.list.ordered) {
    /* Labels hang in the indent: widen it for wide ones (XVIII.), so that
     * none reaches into the margin. */
    unsigned n = k;
    q_sp widest = 0;
    for (const q_node *item = list->first; item; item = item->next) {
      char buf[32];
      q_label_face face;
      const char *mark = q_list_label(list, item, &n, buf, sizeof buf, &face);
      q_sp mw = q_text_width(&w->set, mark, face.mono ? &mono : &li, NULL);
      widest = mw > widest ? mw : widest;
    }
    if (widest + sp(0.5 * li.font_size_pt) > indent)
      indent = widest + sp(0.5 * li.font_size_pt);
  }
  for (const q_node *item = list->first; item; item = item->next) {
    tag_begin(w, "LI");
    tag_begin(w, "Lbl");
    char buf[32];
    q_label_face face;
    const char *mark = q_list_label(list, item, &k, buf, sizeof buf, &face);
    q_computed ms = face.mono ? mono : li;
    ms.font_size_pt = li.font_size_pt * face.scale;
    q_sp mw = q_text_width(&w->set, mark, &ms, NULL);
    q_sp gap = sp(0.5 * li.font_size_pt);
    /* The mark hangs in the indent, on the first line's baseline; a shape
     * made small is raised to the middle of the x-height, where the
     * bullet is. */
    size_t from = w->set.vl->nops;
    q_text_ops(&w->set, w->set.vl, mark, &ms, -gap - mw, NULL);
    q_sp raise = sp(0.3 * (li.font_size_pt - ms.font_size_pt));
    for (size_t o = from; o < w->set.vl->nops; o++)
      w->set.vl->ops[o].y -= raise;
    tag_end(w);
    tag_begin(w, "LBody");
    set_blocks(w, item, &li, x + indent, width - indent, depth + 1);
    tag_end(w);
    tag_end(w);
    q_vlist_attach(w->set.vl);
    w->pending = sp(li.margin_bottom_pt) > w->pending ? sp(li.margin_bottom_pt) : w->pending;
  }
  tag_end(w);
  q_vlist_attach(w->set.vl);
  w->pending = sp(ul.margin_bottom_pt) > w->pending ? sp(ul.margin_bottom_pt) : w->pending;
}

/* A listing: its lines as typed (listing.c), in a Code element. */
static void set_listing(walker *w, const q_node *n, const q_computed *ctx, q_sp x, q_sp width) {
  bool literal = n->u.listing.kind == Q_LISTING_LITERAL;
  q_listing p = {0};
  p.node = n;
  p.style = q_style_compute(w->style, literal ? Q_SEL_LITERAL : Q_SEL_PRE, ctx);
  p.mark_style = q_style_compute(w->style, Q_SEL_PRE, ctx);
  p.mark_style.color = 0x666666;
  p.x = x + sp(p.style.margin_left_pt);
  p.width = width - sp(p.style.margin_left_pt) - sp(p.style.margin_right_pt);
  space_before(w, sp(p.style.margin_top_pt));
  tag_begin(w, literal ? "P" : "Code");
  size_t lines = q_listing_set(&w->set, &p);
  tag_end(w);
  if (lines)
    q_vlist_attach(w->set.vl);
  w->pending = sp(p.style.margin_bottom_pt);
  w->after_heading = false;
}

/* A variablelist as a definition list: each entry an LI, its terms (one
 * line each, bold by default) the Lbl, what it says of them the LBody,
 * indented. The terms stay with the first line of their body. */
static void set_varlist(walker *w, const q_node *list, const q_computed *ctx, q_sp x, q_sp width,
                        unsigned depth) {
  q_computed ul = q_style_compute(w->style, Q_SEL_UL, ctx);
  q_computed dt = q_style_compute(w->style, Q_SEL_DT, ctx);
  q_computed dd = q_style_compute(w->style, Q_SEL_DD, ctx);
  q_sp indent = sp(dd.margin_left_pt);
  space_before(w, sp(ul.margin_top_pt));
  tag_begin(w, "L");
  for (const q_node *e = list->first; e; e = e->next) {
    tag_begin(w, "LI");
    tag_begin(w, "Lbl");
    bool first = true;
    for (const q_node *c = e->first; c; c = c->next)
      if (c->kind == Q_TERM) {
        q_computed st = dt;
        if (!first)
          st.margin_top_pt = 0; /* the terms of one entry: line after line */
        set_block(w, c, &st, NULL, NULL, NULL, x, width, false, true);
        first = false;
      }
    tag_end(w);
    q_vlist_attach(w->set.vl);
    tag_begin(w, "LBody");
    for (const q_node *c = e->first; c; c = c->next)
      if (c->kind == Q_ITEM) {
        q_computed body = dd;
        body.margin_left_pt = 0;
        set_blocks(w, c, &body, x + indent, width - indent, depth + 1);
      }
    tag_end(w);
    tag_end(w);
    q_vlist_attach(w->set.vl);
  }
  tag_end(w);
  q_vlist_attach(w->set.vl);
  w->pending = sp(ul.margin_bottom_pt) > w->pending ? sp(ul.margin_bottom_pt) : w->pending;
  w->after_heading = false;
}

static void set_simplelist(walker *w, const q_node *list, const q_computed *ctx, q_sp x, q_sp width) {
  q_computed ul = q_style_compute(w->style, Q_SEL_UL, ctx);
  q_computed p = q_style_compute(w->style, Q_SEL_P, &ul);
  p.text_indent_pt = 0;
  p.margin_top_pt = ul.margin_top_pt;
  p.margin_bottom_pt = ul.margin_bottom_pt;
  if (list->u.simplelist.type == Q_SIMPLELIST_INLINE) {
    const char *text = q_simplelist_inline_text(&w->set.layout->arena, list);
    set_block(w, NULL, &p, "P", text, &p, x, width, false, false);
    return;
  }
  p.text_align = Q_ALIGN_START;
  space_before(w, sp(ul.margin_top_pt));
  q_sp in = sp(ul.margin_left_pt);
  if (q_simplelist_set(&w->set, list, &p, x + in, width - in))
    q_vlist_attach(w->set.vl);
  w->pending = sp(ul.margin_bottom_pt);
  w->after_heading = false;
}

static void set_biblio(walker *w, const q_node *b, const q_computed *ctx, q_sp x, q_sp width) {
  q_computed st = q_style_compute(w->style, Q_SEL_BIBLIO, ctx);
  q_computed label = st;
  label.bold = true;
  q_computed cite = q_style_compute(w->style, Q_SEL_CITE, &st);
  const q_node *title = NULL, *authors = NULL;
  for (const q_node *c = b->first; c; c = c->next) {
    if (c->kind == Q_BIBLIO_TITLE)
      title = c;
    else if (c->kind == Q_BIBLIO_AUTHORS)
      authors = c;
  }
  st.text_indent_pt = 0;
  st.text_align = Q_ALIGN_START;
  q_computed second = st;
  second.margin_top_pt = 0;
  cite.text_align = Q_ALIGN_START;
  cite.margin_top_pt = st.margin_top_pt;
  cite.margin_bottom_pt = 0;
  cite.margin_left_pt = st.margin_left_pt;
  cite.margin_right_pt = st.margin_right_pt;
  cite.text_indent_pt = 0;
  tag_begin(w, "Div");
  /* The book's cover, beside its details: as tall as three of their lines
   * (the theme's .biblio line height sets it), the details moved right. */
  const q_node *cover = q_figure_cover_of(b);
  q_sp cover_h = sp(3 * st.line_height_pt), cover_w = 0;
  if (cover && title) {
    space_before(w, sp(cite.margin_top_pt));
    cite.margin_top_pt = 0;
    cover_w = q_figure_cover(&w->set, cover, cover_h, 0, -sp(cite.font_size_pt));
    if (cover_w) {
      q_sp gap = sp(st.font_size_pt);
      x += cover_w + gap;
      width -= cover_w + gap;
      for (q_op *op = &w->set.vl->ops[w->set.vl->nops - (cover->u.image->alt ? 3 : 1)];
           op < w->set.vl->ops + w->set.vl->nops; op++)
        op->x -= cover_w + gap + sp(cite.margin_left_pt);
    }
  }
  if (title)
    set_block(w, title, &cite, "P", "Title: ", &label, x, width, false, false);
  if (authors) {
    bool many = authors->u.authors.count > 1;
    w->after_heading = true; /* keep the two lines together */
    set_block(w, authors, &second, "P", many ? "Authors: " : "Author: ", &label, x, width, false,
              false);
  }
  for (const q_node *c = b->first; c; c = c->next)
    if (c->kind == Q_BIBLIO_DETAIL) { /* publisher, date, identifier, ... */
      w->after_heading = true;
      set_block(w, c, &second, "P", q_arena_printf(&w->set.layout->arena, "%s ", c->u.detail.label),
                &label, x, width, false, false);
    }
  tag_end(w);
  q_vlist_attach(w->set.vl);
  w->pending = sp(st.margin_bottom_pt);
  if (cover_w) /* below the cover, not only the two lines beside it */
    w->pending += cover_h - sp(2 * st.line_height_pt);
}

/* A figure or a block image (figure.h): never taller than the text block. */
static void set_figure(walker *w, const q_node *n, const q_computed *ctx, q_sp x, q_sp width) {
  q_computed p = q_style_compute(w->style, Q_SEL_P, ctx);
  space_before(w, sp(p.margin_top_pt > p.line_height_pt / 2 ? p.margin_top_pt : p.line_height_pt / 2));
  q_sp height = sp(w->style->page.height_pt - w->style->page.margin_top_pt -
                   w->style->page.margin_bottom_pt);
  w->pending = q_figure_set(&w->set, n, w->style, ctx, x, width, height);
  w->after_heading = false;
}

/* ---- boxes and set-apart blocks ------------------------------------------- */

static bool is_set_apart(q_kind k) { return k == Q_BOX || k == Q_EPIGRAPH || k == Q_ABSTRACT; }

/* The heading line of a box: an admonition's label ("Warning: " before its
 * title, alone without one, left out when the title says it), an
 * example's "Example 3. " and title, a sidebar's title. Bold, ragged, and
 * bound to what follows, so it never stays alone at a page's foot. */
static void box_heading(walker *w, const q_node *n, const q_computed *st, q_sp x, q_sp width) {
  q_box_kind kind = n->u.box.kind;
  const q_node *title = q_box_title(n);
  const char *prefix = q_box_prefix(&w->set.layout->arena, n);
  if (!title && !prefix)
    return;
  /* Strong emphasis, as the EPUB writes it. */
  q_computed hs = q_style_compute(w->style, Q_SEL_STRONG, st);
  hs.text_align = Q_ALIGN_START;
  hs.hyphens = false;
  hs.text_indent_pt = 0;
  hs.margin_bottom_pt = 0.25 * hs.font_size_pt;
  const char *tag = kind == Q_BOX_EXAMPLE ? "Caption" : q_box_label(kind) ? "Lbl" : "P";
  set_block(w, title, &hs, tag, prefix, &hs, x, width, false, true);
}

/* An admonition, sidebar or example: its heading and blocks inside the
 * theme's padding and border, as a frame of the vertical list. */
static void set_box(walker *w, const q_node *n, const q_computed *ctx, q_sp x, q_sp width,
                    unsigned depth) {
  q_box_kind kind = n->u.box.kind;
  q_computed st = q_style_compute(w->style, q_box_sel(kind), ctx);
  space_before(w, sp(st.margin_top_pt));
  v_frame f = {0};
  f.x = x + sp(st.margin_left_pt);
  f.width = width - sp(st.margin_left_pt) - sp(st.margin_right_pt);
  f.border[0] = sp(st.border_top_pt);
  f.border[1] = sp(st.border_right_pt);
  f.border[2] = sp(st.border_bottom_pt);
  f.border[3] = sp(st.border_left_pt);
  f.pad_top = sp(st.padding_top_pt);
  f.pad_bottom = sp(st.padding_bottom_pt);
  f.border_color = st.border_color;
  f.background = st.background;
  f.has_background = st.has_background;
  q_sp in_left = f.border[3] + sp(st.padding_left_pt);
  q_sp in_width = f.width - in_left - f.border[1] - sp(st.padding_right_pt);
  if (in_width < sp(4 * st.font_size_pt)) { /* a theme's box wider than its page: no padding */
    in_left = 0;
    in_width = f.width;
  }
  bool framed = f.has_background || f.border[0] || f.border[1] || f.border[2] || f.border[3];
  size_t fr = framed ? q_vlist_frame_open(w->set.vl, &f) : 0;
  q_vlist_glue(w->set.vl, f.pad_top + f.border[0]);
  tag_begin(w, q_box_is_admonition(kind) ? "Note" : "Div");
  q_computed inner = st;
  inner.margin_left_pt = inner.margin_right_pt = 0;
  w->pending = 0; /* spent on the frame's padding */
  box_heading(w, n, &inner, f.x + in_left, in_width);
  set_blocks(w, n, &inner, f.x + in_left, in_width, depth + 1);
  tag_end(w);
  q_vlist_attach(w->set.vl);
  q_vlist_glue(w->set.vl, w->pending + f.pad_bottom + f.border[2]);
  w->pending = 0;
  if (framed)
    q_vlist_frame_close(w->set.vl, fr);
  w->pending = sp(st.margin_bottom_pt);
  w->after_heading = false;
}

/* An epigraph (a quotation set narrower, as the theme says, its
 * attribution inside), a part's abstract, a bridgehead. */
static void set_apart(walker *w, const q_node *n, const q_computed *ctx, q_sp x, q_sp width,
                      unsigned depth) {
  switch (n->kind) {
  case Q_BOX:
    set_box(w, n, ctx, x, width, depth);
    return;
  case Q_BRIDGEHEAD: {
    static const char *const tags[] = {"H2", "H2", "H2", "H3", "H4", "H5", "H6"};
    q_computed st = q_style_compute(w->style, Q_SEL_BRIDGEHEAD, ctx);
    unsigned level = n->u.bridgehead.level <= 6 ? n->u.bridgehead.level : 6;
    /* Not in the outline: a bridgehead is outside the section tree. */
    set_block(w, n, &st, tags[level], NULL, NULL, x, width, false, true);
    return;
  }
  default: {
    bool epigraph = n->kind == Q_EPIGRAPH;
    q_computed st = q_style_compute(w->style, epigraph ? Q_SEL_EPIGRAPH : Q_SEL_ABSTRACT, ctx);
    space_before(w, sp(st.margin_top_pt));
    tag_begin(w, epigraph ? "BlockQuote" : "Div");
    q_sp in = sp(st.margin_left_pt), out = sp(st.margin_right_pt);
    q_computed inner = st;
    inner.margin_left_pt = inner.margin_right_pt = 0;
    if (width - in - out < sp(4 * st.font_size_pt))
      in = out = 0;
    set_blocks(w, n, &inner, x + in, width - in - out, depth + 1);
    tag_end(w);
    q_vlist_attach(w->set.vl);
    w->pending = sp(st.margin_bottom_pt) > w->pending ? sp(st.margin_bottom_pt) : w->pending;
    return;
  }
  }
}

/* The notes whose marks the last block set: each into a list of its own,
 * attached to the line of its mark, in the note style under a label with
 * its number; tagged Note, with a destination the mark links to. */
static void set_notes(walker *w) {
  q_marks marks = w->marks;
  memset(&w->marks, 0, sizeof w->marks);
  q_vlist *main = w->set.vl;
  q_sp pending = w->pending;
  bool after_heading = w->after_heading, first_block = w->first_block;
  q_computed note = q_style_compute(w->style, Q_SEL_FOOTNOTE, &w->body);
  q_arena *a = &w->set.layout->arena;
  for (size_t k = 0; k < marks.n; k++) {
    const q_node *n = marks.m[k].note;
    q_vlist tmp;
    q_vlist_init(&tmp);
    tmp.part = main->part;
    w->set.vl = &tmp;
    w->first_block = true;
    w->pending = 0;
    w->after_heading = false;
    dest(w, q_note_dest(a, n));
    if (n->id)
      dest(w, n->id);
    tag_begin(w, "Note");
    bool first = true;
    for (const q_node *c = n->first; c; c = c->next) {
      if (c->kind == Q_PARA) {
        q_computed st = q_style_compute(w->style, Q_SEL_P, &note);
        st.margin_top_pt = st.margin_bottom_pt = 0;
        const char *label =
            first ? q_arena_printf(a, "%s\u00A0", q_note_mark(a, n->u.note.number, note.note_symbols))
                  : NULL;
        set_block(w, c, &st, "P", label, &st, 0, w->measure, !first, false);
      } else if (c->kind == Q_LIST) {
        set_list(w, c, &note, 0, w->measure, 2);
        w->after_heading = false;
      }
      first = false;
    }
    tag_end(w);
    q_vlist_attach(&tmp);
    w->set.vl = main;
    if (tmp.n)
      q_vlist_note(main, marks.m[k].box, &tmp);
    else
      q_vlist_drop(&tmp);
  }
  free(marks.m);
  w->pending = pending;
  w->after_heading = after_heading;
  w->first_block = first_block;
}

static void set_blocks(walker *w, const q_node *parent, const q_computed *ctx, q_sp x, q_sp width,
                       unsigned depth) {
  bool first = true;
  for (const q_node *n = parent->first; n; n = n->next) {
    switch (n->kind) {
    case Q_TITLE:
    case Q_BOX_TITLE:
      continue; /* set by the owner */
    case Q_PARA: {
      q_computed st = q_style_compute(w->style, Q_SEL_P, ctx);
      bool indent = !first && !w->after_heading && !w->flush_next && !w->after_display;
      set_block(w, n, &st, "P", NULL, NULL, x, width, indent, false);
      break;
    }
    case Q_LISTING:
      set_listing(w, n, ctx, x, width);
      break;
    case Q_VARLIST:
      set_varlist(w, n, ctx, x, width, depth);
      break;
    case Q_SIMPLELIST:
      set_simplelist(w, n, ctx, x, width);
      break;
    case Q_SECTION: {
      set_heading(w, n, n->u.section.level + 1, x, width);
      /* A theme's section.ROLE rule: the section's blocks inherit from it. */
      const q_rule *role = q_style_role(w->style, n->role);
      q_computed in_role = role ? q_style_compute_rule(role, ctx) : *ctx;
      q_sp left = sp(in_role.margin_left_pt), right = sp(in_role.margin_right_pt);
      in_role.margin_left_pt = in_role.margin_right_pt = 0;
      set_blocks(w, n, &in_role, x + left, width - left - right, depth + 1);
      break;
    }
    case Q_LIST:
      set_list(w, n, ctx, x, width, depth);
      w->after_heading = false;
      break;
    case Q_QUOTE:
    case Q_ANECDOTE: {
      q_computed st = q_style_compute(w->style, n->kind == Q_QUOTE ? Q_SEL_BLOCKQUOTE : Q_SEL_ANECDOTE, ctx);
      space_before(w, sp(st.margin_top_pt));
      tag_begin(w, n->kind == Q_QUOTE ? "BlockQuote" : "Div");
      q_sp in = sp(st.margin_left_pt);
      q_computed inner = st;
      inner.margin_left_pt = inner.margin_right_pt = 0;
      set_blocks(w, n, &inner, x + in, width - in - sp(st.margin_right_pt), depth + 1);
      tag_end(w);
      q_vlist_attach(w->set.vl);
      w->pending = sp(st.margin_bottom_pt) > w->pending ? sp(st.margin_bottom_pt) : w->pending;
      break;
    }
    case Q_ATTRIBUTION: {
      q_computed st = q_style_compute(w->style, Q_SEL_P, ctx);
      st.text_align = Q_ALIGN_END;
      set_block(w, n, &st, "P", "— ", &st, x, width, false, false);
      break;
    }
    case Q_BIBLIO:
      set_biblio(w, n, ctx, x, width);
      w->after_heading = false;
      break;
    case Q_BOX:
    case Q_EPIGRAPH:
    case Q_BRIDGEHEAD:
    case Q_ABSTRACT:
      set_apart(w, n, ctx, x, width, depth);
      break;
    case Q_TABLE: {
      q_computed st = q_style_compute(w->style, Q_SEL_TABLE, ctx);
      space_before(w, sp(st.margin_top_pt));
      q_table_set(&w->set, w->style, n, ctx, x, width);
      w->pending = sp(st.margin_bottom_pt);
      w->after_heading = false;
      break;
    }
    case Q_FIGURE:
    case Q_MEDIA:
      set_figure(w, n, ctx, x, width);
      break;
    default:
      break;
    }
    w->flush_next = n->kind == Q_QUOTE || is_set_apart(n->kind);
    /* The paragraph after a list or a listing goes on from it, unindented. */
    w->after_display = n->kind == Q_LIST || n->kind == Q_LISTING || n->kind == Q_VARLIST ||
                       n->kind == Q_SIMPLELIST;
    first = false;
  }
}

static char *roman(q_arena *a, unsigned n) {
  static const struct {
    unsigned v;
    const char *s;
  } table[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"},
               {50, "l"},   {40, "xl"},  {10, "x"},  {9, "ix"},   {5, "v"},   {4, "iv"},  {1, "i"}};
  char buf[32] = "";
  for (size_t i = 0; i < sizeof table / sizeof *table; i++)
    while (n >= table[i].v && strlen(buf) < 24) {
      strcat(buf, table[i].s);
      n -= table[i].v;
    }
  return q_arena_strdup(a, buf);
}

/* Move a one-line vlist's ops to (x, y), as page furniture, into `into`. */
static void stamp(q_vlist *into, q_vlist *tmp, q_sp x, q_sp y) {
  for (size_t i = 0; i < tmp->nops; i++) {
    q_op *op = q_vlist_op(into);
    *op = tmp->ops[i];
    op->x += x;
    op->y += y;
    if (op->kind == Q_OP_GLYPHS)
      op->u.glyphs.artifact = true;
  }
  tmp->nops = 0;
}

/* Put the ops of `furniture` at the start of page p: before anything the
 * page opens, so that they never fall inside a leaf element. */
static void prepend(q_layout *l, q_sheet *p, q_vlist *furniture) {
  size_t n = furniture->nops;
  if (n == 0)
    return;
  for (size_t k = 0; k < n; k++)
    q_sheet_op(l, p);
  memmove(p->ops + n, p->ops, (p->nops - n) * sizeof *p->ops);
  memcpy(p->ops, furniture->ops, n * sizeof *p->ops);
  furniture->nops = 0;
}

/* text, or as many of its first words as fit in room followed by an
 * ellipsis (a running head on a narrow page). */
static char *fit_words(walker *w, char *text, const q_computed *st, q_sp room) {
  if (q_text_width(&w->set, text, st, NULL) <= room)
    return text;
  size_t n = strlen(text);
  while (n > 0) {
    while (n > 0 && text[n - 1] != ' ')
      n--;
    while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == ':' || text[n - 1] == ','))
      n--;
    char *cut = q_arena_printf(&w->set.layout->arena, "%.*s…", (int)n, text);
    if (q_text_width(&w->set, cut, st, NULL) <= room)
      return cut;
  }
  return q_arena_strdup(&w->set.layout->arena, "");
}

/* Running heads (bundle title, part title, a rule) and folios. Neither goes
 * on the title page or on a part's opening page; the front matter's other
 * pages get a folio. */
static void heads_and_folios(walker *w, size_t from, size_t to, bool front, q_sp left, q_sp top,
                             q_sp bottom) {
  q_layout *l = w->set.layout;
  q_computed small = w->body;
  small.font_size_pt = w->body.font_size_pt * 0.8;
  small.italic = true;
  q_computed folio = w->body;
  folio.font_size_pt = w->body.font_size_pt * 0.9;
  const char *doc_title = w->set.env->doc->meta.title;
  q_vlist tmp, furniture;
  q_vlist_init(&tmp);
  q_vlist_init(&furniture);
  for (size_t i = from; i < to; i++) {
    q_sheet *p = &l->pages[i];
    if (p->nops == 0)
      continue; /* a blank page (recto.h) stays blank */
    if (!front && p->part) {
      q_sp y = top - sp(2.2 * small.font_size_pt);
      q_text_ops(&w->set, &tmp, doc_title, &small, 0, NULL);
      stamp(&furniture, &tmp, left, y);
      const q_node *t = q_node_title(p->part);
      if (t) {
        q_sp room = w->measure - q_text_width(&w->set, doc_title, &small, NULL) -
                    sp(2 * small.font_size_pt);
        /* The part's short title (titleabbrev) is what DocBook gives for a
         * running head; else its title, cut to fit. */
        const char *abbrev = q_node_titles(p->part).abbrev;
        char *head = abbrev ? q_arena_strdup(&l->arena, abbrev) : q_node_plain_text(&l->arena, t);
        char *plain = fit_words(w, head, &small, room);
        q_sp tw = q_text_width(&w->set, plain, &small, NULL);
        q_text_ops(&w->set, &tmp, plain, &small, 0, NULL);
        stamp(&furniture, &tmp, left + w->measure - tw, y);
      }
      q_op *rule = q_vlist_op(&furniture);
      rule->kind = Q_OP_RULE;
      rule->x = left;
      rule->y = y + sp(0.4 * small.font_size_pt);
      rule->u.rule.w = w->measure;
      rule->u.rule.h = sp(0.4);
      rule->u.rule.color = 0x000000;
    }
    bool has_folio = front ? i > from : p->part != NULL;
    if (p->label && has_folio) {
      q_sp fw = q_text_width(&w->set, p->label, &folio, NULL);
      q_text_ops(&w->set, &tmp, p->label, &folio, 0, NULL);
      stamp(&furniture, &tmp, left + (w->measure - fw) / 2, bottom + sp(2.5 * folio.font_size_pt));
    }
    prepend(l, p, &furniture);
  }
  q_vlist_drop(&tmp);
  q_vlist_drop(&furniture);
}

/* A paragraph set as a leaf element (its text straight in the P) that goes
 * on to the next page would take that page's running head as its own
 * content. Such elements, and only those, get their text wrapped in Spans:
 * the head then falls in a non-leaf element, where cairo leaves it out of
 * the structure tree, as page furniture should be. Two passes over the
 * pages with a stack of open elements: find them, then wrap. */
typedef struct open_elem {
  size_t id;
  bool children;
} open_elem;

/* Elements whose text is wrapped: leaves that cross a page break, and
 * elements holding both text and elements (a paragraph a footnote was set
 * inside, at the foot of the page its mark is on). */

static void wrap_spanning_leaves(q_layout *l) {
  open_elem *stack = NULL;
  size_t depth = 0, cap = 0, next_id = 0;
  bool *leafy = NULL, *spans_pages = NULL, *texty = NULL;
  size_t flags_cap = 0;
  for (size_t i = 0; i < l->npages; i++) {
    if (depth > 0)
      spans_pages[stack[depth - 1].id] = true; /* open across a page break */
    for (size_t k = 0; k < l->pages[i].nops; k++) {
      const q_op *op = &l->pages[i].ops[k];
      if (op->kind == Q_OP_TAG_BEGIN) {
        if (depth)
          stack[depth - 1].children = true;
        size_t fc = flags_cap;
        leafy = q_grow(leafy, &fc, next_id + 1, sizeof *leafy);
        fc = flags_cap;
        spans_pages = q_grow(spans_pages, &fc, next_id + 1, sizeof *spans_pages);
        fc = flags_cap;
        texty = q_grow(texty, &fc, next_id + 1, sizeof *texty);
        if (fc > flags_cap) {
          memset(leafy + flags_cap, 0, (fc - flags_cap) * sizeof *leafy);
          memset(spans_pages + flags_cap, 0, (fc - flags_cap) * sizeof *spans_pages);
          memset(texty + flags_cap, 0, (fc - flags_cap) * sizeof *texty);
          flags_cap = fc;
        }
        stack = q_grow(stack, &cap, depth + 1, sizeof *stack);
        stack[depth++] = (open_elem){next_id++, false};
      } else if (op->kind == Q_OP_TAG_END && depth) {
        depth--;
        leafy[stack[depth].id] = !stack[depth].children;
      } else if (op->kind == Q_OP_GLYPHS && !op->u.glyphs.artifact && depth) {
        texty[stack[depth - 1].id] = true;
      }
    }
  }
  bool any = false;
  for (size_t e = 0; e < next_id; e++) {
    /* from here on, leafy[e] means "wrap e's text" */
    leafy[e] = (leafy[e] && spans_pages[e]) || (!leafy[e] && texty[e]);
    any = any || leafy[e];
  }
  if (any) {
    depth = 0, next_id = 0;
    for (size_t i = 0; i < l->npages; i++) {
      q_sheet *p = &l->pages[i];
      q_op *old = p->ops;
      size_t n = p->nops;
      p->ops = NULL, p->nops = 0, p->cap = 0;
      for (size_t k = 0; k < n; k++) {
        const q_op *op = &old[k];
        bool wrap = op->kind == Q_OP_GLYPHS && !op->u.glyphs.artifact && depth &&
                    leafy[stack[depth - 1].id];
        if (op->kind == Q_OP_TAG_BEGIN) {
          stack = q_grow(stack, &cap, depth + 1, sizeof *stack);
          stack[depth++] = (open_elem){next_id++, false};
        } else if (op->kind == Q_OP_TAG_END && depth) {
          depth--;
        }
        if (wrap) {
          q_op *b = q_sheet_op(l, p);
          b->kind = Q_OP_TAG_BEGIN;
          b->u.tag.name = "Span";
        }
        *q_sheet_op(l, p) = *op;
        if (wrap)
          q_sheet_op(l, p)->kind = Q_OP_TAG_END;
      }
      free(old);
    }
  }
  free(stack);
  free(leafy);
  free(spans_pages);
  free(texty);
}

/* The label of the page of destination name among pages [*from, to),
 * searched from *from on, which moves to that page: the contents ask in
 * the parts' order, which is the pages' order, so that the search over the
 * whole book is linear. A name before *from is still found. */
static const char *label_of_dest(const q_layout *l, size_t *from, size_t first, size_t to, const char *name) {
  for (int round = 0; round < 2; round++)
    for (size_t i = round ? first : *from; i < (round ? *from : to); i++)
      for (size_t k = 0; k < l->pages[i].nops; k++) {
        const q_op *op = &l->pages[i].ops[k];
        if (op->kind == Q_OP_DEST && strcmp(op->u.dest.name, name) == 0) {
          *from = i;
          return l->pages[i].label;
        }
      }
  return "";
}

/* A contents entry too long for one line beside its page number: set
 * ragged in width (the page number's column kept free), the first line one
 * entry's lead below the previous entry. Returns where its last line ends;
 * the leaders and the number that follow go on that line (the last box). */
static q_sp wrapped_entry(walker *w, q_vlist *vl, const char *text, const q_computed *entry, q_sp width,
                          q_sp lead) {
  q_computed st = *entry;
  st.text_align = Q_ALIGN_START;
  st.hyphens = false;
  q_para p = {0};
  p.style = st;
  p.label = text;
  p.label_style = st;
  p.width = width;
  p.orphans_widows = 2;
  q_vlist_penalty(vl, 0);
  q_vlist_glue(vl, lead - sp(st.line_height_pt));
  if (q_para_set(&w->set, &p) == 0 || vl->n == 0)
    return 0;
  const v_entry *last = &vl->e[vl->n - 1];
  q_sp end = 0;
  for (uint32_t k = last->op_start; k < last->op_end; k++) {
    const q_op *op = &vl->ops[k];
    if (op->kind != Q_OP_GLYPHS)
      continue;
    q_sp x = op->x + q_op_width(op);
    end = x > end ? x : end;
  }
  return end;
}

/* inlines and metadata (issue 11): the other credits ("Edited by …")
 * under the authors on the title page. */
static void title_credits(walker *w, const q_computed *by) {
  const q_meta *m = &w->set.env->doc->meta;
  q_computed small = *by;
  small.font_size_pt = w->body.font_size_pt;
  small.line_height_pt = w->body.line_height_pt;
  small.margin_top_pt = small.font_size_pt * 0.5;
  small.hyphens = false;
  small.margin_top_pt = small.font_size_pt * 1.5;
  for (size_t i = 0; i < m->ncredits; i++) {
    q_buf line;
    q_buf_init(&line);
    if (q_credits_line(m, i, &line)) {
      const char *text = q_arena_strndup(&w->set.layout->arena, line.data, line.len);
      set_block(w, NULL, &small, "P", text, &small, 0, w->measure, false, true);
      small.margin_top_pt = small.font_size_pt * 0.5;
    }
    q_buf_drop(&line);
  }
}

/* The title page's back (page ii): edition, release, date as written,
 * the copyright line and the legal notice, when the bundle gives any.
 * Returns whether there is such a page. */
static bool title_back(walker *w) {
  const q_meta *m = &w->set.env->doc->meta;
  const char *lines[] = {m->edition, m->releaseinfo, m->date_text, m->copyright, m->rights};
  bool any = false;
  q_computed st = w->body;
  st.font_size_pt *= 0.9;
  st.line_height_pt *= 0.9;
  st.text_align = Q_ALIGN_START;
  st.hyphens = false;
  w->first_block = true;
  for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
    if (!lines[i])
      continue;
    if (!any)
      q_vlist_glue(w->set.vl, 0);
    st.margin_top_pt = any ? st.font_size_pt * 0.8 : 0;
    set_block(w, NULL, &st, "P", lines[i], &st, 0, w->measure, false, false);
    any = true;
  }
  if (any)
    q_vlist_penalty(w->set.vl, -Q_PENALTY_INF);
  return any;
}

static void set_front(walker *w, size_t body_from, size_t body_to) {
  q_layout *l = w->set.layout;
  const q_doc *doc = w->set.env->doc;
  q_vlist vl;
  q_vlist_init(&vl);
  w->set.vl = &vl;
  w->first_block = true;
  w->pending = 0;

  /* Title page. */
  q_computed title = q_style_compute(w->style, Q_SEL_H1, &w->body);
  title.font_size_pt *= 1.6;
  title.line_height_pt *= 1.6;
  title.text_align = Q_ALIGN_CENTER;
  title.margin_top_pt = 0;
  w->first_block = true;
  q_vlist_glue(&vl, 0);
  dest(w, "title-page");
  set_block(w, NULL, &title, "H1", doc->meta.title, &title, 0, w->measure, false, true);
  q_computed by = w->body;
  by.text_align = Q_ALIGN_CENTER;
  by.font_size_pt *= 1.2;
  by.line_height_pt *= 1.2;
  by.margin_top_pt = by.font_size_pt * 2;
  q_computed org = w->body; /* an author's organisation, under the name */
  org.text_align = Q_ALIGN_CENTER;
  org.hyphens = false;
  org.margin_top_pt = org.font_size_pt * 0.3;
  for (size_t i = 0; i < doc->meta.authors.count; i++) {
    set_block(w, NULL, &by, "P", doc->meta.authors.items[i], &by, 0, w->measure, false, true);
    const char *aff = i < doc->meta.affiliations.count ? doc->meta.affiliations.items[i] : NULL;
    if (aff)
      set_block(w, NULL, &org, "P", aff, &org, 0, w->measure, false, true);
  }
  title_credits(w, &by);
  if (doc->meta.description) {
    q_computed ds = w->body;
    ds.text_align = Q_ALIGN_CENTER;
    ds.italic = true;
    ds.hyphens = false; /* centred lines are ragged on both sides: never hyphenate them */
    ds.margin_top_pt = ds.font_size_pt * 3;
    set_block(w, NULL, &ds, "P", doc->meta.description, &ds, sp(w->body.font_size_pt * 3),
              w->measure - sp(w->body.font_size_pt * 6), false, false);
  }
  q_vlist_penalty(&vl, -Q_PENALTY_INF);
  bool back = title_back(w);

  /* Contents, unless the theme leaves them out of a book this short. */
  if (w->style->page.contents == Q_CONTENTS_AUTO && body_to - body_from + 1 <= Q_CONTENTS_AUTO_PAGES)
    goto paginate;
  w->first_block = true;
  w->after_heading = false;
  q_computed h = q_style_compute(w->style, Q_SEL_H1, &w->body);
  dest(w, "contents");
  set_block(w, NULL, &h, "H1", "Contents", &h, 0, w->measure, false, true);
  outline_add(l, "Contents", 1, "contents");
  q_computed entry = w->body;
  entry.text_align = Q_ALIGN_START;
  q_sp dotw = q_text_width(&w->set, ".", &entry, NULL);
  q_sp pitch = sp(entry.font_size_pt * 0.5) > dotw ? sp(entry.font_size_pt * 0.5) : dotw;
  /* At least a point apart, so that the leaders divide by something and a
   * line holds a bounded number of dots whatever the sizes. */
  if (pitch < sp(1.0))
    pitch = sp(1.0);
  q_sp lead = sp(entry.line_height_pt * 1.25);
  tag_begin(w, "TOC");
  size_t seen = body_from; /* where the last part's destination was */
  for (const q_node *part = doc->root->first; part; part = part->next) {
    const q_node *t = q_node_title(part);
    char *label = part_label(w, part);
    const char *plain = t ? q_node_plain_text(&l->arena, t) : "";
    const char *text = label ? q_arena_printf(&l->arena, "%s%s", label, plain) : plain;
    const char *num = label_of_dest(l, &seen, body_from, body_to, part->id);
    tag_begin(w, "TOCI");
    q_op *link = q_vlist_op(&vl);
    link->kind = Q_OP_TAG_BEGIN;
    link->u.tag.name = "Link";
    link->u.tag.dest = part->id;
    q_sp nw = q_text_width(&w->set, num, &entry, NULL);
    q_sp numx = w->measure - nw;
    q_sp tw = q_text_width(&w->set, text, &entry, NULL);
    bool wrapped = tw + 2 * pitch > numx && numx > 4 * pitch;
    if (wrapped) {
      tw = wrapped_entry(w, &vl, text, &entry, numx - 2 * pitch, lead);
    } else {
      q_text_ops(&w->set, &vl, text, &entry, 0, NULL);
    }
    /* Leaders on a grid, so that dots line up from entry to entry. */
    /* In 64 bits: a title wider than the measure must not wrap the sums. */
    for (int64_t x = ((int64_t)tw + pitch) / pitch * pitch + pitch;
         x + dotw + pitch <= (int64_t)numx; x += pitch)
      q_text_ops(&w->set, &vl, ".", &entry, (q_sp)x, NULL);
    q_text_ops(&w->set, &vl, num, &entry, numx, NULL);
    q_vlist_op(&vl)->kind = Q_OP_TAG_END;
    tag_end(w);
    if (wrapped) {
      q_vlist_attach(&vl); /* leaders, number and closing tags: on the last line */
    } else {
      q_vlist_penalty(&vl, 0);
      q_vlist_box(&vl, lead, sp(entry.font_size_pt), sp(entry.font_size_pt * 0.3), 0);
    }
  }
  tag_end(w);
  q_vlist_attach(&vl);

paginate:;
  q_sp left = sp(w->style->page.margin_left_pt), top = sp(w->style->page.margin_top_pt);
  q_sp height = sp(w->style->page.height_pt - w->style->page.margin_top_pt -
                   w->style->page.margin_bottom_pt);
  size_t first = q_vlist_paginate(&vl, l, left, top, height, sp(w->body.font_size_pt));
  for (size_t i = first; i < l->npages; i++) {
    l->pages[i].label = roman(&l->arena, (unsigned)(i - first + 1));
    l->pages[i].part = NULL;
    l->pages[i].kind = i == first || (back && i == first + 1) ? Q_SHEET_TITLE : Q_SHEET_CONTENTS;
    l->pages[i].anchor = NULL;
  }
  if (w->style->page.part_break == Q_PART_BREAK_RECTO) {
    q_recto_front(l, first);
    for (size_t i = first; i < l->npages; i++)
      l->pages[i].label = roman(&l->arena, (unsigned)(i - first + 1));
  }
  heads_and_folios(w, first, l->npages, true, left, top,
                   sp(w->style->page.height_pt - w->style->page.margin_bottom_pt));
  q_vlist_drop(&vl);
}

/* Between two parts, as the theme says: a forced page break (page, and
 * recto, whose blank pages come after pagination), or (none) space, a
 * short centred rule bound to the text above, and space, the next part
 * free to begin on the same page. */
static void part_break(walker *w) {
  q_vlist *vl = w->set.vl;
  if (w->style->page.part_break != Q_PART_BREAK_NONE) {
    q_vlist_penalty(vl, -Q_PENALTY_INF);
    return;
  }
  q_sp em = sp(w->body.font_size_pt), thick = sp(0.5);
  q_vlist_glue(vl, em);
  q_op *rule = q_vlist_op(vl);
  rule->kind = Q_OP_RULE;
  rule->x = w->measure / 3;
  rule->y = -thick;
  rule->u.rule.w = w->measure - 2 * (w->measure / 3);
  rule->u.rule.h = thick;
  rule->u.rule.color = 0x000000;
  q_vlist_box(vl, sp(w->body.line_height_pt), thick, 0, 0);
  q_vlist_penalty(vl, 0);
  q_vlist_glue(vl, em);
}

/* An offprint's first line: the book's title, small and italic, above the
 * part's own. */
static void offprint_head(walker *w) {
  const char *title = w->set.env->doc->meta.title;
  if (!title)
    return;
  q_computed st = w->body;
  st.font_size_pt *= 0.9;
  st.line_height_pt *= 0.9;
  st.italic = true;
  st.text_align = Q_ALIGN_START;
  st.hyphens = false;
  st.margin_top_pt = 0;
  st.margin_bottom_pt = w->body.font_size_pt;
  set_block(w, NULL, &st, "P", title, &st, 0, w->measure, false, true);
}

/* The body's parts from first up to (not including) end, NULL: all. */
static void set_parts(walker *w, const q_node *first, const q_node *end) {
  q_vlist *vl = w->set.vl;
  const q_node *root_first = w->set.env->doc->root->first;
  for (const q_node *part = first; part && part != end; part = part->next) {
    if (part != root_first && !w->offprint)
      part_break(w);
    vl->part = part;
    vl->opening = true;
    w->first_block = true;
    w->pending = 0;
    w->after_heading = false;
    if (w->offprint)
      offprint_head(w);
    dest(w, part->id);
    tag_begin(w, part->u.part.number ? "Art" : "Sect");
    set_heading(w, part, 1, 0, w->measure);
    set_blocks(w, part, &w->body, 0, w->measure, 1);
    tag_end(w);
    q_vlist_attach(vl);
  }
}

/* The part that begins the second half of a long book's text; NULL for a
 * book too short to split, or of one part. */
static const q_node *split_point(const q_doc *doc, size_t min_bytes) {
  size_t total = 0, nparts = 0;
  for (const q_node *p = doc->root->first; p; p = p->next)
    nparts++;
  if (nparts < 2)
    return NULL;
  size_t *size = q_zalloc(nparts, sizeof *size);
  size_t k = 0;
  for (const q_node *p = doc->root->first; p; p = p->next, k++) {
    q_iter it;
    q_iter_start(&it, p);
    for (q_event ev; (ev = q_iter_next(&it)) != Q_EV_DONE;)
      if (ev == Q_EV_ENTER && it.node->kind == Q_TEXT)
        size[k] += it.node->u.text.len;
    total += size[k];
  }
  const q_node *split = NULL;
  if (total > min_bytes) {
    size_t sum = 0;
    k = 0;
    for (const q_node *p = doc->root->first; p; p = p->next, k++) {
      if (k > 0 && 2 * (sum + size[k] / 2) >= total) {
        split = p;
        break;
      }
      sum += size[k];
    }
  }
  free(size);
  return split;
}

/* The helper thread's share: the parts from `from` on, into vl, with the
 * arena and outline of scratch. */
typedef struct helper_job {
  q_layout_env env;
  q_layout scratch;
  q_vlist vl;
  walker w;
  const q_node *from;
  pthread_t thread;
} helper_job;

static void *helper_main(void *arg) {
  helper_job *hj = arg;
  set_parts(&hj->w, hj->from, NULL);
  return NULL;
}

/* The body, once: parts set (a long book's later ones on the helper
 * thread, into a list of their own that joins this one after; parts are
 * set independently, so the pages are the same either way), cut into
 * pages (a blank left page before a part that must open on a right-hand
 * one, for part-break: recto), labelled from first_label, given heads and
 * folios. An offprint (w->offprint) sets its one part on one thread.
 * Warnings go to d (and the helper's to hd). Returns the first body page;
 * l->npages is its end. */
static size_t set_body(walker *w, const q_layout_env *env, q_layout *l, const q_pagerefs *pr,
                       q_diag *d, q_diag *hd, unsigned first_label) {
  const q_style *style = env->style;
  q_sp left = sp(style->page.margin_left_pt), top = sp(style->page.margin_top_pt);
  q_sp height = sp(style->page.height_pt - style->page.margin_top_pt - style->page.margin_bottom_pt);
  q_layout_env main_env = *env;
  main_env.d = d;
  q_vlist vl;
  q_vlist_init(&vl);
  q_sp lead = sp(w->body.line_height_pt);
  vl.note_gap = lead / 4;
  vl.note_skip = lead;
  vl.note_rule = w->measure / 3;
  w->set = (q_setter){&main_env, l, &vl, pr, &w->marks};

  const q_node *split =
      env->helper && !w->offprint
          ? split_point(env->doc, env->helper->split_bytes ? env->helper->split_bytes : Q_LAYOUT_SPLIT_BYTES)
          : NULL;
  helper_job hj;
  if (split) {
    memset(&hj, 0, sizeof hj);
    hj.env = *env;
    hj.env.shaper = env->helper->shaper;
    hj.env.hyphenator = env->helper->hyphenator;
    hj.env.breaker = env->helper->breaker;
    hj.env.d = hd;
    hj.env.helper = NULL;
    q_arena_init(&hj.scratch.arena);
    q_vlist_init(&hj.vl);
    hj.w = *w;
    hj.scratch.width = l->width;
    hj.scratch.height = l->height;
    hj.w.set = (q_setter){&hj.env, &hj.scratch, &hj.vl, pr, &hj.w.marks};
    hj.from = split;
    if (pthread_create(&hj.thread, NULL, helper_main, &hj) != 0) {
      q_vlist_drop(&hj.vl);
      split = NULL;
    }
  }
  if (w->offprint)
    set_parts(w, w->offprint, w->offprint->next);
  else
    set_parts(w, env->doc->root->first, split);
  if (split) {
    pthread_join(hj.thread, NULL);
    q_vlist_append(&vl, &hj.vl);
    q_arena_adopt(&l->arena, &hj.scratch.arena);
    for (size_t i = 0; i < hj.scratch.noutline; i++)
      outline_add(l, hj.scratch.outline[i].title, hj.scratch.outline[i].level, hj.scratch.outline[i].dest);
    free(hj.scratch.outline);
    l->overfull += hj.scratch.overfull;
  }
  size_t body = q_vlist_paginate(&vl, l, left, top, height, sp(w->body.font_size_pt));
  if (style->page.part_break == Q_PART_BREAK_RECTO)
    q_recto_body(l, body);
  size_t body_end = l->npages;
  size_t from = first_label ? first_label : 1;
  for (size_t i = body; i < body_end; i++)
    l->pages[i].label = q_arena_printf(&l->arena, "%zu", i - body + from);
  heads_and_folios(w, body, body_end, false, left, top, top + height);
  q_vlist_drop(&vl);
  w->set = (q_setter){env, l, NULL, NULL, NULL};
  return body;
}

/* Layout passes for page references: a reference's page changes its line,
 * which may move pages; after this many passes the last one stands, with
 * a warning. */
enum { MAX_PASSES = 5 };

static q_layout *run(const q_layout_env *env, const q_node *offprint, unsigned first_label) {
  q_layout *l = q_zalloc(1, sizeof *l);
  q_arena_init(&l->arena);
  const q_style *style = env->style;
  l->width = sp(style->page.width_pt);
  l->height = sp(style->page.height_pt);
  q_sp measure = sp(style->page.width_pt - style->page.margin_left_pt - style->page.margin_right_pt);

  walker w = {0};
  w.style = style;
  w.body = q_style_compute(style, Q_SEL_BODY, NULL);
  w.measure = measure;
  w.offprint = offprint;

  /* Without references, one pass. With them, each pass sets the pages its
   * predecessor found, until a pass finds the pages it was given: that
   * pass is the layout. Passes run silent, as only the last one counts;
   * should it have had something to say, it runs once more aloud. */
  q_pagerefs pr;
  q_pagerefs_init(&pr, env->doc);
  q_diag hd0 = {0};
  q_diag *hd = env->helper ? env->helper->d : &hd0;
  size_t body;
  if (!pr.n) {
    body = set_body(&w, env, l, NULL, env->d, hd, first_label);
  } else {
    unsigned pass = 0;
    bool loud = false;
    for (;;) {
      q_diag quiet, hquiet;
      q_diag_init(&quiet, NULL);
      q_diag_init(&hquiet, NULL);
      size_t outline0 = l->noutline, overfull0 = l->overfull;
      body = set_body(&w, env, l, &pr, loud ? env->d : &quiet, loud ? hd : &hquiet, first_label);
      pass++;
      bool changed = q_pagerefs_update(&pr, l, body, l->npages);
      bool last = loud || !changed || pass >= MAX_PASSES;
      if (last && changed && !loud)
        q_warning(env->d, (q_pos){env->doc->path, 0, 0},
                  "page references had not settled after %u layout passes: some may be off by a page",
                  pass);
      if (last && !loud && quiet.warnings + quiet.errors + hquiet.warnings + hquiet.errors > 0) {
        loud = true; /* once more, to say it */
      } else if (last) {
        break;
      }
      for (size_t i = body; i < l->npages; i++)
        free(l->pages[i].ops);
      l->npages = body;
      l->noutline = outline0;
      l->overfull = overfull0;
    }
  }
  size_t body_end = l->npages;
  q_pagerefs_drop(&pr);
  if (offprint) {
    wrap_spanning_leaves(l);
    return l;
  }

  /* The front matter, then put it first. Outline: contents before parts.
   * A title page too long for its page runs on like any page, so leaves
   * that cross a page break are wrapped after both are set. */
  size_t outline_body = l->noutline;
  set_front(&w, body, body_end);
  wrap_spanning_leaves(l);
  size_t nfront = l->npages - body_end;
  q_sheet *pages = q_realloc(NULL, l->npages, sizeof *pages);
  q_outline_entry *outline = q_realloc(NULL, l->noutline, sizeof *outline);
  memcpy(pages, l->pages + body_end, nfront * sizeof *pages);
  memcpy(pages + nfront, l->pages, body_end * sizeof *pages);
  memcpy(outline, l->outline + outline_body, (l->noutline - outline_body) * sizeof *outline);
  memcpy(outline + (l->noutline - outline_body), l->outline, outline_body * sizeof *outline);
  free(l->pages);
  free(l->outline);
  l->pages = pages;
  l->cap = l->npages;
  l->outline = outline;
  l->outline_cap = l->noutline;
  return l;
}

q_layout *q_layout_run(const q_layout_env *env) { return run(env, NULL, 0); }

q_layout *q_layout_offprint(const q_layout_env *env, const q_node *part, unsigned first_label) {
  return run(env, part, first_label);
}

q_sp q_op_width(const q_op *op) {
  int64_t w = 0;
  for (size_t s = 0; s < op->u.glyphs.nspans; s++) {
    const q_glyph_span *sp = &op->u.glyphs.spans[s];
    for (uint32_t i = 0; i < sp->n; i++)
      w += sp->g[i].advance;
    if (s + 1 < op->u.glyphs.nspans)
      w += sp->gap;
  }
  return (q_sp)w;
}

void q_layout_drop(q_layout *l) {
  if (!l)
    return;
  for (size_t i = 0; i < l->npages; i++)
    free(l->pages[i].ops);
  free(l->pages);
  free(l->outline);
  q_arena_drop(&l->arena);
  free(l);
}
