#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

void q_diag_init(q_diag *d, FILE *out) {
  d->out = out;
  d->strict = false;
  d->errors = 0;
  d->warnings = 0;
  d->hidden = d->shown = NULL;
  d->before = NULL;
  d->before_ctx = NULL;
}

/* s with its control characters written as escapes (\n, \r, \t, \xHH):
 * a message is one line whatever a file name or an attribute holds, and a
 * terminal never receives a control sequence from a source file. */
static void put_escaped(FILE *out, const char *s) {
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '\n')
      fputs("\\n", out);
    else if (c == '\r')
      fputs("\\r", out);
    else if (c == '\t')
      fputs("\\t", out);
    else if (c < 0x20 || c == 0x7f)
      fprintf(out, "\\x%02x", c);
    else
      fputc(*s, out);
  }
}

static void report(q_diag *d, q_pos at, const char *kind, const char *fmt, va_list ap)
    Q_PRINTF(4, 0);
static void report(q_diag *d, q_pos at, const char *kind, const char *fmt, va_list ap) {
  if (!d->out)
    return;
  if (d->before)
    d->before(d->before_ctx);
  const char *file = at.file, *prefix = "";
  size_t n = d->hidden ? strlen(d->hidden) : 0;
  if (file && n && strncmp(file, d->hidden, n) == 0 && file[n] == '/') {
    prefix = d->shown;
    file += n;
  }
  if (!file) {
    fputs("quire", d->out);
  } else {
    put_escaped(d->out, prefix);
    put_escaped(d->out, file);
    if (at.line && at.col)
      fprintf(d->out, ":%u:%u", at.line, at.col);
    else if (at.line)
      fprintf(d->out, ":%u", at.line);
  }
  fprintf(d->out, ": %s: ", kind);
  char small[512];
  va_list again;
  va_copy(again, ap);
  int len = vsnprintf(small, sizeof small, fmt, ap);
  char *msg = small;
  if (len >= (int)sizeof small) {
    msg = q_zalloc((size_t)len + 1, 1);
    vsnprintf(msg, (size_t)len + 1, fmt, again);
  }
  va_end(again);
  if (len > 0)
    put_escaped(d->out, msg);
  if (msg != small)
    free(msg);
  fputc('\n', d->out);
}

void q_error(q_diag *d, q_pos at, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  report(d, at, "error", fmt, ap);
  va_end(ap);
  d->errors++;
}

void q_warning(q_diag *d, q_pos at, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  report(d, at, d->strict ? "error" : "warning", fmt, ap);
  va_end(ap);
  d->warnings++;
}

bool q_diag_failed(const q_diag *d) {
  return d->errors > 0 || (d->strict && d->warnings > 0);
}
