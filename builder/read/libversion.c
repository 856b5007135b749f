/* libversion (read): see libversion.h. */
#include "libversion.h"

#include <stdio.h>
#include <stdlib.h>

#include <libxml/parser.h>

const char *q_libxml2_version(void) {
  /* xmlParserVersion is the running library's, as "21004" for 2.10.4. */
  static char v[32];
  long n = strtol(xmlParserVersion, NULL, 10);
  snprintf(v, sizeof v, "%ld.%ld.%ld", n / 10000, n / 100 % 100, n % 100);
  return v;
}
