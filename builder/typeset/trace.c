/* trace: a layout as text (see trace.h).
 *
 * The format, one record a line, fields separated by one space:
 *   layout W H pages=N overfull=N   page size in points; lines wider than the measure
 *   outline LEVEL "TITLE" "DEST"    each entry, in order
 *   page N "LABEL" KIND             KIND: title, contents or body
 *     glyphs X Y FONT SIZE #RRGGBB w=WIDTH n=GLYPHS [artifact] "TEXT"
 *     begin NAME [scope="S"] [lang="L"] [uri="U"] [dest="D"]
 *     end
 *     dest X Y "NAME"
 *     rule X Y W H #RRGGBB
 * X and Y are the op's position (a run's is the start of its baseline);
 * WIDTH is the run's advance as set, its words' gaps included; FONT is the
 * caller's name for the font, or "fontN". */
#include "trace.h"

#include <inttypes.h>
#include <string.h>

/* A length in points with three decimals, rounded half away from zero. */
static void put_pt(q_buf *b, int64_t v) {
  int64_t m = (v * 1000 + (v < 0 ? -32768 : 32768)) / 65536; /* thousandths */
  uint64_t a = (uint64_t)(m < 0 ? -m : m);
  q_buf_printf(b, "%s%" PRIu64 ".%03" PRIu64, m < 0 ? "-" : "", a / 1000, a % 1000);
}

/* s[0..len) in double quotes: \ and " escaped, control characters as \xNN,
 * so that one record stays one line; other bytes (UTF-8) as they are. */
static void put_quoted(q_buf *b, const char *s, size_t len) {
  static const char hex[] = "0123456789abcdef";
  q_buf_putc(b, '"');
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') {
      q_buf_putc(b, '\\');
      q_buf_putc(b, (char)c);
    } else if (c < 0x20 || c == 0x7f) {
      char esc[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
      q_buf_add(b, esc, sizeof esc);
    } else {
      q_buf_putc(b, (char)c);
    }
  }
  q_buf_putc(b, '"');
}

static void put_str(q_buf *b, const char *s) {
  if (s)
    put_quoted(b, s, strlen(s));
  else
    q_buf_puts(b, "(null)");
}

static void put_color(q_buf *b, uint32_t rgb) { q_buf_printf(b, " #%06" PRIx32, rgb & 0xffffff); }

static const char *sheet_kind(q_sheet_kind k) {
  switch (k) {
  case Q_SHEET_TITLE:
    return "title";
  case Q_SHEET_CONTENTS:
    return "contents";
  case Q_SHEET_BODY:
    break;
  }
  return "body";
}

static void put_glyphs(q_buf *b, const q_op *op, q_trace_font_name name, void *ctx) {
  q_buf_puts(b, "  glyphs ");
  put_pt(b, op->x);
  q_buf_putc(b, ' ');
  put_pt(b, op->y);
  const char *font = name ? name(ctx, op->u.glyphs.font) : NULL;
  if (font) {
    q_buf_putc(b, ' ');
    q_buf_puts(b, font);
  } else {
    q_buf_printf(b, " font%u", (unsigned)op->u.glyphs.font);
  }
  q_buf_putc(b, ' ');
  put_pt(b, op->u.glyphs.size);
  put_color(b, op->u.glyphs.color);
  int64_t width = 0;
  for (size_t s = 0; s < op->u.glyphs.nspans; s++) {
    const q_glyph_span *sp = &op->u.glyphs.spans[s];
    for (uint32_t i = 0; i < sp->n; i++)
      width += sp->g[i].advance;
    width += sp->gap;
  }
  q_buf_puts(b, " w=");
  put_pt(b, width); /* a sum: it may pass what one q_sp holds */
  q_buf_printf(b, " n=%zu", op->u.glyphs.n);
  if (op->u.glyphs.artifact)
    q_buf_puts(b, " artifact");
  q_buf_putc(b, ' ');
  put_quoted(b, op->u.glyphs.text ? op->u.glyphs.text : "", op->u.glyphs.text ? op->u.glyphs.len : 0);
}

static void put_op(q_buf *b, const q_op *op, q_trace_font_name name, void *ctx) {
  switch (op->kind) {
  case Q_OP_GLYPHS:
    put_glyphs(b, op, name, ctx);
    break;
  case Q_OP_TAG_BEGIN:
    q_buf_puts(b, "  begin ");
    q_buf_puts(b, op->u.tag.name ? op->u.tag.name : "(null)");
    if (op->u.tag.scope) {
      q_buf_puts(b, " scope=");
      put_str(b, op->u.tag.scope);
    }
    if (op->u.tag.lang) {
      q_buf_puts(b, " lang=");
      put_str(b, op->u.tag.lang);
    }
    if (op->u.tag.uri) {
      q_buf_puts(b, " uri=");
      put_str(b, op->u.tag.uri);
    }
    if (op->u.tag.dest) {
      q_buf_puts(b, " dest=");
      put_str(b, op->u.tag.dest);
    }
    if (op->u.tag.alt) {
      q_buf_puts(b, " alt=");
      put_str(b, op->u.tag.alt);
    }
    break;
  case Q_OP_TAG_END:
    q_buf_puts(b, "  end");
    break;
  case Q_OP_DEST:
    q_buf_puts(b, "  dest ");
    put_pt(b, op->x);
    q_buf_putc(b, ' ');
    put_pt(b, op->y);
    q_buf_putc(b, ' ');
    put_str(b, op->u.dest.name);
    break;
  case Q_OP_RULE:
    q_buf_puts(b, "  rule ");
    put_pt(b, op->x);
    q_buf_putc(b, ' ');
    put_pt(b, op->y);
    q_buf_putc(b, ' ');
    put_pt(b, op->u.rule.w);
    q_buf_putc(b, ' ');
    put_pt(b, op->u.rule.h);
    put_color(b, op->u.rule.color);
    break;
  case Q_OP_IMAGE:
    q_buf_puts(b, "  image ");
    put_pt(b, op->x);
    q_buf_putc(b, ' ');
    put_pt(b, op->y);
    q_buf_putc(b, ' ');
    put_pt(b, op->u.image.w);
    q_buf_putc(b, ' ');
    put_pt(b, op->u.image.h);
    q_buf_putc(b, ' ');
    put_str(b, op->u.image.image && op->u.image.image->href ? op->u.image.image->href : "");
    break;
  }
  q_buf_putc(b, '\n');
}

void q_trace_write(q_buf *out, const q_layout *l, q_trace_font_name name, void *ctx) {
  q_buf_puts(out, "layout ");
  put_pt(out, l->width);
  q_buf_putc(out, ' ');
  put_pt(out, l->height);
  q_buf_printf(out, " pages=%zu overfull=%zu\n", l->npages, l->overfull);
  for (size_t k = 0; k < l->noutline; k++) {
    const q_outline_entry *e = &l->outline[k];
    q_buf_printf(out, "outline %u ", e->level);
    put_str(out, e->title);
    q_buf_putc(out, ' ');
    put_str(out, e->dest);
    q_buf_putc(out, '\n');
  }
  for (size_t p = 0; p < l->npages; p++) {
    const q_sheet *pg = &l->pages[p];
    q_buf_printf(out, "page %zu ", p + 1);
    put_str(out, pg->label);
    q_buf_printf(out, " %s\n", sheet_kind(pg->kind));
    for (size_t i = 0; i < pg->nops; i++)
      put_op(out, &pg->ops[i], name, ctx);
  }
}
