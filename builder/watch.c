/* watch: see watch.h. */
#define _GNU_SOURCE /* signalfd, inotify */
#include "watch.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/mem.h"

enum { MAX_DEPTH = 8 };

typedef struct watcher {
  int fd;          /* inotify */
  char out[PATH_MAX]; /* the output folder's real path, or "" */
  unsigned folders;
} watcher;

static const unsigned EVENTS = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE;

/* path with its last component removed ("." when there is none). */
static void folder_of(const char *path, char out[PATH_MAX]) {
  const char *slash = strrchr(path, '/');
  if (!slash)
    snprintf(out, PATH_MAX, ".");
  else if (slash == path)
    snprintf(out, PATH_MAX, "/");
  else
    snprintf(out, PATH_MAX, "%.*s", (int)(slash - path), path);
}

/* Watches dir and, when deep, the folders under it (not the output folder,
 * not hidden ones). A folder that does not exist is skipped. */
static void watch_tree(watcher *w, const char *dir, int depth, bool deep) {
  char real[PATH_MAX];
  if (!realpath(dir, real))
    return;
  if (w->out[0] && strcmp(real, w->out) == 0)
    return;
  if (inotify_add_watch(w->fd, real, EVENTS | IN_ONLYDIR) < 0)
    return;
  w->folders++;
  if (!deep || depth >= MAX_DEPTH)
    return;
  DIR *d = opendir(real);
  if (!d)
    return;
  const struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.')
      continue;
    char sub[PATH_MAX];
    struct stat st;
    if (snprintf(sub, sizeof sub, "%s/%s", real, e->d_name) < (int)sizeof sub &&
        stat(sub, &st) == 0 && S_ISDIR(st.st_mode))
      watch_tree(w, sub, depth + 1, true);
  }
  closedir(d);
}

/* A change that should start a build: a file's, not an editor's scratch. */
static bool counts(const struct inotify_event *ev) {
  if (ev->mask & IN_ISDIR || ev->len == 0)
    return false;
  const char *n = ev->name;
  size_t len = strlen(n);
  return n[0] != '.' && n[len - 1] != '~' && strcmp(n, "4913") != 0 &&
         !(len > 4 && strcmp(n + len - 4, ".swp") == 0);
}

/* Reads the inotify events waiting; true if any counts. */
static bool drain(const watcher *w) {
  char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
  bool any = false;
  for (;;) {
    ssize_t n = read(w->fd, buf, sizeof buf);
    if (n <= 0)
      return any;
    for (char *p = buf; p < buf + n;) {
      const struct inotify_event *ev = (const struct inotify_event *)(void *)p;
      any |= counts(ev);
      p += sizeof *ev + ev->len;
    }
  }
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* The outputs' base name: --name, or the bundle's file name without its
 * extension (as the reader names it). */
static void base_name(const q_build_opts *o, char out[PATH_MAX]) {
  if (o->name) {
    snprintf(out, PATH_MAX, "%s", o->name);
    return;
  }
  const char *b = strrchr(o->bundle, '/');
  b = b ? b + 1 : o->bundle;
  const char *dot = strrchr(b, '.');
  int n = dot && dot != b ? (int)(dot - b) : (int)strlen(b);
  snprintf(out, PATH_MAX, "%.*s", n, b);
}

static void build_once(const q_build_opts *o, const q_diag *settings, unsigned number) {
  q_diag d;
  q_diag_init(&d, stderr);
  d.strict = settings->strict;
  double t0 = now_ms();
  int rc = q_build_run(o, &d);
  double ms = now_ms() - t0;
  char problems[64];
  if (d.errors + d.warnings == 0)
    snprintf(problems, sizeof problems, "no problems");
  else
    snprintf(problems, sizeof problems, "%u error%s, %u warning%s", d.errors,
             d.errors == 1 ? "" : "s", d.warnings, d.warnings == 1 ? "" : "s");
  if (rc != 0) {
    printf("quire: build %u failed in %.0f ms: %s; %s keeps the last good outputs\n", number,
           ms, problems, o->outdir);
  } else {
    char name[PATH_MAX];
    base_name(o, name);
    printf("quire: build %u in %.0f ms: %s; wrote", number, ms, problems);
    const char *sep = " ";
    if (o->formats & Q_FORMAT_EPUB) {
      printf("%s%s/%s.epub", sep, o->outdir, name);
      sep = ", ";
    }
    if (o->formats & Q_FORMAT_PDF)
      printf("%s%s/%s.pdf", sep, o->outdir, name);
    putchar('\n');
  }
  fflush(stdout);
}

int q_watch_run(const q_build_opts *opts, q_diag *d) {
  q_build_opts o = *opts;
  o.quiet = true;     /* one line per build, no progress line */
  o.free_all = true;  /* many builds in one process */
  if (o.check_only) {
    fputs("quire: error: watch builds: it takes build's options\n", stderr);
    return 2;
  }
  /* The stop signals are read from a descriptor between builds, never
   * delivered: a build under way finishes (or fails) whole. */
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  sigprocmask(SIG_BLOCK, &stop, NULL);
  int sfd = signalfd(-1, &stop, SFD_CLOEXEC);
  watcher w = {.fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)};
  if (sfd < 0 || w.fd < 0) {
    fprintf(stderr, "quire: error: cannot watch files: %s\n", strerror(errno));
    return 1;
  }
  unsigned number = 1;
  build_once(&o, d, number++);

  /* The output folder exists after a good build and is left out of the
   * walk below. If the first build failed it is made later, inside a
   * watched folder: a new folder is not a change, and is not walked. */
  if (!realpath(o.outdir, w.out))
    w.out[0] = '\0';
  char dir[PATH_MAX];
  folder_of(o.bundle, dir);
  watch_tree(&w, dir, 0, true);
  if (o.style) {
    folder_of(o.style, dir);
    watch_tree(&w, dir, 0, false);
  }
  snprintf(dir, sizeof dir, "%s/styles", o.datadir);
  watch_tree(&w, dir, 0, false);
  if (o.fonts)
    folder_of(o.fonts, dir);
  else
    snprintf(dir, sizeof dir, "%s/fonts", o.datadir);
  watch_tree(&w, dir, 0, false);
  printf("quire: watching %u folder%s; Ctrl-C stops\n", w.folders, w.folders == 1 ? "" : "s");
  fflush(stdout);

  struct pollfd fds[2] = {{.fd = sfd, .events = POLLIN}, {.fd = w.fd, .events = POLLIN}};
  for (;;) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR)
        continue;
      break;
    }
    if (fds[0].revents)
      break;
    if (!drain(&w))
      continue;
    /* Wait for a quiet moment: the saves of one edit make one build. */
    for (;;) {
      int r = poll(fds, 2, QUIRE_WATCH_QUIET);
      if (r <= 0 || fds[0].revents)
        break;
      drain(&w);
    }
    if (fds[0].revents)
      break;
    build_once(&o, d, number++);
  }
  struct signalfd_siginfo si;
  if (read(sfd, &si, sizeof si) < 0)
    si.ssi_signo = 0;
  close(sfd);
  close(w.fd);
  printf("quire: watch stopped\n");
  fflush(stdout);
  return 0;
}
