/* diag: positioned diagnostics, "file:line:col: error: message".
 *
 * A q_diag collects the problems of one run. Every reader and writer reports
 * through it, so messages share one format and the build can tell at the end
 * whether anything went wrong. Positions are 1-based; a line of 0 means "the
 * whole file", a NULL file means "the command itself". Columns count Unicode
 * characters, not bytes. The caller owns the q_diag; file names in q_pos are
 * borrowed and must outlive the call. */
#ifndef QUIRE_BASE_DIAG_H
#define QUIRE_BASE_DIAG_H

#include <stdbool.h>
#include <stdio.h>

typedef struct q_pos {
  const char *file; /* borrowed; NULL: no file */
  unsigned line;    /* 1-based; 0: unknown */
  unsigned col;     /* 1-based, in characters; 0: unknown */
} q_pos;

typedef struct q_diag {
  FILE *out;        /* where messages go (stderr in the command) */
  bool strict;      /* warnings count as errors */
  unsigned errors;
  unsigned warnings;
  /* Files under `hidden` are reported as if under `shown`: outputs are
   * written in a private folder, but the user knows them by their final
   * names. Both NULL when unused. */
  const char *hidden, *shown;
  /* Called before each message, e.g. to clear a progress line. */
  void (*before)(void *ctx);
  void *before_ctx;
} q_diag;

void q_diag_init(q_diag *d, FILE *out);

#if defined(__GNUC__)
#define Q_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define Q_PRINTF(a, b)
#endif

void q_error(q_diag *d, q_pos at, const char *fmt, ...) Q_PRINTF(3, 4);
void q_warning(q_diag *d, q_pos at, const char *fmt, ...) Q_PRINTF(3, 4);

/* True once any error (or, when strict, any warning) was reported. */
bool q_diag_failed(const q_diag *d);

#endif
