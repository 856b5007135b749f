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

/* The checkout above a binary at CHECKOUT/builder/quire, into out; false
 * when the executable is not in that layout. */
static bool checkout_of_exe(char out[PATH_MAX]) {
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0)
    return false;
  exe[n] = '\0';
  char *slash = strrchr(exe, '/');
  if (!slash)
    return false;
  *slash = '\0'; /* exe is now the executable's folder */
  const char *leaf = strrchr(exe, '/');
  if (!leaf || strcmp(leaf + 1, "builder") != 0)
    return false;
  exe[leaf - exe] = '\0';
  const char *root = *exe ? exe : "/";
  if (!is_file(root, "styles/default.css") || !is_file(root, "fonts/manifest"))
    return false;
  snprintf(out, PATH_MAX, "%s", root);
  return true;
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
