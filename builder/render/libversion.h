/* libversion (render): the versions of cairo and zlib this process runs
 * with, for quire --version. The strings are the libraries'. */
#ifndef QUIRE_RENDER_LIBVERSION_H
#define QUIRE_RENDER_LIBVERSION_H

const char *q_cairo_version(void);
const char *q_zlib_version(void);

#endif
