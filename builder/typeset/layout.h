/* layout: the model set into pages, as a display list per page.
 *
 * q_layout_run walks the document model with the style model and produces
 * pages of drawing operations: glyph runs at baselines, structure tags
 * (which also make links), named destinations and rules; plus the outline
 * and page labels. The renderer (builder/render) replays a page on any cairo
 * surface, the PDF's or an image's; q_layout_check (check.h) states what a
 * layout must hold, and q_trace_write (trace.h) writes it as text for a test
 * to compare. Fonts, shaping, hyphenation and break opportunities come
 * through the interfaces of text.h.
 *
 * Coordinates: scaled points from the page's top-left corner, y downwards;
 * a glyph run's y is its baseline.
 *
 * Ownership: a q_layout and everything it points to (ops, strings) live in
 * its arena, except glyph arrays, which belong to the shaper and must
 * outlive the layout's use. q_layout_drop frees it. */
#ifndef QUIRE_TYPESET_LAYOUT_H
#define QUIRE_TYPESET_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/arena.h"
#include "../base/diag.h"
#include "../model/doc.h"
#include "../model/style.h"
#include "linebreak.h"
#include "picture.h"
#include "text.h"

typedef enum q_op_kind {
  Q_OP_GLYPHS,    /* glyphs of one font at one size, on a baseline */
  Q_OP_TAG_BEGIN, /* open a structure element; also a link (name "Link") */
  Q_OP_TAG_END,   /* close the innermost open element */
  Q_OP_DEST,      /* a named destination at (x, y) */
  Q_OP_RULE,      /* a filled rectangle, top-left at (x, y) */
  Q_OP_IMAGE      /* an image scaled into the rectangle w x h, top-left at (x, y) */
} q_op_kind;

/* A word, or part of one, of a glyph run: the shaper's own glyphs, which
 * stay valid as long as it does; not copied, as a book has millions. */
typedef struct q_glyph_span {
  const q_glyph *g;       /* n glyphs, clusters counted from g[0].cluster */
  uint32_t n;
  uint32_t at;            /* where g[0]'s cluster begins in the run's text */
  q_sp gap;               /* the space after the span, as set */
} q_glyph_span;

typedef struct q_op {
  q_op_kind kind;
  q_sp x, y;
  union {
    struct {
      const char *text;       /* the characters the glyphs stand for */
      size_t len;
      const q_glyph_span *spans; /* all of one font, in order; the last glyph
                                    of a span is followed by its gap */
      size_t nspans;
      size_t n;               /* glyphs in all */
      uint16_t font;          /* the shaper's font index */
      q_sp size;
      uint32_t color;         /* 0xRRGGBB */
      bool artifact;          /* page furniture (running head, folio): not part
                                 of the document's structure; drawn before the
                                 page's content, outside any leaf element */
    } glyphs;
    struct {
      const char *name;       /* Document, H1-H3, P, L, LI, Lbl, LBody, Span, Link, ... */
      const char *lang;       /* Span: the language of what it holds, else NULL */
      const char *uri;        /* Link: an external target, else NULL */
      const char *dest;       /* Link: a named destination, else NULL */
      const char *scope;      /* TH: "Column" or "Row", the PDF's /Scope, else NULL */
      const char *alt;        /* Figure: the text alternative, else NULL */
    } tag;
    struct {
      const char *name;
    } dest;
    struct {
      q_sp w, h;
      uint32_t color;
    } rule;
    struct {
      q_sp w, h;
      const q_image *image;   /* the model's: outlives the layout */
    } image;
  } u;
} q_op;

typedef enum q_sheet_kind {
  Q_SHEET_BODY,       /* a page of the parts */
  Q_SHEET_TITLE,      /* the title page */
  Q_SHEET_CONTENTS    /* a page of the contents */
} q_sheet_kind;

typedef struct q_sheet {  /* one typeset page */
  q_op *ops;
  size_t nops, cap;
  const char *label;      /* page label: "i", "ii", ... then "1", "2", ... */
  const q_node *part;     /* the part of a body page that is not the part's
                             opening page; NULL otherwise */
  q_sheet_kind kind;
  /* Where the page's body text begins in the model: the Q_TEXT node and the
   * byte offset in it of the first word set on the page (a word hyphenated
   * across the page break begins mid-word). NULL on front matter. */
  const q_node *anchor;
  size_t anchor_offset;
} q_sheet;

typedef struct q_outline_entry {
  const char *title;      /* plain text */
  unsigned level;         /* 1: a part; 2: a section */
  const char *dest;       /* named destination */
} q_outline_entry;

typedef struct q_layout {
  q_arena arena;
  q_sp width, height;     /* page size */
  q_sheet *pages;
  size_t npages, cap;
  q_outline_entry *outline;
  size_t noutline, outline_cap;
  size_t overfull;        /* lines wider than the measure */
} q_layout;

/* A second set of text tools, for a thread that sets the later parts of a
 * long book while the caller's thread sets the first ones: the tools keep
 * caches, so each thread needs its own. Its warnings go to d, which the
 * caller tells after the layout's (they concern later parts). */
typedef struct q_layout_helper {
  const q_shaper *shaper;
  const q_hyphenator *hyphenator;
  const q_breaker *breaker;
  q_diag *d;
  size_t split_bytes;     /* split books with more text than this; 0: the default */
} q_layout_helper;

/* Books with more text than this are set on two threads when a helper is
 * given; below it, a thread costs more than it saves. */
enum { Q_LAYOUT_SPLIT_BYTES = 256 * 1024 };

typedef struct q_layout_env {
  const q_doc *doc;
  const q_style *style;
  const q_shaper *shaper;
  const q_hyphenator *hyphenator;
  const q_breaker *breaker;
  q_break_params params;
  q_diag *d;              /* warnings: uncovered characters, overfull lines */
  const q_layout_helper *helper; /* or NULL: one thread */
  const q_imager *imager; /* images' natural sizes, or NULL: images are left out */
} q_layout_env;

/* Never NULL: out of memory ends the process (base/mem.h), and what the
 * text lacks (uncovered characters, overfull lines) is a warning through
 * env->d. */
q_layout *q_layout_run(const q_layout_env *env);
/* An offprint: only part (a child of env->doc->root) on pages of its own,
 * with no front matter, the book's title above the part's, its pages
 * labelled from first_label (0: from 1), its outline the part's. One
 * thread; never NULL, as above. */
q_layout *q_layout_offprint(const q_layout_env *env, const q_node *part, unsigned first_label);
void q_layout_drop(q_layout *l);

/* The advance of a glyph run (Q_OP_GLYPHS) as set: its glyphs and the gaps
 * between its spans (the gap after the last one is not part of it): the run
 * ends at op->x plus this. */
q_sp q_op_width(const q_op *op);

#endif
