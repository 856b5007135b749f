/* hint: what to tell an author who wrote something quire does not know.
 *
 * The reader finds the problem (an unknown element, an undefined entity);
 * this module finds the fix to print with it: the DocBook 5 form of a
 * DocBook 4 or HTML element name, the known element a misspelled name was
 * meant to be, the character an HTML named entity stands for. Plain C, tables
 * and an edit distance; every string returned is static. */
#ifndef QUIRE_READ_HINT_H
#define QUIRE_READ_HINT_H

#include <stdbool.h>
#include <stddef.h>

/* How to write, in quire's DocBook 5, what the element `name` (a local
 * name: "ulink", "articleinfo", "p") means in DocBook 4 or HTML: a phrase
 * that completes "unknown element <name>: ...". NULL when name is neither. */
const char *q_hint_element(const char *name);

/* The name among names[0..n) nearest to `name` by edit distance (insertions,
 * deletions, substitutions and swaps of two neighbours each cost one), when
 * it is near enough to be a misspelling: one edit for names of 3 or 4
 * letters, two for longer ones, none for shorter. NULL when none is. Ties go
 * to the earlier name. */
const char *q_hint_nearest(const char *name, const char *const *names, size_t n);

/* An HTML named entity (without '&' and ';'): its code point and the
 * character's name in words ("no-break space"). False when not in the
 * table. */
bool q_hint_entity(const char *name, unsigned *cp, const char **what);

#endif
