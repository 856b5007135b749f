/* file: a whole file read into memory.
 *
 * The bytes are malloc'd and the caller's to free; a NUL follows them (not
 * counted in *len), so a text file can be used as a C string. Out of memory
 * exits the process (mem.h); a read error returns NULL with errno set. */
#ifndef QUIRE_BASE_FILE_H
#define QUIRE_BASE_FILE_H

#include <stddef.h>
#include <stdio.h>

/* What is left to read of f. The caller still closes f. */
char *q_file_read(FILE *f, size_t *len);
/* The file at path (NULL, errno set, when it cannot be opened or read). */
char *q_file_read_path(const char *path, size_t *len);

#endif
