/* picture: what the typesetting core needs from images, as a small
 * interface (a context and a function pointer, as text.h's shaper).
 *
 * The core never includes an image library: builder/render/ implements
 * this with cairo, libjpeg-turbo and librsvg (render/picture.h), and the
 * unit tests may implement it with fixed sizes. The layout asks each
 * image's natural size and scales it itself (figure.c). */
#ifndef QUIRE_TYPESET_PICTURE_H
#define QUIRE_TYPESET_PICTURE_H

#include <stdbool.h>

#include "../model/doc.h"

typedef struct q_imager {
  void *ctx;
  /* The natural size of img in points: its pixels at the file's own
   * resolution when it gives one, else at 96 ppi; an SVG's own size.
   * *px_w: its width in pixels as shown, 0 for a vector image. false
   * when the image is not known (it was not probed). Called from the
   * layout's threads at once: must only read. */
  bool (*size)(void *ctx, const q_image *img, double *w_pt, double *h_pt, double *px_w);
} q_imager;

#endif
