/* watch: quire watch, a build again on every change.
 *
 * Builds once, then watches (inotify) the bundle's folder and the folders
 * under it (its parts, images and styles/), the data folder's styles/ and
 * the font manifest's folder (or the --style and --fonts files' folders),
 * and builds again when a file there is written, moved in or removed. Saves
 * within QUIRE_WATCH_QUIET ms of each other make one build (an editor's
 * save, a write and a rename or two, takes a few ms). The output folder and
 * hidden files (editors' swap files) are not watched. Each build
 * prints one line on stdout: its number, the time it took, the problems it
 * found, and the outputs it wrote, or that it kept the last good ones (a
 * failed build leaves them as they were). SIGINT (Ctrl-C) or SIGTERM stop
 * the watch between builds: a build under way finishes first.
 *
 * The options are the build's (q_build_opts), borrowed for the call. */
#ifndef QUIRE_WATCH_H
#define QUIRE_WATCH_H

#include "base/diag.h"
#include "build.h"

enum { QUIRE_WATCH_QUIET = 25 };

/* Returns the process exit code: 0 when stopped by a signal, 1 when the
 * folders cannot be watched. d's settings (strict) apply to every build. */
int q_watch_run(const q_build_opts *o, q_diag *d);

#endif
