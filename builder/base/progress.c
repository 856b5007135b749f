#define _POSIX_C_SOURCE 200809L
#include "progress.h"

#include <stdarg.h>
#include <unistd.h>

void q_progress_init(q_progress *p, FILE *out, bool quiet) {
  p->out = !quiet && out && isatty(fileno(out)) ? out : NULL;
  p->shown = false;
}

void q_progress_say(q_progress *p, const char *fmt, ...) {
  if (!p->out)
    return;
  va_list ap;
  va_start(ap, fmt);
  fputs("\r\033[Kquire: ", p->out);
  vfprintf(p->out, fmt, ap);
  va_end(ap);
  fflush(p->out);
  p->shown = true;
}

void q_progress_end(q_progress *p) {
  if (p->out && p->shown) {
    fputs("\r\033[K", p->out);
    fflush(p->out);
  }
  p->shown = false;
}

void q_progress_clear(void *ctx) { q_progress_end(ctx); }
