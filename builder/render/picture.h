/* picture: the book's images, measured and drawn with the real libraries.
 *
 * PNG through cairo, JPEG through libjpeg-turbo (its header: size, colour
 * space, resolution) and passed into the PDF as it is (cairo's JPEG MIME
 * data: no re-encoding), SVG through librsvg as vectors. q_pictures_probe
 * opens every image of the model once before the layout, so that a corrupt
 * file, a decompression bomb (over 100 megapixels, refused from its header
 * before anything is decoded) or a colour space quire cannot print is a
 * positioned error and nothing is written; the layout then asks the
 * natural sizes through the q_imager of typeset/picture.h.
 *
 * A JPEG's EXIF orientation is applied when it is drawn (cairo does not):
 * its natural size is its size as shown, and the PDF still carries the
 * file's own bytes, turned by the drawing's matrix.
 *
 * Ownership: q_pictures owns its table of sizes; it borrows the model's
 * images, which must outlive it. q_picture_draw borrows the context. This
 * header includes no library header, so that build.c may use it; the
 * drawing call names cairo's context by its struct tag. */
#ifndef QUIRE_RENDER_PICTURE_H
#define QUIRE_RENDER_PICTURE_H

#include <stdbool.h>

#include "../base/diag.h"
#include "../model/doc.h"
#include "../typeset/picture.h"

typedef struct q_pictures q_pictures;

q_pictures *q_pictures_new(void);
void q_pictures_drop(q_pictures *p);

/* Measure every image of doc; false when any could not be (reported at
 * its imagedata through d). */
bool q_pictures_probe(q_pictures *p, const q_doc *doc, q_diag *d);

/* The sizes probed, for the layout. Valid while p lives. */
q_imager q_pictures_imager(q_pictures *p);

/* Draw img scaled into the rectangle (x, y, w, h), in points, on cr.
 * false (reported through d at the image) when the file cannot be read. */
struct _cairo;
bool q_picture_draw(struct _cairo *cr, const q_image *img, double x, double y, double w, double h,
                    q_diag *d);

#endif
