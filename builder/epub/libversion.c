/* libversion (epub): see libversion.h. */
#include "libversion.h"

#include <zip.h>

const char *q_libzip_version(void) { return zip_libzip_version(); }
