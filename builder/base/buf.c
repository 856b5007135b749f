#include "buf.h"
#include "mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void q_buf_init(q_buf *b) {
  b->data = NULL;
  b->len = 0;
  b->cap = 0;
}

void q_buf_drop(q_buf *b) {
  free(b->data);
  q_buf_init(b);
}

void q_buf_clear(q_buf *b) {
  b->len = 0;
  if (b->data)
    b->data[0] = '\0';
}

static void reserve(q_buf *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap)
    return;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + extra + 1)
    cap *= 2;
  b->data = q_realloc(b->data, cap, 1);
  b->cap = cap;
}

void q_buf_add(q_buf *b, const void *data, size_t len) {
  reserve(b, len);
  if (len)
    memcpy(b->data + b->len, data, len);
  b->len += len;
  b->data[b->len] = '\0';
}

void q_buf_puts(q_buf *b, const char *s) { q_buf_add(b, s, strlen(s)); }

void q_buf_putc(q_buf *b, char c) { q_buf_add(b, &c, 1); }

void q_buf_printf(q_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n <= 0)
    return;
  reserve(b, (size_t)n);
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

void q_buf_add_xml(q_buf *b, const char *s, size_t len) {
  size_t start = 0;
  for (size_t i = 0; i < len; i++) {
    const char *rep = NULL;
    switch (s[i]) {
    case '&': rep = "&amp;"; break;
    case '<': rep = "&lt;"; break;
    case '>': rep = "&gt;"; break;
    case '"': rep = "&quot;"; break;
    default: continue;
    }
    q_buf_add(b, s + start, i - start);
    q_buf_puts(b, rep);
    start = i + 1;
  }
  q_buf_add(b, s + start, len - start);
}

char *q_buf_take(q_buf *b, size_t *len) {
  if (!b->data)
    q_buf_add(b, "", 0);
  char *p = b->data;
  if (len)
    *len = b->len;
  q_buf_init(b);
  return p;
}
