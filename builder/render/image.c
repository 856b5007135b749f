/* image: a page as a PNG, drawing only the rows that need it (see image.h).
 *
 * Invariant: the rows [top, bottom) hold every pixel a glyph can ink; the
 * other rows are cut at every rule's top and bottom edge (both the floor
 * and the ceiling of an edge that falls inside a pixel), so that within
 * one piece every row is covered by the same rules over its whole height
 * and is the same row. Each piece is drawn once, one pixel high, by the
 * same painter and the same cairo rasteriser as the band: the picture is
 * the one a full canvas would give. */
#include "image.h"

#include <math.h>
#include <stdlib.h>

#include "../base/mem.h"
#include "painter.h"
#include "png.h"

/* A run of rows outside the band, all equal to the one row drawn. */
typedef struct piece {
  unsigned from, to;
  cairo_surface_t *s;
} piece;

typedef struct rows {
  unsigned top, bottom;        /* the band */
  const unsigned char *band;
  size_t stride;
  piece *pieces;               /* by row, the band's rows left out */
  size_t npieces, at;          /* at: the piece of the last row asked for */
} rows;

static const uint32_t *row_at(void *ctx, unsigned y) {
  rows *r = ctx;
  if (y >= r->top && y < r->bottom)
    return (const uint32_t *)(const void *)(r->band + (size_t)(y - r->top) * r->stride);
  while (r->at + 1 < r->npieces && y >= r->pieces[r->at].to)
    r->at++; /* rows come in order */
  return (const uint32_t *)(const void *)cairo_image_surface_get_data(r->pieces[r->at].s);
}

static int cmp_unsigned(const void *a, const void *b) {
  unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
  return x < y ? -1 : x > y;
}

static unsigned clip(double v, unsigned max) { return v <= 0 ? 0 : v >= max ? max : (unsigned)v; }

/* Rows [from, to) of the page (drawing glyphs or not) on a new surface of
 * those rows; NULL (reported) on failure. */
static cairo_surface_t *draw_rows(q_painter *p, const q_sheet *pg, unsigned w, unsigned from,
                                  unsigned to, bool glyphs, q_diag *d) {
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)w, (int)(to - from));
  cairo_t *cr = cairo_create(s);
  cairo_translate(cr, 0, -(double)from);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  q_painter_begin(p, cr);
  cairo_font_options_t *fo = cairo_font_options_create();
  cairo_get_font_options(cr, fo);
  cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
  cairo_set_font_options(cr, fo);
  cairo_font_options_destroy(fo);
  bool ok = q_painter_page(p, pg, NULL, glyphs);
  cairo_status_t st = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_flush(s);
  if (st == CAIRO_STATUS_SUCCESS)
    st = cairo_surface_status(s);
  if (ok && st != CAIRO_STATUS_SUCCESS)
    q_error(d, (q_pos){NULL, 0, 0}, "cannot draw the picture: cairo: %s", cairo_status_to_string(st));
  if (!ok || st != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(s);
    return NULL;
  }
  return s;
}

bool q_image_png(q_fontlib *fonts, const q_layout *l, size_t page, q_buf *out, q_diag *d) {
  if (page >= l->npages || l->width <= 0 || l->height <= 0) {
    q_error(d, (q_pos){NULL, 0, 0}, "internal error: no page %zu to draw", page + 1);
    return false;
  }
  const q_sheet *pg = &l->pages[page];
  unsigned w = (unsigned)ceil(l->width / 65536.0), h = (unsigned)ceil(l->height / 65536.0);
  q_painter *p = q_painter_new(fonts, d, (q_pos){NULL, 0, 0});
  bool ok = true;

  /* The band: every row a glyph's font can ink, and a pixel more. */
  double top = h, bottom = 0;
  unsigned *cuts = q_zalloc(4 + 4 * pg->nops, sizeof *cuts);
  size_t ncuts = 0;
  for (size_t i = 0; i < pg->nops && ok; i++) {
    const q_op *op = &pg->ops[i];
    if (op->kind == Q_OP_GLYPHS && op->u.glyphs.n) {
      q_sp above, below;
      ok = q_painter_font_extent(p, op->u.glyphs.font, op->u.glyphs.size, &above, &below);
      double t = floor(((double)op->y - above) / 65536.0) - 1;
      double b = ceil(((double)op->y + below) / 65536.0) + 1;
      top = t < top ? t : top;
      bottom = b > bottom ? b : bottom;
    } else if (op->kind == Q_OP_RULE) {
      double y0 = op->y / 65536.0, y1 = (op->y + (double)op->u.rule.h) / 65536.0;
      cuts[ncuts++] = clip(floor(y0), h);
      cuts[ncuts++] = clip(ceil(y0), h);
      cuts[ncuts++] = clip(floor(y1), h);
      cuts[ncuts++] = clip(ceil(y1), h);
    }
  }
  rows r = {0};
  if (bottom > top) {
    r.top = clip(top, h);
    r.bottom = clip(bottom, h);
  }
  cuts[ncuts++] = 0;
  cuts[ncuts++] = h;
  cuts[ncuts++] = r.top;
  cuts[ncuts++] = r.bottom;
  qsort(cuts, ncuts, sizeof *cuts, cmp_unsigned);

  cairo_surface_t *band = NULL;
  if (ok && r.bottom > r.top) {
    band = draw_rows(p, pg, w, r.top, r.bottom, true, d);
    ok = band != NULL;
    if (ok) {
      r.band = cairo_image_surface_get_data(band);
      r.stride = (size_t)cairo_image_surface_get_stride(band);
    }
  }
  r.pieces = q_zalloc(ncuts, sizeof *r.pieces);
  for (size_t k = 0; ok && k + 1 < ncuts; k++) {
    unsigned from = cuts[k], to = cuts[k + 1];
    if (from == to || (from >= r.top && to <= r.bottom))
      continue;
    cairo_surface_t *s = draw_rows(p, pg, w, from, from + 1, false, d);
    ok = s != NULL;
    r.pieces[r.npieces++] = (piece){from, to, s};
  }
  if (ok)
    ok = q_png_encode(out, w, h, row_at, &r, d);

  for (size_t k = 0; k < r.npieces; k++)
    cairo_surface_destroy(r.pieces[k].s);
  free(r.pieces);
  if (band)
    cairo_surface_destroy(band);
  free(cuts);
  q_painter_drop(p);
  return ok;
}
