/* version: see version.h. */
#include "version.h"

#include "base/datadir.h"
#include "epub/libversion.h"
#include "read/libversion.h"
#include "render/libversion.h"
#include "text/libversion.h"

#ifndef QUIRE_VERSION
#define QUIRE_VERSION "0.1.0"
#endif

void q_version_print(FILE *out) {
  fprintf(out, "quire %s\n", QUIRE_VERSION);
  fprintf(out, "data: %s\n", q_datadir());
  fprintf(out, "libxml2 %s, libzip %s, cairo %s, HarfBuzz %s, FreeType %s, ICU %s, zlib %s\n",
          q_libxml2_version(), q_libzip_version(), q_cairo_version(), q_harfbuzz_version(),
          q_freetype_version(), q_icu_version(), q_zlib_version());
}
