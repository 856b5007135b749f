/* buf: a growable byte buffer that writers fill and then hand on.
 *
 * The buffer owns its bytes (malloc); q_buf_drop frees them. Data is always
 * followed by a NUL that is not counted in len, so it can be used as a C
 * string when it holds no NUL itself. Out of memory exits the process. */
#ifndef QUIRE_BASE_BUF_H
#define QUIRE_BASE_BUF_H

#include <stddef.h>

typedef struct q_buf {
  char *data;
  size_t len, cap;
} q_buf;

void q_buf_init(q_buf *b);
void q_buf_drop(q_buf *b);
void q_buf_clear(q_buf *b);
void q_buf_add(q_buf *b, const void *data, size_t len);
void q_buf_puts(q_buf *b, const char *s);
void q_buf_putc(q_buf *b, char c);
void q_buf_printf(q_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* XML-escape s[0..len) (&, <, >, " ) into b. */
void q_buf_add_xml(q_buf *b, const char *s, size_t len);
/* Take the bytes: the buffer is left empty, the caller frees the result. */
char *q_buf_take(q_buf *b, size_t *len);

#endif
