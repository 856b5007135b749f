/* libversion (text): the versions of HarfBuzz, FreeType and ICU this process
 * runs with, for quire --version. The strings are static or the libraries'. */
#ifndef QUIRE_TEXT_LIBVERSION_H
#define QUIRE_TEXT_LIBVERSION_H

const char *q_harfbuzz_version(void);
const char *q_freetype_version(void);
const char *q_icu_version(void);

#endif
