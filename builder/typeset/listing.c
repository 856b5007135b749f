/* listing.c: a listing's lines, as typed, into the vertical list. */
#include "listing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/buf.h"
#include "../base/mem.h"

/* Where each of the listing's text nodes begins in its plain text, so that a
 * line can say which node and offset it starts at (page anchors). */
/* Each of the listing's text nodes: where it begins in the listing's plain
 * text (so that a line can say which node and offset it starts at, for
 * page anchors) and the style its inline markup gives it (emphasis, inline
 * code, ... inside a listing change its face, never its columns' spacing). */
typedef struct text_at {
  const q_node *node;
  size_t start;
  q_computed style;
} text_at;

typedef struct text_map {
  text_at *v;
  size_t n, cap;
} text_map;

static q_computed markup_style(const q_style *style, const q_node *t, const q_node *listing,
                               const q_computed *base) {
  const q_node *chain[64];
  size_t n = 0;
  for (const q_node *a = t->parent; a && a != listing && n < 64; a = a->parent)
    chain[n++] = a;
  q_computed st = *base;
  while (n-- > 0) {
    const q_node *a = chain[n];
    q_sel sel = a->kind == Q_EMPHASIS ? (a->u.emphasis.strong ? Q_SEL_STRONG : Q_SEL_EM)
                : a->kind == Q_CITETITLE ? Q_SEL_CITE
                : a->kind == Q_LINK      ? Q_SEL_A
                                         : Q_SEL_COUNT;
    if (sel != Q_SEL_COUNT)
      st = q_style_compute(style, sel, &st);
  }
  return st;
}

static void map_build(text_map *m, const q_node *listing, const q_style *style,
                      const q_computed *base) {
  size_t at = 0;
  q_iter it;
  q_iter_start(&it, listing);
  for (q_event ev; (ev = q_iter_next(&it)) != Q_EV_DONE;) {
    if (ev != Q_EV_ENTER || it.node->kind != Q_TEXT)
      continue;
    m->v = q_grow(m->v, &m->cap, m->n + 1, sizeof *m->v);
    m->v[m->n++] = (text_at){it.node, at, markup_style(style, it.node, listing, base)};
    at += it.node->u.text.len;
  }
}

static void map_anchor(const text_map *m, q_vlist *vl, size_t off) {
  for (size_t k = m->n; k-- > 0;)
    if (m->v[k].start <= off && off < m->v[k].start + m->v[k].node->u.text.len) {
      q_vlist_anchor(vl, m->v[k].node, off - m->v[k].start);
      return;
    }
}

typedef struct setter {
  q_setter *s;
  const q_listing *p;
  const char *lang;
  const char *text;       /* the listing's plain text */
  size_t len;
  const text_map *map;
  q_buf scratch;          /* the NUL-terminated piece being measured */
} setter;

/* Measure (vl NULL) or set at x (into vl) t[0..len), a piece of the
 * listing's text or of another string, in the styles of the text nodes it
 * spans; returns its width. */
static q_sp piece(setter *st, const char *t, size_t len, q_vlist *vl, q_sp x) {
  size_t off = (size_t)(t - st->text);
  bool inside = t >= st->text && t + len <= st->text + st->len;
  q_sp w = 0;
  for (size_t k = 0, from = 0; from < len; k++) {
    const q_computed *cs = &st->p->style;
    size_t to = len;
    if (inside) {
      while (k < st->map->n &&
             st->map->v[k].start + st->map->v[k].node->u.text.len <= off + from)
        k++;
      if (k < st->map->n) {
        cs = &st->map->v[k].style;
        size_t end = st->map->v[k].start + st->map->v[k].node->u.text.len - off;
        to = end < len ? end : len;
      }
    }
    st->scratch.len = 0;
    q_buf_add(&st->scratch, t + from, to - from);
    q_buf_putc(&st->scratch, '\0');
    if (vl)
      w += q_text_ops(st->s, vl, st->scratch.data, cs, x + w, st->lang);
    else
      w += q_text_width(st->s, st->scratch.data, cs, st->lang);
    from = to;
  }
  return w;
}

static q_sp width_of(setter *st, const char *t, size_t len) { return piece(st, t, len, NULL, 0); }

static void ops_of(setter *st, const char *t, size_t len, q_sp x) {
  piece(st, t, len, st->s->vl, x);
}

/* The end of the longest piece of t[0..len) that fits in room: at a break
 * opportunity (brk[i]: before byte i) if one fits, else at a character
 * boundary; at least one character. Its end without trailing spaces goes
 * in *shown. */
static size_t fit(setter *st, const char *t, size_t len, const uint8_t *brk, q_sp room,
                  size_t *shown) {
  for (size_t b = len; b > 0; b--) {
    if (!brk[b] || b == len)
      continue;
    size_t e = b;
    while (e > 0 && t[e - 1] == ' ')
      e--;
    if (e > 0 && width_of(st, t, e) <= room) {
      *shown = e;
      return b;
    }
  }
  size_t b = len;
  while (b > 1) {
    do
      b--;
    while (b > 1 && ((unsigned char)t[b] & 0xC0) == 0x80);
    if (width_of(st, t, b) <= room)
      break;
  }
  if (b == 0)
    b = 1;
  while (b < len && ((unsigned char)t[b] & 0xC0) == 0x80)
    b++;
  *shown = b;
  return b;
}

size_t q_listing_set(q_setter *s, const q_listing *p) {
  text_map map = {0};
  map_build(&map, p->node, s->env->style, &p->style);
  char *text = q_node_plain_text(&s->layout->arena, p->node);
  size_t len = strlen(text);
  setter st = {s, p, q_node_lang(s->env->doc, p->node), text, len, &map, {0}};
  q_buf_init(&st.scratch);

  q_textstyle ts = q_textstyle_of(&p->style, st.lang);
  q_sp asc, desc, masc, mdesc;
  s->env->shaper->vmetrics(s->env->shaper->ctx, &ts, &asc, &desc);
  q_textstyle ms = q_textstyle_of(&p->mark_style, NULL);
  s->env->shaper->vmetrics(s->env->shaper->ctx, &ms, &masc, &mdesc);
  asc = masc > asc ? masc : asc;
  desc = mdesc > desc ? mdesc : desc;
  q_sp lead = q_pt_sp(p->style.line_height_pt);

  /* Count the lines for the gutter's width. */
  unsigned nlines = 1;
  for (size_t i = 0; i < len; i++)
    nlines += text[i] == '\n';
  bool numbered = p->node->u.listing.numbered;
  q_sp gap = q_pt_sp(0.8 * p->mark_style.font_size_pt);
  q_sp gutter = 0;
  if (numbered) {
    char widest[16];
    snprintf(widest, sizeof widest, "%u", nlines);
    for (char *c = widest; *c; c++)
      *c = '0';
    gutter = q_text_width(s, widest, &p->mark_style, NULL) + gap;
  }
  q_sp markw = q_text_width(s, Q_LISTING_MARK, &p->mark_style, NULL);
  q_sp hang = width_of(&st, "  ", 2); /* continuation lines' indent */
  q_sp measure = p->width - gutter;

  /* Set every line first, counting them, then the page-break permissions
   * between them: they depend on how many lines there are in all. */
  size_t count = 0, boxes_from = s->vl->n;
  unsigned number = 0;
  for (size_t i = 0; i <= len;) {
    size_t e = i;
    while (e < len && text[e] != '\n')
      e++;
    number++;
    const char *line = text + i;
    size_t ll = e - i;
    uint8_t *brk = q_zalloc(ll + 1, 1);
    const q_breaker *bk = s->env->breaker;
    if (bk && ll)
      bk->opportunities(bk->ctx, line, ll, st.lang, brk);
    /* Continuation lines go on two columns deeper than their line. */
    size_t lead_spaces = 0;
    while (lead_spaces < ll && line[lead_spaces] == ' ')
      lead_spaces++;
    q_sp deeper = hang + (lead_spaces ? width_of(&st, line, lead_spaces) : 0);
    if (deeper > measure / 2)
      deeper = hang;
    size_t at = 0;
    bool first = true;
    do {
      q_sp indent = first ? 0 : deeper;
      q_sp room = measure - indent;
      size_t rest = ll - at, shown = rest, next = ll;
      if (rest && width_of(&st, line + at, rest) > room) {
        next = at + fit(&st, line + at, rest, brk + at, room - markw - gap / 2, &shown);
        shown += at;
      } else {
        shown = ll;
      }
      if (numbered && first) {
        char num[16];
        snprintf(num, sizeof num, "%u", number);
        q_sp nw = q_text_width(s, num, &p->mark_style, NULL);
        q_text_ops(s, s->vl, num, &p->mark_style, gutter - gap - nw, NULL);
      }
      if (shown > at)
        ops_of(&st, line + at, shown - at, gutter + indent);
      if (next < ll)
        q_text_ops(s, s->vl, Q_LISTING_MARK, &p->mark_style, gutter + measure - markw, NULL);
      q_vlist_box(s->vl, lead, asc, desc, p->x);
      if (shown > at)
        map_anchor(&map, s->vl, (size_t)(line - text) + at);
      count++;
      /* The spaces at a wrap belong to neither line. */
      at = next;
      while (at < ll && line[at] == ' ' && next < ll)
        at++;
      first = false;
      /* Between this line and the next: decided below. */
      if (at < ll)
        q_vlist_penalty(s->vl, 0);
    } while (at < ll);
    free(brk);
    if (e < len)
      q_vlist_penalty(s->vl, 0);
    i = e + 1;
  }
  /* No line alone at the top or the bottom of a page: the penalties inside
   * the first two and the last two lines forbid a break. */
  size_t seen = 0;
  for (size_t k = boxes_from; k < s->vl->n; k++) {
    v_entry *en = &s->vl->e[k];
    if (en->kind == V_BOX)
      seen++;
    else if (en->kind == V_PENALTY && (seen < 2 || count - seen < 2))
      en->penalty = Q_PENALTY_INF;
  }
  q_buf_drop(&st.scratch);
  free(map.v);
  return count;
}
