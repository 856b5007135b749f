/* epub: q_epub_write, the order of work.
 *
 *   1. plan the files (book.c);
 *   2. write the content and navigation documents, declaring every
 *      character to the fonts in the face it is set in (xhtml.c, nav.c);
 *   3. cut the font subsets (fontsub.c, through the font service) and add
 *      them to the plan;
 *   4. have the cover drawn (the job's cover_png: the typesetter and the
 *      renderer make it), write the CSS (css.c);
 *   5. when the print edition is built in the same run: wait for its pages,
 *      and write the content and navigation documents again, now with a
 *      marker where each page begins (pagelist.c); the page list closes the
 *      navigation document once every marker is written. The markers add no
 *      visible text, so the fonts of step 3 still hold every character;
 *   6. pack everything (zipout.c, which also writes the package document).
 * Steps 2-4 need nothing from the print edition, so they run while its
 * pages are being made. Everything is made in memory before the archive is
 * opened, so a failure at any step leaves no file at path. */
#include "epub.h"

#include "book.h"

/* Step 2 (and 5): the content and navigation documents, from empty. */
static void write_documents(epub_book *b, q_diag *d) {
  size_t docs[] = {b->f_cover, b->f_title, b->f_nav, b->f_ncx};
  for (size_t i = 0; i < sizeof docs / sizeof *docs; i++)
    q_buf_clear(&b->files[docs[i]].data);
  for (size_t i = 0; i < b->nparts; i++)
    q_buf_clear(&b->files[b->parts[i].file].data);
  epub_xhtml_cover(b, &b->files[b->f_cover].data);
  epub_xhtml_titlepage(b, &b->files[b->f_title].data);
  epub_nav_xhtml(b, &b->files[b->f_nav].data);
  for (size_t i = 0; i < b->nparts; i++)
    epub_xhtml_part(b, &b->parts[i], &b->files[b->parts[i].file].data);
  epub_nav_xhtml_end(b, &b->files[b->f_nav].data);
  for (size_t i = 0; i < b->npages; i++)
    if (!b->pages[i].written) /* not expected: every text of the model is written */
      q_warning(d, b->pages[i].anchor ? b->pages[i].anchor->pos : b->doc->meta.pos,
                "page %s of the PDF has no place in the EPUB: it is left out of the page list",
                b->pages[i].label);
  epub_nav_ncx(b, &b->files[b->f_ncx].data);
}

bool q_epub_write(const q_epub_job *job, const char *path, q_diag *d) {
  epub_book b;
  epub_book_init(&b, job, d);
  bool ok = false;
  if (!epub_figures_plan(&b, d))
    goto done;
  const q_layout *pages = job->await_pages ? NULL : job->pages;
  epub_pages_plan(&b, pages);

  write_documents(&b, d);

  if (!epub_fonts_make(b.fonts, d))
    goto done;
  for (size_t i = 0, nth = 0; i < b.fonts->norder; i++) {
    const epub_font *e = &b.fonts->fonts[b.fonts->order[i]];
    if (!e->embedded)
      continue;
    const char *id = q_arena_printf(&b.arena, "font-%zu", ++nth);
    epub_file *f = &b.files[epub_book_add(&b, e->href, id, e->media_type)];
    f->ext = e->data;
    f->ext_len = e->len;
  }

  if (!job->cover_png) {
    q_error(d, (q_pos){NULL, 0, 0}, "internal error: the EPUB writer was given no cover");
    goto done;
  }
  if (b.doc->meta.cover) {
    if (!epub_figures_cover(&b, &b.files[b.f_png].data, d))
      goto done;
  } else if (!job->cover_png(job->cover_ctx, job->fontlib, &b.files[b.f_png].data, d)) {
    goto done;
  }
  epub_css(&b, &b.files[b.f_css].data);

  if (job->await_pages && (pages = job->await_pages(job->await_ctx)) != NULL) {
    epub_pages_plan(&b, pages);
    write_documents(&b, d);
  }
  ok = epub_zip_write(&b, path, d);

done:
  epub_book_drop(&b);
  return ok;
}
