#include "doc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../base/buf.h"
#include "../base/mem.h"

q_doc *q_doc_new(void) {
  q_doc *doc = q_zalloc(1, sizeof *doc);
  q_arena_init(&doc->arena);
  doc->root = q_node_new(doc, Q_DOC, (q_pos){NULL, 0, 0});
  return doc;
}

void q_doc_drop(q_doc *doc) {
  if (!doc)
    return;
  q_arena_drop(&doc->arena);
  free(doc);
}

q_node *q_node_new(q_doc *doc, q_kind kind, q_pos pos) {
  q_node *n = q_arena_alloc(&doc->arena, sizeof *n);
  n->kind = kind;
  n->pos = pos;
  return n;
}

void q_node_append(q_node *parent, q_node *child) {
  child->parent = parent;
  child->next = NULL;
  child->prev = parent->last;
  if (parent->last)
    parent->last->next = child;
  else
    parent->first = child;
  parent->last = child;
}

q_node *q_text_new(q_doc *doc, const char *text, size_t len, q_pos pos) {
  q_node *n = q_node_new(doc, Q_TEXT, pos);
  n->u.text.text = q_arena_strndup(&doc->arena, text, len);
  n->u.text.len = len;
  return n;
}

void q_strlist_push(q_doc *doc, q_strlist *l, const char *s) {
  /* Lists are short (authors, keywords): grow by copying into the arena. */
  const char **items = q_arena_alloc(&doc->arena, (l->count + 1) * sizeof *items);
  if (l->count)
    memcpy(items, l->items, l->count * sizeof *items);
  items[l->count++] = s;
  l->items = items;
}

static const char *const kind_names[Q_KIND_COUNT] = {
    [Q_DOC] = "doc",
    [Q_PART] = "part",
    [Q_SECTION] = "section",
    [Q_LIST] = "list",
    [Q_ITEM] = "item",
    [Q_QUOTE] = "quote",
    [Q_ANECDOTE] = "anecdote",
    [Q_BIBLIO] = "biblio",
    [Q_TITLE] = "title",
    [Q_PARA] = "para",
    [Q_ATTRIBUTION] = "attribution",
    [Q_BIBLIO_TITLE] = "biblio-title",
    [Q_BIBLIO_AUTHORS] = "biblio-authors",
    [Q_TEXT] = "text",
    [Q_EMPHASIS] = "emphasis",
    [Q_CODE] = "code",
    [Q_CITETITLE] = "citetitle",
    [Q_LINK] = "link",
    [Q_FOREIGN] = "foreign",
    [Q_PERSON] = "person",
    [Q_BOX] = "box",
    [Q_BOX_TITLE] = "box-title",
    [Q_EPIGRAPH] = "epigraph",
    [Q_BRIDGEHEAD] = "bridgehead",
    [Q_ABSTRACT] = "abstract",
    [Q_XREF] = "xref",
    [Q_FOOTNOTE] = "footnote",
    [Q_FOOTNOTEREF] = "footnoteref",
    [Q_TABLE] = "table",
    [Q_TROW] = "table-row",
    [Q_TCELL] = "table-cell",
    [Q_INLINE] = "inline",
    [Q_BIBLIO_DETAIL] = "biblio-detail",
    [Q_LISTING] = "listing",
    [Q_VARLIST] = "varlist",
    [Q_VARENTRY] = "varentry",
    [Q_TERM] = "term",
    [Q_SIMPLELIST] = "simplelist",
    [Q_MEMBER] = "member",
    [Q_FIGURE] = "figure",
    [Q_MEDIA] = "media",
    [Q_CAPTION] = "caption",
    [Q_INLINE_MEDIA] = "inline-media",
};

const char *q_kind_name(q_kind kind) {
  return (unsigned)kind < Q_KIND_COUNT ? kind_names[kind] : "?";
}

/* Kinds are appended to the enum by feature, so inlines are listed here,
 * not taken from a range of it. */
bool q_kind_is_inline(q_kind kind) {
  switch (kind) {
  case Q_TEXT: case Q_EMPHASIS: case Q_CODE: case Q_CITETITLE: case Q_LINK: case Q_FOREIGN:
  case Q_PERSON:
  case Q_XREF: case Q_FOOTNOTE: case Q_FOOTNOTEREF:
  case Q_INLINE: case Q_INLINE_MEDIA:
    return true;
  default:
    return false;
  }
}

bool q_kind_is_block(q_kind kind) { return kind < Q_KIND_COUNT && !q_kind_is_inline(kind); }

static bool holds_inlines(q_kind k) {
  return k == Q_TITLE || k == Q_PARA || k == Q_ATTRIBUTION || k == Q_BIBLIO_TITLE ||
         k == Q_BIBLIO_AUTHORS || k == Q_BOX_TITLE || k == Q_BRIDGEHEAD || k == Q_BIBLIO_DETAIL ||
         k == Q_LISTING || k == Q_TERM || k == Q_MEMBER;
}

const char *q_node_lang(const q_doc *doc, const q_node *n) {
  for (; n; n = n->parent)
    if (n->lang)
      return n->lang;
  return doc->meta.lang ? doc->meta.lang : "en";
}

q_node *q_node_title(const q_node *n) {
  if ((n->kind == Q_PART || n->kind == Q_SECTION) && n->first && n->first->kind == Q_TITLE)
    return n->first;
  return NULL;
}

q_titles q_node_titles(const q_node *n) {
  if (n->kind == Q_PART)
    return n->u.part.titles;
  if (n->kind == Q_SECTION)
    return n->u.section.titles;
  return (q_titles){NULL, NULL};
}

char *q_node_plain_text(q_arena *a, const q_node *n) {
  q_buf b;
  q_buf_init(&b);
  q_iter it;
  q_iter_start(&it, n);
  for (q_event ev; (ev = q_iter_next(&it)) != Q_EV_DONE;)
    if (ev == Q_EV_ENTER && it.node->kind == Q_FOOTNOTE && it.node != n)
      q_iter_skip(&it); /* a note is not part of the text it is attached to */
    else if (ev == Q_EV_ENTER && it.node->kind == Q_TEXT)
      q_buf_add(&b, it.node->u.text.text, it.node->u.text.len);
  char *s = q_arena_strndup(a, b.data ? b.data : "", b.len);
  q_buf_drop(&b);
  return s;
}

/* May a node of kind `child` sit directly in a node of kind `parent`? */
static bool may_contain(q_kind parent, q_kind child) {
  switch (parent) {
  case Q_DOC:
    return child == Q_PART;
  case Q_PART:
  case Q_SECTION:
  case Q_ITEM:
  case Q_QUOTE:
  case Q_ANECDOTE:
  case Q_BOX:
  case Q_EPIGRAPH:
  case Q_ABSTRACT:
  case Q_TCELL:
    return q_kind_is_block(child) && child != Q_DOC && child != Q_PART &&
           child != Q_TROW && child != Q_TCELL && (child != Q_TABLE || parent != Q_TCELL) &&
           child != Q_BIBLIO_TITLE && child != Q_BIBLIO_AUTHORS && child != Q_BIBLIO_DETAIL &&
           child != Q_VARENTRY && child != Q_TERM && child != Q_MEMBER &&
           (child != Q_TITLE || parent == Q_PART || parent == Q_SECTION) &&
           (child != Q_ATTRIBUTION || parent == Q_QUOTE || parent == Q_EPIGRAPH) &&
           (child != Q_BOX_TITLE || parent == Q_BOX) &&
           (child != Q_ABSTRACT || parent == Q_PART) && child != Q_CAPTION;
  case Q_FIGURE:
    return child == Q_TITLE || child == Q_MEDIA;
  case Q_MEDIA:
    return child == Q_CAPTION;
  case Q_CAPTION:
    return child == Q_PARA;
  case Q_INLINE_MEDIA:
    return false;
  case Q_LIST:
    return child == Q_ITEM;
  case Q_VARLIST:
    return child == Q_VARENTRY;
  case Q_VARENTRY:
    return child == Q_TERM || child == Q_ITEM;
  case Q_SIMPLELIST:
    return child == Q_MEMBER;
  case Q_BIBLIO:
    return child == Q_BIBLIO_TITLE || child == Q_BIBLIO_AUTHORS || child == Q_BIBLIO_DETAIL ||
           child == Q_MEDIA;
  case Q_TABLE:
    return child == Q_TITLE || child == Q_TROW;
  case Q_TROW:
    return child == Q_TCELL;
  case Q_TEXT:
  case Q_FOOTNOTEREF:
    return false;
  case Q_FOOTNOTE: /* a note holds what a list item holds */
    return child == Q_PARA || child == Q_LIST;
  default:
    return holds_inlines(parent) || q_kind_is_inline(parent) ? q_kind_is_inline(child) : false;
  }
}

static bool ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

static bool same_ascii(const char *a, const char *b, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? (char)(a[i] - 'A' + 'a') : a[i];
    if (x != b[i])
      return false;
  }
  return true;
}

const char *q_link_href_problem(const char *href) {
  size_t len = strlen(href);
  for (size_t i = 0; i < len; i++)
    if ((unsigned char)href[i] < 0x20 || href[i] == 0x7f)
      return "it holds a control character";
  if (len && (href[0] == ' ' || href[len - 1] == ' '))
    return "it begins or ends with a space";
  /* RFC 3986: a scheme is a letter, then letters, digits, '+', '-', '.',
   * up to the first ':'; a ':' after a '/', '?' or '#' is part of a path. */
  size_t n = 0;
  if (ascii_alpha(href[0]))
    while (ascii_alpha(href[n]) || (href[n] >= '0' && href[n] <= '9') || href[n] == '+' ||
           href[n] == '-' || href[n] == '.')
      n++;
  if (n && href[n] == ':') {
    static const char *const allowed[] = {"http", "https", "mailto", "tel"};
    for (size_t i = 0; i < sizeof allowed / sizeof *allowed; i++)
      if (strlen(allowed[i]) == n && same_ascii(href, allowed[i], n))
        return NULL;
    return "a link may be http:, https:, mailto:, tel: or relative to the book";
  }
  if (strchr(href, ':') && strcspn(href, ":") < strcspn(href, "/?#"))
    return "a relative address cannot hold ':' before its first '/'";
  if (href[0] == '/')
    return "a relative address cannot begin with '/' (it would leave the book)";
  if (strchr(href, '\\'))
    return "an address cannot hold '\\'";
  /* ".." segments, counted against the depth reached: one that climbs
   * above the book's top leaves it. */
  long depth = 0;
  for (const char *p = href; *p && *p != '?' && *p != '#';) {
    size_t seg = strcspn(p, "/?#");
    if (seg == 2 && p[0] == '.' && p[1] == '.')
      depth--;
    else if (!(seg == 1 && p[0] == '.') && seg)
      depth++;
    if (depth < 0)
      return "a relative address cannot climb out of the book ('..')";
    p += seg;
    if (*p == '/')
      p++;
  }
  return NULL;
}

unsigned q_doc_check(const q_doc *doc, q_diag *d) {
  unsigned problems = 0;
  if (!doc->root || doc->root->kind != Q_DOC || doc->root->parent) {
    q_error(d, (q_pos){doc->path, 0, 0}, "model: root is not a detached Q_DOC");
    return 1;
  }
  q_iter it;
  q_iter_start(&it, doc->root);
  for (q_event ev; (ev = q_iter_next(&it)) != Q_EV_DONE;) {
    if (ev != Q_EV_ENTER)
      continue;
    const q_node *n = it.node;
    const q_node *prev = NULL;
    for (const q_node *c = n->first; c; prev = c, c = c->next) {
      if (c->parent != n || c->prev != prev) {
        q_error(d, c->pos, "model: broken links at %s", q_kind_name(c->kind));
        problems++;
      }
      if (!may_contain(n->kind, c->kind)) {
        q_error(d, c->pos, "model: %s inside %s", q_kind_name(c->kind), q_kind_name(n->kind));
        problems++;
      }
      if (c->kind == Q_TITLE && c != n->first) {
        q_error(d, c->pos, "model: title is not the first child");
        problems++;
      }
    }
    if (n->last != prev) {
      q_error(d, n->pos, "model: last child of %s is wrong", q_kind_name(n->kind));
      problems++;
    }
    if ((n->kind == Q_PART || n->kind == Q_SECTION) && (!q_node_title(n) || !n->id)) {
      q_error(d, n->pos, "model: %s without title or id", q_kind_name(n->kind));
      problems++;
    }
    const char *why;
    if (n->kind == Q_LINK && n->u.link.href && (why = q_link_href_problem(n->u.link.href))) {
      q_error(d, n->pos, "model: a link's address is refused: %s", why);
      problems++;
    }
    if ((n->kind == Q_XREF || n->kind == Q_FOOTNOTEREF) &&
        (!n->u.xref.target || (n->kind == Q_FOOTNOTEREF && n->u.xref.target->kind != Q_FOOTNOTE))) {
      q_error(d, n->pos, "model: %s to '%s' without its target", q_kind_name(n->kind),
              n->u.xref.linkend ? n->u.xref.linkend : "");
      problems++;
    }
    if (n->kind == Q_FOOTNOTE && (!n->u.note.number || !n->first)) {
      q_error(d, n->pos, "model: footnote without a number or content");
      problems++;
    }
    if (n->kind == Q_TEXT && n->first) {
      q_error(d, n->pos, "model: text with children");
      problems++;
    }
  }
  return problems;
}

void q_iter_start(q_iter *it, const q_node *root) {
  it->root = root;
  it->node = NULL;
  it->ev = Q_EV_DONE;
  it->started = false;
}

q_event q_iter_next(q_iter *it) {
  q_node *n = it->node;
  if (!n) {
    if (it->started || !it->root)
      return it->ev = Q_EV_DONE; /* finished, or nothing to walk */
    it->started = true;
    it->node = (q_node *)(uintptr_t)it->root;
    return it->ev = Q_EV_ENTER;
  }
  if (it->ev == Q_EV_ENTER && n->kind != Q_TEXT) {
    if (n->first) {
      it->node = n->first;
      return it->ev = Q_EV_ENTER;
    }
    return it->ev = Q_EV_EXIT; /* empty container: exit right away */
  }
  /* After a text enter or any exit: move on. */
  if (n == it->root) {
    it->node = NULL;
    return it->ev = Q_EV_DONE;
  }
  if (n->next) {
    it->node = n->next;
    return it->ev = Q_EV_ENTER;
  }
  it->node = n->parent;
  return it->ev = Q_EV_EXIT;
}

void q_iter_skip(q_iter *it) {
  if (it->node && it->ev == Q_EV_ENTER && it->node->kind != Q_TEXT)
    it->ev = Q_EV_EXIT;
}
