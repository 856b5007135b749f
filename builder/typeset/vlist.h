/* vlist: the vertical list between paragraph setting and page building.
 *
 * Internal to the typesetter. Blocks append lines (boxes), vertical space
 * (glue) and break permissions (penalties); the page builder cuts the list
 * into pages. Pages break only at penalties, so that everything not
 * explicitly allowed (after a heading, inside a widow or an orphan) holds
 * together. Each box owns a range of operations in the list's pool; their x
 * is relative to the text block's left edge plus the box's x, their y to the
 * box's baseline. */
#ifndef QUIRE_TYPESET_VLIST_H
#define QUIRE_TYPESET_VLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "layout.h"

typedef enum v_kind { V_BOX, V_GLUE, V_PENALTY } v_kind;

typedef struct v_entry {  /* 56 bytes: a book has hundreds of thousands */
  const q_node *part;     /* the part this entry belongs to */
  const q_node *anchor;   /* box: the text node and offset of its first word, or NULL */
  q_sp lead;              /* box: baseline distance from the previous box */
  q_sp ascent, descent;   /* box */
  q_sp x;                 /* box: offset from the text block's left edge */
  q_sp space;             /* glue */
  int32_t penalty;        /* penalty: <= -10000 forces a page break, >= 10000 forbids one */
  uint32_t op_start, op_end; /* box: its operations in the pool */
  uint32_t anchor_offset;
  uint8_t kind;           /* a v_kind */
  bool opens_part;        /* box: the part's first line (its page gets no running head) */
} v_entry;

/* A frame: a box drawn around a run of entries (an admonition, a
 * sidebar), with the display list's rules behind and around its text. The
 * page builder draws the part of it on each page it crosses: open at a page
 * break (no bottom border above the break, no top border below it). */
typedef struct v_frame {
  size_t first, last;     /* its entries: [first, last) */
  q_sp x, width;          /* outer edges, from the text block's left edge */
  q_sp border[4];         /* top, right, bottom, left; 0: none */
  q_sp pad_top, pad_bottom;
  uint32_t border_color, background;
  bool has_background;
} v_frame;

/* A footnote attached to a line: its own lines are entries [from, to) of
 * the list's `ins` (insertions, as TeX calls them). */
typedef struct v_note {
  uint32_t box;           /* the line with the mark: an index of e */
  uint32_t from, to;
} v_note;

/* A box drawn again at the top of every page that begins at an entry in
 * (head, to): a table's head rows on the pages the table goes on to. */
typedef struct v_repeat {
  size_t head, to;
} v_repeat;

typedef struct q_vlist q_vlist;
struct q_vlist {
  v_entry *e;
  size_t n, cap;
  q_op *ops;
  size_t nops, opcap;
  size_t boxed;           /* ops before this index belong to boxes */
  const q_node *part;     /* stamped on new entries */
  bool opening;           /* the next box opens a part */
  v_frame *frames;        /* in the order they open: an outer frame before its inner ones */
  size_t nframes, fcap;
  /* Footnotes, in the order of their lines (box ascending). */
  q_vlist *ins;           /* the notes' lines, or NULL: none */
  v_note *notes;
  size_t nnotes, notecap;
  q_sp note_gap;          /* space between two notes on a page */
  q_sp note_skip;         /* from the text's last line to the first note; the
                             rule is drawn in its middle */
  q_sp note_rule;         /* the rule's width (0: none) */
  v_repeat *repeats;      /* in the order of their heads, not overlapping */
  size_t nrepeats, repcap;
};

void q_vlist_init(q_vlist *vl);
void q_vlist_drop(q_vlist *vl);
q_op *q_vlist_op(q_vlist *vl);  /* a new zeroed operation in the pool */
/* A box holding the operations added since the previous box. */
void q_vlist_box(q_vlist *vl, q_sp lead, q_sp ascent, q_sp descent, q_sp x);
/* Note where in the model the last box's text begins (page anchors). */
void q_vlist_anchor(q_vlist *vl, const q_node *text, size_t offset);
/* Give the operations added since the last box to that box (closing tags). */
void q_vlist_attach(q_vlist *vl);
void q_vlist_glue(q_vlist *vl, q_sp space);
/* Append the entries and operations of from (all of them in boxes) to vl,
 * and empty from. */
void q_vlist_append(q_vlist *vl, q_vlist *from);
void q_vlist_penalty(q_vlist *vl, int32_t penalty);
/* Open a frame at the next entry (f's first and last are set here); close
 * it after the last entry added. Returns the frame's index for closing. */
size_t q_vlist_frame_open(q_vlist *vl, const v_frame *f);
void q_vlist_frame_close(q_vlist *vl, size_t frame);
/* The rules of the frames that cross the page made of entries [from, to),
 * whose boxes have baselines y[i - from] (page coordinates; text block's
 * left edge at left), written at the page's start (behind its text).
 * frame.c. */
void q_frames_draw(const q_vlist *vl, q_layout *l, q_sheet *p, size_t from, size_t to,
                   const q_sp *y, q_sp left);
/* Attach a footnote's lines (all of them in boxes; lines is emptied) to
 * box, the line of its mark. */
void q_vlist_note(q_vlist *vl, size_t box, q_vlist *lines);
/* Repeat box head (an entry index) at the top of every page that begins
 * after it and before entry to. Its glyphs are drawn there as page
 * furniture (artifacts) and its structure tags left out: the structure
 * holds the rows once. */
void q_vlist_repeat(q_vlist *vl, size_t head, size_t to);

/* Cut the list into pages of the layout: text block at (left, top), width
 * and height given; the pages are appended to l. Returns the index of the
 * first page made. Operations are copied into the pages.
 *
 * Footnotes go to the foot of the page of their line, under a rule, as TeX
 * sets insertions: a line fits on a page only if the notes of the lines
 * before it on the page fit in full below it, and at least the first two
 * lines of its own first note; a note that does not fit in full is split
 * between lines and goes on at the foot of the next page, before that
 * page's own notes. When the text ends with notes still to set, they get
 * pages of their own. */
size_t q_vlist_paginate(q_vlist *vl, q_layout *l, q_sp left, q_sp top, q_sp height,
                        q_sp topskip);

/* Layout helpers shared by the typesetter's files. */
q_op *q_sheet_op(q_layout *l, q_sheet *p);
q_sheet *q_layout_page(q_layout *l);

#endif
