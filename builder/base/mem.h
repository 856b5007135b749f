/* mem: allocation that never returns NULL.
 *
 * Out of memory ends the process with a message, as the arena does: a build
 * with no memory cannot report anything better, and every caller is spared a
 * path that would only do the same. */
#ifndef QUIRE_BASE_MEM_H
#define QUIRE_BASE_MEM_H

#include <stddef.h>

/* Report and exit(1). */
_Noreturn void q_oom(void);
/* p resized to n elements of size bytes (n may be 0); p may be NULL. */
void *q_realloc(void *p, size_t n, size_t size);
/* n zeroed elements of size bytes. */
void *q_zalloc(size_t n, size_t size);
/* A growing array: p with room for at least need elements, doubling *cap
 * (which it updates) so that appending one at a time stays linear. */
void *q_grow(void *p, size_t *cap, size_t need, size_t size);
/* A copy of the string s, to free(). */
char *q_strdup(const char *s);

#endif
