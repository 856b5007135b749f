#include "arena.h"
#include "mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Blocks form a singly linked list, newest first; each serves requests from
 * its tail until full. Requests larger than a quarter block get a block of
 * their own so that big strings do not waste the remainder. */
enum { BLOCK_SIZE = 64 * 1024, ALIGN = 16 };

struct q_arena_block {
  q_arena_block *next;
  size_t used, cap;
  _Alignas(16) unsigned char data[];
};

void q_arena_init(q_arena *a) { a->head = NULL; }

void q_arena_drop(q_arena *a) {
  q_arena_block *b = a->head;
  while (b) {
    q_arena_block *next = b->next;
    free(b);
    b = next;
  }
  a->head = NULL;
}

void q_arena_adopt(q_arena *a, q_arena *from) {
  q_arena_block *first = from->head;
  from->head = NULL;
  if (!first)
    return;
  if (!a->head) {
    a->head = first;
    return;
  }
  q_arena_block *last = first;
  while (last->next)
    last = last->next;
  /* After a's current block, which stays at the head. */
  last->next = a->head->next;
  a->head->next = first;
}

static q_arena_block *new_block(size_t cap) {
  q_arena_block *b = q_realloc(NULL, 1, sizeof *b + cap);
  b->next = NULL;
  b->used = 0;
  b->cap = cap;
  return b;
}

void *q_arena_alloc(q_arena *a, size_t size) {
  size = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
  if (size == 0)
    size = ALIGN;
  q_arena_block *b = a->head;
  if (!b || b->cap - b->used < size) {
    if (size > BLOCK_SIZE / 4) {
      b = new_block(size);
      /* Keep the current block at the head: it still has room. */
      if (a->head) {
        b->next = a->head->next;
        a->head->next = b;
      } else {
        a->head = b;
      }
      b->used = size;
      memset(b->data, 0, size);
      return b->data;
    }
    b = new_block(BLOCK_SIZE);
    b->next = a->head;
    a->head = b;
  }
  void *p = b->data + b->used;
  b->used += size;
  memset(p, 0, size);
  return p;
}

char *q_arena_strndup(q_arena *a, const char *s, size_t n) {
  char *p = q_arena_alloc(a, n + 1);
  if (n)
    memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *q_arena_strdup(q_arena *a, const char *s) {
  return q_arena_strndup(a, s, strlen(s));
}

char *q_arena_printf(q_arena *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0)
    return q_arena_strdup(a, "");
  char *p = q_arena_alloc(a, (size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return p;
}
