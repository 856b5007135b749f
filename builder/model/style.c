/* style: a theme (a small CSS subset) parsed into a q_style, and the
 * computed style of each kind of text.
 *
 * The parser is a hand-written scanner over (text, len). Every read goes
 * through peek(), which checks the length, so the text need not be
 * NUL-terminated and nothing past it is ever read. The scanner keeps the line
 * and the column (counted in UTF-8 characters, not bytes) of the next
 * character, so every message points at the token that caused it.
 *
 * Errors never stop the parse: a bad declaration is skipped to its ';' or to
 * the '}' of its block, a bad statement to its ';' or past its block. So one
 * run reports every independent problem, and the result is NULL if there was
 * any. A theme only adds to the defaults: each selector's rule starts as
 * q_style_defaults gives it and a declaration overrides one property. */
#include "style.h"
#include "../base/file.h"
#include "../base/mem.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- names and units ---------------------------------------------------- */

static const char *const sel_names[Q_SEL_COUNT] = {
    "body", "h1", "h2", "h3", "p", "ul", "li", "blockquote",
    ".biblio", ".anecdote", "code", "a", "em", "strong", "cite",
    ".admonition", ".sidebar", ".example", ".epigraph", ".bridgehead", ".abstract",
    ".footnote",
    "table", "caption", "th", "td",
    /* after the inlines' range (named by model/inline.h) */
    [Q_SEL_PRE] = "pre", [Q_SEL_LITERAL] = ".literallayout", [Q_SEL_DT] = "dt", [Q_SEL_DD] = "dd",
    [Q_SEL_FIGCAPTION] = "figcaption"};

bool q_sel_is_inline(q_sel sel) {
  if (sel >= Q_SEL_INLINE && sel <= Q_SEL_INLINE_END)
    return true; /* a DocBook inline's class */
  switch (sel) {
  case Q_SEL_CODE: case Q_SEL_A: case Q_SEL_EM: case Q_SEL_STRONG: case Q_SEL_CITE:
    return true;
  default:
    return false; /* a block: a kind of text set on lines of its own */
  }
}

const char *q_sel_name(q_sel sel) {
  if (sel >= Q_SEL_INLINE && sel <= Q_SEL_INLINE_END)
    return q_inline_info_of((q_inline)(sel - Q_SEL_INLINE))->selector;
  return (unsigned)sel < Q_SEL_COUNT ? sel_names[sel] : "?";
}

double q_unit_pt(q_unit u) {
  switch (u) {
  case Q_UNIT_PT: return 1.0;
  case Q_UNIT_PX: return 0.75;
  case Q_UNIT_MM: return 72.0 / 25.4;
  case Q_UNIT_CM: return 72.0 / 2.54;
  case Q_UNIT_IN: return 72.0;
  case Q_UNIT_NONE:
  case Q_UNIT_EM: break;
  }
  return 0.0;
}

/* Paper sizes by name; ISO sizes are defined in millimetres. */
static const struct paper {
  const char *name;
  double width_pt, height_pt;
} papers[] = {
    {"A4", 210.0 * 72.0 / 25.4, 297.0 * 72.0 / 25.4},
    {"A5", 148.0 * 72.0 / 25.4, 210.0 * 72.0 / 25.4},
    {"letter", 612.0, 792.0},
    {"half-letter", 396.0, 612.0},
};

static int lower(int c);

bool q_style_paper(const char *name, size_t len, q_page *pg) {
  for (size_t k = 0; k < sizeof papers / sizeof papers[0]; k++) {
    const char *n = papers[k].name;
    if (strlen(n) != len)
      continue;
    size_t i = 0;
    while (i < len && lower((unsigned char)name[i]) == lower((unsigned char)n[i]))
      i++;
    if (i == len) {
      pg->width_pt = papers[k].width_pt;
      pg->height_pt = papers[k].height_pt;
      pg->size_name = n;
      return true;
    }
  }
  return false;
}

/* ---- defaults ----------------------------------------------------------- */

static q_length pt(double v) { return (q_length){v, Q_UNIT_PT}; }

static void heading_defaults(q_rule *r, double size, double above, double below) {
  r->set = Q_P_FONT_FAMILY | Q_P_FONT_WEIGHT | Q_P_FONT_SIZE | Q_P_MARGIN_TOP |
           Q_P_MARGIN_BOTTOM | Q_P_TEXT_ALIGN | Q_P_HYPHENS;
  r->font_family = Q_FONT_HEADING;
  r->bold = true;
  r->font_size = pt(size);
  r->margin_top = pt(above);
  r->margin_bottom = pt(below);
  /* Justified or hyphenated titles look broken; set them ragged. */
  r->text_align = Q_ALIGN_START;
  r->hyphens = false;
}

void q_style_defaults(q_style *s) {
  memset(s, 0, sizeof *s);
  s->page = (q_page){.width_pt = papers[0].width_pt,
                     .height_pt = papers[0].height_pt,
                     .margin_top_pt = 25.0 * 72.0 / 25.4,
                     .margin_right_pt = 25.0 * 72.0 / 25.4,
                     .margin_bottom_pt = 25.0 * 72.0 / 25.4,
                     .margin_left_pt = 25.0 * 72.0 / 25.4,
                     .size_name = papers[0].name};
  q_rule *r = s->rules;
  r[Q_SEL_BODY].set = Q_P_FONT_FAMILY | Q_P_FONT_SIZE | Q_P_LINE_HEIGHT |
                      Q_P_COLOR | Q_P_TEXT_ALIGN | Q_P_HYPHENS;
  r[Q_SEL_BODY].font_family = Q_FONT_BODY;
  r[Q_SEL_BODY].font_size = pt(10.0);
  r[Q_SEL_BODY].line_height = (q_length){1.35, Q_UNIT_NONE};
  r[Q_SEL_BODY].color = 0x000000;
  r[Q_SEL_BODY].text_align = Q_ALIGN_JUSTIFY;
  r[Q_SEL_BODY].hyphens = true;
  heading_defaults(&r[Q_SEL_H1], 18.0, 24.0, 12.0);
  heading_defaults(&r[Q_SEL_H2], 13.0, 18.0, 6.0);
  heading_defaults(&r[Q_SEL_H3], 11.0, 12.0, 4.0);
  r[Q_SEL_P].set = Q_P_TEXT_INDENT;
  r[Q_SEL_P].text_indent = pt(0.0);
  r[Q_SEL_UL].set = Q_P_MARGIN_TOP | Q_P_MARGIN_BOTTOM | Q_P_MARGIN_LEFT;
  r[Q_SEL_UL].margin_top = r[Q_SEL_UL].margin_bottom = pt(6.0);
  r[Q_SEL_UL].margin_left = pt(18.0);
  r[Q_SEL_BLOCKQUOTE].set = Q_P_MARGIN_TOP | Q_P_MARGIN_BOTTOM |
                            Q_P_MARGIN_LEFT | Q_P_MARGIN_RIGHT;
  r[Q_SEL_BLOCKQUOTE].margin_top = r[Q_SEL_BLOCKQUOTE].margin_bottom = pt(6.0);
  r[Q_SEL_BLOCKQUOTE].margin_left = r[Q_SEL_BLOCKQUOTE].margin_right = pt(18.0);
  r[Q_SEL_CODE].set = Q_P_FONT_FAMILY;
  r[Q_SEL_CODE].font_family = Q_FONT_MONO;
  r[Q_SEL_EM].set = r[Q_SEL_CITE].set = Q_P_FONT_STYLE;
  r[Q_SEL_EM].italic = r[Q_SEL_CITE].italic = true;
  r[Q_SEL_STRONG].set = Q_P_FONT_WEIGHT;
  r[Q_SEL_STRONG].bold = true;
  /* Notes: smaller than the text, led in proportion. */
  r[Q_SEL_FOOTNOTE].set = Q_P_FONT_SIZE | Q_P_MARGIN_TOP;
  r[Q_SEL_FOOTNOTE].font_size = (q_length){0.8, Q_UNIT_EM};
  r[Q_SEL_FOOTNOTE].margin_top = pt(3.0);
  /* The inlines' faces: code-like ones mono, some italic or bold, super-
   * and subscripts smaller (the typesetter raises and lowers them). */
  for (unsigned k = 0; k < Q_INLINE_COUNT; k++) {
    q_rule *ir = &r[Q_SEL_INLINE + k];
    switch (q_inline_info_of((q_inline)k)->face) {
    case Q_INFACE_MONO: ir->set = Q_P_FONT_FAMILY; ir->font_family = Q_FONT_MONO; break;
    case Q_INFACE_ITALIC: ir->set = Q_P_FONT_STYLE; ir->italic = true; break;
    case Q_INFACE_BOLD: ir->set = Q_P_FONT_WEIGHT; ir->bold = true; break;
    case Q_INFACE_SMALL: ir->set = Q_P_FONT_SIZE; ir->font_size = (q_length){0.7, Q_UNIT_EM}; break;
    case Q_INFACE_INHERIT: break;
    }
  }
  /* Listings: lines as typed, never justified or hyphenated (a hyphen
   * would change what the code says). */
  q_rule *pre = &r[Q_SEL_PRE], *lit = &r[Q_SEL_LITERAL];
  pre->set = Q_P_FONT_FAMILY | Q_P_FONT_SIZE | Q_P_MARGIN_TOP | Q_P_MARGIN_BOTTOM |
             Q_P_TEXT_ALIGN | Q_P_HYPHENS;
  pre->font_family = Q_FONT_MONO;
  pre->font_size = (q_length){0.85, Q_UNIT_EM};
  pre->margin_top = pre->margin_bottom = pt(6.0);
  pre->text_align = Q_ALIGN_START;
  pre->hyphens = false;
  lit->set = Q_P_MARGIN_TOP | Q_P_MARGIN_BOTTOM | Q_P_TEXT_ALIGN | Q_P_HYPHENS;
  lit->margin_top = lit->margin_bottom = pt(6.0);
  lit->text_align = Q_ALIGN_START;
  lit->hyphens = false;
  r[Q_SEL_DT].set = Q_P_FONT_WEIGHT | Q_P_MARGIN_TOP | Q_P_TEXT_ALIGN | Q_P_HYPHENS;
  r[Q_SEL_DT].bold = true;
  r[Q_SEL_DT].margin_top = pt(6.0);
  r[Q_SEL_DT].text_align = Q_ALIGN_START;
  r[Q_SEL_DT].hyphens = false;
  r[Q_SEL_DD].set = Q_P_MARGIN_LEFT;
  r[Q_SEL_DD].margin_left = pt(18.0);
}

/* ---- computing ---------------------------------------------------------- */

/* What body inherits from: the defaults' body values, so that a q_style made
 * by hand without a body rule still computes to something readable. */
static q_computed initial_computed(void) {
  return (q_computed){.font_family = Q_FONT_BODY,
                      .font_size_pt = 10.0,
                      .line_height_pt = 13.5,
                      .line_height_factor = 1.35,
                      .text_align = Q_ALIGN_JUSTIFY,
                      .hyphens = true,
                      .print_address = true};
}

/* Points for a length; em (and a bare number) count in units of em_pt. */
static double resolve(q_length l, double em_pt) {
  if (l.unit == Q_UNIT_EM || l.unit == Q_UNIT_NONE)
    return l.value * em_pt;
  return l.value * q_unit_pt(l.unit);
}

static void compute_line_height(const q_rule *r, const q_computed *parent, q_computed *c) {
  if (r->set & Q_P_LINE_HEIGHT) {
    /* A bare number is kept as a factor so that it inherits as a number, as
     * in CSS: an 18pt h1 under body 1.35 leads 24.3pt, not body's 13.5pt. */
    c->line_height_factor = r->line_height.unit == Q_UNIT_NONE ? r->line_height.value : 0.0;
    c->line_height_pt = resolve(r->line_height, c->font_size_pt);
  } else if (parent->line_height_factor > 0.0) {
    c->line_height_pt = parent->line_height_factor * c->font_size_pt;
  }
}

static q_computed apply_rule(const q_rule *r, const q_computed *parent) {
  q_computed c = *parent;
  unsigned set = r->set;
  if (set & Q_P_FONT_FAMILY) c.font_family = r->font_family;
  if (set & Q_P_FONT_WEIGHT) c.bold = r->bold;
  if (set & Q_P_FONT_STYLE) c.italic = r->italic;
  if (set & Q_P_COLOR) c.color = r->color;
  if (set & Q_P_TEXT_ALIGN) c.text_align = r->text_align;
  if (set & Q_P_HYPHENS) c.hyphens = r->hyphens;
  if (set & Q_P_PRINT_ADDRESS) c.print_address = r->print_address;
  if (set & Q_P_NOTE_MARKS) c.note_symbols = r->note_symbols;
  /* font-size in em is relative to the parent; every other em to our own. */
  if (set & Q_P_FONT_SIZE) c.font_size_pt = resolve(r->font_size, parent->font_size_pt);
  compute_line_height(r, parent, &c);
  double em = c.font_size_pt;
  c.margin_top_pt = set & Q_P_MARGIN_TOP ? resolve(r->margin_top, em) : 0.0;
  c.margin_bottom_pt = set & Q_P_MARGIN_BOTTOM ? resolve(r->margin_bottom, em) : 0.0;
  c.margin_left_pt = set & Q_P_MARGIN_LEFT ? resolve(r->margin_left, em) : 0.0;
  c.margin_right_pt = set & Q_P_MARGIN_RIGHT ? resolve(r->margin_right, em) : 0.0;
  c.text_indent_pt = set & Q_P_TEXT_INDENT ? resolve(r->text_indent, em) : 0.0;
  bool solid = (set & Q_P_BORDER_STYLE) && r->border_solid;
  bool three = solid && (set & Q_P_BORDER_WIDTH);
  c.border_top_pt = three ? resolve(r->border_width[0], em) : 0.0;
  c.border_right_pt = three ? resolve(r->border_width[1], em) : 0.0;
  c.border_bottom_pt = three ? resolve(r->border_width[2], em) : 0.0;
  c.border_left_pt = solid && (set & Q_P_BORDER_LEFT_WIDTH) ? resolve(r->border_width[3], em) : 0.0;
  c.border_color = set & Q_P_BORDER_COLOR ? r->border_color : c.color;
  c.has_background = (set & Q_P_BACKGROUND) != 0;
  c.background = r->background;
  c.padding_top_pt = set & Q_P_PADDING_TOP ? resolve(r->padding_top, em) : 0.0;
  c.padding_right_pt = set & Q_P_PADDING_RIGHT ? resolve(r->padding_right, em) : 0.0;
  c.padding_bottom_pt = set & Q_P_PADDING_BOTTOM ? resolve(r->padding_bottom, em) : 0.0;
  c.padding_left_pt = set & Q_P_PADDING_LEFT ? resolve(r->padding_left, em) : 0.0;
  return c;
}

const q_rule *q_style_role(const q_style *s, const char *role) {
  for (size_t i = 0; role && i < s->nroles; i++)
    if (strcmp(s->roles[i].role, role) == 0)
      return &s->roles[i].rule;
  return NULL;
}

q_computed q_style_compute_rule(const q_rule *r, const q_computed *parent) {
  return apply_rule(r, parent);
}

static q_computed compute_raw(const q_style *s, q_sel sel, const q_computed *parent) {
  q_computed body;
  if (!parent) {
    q_computed root = initial_computed();
    body = apply_rule(&s->rules[Q_SEL_BODY], &root);
    if (sel == Q_SEL_BODY)
      return body;
    parent = &body;
  }
  if ((unsigned)sel >= Q_SEL_COUNT) {
    q_rule none = {0};
    return apply_rule(&none, parent);
  }
  return apply_rule(&s->rules[sel], parent);
}

static double clamp(double v, double lo, double hi) { return v < lo ? lo : v > hi ? hi : v; }

/* The parser reports a theme outside the limits; this keeps em sizes that
 * compound through deep nesting (2em inside 2em ...) inside them too. */
q_computed q_style_compute(const q_style *s, q_sel sel, const q_computed *parent) {
  q_computed c = compute_raw(s, sel, parent);
  c.font_size_pt = clamp(c.font_size_pt, Q_STYLE_FONT_MIN_PT, Q_STYLE_FONT_MAX_PT);
  c.line_height_pt = clamp(c.line_height_pt, Q_STYLE_LEADING_MIN_PT, Q_STYLE_LEADING_MAX_PT);
  c.margin_top_pt = clamp(c.margin_top_pt, 0.0, Q_STYLE_BOX_MAX_PT);
  c.margin_bottom_pt = clamp(c.margin_bottom_pt, 0.0, Q_STYLE_BOX_MAX_PT);
  c.margin_left_pt = clamp(c.margin_left_pt, 0.0, Q_STYLE_BOX_MAX_PT);
  c.margin_right_pt = clamp(c.margin_right_pt, 0.0, Q_STYLE_BOX_MAX_PT);
  c.text_indent_pt = clamp(c.text_indent_pt, 0.0, Q_STYLE_BOX_MAX_PT);
  c.padding_top_pt = clamp(c.padding_top_pt, 0.0, Q_STYLE_BOX_MAX_PT);
  c.padding_right_pt = clamp(c.padding_right_pt, 0.0, Q_STYLE_BOX_MAX_PT);
  c.padding_bottom_pt = clamp(c.padding_bottom_pt, 0.0, Q_STYLE_BOX_MAX_PT);
  c.padding_left_pt = clamp(c.padding_left_pt, 0.0, Q_STYLE_BOX_MAX_PT);
  return c;
}

q_computed q_style_subtitle(const q_style *s, unsigned level, const q_computed *parent) {
  q_sel head = level <= 1 ? Q_SEL_H1 : level == 2 ? Q_SEL_H2 : Q_SEL_H3;
  q_sel down = level <= 1 ? Q_SEL_H2 : level == 2 ? Q_SEL_H3 : Q_SEL_P;
  q_computed c = q_style_compute(s, head, parent);
  q_computed d = q_style_compute(s, down, parent);
  c.line_height_pt *= d.font_size_pt / c.font_size_pt;
  c.font_size_pt = d.font_size_pt;
  c.bold = c.italic = false;
  c.margin_top_pt = 0;
  c.text_indent_pt = 0;
  return c;
}

/* ---- scanning ----------------------------------------------------------- */

/* The theme files being read, innermost first: an @import never reads a
 * file that is already being read (a theme importing itself, or a cycle). */
typedef struct import_link {
  dev_t dev;
  ino_t ino;
  const struct import_link *up;
} import_link;

enum { IMPORT_DEPTH = 8 }; /* themes importing themes, at most */

typedef struct parser {
  const char *s;
  size_t len, i;
  unsigned line, col; /* of s[i] */
  const char *path;
  q_diag *d;
  q_style *style;
  q_arena *arena;            /* the style's, for its role rules too */
  const q_theme_dirs *dirs;  /* where @import looks; NULL: nowhere */
  const import_link *chain;  /* this file and those importing it */
  unsigned depth;            /* how many imports deep this file is */
  bool ruled;                /* a rule was read: an @import may no longer come */
} parser;

/* A scanner position to come back to. */
typedef struct mark {
  size_t i;
  unsigned line, col;
} mark;

/* One token of a value: s[at, at + n); a quoted string without its quotes. */
typedef struct tok {
  size_t at, n;
  mark start;
  bool quoted;
} tok;

static mark save(const parser *p) { return (mark){p->i, p->line, p->col}; }

static void restore(parser *p, mark m) {
  p->i = m.i;
  p->line = m.line;
  p->col = m.col;
}

static q_pos pos_of(const parser *p, mark m) { return (q_pos){p->path, m.line, m.col}; }
static q_pos here(const parser *p) { return pos_of(p, save(p)); }
static bool at_end(const parser *p) { return p->i >= p->len; }

/* The byte k ahead of the cursor, or -1 past the end. */
static int peek_at(const parser *p, size_t k) {
  return p->len - p->i > k ? (unsigned char)p->s[p->i + k] : -1;
}
static int peek(const parser *p) { return peek_at(p, 0); }

static bool is_continuation(char c) { return ((unsigned char)c & 0xC0) == 0x80; }

/* Step over one character: a byte and its UTF-8 continuation bytes. */
static void advance(parser *p) {
  if (at_end(p))
    return;
  if (p->s[p->i++] == '\n') {
    p->line++;
    p->col = 1;
    return;
  }
  while (!at_end(p) && is_continuation(p->s[p->i]))
    p->i++;
  p->col++;
}

static bool is_space(int c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }

/* Skips white space and comments; an unterminated comment is reported and
 * ends the text. */
static void skip_space(parser *p) {
  for (;;) {
    if (is_space(peek(p))) {
      advance(p);
    } else if (peek(p) == '/' && peek_at(p, 1) == '*') {
      q_pos open = here(p);
      advance(p);
      advance(p);
      while (!at_end(p) && !(peek(p) == '*' && peek_at(p, 1) == '/'))
        advance(p);
      if (at_end(p)) {
        q_error(p->d, open, "unterminated comment (missing '*/')");
        return;
      }
      advance(p);
      advance(p);
    } else {
      return;
    }
  }
}

/* Characters that end a word: white space, punctuation that the grammar
 * gives a meaning, the start of a string or of a comment. */
static bool ends_word(const parser *p) {
  int c = peek(p);
  if (c < 0 || is_space(c))
    return true;
  switch (c) {
  case ',': case ':': case ';': case '{': case '}': case '"': case '\'':
    return true;
  case '/':
    return peek_at(p, 1) == '*';
  default:
    return false;
  }
}

static void skip_word(parser *p) {
  while (!ends_word(p))
    advance(p);
}

/* Reads a string from its opening quote; CSS strings end at their line.
 * An unterminated one is reported when `report` (not while recovering);
 * returns whether it was terminated. */
static bool read_string(parser *p, tok *t, bool report) {
  int quote = peek(p);
  t->start = save(p);
  t->quoted = true;
  advance(p);
  t->at = p->i;
  while (!at_end(p) && peek(p) != quote && peek(p) != '\n') {
    if (peek(p) == '\\')
      advance(p);
    advance(p);
  }
  t->n = p->i - t->at;
  if (peek(p) == quote) {
    advance(p);
    return true;
  }
  if (report)
    q_error(p->d, pos_of(p, t->start), "unterminated string (missing %c)", quote);
  return false;
}

/* ---- message helpers ---------------------------------------------------- */

enum { EXCERPT = 64 };

/* A short, one-line copy of s[0, n) for quoting in a message: runs of white
 * space become one space, and a long text is cut on a character boundary
 * (even in invalid UTF-8, the copy never outgrows out). */
static const char *excerpt(const char *s, size_t n, char out[EXCERPT]) {
  size_t o = 0, limit = EXCERPT - 4; /* room for "..." and the NUL */
  for (size_t k = 0; k < n; k++) {
    char c = s[k];
    if (is_space((unsigned char)c)) {
      if (o > 0 && out[o - 1] == ' ')
        continue;
      c = ' ';
    }
    if (o == limit) {
      if (is_continuation(c)) { /* drop the character that would be cut */
        while (o > 0 && is_continuation(out[o - 1]))
          o--;
        if (o > 0)
          o--;
      }
      memcpy(out + o, "...", 3);
      o += 3;
      break;
    }
    out[o++] = c;
  }
  out[o] = '\0';
  return out;
}

static const char *tok_text(const parser *p, const tok *t, char out[EXCERPT]) {
  return excerpt(p->s + t->at, t->n, out);
}

/* The character at the cursor, for "found 'x'" messages. */
static const char *char_here(const parser *p, char out[EXCERPT]) {
  mark m = save(p);
  parser q = *p;
  advance(&q);
  return excerpt(p->s + m.i, q.i - m.i, out);
}

static bool tok_is(const parser *p, const tok *t, const char *word) {
  size_t n = strlen(word);
  if (t->n != n)
    return false;
  for (size_t k = 0; k < n; k++)
    if (lower((unsigned char)p->s[t->at + k]) != lower((unsigned char)word[k]))
      return false;
  return true;
}

/* Levenshtein distance, ignoring ASCII case; long names are simply "far". */
static size_t edit_distance(const char *a, size_t an, const char *b) {
  enum { MAX = 40 };
  size_t bn = strlen(b), row[MAX + 1];
  if (an > MAX || bn > MAX)
    return MAX;
  for (size_t j = 0; j <= bn; j++)
    row[j] = j;
  for (size_t i = 1; i <= an; i++) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= bn; j++) {
      size_t up = row[j];
      size_t cost = lower((unsigned char)a[i - 1]) != lower((unsigned char)b[j - 1]);
      size_t best = diag + cost;
      if (up + 1 < best) best = up + 1;
      if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
      row[j] = best;
      diag = up;
    }
  }
  return row[bn];
}

/* ---- properties --------------------------------------------------------- */

typedef enum prop {
  P_FONT_FAMILY, P_FONT_SIZE, P_FONT_WEIGHT, P_FONT_STYLE, P_LINE_HEIGHT,
  P_COLOR, P_MARGIN, P_MARGIN_TOP, P_MARGIN_RIGHT, P_MARGIN_BOTTOM,
  P_MARGIN_LEFT, P_TEXT_INDENT, P_TEXT_ALIGN, P_HYPHENS, P_SIZE,
  P_BORDER_WIDTH, P_BORDER_LEFT_WIDTH, P_BORDER_COLOR, P_BORDER_STYLE, P_BACKGROUND_COLOR,
  P_PADDING, P_PRINT_ADDRESS, P_NOTE_MARKS,
  P_PART_BREAK, P_CONTENTS, P_OFFPRINT_NUMBERS, P_COUNT
} prop;

static const char *const prop_names[P_COUNT] = {
    "font-family", "font-size", "font-weight", "font-style", "line-height",
    "color", "margin", "margin-top", "margin-right", "margin-bottom",
    "margin-left", "text-indent", "text-align", "hyphens", "size",
    "border-width", "border-left-width", "border-color", "border-style", "background-color",
    "padding", "print-address", "note-marks",
    "part-break", "contents", "offprint-numbers"};

/* The properties of @page alone. */
static bool page_only(prop id) {
  return id == P_SIZE || id == P_PART_BREAK || id == P_CONTENTS || id == P_OFFPRINT_NUMBERS;
}
static bool prop_in_page(prop id) { return page_only(id) || (id >= P_MARGIN && id <= P_MARGIN_LEFT); }
static bool prop_applies(prop id, bool page) { return page ? prop_in_page(id) : !page_only(id); }

static int find_prop(const parser *p, const tok *t) {
  for (int k = 0; k < P_COUNT; k++)
    if (tok_is(p, t, prop_names[k]))
      return k;
  return -1;
}

/* The known property nearest to an unknown name, if it is a likely typo. */
static const char *prop_hint(const parser *p, const tok *t, bool page) {
  const char *best = NULL;
  size_t best_d = 3;
  for (int k = 0; k < P_COUNT; k++) {
    if (!prop_applies((prop)k, page))
      continue;
    size_t dist = edit_distance(p->s + t->at, t->n, prop_names[k]);
    if (dist < best_d) {
      best_d = dist;
      best = prop_names[k];
    }
  }
  return best;
}

static void report_unknown_prop(parser *p, const tok *name, bool page) {
  char buf[EXCERPT];
  const char *text = tok_text(p, name, buf);
  q_pos at = pos_of(p, name->start);
  int id = find_prop(p, name);
  const char *hint = prop_hint(p, name, page);
  const char *page_props = "size, margin, margin-top, margin-right, margin-bottom, margin-left, "
                           "part-break, contents, offprint-numbers";
  if (id >= 0 && page)
    q_error(p->d, at, "'%s' does not apply to @page (@page takes: %s)", text, page_props);
  else if (id >= 0)
    q_error(p->d, at, "'%s' applies only to @page", text);
  else if (hint)
    q_error(p->d, at, "unknown %s property '%s' (did you mean '%s'?)",
            page ? "@page" : "style", text, hint);
  else if (page)
    q_error(p->d, at, "unknown @page property '%s' (@page takes: %s)", text, page_props);
  else
    q_error(p->d, at, "unknown style property '%s'", text);
}

/* ---- values ------------------------------------------------------------- */

enum { MAX_TOKS = 16 };

/* A declaration's value as tokens; n counts them all, the first MAX_TOKS are
 * kept (no property takes more than four). */
typedef struct value {
  tok t[MAX_TOKS];
  size_t n;
  q_pos end;   /* where the value ended, for "missing value" */
  bool broken; /* holds an unterminated string, already reported */
} value;

static bool bad_value(parser *p, const tok *t, const char *prop_name, const char *why) {
  char buf[EXCERPT];
  q_error(p->d, pos_of(p, t->start), "bad value '%s' for %s: %s", tok_text(p, t, buf),
          prop_name, why);
  return false;
}

/* Checks that a value has between 1 and max tokens. */
static bool count_values(parser *p, const value *v, const char *prop_name, size_t max) {
  char buf[EXCERPT];
  if (v->n == 0) {
    q_error(p->d, v->end, "missing value for %s", prop_name);
    return false;
  }
  if (v->n > max) {
    q_error(p->d, pos_of(p, v->t[max].start), "too many values for %s: '%s' (it takes %s)",
            prop_name, tok_text(p, &v->t[max], buf), max == 1 ? "one" : "1 to 4 lengths");
    return false;
  }
  return true;
}

/* The index of the one keyword a value is, or -1 after reporting. words ends
 * with NULL; allowed says them in prose. */
static int keyword(parser *p, const value *v, const char *prop_name,
                   const char *const *words, const char *allowed) {
  if (!count_values(p, v, prop_name, 1))
    return -1;
  for (int k = 0; words[k]; k++)
    if (tok_is(p, &v->t[0], words[k]))
      return k;
  char why[256];
  snprintf(why, sizeof why, "allowed are %s", allowed);
  bad_value(p, &v->t[0], prop_name, why);
  return -1;
}

/* How a length may be written where it is used. */
enum {
  LEN_EM = 1u << 0,      /* em allowed (not in @page) */
  LEN_BARE = 1u << 1,    /* a bare number allowed (line-height) */
  LEN_POSITIVE = 1u << 2 /* zero is not allowed either */
};

static bool is_digit(const char *s, size_t n, size_t k) {
  return k < n && s[k] >= '0' && s[k] <= '9';
}

/* Reads [+-]digits[.digits] (no strtod: the text is not NUL-terminated and
 * the locale must not matter); false if there are no digits. The digits are
 * gathered as a whole number and scaled once, so 1.35 reads as exactly as
 * the double allows. */
static bool read_number(const char *s, size_t n, size_t *used, double *out) {
  size_t k = 0, first;
  double sign = 1.0, v = 0.0, scale = 1.0;
  if (k < n && (s[k] == '+' || s[k] == '-'))
    sign = s[k++] == '-' ? -1.0 : 1.0;
  first = k;
  for (; is_digit(s, n, k); k++)
    v = v * 10.0 + (s[k] - '0');
  if (k < n && s[k] == '.' && is_digit(s, n, k + 1))
    for (k++; is_digit(s, n, k); k++, scale *= 10.0)
      v = v * 10.0 + (s[k] - '0');
  *used = k;
  *out = sign * v / scale;
  return k > first;
}

static const struct unit_name {
  const char *name;
  q_unit unit;
} unit_names[] = {{"pt", Q_UNIT_PT}, {"px", Q_UNIT_PX}, {"mm", Q_UNIT_MM},
                  {"cm", Q_UNIT_CM}, {"in", Q_UNIT_IN}, {"em", Q_UNIT_EM}};

static int find_unit(const parser *p, const tok *t, size_t skip) {
  tok rest = *t;
  rest.at += skip;
  rest.n -= skip;
  for (int k = 0; k < (int)(sizeof unit_names / sizeof unit_names[0]); k++)
    if (tok_is(p, &rest, unit_names[k].name))
      return k;
  return -1;
}

static bool parse_length(parser *p, const tok *t, const char *prop_name, unsigned flags,
                         q_length *out) {
  const char *units = flags & LEN_EM ? "pt, px, mm, cm, in or em" : "pt, px, mm, cm or in";
  char why[128];
  size_t used;
  double v;
  if (t->quoted || !read_number(p->s + t->at, t->n, &used, &v)) {
    snprintf(why, sizeof why, "expected a %s such as 10pt (units: %s)",
             flags & LEN_BARE ? "number or a length" : "length", units);
    return bad_value(p, t, prop_name, why);
  }
  int u = used == t->n ? -1 : find_unit(p, t, used);
  if (used < t->n && u < 0) {
    char buf[EXCERPT];
    snprintf(why, sizeof why, "unknown unit '%s' (units: %s)",
             excerpt(p->s + t->at + used, t->n - used, buf), units);
    return bad_value(p, t, prop_name, why);
  }
  q_unit unit = u < 0 ? Q_UNIT_NONE : unit_names[u].unit;
  if (unit == Q_UNIT_EM && !(flags & LEN_EM))
    return bad_value(p, t, prop_name, "em is not allowed here (use pt, px, mm, cm or in)");
  if (unit == Q_UNIT_NONE && v != 0.0 && !(flags & LEN_BARE)) {
    snprintf(why, sizeof why, "a length needs a unit (%s); only 0 may go without", units);
    return bad_value(p, t, prop_name, why);
  }
  if (v < 0.0)
    return bad_value(p, t, prop_name, "negative sizes are not allowed");
  if (v == 0.0 && (flags & LEN_POSITIVE))
    return bad_value(p, t, prop_name, "it must be greater than 0");
  /* Far beyond any page, and keeps later fixed-point arithmetic safe. */
  if (v > 100000.0)
    return bad_value(p, t, prop_name, "the number is too large");
  if (unit == Q_UNIT_NONE && !(flags & LEN_BARE))
    unit = Q_UNIT_PT; /* a unitless 0 */
  *out = (q_length){v == 0.0 ? 0.0 : v, unit}; /* -0 reads as 0 */
  return true;
}

static bool one_length(parser *p, const value *v, const char *prop_name, unsigned flags,
                       q_length *out) {
  return count_values(p, v, prop_name, 1) && parse_length(p, &v->t[0], prop_name, flags, out);
}

/* margin's 1-4 values in CSS order, expanded to top, right, bottom, left.
 * All values are checked, so each bad one is reported. */
static bool parse_box(parser *p, const value *v, const char *prop_name, unsigned flags,
                      q_length out[4]) {
  static const size_t from[4][4] = {{0, 0, 0, 0}, {0, 1, 0, 1}, {0, 1, 2, 1}, {0, 1, 2, 3}};
  q_length got[4];
  if (!count_values(p, v, prop_name, 4))
    return false;
  bool ok = true;
  for (size_t k = 0; k < v->n; k++)
    ok = parse_length(p, &v->t[k], prop_name, flags, &got[k]) && ok;
  if (!ok)
    return false;
  for (size_t side = 0; side < 4; side++)
    out[side] = got[from[v->n - 1][side]];
  return true;
}

static int hex_digit(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = lower(c);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static bool parse_color(parser *p, const value *v, const char *prop_name, uint32_t *out) {
  static const char why[] = "expected #rgb, #rrggbb, black or white";
  if (!count_values(p, v, prop_name, 1))
    return false;
  const tok *t = &v->t[0];
  if (tok_is(p, t, "black") || tok_is(p, t, "white")) {
    *out = tok_is(p, t, "white") ? 0xFFFFFFu : 0x000000u;
    return true;
  }
  const char *s = p->s + t->at;
  if (t->quoted || t->n < 1 || s[0] != '#' || (t->n != 4 && t->n != 7))
    return bad_value(p, t, prop_name, why);
  uint32_t rgb = 0;
  for (size_t k = 1; k < t->n; k++) {
    int h = hex_digit((unsigned char)s[k]);
    if (h < 0)
      return bad_value(p, t, prop_name, why);
    /* #rgb doubles each digit: #1a3 is #11aa33. */
    rgb = t->n == 4 ? rgb << 8 | (uint32_t)(h * 17) : rgb << 4 | (uint32_t)h;
  }
  *out = rgb;
  return true;
}

static bool parse_family(parser *p, const value *v, q_font_role *out) {
  static const char *const roles[] = {"body", "heading", "mono", NULL};
  if (v->n > 1 && !v->t[1].quoted && v->t[1].n == 1 && p->s[v->t[1].at] == ',') {
    q_error(p->d, pos_of(p, v->t[1].start),
            "font-family takes one font role (body, heading or mono), not a list");
    return false;
  }
  int k = keyword(p, v, "font-family", roles,
                  "the font roles body, heading and mono (the fonts themselves are "
                  "chosen in the font manifest)");
  if (k < 0)
    return false;
  *out = (q_font_role)k;
  return true;
}

/* ---- declarations ------------------------------------------------------- */

/* The keyword-valued properties; k is the keyword's index in its list. */
static void rule_keyword(parser *p, prop id, const value *v, q_rule *r) {
  static const char *const weights[] = {"normal", "bold", "400", "700", NULL};
  static const char *const styles[] = {"normal", "italic", NULL};
  static const char *const aligns[] = {"left", "start", "justify", "center", "right", "end", NULL};
  static const q_align align_of[] = {Q_ALIGN_START, Q_ALIGN_START, Q_ALIGN_JUSTIFY,
                                     Q_ALIGN_CENTER, Q_ALIGN_END, Q_ALIGN_END};
  static const char *const hyphens[] = {"auto", "none", "manual", NULL};
  static const char *const address[] = {"after", "none", NULL};
  static const char *const marks[] = {"numbers", "symbols", NULL};
  int k;
  switch (id) {
  case P_FONT_WEIGHT:
    if ((k = keyword(p, v, "font-weight", weights, "normal, bold, 400 and 700")) < 0)
      return;
    r->bold = k == 1 || k == 3;
    r->set |= Q_P_FONT_WEIGHT;
    break;
  case P_FONT_STYLE:
    if ((k = keyword(p, v, "font-style", styles, "normal and italic")) < 0)
      return;
    r->italic = k == 1;
    r->set |= Q_P_FONT_STYLE;
    break;
  case P_TEXT_ALIGN:
    if ((k = keyword(p, v, "text-align", aligns,
                     "left (or start), justify, center and right (or end)")) < 0)
      return;
    r->text_align = align_of[k];
    r->set |= Q_P_TEXT_ALIGN;
    break;
  case P_HYPHENS:
    if ((k = keyword(p, v, "hyphens", hyphens, "auto, none and manual")) < 0)
      return;
    /* manual asks for hyphens only where the text has soft hyphens; quire
     * adds none of its own then, which is what none gives. */
    r->hyphens = k == 0;
    r->set |= Q_P_HYPHENS;
    break;
  case P_PRINT_ADDRESS:
    if ((k = keyword(p, v, "print-address", address, "after and none")) < 0)
      return;
    r->print_address = k == 0;
    r->set |= Q_P_PRINT_ADDRESS;
    break;
  case P_NOTE_MARKS:
    if ((k = keyword(p, v, "note-marks", marks, "numbers and symbols")) < 0)
      return;
    r->note_symbols = k == 1;
    r->set |= Q_P_NOTE_MARKS;
    break;
  default:
    break;
  }
}

static void rule_margin(parser *p, prop id, const value *v, q_rule *r) {
  q_length *side[4] = {&r->margin_top, &r->margin_right, &r->margin_bottom, &r->margin_left};
  static const unsigned bit[4] = {Q_P_MARGIN_TOP, Q_P_MARGIN_RIGHT, Q_P_MARGIN_BOTTOM,
                                  Q_P_MARGIN_LEFT};
  q_length box[4];
  if (id == P_MARGIN) {
    if (!parse_box(p, v, "margin", LEN_EM, box))
      return;
    for (int k = 0; k < 4; k++)
      *side[k] = box[k];
    r->set |= Q_P_MARGIN_TOP | Q_P_MARGIN_RIGHT | Q_P_MARGIN_BOTTOM | Q_P_MARGIN_LEFT;
    return;
  }
  int k = (int)id - (int)P_MARGIN_TOP;
  if (one_length(p, v, prop_names[id], LEN_EM, side[k]))
    r->set |= bit[k];
}

/* The property bits a declaration sets. */
static unsigned prop_bits(prop id) {
  switch (id) {
  case P_FONT_FAMILY: return Q_P_FONT_FAMILY;
  case P_FONT_SIZE: return Q_P_FONT_SIZE;
  case P_FONT_WEIGHT: return Q_P_FONT_WEIGHT;
  case P_FONT_STYLE: return Q_P_FONT_STYLE;
  case P_LINE_HEIGHT: return Q_P_LINE_HEIGHT;
  case P_COLOR: return Q_P_COLOR;
  case P_MARGIN: return Q_P_MARGIN_TOP | Q_P_MARGIN_RIGHT | Q_P_MARGIN_BOTTOM | Q_P_MARGIN_LEFT;
  case P_MARGIN_TOP: return Q_P_MARGIN_TOP;
  case P_MARGIN_RIGHT: return Q_P_MARGIN_RIGHT;
  case P_MARGIN_BOTTOM: return Q_P_MARGIN_BOTTOM;
  case P_MARGIN_LEFT: return Q_P_MARGIN_LEFT;
  case P_TEXT_INDENT: return Q_P_TEXT_INDENT;
  case P_TEXT_ALIGN: return Q_P_TEXT_ALIGN;
  case P_HYPHENS: return Q_P_HYPHENS;
  case P_BORDER_WIDTH: return Q_P_BORDER_WIDTH | Q_P_BORDER_LEFT_WIDTH;
  case P_BORDER_LEFT_WIDTH: return Q_P_BORDER_LEFT_WIDTH;
  case P_BORDER_COLOR: return Q_P_BORDER_COLOR;
  case P_BORDER_STYLE: return Q_P_BORDER_STYLE;
  case P_BACKGROUND_COLOR: return Q_P_BACKGROUND;
  case P_PADDING: return Q_P_PADDING_TOP | Q_P_PADDING_RIGHT | Q_P_PADDING_BOTTOM | Q_P_PADDING_LEFT;
  case P_PRINT_ADDRESS: return Q_P_PRINT_ADDRESS;
  case P_NOTE_MARKS: return Q_P_NOTE_MARKS;
  case P_SIZE: case P_PART_BREAK: case P_CONTENTS: case P_OFFPRINT_NUMBERS: case P_COUNT: break;
  }
  return 0;
}

static unsigned bit_number(unsigned bit) {
  unsigned k = 0;
  while (bit > 1u) {
    bit >>= 1;
    k++;
  }
  return k;
}

static void rule_value(parser *p, prop id, const value *v, q_rule *r);

/* A border's width: an absolute length (a hairline must not grow with the
 * text), at most Q_BORDER_MAX_PT. */
static bool border_limit(parser *p, const tok *t, const char *prop_name, q_length l) {
  if (l.value * q_unit_pt(l.unit) <= Q_BORDER_MAX_PT)
    return true;
  char why[64];
  snprintf(why, sizeof why, "a border is at most %gpt wide", Q_BORDER_MAX_PT);
  return bad_value(p, t, prop_name, why);
}

/* The box properties: borders, background and padding. */
static void rule_box(parser *p, prop id, const value *v, q_rule *r) {
  static const char *const styles[] = {"none", "solid", NULL};
  q_length box[4];
  int k;
  switch (id) {
  case P_BORDER_WIDTH: {
    if (!parse_box(p, v, "border-width", 0, box))
      break;
    bool ok = true;
    for (size_t i = 0; i < v->n; i++) /* the i-th value is side i's (parse_box) */
      ok = border_limit(p, &v->t[i], "border-width", box[i]) && ok;
    if (!ok)
      break;
    memcpy(r->border_width, box, sizeof box);
    r->set |= Q_P_BORDER_WIDTH | Q_P_BORDER_LEFT_WIDTH;
    break;
  }
  case P_BORDER_LEFT_WIDTH:
    if (one_length(p, v, "border-left-width", 0, &box[0]) &&
        border_limit(p, &v->t[0], "border-left-width", box[0])) {
      r->border_width[3] = box[0];
      r->set |= Q_P_BORDER_LEFT_WIDTH;
    }
    break;
  case P_BORDER_COLOR:
    if (parse_color(p, v, "border-color", &r->border_color))
      r->set |= Q_P_BORDER_COLOR;
    break;
  case P_BORDER_STYLE:
    if ((k = keyword(p, v, "border-style", styles, "none and solid")) >= 0) {
      r->border_solid = k == 1;
      r->set |= Q_P_BORDER_STYLE;
    }
    break;
  case P_BACKGROUND_COLOR:
    if (parse_color(p, v, "background-color", &r->background))
      r->set |= Q_P_BACKGROUND;
    break;
  case P_PADDING:
    if (parse_box(p, v, "padding", LEN_EM, box)) {
      r->padding_top = box[0];
      r->padding_right = box[1];
      r->padding_bottom = box[2];
      r->padding_left = box[3];
      r->set |= Q_P_PADDING_TOP | Q_P_PADDING_RIGHT | Q_P_PADDING_BOTTOM | Q_P_PADDING_LEFT;
    }
    break;
  default:
    break;
  }
}

static void rule_declaration(parser *p, prop id, const value *v, q_rule *r) {
  unsigned errors = p->d->errors;
  rule_value(p, id, v, r);
  if (p->d->errors != errors || v->n == 0)
    return;
  unsigned bits = prop_bits(id);
  for (unsigned b = 0; b < Q_P_COUNT; b++)
    if (bits & (1u << b))
      r->at[b] = pos_of(p, v->t[0].start);
}

static void rule_value(parser *p, prop id, const value *v, q_rule *r) {
  switch (id) {
  case P_FONT_FAMILY:
    if (parse_family(p, v, &r->font_family))
      r->set |= Q_P_FONT_FAMILY;
    break;
  case P_FONT_SIZE:
    if (one_length(p, v, "font-size", LEN_EM | LEN_POSITIVE, &r->font_size))
      r->set |= Q_P_FONT_SIZE;
    break;
  case P_LINE_HEIGHT:
    if (one_length(p, v, "line-height", LEN_EM | LEN_BARE | LEN_POSITIVE, &r->line_height))
      r->set |= Q_P_LINE_HEIGHT;
    break;
  case P_COLOR:
    if (parse_color(p, v, "color", &r->color))
      r->set |= Q_P_COLOR;
    break;
  case P_BORDER_WIDTH:
  case P_BORDER_LEFT_WIDTH:
  case P_BORDER_COLOR:
  case P_BORDER_STYLE:
  case P_BACKGROUND_COLOR:
  case P_PADDING:
    rule_box(p, id, v, r);
    break;
  case P_TEXT_INDENT:
    if (one_length(p, v, "text-indent", LEN_EM, &r->text_indent))
      r->set |= Q_P_TEXT_INDENT;
    break;
  case P_MARGIN: case P_MARGIN_TOP: case P_MARGIN_RIGHT: case P_MARGIN_BOTTOM:
  case P_MARGIN_LEFT:
    rule_margin(p, id, v, r);
    break;
  default:
    rule_keyword(p, id, v, r);
    break;
  }
}

static void page_size(parser *p, const value *v, q_page *pg) {
  static const char why[] =
      "expected A4, A5, letter, half-letter, or a width and a height such as 210mm 297mm";
  if (v->n == 1) {
    for (size_t k = 0; k < sizeof papers / sizeof papers[0]; k++) {
      if (tok_is(p, &v->t[0], papers[k].name)) {
        pg->width_pt = papers[k].width_pt;
        pg->height_pt = papers[k].height_pt;
        pg->size_name = papers[k].name;
        return;
      }
    }
    bad_value(p, &v->t[0], "size", why);
    return;
  }
  if (v->n > 2) {
    bad_value(p, &v->t[2], "size", why);
    return;
  }
  q_length w, h;
  if (!count_values(p, v, "size", 2))
    return;
  bool ok = parse_length(p, &v->t[0], "size", LEN_POSITIVE, &w);
  if (!(parse_length(p, &v->t[1], "size", LEN_POSITIVE, &h) && ok))
    return;
  pg->width_pt = resolve(w, 0.0);
  pg->height_pt = resolve(h, 0.0);
  pg->size_name = NULL;
}

static void page_declaration(parser *p, prop id, const value *v, q_page *pg) {
  double *side[4] = {&pg->margin_top_pt, &pg->margin_right_pt, &pg->margin_bottom_pt,
                     &pg->margin_left_pt};
  char name[32];
  q_length box[4];
  snprintf(name, sizeof name, "@page %s", prop_names[id]);
  q_pos at = v->n ? pos_of(p, v->t[0].start) : v->end;
  static const char *const breaks[] = {"page", "none", "recto", NULL};
  static const char *const contents[] = {"always", "auto", NULL};
  static const char *const numbers[] = {"own", "book", NULL};
  int kw;
  if (id == P_SIZE) {
    page_size(p, v, pg);
    pg->size_at = at;
  } else if (id == P_PART_BREAK) {
    if ((kw = keyword(p, v, name, breaks, "page, none and recto")) >= 0)
      pg->part_break = (q_part_break)kw;
  } else if (id == P_CONTENTS) {
    if ((kw = keyword(p, v, name, contents, "always and auto")) >= 0)
      pg->contents = (q_contents_rule)kw;
  } else if (id == P_OFFPRINT_NUMBERS) {
    if ((kw = keyword(p, v, name, numbers, "own and book")) >= 0)
      pg->offprint_book_numbers = kw == 1;
  } else if (id == P_MARGIN) {
    if (parse_box(p, v, name, 0, box))
      for (int k = 0; k < 4; k++) {
        *side[k] = resolve(box[k], 0.0);
        pg->margin_at[k] = at;
      }
  } else if (one_length(p, v, name, 0, &box[0])) {
    *side[id - P_MARGIN_TOP] = resolve(box[0], 0.0);
    pg->margin_at[id - P_MARGIN_TOP] = at;
  }
}

/* ---- the scanner's statements ------------------------------------------- */

/* Recovery: skips to the end of what is being read. That ends after a ';'
 * outside any block, or at the '}' that closes the enclosing block (left for
 * its reader). A nested block is stepped over; when `own_block` (an unknown
 * at-rule), the statement's own block ends it too. */
static void skip_to_end(parser *p, bool own_block) {
  unsigned depth = 0;
  for (;;) {
    skip_space(p);
    int c = peek(p);
    if (c < 0 || (c == '}' && depth == 0))
      return;
    if (c == '"' || c == '\'') {
      tok ignored;
      read_string(p, &ignored, false);
      continue;
    }
    advance(p);
    if (c == ';' && depth == 0)
      return;
    if (c == '{')
      depth++;
    else if (c == '}' && --depth == 0 && own_block)
      return;
  }
}

static void skip_declaration(parser *p) { skip_to_end(p, false); }
static void skip_statement(parser *p) { skip_to_end(p, true); }

/* Reads one token of a value; false for an unterminated string. */
static bool read_value_token(parser *p, tok *t) {
  int c = peek(p);
  if (c == '"' || c == '\'')
    return read_string(p, t, true);
  t->start = save(p);
  t->at = p->i;
  t->quoted = false;
  if (ends_word(p))
    advance(p); /* ',' or ':' on its own */
  else
    skip_word(p);
  t->n = p->i - t->at;
  return true;
}

static bool is_punct(const parser *p, const tok *t, char c) {
  return !t->quoted && t->n == 1 && p->s[t->at] == c;
}

typedef enum value_end { END_DONE, END_NEW_RULE } value_end;

/* A '{' inside a value means the block was never closed and a new rule has
 * begun. Its selector most likely starts the first line after the
 * property's; go back there so the top level reads it. */
static void back_to_selector(parser *p, unsigned prop_line, value *v) {
  size_t kept = v->n < MAX_TOKS ? v->n : MAX_TOKS;
  if (kept == 0)
    return;
  size_t k = 0;
  while (k < kept && v->t[k].start.line <= prop_line)
    k++;
  if (k == kept)
    k = kept - 1;
  restore(p, v->t[k].start);
  v->n = k;
}

/* Reads a value up to its ';' (consumed) or '}' (not). A property name
 * followed by ':' inside the value means a ';' was left out: that is
 * reported and the value ends before the name. */
static value_end scan_value(parser *p, unsigned prop_line, value *v) {
  char buf[EXCERPT];
  v->n = 0;
  v->broken = false;
  for (;;) {
    skip_space(p);
    v->end = here(p);
    int c = peek(p);
    if (c < 0 || c == '}')
      return END_DONE;
    if (c == ';') {
      advance(p);
      return END_DONE;
    }
    if (c == '{') {
      back_to_selector(p, prop_line, v);
      return END_NEW_RULE;
    }
    if (c == ':' && v->n >= 2 && v->n <= MAX_TOKS && !v->t[v->n - 1].quoted &&
        !is_punct(p, &v->t[v->n - 1], ',') && !is_punct(p, &v->t[v->n - 1], ':')) {
      const tok *name = &v->t[--v->n];
      q_error(p->d, pos_of(p, name->start), "missing ';' before '%s'", tok_text(p, name, buf));
      restore(p, name->start);
      return END_DONE;
    }
    tok t;
    v->broken |= !read_value_token(p, &t);
    if (v->n < MAX_TOKS)
      v->t[v->n] = t;
    v->n++;
  }
}

/* What a block's declarations go into. */
typedef struct target {
  q_page *page; /* @page; else rule */
  q_rule *rule;
} target;

static bool is_name_char(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '_' || c >= 0x80;
}

/* Reads one declaration. Returns END_NEW_RULE, with the cursor back at its
 * selector, when what follows is a rule rather than a declaration. */
static value_end parse_declaration(parser *p, const target *to) {
  char buf[EXCERPT];
  tok name = {.at = p->i, .start = save(p)};
  int c = peek(p);
  if (c == '.' || c == '@' || is_name_char(c)) {
    advance(p);
    while (is_name_char(peek(p)))
      advance(p);
  }
  name.n = p->i - name.at;
  skip_space(p);
  c = peek(p);
  /* "h2, h3 {" or "@page" where a property should be: a '}' is missing. */
  if (name.n > 0 && (c == '{' || c == ',' || p->s[name.at] == '@')) {
    restore(p, name.start);
    return END_NEW_RULE;
  }
  if (name.n == 0 || p->s[name.at] == '.') {
    q_error(p->d, pos_of(p, name.start), "expected a property name, found '%s'",
            name.n ? tok_text(p, &name, buf) : char_here(p, buf));
    skip_declaration(p);
    return END_DONE;
  }
  if (c != ':') {
    q_error(p->d, here(p), "expected ':' after '%s'", tok_text(p, &name, buf));
    skip_declaration(p);
    return END_DONE;
  }
  advance(p);
  value v;
  value_end end = scan_value(p, name.start.line, &v);
  if (end == END_NEW_RULE && v.n == 0)
    return end;
  int id = find_prop(p, &name);
  if (id < 0 || !prop_applies((prop)id, to->page != NULL))
    report_unknown_prop(p, &name, to->page != NULL);
  else if (v.broken)
    ; /* judging a broken string as a value would only repeat the error */
  else if (to->page)
    page_declaration(p, (prop)id, &v, to->page);
  else
    rule_declaration(p, (prop)id, &v, to->rule);
  return end;
}

/* Reads a block from its '{' through its '}'. */
static void parse_block(parser *p, const target *to) {
  q_pos open = here(p);
  advance(p);
  for (;;) {
    skip_space(p);
    int c = peek(p);
    if (c < 0) {
      q_error(p->d, open, "this '{' is never closed (missing '}')");
      return;
    }
    if (c == '}') {
      advance(p);
      return;
    }
    if (c == ';') { /* an empty declaration, as CSS allows */
      advance(p);
      continue;
    }
    if (parse_declaration(p, to) == END_NEW_RULE) {
      q_error(p->d, open, "this '{' is not closed before the next rule (missing '}')");
      return;
    }
  }
}

/* Copies the properties src sets onto dst. */
static void merge_rule(q_rule *dst, const q_rule *src) {
  unsigned s = src->set;
  if (s & Q_P_FONT_FAMILY) dst->font_family = src->font_family;
  if (s & Q_P_FONT_SIZE) dst->font_size = src->font_size;
  if (s & Q_P_FONT_WEIGHT) dst->bold = src->bold;
  if (s & Q_P_FONT_STYLE) dst->italic = src->italic;
  if (s & Q_P_LINE_HEIGHT) dst->line_height = src->line_height;
  if (s & Q_P_COLOR) dst->color = src->color;
  if (s & Q_P_MARGIN_TOP) dst->margin_top = src->margin_top;
  if (s & Q_P_MARGIN_BOTTOM) dst->margin_bottom = src->margin_bottom;
  if (s & Q_P_MARGIN_LEFT) dst->margin_left = src->margin_left;
  if (s & Q_P_MARGIN_RIGHT) dst->margin_right = src->margin_right;
  if (s & Q_P_TEXT_INDENT) dst->text_indent = src->text_indent;
  if (s & Q_P_TEXT_ALIGN) dst->text_align = src->text_align;
  if (s & Q_P_HYPHENS) dst->hyphens = src->hyphens;
  if (s & Q_P_PRINT_ADDRESS) dst->print_address = src->print_address;
  if (s & Q_P_NOTE_MARKS) dst->note_symbols = src->note_symbols;
  if (s & Q_P_BORDER_WIDTH) memcpy(dst->border_width, src->border_width, 3 * sizeof *dst->border_width);
  if (s & Q_P_BORDER_LEFT_WIDTH) dst->border_width[3] = src->border_width[3];
  if (s & Q_P_BORDER_COLOR) dst->border_color = src->border_color;
  if (s & Q_P_BORDER_STYLE) dst->border_solid = src->border_solid;
  if (s & Q_P_BACKGROUND) dst->background = src->background;
  if (s & Q_P_PADDING_TOP) dst->padding_top = src->padding_top;
  if (s & Q_P_PADDING_RIGHT) dst->padding_right = src->padding_right;
  if (s & Q_P_PADDING_BOTTOM) dst->padding_bottom = src->padding_bottom;
  if (s & Q_P_PADDING_LEFT) dst->padding_left = src->padding_left;
  for (unsigned b = 0; b < Q_P_COUNT; b++)
    if (s & (1u << b))
      dst->at[b] = src->at[b];
  dst->set |= s;
}

static int find_sel(const parser *p, size_t at, size_t n) {
  for (int k = 0; k < Q_SEL_COUNT; k++) {
    tok t = {.at = at, .n = n};
    /* Type selectors ignore case, as in HTML; class names do not. */
    const char *name = q_sel_name((q_sel)k);
    if (name[0] == '.' ? n == strlen(name) && memcmp(p->s + at, name, n) == 0
                       : tok_is(p, &t, name))
      return k;
  }
  return -1;
}

static void report_unknown_sel(parser *p, mark start, size_t end) {
  char list[512], buf[EXCERPT];
  size_t o = 0;
  for (int k = 0; k < Q_SEL_COUNT && o < sizeof list; k++)
    if (k < Q_SEL_INLINE || k > Q_SEL_INLINE_END)
      o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", k ? ", " : "", sel_names[k]);
  if (o < sizeof list)
    snprintf(list + o, sizeof list - o, ", and a class per inline: .quote, .literal, ...");
  q_error(p->d, pos_of(p, start), "unknown selector '%s' (a theme styles: %s)",
          excerpt(p->s + start.i, end - start.i, buf), list);
}

/* Reads one selector of a list, up to its ',' or '{'. A selector is one
 * word from sel_names; anything else (a combinator, a pseudo-class, an id)
 * is reported whole. */
enum { MAX_ROLES_IN_RULE = 16 };

/* "section.NAME": a rule for the sections of role NAME (letters, digits,
 * '-', '_'), recorded in roles. */
static bool role_selector(parser *p, mark start, size_t n, const char **roles, size_t *nroles,
                          q_pos *role_at) {
  size_t at = start.i;
  static const char prefix[] = "section.";
  size_t k = sizeof prefix - 1;
  if (n <= k || memcmp(p->s + at, prefix, k) != 0)
    return false;
  for (size_t i = at + k; i < at + n; i++) {
    char c = p->s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
          c == '-' || c == '_'))
      return false;
  }
  if (*nroles < MAX_ROLES_IN_RULE) {
    role_at[*nroles] = pos_of(p, start);
    roles[(*nroles)++] = q_arena_strndup(p->arena, p->s + at + k, n - k);
  }
  return true;
}

static void parse_selector(parser *p, bool targets[Q_SEL_COUNT], q_pos at[Q_SEL_COUNT],
                           const char **roles, size_t *nroles, q_pos *role_at) {
  char buf[EXCERPT];
  mark start = save(p);
  size_t end = p->i;
  unsigned words = 0;
  for (int c = peek(p); c >= 0 && c != ',' && c != '{' && c != '}' && c != ';'; c = peek(p)) {
    if (ends_word(p))
      advance(p); /* a ':' or a quote */
    else
      skip_word(p);
    end = p->i;
    words++;
    skip_space(p);
  }
  if (words == 0) {
    if (at_end(p))
      q_error(p->d, here(p), "expected a selector at the end of the file");
    else
      q_error(p->d, here(p), "expected a selector before '%s'", char_here(p, buf));
    return;
  }
  int sel = words == 1 ? find_sel(p, start.i, end - start.i) : -1;
  if (sel < 0 && words == 1 && role_selector(p, start, end - start.i, roles, nroles, role_at))
    return;
  if (sel < 0) {
    report_unknown_sel(p, start, end);
    return;
  }
  targets[sel] = true;
  at[sel] = pos_of(p, start);
}

/* "sel, sel { declarations }": the declarations go to every known
 * selector of the list (and are still checked when there is none). */
static void parse_rule(parser *p) {
  char buf[EXCERPT];
  bool targets[Q_SEL_COUNT] = {false};
  q_pos at[Q_SEL_COUNT];
  const char *roles[MAX_ROLES_IN_RULE];
  q_pos role_at[MAX_ROLES_IN_RULE];
  size_t nroles = 0;
  for (;;) {
    skip_space(p);
    parse_selector(p, targets, at, roles, &nroles, role_at);
    if (peek(p) != ',')
      break;
    advance(p);
  }
  if (peek(p) != '{') {
    if (at_end(p)) {
      q_error(p->d, here(p), "expected '{' after the selector, found the end of the file");
    } else {
      q_error(p->d, here(p), "expected '{' after the selector, found '%s'", char_here(p, buf));
      advance(p);
    }
    return;
  }
  p->ruled = true;
  q_rule scratch = {0};
  parse_block(p, &(target){.rule = &scratch});
  for (int k = 0; k < Q_SEL_COUNT; k++) {
    if (targets[k]) {
      merge_rule(&p->style->rules[k], &scratch);
      p->style->rules[k].pos = at[k];
    }
  }
  for (size_t k = 0; k < nroles; k++) {
    q_style *st = p->style;
    q_rule *r = (q_rule *)(uintptr_t)q_style_role(st, roles[k]);
    if (!r) {
      q_role_rule *v = q_arena_alloc(p->arena, (st->nroles + 1) * sizeof *v);
      if (st->nroles)
        memcpy(v, st->roles, st->nroles * sizeof *v);
      v[st->nroles] = (q_role_rule){roles[k], {0}};
      st->roles = v;
      r = &v[st->nroles++].rule;
    }
    merge_rule(r, &scratch);
    r->pos = role_at[k];
  }
}

/* ---- @import ----------------------------------------------------------- */

static void parse_sheet(parser *p);

static bool in_chain(const import_link *c, const struct stat *st) {
  for (; c; c = c->up)
    if (c->dev == st->st_dev && c->ino == st->st_ino)
      return true;
  return false;
}

static bool is_theme_name(const char *s, size_t n) {
  if (n == 0 || n > 64)
    return false;
  for (size_t k = 0; k < n; k++)
    if (!((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') ||
          (s[k] >= '0' && s[k] <= '9') || s[k] == '-' || s[k] == '_'))
      return false;
  return true;
}

/* Reads the theme file at path into p's style, as if its text stood here. */
static void import_file(parser *p, const char *path, const struct stat *st, q_pos at) {
  FILE *f = fopen(path, "rb");
  size_t len = 0;
  char *text = f ? q_file_read(f, &len) : NULL;
  int err = errno;
  if (f)
    fclose(f);
  if (!text) {
    q_error(p->d, at, "cannot read the imported theme %s: %s", path, strerror(err ? err : EIO));
    return;
  }
  import_link link = {st->st_dev, st->st_ino, p->chain};
  parser sub = {.s = text, .len = len, .line = 1, .col = 1,
                .path = q_arena_strdup(p->arena, path), .d = p->d, .style = p->style,
                .arena = p->arena, .dirs = p->dirs, .chain = &link, .depth = p->depth + 1};
  parse_sheet(&sub);
  free(text);
}

/* @import "NAME"; reads theme NAME (NAME.css in the first of the theme
 * folders that has it, the importing file itself excepted) before the rules
 * that follow, which then override it. */
static void parse_import(parser *p, mark start) {
  char buf[EXCERPT];
  q_pos at = pos_of(p, start);
  skip_space(p);
  int c = peek(p);
  if (c != '"' && c != '\'') {
    q_error(p->d, here(p), "expected a theme's name in quotes after @import (@import \"default\";)");
    skip_statement(p);
    return;
  }
  tok t;
  if (!read_string(p, &t, true)) {
    skip_statement(p);
    return;
  }
  skip_space(p);
  if (peek(p) != ';') {
    q_error(p->d, here(p), "expected ';' after @import \"%s\"", tok_text(p, &t, buf));
    skip_statement(p);
    return;
  }
  advance(p);
  if (p->ruled) {
    q_error(p->d, at, "@import must come before every rule");
    return;
  }
  if (!is_theme_name(p->s + t.at, t.n)) {
    q_error(p->d, at, "@import \"%s\": a theme's name is letters, digits, '-' and '_' "
            "(no folder, no .css)", tok_text(p, &t, buf));
    return;
  }
  if (!p->dirs || p->dirs->n == 0) {
    q_error(p->d, at, "@import \"%s\": this theme is not read from a file, so there is no "
            "folder to import from", tok_text(p, &t, buf));
    return;
  }
  if (p->depth >= IMPORT_DEPTH) {
    q_error(p->d, at, "@import \"%s\": themes import each other more than %d deep",
            tok_text(p, &t, buf), IMPORT_DEPTH);
    return;
  }
  char looked[1024];
  size_t o = 0;
  for (size_t k = 0; k < p->dirs->n; k++) {
    const char *path =
        q_arena_printf(p->arena, "%s/%.*s.css", p->dirs->dir[k], (int)t.n, p->s + t.at);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && !in_chain(p->chain, &st)) {
      import_file(p, path, &st, at);
      return;
    }
    if (o < sizeof looked)
      o += (size_t)snprintf(looked + o, sizeof looked - o, "%s%s", k ? " and " : "", path);
  }
  q_error(p->d, at, "@import \"%s\": no such theme (looked for %s)",
          tok_text(p, &t, buf), looked);
}

static void parse_at_rule(parser *p) {
  char buf[EXCERPT];
  tok name = {.start = save(p), .at = p->i};
  advance(p); /* '@' */
  while (is_name_char(peek(p)))
    advance(p);
  name.n = p->i - name.at;
  if (tok_is(p, &name, "@import")) {
    parse_import(p, name.start);
    return;
  }
  if (!tok_is(p, &name, "@page")) {
    q_error(p->d, pos_of(p, name.start),
            "unknown at-rule '%s' (a theme may use only @import and @page)",
            tok_text(p, &name, buf));
    skip_statement(p);
    return;
  }
  p->ruled = true;
  skip_space(p);
  if (peek(p) != '{') {
    q_error(p->d, here(p), "expected '{' after @page (page selectors such as :first are "
                           "not supported)");
    skip_statement(p);
    return;
  }
  parse_block(p, &(target){.page = &p->style->page});
}

static void parse_sheet(parser *p) {
  /* A UTF-8 byte order mark is not text. */
  if (p->len >= 3 && memcmp(p->s, "\xEF\xBB\xBF", 3) == 0)
    p->i = 3;
  for (;;) {
    skip_space(p);
    int c = peek(p);
    if (c < 0)
      return;
    if (c == '@') {
      parse_at_rule(p);
    } else if (c == '}' || c == ';') {
      q_error(p->d, here(p), "unexpected '%c' outside a rule", c);
      advance(p);
    } else {
      parse_rule(p);
    }
  }
}

/* ---- limits ------------------------------------------------------------- */

/* Positions already told about: one declaration out of range is one error,
 * however many kinds of text inherit it. */
typedef struct told {
  q_pos at[3 * Q_SEL_COUNT];
  size_t n;
} told;

static bool tell_once(told *t, q_pos at) {
  for (size_t i = 0; i < t->n; i++)
    if (t->at[i].line == at.line && t->at[i].col == at.col && t->at[i].file == at.file)
      return false;
  if (t->n < sizeof t->at / sizeof *t->at)
    t->at[t->n++] = at;
  return true;
}

/* Where the value of property bit came from for the chain of selectors
 * chain[0] (innermost) ... chain[n-1], body last. */
static q_pos origin(const parser *p, unsigned bit, const q_sel *chain, size_t n) {
  unsigned b = bit_number(bit);
  for (size_t i = 0; i < n; i++) {
    const q_rule *r = &p->style->rules[chain[i]];
    if ((r->set & bit) && r->at[b].file)
      return r->at[b];
  }
  return (q_pos){p->path, 0, 0};
}

static void check_range(parser *p, told *t, const q_sel *chain, size_t n, unsigned bit,
                        const char *what, double v, double lo, double hi) {
  if (v >= lo && v <= hi)
    return;
  /* A built-in default relative to what the theme says (the notes' 0.8em
   * under a 2pt body) is the theme's only through that: kept inside the
   * limits by q_style_compute, and not told. */
  for (size_t i = 0; i < n; i++) {
    const q_rule *r = &p->style->rules[chain[i]];
    if (r->set & bit) {
      if (!r->at[bit_number(bit)].file)
        return;
      break;
    }
  }
  q_pos at = origin(p, bit, chain, n);
  if (!tell_once(t, at))
    return;
  char name[64];
  if (n > 2)
    snprintf(name, sizeof name, "%s in %s", q_sel_name(chain[0]), q_sel_name(chain[1]));
  else
    snprintf(name, sizeof name, "%s", q_sel_name(chain[0]));
  q_error(p->d, at, "%s: %s comes to %gpt; it must be between %gpt and %gpt", name, what, v,
          lo, hi);
}

/* One kind of text, computed c, whose selectors from the innermost out are
 * chain[0..n). Margins do not inherit: only a block's own are checked. */
static void check_text(parser *p, told *t, const q_sel *chain, size_t n, const q_computed *c,
                       bool block) {
  bool font_ok = c->font_size_pt >= Q_STYLE_FONT_MIN_PT && c->font_size_pt <= Q_STYLE_FONT_MAX_PT;
  check_range(p, t, chain, n, Q_P_FONT_SIZE, "the font size", c->font_size_pt,
              Q_STYLE_FONT_MIN_PT, Q_STYLE_FONT_MAX_PT);
  /* A line height out of range because its font size is says nothing new. */
  if (font_ok)
    check_range(p, t, chain, n, Q_P_LINE_HEIGHT, "the line height", c->line_height_pt,
                Q_STYLE_LEADING_MIN_PT, Q_STYLE_LEADING_MAX_PT);
  if (!block || !font_ok)
    return;
  const struct {
    unsigned bit;
    const char *what;
    double v;
  } box[] = {{Q_P_MARGIN_TOP, "margin-top", c->margin_top_pt},
             {Q_P_MARGIN_RIGHT, "margin-right", c->margin_right_pt},
             {Q_P_MARGIN_BOTTOM, "margin-bottom", c->margin_bottom_pt},
             {Q_P_MARGIN_LEFT, "margin-left", c->margin_left_pt},
             {Q_P_TEXT_INDENT, "text-indent", c->text_indent_pt},
             {Q_P_PADDING_TOP, "padding-top", c->padding_top_pt},
             {Q_P_PADDING_RIGHT, "padding-right", c->padding_right_pt},
             {Q_P_PADDING_BOTTOM, "padding-bottom", c->padding_bottom_pt},
             {Q_P_PADDING_LEFT, "padding-left", c->padding_left_pt}};
  for (size_t k = 0; k < sizeof box / sizeof *box; k++)
    check_range(p, t, chain, 1, box[k].bit, box[k].what, box[k].v, 0.0, Q_STYLE_BOX_MAX_PT);
}

/* Every kind of text as the typesetter computes it: each block under body,
 * each inline under each block. */
static void check_computed(parser *p, told *t) {
  const q_style *s = p->style;
  q_computed body = compute_raw(s, Q_SEL_BODY, NULL);
  for (int b = Q_SEL_BODY; b < Q_SEL_COUNT; b++) {
    if (q_sel_is_inline((q_sel)b))
      continue;
    q_sel chain[3] = {(q_sel)b, Q_SEL_BODY, Q_SEL_BODY};
    size_t n = b == Q_SEL_BODY ? 1 : 2;
    q_computed block = b == Q_SEL_BODY ? body : compute_raw(s, (q_sel)b, &body);
    check_text(p, t, chain, n, &block, true);
    for (int i = Q_SEL_BODY; i < Q_SEL_COUNT; i++) {
      if (!q_sel_is_inline((q_sel)i))
        continue;
      q_sel inner[3] = {(q_sel)i, chain[0], chain[1]};
      q_computed c = compute_raw(s, (q_sel)i, &block);
      check_text(p, t, inner, n + 1, &c, false);
    }
  }
}

/* The paper's size, and a text block inside its margins tall enough for
 * the tallest line a theme sets. */
static void check_page(parser *p, told *t) {
  const q_page *pg = &p->style->page;
  q_pos size_at = pg->size_at.file ? pg->size_at : (q_pos){p->path, 0, 0};
  if (pg->width_pt < Q_STYLE_PAGE_MIN_PT || pg->width_pt > Q_STYLE_PAGE_MAX_PT ||
      pg->height_pt < Q_STYLE_PAGE_MIN_PT || pg->height_pt > Q_STYLE_PAGE_MAX_PT) {
    if (tell_once(t, size_at))
      q_error(p->d, size_at, "@page size %gpt by %gpt: each side must be between %gpt and %gpt",
              pg->width_pt, pg->height_pt, Q_STYLE_PAGE_MIN_PT, Q_STYLE_PAGE_MAX_PT);
    return;
  }
  /* (Sizes already found out of range would only be told again.) */
  double tallest = 0.0;
  q_computed body = q_style_compute(p->style, Q_SEL_BODY, NULL);
  for (int b = Q_SEL_BODY; b < Q_SEL_COUNT && t->n == 0; b++) {
    if (q_sel_is_inline((q_sel)b))
      continue;
    q_computed c = b == Q_SEL_BODY ? body : q_style_compute(p->style, (q_sel)b, &body);
    if (c.line_height_pt > tallest)
      tallest = c.line_height_pt;
  }
  double need_h = tallest > Q_STYLE_BLOCK_MIN_PT ? tallest : Q_STYLE_BLOCK_MIN_PT;
  const struct {
    double room, need;
    int a, b; /* the margins that take it: top/bottom or left/right */
    const char *dim;
  } sides[] = {{pg->width_pt - pg->margin_left_pt - pg->margin_right_pt, Q_STYLE_BLOCK_MIN_PT,
                3, 1, "wide"},
               {pg->height_pt - pg->margin_top_pt - pg->margin_bottom_pt, need_h, 0, 2, "tall"}};
  for (size_t k = 0; k < 2; k++) {
    if (sides[k].room >= sides[k].need)
      continue;
    q_pos at = pg->margin_at[sides[k].a].file   ? pg->margin_at[sides[k].a]
               : pg->margin_at[sides[k].b].file ? pg->margin_at[sides[k].b]
                                                : size_at;
    if (tell_once(t, at))
      q_error(p->d, at, "the @page margins leave a text block %gpt %s; it must be at least %gpt%s",
              sides[k].room, sides[k].dim, sides[k].need,
              sides[k].need > Q_STYLE_BLOCK_MIN_PT ? ", to hold the theme's tallest line" : "");
  }
}

/* ---- entry points ------------------------------------------------------- */

static q_style *parse_in(q_arena *a, const char *path, const char *text, size_t len,
                         const q_theme_dirs *dirs, const import_link *chain, q_diag *d) {
  q_style *s = q_arena_alloc(a, sizeof *s);
  q_style_defaults(s);
  s->path = q_arena_strdup(a, path ? path : "(theme)");
  parser p = {.s = text ? text : "", .len = text ? len : 0, .line = 1, .col = 1,
              .path = s->path, .d = d, .style = s, .arena = a, .dirs = dirs, .chain = chain};
  unsigned before = d->errors;
  parse_sheet(&p);
  told t = {.n = 0};
  check_computed(&p, &t);
  check_page(&p, &t);
  return d->errors > before ? NULL : s;
}

q_style *q_style_parse(q_arena *a, const char *path, const char *text, size_t len,
                       q_diag *d) {
  return parse_in(a, path, text, len, NULL, NULL, d);
}

q_style *q_style_load(q_arena *a, const char *path, q_diag *d) {
  return q_style_load_in(a, path, NULL, d);
}

q_style *q_style_find(q_arena *a, const char *name, const q_theme_dirs *dirs, q_pos at,
                      q_diag *d) {
  char looked[1024];
  size_t o = 0;
  for (size_t k = 0; k < dirs->n; k++) {
    const char *path = q_arena_printf(a, "%s/%s.css", dirs->dir[k], name);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
      return q_style_load_in(a, path, dirs, d);
    if (o < sizeof looked)
      o += (size_t)snprintf(looked + o, sizeof looked - o, "%s%s", k ? " nor " : "", path);
  }
  q_error(d, at, "no theme '%s': neither %s exists", name, looked);
  return NULL;
}

q_style *q_style_load_in(q_arena *a, const char *path, const q_theme_dirs *dirs, q_diag *d) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    q_error(d, (q_pos){path, 0, 0}, "cannot open theme: %s", strerror(errno));
    return NULL;
  }
  size_t len = 0;
  errno = 0;
  char *text = q_file_read(f, &len);
  int err = errno;
  fclose(f);
  if (!text) {
    q_error(d, (q_pos){path, 0, 0}, "cannot read theme: %s", strerror(err ? err : EIO));
    return NULL;
  }
  /* The file itself heads the import chain: it cannot import itself. */
  struct stat st;
  import_link self = {0, 0, NULL};
  bool known = stat(path, &st) == 0;
  if (known)
    self = (import_link){st.st_dev, st.st_ino, NULL};
  q_style *s = parse_in(a, path, text, len, dirs, known ? &self : NULL, d);
  free(text);
  return s;
}
