/* recto: blank pages that put openings on right-hand pages.
 *
 * For a book printed on both sides (the theme's part-break: recto), every
 * part opens on a right-hand page, which is an odd page counting from the
 * first of its run: when a part would open on a left-hand page, a blank
 * page goes in before it. The blank page has no operations at all (no
 * running head, no folio: it is left unnumbered on the paper, though it
 * keeps its place in the page labels, as in printed books) and no anchor
 * (the EPUB's page list gives it no marker). Internal to the typesetter;
 * pages are the layout's, as everywhere in it. */
#ifndef QUIRE_TYPESET_RECTO_H
#define QUIRE_TYPESET_RECTO_H

#include <stddef.h>

#include "layout.h"

/* A blank page of kind put in before page at of l (later pages move up one);
 * returns it. Invalidates pointers into l->pages. */
q_sheet *q_recto_insert_blank(q_layout *l, size_t at, q_sheet_kind kind);

/* Body pages [from, l->npages): every page that opens a part (part NULL:
 * the page builder's mark of an opening page) on an even offset from from
 * gets a blank page before it. Returns how many were put in. */
size_t q_recto_body(q_layout *l, size_t from);

/* Front matter [from, l->npages): the title page's run, then the contents;
 * blank pages after the title page so that the contents open on a
 * right-hand page, and at the end so that the front matter has an even
 * number of pages (the body then opens on a right-hand sheet side). */
void q_recto_front(q_layout *l, size_t from);

#endif
