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
#include "inline.h"
#include "listing.h"
#include "numeral.h"

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
  /* boxes and set-apart blocks (see model/box.h) */
  Q_BOX,        /* admonition, sidebar, example: optional Q_BOX_TITLE first, then blocks */
  Q_BOX_TITLE,  /* a box's title (inlines) */
  Q_EPIGRAPH,   /* epigraph: blocks, optional Q_ATTRIBUTION last */
  Q_BRIDGEHEAD, /* a heading outside the section tree (inlines) */
  Q_ABSTRACT,   /* a part's abstract, after its title: blocks */
  /* notes and cross-references (builder/model/xref.h) */
  Q_XREF,     /* xref linkend: children are its generated text (the target's
                 label and title, or the endterm's text, or xreflabel) */
  Q_FOOTNOTE, /* footnote: an inline whose children are blocks (the note) */
  Q_FOOTNOTEREF, /* footnoteref linkend: the mark of a footnote again; leaf */
  /* tables: DocBook's CALS and HTML table models, read into one grid */
  Q_TABLE,    /* table / informaltable; children: Q_TITLE (its caption, if
                 any) first, then Q_TROW in order: head rows, body, foot */
  Q_TROW,     /* a row; children: Q_TCELL in column order */
  Q_TCELL,    /* entry, th, td: a grid cell; children: blocks */
  /* inlines and metadata (issue 11) */
  Q_INLINE,   /* a DocBook inline of the kind u.inl.what (model/inline.h): quote,
                 superscript, literal, filename, abbrev, anchor, ...; a quote's first
                 and last children are its marks, a trademark's last is its mark */
  Q_BIBLIO_DETAIL, /* one more fact about a note's book, inlines: its publisher, date,
                      edition, identifier, pages, a remark or a link; u.detail.label */
  /* listings and lists (blocks): */
  Q_LISTING,    /* programlisting, screen, synopsis, literallayout: inlines whose
                   white space and line ends are the author's (tabs expanded) */
  Q_VARLIST,    /* variablelist; children: Q_VARENTRY */
  Q_VARENTRY,   /* varlistentry; children: one or more Q_TERM, then one Q_ITEM */
  Q_TERM,       /* term: inlines */
  Q_SIMPLELIST, /* simplelist; children: Q_MEMBER */
  Q_MEMBER,     /* member: inlines */
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

/* Tables. A column as the source gives it: proportional (colwidth "2*",
 * star 2), fixed (colwidth "3cm", fixed_pt), both ("2*+1cm") or neither
 * (width from the content). */
typedef enum q_cell_align {
  Q_CELL_ALIGN_DEFAULT, Q_CELL_ALIGN_LEFT, Q_CELL_ALIGN_CENTER, Q_CELL_ALIGN_RIGHT,
  Q_CELL_ALIGN_JUSTIFY, Q_CELL_ALIGN_CHAR
} q_cell_align;
typedef enum q_cell_valign { Q_VALIGN_TOP, Q_VALIGN_MIDDLE, Q_VALIGN_BOTTOM } q_cell_valign;
typedef enum q_row_section { Q_ROW_HEAD, Q_ROW_BODY, Q_ROW_FOOT } q_row_section;
/* The rules around a table: CALS frame values (HTML's map onto them);
 * Q_FRAME_UNSET leaves them to the theme. */
typedef enum q_frame {
  Q_FRAME_UNSET, Q_FRAME_NONE, Q_FRAME_TOP, Q_FRAME_BOTTOM, Q_FRAME_TOPBOT, Q_FRAME_SIDES,
  Q_FRAME_ALL
} q_frame;
typedef struct q_table_col {
  double star;        /* proportional share, 0 when not given */
  double fixed_pt;    /* fixed part in points, 0 when not given */
  q_cell_align align;
  const char *align_char; /* Q_CELL_ALIGN_CHAR: the character to align on
                             (CALS char, "." when not given), else NULL */
} q_table_col;
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
  const char *xreflabel; /* xreflabel: the text an xref to this node shows, else NULL */
  union {
    struct { const char *text; size_t len; } text; /* Q_TEXT: UTF-8, not NUL-safe */
    struct { const char *href; } link;             /* Q_LINK */
    struct { bool strong; } emphasis;              /* Q_EMPHASIS */
    struct {
      bool ordered;
      q_numeration numeration; /* orderedlist: how its numbers are written */
      unsigned start;          /* orderedlist: the first item's number (startingnumber,
                                  or the number after the list it continues) */
      const char *mark;        /* itemizedlist mark as written, NULL: by nesting level */
    } list;                                        /* Q_LIST */
    struct { unsigned override; } item;            /* Q_ITEM: listitem override, 0: none */
    struct {
      q_listing_kind kind;
      const char *language;    /* language attribute, or NULL */
      bool numbered;           /* linenumbering="numbered" */
    } listing;                                     /* Q_LISTING */
    struct {
      q_simplelist_type type;
      unsigned columns;        /* 1 or more */
    } simplelist;                                  /* Q_SIMPLELIST */
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
    struct {
      unsigned kind;     /* Q_BOX: a q_box_kind (model/box.h) */
      unsigned number;   /* an example's number in the book (1-based), else 0 */
    } box;
    struct { unsigned level; } bridgehead; /* Q_BRIDGEHEAD: the heading level it looks like (2..6) */
    struct {                                       /* Q_XREF, Q_FOOTNOTEREF */
      const char *linkend;
      const q_node *target;  /* the node with that xml:id (after reading) */
    } xref;
    struct { unsigned number; } note;              /* Q_FOOTNOTE: 1-based in its part */
    struct {
      unsigned number;   /* Q_TABLE: 1-based among titled tables, 0: informal */
      unsigned cols;     /* columns of the grid, >= 1 */
      const q_table_col *col; /* cols entries */
      q_frame frame;
      unsigned head_rows, foot_rows; /* Q_TROW children in thead and tfoot */
    } table;
    struct { q_row_section section; } row;         /* Q_TROW */
    struct {
      unsigned row, col;       /* Q_TCELL: top-left grid position (0-based rows
                                  counted over the whole table) */
      unsigned colspan, rowspan; /* >= 1; the cell lies inside the grid */
      q_cell_align align;
      q_cell_valign valign;
      bool header;             /* th, or an entry of thead */
      bool scope_row;          /* th scope="row" (else a header is a column's) */
      signed char colsep, rowsep; /* rule right of / below the cell: 1, 0, or -1:
                                     not given (the theme decides) */
    } cell;
    struct { q_inline what; } inl;                 /* Q_INLINE */
    struct { const char *label; } detail;          /* Q_BIBLIO_DETAIL: "Publisher:", ... */
    struct { unsigned number; } figure;            /* Q_FIGURE: 1-based in the book, 0: informal */
    const q_image *image;                          /* Q_MEDIA, Q_INLINE_MEDIA */
  } u;
};

typedef struct q_strlist {
  const char **items;
  size_t count;
} q_strlist;

/* A contributor other than an author: an <editor>, or an <othercredit>
 * with its class (translator, illustrator, ...). */
typedef struct q_credit {
  const char *name;     /* as shown: a personal name in its language's order, or an orgname */
  const char *relator;  /* MARC relator code (edt, trl, ill, ...) */
  const char *label;    /* on the title page: "Edited by", "Translated by", ... */
  const char *affiliation; /* its organisation, or NULL */
} q_credit;

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
  /* inlines and metadata (issue 11) */
  q_strlist affiliations;/* parallel to authors: items[i] is authors.items[i]'s organisation
                            (its affiliation's orgname), or NULL */
  q_credit *credits;     /* editors and other credits, in order */
  size_t ncredits;
  const char *copyright; /* "© 2024, 2025 Holder", from <copyright>, else NULL */
  const char *date_text; /* <date> as written, shown as is */
  const char *dc_date;   /* the date for dc:date: <date> when ISO 8601, else pubdate */
  const char *releaseinfo, *edition;
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

/* Why the address href may not be a link's, or NULL when it may: an
 * absolute address is http:, https:, mailto: or tel: (any letter case);
 * anything else must be a relative reference inside the book (no other
 * scheme, no leading '/' or "//", no ".." climbing out, no '\\'), and no
 * address may hold a control character or begin or end with a space, which
 * browsers drop before they read the scheme. Readers report it at the
 * address; the writers can then copy any link they are given. */
const char *q_link_href_problem(const char *href);

/* Tree invariants (links consistent, kinds nested as the model allows,
 * every link's address one that q_link_href_problem accepts).
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
