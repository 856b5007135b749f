/* inlines: what the typesetter does for DocBook's inlines beyond their face.
 *
 * Internal to the typesetter. The theme gives each inline its face (a class
 * selector per inline, model/inline.h); this module adds what a theme does
 * not say: superscripts and subscripts set smaller by the theme are raised
 * and lowered from the baseline here, underline and strikethrough are
 * drawn as rules, code-like inlines keep their spaces at their width, and
 * each inline's PDF structure type (Code, Quote) is chosen. A q_inline_look
 * is a value; nothing to free. */
#ifndef QUIRE_TYPESET_INLINES_H
#define QUIRE_TYPESET_INLINES_H

#include <stdbool.h>

#include "layout.h"

typedef struct q_inline_look {
  const char *tag;        /* the PDF structure type, NULL: Span (or Link) */
  q_sp rise;              /* baseline shift, up positive */
  bool fixed;             /* code: spaces never stretched */
  bool underline, strike; /* ruled under or through */
} q_inline_look;

/* Apply the inline n (a Q_INLINE) to look and to the style st of the text
 * inside it, which is its parent's on entry (raises are proportional to the
 * parent's size, before the theme makes it smaller). */
void q_inline_look_apply(q_inline_look *look, const q_style *style, const q_node *n,
                         q_computed *st);

/* The rule that underlines (or strikes through) text of size size_pt from x
 * over width w, into op (kind, position and extent; y from the baseline). */
void q_inline_look_rule(q_op *op, bool strike, double size_pt, uint32_t color, q_sp x, q_sp w);

#endif
