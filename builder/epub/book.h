/* book: the EPUB writer's plan for one archive, shared by the files of
 * builder/epub (not used outside it).
 *
 * q_epub_write makes one epub_book: the files of the archive in their fixed
 * order (which is also the manifest's and, for content documents, the
 * spine's), the parts with their file names, a map from every xml:id to the
 * file that holds it, the identifier and the modification date. Each writer
 * appends to the q_buf of the file it makes (a sink: writers never open
 * files); zipout packs them.
 *
 * Ownership: the book owns its arena (names), its files' buffers, the
 * font subsets (fonts) and the page plan (pages, marks); the job (model,
 * style, font set, print layout) is borrowed. */
#ifndef QUIRE_EPUB_BOOK_H
#define QUIRE_EPUB_BOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/diag.h"
#include "../model/doc.h"
#include "../model/style.h"
#include "epub.h"
#include "fontsub.h"

/* One file under OEBPS/. */
typedef struct epub_file {
  const char *href;       /* relative to OEBPS/ */
  const char *id;         /* manifest item id */
  const char *media_type;
  const char *properties; /* manifest properties, or NULL */
  bool spine;             /* a linear spine item */
  bool store;             /* already compressed (PNG): stored, not deflated */
  q_buf data;             /* the bytes, owned ... */
  const void *ext;        /* ... or borrowed bytes (font subsets) when not NULL */
  size_t ext_len;
} epub_file;

typedef struct epub_part {
  const q_node *node;     /* the Q_PART */
  size_t file;            /* index in files[] */
} epub_part;

/* One page of the print edition, as the EPUB marks and lists it. */
typedef struct epub_page {
  const char *label;      /* the PDF's page label: "i", "ii", "1", ... */
  const char *id;         /* the marker's id: "page-ii", "page-1" */
  size_t file;            /* the file that holds the marker (index in files[]) */
  bool front;             /* title page or contents (NCX type "front") */
  const q_node *anchor;   /* a body page: the Q_TEXT where its text begins */
  size_t offset;          /*   and the byte offset of its first word there */
  const char *entry;      /* a contents page after the first: the id of the
                             part whose entry it opens, or NULL */
  bool written;           /* the marker is in its file */
  size_t play_order;      /* in the NCX (set by epub_nav_ncx) */
} epub_page;

typedef struct epub_image epub_image; /* figure.c: an image and its file */

typedef struct epub_anchor {
  const char *id;         /* an xml:id */
  const char *href;       /* the file that holds it */
} epub_anchor;

typedef struct epub_book {
  const q_doc *doc;
  const q_style *style;
  const q_fontset *fontset;
  long long mtime;
  q_arena arena;
  epub_file *files;
  size_t nfiles, capfiles;
  size_t f_cover, f_title, f_nav, f_ncx, f_css, f_png; /* indexes in files[] */
  epub_part *parts;
  size_t nparts;
  epub_anchor *anchors;   /* sorted by id */
  size_t nanchors;
  epub_fonts *fonts;
  const char *text_lang;  /* the line-breaking language of the paragraph
                             being written (its first text's), for fonts */
  /* The print edition's pages in reading order (none without it), and the
   * body pages sorted by (anchor, offset) for the writers to find. */
  epub_page *pages;
  size_t npages;
  epub_page **marks;
  size_t nmarks;
  const char *print_id;   /* the print edition's identifier, or NULL */
  char uid[46];           /* "urn:uuid:" and a version 5 UUID of the identifier */
  char modified[24];      /* dcterms:modified, "2026-11-25T00:00:00Z" */
  epub_image *images;     /* figure.c: each image of the model and its file */
  size_t nimages;
} epub_book;

/* book.c: the plan. */
void epub_book_init(epub_book *b, const q_epub_job *job, q_diag *d);
void epub_book_drop(epub_book *b);
size_t epub_book_add(epub_book *b, const char *href, const char *id, const char *media_type);
/* The file that holds xml:id id, or NULL. */
const char *epub_book_href_of(const epub_book *b, const char *id);
/* Append the plain text under n, with runs of white space as one space. */
void epub_plain_text(q_buf *out, const q_node *n);
/* A part's title as plain text, with a note's number: "1. The Architect's ...". */
void epub_part_title(q_buf *out, const q_node *part);

/* pagelist.c: where the print edition's pages begin. */
/* Plan b->pages from the layout (NULL: none); after the parts are planned. */
void epub_pages_plan(epub_book *b, const q_layout *l);
/* The markers of body pages that begin in text node n, by offset: *count of
 * them from the returned pointer (NULL, 0 when none). */
epub_page *const *epub_pages_in(const epub_book *b, const q_node *n, size_t *count);
/* The unwritten marker of a page whose text begins where block n's text
 * begins (only white space before it), or NULL. */
epub_page *epub_pages_at_start(const epub_book *b, const q_node *n);
/* The markers of the front matter pages that begin file (index in files[])
 * where it begins, as divs (contents pages opened by an entry excepted). */
void epub_pages_front(epub_book *b, q_buf *out, size_t file);
/* Write a page's marker: an empty div between blocks (block), else an
 * empty span in running text. */
void epub_page_marker(q_buf *out, epub_page *p, bool block);

/* xhtml.c: content documents. Text written through them is declared to the
 * fonts (b->fonts) in the face the theme gives it. */
void epub_xhtml_cover(epub_book *b, q_buf *out);
void epub_xhtml_titlepage(epub_book *b, q_buf *out);
void epub_xhtml_part(epub_book *b, const epub_part *p, q_buf *out);
/* The opening of an XHTML document up to and including <body...>, in
 * language lang (NULL: the book's); body_attrs may be NULL. */
void epub_xhtml_open(epub_book *b, q_buf *out, const char *lang, const char *title, const char *body_attrs);
void epub_xhtml_close(q_buf *out);
/* The inline content of n (a title, a paragraph, ...) set in face cs. In
 * navigation, links become spans (no <a> inside <a>). */
void epub_xhtml_inlines(epub_book *b, q_buf *out, const q_node *n, const q_computed *cs, bool in_nav);
/* One inline node n, its own element included, in running text. */
void epub_xhtml_inline(epub_book *b, q_buf *out, const q_node *n, const q_computed *cs);
/* A label quire writes ("Title:", "Contents"): English, marked as such
 * when the book is in another language. */
void epub_xhtml_label(epub_book *b, q_buf *out, const q_computed *cs, const char *text);
/* Escaped text, declared to the fonts in face cs. */
void epub_xhtml_text(epub_book *b, q_buf *out, const q_computed *cs, const char *s, size_t len);
/* An element's lang and xml:lang attributes (none for NULL), escaped; and
 * a node's id (if any) before them. */
void epub_xhtml_lang(q_buf *out, const char *lang);
void epub_xhtml_id_lang(q_buf *out, const q_node *n);

/* boxes.c: admonitions, sidebars and examples (Q_BOX), epigraphs and
 * abstracts, bridgeheads. Open writes the element and the box's heading
 * line (label and title, in the strong face of cs, the box's style); the
 * caller writes the blocks between open and close. */
void epub_box_open(epub_book *b, q_buf *out, const q_node *n, const q_computed *cs);
void epub_box_close(q_buf *out, const q_node *n);
void epub_apart_open(q_buf *out, const q_node *n);
/* Closes an epigraph or abstract: an epigraph's attribution goes here. */
void epub_apart_close(epub_book *b, q_buf *out, const q_node *n, const q_computed *cs);
void epub_bridgehead(epub_book *b, q_buf *out, const q_node *n, const q_computed *parent);
/* table.c: a Q_TABLE as an XHTML table (parent: the style it sits in), and
 * the CSS that tables need, after the theme's rules. */
void epub_table(epub_book *b, q_buf *out, const q_node *table, const q_computed *parent);
void epub_table_css(const epub_book *b, q_buf *out);
/* listing.c: a Q_LISTING as a <pre> (see there); its layout rules. */
void epub_listing(epub_book *b, q_buf *out, const q_node *n, const q_computed *parent);
void epub_listing_css(q_buf *out);
/* lists.c: the attributes of a list's and an item's element (start, value,
 * list-style-type), appended to extra; a simplelist whole; the lists'
 * layout rules. */
void epub_list_attrs(q_buf *extra, const q_node *list);
void epub_item_attrs(q_buf *extra, const q_node *item);
void epub_simplelist(epub_book *b, q_buf *out, const q_node *n, const q_computed *parent);
void epub_lists_css(q_buf *out);

/* nav.c: the navigation document (also the visible contents page) and the
 * EPUB 2 NCX. */
void epub_nav_xhtml(epub_book *b, q_buf *out);
/* The page list (of the markers written) and the end of the document,
 * after every content document is written. */
void epub_nav_xhtml_end(epub_book *b, q_buf *out);
void epub_nav_ncx(epub_book *b, q_buf *out);

/* css.c: the style sheet, from the style model and the embedded fonts. */
void epub_css(const epub_book *b, q_buf *out);

/* package.c: the identifier, META-INF/container.xml and the package document. */
void epub_package_uid(const char *name, char out[46]);
void epub_package_container(q_buf *out);
void epub_package_opf(const epub_book *b, q_buf *out);

/* figure.c: images and figures. */
/* Put every image file of the model in the archive, once by content;
 * false (reported) when one cannot be read. After epub_book_init. */
bool epub_figures_plan(epub_book *b, q_diag *d);
void epub_figures_drop(epub_book *b);
/* The bytes of the user's cover image (info/cover) into out; false
 * (reported) when it cannot be read. */
bool epub_figures_cover(epub_book *b, q_buf *out, q_diag *d);
/* A Q_FIGURE or a Q_MEDIA as <figure>. */
void epub_figure_block(epub_book *b, q_buf *out, const q_node *n, const q_computed *parent);
/* A note's book cover (the Q_MEDIA of Q_BIBLIO n), if it has one: an
 * <img> floated beside the details, three of their lines tall (box: the
 * .biblio style). */
void epub_figure_book_cover(epub_book *b, q_buf *out, const q_node *n, const q_computed *box);
/* A Q_INLINE_MEDIA as <img>. */
void epub_figure_inline(epub_book *b, q_buf *out, const q_node *n);
/* The style sheet's rules for figures (nothing when the book has none). */
void epub_figures_css(const epub_book *b, q_buf *out);

/* zipout.c: the archive at path, every timestamp b->mtime. */
bool epub_zip_write(const epub_book *b, const char *path, q_diag *d);

#endif
