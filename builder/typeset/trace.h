/* trace: a layout as text, for people and for diff.
 *
 * q_trace_write turns a q_layout's display list into lines of text: the
 * page size, the outline, then each page (its number, label and kind)
 * followed by one line per operation, in drawing order: its kind, its
 * position in points, and what it carries (a glyph run's font, size,
 * colour, width and text; a tag's name, language and target; a
 * destination's name; a rule's size and colour; an image's size and file, a
 * Figure's alt text). A change to the
 * typesetter then shows as a text diff a reviewer can read, and the golden
 * tests compare traces.
 *
 * Stable: lengths are printed from the integer scaled points with three
 * decimals (no floating point, no locale), text is escaped so that one
 * operation stays on one line, and nothing depends on addresses, time or
 * the machine. The typesetter knows fonts only by number: the caller names
 * them (e.g. the file's base name and face index), or they are printed as
 * numbers.
 *
 * Ownership: reads the layout; appends to the caller's buffer. */
#ifndef QUIRE_TYPESET_TRACE_H
#define QUIRE_TYPESET_TRACE_H

#include <stdint.h>

#include "../base/buf.h"
#include "layout.h"

/* The name of font number font, borrowed until the next call; NULL to
 * print the number. */
typedef const char *(*q_trace_font_name)(void *ctx, uint16_t font);

/* Append l's trace to out; name (may be NULL) names the fonts. */
void q_trace_write(q_buf *out, const q_layout *l, q_trace_font_name name, void *ctx);

#endif
