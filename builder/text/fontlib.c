#include "fontlib.h"

#include <stdlib.h>
#include <string.h>

#include "../base/mem.h"
#include "shaper.h"

/* The font table: one entry per distinct (path, face index) of the manifest,
 * numbered in manifest order. An entry moves from unopened to open (hb
 * non-NULL) or failed, once; the FT_Face is a separate, later step. The
 * role faces and fallbacks are translated to numbers once, at creation. */

typedef struct slot {
  const q_fontfile *file; /* borrowed from the font set */
  hb_blob_t *blob;
  hb_face_t *face;
  hb_font_t *hb;          /* NULL until opened */
  unsigned upem;
  bool failed;            /* could not be opened; reported */
  bool ft_failed;
  FT_Face ft;             /* NULL until asked for */
} slot;

struct q_fontlib {
  const q_fontset *fs;
  q_diag *d;
  slot *fonts;
  size_t nfonts;
  uint16_t roles[3][Q_FACE_COUNT];
  uint16_t *fb_fonts;
  hb_script_t *fb_scripts;
  size_t nfb;
  FT_Library ft;
  bool ft_failed;
  q_shapecache *cache;
};

/* The number of file, adding it to the table if it is new. */
static uint16_t number(q_fontlib *fl, const q_fontfile *file) {
  for (size_t i = 0; i < fl->nfonts; i++)
    if (fl->fonts[i].file->index == file->index && strcmp(fl->fonts[i].file->path, file->path) == 0)
      return (uint16_t)i;
  fl->fonts[fl->nfonts].file = file;
  return (uint16_t)fl->nfonts++;
}

q_fontlib *q_fontlib_new(const q_fontset *fs, q_diag *d) {
  q_fontlib *fl = q_zalloc(1, sizeof *fl);
  fl->fs = fs;
  fl->d = d;
  fl->fonts = q_zalloc(3 * Q_FACE_COUNT + fs->nfallbacks, sizeof *fl->fonts);
  for (int r = 0; r < 3; r++)
    for (int f = 0; f < Q_FACE_COUNT; f++) {
      const q_fontfile *file = q_fontset_face(fs, (q_font_role)r, f >= Q_FACE_BOLD,
                                              f == Q_FACE_ITALIC || f == Q_FACE_BOLD_ITALIC);
      fl->roles[r][f] = file && file->path ? number(fl, file) : UINT16_MAX;
    }
  fl->nfb = fs->nfallbacks;
  fl->fb_fonts = q_zalloc(fl->nfb, sizeof *fl->fb_fonts);
  fl->fb_scripts = q_zalloc(fl->nfb, sizeof *fl->fb_scripts);
  for (size_t i = 0; i < fl->nfb; i++) {
    fl->fb_fonts[i] = number(fl, &fs->fallbacks[i].file);
    fl->fb_scripts[i] = hb_script_from_string(fs->fallbacks[i].script, -1);
  }
  fl->cache = q_shapecache_new();
  return fl;
}

void q_fontlib_drop(q_fontlib *fl) {
  if (!fl)
    return;
  q_shapecache_drop(fl->cache);
  for (size_t i = 0; i < fl->nfonts; i++) {
    slot *f = &fl->fonts[i];
    hb_font_destroy(f->hb);
    hb_face_destroy(f->face);
    hb_blob_destroy(f->blob);
    if (f->ft)
      FT_Done_Face(f->ft);
  }
  if (fl->ft)
    FT_Done_FreeType(fl->ft);
  free(fl->fb_fonts);
  free(fl->fb_scripts);
  free(fl->fonts);
  free(fl);
}

size_t q_fontlib_count(const q_fontlib *fl) { return fl->nfonts; }

const q_fontfile *q_fontlib_file(const q_fontlib *fl, uint16_t font) {
  return font < fl->nfonts ? fl->fonts[font].file : NULL;
}

/* Why a file cannot be used, at the manifest line that names it. */
static void report(q_fontlib *fl, const q_fontfile *file, const char *why) {
  if (fl->d)
    q_error(fl->d, file->pos, "font '%s' (face %u): %s", file->path, file->index, why);
}

hb_font_t *q_fontlib_hb_font(q_fontlib *fl, uint16_t n, unsigned *upem) {
  if (n >= fl->nfonts)
    return NULL;
  slot *f = &fl->fonts[n];
  if (!f->hb && !f->failed) {
    /* The blob maps the file: only the tables HarfBuzz reads are paged in. */
    f->blob = hb_blob_create_from_file_or_fail(f->file->path);
    if (f->blob)
      f->face = hb_face_create(f->blob, f->file->index);
    if (!f->face || hb_face_get_glyph_count(f->face) == 0) {
      report(fl, f->file, f->blob ? "not a font, or no such face in it" : "cannot read it");
      f->failed = true;
    } else {
      f->hb = hb_font_create(f->face); /* scale: upem; OpenType functions, unhinted */
      f->upem = hb_face_get_upem(f->face);
    }
  }
  if (upem)
    *upem = f->upem;
  return f->hb;
}

FT_Face q_fontlib_ft_face(q_fontlib *fl, uint16_t n) {
  if (n >= fl->nfonts)
    return NULL;
  slot *f = &fl->fonts[n];
  if (f->ft || f->ft_failed || f->failed) /* failed: reported already */
    return f->ft;
  if (!fl->ft && !fl->ft_failed && FT_Init_FreeType(&fl->ft) != 0) {
    fl->ft = NULL;
    fl->ft_failed = true;
    if (fl->d)
      q_error(fl->d, (q_pos){0}, "cannot start FreeType");
  }
  if (!fl->ft || FT_New_Face(fl->ft, f->file->path, (FT_Long)f->file->index, &f->ft) != 0) {
    f->ft = NULL;
    f->ft_failed = true;
    if (fl->ft)
      report(fl, f->file, "FreeType cannot open it");
  }
  return f->ft;
}

bool q_fontlib_space_glyph(q_fontlib *fl, uint16_t n, uint32_t *glyph, double *advance_em) {
  unsigned upem;
  hb_font_t *hb = q_fontlib_hb_font(fl, n, &upem);
  hb_codepoint_t g = 0;
  *glyph = 0;
  *advance_em = 0;
  if (!hb || !upem || !hb_font_get_nominal_glyph(hb, ' ', &g) || g == 0)
    return false;
  *glyph = g;
  *advance_em = (double)hb_font_get_glyph_h_advance(hb, g) / upem;
  return true;
}

uint16_t q_fontlib_face(const q_fontlib *fl, q_font_role role, bool bold, bool italic) {
  q_face face = bold ? (italic ? Q_FACE_BOLD_ITALIC : Q_FACE_BOLD) : (italic ? Q_FACE_ITALIC : Q_FACE_REGULAR);
  return fl->roles[role][face];
}

size_t q_fontlib_fallbacks(const q_fontlib *fl, const uint16_t **fonts, const hb_script_t **scripts) {
  *fonts = fl->fb_fonts;
  *scripts = fl->fb_scripts;
  return fl->nfb;
}

struct q_shapecache *q_fontlib_cache(q_fontlib *fl) { return fl->cache; }
