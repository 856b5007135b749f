/* build: the pipeline. Read the bundle into the model, load the theme and the
 * font manifest, run each writer into a private folder, and commit the
 * outputs only when all of them succeeded. Owns every lifetime of a run. */
#ifndef QUIRE_BUILD_H
#define QUIRE_BUILD_H

#include <stdbool.h>

#include "base/diag.h"

enum { Q_FORMAT_EPUB = 1u << 0, Q_FORMAT_PDF = 1u << 1 };

/* Print editions beside the PDF, imposed on sheets (typeset/impose.h). */
enum { Q_PRINT_BOOKLET = 1u << 0, Q_PRINT_2UP = 1u << 1 };

typedef struct q_build_opts {
  const char *bundle;   /* sources/bundle.xml */
  const char *outdir;   /* default "out" */
  unsigned formats;     /* Q_FORMAT_* */
  bool check_only;      /* quire check: read and validate, write nothing */
  const char *style;    /* a theme file, overriding the bundle's q:theme */
  const char *fonts;    /* a font manifest, overriding the default */
  const char *datadir;  /* where styles/ and fonts/ are */
  bool quiet;           /* no progress line, even on a terminal */
  const char *trace;    /* write the print edition's layout trace here, or NULL */
  unsigned impose;      /* Q_PRINT_*: also NAME-booklet.pdf, NAME-2up.pdf */
  double creep_pt;      /* booklet: per sheet, towards the fold */
  bool fold_marks;      /* booklet, 2-up: marks at the fold */
  bool offprints;       /* also one PDF per part, NAME-PART.pdf */
  double bleed_pt;      /* print-shop output: bleed round each page (not imposed) */
  bool crop_marks;      /* and crop marks outside the bleed */
  const char *papers;   /* "a4,letter,a5": one print edition per size, NAME-a4.pdf, ...,
                           laid out for it; the first is the one the EPUB's page
                           list, the trace and the other print editions follow.
                           NULL: NAME.pdf at the theme's size */
  const char *name;     /* the outputs' base name, or NULL: the bundle's (doc->slug) */
  bool free_all;        /* free everything before returning (quire watch builds
                         * many times in one process) */
} q_build_opts;

/* Returns the process exit code: 0 success, 1 input errors. */
int q_build_run(const q_build_opts *o, q_diag *d);

#endif
