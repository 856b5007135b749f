/* impose: where the reading pages go on printed sheets.
 *
 * An imposition puts the pages of a layout two to a sheet side, on sheets
 * twice their size, for printing. Two kinds:
 *   - booklet: saddle-stitch order. The pages are padded with blank pages to
 *     a multiple of four (the blanks after the last page of text, so never
 *     in the middle of it: quire's layouts have no back cover, so the back
 *     of the booklet is what stays blank); sheet k (from the outside, 0-based)
 *     of N padded pages carries on its front N-1-2k (left) and 2k (right),
 *     and on its back 2k+1 (left) and N-2-2k (right). Printed duplex with
 *     short-edge binding, folded and stapled, page 1 is the front and the
 *     pages run in order. Creep shifts the pages of sheet k towards the fold
 *     by k times the creep, so that the inner sheets, which stick out at the
 *     fore-edge once folded, keep their margins after trimming.
 *   - 2up: reading order, two pages side by side per landscape sheet side,
 *     for a handout read flat; an odd last page has a blank beside it.
 * Sheet sizes: the ISO or US size twice the page's when the theme named its
 * paper (A5 -> A4, A4 -> A3, half-letter -> letter, all landscape), else
 * exactly two pages wide. The pages sit centred on the sheet, side by side
 * with the fold between them.
 *
 * Plain C, no drawing: the renderer replays each page in its place
 * (render/pdf.h). A q_imposition is owned by its caller: q_imposition_new
 * allocates it, q_imposition_drop frees it. */
#ifndef QUIRE_TYPESET_IMPOSE_H
#define QUIRE_TYPESET_IMPOSE_H

#include <stdbool.h>
#include <stddef.h>

#include "layout.h"

typedef enum q_impose_kind { Q_IMPOSE_BOOKLET, Q_IMPOSE_2UP } q_impose_kind;

enum { Q_IMPOSE_BLANK = -1 };

typedef struct q_impose_side {  /* one side of a sheet */
  long left, right;             /* page indexes into the layout, or Q_IMPOSE_BLANK */
  size_t sheet;                 /* the sheet it is a side of, from 0 */
  bool back;                    /* the sheet's back (the second side printed) */
} q_impose_side;

typedef struct q_imposition {
  q_impose_kind kind;
  q_sp sheet_w, sheet_h;        /* the sheet, landscape */
  q_sp page_w, page_h;          /* a reading page */
  q_sp creep;                   /* per sheet, towards the fold (booklet) */
  bool fold_marks;              /* short marks at the fold, in the margins */
  q_impose_side *sides;         /* in printing order */
  size_t nsides;
  size_t nsheets;
} q_imposition;

/* The imposition of npages pages (at least 1) of page_w by page_h, whose
 * paper the theme named size_name ("A5", ... or NULL). Never NULL. */
q_imposition *q_imposition_new(q_impose_kind kind, size_t npages, q_sp page_w, q_sp page_h,
                               const char *size_name, q_sp creep, bool fold_marks);
void q_imposition_drop(q_imposition *im);

/* Where the top-left corner of the page on one half of a side goes on the
 * sheet (right: the right half), creep included. */
void q_imposition_place(const q_imposition *im, const q_impose_side *side, bool right, q_sp *x,
                        q_sp *y);

#endif
