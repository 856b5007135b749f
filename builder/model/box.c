/* box.c: the kinds of set-apart blocks (see box.h). */
#include "box.h"

#include <string.h>

static const struct {
  const char *element, *label;
} kinds[Q_BOX_KIND_COUNT] = {
    [Q_BOX_NOTE] = {"note", "Note"},
    [Q_BOX_TIP] = {"tip", "Tip"},
    [Q_BOX_IMPORTANT] = {"important", "Important"},
    [Q_BOX_CAUTION] = {"caution", "Caution"},
    [Q_BOX_WARNING] = {"warning", "Warning"},
    [Q_BOX_DANGER] = {"danger", "Danger"},
    [Q_BOX_SIDEBAR] = {"sidebar", NULL},
    [Q_BOX_EXAMPLE] = {"example", "Example"},
    [Q_BOX_INFORMALEXAMPLE] = {"informalexample", NULL},
};

const char *q_box_element(q_box_kind k) {
  return (unsigned)k < Q_BOX_KIND_COUNT ? kinds[k].element : NULL;
}

bool q_box_kind_of(const char *element, q_box_kind *out) {
  for (unsigned k = 0; k < Q_BOX_KIND_COUNT; k++)
    if (strcmp(kinds[k].element, element) == 0) {
      *out = (q_box_kind)k;
      return true;
    }
  return false;
}

const char *q_box_label(q_box_kind k) {
  return (unsigned)k < Q_BOX_KIND_COUNT ? kinds[k].label : NULL;
}

bool q_box_is_admonition(q_box_kind k) { return k <= Q_BOX_DANGER; }

q_sel q_box_sel(q_box_kind k) {
  if (q_box_is_admonition(k))
    return Q_SEL_ADMONITION;
  return k == Q_BOX_SIDEBAR ? Q_SEL_SIDEBAR : Q_SEL_EXAMPLE;
}

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }
static bool is_letter(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80; }

bool q_box_title_says(const char *title, const char *label) {
  if (!title || !label)
    return false;
  size_t n = strlen(label);
  for (const char *s = title; *s; s++) {
    if (s > title && is_letter((unsigned char)s[-1]))
      continue;
    size_t k = 0;
    while (k < n && s[k] && lower((unsigned char)s[k]) == lower((unsigned char)label[k]))
      k++;
    if (k == n && !is_letter((unsigned char)s[n]))
      return true;
  }
  return false;
}

const q_node *q_box_title(const q_node *box) {
  return box->kind == Q_BOX && box->first && box->first->kind == Q_BOX_TITLE ? box->first : NULL;
}

const char *q_box_prefix(q_arena *a, const q_node *box) {
  q_box_kind kind = (q_box_kind)box->u.box.kind;
  const char *label = q_box_label(kind);
  const q_node *title = q_box_title(box);
  if (!label)
    return NULL;
  if (kind == Q_BOX_EXAMPLE)
    return q_arena_printf(a, "%s %u. ", label, box->u.box.number);
  if (!title)
    return label;
  return q_box_title_says(q_node_plain_text(a, title), label) ? NULL
                                                              : q_arena_printf(a, "%s: ", label);
}
