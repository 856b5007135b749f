/* lists.c: list labels and simple lists. */
#include "lists.h"

#include <string.h>

#include "../base/buf.h"

static unsigned itemized_depth(const q_node *list) {
  unsigned d = 0;
  for (const q_node *a = list->parent; a; a = a->parent)
    d += a->kind == Q_LIST && !a->u.list.ordered;
  return d;
}

const char *q_list_label(const q_node *list, const q_node *item, unsigned *number, char *buf,
                         size_t cap, q_label_face *face) {
  *face = (q_label_face){false, 1.0};
  if (list->u.list.ordered) {
    if (item->kind == Q_ITEM && item->u.item.override)
      *number = item->u.item.override;
    size_t n = q_numeral_format(*number, list->u.list.numeration, buf, cap - 1);
    buf[n] = '.';
    buf[n + 1] = '\0';
    (*number)++;
    return buf;
  }
  /* The circle and the square are the mono face's full-size shapes, made
   * as small as the body face's bullet. */
  static const struct {
    const char *name, *mark;
    q_label_face face;
  } marks[] = {{"bullet", "\xE2\x80\xA2", {false, 1.0}}, {"disc", "\xE2\x80\xA2", {false, 1.0}},
               {"circle", "\xE2\x97\x8B", {true, 0.55}}, {"square", "\xE2\x96\xA0", {true, 0.45}},
               {"dash", "\xE2\x80\x93", {false, 1.0}},   {"none", "", {false, 1.0}}};
  const char *mark = list->u.list.mark;
  if (!mark) {
    unsigned d = itemized_depth(list);
    mark = d == 0 ? "disc" : d == 1 ? "circle" : "square";
  }
  for (size_t i = 0; i < sizeof marks / sizeof *marks; i++)
    if (strcmp(mark, marks[i].name) == 0) {
      *face = marks[i].face;
      return marks[i].mark;
    }
  /* A character of the author's choosing: the mono face has more symbols. */
  face->mono = true;
  size_t n = strlen(mark);
  if (n >= cap)
    n = cap - 1;
  memcpy(buf, mark, n);
  buf[n] = '\0';
  return buf;
}

const char *q_simplelist_inline_text(q_arena *a, const q_node *list) {
  q_buf b;
  q_buf_init(&b);
  for (const q_node *m = list->first; m; m = m->next) {
    if (m != list->first)
      q_buf_puts(&b, ", ");
    q_buf_puts(&b, q_node_plain_text(a, m));
  }
  const char *s = q_arena_strndup(a, b.data ? b.data : "", b.len);
  q_buf_drop(&b);
  return s;
}

static void tag(q_setter *s, const char *name) {
  q_op *op = q_vlist_op(s->vl);
  op->kind = Q_OP_TAG_BEGIN;
  op->u.tag.name = name;
}

static void untag(q_setter *s) { q_vlist_op(s->vl)->kind = Q_OP_TAG_END; }

size_t q_simplelist_set(q_setter *s, const q_node *list, const q_computed *st, q_sp x, q_sp width) {
  size_t n = 0;
  for (const q_node *m = list->first; m; m = m->next)
    n++;
  if (!n)
    return 0;
  const q_node **members = q_arena_alloc(&s->layout->arena, n * sizeof *members);
  n = 0;
  for (const q_node *m = list->first; m; m = m->next)
    members[n++] = m;
  size_t cols = list->u.simplelist.columns ? list->u.simplelist.columns : 1;
  if (cols > n)
    cols = n;
  size_t rows = (n + cols - 1) / cols;
  bool across = list->u.simplelist.type == Q_SIMPLELIST_HORIZONTAL;
  const char *lang = q_node_lang(s->env->doc, list);
  /* Columns as wide as the widest member and a gap of two em, as a table
   * without rules would set them; never wider than an equal share. */
  q_sp colw = 0;
  for (size_t k = 0; k < n; k++) {
    q_sp w = q_text_width(s, q_node_plain_text(&s->layout->arena, members[k]), st, lang);
    colw = w > colw ? w : colw;
  }
  colw += q_pt_sp(2 * st->font_size_pt);
  if (colw > width / (q_sp)cols)
    colw = width / (q_sp)cols;
  q_textstyle ts = q_textstyle_of(st, lang);
  q_sp asc, desc;
  s->env->shaper->vmetrics(s->env->shaper->ctx, &ts, &asc, &desc);
  tag(s, "L");
  for (size_t r = 0; r < rows; r++) {
    const q_node *first_text = NULL;
    for (size_t c = 0; c < cols; c++) {
      size_t k = across ? r * cols + c : c * rows + r;
      if (k >= n)
        continue;
      tag(s, "LI");
      tag(s, "LBody");
      q_text_ops(s, s->vl, q_node_plain_text(&s->layout->arena, members[k]), st,
                 (q_sp)c * colw, lang);
      untag(s);
      untag(s);
      if (!first_text)
        first_text = members[k]->first;
    }
    if (r + 1 == rows)
      untag(s);
    q_vlist_box(s->vl, q_pt_sp(st->line_height_pt), asc, desc, x);
    if (first_text && first_text->kind == Q_TEXT)
      q_vlist_anchor(s->vl, first_text, 0);
    if (r + 1 < rows)
      q_vlist_penalty(s->vl, r + 1 < 2 || rows - (r + 1) < 2 ? Q_PENALTY_INF : 0);
  }
  return rows;
}
