/* linebreak.c: Knuth-Plass, after tex.web §813-890.
 *
 * Map of the control flow:
 *   q_linebreak -> passes 1..3 (§863) -> run_pass
 *   run_pass walks the items; at each legal breakpoint (§866: glue after a
 *   box; a penalty below +10000; flagged penalties only from pass 2) it calls
 *   try_break (§829), which measures the line from every active break to
 *   here (§851), deactivates breaks that can no longer start a line that fits
 *   (overfull, or past a forced break), keeps the best new break per line
 *   number and fitness class (§855), and adds the survivors to the active
 *   list (§836). At the end the active break with the fewest demerits, or the
 *   one nearest the wanted looseness (§873), gives the lines.
 *
 * Differences from TeX, none of which changes the optimum: no delta nodes
 * (line widths come from prefix sums over the items instead), and breaks are
 * told apart by line number as well as fitness everywhere, which TeX does
 * only where line widths differ or looseness is set.
 *
 * A paragraph of more than SPAN items (some 6,000 words, a dozen pages of
 * one paragraph; q_break_params.span) is broken a span at a time, so that
 * memory stays bounded whatever its length. At a span's end the chains of
 * the active breaks are followed back to the latest break they all pass
 * through: every way on goes through it, so the lines up to it are the
 * whole paragraph's, and the next span starts there. Where the ways have
 * not met, the span is doubled, up to four times its size; past that the
 * best way's lines up to three quarters of the span are kept, which is no
 * longer exact (text that repeats one sentence, never real prose). Each
 * span runs the passes on its own. */
#include "linebreak.h"

#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/mem.h"

enum { INF_BAD = 10000, FITNESS_CLASSES = 4, SPAN = 1 << 15 };
#define AWFUL_BAD 0x3FFFFFFFFFFFLL

typedef struct brk brk;
struct brk {           /* a chosen break: the end of a line, chained to the previous */
  brk *prev;
  size_t pos;          /* item index; for the paragraph start, SIZE_MAX */
  int32_t line;        /* lines before the break's next line (0 for the start) */
  int fitness;
  bool hyphenated;
  long long demerits;  /* total from the span's start */
  size_t seen;         /* converged(): how many active chains pass here */
  q_line_fit fit;      /* the line that ends here */
};

typedef struct active active;
struct active {
  active *next;
  brk *b;
  long long demerits;
  size_t start;        /* first item of the line after b */
};

/* Where a span of the paragraph starts: after a break, or at the start. */
typedef struct origin {
  size_t pos;          /* the break it follows; SIZE_MAX at the paragraph's start */
  size_t first;        /* the span's first item */
  int32_t line;
  int fitness;
  bool hyphenated;
} origin;

typedef struct pass {
  const q_item *items;
  size_t n;
  size_t base, end;    /* the span: items [base, end) are break candidates */
  bool widest;         /* the span may grow no more to find where its ways meet */
  const q_sp *widths;
  size_t nwidths;
  const q_break_params *p;
  int64_t *sw, *sy, *sz, *sf; /* prefix sums over the span from base: width,
                                 stretch, shrink, fil stretch */
  int32_t threshold;
  bool hyphens;        /* flagged penalties are candidates */
  bool final;          /* the last pass: never fail */
  q_sp background;     /* emergency stretch added to every line */
  q_arena arena;
  active *actives;
} pass;

int32_t q_badness(q_sp t, q_sp s) {
  /* tex.web §108: 100 (t/s)^3 in integers, exact enough and the same on
   * every machine. */
  if (t == 0)
    return 0;
  if (s <= 0)
    return INF_BAD;
  int64_t r;
  if (t <= 7230584)
    r = ((int64_t)t * 297) / s;
  else if (s >= 1663497)
    r = t / (s / 297);
  else
    r = t;
  if (r > 1290)
    return INF_BAD;
  return (int32_t)((r * r * r + 0x20000) / 0x40000);
}

q_break_params q_break_params_tex(void) {
  return (q_break_params){
      .pretolerance = 100,
      .tolerance = 200,
      .line_penalty = 10,
      .adj_demerits = 10000,
      .double_hyphen_demerits = 10000,
      .final_hyphen_demerits = 5000,
      .looseness = 0,
      .emergency_stretch = 0,
  };
}

void q_breaks_drop(q_breaks *b) {
  free(b->lines);
  memset(b, 0, sizeof *b);
}

static q_sp line_width(const pass *ps, int32_t line) {
  size_t k = (size_t)line < ps->nwidths ? (size_t)line : ps->nwidths - 1;
  return ps->widths[k];
}

/* The first item of the line after a break at pos: glue and penalties that
 * follow a break are discarded (§837), up to a box or a forced break. */
static size_t line_start(const pass *ps, size_t pos) {
  size_t i = pos + 1;
  while (i < ps->n && ps->items[i].type != Q_ITEM_BOX &&
         !(ps->items[i].type == Q_ITEM_PENALTY && ps->items[i].penalty <= -Q_PENALTY_INF))
    i++;
  return i;
}

typedef struct candidate {
  int32_t key;         /* line number, or -1 where line numbers are merged */
  int32_t line;        /* line number of the line that ends here */
  int fitness;
  long long demerits;
  active *from;
  q_line_fit fit;
} candidate;

typedef struct candidates {
  candidate *c;
  size_t count, cap;
  long long minimum;
} candidates;

static void note(candidates *cs, const candidate *c) {
  for (size_t i = 0; i < cs->count; i++)
    if (cs->c[i].key == c->key && cs->c[i].fitness == c->fitness) {
      if (c->demerits < cs->c[i].demerits)
        cs->c[i] = *c;
      goto done;
    }
  cs->c = q_grow(cs->c, &cs->cap, cs->count + 1, sizeof *cs->c);
  cs->c[cs->count++] = *c;
done:
  if (c->demerits < cs->minimum)
    cs->minimum = c->demerits;
}

/* §829: consider a break at item b with penalty pi. */
static void try_break(pass *ps, size_t b, int32_t pi, bool flagged, candidates *cs) {
  const q_break_params *p = ps->p;
  bool forced = pi <= -Q_PENALTY_INF;
  bool last = b == ps->n - 1;
  cs->count = 0;
  cs->minimum = AWFUL_BAD;
  q_sp extra = ps->items[b].type == Q_ITEM_PENALTY ? ps->items[b].width : 0;

  active *prev = NULL;
  for (active *a = ps->actives; a;) {
    active *next = a->next;
    if (b < a->start) { /* no material yet after that break */
      prev = a;
      a = next;
      continue;
    }
    size_t to = b - ps->base, from = a->start - ps->base;
    int64_t width = ps->sw[to] - ps->sw[from] + extra;
    int64_t stretch = ps->sy[to] - ps->sy[from];
    int64_t shrink = ps->sz[to] - ps->sz[from];
    int64_t fil = ps->sf[to] - ps->sf[from];
    int32_t line = a->b->line;
    int64_t shortfall = (int64_t)line_width(ps, line) - width;

    int32_t bad;
    int fitness;
    q_line_fit fit = {.end = b, .hyphenated = flagged};
    if (shortfall > 0) { /* §852: stretching */
      if (fil > 0) {
        bad = 0, fitness = 2;
        fit.ratio = 0;
      } else {
        int64_t s = stretch + ps->background;
        if (s > 0x3FFFFFFF)
          s = 0x3FFFFFFF; /* so much stretch is as good as any more */
        bad = shortfall > 0x3FFFFFFF ? INF_BAD : q_badness((q_sp)shortfall, (q_sp)s);
        fitness = bad > 99 ? 0 : bad > 12 ? 1 : 2;
        fit.ratio = stretch > 0 ? (double)shortfall / (double)stretch : 1e9;
      }
    } else { /* §853: shrinking */
      if (-shortfall > shrink) {
        bad = INF_BAD + 1;
        fit.overfull = true;
      } else {
        bad = q_badness((q_sp)-shortfall, (q_sp)shrink);
      }
      fitness = bad > 12 ? 3 : 2;
      fit.ratio = shrink > 0 ? (double)shortfall / (double)shrink : (shortfall < 0 ? -1e9 : 0);
    }
    fit.badness = bad > INF_BAD ? INF_BAD : bad;
    fit.fitness = fitness;

    bool artificial = false, stays;
    if (bad > INF_BAD || forced) {
      /* §854: this active break cannot start a line past here. On the last
       * pass the only one left is kept going, overfull, so that the
       * paragraph always gets through. */
      if (ps->final && cs->minimum == AWFUL_BAD && prev == NULL && next == NULL)
        artificial = true;
      else if (bad > ps->threshold)
        goto deactivate;
      stays = false;
    } else {
      if (bad > ps->threshold) {
        prev = a;
        a = next;
        continue;
      }
      stays = true;
    }

    {
      /* §859: demerits. */
      long long d;
      if (artificial) {
        d = 0;
      } else {
        long long lb = (long long)p->line_penalty + bad;
        d = (lb >= 10000 || lb <= -10000) ? 100000000LL : lb * lb;
        if (pi > 0)
          d += (long long)pi * pi;
        else if (pi > -Q_PENALTY_INF)
          d -= (long long)pi * pi;
        /* TeX treats the paragraph's final break as hyphenated here. */
        if ((flagged || last) && a->b->hyphenated)
          d += last ? p->final_hyphen_demerits : p->double_hyphen_demerits;
        if (abs(fitness - a->b->fitness) > 1)
          d += p->adj_demerits;
      }
      /* Breaks are told apart by line number where it matters (§835):
       * where lines differ in width, and under looseness. Elsewhere a break
       * is as good as another with the same fitness, whatever its line. */
      bool distinct = p->looseness != 0 || (size_t)line + 1 < ps->nwidths;
      candidate c = {distinct ? line + 1 : -1, line + 1, fitness, d + a->demerits, a, fit};
      note(cs, &c);
    }
    if (stays) {
      prev = a;
      a = next;
      continue;
    }
  deactivate:
    if (prev)
      prev->next = next;
    else
      ps->actives = next;
    a = next;
  }

  /* §836: new active breaks, those that can still win. */
  if (cs->minimum == AWFUL_BAD)
    return;
  long long adj = p->adj_demerits < 0 ? -(long long)p->adj_demerits : p->adj_demerits;
  size_t start = line_start(ps, b);
  for (size_t i = 0; i < cs->count; i++) {
    const candidate *c = &cs->c[i];
    /* A break that costs more than the best of its group plus the most a
     * fitness change can save can never win (§836). */
    long long minimum = AWFUL_BAD;
    for (size_t j = 0; j < cs->count; j++)
      if (cs->c[j].key == c->key && cs->c[j].demerits < minimum)
        minimum = cs->c[j].demerits;
    if (c->demerits > minimum + adj)
      continue;
    brk *nb = q_arena_alloc(&ps->arena, sizeof *nb);
    nb->prev = c->from->b;
    nb->pos = b;
    nb->line = c->line;
    nb->fitness = c->fitness;
    nb->hyphenated = flagged;
    nb->demerits = c->demerits;
    nb->fit = c->fit;
    active *na = q_arena_alloc(&ps->arena, sizeof *na);
    na->b = nb;
    na->demerits = c->demerits;
    na->start = start;
    /* Keep the list in line-number order, newest last among equals, as TeX
     * does (§845): on the final pass the break that survives alone, and so
     * ends an overfull line, is then the latest one. */
    active **at = &ps->actives;
    while (*at && (*at)->b->line <= nb->line)
      at = &(*at)->next;
    na->next = *at;
    *at = na;
  }
}

/* One pass over the span from o; true if it got through. */
static bool run_pass(pass *ps, const origin *o) {
  q_arena_init(&ps->arena);
  brk *start = q_arena_alloc(&ps->arena, sizeof *start);
  start->pos = o->pos;
  start->line = o->line;
  start->fitness = o->fitness;
  start->hyphenated = o->hyphenated;
  active *a = q_arena_alloc(&ps->arena, sizeof *a);
  a->b = start;
  a->start = o->first;
  ps->actives = a;
  candidates cs = {0};
  for (size_t i = ps->base; i < ps->end && ps->actives; i++) {
    const q_item *it = &ps->items[i];
    if (it->type == Q_ITEM_GLUE) {
      if (i > 0 && ps->items[i - 1].type == Q_ITEM_BOX)
        try_break(ps, i, 0, false, &cs);
    } else if (it->type == Q_ITEM_PENALTY && it->penalty < Q_PENALTY_INF) {
      if (!it->flagged || ps->hyphens)
        try_break(ps, i, it->penalty, it->flagged, &cs);
    }
  }
  free(cs.c);
  return ps->actives != NULL;
}

/* §873-875: the active break with the fewest demerits; with looseness, the
 * one whose line count comes nearest the wanted one without passing it.
 * Sets *reached when the looseness asked for was had. */
static active *best_break(const pass *ps, bool *reached) {
  active *best = NULL;
  for (active *a = ps->actives; a; a = a->next)
    if (!best || a->demerits < best->demerits)
      best = a;
  *reached = true;
  int32_t looseness = ps->p->looseness;
  if (looseness == 0 || ps->end < ps->n) /* looseness is the whole paragraph's */
    return best;
  int32_t best_line = best->b->line, actual = 0;
  long long fewest = best->demerits;
  for (active *a = ps->actives; a; a = a->next) {
    int32_t diff = a->b->line - best_line;
    if ((diff < actual && looseness <= diff) || (diff > actual && looseness >= diff)) {
      best = a, actual = diff, fewest = a->demerits;
    } else if (diff == actual && a->demerits < fewest) {
      best = a, fewest = a->demerits;
    }
  }
  *reached = actual == looseness;
  return best;
}

/* Append the lines from the span's start to break to, and add its demerits. */
static void collect(const brk *to, const origin *o, q_breaks *out, size_t *cap) {
  size_t count = (size_t)(to->line - o->line), k = out->count + count;
  out->lines = q_grow(out->lines, cap, k, sizeof *out->lines);
  out->count = k;
  out->demerits += to->demerits;
  for (const brk *b = to; b->prev; b = b->prev)
    out->lines[--k] = b->fit;
}

/* The latest break that every active break's chain passes through: every
 * way through the paragraph goes through it, so the lines up to it are
 * those of the whole paragraph's optimum. NULL if the chains meet only at
 * the span's start. */
static const brk *converged(const pass *ps) {
  size_t m = 0;
  for (const active *a = ps->actives; a; a = a->next, m++)
    for (brk *b = a->b; b; b = b->prev)
      b->seen++;
  for (const brk *b = ps->actives->b; b->prev; b = b->prev)
    if (b->seen == m)
      return b;
  return NULL;
}

/* The last break of the chain at or before mid; failing that the chain's
 * first; NULL if the chain holds no break at all. */
static const brk *keep_until(const brk *last, size_t mid) {
  const brk *kept = NULL;
  for (const brk *b = last; b->prev; b = b->prev) {
    kept = b;
    if (b->pos <= mid)
      break;
  }
  return kept;
}

/* Fill the span's prefix sums, from base to end. */
static void sum_span(pass *ps, int64_t **sums, size_t *cap) {
  size_t m = ps->end - ps->base + 1;
  *sums = q_grow(*sums, cap, 4 * m, sizeof **sums);
  ps->sw = *sums, ps->sy = *sums + m, ps->sz = *sums + 2 * m, ps->sf = *sums + 3 * m;
  ps->sw[0] = ps->sy[0] = ps->sz[0] = ps->sf[0] = 0;
  for (size_t j = 0; j + 1 < m; j++) {
    const q_item *it = &ps->items[ps->base + j];
    bool counts = it->type != Q_ITEM_PENALTY;
    ps->sw[j + 1] = ps->sw[j] + (counts ? it->width : 0);
    ps->sy[j + 1] = ps->sy[j] + (it->type == Q_ITEM_GLUE && !it->fil ? it->stretch : 0);
    ps->sf[j + 1] = ps->sf[j] + (it->type == Q_ITEM_GLUE && it->fil ? it->stretch : 0);
    ps->sz[j + 1] = ps->sz[j] + (it->type == Q_ITEM_GLUE ? it->shrink : 0);
  }
}

/* The passes of §863 over one span. On success the lines found are
 * appended to out: all of them for the span that ends the paragraph,
 * otherwise those up to three quarters of the way, *o moving past them.
 * Returns 0 when no pass got through, -1 when the span holds no break (the
 * caller widens it), else the pass that did. */
static int break_span(pass *ps, origin *o, q_breaks *out, size_t *cap) {
  const q_break_params *params = ps->p;
  bool closing = ps->end == ps->n;
  int last = params->last_pass >= 1 && params->last_pass <= 3 ? params->last_pass : 3;
  int got = 0;
  for (int passno = 1; passno <= last && !got; passno++) {
    if (passno == 1) {
      if (params->pretolerance < 0)
        continue;
      ps->threshold = params->pretolerance, ps->hyphens = false, ps->final = false;
      ps->background = 0;
    } else if (passno == 2) {
      ps->threshold = params->tolerance, ps->hyphens = true;
      ps->final = params->emergency_stretch <= 0;
      ps->background = 0;
    } else {
      if (params->emergency_stretch <= 0)
        break;
      ps->threshold = params->tolerance, ps->hyphens = true, ps->final = true;
      ps->background = params->emergency_stretch;
    }
    if (run_pass(ps, o)) {
      bool reached;
      active *best = best_break(ps, &reached);
      if (!closing) {
        const brk *kept = converged(ps);
        if (!kept && ps->widest) /* the best way's lines up to three quarters */
          kept = keep_until(best->b, ps->base + (ps->end - ps->base) / 4 * 3);
        if (!kept) {
          got = -1;
        } else {
          collect(kept, o, out, cap);
          *o = (origin){kept->pos, line_start(ps, kept->pos), kept->line, kept->fitness,
                        kept->hyphenated};
          got = passno;
        }
      } else if (reached || ps->final || passno == 3) {
        /* With looseness, a later pass may get nearer the wanted count. */
        collect(best->b, o, out, cap);
        got = passno;
      }
    }
    q_arena_drop(&ps->arena);
  }
  return got;
}

bool q_linebreak(const q_item *items, size_t n, const q_sp *widths, size_t nwidths,
                 const q_break_params *params, q_breaks *out) {
  memset(out, 0, sizeof *out);
  if (n == 0 || nwidths == 0 || items[n - 1].type != Q_ITEM_PENALTY ||
      items[n - 1].penalty > -Q_PENALTY_INF)
    return false;
  pass ps = {.items = items, .n = n, .widths = widths, .nwidths = nwidths, .p = params};
  origin o = {.pos = SIZE_MAX, .first = 0, .line = 0, .fitness = 2 /* decent, §864 */};
  int64_t *sums = NULL;
  size_t step = params->span ? params->span : SPAN;
  size_t sums_cap = 0, lines_cap = 0, span = step;
  bool ok = true;
  while (ok && o.first < n) {
    ps.base = o.first;
    ps.end = n - o.first > span ? o.first + span : n;
    ps.widest = span >= 4 * step;
    sum_span(&ps, &sums, &sums_cap);
    bool closing = ps.end == n;
    int got = break_span(&ps, &o, out, &lines_cap);
    if (got < 0) {
      span *= 2; /* the ways have not met yet, or no break at all so far */
      continue;
    }
    ok = got > 0;
    if (got > out->pass)
      out->pass = got;
    span = step;
    if (closing)
      break;
  }
  free(sums);
  if (!ok)
    q_breaks_drop(out);
  return ok;
}
