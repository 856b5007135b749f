/* zipout: the OCF container, written with libzip.
 *
 * Byte-reproducible by construction: `mimetype` first, stored, with no extra
 * field; then META-INF/container.xml, OEBPS/package.opf and the book's files
 * in the book's fixed order; every entry gets the same timestamp (the job's
 * mtime) and the same permissions (0644). libzip turns time_t into a DOS
 * time with localtime() when it writes the directory (in zip_close), so TZ
 * is UTC from the first entry until the archive is closed, and restored
 * after. libzip reads the buffers at zip_close: every buffer added here must
 * stay alive until then, which the book guarantees. On any failure nothing
 * is left at path (libzip writes a temporary file and renames it only on
 * success). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

#include "book.h"
#include "../base/mem.h"

typedef struct packer {
  zip_t *z;
  time_t mtime;
  const char *path;
  q_diag *d;
} packer;

static bool add(packer *p, const char *name, const void *data, size_t len, bool store) {
  zip_source_t *src = zip_source_buffer(p->z, data, len, 0);
  if (!src) {
    q_error(p->d, (q_pos){p->path, 0, 0}, "cannot add %s to the EPUB: %s", name, zip_strerror(p->z));
    return false;
  }
  zip_int64_t idx = zip_file_add(p->z, name, src, ZIP_FL_ENC_UTF_8);
  if (idx < 0) {
    zip_source_free(src);
    q_error(p->d, (q_pos){p->path, 0, 0}, "cannot add %s to the EPUB: %s", name, zip_strerror(p->z));
    return false;
  }
  zip_uint64_t i = (zip_uint64_t)idx;
  if (zip_set_file_compression(p->z, i, store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, store ? 0 : 6) < 0 ||
      zip_file_set_mtime(p->z, i, p->mtime, 0) < 0 ||
      zip_file_set_external_attributes(p->z, i, 0, ZIP_OPSYS_UNIX, 0100644u << 16) < 0) {
    q_error(p->d, (q_pos){p->path, 0, 0}, "cannot set up %s in the EPUB: %s", name, zip_strerror(p->z));
    return false;
  }
  return true;
}

/* TZ=UTC for libzip's localtime(); the old value comes back after. When
 * TZ is already UTC (a caller that runs writers in threads should set it
 * once, before they start), the environment is left alone. */
typedef struct tzsave {
  char *old;
  bool had, changed;
} tzsave;

static tzsave tz_utc(void) {
  const char *v = getenv("TZ");
  if (v && strcmp(v, "UTC") == 0)
    return (tzsave){NULL, true, false};
  char *old = NULL;
  if (v) {
    size_t n = strlen(v) + 1;
    old = memcpy(q_realloc(NULL, n, 1), v, n);
  }
  tzsave s = {old, v != NULL, true};
  setenv("TZ", "UTC", 1);
  tzset();
  return s;
}

static void tz_restore(tzsave *s) {
  if (!s->changed)
    return;
  if (s->had && s->old)
    setenv("TZ", s->old, 1);
  else
    unsetenv("TZ");
  tzset();
  free(s->old);
}

/* Write the archive libzip made in memory to path, every error reported. */
static bool write_out(zip_source_t *mem, const char *path, q_diag *d) {
  if (zip_source_open(mem) < 0 || zip_source_seek(mem, 0, SEEK_END) < 0) {
    q_error(d, (q_pos){path, 0, 0}, "cannot write the EPUB: %s",
            zip_error_strerror(zip_source_error(mem)));
    return false;
  }
  zip_int64_t size = zip_source_tell(mem);
  zip_source_seek(mem, 0, SEEK_SET);
  FILE *f = fopen(path, "wb");
  if (!f) {
    q_error(d, (q_pos){path, 0, 0}, "cannot write the EPUB: %s", strerror(errno));
    zip_source_close(mem);
    return false;
  }
  char chunk[65536];
  zip_int64_t left = size, n = 0;
  bool ok = true;
  while (ok && left > 0 && (n = zip_source_read(mem, chunk, sizeof chunk)) > 0) {
    ok = fwrite(chunk, 1, (size_t)n, f) == (size_t)n;
    left -= n;
  }
  int err = ok ? 0 : errno;
  if (fclose(f) != 0 && ok) {
    ok = false;
    err = errno;
  }
  zip_source_close(mem);
  if (!ok || left != 0) {
    q_error(d, (q_pos){path, 0, 0}, "cannot write the EPUB: %s",
            err ? strerror(err) : "short read from the archive in memory");
    return false;
  }
  return true;
}

bool epub_zip_write(const epub_book *b, const char *path, q_diag *d) {
  static const char mimetype[] = "application/epub+zip";
  bool ok = false;
  q_buf container, opf;
  q_buf_init(&container);
  q_buf_init(&opf);
  epub_package_container(&container);
  epub_package_opf(b, &opf);
  q_buf name;
  q_buf_init(&name);
  tzsave tz = tz_utc();

  /* The archive is made in memory and written out in one go: libzip's own
   * temporary file (named from the system's secure random source) would
   * cost more than the writing, and the build already keeps outputs in a
   * private folder until they are complete. */
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *mem = zip_source_buffer_create(NULL, 0, 0, &ze);
  packer p = {NULL, (time_t)b->mtime, path, d};
  if (mem) {
    zip_source_keep(mem);
    p.z = zip_open_from_source(mem, ZIP_TRUNCATE, &ze);
  }
  if (!p.z) {
    q_error(d, (q_pos){path, 0, 0}, "cannot create the EPUB: %s", zip_error_strerror(&ze));
    zip_error_fini(&ze);
    zip_source_free(mem);
    goto done;
  }
  zip_error_fini(&ze);
  if (!add(&p, "mimetype", mimetype, sizeof mimetype - 1, true) ||
      !add(&p, "META-INF/container.xml", container.data, container.len, false) ||
      !add(&p, "OEBPS/package.opf", opf.data, opf.len, false))
    goto fail;
  for (size_t i = 0; i < b->nfiles; i++) {
    const epub_file *f = &b->files[i];
    q_buf_clear(&name);
    q_buf_printf(&name, "OEBPS/%s", f->href);
    const void *data = f->ext ? f->ext : f->data.data;
    size_t len = f->ext ? f->ext_len : f->data.len;
    if (!add(&p, name.data, data ? data : "", len, f->store))
      goto fail;
  }
  if (zip_close(p.z) < 0) {
    q_error(d, (q_pos){path, 0, 0}, "cannot write the EPUB: %s", zip_strerror(p.z));
    goto fail;
  }
  ok = write_out(mem, path, d);
  zip_source_free(mem);
  if (!ok)
    unlink(path);
  goto done;

fail:
  zip_discard(p.z);
  zip_source_free(mem);
  unlink(path); /* nothing half-written stays behind */
done:
  tz_restore(&tz);
  q_buf_drop(&name);
  q_buf_drop(&container);
  q_buf_drop(&opf);
  return ok;
}
