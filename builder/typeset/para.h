/* para: setting one block of inline content into lines.
 *
 * Internal to the typesetter. A block's inline tree becomes segments (runs
 * of text in one style, language and link), then boxes, glue and penalties:
 * words are shaped once per piece between break opportunities (UAX #14),
 * hyphenation points become flagged penalties, spaces become glue. Justified
 * text is broken by Knuth-Plass; ragged text fills lines greedily. Lines go
 * to the vertical list with their glyph runs and the structure tags (Span,
 * Link) of what they hold; widows and orphans get infinite penalties. */
#ifndef QUIRE_TYPESET_PARA_H
#define QUIRE_TYPESET_PARA_H

#include "layout.h"
#include "notes.h"
#include "vlist.h"

typedef struct q_para {
  const q_node *block;   /* an inline container (Q_PARA, Q_TITLE, ...), or NULL */
  q_computed style;      /* the block's computed style */
  const char *label;     /* text set before the content in label_style, or NULL */
  q_computed label_style;
  q_sp width;            /* the measure */
  q_sp indent;           /* first line indent */
  q_sp x;                /* left offset of the block in the text block */
  bool keep_together;    /* no page break between its lines (headings) */
  int32_t orphans_widows;/* lines kept together at the start and end (2) */
} q_para;

typedef struct q_setter {
  const q_layout_env *env;
  q_layout *layout;      /* text of glyph runs is kept in its arena */
  q_vlist *vl;
  /* Notes and references (notes.h); NULL where there are none: an xref
   * then shows no page, and footnote marks are set but not recorded. */
  const q_pagerefs *pages;
  q_marks *marks;
} q_setter;

/* Set the block; returns the number of lines. An external link whose
 * text is not its address is followed by " (address)", breakable after
 * / . ? & # with no hyphen, unless the theme says print-address: none.
 * The caller has pushed the glue above it and opens and closes the
 * block's structure tag around it. */
size_t q_para_set(q_setter *s, const q_para *p);

/* Shape a short text in a style into one line's glyph runs at (x, 0) of the
 * pool (for running heads, folios, bullets, leaders); returns its width. */
q_sp q_text_ops(q_setter *s, q_vlist *vl, const char *text, const q_computed *style, q_sp x,
                const char *lang);
q_sp q_text_width(q_setter *s, const char *text, const q_computed *style, const char *lang);

/* Conversions shared by the typesetter. */
q_sp q_pt_sp(double pt);
q_textstyle q_textstyle_of(const q_computed *c, const char *lang);

#endif
