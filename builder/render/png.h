/* png: a picture as a PNG file (ISO/IEC 15948), compressed by zlib.
 *
 * 8-bit RGB, no interlace, no text or time chunk: the bytes depend only on
 * the pixels, so the same picture is the same file in every build. Rows
 * come from the caller one at a time, so a picture that is mostly flat
 * colour need not exist as a whole canvas: the caller may hand the same
 * row again for every row that repeats it. Each row gets the filter that
 * leaves the fewest non-zero bytes (None, Sub or Up); a row that is the
 * row above it (the same pointer) is Up, all zeros, without looking.
 *
 * Ownership: rows stay the caller's and must stay valid until
 * q_png_encode returns (a row is read again as the one above the next);
 * the encoded file is appended to out. */
#ifndef QUIRE_RENDER_PNG_H
#define QUIRE_RENDER_PNG_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/buf.h"
#include "../base/diag.h"

/* Row y (each y once, in order) of width pixels, as 32-bit words
 * 0xXXRRGGBB (cairo's CAIRO_FORMAT_RGB24 in native byte order). */
typedef const uint32_t *(*q_png_row_fn)(void *ctx, unsigned y);

/* false (reported) only when zlib fails. */
bool q_png_encode(q_buf *out, unsigned width, unsigned height, q_png_row_fn row_at, void *ctx,
                  q_diag *d);

#endif
