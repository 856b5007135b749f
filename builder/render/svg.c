/* svg.c: librsvg, opened with dlopen on the first SVG (see svg.h).
 *
 * The library's own header gives the types and the functions' signatures;
 * each function used is looked up once in the library and called through a
 * pointer of that signature, so a mismatch is a compile error here. The
 * library is never closed: GLib cannot be unloaded safely, and the process
 * ends soon after the book is written. */
#define _GNU_SOURCE /* dlopen, dlsym */
#include "svg.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

#include <librsvg/rsvg.h>

/* The soname librsvg 2.x has kept since 2.0 (Debian: librsvg2-2). */
#define RSVG_SONAME "librsvg-2.so.2"

static struct {
  __typeof__(rsvg_handle_new_from_data) *new_from_data;
  __typeof__(rsvg_handle_get_intrinsic_size_in_pixels) *size_in_pixels;
  __typeof__(rsvg_handle_get_intrinsic_dimensions) *dimensions;
  __typeof__(rsvg_handle_render_document) *render_document;
  __typeof__(g_object_unref) *unref;
  __typeof__(g_error_free) *error_free;
  char why[160]; /* empty when loaded */
} lib;

static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Store the address of the symbol name into *slot; false if absent. */
static bool find(void *h, const char *name, void *slot) {
  void *p = dlsym(h, name);
  if (!p)
    snprintf(lib.why, sizeof lib.why, "cannot be shown: librsvg has no %s (too old a version)", name);
  else
    *(void **)slot = p; /* POSIX: a data pointer can hold a function's address */
  return p != NULL;
}

static void load(void) {
  void *h = dlopen(RSVG_SONAME, RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    snprintf(lib.why, sizeof lib.why,
             "cannot be shown: SVG images need librsvg, which is not installed "
             "(Debian package librsvg2-2)");
    return;
  }
  /* Each symbol is searched in librsvg and the libraries it depends on (GLib's
   * and GObject's own functions are found there too). */
  if (!find(h, "rsvg_handle_new_from_data", &lib.new_from_data) ||
      !find(h, "rsvg_handle_get_intrinsic_size_in_pixels", &lib.size_in_pixels) ||
      !find(h, "rsvg_handle_get_intrinsic_dimensions", &lib.dimensions) ||
      !find(h, "rsvg_handle_render_document", &lib.render_document) ||
      !find(h, "g_object_unref", &lib.unref) || !find(h, "g_error_free", &lib.error_free))
    return;
  lib.why[0] = '\0';
}

q_svg *q_svg_open(const unsigned char *b, size_t len, char *why, size_t cap) {
  pthread_once(&once, load);
  if (lib.why[0]) {
    snprintf(why, cap, "%s", lib.why);
    return NULL;
  }
  GError *err = NULL;
  RsvgHandle *h = lib.new_from_data(b, len, &err);
  if (!h)
    snprintf(why, cap, "%s", err && err->message ? err->message : "librsvg cannot read it");
  if (err)
    lib.error_free(err);
  return (q_svg *)h;
}

void q_svg_drop(q_svg *s) {
  if (s)
    lib.unref(s);
}

void q_svg_size(q_svg *s, double *w, double *h) {
  RsvgHandle *hd = (RsvgHandle *)s;
  if (lib.size_in_pixels(hd, w, h) && *w > 0 && *h > 0)
    return;
  gboolean has_vb = FALSE, hw = FALSE, hh = FALSE;
  RsvgLength lw, lh;
  RsvgRectangle vb;
  lib.dimensions(hd, &hw, &lw, &hh, &lh, &has_vb, &vb);
  if (has_vb && vb.width > 0 && vb.height > 0) {
    *w = vb.width;
    *h = vb.height;
  } else {
    *w = 300;
    *h = 150;
  }
}

bool q_svg_render(q_svg *s, cairo_t *cr, double x, double y, double w, double h) {
  GError *err = NULL;
  RsvgRectangle vp = {x, y, w, h};
  bool ok = lib.render_document((RsvgHandle *)s, cr, &vp, &err);
  if (err)
    lib.error_free(err);
  return ok;
}
