#include "utf8.h"
#include "mem.h"

#include <stdio.h>
#include <stdlib.h>

bool q_utf8_check(const char *str, size_t len, size_t *bad) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0;
  while (i < len) {
    unsigned c = s[i];
    size_t n;
    uint32_t cp, min;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      n = 1, cp = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2, cp = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3, cp = c & 0x07, min = 0x10000;
    } else {
      *bad = i;
      return false;
    }
    if (len - i <= n) {
      *bad = i;
      return false;
    }
    for (size_t k = 1; k <= n; k++) {
      if ((s[i + k] & 0xC0) != 0x80) {
        *bad = i;
        return false;
      }
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      *bad = i;
      return false;
    }
    i += n + 1;
  }
  return true;
}

uint32_t q_utf8_next(const char *str, size_t len, size_t *i) {
  const unsigned char *s = (const unsigned char *)str;
  unsigned c = s[*i];
  size_t n = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
  uint32_t cp = n == 0 ? c : n == 1 ? (c & 0x1F) : n == 2 ? (c & 0x0F) : (c & 0x07);
  size_t k = 1;
  for (; k <= n && *i + k < len; k++)
    cp = (cp << 6) | (s[*i + k] & 0x3F);
  *i += k;
  return cp;
}

size_t q_utf8_encode(uint32_t cp, char *out) {
  unsigned char *o = (unsigned char *)out;
  if (cp < 0x80) {
    o[0] = (unsigned char)cp;
    return 1;
  }
  if (cp < 0x800) {
    o[0] = (unsigned char)(0xC0 | (cp >> 6));
    o[1] = (unsigned char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    o[0] = (unsigned char)(0xE0 | (cp >> 12));
    o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (unsigned char)(0x80 | (cp & 0x3F));
    return 3;
  }
  o[0] = (unsigned char)(0xF0 | (cp >> 18));
  o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
  o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
  o[3] = (unsigned char)(0x80 | (cp & 0x3F));
  return 4;
}

static unsigned count_chars(const char *s, size_t from, size_t to) {
  unsigned n = 0;
  for (size_t i = from; i < to; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80)
      n++;
  return n;
}

void q_utf8_position(const char *s, size_t off, unsigned *line, unsigned *col) {
  unsigned ln = 1;
  size_t start = 0;
  for (size_t i = 0; i < off; i++)
    if (s[i] == '\n') {
      ln++;
      start = i + 1;
    }
  *line = ln;
  *col = count_chars(s, start, off) + 1;
}

/* Does a line end at text[i]? XML's line ends: "\n", "\r\n" (at its
 * '\n') and a lone "\r", as the parser counts them. */
static bool line_ends(const char *text, size_t len, size_t i) {
  return text[i] == '\n' || (text[i] == '\r' && (i + 1 == len || text[i + 1] != '\n'));
}

void q_lines_init(q_lines *l, const char *text, size_t len) {
  size_t n = 1;
  for (size_t i = 0; i < len; i++)
    n += line_ends(text, len, i);
  l->text = text;
  l->len = len;
  l->count = 0;
  l->starts = q_realloc(NULL, n, sizeof *l->starts);
  l->starts[l->count++] = 0;
  for (size_t i = 0; i < len; i++)
    if (line_ends(text, len, i))
      l->starts[l->count++] = i + 1;
}

void q_lines_drop(q_lines *l) {
  free(l->starts);
  l->starts = NULL;
  l->count = 0;
}

void q_lines_position(const q_lines *l, size_t off, unsigned *line, unsigned *col) {
  size_t lo = 0, hi = l->count; /* find the last start <= off */
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (l->starts[mid] <= off)
      lo = mid;
    else
      hi = mid;
  }
  *line = (unsigned)lo + 1;
  *col = count_chars(l->text, l->starts[lo], off) + 1;
}
