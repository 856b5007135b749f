/* fontsub: the fonts an EPUB embeds, as subsets of the manifest's files.
 *
 * While the content documents are written, every run of text is declared
 * with the face the theme gives it (role, bold, italic): epub_fonts_use.
 * epub_fonts_make then decides, code point by code point, which file draws
 * it (the role's file if its cmap has it; else the first fallback for the
 * character's script that has it; else the first fallback of all that has
 * it) and cuts one subset per file with hb-subset, keeping only the
 * characters that file draws. A file is opened only when a code point asks
 * for it: the 20 MB CJK collection is touched only for Han or kana, or for a
 * character no earlier font has.
 *
 * After make, the result is read straight from the struct: files[] are the
 * subsets to embed (in a fixed order), decls[] the @font-face rules, and
 * fallbacks[] the families every font-family list ends with.
 *
 * Ownership: epub_fonts_new allocates, epub_fonts_drop frees everything,
 * subset bytes included; the font set and its strings are borrowed. */
#ifndef QUIRE_EPUB_FONTSUB_H
#define QUIRE_EPUB_FONTSUB_H

#include <hb.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/diag.h"
#include "../model/fonts.h"

/* One source face (file and index) and, after make, its subset. */
typedef struct epub_font {
  const q_fontfile *src;
  hb_blob_t *blob;        /* the whole file (mapped), NULL until opened */
  hb_face_t *face;
  hb_font_t *font;        /* for cmap look-ups */
  bool failed;            /* could not be opened (reported once) */
  hb_set_t *keep;         /* code points this file draws */
  /* after make, for embedded files only: */
  hb_blob_t *subset;
  const char *data;       /* subset bytes, owned by subset */
  size_t len;
  char *href;             /* "fonts/NotoSerif-Regular.ttf", relative to OEBPS/ */
  const char *media_type; /* font/ttf or font/otf */
  const char *generic;    /* CSS generic family from the font's name */
  bool embedded;
} epub_font;

/* One @font-face rule. */
typedef struct epub_font_decl {
  char family[24];        /* "quire-body", "quire-deva", ... */
  bool bold, italic;
  size_t font;            /* index in fonts[] */
} epub_font_decl;

typedef struct epub_fonts {
  const q_fontset *fs;
  hb_set_t *used[3][Q_FACE_COUNT]; /* code points as written, per role and face */
  uint64_t ascii[3][Q_FACE_COUNT][2]; /* the ASCII ones among them, to skip repeats */
  bool made;                       /* epub_fonts_make has run: nothing more to learn */
  epub_font *fonts;                /* every face opened or asked for, in first-use order */
  size_t nfonts, capfonts;
  int *fallback_font;              /* per fs->fallbacks[k]: index in fonts[], or -1 */
  bool *fallback_used;             /* draws at least one character */
  epub_font_decl *decls;           /* role faces, then one per fallback family */
  size_t ndecls;
  const char **fallbacks;          /* fallback family names (in decls), manifest order */
  size_t nfallbacks;
} epub_fonts;

epub_fonts *epub_fonts_new(const q_fontset *fs);
void epub_fonts_drop(epub_fonts *f);

/* Declare that s[0..len) (UTF-8) is set in this face. Once the subsets are
 * made, a declaration changes nothing and is skipped. */
void epub_fonts_use(epub_fonts *f, q_font_role role, bool bold, bool italic, const char *s, size_t len);

/* Pick a file per code point, subset every file that draws something, and
 * fill decls and fallbacks. false if a font could not be read or subset;
 * a character no font has is a warning. */
bool epub_fonts_make(epub_fonts *f, q_diag *d);

/* The file that draws cp in this face (index in fonts[]), or -1. Usable
 * after make for text that was declared with epub_fonts_use. */
int epub_fonts_pick(epub_fonts *f, q_font_role role, bool bold, bool italic, uint32_t cp);

/* The family name of a role ("quire-body"), or NULL when no text used it. */
const char *epub_fonts_family(const epub_fonts *f, q_font_role role);
/* The CSS generic family for a role's font ("serif", "sans-serif", "monospace"). */
const char *epub_fonts_generic(const epub_fonts *f, q_font_role role);

#endif
