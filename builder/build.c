#include "build.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/output.h"
#include "base/progress.h"
#include "epub/epub.h"
#include "model/doc.h"
#include "model/fonts.h"
#include "model/style.h"
#include "render/image.h"
#include "render/pdf.h"
#include "render/picture.h"
#include "read/bundle.h"
#include "text/fontlib.h"
#include "text/hyphen.h"
#include "text/shaper.h"
#include "text/uax14.h"
#include "typeset/check.h"
#include "typeset/cover.h"
#include "typeset/impose.h"
#include "typeset/layout.h"
#include "typeset/trace.h"

/* Seconds for every timestamp we write: SOURCE_DATE_EPOCH when set (the
 * reproducible-builds convention), else midnight UTC of the bundle's date. */
static bool build_time(const q_doc *doc, long long *out, q_diag *d) {
  const char *sde = getenv("SOURCE_DATE_EPOCH");
  if (sde && *sde) {
    char *end;
    errno = 0;
    long long v = strtoll(sde, &end, 10);
    if (errno || *end || v < 315532800 || v > 4102444799LL) {
      q_error(d, (q_pos){NULL, 0, 0},
              "SOURCE_DATE_EPOCH='%s' is not a time in seconds between 1980 and 2099", sde);
      return false;
    }
    *out = v;
    return true;
  }
  int y, m, day;
  if (sscanf(doc->meta.date, "%d-%d-%d", &y, &m, &day) != 3)
    return false;
  /* Days from civil (Howard Hinnant's algorithm): no time zone involved. */
  y -= m <= 2;
  long long era = (y >= 0 ? y : y - 399) / 400;
  long long yoe = y - era * 400;
  long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  *out = (era * 146097 + doe - 719468) * 86400;
  if (*out < 315532800)
    *out = 315532800; /* ZIP timestamps start in 1980 */
  return true;
}

/* TeX's paragraph parameters, with an emergency pass so that no line of the
 * print edition is ever overfull where a looser one can be had. */
static q_break_params break_params(const q_style *style) {
  q_break_params p = q_break_params_tex();
  q_computed body = q_style_compute(style, Q_SEL_BODY, NULL);
  p.emergency_stretch = Q_PT(3 * body.font_size_pt);
  return p;
}

/* Diagnostics of work on another thread: kept in memory, told after the
 * caller's own, so that messages never interleave. */
typedef struct side_diag {
  q_diag *parent;
  q_diag diag;
  char *messages;
  size_t len;
  FILE *stream;
} side_diag;

static void side_open(side_diag *sd, q_diag *parent) {
  sd->parent = parent;
  sd->messages = NULL;
  sd->len = 0;
  sd->stream = open_memstream(&sd->messages, &sd->len);
  if (!sd->stream)
    q_oom(); /* its only failure */
  q_diag_init(&sd->diag, sd->stream);
  sd->diag.strict = parent->strict;
  sd->diag.hidden = parent->hidden;
  sd->diag.shown = parent->shown;
}

/* Tell what was said (none if told is false) and close. */
static void side_close(side_diag *sd, bool told) {
  if (!sd->stream)
    return;
  fclose(sd->stream);
  sd->stream = NULL;
  q_diag *p = sd->parent;
  if (told && p->out && sd->len) {
    if (p->before)
      p->before(p->before_ctx);
    fwrite(sd->messages, 1, sd->len, p->out);
  }
  if (told) {
    p->errors += sd->diag.errors;
    p->warnings += sd->diag.warnings;
  }
  free(sd->messages);
  sd->messages = NULL;
}

static size_t count_parts(const q_doc *doc) {
  size_t n = 0;
  for (const q_node *p = doc->root->first; p; p = p->next)
    n++;
  return n;
}

/* The print edition's pages and what they need: made once, read by both
 * writers (the EPUB marks where each page begins). */
typedef struct print_run {
  q_hyphen_text *texts; /* the book's text, for the hyphenation dictionary */
  q_hyphen *hyphen;
  q_fontlib *fonts;
  q_textshaper *shaper;
  q_uax14 *uax;
  q_layout *layout;
  q_pictures *pictures;  /* the images' sizes (borrowed) */
  /* A long book's second set of text tools, for the layout's helper thread
   * (layout.h); its glyphs stay in use until the PDF is written. */
  q_hyphen *hyphen2;
  q_fontlib *fonts2;
  q_textshaper *shaper2;
  q_uax14 *uax2;
  side_diag side;
  /* --offprints: one layout per part, in the parts' order, with its file
   * name; set with the first set of text tools after the book. */
  q_layout **offprints;
  const char **offprint_names;
  size_t noffprints;
  /* --paper: the editions after the first, each laid out for its size. */
  q_layout **sized;
  const char **sized_names;
  size_t nsized;
} print_run;

static void add_text(print_run *pr, size_t *n, size_t *cap, const char *s, size_t len) {
  if (!s)
    return;
  pr->texts = q_grow(pr->texts, cap, *n + 1, sizeof *pr->texts);
  pr->texts[(*n)++] = (q_hyphen_text){s, len};
}

static bool print_layout(print_run *pr, const q_doc *doc, const q_style *style,
                         const q_fontset *fonts, q_diag *d) {
  pr->hyphen = q_hyphen_new(NULL);
  /* The book's words: its text, its metadata (title page, running heads)
   * and what the layout says itself. One left out only costs time: a word
   * the cut dictionary does not know makes the whole one load. */
  size_t ntexts = 0, cap = 0, bytes = 0;
  const q_meta *m = &doc->meta;
  const char *said[] = {m->title, m->subtitle, m->description, m->publisher, m->rights, "Contents"};
  for (size_t i = 0; i < sizeof said / sizeof *said; i++)
    add_text(pr, &ntexts, &cap, said[i], said[i] ? strlen(said[i]) : 0);
  for (size_t i = 0; i < m->authors.count; i++)
    add_text(pr, &ntexts, &cap, m->authors.items[i], strlen(m->authors.items[i]));
  for (size_t i = 0; i < m->subjects.count; i++)
    add_text(pr, &ntexts, &cap, m->subjects.items[i], strlen(m->subjects.items[i]));
  q_iter it;
  q_iter_start(&it, doc->root);
  for (q_event ev; (ev = q_iter_next(&it)) != Q_EV_DONE;)
    if (ev == Q_EV_ENTER && it.node->kind == Q_TEXT) {
      add_text(pr, &ntexts, &cap, it.node->u.text.text, it.node->u.text.len);
      bytes += it.node->u.text.len;
    }
  if (pr->hyphen)
    q_hyphen_prefetch(pr->hyphen, doc->meta.lang, pr->texts, ntexts);
  pr->fonts = q_fontlib_new(fonts, d);
  pr->shaper = q_textshaper_new(pr->fonts);
  pr->uax = q_uax14_new(d);
  if (!pr->uax || !pr->hyphen)
    return false;
  q_shaper shaper = q_textshaper_shaper(pr->shaper);
  q_hyphenator hyph = q_hyphen_hyphenator(pr->hyphen);
  q_breaker breaker = q_uax14_breaker(pr->uax);
  q_imager imager = q_pictures_imager(pr->pictures);
  q_layout_env env = {doc, style, &shaper, &hyph, &breaker, break_params(style), d, NULL, &imager};

  q_shaper shaper2;
  q_hyphenator hyph2;
  q_breaker breaker2;
  q_layout_helper helper;
  if (bytes > Q_LAYOUT_SPLIT_BYTES) {
    side_open(&pr->side, d);
    pr->hyphen2 = q_hyphen_new(NULL);
    q_hyphen_prefetch(pr->hyphen2, doc->meta.lang, pr->texts, ntexts);
    pr->fonts2 = q_fontlib_new(fonts, &pr->side.diag);
    pr->shaper2 = q_textshaper_new(pr->fonts2);
    pr->uax2 = q_uax14_new(&pr->side.diag);
    if (pr->hyphen2 && pr->uax2) {
      shaper2 = q_textshaper_shaper(pr->shaper2);
      hyph2 = q_hyphen_hyphenator(pr->hyphen2);
      breaker2 = q_uax14_breaker(pr->uax2);
      helper = (q_layout_helper){&shaper2, &hyph2, &breaker2, &pr->side.diag, 0};
      env.helper = &helper;
    }
  }
  pr->layout = q_layout_run(&env);
  side_close(&pr->side, true);
  return true;
}

/* The number of the book's page that holds destination name (its label,
 * the body's being arabic), or 0. */
static unsigned book_page_of(const q_layout *l, const char *name) {
  for (size_t i = 0; name && i < l->npages; i++)
    for (size_t k = 0; k < l->pages[i].nops; k++) {
      const q_op *op = &l->pages[i].ops[k];
      if (op->kind == Q_OP_DEST && strcmp(op->u.dest.name, name) == 0)
        return l->pages[i].kind == Q_SHEET_BODY && l->pages[i].label
                   ? (unsigned)strtoul(l->pages[i].label, NULL, 10)
                   : 0;
    }
  return 0;
}

/* --offprints: each part laid out alone (layout.h), checked like the book,
 * named NAME-ID.pdf after the part's id. false (reported) when a layout
 * fails its check or two files would have one name. */
static bool offprint_layouts(print_run *pr, const q_doc *doc, const q_style *style, q_arena *a,
                             q_diag *d) {
  q_shaper shaper = q_textshaper_shaper(pr->shaper);
  q_hyphenator hyph = q_hyphen_hyphenator(pr->hyphen);
  q_breaker breaker = q_uax14_breaker(pr->uax);
  q_imager imager = q_pictures_imager(pr->pictures);
  q_layout_env env = {doc, style, &shaper, &hyph, &breaker, break_params(style), d, NULL, &imager};
  size_t n = count_parts(doc), k = 0;
  pr->offprints = q_zalloc(n ? n : 1, sizeof *pr->offprints);
  pr->offprint_names = q_zalloc(n ? n : 1, sizeof *pr->offprint_names);
  for (const q_node *part = doc->root->first; part; part = part->next, k++) {
    unsigned first = style->page.offprint_book_numbers ? book_page_of(pr->layout, part->id) : 0;
    q_layout *l = q_layout_offprint(&env, part, first);
    pr->offprints[pr->noffprints] = l;
    const char *id = part->id ? part->id : q_arena_printf(a, "part%zu", k + 1);
    const char *name = q_arena_printf(a, "%s-%s.pdf", doc->slug, id);
    for (size_t j = 0; j < pr->noffprints; j++)
      if (strcmp(pr->offprint_names[j], name) == 0) {
        q_error(d, part->pos, "two offprints would be named %s", name);
        return false;
      }
    if (strcmp(id, "booklet") == 0 || strcmp(id, "2up") == 0) {
      q_error(d, part->pos, "the offprint of part '%s' would take the name of the %s edition",
              id, id);
      return false;
    }
    pr->offprint_names[pr->noffprints++] = name;
    if (q_layout_check(l, q_fontlib_count(pr->fonts), (q_pos){NULL, 0, 0}, d) != 0)
      return false;
  }
  return true;
}

/* The theme once per size of --paper's list, each its paper's size and
 * the theme's margins and the rest, with the names' lower-case forms for
 * the files; *n of them, allocated in a. false (reported) for a size the
 * theme syntax does not know or one asked twice. */
static bool paper_styles(const char *list, const q_style *theme, q_arena *a, q_style **out,
                         const char ***names, size_t *n, q_diag *d) {
  size_t cap = 1;
  for (const char *c = list; *c; c++)
    cap += *c == ',';
  *out = q_arena_alloc(a, cap * sizeof **out);
  *names = q_arena_alloc(a, cap * sizeof **names);
  *n = 0;
  for (const char *p = list; *p;) {
    size_t len = strcspn(p, ",");
    q_style *s = &(*out)[*n];
    *s = *theme;
    if (!q_style_paper(p, len, &s->page)) {
      q_error(d, (q_pos){NULL, 0, 0}, "--paper: unknown paper size '%.*s' (sizes: A4, A5, letter, half-letter)",
              (int)len, p);
      return false;
    }
    char *name = q_arena_printf(a, "%.*s", (int)len, p);
    for (char *c = name; *c; c++)
      if (*c >= 'A' && *c <= 'Z')
        *c = (char)(*c - 'A' + 'a');
    for (size_t k = 0; k < *n; k++)
      if (strcmp((*names)[k], name) == 0) {
        q_error(d, (q_pos){NULL, 0, 0}, "--paper: the size '%s' is asked for twice", name);
        return false;
      }
    (*names)[(*n)++] = name;
    p += len;
    if (*p == ',')
      p++;
  }
  return *n > 0;
}

/* The print editions after the first of --paper, laid out with the first
 * set of text tools and checked like it. */
static bool sized_layouts(print_run *pr, const q_doc *doc, const q_style *styles,
                          const char *const *names, size_t n, q_arena *a, q_diag *d) {
  q_shaper shaper = q_textshaper_shaper(pr->shaper);
  q_hyphenator hyph = q_hyphen_hyphenator(pr->hyphen);
  q_breaker breaker = q_uax14_breaker(pr->uax);
  pr->sized = q_zalloc(n ? n : 1, sizeof *pr->sized);
  pr->sized_names = q_zalloc(n ? n : 1, sizeof *pr->sized_names);
  for (size_t k = 1; k < n; k++) {
    q_imager imager = q_pictures_imager(pr->pictures);
    q_layout_env env = {doc, &styles[k], &shaper, &hyph, &breaker, break_params(&styles[k]), d, NULL,
                        &imager};
    q_layout *l = q_layout_run(&env);
    pr->sized[pr->nsized] = l;
    pr->sized_names[pr->nsized++] = q_arena_printf(a, "%s-%s.pdf", doc->slug, names[k]);
    if (q_layout_check(l, q_fontlib_count(pr->fonts), (q_pos){NULL, 0, 0}, d) != 0)
      return false;
  }
  return true;
}

/* A font of the trace by its file's base name and face index: stable
 * across machines, where the fonts' folders are not. */
typedef struct trace_names {
  const q_fontlib *fonts;
  char name[256];
} trace_names;

static const char *trace_font(void *ctx, uint16_t font) {
  trace_names *tn = ctx;
  const q_fontfile *ff = q_fontlib_file(tn->fonts, font);
  if (!ff || !ff->path)
    return NULL;
  const char *base = strrchr(ff->path, '/');
  snprintf(tn->name, sizeof tn->name, "%s#%u", base ? base + 1 : ff->path, ff->index);
  return tn->name;
}

/* The layout's trace (trace.h) at path. */
static bool write_trace(const print_run *pr, const char *path, q_diag *d) {
  q_buf b;
  q_buf_init(&b);
  trace_names tn = {pr->fonts, {0}};
  q_trace_write(&b, pr->layout, trace_font, &tn);
  FILE *f = fopen(path, "wb");
  bool ok = f && fwrite(b.data, 1, b.len, f) == b.len;
  int err = errno;
  if (f && fclose(f) != 0 && ok) {
    ok = false;
    err = errno;
  }
  if (!ok)
    q_error(d, (q_pos){path, 0, 0}, "cannot write the layout trace: %s", strerror(err ? err : EIO));
  q_buf_drop(&b);
  return ok;
}

/* The print edition's pages, handed from the thread that makes them to the
 * EPUB writer's, which starts before they exist (epub.h). */
typedef struct pages_gate {
  pthread_mutex_t lock;
  pthread_cond_t ready;
  const q_layout *layout;
  bool open;
} pages_gate;

static void gate_open(pages_gate *g, const q_layout *layout) {
  pthread_mutex_lock(&g->lock);
  g->layout = layout;
  g->open = true;
  pthread_cond_broadcast(&g->ready);
  pthread_mutex_unlock(&g->lock);
}

static const q_layout *gate_wait(void *ctx) {
  pages_gate *g = ctx;
  pthread_mutex_lock(&g->lock);
  while (!g->open)
    pthread_cond_wait(&g->ready, &g->lock);
  const q_layout *l = g->layout;
  pthread_mutex_unlock(&g->lock);
  return l;
}

/* The print editions beside the PDF: the imposed ones (booklet, 2-up),
 * replayed from the same pages, the offprints and the other paper sizes,
 * into the same private
 * output folder, so that they are committed with the rest or not at all. */
static bool print_extras(const q_build_opts *o, q_output *out, const print_run *pr,
                         const q_doc *doc, const q_style *style, long long mtime, q_arena *a,
                         q_diag *d) {
  static const struct {
    unsigned bit;
    q_impose_kind kind;
    const char *suffix;
  } kinds[] = {{Q_PRINT_BOOKLET, Q_IMPOSE_BOOKLET, "booklet"}, {Q_PRINT_2UP, Q_IMPOSE_2UP, "2up"}};
  bool ok = true;
  const q_layout *l = pr->layout;
  for (size_t k = 0; ok && k < sizeof kinds / sizeof *kinds; k++) {
    if (!(o->impose & kinds[k].bit))
      continue;
    q_imposition *im = q_imposition_new(kinds[k].kind, l->npages, l->width, l->height,
                                        style->page.size_name, Q_PT(o->creep_pt), o->fold_marks);
    char *path = q_output_path(out, q_arena_printf(a, "%s-%s.pdf", doc->slug, kinds[k].suffix));
    q_pdf_job job = {.doc = doc, .layout = l, .fonts = pr->fonts, .mtime = mtime, .imposition = im};
    ok = q_pdf_write(&job, path, d);
    free(path);
    q_imposition_drop(im);
  }
  for (size_t i = 0; ok && i < pr->noffprints; i++) {
    char *path = q_output_path(out, pr->offprint_names[i]);
    q_pdf_job job = {.doc = doc, .layout = pr->offprints[i], .fonts = pr->fonts, .mtime = mtime,
                     .bleed = Q_PT(o->bleed_pt), .crop_marks = o->crop_marks};
    ok = q_pdf_write(&job, path, d);
    free(path);
  }
  for (size_t i = 0; ok && i < pr->nsized; i++) {
    char *path = q_output_path(out, pr->sized_names[i]);
    q_pdf_job job = {.doc = doc, .layout = pr->sized[i], .fonts = pr->fonts, .mtime = mtime,
                     .bleed = Q_PT(o->bleed_pt), .crop_marks = o->crop_marks};
    ok = q_pdf_write(&job, path, d);
    free(path);
  }
  return ok;
}

/* What the process ends with is not freed piece by piece at the end of a
 * build: the hyphenation dictionaries, the pages, the font library and the
 * model are hundreds of thousands of small blocks, and giving them back one
 * by one took longer than writing the article's EPUB. Builds for leak
 * checkers free everything (AddressSanitizer's by itself; any other with
 * -DQUIRE_FREE_ALL). */
#if defined(__has_feature)
#if __has_feature(address_sanitizer) /* clang's way to say it */
#define QUIRE_UNDER_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(QUIRE_UNDER_ASAN) || defined(QUIRE_FREE_ALL)
enum { FREE_AT_END = 1 };
#else
enum { FREE_AT_END = 0 };
#endif

static void print_drop(print_run *pr) {
  for (size_t i = 0; i < pr->nsized; i++)
    q_layout_drop(pr->sized[i]);
  free(pr->sized);
  free(pr->sized_names);
  for (size_t i = 0; i < pr->noffprints; i++)
    q_layout_drop(pr->offprints[i]);
  free(pr->offprints);
  free(pr->offprint_names);
  q_layout_drop(pr->layout);
  q_uax14_drop(pr->uax);
  q_textshaper_drop(pr->shaper);
  q_fontlib_drop(pr->fonts);
  q_hyphen_drop(pr->hyphen);
  q_uax14_drop(pr->uax2);
  q_textshaper_drop(pr->shaper2);
  q_fontlib_drop(pr->fonts2);
  q_hyphen_drop(pr->hyphen2);
  free(pr->texts);
}

/* The EPUB's cover: a page the typesetter lays out (typeset/cover.h) and
 * the renderer draws (render/image.h). Called on the EPUB's thread while
 * this one sets the print edition, with that thread's font service; the
 * shaper and the breaker are its own (they keep caches and are not
 * thread-safe). */
typedef struct cover_job {
  const q_doc *doc;
  const q_style *style;
} cover_job;

static bool cover_png(void *ctx, q_fontlib *fl, q_buf *out, q_diag *d) {
  const cover_job *cj = ctx;
  q_uax14 *uax = q_uax14_new(d);
  bool ok = false;
  if (uax) {
    q_textshaper *ts = q_textshaper_new(fl);
    q_shaper shaper = q_textshaper_shaper(ts);
    q_breaker breaker = q_uax14_breaker(uax);
    q_layout_env env = {cj->doc, cj->style, &shaper, NULL, &breaker, q_break_params_tex(), d, NULL,
                        NULL};
    q_layout *cover = q_layout_cover(&env);
    q_fontlib_draw_glyphs(fl, cover); /* a CJK title: drawn from a subset */
    ok = q_image_png(fl, cover, 0, out, d);
    q_layout_drop(cover);
    q_textshaper_drop(ts);
  }
  q_uax14_drop(uax);
  return ok;
}

/* The EPUB writer on a thread of its own, with its own diagnostics. */
typedef struct epub_task {
  q_epub_job job;
  char *path;
  q_diag *parent;
  side_diag side;
  pthread_t thread;
  bool ok, done;
} epub_task;

static void *epub_main(void *arg) {
  epub_task *et = arg;
  et->ok = q_epub_write(&et->job, et->path, &et->side.diag);
  if (et->ok)
    q_output_sync(et->path); /* here, beside the PDF's writing */
  return NULL;
}

/* The EPUB thread's own font service (fontlib.h: one instance per thread),
 * owned here, not by the writer: what else that thread draws uses it too. */
static bool epub_start(epub_task *et, const q_fontset *fonts) {
  side_open(&et->side, et->parent);
  et->job.fontlib = q_fontlib_new(fonts, &et->side.diag);
  if (pthread_create(&et->thread, NULL, epub_main, et) != 0) {
    q_fontlib_drop(et->job.fontlib);
    et->job.fontlib = NULL;
    side_close(&et->side, false);
    return false;
  }
  return true;
}

static void epub_finish(epub_task *et) {
  pthread_join(et->thread, NULL);
  side_close(&et->side, true);
}

/* Themes are looked up beside the bundle (styles/ in its folder) first, then
 * in the data folder. */
static q_theme_dirs theme_dirs(q_arena *a, const q_build_opts *o) {
  q_theme_dirs dirs = {{NULL}, 0};
  const char *slash = strrchr(o->bundle, '/');
  dirs.dir[dirs.n++] =
      slash ? q_arena_printf(a, "%.*s/styles", (int)(slash - o->bundle), o->bundle) : "styles";
  dirs.dir[dirs.n++] = q_arena_printf(a, "%s/styles", o->datadir);
  return dirs;
}

int q_build_run(const q_build_opts *o, q_diag *d) {
  q_progress progress;
  q_progress_init(&progress, d->out, o->quiet);
  d->before = q_progress_clear;
  d->before_ctx = &progress;
  q_progress_say(&progress, "reading %s", o->bundle);
  q_doc *doc = q_read_bundle(o->bundle, d);
  if (doc && o->name)
    doc->slug = o->name; /* --name: every output's base name */
  if (doc)
    q_progress_say(&progress, "read %zu parts", count_parts(doc));
  q_arena arena;
  q_arena_init(&arena);
  q_style *style = NULL;
  q_fontset *fonts = NULL;
  q_pictures *pictures = NULL;
  int rc = 1;

  /* The theme and the fonts are checked even when the sources have errors,
   * so one run reports everything it can. */
  const char *theme = doc ? doc->meta.theme : "default";
  q_theme_dirs dirs = theme_dirs(&arena, o);
  if (o->style)
    style = q_style_load_in(&arena, o->style, &dirs, d);
  else
    style = q_style_find(&arena, theme, &dirs, (q_pos){o->bundle, 0, 0}, d);
  const char *fonts_path = o->fonts ? o->fonts : q_arena_printf(&arena, "%s/fonts/manifest", o->datadir);
  fonts = q_fontset_load(&arena, fonts_path, d);

  /* --paper: the first size is the edition everything else follows. */
  q_style *sized = NULL;
  const char **paper_names = NULL;
  size_t npapers = 0;
  if (style && o->papers && paper_styles(o->papers, style, &arena, &sized, &paper_names, &npapers, d))
    style = &sized[0];
  if (!doc || !style || !fonts || q_diag_failed(d))
    goto done;
  if (q_doc_check(doc, d) != 0)
    goto done;
  /* Every image opened once: a corrupt one is an error before anything
   * is written. */
  pictures = q_pictures_new();
  if (!q_pictures_probe(pictures, doc, d))
    goto done;
  if (o->check_only) {
    /* A build opens the fonts it needs; check opens them all, so that a
     * missing or damaged file in the manifest is told before a build. */
    q_fontlib *fl = q_fontlib_new(fonts, d);
    for (size_t i = 0; fl && i < q_fontlib_count(fl); i++)
      q_fontlib_usable(fl, (uint16_t)i);
    q_fontlib_drop(fl);
    rc = q_diag_failed(d) ? 1 : 0;
    goto done;
  }

  long long mtime;
  if (!build_time(doc, &mtime, d))
    goto done;

  q_output out;
  if (!q_output_open(&out, o->outdir, d))
    goto done;
  d->hidden = out.tmp;
  d->shown = out.dir;
  print_run pr = {0};
  pr.pictures = pictures;
  bool ok = true;
  const char *print_id = q_arena_printf(&arena, "%s#print", doc->meta.identifier);
  /* The EPUB is written in a second thread, started first: it makes its
   * font subsets and cover while this one sets the pages, then marks them
   * while this one writes the PDF. Both only read the model and the pages.
   * Its messages are kept and told after, so that they do not interleave. */
  pages_gate gate = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, false};
  epub_task et = {0};
  cover_job cover = {doc, style};
  bool threaded = false;
  if (o->formats & Q_FORMAT_EPUB) {
    char *name = q_arena_printf(&arena, "%s.epub", doc->slug);
    et.path = q_output_path(&out, name);
    et.job = (q_epub_job){.doc = doc, .style = style, .fonts = fonts, .mtime = mtime,
                          .cover_png = cover_png, .cover_ctx = &cover};
    et.parent = d;
    if (!et.path) {
      ok = false;
    } else if (o->formats & Q_FORMAT_PDF) {
      et.job.await_pages = gate_wait;
      et.job.await_ctx = &gate;
      et.job.print_id = print_id;
      threaded = epub_start(&et, fonts);
    }
  }
  if (ok && (o->formats & Q_FORMAT_PDF)) {
    q_progress_say(&progress, "setting pages");
    ok = print_layout(&pr, doc, style, fonts, d);
    /* The trace first: it is most wanted when the check below fails. */
    if (ok && o->trace)
      ok = write_trace(&pr, o->trace, d);
    /* The typesetter's invariants, before anything reads the pages. */
    if (ok)
      ok = q_layout_check(pr.layout, q_fontlib_count(pr.fonts), (q_pos){NULL, 0, 0}, d) == 0;
    if (ok && o->offprints)
      ok = offprint_layouts(&pr, doc, style, &arena, d);
    if (ok && npapers > 1)
      ok = sized_layouts(&pr, doc, sized, paper_names, npapers, &arena, d);
    if (ok)
      q_progress_say(&progress, "set %zu pages; writing", pr.layout->npages);
  } else {
    q_progress_say(&progress, "writing");
  }
  gate_open(&gate, ok ? pr.layout : NULL);
  if (ok && et.path && !threaded) {
    et.job.await_pages = NULL;
    et.job.pages = pr.layout;
    et.job.print_id = pr.layout ? print_id : NULL;
    et.job.fontlib = q_fontlib_new(fonts, d);
    et.ok = q_epub_write(&et.job, et.path, d);
    et.done = true;
  }
  if (ok && (o->formats & Q_FORMAT_PDF)) {
    char *name = npapers ? q_arena_printf(&arena, "%s-%s.pdf", doc->slug, paper_names[0])
                         : q_arena_printf(&arena, "%s.pdf", doc->slug);
    char *path = q_output_path(&out, name);
    /* A large font (the CJK collection) is drawn from a subset of the
     * glyphs the pages use: tell the font service which those are. */
    q_fontlib_draw_glyphs(pr.fonts, pr.layout);
    for (size_t i = 0; i < pr.noffprints; i++)
      q_fontlib_draw_glyphs(pr.fonts, pr.offprints[i]);
    for (size_t i = 0; i < pr.nsized; i++)
      q_fontlib_draw_glyphs(pr.fonts, pr.sized[i]);
    q_pdf_job job = {.doc = doc, .layout = pr.layout, .fonts = pr.fonts, .mtime = mtime,
                     .bleed = Q_PT(o->bleed_pt), .crop_marks = o->crop_marks};
    ok = path && q_pdf_write(&job, path, d);
    if (ok && threaded)
      q_output_sync(path); /* while the EPUB thread may still work */
    free(path);
    ok = ok && print_extras(o, &out, &pr, doc, style, mtime, &arena, d);
  }
  if (threaded)
    epub_finish(&et);
  q_fontlib_drop(et.job.fontlib); /* after the EPUB's thread is done with it */
  if (et.path) {
    ok = ok && et.ok;
    free(et.path);
    if (et.ok && !pr.layout && d->out)
      fputs("quire: note: the EPUB has no page list: it takes its page numbers from the PDF "
            "built in the same run (--format epub,pdf)\n",
            d->out);
  }
  if (FREE_AT_END || o->free_all)
    print_drop(&pr);
  d->hidden = d->shown = NULL;
  if (ok && !q_diag_failed(d) && q_output_commit(&out, d))
    rc = 0;
  else
    q_output_abort(&out);

done:
  q_progress_end(&progress);
  d->before = NULL;
  q_pictures_drop(pictures);
  q_arena_drop(&arena);
  if (FREE_AT_END || o->free_all)
    q_doc_drop(doc);
  return rc;
}
