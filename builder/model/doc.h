/* doc: the document model, the one tree that every output is made from.
 *
 * A q_doc is what the reader makes of a bundle: its metadata (q_meta) and a
 * tree of nodes. The root (Q_DOC) holds one Q_PART per source part, in the
 * bundle's order. Blocks (sections, paragraphs, lists, ...) hold blocks or
 * inlines as their kind says; inlines (text, emphasis, code, links, language
 * spans) hold inlines. Every node knows where it came from (q_pos), so an
 * error found late can still name the file, line and column.
 *
 * Ownership: everything in a q_doc, strings included, lives in the doc's
 * arena and is freed by q_doc_drop; writers only borrow. The model includes
 * no third-party header: readers and writers adapt it at the edges.
 *
 * Walk the tree with q_iter (enter/exit events, no recursion), as in:
 *   q_iter it; q_iter_start(&it, doc->root);
 *   for (q_event ev; (ev = q_iter_next(&it)) != Q_EV_DONE;) { node = it.node; ... }
 */
#ifndef QUIRE_MODEL_DOC_H
#define QUIRE_MODEL_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/arena.h"
#include "../base/diag.h"

typedef enum q_kind {
  /* containers of blocks */
  Q_DOC,      /* root; children: Q_PART */
  Q_PART,     /* one source file (a DocBook article) */
  Q_SECTION,  /* section; first child is its Q_TITLE */
  Q_LIST,     /* itemizedlist / orderedlist; children: Q_ITEM */
  Q_ITEM,     /* listitem; children: blocks */
  Q_QUOTE,    /* blockquote; children: blocks (optional Q_ATTRIBUTION last) */
  Q_ANECDOTE, /* q:anecdote: the author's story that closes a note; blocks */
  Q_BIBLIO,   /* bibliomixed: the book a note is about;
                 children: Q_BIBLIO_TITLE then Q_BIBLIO_AUTHORS, and a
                 Q_MEDIA (the book's cover) where the source puts it */
  /* containers of inlines */
  Q_TITLE,          /* heading of its parent part or section */
  Q_PARA,           /* para */
  Q_ATTRIBUTION,    /* attribution of a blockquote */
  Q_BIBLIO_TITLE,   /* the book's title */
  Q_BIBLIO_AUTHORS, /* the book's authors as written: Q_PERSON and text */
  /* inlines */
  Q_TEXT,     /* leaf: characters */
  Q_EMPHASIS, /* emphasis; role="strong" gives strong */
  Q_CODE,     /* code, literal */
  Q_CITETITLE,/* citetitle: a work's title in running text */
  Q_LINK,     /* link xlink:href */
  Q_FOREIGN,  /* foreignphrase / phrase with xml:lang: a language span */
  Q_PERSON,   /* personname */
  /* figures and images (docs/vocabulary.md, "Figures and images") */
  Q_FIGURE,   /* figure (numbered) / informalfigure; children: Q_TITLE (figure
                 only), then Q_MEDIA */
  Q_MEDIA,    /* mediaobject as a block: one image (u.image); children: an
                 optional Q_CAPTION */
  Q_CAPTION,  /* caption of a mediaobject; children: Q_PARA */
  Q_INLINE_MEDIA, /* inlinemediaobject: an inline leaf, one image (u.image) */
  Q_KIND_COUNT
} q_kind;

/* What a part or section may carry beside its Q_TITLE: DocBook's subtitle
 * and titleabbrev (the short title, for running heads), as plain text
 * (markup flattened, white space collapsed), NULL when not given. */
typedef struct q_titles {
  const char *subtitle;
  const char *abbrev;
} q_titles;

/* The image a mediaobject shows: the first imageobject quire can use.
 * Lengths are points, 0 where the source gives none; a percentage of the
 * measure is kept apart. alt is the text alternative (textobject/phrase or
 * alt), NULL for a decorative image; never the caption. */
typedef enum q_image_format { Q_IMAGE_PNG = 1, Q_IMAGE_JPEG, Q_IMAGE_SVG } q_image_format;
typedef enum q_image_align { Q_IMAGE_START, Q_IMAGE_CENTER, Q_IMAGE_END } q_image_align;
typedef struct q_image {
  const char *path;       /* the file as opened (the bundle's folder + fileref) */
  const char *href;       /* fileref as written: relative, inside the folder */
  q_image_format format;  /* from the file's bytes */
  const char *alt;        /* plain text, or NULL: decorative */
  q_pos pos;              /* the imagedata element */
  double width, depth;    /* the viewport (width/depth), points */
  double width_pct;       /* width as a percentage of the measure */
  double content_width, content_depth; /* the image's own size, points */
  double scale;           /* percent of the intrinsic size, 0: not given */
  bool scalefit;          /* scale to fit the viewport (or the measure) */
  q_image_align align;
} q_image;

typedef struct q_node q_node;
struct q_node {
  q_kind kind;
  q_node *parent, *first, *last, *prev, *next;
  q_pos pos;         /* start tag (or first character) in the source */
  const char *lang;  /* xml:lang given on this node, else NULL; see q_node_lang */
  const char *id;    /* xml:id, else NULL (parts and sections always get one) */
  const char *role;  /* DocBook role attribute, else NULL */
  union {
    struct { const char *text; size_t len; } text; /* Q_TEXT: UTF-8, not NUL-safe */
    struct { const char *href; } link;             /* Q_LINK */
    struct { bool strong; } emphasis;              /* Q_EMPHASIS */
    struct { bool ordered; } list;                 /* Q_LIST */
    struct {
      const char *path;  /* Q_PART: the source file as the user names it */
      const char *slug;  /* file-name-safe id, unique in the doc */
      unsigned number;   /* 1-based among parts that carry a Q_BIBLIO (notes), else 0 */
      q_titles titles;   /* subtitle and short title, if given */
    } part;
    struct {
      unsigned level;    /* Q_SECTION: 1 = child of a part */
      q_titles titles;
    } section;
    struct { unsigned count; } authors;            /* Q_BIBLIO_AUTHORS: Q_PERSON children */
    struct { unsigned number; } figure;            /* Q_FIGURE: 1-based in the book, 0: informal */
    const q_image *image;                          /* Q_MEDIA, Q_INLINE_MEDIA */
  } u;
};

typedef struct q_strlist {
  const char **items;
  size_t count;
} q_strlist;

/* Bundle metadata, from the bundle's <info>. Strings are plain text (markup
 * flattened); NULL where the bundle gives none. */
typedef struct q_meta {
  const char *title;
  const char *subtitle;
  q_strlist authors;     /* personal names, in order */
  const char *lang;      /* BCP 47, required */
  const char *identifier;/* required; stable across builds */
  const char *date;      /* YYYY-MM-DD, required */
  const char *description;
  q_strlist subjects;    /* keywords */
  const char *publisher;
  const char *rights;
  const char *theme;     /* q:theme: the style sheet's name, default "default" */
  const q_image *cover;  /* info/cover (DocBook 5.1): the e-book's cover image, or
                            NULL: quire makes one */
  q_pos pos;             /* the bundle's root element */
} q_meta;

typedef struct q_doc {
  q_arena arena;
  q_meta meta;
  q_node *root;      /* Q_DOC */
  const char *path;  /* the bundle file */
  const char *slug;  /* output base name, from the bundle file's name */
} q_doc;

/* Lifetime. q_doc_new never returns NULL (base/mem.h). */
q_doc *q_doc_new(void);
void q_doc_drop(q_doc *doc);

/* Building (used by readers). New nodes are detached; q_node_append links
 * child as the last child of parent. */
q_node *q_node_new(q_doc *doc, q_kind kind, q_pos pos);
void q_node_append(q_node *parent, q_node *child);
/* A Q_TEXT node with a copy of text[0..len). Adjacent text is not merged. */
q_node *q_text_new(q_doc *doc, const char *text, size_t len, q_pos pos);
void q_strlist_push(q_doc *doc, q_strlist *l, const char *s);

/* Queries. */
const char *q_kind_name(q_kind kind);
bool q_kind_is_block(q_kind kind);   /* holds blocks or inlines, is not inline */
bool q_kind_is_inline(q_kind kind);
/* The language in force at n: the nearest xml:lang up the tree, else the
 * bundle's language. */
const char *q_node_lang(const q_doc *doc, const q_node *n);
/* The Q_TITLE of a part or section, or NULL. */
q_node *q_node_title(const q_node *n);
/* The subtitle and short title of a part or section (both NULL for other
 * kinds and when not given). */
q_titles q_node_titles(const q_node *n);
/* The plain text under n (all Q_TEXT descendants), as a copy in arena a. */
char *q_node_plain_text(q_arena *a, const q_node *n);

/* Tree invariants (links consistent, kinds nested as the model allows).
 * Returns the number of problems, reporting each through d. Run by tests. */
unsigned q_doc_check(const q_doc *doc, q_diag *d);

/* Enter/exit iteration in document order. Q_TEXT gives a single Q_EV_ENTER;
 * every other node gives Q_EV_ENTER and, after its children, Q_EV_EXIT (even
 * when it has no children). q_iter_skip, right after an enter, goes straight
 * to that node's exit. */
typedef enum q_event { Q_EV_DONE, Q_EV_ENTER, Q_EV_EXIT } q_event;
typedef struct q_iter {
  const q_node *root;
  q_node *node;
  q_event ev;
  bool started;
} q_iter;
void q_iter_start(q_iter *it, const q_node *root);
q_event q_iter_next(q_iter *it);
void q_iter_skip(q_iter *it);

#endif
