/* table: a Q_TABLE as an XHTML table, and the CSS tables need.
 *
 * The model's grid goes out as HTML writes it: <caption> ("Table N." and the
 * title), <colgroup> with each column's width where the source gives shares
 * (as percentages) or lengths, <thead>/<tbody>/<tfoot>, and cells with
 * colspan and rowspan; a header cell is a <th> with its scope (col in the
 * head, row where the source says so). Rules: the booktabs look by default,
 * or the source's frame, colsep and rowsep as classes the CSS below draws.
 *
 * On a narrow screen the table reflows (it takes the screen's width and its
 * cells wrap, long words broken where they must be) rather than scrolling in
 * a box of its own: a reading list's cells are text, which wraps well, and
 * a scrolling box hides columns and needs keyboard focus to be reachable. */
#include <stdio.h>
#include <string.h>

#include "book.h"

static const char *frame_class(q_frame f) {
  switch (f) {
  case Q_FRAME_NONE: return "frame-none";
  case Q_FRAME_TOP: return "frame-top";
  case Q_FRAME_BOTTOM: return "frame-bottom";
  case Q_FRAME_TOPBOT: return "frame-topbot";
  case Q_FRAME_SIDES: return "frame-sides";
  case Q_FRAME_ALL: return "frame-all";
  default: return "booktabs";
  }
}

/* The blocks of a cell: paragraphs, and lists of paragraphs. */
static void cell_blocks(epub_book *b, q_buf *out, const q_node *cell, const q_computed *cs) {
  for (const q_node *n = cell->first; n; n = n->next) {
    if (n->kind == Q_PARA) {
      q_buf_puts(out, "<p");
      epub_xhtml_id_lang(out, n);
      q_buf_putc(out, '>');
      epub_xhtml_inlines(b, out, n, cs, false);
      q_buf_puts(out, "</p>");
    } else if (n->kind == Q_LIST) {
      const char *tag = n->u.list.ordered ? "ol" : "ul";
      q_buf_printf(out, "<%s", tag);
      epub_xhtml_id_lang(out, n);
      q_buf_putc(out, '>');
      for (const q_node *li = n->first; li; li = li->next) {
        q_buf_puts(out, "<li");
        epub_xhtml_id_lang(out, li);
        q_buf_putc(out, '>');
        cell_blocks(b, out, li, cs);
        q_buf_puts(out, "</li>");
      }
      q_buf_printf(out, "</%s>", tag);
    }
  }
}

static const char *align_css(q_cell_align a) {
  switch (a) {
  case Q_CELL_ALIGN_LEFT: return "left";
  case Q_CELL_ALIGN_CENTER: return "center";
  case Q_CELL_ALIGN_RIGHT:
  case Q_CELL_ALIGN_CHAR: return "right";
  case Q_CELL_ALIGN_JUSTIFY: return "justify";
  default: return NULL;
  }
}

static void cols(q_buf *out, const q_node *t) {
  unsigned n = t->u.table.cols;
  double stars = 0;
  bool any = false, all_stars = true;
  for (unsigned k = 0; k < n; k++) {
    const q_table_col *c = &t->u.table.col[k];
    any = any || c->star > 0 || c->fixed_pt > 0;
    all_stars = all_stars && c->fixed_pt == 0;
    stars += c->star > 0 ? c->star : c->fixed_pt > 0 ? 0 : 1;
  }
  if (!any)
    return;
  q_buf_puts(out, "<colgroup>");
  for (unsigned k = 0; k < n; k++) {
    const q_table_col *c = &t->u.table.col[k];
    if (all_stars)
      q_buf_printf(out, "<col style=\"width: %.1f%%\"/>", 100.0 * (c->star > 0 ? c->star : 1) / stars);
    else if (c->fixed_pt > 0 && c->star == 0)
      q_buf_printf(out, "<col style=\"width: %.1fpt\"/>", c->fixed_pt);
    else
      q_buf_puts(out, "<col/>");
  }
  q_buf_puts(out, "</colgroup>\n");
}

void epub_table(epub_book *b, q_buf *out, const q_node *t, const q_computed *parent) {
  q_computed ts = q_style_compute(b->style, Q_SEL_TABLE, parent);
  q_computed th = q_style_compute(b->style, Q_SEL_TH, &ts);
  q_computed td = q_style_compute(b->style, Q_SEL_TD, &ts);
  q_buf_printf(out, "<table class=\"%s\"", frame_class(t->u.table.frame));
  epub_xhtml_id_lang(out, t);
  q_buf_puts(out, ">\n");
  const q_node *title = t->first && t->first->kind == Q_TITLE ? t->first : NULL;
  if (title) {
    q_computed cap = q_style_compute(b->style, Q_SEL_CAPTION, &ts);
    q_buf_puts(out, "<caption>");
    if (t->u.table.number) {
      char num[32];
      snprintf(num, sizeof num, "Table %u.", t->u.table.number);
      q_computed lab = cap;
      lab.bold = true;
      epub_xhtml_label(b, out, &lab, num);
      epub_xhtml_text(b, out, &cap, " ", 1);
    }
    epub_xhtml_inlines(b, out, title, &cap, false);
    q_buf_puts(out, "</caption>\n");
  }
  cols(out, t);
  q_row_section open = (q_row_section)-1;
  static const char *const group[] = {"thead", "tbody", "tfoot"};
  for (const q_node *row = title ? title->next : t->first; row; row = row->next) {
    if (row->kind != Q_TROW)
      continue;
    q_row_section sec = row->u.row.section;
    if (sec != open) {
      if (open != (q_row_section)-1)
        q_buf_printf(out, "</%s>\n", group[open]);
      q_buf_printf(out, "<%s>\n", group[sec]);
      open = sec;
    }
    q_buf_puts(out, "<tr>");
    for (const q_node *c = row->first; c; c = c->next) {
      bool head = c->u.cell.header;
      q_buf_puts(out, head ? "<th" : "<td");
      if (head)
        q_buf_printf(out, " scope=\"%s\"", c->u.cell.scope_row ? "row" : "col");
      if (c->u.cell.colspan > 1)
        q_buf_printf(out, " colspan=\"%u\"", c->u.cell.colspan);
      if (c->u.cell.rowspan > 1)
        q_buf_printf(out, " rowspan=\"%u\"", c->u.cell.rowspan);
      const char *cls[3] = {0};
      size_t ncls = 0;
      if (c->u.cell.rowsep > 0)
        cls[ncls++] = "rowsep";
      if (c->u.cell.colsep > 0)
        cls[ncls++] = "colsep";
      if (ncls)
        q_buf_printf(out, " class=\"%s%s%s\"", cls[0], ncls > 1 ? " " : "", ncls > 1 ? cls[1] : "");
      const char *al = align_css(c->u.cell.align);
      const char *va = c->u.cell.valign == Q_VALIGN_MIDDLE   ? "middle"
                       : c->u.cell.valign == Q_VALIGN_BOTTOM ? "bottom"
                                                             : NULL;
      if (al || va)
        q_buf_printf(out, " style=\"%s%s%s%s%s\"", al ? "text-align: " : "", al ? al : "",
                     al && va ? "; " : "", va ? "vertical-align: " : "", va ? va : "");
      epub_xhtml_id_lang(out, c);
      q_buf_putc(out, '>');
      cell_blocks(b, out, c, head ? &th : &td);
      q_buf_puts(out, head ? "</th>" : "</td>");
    }
    q_buf_puts(out, "</tr>\n");
  }
  if (open != (q_row_section)-1)
    q_buf_printf(out, "</%s>\n", group[open]);
  q_buf_puts(out, "</table>\n");
}

static void pad(q_buf *out, const q_style *s, q_sel sel) {
  const q_rule *r = &s->rules[sel];
  const q_length *side[4] = {&r->margin_top, &r->margin_right, &r->margin_bottom, &r->margin_left};
  const unsigned bit[4] = {Q_P_MARGIN_TOP, Q_P_MARGIN_RIGHT, Q_P_MARGIN_BOTTOM, Q_P_MARGIN_LEFT};
  static const char *const unit[] = {"", "pt", "px", "mm", "cm", "in", "em"};
  q_buf_puts(out, "  padding:");
  for (int i = 0; i < 4; i++) {
    if (r->set & bit[i])
      q_buf_printf(out, " %g%s", side[i]->value, unit[side[i]->unit]);
    else
      q_buf_puts(out, " 0");
  }
  q_buf_puts(out, ";\n");
}

void epub_table_css(const epub_book *b, q_buf *out) {
  q_buf_puts(out, "\n/* Tables (quire's own): a cell's margins in the theme are its padding. */\n"
                  "table {\n  border-collapse: collapse;\n  max-width: 100%;\n}\n\n"
                  "caption {\n  caption-side: top;\n}\n\n"
                  "th, td {\n  vertical-align: top;\n  overflow-wrap: break-word;\n}\n\n"
                  "th p, td p {\n  margin: 0;\n  text-indent: 0;\n}\n\n");
  q_buf_puts(out, "th {\n");
  pad(out, b->style, Q_SEL_TH);
  q_buf_puts(out, "}\n\ntd {\n");
  pad(out, b->style, Q_SEL_TD);
  q_buf_puts(out, "}\n\n"
                  "table.booktabs {\n  border-top: 0.8pt solid;\n  border-bottom: 0.8pt solid;\n}\n\n"
                  "table.booktabs thead tr:last-child > * {\n  border-bottom: 0.5pt solid;\n}\n\n"
                  "table.frame-top {\n  border-top: 0.4pt solid;\n}\n\n"
                  "table.frame-bottom {\n  border-bottom: 0.4pt solid;\n}\n\n"
                  "table.frame-topbot {\n  border-top: 0.4pt solid;\n  border-bottom: 0.4pt solid;\n}\n\n"
                  "table.frame-sides {\n  border-left: 0.4pt solid;\n  border-right: 0.4pt solid;\n}\n\n"
                  "table.frame-all {\n  border: 0.4pt solid;\n}\n\n"
                  "td.rowsep, th.rowsep {\n  border-bottom: 0.4pt solid;\n}\n\n"
                  "td.colsep, th.colsep {\n  border-right: 0.4pt solid;\n}\n");
}
