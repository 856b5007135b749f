/* table.c: CALS and HTML tables -> Q_TABLE.
 *
 * Flow: the table's attributes and caption; the column declarations (CALS
 * colspec and spanspec of the first tgroup, HTML col and colgroup); then the
 * row groups in reading order (head, body, foot, whatever the source order),
 * each row's cells placed on one q_grid for the table. Rules inherit as CALS
 * says: entry, row, colspec, tgroup, table; the nearest given wins. */
#include "table.h"

#include <stdlib.h>
#include <string.h>

#include "../base/mem.h"
#include "../model/grid.h"

#define NS_DB "http://docbook.org/ns/docbook"

static const char *const table_names[] = {
    "table", "informaltable", "tgroup", "colspec", "spanspec", "thead", "tbody", "tfoot",
    "row",   "entry",         "caption", "col",    "colgroup", "tr",    "th",    "td"};

static bool is_db(const xmlNode *x, const char *name) {
  return x && x->type == XML_ELEMENT_NODE && x->ns && x->ns->href &&
         strcmp((const char *)x->ns->href, NS_DB) == 0 && strcmp((const char *)x->name, name) == 0;
}

bool q_table_element(const xmlNode *x) {
  for (size_t i = 0; i < sizeof table_names / sizeof *table_names; i++)
    if (is_db(x, table_names[i]))
      return true;
  return false;
}

bool q_table_starts(const xmlNode *x) { return is_db(x, "table") || is_db(x, "informaltable"); }

static const char *attr(const xmlNode *n, const char *name) {
  for (const xmlAttr *a = n->properties; a; a = a->next)
    if (!a->ns && strcmp((const char *)a->name, name) == 0)
      return a->children && a->children->type == XML_TEXT_NODE ? (const char *)a->children->content
                                                                : "";
  return NULL;
}

/* A whole number attribute >= min, else def (the schema checks the form). */
static unsigned uattr(const xmlNode *x, const char *name, unsigned def) {
  const char *v = attr(x, name);
  if (!v || !*v)
    return def;
  char *end;
  unsigned long n = strtoul(v, &end, 10);
  return *end || n > 100000 ? def : (unsigned)n;
}

static signed char sepattr(const xmlNode *x, const char *name) {
  const char *v = attr(x, name);
  return v ? (signed char)(strcmp(v, "0") != 0) : -1;
}

static q_cell_align align_of(const char *v) {
  if (!v)
    return Q_CELL_ALIGN_DEFAULT;
  if (strcmp(v, "left") == 0)
    return Q_CELL_ALIGN_LEFT;
  if (strcmp(v, "center") == 0)
    return Q_CELL_ALIGN_CENTER;
  if (strcmp(v, "right") == 0)
    return Q_CELL_ALIGN_RIGHT;
  if (strcmp(v, "justify") == 0)
    return Q_CELL_ALIGN_JUSTIFY;
  if (strcmp(v, "char") == 0)
    return Q_CELL_ALIGN_CHAR;
  return Q_CELL_ALIGN_DEFAULT;
}

static q_frame frame_of(const char *v) {
  if (!v)
    return Q_FRAME_UNSET;
  static const struct {
    const char *name;
    q_frame f;
  } map[] = {{"none", Q_FRAME_NONE},   {"void", Q_FRAME_NONE},    {"top", Q_FRAME_TOP},
             {"above", Q_FRAME_TOP},   {"bottom", Q_FRAME_BOTTOM}, {"below", Q_FRAME_BOTTOM},
             {"topbot", Q_FRAME_TOPBOT}, {"hsides", Q_FRAME_TOPBOT}, {"sides", Q_FRAME_SIDES},
             {"vsides", Q_FRAME_SIDES}, {"all", Q_FRAME_ALL},      {"box", Q_FRAME_ALL},
             {"border", Q_FRAME_ALL}};
  for (size_t i = 0; i < sizeof map / sizeof *map; i++)
    if (strcmp(v, map[i].name) == 0)
      return map[i].f;
  return Q_FRAME_UNSET;
}

/* colwidth: "2*", "1.5*+3pt", "3cm", "72" (points), "20%" (a share). */
static bool parse_width(const char *v, q_table_col *c) {
  const char *s = v;
  while (*s == ' ')
    s++;
  if (!*s)
    return true;
  char *end;
  double n = strtod(s, &end);
  if (end == s && *s == '*') {
    n = 1;
  } else if (end == s || n < 0 || n > 100000) {
    return false;
  }
  s = end;
  if (*s == '*' || *s == '%') {
    c->star = n;
    s++;
    if (*s == '+') {
      n = strtod(s + 1, &end);
      if (end == s + 1 || n < 0 || n > 100000)
        return false;
      s = end;
    } else {
      n = 0;
    }
  }
  static const struct {
    const char *unit;
    double pt;
  } units[] = {{"pt", 1}, {"pc", 12}, {"in", 72}, {"cm", 72 / 2.54}, {"mm", 72 / 25.4}, {"px", 0.75}, {"", 1}};
  for (size_t i = 0; i < sizeof units / sizeof *units; i++)
    if (strcmp(s, units[i].unit) == 0) {
      c->fixed_pt = n * units[i].pt;
      return true;
    }
  return false;
}

typedef struct colname {
  const char *name;
  unsigned col;
  signed char colsep, rowsep;
} colname;

typedef struct spanname {
  const char *name, *namest, *nameend;
  const xmlNode *x;
} spanname;

typedef struct tbl {
  const q_table_host *h;
  q_node *table;
  q_grid *grid;
  unsigned cols;          /* 0 for the HTML model until its rows are read */
  q_table_col *col;
  unsigned ncol, colcap;
  colname *names;
  size_t nnames, namecap;
  spanname *spans;
  size_t nspans, spancap;
  signed char colsep, rowsep; /* tgroup's, else table's, else -1 */
  bool html;
} tbl;

static q_table_col *col_at(tbl *t, unsigned k) {
  if (k >= t->colcap) {
    size_t cap = t->colcap;
    t->col = q_grow(t->col, &cap, (size_t)k + 1, sizeof *t->col);
    memset(t->col + t->colcap, 0, (cap - t->colcap) * sizeof *t->col);
    t->colcap = (unsigned)cap;
  }
  if (k >= t->ncol)
    t->ncol = k + 1;
  return &t->col[k];
}

static const colname *find_col(const tbl *t, const char *name) {
  for (size_t i = 0; i < t->nnames; i++)
    if (strcmp(t->names[i].name, name) == 0)
      return &t->names[i];
  return NULL;
}

/* The character a column aligns on: its char, "." when not given. */
static const char *char_of(tbl *t, const xmlNode *x) {
  if (align_of(attr(x, "align")) != Q_CELL_ALIGN_CHAR)
    return NULL;
  const char *c = attr(x, "char");
  return q_arena_strdup(&t->h->doc->arena, c && *c ? c : ".");
}

static void read_colspecs(tbl *t, const xmlNode *tg) {
  unsigned next = 0;
  for (const xmlNode *c = tg->children; c; c = c->next) {
    if (is_db(c, "colspec")) {
      unsigned k = uattr(c, "colnum", next + 1);
      if (k == 0 || k > t->cols) {
        q_error(t->h->d, t->h->attr_pos(t->h->reader, c, "colnum"),
                "<colspec> for column %u of a <tgroup> of %u columns", k, t->cols);
        continue;
      }
      k--;
      q_table_col *col = col_at(t, k);
      const char *w = attr(c, "colwidth");
      if (w && !parse_width(w, col))
        q_error(t->h->d, t->h->attr_pos(t->h->reader, c, "colwidth"),
                "colwidth '%s': write a share ('2*'), a length ('3cm', '72pt') or both ('1*+1cm')", w);
      col->align = align_of(attr(c, "align"));
      col->align_char = char_of(t, c);
      const char *name = attr(c, "colname");
      if (name) {
        t->names = q_grow(t->names, &t->namecap, t->nnames + 1, sizeof *t->names);
        t->names[t->nnames++] = (colname){name, k, sepattr(c, "colsep"), sepattr(c, "rowsep")};
      }
      next = k + 1;
    } else if (is_db(c, "spanspec")) {
      t->spans = q_grow(t->spans, &t->spancap, t->nspans + 1, sizeof *t->spans);
      t->spans[t->nspans++] =
          (spanname){attr(c, "spanname"), attr(c, "namest"), attr(c, "nameend"), c};
    }
  }
}

/* The columns an HTML col declares (span of them), from column *next on. */
static void html_col(tbl *t, const xmlNode *k, unsigned *next) {
  unsigned span = uattr(k, "span", 1);
  for (unsigned s = 0; s < span && *next < 65536; s++) {
    q_table_col *col = col_at(t, (*next)++);
    const char *w = attr(k, "width");
    if (w && !parse_width(w, col))
      q_error(t->h->d, t->h->attr_pos(t->h->reader, k, "width"),
              "width '%s': write a share ('2*', '20%%') or a length ('3cm')", w);
    col->align = align_of(attr(k, "align"));
    col->align_char = char_of(t, k);
  }
}

static void read_html_cols(tbl *t, const xmlNode *x) {
  unsigned next = 0;
  for (const xmlNode *c = x->children; c; c = c->next) {
    if (is_db(c, "col")) {
      html_col(t, c, &next);
    } else if (is_db(c, "colgroup")) {
      bool any = false;
      for (const xmlNode *k = c->children; k; k = k->next)
        if (is_db(k, "col")) {
          any = true;
          html_col(t, k, &next);
        }
      if (!any)
        html_col(t, c, &next); /* a colgroup of span columns, its width theirs */
    }
  }
}

/* Does the cell hold blocks (paragraphs, lists) rather than inlines? */
static bool holds_blocks(const xmlNode *x) {
  for (const xmlNode *c = x->children; c; c = c->next)
    if (is_db(c, "para") || is_db(c, "itemizedlist") || is_db(c, "orderedlist") ||
        is_db(c, "blockquote"))
      return true;
  return false;
}

/* Column of a CALS name, or -1 with an error at the attribute. */
static int named_col(tbl *t, const xmlNode *x, const char *attrname, const char *name,
                     const colname **out) {
  const colname *c = find_col(t, name);
  if (!c) {
    q_error(t->h->d, t->h->attr_pos(t->h->reader, x, attrname),
            "%s='%s' names no column: the <colspec> colname values are the names", attrname, name);
    return -1;
  }
  if (out)
    *out = c;
  return (int)c->col;
}

static void add_cell(tbl *t, const xmlNode *x, q_node *row, unsigned rows_left,
                     signed char row_rowsep, q_cell_valign row_valign, bool head) {
  const q_table_host *h = t->h;
  int at = -1;
  unsigned colspan = 1, rowspan = 1;
  const colname *first = NULL;
  bool bad = false;
  q_cell_align align = align_of(attr(x, "align"));
  if (t->html) {
    colspan = uattr(x, "colspan", 1);
    rowspan = uattr(x, "rowspan", 1);
    if (colspan == 0)
      colspan = 1;
    if (rowspan == 0)
      rowspan = 1;
  } else {
    const char *st = attr(x, "namest"), *en = attr(x, "nameend"), *span = attr(x, "spanname");
    const char *colname_v = attr(x, "colname");
    if (span) {
      const spanname *sp = NULL;
      for (size_t i = 0; i < t->nspans; i++)
        if (t->spans[i].name && strcmp(t->spans[i].name, span) == 0)
          sp = &t->spans[i];
      if (!sp) {
        q_error(h->d, h->attr_pos(h->reader, x, "spanname"),
                "spanname='%s' names no <spanspec> of this <tgroup>", span);
        bad = true;
      } else {
        st = sp->namest, en = sp->nameend;
        if (align == Q_CELL_ALIGN_DEFAULT)
          align = align_of(attr(sp->x, "align"));
      }
    }
    if (!st)
      st = colname_v;
    if (st && !bad) {
      const char *which = span ? "spanname" : attr(x, "namest") ? "namest" : "colname";
      int c0 = named_col(t, x, which, st, &first);
      if (c0 < 0) {
        bad = true;
      } else {
        at = c0;
        if (en) {
          int c1 = named_col(t, x, span ? "spanname" : "nameend", en, NULL);
          if (c1 < 0) {
            bad = true;
          } else if (c1 < c0) {
            q_error(h->d, h->attr_pos(h->reader, x, "nameend"),
                    "nameend='%s' comes before namest='%s': a span runs left to right", en, st);
            bad = true;
          } else {
            colspan = (unsigned)(c1 - c0 + 1);
          }
        }
      }
    }
    rowspan = uattr(x, "morerows", 0) + 1;
  }
  q_pos pos = h->pos(h->reader, x);
  if (!bad && rowspan > rows_left) {
    q_error(h->d, t->html ? h->attr_pos(h->reader, x, "rowspan") : h->attr_pos(h->reader, x, "morerows"),
            "this cell spans %u rows, but its row group has %u from here: the span runs out of the table",
            rowspan, rows_left);
    rowspan = rows_left;
  }
  unsigned col = 0;
  if (!bad) {
    q_grid_status s = q_grid_place(t->grid, at, colspan, rowspan, &col);
    if (s == Q_GRID_TOO_WIDE) {
      if (at < 0 && colspan == 1)
        q_error(h->d, pos, "this row has more cells than the table's %u columns (tgroup cols)",
                t->cols);
      else
        q_error(h->d, pos, "this cell spans columns %u to %u of a table of %u columns", col + 1,
                col + colspan, t->cols);
      bad = true;
    } else if (s == Q_GRID_OVERLAP) {
      q_error(h->d, pos,
              "this cell, from column %u, overlaps another: a cell above spans down into this row, or "
              "a cell to its left spans across",
              col + 1);
      bad = true;
    }
  }
  if (bad)
    return;
  q_node *cell = q_node_new(h->doc, Q_TCELL, pos);
  cell->u.cell.row = q_grid_rows(t->grid) - 1;
  cell->u.cell.col = col;
  cell->u.cell.colspan = colspan;
  cell->u.cell.rowspan = rowspan;
  cell->u.cell.header = head || is_db(x, "th");
  const char *scope = attr(x, "scope");
  cell->u.cell.scope_row = scope && (strcmp(scope, "row") == 0 || strcmp(scope, "rowgroup") == 0);
  if (align == Q_CELL_ALIGN_DEFAULT && col < t->ncol)
    align = t->col[col].align;
  cell->u.cell.align = align;
  const char *va = attr(x, "valign");
  cell->u.cell.valign = !va ? row_valign
                        : strcmp(va, "middle") == 0 ? Q_VALIGN_MIDDLE
                        : strcmp(va, "bottom") == 0 ? Q_VALIGN_BOTTOM
                                                    : Q_VALIGN_TOP;
  /* The nearest given rule wins: entry, row, colspec, tgroup, table. */
  const colname *cn = first;
  if (!cn)
    for (size_t i = 0; i < t->nnames; i++)
      if (t->names[i].col == col + colspan - 1)
        cn = &t->names[i];
  signed char cs = sepattr(x, "colsep"), rs = sepattr(x, "rowsep");
  if (cs < 0 && cn)
    cs = cn->colsep;
  if (cs < 0)
    cs = t->colsep;
  if (rs < 0)
    rs = row_rowsep;
  if (rs < 0 && cn)
    rs = cn->rowsep;
  if (rs < 0)
    rs = t->rowsep;
  cell->u.cell.colsep = cs;
  cell->u.cell.rowsep = rs;
  q_node_append(row, cell);
  if (holds_blocks(x)) {
    h->attrs(h->reader, x, cell);
    h->blocks(h->reader, x, cell);
  } else {
    h->inlines(h->reader, x, Q_PARA, cell);
  }
}

static unsigned count_rows(const xmlNode *group, const char *rowname) {
  unsigned n = 0;
  for (const xmlNode *r = group->children; r; r = r->next)
    n += is_db(r, rowname);
  return n;
}

/* The rows of one row group (thead, tbody, tfoot, or the table itself for
 * HTML rows not in a group) into the table. Returns the rows read. */
static unsigned read_rows(tbl *t, const xmlNode *group, q_row_section section) {
  const char *rowname = t->html ? "tr" : "row";
  unsigned total = count_rows(group, rowname), k = 0;
  q_cell_valign gv = Q_VALIGN_TOP;
  const char *gva = attr(group, "valign");
  if (gva && strcmp(gva, "middle") == 0)
    gv = Q_VALIGN_MIDDLE;
  else if (gva && strcmp(gva, "bottom") == 0)
    gv = Q_VALIGN_BOTTOM;
  for (const xmlNode *r = group->children; r; r = r->next) {
    if (!is_db(r, rowname))
      continue;
    q_node *row = q_node_new(t->h->doc, Q_TROW, t->h->pos(t->h->reader, r));
    row->u.row.section = section;
    q_node_append(t->table, row);
    q_grid_row(t->grid);
    const char *va = attr(r, "valign");
    q_cell_valign rv = !va ? gv
                       : strcmp(va, "middle") == 0 ? Q_VALIGN_MIDDLE
                       : strcmp(va, "bottom") == 0 ? Q_VALIGN_BOTTOM
                                                   : Q_VALIGN_TOP;
    for (const xmlNode *c = r->children; c; c = c->next)
      if (t->html ? is_db(c, "td") || is_db(c, "th") : is_db(c, "entry"))
        add_cell(t, c, row, total - k, sepattr(r, "rowsep"), rv, section == Q_ROW_HEAD);
    k++;
  }
  return total;
}

static const xmlNode *child(const xmlNode *x, const char *name) {
  for (const xmlNode *c = x->children; c; c = c->next)
    if (is_db(c, name))
      return c;
  return NULL;
}

void q_table_read(const q_table_host *h, const xmlNode *x, q_node *into) {
  tbl t = {0};
  t.h = h;
  q_node *table = q_node_new(h->doc, Q_TABLE, h->pos(h->reader, x));
  h->attrs(h->reader, x, table);
  q_node_append(into, table);
  t.table = table;
  bool formal = is_db(x, "table");
  const xmlNode *tg = child(x, "tgroup");
  t.html = tg == NULL;
  table->u.table.frame = frame_of(attr(x, "frame"));
  t.colsep = sepattr(x, "colsep");
  t.rowsep = sepattr(x, "rowsep");
  const xmlNode *title = child(x, t.html ? "caption" : "title");
  if (!title && !t.html) {
    const xmlNode *info = child(x, "info");
    title = info ? child(info, "title") : NULL;
  }
  if (title)
    h->inlines(h->reader, title, Q_TITLE, table);
  if (formal && title)
    table->u.table.number = ++*h->numbered;
  if (!t.html) {
    for (const xmlNode *more = tg->next; more; more = more->next)
      if (is_db(more, "tgroup"))
        q_error(h->d, h->pos(h->reader, more),
                "a second <tgroup>: quire reads one per table (make it a table of its own)");
    t.cols = uattr(tg, "cols", 0);
    if (t.cols == 0) {
      q_error(h->d, h->pos(h->reader, tg), "<tgroup> needs cols, the number of its columns");
      return;
    }
    signed char cs = sepattr(tg, "colsep"), rs = sepattr(tg, "rowsep");
    if (cs >= 0)
      t.colsep = cs;
    if (rs >= 0)
      t.rowsep = rs;
    col_at(&t, t.cols - 1);
    read_colspecs(&t, tg);
    const char *ga = attr(tg, "align");
    for (unsigned k = 0; k < t.cols; k++)
      if (t.col[k].align == Q_CELL_ALIGN_DEFAULT) {
        t.col[k].align = align_of(ga);
        t.col[k].align_char = char_of(&t, tg);
      }
  } else {
    read_html_cols(&t, x);
  }
  t.grid = q_grid_new(t.cols);
  const xmlNode *src = t.html ? x : tg;
  const xmlNode *head = child(src, "thead"), *foot = child(src, "tfoot");
  unsigned nhead = head ? read_rows(&t, head, Q_ROW_HEAD) : 0;
  unsigned nbody = 0;
  for (const xmlNode *c = src->children; c; c = c->next)
    if (is_db(c, "tbody"))
      nbody += read_rows(&t, c, Q_ROW_BODY);
  if (t.html && count_rows(src, "tr"))
    nbody += read_rows(&t, src, Q_ROW_BODY);
  unsigned nfoot = foot ? read_rows(&t, foot, Q_ROW_FOOT) : 0;
  table->u.table.head_rows = nhead;
  table->u.table.foot_rows = nfoot;
  if (nhead + nbody + nfoot == 0)
    q_error(h->d, h->pos(h->reader, x), "<%s> has no rows: give it at least one %s",
            (const char *)x->name, t.html ? "<tr>" : "<row> in a <tbody>");
  unsigned cols = q_grid_cols(t.grid);
  if (cols == 0)
    cols = 1;
  if (t.ncol > cols && t.html)
    cols = t.ncol;
  col_at(&t, cols - 1);
  table->u.table.cols = cols;
  q_table_col *keep = q_arena_alloc(&h->doc->arena, cols * sizeof *keep);
  memcpy(keep, t.col, cols * sizeof *keep);
  table->u.table.col = keep;
  q_grid_drop(t.grid);
  free(t.col);
  free(t.names);
  free(t.spans);
}
