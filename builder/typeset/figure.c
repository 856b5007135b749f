/* figure.c: Q_FIGURE / Q_MEDIA -> an image box and its caption lines. */
#include "figure.h"

#include <string.h>

bool q_figure_size(const q_layout_env *env, const q_image *img, double measure, double max_h,
                   double *w_pt, double *h_pt) {
  double nw = 0, nh = 0, px = 0;
  if (!img || !env->imager || !env->imager->size(env->imager->ctx, img, &nw, &nh, &px) ||
      nw <= 0 || nh <= 0)
    return false;
  double ar = nh / nw, w, h;
  if (img->content_width > 0 || img->content_depth > 0) {
    w = img->content_width > 0 ? img->content_width : img->content_depth / ar;
    h = img->content_depth > 0 ? img->content_depth : w * ar;
  } else if (img->scale > 0) {
    w = nw * img->scale / 100;
    h = nh * img->scale / 100;
  } else if (img->width > 0 || img->width_pct > 0 || img->depth > 0) {
    double vw = img->width > 0 ? img->width : img->width_pct * measure / 100;
    double vd = img->depth;
    double k = vw > 0 && vd > 0 ? (vw / nw < vd / nh ? vw / nw : vd / nh) : vw > 0 ? vw / nw : vd / nh;
    w = nw * k;
    h = nh * k;
  } else if (img->scalefit) {
    w = measure;
    h = measure * ar;
  } else {
    w = nw;
    h = nh;
  }
  if (w > measure) {
    h *= measure / w;
    w = measure;
  }
  if (h > max_h) {
    w *= max_h / h;
    h = max_h;
  }
  *w_pt = w;
  *h_pt = h;
  /* Print wants about 300 pixels an inch; below 150 they show. */
  double ppi = px * 72 / w;
  if (px > 0 && ppi < Q_FIGURE_MIN_PPI && env->d)
    q_warning(env->d, img->pos,
              "image '%s' prints at %.0f pixels per inch at its set size, below %d: give a "
              "larger file, or set it smaller",
              img->href ? img->href : img->path, ppi, Q_FIGURE_MIN_PPI);
  return true;
}

static void tag(q_vlist *vl, q_op_kind kind, const char *name, const char *alt) {
  q_op *op = q_vlist_op(vl);
  op->kind = kind;
  op->u.tag.name = name;
  op->u.tag.alt = alt;
}

/* One caption block (a caption's paragraph, or the numbered title) under
 * what came before, bound to it. */
static void caption(q_setter *s, const q_node *block, const char *label, const q_computed *st,
                    q_sp x, q_sp width, bool tagged_caption) {
  q_vlist *vl = s->vl;
  q_vlist_penalty(vl, Q_PENALTY_INF);
  q_vlist_glue(vl, q_pt_sp(st->margin_top_pt));
  q_para p = {0};
  p.block = block;
  p.style = *st;
  p.label = label;
  q_computed ls = *st;
  ls.bold = true;
  p.label_style = ls;
  p.x = x + q_pt_sp(st->margin_left_pt);
  p.width = width - q_pt_sp(st->margin_left_pt) - q_pt_sp(st->margin_right_pt);
  p.keep_together = true;
  p.orphans_widows = 2;
  if (tagged_caption)
    tag(vl, Q_OP_TAG_BEGIN, "Caption", NULL);
  size_t lines = q_para_set(s, &p);
  if (tagged_caption) {
    tag(vl, Q_OP_TAG_END, NULL, NULL);
    if (lines)
      q_vlist_attach(vl);
  }
}

/* The lines a caption may take, kept free of the image's height so that
 * image and caption fit one page together. */
static q_sp caption_room(const q_computed *cap, const q_node *media, bool titled) {
  unsigned blocks = titled ? 1 : 0;
  for (const q_node *c = media->first; c; c = c->next)
    if (c->kind == Q_CAPTION)
      for (const q_node *p = c->first; p; p = p->next)
        blocks++;
  return blocks ? q_pt_sp(blocks * 2 * cap->line_height_pt + cap->margin_top_pt * blocks) : 0;
}

static void image(q_setter *s, const q_node *media, const q_computed *cap, q_sp x, q_sp width,
                  q_sp max_h, bool titled) {
  const q_image *img = media->u.image;
  double w, h;
  q_sp room = max_h - caption_room(cap, media, titled);
  if (room < max_h / 2)
    room = max_h / 2;
  if (!q_figure_size(s->env, img, width / 65536.0, room / 65536.0, &w, &h))
    return;
  q_sp iw = q_pt_sp(w), ih = q_pt_sp(h);
  if (iw < 1)
    iw = 1;
  if (ih < 1)
    ih = 1;
  q_sp dx = img->align == Q_IMAGE_CENTER ? (width - iw) / 2 : img->align == Q_IMAGE_END ? width - iw : 0;
  q_vlist *vl = s->vl;
  if (img->alt)
    tag(vl, Q_OP_TAG_BEGIN, "Figure", img->alt);
  q_op *op = q_vlist_op(vl);
  op->kind = Q_OP_IMAGE;
  op->x = dx;
  op->y = -ih;
  op->u.image.w = iw;
  op->u.image.h = ih;
  op->u.image.image = img;
  if (img->alt)
    tag(vl, Q_OP_TAG_END, NULL, NULL);
  q_vlist_box(vl, ih + q_pt_sp(cap->font_size_pt * 0.3), ih, 0, x);
  for (const q_node *c = media->first; c; c = c->next)
    if (c->kind == Q_CAPTION)
      for (const q_node *p = c->first; p; p = p->next)
        caption(s, p, NULL, cap, x, width, true);
}

q_sp q_figure_set(q_setter *s, const q_node *n, const q_style *style, const q_computed *ctx, q_sp x,
                  q_sp width, q_sp max_h) {
  q_computed cap = q_style_compute(style, Q_SEL_FIGCAPTION, ctx);
  q_computed p = q_style_compute(style, Q_SEL_P, ctx);
  q_sp bottom = q_pt_sp(p.margin_bottom_pt > p.line_height_pt / 2 ? p.margin_bottom_pt
                                                                  : p.line_height_pt / 2);
  if (n->kind == Q_MEDIA) {
    image(s, n, &cap, x, width, max_h, false);
    return bottom;
  }
  const q_node *title = n->first && n->first->kind == Q_TITLE ? n->first : NULL;
  bool first = true;
  for (const q_node *c = n->first; c; c = c->next)
    if (c->kind == Q_MEDIA) {
      if (!first) {
        q_vlist_penalty(s->vl, Q_PENALTY_INF);
        q_vlist_glue(s->vl, q_pt_sp(cap.margin_top_pt));
      }
      image(s, c, &cap, x, width, max_h, title != NULL);
      first = false;
    }
  if (title && n->u.figure.number) {
    char *label = q_arena_printf(&s->layout->arena, "Figure %u. ", n->u.figure.number);
    caption(s, title, label, &cap, x, width, true);
  }
  return bottom;
}

const q_node *q_figure_cover_of(const q_node *biblio) {
  for (const q_node *c = biblio->first; c; c = c->next)
    if (c->kind == Q_MEDIA && c->u.image)
      return c;
  return NULL;
}

q_sp q_figure_cover(q_setter *s, const q_node *media, q_sp h, q_sp x, q_sp y) {
  const q_image *img = media->u.image;
  double nw = 0, nh = 0;
  double px = 0;
  const q_imager *im = s->env->imager;
  if (!im || !im->size(im->ctx, img, &nw, &nh, &px) || nw <= 0 || nh <= 0)
    return 0;
  q_sp w = (q_sp)((double)h * nw / nh + 0.5);
  if (w < 1)
    w = 1;
  q_vlist *vl = s->vl;
  if (img->alt)
    tag(vl, Q_OP_TAG_BEGIN, "Figure", img->alt);
  q_op *op = q_vlist_op(vl);
  op->kind = Q_OP_IMAGE;
  op->x = x;
  op->y = y;
  op->u.image.w = w;
  op->u.image.h = h;
  op->u.image.image = img;
  if (img->alt)
    tag(vl, Q_OP_TAG_END, NULL, NULL);
  return w;
}
