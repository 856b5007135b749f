/* The PDF writer, judged by independent tools: a hand-made two-page layout
 * (headings, paragraphs, a Hindi span, internal and external links, an
 * outline, page labels), set with the real fonts and shaper, written and
 * then read back with qpdf and poppler (pdfinfo, pdffonts, pdftotext).
 * Also: two writes give the same bytes, and what the writer must refuse
 * (a run in a font the library does not have, an unwritable file). What a
 * layout must not hold is q_layout_check's: test_check.c.
 * Run from the repo root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/buf.h"
#include "base/diag.h"
#include "model/doc.h"
#include "model/fonts.h"
#include "render/pdf.h"
#include "text/fontlib.h"
#include "text/shaper.h"
#include "typeset/check.h"
#include "typeset/layout.h"

#include "handmade.h"

/* One fontlib for the whole run: cairo may keep faces made from its
 * FT_Faces in its caches until the process ends. */
static q_arena font_arena;
static q_fontlib *fonts;
static q_textshaper *tshaper;
static q_shaper shaper;
static q_diag fdiag;
static char tmpdir[] = "/tmp/quire-pdf-XXXXXX";

static int setup(void **state) {
  (void)state;
  q_diag_init(&fdiag, stderr);
  q_arena_init(&font_arena);
  q_fontset *fs = q_fontset_load(&font_arena, "fonts/manifest", &fdiag);
  if (!fs || !mkdtemp(tmpdir))
    return -1;
  fonts = q_fontlib_new(fs, &fdiag);
  tshaper = q_textshaper_new(fonts);
  shaper = q_textshaper_shaper(tshaper);
  handmade_shaper = &shaper;
  return 0;
}

static int teardown(void **state) {
  (void)state;
  q_textshaper_drop(tshaper);
  q_fontlib_drop(fonts);
  q_arena_drop(&font_arena);
  char cmd[128];
  if (getenv("QUIRE_KEEP")) { /* look at the files afterwards */
    fprintf(stderr, "kept %s\n", tmpdir);
    return 0;
  }
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  return system(cmd) == 0 ? 0 : -1;
}

static char *tmp(const char *name) {
  static char path[4][256];
  static int k;
  char *p = path[k++ % 4];
  snprintf(p, sizeof path[0], "%s/%s", tmpdir, name);
  return p;
}

static q_doc *sample_doc(void) {
  q_doc *doc = q_doc_new();
  doc->meta.title = "Quire (test) book \\ one";
  doc->meta.lang = "en";
  doc->meta.description = "A test of the PDF writer";
  q_strlist_push(doc, &doc->meta.authors, "Ana Author");
  q_strlist_push(doc, &doc->meta.authors, "Bo Writer");
  q_strlist_push(doc, &doc->meta.subjects, "typesetting");
  q_strlist_push(doc, &doc->meta.subjects, "PDF");
  return doc;
}

/* Write l with doc's metadata at path; the diag's counts come back in *d. */
static bool write_pdf(const q_layout *l, const q_doc *doc, const char *path, q_diag *d) {
  q_diag_init(d, stderr);
  q_pdf_job job = {.doc = doc, .layout = l, .fonts = fonts, .mtime = 1704067200}; /* 2024-01-01T00:00:00Z */
  return q_pdf_write(&job, path, d);
}

/* ---- reading it back ---------------------------------------------------- */

/* All of f, in a malloc'd string (NUL-terminated) of *len bytes. */
static char *read_all(FILE *f, size_t *len) {
  q_buf b;
  q_buf_init(&b);
  char chunk[8192];
  for (size_t n; (n = fread(chunk, 1, sizeof chunk, f)) > 0;)
    q_buf_add(&b, chunk, n);
  return q_buf_take(&b, len);
}

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  char *s = read_all(f, len);
  fclose(f);
  return s;
}

/* Run "name 'path' tail" (tail, e.g. "2>&1"), which must succeed; its
 * stdout in a malloc'd string. */
static char *tool(const char *name, const char *path, const char *tail) {
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "%s '%s' %s", name, path, tail);
  FILE *p = popen(cmd, "r");
  assert_non_null(p);
  size_t len;
  char *out = read_all(p, &len);
  int rc = pclose(p);
  if (rc != 0)
    fail_msg("%s failed (%d):\n%s", cmd, rc, out);
  return out;
}

/* l keeps the typesetter's invariants, is written with no diagnostic at
 * all, and qpdf finds nothing wrong. */
static void write_clean(const q_layout *l, const q_doc *doc, const char *path) {
  q_diag d;
  q_diag_init(&d, stderr);
  assert_int_equal(q_layout_check(l, q_fontlib_count(fonts), (q_pos){path, 0, 0}, &d), 0);
  assert_true(write_pdf(l, doc, path, &d));
  assert_int_equal(d.errors + d.warnings, 0);
  char *out = tool("qpdf --check", path, "2>&1");
  assert_non_null(strstr(out, "No syntax or stream encoding errors"));
  free(out);
}

static size_t count(const char *s, size_t len, const char *pat) {
  size_t n = 0, k = strlen(pat);
  for (size_t i = 0; i + k <= len; i++)
    n += memcmp(s + i, pat, k) == 0;
  return n;
}

static void assert_contains(const char *hay, const char *needle) {
  if (!strstr(hay, needle))
    fail_msg("expected \"%s\" in:\n%s", needle, hay);
}

static void test_tools(void **state) {
  (void)state;
  q_layout *l = sample();
  q_doc *doc = sample_doc();
  const char *path = tmp("a.pdf");
  write_clean(l, doc, path);

  char *out = tool("pdfinfo", path, "2>&1");
  assert_contains(out, "Tagged:          yes");
  assert_contains(out, "Pages:           2");
  assert_contains(out, "Title:           Quire (test) book \\ one");
  assert_contains(out, "Author:          Ana Author, Bo Writer");
  assert_contains(out, "Subject:         A test of the PDF writer");
  assert_contains(out, "Keywords:        typesetting, PDF");
  assert_contains(out, "Creator:         quire");
  assert_contains(out, "CreationDate:    Mon Jan  1 00:00:00 2024 UTC");
  assert_contains(out, "Page size:       432 x 648 pts");
  free(out);

  /* Every font embedded as a subset; no bitmap (Type 3) fallback. */
  out = tool("pdffonts", path, "2>&1");
  size_t rows = 0;
  char *line = strtok(out, "\n");
  for (int k = 0; line; line = strtok(NULL, "\n"), k++) {
    if (k < 2)
      continue;
    rows++;
    if (strstr(line, "Type 3") || !strstr(line, " yes yes "))
      fail_msg("font not embedded as a subset: %s", line);
  }
  assert_true(rows >= 2);
  free(out);

  out = tool("pdftotext -enc UTF-8", path, "- 2>&1");
  assert_contains(out, "Hello office");
  assert_contains(out, "सिंगल");
  assert_contains(out, "the next page");
  assert_null(strstr(out, "\xef\xac\x83")); /* U+FB03, the ffi ligature */
  free(out);

  out = tool("pdfinfo -struct", path, "2>&1");
  assert_contains(out, "Document\n");
  assert_contains(out, "  H1 (block)\n");
  assert_contains(out, "  P (block)\n");
  assert_contains(out, "    Span (inline)\n");
  assert_contains(out, "    Link (inline)\n");
  free(out);

  out = tool("pdfinfo -dests", path, "2>&1");
  assert_contains(out, "\"part-1\"");
  assert_contains(out, "[ XYZ   72  576 null      ] \"part-1\"");
  assert_contains(out, "\"sec%20%281%29\"");
  free(out);

  /* The outline (nested), page labels and both kinds of link. */
  out = tool("qpdf --json --json-key=outlines --json-key=pagelabels", path, "2>&1");
  assert_contains(out, "\"title\": \"Part (one)\"");
  assert_contains(out, "\"title\": \"Section 1.1\"");
  assert_contains(out, "\"/P\": \"u:i\"");
  assert_contains(out, "\"/S\": \"/D\""); /* cairo writes "1" as decimal numbering */
  char *sec = strstr(out, "Section 1.1"), *kids = strstr(out, "\"kids\": [\n");
  assert_true(kids && sec && kids < sec); /* the section is a child */
  free(out);

  size_t len;
  char *pdf = slurp(path, &len);
  assert_int_equal(count(pdf, len, "/Lang (en)"), 1);
  assert_int_equal(count(pdf, len, "/Lang (hi)"), 1);
  assert_int_equal(count(pdf, len, "/DisplayDocTitle true"), 1);
  assert_int_equal(count(pdf, len, "/URI (https://example.org/wiki/A_%28b%29%20c's)"), 1);
  assert_int_equal(count(pdf, len, "/Dest (part-1)"), 2); /* the link and the outline */
  free(pdf);

  /* The Hindi span's element carries /Lang (hi), and only it. */
  out = tool("qpdf --json --json-key=qpdf", path, "2>&1");
  char *hi = strstr(out, "\"/Lang\": \"u:hi\"");
  assert_non_null(hi);
  assert_null(strstr(hi + 1, "\"/Lang\": \"u:hi\""));
  char *next = strstr(hi, "\"obj:"), *s = strstr(hi, "\"/S\": \"/Span\"");
  assert_true(s && (!next || s < next));
  free(out);

  drop_layout(l);
  q_doc_drop(doc);
}

static void test_reproducible(void **state) {
  (void)state;
  q_layout *l = sample();
  q_doc *doc = sample_doc();
  q_diag d;
  const char *a = tmp("r1.pdf"), *b = tmp("r2.pdf");
  assert_true(write_pdf(l, doc, a, &d));
  setenv("TZ", "Asia/Tokyo", 1);
  assert_true(write_pdf(l, doc, b, &d));
  unsetenv("TZ");
  size_t la, lb;
  char *x = slurp(a, &la), *y = slurp(b, &lb);
  assert_int_equal(la, lb);
  assert_memory_equal(x, y, la);
  free(x);
  free(y);
  drop_layout(l);
  q_doc_drop(doc);
}

/* A layout that opens its own Document around everything gets no second
 * one; text directly in the Document (a folio) is allowed, untagged. */
static void test_layout_root(void **state) {
  (void)state;
  q_layout *l = new_layout(1);
  begin(l, 0, "Document");
  begin(l, 0, "P");
  span(l, 0, 72, 72, "Only page", NULL);
  end(l, 0);
  text(l, 0, 200, 600, "1", "en", Q_FONT_BODY, 9);
  end(l, 0);
  q_doc *doc = sample_doc();
  const char *path = tmp("root.pdf");
  write_clean(l, doc, path);
  char *out = tool("pdfinfo -struct", path, "2>&1");
  assert_string_equal(out, "Document\n  P (block)\n    Span (inline)\n");
  free(out);
  drop_layout(l);
  q_doc_drop(doc);
}

/* Writing l to path fails with an error that contains why. */
static void fails(const q_layout *l, const char *path, const char *why) {
  q_doc *doc = sample_doc();
  char *msg = NULL;
  size_t msglen = 0;
  FILE *mem = open_memstream(&msg, &msglen);
  q_diag d;
  q_diag_init(&d, mem);
  q_pdf_job job = {.doc = doc, .layout = l, .fonts = fonts, .mtime = 0};
  assert_false(q_pdf_write(&job, path, &d));
  fclose(mem);
  assert_true(d.errors > 0);
  assert_contains(msg, why);
  free(msg);
  q_doc_drop(doc);
}

/* The typesetter checks its own display list (the layout's invariants
 * are not the writer's), but a run naming a font the library does not
 * have is an error here too, never a read out of bounds. */
static void test_unknown_font(void **state) {
  (void)state;
  q_layout *l = new_layout(1);
  begin(l, 0, "P");
  text(l, 0, 72, 72, "Runs", "en", Q_FONT_BODY, 11);
  q_sheet *s = &l->pages[0];
  s->ops[s->nops - 1].u.glyphs.font = 9999;
  end(l, 0);
  fails(l, tmp("unknown-font.pdf"), "names font 9999, which the font library does not have");
  drop_layout(l);
}

/* A full disk, or a folder that is not there: an error, never success. */
static void test_write_errors(void **state) {
  (void)state;
  q_layout *l = sample();
  if (access("/dev/full", W_OK) == 0)
    fails(l, "/dev/full", "/dev/full: error: cannot write the PDF: No space left on device");
  fails(l, tmp("no/such/dir.pdf"), "cannot write the PDF: No such file or directory");
  drop_layout(l);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_tools),         cmocka_unit_test(test_reproducible),
      cmocka_unit_test(test_layout_root),
      cmocka_unit_test(test_unknown_font),  cmocka_unit_test(test_write_errors),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
