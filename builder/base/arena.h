/* arena: a pool that frees everything it handed out at once.
 *
 * The document model, its strings and the style model live in one arena owned
 * by whoever made it; nothing inside is freed on its own. Allocation never
 * returns NULL: on exhaustion the process reports and exits, since a build
 * with no memory cannot report anything better. */
#ifndef QUIRE_BASE_ARENA_H
#define QUIRE_BASE_ARENA_H

#include <stddef.h>

typedef struct q_arena_block q_arena_block;

typedef struct q_arena {
  q_arena_block *head;
} q_arena;

void q_arena_init(q_arena *a);
void q_arena_drop(q_arena *a);
/* Move every block of from into a, leaving from empty: what either handed
 * out lives until a is dropped. */
void q_arena_adopt(q_arena *a, q_arena *from);

/* Zeroed, aligned for any type. */
void *q_arena_alloc(q_arena *a, size_t size);
/* A NUL-terminated copy of s[0..n). */
char *q_arena_strndup(q_arena *a, const char *s, size_t n);
char *q_arena_strdup(q_arena *a, const char *s);
/* printf into the arena. */
char *q_arena_printf(q_arena *a, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#endif
