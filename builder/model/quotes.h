/* quotes: the quotation marks of each language, for DocBook's <quote>.
 *
 * Authors write <quote>…</quote> and never the marks: the model puts in
 * the marks of the language in force where the quotation stands, the outer
 * pair for a quotation and the inner pair for one inside it, alternating
 * deeper down, so that both outputs show the same characters. French
 * (and Swiss French) separate the guillemets from the words by a narrow
 * no-break space (U+202F), which is part of the mark here.
 *
 * The table is data, not theme: a language's marks are a fact about the
 * language. A tag is looked up whole first (pt-BR, zh-Hant, de-CH), then
 * by its primary language; an unknown language takes English's marks.
 * Static strings; nothing to free. No third-party header. */
#ifndef QUIRE_MODEL_QUOTES_H
#define QUIRE_MODEL_QUOTES_H

#include <stdbool.h>

typedef struct q_quote_marks {
  const char *lang;          /* the tag or primary language of this entry */
  const char *open, *close;  /* outer quotation */
  const char *open2, *close2;/* a quotation inside a quotation */
} q_quote_marks;

/* The marks of lang (a BCP 47 tag; NULL: English). Never NULL. */
const q_quote_marks *q_quotes_for(const char *lang);
/* The pair for a quotation at depth (0 outermost, 1 inside it, 2 as 0...). */
void q_quotes_pair(const char *lang, unsigned depth, const char **open, const char **close);
/* The table, for documentation and tests: *count entries. */
const q_quote_marks *q_quotes_table(unsigned *count);

#endif
