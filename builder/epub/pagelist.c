/* pagelist: the print edition's pages in the EPUB.
 *
 * When the PDF is built in the same run, every page of it gets a marker in
 * the EPUB where its text begins, and the navigation lists them (page-list,
 * NCX pageList) under the PDF's own labels:
 *   - "i", the title page: at the start of the title page document (so
 *     is a second page of it, which only a tiny page size makes);
 *   - "ii", the first page of the contents: at the start of the navigation
 *     document; a later contents page ("iii", ...) just before the first
 *     entry the PDF sets on it (inside that entry's link: a list item of the
 *     toc may hold nothing else), or next to "ii" when no entry opens it;
 *   - a body page: exactly before the first word set on it, which the
 *     typesetter gives as a text node of the model and a byte offset (in
 *     the middle of a paragraph, or of a word hyphenated across the break).
 *     Where that is the very start of a block written straight into a
 *     section, quotation or note, the marker is an empty div before the
 *     block (so it also comes before a label the block's text follows:
 *     "1. ", "Title: "); anywhere else, an empty span in the text.
 * A body page that has no text (anchor NULL) gets no marker.
 *
 * Ids are "page-" and the label, made unique against the model's xml:ids. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "book.h"
#include "../base/mem.h"

static const char *marker_id(epub_book *b, const char *label) {
  q_buf s;
  q_buf_init(&s);
  q_buf_puts(&s, "page-");
  for (const char *c = label; *c; c++) {
    bool ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9');
    q_buf_putc(&s, ok ? *c : '-');
  }
  const char *base = q_arena_strdup(&b->arena, s.data);
  q_buf_drop(&s);
  const char *id = base;
  for (unsigned k = 2;; k++) {
    bool taken = epub_book_href_of(b, id) != NULL;
    for (size_t i = 0; i < b->npages && !taken; i++)
      taken = strcmp(b->pages[i].id, id) == 0;
    if (!taken)
      return id;
    id = q_arena_printf(&b->arena, "%s-%u", base, k);
  }
}

/* The file of the part that holds n, or SIZE_MAX. */
static size_t file_of(const epub_book *b, const q_node *n) {
  while (n && n->kind != Q_PART)
    n = n->parent;
  for (size_t i = 0; n && i < b->nparts; i++)
    if (b->parts[i].node == n)
      return b->parts[i].file;
  return SIZE_MAX;
}

/* Does sheet s hold the named destination name? */
static bool has_dest(const q_sheet *s, const char *name) {
  for (size_t k = 0; k < s->nops; k++)
    if (s->ops[k].kind == Q_OP_DEST && s->ops[k].u.dest.name && strcmp(s->ops[k].u.dest.name, name) == 0)
      return true;
  return false;
}

/* The id of the part whose contents entry is the first one on sheet s. */
static const char *first_entry(const q_sheet *s) {
  for (size_t k = 0; k < s->nops; k++) {
    const q_op *op = &s->ops[k];
    if (op->kind == Q_OP_TAG_BEGIN && op->u.tag.name && strcmp(op->u.tag.name, "Link") == 0 && op->u.tag.dest)
      return op->u.tag.dest;
  }
  return NULL;
}

/* id, if it is the id of a part (which the toc lists), else NULL. */
static const char *entry_of(const epub_book *b, const char *id) {
  for (size_t i = 0; id && i < b->nparts; i++)
    if (b->parts[i].node->id && strcmp(b->parts[i].node->id, id) == 0)
      return id;
  return NULL;
}

static int mark_cmp(const void *x, const void *y) {
  const epub_page *a = *(epub_page *const *)x, *c = *(epub_page *const *)y;
  uintptr_t pa = (uintptr_t)a->anchor, pc = (uintptr_t)c->anchor;
  if (pa != pc)
    return pa < pc ? -1 : 1;
  return a->offset < c->offset ? -1 : a->offset > c->offset;
}

void epub_pages_plan(epub_book *b, const q_layout *l) {
  if (!l || !l->npages)
    return;
  b->pages = q_realloc(NULL, l->npages, sizeof *b->pages);
  b->marks = q_realloc(NULL, l->npages, sizeof *b->marks);
  /* The contents begin on the page of their destination: front matter
   * pages before it are the title page's, even when the layout calls a
   * second one a contents page. */
  size_t contents = SIZE_MAX;
  for (size_t i = 0; i < l->npages && contents == SIZE_MAX; i++)
    if (l->pages[i].kind != Q_SHEET_BODY && has_dest(&l->pages[i], "contents"))
      contents = i;
  for (size_t i = 0; i < l->npages; i++) {
    const q_sheet *s = &l->pages[i];
    if (!s->label)
      continue;
    epub_page p = {0};
    p.label = s->label;
    if (s->kind != Q_SHEET_BODY) {
      bool title = contents == SIZE_MAX ? s->kind == Q_SHEET_TITLE : i < contents;
      p.file = title ? b->f_title : b->f_nav;
      p.front = true;
      if (!title && i > contents && contents != SIZE_MAX)
        p.entry = entry_of(b, first_entry(s));
    } else {
      if (!s->anchor || s->anchor->kind != Q_TEXT)
        continue;
      p.file = file_of(b, s->anchor);
      if (p.file == SIZE_MAX)
        continue;
      p.anchor = s->anchor;
      p.offset = s->anchor_offset;
    }
    p.id = marker_id(b, p.label);
    b->pages[b->npages++] = p;
  }
  for (size_t i = 0; i < b->npages; i++)
    if (b->pages[i].anchor)
      b->marks[b->nmarks++] = &b->pages[i];
  qsort(b->marks, b->nmarks, sizeof *b->marks, mark_cmp);
}

epub_page *const *epub_pages_in(const epub_book *b, const q_node *n, size_t *count) {
  *count = 0;
  if (!b->nmarks || n->kind != Q_TEXT)
    return NULL;
  /* The first mark of n: a lower bound on the anchor. */
  size_t lo = 0, hi = b->nmarks;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if ((uintptr_t)b->marks[mid]->anchor < (uintptr_t)n)
      lo = mid + 1;
    else
      hi = mid;
  }
  size_t end = lo;
  while (end < b->nmarks && b->marks[end]->anchor == n)
    end++;
  *count = end - lo;
  return end > lo ? &b->marks[lo] : NULL;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

epub_page *epub_pages_at_start(const epub_book *b, const q_node *n) {
  if (!b->nmarks)
    return NULL;
  q_iter it;
  q_iter_start(&it, n);
  for (q_event ev; (ev = q_iter_next(&it)) != Q_EV_DONE;) {
    const q_node *t = it.node;
    if (ev != Q_EV_ENTER || t->kind != Q_TEXT)
      continue;
    size_t lead = 0;
    while (lead < t->u.text.len && is_space(t->u.text.text[lead]))
      lead++;
    size_t count;
    epub_page *const *m = epub_pages_in(b, t, &count);
    if (count && m[0]->offset <= lead)
      return m[0]->written ? NULL : m[0];
    if (lead < t->u.text.len)
      return NULL;
  }
  return NULL;
}

void epub_pages_front(epub_book *b, q_buf *out, size_t file) {
  for (size_t i = 0; i < b->npages; i++)
    if (b->pages[i].front && b->pages[i].file == file && !b->pages[i].entry && !b->pages[i].written)
      epub_page_marker(out, &b->pages[i], true);
}

void epub_page_marker(q_buf *out, epub_page *p, bool block) {
  const char *tag = block ? "div" : "span";
  q_buf_printf(out, "<%s id=\"", tag);
  q_buf_add_xml(out, p->id, strlen(p->id));
  q_buf_puts(out, "\" role=\"doc-pagebreak\" epub:type=\"pagebreak\" aria-label=\"");
  q_buf_add_xml(out, p->label, strlen(p->label));
  q_buf_printf(out, "\"></%s>", tag);
  if (block)
    q_buf_putc(out, '\n');
  p->written = true;
}
