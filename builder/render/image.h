/* image: a page of the display list as a picture (a PNG), one pixel a
 * point: the EPUB's cover (typeset/cover.h), later page previews.
 *
 * The page is drawn by the painter (painter.h) on cairo image surfaces, but
 * only where it has to be: the rows that glyphs can ink (their fonts'
 * bounding boxes) are drawn as one band; every other row holds nothing but
 * rules, so rows between the same rule edges are the same row, drawn once
 * (one pixel high) and handed to the encoder again for each of them. The
 * result is the picture a full canvas would give, for a fraction of its
 * cost on a page that is mostly flat colour.
 *
 * Ownership: everything is borrowed; the PNG is appended to out. fonts
 * is used on the calling thread only (it is not thread-safe). */
#ifndef QUIRE_RENDER_IMAGE_H
#define QUIRE_RENDER_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/buf.h"
#include "../base/diag.h"
#include "../text/fontlib.h"
#include "../typeset/layout.h"

/* Page `page` of l (white where nothing is drawn) as a PNG of l's page size
 * rounded up to whole pixels. false (reported) on failure. */
bool q_image_png(q_fontlib *fonts, const q_layout *l, size_t page, q_buf *out, q_diag *d);

#endif
