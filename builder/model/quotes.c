/* quotes.c: the quotation-mark table. Sources: each language's usual
 * typographic convention for running text (the primary marks first, the
 * secondary ones for a quotation inside a quotation). */
#include "quotes.h"

#include <ctype.h>
#include <string.h>


#define NNBSP "\xE2\x80\xAF" /* U+202F narrow no-break space */

static const q_quote_marks table[] = {
    {"en", "“", "”", "‘", "’"},
    {"fr", "«" NNBSP, NNBSP "»", "“", "”"},
    {"de", "„", "“", "‚", "‘"},
    {"de-CH", "«", "»", "‹", "›"},
    {"es", "«", "»", "“", "”"},
    {"it", "«", "»", "“", "”"},
    {"pt", "«", "»", "“", "”"},
    {"pt-BR", "“", "”", "‘", "’"},
    {"nl", "“", "”", "‘", "’"},
    {"sv", "”", "”", "’", "’"},
    {"da", "»", "«", "›", "‹"},
    {"no", "«", "»", "‘", "’"},
    {"nb", "«", "»", "‘", "’"},
    {"nn", "«", "»", "‘", "’"},
    {"fi", "”", "”", "’", "’"},
    {"pl", "„", "”", "«", "»"},
    {"cs", "„", "“", "‚", "‘"},
    {"sk", "„", "“", "‚", "‘"},
    {"sl", "„", "“", "‚", "‘"},
    {"hr", "„", "”", "‘", "’"},
    {"hu", "„", "”", "»", "«"},
    {"ro", "„", "”", "«", "»"},
    {"ru", "«", "»", "„", "“"},
    {"uk", "«", "»", "„", "“"},
    {"bg", "„", "“", "’", "’"},
    {"el", "«", "»", "“", "”"},
    {"tr", "“", "”", "‘", "’"},
    {"ca", "«", "»", "“", "”"},
    {"lt", "„", "“", "‚", "‘"},
    {"et", "„", "“", "«", "»"},
    {"ar", "«", "»", "“", "”"},
    {"he", "”", "”", "’", "’"},
    {"ja", "「", "」", "『", "』"},
    {"zh", "“", "”", "‘", "’"},
    {"zh-Hant", "「", "」", "『", "』"},
    {"zh-TW", "「", "」", "『", "』"},
    {"zh-HK", "「", "」", "『", "』"},
    {"ko", "“", "”", "‘", "’"},
    {"hi", "“", "”", "‘", "’"},
    {"gu", "“", "”", "‘", "’"},
    {"bn", "“", "”", "‘", "’"},
    {"vi", "“", "”", "‘", "’"},
    {"th", "“", "”", "‘", "’"},
    {"id", "“", "”", "‘", "’"},
};
enum { NTABLE = sizeof table / sizeof *table };

/* a equals b[0..n) ignoring ASCII case, and b goes on with '-' or ends. */
static bool tag_prefix(const char *a, const char *b) {
  size_t n = strlen(a);
  for (size_t i = 0; i < n; i++)
    if (!b[i] || tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
      return false;
  return b[n] == '\0' || b[n] == '-';
}

const q_quote_marks *q_quotes_for(const char *lang) {
  if (!lang || !*lang)
    return &table[0];
  /* The longest entry that is a prefix of the tag, by whole subtags:
   * zh-Hant-TW is zh-Hant, pt-BR is pt-BR, pt-PT is pt. */
  const q_quote_marks *best = NULL;
  size_t best_n = 0;
  for (unsigned i = 0; i < NTABLE; i++) {
    size_t n = strlen(table[i].lang);
    if (n > best_n && tag_prefix(table[i].lang, lang)) {
      best = &table[i];
      best_n = n;
    }
  }
  return best ? best : &table[0];
}

void q_quotes_pair(const char *lang, unsigned depth, const char **open, const char **close) {
  const q_quote_marks *m = q_quotes_for(lang);
  *open = depth % 2 ? m->open2 : m->open;
  *close = depth % 2 ? m->close2 : m->close;
}

const q_quote_marks *q_quotes_table(unsigned *count) {
  *count = NTABLE;
  return table;
}
