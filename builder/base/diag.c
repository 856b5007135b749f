#include "diag.h"

#include <stdarg.h>
#include <string.h>

void q_diag_init(q_diag *d, FILE *out) {
  d->out = out;
  d->strict = false;
  d->errors = 0;
  d->warnings = 0;
  d->hidden = d->shown = NULL;
  d->before = NULL;
  d->before_ctx = NULL;
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
  if (!file)
    fputs("quire", d->out);
  else if (at.line == 0)
    fprintf(d->out, "%s%s", prefix, file);
  else if (at.col == 0)
    fprintf(d->out, "%s%s:%u", prefix, file, at.line);
  else
    fprintf(d->out, "%s%s:%u:%u", prefix, file, at.line, at.col);
  fprintf(d->out, ": %s: ", kind);
  vfprintf(d->out, fmt, ap);
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
