#include "mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Noreturn void q_oom(void) {
  fputs("quire: error: out of memory\n", stderr);
  exit(1);
}

void *q_realloc(void *p, size_t n, size_t size) {
  if (n && size > SIZE_MAX / n)
    q_oom();
  p = realloc(p, (n ? n : 1) * size);
  if (!p)
    q_oom();
  return p;
}

void *q_zalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size);
  if (!p)
    q_oom();
  return p;
}

void *q_grow(void *p, size_t *cap, size_t need, size_t size) {
  if (need <= *cap)
    return p;
  size_t n = *cap ? *cap : 16;
  while (n < need)
    n *= 2;
  *cap = n;
  return q_realloc(p, n, size);
}

char *q_strdup(const char *s) {
  size_t n = strlen(s) + 1;
  return memcpy(q_realloc(NULL, n, 1), s, n);
}
