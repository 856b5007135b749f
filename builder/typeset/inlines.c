/* inlines.c: raises, rules and structure types of DocBook's inlines.
 * The proportions are the ones fonts commonly give (OS/2 superscript and
 * subscript offsets of about a third and a fifth of the em; an underline
 * a tenth of the em below the baseline, a strikeout at about half the
 * x-height), so that they hold with any face. */
#include "inlines.h"

void q_inline_look_apply(q_inline_look *look, const q_style *style, const q_node *n,
                         q_computed *st) {
  const q_inline_info *info = q_inline_info_of(n->u.inl.what);
  double parent_pt = st->font_size_pt;
  *st = q_style_compute(style, (q_sel)(Q_SEL_INLINE + n->u.inl.what), st);
  if (info->shift > 0)
    look->rise += Q_PT(0.33 * parent_pt);
  else if (info->shift < 0)
    look->rise -= Q_PT(0.2 * parent_pt);
  if (info->code)
    look->fixed = true;
  look->underline = look->underline || info->underline;
  look->strike = look->strike || info->strike;
  if (info->pdf_tag[0] != 'S') /* Code and Quote; a Span is the default */
    look->tag = info->pdf_tag;
}

void q_inline_look_rule(q_op *op, bool strike, double size_pt, uint32_t color, q_sp x, q_sp w) {
  op->kind = Q_OP_RULE;
  op->x = x;
  op->y = strike ? -Q_PT(0.3 * size_pt) : Q_PT(0.1 * size_pt);
  op->u.rule.w = w;
  op->u.rule.h = Q_PT(0.05 * size_pt) > Q_PT(0.4) ? Q_PT(0.05 * size_pt) : Q_PT(0.4);
  op->u.rule.color = color;
}
