/* Fake text interfaces for the typesetter's tests: every character is one
 * glyph (its code point as the glyph id, font 0) half an em wide, a space a
 * quarter; ascent 0.8 em, descent 0.2 em; lines may break at spaces only
 * (a stand-in for UAX #14); no hyphenation. Metrics this coarse make the
 * tests about the typesetter, not the fonts.
 *
 * The glyphs live in a pool of fixed size, one per shaper (threads share
 * none): fake_shaper's ctx is the pool, NULL meaning fake_pool. Include
 * after cmocka.h and the typesetter's headers. */
#ifndef QUIRE_TESTS_FAKE_TEXT_H
#define QUIRE_TESTS_FAKE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/utf8.h"
#include "typeset/text.h"

enum { FAKE_MAX_GLYPHS = 1 << 20, FAKE_NFONTS = 1 };

typedef struct fake_pool {
  q_glyph g[FAKE_MAX_GLYPHS];
  size_t used;
} fake_pool;
static fake_pool fake_default_pool;

static bool fake_shape(void *ctx, const char *text, size_t len, const q_textstyle *st,
                       const q_glyph **glyphs, size_t *n, q_sp *width, size_t *missing) {
  fake_pool *p = ctx ? ctx : &fake_default_pool;
  size_t i = 0, k = 0;
  q_glyph *g = &p->g[p->used];
  q_sp w = 0;
  while (i < len) {
    size_t at = i;
    uint32_t cp = q_utf8_next(text, len, &i);
    if (p->used + k >= FAKE_MAX_GLYPHS)
      return false;
    g[k] = (q_glyph){(uint16_t)cp, 0, st->size / 2, 0, 0, (uint32_t)at};
    w += g[k].advance;
    k++;
  }
  p->used += k;
  *glyphs = g;
  *n = k;
  *width = w;
  if (missing)
    *missing = 0;
  return true;
}

static q_sp fake_space(void *ctx, const q_textstyle *st) {
  (void)ctx;
  return st->size / 4;
}

static void fake_vmetrics(void *ctx, const q_textstyle *st, q_sp *asc, q_sp *desc) {
  (void)ctx;
  *asc = st->size * 8 / 10;
  *desc = st->size * 2 / 10;
}

static void fake_breaks(void *ctx, const char *text, size_t len, const char *lang, uint8_t *brk) {
  (void)ctx, (void)lang;
  for (size_t i = 1; i < len; i++)
    if (text[i - 1] == ' ' && text[i] != ' ')
      brk[i] = Q_BRK_ALLOW;
  brk[len] = Q_BRK_MUST;
}

/* Not every test needs both. */
#if defined(__GNUC__)
#define FAKE_UNUSED __attribute__((unused))
#else
#define FAKE_UNUSED
#endif
static q_shaper fake_shaper FAKE_UNUSED = {NULL, fake_shape, fake_space, fake_vmetrics};
static q_breaker fake_breaker FAKE_UNUSED = {NULL, fake_breaks};

#endif
