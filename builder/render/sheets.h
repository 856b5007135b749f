/* sheets: an imposed sheet side (typeset/impose.h) drawn on a cairo
 * context: each reading page replayed by the painter, moved to its place
 * with a cairo transform and clipped to its half of the sheet, so nothing
 * is parsed back from a PDF and the page is drawn exactly as in the print
 * edition. Structure tags, links and destinations are not replayed: an
 * imposed sheet is for printing, and a page's links would point at places
 * on other sheets. Fold marks, when asked for, on each sheet's front.
 *
 * Ownership: everything is borrowed for the call. */
#ifndef QUIRE_RENDER_SHEETS_H
#define QUIRE_RENDER_SHEETS_H

#include <cairo.h>
#include <stdbool.h>

#include "../typeset/impose.h"
#include "../typeset/layout.h"
#include "painter.h"

/* Draw side k of im, its pages from l, on cr (which p paints on). false
 * (reported by the painter) when a page cannot be drawn. */
bool q_sheets_draw_side(q_painter *p, cairo_t *cr, const q_layout *l, const q_imposition *im,
                        size_t k);

#endif
