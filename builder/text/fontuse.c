/* fontuse: words -> pieces -> the service's runs -> code points per font.
 *
 * The data: drawn[face][font], one hb_set of code points per face (role x
 * q_face, 12) and font number, made on first use; fb_used[k] per fallback
 * of the manifest. The word table is open addressing (linear probing, at
 * most half full) over (face, language, bytes), keys in an arena: a word in
 * it has been recorded already. After make, subs[font] holds the subsets. */
#include "fontuse.h"

#include <stdlib.h>
#include <string.h>

#include <hb-ot.h>
#include <hb-subset.h>

#include "../base/arena.h"
#include "../base/mem.h"
#include "../base/utf8.h"
#include "fontlib_hb.h"
#include "uax14.h"

enum { NFACES = 3 * Q_FACE_COUNT };

typedef struct word {
  uint64_t hash; /* 0: empty */
  const char *text;
  uint32_t len;
  uint16_t face, lang;
} word;

typedef struct sub {
  hb_blob_t *blob; /* NULL: nothing drawn */
  q_fontsubset pub;
} sub;

struct q_fontuse {
  q_fontlib *fl;
  size_t nfonts;
  q_uax14 *uax;
  q_breaker breaker;
  hb_set_t **drawn;    /* [face * nfonts + font] */
  bool used[NFACES];
  bool *fb_used;
  size_t nfb;
  hb_set_t *missing;
  /* Per face: the ASCII characters its own font has (known once
   * ascii_known), and those recorded. A word of those alone needs no look
   * up: each of its characters is a cluster of its own that the face's font
   * takes first (fontlib.h, step 3), however the word is cut. */
  uint64_t ascii_has[NFACES][2], ascii_seen[NFACES][2];
  bool ascii_known[NFACES];
  word *words;
  size_t cap, nwords;
  q_arena arena;
  char **langs;        /* distinct languages seen, copied */
  size_t nlangs, langcap;
  uint8_t *brk;        /* scratch */
  size_t brkcap;
  bool made;
  sub *subs;           /* per font, after make */
  uint16_t *order;
  size_t norder;
};

static int face_index(q_font_role role, bool bold, bool italic) {
  q_face q = bold ? (italic ? Q_FACE_BOLD_ITALIC : Q_FACE_BOLD) : (italic ? Q_FACE_ITALIC : Q_FACE_REGULAR);
  return (int)role * Q_FACE_COUNT + (int)q;
}

q_fontuse *q_fontuse_new(q_fontlib *fl, q_diag *d) {
  q_fontuse *u = q_zalloc(1, sizeof *u);
  u->fl = fl;
  u->nfonts = q_fontlib_count(fl);
  u->uax = q_uax14_new(d);
  u->breaker = q_uax14_breaker(u->uax);
  u->drawn = q_zalloc(NFACES * (u->nfonts ? u->nfonts : 1), sizeof *u->drawn);
  u->missing = hb_set_create();
  u->cap = 1024;
  u->words = q_zalloc(u->cap, sizeof *u->words);
  q_arena_init(&u->arena);
  return u;
}

void q_fontuse_drop(q_fontuse *u) {
  if (!u)
    return;
  q_uax14_drop(u->uax);
  for (size_t i = 0; i < NFACES * u->nfonts; i++)
    hb_set_destroy(u->drawn[i]);
  free(u->drawn);
  free(u->fb_used);
  hb_set_destroy(u->missing);
  free(u->words);
  q_arena_drop(&u->arena);
  for (size_t i = 0; i < u->nlangs; i++)
    free(u->langs[i]);
  free(u->langs);
  free(u->brk);
  if (u->subs)
    for (size_t i = 0; i < u->nfonts; i++)
      hb_blob_destroy(u->subs[i].blob);
  free(u->subs);
  free(u->order);
  free(u);
}

/* The small number of language tag lang. */
static uint16_t lang_id(q_fontuse *u, const char *lang) {
  if (!lang)
    lang = "";
  size_t i = 0;
  while (i < u->nlangs && strcmp(u->langs[i], lang) != 0)
    i++;
  if (i == u->nlangs) {
    u->langs = q_grow(u->langs, &u->langcap, u->nlangs + 1, sizeof *u->langs);
    size_t n = strlen(lang);
    u->langs[u->nlangs] = memcpy(q_zalloc(n + 1, 1), lang, n);
    u->nlangs++;
  }
  return (uint16_t)i;
}

/* Controls draw nothing and need no glyph. */
static bool is_control(uint32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp < 0xA0); }

static void record(q_fontuse *u, int face, uint16_t face_font, const q_fontrun *r, const char *s) {
  if (r->font >= u->nfonts)
    return;
  hb_set_t **set = &u->drawn[(size_t)face * u->nfonts + r->font];
  if (!*set)
    *set = hb_set_create();
  for (size_t i = r->start; i < r->end;) {
    uint32_t cp = q_utf8_next(s, r->end, &i);
    if (is_control(cp))
      continue;
    hb_set_add(*set, cp);
    if (!q_fontlib_has(u->fl, r->font, cp)) {
      bool any = false;
      for (size_t f = 0; f < u->nfonts && !any; f++)
        any = q_fontlib_has(u->fl, (uint16_t)f, cp);
      if (!any)
        hb_set_add(u->missing, cp);
    }
  }
  if (r->font != face_font) {
    int k = q_fontlib_fallback_of(u->fl, r->font, r->script);
    if (k >= 0) {
      if ((size_t)k >= u->nfb) {
        size_t n = (size_t)k + 1;
        u->fb_used = q_realloc(u->fb_used, n, sizeof *u->fb_used);
        memset(u->fb_used + u->nfb, 0, (n - u->nfb) * sizeof *u->fb_used);
        u->nfb = n;
      }
      u->fb_used[k] = true;
    }
  }
}

/* The word w[0..len) (no space in it) cut at its line-break opportunities
 * as the typesetter cuts a paragraph into pieces, each itemized; each run
 * is given to record (when face >= 0) and its font written to font[] (when
 * not NULL). */
static void word_runs(q_fontuse *u, int face, uint16_t face_font, const char *lang, const char *w, size_t len,
                      uint16_t *font) {
  if (len + 1 > u->brkcap) {
    u->brkcap = len + 64;
    u->brk = q_realloc(u->brk, u->brkcap, 1);
  }
  memset(u->brk, 0, len + 1);
  u->breaker.opportunities(u->breaker.ctx, w, len, lang, u->brk);
  for (size_t i = 0; i < len;) {
    size_t end = i + 1;
    while (end < len && !u->brk[end])
      end++;
    const q_fontrun *runs;
    size_t n = q_fontlib_itemize(u->fl, face_font, w + i, end - i, &runs);
    for (size_t k = 0; k < n; k++) {
      q_fontrun r = runs[k];
      r.start += i;
      r.end += i;
      if (face >= 0)
        record(u, face, face_font, &r, w);
      if (font)
        for (size_t b = r.start; b < r.end; b++)
          font[b] = r.font;
    }
    i = end;
  }
}

static uint64_t hash_word(const char *s, size_t len, int face, uint16_t lang) {
  uint64_t h = 14695981039346656037u; /* FNV-1a */
  for (size_t i = 0; i < len; i++)
    h = (h ^ (unsigned char)s[i]) * 1099511628211u;
  h = (h ^ (uint64_t)face) * 1099511628211u;
  h = (h ^ lang) * 1099511628211u;
  h ^= h >> 29;
  return h ? h : 1;
}

/* Whether the word is new (and now remembered). */
static bool first_time(q_fontuse *u, const char *s, size_t len, int face, uint16_t lang) {
  uint64_t h = hash_word(s, len, face, lang);
  size_t mask = u->cap - 1, i = (size_t)h & mask;
  for (;; i = (i + 1) & mask) {
    word *e = &u->words[i];
    if (!e->hash)
      break;
    if (e->hash == h && e->len == len && e->face == face && e->lang == lang && memcmp(e->text, s, len) == 0)
      return false;
  }
  u->words[i] = (word){h, q_arena_strndup(&u->arena, s, len), (uint32_t)len, (uint16_t)face, lang};
  if (++u->nwords * 2 > u->cap) {
    word *old = u->words;
    size_t oldcap = u->cap;
    u->cap *= 2;
    u->words = q_zalloc(u->cap, sizeof *u->words);
    mask = u->cap - 1;
    for (size_t k = 0; k < oldcap; k++) {
      if (!old[k].hash)
        continue;
      size_t j = (size_t)old[k].hash & mask;
      while (u->words[j].hash)
        j = (j + 1) & mask;
      u->words[j] = old[k];
    }
    free(old);
  }
  return true;
}

/* Whether s[0..len) is all ASCII the face's font has; if so, records it. */
static bool ascii_word(q_fontuse *u, int face, uint16_t face_font, const char *s, size_t len) {
  if (!u->ascii_known[face]) {
    u->ascii_known[face] = true;
    for (uint32_t c = 0x20; c < 0x80; c++)
      if (q_fontlib_has(u->fl, face_font, c))
        u->ascii_has[face][c >> 6] |= (uint64_t)1 << (c & 63);
  }
  uint64_t seen[2] = {0, 0};
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x80 || !(u->ascii_has[face][c >> 6] >> (c & 63) & 1))
      return false;
    seen[c >> 6] |= (uint64_t)1 << (c & 63);
  }
  uint64_t fresh[2] = {seen[0] & ~u->ascii_seen[face][0], seen[1] & ~u->ascii_seen[face][1]};
  if (fresh[0] | fresh[1]) {
    hb_set_t **set = &u->drawn[(size_t)face * u->nfonts + face_font];
    if (!*set)
      *set = hb_set_create();
    for (uint32_t c = 0; c < 128; c++)
      if (fresh[c >> 6] >> (c & 63) & 1)
        hb_set_add(*set, c);
    u->ascii_seen[face][0] |= fresh[0];
    u->ascii_seen[face][1] |= fresh[1];
  }
  return true;
}

/* Text cut at spaces into words, as the typesetter cuts it (it sets spaces
 * as glue, never shaped). */
static void walk(q_fontuse *u, q_font_role role, bool bold, bool italic, const char *lang, const char *s,
                 size_t len, uint16_t *font) {
  int face = face_index(role, bold, italic);
  uint16_t face_font = q_fontlib_face(u->fl, role, bold, italic);
  uint16_t id = lang_id(u, lang);
  for (size_t i = 0; i < len;) {
    if (s[i] == ' ') {
      if (font)
        font[i] = Q_FONT_NONE;
      else if (face_font < u->nfonts && q_fontlib_has(u->fl, face_font, ' ')) {
        hb_set_t **set = &u->drawn[(size_t)face * u->nfonts + face_font];
        if (!*set)
          *set = hb_set_create();
        hb_set_add(*set, ' '); /* the space is the role font's, as in the PDF */
      }
      i++;
      continue;
    }
    size_t end = i;
    while (end < len && s[end] != ' ')
      end++;
    if (face_font == Q_FONT_NONE) {
      if (font)
        for (size_t b = i; b < end; b++)
          font[b] = Q_FONT_NONE;
    } else if (font) {
      word_runs(u, -1, face_font, lang, s + i, end - i, font + i);
    } else if (!ascii_word(u, face, face_font, s + i, end - i) && first_time(u, s + i, end - i, face, id)) {
      word_runs(u, face, face_font, lang, s + i, end - i, NULL);
    }
    i = end;
  }
}

void q_fontuse_text(q_fontuse *u, q_font_role role, bool bold, bool italic, const char *lang, const char *s,
                    size_t len) {
  if (u->made)
    return;
  u->used[face_index(role, bold, italic)] = true;
  walk(u, role, bold, italic, lang, s, len, NULL);
}

void q_fontuse_fonts(q_fontuse *u, q_font_role role, bool bold, bool italic, const char *lang, const char *s,
                     size_t len, uint16_t *font) {
  walk(u, role, bold, italic, lang, s, len, font);
}

bool q_fontuse_draws(const q_fontuse *u, uint16_t font, uint32_t cp) {
  for (int q = 0; q < NFACES && font < u->nfonts; q++) {
    const hb_set_t *set = u->drawn[(size_t)q * u->nfonts + font];
    if (set && hb_set_has(set, cp))
      return true;
  }
  return false;
}

bool q_fontuse_face_used(const q_fontuse *u, q_font_role role, bool bold, bool italic) {
  return u->used[face_index(role, bold, italic)];
}

bool q_fontuse_fallback_used(const q_fontuse *u, size_t k) { return k < u->nfb && u->fb_used[k]; }

/* Subsets. ----------------------------------------------------------- */

/* The CSS generic family that matches a font's family name. */
static const char *generic_of(hb_face_t *face) {
  char name[128];
  unsigned n = sizeof name;
  name[0] = '\0';
  hb_ot_name_get_utf8(face, HB_OT_NAME_ID_FONT_FAMILY, hb_language_from_string("en", -1), &n, name);
  if (strstr(name, "Mono") || strstr(name, "Code") || strstr(name, "Courier"))
    return "monospace";
  if (strstr(name, "Sans") || strstr(name, "Gothic"))
    return "sans-serif";
  return "serif";
}

static bool cut(q_fontuse *u, uint16_t font, const hb_set_t *keep, q_diag *d) {
  const q_fontfile *ff = q_fontlib_file(u->fl, font);
  hb_font_t *hb = q_fontlib_hb_font(u->fl, font, NULL);
  if (!hb)
    return false; /* reported by the fontlib */
  hb_face_t *face = hb_font_get_face(hb);
  hb_subset_input_t *in = hb_subset_input_create_or_fail();
  if (!in)
    q_oom();
  hb_set_union(hb_subset_input_unicode_set(in), keep);
  hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
  hb_face_t *s = hb_subset_or_fail(face, in);
  hb_subset_input_destroy(in);
  if (!s) {
    q_error(d, ff->pos, "hb-subset failed on '%s' (face %u)", ff->path, ff->index);
    return false;
  }
  hb_blob_t *cff = hb_face_reference_table(s, HB_TAG('C', 'F', 'F', ' '));
  hb_blob_t *cff2 = hb_face_reference_table(s, HB_TAG('C', 'F', 'F', '2'));
  bool otf = hb_blob_get_length(cff) > 0 || hb_blob_get_length(cff2) > 0;
  hb_blob_destroy(cff);
  hb_blob_destroy(cff2);
  sub *out = &u->subs[font];
  out->blob = hb_face_reference_blob(s);
  hb_face_destroy(s);
  unsigned len;
  out->pub.data = hb_blob_get_data(out->blob, &len);
  out->pub.len = len;
  if (!out->pub.data || !len) {
    hb_blob_destroy(out->blob);
    out->blob = NULL;
    q_error(d, ff->pos, "hb-subset made an empty font from '%s'", ff->path);
    return false;
  }
  out->pub.media_type = otf ? "font/otf" : "font/ttf";
  out->pub.generic = generic_of(face);
  return true;
}

typedef struct first_use {
  uint32_t cp;
  uint16_t font;
} first_use;

static int by_cp(const void *a, const void *b) {
  const first_use *x = a, *y = b;
  return x->cp < y->cp ? -1 : x->cp > y->cp ? 1 : x->font - y->font;
}

bool q_fontuse_make(q_fontuse *u, q_diag *d) {
  unsigned errors = d->errors;
  u->made = true;
  u->subs = q_zalloc(u->nfonts ? u->nfonts : 1, sizeof *u->subs);
  u->order = q_zalloc(u->nfonts ? u->nfonts : 1, sizeof *u->order);
  const q_fontfile *first = q_fontlib_file(u->fl, 0);
  q_pos manifest = {first ? first->pos.file : NULL, 0, 0};
  for (hb_codepoint_t cp = HB_SET_VALUE_INVALID; hb_set_next(u->missing, &cp);)
    q_warning(d, manifest, "no font in the manifest has U+%04X; it will show as a box", cp);

  /* The order: by face, then by the first code point each font draws. */
  bool *placed = q_zalloc(u->nfonts ? u->nfonts : 1, sizeof *placed);
  first_use *fu = q_zalloc(u->nfonts ? u->nfonts : 1, sizeof *fu);
  for (size_t q = 0; q < NFACES; q++) {
    size_t n = 0;
    for (size_t f = 0; f < u->nfonts; f++) {
      const hb_set_t *set = u->drawn[q * u->nfonts + f];
      if (!placed[f] && set && !hb_set_is_empty(set))
        fu[n++] = (first_use){hb_set_get_min(set), (uint16_t)f};
    }
    qsort(fu, n, sizeof *fu, by_cp);
    for (size_t i = 0; i < n; i++) {
      placed[fu[i].font] = true;
      u->order[u->norder++] = fu[i].font;
    }
  }
  free(fu);
  free(placed);

  hb_set_t *keep = hb_set_create();
  for (size_t i = 0; i < u->norder; i++) {
    uint16_t f = u->order[i];
    hb_set_clear(keep);
    for (size_t q = 0; q < NFACES; q++)
      if (u->drawn[q * u->nfonts + f])
        hb_set_union(keep, u->drawn[q * u->nfonts + f]);
    if (!cut(u, f, keep, d))
      break;
  }
  hb_set_destroy(keep);
  /* A font the text needed that could not be opened was reported when it
   * was tried; the book is not right without it. */
  for (size_t f = 0; f < u->nfonts; f++)
    if (q_fontlib_failed(u->fl, (uint16_t)f))
      return false;
  return d->errors == errors;
}

size_t q_fontuse_order(const q_fontuse *u, const uint16_t **fonts) {
  *fonts = u->order;
  return u->norder;
}

const q_fontsubset *q_fontuse_subset(const q_fontuse *u, uint16_t font) {
  return u->subs && font < u->nfonts && u->subs[font].blob ? &u->subs[font].pub : NULL;
}
