/* picture.c: PNG (cairo), JPEG (libjpeg-turbo, passed through), SVG
 * (librsvg, through svg.h) -> sizes for the layout and drawing on a cairo context.
 *
 * libjpeg reports a bad file by calling error_exit, which by default ends
 * the process: ours jumps back (setjmp) with the library's message, so a
 * corrupt JPEG is an error message like any other. */
#include "picture.h"
#include "../base/file.h"

#include <errno.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <jpeglib.h>

#include "../base/mem.h"
#include "svg.h"

enum { MAX_PIXELS = 100 * 1000 * 1000 };

typedef struct entry {
  const q_image *img;
  double w, h; /* natural size, points */
  double px;   /* width in pixels as shown, 0: vectors */
} entry;

struct q_pictures {
  entry *e;
  size_t n, cap;
};

q_pictures *q_pictures_new(void) { return q_zalloc(1, sizeof(q_pictures)); }

void q_pictures_drop(q_pictures *p) {
  if (!p)
    return;
  free(p->e);
  free(p);
}

static uint32_t be32(const unsigned char *b) {
  return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* ---- JPEG ---------------------------------------------------------------- */

typedef struct jpeg_err {
  struct jpeg_error_mgr mgr;
  jmp_buf jump;
  char msg[JMSG_LENGTH_MAX];
} jpeg_err;

static void jpeg_fail(j_common_ptr c) {
  jpeg_err *e = (jpeg_err *)c->err;
  e->mgr.format_message(c, e->msg);
  longjmp(e->jump, 1);
}

static void jpeg_quiet(j_common_ptr c, int level) { (void)c, (void)level; }

typedef struct jpeg_info {
  unsigned w, h, components; /* as stored */
  double ppi;            /* from JFIF, 0: none */
  bool cmyk;
  int orientation;       /* EXIF's 1..8 (1: as stored) */
} jpeg_info;

static unsigned get16(const unsigned char *b, bool le) {
  return le ? (unsigned)b[0] | (unsigned)b[1] << 8 : (unsigned)b[0] << 8 | b[1];
}

static uint32_t get32(const unsigned char *b, bool le) {
  return le ? (uint32_t)get16(b, true) | (uint32_t)get16(b + 2, true) << 16
            : (uint32_t)get16(b, false) << 16 | get16(b + 2, false);
}

/* The Orientation tag (0x0112) of an APP1 Exif segment's first IFD; 1 when
 * there is none or it makes no sense. */
static int exif_orientation(const unsigned char *d, size_t n) {
  if (n < 14 || memcmp(d, "Exif\0\0", 6) != 0)
    return 1;
  const unsigned char *t = d + 6;
  size_t tn = n - 6;
  bool le = t[0] == 'I' && t[1] == 'I';
  if (!le && !(t[0] == 'M' && t[1] == 'M'))
    return 1;
  uint32_t ifd = get32(t + 4, le);
  if (ifd > tn - 2)
    return 1;
  unsigned count = get16(t + ifd, le);
  for (unsigned k = 0; k < count; k++) {
    size_t at = ifd + 2 + (size_t)k * 12;
    if (at + 12 > tn)
      break;
    if (get16(t + at, le) == 0x0112 && get16(t + at + 2, le) == 3) {
      unsigned v = get16(t + at + 8, le);
      return v >= 1 && v <= 8 ? (int)v : 1;
    }
  }
  return 1;
}

/* The header of a JPEG; with into (w * h pixels of stride bytes), its
 * pixels too. NULL, or libjpeg's message. */
static const char *jpeg_read(const unsigned char *bytes, size_t len, jpeg_info *info,
                             unsigned char *into, int stride, char msg[JMSG_LENGTH_MAX]) {
  struct jpeg_decompress_struct c;
  jpeg_err err;
  c.err = jpeg_std_error(&err.mgr);
  err.mgr.error_exit = jpeg_fail;
  err.mgr.emit_message = jpeg_quiet;
  unsigned char *volatile row = NULL;
  if (setjmp(err.jump)) {
    jpeg_destroy_decompress(&c);
    free(row);
    memcpy(msg, err.msg, sizeof err.msg);
    return msg;
  }
  jpeg_create_decompress(&c);
  jpeg_mem_src(&c, bytes, (unsigned long)len);
  jpeg_save_markers(&c, JPEG_APP0 + 1, 0xFFFF);
  jpeg_read_header(&c, TRUE);
  info->orientation = 1;
  for (jpeg_saved_marker_ptr m = c.marker_list; m; m = m->next)
    if (m->marker == JPEG_APP0 + 1 && info->orientation == 1)
      info->orientation = exif_orientation(m->data, m->data_length);
  info->w = c.image_width;
  info->h = c.image_height;
  info->components = (unsigned)c.num_components;
  info->cmyk = c.jpeg_color_space == JCS_CMYK || c.jpeg_color_space == JCS_YCCK;
  info->ppi = 0;
  if (c.saw_JFIF_marker && c.X_density > 1)
    info->ppi = c.density_unit == 1 ? c.X_density : c.density_unit == 2 ? c.X_density * 2.54 : 0;
  if (into && !info->cmyk) {
    c.out_color_space = JCS_RGB;
    jpeg_start_decompress(&c);
    row = q_zalloc(c.output_width, 3);
    while (c.output_scanline < c.output_height) {
      unsigned y = c.output_scanline;
      JSAMPROW r = row;
      jpeg_read_scanlines(&c, &r, 1);
      uint32_t *out = (uint32_t *)(void *)(into + (size_t)y * (size_t)stride);
      for (unsigned x = 0; x < c.output_width; x++)
        out[x] = (uint32_t)row[3 * x] << 16 | (uint32_t)row[3 * x + 1] << 8 | row[3 * x + 2];
    }
    jpeg_finish_decompress(&c);
    free(row);
  }
  jpeg_destroy_decompress(&c);
  return NULL;
}

/* ---- PNG ----------------------------------------------------------------- */

/* Size and resolution from the PNG's chunks (IHDR, pHYs), before cairo
 * decodes anything. false when the header is not a PNG's. */
static bool png_header(const unsigned char *b, size_t len, unsigned *w, unsigned *h, double *ppi) {
  if (len < 33 || memcmp(b + 12, "IHDR", 4) != 0)
    return false;
  *w = be32(b + 16);
  *h = be32(b + 20);
  *ppi = 0;
  for (size_t at = 8; at + 12 <= len;) {
    uint32_t n = be32(b + at);
    if (n > len - at - 12)
      break;
    if (memcmp(b + at + 4, "pHYs", 4) == 0 && n >= 9 && b[at + 16] == 1)
      *ppi = be32(b + at + 8) * 0.0254;
    if (memcmp(b + at + 4, "IDAT", 4) == 0)
      break;
    at += 12 + n;
  }
  return true;
}

typedef struct png_reader {
  const unsigned char *b;
  size_t len, at;
} png_reader;

static cairo_status_t png_read(void *closure, unsigned char *data, unsigned int length) {
  png_reader *r = closure;
  if (length > r->len - r->at)
    return CAIRO_STATUS_READ_ERROR;
  memcpy(data, r->b + r->at, length);
  r->at += length;
  return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *png_surface(const unsigned char *b, size_t len) {
  png_reader r = {b, len, 0};
  return cairo_image_surface_create_from_png_stream(png_read, &r);
}

/* ---- probing ------------------------------------------------------------- */

/* The natural size of img in points; false with why. */
static bool measure(const q_image *img, double *w, double *h, double *px, char *why, size_t cap) {
  *px = 0;
  size_t len = 0;
  unsigned char *b = (unsigned char *)q_file_read_path(img->path, &len);
  if (!b) {
    snprintf(why, cap, "cannot be read: %s", strerror(errno ? errno : EIO));
    return false;
  }
  bool ok = false;
  switch (img->format) {
  case Q_IMAGE_PNG: {
    unsigned pw, ph;
    double ppi;
    if (!png_header(b, len, &pw, &ph, &ppi)) {
      snprintf(why, cap, "is not a readable PNG (no header)");
    } else if ((double)pw * ph > MAX_PIXELS) {
      snprintf(why, cap, "is %u x %u pixels: more than 100 megapixels is refused", pw, ph);
    } else {
      cairo_surface_t *s = png_surface(b, len);
      if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        snprintf(why, cap, "is a corrupt PNG (%s)", cairo_status_to_string(cairo_surface_status(s)));
      } else {
        double k = 72.0 / (ppi > 0 ? ppi : 96);
        *px = cairo_image_surface_get_width(s);
        *w = *px * k;
        *h = cairo_image_surface_get_height(s) * k;
        ok = true;
      }
      cairo_surface_destroy(s);
    }
    break;
  }
  case Q_IMAGE_JPEG: {
    jpeg_info info;
    char msg[JMSG_LENGTH_MAX];
    const char *err = jpeg_read(b, len, &info, NULL, 0, msg);
    if (err) {
      snprintf(why, cap, "is a corrupt JPEG (%s)", err);
    } else if ((double)info.w * info.h > MAX_PIXELS) {
      snprintf(why, cap, "is %u x %u pixels: more than 100 megapixels is refused", info.w, info.h);
    } else if (info.cmyk) {
      snprintf(why, cap, "is a CMYK JPEG, which quire cannot print faithfully: save it as RGB");
    } else if (info.w == 0 || info.h == 0) {
      snprintf(why, cap, "is a JPEG with no pixels");
    } else {
      double k = 72.0 / (info.ppi > 0 ? info.ppi : 96);
      bool turned = info.orientation >= 5; /* a quarter turn: as shown, w and h swap */
      *px = turned ? info.h : info.w;
      *w = *px * k;
      *h = (turned ? info.w : info.h) * k;
      ok = true;
    }
    break;
  }
  case Q_IMAGE_SVG: {
    q_svg *svg = q_svg_open(b, len, why, cap);
    if (svg) {
      double pw, ph;
      q_svg_size(svg, &pw, &ph);
      *w = pw * 0.75;
      *h = ph * 0.75;
      ok = true;
      q_svg_drop(svg);
    }
    break;
  }
  default:
    snprintf(why, cap, "is in a format quire does not show");
  }
  free(b);
  return ok;
}

static int by_img(const void *a, const void *b) {
  uintptr_t x = (uintptr_t)((const entry *)a)->img, y = (uintptr_t)((const entry *)b)->img;
  return x < y ? -1 : x > y;
}

bool q_pictures_probe(q_pictures *p, const q_doc *doc, q_diag *d) {
  bool ok = true;
  q_iter it;
  q_iter_start(&it, doc->root);
  for (q_event ev; (ev = q_iter_next(&it)) != Q_EV_DONE;) {
    const q_node *n = it.node;
    if (ev != Q_EV_ENTER || (n->kind != Q_MEDIA && n->kind != Q_INLINE_MEDIA) || !n->u.image)
      continue;
    const q_image *img = n->u.image;
    double w = 0, h = 0, px = 0;
    char why[300];
    if (!measure(img, &w, &h, &px, why, sizeof why)) {
      q_error(d, img->pos, "image file '%s' %s", img->path, why);
      ok = false;
      continue;
    }
    p->e = q_grow(p->e, &p->cap, p->n + 1, sizeof *p->e);
    p->e[p->n++] = (entry){img, w, h, px};
  }
  const q_image *cover = doc->meta.cover;
  double w, h, px;
  char why[300];
  if (cover && !measure(cover, &w, &h, &px, why, sizeof why)) {
    q_error(d, cover->pos, "image file '%s' %s", cover->path, why);
    ok = false;
  }
  if (p->n > 1) /* a book without images has no array to sort */
    qsort(p->e, p->n, sizeof *p->e, by_img);
  return ok;
}

static bool size_of(void *ctx, const q_image *img, double *w, double *h, double *px) {
  const q_pictures *p = ctx;
  entry key = {img, 0, 0, 0};
  const entry *e = p->n ? bsearch(&key, p->e, p->n, sizeof *p->e, by_img) : NULL;
  if (!e)
    return false;
  *w = e->w;
  *h = e->h;
  *px = e->px;
  return true;
}

q_imager q_pictures_imager(q_pictures *p) { return (q_imager){p, size_of}; }

/* ---- drawing ------------------------------------------------------------- */

/* Name s by its file, so that cairo's PDF writer embeds an image shown
 * several times once (one XObject for every use). */
static void name_surface(cairo_surface_t *s, const q_image *img) {
  size_t n = strlen(img->path);
  unsigned char *id = q_realloc(NULL, n + 1, 1);
  memcpy(id, img->path, n + 1);
  if (cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_UNIQUE_ID, id, n, free, id) !=
      CAIRO_STATUS_SUCCESS)
    free(id);
}

/* Paint surface s (iw x ih pixels as stored) into the rectangle, turned
 * or mirrored as EXIF orientation o says (1: as stored): the matrix takes
 * a stored pixel (u, v) to where it is shown in the w x h rectangle. */
static void paint(cairo_t *cr, cairo_surface_t *s, double iw, double ih, double x, double y,
                  double w, double h, int o) {
  double a = w / iw, d = h / ih, b = h / iw, c = w / ih; /* straight; a quarter turn */
  cairo_matrix_t m;
  switch (o) {
  case 2: cairo_matrix_init(&m, -a, 0, 0, d, w, 0); break;
  case 3: cairo_matrix_init(&m, -a, 0, 0, -d, w, h); break;
  case 4: cairo_matrix_init(&m, a, 0, 0, -d, 0, h); break;
  case 5: cairo_matrix_init(&m, 0, b, c, 0, 0, 0); break;
  case 6: cairo_matrix_init(&m, 0, b, -c, 0, w, 0); break;
  case 7: cairo_matrix_init(&m, 0, -b, -c, 0, w, h); break;
  case 8: cairo_matrix_init(&m, 0, -b, c, 0, 0, h); break;
  default: cairo_matrix_init(&m, a, 0, 0, d, 0, 0); break;
  }
  cairo_save(cr);
  cairo_translate(cr, x, y);
  cairo_transform(cr, &m);
  cairo_set_source_surface(cr, s, 0, 0);
  cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
  cairo_rectangle(cr, 0, 0, iw, ih);
  cairo_fill(cr);
  cairo_restore(cr);
}

bool q_picture_draw(struct _cairo *cr, const q_image *img, double x, double y, double w, double h,
                    q_diag *d) {
  size_t len = 0;
  unsigned char *b = (unsigned char *)q_file_read_path(img->path, &len);
  if (!b) {
    q_error(d, img->pos, "image file '%s' cannot be read: %s", img->path,
            strerror(errno ? errno : EIO));
    return false;
  }
  bool ok = false;
  if (img->format == Q_IMAGE_PNG) {
    cairo_surface_t *s = png_surface(b, len);
    if (cairo_surface_status(s) == CAIRO_STATUS_SUCCESS) {
      name_surface(s, img);
      paint(cr, s, cairo_image_surface_get_width(s), cairo_image_surface_get_height(s), x, y, w, h,
            1);
      ok = true;
    }
    cairo_surface_destroy(s);
    free(b);
  } else if (img->format == Q_IMAGE_JPEG) {
    /* The PDF takes the file's own bytes (MIME data); only a surface that
     * rasterizes (a page image) needs the pixels. */
    jpeg_info info;
    char msg[JMSG_LENGTH_MAX];
    bool pdf = cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_PDF;
    if (!jpeg_read(b, len, &info, NULL, 0, msg) && info.w && info.h) {
      cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)info.w, (int)info.h);
      if (cairo_surface_status(s) == CAIRO_STATUS_SUCCESS) {
        if (!pdf) {
          cairo_surface_flush(s);
          jpeg_read(b, len, &info, cairo_image_surface_get_data(s),
                    cairo_image_surface_get_stride(s), msg);
          cairo_surface_mark_dirty(s);
        }
        cairo_status_t st = cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, b, len, free, b);
        if (st == CAIRO_STATUS_SUCCESS)
          b = NULL; /* the surface owns the bytes now */
        name_surface(s, img);
        paint(cr, s, info.w, info.h, x, y, w, h, info.orientation);
        ok = true;
      }
      cairo_surface_destroy(s);
    }
    free(b);
  } else if (img->format == Q_IMAGE_SVG) {
    char why[300];
    q_svg *svg = q_svg_open(b, len, why, sizeof why);
    if (svg) {
      ok = q_svg_render(svg, cr, x, y, w, h);
      q_svg_drop(svg);
    }
    free(b);
  } else {
    free(b);
  }
  if (!ok)
    q_error(d, img->pos, "image file '%s' cannot be drawn", img->path);
  return ok;
}
