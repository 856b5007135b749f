/* style: the style model, one theme that both outputs read.
 *
 * A theme is a small, documented subset of CSS (styles/<theme>.css): type
 * selectors for the document's kinds of text, an @page rule for paper and
 * margins, and a fixed list of properties. q_style_parse turns it into a
 * q_style; the EPUB writer turns that back into CSS for e-readers, and the
 * typesetter asks q_style_compute for absolute sizes. Changing the body font
 * size in the theme therefore changes both outputs.
 *
 * Ownership: a q_style and its strings live in the arena given to the parser.
 * No third-party header here. */
#ifndef QUIRE_MODEL_STYLE_H
#define QUIRE_MODEL_STYLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/diag.h"
#include "inline.h"

/* The selectors a theme may style, one per kind of text. */
typedef enum q_sel {
  Q_SEL_BODY,       /* body: defaults inherited by everything */
  Q_SEL_H1,         /* part titles */
  Q_SEL_H2,         /* section titles */
  Q_SEL_H3,         /* subsection titles */
  Q_SEL_P,          /* paragraphs */
  Q_SEL_UL,         /* lists */
  Q_SEL_LI,         /* list items */
  Q_SEL_BLOCKQUOTE, /* quotations */
  Q_SEL_BIBLIO,     /* .biblio: the book a note is about */
  Q_SEL_ANECDOTE,   /* .anecdote: the story closing a note */
  Q_SEL_CODE,       /* code (inline) */
  Q_SEL_A,          /* links */
  Q_SEL_EM,         /* emphasis */
  Q_SEL_STRONG,     /* strong emphasis */
  Q_SEL_CITE,       /* titles of works in running text */
  /* boxes and set-apart blocks */
  Q_SEL_ADMONITION, /* .admonition: note, tip, important, caution, warning, danger */
  Q_SEL_SIDEBAR,    /* .sidebar */
  Q_SEL_EXAMPLE,    /* .example: example and informalexample */
  Q_SEL_EPIGRAPH,   /* .epigraph */
  Q_SEL_BRIDGEHEAD, /* .bridgehead: a heading outside the sections */
  Q_SEL_ABSTRACT,   /* .abstract: a part's abstract, under its title */
  Q_SEL_FOOTNOTE,   /* .footnote: a note at the foot of the page (inherits from body) */
  /* tables: margins of td and th are the cells' padding */
  Q_SEL_TABLE,      /* table: the space around it; its text's defaults */
  Q_SEL_CAPTION,    /* caption: "Table 1." and the title */
  Q_SEL_TH,         /* th: header cells (thead, th) */
  Q_SEL_TD,         /* td: body cells */
  /* inlines and metadata (issue 11): a class per DocBook inline, ".quote",
   * ".literal", ".filename", ... (model/inline.h), Q_SEL_INLINE + a q_inline */
  Q_SEL_INLINE,
  Q_SEL_INLINE_END = Q_SEL_INLINE + Q_INLINE_COUNT - 1,
  /* listings and lists: */
  Q_SEL_PRE,        /* pre: program listings, screens, synopses */
  Q_SEL_LITERAL,    /* .literallayout: poems, addresses (lines kept, body face) */
  Q_SEL_DT,         /* dt: the terms of a variablelist */
  Q_SEL_DD,         /* dd: what a variablelist says of its terms */
  Q_SEL_FIGCAPTION, /* figcaption: a figure's caption (its numbered title, a mediaobject's caption) */
  Q_SEL_COUNT
} q_sel;

typedef enum q_unit {
  Q_UNIT_NONE, /* a bare number: only line-height takes one */
  Q_UNIT_PT,
  Q_UNIT_PX,   /* CSS px: 0.75 pt */
  Q_UNIT_MM,
  Q_UNIT_CM,
  Q_UNIT_IN,
  Q_UNIT_EM    /* relative to the element's font size */
} q_unit;

typedef struct q_length {
  double value;
  q_unit unit;
} q_length;

typedef enum q_align { Q_ALIGN_START, Q_ALIGN_JUSTIFY, Q_ALIGN_CENTER, Q_ALIGN_END } q_align;
typedef enum q_font_role { Q_FONT_BODY, Q_FONT_HEADING, Q_FONT_MONO } q_font_role;

/* Which properties a rule sets (bit per property). */
enum {
  Q_P_FONT_FAMILY = 1u << 0,
  Q_P_FONT_SIZE = 1u << 1,
  Q_P_FONT_WEIGHT = 1u << 2,
  Q_P_FONT_STYLE = 1u << 3,
  Q_P_LINE_HEIGHT = 1u << 4,
  Q_P_COLOR = 1u << 5,
  Q_P_MARGIN_TOP = 1u << 6,
  Q_P_MARGIN_BOTTOM = 1u << 7,
  Q_P_MARGIN_LEFT = 1u << 8,
  Q_P_MARGIN_RIGHT = 1u << 9,
  Q_P_TEXT_INDENT = 1u << 10,
  Q_P_TEXT_ALIGN = 1u << 11,
  Q_P_HYPHENS = 1u << 12,
  /* the box properties (not inherited, as in CSS) */
  Q_P_BORDER_WIDTH = 1u << 13,      /* top, right and bottom */
  Q_P_BORDER_LEFT_WIDTH = 1u << 14, /* left */
  Q_P_BORDER_COLOR = 1u << 15,
  Q_P_BORDER_STYLE = 1u << 16,
  Q_P_BACKGROUND = 1u << 17,
  Q_P_PADDING_TOP = 1u << 18,
  Q_P_PADDING_RIGHT = 1u << 19,
  Q_P_PADDING_BOTTOM = 1u << 20,
  Q_P_PADDING_LEFT = 1u << 21,
  /* links and notes */
  Q_P_PRINT_ADDRESS = 1u << 22,
  Q_P_NOTE_MARKS = 1u << 23,
  Q_P_COUNT = 24 /* how many bits */
};

/* What a theme may ask for. The typesetter counts in 32-bit scaled points
 * (about 32,767 pt at most), and a list nests up to about 50 levels deep, so
 * these keep every sum it makes well inside that range; they also leave
 * every page a text block. A theme outside them is an error at the
 * declaration (q_style_parse), and q_style_compute never returns a value
 * outside them, however deep em sizes compound. */
#define Q_STYLE_FONT_MIN_PT 2.0    /* font-size, computed */
#define Q_STYLE_FONT_MAX_PT 500.0
#define Q_STYLE_LEADING_MIN_PT 1.0 /* line-height, computed */
#define Q_STYLE_LEADING_MAX_PT 1000.0
#define Q_STYLE_BOX_MAX_PT 500.0   /* a block's margins, padding and text-indent, computed */
#define Q_STYLE_PAGE_MIN_PT 72.0   /* @page size: each side */
#define Q_STYLE_PAGE_MAX_PT 14400.0 /* (PDF's own limit, 200 in) */
#define Q_STYLE_BLOCK_MIN_PT 72.0  /* the text block left inside the @page margins */

/* The widest border a theme may draw, in points. */
#define Q_BORDER_MAX_PT 10.0

/* One rule as written (only the properties in `set` mean anything). */
typedef struct q_rule {
  unsigned set;
  q_font_role font_family; /* font-family: body | heading | mono (the manifest's roles) */
  q_length font_size;      /* pt/px/mm/cm/in, or em of the parent's size */
  bool bold;               /* font-weight: normal | bold */
  bool italic;             /* font-style: normal | italic */
  q_length line_height;    /* bare number (times font size) or a length */
  uint32_t color;          /* 0xRRGGBB, from #rgb or #rrggbb */
  q_length margin_top, margin_bottom, margin_left, margin_right;
  q_length text_indent;
  q_align text_align;      /* text-align: left|start, justify, center, right|end */
  bool hyphens;            /* hyphens: auto | none */
  /* Boxes. Widths are absolute lengths up to Q_BORDER_MAX_PT; as in CSS a
   * border is drawn only when border-style is solid. border-width takes 1-4
   * values (top, right, bottom, left, as margin); border-left-width sets the
   * left one alone (a rule at the side: border-width 0, then
   * border-left-width 3pt). */
  q_length border_width[4];    /* top, right, bottom, left */
  uint32_t border_color;   /* #rgb, #rrggbb, black, white */
  bool border_solid;       /* border-style: none | solid */
  uint32_t background;     /* background-color */
  q_length padding_top, padding_right, padding_bottom, padding_left; /* padding: 1-4 lengths */
  bool print_address;      /* print-address: after | none (links, print only) */
  bool note_symbols;       /* note-marks: numbers | symbols (.footnote) */
  q_pos pos;               /* where the rule's selector was written */
  q_pos at[Q_P_COUNT];     /* where each property's value was written, by bit
                            * number (file NULL: a default) */
} q_rule;

/* How one part of the print edition follows another (@page part-break). */
typedef enum q_part_break {
  Q_PART_BREAK_PAGE,  /* page: each part opens a new page */
  Q_PART_BREAK_NONE,  /* none: on the same page, after space and a rule */
  Q_PART_BREAK_RECTO  /* recto: on a right-hand (odd) page, a blank left page
                         put in before it when needed */
} q_part_break;

/* Whether the print edition has a contents page (@page contents). */
typedef enum q_contents_rule {
  Q_CONTENTS_ALWAYS,  /* always */
  Q_CONTENTS_AUTO     /* auto: none when the title page and the body take
                         Q_CONTENTS_AUTO_PAGES pages or fewer */
} q_contents_rule;

enum { Q_CONTENTS_AUTO_PAGES = 4 };

typedef struct q_page {
  double width_pt, height_pt;   /* size: A4 | A5 | letter | half-letter | W H (lengths) */
  double margin_top_pt, margin_right_pt, margin_bottom_pt, margin_left_pt;
  const char *size_name;        /* "A4", "A5", "letter", "half-letter", or NULL when
                                   given as lengths */
  q_part_break part_break;      /* part-break: page | none | recto */
  q_contents_rule contents;     /* contents: always | auto */
  bool offprint_book_numbers;   /* offprint-numbers: own (false) | book */
  q_pos size_at;                /* where size and each margin were written: top, */
  q_pos margin_at[4];           /* right, bottom, left (file NULL: a default) */
} q_page;

/* A rule for the sections of one role, written "section.NAME" (issue 11). */
typedef struct q_role_rule {
  const char *role;
  q_rule rule;
} q_role_rule;

typedef struct q_style {
  const char *path;
  q_page page;
  q_rule rules[Q_SEL_COUNT];
  q_role_rule *roles;  /* in the order first written; in the style's arena */
  size_t nroles;
} q_style;

/* What a writer needs for one kind of text, all inheritance done and all
 * lengths in points (em resolved against the font size). */
typedef struct q_computed {
  q_font_role font_family;
  bool bold, italic;
  double font_size_pt;
  double line_height_pt;
  uint32_t color;
  double margin_top_pt, margin_bottom_pt, margin_left_pt, margin_right_pt;
  double text_indent_pt;
  q_align text_align;
  bool hyphens;
  /* Boxes: none of these inherit. A border width is 0 unless its style is
   * solid; has_background says whether background is painted. */
  double border_top_pt, border_right_pt, border_bottom_pt, border_left_pt;
  uint32_t border_color;
  bool has_background;
  uint32_t background;
  double padding_top_pt, padding_right_pt, padding_bottom_pt, padding_left_pt;
  /* An external link's address printed after its text (print only). */
  bool print_address;
  /* Footnotes marked * † ‡ § (then doubled) instead of 1, 2, 3. */
  bool note_symbols;
  /* The bare number line_height_pt came from (line-height: 1.35), or 0 when
   * it was a length. A number inherits as a number, as in CSS: an 18pt h1
   * under body's 1.35 leads 24.3pt, not body's 13.5pt. */
  double line_height_factor;
} q_computed;

/* Parse a theme. path names it in messages. Every problem is reported with
 * its position (unknown property, unknown selector, bad value, syntax, a
 * size outside the limits above, margins that leave no text block); the
 * result is NULL if any error was reported. */
q_style *q_style_parse(q_arena *a, const char *path, const char *text, size_t len, q_diag *d);
/* Read the file at path and parse it; a missing file is an error too.
 * @import is an error in a theme read this way (there is no folder to import
 * from): use q_style_load_in. */
q_style *q_style_load(q_arena *a, const char *path, q_diag *d);
/* The paper called name[0..len) (A4, A5, letter, half-letter, in any case,
 * as @page size knows them): its size and name into pg, the margins and the
 * rest kept. false, pg untouched, for a name the theme syntax does not know. */
bool q_style_paper(const char *name, size_t len, q_page *pg);

/* The folders themes are found in, first first: the bundle's styles/, then
 * the data folder's. A theme NAME is the file NAME.css in one of them. */
typedef struct q_theme_dirs {
  const char *dir[4];
  size_t n;
} q_theme_dirs;

/* A theme states only what differs from the one it builds on: it may open
 * with `@import "NAME";` lines (before any rule), each reading theme NAME
 * from the first of dirs that has it, the importing file itself excepted
 * (so styles/default.css beside a bundle may import the data folder's
 * default). Its own rules then override the imported ones, property by
 * property. Without @import a theme starts from q_style_defaults. */
q_style *q_style_load_in(q_arena *a, const char *path, const q_theme_dirs *dirs, q_diag *d);

/* Theme NAME: NAME.css in the first of dirs that has it, loaded with
 * q_style_load_in. When none has it, one error at `at` naming every file
 * looked for. */
q_style *q_style_find(q_arena *a, const char *name, const q_theme_dirs *dirs, q_pos at,
                      q_diag *d);
/* The built-in defaults (what an empty theme gives). */
void q_style_defaults(q_style *s);

/* Inheritance: body -> (h1 | h2 | h3 | p | ul -> li | blockquote | .biblio | .anecdote
 * | .admonition | .sidebar | .example | .epigraph | .bridgehead | .abstract
 * | table -> (caption | th | td) | pre | .literallayout | dt | dd),
 * and inlines (code, a, em, strong, cite) from the block they sit in, given
 * as `parent` (NULL: body). */
q_computed q_style_compute(const q_style *s, q_sel sel, const q_computed *parent);

/* A part's or section's subtitle under its heading of `level` (1: a part's
 * h1, 2: h2, 3 and deeper: h3): the heading's face, not bold nor italic, the
 * size of the next level down (h2, h3, then p), no space above, the
 * heading's space below, never indented. Both outputs set it so. */
q_computed q_style_subtitle(const q_style *s, unsigned level, const q_computed *parent);

/* The rule a theme gives sections of role (section.ROLE), or NULL. A
 * section's computed style is q_style_compute_rule of it over its parent's:
 * its blocks inherit from it. */
const q_rule *q_style_role(const q_style *s, const char *role);
q_computed q_style_compute_rule(const q_rule *r, const q_computed *parent);

/* The CSS name of a selector ("h1", ".biblio", ...). */
const char *q_sel_name(q_sel sel);
/* Whether sel names a kind of inline text (code, links, emphasis, ...), set
 * within a block's lines, rather than a block. */
bool q_sel_is_inline(q_sel sel);
/* Points in one unit (Q_UNIT_EM and Q_UNIT_NONE: 0). */
double q_unit_pt(q_unit u);

#endif
