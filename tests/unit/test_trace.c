/* Golden layout traces with fake metrics (fake_text.h): the typesetter on
 * its own, without fonts. The bundles of tests/fixtures/trace/ are set on
 * its small page and each trace must equal the checked-in NAME.fake.trace
 * beside them; a hand-made layout (every kind of op, text that needs
 * escaping, negative positions) must equal handmade.fake.trace. A changed
 * trace fails with its diff -u. After a change to the typesetter whose diff
 * has been reviewed, rewrite the golden files with
 *   QUIRE_UPDATE_GOLDEN=1 bash tests/run-unit.sh build/tests/test_trace
 * and commit them with the change. Run from the repo root. */
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
#include "model/doc.h"
#include "model/style.h"
#include "read/bundle.h"
#include "typeset/check.h"
#include "typeset/layout.h"
#include "typeset/trace.h"

#include "fake_text.h"
#include "handmade.h"

#define DIR "tests/fixtures/trace/"

static const char *fake_font(void *ctx, uint16_t font) {
  (void)ctx;
  return font == 0 ? "fake" : NULL;
}

/* The whole of path, or NULL if it cannot be read. */
static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  q_buf b;
  q_buf_init(&b);
  char chunk[8192];
  for (size_t n; (n = fread(chunk, 1, sizeof chunk, f)) > 0;)
    q_buf_add(&b, chunk, n);
  fclose(f);
  return q_buf_take(&b, len);
}

static bool spill(const char *path, const char *s, size_t len) {
  FILE *f = fopen(path, "wb");
  if (!f)
    return false;
  bool ok = fwrite(s, 1, len, f) == len;
  return fclose(f) == 0 && ok;
}

/* l's trace equals the golden file at path; else fail with diff -u. With
 * QUIRE_UPDATE_GOLDEN=1, write the golden file instead. */
static void expect_trace(const q_layout *l, const char *path) {
  q_buf got;
  q_buf_init(&got);
  q_trace_write(&got, l, fake_font, NULL);
  const char *update = getenv("QUIRE_UPDATE_GOLDEN");
  if (update && strcmp(update, "1") == 0) {
    assert_true(spill(path, got.data, got.len));
    fprintf(stderr, "updated %s\n", path);
    q_buf_drop(&got);
    return;
  }
  size_t len = 0;
  char *want = slurp(path, &len);
  if (!want)
    fail_msg("no golden file %s (QUIRE_UPDATE_GOLDEN=1 writes it)", path);
  bool same = len == got.len && memcmp(want, got.data, len) == 0;
  free(want);
  if (!same) {
    char tmp[] = "/tmp/quire-trace-XXXXXX";
    int fd = mkstemp(tmp);
    assert_true(fd >= 0);
    close(fd);
    assert_true(spill(tmp, got.data, got.len));
    char cmd[512];
    snprintf(cmd, sizeof cmd, "diff -u '%s' '%s' >&2", path, tmp);
    if (system(cmd) == -1)
      fprintf(stderr, "(cannot run diff)\n");
    unlink(tmp);
    q_buf_drop(&got);
    fail_msg("the trace differs from %s (diff -u above; if the change is right, "
             "QUIRE_UPDATE_GOLDEN=1 rewrites it)",
             path);
  }
  q_buf_drop(&got);
}

/* Set bundle NAME.xml with fake metrics on the fixtures' small page, check
 * the layout, and compare its trace with NAME.fake.trace. */
static void golden(const char *name) {
  char path[256];
  q_diag d;
  q_diag_init(&d, stderr);
  snprintf(path, sizeof path, DIR "%s.xml", name);
  q_doc *doc = q_read_bundle(path, &d);
  assert_non_null(doc);
  q_arena arena;
  q_arena_init(&arena);
  q_style *style = q_style_load(&arena, DIR "small.css", &d);
  assert_non_null(style);
  q_layout_env env = {doc,  style, &fake_shaper, NULL, &fake_breaker, q_break_params_tex(),
                      &d, NULL, NULL};
  env.params.tolerance = 10000; /* fake metrics are coarse (test_layout.c) */
  q_layout *l = q_layout_run(&env);
  assert_int_equal(q_layout_check(l, FAKE_NFONTS, (q_pos){path, 0, 0}, &d), 0);
  assert_int_equal(d.errors, 0);
  snprintf(path, sizeof path, DIR "%s.fake.trace", name);
  expect_trace(l, path);
  q_layout_drop(l);
  q_arena_drop(&arena);
  q_doc_drop(doc);
}

static void test_paragraph(void **state) {
  (void)state;
  golden("paragraph");
}

static void test_list(void **state) {
  (void)state;
  golden("list");
}

static void test_foreign(void **state) {
  (void)state;
  golden("foreign");
}

static void test_heading(void **state) {
  (void)state;
  golden("heading");
}

static void test_pagebreak(void **state) {
  (void)state;
  golden("pagebreak");
}

/* Every kind of op and field, text that needs escaping, lengths that
 * round both ways and a negative one; one op is one line. */
static void test_handmade(void **state) {
  (void)state;
  q_layout *l = sample();
  l->pages[1].kind = Q_SHEET_BODY;
  l->pages[0].kind = Q_SHEET_CONTENTS;
  begin(l, 1, "P");
  text(l, 1, 72, 200, "tab\there \"quoted\" back\\slash\nnew line\x7f", "en", Q_FONT_BODY, 9.5);
  end(l, 1);
  q_op *o = op(l, 1, Q_OP_DEST);
  o->x = -1;             /* -0.0000153 pt: rounds to 0.000 */
  o->y = -Q_PT(1.0005);  /* rounds away from zero */
  o->u.dest.name = "edge \"case\"";
  l->pages[1].ops[l->pages[1].nops - 3].u.glyphs.artifact = true; /* the run above */
  expect_trace(l, DIR "handmade.fake.trace");

  q_buf b;
  q_buf_init(&b);
  q_trace_write(&b, l, NULL, NULL);
  size_t lines = 0, ops = 0;
  for (size_t i = 0; i < b.len; i++)
    lines += b.data[i] == '\n';
  for (size_t p = 0; p < l->npages; p++)
    ops += l->pages[p].nops;
  assert_int_equal(lines, 1 + l->noutline + l->npages + ops);
  assert_non_null(strstr(b.data, " font0 ")); /* no names: numbers */
  q_buf_drop(&b);
  drop_layout(l);
}

static int setup(void **state) {
  (void)state;
  handmade_shaper = &fake_shaper;
  return 0;
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_paragraph), cmocka_unit_test(test_list),
      cmocka_unit_test(test_foreign),   cmocka_unit_test(test_heading),
      cmocka_unit_test(test_pagebreak), cmocka_unit_test(test_handmade),
  };
  return cmocka_run_group_tests_name("trace", tests, setup, NULL);
}
