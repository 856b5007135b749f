/* alloc: realloc and calloc that never return NULL, for builder/text's growing tables.
 *
 * As the arena does, out of memory ends the process: a build with no memory
 * cannot report anything better. (A candidate for base/, which has none.) */
#ifndef QUIRE_TEXT_ALLOC_H
#define QUIRE_TEXT_ALLOC_H

#include <stdio.h>
#include <stdlib.h>

static inline void q_text_oom(void) {
  fputs("quire: error: out of memory\n", stderr);
  exit(1);
}

/* p resized to n elements of size bytes (n may be 0); p may be NULL. */
static inline void *q_text_grow(void *p, size_t n, size_t size) {
  p = realloc(p, (n ? n : 1) * size);
  if (!p)
    q_text_oom();
  return p;
}

/* n zeroed elements of size bytes. */
static inline void *q_text_zalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size);
  if (!p)
    q_text_oom();
  return p;
}

#endif
