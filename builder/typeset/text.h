/* text: what the typesetting core needs from fonts and from Unicode, as
 * small interfaces (a context and function pointers, as MuPDF's devices).
 *
 * The core never includes FreeType, HarfBuzz, ICU or libhyphen: builder/text/
 * implements these interfaces with them, and the unit tests implement them
 * with fake metrics. All lengths are scaled points (items.h). */
#ifndef QUIRE_TYPESET_TEXT_H
#define QUIRE_TYPESET_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../model/style.h"
#include "items.h"

/* How a piece of text is to be set. */
typedef struct q_textstyle {
  q_font_role role;
  bool bold, italic;
  q_sp size;        /* font size */
  const char *lang; /* BCP 47: shaping language, hyphenation dictionary */
} q_textstyle;

/* One positioned glyph of a shaped run: 20 bytes, as a book holds millions
 * of them. */
typedef struct q_glyph {
  uint16_t id;       /* glyph index in its font (OpenType's are 16-bit) */
  uint16_t font;     /* which font file: the font service's number for it */
  q_sp advance;      /* horizontal advance */
  q_sp x_offset, y_offset; /* y_offset: up is positive, as in HarfBuzz */
  uint32_t cluster;  /* byte offset in the shaped text where this glyph's cluster begins */
} q_glyph;

/* Shaping with font fallback. shape() puts the glyphs of text[0..len) set in
 * style st into *glyphs (owned by the shaper, valid until it is dropped;
 * shaping the same text in the same style again may return the same array)
 * and their total advance into *width. Characters that no font in the
 * fallback chain covers come back as glyph 0 of the role's font and are
 * counted in *missing (may be NULL). Clusters are monotonic (left to right). */
typedef struct q_shaper {
  void *ctx;
  bool (*shape)(void *ctx, const char *text, size_t len, const q_textstyle *st,
                const q_glyph **glyphs, size_t *nglyphs, q_sp *width, size_t *missing);
  /* Width of the space in the role's font at st->size. */
  q_sp (*space)(void *ctx, const q_textstyle *st);
  /* Ascent and descent (both positive) of the role's font at st->size. */
  void (*vmetrics)(void *ctx, const q_textstyle *st, q_sp *ascent, q_sp *descent);
} q_shaper;

/* Hyphenation: set brk[i] = 1 where a hyphen may follow byte i of word (a
 * lowercase-insensitive, purely alphabetic word; others get no points).
 * brk has len entries, zeroed by the caller. Returns false when there is no
 * dictionary for lang (then brk is left as it was). */
typedef struct q_hyphenator {
  void *ctx;
  bool (*hyphenate)(void *ctx, const char *lang, const char *word, size_t len, uint8_t *brk);
} q_hyphenator;

/* Line-break opportunities (UAX #14) of a paragraph's text: brk[i] for i in
 * [0, len] tells whether a line may (Q_BRK_ALLOW) or must (Q_BRK_MUST) break
 * before byte i. brk has len + 1 entries, zeroed (Q_BRK_NONE) by the caller. */
enum { Q_BRK_NONE = 0, Q_BRK_ALLOW = 1, Q_BRK_MUST = 2 };
typedef struct q_breaker {
  void *ctx;
  void (*opportunities)(void *ctx, const char *text, size_t len, const char *lang, uint8_t *brk);
} q_breaker;

#endif
