/* fontlib: the font files of the manifest, opened when first needed, and
 * the shaper (text.h) that sets text in them.
 *
 * Every distinct file of the manifest (path and face index) has a small,
 * stable number: the q_glyph.font of the glyphs set in it. Numbers follow
 * the manifest (body, heading, mono faces, then the fallbacks) and do not
 * depend on the text, so the same font is the same number in every build.
 *
 * Nothing is opened before it is needed: a file is mapped (HarfBuzz face
 * and font, from a blob of the file) the first time a character has to be
 * looked up in it, and an FT_Face is made only when q_fontlib_ft_face asks
 * for one. A character is looked up in the role's face, then in the
 * fallbacks for its script, and only when those lack it in the other
 * fallbacks: so the CJK collection is opened for Han and kana, or for a
 * character that no other font has.
 *
 * Shaping works in font units (the HarfBuzz scale is the file's upem) and
 * converts each value to scaled points on its own, rounded: so a glyph
 * run's width is exactly the sum of its glyphs' advances.
 *
 * Ownership: q_fontlib_new borrows the font set and the diag, which must
 * outlive the fontlib. Glyph arrays the shaper hands out, FT_Faces and the
 * q_fontfile pointers belong to the fontlib and stay valid until
 * q_fontlib_drop. Not thread-safe: one thread shapes at a time. */
#ifndef QUIRE_TEXT_FONTLIB_H
#define QUIRE_TEXT_FONTLIB_H

#include <stddef.h>
#include <stdint.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb.h>

#include "../base/diag.h"
#include "../model/fonts.h"
#include "../typeset/text.h"

typedef struct q_fontlib q_fontlib;

/* Never NULL. Files that cannot be opened are reported (once, at the
 * manifest line naming them) when first needed, and then cover nothing. */
q_fontlib *q_fontlib_new(const q_fontset *fs, q_diag *d);
void q_fontlib_drop(q_fontlib *fl);

/* The shaper of text.h; its ctx is fl. shape() caches each result by (text,
 * role, bold, italic, size, lang): shaping the same word again returns the
 * same array. It returns false only when the role's own font cannot be
 * opened. */
q_shaper q_fontlib_shaper(q_fontlib *fl);

/* How many font numbers there are: glyph fonts are in [0, count). */
size_t q_fontlib_count(const q_fontlib *fl);

/* The manifest entry of font number font (borrowed). */
const q_fontfile *q_fontlib_file(const q_fontlib *fl, uint16_t font);

/* A FreeType face of font number font, opened on the first call (borrowed:
 * the fontlib owns it and its FT_Library; destroy every cairo font face made
 * from it before q_fontlib_drop). NULL if the file cannot be opened.
 * Ask only for fonts that glyph runs name: a PDF writer makes one cairo font
 * face per number, on first use.
 * Trap: do not hand the CJK collection (opentype/noto/NotoSerifCJK-*.ttc,
 * a 23 MB CFF table) to cairo 1.16 as it is: cairo copies that table twice,
 * about 40 ms and 13,000 page faults for a few characters. Subset it first
 * (hb-subset) and load the subset; a later change does that here. */
struct FT_FaceRec_ *q_fontlib_ft_face(q_fontlib *fl, uint16_t font);

/* The glyph that draws U+0020 in font number font and its advance in em;
 * false (and *glyph 0) when the font has none or cannot be opened. */
bool q_fontlib_space_glyph(q_fontlib *fl, uint16_t font, uint32_t *glyph, double *advance_em);

/* For the shaper (shaper.c) and tests. -------------------------------- */

/* The HarfBuzz font of font number font (scale = upem), mapped on the first
 * call; NULL if the file cannot be opened. *upem gets its units per em. */
hb_font_t *q_fontlib_hb_font(q_fontlib *fl, uint16_t font, unsigned *upem);

/* The number of the role's face (q_fontset_face: nearest face given). */
uint16_t q_fontlib_face(const q_fontlib *fl, q_font_role role, bool bold, bool italic);

/* The fallbacks in manifest order: their font numbers and scripts. */
size_t q_fontlib_fallbacks(const q_fontlib *fl, const uint16_t **fonts, const hb_script_t **scripts);

/* The shaper's state (word cache, buffers), kept by the fontlib for it. */
struct q_shapecache *q_fontlib_cache(q_fontlib *fl);

/* v font units at size, in scaled points, rounded half away from zero. */
static inline q_sp q_fontlib_scale(int32_t v, q_sp size, unsigned upem) {
  int64_t p = (int64_t)v * size * 2;
  int64_t u = (int64_t)upem * 2;
  return (q_sp)(p >= 0 ? (p + (int64_t)upem) / u : -((-p + (int64_t)upem) / u));
}

#endif
