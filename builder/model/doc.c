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
    [Q_FIGURE] = "figure",
    [Q_MEDIA] = "media",
    [Q_CAPTION] = "caption",
    [Q_INLINE_MEDIA] = "inline-media",
};

const char *q_kind_name(q_kind kind) {
  return (unsigned)kind < Q_KIND_COUNT ? kind_names[kind] : "?";
}

bool q_kind_is_inline(q_kind kind) {
  return (kind >= Q_TEXT && kind <= Q_PERSON) || kind == Q_INLINE_MEDIA;
}

bool q_kind_is_block(q_kind kind) { return kind < Q_TEXT || (kind >= Q_FIGURE && kind <= Q_CAPTION); }

static bool holds_inlines(q_kind k) {
  return k == Q_TITLE || k == Q_PARA || k == Q_ATTRIBUTION || k == Q_BIBLIO_TITLE ||
         k == Q_BIBLIO_AUTHORS;
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
    if (ev == Q_EV_ENTER && it.node->kind == Q_TEXT)
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
    return q_kind_is_block(child) && child != Q_DOC && child != Q_PART &&
           child != Q_BIBLIO_TITLE && child != Q_BIBLIO_AUTHORS &&
           (child != Q_TITLE || parent == Q_PART || parent == Q_SECTION) &&
           (child != Q_ATTRIBUTION || parent == Q_QUOTE) && child != Q_CAPTION;
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
  case Q_BIBLIO:
    return child == Q_BIBLIO_TITLE || child == Q_BIBLIO_AUTHORS || child == Q_MEDIA;
  case Q_TEXT:
    return false;
  default:
    return holds_inlines(parent) || q_kind_is_inline(parent) ? q_kind_is_inline(child) : false;
  }
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
