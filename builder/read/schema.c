/* The RELAX NG schema (quire.rng) compiled into the binary, so that every
 * build validates against the schema of its own version, wherever it runs. */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "bundle.h"

#ifndef QUIRE_SCHEMA_PATH
#error "QUIRE_SCHEMA_PATH must name builder/read/quire.rng (the Makefile sets it)"
#endif

__asm__(".section .rodata\n"
        ".global q_schema_rng_start\n"
        "q_schema_rng_start:\n"
        ".incbin \"" QUIRE_SCHEMA_PATH "\"\n"
        ".global q_schema_rng_end\n"
        "q_schema_rng_end:\n"
        ".byte 0\n"
        ".previous\n");

extern const char q_schema_rng_start[];
extern const char q_schema_rng_end[];

const char *q_schema_text(size_t *len) {
  if (len)
    *len = (size_t)(q_schema_rng_end - q_schema_rng_start);
  return q_schema_rng_start;
}

/* The schema's DocBook element names (elements without an ns attribute: the
 * grammar's default namespace is DocBook's), each once, in the order the
 * schema first names them. The text is quire's own, so a plain scan for
 * `<element name="` is enough. */
const char **q_schema_element_names(q_arena *a, size_t *count) {
  size_t len;
  const char *s = q_schema_text(&len), *end = s + len;
  static const char open[] = "<element name=\"";
  size_t n = 0, cap = 0;
  const char **names = NULL;
  for (const char *p = s; (p = strstr(p, open)) != NULL && p < end;) {
    p += sizeof open - 1;
    const char *q = strchr(p, '"'), *close = strchr(p, '>');
    if (!q || !close)
      break;
    bool other_ns = false;
    for (const char *t = q; t + 4 < close; t++)
      if (memcmp(t, " ns=\"", 5) == 0)
        other_ns = true;
    bool seen = false;
    for (size_t i = 0; i < n && !seen; i++)
      seen = strlen(names[i]) == (size_t)(q - p) && memcmp(names[i], p, (size_t)(q - p)) == 0;
    if (!other_ns && !seen) {
      if (n == cap) {
        const char **old = names;
        cap = cap ? 2 * cap : 64;
        names = q_arena_alloc(a, cap * sizeof *names);
        if (n)
          memcpy(names, old, n * sizeof *names);
      }
      names[n++] = q_arena_strndup(a, p, (size_t)(q - p));
    }
    p = close;
  }
  *count = n;
  return names;
}
