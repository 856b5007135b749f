/* fontsub: the EPUB's part of its fonts, on top of the font use.
 *
 * fonts[] has one entry per font number of the fontlib; make asks the font
 * use for the subsets and the order of first use (fontuse.h), names each
 * subset's file, and writes the @font-face rules: each role's faces that
 * text used, then one family per fallback that drew something, named after
 * its script. */
#include "fontsub.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/buf.h"
#include "../base/mem.h"
#include "../base/utf8.h"

static const char *const role_names[3] = {"body", "heading", "mono"};

epub_fonts *epub_fonts_new(q_fontlib *fl, const q_fontset *fs, q_diag *d) {
  epub_fonts *f = q_zalloc(1, sizeof *f);
  f->fs = fs;
  f->fl = fl;
  f->use = q_fontuse_new(fl, d);
  f->nfonts = q_fontlib_count(fl);
  f->fonts = q_zalloc(f->nfonts ? f->nfonts : 1, sizeof *f->fonts);
  for (size_t i = 0; i < f->nfonts; i++)
    f->fonts[i].src = q_fontlib_file(fl, (uint16_t)i);
  return f;
}

void epub_fonts_drop(epub_fonts *f) {
  if (!f)
    return;
  q_fontuse_drop(f->use);
  for (size_t i = 0; i < f->nfonts; i++)
    free(f->fonts[i].href);
  free(f->fonts);
  free(f->decls);
  free(f->fallbacks);
  free(f);
}

void epub_fonts_use(epub_fonts *f, q_font_role role, bool bold, bool italic, const char *lang, const char *s,
                    size_t len) {
  if (!f->made)
    q_fontuse_text(f->use, role, bold, italic, lang, s, len);
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
      if (!q_fontuse_face_used(f->use, (q_font_role)r, q >= 2, q & 1))
        continue;
      uint16_t i = q_fontlib_face(f->fl, (q_font_role)r, q >= 2, q & 1);
      if (i < f->nfonts && f->fonts[i].embedded)
        snprintf(add_decl(f, &cap, q >= 2, q & 1, (size_t)i)->family, sizeof f->decls->family, "quire-%s",
                 role_names[r]);
    }
  size_t first_fallback = f->ndecls;
  for (size_t k = 0; k < f->fs->nfallbacks; k++) {
    if (!q_fontuse_fallback_used(f->use, k))
      continue;
    size_t font = q_fontlib_fallback(f->fl, k);
    if (font >= f->nfonts || !f->fonts[font].embedded)
      continue;
    bool dup = false;
    for (size_t j = first_fallback; j < f->ndecls && !dup; j++)
      dup = f->decls[j].font == font;
    if (dup)
      continue;
    unsigned same = 0; /* another file for the same script: number it */
    for (size_t j = 0; j < k; j++)
      same += q_fontuse_fallback_used(f->use, j) &&
              strcmp(f->fs->fallbacks[j].script, f->fs->fallbacks[k].script) == 0;
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
  f->fallbacks = q_zalloc(f->ndecls - first_fallback, sizeof *f->fallbacks);
  for (size_t j = first_fallback; j < f->ndecls; j++)
    f->fallbacks[f->nfallbacks++] = f->decls[j].family;
}

bool epub_fonts_make(epub_fonts *f, q_diag *d) {
  f->made = true;
  bool ok = q_fontuse_make(f->use, d);
  f->norder = q_fontuse_order(f->use, &f->order);
  for (size_t i = 0; i < f->norder; i++) {
    epub_font *e = &f->fonts[f->order[i]];
    const q_fontsubset *sub = q_fontuse_subset(f->use, f->order[i]);
    if (!sub)
      continue; /* could not be cut: reported */
    e->data = sub->data;
    e->len = sub->len;
    e->media_type = sub->media_type;
    e->generic = sub->generic;
    e->href = href_of(f, e, strcmp(sub->media_type, "font/otf") == 0 ? ".otf" : ".ttf");
    e->embedded = true;
  }
  make_decls(f);
  return ok;
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
