/* cover: the cover picture, drawn with cairo from the book's metadata.
 *
 * A typographic design on a 1200 x 1800 canvas: a band in the theme's link
 * colour holding the title (large, in the h1 face) and the subtitle, a thin
 * strip under it, and the authors on the paper below. Text is shaped with
 * HarfBuzz and drawn with cairo-ft from the very font subsets the EPUB
 * embeds (never fontconfig, never a whole CJK collection), one run per
 * font as fontsub picks it per character; lines are filled greedily and the
 * title shrinks until it fits in five lines. The design is planned first;
 * cairo then draws only the rows that hold text (the rest is flat colour,
 * which png.c is given row by row without drawing it).
 *
 * Lifetimes: cairo may keep a font face after we drop it (its scaled-font
 * cache), so each cairo face owns its FT_Face and the bytes under it and
 * frees them when cairo lets go; the FT_Library they belong to lives for
 * the whole process. png.c encodes the pixels (no timestamp), so the
 * same inputs give the same bytes. */
#include <cairo-ft.h>
#include <cairo.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb.h>
#include <stdlib.h>
#include <string.h>

#include "../base/utf8.h"
#include "book.h"

enum { COVER_W = 1200, COVER_H = 1800, MAX_LINES = 5 };

/* One embedded subset, ready to shape and to draw. */
typedef struct face {
  hb_face_t *hb_face;
  hb_font_t *hb;
  cairo_font_face_t *cf;
  unsigned upem;
} face;

typedef struct cover {
  epub_book *b;
  q_diag *d;
  face *faces; /* by index in b->fonts->fonts, opened on first use */
  hb_buffer_t *buf;
  hb_language_t lang;
  bool failed;
} cover;

/* What a cairo face owns. */
typedef struct ft_owned {
  FT_Face ft;
  void *bytes;
} ft_owned;

static const cairo_user_data_key_t owned_key;

static void owned_free(void *p) {
  ft_owned *o = p;
  FT_Done_Face(o->ft);
  free(o->bytes);
  free(o);
}

/* One FreeType library for the process: faces handed to cairo may outlive
 * this call. */
static FT_Library ft_library(void) {
  static FT_Library lib;
  if (!lib && FT_Init_FreeType(&lib) != 0)
    lib = NULL;
  return lib;
}

static face *face_of(cover *c, int k) {
  face *f = &c->faces[k];
  if (f->cf || c->failed)
    return f->cf ? f : NULL;
  const epub_font *e = &c->b->fonts->fonts[k];
  FT_Library lib = ft_library();
  ft_owned *o = calloc(1, sizeof *o);
  if (!lib || !o || !e->embedded || !(o->bytes = malloc(e->len)))
    goto fail;
  memcpy(o->bytes, e->data, e->len);
  if (FT_New_Memory_Face(lib, o->bytes, (FT_Long)e->len, 0, &o->ft) != 0) {
    o->ft = NULL;
    goto fail;
  }
  f->cf = cairo_ft_font_face_create_for_ft_face(o->ft, FT_LOAD_NO_HINTING);
  if (cairo_font_face_set_user_data(f->cf, &owned_key, o, owned_free) != CAIRO_STATUS_SUCCESS) {
    cairo_font_face_destroy(f->cf);
    f->cf = NULL;
    goto fail;
  }
  hb_blob_t *blob = hb_blob_create(e->data, (unsigned)e->len, HB_MEMORY_MODE_READONLY, NULL, NULL);
  f->hb_face = hb_face_create(blob, 0); /* the face keeps the blob; the bytes outlive the cover */
  hb_blob_destroy(blob);
  f->hb = hb_font_create(f->hb_face);
  f->upem = hb_face_get_upem(f->hb_face);
  return f;
fail:
  if (o) {
    if (o->ft)
      FT_Done_Face(o->ft);
    free(o->bytes);
    free(o);
  }
  q_error(c->d, e->src->pos, "cannot load the subset of '%s' to draw the cover", e->src->path);
  c->failed = true;
  return NULL;
}

/* Set s[0..len) at (x, y) in face cs and size px, or only measure it when
 * cr is NULL. Returns the advance width. */
static double text(cover *c, const q_computed *cs, const char *s, size_t len, double size, cairo_t *cr, double x,
                   double y) {
  epub_fonts *fonts = c->b->fonts;
  double pen = 0;
  int last = -1;
  for (size_t i = 0; i < len;) {
    size_t start = i;
    int k = epub_fonts_pick(fonts, cs->font_family, cs->bold, cs->italic, q_utf8_next(s, len, &i));
    if (k < 0)
      k = last;
    /* the run: every following character the same font draws */
    size_t end = i;
    while (end < len) {
      size_t j = end;
      int k2 = epub_fonts_pick(fonts, cs->font_family, cs->bold, cs->italic, q_utf8_next(s, len, &j));
      if (k2 >= 0 && k2 != k)
        break;
      end = j;
    }
    i = end;
    face *f = k >= 0 ? face_of(c, k) : NULL;
    if (!f)
      continue; /* a character no font has: already warned about */
    last = k;
    hb_buffer_clear_contents(c->buf);
    hb_buffer_add_utf8(c->buf, s, (int)len, (unsigned)start, (int)(end - start));
    hb_buffer_guess_segment_properties(c->buf);
    hb_buffer_set_language(c->buf, c->lang);
    hb_shape(f->hb, c->buf, NULL, 0);
    unsigned n;
    const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(c->buf, &n);
    const hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(c->buf, &n);
    double scale = size / f->upem;
    cairo_glyph_t *g = cr ? cairo_glyph_allocate((int)n) : NULL;
    for (unsigned j = 0; j < n; j++) {
      if (g)
        g[j] = (cairo_glyph_t){info[j].codepoint, x + pen + pos[j].x_offset * scale, y - pos[j].y_offset * scale};
      pen += pos[j].x_advance * scale;
    }
    if (g) {
      cairo_set_font_face(cr, f->cf);
      cairo_set_font_size(cr, size);
      cairo_show_glyphs(cr, g, (int)n);
      cairo_glyph_free(g);
    }
  }
  return pen;
}

/* Words of s joined by single spaces, into out. */
static void words(q_buf *out, const char *s) {
  q_buf_clear(out);
  for (const char *p = s; p && *p;) {
    size_t gap = strspn(p, " \t\r\n");
    p += gap;
    size_t n = strcspn(p, " \t\r\n");
    if (!n)
      break;
    if (out->len)
      q_buf_putc(out, ' ');
    q_buf_add(out, p, n);
    p += n;
  }
}

/* Greedy lines of at most maxw: ends[k] is the byte after line k, lines
 * start after the space that follows. Returns the count, or 0 when a word
 * is too wide or more than MAX_LINES would be needed. */
static size_t wrap(cover *c, const q_computed *cs, const q_buf *t, double size, double maxw, size_t ends[MAX_LINES]) {
  size_t n = 0, start = 0;
  while (start < t->len) {
    if (n == MAX_LINES)
      return 0;
    size_t end = start, fit = 0;
    while (end < t->len) {
      const char *sp = memchr(t->data + end + 1, ' ', t->len - end - 1);
      size_t next = sp ? (size_t)(sp - t->data) : t->len;
      if (text(c, cs, t->data + start, next - start, size, NULL, 0, 0) > maxw)
        break;
      fit = end = next;
    }
    if (!fit)
      return 0;
    ends[n++] = fit;
    start = fit + 1;
  }
  return n;
}

static void draw_lines(cover *c, cairo_t *cr, const q_computed *cs, const q_buf *t, const size_t *ends, size_t n,
                       double size, double x, double y, double lead) {
  size_t start = 0;
  for (size_t k = 0; k < n; k++) {
    text(c, cs, t->data + start, ends[k] - start, size, cr, x, y + (double)k * lead);
    start = ends[k] + 1;
  }
}

static void rgb(cairo_t *cr, uint32_t c) {
  cairo_set_source_rgb(cr, ((c >> 16) & 255) / 255.0, ((c >> 8) & 255) / 255.0, (c & 255) / 255.0);
}

static uint32_t mix(uint32_t a, uint32_t b, unsigned pct_b) {
  uint32_t out = 0;
  for (unsigned sh = 0; sh < 24; sh += 8) {
    unsigned x = (a >> sh) & 255, y = (b >> sh) & 255;
    out |= (uint32_t)((x * (100 - pct_b) + y * pct_b) / 100) << sh;
  }
  return out;
}

void epub_cover_declare(epub_book *b) {
  const q_meta *m = &b->doc->meta;
  q_computed body = q_style_compute(b->style, Q_SEL_BODY, NULL);
  q_computed h1 = q_style_compute(b->style, Q_SEL_H1, &body);
  q_computed p = q_style_compute(b->style, Q_SEL_P, &body);
  if (m->title)
    epub_fonts_use(b->fonts, h1.font_family, h1.bold, h1.italic, b->doc->meta.lang, m->title, strlen(m->title));
  if (m->subtitle)
    epub_fonts_use(b->fonts, p.font_family, p.bold, p.italic, b->doc->meta.lang, m->subtitle, strlen(m->subtitle));
  for (size_t i = 0; i < m->authors.count; i++)
    epub_fonts_use(b->fonts, p.font_family, p.bold, p.italic, b->doc->meta.lang, m->authors.items[i], strlen(m->authors.items[i]));
  epub_fonts_use(b->fonts, p.font_family, p.bold, p.italic, b->doc->meta.lang, ", and", 5);
}

/* Lines of one text block, and where they go. */
typedef struct block {
  q_buf text;            /* words joined by single spaces */
  size_t ends[MAX_LINES];
  size_t n;              /* lines; 0: nothing to set */
  q_computed cs;
  double size, y0, lead; /* first baseline and line spacing, in pixels */
  uint32_t color;
} block;

/* The whole design. Rows outside [top, bottom) are flat colour; only the
 * rows between are drawn with cairo. */
typedef struct plan {
  uint32_t paper, accent, strip, bar_color;
  int band, strip_h;     /* the band covers rows [0, band), the strip the next strip_h */
  double margin, bar_y, bar_w, bar_h;
  block sub, title, authors;
  int top, bottom;
} plan;

static void set_lines(cover *c, block *k, const char *text, const q_computed *cs, double size, double maxw) {
  q_buf_init(&k->text);
  words(&k->text, text);
  k->cs = *cs;
  k->size = size;
  k->n = k->text.len ? wrap(c, cs, &k->text, size, maxw, k->ends) : 0;
}

static void plan_cover(cover *c, plan *pl) {
  const epub_book *b = c->b;
  const q_meta *m = &b->doc->meta;
  q_computed body = q_style_compute(b->style, Q_SEL_BODY, NULL);
  q_computed h1 = q_style_compute(b->style, Q_SEL_H1, &body);
  q_computed p = q_style_compute(b->style, Q_SEL_P, &body);
  const double W = COVER_W, H = COVER_H;
  memset(pl, 0, sizeof *pl);
  pl->paper = 0xF5F1E8;
  pl->accent = q_style_compute(b->style, Q_SEL_A, &p).color;
  if (pl->accent == 0 || pl->accent == 0xFFFFFF)
    pl->accent = 0x1A4D80;
  pl->strip = mix(pl->accent, pl->paper, 45);
  pl->bar_color = mix(pl->accent, 0xFFFFFF, 60);
  pl->band = (int)(0.6 * H);
  pl->strip_h = 14;
  pl->margin = 0.1 * W;
  double maxw = W - 2 * pl->margin;

  /* Bottom up in the band: the subtitle, the title over it, a short bar
   * over the title. The title shrinks until it fits in MAX_LINES. */
  set_lines(c, &pl->sub, m->subtitle, &p, 0.042 * W, maxw);
  double size = 0.1 * W;
  set_lines(c, &pl->title, m->title, &h1, size, maxw);
  while (pl->title.text.len && pl->title.n == 0 && size > 24) {
    size *= 0.92;
    pl->title.size = size;
    pl->title.n = wrap(c, &h1, &pl->title.text, size, maxw, pl->title.ends);
  }
  double base = pl->band - pl->margin; /* the last baseline so far */
  block *k = &pl->sub;
  if (k->n) {
    k->lead = 1.3 * k->size;
    k->y0 = base - (double)(k->n - 1) * k->lead;
    k->color = mix(pl->accent, 0xFFFFFF, 85);
    base = k->y0 - k->size - 0.35 * size; /* the subtitle's cap height, the title's descent */
  }
  k = &pl->title;
  if (k->n) {
    k->lead = 1.12 * size;
    k->y0 = base - (double)(k->n - 1) * k->lead;
    k->color = 0xFFFFFF;
    pl->bar_y = k->y0 - 1.25 * size;
    pl->bar_w = 0.1 * W;
    pl->bar_h = 0.008 * W;
  }

  q_buf names;
  q_buf_init(&names);
  for (size_t i = 0; i < m->authors.count; i++) {
    if (i)
      q_buf_puts(&names, i + 1 == m->authors.count ? " and " : ", ");
    q_buf_puts(&names, m->authors.items[i]);
  }
  set_lines(c, &pl->authors, names.data, &p, 0.05 * W, maxw);
  q_buf_drop(&names);
  k = &pl->authors;
  k->lead = 1.3 * k->size;
  k->y0 = pl->band + 0.1 * H;
  k->color = body.color ? body.color : 0x222222;

  /* The rows that hold anything but flat colour, with room for accents
   * above and descenders below. */
  double top = H, bottom = 0;
  const block *all[3] = {&pl->sub, &pl->title, &pl->authors};
  for (int i = 0; i < 3; i++) {
    if (!all[i]->n)
      continue;
    double t = all[i]->y0 - 1.3 * all[i]->size;
    double u = all[i]->y0 + (double)(all[i]->n - 1) * all[i]->lead + 0.6 * all[i]->size;
    top = t < top ? t : top;
    bottom = u > bottom ? u : bottom;
  }
  if (pl->bar_h > 0 && pl->bar_y < top)
    top = pl->bar_y;
  pl->top = top < 0 ? 0 : (int)top;
  pl->bottom = bottom > H ? COVER_H : (int)bottom + 1;
  if (pl->bottom <= pl->top) {
    pl->top = 0;
    pl->bottom = 1;
  }
}

static void draw_block(cover *c, cairo_t *cr, const block *k, double x) {
  if (!k->n)
    return;
  rgb(cr, k->color);
  draw_lines(c, cr, &k->cs, &k->text, k->ends, k->n, k->size, x, k->y0, k->lead);
}

/* The drawn rows, [top, bottom), into a surface that starts at row top. */
static void draw(cover *c, cairo_t *cr, const plan *pl) {
  cairo_translate(cr, 0, -pl->top);
  rgb(cr, pl->paper);
  cairo_paint(cr);
  rgb(cr, pl->accent);
  cairo_rectangle(cr, 0, 0, COVER_W, pl->band);
  cairo_fill(cr);
  rgb(cr, pl->strip);
  cairo_rectangle(cr, 0, pl->band, COVER_W, pl->strip_h);
  cairo_fill(cr);
  if (pl->bar_h > 0) {
    rgb(cr, pl->bar_color);
    cairo_rectangle(cr, pl->margin, pl->bar_y, pl->bar_w, pl->bar_h);
    cairo_fill(cr);
  }
  draw_block(c, cr, &pl->sub, pl->margin);
  draw_block(c, cr, &pl->title, pl->margin);
  draw_block(c, cr, &pl->authors, pl->margin);
}

/* Rows for the PNG: drawn ones from the surface, the others one of three
 * flat rows. */
typedef struct rows {
  const plan *pl;
  const unsigned char *data;
  size_t stride;
  uint32_t *flat[3]; /* band, strip, paper */
} rows;

static const uint32_t *row_at(void *ctx, unsigned y) {
  const rows *r = ctx;
  if ((int)y >= r->pl->top && (int)y < r->pl->bottom)
    return (const uint32_t *)(const void *)(r->data + (size_t)((int)y - r->pl->top) * r->stride);
  return r->flat[(int)y < r->pl->band ? 0 : (int)y < r->pl->band + r->pl->strip_h ? 1 : 2];
}

bool epub_cover_png(epub_book *b, q_buf *out, q_diag *d) {
  size_t nfaces = b->fonts->nfonts ? b->fonts->nfonts : 1;
  cover c = {b, d, memset(epub_xrealloc(NULL, nfaces * sizeof(face)), 0, nfaces * sizeof(face)), hb_buffer_create(),
             hb_language_from_string(b->doc->meta.lang ? b->doc->meta.lang : "und", -1), false};
  plan pl;
  plan_cover(&c, &pl);
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, COVER_W, pl.bottom - pl.top);
  cairo_t *cr = cairo_create(s);
  cairo_font_options_t *fo = cairo_font_options_create();
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
  cairo_set_font_options(cr, fo);
  cairo_font_options_destroy(fo);

  draw(&c, cr, &pl);
  cairo_status_t st = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_flush(s);
  if (st == CAIRO_STATUS_SUCCESS)
    st = cairo_surface_status(s);
  if (st == CAIRO_STATUS_SUCCESS) {
    rows r = {&pl, cairo_image_surface_get_data(s), (size_t)cairo_image_surface_get_stride(s), {NULL}};
    uint32_t colors[3] = {pl.accent, pl.strip, pl.paper};
    for (int i = 0; i < 3; i++) {
      r.flat[i] = epub_xrealloc(NULL, COVER_W * sizeof(uint32_t));
      for (int x = 0; x < COVER_W; x++)
        r.flat[i][x] = 0xFF000000u | colors[i];
    }
    epub_png_write(out, COVER_W, COVER_H, row_at, &r);
    for (int i = 0; i < 3; i++)
      free(r.flat[i]);
  }
  cairo_surface_destroy(s);
  q_buf_drop(&pl.sub.text);
  q_buf_drop(&pl.title.text);
  q_buf_drop(&pl.authors.text);
  for (size_t i = 0; i < b->fonts->nfonts; i++) {
    hb_font_destroy(c.faces[i].hb);
    hb_face_destroy(c.faces[i].hb_face);
    if (c.faces[i].cf)
      cairo_font_face_destroy(c.faces[i].cf);
  }
  free(c.faces);
  hb_buffer_destroy(c.buf);
  if (st != CAIRO_STATUS_SUCCESS)
    q_error(d, (q_pos){NULL, 0, 0}, "cannot draw the cover: %s", cairo_status_to_string(st));
  return st == CAIRO_STATUS_SUCCESS && !c.failed;
}
