/* The text services with the real libraries: shaping with font fallback
 * (the manifest's Noto and Nanum fonts), libhyphen with hyph_en_US.dic and
 * ICU line breaking. Run from the repository root (fonts/manifest). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <ft2build.h>
#include FT_FREETYPE_H

#include "base/arena.h"
#include "base/diag.h"
#include "model/fonts.h"
#include "text/uax14.h"
#include "text/fontlib.h"
#include "text/shaper.h"
#include "text/hyphen.h"

#define ARTICLE "tests/fixtures/the-code-beyond-the-code.txt" /* the article as published, plain text */

static q_arena arena;
static q_diag diag; /* the fontlib and the breaker keep a pointer to it */
static q_fontset *fs;
static q_fontlib *fl;
static q_textshaper *tsh;
static q_shaper sh;
static q_hyphen *hy;
static q_hyphenator hyph;
static q_uax14 *br;
static q_breaker brk;

static int setup(void **state) {
  (void)state;
  q_diag_init(&diag, stderr);
  q_arena_init(&arena);
  fs = q_fontset_load(&arena, "fonts/manifest", &diag);
  if (!fs)
    return -1;
  fl = q_fontlib_new(fs, &diag);
  tsh = q_textshaper_new(fl);
  sh = q_textshaper_shaper(tsh);
  hy = q_hyphen_new(NULL);
  hyph = q_hyphen_hyphenator(hy);
  br = q_uax14_new(&diag);
  brk = q_uax14_breaker(br);
  return 0;
}

static int teardown(void **state) {
  (void)state;
  q_uax14_drop(br);
  q_hyphen_drop(hy);
  q_textshaper_drop(tsh);
  q_fontlib_drop(fl);
  q_arena_drop(&arena);
  return diag.errors == 0 ? 0 : -1;
}

/* Shaping. ----------------------------------------------------------- */

typedef struct shaped {
  const q_glyph *g;
  size_t n, missing;
  q_sp width;
} shaped;

static shaped shape_as(const char *text, q_font_role role, bool bold, bool italic, const char *lang) {
  q_textstyle st = {role, bold, italic, 10 * Q_SP_PER_PT, lang};
  shaped s;
  assert_true(sh.shape(sh.ctx, text, strlen(text), &st, &s.g, &s.n, &s.width, &s.missing));
  /* Every result: clusters in order and inside the text, width the sum. */
  q_sp sum = 0;
  for (size_t i = 0; i < s.n; i++) {
    assert_true(s.g[i].cluster < strlen(text));
    if (i > 0)
      assert_true(s.g[i].cluster >= s.g[i - 1].cluster);
    assert_true(s.g[i].font < q_fontlib_count(fl));
    sum += s.g[i].advance;
  }
  if (s.n)
    assert_int_equal(s.g[0].cluster, 0);
  assert_int_equal(sum, s.width);
  return s;
}

static shaped shape(const char *text, const char *lang) { return shape_as(text, Q_FONT_BODY, false, false, lang); }

static uint16_t body(void) { return q_fontlib_face(fl, Q_FONT_BODY, false, false); }

/* The one font all glyphs are in, or UINT16_MAX if they are in several. */
static uint16_t only_font(shaped s) {
  for (size_t i = 1; i < s.n; i++)
    if (s.g[i].font != s.g[0].font)
      return UINT16_MAX;
  return s.n ? s.g[0].font : UINT16_MAX;
}

static bool font_is(uint16_t font, const char *name) {
  const q_fontfile *f = q_fontlib_file(fl, font);
  return f && strstr(f->path, name);
}

/* Whether the process has the file mapped (HarfBuzz maps the fonts). */
static bool mapped(const char *name) {
  FILE *f = fopen("/proc/self/maps", "r");
  assert_non_null(f);
  char line[4096];
  bool found = false;
  while (!found && fgets(line, sizeof line, f))
    found = strstr(line, name) != NULL;
  fclose(f);
  return found;
}

static void test_office_ligature_and_cache(void **state) {
  (void)state;
  shaped s = shape("office", "en");
  assert_true(s.n < 6); /* ffi */
  assert_true(s.width > 0);
  assert_int_equal(s.missing, 0);
  assert_int_equal(only_font(s), body());
  assert_true(font_is(body(), "NotoSerif-Regular.ttf"));
  shaped again = shape("office", "en");
  assert_ptr_equal(again.g, s.g);
  assert_int_equal(again.width, s.width);
  /* Another size, language or face is another entry. */
  q_textstyle st = {Q_FONT_BODY, false, false, 20 * Q_SP_PER_PT, "en"};
  const q_glyph *g;
  size_t n;
  q_sp w;
  assert_true(sh.shape(sh.ctx, "office", 6, &st, &g, &n, &w, NULL));
  assert_ptr_not_equal(g, s.g);
  assert_int_equal(n, s.n);
  /* Each advance is rounded on its own: within half a unit per glyph. */
  assert_true(w >= 2 * s.width - (q_sp)n && w <= 2 * s.width + (q_sp)n);
}

static void test_faces_and_mono(void **state) {
  (void)state;
  shaped bold = shape_as("office", Q_FONT_BODY, true, false, "en");
  assert_true(font_is(only_font(bold), "NotoSerif-Bold.ttf"));
  shaped bi = shape_as("office", Q_FONT_BODY, true, true, "en");
  assert_true(font_is(only_font(bi), "NotoSerif-BoldItalic.ttf"));
  shaped head = shape_as("office", Q_FONT_HEADING, false, true, "en");
  assert_true(font_is(only_font(head), "NotoSans-Italic.ttf"));
  /* Mono has no italic: the nearest face; and no ligatures. */
  shaped mono = shape_as("office", Q_FONT_MONO, false, true, "en");
  assert_true(font_is(only_font(mono), "NotoSansMono-Regular.ttf"));
  assert_int_equal(mono.n, 6);
  for (size_t i = 0; i < 6; i++)
    assert_int_equal(mono.g[i].advance, mono.g[0].advance);
}

static void test_space_and_vmetrics(void **state) {
  (void)state;
  q_textstyle st = {Q_FONT_BODY, false, false, 10 * Q_SP_PER_PT, "en"};
  q_sp sp = sh.space(sh.ctx, &st);
  /* Noto Serif's space: 260 units of 1000. */
  assert_int_equal(sp, (q_sp)((260LL * 10 * Q_SP_PER_PT + 500) / 1000));
  q_sp asc, desc;
  sh.vmetrics(sh.ctx, &st, &asc, &desc);
  assert_true(asc > 7 * Q_SP_PER_PT && asc < 12 * Q_SP_PER_PT);
  assert_true(desc > 1 * Q_SP_PER_PT && desc < 4 * Q_SP_PER_PT);
}

static void test_fallback_fonts(void **state) {
  (void)state;
  assert_false(mapped("NotoSerifCJK"));
  shaped hi = shape("सिंगल", "hi");
  assert_int_equal(hi.missing, 0);
  /* The i-matra is reordered before स and shares its cluster: 3 clusters. */
  size_t clusters = 0;
  for (size_t i = 0; i < hi.n; i++)
    clusters += i == 0 || hi.g[i].cluster != hi.g[i - 1].cluster;
  assert_int_equal(clusters, 3);
  assert_int_not_equal(only_font(hi), body());
  assert_true(font_is(only_font(hi), "Devanagari"));

  shaped gu = shape("હાથ", "gu");
  assert_int_equal(gu.missing, 0);
  assert_true(font_is(only_font(gu), "Gujarati"));

  shaped ko = shape("외부", "ko");
  assert_int_equal(ko.missing, 0);
  assert_int_equal(ko.n, 2);
  assert_true(font_is(only_font(ko), "Nanum"));
  assert_int_equal(ko.g[1].cluster, 3);

  shaped pt = shape("decisões", "pt");
  assert_int_equal(pt.missing, 0);
  assert_int_equal(only_font(pt), body());

  /* None of that needed the CJK collection. */
  assert_false(mapped("NotoSerifCJK"));
  shaped ja = shape("漢字かな", "ja");
  assert_int_equal(ja.missing, 0);
  assert_true(font_is(only_font(ja), "NotoSerifCJK"));
  assert_true(mapped("NotoSerifCJK"));
}

static void test_mixed_text(void **state) {
  (void)state;
  /* Latin, Devanagari with its marks, Hangul and punctuation in one call:
   * each piece in its font, clusters offsets into the whole text. */
  const char *text = "Hi सिंगल, 외부!";
  shaped s = shape(text, "en");
  assert_int_equal(s.missing, 0);
  size_t deva = strlen("Hi "), comma = deva + strlen("सिंगल"), hang = comma + 2;
  for (size_t i = 0; i < s.n; i++) {
    uint32_t c = s.g[i].cluster;
    if (c < deva)
      assert_int_equal(s.g[i].font, body());
    else if (c < comma)
      assert_true(font_is(s.g[i].font, "Devanagari"));
    else if (c >= hang && c < hang + 6)
      assert_true(font_is(s.g[i].font, "Nanum"));
  }
  /* A combining mark stays with its base's font. */
  shaped m = shape("e\xCC\x81x", "en"); /* e + U+0301 */
  assert_int_equal(m.missing, 0);
  assert_int_equal(only_font(m), body());
}

static void test_missing(void **state) {
  (void)state;
  shaped pua = shape("a\xEE\x80\x80z", "en"); /* U+E000 */
  assert_int_equal(pua.missing, 1);
  bool found = false;
  for (size_t i = 0; i < pua.n; i++)
    if (pua.g[i].id == 0) {
      found = true;
      assert_int_equal(pua.g[i].font, body());
      assert_int_equal(pua.g[i].cluster, 1);
    }
  assert_true(found);
  shaped none = shape("\xF4\x8F\xBF\xBD", "en"); /* U+10FFFD */
  assert_int_equal(none.missing, 1);
  shaped empty = shape("", "en");
  assert_int_equal(empty.n, 0);
  assert_int_equal(empty.width, 0);
}

/* A file that is not a font: reported once, at its manifest line, when
 * first needed; the role's shaping fails, a fallback's covers nothing. */
static void test_bad_font(void **state) {
  (void)state;
  char *msgs = NULL;
  size_t size = 0;
  FILE *out = open_memstream(&msgs, &size);
  q_diag d;
  q_diag_init(&d, out);
  q_arena a;
  q_arena_init(&a);
  const char *manifest = "body regular /usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf\n"
                         "heading regular /etc/passwd\n"
                         "mono regular /usr/share/fonts/truetype/noto/NotoSansMono-Regular.ttf\n"
                         "fallback Deva /etc/passwd\n";
  q_fontset *set = q_fontset_parse(&a, "m", manifest, strlen(manifest), &d);
  assert_non_null(set);
  q_fontlib *lib = q_fontlib_new(set, &d);
  q_textshaper *ts = q_textshaper_new(lib);
  q_shaper s = q_textshaper_shaper(ts);
  assert_int_equal(q_fontlib_count(lib), 3);
  assert_int_equal(d.errors, 0); /* nothing opened yet */
  q_textstyle st = {Q_FONT_HEADING, false, false, 10 * Q_SP_PER_PT, "en"};
  const q_glyph *g;
  size_t n, missing;
  q_sp w;
  assert_false(s.shape(s.ctx, "x", 1, &st, &g, &n, &w, &missing));
  st.role = Q_FONT_BODY;
  assert_true(s.shape(s.ctx, "सि", strlen("सि"), &st, &g, &n, &w, &missing));
  assert_int_equal(missing, 2);
  assert_null(q_fontlib_ft_face(lib, 1));
  assert_non_null(q_fontlib_ft_face(lib, 0));
  q_textshaper_drop(ts);
  q_fontlib_drop(lib);
  fclose(out);
  assert_int_equal(d.errors, 1);
  assert_string_equal(msgs, "m:2:17: error: font '/etc/passwd' (face 0): not a font, or no such face in it\n");
  free(msgs);
  q_arena_drop(&a);
}

/* The CJK collection is drawn from a subset of the glyphs a layout uses,
 * with their ids; a small font is drawn from its file. */
static void test_drawing_subset(void **state) {
  (void)state;
  q_diag d;
  q_diag_init(&d, stderr);
  q_fontlib *lib = q_fontlib_new(fs, &d);
  q_textshaper *ts = q_textshaper_new(lib);
  q_shaper s = q_textshaper_shaper(ts);
  q_textstyle st = {Q_FONT_BODY, false, false, 10 * Q_SP_PER_PT, "ja"};
  const q_glyph *ja, *en;
  size_t nja, nen;
  q_sp w;
  assert_true(s.shape(s.ctx, "漢字かな", strlen("漢字かな"), &st, &ja, &nja, &w, NULL));
  assert_true(s.shape(s.ctx, "word", 4, &st, &en, &nen, &w, NULL));
  uint16_t cjk = ja[0].font, body_font = en[0].font;
  assert_true(font_is(cjk, "NotoSerifCJK"));
  /* A layout of one page with the two runs. */
  q_glyph_span spans[2] = {{ja, (uint32_t)nja, 0, 0}, {en, (uint32_t)nen, 0, 0}};
  q_op ops[2] = {{.kind = Q_OP_GLYPHS}, {.kind = Q_OP_GLYPHS}};
  ops[0].u.glyphs.spans = &spans[0];
  ops[0].u.glyphs.nspans = 1;
  ops[0].u.glyphs.font = cjk;
  ops[1].u.glyphs.spans = &spans[1];
  ops[1].u.glyphs.nspans = 1;
  ops[1].u.glyphs.font = body_font;
  q_sheet page = {.ops = ops, .nops = 2};
  q_layout l = {.pages = &page, .npages = 1};
  q_fontlib_draw_glyphs(lib, &l);

  FT_Face sub = q_fontlib_ft_face(lib, cjk);
  assert_non_null(sub);
  assert_true(sub->stream->size < 1000000); /* the file is over 20 MB */
  /* Ids kept: each glyph is the file's glyph of the same id. */
  FT_Library ft;
  FT_Face file;
  assert_int_equal(FT_Init_FreeType(&ft), 0);
  const q_fontfile *ff = q_fontlib_file(lib, cjk);
  assert_int_equal(FT_New_Face(ft, ff->path, (FT_Long)ff->index, &file), 0);
  for (size_t i = 0; i < nja; i++) {
    assert_true(ja[i].id < sub->num_glyphs);
    assert_int_equal(FT_Load_Glyph(sub, ja[i].id, FT_LOAD_NO_SCALE), 0);
    short points = sub->glyph->outline.n_points;
    FT_Pos advance = sub->glyph->metrics.horiAdvance;
    assert_int_equal(FT_Load_Glyph(file, ja[i].id, FT_LOAD_NO_SCALE), 0);
    assert_true(points > 0);
    assert_int_equal(points, file->glyph->outline.n_points);
    assert_int_equal(advance, file->glyph->metrics.horiAdvance);
  }
  FT_Done_Face(file);
  FT_Done_FreeType(ft);
  FT_Face whole = q_fontlib_ft_face(lib, body_font);
  assert_non_null(whole);
  assert_true(whole->stream->size > 100000); /* Noto Serif as it is */
  q_textshaper_drop(ts);
  q_fontlib_drop(lib);
  assert_int_equal(d.errors, 0);
}

/* Every word of the article shapes, with no glyph missing. */
static void test_article_words(void **state) {
  (void)state;
  FILE *f = fopen(ARTICLE, "rb");
  if (!f)
    skip();
  char *text = malloc(1 << 20);
  size_t len = fread(text, 1, (1 << 20) - 1, f);
  fclose(f);
  q_textstyle st = {Q_FONT_BODY, false, false, 10 * Q_SP_PER_PT, "en"};
  size_t words = 0;
  for (size_t i = 0; i < len;) {
    while (i < len && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t'))
      i++;
    size_t start = i;
    while (i < len && text[i] != ' ' && text[i] != '\n' && text[i] != '\t')
      i++;
    if (i == start)
      continue;
    const q_glyph *g;
    size_t n, missing;
    q_sp w;
    assert_true(sh.shape(sh.ctx, text + start, i - start, &st, &g, &n, &w, &missing));
    if (missing)
      fail_msg("missing glyphs in '%.*s'", (int)(i - start), text + start);
    words++;
  }
  assert_true(words > 1000);
  free(text);
}

/* Hyphenation. ------------------------------------------------------- */

/* The word with '-' where a hyphen may go, or "(none)" without a dictionary. */
static const char *hyphenated(const char *lang, const char *word) {
  static char out[256];
  uint8_t points[128] = {0};
  size_t len = strlen(word), k = 0;
  if (!hyph.hyphenate(hyph.ctx, lang, word, len, points))
    return "(none)";
  for (size_t i = 0; i < len; i++) {
    out[k++] = word[i];
    if (points[i])
      out[k++] = '-';
  }
  out[k] = '\0';
  return out;
}

static void test_hyphenation(void **state) {
  (void)state;
  assert_string_equal(hyphenated("en", "hyphenation"), "hy-phen-ation");
  assert_string_equal(hyphenated("en", "Performance"), "Per-for-mance");
  assert_string_equal(hyphenated("en", "PERFORMANCE"), "PER-FOR-MANCE");
  assert_string_equal(hyphenated("en-US", "architecture"), "ar-chi-tec-ture");
  assert_string_equal(hyphenated("en-GB", "typesetting"), "type-set-ting");
  /* ö is two bytes: the points follow r (byte 6) and a (byte 7). */
  uint8_t points[16] = {0};
  assert_true(hyph.hyphenate(hyph.ctx, "en", "coöperation", strlen("coöperation"), points));
  for (size_t i = 0; i < strlen("coöperation"); i++)
    assert_int_equal(points[i], i == 6 || i == 7);
  assert_string_equal(hyphenated("en", "coöperation"), "coöper-a-tion");
  /* Not plain words: no points, but the language has a dictionary. */
  assert_string_equal(hyphenated("en", "x86_64"), "x86_64");
  assert_string_equal(hyphenated("en", "e-book"), "e-book");
  assert_string_equal(hyphenated("en", "user@example"), "user@example");
  assert_string_equal(hyphenated("en", "performance,"), "performance,");
  /* Never in the first 2 or last 3 characters. */
  const char *words[] = {"table", "concurrency", "interpreter", "rendezvous", "abandoned", "readily"};
  for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
    uint8_t p[64] = {0};
    size_t len = strlen(words[w]);
    assert_true(hyph.hyphenate(hyph.ctx, "en", words[w], len, p));
    assert_int_equal(p[0], 0);
    for (size_t i = len - 3; i < len; i++)
      assert_int_equal(p[i], 0);
  }
  assert_string_equal(hyphenated("zz", "hyphenation"), "(none)");
  assert_string_equal(hyphenated("", "hyphenation"), "(none)");
  assert_string_equal(hyphenated(NULL, "hyphenation"), "(none)");
  /* Without a dictionary, brk is left as it was. */
  uint8_t keep[4] = {7, 7, 7, 7};
  assert_false(hyph.hyphenate(hyph.ctx, "zz", "abcd", 4, keep));
  assert_int_equal(keep[1], 7);
}

/* A dictionary loaded in the background is the one the words get; a
 * prefetch still running when the context is dropped is waited for. */
static void test_hyphen_prefetch(void **state) {
  (void)state;
  q_hyphen *h = q_hyphen_new(NULL);
  q_hyphenator hp = q_hyphen_hyphenator(h);
  q_hyphen_prefetch(h, "en-US", NULL, 0);
  q_hyphen_prefetch(h, "en-US", NULL, 0); /* a no-op */
  uint8_t p[16] = {0};
  assert_true(hp.hyphenate(hp.ctx, "en-US", "hyphenation", 11, p));
  assert_true(p[1] && p[5]);
  memset(p, 0, sizeof p);
  assert_true(hp.hyphenate(hp.ctx, "en", "hyphenation", 11, p)); /* same file, loaded once */
  assert_true(p[1] && p[5]);
  q_hyphen_prefetch(h, "zz", NULL, 0);
  assert_false(hp.hyphenate(hp.ctx, "zz", "hyphenation", 11, p));
  q_hyphen_drop(h);

  h = q_hyphen_new(NULL);
  q_hyphen_prefetch(h, "en", NULL, 0);
  q_hyphen_drop(h);
  /* A folder without dictionaries. */
  h = q_hyphen_new("/nonexistent");
  hp = q_hyphen_hyphenator(h);
  assert_false(hp.hyphenate(hp.ctx, "en", "hyphenation", 11, p));
  q_hyphen_drop(h);
}

/* A dictionary cut to the book's words gives every word the points of the
 * whole one: the book's words from the cut, any other after the whole
 * dictionary has replaced it. */
static void test_hyphen_cut(void **state) {
  (void)state;
  static const char *const words[] = {"hyphenation", "Typesetting", "performance", "architecture",
                                      "interpreter", "concurrency", "rendezvous", "comprehensible",
                                      "Übersetzung", "unbelievable"};
  q_hyphen_text book[] = {{"The hyphenation of typesetting: performance, architecture; "
                           "an interpreter's concurrency.", 0}};
  book[0].len = strlen(book[0].s);
  q_hyphen *whole = q_hyphen_new(NULL), *cut = q_hyphen_new(NULL);
  q_hyphenator hw = q_hyphen_hyphenator(whole), hc = q_hyphen_hyphenator(cut);
  q_hyphen_prefetch(cut, "en-US", book, 1);
  for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
    size_t len = strlen(words[i]);
    uint8_t a[32] = {0}, b[32] = {0};
    assert_true(hw.hyphenate(hw.ctx, "en-US", words[i], len, a));
    assert_true(hc.hyphenate(hc.ctx, "en-US", words[i], len, b));
    assert_memory_equal(a, b, sizeof a);
  }
  /* The book's own words have points to compare: the test is not empty. */
  uint8_t p[16] = {0};
  assert_true(hc.hyphenate(hc.ctx, "en", "hyphenation", 11, p));
  assert_true(p[1] && p[5]);
  q_hyphen_drop(whole);
  q_hyphen_drop(cut);
}

/* Line breaks. ------------------------------------------------------- */

/* The text with '|' before each allowed break and '!' before each
 * mandatory one (the one at the end left out). */
static const char *marked(const char *text, const char *lang) {
  static char out[512];
  size_t len = strlen(text), k = 0;
  uint8_t *b = calloc(len + 1, 1);
  brk.opportunities(brk.ctx, text, len, lang, b);
  assert_int_equal(b[len], Q_BRK_MUST);
  if (len > 0)
    assert_int_equal(b[0], Q_BRK_NONE);
  for (size_t i = 0; i < len; i++) {
    if (b[i] == Q_BRK_ALLOW)
      out[k++] = '|';
    else if (b[i] == Q_BRK_MUST)
      out[k++] = '!';
    else if (i > 0 && (((unsigned char)text[i] & 0xC0) == 0x80))
      assert_int_equal(b[i], Q_BRK_NONE); /* never inside a character */
    out[k++] = text[i];
  }
  out[k] = '\0';
  free(b);
  return out;
}

static void test_breaks(void **state) {
  (void)state;
  assert_string_equal(marked("The state-of-the-art e-book", "en"), "The |state-|of-|the-|art |e-|book");
  assert_string_equal(marked("costs $3.14 (approx.) — really?", "en"), "costs |$3.14 |(approx.) |— |really?");
  /* Korean keeps syllables together; breaks at the space. */
  assert_string_equal(marked("외부 세계로 나가다", "ko"), "외부 |세계로 |나가다");
  assert_string_equal(marked("외부 세계", NULL), "외부 |세계");
  assert_string_equal(marked("API를 쓰다 2024년", "ko"), "API를 |쓰다 |2024년");
  /* Indic: only at spaces. */
  assert_string_equal(marked("सिंगल हिन्दी", "hi"), "सिंगल |हिन्दी");
  /* Emoji sequences and flags hold together (and do not crash). */
  assert_string_equal(marked("flag 🇩🇪 x", "de"), "flag |🇩🇪 |x");
  assert_string_equal(marked("Emoji 👩‍💻 coder", "en"), "Emoji |👩‍💻 |coder");
  /* A line feed forces a break after it. */
  assert_string_equal(marked("one\ntwo", "en"), "one\n!two");
  /* Japanese: strict kinsoku, small kana stay with what precedes them. */
  assert_string_equal(marked("ちょっと。", "ja"), "ちょっ|と。");
  assert_string_equal(marked("", "en"), "");
  assert_string_equal(marked("x", "not a tag!"), "x");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_office_ligature_and_cache),
      cmocka_unit_test(test_faces_and_mono),
      cmocka_unit_test(test_space_and_vmetrics),
      cmocka_unit_test(test_fallback_fonts),
      cmocka_unit_test(test_mixed_text),
      cmocka_unit_test(test_missing),
      cmocka_unit_test(test_bad_font),
      cmocka_unit_test(test_drawing_subset),
      cmocka_unit_test(test_article_words),
      cmocka_unit_test(test_hyphenation),
      cmocka_unit_test(test_hyphen_prefetch),
      cmocka_unit_test(test_hyphen_cut),
      cmocka_unit_test(test_breaks),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
