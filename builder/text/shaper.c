#include "shaper.h"
#include "fontlib_hb.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/utf8.h"
#include "../base/mem.h"

/* Shaping, after the font service's itemizing (fontlib.h, steps 1-3):
 * each run of one font and script is one HarfBuzz buffer, given the whole
 * text as context so clusters come back as byte offsets into it, in order.
 *
 * Results are cached by (text, role, bold, italic, size, language) in an
 * open-addressing hash table (linear probing, at most 1/2 full); keys and
 * glyph arrays live in the cache's arena until the shaper is dropped. */

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

struct q_textshaper {
  q_fontlib *fl;     /* borrowed */
  q_arena arena;
  entry *slots;
  size_t cap, used;
  hb_buffer_t *buf;
  plan *plans;
  size_t nplans, plancap;
  const char *lang_name;  /* the last language asked for, and its HarfBuzz value */
  hb_language_t lang;
  q_glyph *out;      /* scratch for one call, grown as needed */
  size_t ocap;
};

q_textshaper *q_textshaper_new(q_fontlib *fl) {
  q_textshaper *c = q_zalloc(1, sizeof *c);
  c->fl = fl;
  q_arena_init(&c->arena);
  c->cap = 1024;
  c->slots = q_zalloc(c->cap, sizeof *c->slots);
  c->buf = hb_buffer_create();
  if (!hb_buffer_allocation_successful(c->buf))
    q_oom();
  return c;
}

void q_textshaper_drop(q_textshaper *c) {
  if (!c)
    return;
  q_arena_drop(&c->arena);
  free(c->slots);
  hb_buffer_destroy(c->buf);
  for (size_t i = 0; i < c->nplans; i++)
    hb_shape_plan_destroy(c->plans[i].plan);
  free(c->plans);
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

static entry *lookup(q_textshaper *c, uint64_t h, const char *text, size_t len, const q_textstyle *st,
                     hb_language_t lang) {
  size_t mask = c->cap - 1;
  for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
    entry *e = &c->slots[i];
    if (!e->hash || same_key(e, h, text, len, st, lang))
      return e;
  }
}

static void rehash(q_textshaper *c) {
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

/* Shaping. ----------------------------------------------------------- */

static const hb_feature_t no_ligatures[] = {
    {HB_TAG('l', 'i', 'g', 'a'), 0, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END},
    {HB_TAG('c', 'l', 'i', 'g'), 0, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END},
    {HB_TAG('d', 'l', 'i', 'g'), 0, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END},
};

static hb_shape_plan_t *plan_for(q_textshaper *c, hb_font_t *hb, const hb_segment_properties_t *props, bool mono,
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
static bool shape_segment(q_textshaper *c, uint16_t f, const char *text, size_t len,
                          size_t from, size_t to, hb_script_t script, hb_language_t lang, const q_textstyle *st,
                          size_t *n, q_sp *width, size_t *missing) {
  unsigned upem;
  hb_font_t *hb = q_fontlib_hb_font(c->fl, f, &upem);
  if (!hb)
    return false;
  hb_buffer_t *buf = c->buf;
  hb_buffer_clear_contents(buf);
  hb_buffer_set_cluster_level(buf, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_GRAPHEMES);
  hb_buffer_set_flags(buf, (from == 0 ? HB_BUFFER_FLAG_BOT : 0) | (to == len ? HB_BUFFER_FLAG_EOT : 0));
  hb_buffer_add_utf8(buf, text, (int)len, (unsigned)from, (int)(to - from));
  if (script != HB_SCRIPT_INVALID) /* a run of Common characters: guessed */
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
  int64_t sum = *width;
  for (unsigned i = 0; i < count; i++) {
    q_glyph *g = &c->out[(*n)++];
    g->id = (uint16_t)info[i].codepoint; /* < the face's glyph count, at most 65535 */
    g->font = f;
    g->advance = q_fontlib_scale(pos[i].x_advance, st->size, upem);
    g->x_offset = q_fontlib_scale(pos[i].x_offset, st->size, upem);
    g->y_offset = q_fontlib_scale(pos[i].y_offset, st->size, upem);
    g->cluster = info[i].cluster;
    sum += g->advance;
    if (g->id == 0)
      (*missing)++;
  }
  *width = q_sp_sat(sum);
  return true;
}

/* text[0..len) itemized by the font service and shaped run by run; the
 * glyphs end up in c->out. */
static bool shape_text(q_textshaper *c, uint16_t role, const char *text, size_t len, const q_textstyle *st,
                       hb_language_t lang, size_t *n, q_sp *width, size_t *missing) {
  const q_fontrun *runs;
  size_t nruns = q_fontlib_itemize(c->fl, role, text, len, &runs);
  *n = 0;
  *width = 0;
  *missing = 0;
  for (size_t k = 0; k < nruns; k++)
    if (!shape_segment(c, runs[k].font, text, len, runs[k].start, runs[k].end, (hb_script_t)runs[k].script, lang,
                       st, n, width, missing))
      return false;
  return true;
}

static bool shape(void *ctx, const char *text, size_t len, const q_textstyle *st, const q_glyph **glyphs,
                  size_t *nglyphs, q_sp *width, size_t *missing) {
  static const q_glyph none;
  q_textshaper *c = ctx;
  q_fontlib *fl = c->fl;
  uint16_t role = q_fontlib_face(fl, st->role, st->bold, st->italic);
  if (role == Q_FONT_NONE || !q_fontlib_hb_font(fl, role, NULL) || len > INT_MAX)
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
    if (!shape_text(c, role, text, len, st, lang, &n, &w, &miss))
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
  q_fontlib *fl = ((q_textshaper *)ctx)->fl;
  unsigned upem;
  hb_font_t *hb = q_fontlib_hb_font(fl, q_fontlib_face(fl, st->role, st->bold, st->italic), &upem);
  hb_codepoint_t g;
  if (!hb || !hb_font_get_nominal_glyph(hb, ' ', &g))
    return st->size / 4; /* a quarter em, if the font has no space */
  return q_fontlib_scale(hb_font_get_glyph_h_advance(hb, g), st->size, upem);
}

static void vmetrics(void *ctx, const q_textstyle *st, q_sp *ascent, q_sp *descent) {
  q_fontlib *fl = ((q_textshaper *)ctx)->fl;
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

q_shaper q_textshaper_shaper(q_textshaper *s) { return (q_shaper){s, shape, space, vmetrics}; }
