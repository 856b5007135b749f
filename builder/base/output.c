#define _GNU_SOURCE
#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "mem.h"

/* The folder the signal handler must clear: set while a build writes. */
static volatile sig_atomic_t armed;
static char armed_dir[4096];

/* Remove every entry of a flat folder, then the folder. Uses only system
 * calls, so it is safe inside a signal handler. */
static void clear_dir(const char *dir) {
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    char buf[4096];
    long n;
    while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0) {
      for (long off = 0; off < n;) {
        struct dirent64 *e = (struct dirent64 *)(void *)(buf + off);
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
          unlinkat(fd, e->d_name, 0);
        off += e->d_reclen;
      }
    }
    close(fd);
  }
  rmdir(dir);
}

static void on_signal(int sig) {
  if (armed)
    clear_dir(armed_dir);
  signal(sig, SIG_DFL);
  raise(sig);
}

static void arm(const char *dir) {
  snprintf(armed_dir, sizeof armed_dir, "%s", dir);
  armed = 1;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL);
  /* A file size limit makes writes fail with EFBIG instead of killing us,
   * so the build reports it and cleans up. */
  signal(SIGXFSZ, SIG_IGN);
}

static void disarm(void) { armed = 0; }

static bool mkdirs(const char *path) {
  char tmp[4096];
  if (snprintf(tmp, sizeof tmp, "%s", path) >= (int)sizeof tmp)
    return false;
  for (char *p = tmp + 1; *p; p++)
    if (*p == '/') {
      *p = '\0';
      if (mkdir(tmp, 0777) != 0 && errno != EEXIST)
        return false;
      *p = '/';
    }
  return mkdir(tmp, 0777) == 0 || errno == EEXIST;
}

/* Private folders of builds whose process is gone. */
static void sweep(const char *dir) {
  DIR *d = opendir(dir);
  if (!d)
    return;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    /* Only names this code makes: .quire-PID-XXXXXX */
    const char *p = e->d_name + 7, *q = p;
    if (strncmp(e->d_name, ".quire-", 7) != 0)
      continue;
    while (*q >= '0' && *q <= '9')
      q++;
    if (q == p || q - p > 10 || *q != '-' || strlen(q + 1) != 6)
      continue;
    long pid = strtol(p, NULL, 10);
    if (pid > 0 && (kill((pid_t)pid, 0) == 0 || errno != ESRCH))
      continue;
    char path[4096];
    if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) < (int)sizeof path)
      clear_dir(path);
  }
  closedir(d);
}

bool q_output_open(q_output *o, const char *dir, q_diag *d) {
  memset(o, 0, sizeof *o);
  if (!mkdirs(dir)) {
    q_error(d, (q_pos){dir, 0, 0}, "cannot create the output folder: %s", strerror(errno));
    return false;
  }
  sweep(dir);
  o->dir = strdup(dir);
  if (asprintf(&o->tmp, "%s/.quire-%ld-XXXXXX", dir, (long)getpid()) < 0 || !o->dir) {
    q_error(d, (q_pos){NULL, 0, 0}, "out of memory");
    return false;
  }
  /* No signal between making the folder and arming its clean-up. */
  sigset_t block, old;
  sigemptyset(&block);
  sigaddset(&block, SIGINT);
  sigaddset(&block, SIGTERM);
  sigaddset(&block, SIGHUP);
  sigprocmask(SIG_BLOCK, &block, &old);
  bool made = mkdtemp(o->tmp) != NULL;
  int err = errno;
  if (made)
    arm(o->tmp);
  sigprocmask(SIG_SETMASK, &old, NULL);
  if (!made) {
    q_error(d, (q_pos){dir, 0, 0}, "cannot write in the output folder: %s", strerror(err));
    free(o->tmp);
    free(o->dir);
    o->tmp = o->dir = NULL;
    return false;
  }
  return true;
}

static char *copy_name(const char *s) {
  size_t n = strlen(s) + 1;
  char *c = q_realloc(NULL, n, 1);
  memcpy(c, s, n);
  return c;
}

char *q_output_path(q_output *o, const char *name) {
  o->names = q_grow(o->names, &o->cap, o->count + 1, sizeof *o->names);
  o->names[o->count++] = copy_name(name);
  char *p = NULL;
  if (asprintf(&p, "%s/%s", o->tmp, name) < 0)
    q_oom();
  return p;
}

bool q_output_sync(const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return false;
  bool ok = fsync(fd) == 0;
  close(fd);
  return ok;
}

static void release(q_output *o) {
  for (size_t i = 0; i < o->count; i++)
    free(o->names[i]);
  free(o->names);
  free(o->tmp);
  free(o->dir);
  memset(o, 0, sizeof *o);
}

bool q_output_commit(q_output *o, q_diag *d) {
  char from[4096], to[4096];
  for (size_t i = 0; i < o->count; i++) {
    snprintf(from, sizeof from, "%s/%s", o->tmp, o->names[i]);
    if (!q_output_sync(from)) {
      q_error(d, (q_pos){from, 0, 0}, "cannot finish writing: %s", strerror(errno));
      q_output_abort(o);
      return false;
    }
  }
  for (size_t i = 0; i < o->count; i++) {
    snprintf(from, sizeof from, "%s/%s", o->tmp, o->names[i]);
    snprintf(to, sizeof to, "%s/%s", o->dir, o->names[i]);
    if (rename(from, to) != 0) {
      q_error(d, (q_pos){to, 0, 0}, "cannot put the output in place: %s", strerror(errno));
      q_output_abort(o);
      return false;
    }
  }
  clear_dir(o->tmp);
  disarm();
  release(o);
  return true;
}

void q_output_abort(q_output *o) {
  if (o->tmp)
    clear_dir(o->tmp);
  disarm();
  release(o);
}
