#define _GNU_SOURCE
#include "output.h"
#include "mem.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The private folder every way out must remove: set while a build writes.
 * The handlers read only these, and call only system calls. */
static volatile sig_atomic_t armed;
static int armed_dirfd = -1;
static char armed_name[64];

/* ".quire-PID-XXXXXX": the names this module makes (mkdtemp fills the X's
 * with letters and digits). *pid gets PID. */
static bool is_private_name(const char *name, long *pid) {
  if (strncmp(name, ".quire-", 7) != 0)
    return false;
  const char *p = name + 7, *q = p;
  long v = 0;
  while (*q >= '0' && *q <= '9' && q - p < 10) {
    v = v * 10 + (*q - '0');
    q++;
  }
  if (q == p || *q != '-' || v <= 0 || v > INT_MAX)
    return false;
  q++;
  for (int i = 0; i < 6; i++, q++)
    if (!((*q >= '0' && *q <= '9') || (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z')))
      return false;
  *pid = v;
  return *q == '\0';
}

/* Remove the folder `name` in the open folder parent: its regular files,
 * then itself. A symbolic link is never followed (the folder itself, or
 * anything in it), and nothing else is removed: what is not a regular file
 * keeps the folder from going. Uses only system calls, so it is safe inside
 * a signal handler. */
static void clear_dir(int parent, const char *name) {
  int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return;
  char buf[4096];
  long n;
  while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0) {
    for (long off = 0; off < n;) {
      struct dirent64 *e = (struct dirent64 *)(void *)(buf + off);
      struct stat st;
      if (fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode))
        unlinkat(fd, e->d_name, 0);
      off += e->d_reclen;
    }
  }
  close(fd);
  unlinkat(parent, name, AT_REMOVEDIR);
}

static void clear_armed(void) {
  if (armed) {
    armed = 0;
    clear_dir(armed_dirfd, armed_name);
  }
}

/* Signals that end the process: the ones a user or a system sends, and the
 * ones a crash raises. */
static const int stops[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGABRT};
static const int faults[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL};
static struct sigaction fault_was[sizeof faults / sizeof *faults];

static void on_signal(int sig, siginfo_t *info, void *uctx) {
  (void)uctx;
  clear_armed();
  /* A fault raised by an instruction happens again on return, under the
   * handler there was before (a sanitizer's, or the default one). */
  for (size_t i = 0; i < sizeof faults / sizeof *faults; i++)
    if (sig == faults[i] && info && info->si_code > 0) {
      sigaction(sig, &fault_was[i], NULL);
      return;
    }
  signal(sig, SIG_DFL);
  raise(sig);
}

static void on_exit_clear(void) { clear_armed(); }

static void arm(int dirfd, const char *name) {
  static bool installed;
  snprintf(armed_name, sizeof armed_name, "%s", name);
  armed_dirfd = dirfd;
  armed = 1;
  if (installed)
    return;
  installed = true;
  /* exit() from anywhere (q_oom, a library giving up) takes this way. */
  atexit(on_exit_clear);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_signal;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  for (size_t i = 0; i < sizeof stops / sizeof *stops; i++)
    sigaction(stops[i], &sa, NULL);
  for (size_t i = 0; i < sizeof faults / sizeof *faults; i++)
    sigaction(faults[i], &sa, &fault_was[i]);
  /* A file size limit makes writes fail with EFBIG instead of killing us,
   * so the build reports it and cleans up. */
  signal(SIGXFSZ, SIG_IGN);
}

static void disarm(void) { armed = 0; }

/* Make path and its parents; false with errno set. */
static bool mkdirs(const char *path) {
  char tmp[PATH_MAX];
  if (snprintf(tmp, sizeof tmp, "%s", path) >= (int)sizeof tmp) {
    errno = ENAMETOOLONG;
    return false;
  }
  for (char *p = tmp + 1; *p; p++)
    if (*p == '/') {
      *p = '\0';
      if (mkdir(tmp, 0777) != 0 && errno != EEXIST)
        return false;
      *p = '/';
    }
  return mkdir(tmp, 0777) == 0 || errno == EEXIST;
}

/* Private folders of builds whose process is gone: only real folders (not
 * links to one) that this user owns, with the name this module gives. */
static void sweep(int dirfd) {
  int fd = dup(dirfd);
  DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
  if (!d) {
    if (fd >= 0)
      close(fd);
    return;
  }
  rewinddir(d);
  uid_t me = geteuid();
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    long pid;
    if (!is_private_name(e->d_name, &pid))
      continue;
    if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
      continue; /* still running, or someone else's */
    struct stat st;
    if (fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(st.st_mode) ||
        st.st_uid != me)
      continue;
    clear_dir(dirfd, e->d_name);
  }
  closedir(d);
}

static void release(q_output *o) {
  for (size_t i = 0; i < o->count; i++)
    free(o->names[i]);
  free(o->names);
  free(o->tmp);
  free(o->dir);
  if (o->dirfd >= 0)
    close(o->dirfd); /* and the lock with it */
  memset(o, 0, sizeof *o);
  o->dirfd = -1;
}

/* "dir/name", to free(). */
static char *join_path(const char *dir, const char *name) {
  size_t a = strlen(dir), b = strlen(name);
  char *p = q_realloc(NULL, a + b + 2, 1);
  memcpy(p, dir, a);
  p[a] = '/';
  memcpy(p + a + 1, name, b + 1);
  return p;
}

bool q_output_open(q_output *o, const char *dir, q_diag *d) {
  memset(o, 0, sizeof *o);
  o->dirfd = -1;
  if (!mkdirs(dir)) {
    if (errno == ENAMETOOLONG && strlen(dir) >= PATH_MAX)
      q_error(d, (q_pos){dir, 0, 0}, "cannot create the output folder: its path is longer than "
              "the system allows (%d bytes)", PATH_MAX - 1);
    else
      q_error(d, (q_pos){dir, 0, 0}, "cannot create the output folder: %s", strerror(errno));
    return false;
  }
  o->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (o->dirfd < 0) {
    q_error(d, (q_pos){dir, 0, 0}, "cannot open the output folder: %s", strerror(errno));
    release(o);
    return false;
  }
  /* One build at a time in a folder: two would replace each other's files
   * one by one. A file system without locks gets no such guard. */
  if (flock(o->dirfd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK) {
    q_error(d, (q_pos){dir, 0, 0}, "another quire build is writing into this folder; "
            "try again when it has finished");
    release(o);
    return false;
  }
  sweep(o->dirfd);
  o->dir = q_strdup(dir);
  char name[48];
  snprintf(name, sizeof name, ".quire-%ld-XXXXXX", (long)getpid());
  o->tmp = join_path(dir, name);
  o->tmpname = o->tmp + strlen(dir) + 1;
  /* No signal between making the folder and arming its clean-up. */
  sigset_t block, old;
  sigfillset(&block);
  pthread_sigmask(SIG_BLOCK, &block, &old);
  bool made = mkdtemp(o->tmp) != NULL;
  int err = errno;
  if (made)
    arm(o->dirfd, o->tmpname);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  if (!made) {
    q_error(d, (q_pos){dir, 0, 0}, "cannot write in the output folder: %s", strerror(err));
    release(o);
    return false;
  }
  return true;
}

char *q_output_path(q_output *o, const char *name) {
  o->names = q_grow(o->names, &o->cap, o->count + 1, sizeof *o->names);
  o->names[o->count++] = q_strdup(name);
  return join_path(o->tmp, name);
}

bool q_output_sync(const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return false;
  bool ok = fsync(fd) == 0;
  close(fd);
  return ok;
}

/* A name for the previous output `name` kept in the private folder while
 * the commit may still have to put it back. */
static void kept_name(char *buf, size_t size, const char *name) {
  snprintf(buf, size, "%s.previous", name);
}

bool q_output_commit(q_output *o, q_diag *d) {
  char path[PATH_MAX + 64];
  int tmpfd = openat(o->dirfd, o->tmpname, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (tmpfd < 0) {
    q_error(d, (q_pos){o->dir, 0, 0}, "cannot finish writing: %s", strerror(errno));
    q_output_abort(o);
    return false;
  }
  /* Everything that can fail is tried before the first rename. */
  bool *had = q_zalloc(o->count ? o->count : 1, sizeof *had);
  bool ok = true;
  for (size_t i = 0; ok && i < o->count; i++) {
    snprintf(path, sizeof path, "%s/%s", o->tmp, o->names[i]);
    if (!q_output_sync(path)) {
      q_error(d, (q_pos){path, 0, 0}, "cannot finish writing: %s", strerror(errno));
      ok = false;
      break;
    }
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", o->dir, o->names[i]);
    if (fstatat(o->dirfd, o->names[i], &st, AT_SYMLINK_NOFOLLOW) == 0) {
      if (S_ISDIR(st.st_mode)) {
        q_error(d, (q_pos){path, 0, 0}, "cannot put the output in place: a folder has its "
                "name (nothing was replaced)");
        ok = false;
        break;
      }
      /* A second name for the previous file, to put it back if a later
       * rename fails; without one (a file system with no hard links) that
       * file cannot be restored, but every other check still holds. */
      char kept[256];
      kept_name(kept, sizeof kept, o->names[i]);
      had[i] = linkat(o->dirfd, o->names[i], tmpfd, kept, 0) == 0;
    } else if (errno != ENOENT) {
      q_error(d, (q_pos){path, 0, 0}, "cannot put the output in place: %s", strerror(errno));
      ok = false;
    }
  }
  /* No signal between the renames: the folder holds the old set or the
   * new one. */
  sigset_t block, old;
  sigfillset(&block);
  pthread_sigmask(SIG_BLOCK, &block, &old);
  for (size_t i = 0; ok && i < o->count; i++) {
    if (renameat(tmpfd, o->names[i], o->dirfd, o->names[i]) == 0)
      continue;
    int err = errno;
    /* Put back what was replaced, newest first. */
    for (size_t j = i; j-- > 0;) {
      char kept[256];
      kept_name(kept, sizeof kept, o->names[j]);
      if (had[j])
        renameat(tmpfd, kept, o->dirfd, o->names[j]);
      else
        unlinkat(o->dirfd, o->names[j], 0);
    }
    snprintf(path, sizeof path, "%s/%s", o->dir, o->names[i]);
    q_error(d, (q_pos){path, 0, 0}, "cannot put the output in place: %s%s", strerror(err),
            i ? " (the previous outputs were put back)" : "");
    ok = false;
  }
  if (ok)
    fsync(o->dirfd); /* the renames themselves, on the disk */
  close(tmpfd);
  free(had);
  clear_armed();
  disarm();
  release(o);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  return ok;
}

void q_output_abort(q_output *o) {
  if (o->tmp)
    clear_armed();
  disarm();
  release(o);
}
