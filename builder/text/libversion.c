/* libversion (text): see libversion.h. */
#include "libversion.h"

#include <stdio.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb.h>
#include <unicode/uversion.h>

const char *q_harfbuzz_version(void) { return hb_version_string(); }

const char *q_freetype_version(void) {
  /* FreeType tells its version only through a library instance. */
  static char v[32];
  FT_Library lib;
  if (FT_Init_FreeType(&lib) != 0)
    return "unknown";
  FT_Int major = 0, minor = 0, patch = 0;
  FT_Library_Version(lib, &major, &minor, &patch);
  FT_Done_FreeType(lib);
  snprintf(v, sizeof v, "%d.%d.%d", major, minor, patch);
  return v;
}

const char *q_icu_version(void) {
  static char v[U_MAX_VERSION_STRING_LENGTH];
  UVersionInfo info;
  u_getVersion(info);
  u_versionToString(info, v);
  return v;
}
