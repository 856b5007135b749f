/* progress: one status line on a terminal during long builds.
 *
 * When enabled (stderr is a terminal and -q was not given), each q_progress
 * call replaces the line with a new status ("read 66 parts", "set 1880
 * pages", ...) and q_progress_end clears it, so that nothing of it stays in
 * the terminal or in a log. Disabled, it does nothing at all. */
#ifndef QUIRE_BASE_PROGRESS_H
#define QUIRE_BASE_PROGRESS_H

#include <stdbool.h>
#include <stdio.h>

typedef struct q_progress {
  FILE *out; /* NULL: disabled */
  bool shown;
} q_progress;

/* Enabled when out is a terminal and quiet is false. */
void q_progress_init(q_progress *p, FILE *out, bool quiet);
void q_progress_say(q_progress *p, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void q_progress_end(q_progress *p);
/* The same as a q_diag `before` hook: ctx is the q_progress. */
void q_progress_clear(void *ctx);

#endif
