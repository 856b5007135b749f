/* sheets.c: one imposed sheet side (see sheets.h).
 *
 * Invariant: the context's state is saved around each page and restored
 * after, and the painter is begun again then, since its cache of the font
 * and colour the context is set to would be stale after the restore. */
#include "sheets.h"

static bool draw_half(q_painter *p, cairo_t *cr, const q_layout *l, const q_imposition *im,
                      const q_impose_side *side, bool right) {
  long page = right ? side->right : side->left;
  if (page == Q_IMPOSE_BLANK || page < 0 || (size_t)page >= l->npages)
    return true;
  q_sp x, y;
  q_imposition_place(im, side, right, &x, &y);
  double half = (double)im->sheet_w / 2 / 65536.0;
  cairo_save(cr);
  cairo_rectangle(cr, right ? half : 0, 0, half, (double)im->sheet_h / 65536.0);
  cairo_clip(cr);
  cairo_translate(cr, (double)x / 65536.0, (double)y / 65536.0);
  q_painter_begin(p, cr);
  bool ok = q_painter_page(p, &l->pages[page], NULL, true);
  cairo_restore(cr);
  q_painter_begin(p, cr);
  return ok;
}

/* Hairlines 4 mm long at the head and foot of the fold. */
static void fold_marks(cairo_t *cr, const q_imposition *im) {
  double x = (double)im->sheet_w / 2 / 65536.0, h = (double)im->sheet_h / 65536.0;
  double len = 4.0 * 72.0 / 25.4;
  cairo_save(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, 0.25);
  cairo_move_to(cr, x, 0);
  cairo_line_to(cr, x, len);
  cairo_move_to(cr, x, h - len);
  cairo_line_to(cr, x, h);
  cairo_stroke(cr);
  cairo_restore(cr);
}

bool q_sheets_draw_side(q_painter *p, cairo_t *cr, const q_layout *l, const q_imposition *im,
                        size_t k) {
  const q_impose_side *side = &im->sides[k];
  bool ok = draw_half(p, cr, l, im, side, false) && draw_half(p, cr, l, im, side, true);
  if (ok && im->fold_marks && !side->back)
    fold_marks(cr, im);
  return ok;
}
