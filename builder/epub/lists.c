/* lists.c: what lists carry beyond <ul>/<ol>/<li> in the content documents.
 *
 * An ordered list names its numeration (list-style-type) and its first
 * number (start), an item its override (value): the reading system counts
 * as the print edition does. An itemized list's mark is its list-style-type
 * (a character of the author's as a CSS string); without one, the style
 * sheet gives each nesting level its own (disc, circle, square). A
 * simplelist is a list without marks: vertical ones in CSS columns (down
 * the columns), horizontal ones in a grid (across the rows), inline ones a
 * paragraph with the members joined by commas. */
#include <stdio.h>
#include <string.h>

#include "book.h"

void epub_list_attrs(q_buf *extra, const q_node *list) {
  if (list->u.list.ordered) {
    if (list->u.list.start != 1)
      q_buf_printf(extra, "start=\"%u\"", list->u.list.start);
    if (list->u.list.numeration != Q_NUM_ARABIC)
      q_buf_printf(extra, "%sstyle=\"list-style-type: %s\"", extra->len ? " " : "",
                   q_numeration_css(list->u.list.numeration));
    return;
  }
  const char *mark = list->u.list.mark;
  if (!mark)
    return;
  static const struct {
    const char *name, *css;
  } marks[] = {{"bullet", "disc"}, {"disc", "disc"}, {"circle", "circle"},
               {"square", "square"}, {"dash", "&quot;\xE2\x80\x93 &quot;"}, {"none", "none"}};
  for (size_t i = 0; i < sizeof marks / sizeof *marks; i++)
    if (strcmp(mark, marks[i].name) == 0) {
      q_buf_printf(extra, "style=\"list-style-type: %s\"", marks[i].css);
      return;
    }
  /* The author's character, as a CSS string: quotes and backslashes escaped. */
  q_buf_puts(extra, "style=\"list-style-type: &quot;");
  for (const char *c = mark; *c; c++) {
    if (*c == '"' || *c == '\\')
      q_buf_printf(extra, "\\%02x ", (unsigned)(unsigned char)*c);
    else if (*c == '<')
      q_buf_puts(extra, "&lt;");
    else if (*c == '&')
      q_buf_puts(extra, "&amp;");
    else
      q_buf_putc(extra, *c);
  }
  q_buf_puts(extra, " &quot;\"");
}

void epub_item_attrs(q_buf *extra, const q_node *item) {
  if (item->parent && item->parent->kind == Q_LIST && item->parent->u.list.ordered &&
      item->u.item.override)
    q_buf_printf(extra, "value=\"%u\"", item->u.item.override);
}

void epub_simplelist(epub_book *b, q_buf *out, const q_node *n, const q_computed *parent) {
  q_computed ul = q_style_compute(b->style, Q_SEL_UL, parent);
  q_computed cs = q_style_compute(b->style, Q_SEL_LI, &ul);
  bool inline_list = n->u.simplelist.type == Q_SIMPLELIST_INLINE;
  unsigned cols = n->u.simplelist.columns;
  const char *tag = inline_list ? "p" : "ul";
  q_buf_printf(out, "<%s", tag);
  if (n->id) {
    q_buf_puts(out, " id=\"");
    q_buf_add_xml(out, n->id, strlen(n->id));
    q_buf_putc(out, '"');
  }
  if (inline_list)
    q_buf_puts(out, " class=\"simplelist inline\"");
  else if (n->u.simplelist.type == Q_SIMPLELIST_HORIZONTAL)
    q_buf_printf(out, " class=\"simplelist horizontal\" style=\"grid-template-columns: repeat(%u, auto)\"",
                 cols);
  else if (cols > 1)
    q_buf_printf(out, " class=\"simplelist vertical\" style=\"column-count: %u\"", cols);
  else
    q_buf_puts(out, " class=\"simplelist vertical\"");
  epub_xhtml_lang(out, n->lang);
  q_buf_puts(out, inline_list ? ">" : ">\n");
  for (const q_node *m = n->first; m; m = m->next) {
    const char *mt = inline_list ? "span" : "li";
    if (inline_list && m != n->first)
      epub_xhtml_text(b, out, &cs, ", ", 2);
    q_buf_printf(out, "<%s", mt);
    if (m->id) {
      q_buf_puts(out, " id=\"");
      q_buf_add_xml(out, m->id, strlen(m->id));
      q_buf_putc(out, '"');
    }
    q_buf_putc(out, '>');
    epub_xhtml_inlines(b, out, m, &cs, false);
    q_buf_printf(out, inline_list ? "</%s>" : "</%s>\n", mt);
  }
  q_buf_printf(out, "</%s>\n", tag);
}

static const char lists_css[] =
    "/* Lists: each nesting level its own mark; the paragraph after a list,\n"
    " * a listing or a list of terms goes on unindented. */\n"
    "ul {\n  list-style-type: disc;\n}\n\n"
    "ul ul {\n  list-style-type: circle;\n}\n\n"
    "ul ul ul {\n  list-style-type: square;\n}\n\n"
    "ul + p, ol + p, dl + p, pre + p, p.simplelist + p {\n  text-indent: 0;\n}\n\n"
    "ul.simplelist {\n  list-style-type: none;\n  padding-left: 0;\n}\n\n"
    "ul.simplelist.horizontal {\n  display: grid;\n  column-gap: 1em;\n}\n\n"
    "dd > p:first-child {\n  text-indent: 0;\n}\n\n";

void epub_lists_css(q_buf *out) { q_buf_puts(out, lists_css); }
