/* Fuzz target: the theme parser (q_style_parse) on any bytes, then every
 * computed style of the result, whose sizes must stay inside the limits
 * style.h states (what the typesetter's fixed-point arithmetic relies on). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "base/arena.h"
#include "base/diag.h"
#include "model/style.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  q_arena a;
  q_arena_init(&a);
  q_diag d;
  q_diag_init(&d, NULL);
  q_style *s = q_style_parse(&a, "fuzz.css", (const char *)data, size, &d);
  if (s) {
    q_computed body = q_style_compute(s, Q_SEL_BODY, NULL);
    for (int b = Q_SEL_BODY; b < Q_SEL_COUNT; b++) {
      q_computed c = q_style_compute(s, (q_sel)b, &body);
      for (int i = 0; i < 8; i++)
        c = q_style_compute(s, Q_SEL_EM, &c); /* em sizes compounding */
      if (c.font_size_pt < Q_STYLE_FONT_MIN_PT || c.font_size_pt > Q_STYLE_FONT_MAX_PT ||
          c.line_height_pt < Q_STYLE_LEADING_MIN_PT || c.line_height_pt > Q_STYLE_LEADING_MAX_PT)
        abort();
    }
    const q_page *pg = &s->page;
    if (pg->width_pt - pg->margin_left_pt - pg->margin_right_pt < Q_STYLE_BLOCK_MIN_PT ||
        pg->height_pt - pg->margin_top_pt - pg->margin_bottom_pt < Q_STYLE_BLOCK_MIN_PT)
      abort();
  }
  q_arena_drop(&a);
  return 0;
}
