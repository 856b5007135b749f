/* layout.c: the document model -> pages.
 *
 * The body is set first: each part opens a new page; blocks go to the
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
#include "figure.h"
#include "para.h"
#include "vlist.h"

typedef struct walker {
  q_setter set;
  const q_style *style;
  q_computed body;
  q_sp measure;         /* text block width */
  q_sp pending;         /* bottom margin of the previous block, not yet spent */
  bool after_heading;   /* the next block binds to a heading */
  bool first_block;     /* nothing set yet on this page run */
} walker;

static q_sp sp(double pt) { return Q_PT(pt); }

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
}

static void set_blocks(walker *w, const q_node *parent, const q_computed *ctx, q_sp x, q_sp width,
                       unsigned depth);

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
  unsigned k = 0;
  for (const q_node *item = list->first; item; item = item->next) {
    k++;
    tag_begin(w, "LI");
    tag_begin(w, "Lbl");
    char num[16];
    const char *mark = "•";
    if (list->u.list.ordered) {
      snprintf(num, sizeof num, "%u.", k);
      mark = num;
    }
    q_sp mw = q_text_width(&w->set, mark, &li, NULL);
    q_sp gap = sp(0.5 * li.font_size_pt);
    /* The mark hangs in the indent, on the first line's baseline. */
    q_text_ops(&w->set, w->set.vl, mark, &li, -gap - mw, NULL);
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

static void set_blocks(walker *w, const q_node *parent, const q_computed *ctx, q_sp x, q_sp width,
                       unsigned depth) {
  bool first = true;
  for (const q_node *n = parent->first; n; n = n->next) {
    switch (n->kind) {
    case Q_TITLE:
      continue; /* set by the owner */
    case Q_PARA: {
      q_computed st = q_style_compute(w->style, Q_SEL_P, ctx);
      bool indent = !first && !w->after_heading;
      set_block(w, n, &st, "P", NULL, NULL, x, width, indent, false);
      break;
    }
    case Q_SECTION:
      set_heading(w, n, n->u.section.level + 1, x, width);
      set_blocks(w, n, ctx, x, width, depth + 1);
      break;
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
    case Q_FIGURE:
    case Q_MEDIA:
      set_figure(w, n, ctx, x, width);
      break;
    default:
      break;
    }
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

static void wrap_spanning_leaves(q_layout *l) {
  open_elem *stack = NULL;
  size_t depth = 0, cap = 0, next_id = 0;
  bool *leafy = NULL, *spans_pages = NULL;
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
        if (fc > flags_cap) {
          memset(leafy + flags_cap, 0, (fc - flags_cap) * sizeof *leafy);
          memset(spans_pages + flags_cap, 0, (fc - flags_cap) * sizeof *spans_pages);
          flags_cap = fc;
        }
        stack = q_grow(stack, &cap, depth + 1, sizeof *stack);
        stack[depth++] = (open_elem){next_id++, false};
      } else if (op->kind == Q_OP_TAG_END && depth) {
        depth--;
        leafy[stack[depth].id] = !stack[depth].children;
      }
    }
  }
  bool any = false;
  for (size_t e = 0; e < next_id; e++)
    any = any || (leafy[e] && spans_pages[e]);
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
                    leafy[stack[depth - 1].id] && spans_pages[stack[depth - 1].id];
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
    q_sp x = op->x;
    for (size_t i = 0; i < op->u.glyphs.nspans; i++) {
      const q_glyph_span *gs = &op->u.glyphs.spans[i];
      for (uint32_t g = 0; g < gs->n; g++)
        x += gs->g[g].advance;
      if (i + 1 < op->u.glyphs.nspans)
        x += gs->gap;
    }
    end = x > end ? x : end;
  }
  return end;
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
  for (size_t i = 0; i < doc->meta.authors.count; i++)
    set_block(w, NULL, &by, "P", doc->meta.authors.items[i], &by, 0, w->measure, false, true);
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

  /* Contents. */
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
    for (q_sp x = ((tw + pitch) / pitch + 1) * pitch; x + dotw + pitch <= numx; x += pitch)
      q_text_ops(&w->set, &vl, ".", &entry, x, NULL);
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

  q_sp left = sp(w->style->page.margin_left_pt), top = sp(w->style->page.margin_top_pt);
  q_sp height = sp(w->style->page.height_pt - w->style->page.margin_top_pt -
                   w->style->page.margin_bottom_pt);
  size_t first = q_vlist_paginate(&vl, l, left, top, height, sp(w->body.font_size_pt));
  for (size_t i = first; i < l->npages; i++) {
    l->pages[i].label = roman(&l->arena, (unsigned)(i - first + 1));
    l->pages[i].part = NULL;
    l->pages[i].kind = i == first ? Q_SHEET_TITLE : Q_SHEET_CONTENTS;
    l->pages[i].anchor = NULL;
  }
  heads_and_folios(w, first, l->npages, true, left, top,
                   sp(w->style->page.height_pt - w->style->page.margin_bottom_pt));
  q_vlist_drop(&vl);
}

/* The body's parts from first up to (not including) end, NULL: all. */
static void set_parts(walker *w, const q_node *first, const q_node *end) {
  q_vlist *vl = w->set.vl;
  const q_node *root_first = w->set.env->doc->root->first;
  for (const q_node *part = first; part && part != end; part = part->next) {
    if (part != root_first)
      q_vlist_penalty(vl, -Q_PENALTY_INF);
    vl->part = part;
    vl->opening = true;
    w->first_block = true;
    w->pending = 0;
    w->after_heading = false;
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

q_layout *q_layout_run(const q_layout_env *env) {
  q_layout *l = q_zalloc(1, sizeof *l);
  q_arena_init(&l->arena);
  const q_style *style = env->style;
  l->width = sp(style->page.width_pt);
  l->height = sp(style->page.height_pt);
  q_sp left = sp(style->page.margin_left_pt), top = sp(style->page.margin_top_pt);
  q_sp measure = sp(style->page.width_pt - style->page.margin_left_pt - style->page.margin_right_pt);
  q_sp height = sp(style->page.height_pt - style->page.margin_top_pt - style->page.margin_bottom_pt);

  q_vlist vl;
  q_vlist_init(&vl);
  walker w = {0};
  w.set = (q_setter){env, l, &vl};
  w.style = style;
  w.body = q_style_compute(style, Q_SEL_BODY, NULL);
  w.measure = measure;

  /* The body: a long book's later parts on a helper thread, into a list
   * of their own that joins this one after. Parts are set independently,
   * so the pages are the same either way. */
  const q_node *split =
      env->helper ? split_point(env->doc, env->helper->split_bytes ? env->helper->split_bytes : Q_LAYOUT_SPLIT_BYTES)
                  : NULL;
  helper_job hj;
  if (split) {
    memset(&hj, 0, sizeof hj);
    hj.env = *env;
    hj.env.shaper = env->helper->shaper;
    hj.env.hyphenator = env->helper->hyphenator;
    hj.env.breaker = env->helper->breaker;
    hj.env.d = env->helper->d;
    hj.env.helper = NULL;
    q_arena_init(&hj.scratch.arena);
    q_vlist_init(&hj.vl);
    hj.w = w;
    hj.scratch.width = l->width;
    hj.scratch.height = l->height;
    hj.w.set = (q_setter){&hj.env, &hj.scratch, &hj.vl};
    hj.from = split;
    if (pthread_create(&hj.thread, NULL, helper_main, &hj) != 0) {
      q_vlist_drop(&hj.vl);
      split = NULL;
    }
  }
  set_parts(&w, env->doc->root->first, split);
  if (split) {
    pthread_join(hj.thread, NULL);
    q_vlist_append(&vl, &hj.vl);
    q_arena_adopt(&l->arena, &hj.scratch.arena);
    for (size_t i = 0; i < hj.scratch.noutline; i++)
      outline_add(l, hj.scratch.outline[i].title, hj.scratch.outline[i].level, hj.scratch.outline[i].dest);
    free(hj.scratch.outline);
    l->overfull += hj.scratch.overfull;
  }
  size_t body = q_vlist_paginate(&vl, l, left, top, height, sp(w.body.font_size_pt));
  size_t body_end = l->npages;
  for (size_t i = body; i < body_end; i++)
    l->pages[i].label = q_arena_printf(&l->arena, "%zu", i - body + 1);
  heads_and_folios(&w, body, body_end, false, left, top, top + height);
  q_vlist_drop(&vl);

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
