/* figure: figures and block images set into the vertical list.
 *
 * Internal to the typesetter. An image is one box as tall as the image,
 * its baseline at the image's foot; under it its mediaobject caption and
 * then, for a numbered figure, "Figure N." with the figure's title, both in
 * the theme's figcaption style. A figure never splits across pages:
 * infinite penalties bind its image and its caption lines, so the page
 * builder moves the whole to the next page when it does not fit (text does
 * not flow around it yet). Figures are numbered through the whole book
 * (the reader counts them), as notes are: one sequence for both outputs.
 *
 * Sizes (q_figure_size): contentwidth/contentdepth, else scale (percent of
 * the natural size), else the viewport width/depth (a width may be a
 * percentage of the measure) fitted keeping the aspect ratio, else with
 * scalefit="1" the measure, else the natural size (96 ppi or the file's
 * own resolution). Whatever the attributes say, never wider than the
 * measure nor taller than max_h: scaled down keeping the aspect ratio. */
#ifndef QUIRE_TYPESET_FIGURE_H
#define QUIRE_TYPESET_FIGURE_H

#include "para.h"

/* A raster image printed at fewer pixels per inch than this is warned
 * about (once per use). */
enum { Q_FIGURE_MIN_PPI = 150 };

/* The size at which img is set, in points; false when the imager does not
 * know it (no imager: images are left out). */
bool q_figure_size(const q_layout_env *env, const q_image *img, double measure_pt, double max_h_pt,
                   double *w_pt, double *h_pt);

/* Set n (a Q_FIGURE or a Q_MEDIA) at x, in width; the caller has put the
 * space above it. max_h: the text block's height. Returns the space to
 * leave under it (its bottom margin). */
q_sp q_figure_set(q_setter *s, const q_node *n, const q_style *style, const q_computed *ctx, q_sp x,
                  q_sp width, q_sp max_h);

/* A note's book cover: the Q_MEDIA of a Q_BIBLIO, or NULL. */
const q_node *q_figure_cover_of(const q_node *biblio);
/* Put the cover's operations (a Figure with its image, height h, top-left
 * at (x, y) from the next box's origin) in the pool, so that the next box
 * (the book's first line) carries them. Returns its width, 0 when the
 * image is not known (nothing is put then). */
q_sp q_figure_cover(q_setter *s, const q_node *media, q_sp h, q_sp x, q_sp y);

#endif
