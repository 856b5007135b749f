/* painter: one page of the display list (typeset/layout.h) replayed on a
 * cairo context, whatever its surface: the PDF writer's (pdf.c) and the
 * image writer's (image.c) draw through it, so a page looks the same in
 * both.
 *
 * Glyph runs go out with cairo_show_text_glyphs and their cluster maps, so
 * that a surface with a text layer (PDF) gives every word back, spaces
 * included; rules are filled rectangles; images are drawn by picture.h. What a page says besides drawing
 * (structure tags, links, destinations) goes to the caller's hooks: only
 * the PDF has a use for it.
 *
 * Fonts: one cairo font face per font number of the font library, made on
 * first use from the library's FT_Face and kept until q_painter_drop.
 *
 * Ownership: q_painter_new borrows the font library and the diag, which
 * must outlive the painter; drop the painter before the font library (its
 * cairo faces borrow the library's FT_Faces). The cairo context of
 * q_painter_begin is borrowed until the next begin or the drop. Lengths
 * are converted from scaled points to cairo's units (1 pt) only here. */
#ifndef QUIRE_RENDER_PAINTER_H
#define QUIRE_RENDER_PAINTER_H

#include <cairo.h>
#include <stdbool.h>

#include "../base/diag.h"
#include "../text/fontlib.h"
#include "../typeset/layout.h"

typedef struct q_painter q_painter;

/* What the page says besides drawing, in page order; any may be NULL. */
typedef struct q_paint_hooks {
  void *ctx;
  void (*tag_begin)(void *ctx, const q_op *op);
  void (*tag_end)(void *ctx, const q_op *op);
  void (*dest)(void *ctx, const q_op *op);
} q_paint_hooks;

/* at: the output, for messages. Never NULL. */
q_painter *q_painter_new(q_fontlib *fonts, q_diag *d, q_pos at);
void q_painter_drop(q_painter *p);

/* Draw on cr from now on: sets its font options (no hinting, so glyphs
 * stand where the typesetter put them) and forgets what the previous
 * context was set to. */
void q_painter_begin(q_painter *p, cairo_t *cr);

/* Replay the operations of page on the current context, in order; glyph
 * runs only when glyphs is true (a caller that draws only the rules of
 * rows known to hold no text). false (reported) when a font cannot be
 * opened or a run names a font the library does not have. */
bool q_painter_page(q_painter *p, const q_sheet *page, const q_paint_hooks *hooks, bool glyphs);

/* The extent above and below the baseline (both positive, in scaled
 * points) that glyphs of font number font at size can ink: the font's
 * bounding box. false when the font cannot be opened. */
bool q_painter_font_extent(q_painter *p, uint16_t font, q_sp size, q_sp *above, q_sp *below);

#endif
