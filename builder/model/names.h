/* names: a person's name from DocBook's parts, in the language's order.
 *
 * DocBook's <personname> may give a name as text or in parts: honorific,
 * firstname (or givenname), othername, surname, lineage. Most languages
 * write the given name first ("Dr. Ada King Lovelace Jr."); Chinese,
 * Japanese, Korean, Hungarian and Vietnamese write the family name first
 * ("Yamada Tarō"). Names in Han, kana or Hangul are joined without spaces
 * ("山田太郎"), as they are written.
 *
 * The joined name is allocated in the caller's arena. No third-party header. */
#ifndef QUIRE_MODEL_NAMES_H
#define QUIRE_MODEL_NAMES_H

#include <stdbool.h>

#include "../base/arena.h"
#include "../base/buf.h"
#include "doc.h"

typedef struct q_name_parts {
  const char *honorific, *given, *other, *surname, *lineage; /* NULL when absent */
} q_name_parts;

/* Does lang (BCP 47) write the family name first? */
bool q_name_family_first(const char *lang);
/* The name in lang's order, parts separated by single spaces (none between
 * two parts in a CJK script); NULL when every part is absent or empty. */
char *q_name_join(q_arena *a, const q_name_parts *p, const char *lang);

/* The title page's line for the kind of credit m->credits[i] is ("Edited
 * by A (Org) and B", every credit with that label, in order, each with its
 * affiliation in parentheses), appended to out;
 * false (nothing written) when an earlier credit had the same label. */
bool q_credits_line(const q_meta *m, size_t i, q_buf *out);

#endif
