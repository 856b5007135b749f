#include "scan.h"

#include "../base/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Offset just past the first occurrence of `end` at or after i, or len. */
static size_t past(const char *s, size_t len, size_t i, const char *end) {
  size_t n = strlen(end);
  for (; i + n <= len; i++)
    if (memcmp(s + i, end, n) == 0)
      return i + n;
  return len;
}

/* The end of a DOCTYPE's external part, from just past "<!DOCTYPE": just
 * past its '>' or, when it opens an internal subset, just past the '['.
 * Quoted literals (the PUBLIC and SYSTEM identifiers) may hold either. A
 * '<' first means the DOCTYPE is not closed: the offset of that '<'. */
static size_t doctype_end(const char *s, size_t len, size_t i) {
  char quote = 0;
  for (; i < len; i++) {
    if (quote) {
      if (s[i] == quote)
        quote = 0;
    } else if (s[i] == '"' || s[i] == '\'') {
      quote = s[i];
    } else if (s[i] == '>' || s[i] == '[') {
      return i + 1;
    } else if (s[i] == '<') {
      return i;
    }
  }
  return len;
}

static bool starts(const char *s, size_t len, size_t i, const char *with) {
  size_t n = strlen(with);
  return i + n <= len && memcmp(s + i, with, n) == 0;
}

void q_scan_run(q_scan *sc, const char *s, size_t len) {
  size_t tagcap = 0, textcap = 0;
  memset(sc, 0, sizeof *sc);
  long depth = 0;
  size_t i = 0;
  while (i < len) {
    if (s[i] != '<') {
      size_t j = i;
      while (j < len && s[j] != '<')
        j++;
      if (depth > 0) {
        sc->texts = q_grow(sc->texts, &textcap, sc->ntexts + 1, sizeof *sc->texts);
        sc->texts[sc->ntexts++] = i;
      }
      i = j;
      continue;
    }
    if (starts(s, len, i, "<!--")) {
      i = past(s, len, i + 4, "-->");
    } else if (starts(s, len, i, "<![CDATA[")) {
      if (depth > 0) {
        sc->texts = q_grow(sc->texts, &textcap, sc->ntexts + 1, sizeof *sc->texts);
        sc->texts[sc->ntexts++] = i;
      }
      i = past(s, len, i + 9, "]]>");
    } else if (starts(s, len, i, "<!DOCTYPE")) {
      size_t end = doctype_end(s, len, i + 9);
      bool subset = s[end - 1] == '[';
      if (!sc->doctype) {
        sc->doctype = true;
        sc->doctype_at = i;
        sc->doctype_end = end;
      }
      sc->ndoctypes++;
      sc->doctype_open |= s[end - 1] != '>' && !subset;
      sc->doctype_subset |= subset;
      i = subset ? past(s, len, end, ">") : end;
    } else if (starts(s, len, i, "<?")) {
      i = past(s, len, i + 2, "?>");
    } else if (starts(s, len, i, "</")) {
      depth--;
      i = past(s, len, i + 2, ">");
    } else {
      /* A start tag: skip quoted attribute values, which may hold '>'. */
      size_t j = i + 1;
      char quote = 0;
      for (; j < len; j++) {
        if (quote) {
          if (s[j] == quote)
            quote = 0;
        } else if (s[j] == '"' || s[j] == '\'') {
          quote = s[j];
        } else if (s[j] == '>') {
          break;
        }
      }
      size_t end = j < len ? j + 1 : len;
      sc->tags = q_grow(sc->tags, &tagcap, sc->ntags + 1, sizeof *sc->tags);
      sc->tags[sc->ntags++] = (q_scan_tag){i, end};
      if (!(end >= 2 && s[end - 2] == '/' && s[end - 1] == '>'))
        depth++;
      i = end;
    }
  }
}

void q_scan_drop(q_scan *sc) {
  free(sc->tags);
  free(sc->texts);
  memset(sc, 0, sizeof *sc);
}

static bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '_' || c == '.' || c == ':' || (unsigned char)c >= 0x80;
}

size_t q_scan_attr(const char *s, const q_scan_tag *tag, const char *qname) {
  size_t n = strlen(qname);
  char quote = 0;
  for (size_t i = tag->start + 1; i + n <= tag->end; i++) {
    if (quote) {
      if (s[i] == quote)
        quote = 0;
      continue;
    }
    if (s[i] == '"' || s[i] == '\'') {
      quote = s[i];
      continue;
    }
    if (!is_name_char(s[i - 1]) && memcmp(s + i, qname, n) == 0 &&
        (i + n < tag->end && !is_name_char(s[i + n])))
      return i;
  }
  return tag->start;
}
