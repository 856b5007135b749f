/* fontlib: the font service. It owns the manifest's font files under one
 * numbering, opens each when first needed, makes the one choice of which
 * font sets each piece of a text (for the shaper, shaper.h, and for the
 * EPUB's subsets, fontuse.h, alike), and gives the PDF its FreeType faces.
 *
 * Numbers. Every distinct file of the manifest (path and face index) has a
 * small, stable number: the q_glyph.font of the glyphs set in it. Numbers
 * follow the manifest (body, heading, mono faces, then the fallbacks) and do
 * not depend on the text, so the same font is the same number in every
 * build and in every instance.
 *
 * Opening. A file is mapped (HarfBuzz face and font, from a blob of the
 * file) the first time a character has to be looked up in it, and an
 * FT_Face is made only when q_fontlib_ft_face asks for one. A character is
 * looked up in the role's face, then in the fallbacks for its script, and
 * only when those lack it in the other fallbacks: so the CJK collection is
 * opened for Han and kana, or for a character that no other font has.
 *
 * The choice (q_fontlib_itemize), by cluster:
 * 1. Clusters. The text is cut into clusters: a base character and what
 *    follows it (combining marks, ZWJ and ZWNJ, variation selectors, emoji
 *    modifiers and tags, the second regional indicator of a flag, the
 *    character after a ZWJ). A cluster is never split between fonts.
 * 2. Scripts. Each cluster has its base's script; Common, Inherited and
 *    Unknown ones take the script of the run they are in (the previous
 *    strong script, or the next one at the start).
 * 3. Fonts. Each cluster goes to the first font that has all its
 *    characters (default ignorables aside), trying: the role's face; for a
 *    Common character, the previous cluster's font; the fallbacks for the
 *    cluster's script (Han, kana and bopomofo share); then every fallback in
 *    manifest order. Failing that, the first that has the base; failing
 *    that, the role's face (.notdef).
 * Consecutive clusters with the same font and script are one run. Since a
 * Common character's font depends on the cluster before it, the same
 * characters can get another font in another string: whoever wants the
 * choice the PDF makes must itemize the very strings the typesetter shapes.
 *
 * Drawing. cairo 1.16 copies a font's whole CFF table when it first uses
 * the face and again when it subsets it for the PDF: for the CJK collection
 * (a 23 MB CFF table) that is about 40 ms for a few characters. A file is
 * "large" when its CFF or CFF2 table exceeds Q_FONTLIB_LARGE_CFF bytes; told
 * the glyphs a layout draws (q_fontlib_draw_glyphs), the fontlib gives the
 * PDF a face of a subset of such a file instead: the same glyph ids (hb-subset
 * retaining them), only the glyphs drawn, and no layout tables (GSUB, GPOS,
 * GDEF), which drawing does not need.
 *
 * Ownership: q_fontlib_new borrows the font set and the diag, which must
 * outlive the fontlib. FT_Faces, runs and the q_fontfile pointers it hands
 * out are lent: they belong to the fontlib (runs only until the next
 * itemize). The fontlib knows nothing of its users: a shaper (shaper.h) or a
 * font use (fontuse.h) borrows it and must be dropped before it. Not
 * thread-safe: one instance per thread. */
#ifndef QUIRE_TEXT_FONTLIB_H
#define QUIRE_TEXT_FONTLIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/diag.h"
#include "../model/fonts.h"
#include "../typeset/layout.h"

typedef struct q_fontlib q_fontlib;

/* Above this size of CFF table a file is drawn from a subset (see above). */
enum { Q_FONTLIB_LARGE_CFF = 4 << 20 };

/* No font: the number of a face the manifest does not give. */
enum { Q_FONT_NONE = UINT16_MAX };

/* Never NULL. Files that cannot be opened are reported (once, at the
 * manifest line naming them) when first needed, and then cover nothing. */
q_fontlib *q_fontlib_new(const q_fontset *fs, q_diag *d);
void q_fontlib_drop(q_fontlib *fl);

/* How many font numbers there are: glyph fonts are in [0, count). */
size_t q_fontlib_count(const q_fontlib *fl);

/* The manifest entry of font number font (borrowed); NULL if out of range. */
const q_fontfile *q_fontlib_file(const q_fontlib *fl, uint16_t font);

/* The number of the role's face (q_fontset_face: nearest face given), or
 * Q_FONT_NONE. */
uint16_t q_fontlib_face(const q_fontlib *fl, q_font_role role, bool bold, bool italic);

/* Whether font number font can be opened (opening it if need be). */
bool q_fontlib_usable(q_fontlib *fl, uint16_t font);

/* Whether font number font was tried and could not be opened (which was
 * reported then), without trying it. */
bool q_fontlib_failed(const q_fontlib *fl, uint16_t font);

/* Whether font number font maps code point cp (opening it if need be). */
bool q_fontlib_has(q_fontlib *fl, uint16_t font, uint32_t cp);

/* The font number of fallback k of the manifest (Q_FONT_NONE if there is
 * no such fallback). */
uint16_t q_fontlib_fallback(const q_fontlib *fl, size_t k);

/* Index of the first fallback of the manifest that names font number font
 * and serves script (an ISO 15924 tag as in q_fontrun; Han, kana and
 * bopomofo share), else of the first that names it at all; -1 if none does. */
int q_fontlib_fallback_of(const q_fontlib *fl, uint16_t font, uint32_t script);

/* One run of an itemized text: bytes [start, end), set in font number font,
 * in script (HarfBuzz's hb_script_t, an ISO 15924 tag; 0 when the run holds
 * only Common characters). */
typedef struct q_fontrun {
  size_t start, end;
  uint16_t font;
  uint32_t script;
} q_fontrun;

/* The choice above for text[0..len) (UTF-8) set in face (a number from
 * q_fontlib_face): *runs gets the runs, in order, covering the whole text;
 * returns how many. The array is the fontlib's, valid until the next call. */
size_t q_fontlib_itemize(q_fontlib *fl, uint16_t face, const char *text, size_t len, const q_fontrun **runs);

/* Tell the fontlib every glyph layout l will draw (call it before the first
 * q_fontlib_ft_face of a large file): large files are then drawn from a
 * subset of those glyphs. Calling it again adds to the glyphs, but a face
 * already made stays as it is. */
void q_fontlib_draw_glyphs(q_fontlib *fl, const q_layout *l);

/* A FreeType face of font number font, opened on the first call (borrowed:
 * the fontlib owns it, its bytes and its FT_Library; destroy every cairo
 * font face made from it before q_fontlib_drop). NULL if the file cannot be
 * opened. For a large file told about by q_fontlib_draw_glyphs, a face of
 * the drawing subset: the same glyph ids, but only those glyphs. Ask only
 * for fonts that glyph runs name: the renderer makes one cairo font face per
 * number, on first use. */
struct FT_FaceRec_ *q_fontlib_ft_face(q_fontlib *fl, uint16_t font);

/* The glyph that draws U+0020 in font number font and its advance in em;
 * false (and *glyph 0) when the font has none or cannot be opened. */
bool q_fontlib_space_glyph(q_fontlib *fl, uint16_t font, uint32_t *glyph, double *advance_em);

#endif
