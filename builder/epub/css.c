/* css: the EPUB's style sheet, generated from the style model.
 *
 * Three parts: an @font-face rule per embedded face; the theme's rules as
 * the theme wrote them (same properties, same units, so e-readers scale
 * em sizes as the theme meant), with font-family turned from a role into the
 * embedded families followed by the fallback families; then the structural
 * rules quire itself needs (the indent dropped after titles, the title page,
 * the contents page, the cover). The structural rules change layout only,
 * never the face, so the fonts declared while writing the XHTML stay exactly
 * the faces a reader will draw. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "book.h"

/* A number with at most four decimals, no exponent, no locale. */
static void number(q_buf *out, double v) {
  long long n = llround(v * 10000.0);
  if (n < 0) {
    q_buf_putc(out, '-');
    n = -n;
  }
  q_buf_printf(out, "%lld", n / 10000);
  long long frac = n % 10000;
  if (frac) {
    char digits[8];
    int len = 4;
    snprintf(digits, sizeof digits, "%04lld", frac);
    while (len > 0 && digits[len - 1] == '0')
      len--;
    q_buf_printf(out, ".%.*s", len, digits);
  }
}

static void length(q_buf *out, q_length l) {
  static const char *const units[] = {"", "pt", "px", "mm", "cm", "in", "em"};
  number(out, l.value);
  if (l.value != 0.0 && (unsigned)l.unit < sizeof units / sizeof *units)
    q_buf_puts(out, units[l.unit]);
}

static void family(const epub_book *b, q_buf *out, q_font_role role) {
  const epub_fonts *f = b->fonts;
  const char *own = epub_fonts_family(f, role);
  if (own)
    q_buf_printf(out, "\"%s\", ", own);
  for (size_t i = 0; i < f->nfallbacks; i++)
    q_buf_printf(out, "\"%s\", ", f->fallbacks[i]);
  q_buf_puts(out, epub_fonts_generic(f, role));
}

static void font_faces(const epub_book *b, q_buf *out) {
  const epub_fonts *f = b->fonts;
  for (size_t i = 0; i < f->ndecls; i++) {
    const epub_font_decl *d = &f->decls[i];
    const epub_font *e = &f->fonts[d->font];
    q_buf_printf(out,
                 "@font-face {\n  font-family: \"%s\";\n  font-weight: %s;\n  font-style: %s;\n"
                 "  src: url(\"%s\") format(\"%s\");\n}\n\n",
                 d->family, d->bold ? "bold" : "normal", d->italic ? "italic" : "normal", e->href,
                 strcmp(e->media_type, "font/otf") == 0 ? "opentype" : "truetype");
  }
}

static const char *selector(q_sel sel) {
  switch (sel) {
  case Q_SEL_UL: return "ul, ol";          /* the theme's lists, numbered or not */
  case Q_SEL_H3: return "h3, h4, h5, h6";  /* deeper sections look like subsections */
  case Q_SEL_FIGCAPTION: return "figure.figure figcaption"; /* not a quotation's */
  default: return q_sel_name(sel);
  }
}

static void margins(q_buf *out, const q_rule *r) {
  const unsigned all = Q_P_MARGIN_TOP | Q_P_MARGIN_RIGHT | Q_P_MARGIN_BOTTOM | Q_P_MARGIN_LEFT;
  if ((r->set & all) == all) {
    q_buf_puts(out, "  margin: ");
    length(out, r->margin_top);
    q_buf_putc(out, ' ');
    length(out, r->margin_right);
    q_buf_putc(out, ' ');
    length(out, r->margin_bottom);
    q_buf_putc(out, ' ');
    length(out, r->margin_left);
    q_buf_puts(out, ";\n");
    return;
  }
  static const struct {
    unsigned bit;
    const char *name;
    size_t off;
  } sides[] = {{Q_P_MARGIN_TOP, "margin-top", offsetof(q_rule, margin_top)},
               {Q_P_MARGIN_RIGHT, "margin-right", offsetof(q_rule, margin_right)},
               {Q_P_MARGIN_BOTTOM, "margin-bottom", offsetof(q_rule, margin_bottom)},
               {Q_P_MARGIN_LEFT, "margin-left", offsetof(q_rule, margin_left)}};
  for (size_t i = 0; i < 4; i++)
    if (r->set & sides[i].bit) {
      q_length l;
      memcpy(&l, (const char *)r + sides[i].off, sizeof l);
      q_buf_printf(out, "  %s: ", sides[i].name);
      length(out, l);
      q_buf_puts(out, ";\n");
    }
}

/* ---- boxes ----------------------------------------------------------- */

static void lengths(q_buf *out, const char *name, const q_length *l, size_t n) {
  q_buf_printf(out, "  %s:", name);
  for (size_t i = 0; i < n; i++) {
    q_buf_putc(out, ' ');
    length(out, l[i]);
  }
  q_buf_puts(out, ";\n");
}

/* Borders, background and padding, as the theme wrote them. */
static void box_props(q_buf *out, const q_rule *r) {
  if (r->set & Q_P_BORDER_WIDTH)
    lengths(out, "border-width", r->border_width, 3);
  if (r->set & Q_P_BORDER_LEFT_WIDTH)
    lengths(out, "border-left-width", &r->border_width[3], 1);
  if (r->set & Q_P_BORDER_STYLE)
    q_buf_printf(out, "  border-style: %s;\n", r->border_solid ? "solid" : "none");
  if (r->set & Q_P_BORDER_COLOR)
    q_buf_printf(out, "  border-color: #%06x;\n", (unsigned)(r->border_color & 0xFFFFFFu));
  if (r->set & Q_P_BACKGROUND)
    q_buf_printf(out, "  background-color: #%06x;\n", (unsigned)(r->background & 0xFFFFFFu));
  if (r->set & Q_P_PADDING_TOP) {
    q_length pad[4] = {r->padding_top, r->padding_right, r->padding_bottom, r->padding_left};
    lengths(out, "padding", pad, 4);
  }
}

/* A quotation's attribution inside its indent, as in print: the
 * blockquote's side margins on its figcaption. */
static void quote_caption(const epub_book *b, q_buf *out) {
  const q_rule *r = &b->style->rules[Q_SEL_BLOCKQUOTE];
  q_length zero = {0, Q_UNIT_PT};
  q_length m[4] = {zero, r->set & Q_P_MARGIN_RIGHT ? r->margin_right : zero, zero,
                   r->set & Q_P_MARGIN_LEFT ? r->margin_left : zero};
  q_buf_puts(out, "figure.quote figcaption {\n");
  lengths(out, "margin", m, 4);
  q_buf_puts(out, "}\n\n");
}

/* Boxes' own layout: their heading line, no indent after a box, a quote
 * or an epigraph, and the attribution under an epigraph. */
static const char boxes_structure[] =
    ".box-title, .bridgehead, .attribution, .box-title + p,\n"
    "blockquote + p, figure.quote + p, .admonition + p, .sidebar + p, .example + p,\n"
    ".epigraph + p, .abstract + p, .bridgehead + p {\n  text-indent: 0;\n}\n\n"
    ".box-title {\n  margin-bottom: 0.25em;\n}\n\n"
    ".epigraph .attribution {\n  text-align: right;\n}\n";
static void rule_body(const epub_book *b, q_buf *out, const q_rule *rp);

static void rule(const epub_book *b, q_buf *out, q_sel sel) {
  q_rule r = b->style->rules[sel];
  if (sel == Q_SEL_BODY && !(r.set & Q_P_FONT_FAMILY)) {
    /* The embedded fonts must apply even when the theme names no role. */
    r.font_family = q_style_compute(b->style, Q_SEL_BODY, NULL).font_family;
    r.set |= Q_P_FONT_FAMILY;
  }
  if (!r.set)
    return;
  q_buf_printf(out, "%s {\n", selector(sel));
  rule_body(b, out, &r);
}

/* A section role's rule: section.ROLE, as the theme wrote it. */
static void role_rule(const epub_book *b, q_buf *out, const q_role_rule *rr) {
  if (!rr->rule.set)
    return;
  q_buf_printf(out, "section.%s {\n", rr->role);
  rule_body(b, out, &rr->rule);
}

static void rule_body(const epub_book *b, q_buf *out, const q_rule *rp) {
  q_rule r = *rp;
  if (r.set & Q_P_FONT_FAMILY) {
    q_buf_puts(out, "  font-family: ");
    family(b, out, r.font_family);
    q_buf_puts(out, ";\n");
  }
  if (r.set & Q_P_FONT_SIZE) {
    q_buf_puts(out, "  font-size: ");
    length(out, r.font_size);
    q_buf_puts(out, ";\n");
  }
  if (r.set & Q_P_FONT_WEIGHT)
    q_buf_printf(out, "  font-weight: %s;\n", r.bold ? "bold" : "normal");
  if (r.set & Q_P_FONT_STYLE)
    q_buf_printf(out, "  font-style: %s;\n", r.italic ? "italic" : "normal");
  if (r.set & Q_P_LINE_HEIGHT) {
    q_buf_puts(out, "  line-height: ");
    length(out, r.line_height);
    q_buf_puts(out, ";\n");
  }
  if (r.set & Q_P_COLOR)
    q_buf_printf(out, "  color: #%06x;\n", (unsigned)(r.color & 0xFFFFFFu));
  margins(out, &r);
  if (r.set & Q_P_TEXT_INDENT) {
    q_buf_puts(out, "  text-indent: ");
    length(out, r.text_indent);
    q_buf_puts(out, ";\n");
  }
  if (r.set & Q_P_TEXT_ALIGN) {
    static const char *const align[] = {"left", "justify", "center", "right"};
    q_buf_printf(out, "  text-align: %s;\n", align[r.text_align]);
  }
  if (r.set & Q_P_HYPHENS)
    q_buf_printf(out, "  -webkit-hyphens: %s;\n  hyphens: %s;\n", r.hyphens ? "auto" : "none",
                 r.hyphens ? "auto" : "none");
  box_props(out, &r);
  q_buf_puts(out, "}\n\n");
}

/* quire's own layout: no font-family, font-weight or font-style here. */
static const char structure[] =
    "/* Structure (quire's own, not the theme's). */\n"
    "h1 + p, h2 + p, h3 + p, h4 + p, h5 + p, h6 + p, p:first-child, .biblio p {\n"
    "  text-indent: 0;\n}\n\n"
    "figure.quote {\n  margin: 0;\n}\n\n"
    "figure.quote figcaption {\n  text-align: right;\n}\n\n"
    ".titlepage {\n  text-align: center;\n  margin-top: 3em;\n}\n\n"
    ".titlepage p {\n  text-indent: 0;\n  margin-top: 1em;\n  text-align: center;\n}\n\n"
    "nav#toc ol {\n  list-style-type: none;\n  padding-left: 0;\n}\n\n"
    "nav#toc ol ol {\n  padding-left: 1.5em;\n}\n\n"
    "[hidden] {\n  display: none;\n}\n\n"
    "body.cover {\n  margin: 0;\n  padding: 0;\n}\n\n"
    "div.cover {\n  text-align: center;\n}\n\n"
    "div.cover img {\n  max-width: 100%;\n  height: auto;\n}\n"
    /* inlines and metadata (issue 11): rules are layout, not a face */
    "\n.underline {\n  text-decoration: underline;\n}\n\n"
    ".strikethrough {\n  text-decoration: line-through;\n}\n\n"
    ".titlepage p.copyright, .titlepage p.rights, .titlepage p.edition, "
    ".titlepage p.releaseinfo, .titlepage p.date {\n  font-size: 0.9em;\n}\n";

static bool has_subtitles(const q_doc *doc) {
  q_iter it;
  q_iter_start(&it, doc->root);
  for (q_event ev; (ev = q_iter_next(&it)) != Q_EV_DONE;)
    if (ev == Q_EV_ENTER && q_node_titles(it.node).subtitle)
      return true;
  return false;
}

/* A part's or section's subtitle (<p class="subtitle"> right after its
 * heading), only in a book that has one. Unlike the structural rules this
 * sets a face: the one q_style_subtitle gives and the XHTML writer declared
 * its text in, so the embedded fonts still cover it. Sizes are in em of the
 * section's size, which is the body's. */
static void subtitle_css(const epub_book *b, q_buf *out) {
  if (!has_subtitles(b->doc))
    return;
  static const char *const sels[] = {
      "h1 + p.subtitle", "h2 + p.subtitle",
      "h3 + p.subtitle, h4 + p.subtitle, h5 + p.subtitle, h6 + p.subtitle"};
  static const char *const align[] = {"left", "justify", "center", "right"};
  q_computed body = q_style_compute(b->style, Q_SEL_BODY, NULL);
  for (unsigned level = 1; level <= 3; level++) {
    q_computed sub = q_style_subtitle(b->style, level, &body);
    q_buf_printf(out, "\n%s {\n  font-family: ", sels[level - 1]);
    family(b, out, sub.font_family);
    q_buf_puts(out, ";\n  font-weight: normal;\n  font-style: normal;\n  font-size: ");
    number(out, sub.font_size_pt / body.font_size_pt);
    q_buf_puts(out, "em;\n  line-height: ");
    number(out, sub.line_height_pt / sub.font_size_pt);
    q_buf_printf(out, ";\n  color: #%06x", (unsigned)(sub.color & 0xFFFFFFu));
    q_buf_puts(out, ";\n  margin: 0 0 ");
    number(out, sub.margin_bottom_pt / sub.font_size_pt);
    q_buf_printf(out, "em 0;\n  text-indent: 0;\n  text-align: %s;\n",
                 align[(unsigned)sub.text_align < 4 ? sub.text_align : 0]);
    q_buf_printf(out, "  -webkit-hyphens: %s;\n  hyphens: %s;\n}\n", sub.hyphens ? "auto" : "none",
                 sub.hyphens ? "auto" : "none");
  }
  q_buf_puts(out, "\np.subtitle + p {\n  text-indent: 0;\n}\n");
}

void epub_css(const epub_book *b, q_buf *out) {
  q_buf_puts(out, "/* Generated by quire from the theme ");
  const char *path = b->style->path ? strrchr(b->style->path, '/') : NULL;
  path = path ? path + 1 : b->style->path ? b->style->path : "(defaults)";
  q_buf_add(out, path, strcspn(path, "*"));
  q_buf_puts(out, ". Do not edit. */\n\n");
  font_faces(b, out);
  for (int sel = 0; sel < Q_SEL_COUNT; sel++)
    if (sel != Q_SEL_FIGCAPTION || b->nimages) /* figures' only when there are some */
      rule(b, out, (q_sel)sel);
  for (size_t i = 0; i < b->style->nroles; i++)
    role_rule(b, out, &b->style->roles[i]);
  q_buf_puts(out, structure);
  q_buf_putc(out, '\n');
  quote_caption(b, out);
  q_buf_puts(out, boxes_structure);
  epub_table_css(b, out);
  epub_listing_css(out);
  epub_lists_css(out);
  epub_figures_css(b, out);
  subtitle_css(b, out);
}
