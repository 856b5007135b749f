/* xref: cross-references and notes in the model.
 *
 * After reading, every Q_XREF and Q_FOOTNOTEREF knows its target node, and
 * every Q_XREF holds its own text as Q_TEXT children, so that both outputs
 * (and every judge that reads text) see the same words: the target's
 * xreflabel if it has one, else the text of the element named by endterm,
 * else what the target's kind gives (q_xref_label). The print edition adds
 * the page ("on page 12") itself, as only it has pages.
 *
 * Footnotes are numbered 1, 2, ... in each part, in document order.
 *
 * Ownership: strings and nodes made here live in the doc's arena. */
#ifndef QUIRE_MODEL_XREF_H
#define QUIRE_MODEL_XREF_H

#include "doc.h"

/* The text an xref to target shows when neither xreflabel nor endterm
 * says otherwise, as a copy in the doc's arena; NULL for a kind that has
 * none (the reader then asks for an xreflabel). Kinds: a note (a part with
 * a number) "note 2, “Title”"; another part or a section "“Title”"; a
 * footnote "note 3". A new target kind is one case here. */
const char *q_xref_label(q_doc *doc, const q_node *target);

/* Resolve the linkend (and endterm, given through ends: ends[i] for
 * xrefs[i], NULL when none) of the n nodes, give each Q_XREF its text, and
 * number the footnotes of every part. A linkend or endterm naming no
 * xml:id is an error at the reference. Returns the number of errors. */
unsigned q_xref_resolve(q_doc *doc, q_node *const *refs, const char *const *ends, size_t n,
                        q_diag *d);

/* The mark of footnote number n as the theme numbers notes: "1", "2", ...
 * or, with symbols (the theme's .footnote { note-marks: symbols }), "*",
 * "†", "‡", "§", then doubled ("**", ...). */
const char *q_note_mark(q_arena *a, unsigned n, bool symbols);

/* The footnote a Q_FOOTNOTE or Q_FOOTNOTEREF stands for, else NULL. */
const q_node *q_note_of(const q_node *n);

#endif
