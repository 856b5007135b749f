/* epub: the EPUB 3 writer (model -> XHTML, package, navigation -> libzip).
 *
 * Reads only the model, the style model and the font manifest (through the
 * font service of builder/text, which also cuts the font subsets); never
 * the XML sources. Writes one complete archive at path (a private temporary file the
 * build renames into place), or reports why not and returns false. */
#ifndef QUIRE_EPUB_EPUB_H
#define QUIRE_EPUB_EPUB_H

#include <stdbool.h>

#include "../base/buf.h"
#include "../base/diag.h"
#include "../model/doc.h"
#include "../model/fonts.h"
#include "../model/style.h"
#include "../text/fontlib.h"
#include "../typeset/layout.h"

typedef struct q_epub_job {
  const q_doc *doc;
  const q_style *style;
  const q_fontset *fonts;
  /* The font service for the writer's thread (borrowed: the caller makes
   * one for the EPUB alone, over fonts, and drops it after the writer). It
   * picks every character's font as the print edition does. */
  q_fontlib *fontlib;
  long long mtime; /* seconds since 1970, UTC: every timestamp in the archive */
  /* The print edition's pages, when it is built in the same run: the EPUB
   * then marks where each page begins and lists them (page-list). They may
   * still be in the making when the writer starts: it does everything that
   * does not need them first (font subsets, cover), then calls await_pages,
   * which returns them when they are ready (NULL: no page list). With no
   * await_pages, pages is used as it is (NULL: no page list). */
  const q_layout *pages;
  const q_layout *(*await_pages)(void *ctx);
  void *await_ctx;
  const char *print_id; /* the print edition's identifier (pageBreakSource) */
  /* The cover picture: a PNG appended to out, made by the caller (the
   * typesetter lays the cover out, the renderer draws it) and called on
   * the writer's thread, before await_pages, with the writer's fontlib
   * (the one font service of that thread). false (reported): the EPUB
   * fails. Required. */
  bool (*cover_png)(void *ctx, q_fontlib *fonts, q_buf *out, q_diag *d);
  void *cover_ctx;
} q_epub_job;

bool q_epub_write(const q_epub_job *job, const char *path, q_diag *d);

#endif
