/* Fuzz targets: the reader on any bytes, as one part of a fixed bundle
 * (FUZZ_BUNDLE undefined) or as the bundle file itself, beside one good part
 * (FUZZ_BUNDLE defined). The reader reads files, so each input is written
 * to a private folder made once; a model that comes back must pass
 * q_doc_check. */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <unistd.h>

#include "base/diag.h"
#include "model/doc.h"
#include "read/bundle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64], input[96];

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
  static const char bundle[] =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<book xmlns=\"http://docbook.org/ns/docbook\" xmlns:xi=\"http://www.w3.org/2001/XInclude\"\n"
      "      version=\"5.0\" xml:lang=\"en\">\n"
      "  <info><title>Fuzz</title><biblioid class=\"uri\">urn:x-quire:fuzz</biblioid>\n"
      "    <pubdate>2026-01-01</pubdate></info>\n"
      "  <xi:include href=\"part.xml\"/>\n"
      "</book>\n";
  static const char part[] =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<article xmlns=\"http://docbook.org/ns/docbook\" version=\"5.0\">\n"
      "  <info><title>A part</title></info>\n  <para>Text.</para>\n</article>\n";
  char path[128];
  snprintf(path, sizeof path, "%s/bundle.xml", dir);
#ifdef FUZZ_BUNDLE
  (void)bundle;
  snprintf(path, sizeof path, "%s/part.xml", dir);
  write_file(path, part, sizeof part - 1);
  snprintf(input, sizeof input, "%s/bundle.xml", dir);
#else
  (void)part;
  write_file(path, bundle, sizeof bundle - 1);
  snprintf(input, sizeof input, "%s/part.xml", dir);
#endif
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  prepare();
  write_file(input, data, size);
  q_diag d;
  q_diag_init(&d, NULL);
  char bundle[128];
  snprintf(bundle, sizeof bundle, "%s/bundle.xml", dir);
  q_doc *doc = q_read_bundle(bundle, &d);
  if (doc) {
    q_diag check;
    q_diag_init(&check, stderr);
    if (q_doc_check(doc, &check) != 0)
      abort();
    q_doc_drop(doc);
  }
  return 0;
}
