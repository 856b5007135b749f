/* libversion (read): the version of libxml2 this process runs with, for
 * quire --version. The string is static. */
#ifndef QUIRE_READ_LIBVERSION_H
#define QUIRE_READ_LIBVERSION_H

const char *q_libxml2_version(void);

#endif
