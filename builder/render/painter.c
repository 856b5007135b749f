/* painter: replay a page of the display list on a cairo context (see
 * painter.h).
 *
 * Invariants: what the context is set to (font face, size, colour) is
 * cached and set again only when an operation needs another; the cache
 * belongs to the context of the last q_painter_begin. Font numbers are
 * checked against the library before they index anything: a run naming a
 * font the library does not have is an error, never a read out of bounds. */
#include "painter.h"

#include <cairo-ft.h>
#include <stdint.h>
#include <stdlib.h>

#include "../base/mem.h"
#include "picture.h"

struct q_painter {
  q_fontlib *fonts;
  q_diag *d;
  q_pos at;
  cairo_t *cr;
  cairo_font_face_t **faces;   /* per font number, made on first use */
  uint32_t *space;             /* per font number: its glyph for U+0020, 0 if none */
  double *space_em;            /* per font number: that glyph's advance, in em */
  size_t nfaces;
  cairo_glyph_t *glyphs;       /* scratch for one run */
  cairo_text_cluster_t *clusters;
  size_t glyph_cap, cluster_cap;
  uint16_t font;               /* what the context is set to; size 0: nothing yet */
  q_sp size;
  uint32_t color;
  bool have_color;
};

q_painter *q_painter_new(q_fontlib *fonts, q_diag *d, q_pos at) {
  q_painter *p = q_zalloc(1, sizeof *p);
  p->fonts = fonts;
  p->d = d;
  p->at = at;
  p->nfaces = q_fontlib_count(fonts);
  p->faces = q_zalloc(p->nfaces ? p->nfaces : 1, sizeof *p->faces);
  p->space = q_zalloc(p->nfaces ? p->nfaces : 1, sizeof *p->space);
  p->space_em = q_zalloc(p->nfaces ? p->nfaces : 1, sizeof *p->space_em);
  return p;
}

void q_painter_drop(q_painter *p) {
  if (!p)
    return;
  /* The font library may be dropped after us: let go of its faces. */
  for (size_t k = 0; k < p->nfaces; k++)
    cairo_font_face_destroy(p->faces[k]);
  free(p->faces);
  free(p->space);
  free(p->space_em);
  free(p->glyphs);
  free(p->clusters);
  free(p);
}

void q_painter_begin(q_painter *p, cairo_t *cr) {
  p->cr = cr;
  p->size = 0;
  p->have_color = false;
  cairo_font_options_t *o = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(o, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(o, CAIRO_HINT_STYLE_NONE);
  cairo_set_font_options(cr, o);
  cairo_font_options_destroy(o);
}

/* The cairo face of font number font, made on first use; NULL (reported)
 * when the font cannot be opened. */
static cairo_font_face_t *face_of(q_painter *p, uint16_t font) {
  if (font >= p->nfaces) {
    q_error(p->d, p->at, "internal error: a glyph run names font %u, which the font library does not have",
            (unsigned)font);
    return NULL;
  }
  if (p->faces[font])
    return p->faces[font];
  FT_Face ft = q_fontlib_ft_face(p->fonts, font);
  if (!ft) {
    const q_fontfile *ff = q_fontlib_file(p->fonts, font);
    q_error(p->d, ff ? ff->pos : p->at, "cannot open font %s to draw it",
            ff && ff->path ? ff->path : "(unknown)");
    return NULL;
  }
  /* The fontlib owns the FT_Face; cairo only borrows it, and the face is
   * released in q_painter_drop before the fontlib can be dropped. */
  cairo_font_face_t *cf = cairo_ft_font_face_create_for_ft_face(ft, FT_LOAD_NO_HINTING);
  if (cairo_font_face_status(cf) != CAIRO_STATUS_SUCCESS) {
    q_error(p->d, p->at, "cairo: %s", cairo_status_to_string(cairo_font_face_status(cf)));
    cairo_font_face_destroy(cf);
    return NULL;
  }
  p->faces[font] = cf;
  q_fontlib_space_glyph(p->fonts, font, &p->space[font], &p->space_em[font]);
  return cf;
}

bool q_painter_font_extent(q_painter *p, uint16_t font, q_sp size, q_sp *above, q_sp *below) {
  if (!face_of(p, font))
    return false;
  FT_Face ft = q_fontlib_ft_face(p->fonts, font);
  double upem = ft->units_per_EM ? ft->units_per_EM : 1000;
  double s = (double)size / upem;
  *above = (q_sp)(ft->bbox.yMax > 0 ? (double)ft->bbox.yMax * s + 1 : 0);
  *below = (q_sp)(ft->bbox.yMin < 0 ? -(double)ft->bbox.yMin * s + 1 : 0);
  return true;
}

static bool set_font(q_painter *p, uint16_t font, q_sp size) {
  cairo_font_face_t *cf = face_of(p, font);
  if (!cf)
    return false;
  if (p->size == 0 || p->font != font) {
    cairo_set_font_face(p->cr, cf);
    p->font = font;
    p->size = 0;
  }
  if (p->size != size) {
    cairo_set_font_size(p->cr, size / 65536.0);
    p->size = size;
  }
  return true;
}

static void set_color(q_painter *p, uint32_t rgb) {
  if (p->have_color && p->color == rgb)
    return;
  cairo_set_source_rgb(p->cr, ((rgb >> 16) & 255) / 255.0, ((rgb >> 8) & 255) / 255.0,
                       (rgb & 255) / 255.0);
  p->color = rgb;
  p->have_color = true;
}

/* Where the glyph after glyph i of span s begins in the run's text: the
 * next glyph's cluster, or the text's end after the last glyph. *more
 * says whether there is a next glyph. */
static size_t next_cluster(const q_op *op, size_t s, uint32_t i, bool *more) {
  const q_glyph_span *sp = op->u.glyphs.spans;
  *more = true;
  if (i + 1 < sp[s].n)
    return sp[s].at + (sp[s].g[i + 1].cluster - sp[s].g[0].cluster);
  for (size_t k = s + 1; k < op->u.glyphs.nspans; k++)
    if (sp[k].n)
      return sp[k].at;
  *more = false;
  return op->u.glyphs.len;
}

/* One glyph run with its cluster map, so that text extraction gives back
 * the run's text (ligatures and reordered Indic clusters included). The
 * spaces between words, which the layout leaves as gaps, are drawn too: the
 * font's space glyph, ending where the next word begins, so that the text
 * layer and the structure tree have real spaces and the content stream one
 * position adjustment for each gap (a font without a space glyph gets a
 * cluster with no glyph, which cairo writes as ActualText). */
static bool draw_run(q_painter *p, const q_op *op) {
  size_t n = op->u.glyphs.n;
  if (n == 0)
    return true;
  if (!set_font(p, op->u.glyphs.font, op->u.glyphs.size))
    return false;
  set_color(p, op->u.glyphs.color);
  /* At most two glyphs and two clusters for each glyph of the run: its
   * own, and the spaces after it. */
  p->glyphs = q_grow(p->glyphs, &p->glyph_cap, 2 * n, sizeof *p->glyphs);
  p->clusters = q_grow(p->clusters, &p->cluster_cap, 2 * n, sizeof *p->clusters);

  const char *t = op->u.glyphs.text;
  uint32_t space = p->space[op->u.glyphs.font];
  double y = (double)op->y / 65536.0, space_w = p->space_em[op->u.glyphs.font] * (double)op->u.glyphs.size;
  int64_t pen = op->x;
  size_t nc = 0, ng = 0, prev = SIZE_MAX; /* prev: the last glyph's cluster */
  for (size_t s = 0; s < op->u.glyphs.nspans; s++) {
    const q_glyph_span *sp = &op->u.glyphs.spans[s];
    for (uint32_t i = 0; i < sp->n; i++) {
      const q_glyph *g = &sp->g[i];
      p->glyphs[ng].index = g->id;
      p->glyphs[ng].x = (double)(pen + g->x_offset) / 65536.0;
      p->glyphs[ng++].y = y - (double)g->y_offset / 65536.0;
      pen += g->advance + (i + 1 == sp->n ? sp->gap : 0);
      size_t from = sp->at + (g->cluster - sp->g[0].cluster);
      if (from != prev)
        p->clusters[nc++] = (cairo_text_cluster_t){0, 0};
      prev = from;
      p->clusters[nc - 1].num_glyphs++;
      /* The cluster ends where the next begins; the spaces before that (a
       * run may span words) are a cluster of their own. */
      bool more;
      size_t to = next_cluster(op, s, i, &more);
      if (more && to == from)
        continue;
      size_t end = to;
      while (end > from + 1 && t[end - 1] == ' ')
        end--;
      p->clusters[nc - 1].num_bytes = (int)(end - from);
      if (end == to)
        continue;
      p->clusters[nc++] = (cairo_text_cluster_t){(int)(to - end), 0};
      if (space && more) {
        p->glyphs[ng].index = space;
        p->glyphs[ng].x = ((double)pen - space_w) / 65536.0;
        p->glyphs[ng++].y = y;
        p->clusters[nc - 1].num_glyphs = 1;
      }
    }
  }
  cairo_show_text_glyphs(p->cr, op->u.glyphs.text, (int)op->u.glyphs.len, p->glyphs, (int)ng,
                         p->clusters, (int)nc, 0);
  return true;
}

bool q_painter_page(q_painter *p, const q_sheet *page, const q_paint_hooks *hooks, bool glyphs) {
  for (size_t i = 0; i < page->nops; i++) {
    const q_op *op = &page->ops[i];
    switch (op->kind) {
    case Q_OP_GLYPHS:
      if (glyphs && !draw_run(p, op))
        return false;
      break;
    case Q_OP_TAG_BEGIN:
      if (hooks && hooks->tag_begin)
        hooks->tag_begin(hooks->ctx, op);
      break;
    case Q_OP_TAG_END:
      if (hooks && hooks->tag_end)
        hooks->tag_end(hooks->ctx, op);
      break;
    case Q_OP_DEST:
      if (hooks && hooks->dest)
        hooks->dest(hooks->ctx, op);
      break;
    case Q_OP_RULE:
      set_color(p, op->u.rule.color);
      cairo_rectangle(p->cr, op->x / 65536.0, op->y / 65536.0, op->u.rule.w / 65536.0,
                      op->u.rule.h / 65536.0);
      cairo_fill(p->cr);
      break;
    case Q_OP_IMAGE:
      if (glyphs) {
        if (!q_picture_draw(p->cr, op->u.image.image, op->x / 65536.0, op->y / 65536.0,
                            op->u.image.w / 65536.0, op->u.image.h / 65536.0, p->d))
          return false;
        p->have_color = false; /* an SVG sets the source its own way */
        p->size = 0;
      }
      break;
    }
  }
  return true;
}
