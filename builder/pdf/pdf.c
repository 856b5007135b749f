/* pdf: replay a q_layout on a cairo PDF surface (see pdf.h).
 *
 * Two passes. check() walks the whole display list first and refuses what
 * cairo 1.16 would turn into a broken file without a word (its tag errors
 * are silent): unbalanced tags, text mixed into an element that also has
 * child elements (cairo leaves such text out of the structure tree), links
 * to destinations that do not exist, duplicate destinations, glyph runs
 * whose clusters do not cover their text. It also notes the language of
 * every Span, in tag order, for the update cairo cannot make (catalog.c).
 * Only then is the file written: pages, outline, finish, update.
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

#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../base/buf.h"
#include "catalog.h"

typedef struct pdf_writer {
  const q_pdf_job *job;
  q_diag *d;
  q_pos at;                    /* the output file, for messages */
  bool own_root;               /* we open the root Document element */
  const char **span_langs;     /* per Span tag, in order (check) */
  size_t nspans, span_cap;
  const char **stack;          /* open elements (names) */
  size_t depth, stack_cap;
  cairo_t *cr;
  cairo_font_face_t **faces;   /* per font number, made on first use */
  uint32_t *space;             /* per font number: its glyph for U+0020, 0 if none */
  double *space_em;            /* per font number: that glyph's advance, in em */
  size_t nfaces;
  cairo_font_options_t *options;
  cairo_glyph_t *glyphs;       /* scratch for one run */
  cairo_text_cluster_t *clusters;
  size_t glyph_cap, cluster_cap;
  q_buf attrs;                 /* scratch for tag attributes */
  uint16_t font;               /* what the context is set to; size 0: nothing yet */
  q_sp size;
  uint32_t color;
  bool have_color;
} pdf_writer;

static void push(pdf_writer *w, const char *name) {
  w->stack = q_grow(w->stack, &w->stack_cap, w->depth + 1, sizeof *w->stack);
  w->stack[w->depth++] = name;
}

/* ---- checking the display list ---------------------------------------- */

typedef struct pdf_elem {      /* check()'s view of an open element */
  const char *name;
  size_t page;
  bool text, children, reported;
} pdf_elem;

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool has_dest(const char **dests, size_t n, const char *name) {
  return n > 0 && bsearch(&name, dests, n, sizeof *dests, cmp_str) != NULL;
}

/* The clusters of a run: counted from where its text begins (layout.h);
 * within the text, never decreasing, each on a UTF-8 character's first
 * byte. Read from the spans as they are, without expanding them. */
static const char *check_run(const q_op *op, size_t nfonts) {
  if (op->u.glyphs.font >= nfonts)
    return "a font number the font library does not have";
  if (op->u.glyphs.len > INT_MAX || op->u.glyphs.n > INT_MAX)
    return "a run too long for cairo";
  if (op->u.glyphs.size <= 0)
    return "a font size that is not positive";
  const unsigned char *t = (const unsigned char *)op->u.glyphs.text;
  if (!t || !op->u.glyphs.spans)
    return "a run with no text or no glyph spans";
  size_t total = 0;
  uint64_t last = 0;
  for (size_t s = 0; s < op->u.glyphs.nspans; s++) {
    const q_glyph_span *sp = &op->u.glyphs.spans[s];
    if (!sp->n)
      continue;
    if (!sp->g)
      return "a run with no glyph array";
    total += sp->n;
    for (uint32_t i = 0; i < sp->n; i++) {
      if (sp->g[i].cluster < sp->g[0].cluster)
        return "glyph clusters that go backwards";
      uint64_t c = (uint64_t)sp->at + (sp->g[i].cluster - sp->g[0].cluster);
      if (c < last)
        return "glyph clusters that go backwards";
      if (c >= op->u.glyphs.len)
        return "a glyph cluster past the end of its text";
      if ((t[c] & 0xc0) == 0x80)
        return "a glyph cluster inside a UTF-8 character";
      last = c;
    }
  }
  if (total != op->u.glyphs.n)
    return "a glyph count that is not its spans'";
  if (total && op->u.glyphs.spans[0].at != 0)
    return "a run whose text does not begin with its first glyph";
  return NULL;
}

static bool check(pdf_writer *w) {
  const q_layout *l = w->job->layout;
  q_diag *d = w->d;
  unsigned errors = d->errors;
  pdf_elem *open = NULL;
  size_t depth = 0, cap = 0, ndests = 0, dcap = 0, nfonts = q_fontlib_count(w->job->fonts);
  const char **dests = NULL;
  /* first: no text or element yet. The layout's own root Document, if it
   * has one, must come first and close last. */
  bool first = true, root_closed = false, after_root = false;

  if (l->npages == 0 || l->width <= 0 || l->height <= 0)
    q_error(d, w->at, "internal error: the layout has no pages or no page size");
  w->own_root = true;
  for (size_t p = 0; p < l->npages; p++) {
    for (size_t i = 0; i < l->pages[p].nops; i++) {
      const q_op *op = &l->pages[p].ops[i];
      if (root_closed)
        after_root = true;
      switch (op->kind) {
      case Q_OP_GLYPHS: {
        const char *why = op->u.glyphs.n ? check_run(op, nfonts) : NULL;
        if (why)
          q_error(d, w->at, "internal error: page %zu has %s", p + 1, why);
        if (depth && op->u.glyphs.n && !op->u.glyphs.artifact)
          open[depth - 1].text = true;
        /* Page furniture inside an element that has no child yet would be
         * taken by cairo as that element's content. */
        if (depth && op->u.glyphs.artifact && !open[depth - 1].children &&
            strcmp(open[depth - 1].name, "Document") != 0)
          q_error(d, w->at, "internal error: a running head on page %zu falls inside %s", p + 1,
                  open[depth - 1].name);
        break;
      }
      case Q_OP_TAG_BEGIN: {
        const char *name = op->u.tag.name;
        if (!name || !*name) {
          q_error(d, w->at, "internal error: page %zu opens an element with no name", p + 1);
          name = "?";
        }
        if (first && strcmp(name, "Document") == 0)
          w->own_root = false;
        if (depth)
          open[depth - 1].children = true;
        if (strcmp(name, "Link") == 0) {
          if (!op->u.tag.uri == !op->u.tag.dest)
            q_error(d, w->at, "internal error: a link on page %zu needs a uri or a dest", p + 1);
          for (size_t k = 0; k < depth; k++)
            if (strcmp(open[k].name, "Link") == 0)
              q_error(d, w->at, "internal error: a link inside a link on page %zu", p + 1);
        }
        if (strcmp(name, "Span") == 0) {
          w->span_langs = q_grow(w->span_langs, &w->span_cap, w->nspans + 1, sizeof *w->span_langs);
          w->span_langs[w->nspans++] = op->u.tag.lang;
        }
        open = q_grow(open, &cap, depth + 1, sizeof *open);
        open[depth++] = (pdf_elem){name, p, false, false, false};
        break;
      }
      case Q_OP_TAG_END:
        if (depth == 0) {
          q_error(d, w->at, "internal error: page %zu closes an element that is not open", p + 1);
          break;
        }
        depth--;
        if (depth == 0 && !w->own_root)
          root_closed = true;
        break;
      case Q_OP_DEST:
        if (!op->u.dest.name || !*op->u.dest.name) {
          q_error(d, w->at, "internal error: page %zu has a destination with no name", p + 1);
          break;
        }
        dests = q_grow(dests, &dcap, ndests + 1, sizeof *dests);
        dests[ndests++] = op->u.dest.name;
        break;
      case Q_OP_RULE:
        break;
      }
      /* Text beside child elements is left out of cairo's structure tree;
       * the root may hold untagged text (running heads, folios). */
      if (depth && open[depth - 1].text && open[depth - 1].children && !open[depth - 1].reported &&
          strcmp(open[depth - 1].name, "Document") != 0) {
        q_error(d, w->at,
                "internal error: element %s on page %zu holds both text and elements "
                "(wrap the text in a Span)",
                open[depth - 1].name, open[depth - 1].page + 1);
        open[depth - 1].reported = true;
      }
      if (op->kind == Q_OP_GLYPHS || op->kind == Q_OP_TAG_BEGIN)
        first = false; /* destinations and rules may come before the root */
    }
  }
  if (!w->own_root && after_root)
    w->own_root = true; /* the layout's Document does not enclose everything */
  for (size_t k = depth; k-- > 0;)
    q_error(d, w->at, "internal error: element %s opened on page %zu is never closed",
            open[k].name, open[k].page + 1);

  if (ndests > 1)
    qsort(dests, ndests, sizeof *dests, cmp_str);
  for (size_t k = 1; k < ndests; k++)
    if (strcmp(dests[k], dests[k - 1]) == 0)
      q_error(d, w->at, "internal error: destination '%s' is defined twice", dests[k]);
  for (size_t p = 0; p < l->npages; p++)
    for (size_t i = 0; i < l->pages[p].nops; i++) {
      const q_op *op = &l->pages[p].ops[i];
      if (op->kind == Q_OP_TAG_BEGIN && op->u.tag.dest && !has_dest(dests, ndests, op->u.tag.dest))
        q_error(d, w->at, "internal error: a link on page %zu goes to '%s', which is not defined",
                p + 1, op->u.tag.dest);
    }
  for (size_t k = 0; k < l->noutline; k++) {
    const q_outline_entry *e = &l->outline[k];
    if (!e->title || e->level == 0 || !e->dest)
      q_error(d, w->at, "internal error: outline entry %zu is incomplete", k + 1);
    else if (!has_dest(dests, ndests, e->dest))
      q_error(d, w->at, "internal error: outline entry '%s' goes to '%s', which is not defined",
              e->title, e->dest);
  }
  free(open);
  free(dests);
  return d->errors == errors;
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

/* ---- drawing ---------------------------------------------------------- */

static bool set_font(pdf_writer *w, uint16_t font, q_sp size) {
  if (!w->faces[font]) {
    FT_Face ft = q_fontlib_ft_face(w->job->fonts, font);
    if (!ft) {
      const q_fontfile *ff = q_fontlib_file(w->job->fonts, font);
      q_error(w->d, ff ? ff->pos : w->at, "cannot open font %s for the PDF",
              ff && ff->path ? ff->path : "(unknown)");
      return false;
    }
    /* The fontlib owns the FT_Face; cairo only borrows it, and the face
     * is released in q_pdf_write before the fontlib can be dropped. */
    cairo_font_face_t *cf = cairo_ft_font_face_create_for_ft_face(ft, FT_LOAD_NO_HINTING);
    if (cairo_font_face_status(cf) != CAIRO_STATUS_SUCCESS) {
      q_error(w->d, w->at, "cairo: %s", cairo_status_to_string(cairo_font_face_status(cf)));
      cairo_font_face_destroy(cf);
      return false;
    }
    w->faces[font] = cf;
    q_fontlib_space_glyph(w->job->fonts, font, &w->space[font], &w->space_em[font]);
  }
  if (w->size == 0 || w->font != font) {
    cairo_set_font_face(w->cr, w->faces[font]);
    w->font = font;
    w->size = 0;
  }
  if (w->size != size) {
    cairo_set_font_size(w->cr, size / 65536.0);
    w->size = size;
  }
  return true;
}

static void set_color(pdf_writer *w, uint32_t rgb) {
  if (w->have_color && w->color == rgb)
    return;
  cairo_set_source_rgb(w->cr, ((rgb >> 16) & 255) / 255.0, ((rgb >> 8) & 255) / 255.0,
                       (rgb & 255) / 255.0);
  w->color = rgb;
  w->have_color = true;
}

/* One glyph run with its cluster map, so that text extraction gives back
 * the run's text (ligatures and reordered Indic clusters included). The
 * spaces between words, which the layout leaves as gaps, are drawn too: the
 * font's space glyph, ending where the next word begins, so that the text
 * layer and the structure tree have real spaces and the content stream one
 * position adjustment for each gap (a font without a space glyph gets a
 * cluster with no glyph, which cairo writes as ActualText). */
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

static bool draw_run(pdf_writer *w, const q_op *op) {
  size_t n = op->u.glyphs.n;
  if (n == 0)
    return true;
  if (!set_font(w, op->u.glyphs.font, op->u.glyphs.size))
    return false;
  set_color(w, op->u.glyphs.color);
  /* At most two glyphs and two clusters for each glyph of the run: its
   * own, and the spaces after it. */
  w->glyphs = q_grow(w->glyphs, &w->glyph_cap, 2 * n, sizeof *w->glyphs);
  w->clusters = q_grow(w->clusters, &w->cluster_cap, 2 * n, sizeof *w->clusters);

  const char *t = op->u.glyphs.text;
  uint32_t space = w->space[op->u.glyphs.font];
  double y = (double)op->y / 65536.0, space_w = w->space_em[op->u.glyphs.font] * (double)op->u.glyphs.size;
  int64_t pen = op->x;
  size_t nc = 0, ng = 0, prev = SIZE_MAX; /* prev: the last glyph's cluster */
  for (size_t s = 0; s < op->u.glyphs.nspans; s++) {
    const q_glyph_span *sp = &op->u.glyphs.spans[s];
    for (uint32_t i = 0; i < sp->n; i++) {
      const q_glyph *g = &sp->g[i];
      w->glyphs[ng].index = g->id;
      w->glyphs[ng].x = (double)(pen + g->x_offset) / 65536.0;
      w->glyphs[ng++].y = y - (double)g->y_offset / 65536.0;
      pen += g->advance + (i + 1 == sp->n ? sp->gap : 0);
      size_t from = sp->at + (g->cluster - sp->g[0].cluster);
      if (from != prev)
        w->clusters[nc++] = (cairo_text_cluster_t){0, 0};
      prev = from;
      w->clusters[nc - 1].num_glyphs++;
      /* The cluster ends where the next begins; the spaces before that (a
       * run may span words) are a cluster of their own. */
      bool more;
      size_t to = next_cluster(op, s, i, &more);
      if (more && to == from)
        continue;
      size_t end = to;
      while (end > from + 1 && t[end - 1] == ' ')
        end--;
      w->clusters[nc - 1].num_bytes = (int)(end - from);
      if (end == to)
        continue;
      w->clusters[nc++] = (cairo_text_cluster_t){(int)(to - end), 0};
      if (space && more) {
        w->glyphs[ng].index = space;
        w->glyphs[ng].x = ((double)pen - space_w) / 65536.0;
        w->glyphs[ng++].y = y;
        w->clusters[nc - 1].num_glyphs = 1;
      }
    }
  }
  cairo_show_text_glyphs(w->cr, op->u.glyphs.text, (int)op->u.glyphs.len,
                         w->glyphs, (int)ng, w->clusters, (int)nc, 0);
  return true;
}

static void begin_tag(pdf_writer *w, const q_op *op) {
  const char *name = op->u.tag.name && *op->u.tag.name ? op->u.tag.name : "Span";
  q_buf_clear(&w->attrs);
  if (strcmp(name, CAIRO_TAG_LINK) == 0) {
    q_buf_puts(&w->attrs, op->u.tag.uri ? "uri=" : "dest=");
    add_value(&w->attrs, op->u.tag.uri ? op->u.tag.uri : op->u.tag.dest, op->u.tag.uri != NULL);
  }
  /* A Span's language cannot go through cairo 1.16 (it ignores structure
   * attributes); catalog.c adds it to the element afterwards. */
  cairo_tag_begin(w->cr, name, w->attrs.len ? w->attrs.data : NULL);
  push(w, name);
}

static void end_tag(pdf_writer *w) {
  if (w->depth)
    cairo_tag_end(w->cr, w->stack[--w->depth]);
}

static void dest(pdf_writer *w, const q_op *op) {
  q_buf_clear(&w->attrs);
  q_buf_puts(&w->attrs, "name=");
  add_value(&w->attrs, op->u.dest.name, false);
  q_buf_puts(&w->attrs, " x=");
  add_pt(&w->attrs, op->x);
  q_buf_puts(&w->attrs, " y=");
  add_pt(&w->attrs, op->y);
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
  if (p == 0 && w->own_root)
    cairo_tag_begin(w->cr, "Document", NULL);
  for (size_t i = 0; i < pg->nops; i++) {
    const q_op *op = &pg->ops[i];
    switch (op->kind) {
    case Q_OP_GLYPHS:
      if (!draw_run(w, op))
        return false;
      break;
    case Q_OP_TAG_BEGIN:
      begin_tag(w, op);
      break;
    case Q_OP_TAG_END:
      end_tag(w);
      break;
    case Q_OP_DEST:
      dest(w, op);
      break;
    case Q_OP_RULE:
      set_color(w, op->u.rule.color);
      cairo_rectangle(w->cr, op->x / 65536.0, op->y / 65536.0, op->u.rule.w / 65536.0,
                      op->u.rule.h / 65536.0);
      cairo_fill(w->cr);
      break;
    }
  }
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

/* Draw every page and the outline on s. */
static bool draw(pdf_writer *w, cairo_surface_t *s, const pdf_sink *k) {
  w->cr = cairo_create(s);
  w->nfaces = q_fontlib_count(w->job->fonts);
  w->faces = q_zalloc(w->nfaces, sizeof *w->faces);
  w->space = q_zalloc(w->nfaces, sizeof *w->space);
  w->space_em = q_zalloc(w->nfaces, sizeof *w->space_em);
  w->options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(w->options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(w->options, CAIRO_HINT_STYLE_NONE);
  cairo_set_font_options(w->cr, w->options);
  bool ok = true;
  for (size_t p = 0; ok && p < w->job->layout->npages; p++)
    ok = draw_page(w, s, p) &&
         cairo_ok(w, k->err ? CAIRO_STATUS_WRITE_ERROR : cairo_status(w->cr), k);
  if (ok)
    outline(w, s);
  cairo_destroy(w->cr);
  w->cr = NULL;
  return ok;
}

bool q_pdf_write(const q_pdf_job *job, const char *path, q_diag *d) {
  pdf_writer w = {.job = job, .d = d, .at = {path, 0, 0}};
  pdf_sink sink = {NULL, 0};
  q_buf_init(&w.attrs);
  bool ok = check(&w);
  if (ok && !(sink.fp = fopen(path, "wb"))) {
    q_error(d, w.at, "cannot write the PDF: %s", strerror(errno));
    ok = false;
  }
  if (ok) {
    const q_layout *l = job->layout;
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(sink_write, &sink, l->width / 65536.0,
                                                             l->height / 65536.0);
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
    for (size_t k = 0; k < w.nfaces; k++)
      cairo_font_face_destroy(w.faces[k]);
    cairo_font_options_destroy(w.options);

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
    pdf_update u = {job->doc->meta.lang, w.span_langs, w.nspans};
    ok = pdf_catalog_update(path, &u, d);
  }
  free(w.faces);
  free(w.space);
  free(w.space_em);
  free(w.glyphs);
  free(w.clusters);
  free(w.span_langs);
  free(w.stack);
  q_buf_drop(&w.attrs);
  return ok;
}
