/* linebreak: Knuth-Plass total-fit line breaking.
 *
 * Chooses the breaks of a whole paragraph at once, minimising the sum of
 * demerits over its lines, as TeX does (tex.web §813-890). The parameters
 * keep TeX's names and meanings, and q_break_params_tex gives plain TeX's
 * values. Three passes, as in TeX:
 *   1. no hyphenation (flagged penalties are not break candidates), lines up
 *      to `pretolerance` badness (skipped when pretolerance < 0);
 *   2. with hyphenation, lines up to `tolerance`;
 *   3. as 2 with `emergency_stretch` added to every line's stretchability;
 *      if no way through remains, the best it found is taken anyway and the
 *      lines that cannot fit are reported overfull.
 * The item list must end with a forced break (a penalty <= -10000), normally
 * preceded by the \parfillskip glue (0 plus "infinite" stretch).
 *
 * Ownership: q_linebreak fills a q_breaks whose arrays the caller frees with
 * q_breaks_drop. No allocation survives otherwise. */
#ifndef QUIRE_TYPESET_LINEBREAK_H
#define QUIRE_TYPESET_LINEBREAK_H

#include <stddef.h>

#include "items.h"

typedef struct q_break_params {
  int32_t pretolerance;       /* \pretolerance: badness limit of pass 1; < 0 skips it (100) */
  int32_t tolerance;          /* \tolerance: badness limit of passes 2 and 3 (200) */
  int32_t line_penalty;       /* \linepenalty: l in (l + b)^2 (10) */
  int32_t adj_demerits;       /* \adjdemerits: adjacent lines' fitness differs by > 1 (10000) */
  int32_t double_hyphen_demerits; /* \doublehyphendemerits: two hyphenated lines in a row (10000) */
  int32_t final_hyphen_demerits;  /* \finalhyphendemerits: next-to-last line hyphenated (5000) */
  int32_t looseness;          /* \looseness: try for this many more (or fewer) lines (0) */
  q_sp emergency_stretch;     /* \emergencystretch: extra stretch of pass 3 (0 in plain TeX) */
  int32_t last_pass;          /* stop after this pass (1-3), failing if it does not do; 0: 3 */
  size_t span;                /* a longer paragraph is broken this many items at a
                                 time, so that memory stays bounded (0: 32768) */
} q_break_params;

/* Plain TeX's values (plain.tex), emergency stretch 0. */
q_break_params q_break_params_tex(void);

typedef struct q_line_fit {
  size_t end;        /* index of the item the line breaks at (glue or penalty) */
  double ratio;      /* adjustment ratio: > 0 stretch, < 0 shrink (>= -1 unless overfull) */
  int32_t badness;   /* TeX's badness of the line (10000: infinitely bad) */
  int fitness;       /* 0 very loose, 1 loose, 2 decent, 3 tight */
  bool hyphenated;   /* ends at a flagged penalty */
  bool overfull;     /* too wide even fully shrunk */
} q_line_fit;

typedef struct q_breaks {
  q_line_fit *lines; /* malloc'd, count entries */
  size_t count;
  long long demerits;/* total of the chosen breaks */
  int pass;          /* 1, 2 or 3: the pass that succeeded */
} q_breaks;

/* Break items[0..n) into lines. Line k (from 0) has width widths[k], or the
 * last of the widths for lines past the end of the array. Returns false only
 * on bad input (no final forced break, n == 0); out of memory ends the
 * process (base/mem.h), so a failed allocation never costs a breakpoint. */
bool q_linebreak(const q_item *items, size_t n, const q_sp *widths, size_t nwidths,
                 const q_break_params *params, q_breaks *out);
void q_breaks_drop(q_breaks *b);

/* TeX's badness of stretching (or shrinking) by t when s is available. */
int32_t q_badness(q_sp t, q_sp s);

#endif
