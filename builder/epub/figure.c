/* figure.c: the book's images in the archive, and figures as XHTML.
 *
 * Each image file goes into OEBPS/images/ once, however often the book
 * shows it: files are told apart by their content (SHA-1), so two names of
 * one file, or two copies of it, are one manifest item. Raster files are
 * stored (they are compressed already), SVG deflated. A figure is a
 * <figure> with its <img> and a <figcaption> (the mediaobject's caption,
 * then "Figure N." and the title); the alt text is the image's own, never
 * the caption; a decorative image has alt="" and role="presentation".
 * Sizes follow the imagedata's width or contentwidth, never wider than
 * the page (max-width: 100%). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/mem.h"
#include "../base/sha1.h"
#include "book.h"

struct epub_image {
  const q_image *img;
  const char *href;
};

static const char *media_type(q_image_format f) {
  return f == Q_IMAGE_PNG ? "image/png" : f == Q_IMAGE_JPEG ? "image/jpeg" : "image/svg+xml";
}

static const char *extension(q_image_format f) {
  return f == Q_IMAGE_PNG ? "png" : f == Q_IMAGE_JPEG ? "jpg" : "svg";
}

static int by_img(const void *a, const void *b) {
  uintptr_t x = (uintptr_t)((const epub_image *)a)->img, y = (uintptr_t)((const epub_image *)b)->img;
  return x < y ? -1 : x > y;
}

static bool read_into(const char *path, q_buf *out) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return false;
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    q_buf_add(out, chunk, n);
  bool ok = !ferror(f);
  fclose(f);
  return ok;
}

bool epub_figures_plan(epub_book *b, q_diag *d) {
  typedef struct seen {
    uint8_t sum[20];
    const char *href;
  } seen;
  seen *files = NULL;
  size_t nfiles = 0, fcap = 0, cap = 0;
  bool ok = true;
  q_iter it;
  q_iter_start(&it, b->doc->root);
  for (q_event ev; (ev = q_iter_next(&it)) != Q_EV_DONE;) {
    const q_node *n = it.node;
    if (ev != Q_EV_ENTER || (n->kind != Q_MEDIA && n->kind != Q_INLINE_MEDIA) || !n->u.image)
      continue;
    const q_image *img = n->u.image;
    q_buf bytes;
    q_buf_init(&bytes);
    if (!read_into(img->path, &bytes)) {
      q_error(d, img->pos, "image file '%s' cannot be read", img->path);
      q_buf_drop(&bytes);
      ok = false;
      continue;
    }
    uint8_t sum[20];
    q_sha1_digest(bytes.data ? bytes.data : "", bytes.len, sum);
    const char *href = NULL;
    for (size_t i = 0; i < nfiles && !href; i++)
      if (memcmp(files[i].sum, sum, sizeof sum) == 0)
        href = files[i].href;
    if (href) {
      q_buf_drop(&bytes);
    } else {
      href = q_arena_printf(&b->arena, "images/image-%zu.%s", nfiles + 1, extension(img->format));
      const char *id = q_arena_printf(&b->arena, "image-%zu", nfiles + 1);
      epub_file *f = &b->files[epub_book_add(b, href, id, media_type(img->format))];
      f->data = bytes;
      f->store = img->format != Q_IMAGE_SVG;
      files = q_grow(files, &fcap, nfiles + 1, sizeof *files);
      memcpy(files[nfiles].sum, sum, sizeof sum);
      files[nfiles++].href = href;
    }
    b->images = q_grow(b->images, &cap, b->nimages + 1, sizeof *b->images);
    b->images[b->nimages++] = (epub_image){img, href};
  }
  free(files);
  if (b->nimages > 1)
    qsort(b->images, b->nimages, sizeof *b->images, by_img);
  return ok;
}

bool epub_figures_cover(epub_book *b, q_buf *out, q_diag *d) {
  const q_image *img = b->doc->meta.cover;
  if (!read_into(img->path, out)) {
    q_error(d, img->pos, "image file '%s' cannot be read", img->path);
    return false;
  }
  return true;
}

void epub_figures_drop(epub_book *b) {
  free(b->images);
  b->images = NULL;
  b->nimages = 0;
}

static const char *href_of(const epub_book *b, const q_image *img) {
  epub_image key = {img, NULL};
  const epub_image *e =
      b->nimages ? bsearch(&key, b->images, b->nimages, sizeof *b->images, by_img) : NULL;
  return e ? e->href : NULL;
}

/* A length in points as CSS (no locale: integers and a fixed point). */
static void css_pt(q_buf *out, const char *prop, double pt) {
  long v = (long)(pt * 100 + 0.5);
  q_buf_printf(out, "%s: %ld.%02ldpt; ", prop, v / 100, v % 100);
}

/* "<img" with its class (or NULL), source, alt text and, for a decorative
 * image, its presentation role; the caller adds the style and closes it. */
static void img_open(const epub_book *b, q_buf *out, const q_image *img, const char *cls) {
  const char *href = href_of(b, img);
  q_buf_puts(out, "<img ");
  if (cls)
    q_buf_printf(out, "class=\"%s\" ", cls);
  q_buf_puts(out, "src=\"");
  q_buf_add_xml(out, href ? href : "", href ? strlen(href) : 0);
  q_buf_puts(out, "\" alt=\"");
  if (img->alt)
    q_buf_add_xml(out, img->alt, strlen(img->alt));
  q_buf_putc(out, '"');
  if (!img->alt)
    q_buf_puts(out, " role=\"presentation\"");
}

static void img_tag(const epub_book *b, q_buf *out, const q_image *img) {
  img_open(b, out, img, NULL);
  q_buf style;
  q_buf_init(&style);
  if (img->content_width > 0)
    css_pt(&style, "width", img->content_width);
  else if (img->width > 0)
    css_pt(&style, "width", img->width);
  else if (img->width_pct > 0)
    q_buf_printf(&style, "width: %ld%%; ", (long)(img->width_pct + 0.5));
  if (img->content_depth > 0 && img->content_width <= 0)
    css_pt(&style, "height", img->content_depth);
  if (style.len) {
    q_buf_puts(out, " style=\"");
    q_buf_add(out, style.data, style.len - 1); /* without the last space */
    q_buf_putc(out, '"');
  }
  q_buf_drop(&style);
  q_buf_puts(out, "/>");
}

static const char *align_class(const q_image *img) {
  return img->align == Q_IMAGE_START ? " start" : img->align == Q_IMAGE_END ? " end" : "";
}

/* The caption paragraphs of a mediaobject. */
static void media_captions(epub_book *b, q_buf *out, const q_node *media, const q_computed *cs) {
  for (const q_node *c = media->first; c; c = c->next)
    if (c->kind == Q_CAPTION)
      for (const q_node *p = c->first; p; p = p->next) {
        q_buf_puts(out, "<span class=\"caption\">");
        epub_xhtml_inlines(b, out, p, cs, false);
        q_buf_puts(out, "</span>\n");
      }
}

static bool has_caption(const q_node *media) {
  for (const q_node *c = media->first; c; c = c->next)
    if (c->kind == Q_CAPTION && c->first)
      return true;
  return false;
}

void epub_figure_block(epub_book *b, q_buf *out, const q_node *n, const q_computed *parent) {
  q_computed cs = q_style_compute(b->style, Q_SEL_FIGCAPTION, parent);
  const q_node *title = n->kind == Q_FIGURE && n->first && n->first->kind == Q_TITLE ? n->first : NULL;
  bool captioned = title != NULL;
  const q_image *first = NULL;
  for (const q_node *c = n->kind == Q_MEDIA ? n : n->first; c; c = n->kind == Q_MEDIA ? NULL : c->next)
    if (c->kind == Q_MEDIA) {
      captioned = captioned || has_caption(c);
      if (!first)
        first = c->u.image;
    }
  q_buf_puts(out, "<figure");
  if (n->id)
    q_buf_printf(out, " id=\"%s\"", n->id); /* an NCName: nothing to escape */
  q_buf_printf(out, " class=\"figure%s\"", first ? align_class(first) : "");
  epub_xhtml_lang(out, n->lang);
  q_buf_puts(out, ">\n");
  for (const q_node *c = n->kind == Q_MEDIA ? n : n->first; c; c = n->kind == Q_MEDIA ? NULL : c->next)
    if (c->kind == Q_MEDIA && c->u.image) {
      img_tag(b, out, c->u.image);
      q_buf_putc(out, '\n');
    }
  if (captioned) {
    q_buf_puts(out, "<figcaption>");
    for (const q_node *c = n->kind == Q_MEDIA ? n : n->first; c; c = n->kind == Q_MEDIA ? NULL : c->next)
      if (c->kind == Q_MEDIA)
        media_captions(b, out, c, &cs);
    if (title) {
      q_buf_puts(out, "<span class=\"caption\">");
      if (n->u.figure.number) {
        char label[32];
        snprintf(label, sizeof label, "Figure %u.", n->u.figure.number);
        q_buf_puts(out, "<b class=\"label\">");
        epub_xhtml_label(b, out, &cs, label);
        q_buf_puts(out, "</b> ");
      }
      epub_xhtml_inlines(b, out, title, &cs, false);
      q_buf_puts(out, "</span>");
    }
    q_buf_puts(out, "</figcaption>\n");
  }
  q_buf_puts(out, "</figure>\n");
}

void epub_figure_book_cover(epub_book *b, q_buf *out, const q_node *n, const q_computed *box) {
  for (const q_node *c = n->first; c; c = c->next)
    if (c->kind == Q_MEDIA && c->u.image) {
      const q_image *img = c->u.image;
      img_open(b, out, img, "book-cover");
      q_buf style;
      q_buf_init(&style);
      css_pt(&style, "height", 3 * box->line_height_pt);
      q_buf_printf(out, " style=\"%.*s\"/>\n", (int)style.len - 1, style.data);
      q_buf_drop(&style);
      return;
    }
}

void epub_figure_inline(epub_book *b, q_buf *out, const q_node *n) {
  if (n->u.image)
    img_tag(b, out, n->u.image);
}

void epub_figures_css(const epub_book *b, q_buf *out) {
  if (!b->nimages)
    return;
  q_buf_puts(out,
             "/* Figures (quire's own). */\n"
             "figure.figure {\n  margin: 1em 0;\n  text-align: center;\n}\n\n"
             "figure.figure.start {\n  text-align: left;\n}\n\n"
             "figure.figure.end {\n  text-align: right;\n}\n\n"
             "figure.figure img {\n  max-width: 100%;\n  height: auto;\n}\n\n"
             "figure.figure figcaption span.caption {\n  display: block;\n}\n\n"
             "div.biblio img.book-cover {\n  float: left;\n  width: auto;\n  margin: 0 1em 0.5em 0;\n}\n\n"
             "div.biblio + * {\n  clear: left;\n}\n\n"
             "p img {\n  max-width: 100%;\n  max-height: 1.2em;\n  vertical-align: baseline;\n}\n\n");
}
