/* pdf: the print edition on a cairo PDF surface (see pdf.h).
 *
 * The pages are drawn by the painter (painter.h); this file adds what only
 * a PDF has: the structure tags, links and destinations the painter hands
 * to its hooks, page labels, the outline, the document information, and
 * the update cairo cannot make (catalog.c), for which the language of
 * every Span is noted, in tag order, as the tags go out. The layout's
 * invariants (balanced tags, links to destinations that exist, clusters
 * that cover their text) are the typesetter's to keep and check; the one
 * walk made here before drawing only asks whether the layout opens its
 * own root Document element.
 *
 * Invariants while replaying: the tag stack mirrors cairo's open elements,
 * so a Q_OP_TAG_END closes the innermost one by its own name; a root
 * "Document" element encloses every page (a link outside any structure
 * element makes cairo write a damaged file), unless the layout opens one
 * itself around everything. Coordinates are converted from scaled points
 * only here, at the last moment; attribute strings carry their numbers
 * formatted from integers, so no locale can put a comma in them. */
#include "pdf.h"
#include "../base/mem.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../base/buf.h"
#include "catalog.h"
#include "painter.h"
#include "sheets.h"

typedef struct pdf_writer {
  const q_pdf_job *job;
  q_diag *d;
  q_pos at;                    /* the output file, for messages */
  bool own_root;               /* we open the root Document element */
  const char **span_langs;     /* per Span tag, in tag-begin order */
  size_t nspans, span_cap;
  const char **th_scopes;      /* per TH tag, in tag-begin order */
  size_t nths, th_cap;
  const char **figure_alts;    /* per Figure tag, in tag-begin order */
  size_t nfigures, figure_cap;
  const char **stack;          /* open elements (names) */
  size_t depth, stack_cap;
  cairo_t *cr;
  q_painter *painter;
  q_buf attrs;                 /* scratch for tag attributes */
} pdf_writer;

static void push(pdf_writer *w, const char *name) {
  w->stack = q_grow(w->stack, &w->stack_cap, w->depth + 1, sizeof *w->stack);
  w->stack[w->depth++] = name;
}

/* Whether the layout opens a root Document element itself: its first
 * glyph run or element is a Document that closes after everything else
 * (destinations and rules may come before it). Else the writer opens one
 * around every page, as cairo needs (see above). One pass over the
 * operations' kinds, nothing more: the layout's own invariants are the
 * typesetter's to check. */
static bool layout_has_root(const q_layout *l) {
  bool first = true, closed = false;
  size_t depth = 0;
  for (size_t p = 0; p < l->npages; p++)
    for (size_t i = 0; i < l->pages[p].nops; i++) {
      const q_op *op = &l->pages[p].ops[i];
      if (closed)
        return false; /* something after the root closed */
      if (first && (op->kind == Q_OP_GLYPHS || op->kind == Q_OP_TAG_BEGIN)) {
        if (op->kind != Q_OP_TAG_BEGIN || !op->u.tag.name || strcmp(op->u.tag.name, "Document") != 0)
          return false;
        first = false;
      }
      if (op->kind == Q_OP_TAG_BEGIN)
        depth++;
      else if (op->kind == Q_OP_TAG_END && depth && --depth == 0)
        closed = true;
    }
  return !first;
}

/* ---- attribute strings ------------------------------------------------ */

/* A length in points, from scaled points, with three decimals. */
static void add_pt(q_buf *b, q_sp v) {
  int64_t m = ((int64_t)v * 1000 + (v < 0 ? -32768 : 32768)) / 65536; /* thousandths */
  const char *sign = m < 0 ? "-" : "";
  uint64_t a = (uint64_t)(m < 0 ? -m : m);
  q_buf_printf(b, "%s%llu.%03llu", sign, (unsigned long long)(a / 1000),
               (unsigned long long)(a % 1000));
}

/* A value for cairo's attribute syntax: in single quotes, with ' and \
 * escaped. cairo 1.16 copies link targets and destination names into the
 * PDF without escaping them, so what a PDF string cannot hold as it is gets
 * percent-encoded here: a URI then means the same; a destination name is
 * encoded the same way everywhere it is used, so names still match. */
static void add_value(q_buf *b, const char *s, bool is_uri) {
  static const char hex[] = "0123456789ABCDEF";
  q_buf_putc(b, '\'');
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c <= 0x20 || c >= 0x7f || c == '(' || c == ')' || c == '\\' || (c == '%' && !is_uri)) {
      q_buf_putc(b, '%');
      q_buf_putc(b, hex[c >> 4]);
      q_buf_putc(b, hex[c & 15]);
    } else {
      if (c == '\'')
        q_buf_putc(b, '\\');
      q_buf_putc(b, (char)c);
    }
  }
  q_buf_putc(b, '\'');
}

/* ---- print-shop output: bleed and crop marks ------------------------ */

enum { MARKS_ROOM_MM = 10, MARK_GAP_PT = 3 };

/* How far the trimmed page sits from the MediaBox's edge. */
static q_sp trim_offset(const q_pdf_job *job) {
  return job->bleed + (job->crop_marks ? Q_PT(MARKS_ROOM_MM * 72.0 / 25.4) : 0);
}

/* Crop marks: at each corner of the trimmed page, a hairline along each of
 * its edges, from a little outside the bleed to the MediaBox's edge, so
 * that no mark reaches into the bleed (or the page). */
static void crop_marks(cairo_t *cr, const q_pdf_job *job) {
  double off = trim_offset(job) / 65536.0, b = job->bleed / 65536.0;
  double w = job->layout->width / 65536.0, h = job->layout->height / 65536.0;
  double x[2] = {off, off + w}, y[2] = {off, off + h};
  double near = off - b - MARK_GAP_PT; /* from the trim edge outwards */
  cairo_save(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, 0.25);
  for (int i = 0; i < 2; i++)
    for (int j = 0; j < 2; j++) {
      double sx = i ? 1 : -1, sy = j ? 1 : -1;
      cairo_move_to(cr, x[i] + sx * (b + MARK_GAP_PT), y[j]);
      cairo_line_to(cr, x[i] + sx * (b + MARK_GAP_PT + near), y[j]);
      cairo_move_to(cr, x[i], y[j] + sy * (b + MARK_GAP_PT));
      cairo_line_to(cr, x[i], y[j] + sy * (b + MARK_GAP_PT + near));
    }
  cairo_stroke(cr);
  cairo_restore(cr);
}

/* The TrimBox and BleedBox of every page, for catalog.c. */
static const char *page_boxes(const q_pdf_job *job, q_buf *b) {
  if (!job->bleed && !job->crop_marks)
    return NULL;
  q_sp off = trim_offset(job), w = job->layout->width, h = job->layout->height;
  q_sp bl = job->bleed;
  q_buf_clear(b);
  q_buf_puts(b, "/TrimBox [");
  add_pt(b, off), q_buf_putc(b, ' '), add_pt(b, off), q_buf_putc(b, ' ');
  add_pt(b, off + w), q_buf_putc(b, ' '), add_pt(b, off + h);
  q_buf_puts(b, "] /BleedBox [");
  add_pt(b, off - bl), q_buf_putc(b, ' '), add_pt(b, off - bl), q_buf_putc(b, ' ');
  add_pt(b, off + w + bl), q_buf_putc(b, ' '), add_pt(b, off + h + bl);
  q_buf_puts(b, "]");
  return b->data;
}

/* ---- the hooks: tags, links, destinations ------------------------- */

static void begin_tag(void *ctx, const q_op *op) {
  pdf_writer *w = ctx;
  const char *name = op->u.tag.name && *op->u.tag.name ? op->u.tag.name : "Span";
  q_buf_clear(&w->attrs);
  if (strcmp(name, CAIRO_TAG_LINK) == 0) {
    q_buf_puts(&w->attrs, op->u.tag.uri ? "uri=" : "dest=");
    add_value(&w->attrs, op->u.tag.uri ? op->u.tag.uri : op->u.tag.dest, op->u.tag.uri != NULL);
  }
  /* A Span's language cannot go through cairo 1.16 (it ignores structure
   * attributes); catalog.c adds it to the element afterwards, knowing it
   * by its place among the Spans. */
  if (strcmp(name, "Span") == 0) {
    w->span_langs = q_grow(w->span_langs, &w->span_cap, w->nspans + 1, sizeof *w->span_langs);
    w->span_langs[w->nspans++] = op->u.tag.lang;
  }
  /* A header cell's scope, likewise. */
  if (strcmp(name, "TH") == 0) {
    w->th_scopes = q_grow(w->th_scopes, &w->th_cap, w->nths + 1, sizeof *w->th_scopes);
    w->th_scopes[w->nths++] = op->u.tag.scope;
  }
  if (strcmp(name, "Figure") == 0) { /* its /Alt, the same way */
    w->figure_alts = q_grow(w->figure_alts, &w->figure_cap, w->nfigures + 1, sizeof *w->figure_alts);
    w->figure_alts[w->nfigures++] = op->u.tag.alt;
  }
  cairo_tag_begin(w->cr, name, w->attrs.len ? w->attrs.data : NULL);
  push(w, name);
}

static void end_tag(void *ctx, const q_op *op) {
  pdf_writer *w = ctx;
  (void)op;
  if (w->depth)
    cairo_tag_end(w->cr, w->stack[--w->depth]);
}

static void dest(void *ctx, const q_op *op) {
  pdf_writer *w = ctx;
  q_buf_clear(&w->attrs);
  q_buf_puts(&w->attrs, "name=");
  add_value(&w->attrs, op->u.dest.name, false);
  /* cairo takes a destination's place in the page's coordinates, whatever
   * the transform: the trimmed page's offset is added here. */
  q_sp off = trim_offset(w->job);
  q_buf_puts(&w->attrs, " x=");
  add_pt(&w->attrs, op->x + off);
  q_buf_puts(&w->attrs, " y=");
  add_pt(&w->attrs, op->y + off);
  cairo_tag_begin(w->cr, CAIRO_TAG_DEST, w->attrs.data);
  cairo_tag_end(w->cr, CAIRO_TAG_DEST);
}

static bool draw_page(pdf_writer *w, cairo_surface_t *s, size_t p) {
  const q_layout *l = w->job->layout;
  const q_sheet *pg = &l->pages[p];
  char num[24];
  snprintf(num, sizeof num, "%zu", p + 1);
  /* Labels are prefix-only in cairo 1.16: every page gets its own. */
  cairo_pdf_surface_set_page_label(s, pg->label && *pg->label ? pg->label : num);
  q_sp off = trim_offset(w->job);
  if (w->job->crop_marks)
    crop_marks(w->cr, w->job);
  if (p == 0 && w->own_root)
    cairo_tag_begin(w->cr, "Document", NULL);
  q_paint_hooks hooks = {w, begin_tag, end_tag, dest};
  cairo_save(w->cr);
  cairo_translate(w->cr, off / 65536.0, off / 65536.0);
  q_painter_begin(w->painter, w->cr);
  bool drawn = q_painter_page(w->painter, pg, &hooks, true);
  cairo_restore(w->cr);
  q_painter_begin(w->painter, w->cr);
  if (!drawn)
    return false;
  if (p + 1 == l->npages && w->own_root)
    cairo_tag_end(w->cr, "Document");
  cairo_show_page(w->cr);
  return true;
}

/* Level-1 entries at the root, open; each deeper entry under the latest
 * entry of a shallower level. */
static void outline(pdf_writer *w, cairo_surface_t *s) {
  enum { MAXLEVEL = 8 };
  int last[MAXLEVEL + 1];
  for (int k = 0; k <= MAXLEVEL; k++)
    last[k] = CAIRO_PDF_OUTLINE_ROOT;
  const q_layout *l = w->job->layout;
  for (size_t k = 0; k < l->noutline; k++) {
    const q_outline_entry *e = &l->outline[k];
    unsigned level = e->level > MAXLEVEL ? MAXLEVEL : e->level;
    int parent = CAIRO_PDF_OUTLINE_ROOT;
    for (unsigned up = level - 1; up >= 1 && parent == CAIRO_PDF_OUTLINE_ROOT; up--)
      parent = last[up];
    q_buf_clear(&w->attrs);
    q_buf_puts(&w->attrs, "dest=");
    add_value(&w->attrs, e->dest, false);
    int id = cairo_pdf_surface_add_outline(s, parent, e->title, w->attrs.data,
                                           level == 1 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
    last[level] = id;
    for (unsigned deeper = level + 1; deeper <= MAXLEVEL; deeper++)
      last[deeper] = CAIRO_PDF_OUTLINE_ROOT;
  }
}

/* ---- the document ----------------------------------------------------- */

static void join(q_buf *b, const q_strlist *l) {
  q_buf_clear(b);
  for (size_t i = 0; i < l->count; i++) {
    if (i)
      q_buf_puts(b, ", ");
    q_buf_puts(b, l->items[i]);
  }
}

static bool metadata(pdf_writer *w, cairo_surface_t *s) {
  const q_meta *m = &w->job->doc->meta;
  if (m->title)
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, m->title);
  join(&w->attrs, &m->authors);
  if (w->attrs.len)
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, w->attrs.data);
  if (m->description)
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, m->description);
  join(&w->attrs, &m->subjects);
  if (w->attrs.len)
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_KEYWORDS, w->attrs.data);
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "quire");

  /* The dates come from the sources' mtime, in UTC whatever TZ says. */
  struct tm tm;
  time_t t = (time_t)w->job->mtime;
  char date[32];
  if ((long long)t != w->job->mtime || !gmtime_r(&t, &tm) || tm.tm_year < -1900 ||
      tm.tm_year > 9999 - 1900) {
    q_error(w->d, w->at, "internal error: the date %lld cannot be written", w->job->mtime);
    return false;
  }
  snprintf(date, sizeof date, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
           tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, date);
  return true;
}

/* The file is ours, not cairo's: cairo 1.16 can lose a write error (on a
 * full disk its own stdio stream, and even a failing write callback, both
 * ended in "success"), so every write is checked here, and the first
 * failure (with its errno) decides, whatever cairo's status says. */
typedef struct pdf_sink {
  FILE *fp;
  int err;  /* errno of the first failed write, or 0 */
} pdf_sink;

static cairo_status_t sink_write(void *closure, const unsigned char *data, unsigned int len) {
  pdf_sink *k = closure;
  if (k->err)
    return CAIRO_STATUS_WRITE_ERROR;
  errno = 0;
  if (fwrite(data, 1, len, k->fp) != len || ferror(k->fp)) {
    k->err = errno ? errno : EIO;
    return CAIRO_STATUS_WRITE_ERROR;
  }
  return CAIRO_STATUS_SUCCESS;
}

static bool cairo_ok(pdf_writer *w, cairo_status_t st, const pdf_sink *k) {
  if (st == CAIRO_STATUS_SUCCESS)
    return true;
  if (st == CAIRO_STATUS_WRITE_ERROR && k->err)
    q_error(w->d, w->at, "cannot write the PDF: %s", strerror(k->err));
  else
    q_error(w->d, w->at, "cannot write the PDF: cairo: %s", cairo_status_to_string(st));
  return false;
}

/* Draw every page and the outline on s; or, imposed, every sheet side. */
static bool draw(pdf_writer *w, cairo_surface_t *s, const pdf_sink *k) {
  w->cr = cairo_create(s);
  q_painter_begin(w->painter, w->cr);
  bool ok = true;
  const q_imposition *im = w->job->imposition;
  if (im) {
    for (size_t p = 0; ok && p < im->nsides; p++) {
      ok = q_sheets_draw_side(w->painter, w->cr, w->job->layout, im, p);
      cairo_show_page(w->cr);
      ok = ok && cairo_ok(w, k->err ? CAIRO_STATUS_WRITE_ERROR : cairo_status(w->cr), k);
    }
  } else {
    for (size_t p = 0; ok && p < w->job->layout->npages; p++)
      ok = draw_page(w, s, p) &&
           cairo_ok(w, k->err ? CAIRO_STATUS_WRITE_ERROR : cairo_status(w->cr), k);
  }
  if (ok && !im)
    outline(w, s);
  cairo_destroy(w->cr);
  w->cr = NULL;
  return ok;
}

bool q_pdf_write(const q_pdf_job *job, const char *path, q_diag *d) {
  pdf_writer w = {.job = job, .d = d, .at = {path, 0, 0}};
  pdf_sink sink = {NULL, 0};
  q_buf_init(&w.attrs);
  const q_layout *l = job->layout;
  bool ok = true;
  if (l->npages == 0 || l->width <= 0 || l->height <= 0) {
    q_error(d, w.at, "internal error: the layout has no pages or no page size");
    ok = false;
  }
  w.own_root = !layout_has_root(l);
  if (ok && !(sink.fp = fopen(path, "wb"))) {
    q_error(d, w.at, "cannot write the PDF: %s", strerror(errno));
    ok = false;
  }
  if (ok) {
    w.painter = q_painter_new(job->fonts, d, w.at);
    const q_imposition *im = job->imposition;
    q_sp grow = im ? 0 : 2 * trim_offset(job);
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(
        sink_write, &sink, (im ? im->sheet_w : l->width + grow) / 65536.0,
        (im ? im->sheet_h : l->height + grow) / 65536.0);
    ok = cairo_ok(&w, cairo_surface_status(s), &sink);
    if (ok) {
      cairo_pdf_surface_restrict_to_version(s, CAIRO_PDF_VERSION_1_5);
      ok = metadata(&w, s) && draw(&w, s, &sink);
    }
    cairo_surface_finish(s);
    if (ok)
      ok = cairo_ok(&w, sink.err ? CAIRO_STATUS_WRITE_ERROR : cairo_surface_status(s), &sink);
    cairo_surface_destroy(s);
    /* The fontlib may be dropped after we return: let go of its faces. */
    q_painter_drop(w.painter);

    errno = 0;
    bool flushed = fflush(sink.fp) == 0 && !ferror(sink.fp);
    int err = errno;
    flushed = fclose(sink.fp) == 0 && flushed;
    if (ok && !flushed) {
      q_error(d, w.at, "cannot write the PDF: %s", strerror(err ? err : errno ? errno : EIO));
      ok = false;
    }
  }
  if (ok) {
    pdf_update u = {.lang = job->doc->meta.lang,
                    .span_langs = w.span_langs,
                    .nspans = w.nspans,
                    .th_scopes = w.th_scopes,
                    .nths = w.nths,
                    .page_boxes = job->imposition ? NULL : page_boxes(job, &w.attrs),
                    .figure_alts = w.figure_alts,
                    .nfigures = w.nfigures};
    ok = pdf_catalog_update(path, &u, d);
  }
  free(w.span_langs);
  free(w.th_scopes);
  free(w.figure_alts);
  free(w.stack);
  q_buf_drop(&w.attrs);
  return ok;
}
