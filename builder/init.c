/* init: see init.h. */
#include "init.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>

/* A folder that does not exist, or exists with nothing in it. */
static bool is_new_or_empty(const char *dir, FILE *err) {
  DIR *d = opendir(dir);
  if (!d) {
    if (errno == ENOENT)
      return true;
    fprintf(err, "quire: error: %s: %s\n", dir, strerror(errno));
    return false;
  }
  const struct dirent *e;
  bool empty = true;
  while (empty && (e = readdir(d)))
    empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
  closedir(d);
  if (!empty)
    fprintf(err, "quire: error: %s is not empty: init writes only into a new or empty folder\n",
            dir);
  return empty;
}

static bool copy_file(const char *from, const char *to, FILE *err) {
  FILE *in = fopen(from, "rb");
  if (!in) {
    fprintf(err, "quire: error: %s: %s\n", from, strerror(errno));
    return false;
  }
  FILE *out = fopen(to, "wbx"); /* never over a file that appeared meanwhile */
  if (!out) {
    fprintf(err, "quire: error: %s: %s\n", to, strerror(errno));
    fclose(in);
    return false;
  }
  char buf[8192];
  size_t n;
  bool ok = true;
  while ((n = fread(buf, 1, sizeof buf, in)) > 0)
    ok = ok && fwrite(buf, 1, n, out) == n;
  ok = ok && !ferror(in);
  fclose(in);
  if (fclose(out) != 0)
    ok = false;
  if (!ok)
    fprintf(err, "quire: error: cannot write %s\n", to);
  return ok;
}

/* Copies the tree under from into to (made here), depth at most 4. */
static bool copy_tree(const char *from, const char *to, int depth, FILE *err) {
  if (mkdir(to, 0777) != 0 && errno != EEXIST) {
    fprintf(err, "quire: error: cannot make %s: %s\n", to, strerror(errno));
    return false;
  }
  DIR *d = opendir(from);
  if (!d) {
    fprintf(err, "quire: error: %s: %s (is the data folder complete?)\n", from, strerror(errno));
    return false;
  }
  bool ok = true;
  const struct dirent *e;
  while (ok && (e = readdir(d))) {
    if (e->d_name[0] == '.')
      continue;
    char src[PATH_MAX], dst[PATH_MAX];
    if (snprintf(src, sizeof src, "%s/%s", from, e->d_name) >= (int)sizeof src ||
        snprintf(dst, sizeof dst, "%s/%s", to, e->d_name) >= (int)sizeof dst) {
      fprintf(err, "quire: error: %s/%s: name too long\n", to, e->d_name);
      ok = false;
      break;
    }
    struct stat st;
    if (stat(src, &st) != 0)
      continue;
    if (S_ISDIR(st.st_mode) && depth < 4)
      ok = copy_tree(src, dst, depth + 1, err);
    else if (S_ISREG(st.st_mode))
      ok = copy_file(src, dst, err);
  }
  closedir(d);
  return ok;
}

/* Makes the folders above path that are missing (as mkdir -p). */
static void make_parents(const char *path) {
  char tmp[PATH_MAX];
  if (snprintf(tmp, sizeof tmp, "%s", path) >= (int)sizeof tmp)
    return;
  for (char *p = tmp + 1; *p; p++)
    if (*p == '/') {
      *p = '\0';
      mkdir(tmp, 0777);
      *p = '/';
    }
}

int q_init_run(const char *dir, const char *datadir, FILE *err) {
  if (!is_new_or_empty(dir, err))
    return 1;
  make_parents(dir);
  char from[PATH_MAX];
  if (snprintf(from, sizeof from, "%s/init", datadir) >= (int)sizeof from) {
    fprintf(err, "quire: error: data folder name too long\n");
    return 1;
  }
  struct stat st;
  if (stat(from, &st) != 0 || !S_ISDIR(st.st_mode)) {
    fprintf(err, "quire: error: no starter bundle in %s (set QUIRE_DATADIR to quire's data "
            "folder)\n", from);
    return 1;
  }
  if (!copy_tree(from, dir, 0, err))
    return 1;
  fprintf(err, "quire: wrote a starter bundle in %s; build it with: quire build %s/bundle.xml\n",
          dir, dir);
  return 0;
}
