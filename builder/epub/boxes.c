/* boxes.c: the EPUB's boxes and set-apart blocks (book.h).
 *
 * An admonition is a div with role="note" whose accessible name says its
 * kind and title ("Warning: Hot surface"), and whose first paragraph shows
 * the same words; a sidebar is an aside; an example a div of role group
 * named by its caption ("Example 1. ..."). An epigraph is a div of role
 * doc-epigraph, its attribution a paragraph after its text; a part's
 * abstract a div of role doc-abstract; a bridgehead a paragraph of role
 * heading at the level it looks like. The classes are the theme's
 * selectors, so the CSS generated from the theme styles them. The heading
 * line's text is declared to the fonts in the strong face it is drawn in. */
#include <stdio.h>
#include <string.h>

#include "../model/box.h"
#include "book.h"

static void attr(q_buf *out, const char *name, const char *value) {
  q_buf_printf(out, " %s=\"", name);
  q_buf_add_xml(out, value, strlen(value));
  q_buf_putc(out, '"');
}

/* id and language, as every element the writer opens for a node. */
static void node_attrs(q_buf *out, const q_node *n) {
  if (n->id)
    attr(out, "id", n->id);
  if (n->lang) {
    attr(out, "lang", n->lang);
    attr(out, "xml:lang", n->lang);
  }
}

static const char *box_class(q_box_kind k) {
  return q_box_is_admonition(k) ? "admonition" : k == Q_BOX_SIDEBAR ? "sidebar" : "example";
}

void epub_box_open(epub_book *b, q_buf *out, const q_node *n, const q_computed *cs) {
  q_box_kind kind = (q_box_kind)n->u.box.kind;
  const q_node *title = q_box_title(n);
  const char *prefix = q_box_prefix(&b->arena, n);
  q_buf name;
  q_buf_init(&name);
  if (prefix)
    q_buf_puts(&name, prefix);
  if (title)
    epub_plain_text(&name, title);
  while (name.len && (name.data[name.len - 1] == ' ' || name.data[name.len - 1] == '.' ||
                      name.data[name.len - 1] == ':'))
    name.data[--name.len] = '\0';
  bool admonition = q_box_is_admonition(kind);
  q_buf_printf(out, "<%s", kind == Q_BOX_SIDEBAR ? "aside" : "div");
  node_attrs(out, n);
  q_buf_printf(out, " class=\"%s", box_class(kind));
  if (admonition)
    q_buf_printf(out, " %s", q_box_element(kind));
  q_buf_putc(out, '"');
  if (admonition)
    q_buf_puts(out, " role=\"note\"");
  else if (kind == Q_BOX_EXAMPLE)
    q_buf_puts(out, " role=\"group\"");
  if (name.len)
    attr(out, "aria-label", name.data);
  q_buf_puts(out, ">\n");
  q_buf_drop(&name);
  if (!prefix && !title)
    return;
  q_computed strong = q_style_compute(b->style, Q_SEL_STRONG, cs);
  q_buf_puts(out, "<p class=\"box-title\"><strong>");
  if (prefix)
    epub_xhtml_label(b, out, &strong, prefix);
  if (title)
    epub_xhtml_inlines(b, out, title, &strong, false);
  q_buf_puts(out, "</strong></p>\n");
}

void epub_box_close(q_buf *out, const q_node *n) {
  q_buf_puts(out, n->u.box.kind == Q_BOX_SIDEBAR ? "</aside>\n" : "</div>\n");
}

void epub_apart_open(q_buf *out, const q_node *n) {
  if (n->kind == Q_EPIGRAPH) {
    q_buf_puts(out, "<div");
    node_attrs(out, n);
    q_buf_puts(out, " class=\"epigraph\" epub:type=\"epigraph\" role=\"doc-epigraph\">\n");
  } else {
    q_buf_puts(out, "<div");
    node_attrs(out, n);
    q_buf_puts(out, " class=\"abstract\" epub:type=\"abstract\" role=\"doc-abstract\">\n");
  }
}

void epub_apart_close(epub_book *b, q_buf *out, const q_node *n, const q_computed *cs) {
  const q_node *by = NULL;
  for (const q_node *c = n->first; c; c = c->next)
    if (c->kind == Q_ATTRIBUTION)
      by = c;
  if (by) {
    q_computed p = q_style_compute(b->style, Q_SEL_P, cs);
    q_buf_puts(out, "<p class=\"attribution\"");
    node_attrs(out, by);
    q_buf_putc(out, '>');
    epub_page *pg = epub_pages_at_start(b, by); /* before the dash */
    if (pg)
      epub_page_marker(out, pg, false);
    epub_xhtml_text(b, out, &p, "\xE2\x80\x94 ", 4); /* em dash */
    epub_xhtml_inlines(b, out, by, &p, false);
    q_buf_puts(out, "</p>\n");
  }
  q_buf_puts(out, "</div>\n");
}

void epub_bridgehead(epub_book *b, q_buf *out, const q_node *n, const q_computed *parent) {
  q_computed cs = q_style_compute(b->style, Q_SEL_BRIDGEHEAD, parent);
  unsigned level = n->u.bridgehead.level >= 2 && n->u.bridgehead.level <= 6 ? n->u.bridgehead.level : 2;
  q_buf_puts(out, "<p");
  node_attrs(out, n);
  q_buf_printf(out, " class=\"bridgehead\" role=\"heading\" aria-level=\"%u\">", level);
  epub_xhtml_inlines(b, out, n, &cs, false);
  q_buf_puts(out, "</p>\n");
}
