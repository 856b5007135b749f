/* fonts: the font manifest (fonts/manifest), which file plays which part.
 *
 * quire never asks fontconfig: the manifest names each file, so the same
 * inputs give the same bytes on every machine with the same packages. It
 * gives, per role (body, heading, mono), the regular, italic, bold and bold
 * italic files, and a fallback chain keyed by script (ISO 15924) for text the
 * role's fonts lack. Writers try the role's face first, then the fallbacks in
 * manifest order, taking the first file that has the character.
 *
 * Ownership: everything lives in the arena given to q_fontset_load. */
#ifndef QUIRE_MODEL_FONTS_H
#define QUIRE_MODEL_FONTS_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/arena.h"
#include "../base/diag.h"
#include "style.h"

typedef enum q_face { Q_FACE_REGULAR, Q_FACE_ITALIC, Q_FACE_BOLD, Q_FACE_BOLD_ITALIC, Q_FACE_COUNT } q_face;

typedef struct q_fontfile {
  const char *path;    /* absolute file name; NULL: not given */
  unsigned index;      /* face index in a collection (.ttc) */
  const char *package; /* Debian package that installs it, or NULL */
  q_pos pos;           /* the manifest line that names it */
} q_fontfile;

typedef struct q_fallback {
  char script[5];      /* ISO 15924, e.g. "Deva" */
  q_fontfile file;
} q_fallback;

typedef struct q_fontset {
  const char *path;
  q_fontfile roles[3][Q_FACE_COUNT]; /* [q_font_role][q_face] */
  q_fallback *fallbacks;             /* manifest order */
  size_t nfallbacks;
} q_fontset;

/* Read and check the manifest: syntax, every role's regular face given, and
 * every named file installed. NULL if any error was reported. */
q_fontset *q_fontset_load(q_arena *a, const char *path, q_diag *d);
q_fontset *q_fontset_parse(q_arena *a, const char *path, const char *text, size_t len, q_diag *d);

/* The file for a role and face, falling back to the nearest face given
 * (bold italic -> bold -> regular). Never NULL for a loaded set. */
const q_fontfile *q_fontset_face(const q_fontset *fs, q_font_role role, bool bold, bool italic);

#endif
