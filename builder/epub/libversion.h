/* libversion (epub): the version of libzip this process runs with, for
 * quire --version. The string is the library's. */
#ifndef QUIRE_EPUB_LIBVERSION_H
#define QUIRE_EPUB_LIBVERSION_H

const char *q_libzip_version(void);

#endif
