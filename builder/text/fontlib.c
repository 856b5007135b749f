/* fontlib: the font table, the one fallback choice, and the drawing faces.
 *
 * The table has one slot per distinct (path, face index) of the manifest,
 * numbered in manifest order. A slot moves from unopened to open (hb
 * non-NULL) or failed, once; the FT_Face is a separate, later step, made
 * from the file or, for a large file with glyphs to draw, from a subset of
 * it (drawn). The role faces and fallbacks are translated to numbers once,
 * at creation. Itemizing works in scratch arrays kept between calls. */
#include "fontlib_hb.h"

#include <stdlib.h>
#include <string.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb-subset.h>

#include "../base/mem.h"
#include "../base/utf8.h"

typedef struct slot {
  const q_fontfile *file; /* borrowed from the font set */
  hb_blob_t *blob;
  hb_face_t *face;
  hb_font_t *hb;          /* NULL until opened */
  unsigned upem;
  bool failed;            /* could not be opened; reported */
  bool ft_failed;
  FT_Face ft;             /* NULL until asked for */
  int large;              /* -1: not known yet; 0 or 1 */
  hb_set_t *draw;         /* large files: the glyph ids a layout draws */
  hb_blob_t *drawn;       /* the drawing subset under ft, if made */
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
  /* Itemizing scratch, grown as needed. Per character: */
  uint32_t *cps;
  size_t *offs;      /* byte offset; offs[n] = len */
  /* Per cluster k: */
  size_t *cl;        /* its first character; cl[ncl] = number of characters */
  hb_script_t *scr;  /* resolved script */
  uint16_t *fnt;     /* font */
  size_t ccap;
  q_fontrun *runs;
  size_t rcap;
};

/* The number of file, adding it to the table if it is new. */
static uint16_t number(q_fontlib *fl, const q_fontfile *file) {
  for (size_t i = 0; i < fl->nfonts; i++)
    if (fl->fonts[i].file->index == file->index && strcmp(fl->fonts[i].file->path, file->path) == 0)
      return (uint16_t)i;
  fl->fonts[fl->nfonts].file = file;
  fl->fonts[fl->nfonts].large = -1;
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
      fl->roles[r][f] = file && file->path ? number(fl, file) : Q_FONT_NONE;
    }
  fl->nfb = fs->nfallbacks;
  fl->fb_fonts = q_zalloc(fl->nfb, sizeof *fl->fb_fonts);
  fl->fb_scripts = q_zalloc(fl->nfb, sizeof *fl->fb_scripts);
  for (size_t i = 0; i < fl->nfb; i++) {
    fl->fb_fonts[i] = number(fl, &fs->fallbacks[i].file);
    fl->fb_scripts[i] = hb_script_from_string(fs->fallbacks[i].script, -1);
  }
  return fl;
}

void q_fontlib_drop(q_fontlib *fl) {
  if (!fl)
    return;
  for (size_t i = 0; i < fl->nfonts; i++) {
    slot *f = &fl->fonts[i];
    hb_font_destroy(f->hb);
    hb_face_destroy(f->face);
    hb_blob_destroy(f->blob);
    if (f->ft)
      FT_Done_Face(f->ft);
    hb_blob_destroy(f->drawn); /* after the face that reads it */
    hb_set_destroy(f->draw);
  }
  if (fl->ft)
    FT_Done_FreeType(fl->ft);
  free(fl->fb_fonts);
  free(fl->fb_scripts);
  free(fl->fonts);
  free(fl->cps);
  free(fl->offs);
  free(fl->cl);
  free(fl->scr);
  free(fl->fnt);
  free(fl->runs);
  free(fl);
}

size_t q_fontlib_count(const q_fontlib *fl) { return fl->nfonts; }

const q_fontfile *q_fontlib_file(const q_fontlib *fl, uint16_t font) {
  return font < fl->nfonts ? fl->fonts[font].file : NULL;
}

uint16_t q_fontlib_face(const q_fontlib *fl, q_font_role role, bool bold, bool italic) {
  q_face face = bold ? (italic ? Q_FACE_BOLD_ITALIC : Q_FACE_BOLD) : (italic ? Q_FACE_ITALIC : Q_FACE_REGULAR);
  return fl->roles[role][face];
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

bool q_fontlib_usable(q_fontlib *fl, uint16_t font) { return q_fontlib_hb_font(fl, font, NULL) != NULL; }

bool q_fontlib_failed(const q_fontlib *fl, uint16_t font) { return font < fl->nfonts && fl->fonts[font].failed; }

bool q_fontlib_has(q_fontlib *fl, uint16_t font, uint32_t cp) {
  hb_font_t *hb = q_fontlib_hb_font(fl, font, NULL);
  hb_codepoint_t g;
  return hb && hb_font_get_nominal_glyph(hb, cp, &g);
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

/* The choice. -------------------------------------------------------- */

static bool is_ri(uint32_t cp) { return cp >= 0x1F1E6 && cp <= 0x1F1FF; }

/* Invisible characters HarfBuzz handles whether or not the font has them. */
static bool ignorable(uint32_t cp) {
  return cp == 0x00AD || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2060 && cp <= 0x2064) ||
         (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF || (cp >= 0xE0000 && cp <= 0xE0FFF);
}

/* Whether cp belongs to the cluster of the character before it. ri counts
 * the regional indicators the cluster holds so far. */
static bool extends(hb_unicode_funcs_t *uf, uint32_t prev, uint32_t cp, unsigned ri) {
  if (prev == 0x200D)
    return true;
  if (cp == 0x200C || cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F) ||
      (cp >= 0xE0100 && cp <= 0xE01EF) || (cp >= 0xE0020 && cp <= 0xE007F) ||
      (cp >= 0x1F3FB && cp <= 0x1F3FF))
    return true;
  if (is_ri(cp))
    return ri % 2 == 1;
  switch (hb_unicode_general_category(uf, cp)) {
  case HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK:
  case HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK:
  case HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK:
    return true;
  default:
    return false;
  }
}

static bool weak(hb_script_t s) {
  return s == HB_SCRIPT_COMMON || s == HB_SCRIPT_INHERITED || s == HB_SCRIPT_UNKNOWN || s == HB_SCRIPT_INVALID;
}

/* Han, kana and bopomofo share fonts. */
static bool han(hb_script_t s) {
  return s == HB_SCRIPT_HAN || s == HB_SCRIPT_HIRAGANA || s == HB_SCRIPT_KATAKANA || s == HB_SCRIPT_BOPOMOFO;
}

static bool script_fits(hb_script_t font_script, hb_script_t s) {
  return font_script == s || (han(font_script) && han(s));
}

uint16_t q_fontlib_fallback(const q_fontlib *fl, size_t k) { return k < fl->nfb ? fl->fb_fonts[k] : Q_FONT_NONE; }

int q_fontlib_fallback_of(const q_fontlib *fl, uint16_t font, uint32_t script) {
  int first = -1;
  for (size_t i = 0; i < fl->nfb; i++)
    if (fl->fb_fonts[i] == font) {
      if (!weak((hb_script_t)script) && script_fits(fl->fb_scripts[i], (hb_script_t)script))
        return (int)i;
      if (first < 0)
        first = (int)i;
    }
  return first;
}

/* Whether font f has every character of cps[0..n) (all) or the first. */
static bool covers(q_fontlib *fl, uint16_t f, const uint32_t *cps, size_t n, bool all) {
  hb_font_t *hb = q_fontlib_hb_font(fl, f, NULL);
  if (!hb)
    return false;
  for (size_t i = 0; i < (all ? n : 1); i++) {
    hb_codepoint_t g;
    if (!(i > 0 && ignorable(cps[i])) && !hb_font_get_nominal_glyph(hb, cps[i], &g))
      return false;
  }
  return true;
}

/* The font for the cluster cps[0..n) (step 3 of fontlib.h). */
static uint16_t pick(q_fontlib *fl, uint16_t role, uint16_t prev, hb_script_t script, bool common,
                     const uint32_t *cps, size_t n) {
  for (int all = 1; all >= 0; all--) {
    if (covers(fl, role, cps, n, all))
      return role;
    if (common && prev != Q_FONT_NONE && prev != role && covers(fl, prev, cps, n, all))
      return prev;
    if (!weak(script))
      for (size_t i = 0; i < fl->nfb; i++)
        if (script_fits(fl->fb_scripts[i], script) && covers(fl, fl->fb_fonts[i], cps, n, all))
          return fl->fb_fonts[i];
    for (size_t i = 0; i < fl->nfb; i++)
      if (covers(fl, fl->fb_fonts[i], cps, n, all))
        return fl->fb_fonts[i];
  }
  return role;
}

static void reserve(q_fontlib *fl, size_t nchars) {
  if (nchars + 1 <= fl->ccap)
    return;
  size_t cap = fl->ccap ? fl->ccap : 64;
  while (cap < nchars + 1)
    cap *= 2;
  fl->cps = q_realloc(fl->cps, cap, sizeof *fl->cps);
  fl->offs = q_realloc(fl->offs, cap, sizeof *fl->offs);
  fl->cl = q_realloc(fl->cl, cap, sizeof *fl->cl);
  fl->scr = q_realloc(fl->scr, cap, sizeof *fl->scr);
  fl->fnt = q_realloc(fl->fnt, cap, sizeof *fl->fnt);
  fl->ccap = cap;
}

size_t q_fontlib_itemize(q_fontlib *fl, uint16_t role, const char *text, size_t len, const q_fontrun **runs) {
  hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();
  reserve(fl, len);
  /* 1. Clusters. */
  size_t nc = 0, ncl = 0;
  unsigned ri = 0;
  for (size_t i = 0; i < len;) {
    fl->offs[nc] = i;
    uint32_t cp = q_utf8_next(text, len, &i);
    if (nc == 0 || !extends(uf, fl->cps[nc - 1], cp, ri)) {
      fl->cl[ncl++] = nc;
      ri = 0;
    }
    ri += is_ri(cp);
    fl->cps[nc++] = cp;
  }
  fl->offs[nc] = len;
  fl->cl[ncl] = nc;

  /* 2. Scripts: bases' own, then weak ones resolved from their neighbours. */
  hb_script_t last = HB_SCRIPT_INVALID;
  for (size_t k = 0; k < ncl; k++) {
    hb_script_t s = hb_unicode_script(uf, fl->cps[fl->cl[k]]);
    if (!weak(s))
      last = s;
    fl->scr[k] = weak(s) ? last : s;
  }
  for (size_t k = ncl; k-- > 0;)
    if (weak(fl->scr[k]))
      fl->scr[k] = k + 1 < ncl ? fl->scr[k + 1] : HB_SCRIPT_INVALID;

  /* 3. Fonts. */
  uint16_t prev = Q_FONT_NONE;
  for (size_t k = 0; k < ncl; k++) {
    const uint32_t *cps = &fl->cps[fl->cl[k]];
    bool common = weak(hb_unicode_script(uf, cps[0]));
    fl->fnt[k] = prev = pick(fl, role, prev, fl->scr[k], common, cps, fl->cl[k + 1] - fl->cl[k]);
  }

  /* Runs: consecutive clusters of one font and script. */
  size_t nruns = 0;
  for (size_t k = 0; k < ncl;) {
    size_t e = k + 1;
    while (e < ncl && fl->fnt[e] == fl->fnt[k] && fl->scr[e] == fl->scr[k])
      e++;
    fl->runs = q_grow(fl->runs, &fl->rcap, nruns + 1, sizeof *fl->runs);
    fl->runs[nruns++] = (q_fontrun){fl->offs[fl->cl[k]], fl->offs[fl->cl[e]], fl->fnt[k],
                                    weak(fl->scr[k]) ? 0 : (uint32_t)fl->scr[k]};
    k = e;
  }
  *runs = fl->runs;
  return nruns;
}

/* Drawing. ----------------------------------------------------------- */

static bool large(q_fontlib *fl, uint16_t n) {
  slot *f = &fl->fonts[n];
  if (f->large < 0) {
    f->large = 0;
    if (q_fontlib_hb_font(fl, n, NULL)) {
      hb_blob_t *cff = hb_face_reference_table(f->face, HB_TAG('C', 'F', 'F', ' '));
      hb_blob_t *cff2 = hb_face_reference_table(f->face, HB_TAG('C', 'F', 'F', '2'));
      f->large = hb_blob_get_length(cff) > Q_FONTLIB_LARGE_CFF || hb_blob_get_length(cff2) > Q_FONTLIB_LARGE_CFF;
      hb_blob_destroy(cff);
      hb_blob_destroy(cff2);
    }
  }
  return f->large == 1;
}

void q_fontlib_draw_glyphs(q_fontlib *fl, const q_layout *l) {
  for (size_t p = 0; p < l->npages; p++)
    for (size_t i = 0; i < l->pages[p].nops; i++) {
      const q_op *op = &l->pages[p].ops[i];
      uint16_t n = op->kind == Q_OP_GLYPHS ? op->u.glyphs.font : Q_FONT_NONE;
      if (n >= fl->nfonts || !large(fl, n))
        continue;
      slot *f = &fl->fonts[n];
      if (!f->draw) {
        f->draw = hb_set_create();
        uint32_t space;
        double em;
        if (q_fontlib_space_glyph(fl, n, &space, &em)) /* the PDF writer may draw it */
          hb_set_add(f->draw, space);
      }
      for (size_t s = 0; s < op->u.glyphs.nspans; s++)
        for (uint32_t k = 0; k < op->u.glyphs.spans[s].n; k++)
          hb_set_add(f->draw, op->u.glyphs.spans[s].g[k].id);
    }
}

/* The drawing subset of slot f (glyph ids kept), or NULL. */
static hb_blob_t *drawing_subset(slot *f) {
  hb_subset_input_t *in = hb_subset_input_create_or_fail();
  if (!in)
    q_oom();
  hb_set_union(hb_subset_input_glyph_set(in), f->draw);
  hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_RETAIN_GIDS | HB_SUBSET_FLAGS_NO_HINTING);
  hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
  hb_set_add(drop, HB_TAG('G', 'S', 'U', 'B'));
  hb_set_add(drop, HB_TAG('G', 'P', 'O', 'S'));
  hb_set_add(drop, HB_TAG('G', 'D', 'E', 'F'));
  hb_face_t *sub = hb_subset_or_fail(f->face, in);
  hb_subset_input_destroy(in);
  if (!sub)
    return NULL;
  hb_blob_t *blob = hb_face_reference_blob(sub);
  hb_face_destroy(sub);
  if (hb_blob_get_length(blob) == 0) {
    hb_blob_destroy(blob);
    return NULL;
  }
  return blob;
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
  if (fl->ft && f->draw && f->face) {
    f->drawn = drawing_subset(f);
    unsigned len = 0;
    const char *data = f->drawn ? hb_blob_get_data(f->drawn, &len) : NULL;
    if (data && FT_New_Memory_Face(fl->ft, (const FT_Byte *)data, (FT_Long)len, 0, &f->ft) == 0)
      return f->ft;
    /* Not expected; the whole file draws the same glyphs, only slower. */
    f->ft = NULL;
    hb_blob_destroy(f->drawn);
    f->drawn = NULL;
  }
  if (!fl->ft || FT_New_Face(fl->ft, f->file->path, (FT_Long)f->file->index, &f->ft) != 0) {
    f->ft = NULL;
    f->ft_failed = true;
    if (fl->ft)
      report(fl, f->file, "FreeType cannot open it");
  }
  return f->ft;
}
