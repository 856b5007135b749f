/* scan: where each start tag and each run of text begins in an XML text.
 *
 * libxml2 keeps only a line number per node, and for a start tag it is the
 * line where the tag ends. Diagnostics need line and column of the tag's '<',
 * so this small scanner walks the raw text once and records, in document
 * order, every start tag and every run of character data (text or CDATA)
 * inside the root element. Because a tree without a DTD has one element node
 * per start tag and one text node per such run, the reader pairs them up by
 * order. The scanner is no parser: on malformed input it does its best and
 * leaves the error to libxml2. It also finds a DOCTYPE declaration and says
 * whether it has an internal subset ('[...]', where entities are declared):
 * the reader refuses one that has, and blanks one that has not before libxml2
 * sees it, so that nothing a DOCTYPE names is ever loaded. */
#ifndef QUIRE_READ_SCAN_H
#define QUIRE_READ_SCAN_H

#include <stdbool.h>
#include <stddef.h>

typedef struct q_scan_tag {
  size_t start; /* offset of '<' */
  size_t end;   /* offset just past '>' (or len) */
} q_scan_tag;

typedef struct q_scan {
  q_scan_tag *tags; /* start tags, document order (malloc'd) */
  size_t ntags;
  size_t *texts;    /* offsets where text or CDATA runs begin (malloc'd) */
  size_t ntexts;
  bool doctype;        /* a <!DOCTYPE was found ... */
  size_t doctype_at;   /* ... at this offset (its '<') ... */
  size_t doctype_end;  /* ... ending just before this one (past its '>') */
  unsigned ndoctypes;  /* how many DOCTYPEs (more than one is malformed) */
  bool doctype_subset; /* some DOCTYPE opens an internal subset '[' */
  bool doctype_open;   /* some DOCTYPE is not closed by its '>' */
} q_scan;

void q_scan_run(q_scan *sc, const char *s, size_t len);
void q_scan_drop(q_scan *sc);

/* Offset of attribute `qname` (e.g. "xml:lang") inside tag, or tag->start if
 * it is not there. */
size_t q_scan_attr(const char *s, const q_scan_tag *tag, const char *qname);

#endif
