/* Layouts made by hand, for the tests of what reads a layout (the PDF
 * writer, q_layout_check): pages of ops built one call at a time, glyph runs
 * shaped by whatever shaper the test puts in handmade_shaper (the real one,
 * or fake_text.h's). A layout and its strings live in its arena; the runs'
 * spans in a static table; drop_layout frees the layout. Include after
 * cmocka.h. */
#ifndef QUIRE_TESTS_HANDMADE_H
#define QUIRE_TESTS_HANDMADE_H

#include <stdlib.h>
#include <string.h>

#include "typeset/layout.h"

static q_shaper *handmade_shaper;

static q_op *op(q_layout *l, size_t page, q_op_kind kind) {
  q_sheet *s = &l->pages[page];
  if (s->nops == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 16;
    q_op *ops = q_arena_alloc(&l->arena, cap * sizeof *ops);
    if (s->nops)
      memcpy(ops, s->ops, s->nops * sizeof *ops);
    s->ops = ops;
    s->cap = cap;
  }
  q_op *o = &s->ops[s->nops++];
  memset(o, 0, sizeof *o);
  o->kind = kind;
  return o;
}

static q_glyph_span spans[256]; /* the runs' spans, as the layout's arena would hold them */
static size_t nspans;

static void text(q_layout *l, size_t page, double x, double y, const char *s, const char *lang,
                 q_font_role role, double size) {
  q_textstyle st = {role, false, false, Q_PT(size), lang};
  const q_glyph *g;
  size_t n, missing = 0;
  q_sp width;
  q_shaper *sh = handmade_shaper;
  assert_true(sh->shape(sh->ctx, s, strlen(s), &st, &g, &n, &width, &missing));
  assert_int_equal(missing, 0);
  /* One op per font, as the layout makes them. */
  for (size_t i = 0; i < n;) {
    size_t j = i;
    q_sp adv = 0;
    while (j < n && g[j].font == g[i].font)
      adv += g[j++].advance;
    size_t end = j < n ? g[j].cluster : strlen(s);
    q_op *o = op(l, page, Q_OP_GLYPHS);
    o->x = Q_PT(x);
    o->y = Q_PT(y);
    assert_true(nspans < sizeof spans / sizeof *spans);
    q_glyph_span *sp = &spans[nspans++];
    *sp = (q_glyph_span){g + i, (uint32_t)(j - i), 0, 0};
    o->u.glyphs.text = s + g[i].cluster;
    o->u.glyphs.len = end - g[i].cluster;
    o->u.glyphs.spans = sp;
    o->u.glyphs.nspans = 1;
    o->u.glyphs.n = j - i;
    o->u.glyphs.font = g[i].font;
    o->u.glyphs.size = Q_PT(size);
    o->u.glyphs.color = 0x202020;
    x += adv / 65536.0;
    i = j;
  }
}

static void begin(q_layout *l, size_t page, const char *name) {
  op(l, page, Q_OP_TAG_BEGIN)->u.tag.name = name;
}

static void end(q_layout *l, size_t page) { op(l, page, Q_OP_TAG_END); }

static void span(q_layout *l, size_t page, double x, double y, const char *s, const char *lang) {
  q_op *o = op(l, page, Q_OP_TAG_BEGIN);
  o->u.tag.name = "Span";
  o->u.tag.lang = lang;
  text(l, page, x, y, s, lang ? lang : "en", Q_FONT_BODY, 11);
  end(l, page);
}

static void add_link(q_layout *l, size_t page, double x, double y, const char *s, const char *uri,
                     const char *dest) {
  q_op *o = op(l, page, Q_OP_TAG_BEGIN);
  o->u.tag.name = "Link";
  o->u.tag.uri = uri;
  o->u.tag.dest = dest;
  text(l, page, x, y, s, "en", Q_FONT_BODY, 11);
  end(l, page);
}

static void dest(q_layout *l, size_t page, double x, double y, const char *name) {
  q_op *o = op(l, page, Q_OP_DEST);
  o->x = Q_PT(x);
  o->y = Q_PT(y);
  o->u.dest.name = name;
}

static q_layout *new_layout(size_t npages) {
  q_layout *l = calloc(1, sizeof *l);
  q_arena_init(&l->arena);
  l->width = Q_PT(432);
  l->height = Q_PT(648);
  l->pages = q_arena_alloc(&l->arena, npages * sizeof *l->pages);
  l->npages = l->cap = npages;
  return l;
}

static void drop_layout(q_layout *l) {
  q_arena_drop(&l->arena);
  free(l);
}

/* Two pages, labels i and 1, an outline of two entries: headings,
 * paragraphs, a Hindi span, internal and external links, a rule. */
static q_layout *sample(void) {
  q_layout *l = new_layout(2);
  l->pages[0].label = "i";
  l->pages[1].label = "1";

  dest(l, 0, 72, 72, "part-1");
  begin(l, 0, "H1");
  text(l, 0, 72, 100, "Hello office", "en", Q_FONT_HEADING, 20);
  end(l, 0);
  begin(l, 0, "P");
  span(l, 0, 72, 140, "A word: ", NULL);
  span(l, 0, 120, 140, "सिंगल", "hi");
  span(l, 0, 160, 140, " and ", NULL);
  add_link(l, 0, 190, 140, "the next page", NULL, "sec (1)");
  end(l, 0);
  begin(l, 0, "P");
  add_link(l, 0, 72, 160, "a site", "https://example.org/wiki/A_(b) c's", NULL);
  end(l, 0);

  dest(l, 1, 72, 72, "sec (1)");
  begin(l, 1, "H2");
  text(l, 1, 72, 100, "Second page", "en", Q_FONT_HEADING, 16);
  end(l, 1);
  q_op *r = op(l, 1, Q_OP_RULE);
  r->x = Q_PT(72);
  r->y = Q_PT(110);
  r->u.rule.w = Q_PT(288);
  r->u.rule.h = Q_PT(0.5);
  r->u.rule.color = 0x808080;
  /* The path is the fixture's (test_pdf draws it), the href needs escaping. */
  static const q_image picture = {.path = "tests/fixtures/figures/images/chart.png",
                                   .href = "images/a \"b\".png",
                                   .format = Q_IMAGE_PNG, .alt = "A \"quoted\" alt"};
  q_op *fig = op(l, 1, Q_OP_TAG_BEGIN);
  fig->u.tag.name = "Figure";
  fig->u.tag.alt = picture.alt;
  q_op *im = op(l, 1, Q_OP_IMAGE);
  im->x = Q_PT(100);
  im->y = Q_PT(112);
  im->u.image.w = Q_PT(144);
  im->u.image.h = Q_PT(20.25);
  im->u.image.image = &picture;
  end(l, 1);
  begin(l, 1, "P");
  span(l, 1, 72, 140, "Back to ", NULL);
  add_link(l, 1, 120, 140, "the start", NULL, "part-1");
  end(l, 1);

  l->outline = q_arena_alloc(&l->arena, 2 * sizeof *l->outline);
  l->outline[0] = (q_outline_entry){"Part (one)", 1, "part-1"};
  l->outline[1] = (q_outline_entry){"Section 1.1", 2, "sec (1)"};
  l->noutline = l->outline_cap = 2;
  return l;
}

#endif
