/* version: what quire --version prints: quire's version, where its data is,
 * and the version of each library it runs with (each asked from the folder
 * that adapts it). */
#ifndef QUIRE_VERSION_H
#define QUIRE_VERSION_H

#include <stdio.h>

void q_version_print(FILE *out);

#endif
