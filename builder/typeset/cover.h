/* cover: the book's cover as a one-page layout, for the EPUB's cover image.
 *
 * A typographic design on a page of Q_COVER_WIDTH x Q_COVER_HEIGHT points
 * (a point is a pixel of the picture): paper, a band in the theme's link
 * colour over the top three fifths, a thin strip under it, a short bar over
 * the title; in the band the title (the h1 face, shrunk until it fits in
 * Q_COVER_MAX_LINES lines of the measure) over the subtitle, and the
 * authors ("A, B and C") on the paper below. Text is set by the
 * typesetter's own paragraph machinery (para.h): shaped with fallback and
 * kerning in the theme's faces, broken at UAX #14 opportunities, ragged,
 * never hyphenated. The rules are Q_OP_RULE operations, paper first; the
 * page holds no structure tags: a picture has no structure.
 *
 * Only env's doc, style, shaper, breaker and d are used (hyphenator,
 * params and helper are not). Nothing is reported for the cover's text:
 * what no font covers was already said for the print edition's title page.
 * Ownership as for q_layout_run (layout.h): q_layout_drop frees it. */
#ifndef QUIRE_TYPESET_COVER_H
#define QUIRE_TYPESET_COVER_H

#include "layout.h"

enum { Q_COVER_WIDTH = 1200, Q_COVER_HEIGHT = 1800, Q_COVER_MAX_LINES = 5 };

/* The cover's colours that a reader of the picture can check. */
#define Q_COVER_PAPER 0xF5F1E8u
#define Q_COVER_ACCENT_DEFAULT 0x1A4D80u /* when the theme's link colour is black or white */

/* Never NULL. */
q_layout *q_layout_cover(const q_layout_env *env);

/* The band's colour for a theme: its link colour, or the default. */
uint32_t q_cover_accent(const q_style *style);

#endif
