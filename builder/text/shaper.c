#include "shaper.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/utf8.h"
#include "../base/mem.h"

/* Shaping with font fallback, in four steps:
 *
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
 *    cluster's script; then every fallback in manifest order. Failing that,
 *    the first that has the base; failing that, the role's face (.notdef).
 * 4. Segments. Consecutive clusters with the same font and script are one
 *    HarfBuzz buffer, given the whole text as context so clusters come back
 *    as byte offsets into it, in order.
 *
 * Results are cached by (text, role, bold, italic, size, language) in an
 * open-addressing hash table (linear probing, at most 1/2 full); keys and
 * glyph arrays live in the cache's arena until the fontlib is dropped. */

typedef struct entry {
  uint64_t hash; /* 0: empty slot */
  const char *text;
  size_t len;
  hb_language_t lang;
  q_sp size;
  uint8_t role, bold, italic;
  const q_glyph *glyphs;
  size_t n;
  q_sp width;
  size_t missing;
} entry;

/* A shaping plan, made once for each face, properties and feature set:
 * hb_shape would look it up again on every call, which costs more than
 * shaping a short word. */
typedef struct plan {
  hb_face_t *face;
  hb_segment_properties_t props;
  bool mono;
  hb_shape_plan_t *plan;
} plan;

struct q_shapecache {
  q_arena arena;
  entry *slots;
  size_t cap, used;
  hb_buffer_t *buf;
  plan *plans;
  size_t nplans, plancap;
  const char *lang_name;  /* the last language asked for, and its HarfBuzz value */
  hb_language_t lang;
  /* Scratch for one call, grown as needed. Per character: */
  uint32_t *cps;
  size_t *offs;      /* byte offset; offs[n] = len */
  /* Per cluster k: */
  size_t *cl;        /* its first character; cl[ncl] = number of characters */
  hb_script_t *scr;  /* resolved script */
  uint16_t *fnt;     /* font */
  size_t ccap;
  q_glyph *out;
  size_t ocap;
};

q_shapecache *q_shapecache_new(void) {
  q_shapecache *c = q_zalloc(1, sizeof *c);
  q_arena_init(&c->arena);
  c->cap = 1024;
  c->slots = q_zalloc(c->cap, sizeof *c->slots);
  c->buf = hb_buffer_create();
  if (!hb_buffer_allocation_successful(c->buf))
    q_oom();
  return c;
}

void q_shapecache_drop(q_shapecache *c) {
  if (!c)
    return;
  q_arena_drop(&c->arena);
  free(c->slots);
  hb_buffer_destroy(c->buf);
  for (size_t i = 0; i < c->nplans; i++)
    hb_shape_plan_destroy(c->plans[i].plan);
  free(c->plans);
  free(c->cps);
  free(c->offs);
  free(c->cl);
  free(c->scr);
  free(c->fnt);
  free(c->out);
  free(c);
}

/* The cache. --------------------------------------------------------- */

static uint64_t hash_key(const char *text, size_t len, const q_textstyle *st, hb_language_t lang) {
  uint64_t h = 14695981039346656037u; /* FNV-1a */
  for (size_t i = 0; i < len; i++)
    h = (h ^ (unsigned char)text[i]) * 1099511628211u;
  uint64_t extra[] = {(uint64_t)st->role, st->bold, st->italic, (uint64_t)(uint32_t)st->size,
                      (uint64_t)(uintptr_t)lang};
  for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
    h = (h ^ extra[i]) * 1099511628211u;
  h ^= h >> 29;
  return h ? h : 1;
}

static bool same_key(const entry *e, uint64_t h, const char *text, size_t len, const q_textstyle *st,
                     hb_language_t lang) {
  return e->hash == h && e->len == len && e->lang == lang && e->size == st->size &&
         e->role == (uint8_t)st->role && e->bold == st->bold && e->italic == st->italic &&
         memcmp(e->text, text, len) == 0;
}

static entry *lookup(q_shapecache *c, uint64_t h, const char *text, size_t len, const q_textstyle *st,
                     hb_language_t lang) {
  size_t mask = c->cap - 1;
  for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
    entry *e = &c->slots[i];
    if (!e->hash || same_key(e, h, text, len, st, lang))
      return e;
  }
}

static void rehash(q_shapecache *c) {
  entry *old = c->slots;
  size_t oldcap = c->cap;
  c->cap *= 2;
  c->slots = q_zalloc(c->cap, sizeof *c->slots);
  for (size_t i = 0; i < oldcap; i++) {
    if (!old[i].hash)
      continue;
    size_t mask = c->cap - 1, j = (size_t)old[i].hash & mask;
    while (c->slots[j].hash)
      j = (j + 1) & mask;
    c->slots[j] = old[i];
  }
  free(old);
}

/* Characters. -------------------------------------------------------- */

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

/* The font for the cluster cps[0..n) (step 3 above). */
static uint16_t pick(q_fontlib *fl, uint16_t role, uint16_t prev, hb_script_t script, bool common,
                     const uint32_t *cps, size_t n) {
  const uint16_t *fb;
  const hb_script_t *fbs;
  size_t nfb = q_fontlib_fallbacks(fl, &fb, &fbs);
  for (int all = 1; all >= 0; all--) {
    if (covers(fl, role, cps, n, all))
      return role;
    if (common && prev != UINT16_MAX && prev != role && covers(fl, prev, cps, n, all))
      return prev;
    if (!weak(script))
      for (size_t i = 0; i < nfb; i++)
        if (script_fits(fbs[i], script) && covers(fl, fb[i], cps, n, all))
          return fb[i];
    for (size_t i = 0; i < nfb; i++)
      if (covers(fl, fb[i], cps, n, all))
        return fb[i];
  }
  return role;
}

static void reserve(q_shapecache *c, size_t nchars) {
  if (nchars + 1 <= c->ccap)
    return;
  size_t cap = c->ccap ? c->ccap : 64;
  while (cap < nchars + 1)
    cap *= 2;
  c->cps = q_realloc(c->cps, cap, sizeof *c->cps);
  c->offs = q_realloc(c->offs, cap, sizeof *c->offs);
  c->cl = q_realloc(c->cl, cap, sizeof *c->cl);
  c->scr = q_realloc(c->scr, cap, sizeof *c->scr);
  c->fnt = q_realloc(c->fnt, cap, sizeof *c->fnt);
  c->ccap = cap;
}

/* Shaping. ----------------------------------------------------------- */

static const hb_feature_t no_ligatures[] = {
    {HB_TAG('l', 'i', 'g', 'a'), 0, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END},
    {HB_TAG('c', 'l', 'i', 'g'), 0, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END},
    {HB_TAG('d', 'l', 'i', 'g'), 0, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END},
};

static hb_shape_plan_t *plan_for(q_shapecache *c, hb_font_t *hb, const hb_segment_properties_t *props, bool mono,
                                 const hb_feature_t *features, unsigned nfeatures) {
  hb_face_t *face = hb_font_get_face(hb);
  for (size_t i = 0; i < c->nplans; i++)
    if (c->plans[i].face == face && c->plans[i].mono == mono &&
        hb_segment_properties_equal(&c->plans[i].props, props))
      return c->plans[i].plan;
  hb_shape_plan_t *p = hb_shape_plan_create_cached(face, props, features, nfeatures, NULL);
  c->plans = q_grow(c->plans, &c->plancap, c->nplans + 1, sizeof *c->plans);
  c->plans[c->nplans++] = (plan){face, *props, mono, p};
  return p;
}

/* Shape text[from..to) in font f and append its glyphs to c->out at *n. */
static bool shape_segment(q_shapecache *c, q_fontlib *fl, uint16_t f, const char *text, size_t len,
                          size_t from, size_t to, hb_script_t script, hb_language_t lang, const q_textstyle *st,
                          size_t *n, q_sp *width, size_t *missing) {
  unsigned upem;
  hb_font_t *hb = q_fontlib_hb_font(fl, f, &upem);
  if (!hb)
    return false;
  hb_buffer_t *buf = c->buf;
  hb_buffer_clear_contents(buf);
  hb_buffer_set_cluster_level(buf, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_GRAPHEMES);
  hb_buffer_set_flags(buf, (from == 0 ? HB_BUFFER_FLAG_BOT : 0) | (to == len ? HB_BUFFER_FLAG_EOT : 0));
  hb_buffer_add_utf8(buf, text, (int)len, (unsigned)from, (int)(to - from));
  if (!weak(script))
    hb_buffer_set_script(buf, script);
  hb_buffer_set_language(buf, lang);
  hb_buffer_guess_segment_properties(buf);
  /* No bidi yet: right-to-left scripts are set left to right (joined,
   * but in logical order), so clusters stay monotonic as text.h promises. */
  hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
  bool mono = st->role == Q_FONT_MONO;
  const hb_feature_t *features = mono ? no_ligatures : NULL;
  unsigned nfeatures = mono ? sizeof no_ligatures / sizeof no_ligatures[0] : 0;
  hb_segment_properties_t props;
  hb_buffer_get_segment_properties(buf, &props);
  if (hb_buffer_get_length(buf) > 0)
    hb_shape_plan_execute(plan_for(c, hb, &props, mono, features, nfeatures), hb, buf, features, nfeatures);

  unsigned count;
  const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &count);
  const hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, &count);
  if (*n + count > c->ocap) {
    size_t cap = c->ocap ? c->ocap : 64;
    while (cap < *n + count)
      cap *= 2;
    c->out = q_realloc(c->out, cap, sizeof *c->out);
    c->ocap = cap;
  }
  for (unsigned i = 0; i < count; i++) {
    q_glyph *g = &c->out[(*n)++];
    g->id = (uint16_t)info[i].codepoint; /* < the face's glyph count, at most 65535 */
    g->font = f;
    g->advance = q_fontlib_scale(pos[i].x_advance, st->size, upem);
    g->x_offset = q_fontlib_scale(pos[i].x_offset, st->size, upem);
    g->y_offset = q_fontlib_scale(pos[i].y_offset, st->size, upem);
    g->cluster = info[i].cluster;
    *width += g->advance;
    if (g->id == 0)
      (*missing)++;
  }
  return true;
}

/* Steps 1-4 for text[0..len); the glyphs end up in c->out. */
static bool shape_text(q_shapecache *c, q_fontlib *fl, uint16_t role, const char *text, size_t len,
                       const q_textstyle *st, hb_language_t lang, size_t *n, q_sp *width, size_t *missing) {
  hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();
  reserve(c, len);
  size_t nc = 0, ncl = 0;
  unsigned ri = 0;
  for (size_t i = 0; i < len;) {
    c->offs[nc] = i;
    uint32_t cp = q_utf8_next(text, len, &i);
    if (nc == 0 || !extends(uf, c->cps[nc - 1], cp, ri)) {
      c->cl[ncl++] = nc;
      ri = 0;
    }
    ri += is_ri(cp);
    c->cps[nc++] = cp;
  }
  c->offs[nc] = len;
  c->cl[ncl] = nc;

  /* Scripts: bases' own, then weak ones resolved from their neighbours. */
  hb_script_t last = HB_SCRIPT_INVALID;
  for (size_t k = 0; k < ncl; k++) {
    hb_script_t s = hb_unicode_script(uf, c->cps[c->cl[k]]);
    if (!weak(s))
      last = s;
    c->scr[k] = weak(s) ? last : s;
  }
  for (size_t k = ncl; k-- > 0;)
    if (weak(c->scr[k]))
      c->scr[k] = k + 1 < ncl ? c->scr[k + 1] : HB_SCRIPT_INVALID;

  uint16_t prev = UINT16_MAX;
  for (size_t k = 0; k < ncl; k++) {
    const uint32_t *cps = &c->cps[c->cl[k]];
    bool common = weak(hb_unicode_script(uf, cps[0]));
    c->fnt[k] = prev = pick(fl, role, prev, c->scr[k], common, cps, c->cl[k + 1] - c->cl[k]);
  }

  *n = 0;
  *width = 0;
  *missing = 0;
  for (size_t k = 0; k < ncl;) {
    size_t e = k + 1;
    while (e < ncl && c->fnt[e] == c->fnt[k] && c->scr[e] == c->scr[k])
      e++;
    if (!shape_segment(c, fl, c->fnt[k], text, len, c->offs[c->cl[k]], c->offs[c->cl[e]], c->scr[k], lang, st, n,
                       width, missing))
      return false;
    k = e;
  }
  return true;
}

static bool shape(void *ctx, const char *text, size_t len, const q_textstyle *st, const q_glyph **glyphs,
                  size_t *nglyphs, q_sp *width, size_t *missing) {
  static const q_glyph none;
  q_fontlib *fl = ctx;
  q_shapecache *c = q_fontlib_cache(fl);
  uint16_t role = q_fontlib_face(fl, st->role, st->bold, st->italic);
  if (role == UINT16_MAX || !q_fontlib_hb_font(fl, role, NULL) || len > INT_MAX)
    return false;
  const char *name = st->lang && *st->lang ? st->lang : "und";
  if (name != c->lang_name) { /* the model's language strings stay put: compare them by address */
    c->lang_name = name;
    c->lang = hb_language_from_string(name, -1);
  }
  hb_language_t lang = c->lang;
  uint64_t h = hash_key(text, len, st, lang);
  entry *e = lookup(c, h, text, len, st, lang);
  if (!e->hash) {
    size_t n, miss;
    q_sp w;
    if (!shape_text(c, fl, role, text, len, st, lang, &n, &w, &miss))
      return false;
    q_glyph *copy = n ? q_arena_alloc(&c->arena, n * sizeof *copy) : NULL;
    if (n)
      memcpy(copy, c->out, n * sizeof *copy);
    char *key = q_arena_alloc(&c->arena, len + 1);
    if (len)
      memcpy(key, text, len);
    *e = (entry){h, key, len, lang, st->size, (uint8_t)st->role, st->bold, st->italic, copy, n, w, miss};
    if (++c->used * 2 > c->cap) {
      rehash(c);
      e = lookup(c, h, text, len, st, lang);
    }
  }
  *glyphs = e->glyphs ? e->glyphs : &none;
  *nglyphs = e->n;
  *width = e->width;
  if (missing)
    *missing = e->missing;
  return true;
}

static q_sp space(void *ctx, const q_textstyle *st) {
  q_fontlib *fl = ctx;
  unsigned upem;
  hb_font_t *hb = q_fontlib_hb_font(fl, q_fontlib_face(fl, st->role, st->bold, st->italic), &upem);
  hb_codepoint_t g;
  if (!hb || !hb_font_get_nominal_glyph(hb, ' ', &g))
    return st->size / 4; /* a quarter em, if the font has no space */
  return q_fontlib_scale(hb_font_get_glyph_h_advance(hb, g), st->size, upem);
}

static void vmetrics(void *ctx, const q_textstyle *st, q_sp *ascent, q_sp *descent) {
  q_fontlib *fl = ctx;
  unsigned upem;
  hb_font_t *hb = q_fontlib_hb_font(fl, q_fontlib_face(fl, st->role, st->bold, st->italic), &upem);
  hb_font_extents_t ext;
  if (!hb || !hb_font_get_h_extents(hb, &ext)) {
    *ascent = st->size * 4 / 5; /* typical proportions, if the font says nothing */
    *descent = st->size / 5;
    return;
  }
  *ascent = q_fontlib_scale(ext.ascender, st->size, upem);
  *descent = q_fontlib_scale(-ext.descender, st->size, upem);
}

q_shaper q_fontlib_shaper(q_fontlib *fl) { return (q_shaper){fl, shape, space, vmetrics}; }
