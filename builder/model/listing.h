/* listing: the text of program listings, screens, synopses and literal
 * layouts, whose white space is the author's.
 *
 * The reader keeps a listing's characters as written; q_listing_tidy then
 * drops the line end right after the start tag and the blank end before the
 * end tag (how listings are usually typed), and expands tabs to the next
 * multiple of Q_TAB_WIDTH columns, counting columns across the listing's
 * text nodes. Both outputs then show the same columns. Columns count code
 * points: listings are set in a monospace face, where that is what a
 * column is. Plain C; strings are the doc's (arena). */
#ifndef QUIRE_MODEL_LISTING_H
#define QUIRE_MODEL_LISTING_H

#include <stddef.h>

#include "../base/arena.h"

enum { Q_TAB_WIDTH = 8 };

typedef enum q_listing_kind {
  Q_LISTING_PROGRAM, /* programlisting: source code, monospace */
  Q_LISTING_SCREEN,  /* screen: what a terminal shows, monospace */
  Q_LISTING_SYNOPSIS,/* synopsis: a command's or a function's form, monospace */
  Q_LISTING_LITERAL  /* literallayout: poems, addresses; the body face */
} q_listing_kind;

typedef enum q_simplelist_type {
  Q_SIMPLELIST_VERTICAL,   /* members down the columns (DocBook's default) */
  Q_SIMPLELIST_HORIZONTAL, /* members across the rows */
  Q_SIMPLELIST_INLINE      /* members in a run of text, separated by commas */
} q_simplelist_type;

/* s[0..len) with each tab replaced by the spaces up to the next multiple of
 * Q_TAB_WIDTH columns; *column is the column s starts at (0 at a line's
 * start) and becomes the column it ends at. A copy in a; its length in
 * *out_len. */
char *q_tabs_expand(q_arena *a, const char *s, size_t len, unsigned *column, size_t *out_len);

struct q_node;
/* Tidy a Q_LISTING's text in place (see above); new strings go in a. */
void q_listing_tidy(q_arena *a, struct q_node *listing);

/* The name of a listing's kind as DocBook writes it ("programlisting"). */
const char *q_listing_kind_name(q_listing_kind kind);

#endif
