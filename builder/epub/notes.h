/* notes: the EPUB's footnotes, marks and asides (notes.c has the markup).
 *
 * Internal to builder/epub. The marks are written inside running text by
 * epub_xhtml_inlines; the notes, after a part's content, by
 * epub_xhtml_part, one aside each, their blocks written as any blocks.
 * Strings are made in the book's arena. */
#ifndef QUIRE_EPUB_NOTES_H
#define QUIRE_EPUB_NOTES_H

#include "book.h"

/* The mark of a Q_FOOTNOTE or Q_FOOTNOTEREF n: a noteref link to its note. */
void epub_note_mark(epub_book *b, q_buf *out, const q_node *n, const q_computed *cs);
/* Open a note's aside and write its link back to the mark, in face cs. */
void epub_note_open(epub_book *b, q_buf *out, const q_node *note, const q_computed *cs);
void epub_note_close(q_buf *out);

#endif
