/* notes.c: footnotes in the content documents (EPUB 3 Structural
 * Semantics and DPUB-ARIA).
 *
 * A note's mark is a link, epub:type="noteref" and role="doc-noteref", to
 * the note, which is an <aside epub:type="footnote" role="doc-footnote"> of
 * its own at the end of the part's document (readers that run adjacent
 * notes together would otherwise merge them), opening with a link back to
 * the first mark. Reading systems with pop-up notes show the aside there;
 * the others hide or show it in place at the end of the section. A
 * footnoteref repeats the mark (another link to the same aside) and
 * nothing else. Ids: the note's xml:id when it has one, else "fn-N" (N its
 * number in the part, which is also its document); the first mark is
 * "fnref-N". */
#include <stdio.h>
#include <string.h>

#include "../model/xref.h"
#include "book.h"
#include "notes.h"

static bool symbols(const epub_book *b) {
  return q_style_compute(b->style, Q_SEL_FOOTNOTE, NULL).note_symbols;
}

static const char *note_id(epub_book *b, const q_node *note) {
  if (note->id)
    return note->id;
  return q_arena_printf(&b->arena, "fn-%u", note->u.note.number);
}

void epub_note_mark(epub_book *b, q_buf *out, const q_node *n, const q_computed *cs) {
  const q_node *note = q_note_of(n);
  if (!note)
    return;
  const char *mark = q_note_mark(&b->arena, note->u.note.number, symbols(b));
  q_buf_puts(out, "<a");
  if (n->kind == Q_FOOTNOTE)
    q_buf_printf(out, " id=\"fnref-%u\"", note->u.note.number);
  q_buf_puts(out, " href=\"#");
  const char *id = note_id(b, note);
  q_buf_add_xml(out, id, strlen(id));
  q_buf_puts(out, "\" class=\"noteref\" epub:type=\"noteref\" role=\"doc-noteref\"><sup>");
  epub_xhtml_text(b, out, cs, mark, strlen(mark));
  q_buf_puts(out, "</sup></a>");
}

void epub_note_open(epub_book *b, q_buf *out, const q_node *note, const q_computed *cs) {
  const char *id = note_id(b, note);
  q_buf_puts(out, "<aside id=\"");
  q_buf_add_xml(out, id, strlen(id));
  q_buf_puts(out, "\" class=\"footnote\" epub:type=\"footnote\" role=\"doc-footnote\"");
  epub_xhtml_lang(out, note->lang);
  const char *mark = q_note_mark(&b->arena, note->u.note.number, symbols(b));
  q_buf_printf(out, ">\n<a class=\"noteback\" href=\"#fnref-%u\" role=\"doc-backlink\">",
               note->u.note.number);
  epub_xhtml_text(b, out, cs, mark, strlen(mark));
  q_buf_puts(out, "</a>\n");
}

void epub_note_close(q_buf *out) { q_buf_puts(out, "</aside>\n"); }
