/* bundle: reading a bundle (sources/bundle.xml and its parts) into a q_doc.
 *
 * This is the only part of quire that includes libxml2. For every file it
 * checks UTF-8, ignores a DOCTYPE without an internal subset and refuses one
 * with (so no entity is ever expanded and nothing is fetched), parses, checks the vocabulary with positioned messages, validates
 * against the RELAX NG schema compiled in from quire.rng, and adds what it
 * read to the model. Files are independent: an error in one part does not
 * stop the others from being read and reported on. */
#ifndef QUIRE_READ_BUNDLE_H
#define QUIRE_READ_BUNDLE_H

#include "../base/diag.h"
#include "../model/doc.h"

/* Returns a new doc (drop with q_doc_drop), or NULL when any error was
 * reported through d. */
q_doc *q_read_bundle(const char *path, q_diag *d);

/* The schema quire validates against, as compiled in (NUL-terminated). */
const char *q_schema_text(size_t *len);

/* The DocBook element names the schema defines, each once, as an array of
 * *count strings in arena a (for suggesting the nearest to a misspelling). */
const char **q_schema_element_names(q_arena *a, size_t *count);

#endif
