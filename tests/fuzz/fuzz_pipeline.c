/* Fuzz target: the whole pipeline, a theme and a part through the reader,
 * the style model, the typesetter and both writers (q_build_run, as `quire
 * build` runs it, the fonts from the project's manifest).
 *
 * An input is a theme and a part, split at the first NUL byte: the bytes
 * before it are the theme (`--style`; it may @import "default"), the bytes
 * after it the one part of a fixed bundle. An input without a NUL is a part,
 * set with the default theme. Each input is written to a private folder made
 * once, and the build writes into a folder there; nothing else is checked
 * than what the sanitizers see: every input must end as a build or as
 * messages, never as a crash, a hang, a leak or undefined behaviour. */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <unistd.h>

#include "base/diag.h"
#include "build.h"

#ifndef FUZZ_ROOT
#error "FUZZ_ROOT: the project's folder (its styles/ and fonts/)"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64], bundle[96], part[96], theme[96], outdir[96];

static void write_file(const char *path, const void *data, size_t size) {
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
    abort();
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st, (void)flag, (void)ftw;
  remove(path);
  return 0;
}

/* The private folder goes when the fuzzer exits. */
static void clean_up(void) {
  if (dir[0])
    nftw(dir, remove_one, 8, FTW_DEPTH | FTW_PHYS);
}

static void prepare(void) {
  if (dir[0])
    return;
  snprintf(dir, sizeof dir, "/tmp/quire-fuzz-XXXXXX");
  if (!mkdtemp(dir))
    abort();
  atexit(clean_up);
  static const char book[] =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<book xmlns=\"http://docbook.org/ns/docbook\" xmlns:xi=\"http://www.w3.org/2001/XInclude\"\n"
      "      version=\"5.0\" xml:lang=\"en\">\n"
      "  <info><title>Fuzz</title><biblioid class=\"uri\">urn:x-quire:fuzz</biblioid>\n"
      "    <pubdate>2026-01-01</pubdate></info>\n"
      "  <xi:include href=\"part.xml\"/>\n"
      "</book>\n";
  snprintf(bundle, sizeof bundle, "%s/bundle.xml", dir);
  snprintf(part, sizeof part, "%s/part.xml", dir);
  snprintf(theme, sizeof theme, "%s/theme.css", dir);
  snprintf(outdir, sizeof outdir, "%s/out", dir);
  write_file(bundle, book, sizeof book - 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  prepare();
  const uint8_t *nul = memchr(data, 0, size);
  if (nul) {
    write_file(theme, data, (size_t)(nul - data));
    write_file(part, nul + 1, size - (size_t)(nul - data) - 1);
  } else {
    write_file(part, data, size);
  }
  q_build_opts o = {
      .bundle = bundle,
      .outdir = outdir,
      .formats = Q_FORMAT_EPUB | Q_FORMAT_PDF,
      .style = nul ? theme : NULL,
      .datadir = FUZZ_ROOT,
      .quiet = true,
      .free_all = true,
  };
  q_diag d;
  q_diag_init(&d, NULL);
  int rc = q_build_run(&o, &d);
  if (rc != 0 && rc != 1)
    abort(); /* 0 built, 1 refused: anything else is the pipeline's fault */
  return 0;
}
