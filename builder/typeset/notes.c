/* notes.c: page labels of cross-reference targets; footnote marks. */
#include "notes.h"

#include <stdlib.h>
#include <string.h>

#include "../base/mem.h"

static int ref_cmp(const void *a, const void *b) {
  return strcmp(((const q_pageref *)a)->id, ((const q_pageref *)b)->id);
}

void q_pagerefs_init(q_pagerefs *pr, const q_doc *doc) {
  memset(pr, 0, sizeof *pr);
  size_t cap = 0;
  q_iter it;
  q_iter_start(&it, doc->root);
  for (q_event ev; (ev = q_iter_next(&it)) != Q_EV_DONE;) {
    if (ev != Q_EV_ENTER || it.node->kind != Q_XREF || !it.node->u.xref.target)
      continue;
    pr->refs = q_grow(pr->refs, &cap, pr->n + 1, sizeof *pr->refs);
    pr->refs[pr->n++] = (q_pageref){it.node->u.xref.linkend, NULL};
  }
  if (!pr->n)
    return;
  qsort(pr->refs, pr->n, sizeof *pr->refs, ref_cmp);
  size_t o = 0;
  for (size_t i = 0; i < pr->n; i++)
    if (o == 0 || strcmp(pr->refs[o - 1].id, pr->refs[i].id) != 0)
      pr->refs[o++] = pr->refs[i];
  pr->n = o;
}

void q_pagerefs_drop(q_pagerefs *pr) {
  free(pr->refs);
  memset(pr, 0, sizeof *pr);
}

static q_pageref *find(const q_pagerefs *pr, const char *id) {
  if (!pr || !pr->n)
    return NULL;
  q_pageref key = {id, NULL};
  return bsearch(&key, pr->refs, pr->n, sizeof key, ref_cmp);
}

bool q_pagerefs_wanted(const q_pagerefs *pr, const char *id) { return find(pr, id) != NULL; }

const char *q_pagerefs_label(const q_pagerefs *pr, const char *id) {
  q_pageref *r = find(pr, id);
  return r ? r->label : NULL;
}

bool q_pagerefs_update(q_pagerefs *pr, const q_layout *l, size_t from, size_t to) {
  bool changed = false;
  for (size_t i = from; i < to; i++)
    for (size_t k = 0; k < l->pages[i].nops; k++) {
      const q_op *op = &l->pages[i].ops[k];
      if (op->kind != Q_OP_DEST)
        continue;
      q_pageref *r = find(pr, op->u.dest.name);
      if (!r)
        continue;
      const char *label = l->pages[i].label;
      if (!r->label || strcmp(r->label, label) != 0)
        changed = true;
      r->label = label;
    }
  return changed;
}

void q_marks_push(q_marks *mk, const q_node *note, size_t box) {
  mk->m = q_grow(mk->m, &mk->cap, mk->n + 1, sizeof *mk->m);
  mk->m[mk->n++] = (q_mark){note, box};
}

const char *q_note_dest(q_arena *a, const q_node *note) {
  unsigned number = note->u.note.number;
  const char *part = "";
  for (const q_node *n = note->parent; n; n = n->parent)
    if (n->kind == Q_PART) {
      part = n->id ? n->id : "";
      break;
    }
  return q_arena_printf(a, "fn-%s-%u", part, number);
}
