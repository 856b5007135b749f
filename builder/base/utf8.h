/* utf8: checking and walking UTF-8, and turning byte offsets into positions.
 *
 * Sources must be valid UTF-8; q_utf8_check finds the first bad byte so the
 * error can name its line and column before any parser sees the text. */
#ifndef QUIRE_BASE_UTF8_H
#define QUIRE_BASE_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Returns true if s[0..len) is valid UTF-8 (no overlongs, no surrogates, at
 * most U+10FFFF). Otherwise false, with *bad set to the offending byte's
 * offset. */
bool q_utf8_check(const char *s, size_t len, size_t *bad);

/* Decode one code point at s[*i] (valid UTF-8 assumed) and advance *i. */
uint32_t q_utf8_next(const char *s, size_t len, size_t *i);

/* Encode cp into out (at least 4 bytes); returns the byte count. */
size_t q_utf8_encode(uint32_t cp, char *out);

/* 1-based line and column (in code points) of byte offset off. Line starts
 * are found by scanning; use q_lines for many look-ups in one text. */
void q_utf8_position(const char *s, size_t off, unsigned *line, unsigned *col);

/* Line-start table for fast offset -> position look-ups in one text. */
typedef struct q_lines {
  const char *text;
  size_t len;
  size_t *starts; /* malloc'd; starts[k] = offset of line k+1 */
  size_t count;
} q_lines;
void q_lines_init(q_lines *l, const char *text, size_t len);
void q_lines_drop(q_lines *l);
void q_lines_position(const q_lines *l, size_t off, unsigned *line, unsigned *col);

#endif
