#include "fonts.h"
#include "../base/mem.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The manifest is line-based: '#' starts a comment, fields are separated by
 * blanks.
 *   root DIR                    folder the following relative paths are in
 *   package NAME                Debian package of the following files
 *   ROLE FACE FILE [INDEX]      ROLE: body|heading|mono, FACE: regular|italic|bold|bolditalic
 *   fallback SCRIPT FILE [INDEX]
 */

typedef struct field {
  const char *s;
  size_t n;
  unsigned col;
} field;

static bool eq(const field *f, const char *s) { return strlen(s) == f->n && memcmp(f->s, s, f->n) == 0; }

static int role_of(const field *f) {
  static const char *const names[] = {"body", "heading", "mono"};
  for (int i = 0; i < 3; i++)
    if (eq(f, names[i]))
      return i;
  return -1;
}

static int face_of(const field *f) {
  static const char *const names[] = {"regular", "italic", "bold", "bolditalic"};
  for (int i = 0; i < Q_FACE_COUNT; i++)
    if (eq(f, names[i]))
      return i;
  return -1;
}

static unsigned columns(const char *line, size_t off) {
  unsigned c = 1;
  for (size_t i = 0; i < off; i++)
    if (((unsigned char)line[i] & 0xC0) != 0x80)
      c++;
  return c;
}

static bool set_file(q_arena *a, q_fontfile *ff, const char *root, const char *package,
                     const field *path, const field *index, q_pos at, q_diag *d) {
  if (path->s[0] == '/' || !root)
    ff->path = q_arena_strndup(a, path->s, path->n);
  else
    ff->path = q_arena_printf(a, "%s/%.*s", root, (int)path->n, path->s);
  ff->package = package;
  ff->pos = at;
  ff->index = 0;
  if (index) {
    char *end;
    char tmp[16];
    size_t n = index->n < sizeof tmp - 1 ? index->n : sizeof tmp - 1;
    memcpy(tmp, index->s, n);
    tmp[n] = '\0';
    long v = strtol(tmp, &end, 10);
    if (*end || v < 0 || v > 255) {
      q_error(d, (q_pos){at.file, at.line, index->col}, "bad face index '%s' (0 to 255)", tmp);
      return false;
    }
    ff->index = (unsigned)v;
  }
  return true;
}

q_fontset *q_fontset_parse(q_arena *a, const char *path, const char *text, size_t len, q_diag *d) {
  q_fontset *fs = q_arena_alloc(a, sizeof *fs);
  fs->path = q_arena_strdup(a, path);
  unsigned errors = d->errors;
  const char *root = NULL, *package = NULL;
  size_t cap = 0;
  unsigned lineno = 0;
  for (size_t i = 0; i < len;) {
    size_t j = i;
    while (j < len && text[j] != '\n')
      j++;
    const char *line = text + i;
    size_t ll = j - i;
    i = j + 1;
    lineno++;
    field f[6];
    size_t nf = 0;
    for (size_t k = 0; k < ll && line[k] != '#';) {
      if (line[k] == ' ' || line[k] == '\t' || line[k] == '\r') {
        k++;
        continue;
      }
      size_t e = k;
      while (e < ll && line[e] != ' ' && line[e] != '\t' && line[e] != '\r' && line[e] != '#')
        e++;
      if (nf < 6)
        f[nf] = (field){line + k, e - k, columns(line, k)};
      nf++;
      k = e;
    }
    if (nf == 0)
      continue;
    q_pos at = {fs->path, lineno, f[0].col};
    if (nf > 5) {
      q_error(d, at, "too many fields");
      continue;
    }
    if (eq(&f[0], "root") || eq(&f[0], "package")) {
      if (nf != 2) {
        q_error(d, at, "'%.*s' takes one value", (int)f[0].n, f[0].s);
        continue;
      }
      char *v = q_arena_strndup(a, f[1].s, f[1].n);
      if (eq(&f[0], "root"))
        root = v;
      else
        package = v;
    } else if (eq(&f[0], "fallback")) {
      if (nf < 3 || nf > 4 || f[1].n != 4) {
        q_error(d, at, "expected: fallback SCRIPT FILE [INDEX], SCRIPT an ISO 15924 code such as Deva");
        continue;
      }
      if (fs->nfallbacks == cap) {
        cap = cap ? cap * 2 : 16;
        q_fallback *nfb = q_arena_alloc(a, cap * sizeof *nfb);
        if (fs->nfallbacks)
          memcpy(nfb, fs->fallbacks, fs->nfallbacks * sizeof *nfb);
        fs->fallbacks = nfb;
      }
      q_fallback *fb = &fs->fallbacks[fs->nfallbacks];
      memcpy(fb->script, f[1].s, 4);
      fb->script[4] = '\0';
      if (set_file(a, &fb->file, root, package, &f[2], nf == 4 ? &f[3] : NULL,
                   (q_pos){fs->path, lineno, f[2].col}, d))
        fs->nfallbacks++;
    } else {
      int role = role_of(&f[0]);
      if (role < 0) {
        q_error(d, at, "unknown manifest entry '%.*s' (expected root, package, body, heading, mono or fallback)",
                (int)f[0].n, f[0].s);
        continue;
      }
      int face = nf >= 2 ? face_of(&f[1]) : -1;
      if (nf < 3 || nf > 4 || face < 0) {
        q_error(d, at, "expected: %.*s regular|italic|bold|bolditalic FILE [INDEX]", (int)f[0].n, f[0].s);
        continue;
      }
      set_file(a, &fs->roles[role][face], root, package, &f[2], nf == 4 ? &f[3] : NULL,
               (q_pos){fs->path, lineno, f[2].col}, d);
    }
  }
  static const char *const roles[] = {"body", "heading", "mono"};
  for (int r = 0; r < 3; r++)
    if (!fs->roles[r][Q_FACE_REGULAR].path)
      q_error(d, (q_pos){fs->path, 0, 0}, "no '%s regular' font: every role needs one", roles[r]);
  return d->errors > errors ? NULL : fs;
}

static uint32_t be32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static bool read_at(int fd, void *buf, size_t n, uint64_t off) {
  return off + n <= (uint64_t)INT64_MAX && pread(fd, buf, n, (off_t)off) == (ssize_t)n;
}

/* Whether a file that starts as an OpenType font or collection lists a
 * table that runs past its end, as a cut-short download or copy does. Such a
 * file still opens, and would fail only later, differently in each writer.
 * Anything else is left to the font service to judge. */
static bool cut_short(int fd, uint64_t size, unsigned index) {
  unsigned char h[12];
  if (!read_at(fd, h, 12, 0))
    return false;
  uint32_t tag = be32(h);
  uint64_t dir = 0;
  if (tag == 0x74746366u) { /* 'ttcf' */
    unsigned char o[4];
    if (index >= be32(h + 8))
      return false; /* no such face: the font service says so */
    if (!read_at(fd, o, 4, 12 + 4 * (uint64_t)index))
      return true;
    dir = be32(o);
    if (!read_at(fd, h, 12, dir))
      return true;
    tag = be32(h);
  }
  if (tag != 0x00010000u && tag != 0x4F54544Fu && tag != 0x74727565u) /* 1.0, OTTO, true */
    return false;
  size_t n = (size_t)h[4] << 8 | h[5];
  unsigned char *rec = q_zalloc(n ? n : 1, 16);
  bool cut = !read_at(fd, rec, 16 * n, dir + 12);
  for (size_t i = 0; !cut && i < n; i++)
    cut = (uint64_t)be32(rec + 16 * i + 8) + be32(rec + 16 * i + 12) > size;
  free(rec);
  return cut;
}

static void check_installed(const q_fontfile *ff, q_diag *d) {
  struct stat st;
  if (!ff->path)
    return;
  if (stat(ff->path, &st) == 0 && S_ISREG(st.st_mode)) {
    int fd = open(ff->path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0 && cut_short(fd, (uint64_t)st.st_size, ff->index))
      q_error(d, ff->pos, "font '%s' (face %u): the file is damaged or cut short: its tables run past its end",
              ff->path, ff->index);
    if (fd >= 0)
      close(fd);
    return;
  }
  if (ff->package)
    q_error(d, ff->pos, "font '%s' is not installed (Debian package %s: apt-get install %s)", ff->path,
            ff->package, ff->package);
  else
    q_error(d, ff->pos, "font '%s' is not installed", ff->path);
}

q_fontset *q_fontset_load(q_arena *a, const char *path, q_diag *d) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    q_error(d, (q_pos){path, 0, 0}, "cannot read the font manifest: %s", strerror(errno));
    return NULL;
  }
  char *text = NULL;
  size_t len = 0, cap = 0, n;
  char chunk[4096];
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    if (len + n > cap) {
      cap = (len + n) * 2;
      text = q_realloc(text, cap, 1);
    }
    memcpy(text + len, chunk, n);
    len += n;
  }
  bool failed = ferror(f);
  int err = errno;
  fclose(f);
  if (failed) {
    q_error(d, (q_pos){path, 0, 0}, "cannot read the font manifest: %s", strerror(err ? err : EIO));
    free(text);
    return NULL;
  }
  q_fontset *fs = q_fontset_parse(a, path, text ? text : "", len, d);
  free(text);
  if (!fs)
    return NULL;
  unsigned errors = d->errors;
  for (int r = 0; r < 3; r++)
    for (int k = 0; k < Q_FACE_COUNT; k++)
      check_installed(&fs->roles[r][k], d);
  for (size_t i = 0; i < fs->nfallbacks; i++)
    check_installed(&fs->fallbacks[i].file, d);
  return d->errors > errors ? NULL : fs;
}

const q_fontfile *q_fontset_face(const q_fontset *fs, q_font_role role, bool bold, bool italic) {
  const q_fontfile *faces = fs->roles[role];
  q_face want = bold ? (italic ? Q_FACE_BOLD_ITALIC : Q_FACE_BOLD) : (italic ? Q_FACE_ITALIC : Q_FACE_REGULAR);
  if (faces[want].path)
    return &faces[want];
  if (want == Q_FACE_BOLD_ITALIC && faces[Q_FACE_BOLD].path)
    return &faces[Q_FACE_BOLD];
  return &faces[Q_FACE_REGULAR];
}
