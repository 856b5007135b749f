/* fontsub: choosing a file per character and cutting subsets with hb-subset.
 *
 * The data: used[role][face] holds every code point written in that face.
 * make walks those sets in a fixed order (roles, faces, then code points
 * ascending); each code point goes into the keep set of the first file that
 * maps it: the role's own file, then the fallbacks for its script, then the
 * other fallbacks, each group in manifest order. Files are opened on first need, so fonts[] grows in that fixed order
 * and the archive lists the subsets the same way on every run. */
#include "fontsub.h"
#include "../base/mem.h"

#include <hb-ot.h>
#include <hb-subset.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/buf.h"
#include "../base/utf8.h"

static const char *const role_names[3] = {"body", "heading", "mono"};

static void *xcalloc(size_t n, size_t size) { return q_zalloc(n, size); }

epub_fonts *epub_fonts_new(const q_fontset *fs) {
  epub_fonts *f = xcalloc(1, sizeof *f);
  f->fs = fs;
  f->fallback_font = xcalloc(fs->nfallbacks, sizeof *f->fallback_font);
  f->fallback_used = xcalloc(fs->nfallbacks, sizeof *f->fallback_used);
  for (size_t k = 0; k < fs->nfallbacks; k++)
    f->fallback_font[k] = -2; /* not looked up yet */
  return f;
}

void epub_fonts_drop(epub_fonts *f) {
  if (!f)
    return;
  for (int r = 0; r < 3; r++)
    for (int q = 0; q < Q_FACE_COUNT; q++)
      hb_set_destroy(f->used[r][q]);
  for (size_t i = 0; i < f->nfonts; i++) {
    epub_font *e = &f->fonts[i];
    hb_font_destroy(e->font);
    hb_face_destroy(e->face);
    hb_blob_destroy(e->blob);
    hb_set_destroy(e->keep);
    hb_blob_destroy(e->subset);
    free(e->href);
  }
  free(f->fonts);
  free(f->fallback_font);
  free(f->fallback_used);
  free(f->decls);
  free(f->fallbacks);
  free(f);
}

void epub_fonts_use(epub_fonts *f, q_font_role role, bool bold, bool italic, const char *s, size_t len) {
  if (f->made)
    return;
  int q = (bold ? 2 : 0) + (italic ? 1 : 0);
  hb_set_t **set = &f->used[role][q];
  if (!*set)
    *set = hb_set_create();
  uint64_t *seen = f->ascii[role][q];
  for (size_t i = 0; i < len;) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
      i++;
      uint64_t bit = (uint64_t)1 << (c & 63);
      if (seen[c >> 6] & bit)
        continue;
      seen[c >> 6] |= bit;
      hb_set_add(*set, c);
      continue;
    }
    hb_set_add(*set, q_utf8_next(s, len, &i));
  }
}

/* The index of the face ff in fonts[], opening it on first use; -1 if it
 * cannot be read (reported once through d when d is given). */
static int font_of(epub_fonts *f, const q_fontfile *ff, q_diag *d) {
  for (size_t i = 0; i < f->nfonts; i++) {
    const q_fontfile *o = f->fonts[i].src;
    if (o->index == ff->index && strcmp(o->path, ff->path) == 0)
      return f->fonts[i].failed ? -1 : (int)i;
  }
  if (f->nfonts == f->capfonts) {
    f->capfonts = f->capfonts ? 2 * f->capfonts : 8;
    f->fonts = q_realloc(f->fonts, f->capfonts, sizeof *f->fonts);
  }
  epub_font *e = &f->fonts[f->nfonts++];
  memset(e, 0, sizeof *e);
  e->src = ff;
  e->keep = hb_set_create();
  e->blob = hb_blob_create_from_file_or_fail(ff->path);
  if (e->blob) {
    e->face = hb_face_create(e->blob, ff->index);
    if (hb_face_get_glyph_count(e->face) > 0)
      e->font = hb_font_create(e->face);
  }
  if (!e->font) {
    e->failed = true;
    if (d)
      q_error(d, ff->pos, "cannot read the font '%s' (face %u)", ff->path, ff->index);
    return -1;
  }
  return (int)(f->nfonts - 1);
}

static bool maps(const epub_fonts *f, int i, uint32_t cp) {
  hb_codepoint_t g;
  return i >= 0 && hb_font_get_nominal_glyph(f->fonts[i].font, cp, &g);
}

/* Does fallback k serve the script of cp? Its ISO 15924 code names the
 * script; the Han fallback also takes kana and bopomofo. */
static bool serves(const epub_fonts *f, size_t k, hb_script_t sc) {
  hb_script_t fs = hb_script_from_string(f->fs->fallbacks[k].script, -1);
  if (fs == sc)
    return true;
  return fs == HB_SCRIPT_HAN && (sc == HB_SCRIPT_HIRAGANA || sc == HB_SCRIPT_KATAKANA || sc == HB_SCRIPT_BOPOMOFO);
}

static int fallback(epub_fonts *f, size_t k, q_diag *d) {
  if (f->fallback_font[k] == -2)
    f->fallback_font[k] = font_of(f, &f->fs->fallbacks[k].file, d);
  return f->fallback_font[k];
}

/* The font that draws cp in face (role, q): the role's file; else the first
 * fallback for cp's script that maps it (so a Hangul syllable never opens
 * the Arabic font); else the first fallback of all that maps it. Sets
 * *used to the fallback's index (or -1). */
static int choose(epub_fonts *f, int role, int q, uint32_t cp, q_diag *d, long *used) {
  *used = -1;
  const q_fontfile *ff = q_fontset_face(f->fs, (q_font_role)role, q >= 2, q & 1);
  int i = font_of(f, ff, d);
  if (maps(f, i, cp))
    return i;
  hb_script_t sc = hb_unicode_script(hb_unicode_funcs_get_default(), cp);
  for (int pass = 0; pass < 2; pass++)
    for (size_t k = 0; k < f->fs->nfallbacks; k++) {
      if (pass == 0 ? !serves(f, k, sc) : serves(f, k, sc))
        continue; /* pass 0: the script's own fallbacks; pass 1: the rest */
      if (maps(f, fallback(f, k, d), cp)) {
        *used = (long)k;
        return f->fallback_font[k];
      }
    }
  return -1;
}

int epub_fonts_pick(epub_fonts *f, q_font_role role, bool bold, bool italic, uint32_t cp) {
  long fb;
  return choose(f, (int)role, (bold ? 2 : 0) + (italic ? 1 : 0), cp, NULL, &fb);
}

/* Controls draw nothing and need no glyph. */
static bool is_control(uint32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp < 0xA0); }

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

/* "fonts/NotoSerif-Regular.ttf": the file's base name, its face index when
 * it is not 0, the extension of what hb-subset made; unique in the book. */
static char *href_of(const epub_fonts *f, const epub_font *e, const char *ext) {
  const char *base = strrchr(e->src->path, '/');
  base = base ? base + 1 : e->src->path;
  const char *dot = strrchr(base, '.');
  size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
  q_buf b;
  q_buf_init(&b);
  for (unsigned k = 1;; k++) {
    q_buf_clear(&b);
    q_buf_puts(&b, "fonts/");
    for (size_t i = 0; i < n; i++) {
      char c = base[i];
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                c == '_';
      q_buf_putc(&b, ok ? c : '_');
    }
    if (e->src->index)
      q_buf_printf(&b, "-%u", e->src->index);
    if (k > 1)
      q_buf_printf(&b, "-%u", k);
    q_buf_puts(&b, ext);
    bool taken = false;
    for (size_t i = 0; i < f->nfonts && !taken; i++)
      taken = f->fonts[i].href && strcmp(f->fonts[i].href, b.data) == 0;
    if (!taken)
      break;
  }
  size_t len;
  return q_buf_take(&b, &len);
}

static bool subset(epub_fonts *f, epub_font *e, q_diag *d) {
  hb_subset_input_t *in = hb_subset_input_create_or_fail();
  if (!in) {
    q_error(d, e->src->pos, "cannot subset '%s': out of memory", e->src->path);
    return false;
  }
  hb_set_union(hb_subset_input_unicode_set(in), e->keep);
  hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
  hb_face_t *sub = hb_subset_or_fail(e->face, in);
  hb_subset_input_destroy(in);
  if (!sub) {
    q_error(d, e->src->pos, "hb-subset failed on '%s' (face %u)", e->src->path, e->src->index);
    return false;
  }
  hb_blob_t *cff = hb_face_reference_table(sub, HB_TAG('C', 'F', 'F', ' '));
  hb_blob_t *cff2 = hb_face_reference_table(sub, HB_TAG('C', 'F', 'F', '2'));
  bool otf = hb_blob_get_length(cff) > 0 || hb_blob_get_length(cff2) > 0;
  hb_blob_destroy(cff);
  hb_blob_destroy(cff2);
  e->subset = hb_face_reference_blob(sub);
  hb_face_destroy(sub);
  unsigned len;
  e->data = hb_blob_get_data(e->subset, &len);
  e->len = len;
  if (!e->data || !len) {
    q_error(d, e->src->pos, "hb-subset made an empty font from '%s'", e->src->path);
    return false;
  }
  e->media_type = otf ? "font/otf" : "font/ttf";
  e->href = href_of(f, e, otf ? ".otf" : ".ttf");
  e->generic = generic_of(e->face);
  e->embedded = true;
  return true;
}

static epub_font_decl *add_decl(epub_fonts *f, size_t *cap, bool bold, bool italic, size_t font) {
  if (f->ndecls == *cap) {
    *cap = *cap ? 2 * *cap : 16;
    f->decls = q_realloc(f->decls, *cap, sizeof *f->decls);
  }
  epub_font_decl *e = &f->decls[f->ndecls++];
  memset(e, 0, sizeof *e);
  e->bold = bold;
  e->italic = italic;
  e->font = font;
  return e;
}

/* @font-face rules: each role's faces, then one family per fallback file
 * that draws something, named after its script ("quire-deva"). */
static void make_decls(epub_fonts *f) {
  size_t cap = 0;
  for (int r = 0; r < 3; r++)
    for (int q = 0; q < Q_FACE_COUNT; q++) {
      if (!f->used[r][q])
        continue;
      const q_fontfile *ff = q_fontset_face(f->fs, (q_font_role)r, q >= 2, q & 1);
      int i = font_of(f, ff, NULL);
      if (i >= 0 && f->fonts[i].embedded)
        snprintf(add_decl(f, &cap, q >= 2, q & 1, (size_t)i)->family, sizeof f->decls->family, "quire-%s",
                 role_names[r]);
    }
  size_t first_fallback = f->ndecls;
  for (size_t k = 0; k < f->fs->nfallbacks; k++) {
    if (!f->fallback_used[k])
      continue;
    size_t font = (size_t)f->fallback_font[k];
    bool dup = false;
    for (size_t j = first_fallback; j < f->ndecls && !dup; j++)
      dup = f->decls[j].font == font;
    if (dup)
      continue;
    unsigned same = 0; /* another file for the same script: number it */
    for (size_t j = 0; j < k; j++)
      same += f->fallback_used[j] && strcmp(f->fs->fallbacks[j].script, f->fs->fallbacks[k].script) == 0;
    char script[5] = {0};
    for (size_t i = 0; i < 4 && f->fs->fallbacks[k].script[i]; i++) {
      char c = f->fs->fallbacks[k].script[i];
      script[i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    epub_font_decl *e = add_decl(f, &cap, false, false, font);
    if (same)
      snprintf(e->family, sizeof e->family, "quire-%s-%u", script, same + 1);
    else
      snprintf(e->family, sizeof e->family, "quire-%s", script);
  }
  f->fallbacks = xcalloc(f->ndecls - first_fallback, sizeof *f->fallbacks);
  for (size_t j = first_fallback; j < f->ndecls; j++)
    f->fallbacks[f->nfallbacks++] = f->decls[j].family;
}

bool epub_fonts_make(epub_fonts *f, q_diag *d) {
  unsigned errors = d->errors;
  f->made = true;
  hb_set_t *missing = hb_set_create();
  for (int r = 0; r < 3; r++)
    for (int q = 0; q < Q_FACE_COUNT; q++) {
      if (!f->used[r][q])
        continue;
      for (hb_codepoint_t cp = HB_SET_VALUE_INVALID; hb_set_next(f->used[r][q], &cp);) {
        if (is_control(cp))
          continue;
        long fb;
        int i = choose(f, r, q, cp, d, &fb);
        if (i >= 0) {
          hb_set_add(f->fonts[i].keep, cp);
          if (fb >= 0)
            f->fallback_used[fb] = true;
        } else {
          hb_set_add(missing, cp);
        }
      }
    }
  for (hb_codepoint_t cp = HB_SET_VALUE_INVALID; hb_set_next(missing, &cp);)
    q_warning(d, (q_pos){f->fs->path, 0, 0}, "no font in the manifest has U+%04X; it will show as a box",
              cp);
  hb_set_destroy(missing);
  for (size_t i = 0; i < f->nfonts; i++)
    if (!f->fonts[i].failed && !hb_set_is_empty(f->fonts[i].keep) && !subset(f, &f->fonts[i], d))
      break;
  make_decls(f);
  return d->errors == errors;
}

const char *epub_fonts_family(const epub_fonts *f, q_font_role role) {
  char want[16];
  snprintf(want, sizeof want, "quire-%s", role_names[role]);
  for (size_t j = 0; j < f->ndecls; j++)
    if (strcmp(f->decls[j].family, want) == 0)
      return f->decls[j].family;
  return NULL;
}

const char *epub_fonts_generic(const epub_fonts *f, q_font_role role) {
  const char *family = epub_fonts_family(f, role);
  for (size_t j = 0; family && j < f->ndecls; j++)
    if (f->decls[j].family == family)
      return f->fonts[f->decls[j].font].generic;
  return role == Q_FONT_MONO ? "monospace" : role == Q_FONT_HEADING ? "sans-serif" : "serif";
}
