/* fontsub: the fonts an EPUB embeds, as the font service's subsets.
 *
 * While the content documents are written, every run of text is declared
 * with the face the theme gives it (role, bold, italic) and the language
 * of its paragraph: epub_fonts_use, which hands it to the font use of
 * builder/text (fontuse.h). That picks the font of every character exactly
 * as the print edition's shaper does and cuts the subsets; this module
 * keeps only the EPUB's own part: where each subset goes in the archive
 * (hrefs, in a fixed order), the @font-face rules, and the fallback
 * families every font-family list ends with.
 *
 * After make, the result is read straight from the struct: fonts[] by font
 * number (embedded ones have bytes and an href), order[] the embedded ones
 * in archive order, decls[] the @font-face rules, fallbacks[] the family
 * names.
 *
 * Ownership: epub_fonts_new borrows the fontlib (which must outlive it: the
 * build owns one for the EPUB's thread) and owns the font use;
 * epub_fonts_drop frees everything, subset bytes included; the font set
 * and its strings are borrowed. */
#ifndef QUIRE_EPUB_FONTSUB_H
#define QUIRE_EPUB_FONTSUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/diag.h"
#include "../model/fonts.h"
#include "../model/style.h"
#include "../text/fontlib.h"
#include "../text/fontuse.h"

/* One font number of the fontlib and, after make, its subset. */
typedef struct epub_font {
  const q_fontfile *src;
  /* after make, for embedded fonts only: */
  const char *data;       /* subset bytes, lent by the font use */
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
  q_fontlib *fl;                   /* borrowed */
  q_fontuse *use;
  bool made;                       /* epub_fonts_make has run: nothing more to learn */
  epub_font *fonts;                /* by font number */
  size_t nfonts;
  const uint16_t *order;           /* the embedded fonts, in archive order */
  size_t norder;
  epub_font_decl *decls;           /* role faces, then one per fallback family */
  size_t ndecls;
  const char **fallbacks;          /* fallback family names (in decls), manifest order */
  size_t nfallbacks;
} epub_fonts;

/* d: for the line breaker's complaints (borrowed). */
epub_fonts *epub_fonts_new(q_fontlib *fl, const q_fontset *fs, q_diag *d);
void epub_fonts_drop(epub_fonts *f);

/* Declare that s[0..len) (UTF-8) is set in this face, in a paragraph whose
 * line-breaking language is lang (may be NULL). Once the subsets are made,
 * a declaration changes nothing and is skipped. */
void epub_fonts_use(epub_fonts *f, q_font_role role, bool bold, bool italic, const char *lang, const char *s,
                    size_t len);

/* Subset every font that draws something, and fill order, decls and
 * fallbacks. false if a font could not be read or subset; a character no
 * font has is a warning. */
bool epub_fonts_make(epub_fonts *f, q_diag *d);

/* The family name of a role ("quire-body"), or NULL when no text used it. */
const char *epub_fonts_family(const epub_fonts *f, q_font_role role);
/* The CSS generic family for a role's font ("serif", "sans-serif", "monospace"). */
const char *epub_fonts_generic(const epub_fonts *f, q_font_role role);

#endif
