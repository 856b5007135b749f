#include "file.h"

#include <errno.h>
#include <stdlib.h>

#include "mem.h"

char *q_file_read(FILE *f, size_t *len) {
  size_t cap = 4096, n = 0;
  char *buf = q_realloc(NULL, cap, 1);
  for (;;) {
    n += fread(buf + n, 1, cap - 1 - n, f);
    if (n < cap - 1)
      break;
    buf = q_realloc(buf, cap *= 2, 1);
  }
  if (ferror(f)) {
    int err = errno;
    free(buf);
    errno = err ? err : EIO;
    return NULL;
  }
  buf[n] = '\0';
  *len = n;
  return buf;
}

char *q_file_read_path(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  char *buf = q_file_read(f, len);
  int err = errno;
  fclose(f);
  errno = err;
  return buf;
}
