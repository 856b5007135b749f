/* xref.c: targets of cross-references, their texts, footnote numbers.
 *
 * Targets are found through one hash table of the doc's ids, built once,
 * so that resolving a book's references is linear in its size. */
#include "xref.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../base/mem.h"

typedef struct idmap {
  const q_node **slot;
  size_t cap;
} idmap;

static size_t hash(const char *s) {
  size_t h = 1469598103934665603u;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211u;
  return h;
}

static const q_node **find(idmap *m, const char *id) {
  size_t i = hash(id) & (m->cap - 1);
  while (m->slot[i] && strcmp(m->slot[i]->id, id) != 0)
    i = (i + 1) & (m->cap - 1);
  return &m->slot[i];
}

static void idmap_build(idmap *m, const q_doc *doc) {
  size_t count = 0;
  q_iter it;
  q_iter_start(&it, doc->root);
  for (q_event ev; (ev = q_iter_next(&it)) != Q_EV_DONE;)
    if (ev == Q_EV_ENTER && it.node->id)
      count++;
  m->cap = 16;
  while (m->cap < 2 * count + 2)
    m->cap *= 2;
  m->slot = q_zalloc(m->cap, sizeof *m->slot);
  q_iter_start(&it, doc->root);
  for (q_event ev; (ev = q_iter_next(&it)) != Q_EV_DONE;)
    if (ev == Q_EV_ENTER && it.node->id) {
      const q_node **s = find(m, it.node->id);
      if (!*s) /* the first of duplicates: the reader reports the others */
        *s = it.node;
    }
}

static const char *quoted_title(q_doc *doc, const q_node *n) {
  const q_node *t = q_node_title(n);
  const char *plain = t ? q_node_plain_text(&doc->arena, t) : "";
  return q_arena_printf(&doc->arena, "\u201C%s\u201D", plain);
}

const char *q_xref_label(q_doc *doc, const q_node *target) {
  switch (target->kind) {
  case Q_PART:
    if (target->u.part.number)
      return q_arena_printf(&doc->arena, "note %u, %s", target->u.part.number,
                            quoted_title(doc, target));
    return quoted_title(doc, target);
  case Q_SECTION:
    return quoted_title(doc, target);
  case Q_FOOTNOTE:
    return q_arena_printf(&doc->arena, "note %u", target->u.note.number);
  default:
    return NULL;
  }
}

const q_node *q_note_of(const q_node *n) {
  if (n->kind == Q_FOOTNOTE)
    return n;
  if (n->kind == Q_FOOTNOTEREF && n->u.xref.target && n->u.xref.target->kind == Q_FOOTNOTE)
    return n->u.xref.target;
  return NULL;
}

const char *q_note_mark(q_arena *a, unsigned n, bool symbols) {
  if (!symbols || n == 0)
    return q_arena_printf(a, "%u", n);
  static const char *const sym[] = {"*", "\u2020", "\u2021", "\u00A7"};
  unsigned k = (n - 1) % 4, times = (n - 1) / 4 + 1;
  char buf[64] = "";
  for (unsigned i = 0; i < times && strlen(buf) + 4 < sizeof buf; i++)
    strcat(buf, sym[k]);
  return q_arena_strdup(a, buf);
}

static void number_footnotes(q_doc *doc) {
  for (q_node *part = doc->root->first; part; part = part->next) {
    unsigned k = 0;
    q_iter it;
    q_iter_start(&it, part);
    for (q_event ev; (ev = q_iter_next(&it)) != Q_EV_DONE;)
      if (ev == Q_EV_ENTER && it.node->kind == Q_FOOTNOTE)
        it.node->u.note.number = ++k;
  }
}

unsigned q_xref_resolve(q_doc *doc, q_node *const *refs, const char *const *ends, size_t n,
                        q_diag *d) {
  number_footnotes(doc);
  if (n == 0)
    return 0;
  idmap m;
  idmap_build(&m, doc);
  unsigned errors = 0;
  for (size_t i = 0; i < n; i++) {
    q_node *r = refs[i];
    const q_node *target = *find(&m, r->u.xref.linkend);
    if (!target) {
      q_error(d, r->pos, "%s to an unknown id '%s'", q_kind_name(r->kind), r->u.xref.linkend);
      errors++;
      continue;
    }
    r->u.xref.target = target;
    if (r->kind == Q_FOOTNOTEREF) {
      if (target->kind != Q_FOOTNOTE) {
        q_error(d, r->pos, "footnoteref to '%s', which is a %s, not a footnote",
                r->u.xref.linkend, q_kind_name(target->kind));
        errors++;
      }
      continue;
    }
    const char *text = target->xreflabel;
    if (ends && ends[i]) {
      const q_node *end = *find(&m, ends[i]);
      if (!end) {
        q_error(d, r->pos, "xref endterm names an unknown id '%s'", ends[i]);
        errors++;
        continue;
      }
      const q_node *t = q_node_title(end);
      text = q_node_plain_text(&doc->arena, t ? t : end);
    }
    if (!text)
      text = q_xref_label(doc, target);
    if (!text) {
      q_error(d, r->pos, "xref to a %s ('%s') needs an xreflabel on its target, or an endterm",
              q_kind_name(target->kind), r->u.xref.linkend);
      errors++;
      continue;
    }
    q_node_append(r, q_text_new(doc, text, strlen(text), r->pos));
  }
  free(m.slot);
  return errors;
}
