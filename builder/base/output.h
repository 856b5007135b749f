/* output: all-or-nothing output files.
 *
 * Writers never write into the output folder directly. A q_output makes a
 * private folder inside it (".quire-PID-XXXXXX"), hands out paths in there,
 * and q_output_commit renames the finished files into place only when every
 * writer succeeded. Until then the previous outputs stay exactly as they
 * were. q_output_abort (and SIGINT, SIGTERM, SIGHUP) remove the private
 * folder and whatever libraries left in it; a folder left by a killed build
 * (SIGKILL, power loss) is swept by the next build in the same place. */
#ifndef QUIRE_BASE_OUTPUT_H
#define QUIRE_BASE_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

typedef struct q_output {
  char *dir;                     /* the output folder */
  char *tmp;                     /* the private folder inside it */
  char **names;                  /* final file names (in dir), as many as asked
                                    for (one offprint per part) */
  size_t count, cap;
} q_output;

/* Create dir if needed, sweep stale private folders, make ours and arm the
 * signal handlers. false (with an error reported) if that fails. */
bool q_output_open(q_output *o, const char *dir, q_diag *d);
/* A path in the private folder for the output named name; malloc'd.
 * Never NULL (out of memory ends the process, mem.h). */
char *q_output_path(q_output *o, const char *name);
/* Flush a finished file at a path from q_output_path to the disk now, so
 * that a writer's thread can do it beside other work; true on success.
 * q_output_commit syncs every file again, which is cheap for one already
 * flushed, and reports what fails. */
bool q_output_sync(const char *path);
/* fsync each file, rename all into dir, remove the private folder. */
bool q_output_commit(q_output *o, q_diag *d);
/* Remove the private folder and everything in it; keep dir as it was. */
void q_output_abort(q_output *o);

#endif
