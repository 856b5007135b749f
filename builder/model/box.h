/* box: the kinds of set-apart blocks and the words that name them.
 *
 * A Q_BOX is an admonition (note, tip, important, caution, warning,
 * danger), a sidebar or an example. Its kind is said in words in both
 * outputs, for readers who cannot see a box's styling: the label ("Note",
 * "Warning") that both writers show unless the box's title already says it,
 * and the accessible name of the EPUB's element. Labels are English, like
 * quire's other labels ("Title:", "Contents").
 *
 * Everything here is static data; nothing is owned. */
#ifndef QUIRE_MODEL_BOX_H
#define QUIRE_MODEL_BOX_H

#include <stdbool.h>

#include "doc.h"
#include "style.h"

typedef enum q_box_kind {
  Q_BOX_NOTE,
  Q_BOX_TIP,
  Q_BOX_IMPORTANT,
  Q_BOX_CAUTION,
  Q_BOX_WARNING,
  Q_BOX_DANGER,
  Q_BOX_SIDEBAR,
  Q_BOX_EXAMPLE,         /* numbered, with a title */
  Q_BOX_INFORMALEXAMPLE, /* neither numbered nor titled */
  Q_BOX_KIND_COUNT
} q_box_kind;

/* The DocBook element name of a kind ("note", "sidebar", ...), or NULL. */
const char *q_box_element(q_box_kind k);
/* The kind a DocBook element name stands for; false if it is none. */
bool q_box_kind_of(const char *element, q_box_kind *out);
/* The visible label of a kind: "Note", "Warning", "Example"; NULL for a
 * sidebar and an informal example, which have none. */
const char *q_box_label(q_box_kind k);
/* Admonitions: note to danger. */
bool q_box_is_admonition(q_box_kind k);
/* The theme's selector for a box of kind k. */
q_sel q_box_sel(q_box_kind k);
/* Whether a title (plain text) already says the label's word, so that the
 * label would only repeat it ("Warning: hot surface"): compared ignoring
 * ASCII case, as a whole word. */
bool q_box_title_says(const char *title, const char *label);
/* The Q_BOX_TITLE of a box, or NULL. */
const q_node *q_box_title(const q_node *box);
/* What both outputs write before a box's title, in a's arena: "Tip: ",
 * "Example 3. ", the label alone ("Note") for an untitled admonition; NULL
 * for none (a sidebar, an informal example, an admonition whose title says
 * its kind). */
const char *q_box_prefix(q_arena *a, const q_node *box);

#endif
