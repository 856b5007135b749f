/* check: the typesetter's invariants on a finished layout.
 *
 * What every consumer of a q_layout may take for granted, tested in one
 * place beside the typesetter that makes them true (as q_doc_check sits
 * beside the model): tags balance over the whole book, an element holds
 * either text or child elements (a Span wraps text beside elements), a link
 * has a uri or a dest and is never inside another link, destinations are
 * named and defined once, links and outline entries go to defined ones,
 * glyph runs have a positive size, a font number below nfonts and clusters
 * that cover their text in order, the page size is positive, and page
 * furniture (running heads, folios) never falls inside a leaf element.
 *
 * A renderer can then replay the pages without checking them: cairo, for
 * one, turns most of these mistakes into a broken file without a word.
 * The build runs it after every layout, and so do the tests. It reads the
 * layout only and keeps nothing. */
#ifndef QUIRE_TYPESET_CHECK_H
#define QUIRE_TYPESET_CHECK_H

#include <stddef.h>

#include "../base/diag.h"
#include "layout.h"

/* Report each broken invariant of l as an error at `at` ("internal error:
 * ..."), through d; nfonts is how many fonts the shaper numbers. Returns
 * the number of problems. */
unsigned q_layout_check(const q_layout *l, size_t nfonts, q_pos at, q_diag *d);

#endif
