/* catalog: what cairo 1.16 cannot write, added to a finished PDF by one
 * incremental update (PDF 1.7, 7.5.6): the catalog's /Lang and
 * /ViewerPreferences << /DisplayDocTitle true >>, /Lang on the structure
 * elements of language spans, /Alt on those of figures, the /Scope of
 * table header cells (an attribute object of owner /Table on each TH
 * element), and the page boxes cairo has no call for (TrimBox and
 * BleedBox, ISO 32000 14.11.2) on every page object.
 *
 * The update appends new versions of the changed objects, an xref section
 * for them and a trailer whose /Prev points at cairo's xref; cairo's bytes
 * are left as they are. This works because cairo 1.16 writes one classic
 * xref table, uncompressed dictionaries and no object streams; anything else
 * is reported as an error rather than guessed at.
 *
 * Span elements are found by their dictionaries (<< /Type /StructElem /S
 * /Span ...). cairo numbers a structure element when its tag begins, so in
 * object-number order they come in the order their cairo_tag_begin calls
 * came: span_langs[k] belongs to the k-th of them. If the counts differ,
 * the spans are left without /Lang and a warning says so. TH elements are
 * matched with th_scopes the same way. Figure elements (/S /Figure) get
 * figure_alts[k] as /Alt alike; a count that differs is an error, as a
 * figure without its alt text is not accessible. */
#ifndef QUIRE_RENDER_CATALOG_H
#define QUIRE_RENDER_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/diag.h"

typedef struct pdf_update {
  const char *lang;              /* the document's language (BCP 47), or NULL */
  const char *const *span_langs; /* per Span, in tag-begin order: its language or NULL */
  size_t nspans;                 /* how many Span tags were begun */
  const char *const *th_scopes;  /* per TH, in tag-begin order: "Column", "Row" or NULL */
  size_t nths;                   /* how many TH tags were begun */
  const char *page_boxes;        /* keys added to every page, e.g. "/TrimBox [...]
                                    /BleedBox [...]", or NULL */
  const char *const *figure_alts;/* per Figure, in tag-begin order: its alt text */
  size_t nfigures;               /* how many Figure tags were begun */
} pdf_update;

/* Append the update to the PDF at path. false (reported through d) if the
 * file is not what cairo writes or cannot be read or written; then the file
 * must not be used. */
bool pdf_catalog_update(const char *path, const pdf_update *u, q_diag *d);

#endif
