/* libversion (render): see libversion.h. */
#include "libversion.h"

#include <cairo.h>
#include <zlib.h>

const char *q_cairo_version(void) { return cairo_version_string(); }
const char *q_zlib_version(void) { return zlibVersion(); }
