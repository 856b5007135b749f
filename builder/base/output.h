/* output: all-or-nothing output files.
 *
 * Writers never write into the output folder directly. A q_output locks the
 * folder (one build writes into it at a time), makes a private folder inside
 * it (".quire-PID-XXXXXX"), hands out paths in there, and q_output_commit
 * renames the finished files into place only when every writer succeeded.
 * Until then the previous outputs stay exactly as they were; the commit
 * checks every destination first, holds signals off across the renames and
 * puts the previous files back if a rename fails, so the folder holds the
 * old set or the new one, never a mix.
 *
 * The private folder is removed by q_output_abort, and by the process's
 * every other way out while a build writes: exit() (q_oom, a library's own
 * exit), SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGABRT and the crash signals.
 * A folder left by a killed build (SIGKILL, power loss) is swept by the next
 * build in the same place. The sweep and every clean-up work relative to an
 * open folder and never follow a symbolic link: they remove only regular
 * files inside real folders that the user owns, named as this module names
 * them, of processes that are gone. */
#ifndef QUIRE_BASE_OUTPUT_H
#define QUIRE_BASE_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

typedef struct q_output {
  char *dir;                     /* the output folder */
  char *tmp;                     /* the private folder inside it (a path) */
  const char *tmpname;           /* its name in dir (points into tmp) */
  int dirfd;                     /* dir, open and locked; -1 when closed */
  char **names;                  /* final file names (in dir), as many as asked
                                    for (one offprint per part) */
  size_t count, cap;
} q_output;

/* Create dir if needed, lock it, sweep stale private folders, make ours and
 * arm the clean-up. false (with an error reported) if that fails, for
 * instance while another build holds the folder. */
bool q_output_open(q_output *o, const char *dir, q_diag *d);
/* A path in the private folder for the output named name; malloc'd.
 * Never NULL (out of memory ends the process, mem.h). */
char *q_output_path(q_output *o, const char *name);
/* Flush a finished file at a path from q_output_path to the disk now, so
 * that a writer's thread can do it beside other work; true on success.
 * q_output_commit syncs every file again, which is cheap for one already
 * flushed, and reports what fails. */
bool q_output_sync(const char *path);
/* fsync each file, rename all into dir (all or none), remove the private
 * folder and unlock. On failure the folder is as it was before the build. */
bool q_output_commit(q_output *o, q_diag *d);
/* Remove the private folder and everything in it; keep dir as it was. */
void q_output_abort(q_output *o);

#endif
