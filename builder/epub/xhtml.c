/* xhtml: the content documents, one XHTML5 file per part, and the cover and
 * title pages.
 *
 * A part is walked once with q_iter. Blocks open and close elements on enter
 * and exit; a node that holds inlines (a title, a paragraph, the parts of a
 * bibliography entry) is written whole by epub_xhtml_inlines and skipped.
 * Alongside the elements the writer keeps a stack of computed styles (the
 * theme's cascade, as a reader would apply the CSS): every character is
 * declared to the fonts in the face it will be drawn in, so the subsets hold
 * exactly what the book shows.
 *
 * With the print edition, the markers of its pages go in as the text is
 * written (pagelist.c says where): a div before a block that a page opens,
 * a span in the text anywhere else. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/box.h"
#include "../model/lang.h"
#include "../base/mem.h"
#include "../model/names.h"
#include "book.h"
#include "notes.h"

/* ---- shared pieces ------------------------------------------------------ */

static void attr(q_buf *out, const char *name, const char *value) {
  q_buf_printf(out, " %s=\"", name);
  q_buf_add_xml(out, value, strlen(value));
  q_buf_putc(out, '"');
}

void epub_xhtml_lang(q_buf *out, const char *lang) {
  if (lang) {
    attr(out, "lang", lang);
    attr(out, "xml:lang", lang);
  }
}

void epub_xhtml_id_lang(q_buf *out, const q_node *n) {
  if (n->id)
    attr(out, "id", n->id);
  epub_xhtml_lang(out, n->lang);
}

void epub_xhtml_open(epub_book *b, q_buf *out, const char *lang, const char *title, const char *body_attrs) {
  q_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
                  "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\"");
  epub_xhtml_lang(out, lang ? lang : b->doc->meta.lang);
  q_buf_puts(out, ">\n<head>\n<title>");
  q_buf_add_xml(out, title, strlen(title));
  q_buf_puts(out, "</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>\n</head>\n<body");
  if (body_attrs)
    q_buf_printf(out, " %s", body_attrs);
  q_buf_puts(out, ">\n");
}

void epub_xhtml_close(q_buf *out) { q_buf_puts(out, "</body>\n</html>\n"); }

void epub_xhtml_text(epub_book *b, q_buf *out, const q_computed *cs, const char *s, size_t len) {
  q_buf_add_xml(out, s, len);
  epub_fonts_use(b->fonts, cs->font_family, cs->bold, cs->italic, b->text_lang ? b->text_lang : b->doc->meta.lang, s,
                 len);
}

static void text_z(epub_book *b, q_buf *out, const q_computed *cs, const char *s) {
  epub_xhtml_text(b, out, cs, s, strlen(s));
}

void epub_xhtml_label(epub_book *b, q_buf *out, const q_computed *cs, const char *text) {
  char primary[4];
  q_lang_primary(b->doc->meta.lang ? b->doc->meta.lang : "en", primary);
  q_buf_puts(out, "<span class=\"label\"");
  if (strcmp(primary, "en") != 0)
    q_buf_puts(out, " lang=\"en\" xml:lang=\"en\"");
  q_buf_putc(out, '>');
  text_z(b, out, cs, text);
  q_buf_puts(out, "</span>");
}

/* A growable stack of computed styles, one per open element. */
typedef struct styles {
  q_computed *v;
  size_t n, cap;
} styles;

/* parent may point into the stack itself, which growing moves: the style
 * is computed before the stack grows. The pointer returned is good until
 * the next push. */
static const q_computed *push(styles *st, const epub_book *b, q_sel sel, const q_computed *parent) {
  q_computed cs = q_style_compute(b->style, sel, parent);
  if (st->n == st->cap) {
    st->cap = st->cap ? 2 * st->cap : 16;
    st->v = q_realloc(st->v, st->cap, sizeof *st->v);
  }
  st->v[st->n] = cs;
  return &st->v[st->n++];
}

static const q_computed *top(const styles *st) { return &st->v[st->n - 1]; }

/* ---- inlines ------------------------------------------------------------ */

/* The element an inline node becomes, or NULL for none. */
static const char *inline_tag(const q_node *n, bool in_nav) {
  switch (n->kind) {
  case Q_EMPHASIS: return n->u.emphasis.strong ? "strong" : "em";
  case Q_CODE: return "code";
  case Q_CITETITLE: return "cite";
  case Q_LINK: return in_nav ? "span" : "a";
  case Q_XREF: return in_nav ? "span" : "a";
  case Q_FOOTNOTE: return NULL;    /* its mark: epub_note_mark */
  case Q_FOOTNOTEREF: return NULL;
  case Q_TEXT: return NULL;
  case Q_INLINE_MEDIA: return NULL; /* an <img>, written on its own */
  case Q_PERSON: return n->lang || (n->id && !in_nav) ? "span" : NULL;
  case Q_INLINE: return in_nav ? "span" : q_inline_info_of(n->u.inl.what)->xhtml;
  default: return "span";
  }
}

static q_sel inline_sel(const q_node *n) {
  switch (n->kind) {
  case Q_EMPHASIS: return n->u.emphasis.strong ? Q_SEL_STRONG : Q_SEL_EM;
  case Q_CODE: return Q_SEL_CODE;
  case Q_CITETITLE: return Q_SEL_CITE;
  case Q_LINK: return Q_SEL_A;
  case Q_XREF: return Q_SEL_A;
  case Q_INLINE: return (q_sel)(Q_SEL_INLINE + n->u.inl.what);
  default: return Q_SEL_COUNT; /* no rule: inherit */
  }
}

/* A DocBook inline's class: its element's name, then its role (an
 * emphasis role that made it, underline, is its name already). */
static void inline_attrs(q_buf *out, const q_node *n) {
  const char *name = q_inline_info_of(n->u.inl.what)->name;
  q_buf_printf(out, " class=\"%s", name);
  if (n->role && strcmp(n->role, name) != 0) {
    q_buf_putc(out, ' ');
    q_buf_add_xml(out, n->role, strlen(n->role));
  }
  q_buf_putc(out, '"');
}

/* "#id" -> "part.xhtml#id" (just "part.xhtml" for the part itself). */
static void link_href(const epub_book *b, q_buf *out, const char *href) {
  q_buf_puts(out, " href=\"");
  const char *file = href[0] == '#' ? epub_book_href_of(b, href + 1) : NULL;
  if (file) {
    q_buf_add_xml(out, file, strlen(file));
    bool part = false;
    for (size_t i = 0; i < b->nparts && !part; i++)
      part = b->parts[i].node->id && strcmp(b->parts[i].node->id, href + 1) == 0;
    if (!part)
      q_buf_add_xml(out, href, strlen(href));
  } else {
    q_buf_add_xml(out, href, strlen(href));
  }
  q_buf_putc(out, '"');
}

/* Text node t, with the markers of the print pages that begin in it. */
static void text_with_markers(epub_book *b, q_buf *out, const q_computed *cs, const q_node *t) {
  size_t count, at = 0;
  epub_page *const *m = epub_pages_in(b, t, &count);
  for (size_t i = 0; i < count; i++) {
    if (m[i]->written)
      continue;
    size_t off = m[i]->offset < t->u.text.len ? m[i]->offset : t->u.text.len;
    if (off < at)
      off = at;
    epub_xhtml_text(b, out, cs, t->u.text.text + at, off - at);
    epub_page_marker(out, m[i], false);
    at = off;
  }
  epub_xhtml_text(b, out, cs, t->u.text.text + at, t->u.text.len - at);
}

/* The language the typesetter breaks n's lines in: its first text's. */
static const char *breaking_lang(const epub_book *b, const q_node *n) {
  q_iter it;
  q_iter_start(&it, n);
  for (q_event ev; (ev = q_iter_next(&it)) != Q_EV_DONE;)
    if (ev == Q_EV_ENTER && it.node->kind == Q_TEXT)
      return q_node_lang(b->doc, it.node);
  return q_node_lang(b->doc, n);
}

static void inlines(epub_book *b, q_buf *out, const q_node *n, const q_computed *cs, bool in_nav,
                    bool self);

void epub_xhtml_inlines(epub_book *b, q_buf *out, const q_node *n, const q_computed *cs, bool in_nav) {
  inlines(b, out, n, cs, in_nav, false);
}

void epub_xhtml_inline(epub_book *b, q_buf *out, const q_node *n, const q_computed *cs) {
  inlines(b, out, n, cs, false, true);
}

/* n's inline content, and n's own element too when self. */
static void inlines(epub_book *b, q_buf *out, const q_node *n, const q_computed *cs, bool in_nav,
                    bool self) {
  const char *outer_lang = b->text_lang;
  b->text_lang = breaking_lang(b, n);
  styles st = {0};
  push(&st, b, Q_SEL_COUNT, cs);
  q_iter it;
  q_iter_start(&it, n);
  for (q_event ev; (ev = q_iter_next(&it)) != Q_EV_DONE;) {
    const q_node *c = it.node;
    if (c == n && !self)
      continue;
    if (c->kind == Q_TEXT) {
      if (in_nav)
        epub_xhtml_text(b, out, top(&st), c->u.text.text, c->u.text.len);
      else
        text_with_markers(b, out, top(&st), c);
      continue;
    }
    if (c->kind == Q_FOOTNOTE || c->kind == Q_FOOTNOTEREF) {
      /* The mark only: the note goes to the end of the document. */
      if (ev == Q_EV_ENTER && !in_nav)
        epub_note_mark(b, out, c, top(&st));
      if (ev == Q_EV_ENTER)
        q_iter_skip(&it);
      continue;
    }
    if (c->kind == Q_INLINE_MEDIA && ev == Q_EV_ENTER && !in_nav)
      epub_figure_inline(b, out, c);
    const char *tag = inline_tag(c, in_nav);
    if (ev == Q_EV_EXIT) {
      if (tag)
        q_buf_printf(out, "</%s>", tag);
      st.n--;
      continue;
    }
    push(&st, b, inline_sel(c), top(&st));
    if (!tag)
      continue;
    q_buf_printf(out, "<%s", tag);
    if (c->id && !in_nav)
      attr(out, "id", c->id);
    if (c->kind == Q_LINK && !in_nav)
      link_href(b, out, c->u.link.href);
    if (c->kind == Q_XREF && !in_nav)
      link_href(b, out, q_arena_printf(&b->arena, "#%s", c->u.xref.linkend));
    if (c->kind == Q_INLINE)
      inline_attrs(out, c);
    epub_xhtml_lang(out, c->lang);
    q_buf_putc(out, '>');
  }
  free(st.v);
  b->text_lang = outer_lang;
}

/* ---- a part ------------------------------------------------------------- */

static void open_tag(q_buf *out, const char *tag, const q_node *n, const char *extra) {
  q_buf_printf(out, "<%s", tag);
  if (n && n->id)
    attr(out, "id", n->id);
  if (extra)
    q_buf_printf(out, " %s", extra);
  if (n)
    epub_xhtml_lang(out, n->lang);
  q_buf_putc(out, '>');
}

/* A print page that begins with block n (not a part or section: their
 * markers go inside them, before the title), when n is written straight
 * into a section, a quotation or a note: its marker, an empty div before
 * the block. (In a list item the marker stays in the text, as a span.) */
static void block_marker(epub_book *b, q_buf *out, const q_node *n) {
  q_kind in = n->parent ? n->parent->kind : Q_DOC;
  if (in != Q_PART && in != Q_SECTION && in != Q_QUOTE && in != Q_ANECDOTE && in != Q_BIBLIO)
    return;
  epub_page *p = epub_pages_at_start(b, n);
  if (p)
    epub_page_marker(out, p, true);
}

/* A heading: h1 for the part (with a note's number), h2, h3... by level. */
static void heading(epub_book *b, q_buf *out, const q_node *title, const q_computed *parent) {
  const q_node *owner = title->parent;
  unsigned level = owner->kind == Q_SECTION ? owner->u.section.level + 1 : 1;
  if (level > 6)
    level = 6;
  q_sel sel = level == 1 ? Q_SEL_H1 : level == 2 ? Q_SEL_H2 : Q_SEL_H3;
  q_computed cs = q_style_compute(b->style, sel, parent);
  char tag[3] = {'h', (char)('0' + level), '\0'};
  open_tag(out, tag, title, NULL);
  if (owner->kind == Q_PART && owner->u.part.number) {
    char num[16];
    snprintf(num, sizeof num, "%u. ", owner->u.part.number);
    text_z(b, out, &cs, num);
  }
  epub_xhtml_inlines(b, out, title, &cs, false);
  q_buf_printf(out, "</%s>\n", tag);
  /* The subtitle right after the heading: not part of it, so the
   * navigation, made from headings' titles, never shows it. */
  const char *subtitle = q_node_titles(owner).subtitle;
  if (subtitle && *subtitle) {
    q_computed sub = q_style_subtitle(b->style, level < 3 ? level : 3, parent);
    q_buf_puts(out, "<p class=\"subtitle\">");
    text_z(b, out, &sub, subtitle);
    q_buf_puts(out, "</p>\n");
  }
}

static void para(epub_book *b, q_buf *out, const q_node *n, q_sel sel, const char *extra,
                 const q_computed *parent) {
  q_computed cs = q_style_compute(b->style, sel, parent);
  open_tag(out, "p", n, extra);
  epub_xhtml_inlines(b, out, n, &cs, false);
  q_buf_puts(out, "</p>\n");
}

/* The book a note is about: "Title: <cite>…</cite>" and "Author(s): …". */
static void biblio(epub_book *b, q_buf *out, const q_node *n, const q_computed *parent) {
  q_computed box = q_style_compute(b->style, Q_SEL_BIBLIO, parent);
  q_computed p = q_style_compute(b->style, Q_SEL_P, &box);
  open_tag(out, "div", n, "class=\"biblio\"");
  q_buf_putc(out, '\n');
  epub_figure_book_cover(b, out, n, &box);
  for (const q_node *c = n->first; c; c = c->next) {
    if (c->kind == Q_BIBLIO_TITLE || c->kind == Q_BIBLIO_AUTHORS || c->kind == Q_BIBLIO_DETAIL)
      block_marker(b, out, c); /* before the label */
    if (c->kind == Q_BIBLIO_DETAIL) { /* publisher, date, identifier, ... */
      q_buf_puts(out, "<p class=\"detail\">");
      epub_xhtml_label(b, out, &p, c->u.detail.label);
      text_z(b, out, &p, " ");
      epub_xhtml_inlines(b, out, c, &p, false);
      q_buf_puts(out, "</p>\n");
    }
    if (c->kind == Q_BIBLIO_TITLE) {
      q_computed cite = q_style_compute(b->style, Q_SEL_CITE, &p);
      q_buf_puts(out, "<p>");
      epub_xhtml_label(b, out, &p, "Title:");
      text_z(b, out, &p, " ");
      open_tag(out, "cite", c, NULL);
      epub_xhtml_inlines(b, out, c, &cite, false);
      q_buf_puts(out, "</cite></p>\n");
    } else if (c->kind == Q_BIBLIO_AUTHORS) {
      q_buf_puts(out, "<p>");
      epub_xhtml_label(b, out, &p, c->u.authors.count == 1 ? "Author:" : "Authors:");
      text_z(b, out, &p, " ");
      bool span = c->id || c->lang;
      if (span)
        open_tag(out, "span", c, NULL);
      epub_xhtml_inlines(b, out, c, &p, false);
      q_buf_puts(out, span ? "</span></p>\n" : "</p>\n");
    }
  }
  q_buf_puts(out, "</div>\n");
}

static const q_node *attribution_of(const q_node *quote) {
  for (const q_node *c = quote->first; c; c = c->next)
    if (c->kind == Q_ATTRIBUTION)
      return c;
  return NULL;
}

/* Open the element of a block (or write the whole of an inline container
 * and return true: skip its children). */
static bool enter_block(epub_book *b, q_buf *out, styles *st, const q_node *n) {
  const q_computed *parent = top(st);
  if (n->kind != Q_PART && n->kind != Q_SECTION && n->kind != Q_ATTRIBUTION)
    block_marker(b, out, n);
  switch (n->kind) {
  case Q_PART:
    push(st, b, Q_SEL_COUNT, parent);
    open_tag(out, "section", n, "epub:type=\"chapter\" role=\"doc-chapter\"");
    q_buf_putc(out, '\n');
    return false;
  case Q_SECTION: {
    push(st, b, Q_SEL_COUNT, parent);
    /* Its role, any role, is its class (docs/styles.md). */
    q_buf cls;
    q_buf_init(&cls);
    if (n->role) {
      q_buf_puts(&cls, "class=\"");
      q_buf_add_xml(&cls, n->role, strlen(n->role));
      q_buf_putc(&cls, '"');
    }
    open_tag(out, "section", n, n->role ? cls.data : NULL);
    q_buf_drop(&cls);
    q_buf_putc(out, '\n');
    return false;
  }
  case Q_LIST: {
    push(st, b, Q_SEL_UL, parent);
    q_buf extra;
    q_buf_init(&extra);
    epub_list_attrs(&extra, n);
    open_tag(out, n->u.list.ordered ? "ol" : "ul", n, extra.len ? extra.data : NULL);
    q_buf_drop(&extra);
    q_buf_putc(out, '\n');
    return false;
  }
  case Q_ITEM: {
    bool dd = n->parent && n->parent->kind == Q_VARENTRY;
    push(st, b, dd ? Q_SEL_DD : Q_SEL_LI, parent);
    q_buf extra;
    q_buf_init(&extra);
    epub_item_attrs(&extra, n);
    open_tag(out, dd ? "dd" : "li", n, extra.len ? extra.data : NULL);
    q_buf_drop(&extra);
    return false;
  }
  case Q_LISTING:
    epub_listing(b, out, n, parent);
    return true;
  case Q_SIMPLELIST:
    epub_simplelist(b, out, n, parent);
    return true;
  case Q_VARLIST:
    push(st, b, Q_SEL_UL, parent);
    open_tag(out, "dl", n, NULL);
    q_buf_putc(out, '\n');
    return false;
  case Q_VARENTRY:
    push(st, b, Q_SEL_COUNT, parent);
    return false;
  case Q_TERM: {
    q_computed cs = q_style_compute(b->style, Q_SEL_DT, parent);
    /* An entry's id goes on its first term, which a link then shows. */
    const q_node *entry = n->parent;
    q_buf extra;
    q_buf_init(&extra);
    if (entry->id && !n->id && n == entry->first)
      attr(&extra, "id", entry->id);
    open_tag(out, "dt", n, extra.len ? extra.data + 1 : NULL); /* attr writes a space first */
    q_buf_drop(&extra);
    epub_xhtml_inlines(b, out, n, &cs, false);
    q_buf_puts(out, "</dt>\n");
    return true;
  }
  case Q_QUOTE:
    if (attribution_of(n)) {
      q_buf_puts(out, "<figure class=\"quote\">\n");
      parent = push(st, b, Q_SEL_COUNT, parent);
    }
    push(st, b, Q_SEL_BLOCKQUOTE, parent);
    open_tag(out, "blockquote", n, NULL);
    q_buf_putc(out, '\n');
    return false;
  case Q_ANECDOTE:
    push(st, b, Q_SEL_ANECDOTE, parent);
    open_tag(out, "div", n, "class=\"anecdote\" role=\"note\"");
    q_buf_putc(out, '\n');
    return false;
  case Q_TITLE:
    heading(b, out, n, parent);
    return true;
  case Q_PARA:
    para(b, out, n, Q_SEL_P, NULL, parent);
    return true;
  case Q_BIBLIO:
    biblio(b, out, n, parent);
    return true;
  case Q_FOOTNOTE:
    epub_note_open(b, out, n, push(st, b, Q_SEL_FOOTNOTE, parent));
    return false;
  case Q_ATTRIBUTION: /* written after the quotation, at its exit */
  case Q_BOX_TITLE:   /* written as the box opens */
    return true;
  case Q_BOX:
    epub_box_open(b, out, n, push(st, b, q_box_sel(n->u.box.kind), parent));
    return false;
  case Q_EPIGRAPH:
  case Q_ABSTRACT:
    push(st, b, n->kind == Q_EPIGRAPH ? Q_SEL_EPIGRAPH : Q_SEL_ABSTRACT, parent);
    epub_apart_open(out, n);
    return false;
  case Q_BRIDGEHEAD:
    epub_bridgehead(b, out, n, parent);
    return true;
  case Q_TABLE:
    epub_table(b, out, n, parent);
    return true;
  case Q_FIGURE:
  case Q_MEDIA:
    epub_figure_block(b, out, n, parent);
    return true;
  default: /* an inline or inline container out of place: a paragraph */
    para(b, out, n, Q_SEL_P, NULL, parent);
    return true;
  }
}

static void exit_block(epub_book *b, q_buf *out, styles *st, const q_node *n) {
  switch (n->kind) {
  case Q_PART:
  case Q_SECTION: q_buf_puts(out, "</section>\n"); break;
  case Q_LIST: q_buf_puts(out, n->u.list.ordered ? "</ol>\n" : "</ul>\n"); break;
  case Q_ITEM:
    q_buf_puts(out, n->parent && n->parent->kind == Q_VARENTRY ? "</dd>\n" : "</li>\n");
    break;
  case Q_VARLIST: q_buf_puts(out, "</dl>\n"); break;
  case Q_VARENTRY: break;
  case Q_ANECDOTE: q_buf_puts(out, "</div>\n"); break;
  case Q_BOX: epub_box_close(out, n); break;
  case Q_EPIGRAPH:
  case Q_ABSTRACT: epub_apart_close(b, out, n, top(st)); break;
  case Q_FOOTNOTE: epub_note_close(out); break;
  case Q_QUOTE: {
    q_buf_puts(out, "</blockquote>\n");
    st->n--;
    const q_node *by = attribution_of(n);
    if (by) {
      q_computed cs = q_style_compute(b->style, Q_SEL_COUNT, top(st));
      open_tag(out, "figcaption", by, NULL);
      epub_page *p = epub_pages_at_start(b, by); /* before the dash */
      if (p)
        epub_page_marker(out, p, false);
      text_z(b, out, &cs, "\xE2\x80\x94 "); /* em dash */
      epub_xhtml_inlines(b, out, by, &cs, false);
      q_buf_puts(out, "</figcaption>\n</figure>\n");
      st->n--;
    }
    return;
  }
  default: return;
  }
  st->n--;
}

void epub_xhtml_part(epub_book *b, const epub_part *p, q_buf *out) {
  q_buf title;
  q_buf_init(&title);
  epub_part_title(&title, p->node);
  epub_xhtml_open(b, out, q_node_lang(b->doc, p->node), title.data ? title.data : "",
                  "epub:type=\"bodymatter\"");
  q_buf_drop(&title);

  styles st = {0};
  push(&st, b, Q_SEL_BODY, NULL);
  q_iter it;
  q_iter_start(&it, p->node);
  for (q_event ev; (ev = q_iter_next(&it)) != Q_EV_DONE;) {
    if (ev == Q_EV_EXIT)
      exit_block(b, out, &st, it.node);
    else if (enter_block(b, out, &st, it.node))
      q_iter_skip(&it);
  }
  /* The part's notes, in order, each an aside of its own. */
  q_iter_start(&it, p->node);
  for (q_event ev; (ev = q_iter_next(&it)) != Q_EV_DONE;) {
    if (ev != Q_EV_ENTER || it.node->kind != Q_FOOTNOTE)
      continue;
    q_iter notes;
    q_iter_start(&notes, it.node);
    for (q_event nev; (nev = q_iter_next(&notes)) != Q_EV_DONE;) {
      if (nev == Q_EV_EXIT)
        exit_block(b, out, &st, notes.node);
      else if (enter_block(b, out, &st, notes.node))
        q_iter_skip(&notes);
    }
    q_iter_skip(&it);
  }
  free(st.v);
  epub_xhtml_close(out);
}

/* ---- cover and title page ----------------------------------------------- */

/* "A", "A and B", "A, B and C" */
static void join_names(q_buf *out, const q_strlist *l) {
  for (size_t i = 0; i < l->count; i++) {
    if (i)
      q_buf_puts(out, i + 1 == l->count ? " and " : ", ");
    q_buf_puts(out, l->items[i]);
  }
}

void epub_xhtml_cover(epub_book *b, q_buf *out) {
  const q_meta *m = &b->doc->meta;
  epub_xhtml_open(b, out, NULL, "Cover", "class=\"cover\"");
  q_buf alt;
  q_buf_init(&alt);
  q_buf_printf(&alt, "Cover: %s", m->title ? m->title : "");
  if (m->subtitle)
    q_buf_printf(&alt, ": %s", m->subtitle);
  if (m->authors.count) {
    q_buf_puts(&alt, ", by ");
    join_names(&alt, &m->authors);
  }
  q_buf_printf(out, "<div class=\"cover\"><img src=\"%s\"", b->files[b->f_png].href);
  attr(out, "alt", alt.data);
  q_buf_puts(out, " epub:type=\"cover\" role=\"doc-cover\"/></div>\n");
  q_buf_drop(&alt);
  epub_xhtml_close(out);
}

static void meta_para(epub_book *b, q_buf *out, const char *cls, const char *text, const q_computed *body) {
  if (!text || !*text)
    return;
  q_computed cs = q_style_compute(b->style, Q_SEL_P, body);
  q_buf_printf(out, "<p class=\"%s\">", cls);
  text_z(b, out, &cs, text);
  q_buf_puts(out, "</p>\n");
}

/* "Edited by A and B", "Translated by C": a line per kind of credit. */
static void credits_paras(epub_book *b, q_buf *out, const q_computed *body) {
  const q_meta *m = &b->doc->meta;
  for (size_t i = 0; i < m->ncredits; i++) {
    q_buf line;
    q_buf_init(&line);
    if (q_credits_line(m, i, &line))
      meta_para(b, out, "credit", line.data, body);
    q_buf_drop(&line);
  }
}

void epub_xhtml_titlepage(epub_book *b, q_buf *out) {
  const q_meta *m = &b->doc->meta;
  const char *title = m->title ? m->title : "";
  epub_xhtml_open(b, out, NULL, title, "epub:type=\"frontmatter\"");
  q_computed body = q_style_compute(b->style, Q_SEL_BODY, NULL);
  q_computed h1 = q_style_compute(b->style, Q_SEL_H1, &body);
  epub_pages_front(b, out, b->f_title);
  q_buf_puts(out, "<section class=\"titlepage\" epub:type=\"titlepage\">\n<h1>");
  text_z(b, out, &h1, title);
  q_buf_puts(out, "</h1>\n");
  meta_para(b, out, "subtitle", m->subtitle, &body);
  bool affiliated = false;
  for (size_t i = 0; i < m->affiliations.count; i++)
    affiliated = affiliated || m->affiliations.items[i];
  if (affiliated) { /* each author, and under the name their organisation */
    for (size_t i = 0; i < m->authors.count; i++) {
      meta_para(b, out, "authors", m->authors.items[i], &body);
      if (i < m->affiliations.count)
        meta_para(b, out, "affiliation", m->affiliations.items[i], &body);
    }
  } else {
    q_buf names;
    q_buf_init(&names);
    join_names(&names, &m->authors);
    meta_para(b, out, "authors", names.data, &body);
    q_buf_drop(&names);
  }
  credits_paras(b, out, &body);
  meta_para(b, out, "description", m->description, &body);
  meta_para(b, out, "publisher", m->publisher, &body);
  /* The title page's back, as the print edition's page ii. */
  meta_para(b, out, "edition", m->edition, &body);
  meta_para(b, out, "releaseinfo", m->releaseinfo, &body);
  meta_para(b, out, "date", m->date_text, &body);
  meta_para(b, out, "copyright", m->copyright, &body);
  meta_para(b, out, "rights", m->rights, &body);
  q_buf_puts(out, "</section>\n");
  epub_xhtml_close(out);
}
