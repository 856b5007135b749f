/* datadir: see datadir.h. */
#include "datadir.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef QUIRE_PKGDATADIR
#define QUIRE_PKGDATADIR "/usr/local/share/quire"
#endif

const char *q_datadir_installed(void) { return QUIRE_PKGDATADIR; }

static bool is_file(const char *dir, const char *name) {
  char path[PATH_MAX];
  struct stat st;
  return snprintf(path, sizeof path, "%s/%s", dir, name) < (int)sizeof path &&
         stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* A checkout: the folder holds the sources (builder/main.c) and the data. */
static bool is_checkout(const char *dir) {
  return is_file(dir, "builder/main.c") && is_file(dir, "styles/default.css") &&
         is_file(dir, "fonts/manifest");
}

/* The checkout the executable sits in (as builder/quire, or deeper, as
 * build/asan/quire), at most CHECKOUT_DEPTH folders up, into out; false
 * when it sits in none. */
enum { CHECKOUT_DEPTH = 3 };
static bool checkout_of_exe(char out[PATH_MAX]) {
  char dir[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", dir, sizeof dir - 1);
  if (n <= 0)
    return false;
  dir[n] = '\0';
  for (int up = 0; up < CHECKOUT_DEPTH; up++) {
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
      return false;
    *slash = '\0'; /* one folder up */
    if (is_checkout(dir)) {
      snprintf(out, PATH_MAX, "%s", dir);
      return true;
    }
  }
  return false;
}

const char *q_datadir(void) {
  static char found[PATH_MAX];
  static const char *dir;
  if (dir)
    return dir;
  const char *env = getenv("QUIRE_DATADIR");
  if (env && *env)
    dir = env;
  else if (checkout_of_exe(found))
    dir = found;
  else
    dir = QUIRE_PKGDATADIR;
  return dir;
}
