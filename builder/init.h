/* init: quire init DIR, a starter bundle. Copies the data folder's init/
 * (a bundle, an opening, one note, a closing, styles/ with a theme that
 * imports the default, a README) into DIR, which must be new or empty: an
 * existing file is never overwritten. Messages go to err. */
#ifndef QUIRE_INIT_H
#define QUIRE_INIT_H

#include <stdio.h>

/* Returns the process exit code: 0 written, 1 refused or failed (what was
 * written before a failure is left for the user to see). */
int q_init_run(const char *dir, const char *datadir, FILE *err);

#endif
