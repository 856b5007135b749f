/* para.c: inline content -> boxes, glue, penalties -> lines.
 *
 * A paragraph's text is gathered into one buffer (in the layout's arena, as
 * glyph runs point into it) with a segment per change of style, language or
 * link. Break opportunities are found once for the whole buffer. Between
 * opportunities lie pieces; a piece is shaped once (the shaper caches words)
 * and split at hyphenation points into boxes, with the hyphen's width on the
 * flagged penalty between them. A space is glue: its width, stretch 1/2 and
 * shrink 1/3 of it, as TeX's fonts have. */
#include "para.h"
#include "../base/mem.h"
#include "inlines.h"

#include <stdlib.h>
#include <string.h>

#include "../base/buf.h"
#include "../base/utf8.h"
#include "../model/xref.h"

enum { HYPHEN_PENALTY = 50, EX_HYPHEN_PENALTY = 50 };

q_sp q_pt_sp(double pt) { return Q_PT(pt); }

q_textstyle q_textstyle_of(const q_computed *c, const char *lang) {
  return (q_textstyle){c->font_family, c->bold, c->italic, Q_PT(c->font_size_pt), lang};
}

typedef struct segment {
  size_t start, end;     /* bytes of the paragraph text */
  q_computed style;
  const char *lang;
  const char *uri, *dest;/* link targets */
  bool code;             /* never hyphenated */
  const q_node *node;    /* for positions in messages */
  q_sp rise;             /* baseline shift up (a note's mark) */
  const q_node *note;    /* the footnote this segment is the first mark of */
  bool address;          /* a printed address: breaks after / . ? & # */
  q_inline_look look;    /* raised, ruled, tagged: a DocBook inline's (issue 11) */
} segment;

typedef struct piece {   /* what a box stands for */
  size_t seg;
  size_t start, len;     /* bytes of the paragraph text */
  const q_glyph *glyphs;
  size_t n;
} piece;

typedef struct para_state {
  q_setter *s;
  const q_para *p;
  q_buf text;
  segment *segs;
  size_t nsegs, segcap;
  piece *pieces;
  size_t npieces, piececap;
  q_item *items;
  size_t nitems, itemcap;
  bool hyphenate;        /* split pieces at hyphenation points */
  bool quiet;            /* the items again: say nothing said already */
  const q_node **line_marks; /* notes whose marks the lines set so far hold */
  size_t nline_marks, line_marks_cap;
} para_state;

static q_item *item(para_state *ps) {
  ps->items = q_grow(ps->items, &ps->itemcap, ps->nitems + 1, sizeof *ps->items);
  q_item *it = &ps->items[ps->nitems++];
  memset(it, 0, sizeof *it);
  return it;
}

static void add_segment(para_state *ps, const char *t, size_t len, const q_computed *st,
                        const char *lang, const char *uri, const char *dest, bool code,
                        const q_node *node, const q_inline_look *look) {
  if (!len)
    return;
  /* One segment per text node, never merged: a segment maps back to the
   * model exactly (node and offset), which page anchors rely on. */
  size_t start = ps->text.len;
  q_buf_add(&ps->text, t, len);
  ps->segs = q_grow(ps->segs, &ps->segcap, ps->nsegs + 1, sizeof *ps->segs);
  ps->segs[ps->nsegs++] = (segment){start, ps->text.len, *st, lang, uri, dest, code, node, 0, NULL, false,
                                    look ? *look : (q_inline_look){0}};
}

/* The style of a text node: the block's, changed by each inline ancestor
 * from the outermost in. */
static void text_style(para_state *ps, const q_node *t, q_computed *st, const char **lang,
                       const char **uri, const char **dest, bool *code, q_inline_look *look) {
  const q_node *chain[64];
  size_t n = 0;
  for (const q_node *a = t->parent; a && a != ps->p->block && n < 64; a = a->parent)
    chain[n++] = a;
  const q_style *style = ps->s->env->style;
  *st = ps->p->style;
  *lang = q_node_lang(ps->s->env->doc, t);
  *uri = *dest = NULL;
  *code = false;
  memset(look, 0, sizeof *look);
  while (n-- > 0) {
    const q_node *a = chain[n];
    switch (a->kind) {
    case Q_INLINE:
      q_inline_look_apply(look, style, a, st);
      *code = *code || look->fixed;
      break;
    case Q_EMPHASIS:
      *st = q_style_compute(style, a->u.emphasis.strong ? Q_SEL_STRONG : Q_SEL_EM, st);
      break;
    case Q_CODE:
      *st = q_style_compute(style, Q_SEL_CODE, st);
      *code = true;
      look->fixed = true;
      break;
    case Q_CITETITLE:
      *st = q_style_compute(style, Q_SEL_CITE, st);
      break;
    case Q_XREF:
      *st = q_style_compute(style, Q_SEL_A, st);
      *dest = a->u.xref.linkend;
      break;
    case Q_LINK:
      *st = q_style_compute(style, Q_SEL_A, st);
      if (a->u.link.href && a->u.link.href[0] == '#')
        *dest = a->u.link.href + 1;
      else
        *uri = a->u.link.href;
      *code = *code || (*uri != NULL); /* URLs are not hyphenated */
      break;
    default:
      break;
    }
  }
}

/* A footnote's mark (or a footnoteref's repeat of it): smaller, raised,
 * a link to the note. Only a footnote's own mark brings its note. */
static void note_mark(para_state *ps, const q_node *n) {
  const q_node *note = q_note_of(n);
  if (!note)
    return;
  q_computed st;
  const char *lang, *uri, *dest;
  bool code;
  q_inline_look look;
  text_style(ps, n, &st, &lang, &uri, &dest, &code, &look);
  if (uri || dest)
    return; /* inside a link: no link in a link */
  q_arena *a = &ps->s->layout->arena;
  bool symbols = q_style_compute(ps->s->env->style, Q_SEL_FOOTNOTE, NULL).note_symbols;
  const char *mark = q_note_mark(a, note->u.note.number, symbols);
  q_sp rise = Q_PT(0.35 * st.font_size_pt);
  st.font_size_pt *= 0.7;
  add_segment(ps, mark, strlen(mark), &st, lang, NULL, q_note_dest(a, note), true, NULL, NULL);
  ps->segs[ps->nsegs - 1].rise = rise;
  ps->segs[ps->nsegs - 1].note = n->kind == Q_FOOTNOTE ? note : NULL;
}

/* " on page 12" after an xref's text, part of its link, with the label
 * of the page its target was on in the last pass. */
static void page_of_xref(para_state *ps, const q_node *x) {
  if (!ps->s->pages)
    return;
  const char *label = q_pagerefs_label(ps->s->pages, x->u.xref.linkend);
  q_computed st;
  const char *lang, *uri, *dest;
  bool code;
  q_inline_look look;
  text_style(ps, x->first, &st, &lang, &uri, &dest, &code, &look);
  const char *t = q_arena_printf(&ps->s->layout->arena, " on page %s", label ? label : "?");
  add_segment(ps, t, strlen(t), &st, lang, uri, dest, false, NULL, &look);
}

/* Whether a link's text is its address (give or take the scheme, a
 * "www." and a final slash): then printing it again says nothing. */
static bool text_is_address(const char *text, const char *href) {
  const char *h = strstr(href, "://");
  h = h ? h + 3 : href;
  if (strncmp(href, "mailto:", 7) == 0)
    h = href + 7;
  const char *t = strstr(text, "://");
  t = t ? t + 3 : text;
  if (strncmp(h, "www.", 4) == 0)
    h += 4;
  if (strncmp(t, "www.", 4) == 0)
    t += 4;
  size_t hl = strlen(h), tl = strlen(t);
  while (hl && h[hl - 1] == '/')
    hl--;
  while (tl && t[tl - 1] == '/')
    tl--;
  return hl == tl && strncmp(h, t, hl) == 0;
}

/* " (https://…)" after an external link whose text is not its address. */
static void address_of_link(para_state *ps, const q_node *link) {
  const char *href = link->u.link.href;
  if (!href || href[0] == '#' || !link->first)
    return;
  q_arena *a = &ps->s->layout->arena;
  if (text_is_address(q_node_plain_text(a, link), href))
    return;
  q_computed st;
  const char *lang, *uri, *dest;
  bool code;
  const q_node *last = link;
  while (last->last)
    last = last->last;
  q_inline_look look;
  text_style(ps, last, &st, &lang, &uri, &dest, &code, &look);
  if (!st.print_address)
    return;
  const char *t = q_arena_printf(a, " (%s)", href);
  add_segment(ps, t, strlen(t), &st, lang, uri, NULL, true, NULL, NULL);
  ps->segs[ps->nsegs - 1].address = true;
}

static void gather(para_state *ps) {
  const q_para *p = ps->p;
  const char *doclang = p->block ? q_node_lang(ps->s->env->doc, p->block) : ps->s->env->doc->meta.lang;
  if (p->label)
    add_segment(ps, p->label, strlen(p->label), &p->label_style, doclang, NULL, NULL, false, p->block,
                NULL);
  if (!p->block)
    return;
  q_iter it;
  q_iter_start(&it, p->block);
  for (q_event ev; (ev = q_iter_next(&it)) != Q_EV_DONE;) {
    const q_node *n = it.node;
    if (ev == Q_EV_ENTER && (n->kind == Q_FOOTNOTE || n->kind == Q_FOOTNOTEREF)) {
      note_mark(ps, n);
      q_iter_skip(&it);
      continue;
    }
    if (ev == Q_EV_EXIT && n->kind == Q_XREF && n->first)
      page_of_xref(ps, n);
    if (ev == Q_EV_EXIT && n->kind == Q_LINK)
      address_of_link(ps, n);
    if (ev != Q_EV_ENTER || n->kind != Q_TEXT)
      continue;
    q_computed st;
    const char *lang, *uri, *dest;
    bool code;
    q_inline_look look;
    text_style(ps, n, &st, &lang, &uri, &dest, &code, &look);
    add_segment(ps, n->u.text.text, n->u.text.len, &st, lang, uri, dest, code, n, &look);
  }
}

static bool is_letter_at(const char *t, size_t i, size_t end, size_t *next) {
  unsigned char c = (unsigned char)t[i];
  if (c < 0x80) {
    *next = i + 1;
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
  size_t j = i;
  uint32_t cp = q_utf8_next(t, end, &j);
  *next = j;
  /* Punctuation, symbols and spaces of the general blocks are not letters. */
  return !(cp < 0xC0 || (cp >= 0x2000 && cp <= 0x2BFF) || cp == 0xD7 || cp == 0xF7 ||
           (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFE00 && cp <= 0xFFFF));
}

/* Hyphenation points inside a piece: brk[i] = 1 allows a hyphen after byte
 * start + i. Only whole alphabetic words of 5 letters or more. */
static void hyphen_points(para_state *ps, const segment *sg, size_t start, size_t len, uint8_t *brk) {
  const q_hyphenator *h = ps->s->env->hyphenator;
  if (!h || sg->code || !sg->style.hyphens)
    return;
  const char *t = ps->text.data;
  size_t end = start + len, i = start;
  while (i < end) {
    size_t next;
    if (!is_letter_at(t, i, end, &next)) {
      i = next;
      continue;
    }
    size_t w = i, chars = 0;
    while (i < end && is_letter_at(t, i, end, &next)) {
      i = next;
      chars++;
    }
    /* A word glued to digits or underscores (x86_64) is not a word. */
    bool clean = (w == start || !(t[w - 1] >= '0' && t[w - 1] <= '9') ) &&
                 (i == end || !((t[i] >= '0' && t[i] <= '9') || t[i] == '_'));
    if (chars >= 5 && clean)
      h->hyphenate(h->ctx, sg->lang, t + w, i - w, brk + (w - start));
  }
}

static void report_missing(para_state *ps, const segment *sg, size_t start, size_t len,
                           const q_glyph *g, size_t n) {
  for (size_t k = 0; k < n; k++) {
    if (g[k].id != 0)
      continue;
    size_t off = start + (g[k].cluster - g[0].cluster);
    size_t j = off;
    uint32_t cp = q_utf8_next(ps->text.data, start + len, &j);
    q_pos at = sg->node ? sg->node->pos : (q_pos){NULL, 0, 0};
    q_warning(ps->s->env->d, at, "no font has a glyph for '%.*s' (U+%04X): it shows as an empty box",
              (int)(j - off), ps->text.data + off, (unsigned)cp);
  }
}

/* Shape text[start..start+len) of segment sg and add its boxes, split at
 * hyphenation points. */
static void add_piece(para_state *ps, size_t seg, size_t start, size_t len) {
  const segment *sg = &ps->segs[seg];
  const q_shaper *sh = ps->s->env->shaper;
  q_textstyle ts = q_textstyle_of(&sg->style, sg->lang);
  const q_glyph *g;
  size_t n, missing = 0;
  q_sp width;
  if (!sh->shape(sh->ctx, ps->text.data + start, len, &ts, &g, &n, &width, &missing) || n == 0)
    return;
  if (missing && !ps->quiet)
    report_missing(ps, sg, start, len, g, n);
  uint8_t small[64];
  uint8_t *brk = len <= sizeof small ? small : q_zalloc(len, 1);
  memset(brk, 0, len);
  if (ps->hyphenate)
    hyphen_points(ps, sg, start, len, brk);
  q_sp hyphen = 0;
  size_t k0 = 0;
  for (size_t k = 1; k <= n; k++) {
    bool split = false;
    if (k < n) {
      size_t off = g[k].cluster - g[0].cluster;
      split = off > 0 && off <= len && brk[off - 1] && g[k].cluster != g[k - 1].cluster;
    }
    if (k < n && !split)
      continue;
    ps->pieces = q_grow(ps->pieces, &ps->piececap, ps->npieces + 1, sizeof *ps->pieces);
    size_t from = g[k0].cluster - g[0].cluster, to = k < n ? g[k].cluster - g[0].cluster : len;
    ps->pieces[ps->npieces] = (piece){seg, start + from, to - from, g + k0, k - k0};
    q_item *b = item(ps);
    b->type = Q_ITEM_BOX;
    int64_t bw = 0;
    for (size_t j = k0; j < k; j++)
      bw += g[j].advance;
    b->width = q_sp_sat(bw);
    b->ref = (uint32_t)ps->npieces++;
    if (k < n) {
      if (!hyphen)
        hyphen = q_text_width(ps->s, "-", &sg->style, sg->lang);
      q_item *pen = item(ps);
      pen->type = Q_ITEM_PENALTY;
      pen->width = hyphen;
      pen->penalty = HYPHEN_PENALTY;
      pen->flagged = true;
      pen->ref = (uint32_t)seg;
    }
    k0 = k;
  }
  if (brk != small)
    free(brk);
}

static size_t seg_at(const para_state *ps, size_t off, size_t from) {
  size_t k = from;
  while (k + 1 < ps->nsegs && ps->segs[k].end <= off)
    k++;
  return k;
}

/* The items of the paragraph, from its break opportunities brk (UAX #14,
 * one a byte and one more). */
static void build_items(para_state *ps, const uint8_t *brk) {
  const char *t = ps->text.data;
  size_t len = ps->text.len;
  ps->nitems = ps->npieces = 0;
  if (ps->p->indent > 0) {
    q_item *b = item(ps);
    b->type = Q_ITEM_BOX;
    b->width = ps->p->indent;
    b->ref = UINT32_MAX;
  }
  size_t seg = 0, i = 0, space_seg = SIZE_MAX;
  q_sp w = 0; /* the width of a space in segment space_seg */
  while (i < len) {
    seg = seg_at(ps, i, seg);
    if (t[i] == ' ') {
      if (seg != space_seg) {
        const segment *sg = &ps->segs[seg];
        q_textstyle ts = q_textstyle_of(&sg->style, sg->lang);
        w = ps->s->env->shaper->space(ps->s->env->shaper->ctx, &ts);
        space_seg = seg;
      }
      while (i < len && t[i] == ' ')
        i++;
      if (ps->nitems && ps->items[ps->nitems - 1].type == Q_ITEM_GLUE)
        continue;
      q_item *g = item(ps);
      g->type = Q_ITEM_GLUE;
      g->width = w;
      /* Inline code's spaces keep their width: a space between two of its
       * words is part of what it says. */
      bool fixed = ps->segs[seg].look.fixed && i < len && seg_at(ps, i, seg) == seg;
      g->stretch = fixed ? 0 : w / 2;
      g->shrink = fixed ? 0 : w / 3;
      continue;
    }
    /* A piece: up to the next space, opportunity or segment end. */
    size_t end = i + 1, segend = ps->segs[seg].end;
    while (end < len && end < segend && t[end] != ' ' && !brk[end])
      end++;
    add_piece(ps, seg, i, end - i);
    if (end < len && t[end] != ' ' && brk[end]) {
      /* A break inside a word, after a hyphen or a dash: no added width. */
      q_item *pen = item(ps);
      pen->type = Q_ITEM_PENALTY;
      bool hyphen = t[end - 1] == '-';
      pen->penalty = brk[end] == Q_BRK_MUST ? -Q_PENALTY_INF : hyphen ? EX_HYPHEN_PENALTY : 0;
      pen->flagged = hyphen;
    }
    i = end;
  }
  /* The end: no break before the final glue, which fills the last line. */
  if (ps->nitems && ps->items[ps->nitems - 1].type == Q_ITEM_GLUE)
    ps->nitems--;
  q_item *p1 = item(ps);
  p1->type = Q_ITEM_PENALTY;
  p1->penalty = Q_PENALTY_INF;
  q_item *fill = item(ps);
  fill->type = Q_ITEM_GLUE;
  fill->stretch = Q_PT(1);
  fill->fil = true;
  q_item *p2 = item(ps);
  p2->type = Q_ITEM_PENALTY;
  p2->penalty = -Q_PENALTY_INF;
}

/* Ragged lines: first fit, glue at its natural width. */
static bool first_fit(const para_state *ps, q_breaks *out) {
  size_t cap = 0;
  out->lines = NULL;
  out->count = 0;
  out->pass = 0;
  int64_t x = 0;
  size_t last_break = SIZE_MAX;
  bool any_box = false;
  for (size_t i = 0; i < ps->nitems; i++) {
    const q_item *it = &ps->items[i];
    bool legal = (it->type == Q_ITEM_GLUE && i > 0 && ps->items[i - 1].type == Q_ITEM_BOX) ||
                 (it->type == Q_ITEM_PENALTY && it->penalty < Q_PENALTY_INF);
    if (legal && any_box) {
      int64_t w = x + (it->type == Q_ITEM_PENALTY ? it->width : 0);
      bool forced = it->type == Q_ITEM_PENALTY && it->penalty <= -Q_PENALTY_INF;
      out->lines = q_grow(out->lines, &cap, out->count + 1, sizeof *out->lines);
      if (w > ps->p->width && last_break != SIZE_MAX) {
        out->lines[out->count++] = (q_line_fit){.end = last_break,
                                               .hyphenated = ps->items[last_break].flagged};
        /* Restart after that break. */
        i = last_break;
        while (i + 1 < ps->nitems && ps->items[i + 1].type != Q_ITEM_BOX)
          i++;
        x = 0, last_break = SIZE_MAX, any_box = false;
        continue;
      }
      last_break = i;
      if (forced) {
        out->lines[out->count++] = (q_line_fit){.end = i, .overfull = w > ps->p->width};
        x = 0, last_break = SIZE_MAX, any_box = false;
        continue;
      }
    }
    if (it->type == Q_ITEM_BOX) {
      x += it->width;
      any_box = true;
    } else if (it->type == Q_ITEM_GLUE && !it->fil) {
      x += it->width;
    }
  }
  return true;
}

static const char *tag_for(const segment *sg, const char *base_lang, const char **lang) {
  *lang = NULL;
  if (sg->uri || sg->dest)
    return "Link";
  if (sg->lang && base_lang && strcmp(sg->lang, base_lang) != 0)
    *lang = sg->lang;
  return sg->look.tag ? sg->look.tag : "Span";
}

static void open_tag(para_state *ps, const segment *sg, const char *base_lang) {
  q_op *op = q_vlist_op(ps->s->vl);
  op->kind = Q_OP_TAG_BEGIN;
  op->u.tag.name = tag_for(sg, base_lang, &op->u.tag.lang);
  op->u.tag.uri = sg->uri;
  op->u.tag.dest = sg->dest;
}

static void close_tag(para_state *ps) { q_vlist_op(ps->s->vl)->kind = Q_OP_TAG_END; }

/* A line's words, merged into as few glyph runs as the fonts allow: one
 * cairo call per run instead of one per word is most of the PDF's cost.
 * Runs hold the spaces between their words in their text; a run is a list
 * of spans of the shaper's glyphs, each with the gap after it (stretched
 * or shrunk) as set. */
typedef struct run {
  bool open;
  size_t seg;        /* the segment (words of different ones never join) */
  q_sp size;
  uint32_t color;
  uint16_t font;
  const char *text;  /* where the run's text begins */
  const char *end;   /* where it ends so far */
  q_sp x;            /* start */
  int64_t pen;       /* current pen position: a sum, in 64 bits */
  q_glyph_span *sp;
  size_t nsp, cap;
  size_t n;          /* glyphs */
  q_sp rise;
} run;

static void run_flush(para_state *ps, run *r) {
  if (!r->open)
    return;
  r->open = false;
  q_glyph_span *sp = q_arena_alloc(&ps->s->layout->arena, r->nsp * sizeof *sp);
  memcpy(sp, r->sp, r->nsp * sizeof *sp);
  q_op *op = q_vlist_op(ps->s->vl);
  op->kind = Q_OP_GLYPHS;
  op->x = r->x;
  op->y = -r->rise;
  op->u.glyphs.text = r->text;
  op->u.glyphs.len = (size_t)(r->end - r->text);
  op->u.glyphs.spans = sp;
  op->u.glyphs.nspans = r->nsp;
  op->u.glyphs.n = r->n;
  op->u.glyphs.font = r->font;
  op->u.glyphs.size = r->size;
  op->u.glyphs.color = r->color;
}

static bool only_spaces(const char *from, const char *to) {
  for (; from < to; from++)
    if (*from != ' ')
      return false;
  return true;
}

/* Add glyphs g[0..n) standing for text[0..len) (clusters counted from
 * g[0].cluster) at x, in segment seg set in style st. */
static void run_add(para_state *ps, run *r, size_t seg, const q_computed *st, const char *text,
                    size_t len, const q_glyph *g, size_t n, q_sp x) {
  bool joins = r->open && r->seg == seg && r->font == g[0].font && text >= r->end &&
               only_spaces(r->end, text) && x >= r->pen && r->nsp > 0;
  if (!joins) {
    run_flush(ps, r);
    r->open = true;
    r->seg = seg;
    r->size = Q_PT(st->font_size_pt);
    r->color = st->color;
    r->font = g[0].font;
    r->text = text;
    r->x = x;
    r->pen = x;
    r->nsp = r->n = 0;
    r->rise = seg < ps->nsegs ? ps->segs[seg].rise + ps->segs[seg].look.rise : 0;
  } else {
    r->sp[r->nsp - 1].gap = q_sp_sat(r->sp[r->nsp - 1].gap + (x - r->pen)); /* the space, as set */
    r->pen = x;
  }
  r->sp = q_grow(r->sp, &r->cap, r->nsp + 1, sizeof *r->sp);
  r->sp[r->nsp++] = (q_glyph_span){g, (uint32_t)n, (uint32_t)(text - r->text), 0};
  for (size_t k = 0; k < n; k++)
    r->pen += g[k].advance;
  r->n += n;
  r->end = text + len;
}

/* Glyph runs of one piece (or part of one) at x: a font change starts a
 * new run. */
static void piece_glyphs(para_state *ps, run *r, size_t seg, const q_computed *st,
                         const char *text, size_t len, const q_glyph *g, size_t n, q_sp x) {
  size_t k0 = 0;
  int64_t pen = x;
  for (size_t k = 1; k <= n; k++) {
    if (k < n && g[k].font == g[k0].font)
      continue;
    size_t from = g[k0].cluster - g[0].cluster;
    size_t to = k < n ? g[k].cluster - g[0].cluster : len;
    run_add(ps, r, seg, st, text + from, to - from, g + k0, k - k0, q_sp_sat(pen));
    for (size_t j = k0; j < k; j++)
      pen += g[j].advance;
    k0 = k;
  }
}

/* A shaped text of its own (a label, a bullet, a hyphen) at x. */
static void emit_glyphs(para_state *ps, const char *text, size_t len, const q_glyph *g, size_t n,
                        q_sp x, const q_computed *st) {
  run r = {0};
  piece_glyphs(ps, &r, SIZE_MAX, st, text, len, g, n, x);
  run_flush(ps, &r);
  free(r.sp);
}

/* The model position of the first word of text on a line (items
 * [from, to)): a text node and the byte offset in it. Labels set before the
 * content ("1. ", "Title: ") are not in the model: the anchor is then the
 * first text that is. */
static void note_anchor(para_state *ps, size_t from, size_t to) {
  for (size_t i = from; i < to; i++) {
    const q_item *it = &ps->items[i];
    if (it->type != Q_ITEM_BOX || it->ref == UINT32_MAX)
      continue;
    const piece *pc = &ps->pieces[it->ref];
    const segment *sg = &ps->segs[pc->seg];
    if (sg->node && sg->node->kind == Q_TEXT) {
      q_vlist_anchor(ps->s->vl, sg->node, pc->start - sg->start);
      return;
    }
  }
}

/* Does the block need child elements: a link, or a change of language? If
 * not, its text goes straight into the block's own element, a leaf, which
 * saves the PDF a structure element and a marked-content sequence per line
 * (most paragraphs of a book). */
static bool needs_children(const para_state *ps, const char *base_lang) {
  for (size_t i = 0; i < ps->nsegs; i++) {
    const segment *sg = &ps->segs[i];
    if (sg->uri || sg->dest || sg->look.tag || (sg->lang && base_lang && strcmp(sg->lang, base_lang) != 0))
      return true;
  }
  return false;
}

static void set_lines(para_state *ps, const q_breaks *br, char *text) {
  const q_para *p = ps->p;
  q_setter *s = ps->s;
  const char *base_lang = p->block ? q_node_lang(s->env->doc, p->block) : NULL;
  bool leaf = !needs_children(ps, base_lang);
  q_sp lead = Q_PT(p->style.line_height_pt);
  q_textstyle ts = q_textstyle_of(&p->style, base_lang);
  q_sp asc, desc;
  s->env->shaper->vmetrics(s->env->shaper->ctx, &ts, &asc, &desc);
  size_t start = 0;
  for (size_t li = 0; li < br->count; li++) {
    const q_line_fit *lf = &br->lines[li];
    double ratio = lf->ratio;
    if (ratio < -1)
      ratio = -1;
    bool justify = p->style.text_align == Q_ALIGN_JUSTIFY;
    /* Natural width, for ragged alignment. */
    int64_t natural = 0;
    for (size_t i = start; i < lf->end; i++)
      if (ps->items[i].type != Q_ITEM_PENALTY && !ps->items[i].fil)
        natural += ps->items[i].width;
    if (ps->items[lf->end].type == Q_ITEM_PENALTY)
      natural += ps->items[lf->end].width;
    q_sp x = 0;
    if (!justify) {
      q_sp room = q_sp_sat(p->width - natural);
      if (p->style.text_align == Q_ALIGN_CENTER)
        x = room / 2;
      else if (p->style.text_align == Q_ALIGN_END)
        x = room;
    }
    double xf = (double)x;
    size_t open = SIZE_MAX; /* segment whose tag is open */
    size_t marks_from = ps->nline_marks;
    run r = {0};
    for (size_t i = start; i < lf->end; i++) {
      const q_item *it = &ps->items[i];
      if (it->type == Q_ITEM_GLUE) {
        double w = (double)it->width;
        if (justify && !it->fil)
          w += ratio > 0 ? ratio * (double)it->stretch : ratio * (double)it->shrink;
        xf += w;
        continue;
      }
      if (it->type != Q_ITEM_BOX)
        continue;
      if (it->ref == UINT32_MAX) { /* the indent */
        xf += (double)it->width;
        continue;
      }
      const piece *pc = &ps->pieces[it->ref];
      if (open != pc->seg) {
        run_flush(ps, &r);
        if (open != SIZE_MAX && !leaf)
          close_tag(ps);
        if (!leaf)
          open_tag(ps, &ps->segs[pc->seg], base_lang);
        open = pc->seg;
      }
      piece_glyphs(ps, &r, pc->seg, &ps->segs[pc->seg].style, text + pc->start, pc->len,
                   pc->glyphs, pc->n, q_sp_sat((int64_t)(xf + 0.5)));
      if (ps->segs[pc->seg].note && s->marks && pc->start == ps->segs[pc->seg].start) {
        ps->line_marks = q_grow(ps->line_marks, &ps->line_marks_cap, ps->nline_marks + 1,
                                sizeof *ps->line_marks);
        ps->line_marks[ps->nline_marks++] = ps->segs[pc->seg].note;
      }
      const segment *psg = &ps->segs[pc->seg];
      if (psg->look.underline || psg->look.strike) {
        /* The rule runs on over a space to the segment's next word. */
        q_sp rw = it->width;
        if (i + 2 < lf->end && ps->items[i + 1].type == Q_ITEM_GLUE &&
            ps->items[i + 2].type == Q_ITEM_BOX && ps->items[i + 2].ref != UINT32_MAX &&
            ps->pieces[ps->items[i + 2].ref].seg == pc->seg) {
          double gw = (double)ps->items[i + 1].width;
          if (justify)
            gw += ratio > 0 ? ratio * (double)ps->items[i + 1].stretch
                            : ratio * (double)ps->items[i + 1].shrink;
          rw += (q_sp)(gw + 0.5);
        }
        run_flush(ps, &r);
        for (int k = 0; k < 2; k++)
          if (k ? psg->look.strike : psg->look.underline)
            q_inline_look_rule(q_vlist_op(ps->s->vl), k == 1, psg->style.font_size_pt,
                               psg->style.color, (q_sp)(xf + 0.5), rw);
      }
      xf += (double)it->width;
    }
    run_flush(ps, &r);
    free(r.sp);
    if (ps->items[lf->end].type == Q_ITEM_PENALTY && ps->items[lf->end].width > 0) {
      size_t seg = open != SIZE_MAX ? open : 0;
      q_text_ops(s, s->vl, "-", &ps->segs[seg].style, q_sp_sat((int64_t)(xf + 0.5)), ps->segs[seg].lang);
    }
    if (open != SIZE_MAX && !leaf)
      close_tag(ps);
    q_vlist_box(s->vl, lead, asc, desc, p->x);
    for (size_t k = marks_from; k < ps->nline_marks; k++)
      q_marks_push(s->marks, ps->line_marks[k], s->vl->n - 1);
    note_anchor(ps, start, lf->end);
    if (lf->overfull) {
      s->layout->overfull++;
      q_pos at = p->block ? p->block->pos : (q_pos){NULL, 0, 0};
      q_warning(s->env->d, at, "a line of this paragraph is too wide for the measure");
    }
    /* Page break permissions after this line. */
    if (li + 1 < br->count) {
      size_t after = li + 1, left = br->count - after;
      bool keep = p->keep_together || (int32_t)after < p->orphans_widows ||
                  (int32_t)left < p->orphans_widows;
      q_vlist_penalty(s->vl, keep ? Q_PENALTY_INF : 0);
    }
    /* The next line starts after the break and what it discards. */
    start = lf->end + 1;
    while (start < ps->nitems && ps->items[start].type != Q_ITEM_BOX &&
           !(ps->items[start].type == Q_ITEM_PENALTY && ps->items[start].penalty <= -Q_PENALTY_INF))
      start++;
  }
}

/* Whether any of the paragraph's text could be hyphenated at all. */
static bool hyphenatable(const para_state *ps) {
  if (!ps->s->env->hyphenator)
    return false;
  for (size_t k = 0; k < ps->nsegs; k++)
    if (!ps->segs[k].code && ps->segs[k].style.hyphens)
      return true;
  return false;
}

/* A printed address may break after / . ? & # (not before its own end,
 * and not inside "//"), with no hyphen: the reader must type it as it is. */
static void uri_breaks(const para_state *ps, const char *text, uint8_t *brk) {
  for (size_t k = 0; k < ps->nsegs; k++) {
    const segment *sg = &ps->segs[k];
    if (!sg->address)
      continue;
    for (size_t i = sg->start + 2; i + 2 < sg->end; i++) {
      char c = text[i];
      if ((c == '/' || c == '.' || c == '?' || c == '&' || c == '#') && text[i + 1] != '/' &&
          text[i + 1] != ')' && brk[i + 1] == Q_BRK_NONE)
        brk[i + 1] = Q_BRK_ALLOW;
    }
  }
}

size_t q_para_set(q_setter *s, const q_para *p) {
  para_state ps = {0};
  ps.s = s;
  ps.p = p;
  q_buf_init(&ps.text);
  gather(&ps);
  size_t count = 0;
  if (ps.text.len == 0)
    goto done;
  /* Glyph runs point into the text: keep it in the layout's arena. */
  size_t len = ps.text.len;
  char *text = q_arena_strndup(&s->layout->arena, ps.text.data, len);
  q_buf_drop(&ps.text);
  ps.text.data = text;
  ps.text.len = len;
  uint8_t *brk = q_zalloc(len + 1, 1);
  const q_breaker *bk = s->env->breaker;
  if (bk)
    bk->opportunities(bk->ctx, text, len, ps.nsegs ? ps.segs[0].lang : "en", brk);
  uri_breaks(&ps, text, brk);
  q_breaks br = {0};
  bool ok;
  if (p->style.text_align == Q_ALIGN_JUSTIFY) {
    /* As TeX does (§891): a first pass without hyphenation, and only if
     * it fails are the words hyphenated, for the passes after it. Pass 1
     * never breaks at a hyphenation point, so the lines are the same as
     * with every word hyphenated first, and most paragraphs never need
     * the dictionary. */
    q_sp w = p->width;
    q_break_params bp = s->env->params;
    bool first = bp.pretolerance >= 0 && hyphenatable(&ps);
    ps.hyphenate = !first;
    build_items(&ps, brk);
    if (first) {
      bp.last_pass = 1;
      ok = q_linebreak(ps.items, ps.nitems, &w, 1, &bp, &br);
      if (!ok) {
        q_breaks_drop(&br);
        ps.hyphenate = ps.quiet = true;
        build_items(&ps, brk);
        bp = s->env->params;
        bp.pretolerance = -1;
        ok = q_linebreak(ps.items, ps.nitems, &w, 1, &bp, &br);
      }
    } else {
      ok = q_linebreak(ps.items, ps.nitems, &w, 1, &bp, &br);
    }
  } else {
    ps.hyphenate = true;
    build_items(&ps, brk);
    ok = first_fit(&ps, &br);
  }
  free(brk);
  if (ok) {
    set_lines(&ps, &br, text);
    count = br.count;
  }
  q_breaks_drop(&br);
done:
  if (count == 0 && ps.text.cap)
    q_buf_drop(&ps.text); /* still ours when there was no text */
  free(ps.segs);
  free(ps.pieces);
  free(ps.items);
  free(ps.line_marks);
  return count;
}

q_sp q_text_width(q_setter *s, const char *text, const q_computed *style, const char *lang) {
  q_textstyle ts = q_textstyle_of(style, lang);
  const q_glyph *g;
  size_t n;
  q_sp w = 0;
  if (!s->env->shaper->shape(s->env->shaper->ctx, text, strlen(text), &ts, &g, &n, &w, NULL))
    return 0;
  return w;
}

q_sp q_text_ops(q_setter *s, q_vlist *vl, const char *text, const q_computed *style, q_sp x,
                const char *lang) {
  q_textstyle ts = q_textstyle_of(style, lang);
  const q_glyph *g;
  size_t n, len = strlen(text);
  q_sp w = 0;
  if (!len || !s->env->shaper->shape(s->env->shaper->ctx, text, len, &ts, &g, &n, &w, NULL) || !n)
    return 0;
  const char *kept = q_arena_strndup(&s->layout->arena, text, len);
  para_state ps = {0};
  q_setter local = *s;
  local.vl = vl;
  ps.s = &local;
  emit_glyphs(&ps, kept, len, g, n, x, style);
  return w;
}
