/* listing.c: program listings, screens, synopses and literal layouts in the
 * content documents.
 *
 * A listing is a <pre> (class programlisting, screen, synopsis or
 * literallayout) whose text is the model's, line ends and spaces as typed
 * (tabs were expanded by the reader, so both outputs show the same
 * columns); a program listing or synopsis holds a <code>, a screen a
 * <samp>, with the language as a class (language-python). The style sheet
 * wraps long lines (white-space: pre-wrap). A numbered listing puts each
 * line in a <span class="line">: the numbers are CSS counters, drawn by the
 * reading system and never part of the text, so copying the code copies no
 * numbers. Its inline markup stays, but for an element that holds a line
 * end, which is written as its text. */
#include <string.h>

#include "book.h"

/* One text node of a numbered listing: lines close and open their span at
 * each line end; the print pages' markers go in where they begin. */
static void numbered_text(epub_book *b, q_buf *out, const q_computed *cs, const q_node *t) {
  size_t count;
  epub_page *const *m = epub_pages_in(b, t, &count);
  size_t next_marker = 0, at = 0;
  const char *s = t->u.text.text;
  for (size_t i = 0; i <= t->u.text.len; i++) {
    bool marker = next_marker < count && m[next_marker]->offset <= i;
    bool end = i == t->u.text.len || s[i] == '\n';
    if (!marker && !end)
      continue;
    epub_xhtml_text(b, out, cs, s + at, i - at);
    at = i;
    if (marker) {
      if (!m[next_marker]->written)
        epub_page_marker(out, m[next_marker], false);
      next_marker++;
      i--; /* look at this byte again: another marker, or a line end */
      continue;
    }
    if (i < t->u.text.len) {
      q_buf_puts(out, "</span>\n<span class=\"line\">");
      at = i + 1;
    }
  }
}

/* Does inline n hold a line end? (Its markup cannot then stay whole in
 * a line's span.) */
static bool spans_lines(const q_node *n) {
  q_iter it;
  q_iter_start(&it, n);
  for (q_event ev; (ev = q_iter_next(&it)) != Q_EV_DONE;)
    if (ev == Q_EV_ENTER && it.node->kind == Q_TEXT &&
        memchr(it.node->u.text.text, '\n', it.node->u.text.len))
      return true;
  return false;
}

void epub_listing(epub_book *b, q_buf *out, const q_node *n, const q_computed *parent) {
  q_listing_kind kind = n->u.listing.kind;
  q_computed cs = q_style_compute(b->style, kind == Q_LISTING_LITERAL ? Q_SEL_LITERAL : Q_SEL_PRE,
                                  parent);
  const char *inner = kind == Q_LISTING_SCREEN ? "samp" : kind == Q_LISTING_LITERAL ? NULL : "code";
  q_buf_puts(out, "<pre");
  if (n->id) {
    q_buf_puts(out, " id=\"");
    q_buf_add_xml(out, n->id, strlen(n->id));
    q_buf_putc(out, '"');
  }
  q_buf_printf(out, " class=\"%s%s\"", q_listing_kind_name(kind),
               n->u.listing.numbered ? " numbered" : "");
  epub_xhtml_lang(out, n->lang);
  q_buf_putc(out, '>');
  if (inner) {
    q_buf_printf(out, "<%s", inner);
    if (n->u.listing.language) {
      q_buf_puts(out, " class=\"language-");
      q_buf_add_xml(out, n->u.listing.language, strlen(n->u.listing.language));
      q_buf_putc(out, '"');
    }
    q_buf_putc(out, '>');
  }
  if (n->u.listing.numbered) {
    /* The counters' digits are drawn in the listing's face: the subset
     * must have them. */
    epub_fonts_use(b->fonts, cs.font_family, cs.bold, cs.italic, q_node_lang(b->doc, n),
                   "0123456789", 10);
    q_buf_puts(out, "<span class=\"line\">");
    for (const q_node *c = n->first; c; c = c->next) {
      if (c->kind != Q_TEXT && !spans_lines(c)) {
        epub_xhtml_inline(b, out, c, &cs); /* markup within a line stays */
        continue;
      }
      q_iter it;
      q_iter_start(&it, c);
      for (q_event ev; (ev = q_iter_next(&it)) != Q_EV_DONE;)
        if (ev == Q_EV_ENTER && it.node->kind == Q_TEXT)
          numbered_text(b, out, &cs, it.node);
    }
    q_buf_puts(out, "</span>");
  } else {
    epub_xhtml_inlines(b, out, n, &cs, false);
  }
  if (inner)
    q_buf_printf(out, "</%s>", inner);
  q_buf_puts(out, "</pre>\n");
}

/* Layout only (the faces are the theme's, declared as the text is written). */
static const char listing_css[] =
    "/* Listings: lines as typed, long ones wrapped; numbers that are not text. */\n"
    "pre {\n  white-space: pre-wrap;\n  overflow-wrap: break-word;\n  text-align: left;\n"
    "  -webkit-hyphens: none;\n  hyphens: none;\n}\n\n"
    "pre code, pre samp {\n  font-size: 1em;\n}\n\n"
    "pre.numbered {\n  counter-reset: line;\n  padding-left: 3em;\n}\n\n"
    "pre.numbered .line {\n  counter-increment: line;\n}\n\n"
    "pre.numbered .line::before {\n  content: counter(line);\n  display: inline-block;\n"
    "  width: 2.5em;\n  margin-left: -3em;\n  margin-right: 0.5em;\n  text-align: right;\n"
    "  color: #666666;\n  -webkit-user-select: none;\n  user-select: none;\n}\n\n";

void epub_listing_css(q_buf *out) { q_buf_puts(out, listing_css); }
