/* listing.c: a listing's text as both outputs show it. */
#include "listing.h"

#include <string.h>

#include "../base/buf.h"
#include "doc.h"

char *q_tabs_expand(q_arena *a, const char *s, size_t len, unsigned *column, size_t *out_len) {
  q_buf b;
  q_buf_init(&b);
  unsigned col = *column;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '\t') {
      unsigned to = (col / Q_TAB_WIDTH + 1) * Q_TAB_WIDTH;
      for (; col < to; col++)
        q_buf_putc(&b, ' ');
      continue;
    }
    q_buf_putc(&b, (char)c);
    if (c == '\n')
      col = 0;
    else if ((c & 0xC0) != 0x80) /* a continuation byte is not a new column */
      col++;
  }
  *column = col;
  *out_len = b.len;
  char *out = q_arena_strndup(a, b.data ? b.data : "", b.len);
  q_buf_drop(&b);
  return out;
}

static q_node *first_text(q_node *n, bool last) {
  q_iter it;
  q_iter_start(&it, n);
  q_node *found = NULL;
  for (q_event ev; (ev = q_iter_next(&it)) != Q_EV_DONE;)
    if (ev == Q_EV_ENTER && it.node->kind == Q_TEXT && it.node->u.text.len) {
      found = it.node;
      if (!last)
        break;
    }
  return found;
}

void q_listing_tidy(q_arena *a, q_node *listing) {
  /* "<programlisting>\ncode": the first line end belongs to the markup. */
  q_node *t = first_text(listing, false);
  if (t && t->u.text.text[0] == '\n') {
    t->u.text.text++;
    t->u.text.len--;
  } else if (t && t->u.text.len > 1 && t->u.text.text[0] == '\r' && t->u.text.text[1] == '\n') {
    t->u.text.text += 2;
    t->u.text.len -= 2;
  }
  /* "code\n  </programlisting>": so do the last line end and the indent
   * of the end tag; trailing white space never shows. */
  t = first_text(listing, true);
  if (t) {
    size_t n = t->u.text.len;
    const char *s = t->u.text.text;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
      n--;
    t->u.text.len = n;
  }
  unsigned col = 0;
  q_iter it;
  q_iter_start(&it, listing);
  for (q_event ev; (ev = q_iter_next(&it)) != Q_EV_DONE;) {
    q_node *n = it.node;
    if (ev != Q_EV_ENTER || n->kind != Q_TEXT)
      continue;
    /* Carriage returns of CRLF files are not characters of the text. */
    bool tab = false;
    for (size_t i = 0; i < n->u.text.len; i++)
      tab = tab || n->u.text.text[i] == '\t' || n->u.text.text[i] == '\r';
    if (!tab) {
      for (size_t i = 0; i < n->u.text.len; i++) {
        unsigned char c = (unsigned char)n->u.text.text[i];
        col = c == '\n' ? 0 : (c & 0xC0) != 0x80 ? col + 1 : col;
      }
      continue;
    }
    q_buf b;
    q_buf_init(&b);
    for (size_t i = 0; i < n->u.text.len; i++)
      if (n->u.text.text[i] != '\r')
        q_buf_putc(&b, n->u.text.text[i]);
    size_t len;
    n->u.text.text = q_tabs_expand(a, b.data ? b.data : "", b.len, &col, &len);
    n->u.text.len = len;
    q_buf_drop(&b);
  }
}

const char *q_listing_kind_name(q_listing_kind kind) {
  static const char *const names[] = {"programlisting", "screen", "synopsis", "literallayout"};
  return (unsigned)kind < sizeof names / sizeof *names ? names[kind] : "?";
}
