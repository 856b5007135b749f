/* names.c: joining a personal name's parts. */
#include "names.h"

#include <string.h>

#include "../base/buf.h"
#include "../base/utf8.h"
#include "lang.h"

bool q_name_family_first(const char *lang) {
  static const char *const family_first[] = {"zh", "ja", "ko", "hu", "vi"};
  char primary[4];
  q_lang_primary(lang ? lang : "en", primary);
  for (size_t i = 0; i < sizeof family_first / sizeof *family_first; i++)
    if (strcmp(primary, family_first[i]) == 0)
      return true;
  return false;
}

/* Han, kana, Hangul and their punctuation: written without spaces. */
static bool cjk(uint32_t cp) {
  return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
         (cp >= 0x20000 && cp <= 0x3FFFF);
}

static uint32_t first_cp(const char *s) {
  size_t i = 0;
  return q_utf8_next(s, strlen(s), &i);
}

static uint32_t last_cp(const char *s) {
  size_t n = strlen(s), i = n;
  while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
    i--;
  if (i > 0)
    i--;
  return q_utf8_next(s, n, &i);
}

char *q_name_join(q_arena *a, const q_name_parts *p, const char *lang) {
  const char *order[5];
  size_t n = 0;
  order[n++] = p->honorific;
  if (q_name_family_first(lang)) {
    order[n++] = p->surname;
    order[n++] = p->given;
    order[n++] = p->other;
  } else {
    order[n++] = p->given;
    order[n++] = p->other;
    order[n++] = p->surname;
  }
  order[n++] = p->lineage;
  q_buf b;
  q_buf_init(&b);
  const char *prev = NULL;
  for (size_t i = 0; i < n; i++) {
    const char *s = order[i];
    if (!s || !*s)
      continue;
    if (prev && !(cjk(last_cp(prev)) && cjk(first_cp(s))))
      q_buf_putc(&b, ' ');
    q_buf_puts(&b, s);
    prev = s;
  }
  char *out = b.len ? q_arena_strndup(a, b.data, b.len) : NULL;
  q_buf_drop(&b);
  return out;
}

bool q_credits_line(const q_meta *m, size_t i, q_buf *out) {
  const char *label = m->credits[i].label;
  for (size_t j = 0; j < i; j++)
    if (strcmp(m->credits[j].label, label) == 0)
      return false;
  size_t total = 0, count = 0;
  for (size_t j = i; j < m->ncredits; j++)
    total += strcmp(m->credits[j].label, label) == 0;
  q_buf_printf(out, "%s ", label);
  for (size_t j = i; j < m->ncredits; j++) {
    if (strcmp(m->credits[j].label, label) != 0)
      continue;
    if (count)
      q_buf_puts(out, count + 1 == total ? " and " : ", ");
    q_buf_puts(out, m->credits[j].name);
    if (m->credits[j].affiliation)
      q_buf_printf(out, " (%s)", m->credits[j].affiliation);
    count++;
  }
  return true;
}
