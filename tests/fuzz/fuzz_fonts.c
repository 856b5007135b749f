/* Fuzz target: the font manifest parser (q_fontset_parse) on any bytes. */
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/diag.h"
#include "model/fonts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  q_arena a;
  q_arena_init(&a);
  q_diag d;
  q_diag_init(&d, NULL);
  q_fontset_parse(&a, "fuzz.manifest", (const char *)data, size, &d);
  q_arena_drop(&a);
  return 0;
}
