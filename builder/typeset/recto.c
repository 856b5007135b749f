/* recto.c: blank pages before right-hand openings (see recto.h).
 *
 * Invariant: a blank page is all zeroes but for its kind: no operations,
 * no label (the caller labels pages after), no part, no anchor. */
#include "recto.h"

#include <string.h>

#include "vlist.h"

q_sheet *q_recto_insert_blank(q_layout *l, size_t at, q_sheet_kind kind) {
  q_layout_page(l); /* room for one more */
  memmove(l->pages + at + 1, l->pages + at, (l->npages - 1 - at) * sizeof *l->pages);
  q_sheet *p = &l->pages[at];
  memset(p, 0, sizeof *p);
  p->kind = kind;
  return p;
}

size_t q_recto_body(q_layout *l, size_t from) {
  size_t added = 0;
  for (size_t i = from + 1; i < l->npages; i++)
    if (!l->pages[i].part && l->pages[i].nops && (i - from) % 2 == 1) {
      q_recto_insert_blank(l, i, Q_SHEET_BODY);
      added++;
      i++; /* the opening page, now one on */
    }
  return added;
}

void q_recto_front(q_layout *l, size_t from) {
  size_t contents = l->npages;
  for (size_t i = from; i < l->npages; i++)
    if (l->pages[i].kind == Q_SHEET_CONTENTS) {
      contents = i;
      break;
    }
  if (contents < l->npages && (contents - from) % 2 == 1)
    q_recto_insert_blank(l, contents, Q_SHEET_TITLE); /* the title page's back */
  if ((l->npages - from) % 2 == 1)
    q_recto_insert_blank(l, l->npages, l->pages[l->npages - 1].kind);
}
