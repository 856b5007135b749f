/* datadir: where quire's data is: the themes (styles/NAME.css), the font
 * manifest (fonts/manifest) and the starter bundle (init/).
 *
 * In this order, the first that applies:
 *   1. $QUIRE_DATADIR, when set and not empty;
 *   2. the checkout the binary sits in, wherever it was moved: a folder
 *      at most three above the executable (builder/quire, build/asan/quire)
 *      that holds builder/main.c, styles/default.css and fonts/manifest;
 *   3. the data folder of an installed binary: PREFIX/share/quire, where
 *      PREFIX is the one it was built for (make PREFIX=...).
 * A binary copied out of its checkout into a folder of its own therefore
 * finds only the installed data (or none: the build then says which theme
 * file it could not open). The executable is found through /proc/self/exe.
 *
 * The string returned is the process's: static storage, never freed. */
#ifndef QUIRE_BASE_DATADIR_H
#define QUIRE_BASE_DATADIR_H

const char *q_datadir(void);

/* The data folder an installed binary uses (step 3), for --version. */
const char *q_datadir_installed(void);

#endif
