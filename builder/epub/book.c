/* book: the plan of one archive.
 *
 * The files are laid out once, in the order the archive, the manifest and
 * the spine keep: cover, title page, contents (nav), one document per part,
 * then the NCX, the style sheet and the cover picture; the font subsets are
 * appended when they exist. Part files are named after the part's slug,
 * renamed only if a slug would take a fixed file's name. The print
 * edition's pages, when the job has them, are planned after the book, by
 * epub_pages_plan (pagelist.c): their markers' ids must not take an xml:id
 * of the model. */
#include "book.h"
#include "../base/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const fixed_names[] = {"cover.xhtml", "titlepage.xhtml", "nav.xhtml", "toc.ncx",
                                          "style.css",   "cover.png"};

size_t epub_book_add(epub_book *b, const char *href, const char *id, const char *media_type) {
  if (b->nfiles == b->capfiles) {
    b->capfiles = b->capfiles ? 2 * b->capfiles : 32;
    b->files = q_realloc(b->files, b->capfiles, sizeof *b->files);
  }
  epub_file *f = &b->files[b->nfiles];
  memset(f, 0, sizeof *f);
  f->href = href;
  f->id = id;
  f->media_type = media_type;
  q_buf_init(&f->data);
  return b->nfiles++;
}

static bool name_taken(const epub_book *b, const char *name) {
  for (size_t i = 0; i < sizeof fixed_names / sizeof *fixed_names; i++)
    if (strcmp(fixed_names[i], name) == 0)
      return true;
  for (size_t i = 0; i < b->nfiles; i++)
    if (strcmp(b->files[i].href, name) == 0)
      return true;
  return false;
}

static int anchor_cmp(const void *x, const void *y) {
  return strcmp(((const epub_anchor *)x)->id, ((const epub_anchor *)y)->id);
}

/* Every xml:id in the tree, with the file of the part that holds it. */
static void map_anchors(epub_book *b) {
  size_t n = 0, cap = 64;
  b->anchors = q_realloc(NULL, cap, sizeof *b->anchors);
  const char *href = NULL;
  q_iter it;
  q_iter_start(&it, b->doc->root);
  for (q_event ev; (ev = q_iter_next(&it)) != Q_EV_DONE;) {
    const q_node *node = it.node;
    if (ev != Q_EV_ENTER)
      continue;
    if (node->kind == Q_PART)
      for (size_t i = 0; i < b->nparts; i++)
        if (b->parts[i].node == node)
          href = b->files[b->parts[i].file].href;
    if (!node->id || !href)
      continue;
    if (n == cap) {
      cap *= 2;
      b->anchors = q_realloc(b->anchors, cap, sizeof *b->anchors);
    }
    b->anchors[n++] = (epub_anchor){node->id, href};
  }
  qsort(b->anchors, n, sizeof *b->anchors, anchor_cmp);
  b->nanchors = n;
}

void epub_book_init(epub_book *b, const q_epub_job *job, q_diag *d) {
  memset(b, 0, sizeof *b);
  b->doc = job->doc;
  b->style = job->style;
  b->fontset = job->fonts;
  b->mtime = job->mtime;
  q_arena_init(&b->arena);
  const char *xhtml = "application/xhtml+xml";
  b->f_cover = epub_book_add(b, "cover.xhtml", "cover", xhtml);
  b->f_title = epub_book_add(b, "titlepage.xhtml", "titlepage", xhtml);
  b->f_nav = epub_book_add(b, "nav.xhtml", "nav", xhtml);
  b->files[b->f_nav].properties = "nav";

  size_t nparts = 0;
  for (const q_node *p = b->doc->root->first; p; p = p->next)
    nparts += p->kind == Q_PART;
  b->parts = q_realloc(NULL, (nparts ? nparts : 1), sizeof *b->parts);
  for (const q_node *p = b->doc->root->first; p; p = p->next) {
    if (p->kind != Q_PART)
      continue;
    const char *slug = p->u.part.slug ? p->u.part.slug : p->id ? p->id : "part";
    char *href = q_arena_printf(&b->arena, "%s.xhtml", slug);
    for (unsigned k = 2; name_taken(b, href); k++)
      href = q_arena_printf(&b->arena, "%s-%u.xhtml", slug, k);
    size_t nth = b->nparts + 1;
    char *id = q_arena_printf(&b->arena, "part-%zu", nth);
    b->parts[b->nparts++] = (epub_part){p, epub_book_add(b, href, id, xhtml)};
  }
  for (size_t i = 0; i < b->nfiles; i++)
    b->files[i].spine = true;

  b->f_ncx = epub_book_add(b, "toc.ncx", "ncx", "application/x-dtbncx+xml");
  b->f_css = epub_book_add(b, "style.css", "css", "text/css");
  /* The user's cover (info/cover), else the one quire draws (epub.c). */
  const q_image *cover = b->doc->meta.cover;
  if (cover && cover->format == Q_IMAGE_JPEG)
    b->f_png = epub_book_add(b, "cover.jpg", "cover-image", "image/jpeg");
  else
    b->f_png = epub_book_add(b, "cover.png", "cover-image", "image/png");
  b->files[b->f_png].properties = "cover-image";
  b->files[b->f_png].store = true;

  map_anchors(b);
  b->print_id = job->print_id;
  epub_package_uid(b->doc->meta.identifier ? b->doc->meta.identifier : b->doc->slug, b->uid);
  time_t t = (time_t)b->mtime;
  struct tm tm;
  if (gmtime_r(&t, &tm))
    strftime(b->modified, sizeof b->modified, "%Y-%m-%dT%H:%M:%SZ", &tm);
  b->fonts = epub_fonts_new(job->fontlib, b->fontset, d);
}

void epub_book_drop(epub_book *b) {
  for (size_t i = 0; i < b->nfiles; i++)
    q_buf_drop(&b->files[i].data);
  free(b->files);
  free(b->parts);
  free(b->anchors);
  free(b->pages);
  free(b->marks);
  epub_fonts_drop(b->fonts);
  epub_figures_drop(b);
  q_arena_drop(&b->arena);
  memset(b, 0, sizeof *b);
}

const char *epub_book_href_of(const epub_book *b, const char *id) {
  epub_anchor key = {id, NULL};
  const epub_anchor *a = bsearch(&key, b->anchors, b->nanchors, sizeof key, anchor_cmp);
  return a ? a->href : NULL;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

void epub_plain_text(q_buf *out, const q_node *n) {
  size_t start = out->len;
  bool space = false; /* a space is owed before the next character */
  q_iter it;
  q_iter_start(&it, n);
  for (q_event ev; (ev = q_iter_next(&it)) != Q_EV_DONE;) {
    if (ev != Q_EV_ENTER || it.node->kind != Q_TEXT)
      continue;
    const char *s = it.node->u.text.text;
    for (size_t i = 0; i < it.node->u.text.len; i++) {
      if (is_space(s[i])) {
        space = out->len > start;
        continue;
      }
      if (space)
        q_buf_putc(out, ' ');
      space = false;
      q_buf_putc(out, s[i]);
    }
  }
}

void epub_part_title(q_buf *out, const q_node *part) {
  if (part->u.part.number)
    q_buf_printf(out, "%u. ", part->u.part.number);
  const q_node *title = q_node_title(part);
  if (title)
    epub_plain_text(out, title);
}
