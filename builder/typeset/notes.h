/* notes: what the typesetter keeps for footnotes and page references.
 *
 * Internal to the typesetter. Two small records pass between the walk of
 * the model (layout.c), the paragraph setter (para.c) and the page builder
 * (pages.c):
 *
 * - q_pagerefs: the page label of every cross-reference target, as the
 *   previous layout pass placed it. A page number is known only once the
 *   pages are cut, and its width changes the lines, which may move pages:
 *   the body is laid out again with the labels of the pass before until
 *   they stop changing (q_pagerefs_update says whether they did), as a TeX
 *   document is rerun, but within one run and with no file in between.
 *   The first pass has no labels and sets "?" of about a digit's width.
 *   Read-only during a pass, so both threads of a long book may ask.
 *
 * - q_marks: the footnote marks a paragraph set, each with the vertical
 *   list's index of the line box it fell on, for the walk to set the note
 *   and attach it to that line (q_vlist_note).
 *
 * Ownership: each owns its arrays (drop frees them); ids and labels are
 * borrowed from the model and the layout's arena. */
#ifndef QUIRE_TYPESET_NOTES_H
#define QUIRE_TYPESET_NOTES_H

#include <stdbool.h>
#include <stddef.h>

#include "layout.h"

typedef struct q_pageref {
  const char *id;         /* a target's xml:id */
  const char *label;      /* the label of its page in the last pass, or NULL */
} q_pageref;

typedef struct q_pagerefs {
  q_pageref *refs;        /* sorted by id, one per distinct target */
  size_t n;
} q_pagerefs;

/* The targets of every Q_XREF in doc; no labels yet. */
void q_pagerefs_init(q_pagerefs *pr, const q_doc *doc);
void q_pagerefs_drop(q_pagerefs *pr);
/* Whether id is the target of a cross-reference. */
bool q_pagerefs_wanted(const q_pagerefs *pr, const char *id);
/* The label of id's page, or NULL when not known (yet). */
const char *q_pagerefs_label(const q_pagerefs *pr, const char *id);
/* Record the label of each target's page among l's pages [from, to), from
 * their named destinations; true if any label differs from before. */
bool q_pagerefs_update(q_pagerefs *pr, const q_layout *l, size_t from, size_t to);

typedef struct q_mark {
  const q_node *note;     /* the Q_FOOTNOTE */
  size_t box;             /* its line: an index of the vertical list's entries */
} q_mark;

typedef struct q_marks {
  q_mark *m;
  size_t n, cap;
} q_marks;

void q_marks_push(q_marks *mk, const q_node *note, size_t box);

/* The named destination of a footnote in print: unique in the book. */
const char *q_note_dest(q_arena *a, const q_node *note);

#endif
