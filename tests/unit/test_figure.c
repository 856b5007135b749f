/* The size a figure's image is set at (typeset/figure.h), with a fake
 * imager: the attributes in their order of precedence, the natural size,
 * and the caps (never wider than the measure, never taller than the text
 * block, the aspect ratio kept). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "typeset/figure.h"

/* Every image is 300 x 200 pt at its natural size. */
static bool fake_size(void *ctx, const q_image *img, double *w, double *h, double *px) {
  (void)ctx;
  if (!img->path)
    return false; /* "not probed" */
  *w = 300;
  *h = 200;
  *px = 0; /* vectors: no resolution to warn about */
  return true;
}

static const q_imager imager = {NULL, fake_size};

static void size(const q_image *img, double measure, double max_h, double want_w, double want_h) {
  q_layout_env env = {0};
  env.imager = &imager;
  double w = 0, h = 0;
  assert_true(q_figure_size(&env, img, measure, max_h, &w, &h));
  assert_float_equal(w, want_w, 0.001);
  assert_float_equal(h, want_h, 0.001);
}

static void natural_size(void **state) {
  (void)state;
  size(&(q_image){.path = "a.png"}, 450, 700, 300, 200);
}

static void wider_than_the_measure(void **state) {
  (void)state;
  size(&(q_image){.path = "a.png"}, 150, 700, 150, 100);
  size(&(q_image){.path = "a.png", .scale = 400}, 450, 700, 450, 300);
}

static void taller_than_the_page(void **state) {
  (void)state;
  size(&(q_image){.path = "a.png", .content_depth = 1000}, 2000, 500, 750, 500);
}

static void content_size_first(void **state) {
  (void)state;
  size(&(q_image){.path = "a.png", .content_width = 60, .width = 200, .scale = 10}, 450, 700, 60,
       40);
  size(&(q_image){.path = "a.png", .content_width = 60, .content_depth = 10}, 450, 700, 60, 10);
}

static void viewport_fits(void **state) {
  (void)state;
  size(&(q_image){.path = "a.png", .width = 150}, 450, 700, 150, 100);
  size(&(q_image){.path = "a.png", .width = 150, .depth = 50}, 450, 700, 75, 50);
  size(&(q_image){.path = "a.png", .width_pct = 50}, 400, 700, 200, 400.0 / 3);
}

static void scale_and_scalefit(void **state) {
  (void)state;
  size(&(q_image){.path = "a.png", .scale = 50}, 450, 700, 150, 100);
  size(&(q_image){.path = "a.png", .scalefit = true}, 450, 700, 450, 300);
}

static void unknown_image(void **state) {
  (void)state;
  q_layout_env env = {0};
  double w, h;
  q_image img = {0};
  assert_false(q_figure_size(&env, &img, 450, 700, &w, &h)); /* no imager */
  env.imager = &imager;
  assert_false(q_figure_size(&env, &img, 450, 700, &w, &h)); /* not probed */
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(natural_size),       cmocka_unit_test(wider_than_the_measure),
      cmocka_unit_test(taller_than_the_page), cmocka_unit_test(content_size_first),
      cmocka_unit_test(viewport_fits),      cmocka_unit_test(scale_and_scalefit),
      cmocka_unit_test(unknown_image),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
