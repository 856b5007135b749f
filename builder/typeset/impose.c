/* impose.c: the order of pages on sheets (see impose.h).
 *
 * Invariant: every page index 0..npages-1 appears exactly once among the
 * sides; the other places are Q_IMPOSE_BLANK. */
#include "impose.h"

#include <stdlib.h>
#include <string.h>

#include "../base/mem.h"
#include "items.h"

/* A sheet for two pages of a named paper: the next size up, landscape. */
static const struct sheet_size {
  const char *page;
  double w_pt, h_pt;
} sheet_sizes[] = {
    {"A5", 297.0 * 72.0 / 25.4, 210.0 * 72.0 / 25.4},  /* A4 */
    {"A4", 420.0 * 72.0 / 25.4, 297.0 * 72.0 / 25.4},  /* A3 */
    {"half-letter", 792.0, 612.0},                     /* letter */
};

q_imposition *q_imposition_new(q_impose_kind kind, size_t npages, q_sp page_w, q_sp page_h,
                               const char *size_name, q_sp creep, bool fold_marks) {
  q_imposition *im = q_zalloc(1, sizeof *im);
  im->kind = kind;
  im->page_w = page_w;
  im->page_h = page_h;
  im->creep = kind == Q_IMPOSE_BOOKLET ? creep : 0;
  im->fold_marks = fold_marks;
  im->sheet_w = 2 * page_w;
  im->sheet_h = page_h;
  for (size_t k = 0; size_name && k < sizeof sheet_sizes / sizeof *sheet_sizes; k++)
    if (strcmp(size_name, sheet_sizes[k].page) == 0) {
      q_sp w = Q_PT(sheet_sizes[k].w_pt), h = Q_PT(sheet_sizes[k].h_pt);
      if (w >= 2 * page_w && h >= page_h) /* a page with its size changed after naming */
        im->sheet_w = w, im->sheet_h = h;
    }
  long n = (long)(npages ? npages : 1);
  if (kind == Q_IMPOSE_BOOKLET) {
    long padded = (n + 3) / 4 * 4;
    im->nsheets = (size_t)padded / 4;
    im->nsides = 2 * im->nsheets;
    im->sides = q_zalloc(im->nsides, sizeof *im->sides);
    for (long k = 0; k < (long)im->nsheets; k++) {
      /* Padded position p holds page p when p < n, else a blank. */
      long pos[4] = {padded - 1 - 2 * k, 2 * k, 2 * k + 1, padded - 2 - 2 * k};
      for (int j = 0; j < 4; j++)
        if (pos[j] >= n)
          pos[j] = Q_IMPOSE_BLANK;
      im->sides[2 * k] = (q_impose_side){pos[0], pos[1], (size_t)k, false};
      im->sides[2 * k + 1] = (q_impose_side){pos[2], pos[3], (size_t)k, true};
    }
  } else {
    im->nsides = im->nsheets = (size_t)(n + 1) / 2;
    im->sides = q_zalloc(im->nsides, sizeof *im->sides);
    for (long k = 0; k < (long)im->nsides; k++)
      im->sides[k] = (q_impose_side){2 * k, 2 * k + 1 < n ? 2 * k + 1 : Q_IMPOSE_BLANK, (size_t)k,
                                     false};
  }
  return im;
}

void q_imposition_drop(q_imposition *im) {
  if (!im)
    return;
  free(im->sides);
  free(im);
}

void q_imposition_place(const q_imposition *im, const q_impose_side *side, bool right, q_sp *x,
                        q_sp *y) {
  q_sp fold = im->sheet_w / 2;
  q_sp shift = im->creep * (q_sp)side->sheet;
  if (shift > im->page_w / 4)
    shift = im->page_w / 4; /* a creep no booklet needs: keep the page on its half */
  *x = right ? fold - shift : fold - im->page_w + shift;
  *y = (im->sheet_h - im->page_h) / 2;
}
