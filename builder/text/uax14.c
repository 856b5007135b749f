#include "uax14.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/utext.h>

#include "../base/utf8.h"
#include "../base/mem.h"

/* ICU reads the UTF-8 text in place (utext_openUTF8) and reports byte
 * offsets, so nothing is converted to UTF-16. One iterator per language,
 * made on first use and re-aimed at each paragraph with ubrk_setUText; one
 * UText reused for every paragraph. */

typedef struct iter {
  char *lang;
  UBreakIterator *bi; /* NULL: ICU could not make one */
} iter;

struct q_uax14 {
  q_diag *d;
  iter *iters;
  size_t n;
  UText *ut;
  bool reported;
};

q_uax14 *q_uax14_new(q_diag *d) {
  q_uax14 *b = q_realloc(NULL, 1, sizeof *b);
  memset(b, 0, sizeof *b);
  b->d = d;
  return b;
}

void q_uax14_drop(q_uax14 *b) {
  if (!b)
    return;
  for (size_t i = 0; i < b->n; i++) {
    if (b->iters[i].bi)
      ubrk_close(b->iters[i].bi);
    free(b->iters[i].lang);
  }
  free(b->iters);
  if (b->ut)
    utext_close(b->ut);
  free(b);
}

static void fail(q_uax14 *b, const char *what, UErrorCode st) {
  if (!b->reported && b->d)
    q_error(b->d, (q_pos){0}, "ICU line breaking: %s: %s", what, u_errorName(st));
  b->reported = true;
}

/* The iterator for a BCP 47 tag ("" or NULL: the root locale). */
static UBreakIterator *iterator(q_uax14 *b, const char *lang) {
  if (!lang)
    lang = "";
  for (size_t i = 0; i < b->n; i++)
    if (strcmp(b->iters[i].lang, lang) == 0)
      return b->iters[i].bi;
  char locale[ULOC_FULLNAME_CAPACITY] = "";
  UErrorCode st = U_ZERO_ERROR;
  if (*lang) {
    uloc_forLanguageTag(lang, locale, (int32_t)sizeof locale, NULL, &st);
    if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING)
      locale[0] = '\0'; /* a malformed tag: the root locale's rules */
  }
  /* Japanese books follow strict kinsoku: no line starts with a small kana
   * or a prolonged sound mark (ICU's ja default allows it). A tag that
   * asks for a line-break style (-u-lb-loose) keeps it. */
  char language[ULOC_LANG_CAPACITY] = "", style[16] = "";
  st = U_ZERO_ERROR;
  uloc_getLanguage(locale, language, (int32_t)sizeof language, &st);
  uloc_getKeywordValue(locale, "lb", style, (int32_t)sizeof style, &st);
  if (U_SUCCESS(st) && strcmp(language, "ja") == 0 && !style[0])
    uloc_setKeywordValue("lb", "strict", locale, (int32_t)sizeof locale, &st);
  st = U_ZERO_ERROR;
  UBreakIterator *bi = ubrk_open(UBRK_LINE, locale, NULL, 0, &st);
  if (U_FAILURE(st)) {
    fail(b, "ubrk_open", st);
    bi = NULL;
  }
  size_t n = strlen(lang) + 1;
  b->iters = q_realloc(b->iters, b->n + 1, sizeof *b->iters);
  b->iters[b->n++] = (iter){memcpy(q_realloc(NULL, n, 1), lang, n), bi};
  return bi;
}

static bool hangul(int32_t lb) {
  return lb == U_LB_H2 || lb == U_LB_H3 || lb == U_LB_JL || lb == U_LB_JV || lb == U_LB_JT;
}

/* Letters and digits in the sense of CSS word-break: keep-all. */
static bool letter(int32_t lb) {
  return hangul(lb) || lb == U_LB_ALPHABETIC || lb == U_LB_NUMERIC || lb == U_LB_AMBIGUOUS ||
         lb == U_LB_IDEOGRAPHIC;
}

/* Whether byte p (0 < p < len) falls inside a Korean word: Hangul on one
 * side, a letter or digit on the other (외|부, API|를). */
static bool inside_korean_word(const char *text, size_t len, size_t p) {
  size_t q = p;
  int32_t after = u_getIntPropertyValue((UChar32)q_utf8_next(text, len, &q), UCHAR_LINE_BREAK);
  q = p - 1;
  while (q > 0 && ((unsigned char)text[q] & 0xC0) == 0x80)
    q--;
  int32_t before = u_getIntPropertyValue((UChar32)q_utf8_next(text, len, &q), UCHAR_LINE_BREAK);
  return (hangul(before) && letter(after)) || (letter(before) && hangul(after));
}

static void opportunities(void *ctx, const char *text, size_t len, const char *lang, uint8_t *brk) {
  q_uax14 *b = ctx;
  brk[len] = Q_BRK_MUST;
  UBreakIterator *bi = iterator(b, lang);
  UErrorCode st = U_ZERO_ERROR;
  if (bi && len > INT32_MAX)
    bi = NULL; /* ICU counts in int32_t */
  if (bi) {
    b->ut = utext_openUTF8(b->ut, text, (int64_t)len, &st);
    if (U_SUCCESS(st))
      ubrk_setUText(bi, b->ut, &st);
    if (U_FAILURE(st))
      fail(b, "utext", st);
  }
  if (!bi || U_FAILURE(st)) { /* a poor substitute: after spaces */
    for (size_t i = 1; i < len; i++)
      if (text[i - 1] == ' ' && text[i] != ' ')
        brk[i] = Q_BRK_ALLOW;
    return;
  }
  for (int32_t p = ubrk_first(bi); (p = ubrk_next(bi)) != UBRK_DONE;) {
    size_t at = (size_t)p;
    if (at == 0 || at >= len)
      continue;
    int32_t status = ubrk_getRuleStatus(bi);
    if (status >= UBRK_LINE_HARD && status < UBRK_LINE_HARD_LIMIT)
      brk[at] = Q_BRK_MUST;
    else if (!inside_korean_word(text, len, at))
      brk[at] = Q_BRK_ALLOW;
  }
}

q_breaker q_uax14_breaker(q_uax14 *b) { return (q_breaker){b, opportunities}; }
