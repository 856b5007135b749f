/* svg: SVG files through librsvg, which is loaded on first use.
 *
 * librsvg brings GLib, GIO, Pango and a dozen more shared libraries; linked
 * at start-up they cost every run about 2 ms, though most books have no SVG.
 * So the library is opened (dlopen) the first time a book asks for an SVG,
 * once per process, from any thread. Without it, an SVG is an error that
 * names the package to install; every other image and every other output
 * works as before.
 *
 * Ownership: q_svg_open gives a handle that q_svg_drop releases; it copies
 * nothing it is given after it returns. q_svg_render borrows the context. */
#ifndef QUIRE_RENDER_SVG_H
#define QUIRE_RENDER_SVG_H

#include <stdbool.h>
#include <stddef.h>

#include <cairo.h>

typedef struct q_svg q_svg;

/* Parse the SVG in b[0..len); NULL with the reason in why (cap bytes). */
q_svg *q_svg_open(const unsigned char *b, size_t len, char *why, size_t cap);
void q_svg_drop(q_svg *s);

/* Its own size in pixels (1/96 in): its width and height, else its viewBox,
 * else the 300 x 150 that browsers give. */
void q_svg_size(q_svg *s, double *w, double *h);

/* Draw it as vectors into the rectangle (x, y, w, h) of cr's user space. */
bool q_svg_render(q_svg *s, cairo_t *cr, double x, double y, double w, double h);

#endif
