/* The RELAX NG schema (quire.rng) compiled into the binary, so that every
 * build validates against the schema of its own version, wherever it runs. */
#include <stddef.h>

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
