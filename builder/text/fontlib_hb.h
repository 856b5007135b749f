/* fontlib_hb: the HarfBuzz side of the font service (fontlib.h), for the
 * files of builder/text only: the shaper shapes with these fonts and the
 * font use cuts its subsets from these faces. Everything is lent by the
 * fontlib and stays valid until q_fontlib_drop. */
#ifndef QUIRE_TEXT_FONTLIB_HB_H
#define QUIRE_TEXT_FONTLIB_HB_H

#include <hb.h>

#include "fontlib.h"

/* The HarfBuzz font of font number font (scale = upem), mapped on the first
 * call; NULL if the file cannot be opened. *upem (may be NULL) gets its
 * units per em. */
hb_font_t *q_fontlib_hb_font(q_fontlib *fl, uint16_t font, unsigned *upem);

/* v font units at size, in scaled points, rounded half away from zero: each
 * value on its own, so a run's width is exactly the sum of its advances. */
static inline q_sp q_fontlib_scale(int32_t v, q_sp size, unsigned upem) {
  int64_t p = (int64_t)v * size * 2;
  int64_t u = (int64_t)upem * 2;
  return (q_sp)(p >= 0 ? (p + (int64_t)upem) / u : -((-p + (int64_t)upem) / u));
}

#endif
