/* numeral.c: list numbers in DocBook's numerations. */
#include "numeral.h"

#include <stdio.h>
#include <string.h>

/* Roman numerals exist from 1 to 3999; CSS falls back to decimal outside
 * that range, and so do we, so that both outputs show the same number. */
static size_t roman(unsigned n, int upper, char *out, size_t cap) {
  static const struct {
    unsigned v;
    const char *s;
  } table[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"},
               {50, "l"},   {40, "xl"},  {10, "x"},  {9, "ix"},   {5, "v"},   {4, "iv"},  {1, "i"}};
  size_t len = 0;
  for (size_t i = 0; i < sizeof table / sizeof *table; i++)
    while (n >= table[i].v) {
      for (const char *s = table[i].s; *s; s++)
        if (len + 1 < cap)
          out[len++] = (char)(upper ? *s - 'a' + 'A' : *s);
      n -= table[i].v;
    }
  out[len < cap ? len : cap - 1] = '\0';
  return len < cap ? len : cap - 1;
}

/* Bijective base 26: a..z, then aa..az, ba..: there is no zero digit. */
static size_t alpha(unsigned n, int upper, char *out, size_t cap) {
  char rev[16];
  size_t k = 0;
  while (n > 0 && k < sizeof rev) {
    n--;
    rev[k++] = (char)((upper ? 'A' : 'a') + n % 26);
    n /= 26;
  }
  size_t len = 0;
  while (k > 0 && len + 1 < cap)
    out[len++] = rev[--k];
  out[len] = '\0';
  return len;
}

size_t q_numeral_format(unsigned n, q_numeration style, char *buf, size_t cap) {
  if (cap == 0)
    return 0;
  int upper = style == Q_NUM_UPPERALPHA || style == Q_NUM_UPPERROMAN;
  if (n > 0 && (style == Q_NUM_LOWERALPHA || style == Q_NUM_UPPERALPHA))
    return alpha(n, upper, buf, cap);
  if (n > 0 && n < 4000 && (style == Q_NUM_LOWERROMAN || style == Q_NUM_UPPERROMAN))
    return roman(n, upper, buf, cap);
  int w = snprintf(buf, cap, "%u", n);
  return w < 0 ? 0 : (size_t)w < cap ? (size_t)w : cap - 1;
}

static const char *const names[] = {"arabic", "loweralpha", "upperalpha", "lowerroman",
                                    "upperroman"};
static const char *const css[] = {"decimal", "lower-alpha", "upper-alpha", "lower-roman",
                                  "upper-roman"};

bool q_numeration_parse(const char *name, q_numeration *out) {
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (strcmp(name, names[i]) == 0) {
      *out = (q_numeration)i;
      return true;
    }
  return false;
}

const char *q_numeration_css(q_numeration style) {
  return (unsigned)style < sizeof css / sizeof *css ? css[style] : "decimal";
}
