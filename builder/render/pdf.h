/* pdf: the PDF writer (display list -> cairo PDF surface).
 *
 * Replays a q_layout page by page through the painter (painter.h: glyph
 * runs with their cluster maps, so the text layer gives back every word;
 * rules), adding structure tags, links and destinations, the outline, page
 * labels and the document information, dated from mtime (or, imposed, the
 * sheets of a booklet or a 2-up edition). Then adds what
 * cairo 1.16 cannot write (the catalog's /Lang) by a small incremental
 * update (catalog.c). The layout is taken as the typesetter made it: its
 * invariants are checked there, not here. */
#ifndef QUIRE_RENDER_PDF_H
#define QUIRE_RENDER_PDF_H

#include <stdbool.h>

#include "../base/diag.h"
#include "../model/doc.h"
#include "../text/fontlib.h"
#include "../typeset/impose.h"
#include "../typeset/layout.h"

typedef struct q_pdf_job {
  const q_doc *doc;        /* metadata: title, authors, subjects, language */
  const q_layout *layout;  /* the pages */
  q_fontlib *fonts;        /* the faces the glyph runs' font indexes name */
  long long mtime;         /* seconds since 1970, UTC: CreationDate and ModDate */
  /* NULL: the print edition, page by page. Else the layout's pages imposed
   * on sheets (booklet, 2-up: sheets.h): the same metadata, fonts and
   * catalog, but no structure tree, links, outline or page labels, which
   * a sheet of pages out of reading order cannot carry truthfully. */
  const q_imposition *imposition;
  /* Print-shop output (not imposed): the page (the TrimBox) with bleed
   * round it (the BleedBox) and, with crop_marks, room for the marks
   * outside that (the MediaBox); 0 and false: the page is the MediaBox. */
  q_sp bleed;
  bool crop_marks;
} q_pdf_job;

/* Write the complete PDF at path, or report why not and return false. */
bool q_pdf_write(const q_pdf_job *job, const char *path, q_diag *d);

#endif
