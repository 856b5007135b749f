/* fontuse: the fonts a book's text uses, character by character, exactly as
 * the print edition sets it, and the subsets of those fonts (hb-subset).
 *
 * The e-book declares its text as it writes it, one piece in one face (role,
 * bold, italic) at a time: a text node, as the typesetter makes one segment
 * of a paragraph of it. The font use cuts that piece as the typesetter does
 * before it shapes (typeset/para.c): into words at spaces, each word into
 * pieces at its line-break opportunities (UAX #14, in the paragraph's
 * language), and gives each piece to the font service's choice
 * (q_fontlib_itemize), so that every character gets the font the PDF draws
 * it with: the choice of a Common character depends on the cluster before
 * it in the same shaped string, so the strings must be the same. Distinct
 * words are remembered per face and language: a word seen once is not cut
 * or itemized again (a Bible's 4.3 million characters hold 29,000 words).
 *
 * What it records: for each font number, the code points it draws (and, per
 * face, which fonts drew for it). q_fontuse_make then cuts one subset per
 * font that draws something, keeping those characters (no hinting), and
 * warns once per character no font of the manifest has.
 *
 * Ownership: q_fontuse_new borrows the fontlib (and the diag, for ICU's
 * complaints), which must outlive the font use; it owns its word table, its
 * line breaker and the subsets, which it lends until q_fontuse_drop. Not
 * thread-safe: it uses the fontlib, one thread at a time. */
#ifndef QUIRE_TEXT_FONTUSE_H
#define QUIRE_TEXT_FONTUSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/diag.h"
#include "../model/style.h"
#include "fontlib.h"

typedef struct q_fontuse q_fontuse;

q_fontuse *q_fontuse_new(q_fontlib *fl, q_diag *d);
void q_fontuse_drop(q_fontuse *u);

/* Declare that s[0..len) (UTF-8) is set in this face, in a paragraph whose
 * line breaking language is lang (BCP 47; NULL: none). Once the subsets
 * are made, a declaration changes nothing and is skipped. */
void q_fontuse_text(q_fontuse *u, q_font_role role, bool bold, bool italic, const char *lang, const char *s,
                    size_t len);

/* The font number of each byte of s[0..len) declared so (font[i] for every
 * i; Q_FONT_NONE for spaces, which the typesetter does not shape, and in
 * the face has no font). What q_fontuse_text records, without recording. */
void q_fontuse_fonts(q_fontuse *u, q_font_role role, bool bold, bool italic, const char *lang, const char *s,
                     size_t len, uint16_t *font);

/* Whether font number font draws code point cp in the text declared. */
bool q_fontuse_draws(const q_fontuse *u, uint16_t font, uint32_t cp);

/* Whether any text was declared in this face. */
bool q_fontuse_face_used(const q_fontuse *u, q_font_role role, bool bold, bool italic);

/* Whether fallback k of the manifest drew a character that a face's own
 * font lacks (the first fallback naming the font that serves the script of
 * that character, else the first naming the font at all). */
bool q_fontuse_fallback_used(const q_fontuse *u, size_t k);

/* Cut the subsets: one per font that draws something. Warns (through d)
 * about each character no font of the manifest has; false (and an error,
 * here or when the font was first tried) if a font could not be read or
 * subset. Call it once, after the text. */
bool q_fontuse_make(q_fontuse *u, q_diag *d);

/* After make: the fonts that draw something, in the order of first use by
 * face (body, heading, mono; regular, italic, bold, bold italic) and code
 * point ascending, which does not depend on the order of the declarations.
 * The array is the font use's. */
size_t q_fontuse_order(const q_fontuse *u, const uint16_t **fonts);

/* One font's subset, lent by the font use. */
typedef struct q_fontsubset {
  const char *data;       /* an OpenType font */
  size_t len;
  const char *media_type; /* font/ttf or font/otf (CFF outlines) */
  const char *generic;    /* the CSS generic family its family name suggests:
                             serif, sans-serif or monospace */
} q_fontsubset;

/* After make: the subset of font number font, or NULL if it draws nothing. */
const q_fontsubset *q_fontuse_subset(const q_fontuse *u, uint16_t font);

#endif
