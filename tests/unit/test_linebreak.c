/* Tests for the Knuth-Plass line breaker (typeset/linebreak.h), with widths
 * made by hand: no fonts. Every expectation is worked out in the comments
 * from TeX's rules (tex.web §108 badness, §851-§859 fitness and demerits,
 * §863 passes, §873 looseness) or taken from Knuth and Plass's paper.
 *
 * Conventions of the hand-made paragraphs: widths are in points; words are
 * boxes, with the interword glue GLUE = 10pt plus 10pt minus 5pt between them
 * unless a test says otherwise; "a-b" is a word with a hyphenation point (a
 * flagged penalty of 50 whose width, 5pt, is the hyphen); every paragraph
 * ends as TeX's does, with \penalty10000 \parfillskip \penalty-10000, the
 * \parfillskip being 0pt plus 1fil (glue with `fil` set): the last line then
 * has badness 0 and its finite glue is left at its natural width (ratio 0)
 * unless it must shrink.
 *
 * Item indices: words and glue alternate from index 0, so the glue after the
 * k-th word (from 0) is at 2k+1 when no word before it has a hyphen; each
 * hyphenation point adds two items (the penalty and the second part). The
 * comments give the indices the assertions use. Demerits, with plain TeX's
 * \linepenalty 10: d = (10 + b)^2, plus p^2 for a positive penalty, plus
 * \doublehyphendemerits, \finalhyphendemerits and \adjdemerits where they
 * apply. Fitness: 0 very loose (b > 99 stretched), 1 loose (b > 12
 * stretched), 2 decent (b <= 12), 3 tight (b > 12 shrunk); the paragraph's
 * start counts as decent.
 *
 * Every hand-made example below was also set by TeX itself (tex -ini, plain
 * TeX's parameters, \hbox to Wpt{} for a box, \hskip for glue, a
 * \discretionary with a 5pt pre-break box for a hyphenation point, and
 * \pretolerance=-1 where the model's pass 1, like TeX's, would not see
 * hyphens), and TeX made the same lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "typeset/items.h"
#include "typeset/linebreak.h"

#include "frog_king.h"

#define PT Q_SP_PER_PT
#define MAX_ITEMS 512
#define HYPHEN_WIDTH 5
#define HYPHEN_PENALTY 50
#define TEX_INF_BAD 10000

/* ---- building paragraphs ---------------------------------------------- */

typedef struct para {
  q_item it[MAX_ITEMS];
  size_t n;
} para;

static q_item *add(para *p, q_item_type type) {
  assert_true(p->n < MAX_ITEMS);
  q_item *it = &p->it[p->n++];
  memset(it, 0, sizeof *it);
  it->type = type;
  it->ref = (uint32_t)(p->n - 1);
  return it;
}

static void box_sp(para *p, q_sp w) { add(p, Q_ITEM_BOX)->width = w; }
static void box(para *p, int w) { box_sp(p, w * PT); }

static void glue_sp(para *p, q_sp w, q_sp y, q_sp z) {
  q_item *it = add(p, Q_ITEM_GLUE);
  it->width = w;
  it->stretch = y;
  it->shrink = z;
}
static void glue(para *p, int w, int y, int z) { glue_sp(p, w * PT, y * PT, z * PT); }

static void penalty(para *p, int w, int32_t value, bool flagged) {
  q_item *it = add(p, Q_ITEM_PENALTY);
  it->width = w * PT;
  it->penalty = value;
  it->flagged = flagged;
}

/* \hfil: 0pt plus 1fil. */
static void hfil(para *p) {
  glue_sp(p, 0, PT, 0);
  p->it[p->n - 1].fil = true;
}

/* \penalty10000 \parfillskip \penalty-10000 */
static void finish(para *p) {
  penalty(p, 0, Q_PENALTY_INF, false);
  hfil(p);
  penalty(p, 0, -Q_PENALTY_INF, false);
}

/* Words from a spec such as "20 21 20 10-25 30": numbers are box widths in
 * points, '-' a hyphenation point (flagged penalty 50, 5pt wide), '|' a
 * \penalty10000 between two boxes; glue (gw, gy, gz) between the words. */
static void words_glue(para *p, const char *spec, int gw, int gy, int gz) {
  const char *s = spec;
  bool first = true;
  while (*s) {
    while (*s == ' ')
      s++;
    if (!*s)
      break;
    if (!first)
      glue(p, gw, gy, gz);
    first = false;
    for (;;) {
      char *end;
      long w = strtol(s, &end, 10);
      assert_true(end != s);
      box(p, (int)w);
      s = end;
      if (*s == '-')
        penalty(p, HYPHEN_WIDTH, HYPHEN_PENALTY, true);
      else if (*s == '|')
        penalty(p, 0, Q_PENALTY_INF, false);
      else
        break;
      s++;
    }
  }
}
static void words(para *p, const char *spec) { words_glue(p, spec, 10, 10, 5); }

/* ---- running the breaker ---------------------------------------------- */

static q_break_params tex(void) { return q_break_params_tex(); }

static q_breaks run_w(const para *p, const q_sp *widths, size_t nwidths, const q_break_params *bp) {
  q_breaks out;
  memset(&out, 0, sizeof out);
  if (!q_linebreak(p->it, p->n, widths, nwidths, bp, &out)) {
    for (size_t k = 0; k < p->n; k++)
      fprintf(stderr, "  item %zu: type %d width %d stretch %d shrink %d penalty %d%s%s\n", k,
              (int)p->it[k].type, (int)p->it[k].width, (int)p->it[k].stretch,
              (int)p->it[k].shrink, (int)p->it[k].penalty, p->it[k].flagged ? " flagged" : "",
              p->it[k].fil ? " fil" : "");
    fail_msg("q_linebreak returned false for these %zu items", p->n);
  }
  assert_non_null(out.lines);
  assert_true(out.count >= 1);
  assert_int_equal(out.lines[out.count - 1].end, p->n - 1);
  return out;
}

static q_breaks run(const para *p, int hsize, const q_break_params *bp) {
  q_sp w = hsize * PT;
  return run_w(p, &w, 1, bp);
}

static void dump(const q_breaks *b) {
  fprintf(stderr, "  pass %d, demerits %lld, %zu lines:\n", b->pass, b->demerits, b->count);
  for (size_t k = 0; k < b->count; k++) {
    const q_line_fit *l = &b->lines[k];
    fprintf(stderr, "    end %3zu ratio %8.4f badness %5d fitness %d%s%s\n", l->end, l->ratio,
            (int)l->badness, l->fitness, l->hyphenated ? " hyphenated" : "",
            l->overfull ? " OVERFULL" : "");
  }
}

/* The lines end exactly at ends[0..count). */
static void expect_ends_at(const q_breaks *b, const size_t *ends, size_t count, int line) {
  bool ok = b->count == count;
  for (size_t k = 0; ok && k < count; k++)
    ok = b->lines[k].end == ends[k];
  if (!ok) {
    fprintf(stderr, "line %d: want ends", line);
    for (size_t k = 0; k < count; k++)
      fprintf(stderr, " %zu", ends[k]);
    fprintf(stderr, ", got\n");
    dump(b);
    fail_msg("line %d: wrong breaks", line);
  }
}
#define expect_ends(b, ...)                                                                \
  expect_ends_at((b), (const size_t[]){__VA_ARGS__},                                     \
                 sizeof((const size_t[]){__VA_ARGS__}) / sizeof(size_t), __LINE__)

static void near_at(double got, double want, double eps, const char *expr, int line) {
  if (!(fabs(got - want) <= eps))
    fail_msg("line %d: %s is %.9g, want %.9g", line, expr, got, want);
}
#define assert_near(got, want, eps) near_at((got), (want), (eps), #got, __LINE__)

/* ---- an independent reference: TeX's costs, and the best total by brute
 * force over all break sequences (for the property test) ------------------ */

/* tex.web §108, written out again here so that the reference does not lean
 * on the function under test. */
static int32_t ref_badness(long long t, long long s) {
  if (t == 0)
    return 0;
  if (s <= 0)
    return TEX_INF_BAD;
  long long r;
  if (t <= 7230584)
    r = t * 297 / s;
  else if (s >= 1663497)
    r = t / (s / 297);
  else
    r = t;
  if (r > 1290)
    return TEX_INF_BAD;
  return (int32_t)((r * r * r + 0400000) / 01000000);
}

typedef struct ref_line {
  int32_t badness; /* TEX_INF_BAD + 1 when overfull, as TeX's b */
  int fitness;
  double ratio;
} ref_line;

static bool legal(const q_item *it, size_t k, bool hyphens) {
  if (it[k].type == Q_ITEM_GLUE)
    return k > 0 && it[k - 1].type == Q_ITEM_BOX;
  if (it[k].type == Q_ITEM_PENALTY)
    return it[k].penalty < Q_PENALTY_INF && (hyphens || !it[k].flagged);
  return false;
}

/* The line from the break at `from` (SIZE_MAX: the paragraph's start) to
 * the break at `to`: the discardable items after a break are dropped, a
 * penalty's width counts only where the line ends at it (§837, §851-§852). */
static ref_line ref_measure(const q_item *it, size_t from, size_t to, q_sp lw, q_sp es) {
  size_t k = 0;
  if (from != SIZE_MAX) {
    k = from;
    while (k < to && it[k].type != Q_ITEM_BOX)
      k++;
  }
  long long w = 0, y = es, z = 0, fil = 0;
  for (; k < to; k++) {
    if (it[k].type == Q_ITEM_BOX) {
      w += it[k].width;
    } else if (it[k].type == Q_ITEM_GLUE) {
      w += it[k].width;
      if (it[k].fil)
        fil += it[k].stretch;
      else
        y += it[k].stretch;
      z += it[k].shrink;
    }
  }
  if (it[to].type == Q_ITEM_PENALTY)
    w += it[to].width;
  ref_line r;
  long long shortfall = (long long)lw - w;
  if (shortfall > 0 && fil > 0) { /* §852: fil stretch, never underfull */
    r.badness = 0;
    r.fitness = 2;
    r.ratio = 0;
  } else if (shortfall > 0) {
    if (shortfall > 7230584 && y < 1663497)
      r.badness = TEX_INF_BAD;
    else
      r.badness = ref_badness(shortfall, y);
    r.fitness = r.badness > 12 ? (r.badness > 99 ? 0 : 1) : 2;
    r.ratio = y > 0 ? (double)shortfall / (double)y : 0;
  } else {
    if (-shortfall > z)
      r.badness = TEX_INF_BAD + 1;
    else
      r.badness = ref_badness(-shortfall, z);
    r.fitness = r.badness > 12 ? 3 : 2;
    r.ratio = z > 0 ? (double)shortfall / (double)z : (shortfall == 0 ? 0 : -HUGE_VAL);
  }
  return r;
}

/* §859: the demerits of a line with badness b ending at `to`, after a line
 * of fitness prev_fit that ended at `from`. */
static long long ref_demerits(const q_item *it, size_t n, size_t from, size_t to, int32_t b, int fit,
                              int prev_fit, const q_break_params *bp) {
  long long d = (long long)bp->line_penalty + b;
  d = llabs(d) >= 10000 ? 100000000LL : d * d;
  long long pi = it[to].type == Q_ITEM_PENALTY ? it[to].penalty : 0;
  if (pi > 0)
    d += pi * pi;
  else if (pi < 0 && pi > -Q_PENALTY_INF)
    d -= pi * pi;
  bool prev_hyph = from != SIZE_MAX && it[from].type == Q_ITEM_PENALTY && it[from].flagged;
  bool hyph = it[to].type == Q_ITEM_PENALTY && it[to].flagged;
  if (prev_hyph && to == n - 1)
    d += bp->final_hyphen_demerits;
  else if (prev_hyph && hyph)
    d += bp->double_hyphen_demerits;
  if (abs(fit - prev_fit) > 1)
    d += bp->adj_demerits;
  return d;
}

static q_sp width_of(const q_sp *widths, size_t nwidths, size_t line) {
  return widths[line < nwidths ? line : nwidths - 1];
}

/* The fewest total demerits of any way to break the paragraph into lines
 * that are all within `threshold` (none overfull, no forced break skipped),
 * by dynamic programming over (break, fitness, line while widths differ);
 * LLONG_MAX if there is none. Only for looseness 0. */
#define REF_MAX_CAND 64
#define REF_MAX_W 3
static long long ref_best(const q_item *it, size_t n, const q_sp *widths, size_t nwidths,
                          const q_break_params *bp, int32_t threshold, bool hyphens, q_sp es) {
  size_t cand[REF_MAX_CAND + 1];
  size_t m = 0;
  cand[m++] = SIZE_MAX;
  for (size_t k = 0; k < n; k++)
    if (legal(it, k, hyphens)) {
      assert_true(m <= REF_MAX_CAND);
      cand[m++] = k;
    }
  assert_true(nwidths <= REF_MAX_W);
  static long long best[REF_MAX_CAND + 1][4][REF_MAX_W];
  for (size_t i = 0; i < m; i++)
    for (int f = 0; f < 4; f++)
      for (size_t l = 0; l < REF_MAX_W; l++)
        best[i][f][l] = LLONG_MAX;
  best[0][2][0] = 0;
  long long answer = LLONG_MAX;
  for (size_t i = 0; i < m; i++)
    for (int f = 0; f < 4; f++)
      for (size_t l = 0; l < nwidths; l++) {
        if (best[i][f][l] == LLONG_MAX)
          continue;
        for (size_t j = i + 1; j < m; j++) {
          if (j > i + 1 && it[cand[j - 1]].type == Q_ITEM_PENALTY &&
              it[cand[j - 1]].penalty <= -Q_PENALTY_INF)
            break; /* cannot run past a forced break */
          ref_line r = ref_measure(it, cand[i], cand[j], width_of(widths, nwidths, l), es);
          if (r.badness > TEX_INF_BAD || r.badness > threshold)
            continue;
          long long d = best[i][f][l] +
                        ref_demerits(it, n, cand[i], cand[j], r.badness, r.fitness, f, bp);
          size_t nl = l + 1 < nwidths ? l + 1 : nwidths - 1;
          if (d < best[j][r.fitness][nl])
            best[j][r.fitness][nl] = d;
          if (cand[j] == n - 1 && d < answer)
            answer = d;
        }
      }
  return answer;
}

/* The total demerits of the breaker's own lines, by the reference's rules,
 * checking each line's badness, fitness and hyphenation on the way. */
static long long ref_total(const q_item *it, size_t n, const q_sp *widths, size_t nwidths,
                           const q_break_params *bp, const q_breaks *b) {
  long long total = 0;
  size_t from = SIZE_MAX;
  int prev_fit = 2;
  for (size_t k = 0; k < b->count; k++) {
    const q_line_fit *l = &b->lines[k];
    assert_true(l->end < n);
    assert_true(from == SIZE_MAX || l->end > from);
    assert_true(legal(it, l->end, true));
    ref_line r = ref_measure(it, from, l->end, width_of(widths, nwidths, k), 0);
    assert_int_equal(l->badness, r.badness);
    assert_int_equal(l->fitness, r.fitness);
    assert_int_equal(l->hyphenated, it[l->end].type == Q_ITEM_PENALTY && it[l->end].flagged);
    assert_false(l->overfull);
    assert_near(l->ratio, r.ratio, 1e-9);
    total += ref_demerits(it, n, from, l->end, r.badness, r.fitness, prev_fit, bp);
    from = l->end;
    prev_fit = r.fitness;
  }
  return total;
}

/* ---- badness ----------------------------------------------------------- */

/* tex.web §108: badness(t, s) = 0 if t = 0; 10000 if s <= 0; else with
 * r = t*297/s (t <= 7230584), t/(s/297) (s >= 1663497) or t (otherwise),
 * 10000 if r > 1290, else (r^3 + 2^17) / 2^18, all in integers. */
static void badness_is_tex(void **state) {
  (void)state;
  assert_int_equal(q_badness(0, 0), 0);
  assert_int_equal(q_badness(0, -5), 0);        /* t = 0 comes first */
  assert_int_equal(q_badness(1, 0), 10000);
  assert_int_equal(q_badness(PT, -1), 10000);
  /* ratio 1: r = 297, (26198073 + 131072) / 262144 = 100.4 -> 100 */
  assert_int_equal(q_badness(3 * PT, 3 * PT), 100);
  /* ratio 1/2: r = 148 (148.5 truncated), (3241792 + 131072) / 262144 =
   * 12.87 -> 12, not the 12.5 or 13 of 100 r^3: decent, not loose */
  assert_int_equal(q_badness(PT, 2 * PT), 12);
  /* ratio 1/4: r = 74, (405224 + 131072) / 262144 = 2.05 -> 2 */
  assert_int_equal(q_badness(PT, 4 * PT), 2);
  /* ratio 3/5: r = 178, (5639752 + 131072) / 262144 = 22.01 -> 22 */
  assert_int_equal(q_badness(3 * PT, 5 * PT), 22);
  /* ratio 1/10: r = 29, (24389 + 131072) / 262144 = 0.59 -> 0 */
  assert_int_equal(q_badness(PT, 10 * PT), 0);
  assert_int_equal(q_badness(1, 1000000), 0);
  /* ratio 2: r = 594, (209584584 + 131072) / 262144 = 800.002 -> 800 */
  assert_int_equal(q_badness(2 * PT, PT), 800);
  /* ratio 3: r = 891, (707347971 + 131072) / 262144 = 2698.8 -> 2698 */
  assert_int_equal(q_badness(3 * PT, PT), 2698);
  /* r = 1290 is the last finite one: (2146689000 + 131072) / 262144 =
   * 8189.5 -> 8189; r = 1291 is infinitely bad */
  assert_int_equal(q_badness(1290, 297), 8189);
  assert_int_equal(q_badness(1291, 297), 10000);
  /* The large-t branches. t = 7230584 still takes t*297/s: r =
   * 2147483448 / 1663496 = 1290.95 -> 1290 -> 8189. One more and, as s <
   * 1663497, r = t itself: 10000, though 100 (t/s)^3 would be about 8212. */
  assert_int_equal(q_badness(7230584, 1663496), 8189);
  assert_int_equal(q_badness(7230585, 1663496), 10000);
  /* t > 7230584 and s >= 1663497: r = t / (s/297) = 7230585 / 48690 = 148
   * -> 12, as for ratio 1/2 */
  assert_int_equal(q_badness(7230585, 14461170), 12);
}

/* ---- the worked example of Knuth and Plass ----------------------------- */

static int frog_char_width(char c) {
  if (c >= 'a' && c <= 'z')
    return FROG_KING_LOWER[c - 'a'];
  switch (c) {
  case 'C': return 13;
  case 'I': return 6;
  case '-': return 6;
  case ',': case ';': case '.': case '\'': return 5;
  default: fail_msg("no width for '%c'", c);
  }
  return 0;
}

/* The paragraph as the paper sets it, one paper unit to the point: the
 * indent box, then word boxes and glue (index 2k+1 for word k, its glue at
 * 2k+2), then the end. Returns the number of words. */
static size_t frog_king(para *p) {
  p->n = 0;
  box(p, FROG_KING_INDENT);
  size_t nwords = 0;
  const char *s = FROG_KING_TEXT;
  while (*s) {
    int w = 0;
    char last = 0;
    while (*s && *s != ' ') {
      w += frog_char_width(*s);
      last = *s++;
    }
    box(p, w);
    nwords++;
    while (*s == ' ')
      s++;
    if (!*s)
      break;
    if (last == ',')
      glue(p, 6, 4, 2);
    else if (last == ';')
      glue(p, 6, 4, 1);
    else if (last == '.')
      glue(p, 8, 6, 1);
    else
      glue(p, 6, 3, 2);
  }
  finish(p);
  return nwords;
}

/* Fill each line as full as it will go with its glue shrunk, the "first
 * fit" the paper sets against total fit; writes the break items, returns
 * how many lines. */
static size_t first_fit(const para *p, q_sp lw, size_t *ends, size_t max) {
  size_t count = 0, from = SIZE_MAX;
  while (from == SIZE_MAX || from != p->n - 1) {
    size_t best = SIZE_MAX;
    for (size_t k = from == SIZE_MAX ? 0 : from + 1; k < p->n; k++) {
      if (!legal(p->it, k, false))
        continue;
      ref_line r = ref_measure(p->it, from, k, lw, 0);
      if (r.badness > TEX_INF_BAD)
        break; /* does not fit even shrunk */
      best = k;
      if (p->it[k].type == Q_ITEM_PENALTY && p->it[k].penalty <= -Q_PENALTY_INF)
        break;
    }
    assert_true(best != SIZE_MAX && count < max);
    ends[count++] = best;
    from = best;
  }
  return count;
}

/* Knuth and Plass's paragraph in lines 500 units wide. The best breaks, by
 * total fit with plain TeX's parameters, come at pass 1 (no line worse than
 * badness 46):
 *
 *   In olden times when wishing still helped one, there lived a   24/31 = 0.774  b 46 loose
 *   king whose daughters were all beautiful; and the youngest was   5/28 = 0.179  b  1 decent
 *   so beautiful that the sun itself, which has seen so much, was  22/35 = 0.629  b 25 loose
 *   astonished whenever it shone in her face. Close by the king's  18/33 = 0.545  b 16 loose
 *   castle lay a great dark forest, and under an old lime-tree in the  0  b 0 decent
 *   forest was a well, and when the day was very warm, the king's   3/38 = 0.079  b  0 decent
 *   child went out into the forest and sat down by the side of the 11/39 = 0.282  b  2 decent
 *   cool fountain; and when she was bored she took a golden ball,  10/34 = 0.294  b  3 decent
 *   and threw it up on high and caught it; and this ball was her   23/40 = 0.575  b 19 loose
 *   favorite plaything.                                                            b  0
 *
 * (each ratio is shortfall over stretch in paper units: line 1, for one, is
 * 18 + 398 of letters + 10 spaces of 6 = 476 wide, with 9 spaces of stretch 3
 * and one, after the comma, of 4: (500 - 476) / 31). These are the ratios the
 * paper prints beside its figure of the optimal breaks, and TeX itself, given
 * these boxes and glue in points, makes the same lines (\tracingparagraphs:
 * @firstpass, t=6612). No two neighbours differ by more than one fitness
 * class, so the demerits are the sum of (10 + b)^2: 3136 + 121 + 1225 + 676
 * + 100 + 100 + 144 + 169 + 841 + 100 = 6612.
 *
 * First fit, by contrast, takes "king" onto the first line (shrunk, ratio
 * -16/22), which leaves "beautiful that the sun itself, which has seen so
 * much, was" for the third line at ratio 33/24 = 1.375, badness 259: worse
 * than \tolerance 200 allows. */
static void frog_king_total_fit(void **state) {
  (void)state;
  static para p;
  size_t nwords = frog_king(&p);
  assert_int_equal(nwords, 112);
  assert_int_equal(p.n, 227); /* indent, 112 words, 111 glues, the end */
  q_break_params bp = tex();
  q_breaks b = run(&p, FROG_KING_HSIZE, &bp);

  /* The last word on each line, from 0: "a", "was", "was", "king's", "the",
   * "king's", "the", "ball,", "her"; the glue after word k is item 2k+2. */
  static const size_t last_word[] = {10, 20, 32, 43, 56, 69, 83, 95, 109};
  static const double ratio[] = {24.0 / 31, 5.0 / 28, 22.0 / 35, 18.0 / 33, 0.0,
                                 3.0 / 38,  11.0 / 39, 10.0 / 34, 23.0 / 40};
  static const int badness[] = {46, 1, 25, 16, 0, 0, 2, 3, 19, 0};
  static const int fitness[] = {1, 2, 1, 1, 2, 2, 2, 2, 1, 2};
  if (b.count != 10)
    dump(&b);
  assert_int_equal(b.count, 10);
  for (size_t k = 0; k < 9; k++) {
    if (b.lines[k].end != 2 * last_word[k] + 2)
      dump(&b);
    assert_int_equal(b.lines[k].end, 2 * last_word[k] + 2);
    assert_near(b.lines[k].ratio, ratio[k], 1e-9);
  }
  assert_int_equal(b.lines[9].end, p.n - 1);
  for (size_t k = 0; k < 10; k++) {
    assert_int_equal(b.lines[k].badness, badness[k]);
    assert_int_equal(b.lines[k].fitness, fitness[k]);
    assert_false(b.lines[k].hyphenated);
    assert_false(b.lines[k].overfull);
  }
  assert_int_equal(b.pass, 1);
  assert_int_equal(b.demerits, 6612);

  /* First fit breaks differently, and badly. */
  size_t ff[16];
  size_t nff = first_fit(&p, FROG_KING_HSIZE * PT, ff, 16);
  assert_int_equal(ff[0], 2 * 11 + 2); /* after "king" */
  assert_true(ff[0] != b.lines[0].end);
  ref_line third = ref_measure(p.it, ff[1], ff[2], FROG_KING_HSIZE * PT, 0);
  assert_near(third.ratio, 33.0 / 24, 1e-9);
  assert_int_equal(third.badness, 259);
  assert_true(third.badness > bp.tolerance);
  assert_true(nff >= 2);
  q_breaks_drop(&b);
}

/* Every line but the last of a justified paragraph is set within the
 * limits: ratio at least -1 and badness at most \tolerance (so the ratio is
 * at most about 1.26); the last, with \parfillskip, has badness 0. Checked
 * on the frog king and on a paragraph of even words in three measures. */
static void lines_within_tolerance(void **state) {
  (void)state;
  static para p;
  q_break_params bp = tex();
  for (int round = 0; round < 4; round++) {
    int hsize = FROG_KING_HSIZE;
    if (round == 0) {
      frog_king(&p);
    } else {
      p.n = 0;
      words(&p, "30 25 40 35 20 45 30 25 40 35 20 45 30 25 40 35 20 45 30 25");
      finish(&p);
      hsize = 120 + 40 * round;
    }
    q_breaks b = run(&p, hsize, &bp);
    assert_true(b.pass <= 2);
    for (size_t k = 0; k + 1 < b.count; k++) {
      assert_true(b.lines[k].ratio >= -1.0);
      assert_true(b.lines[k].badness <= bp.tolerance);
      assert_true(b.lines[k].ratio <= 1.27);
      assert_false(b.lines[k].overfull);
    }
    /* Badness 0: either the fil glue takes up the slack (ratio 0) or the
     * line is shrunk by less than 51/297 of its shrink. */
    assert_int_equal(b.lines[b.count - 1].badness, 0);
    assert_true(b.lines[b.count - 1].ratio <= 0 && b.lines[b.count - 1].ratio > -0.18);
    q_breaks_drop(&b);
  }
}

/* ---- forced and forbidden breaks ---------------------------------------- */

/* Four words of 20 fit on one line of 200 (20*4 + 30 = 110, badness 0 with
 * the \parfillskip). A forced break after the second, given TeX's way as
 * \penalty10000 \hfil \penalty-10000 (items 3-5), ends a line there: two
 * lines, both badness 0 thanks to their fil glue, at pass 1. */
static void forced_break_ends_line(void **state) {
  (void)state;
  para p = {.n = 0};
  words(&p, "20 20 20 20");
  finish(&p);
  q_break_params bp = tex();
  q_breaks b = run(&p, 200, &bp);
  expect_ends(&b, 9);
  q_breaks_drop(&b);

  p.n = 0;
  words(&p, "20 20");     /* 0 b, 1 g, 2 b */
  penalty(&p, 0, Q_PENALTY_INF, false); /* 3 */
  hfil(&p);                              /* 4 */
  penalty(&p, 0, -Q_PENALTY_INF, false); /* 5: the forced break */
  words(&p, "20 20");     /* 6 b, 7 g, 8 b */
  finish(&p);             /* 9, 10, 11 */
  b = run(&p, 200, &bp);
  expect_ends(&b, 5, 11);
  assert_int_equal(b.lines[0].badness, 0);
  assert_int_equal(b.lines[1].badness, 0);
  assert_int_equal(b.pass, 1);
  q_breaks_drop(&b);

  /* A bare \penalty-10000 with no fil before it: the first line "20 20" is
   * then hopelessly underfull (30pt short, 10pt of stretch), but a forced
   * break is a break all the same. */
  p.n = 0;
  words(&p, "20 20");
  penalty(&p, 0, -Q_PENALTY_INF, false); /* 3 */
  words(&p, "20 20");                    /* 4 .. 6 */
  finish(&p);                            /* 7, 8, 9 */
  b = run(&p, 80, &bp);
  expect_ends(&b, 3, 9);
  assert_false(b.lines[0].overfull);
  assert_false(b.lines[1].overfull);
  q_breaks_drop(&b);
}

/* "30 15 20 10?30 20" in lines of 100, where '?' is a penalty between the
 * boxes 10 and 30 (item 7). Items: 0 b30, 1 g, 2 b15, 3 g, 4 b20, 5 g, 6 b10,
 * 7 pen, 8 b30, 9 g, 10 b20, 11-13 end.
 *
 * With \penalty0 there, the best first line ends at it: 30+10+15+10+20+10+10
 * = 105, shrink 15, ratio -1/3, badness 4, d = 14^2 = 196; then "30 20" =
 * 60 (last line, d 100): total 296. The other legal first line, ending at
 * glue 5, is "30 15 20" = 85, ratio 15/20, badness 42, d = 52^2 = 2704.
 *
 * With \penalty10000 the breaker may not use item 7, and takes glue 5: 2704
 * + 100 = 2804. And a \penalty10000 is never a way out, not even when
 * nothing else fits: two boxes of 60 either side of one make a single
 * overfull line. */
static void penalty_10000_never_breaks(void **state) {
  (void)state;
  para p = {.n = 0};
  q_break_params bp = tex();
  words(&p, "30 15 20 10");
  penalty(&p, 0, 0, false);
  words(&p, "30 20"); /* no glue before its first word: item 7 sits between boxes */
  finish(&p);
  assert_int_equal(p.n, 14);
  q_breaks b = run(&p, 100, &bp);
  expect_ends(&b, 7, 13);
  assert_int_equal(b.lines[0].badness, 4);
  assert_int_equal(b.demerits, 296);
  q_breaks_drop(&b);

  p.it[7].penalty = Q_PENALTY_INF;
  b = run(&p, 100, &bp);
  expect_ends(&b, 5, 13);
  assert_int_equal(b.lines[0].badness, 42);
  assert_int_equal(b.demerits, 2804);
  q_breaks_drop(&b);

  p.n = 0;
  words(&p, "60|60");
  finish(&p);
  bp.emergency_stretch = PT;
  b = run(&p, 100, &bp);
  expect_ends(&b, 5);
  assert_true(b.lines[0].overfull);
  q_breaks_drop(&b);
}

/* ---- passes and hyphenation ---------------------------------------------- */

/* "20 21 20 10-25 30 15" in lines of 100. Items: 0 b20, 1 g, 2 b21, 3 g,
 * 4 b20, 5 g, 6 b10, 7 hyphen, 8 b25, 9 g, 10 b30, 11 g, 12 b15, 13-15 end.
 *
 * Without hyphens the only way is "20 21 20" (81 wide, ratio 19/20, badness
 * 86, loose) then "35 30 15" (100 wide): 96^2 + 10^2 = 9316. Badness 86 is
 * within \pretolerance 100, so pass 1 succeeds and the hyphen is never
 * looked at. Pass 2 alone (\pretolerance -1) would hyphenate: "20 21 20 10-"
 * is 106 wide, ratio -6/15, badness 6, d = 16^2 + 50^2 = 2756, and "25 30
 * 15" follows; 2756 + 100 + \finalhyphendemerits 5000 = 7856 < 9316. */
static void pass_one_suffices_and_never_hyphenates(void **state) {
  (void)state;
  para p = {.n = 0};
  words(&p, "20 21 20 10-25 30 15");
  finish(&p);
  q_break_params bp = tex();
  q_breaks b = run(&p, 100, &bp);
  expect_ends(&b, 5, 15);
  assert_int_equal(b.pass, 1);
  assert_int_equal(b.lines[0].badness, 86);
  assert_int_equal(b.lines[0].fitness, 1);
  assert_false(b.lines[0].hyphenated);
  assert_int_equal(b.demerits, 9316);
  q_breaks_drop(&b);

  bp.pretolerance = -1;
  b = run(&p, 100, &bp);
  expect_ends(&b, 7, 15);
  assert_int_equal(b.pass, 2);
  assert_true(b.lines[0].hyphenated);
  assert_false(b.lines[1].hyphenated);
  assert_int_equal(b.lines[0].badness, 6);
  q_breaks_drop(&b);
}

/* "25 35 10-55 30" in lines of 100. Items: 0 b25, 1 g, 2 b35, 3 g, 4 b10,
 * 5 hyphen, 6 b55, 7 g, 8 b30, 9-11 end. Whole words cannot be set: "25 35"
 * is 70 with 10 of stretch (ratio 3, badness 2698) and "25 35 65" is 145
 * with 10 of shrink. So pass 1 fails, and pass 2 hyphenates: "25 35 10-" =
 * 95, ratio 1/4, badness 2; then "55 30". */
static void hyphenation_when_needed(void **state) {
  (void)state;
  para p = {.n = 0};
  words(&p, "25 35 10-55 30");
  finish(&p);
  q_break_params bp = tex();
  q_breaks b = run(&p, 100, &bp);
  expect_ends(&b, 5, 11);
  assert_int_equal(b.pass, 2);
  assert_true(b.lines[0].hyphenated);
  assert_int_equal(b.lines[0].badness, 2);
  assert_near(b.lines[0].ratio, 0.25, 1e-9);
  assert_false(b.lines[0].overfull);
  assert_false(b.lines[1].hyphenated);
  assert_false(b.lines[1].overfull);
  q_breaks_drop(&b);

  /* Stopping after pass 1 (what a caller does before it hyphenates) is a
   * failure here, with nothing to free; pass 2 then gives the same lines. */
  bp.last_pass = 1;
  q_breaks none;
  assert_false(q_linebreak(p.it, p.n, (q_sp[]){100}, 1, &bp, &none));
  assert_int_equal(none.count, 0);
  assert_null(none.lines);
  bp.last_pass = 0;
  bp.pretolerance = -1;
  b = run(&p, 100, &bp);
  expect_ends(&b, 5, 11);
  assert_int_equal(b.pass, 2);
  q_breaks_drop(&b);
}

/* "40 25 35 15-30 15 40 30-15 25-20 30 25-10 20 45" in lines of 150.
 * Items: 0 b40, 1 g, 2 b25, 3 g, 4 b35, 5 g, 6 b15, 7 hyphen, 8 b30, 9 g,
 * 10 b15, 11 g, 12 b40, 13 g, 14 b30, 15 hyphen, 16 b15, 17 g, 18 b25,
 * 19 hyphen, 20 b20, 21 g, 22 b30, 23 g, 24 b25, 25 hyphen, 26 b10, 27 g,
 * 28 b20, 29 g, 30 b45, 31-33 end. No whole-word first line fits, so pass 2.
 *
 *  A: "40 25 35 15-" = 150 (b 0, d 100 + 50^2 = 2600), "30 15 40 30-" = 150
 *     (b 0, 2600), "15 25-20 30 25-10" = 155 (ratio -5/15, b 4, 196),
 *     "20 45" (100): 5496, but two hyphenated lines in a row.
 *  B: the same first line (2600), "30 15 40 45" = 160 (ratio -10/15, b 30,
 *     tight, 1600), "25-20 30 25-10 20" = 160 (1600), "45" (100): 5900.
 * With \doublehyphendemerits 0, A; with plain TeX's 10000, A costs 15496 and
 * B wins. */
static void double_hyphen_demerits(void **state) {
  (void)state;
  para p = {.n = 0};
  words(&p, "40 25 35 15-30 15 40 30-15 25-20 30 25-10 20 45");
  finish(&p);
  assert_int_equal(p.n, 34);
  q_break_params bp = tex();
  bp.double_hyphen_demerits = 0;
  q_breaks b = run(&p, 150, &bp);
  expect_ends(&b, 7, 15, 27, 33);
  assert_true(b.lines[0].hyphenated && b.lines[1].hyphenated);
  q_breaks_drop(&b);

  bp = tex();
  b = run(&p, 150, &bp);
  expect_ends(&b, 7, 17, 29, 33);
  assert_true(b.lines[0].hyphenated);
  for (size_t k = 1; k < b.count; k++)
    assert_false(b.lines[k].hyphenated);
  assert_int_equal(b.pass, 2);
  q_breaks_drop(&b);
}

/* "20 15 35-10 20 45 10-20 35" in lines of 100. Items: 0 b20, 1 g, 2 b15,
 * 3 g, 4 b35, 5 hyphen, 6 b10, 7 g, 8 b20, 9 g, 10 b45, 11 g, 12 b10,
 * 13 hyphen, 14 b20, 15 g, 16 b35, 17-19 end.
 *
 *  A: "20 15 45" = 100 (b 0, 100), "20 45 10-" = 100 (b 0, 100 + 2500),
 *     "20 35" (100): 2800, with the hyphen on the next-to-last line.
 *  B: "20 15 35-" = 95 (ratio 1/4, b 2, 144 + 2500), "10 20 45" = 95 (b 2,
 *     144), "30 35" (100): 2888.
 * With \finalhyphendemerits 0, A; with plain TeX's 5000, A costs 7800 and B
 * wins: its hyphen is on the first line, not the next-to-last. */
static void final_hyphen_demerits(void **state) {
  (void)state;
  para p = {.n = 0};
  words(&p, "20 15 35-10 20 45 10-20 35");
  finish(&p);
  assert_int_equal(p.n, 20);
  q_break_params bp = tex();
  bp.final_hyphen_demerits = 0;
  q_breaks b = run(&p, 100, &bp);
  expect_ends(&b, 7, 13, 19);
  assert_true(b.lines[1].hyphenated);
  q_breaks_drop(&b);

  bp = tex();
  b = run(&p, 100, &bp);
  expect_ends(&b, 5, 11, 19);
  assert_true(b.lines[0].hyphenated);
  assert_false(b.lines[1].hyphenated);
  q_breaks_drop(&b);
}

/* ---- adjacent fitness classes ------------------------------------------- */

/* "25 45 45 25 45 45 15 15" in lines of 150. Items: 0 b25, 1 g, ... the glue
 * after word k at 2k+1; 15-17 end. The first line can only be "25 45 45" =
 * 135 (ratio 15/20, badness 42, loose; "25 45 45 25" is 170, more than 15pt
 * of shrink can save). Then:
 *
 *  A: "25 45 45 15" = 160 (ratio -10/15, badness 30, tight), "15": 52^2 +
 *     40^2 + 10^2 = 4404, but a loose line is followed by a tight one.
 *  B: "25 45 45" = 135 (loose again), "15 15": 52^2 + 52^2 + 10^2 = 5508.
 * With \adjdemerits 0, A; with plain TeX's 10000, A costs 14404 and B wins. */
static void adj_demerits_separate_loose_and_tight(void **state) {
  (void)state;
  para p = {.n = 0};
  words(&p, "25 45 45 25 45 45 15 15");
  finish(&p);
  q_break_params bp = tex();
  bp.adj_demerits = 0;
  q_breaks b = run(&p, 150, &bp);
  expect_ends(&b, 5, 13, 17);
  assert_int_equal(b.lines[0].fitness, 1);
  assert_int_equal(b.lines[1].fitness, 3);
  assert_int_equal(b.demerits, 4404);
  q_breaks_drop(&b);

  bp = tex();
  b = run(&p, 150, &bp);
  expect_ends(&b, 5, 11, 17);
  assert_int_equal(b.lines[0].fitness, 1);
  assert_int_equal(b.lines[1].fitness, 1);
  assert_int_equal(b.demerits, 5508);
  q_breaks_drop(&b);
}

/* ---- looseness ------------------------------------------------------------ */

/* "20 35 20 20 15 30 15" in lines of 100 (glue after word k at 2k+1, end at
 * 15). Best: "20 35 20" = 95 (ratio 1/4, b 2) and "20 15 30 15" = 110, a
 * last line shrunk (ratio -10/15, b 30): 144 + 1600 = 1744, two lines. With
 * \looseness 1 the best three lines are "20 35 20", "20 15 30" = 85 (ratio
 * 15/20, b 42) and "15": 144 + 2704 + 100 = 2948, all within
 * \pretolerance, so pass 1.
 *
 * "30 20 15 15 20 15 25 20" (end at 17). Best: "30 20 15" = 85 (b 42),
 * "15 20 15 25" = 105 (ratio -5/15, b 4), "20": 2704 + 196 + 100 = 3000,
 * three lines. With \looseness -1: "30 20 15 15" = 110 and "20 15 25 20" =
 * 110, both ratio -10/15, b 30: 1600 + 1600 = 3200, two lines, pass 1. */
static void looseness(void **state) {
  (void)state;
  para p = {.n = 0};
  words(&p, "20 35 20 20 15 30 15");
  finish(&p);
  q_break_params bp = tex();
  q_breaks b = run(&p, 100, &bp);
  expect_ends(&b, 5, 15);
  assert_int_equal(b.demerits, 1744);
  q_breaks_drop(&b);
  bp.looseness = 1;
  b = run(&p, 100, &bp);
  expect_ends(&b, 5, 11, 15);
  assert_int_equal(b.pass, 1);
  assert_int_equal(b.demerits, 2948);
  q_breaks_drop(&b);

  p.n = 0;
  words(&p, "30 20 15 15 20 15 25 20");
  finish(&p);
  bp = tex();
  b = run(&p, 100, &bp);
  expect_ends(&b, 5, 13, 17);
  assert_int_equal(b.demerits, 3000);
  q_breaks_drop(&b);
  bp.looseness = -1;
  b = run(&p, 100, &bp);
  expect_ends(&b, 7, 17);
  assert_int_equal(b.pass, 1);
  assert_int_equal(b.demerits, 3200);
  q_breaks_drop(&b);

}

/* §863 and §873: a pass that gets through without meeting \looseness is not
 * the end unless it is the final pass; TeX goes on to the next pass, whose
 * higher \tolerance (or hyphens) may allow the wanted number of lines.
 *
 * "25 15 15 15" in lines of 100 is one perfect line (25+15+15+15 + 30 =
 * 100). With \looseness 1, pass 1 can do no better: "25 15 15" (item 5 ends
 * it) is 75 wide with 20 of stretch, ratio 25/20, badness 371^3 / 2^18 ->
 * 195, beyond \pretolerance 100. Pass 2 allows it (195 <= 200): two lines,
 * "25 15 15" and "15".
 *
 * And the frog king cannot be set in 9 or 11 lines of 500 even within
 * \tolerance: TeX tries pass 2, then settles for the nearest it can do, the
 * optimal 10 lines. */
static void looseness_tries_later_passes(void **state) {
  (void)state;
  para p = {.n = 0};
  words(&p, "25 15 15 15");
  finish(&p);
  q_break_params bp = tex();
  q_breaks b = run(&p, 100, &bp);
  expect_ends(&b, 9);
  assert_int_equal(b.pass, 1);
  q_breaks_drop(&b);
  bp.looseness = 1;
  b = run(&p, 100, &bp);
  expect_ends(&b, 5, 9);
  assert_int_equal(b.pass, 2);
  assert_int_equal(b.lines[0].badness, 195);
  assert_int_equal(b.lines[0].fitness, 0);
  q_breaks_drop(&b);

  static para f;
  frog_king(&f);
  for (int l = -1; l <= 1; l += 2) {
    bp = tex();
    bp.looseness = l;
    b = run(&f, FROG_KING_HSIZE, &bp);
    assert_int_equal(b.count, 10);
    assert_int_equal(b.lines[0].end, 22);
    assert_true(b.pass >= 2);
    q_breaks_drop(&b);
  }
}

/* ---- what cannot be set -------------------------------------------------- */

/* "40 40 150 40 40" in lines of 95: a 150pt box cannot fit. Items: 0 b40,
 * 1 g, 2 b40, 3 g, 4 b150, 5 g, 6 b40, 7 g, 8 b40, 9-11 end. Passes 1 and 2
 * find no way through; pass 3 (given some emergency stretch, so that there
 * is a pass 3) still returns lines. The line with the box is overfull, and
 * no other: "40 40" (90 wide) and the last line fit. */
static void overfull_box(void **state) {
  (void)state;
  para p = {.n = 0};
  words(&p, "40 40 150 40 40");
  finish(&p);
  for (int round = 0; round < 2; round++) {
    q_break_params bp = tex();
    bp.emergency_stretch = round == 0 ? PT : 0;
    q_breaks b = run(&p, 95, &bp);
    /* Without emergency stretch, pass 2 is TeX's last (§863). */
    if (round == 0)
      assert_int_equal(b.pass, 3);
    else
      assert_true(b.pass >= 2);
    size_t from = 0, overfull = 0;
    for (size_t k = 0; k < b.count; k++) {
      bool has_box = from <= 4 && 4 < b.lines[k].end;
      if (has_box) {
        assert_true(b.lines[k].overfull);
        assert_true(b.lines[k].badness >= TEX_INF_BAD);
        assert_true(b.lines[k].ratio <= -1.0);
      }
      if (b.lines[k].overfull) {
        assert_true(has_box);
        overfull++;
      }
      from = b.lines[k].end + 1;
    }
    assert_int_equal(overfull, 1);
    assert_int_equal(b.lines[b.count - 1].end, 11);
    q_breaks_drop(&b);
  }
}

/* Which lines TeX makes of it (§851, §854). At glue 3, "40 40" is feasible
 * (badness 12, or 9 with 1pt of emergency stretch): a break there joins the
 * paragraph's start on the active list, after it (TeX keeps the list in
 * order of line number). At glue 5 both see an overfull line. The start is
 * looked at first; it is not the last active break, so it is dropped. Then
 * the break at 3 is the only one left, on the final pass, with nothing
 * found yet: it is kept with artificial demerits, and its line, the box
 * alone, is the overfull one. So: "40 40" | "150" | "40 40", the overfull line
 * as short as it can be, and no good words dragged into it. */
static void overfull_line_is_the_box_alone(void **state) {
  (void)state;
  para p = {.n = 0};
  words(&p, "40 40 150 40 40");
  finish(&p);
  q_break_params bp = tex();
  bp.emergency_stretch = PT;
  q_breaks b = run(&p, 95, &bp);
  expect_ends(&b, 3, 5, 11);
  assert_false(b.lines[0].overfull);
  assert_true(b.lines[1].overfull);
  assert_false(b.lines[2].overfull);
  q_breaks_drop(&b);

  bp = tex();
  b = run(&p, 95, &bp);
  expect_ends(&b, 3, 5, 11);
  assert_true(b.lines[1].overfull);
  q_breaks_drop(&b);
}

/* "30 30 80" in lines of 100. Items: 0 b30, 1 g, 2 b30, 3 g, 4 b80, 5-7 end.
 * "30 30" is 70 with 10pt of stretch: 30pt short, ratio 3, badness 2698,
 * beyond \tolerance; "30 30 80" is 150, overfull. Pass 2 fails. With
 * \emergencystretch 25pt, pass 3 sees 35pt of stretch in "30 30": badness
 * 30*297/35 = 254 -> (254^3 + 2^17) / 2^18 = 63, within tolerance: two
 * lines, neither overfull. Without it, TeX's final pass keeps its one
 * remaining active break to the end (§854) and sets a single overfull line. */
static void emergency_stretch(void **state) {
  (void)state;
  para p = {.n = 0};
  words(&p, "30 30 80");
  finish(&p);
  q_break_params bp = tex();
  bp.emergency_stretch = 25 * PT;
  q_breaks b = run(&p, 100, &bp);
  expect_ends(&b, 3, 7);
  assert_int_equal(b.pass, 3);
  assert_false(b.lines[0].overfull);
  assert_false(b.lines[1].overfull);
  q_breaks_drop(&b);

  bp = tex();
  b = run(&p, 100, &bp);
  bool any = false;
  for (size_t k = 0; k < b.count; k++)
    any = any || b.lines[k].overfull;
  assert_true(any);
  expect_ends(&b, 7);
  q_breaks_drop(&b);
}

/* ---- line widths ----------------------------------------------------------- */

/* Eight words of 25 (k words and k-1 glues are 35k - 10 wide). In lines of
 * 100: 95, 95 and a last line of 60 (ratios 1/4, b 2; 144 + 144 + 100 =
 * 388). With widths {60, 100} the first line is 60: "25 25" fits it exactly
 * (ratio 0), then "25 25 25" twice in lines of 100, the last width serving
 * for every line past the array: 100 + 144 + 100 = 344. */
static void line_widths(void **state) {
  (void)state;
  para p = {.n = 0};
  words(&p, "25 25 25 25 25 25 25 25");
  finish(&p);
  q_break_params bp = tex();
  q_breaks b = run(&p, 100, &bp);
  expect_ends(&b, 5, 11, 17);
  assert_int_equal(b.demerits, 388);
  q_breaks_drop(&b);

  const q_sp w2[] = {60 * PT, 100 * PT};
  b = run_w(&p, w2, 2, &bp);
  expect_ends(&b, 3, 9, 17);
  assert_near(b.lines[0].ratio, 0.0, 1e-9);
  assert_int_equal(b.lines[0].badness, 0);
  assert_near(b.lines[1].ratio, 0.25, 1e-9);
  assert_int_equal(b.demerits, 344);
  q_breaks_drop(&b);

  /* Widths {60, 95}: "25 25" exactly, "25 25 25" exactly (95), "25 25 25"
   * last: 100 + 100 + 100. */
  const q_sp w3[] = {60 * PT, 95 * PT};
  b = run_w(&p, w3, 2, &bp);
  expect_ends(&b, 3, 9, 17);
  assert_int_equal(b.lines[1].badness, 0);
  assert_int_equal(b.demerits, 300);
  q_breaks_drop(&b);
}

/* ---- bad input --------------------------------------------------------------- */

static void bad_input(void **state) {
  (void)state;
  para p = {.n = 0};
  words(&p, "20 20");
  q_sp w = 100 * PT;
  q_break_params bp = tex();
  q_breaks out;
  memset(&out, 0, sizeof out);
  assert_false(q_linebreak(p.it, 0, &w, 1, &bp, &out)); /* n == 0 */
  assert_false(q_linebreak(p.it, p.n, &w, 1, &bp, &out)); /* no final forced break */
  q_breaks_drop(&out);
}

/* ---- property: optimal against brute force --------------------------------- */

static uint32_t rng_state = 12345;
static uint32_t rnd(uint32_t n) {
  rng_state = rng_state * 1103515245u + 12345u;
  return (rng_state >> 8) % n;
}

/* Random paragraphs (words of random widths, some with hyphenation points,
 * some penalties between words, a few mid-paragraph forced breaks). Where
 * the reference finds a way within \pretolerance, the breaker must answer at
 * pass 1 with exactly the fewest demerits; else, where it finds one within
 * \tolerance, at pass 2, likewise (emergency stretch is set so that pass 2
 * is not the last one, where TeX's artificial demerits could change the
 * total). Every line is checked against the reference's measure. */
static void random_paragraphs_are_optimal(void **state) {
  (void)state;
  static para p;
  int checked1 = 0, checked2 = 0;
  for (int trial = 0; trial < 3000; trial++) {
    p.n = 0;
    int gw = 6 + (int)rnd(7);
    int nwords = 2 + (int)rnd(11);
    for (int k = 0; k < nwords; k++) {
      if (k > 0) {
        uint32_t r = rnd(20);
        if (r == 0) {
          penalty(&p, 0, (int32_t)rnd(401) - 200, false);
          glue(&p, gw, gw / 2 + 1, gw / 3 + 1);
        } else if (r == 1) {
          glue(&p, gw, gw / 2 + 1, gw / 3 + 1);
          penalty(&p, 0, (int32_t)rnd(401) - 200, false);
        } else if (r == 2 && k > 1) {
          penalty(&p, 0, Q_PENALTY_INF, false);
          hfil(&p);
          penalty(&p, 0, -Q_PENALTY_INF, false);
        } else {
          glue(&p, gw, gw / 2 + 1, gw / 3 + 1);
        }
      }
      int parts = rnd(4) == 0 ? 2 + (int)rnd(2) : 1;
      for (int j = 0; j < parts; j++) {
        if (j > 0)
          penalty(&p, HYPHEN_WIDTH, HYPHEN_PENALTY, true);
        box(&p, 5 + (int)rnd(40));
      }
    }
    finish(&p);
    q_sp widths[2];
    size_t nw = 1 + rnd(2);
    widths[nw - 1] = (70 + (int)rnd(80)) * PT;
    if (nw == 2)
      widths[0] = widths[1] - (q_sp)rnd(40) * PT;
    q_break_params bp = tex();
    bp.emergency_stretch = PT;
    if (rnd(4) == 0)
      bp.adj_demerits = (int32_t)rnd(3) * 5000;
    if (rnd(4) == 0)
      bp.line_penalty = 1 + (int32_t)rnd(50);
    if (rnd(5) == 0)
      bp.pretolerance = -1;

    long long best1 = bp.pretolerance >= 0
                          ? ref_best(p.it, p.n, widths, nw, &bp, bp.pretolerance, false, 0)
                          : LLONG_MAX;
    long long best2 = ref_best(p.it, p.n, widths, nw, &bp, bp.tolerance, true, 0);
    q_breaks b = run_w(&p, widths, nw, &bp);
    int want_pass = best1 != LLONG_MAX ? 1 : best2 != LLONG_MAX ? 2 : 3;
    if (b.pass != want_pass || (want_pass < 3 && b.demerits != (want_pass == 1 ? best1 : best2))) {
      fprintf(stderr, "trial %d: want pass %d, demerits %lld\n", trial, want_pass,
              want_pass == 1 ? best1 : best2);
      dump(&b);
    }
    assert_int_equal(b.pass, want_pass);
    if (want_pass < 3) {
      assert_int_equal(b.demerits, want_pass == 1 ? best1 : best2);
      assert_int_equal(ref_total(p.it, p.n, widths, nw, &bp, &b), b.demerits);
      if (want_pass == 1) {
        checked1++;
        for (size_t k = 0; k < b.count; k++)
          assert_false(b.lines[k].hyphenated);
      } else {
        checked2++;
      }
    }
    q_breaks_drop(&b);
  }
  /* The generator must exercise both passes. */
  assert_true(checked1 > 300);
  assert_true(checked2 > 100);
}

/* A paragraph far longer than a span (a book's worth of words in one
 * paragraph) is broken a span at a time, so that its memory is bounded: the
 * lines must be those of the whole paragraph broken at once. */
static q_item *long_words(size_t nwords, size_t *n) {
  q_item *it = calloc(nwords * 3 + 3, sizeof *it);
  assert_non_null(it);
  size_t k = 0;
  for (size_t w = 0; w < nwords; w++) {
    if (w > 0)
      it[k++] = (q_item){.type = Q_ITEM_GLUE, .width = 8 * PT, .stretch = 6 * PT, .shrink = 3 * PT};
    int parts = rnd(3) == 0 ? 2 : 1;
    for (int j = 0; j < parts; j++) {
      if (j > 0)
        it[k++] = (q_item){.type = Q_ITEM_PENALTY, .width = HYPHEN_WIDTH * PT,
                           .penalty = HYPHEN_PENALTY, .flagged = true};
      it[k++] = (q_item){.type = Q_ITEM_BOX, .width = (q_sp)(6 + rnd(20)) * PT};
    }
  }
  it[k++] = (q_item){.type = Q_ITEM_PENALTY, .penalty = Q_PENALTY_INF};
  it[k++] = (q_item){.type = Q_ITEM_GLUE, .stretch = PT, .fil = true};
  it[k++] = (q_item){.type = Q_ITEM_PENALTY, .penalty = -Q_PENALTY_INF};
  *n = k;
  return it;
}

static void long_paragraph_in_spans(void **state) {
  (void)state;
  size_t n;
  q_item *it = long_words(12000, &n);
  q_sp w = 300 * PT;
  for (int pass = 1; pass <= 2; pass++) {
    q_break_params bp = tex();
    if (pass == 2)
      bp.pretolerance = -1;
    bp.span = n + 1;
    q_breaks whole, spans;
    assert_true(q_linebreak(it, n, &w, 1, &bp, &whole));
    bp.span = 2048;
    assert_true(q_linebreak(it, n, &w, 1, &bp, &spans));
    assert_true(whole.count > 200);
    assert_int_equal(spans.count, whole.count);
    assert_int_equal(spans.pass, whole.pass);
    assert_int_equal(spans.demerits, whole.demerits);
    for (size_t k = 0; k < whole.count; k++) {
      assert_int_equal(spans.lines[k].end, whole.lines[k].end);
      assert_int_equal(spans.lines[k].badness, whole.lines[k].badness);
    }
    assert_int_equal(spans.lines[spans.count - 1].end, n - 1);
    q_breaks_drop(&whole);
    q_breaks_drop(&spans);
  }
  free(it);
}

/* A run with no break in it longer than a span (a word of thousands of
 * letters) still gets through: the span widens until it holds a break. */
static void unbreakable_run_longer_than_a_span(void **state) {
  (void)state;
  size_t n = 0;
  q_item *it = calloc(6000, sizeof *it);
  assert_non_null(it);
  for (int k = 0; k < 50; k++) {
    it[n++] = (q_item){.type = Q_ITEM_BOX, .width = 20 * PT};
    it[n++] = (q_item){.type = Q_ITEM_GLUE, .width = 8 * PT, .stretch = 4 * PT, .shrink = 3 * PT};
  }
  for (int k = 0; k < 5000; k++)
    it[n++] = (q_item){.type = Q_ITEM_BOX, .width = PT};
  it[n++] = (q_item){.type = Q_ITEM_PENALTY, .penalty = Q_PENALTY_INF};
  it[n++] = (q_item){.type = Q_ITEM_GLUE, .stretch = PT, .fil = true};
  it[n++] = (q_item){.type = Q_ITEM_PENALTY, .penalty = -Q_PENALTY_INF};
  q_sp w = 300 * PT;
  q_break_params bp = tex();
  bp.span = 120;
  q_breaks b;
  assert_true(q_linebreak(it, n, &w, 1, &bp, &b));
  assert_true(b.lines[b.count - 1].overfull);
  assert_int_equal(b.lines[b.count - 1].end, n - 1);
  for (size_t k = 0; k + 1 < b.count; k++)
    assert_true(b.lines[k].end < b.lines[k + 1].end);
  q_breaks_drop(&b);
  free(it);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(badness_is_tex),
      cmocka_unit_test(frog_king_total_fit),
      cmocka_unit_test(lines_within_tolerance),
      cmocka_unit_test(forced_break_ends_line),
      cmocka_unit_test(penalty_10000_never_breaks),
      cmocka_unit_test(pass_one_suffices_and_never_hyphenates),
      cmocka_unit_test(hyphenation_when_needed),
      cmocka_unit_test(double_hyphen_demerits),
      cmocka_unit_test(final_hyphen_demerits),
      cmocka_unit_test(adj_demerits_separate_loose_and_tight),
      cmocka_unit_test(looseness),
      cmocka_unit_test(looseness_tries_later_passes),
      cmocka_unit_test(overfull_box),
      cmocka_unit_test(overfull_line_is_the_box_alone),
      cmocka_unit_test(emergency_stretch),
      cmocka_unit_test(line_widths),
      cmocka_unit_test(bad_input),
      cmocka_unit_test(random_paragraphs_are_optimal),
      cmocka_unit_test(long_paragraph_in_spans),
      cmocka_unit_test(unbreakable_run_longer_than_a_span),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
