/* catalog: the incremental update of a finished cairo PDF (see catalog.h).
 *
 * Reading: the last "startxref" gives cairo's xref table; its trailer gives
 * /Size, /Root and /Info. Every in-use object's offset comes from the table,
 * so an object is found where the file says it is, never by searching the
 * binary streams for its header. An object's dictionary runs from the "<<"
 * after "N 0 obj" to the last ">>" before its "endobj"; the new version is
 * the same dictionary with keys added before that ">>".
 *
 * Writing: the new objects, then "xref" with one subsection per run of
 * consecutive object numbers, then a trailer with /Prev, all appended in one
 * write. Object numbers and /Size do not change, and the new bytes depend
 * only on the old ones, so the output stays reproducible. */
#include "catalog.h"
#include "../base/mem.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../base/buf.h"
#include "../base/utf8.h"

typedef struct pdf_file {
  const char *s;    /* the whole file, mapped */
  size_t len;
  size_t *offsets;  /* per object number: offset of "N 0 obj", or 0: not in use */
  size_t size;      /* the trailer's /Size */
  size_t root, info;/* object numbers; info 0: none */
  size_t xref;      /* offset of cairo's xref table */
} pdf_file;

typedef struct pdf_obj {
  size_t num;
  size_t off;       /* in the update: where "N 0 obj" will be */
} pdf_obj;

static bool is_space(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

static bool is_delim(char c) {
  return is_space(c) || strchr("()<>[]{}/%", c) != NULL;
}

static size_t skip_space(const pdf_file *f, size_t i) {
  while (i < f->len && is_space(f->s[i]))
    i++;
  return i;
}

/* The first occurrence of pat in s[from..to), or to. */
static size_t find(const char *s, size_t from, size_t to, const char *pat) {
  size_t n = strlen(pat);
  for (size_t i = from; i + n <= to; i++)
    if (s[i] == pat[0] && memcmp(s + i, pat, n) == 0)
      return i;
  return to;
}

/* After optional white space at *i, the token tok ending at a delimiter. */
static bool token(const pdf_file *f, size_t *i, const char *tok) {
  size_t j = skip_space(f, *i), n = strlen(tok);
  if (j + n > f->len || memcmp(f->s + j, tok, n) != 0)
    return false;
  if (j + n < f->len && !is_delim(f->s[j + n]) && !is_delim(tok[n - 1]))
    return false;
  *i = j + n;
  return true;
}

/* After optional white space at *i, an unsigned integer. */
static bool number(const pdf_file *f, size_t *i, size_t *v) {
  size_t j = skip_space(f, *i), x = 0, start = j;
  for (; j < f->len && f->s[j] >= '0' && f->s[j] <= '9'; j++) {
    if (x > (SIZE_MAX - 9) / 10)
      return false;
    x = x * 10 + (size_t)(f->s[j] - '0');
  }
  if (j == start)
    return false;
  *i = j;
  *v = x;
  return true;
}

/* In the trailer dictionary s[from..to): the value of key, a number or the
 * object number of a reference. false when the key is absent. */
static bool trailer_key(const pdf_file *f, size_t from, size_t to, const char *key, size_t *v) {
  size_t n = strlen(key);
  for (size_t at = find(f->s, from, to, key); at < to; at = find(f->s, at + 1, to, key)) {
    size_t i = at + n;
    if (i < to && !is_delim(f->s[i]))
      continue;
    return number(f, &i, v);
  }
  return false;
}

/* Find startxref, the trailer and the xref table; fill offsets. */
static const char *read_xref(pdf_file *f) {
  size_t tail = f->len > 1024 ? f->len - 1024 : 0, sx = f->len;
  for (size_t at = find(f->s, tail, f->len, "startxref"); at < f->len;
       at = find(f->s, at + 1, f->len, "startxref"))
    sx = at;
  if (sx == f->len)
    return "no startxref";
  size_t i = sx + 9;
  if (!number(f, &i, &f->xref) || f->xref >= sx)
    return "bad startxref";
  i = f->xref;
  if (!token(f, &i, "xref"))
    return "no xref table where startxref points (an xref stream?)";
  size_t tr = find(f->s, i, sx, "trailer");
  if (tr == sx)
    return "no trailer";
  size_t unused;
  if (trailer_key(f, tr, sx, "/Prev", &unused) || trailer_key(f, tr, sx, "/XRefStm", &unused))
    return "the file has been updated before";
  if (!trailer_key(f, tr, sx, "/Size", &f->size) || f->size == 0 || f->size > f->len)
    return "bad /Size in the trailer";
  if (!trailer_key(f, tr, sx, "/Root", &f->root) || f->root == 0 || f->root >= f->size)
    return "bad /Root in the trailer";
  if (!trailer_key(f, tr, sx, "/Info", &f->info) || f->info >= f->size)
    f->info = 0;
  f->offsets = q_zalloc(f->size, sizeof *f->offsets);
  while (skip_space(f, i) < tr) {
    size_t start, count;
    if (!number(f, &i, &start) || !number(f, &i, &count) || start > f->size ||
        count > f->size - start)
      return "bad xref subsection";
    for (size_t k = 0; k < count; k++) {
      size_t off, gen;
      if (!number(f, &i, &off) || !number(f, &i, &gen))
        return "bad xref entry";
      i = skip_space(f, i);
      if (i >= tr || (f->s[i] != 'n' && f->s[i] != 'f'))
        return "bad xref entry";
      if (f->s[i++] == 'n') {
        if (gen != 0 || off == 0 || off >= f->xref)
          return "an xref entry cairo would not write";
        f->offsets[start + k] = off;
      }
    }
  }
  return NULL;
}

/* Where the dictionary of object num begins (its "<<"), or 0. */
static size_t obj_start(const pdf_file *f, size_t num) {
  size_t i = f->offsets[num], n, gen;
  if (i == 0 || !number(f, &i, &n) || n != num || !number(f, &i, &gen) || gen != 0 ||
      !token(f, &i, "obj"))
    return 0;
  i = skip_space(f, i);
  if (i + 2 > f->len || memcmp(f->s + i, "<<", 2) != 0)
    return 0;
  return i;
}

/* The dictionary of object num: s[*b] is its "<<", s[*e] its closing ">>".
 * Not for streams: their data would be searched for "endobj". */
static bool obj_dict(const pdf_file *f, size_t num, size_t *b, size_t *e) {
  size_t i = obj_start(f, num);
  if (i == 0)
    return false;
  size_t end = find(f->s, i, f->len, "endobj");
  if (end == f->len)
    return false;
  size_t j = end;
  while (j > i + 2 && is_space(f->s[j - 1]))
    j--;
  if (j < i + 4 || memcmp(f->s + j - 2, ">>", 2) != 0)
    return false;
  *b = i;
  *e = j - 2;
  return true;
}

static bool has_key(const pdf_file *f, size_t b, size_t e, const char *key) {
  size_t n = strlen(key);
  for (size_t at = find(f->s, b, e, key); at < e; at = find(f->s, at + 1, e, key))
    if (at + n < e && is_delim(f->s[at + n]))
      return true;
  return false;
}

/* A structure element of type s: << /Type /StructElem /S /Span ... */
static bool is_elem(const pdf_file *f, size_t b, const char *s) {
  size_t i = b + 2;
  return token(f, &i, "/Type") && token(f, &i, "/StructElem") && token(f, &i, "/S") &&
         token(f, &i, s);
}

/* A page object: << /Type /Page ... (not /Pages). */
static bool is_page(const pdf_file *f, size_t b) {
  size_t i = b + 2;
  return token(f, &i, "/Type") && token(f, &i, "/Page");
}


/* A PDF literal string: ( ) \ escaped, anything outside printable ASCII
 * in octal. */
static void add_string(q_buf *b, const char *s) {
  q_buf_putc(b, '(');
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '(' || c == ')' || c == '\\') {
      q_buf_putc(b, '\\');
      q_buf_putc(b, (char)c);
    } else if (c < 0x20 || c > 0x7e) {
      q_buf_printf(b, "\\%03o", (unsigned)c);
    } else {
      q_buf_putc(b, (char)c);
    }
  }
  q_buf_putc(b, ')');
}

/* A PDF text string (7.9.2.2): the literal as add_string writes it when s
 * is ASCII, else UTF-16BE with its byte order mark, in hex. */
static void add_text(q_buf *b, const char *s) {
  size_t len = strlen(s);
  bool ascii = true;
  for (size_t i = 0; i < len; i++)
    ascii = ascii && (unsigned char)s[i] < 0x80;
  if (ascii) {
    add_string(b, s);
    return;
  }
  q_buf_puts(b, "<FEFF");
  for (size_t i = 0; i < len;) {
    uint32_t cp = q_utf8_next(s, len, &i);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      q_buf_printf(b, "%04X%04X", 0xD800u + (cp >> 10), 0xDC00u + (cp & 0x3FF));
    } else {
      q_buf_printf(b, "%04X", (unsigned)cp);
    }
  }
  q_buf_putc(b, '>');
}

/* Append object num to out: its dictionary with extra (keys) added. */
static void rewrite(const pdf_file *f, q_buf *out, pdf_obj *o, size_t num, size_t b,
                    size_t e, const q_buf *extra) {
  o->num = num;
  o->off = f->len + out->len;
  q_buf_printf(out, "%zu 0 obj\n", num);
  q_buf_add(out, f->s + b, e - b);
  q_buf_add(out, extra->data, extra->len);
  q_buf_puts(out, ">>\nendobj\n");
}

static int by_num(const void *a, const void *b) {
  const pdf_obj *x = a, *y = b;
  return x->num < y->num ? -1 : x->num > y->num;
}

/* Build the whole update in out. NULL, or why the file cannot be updated. */
static const char *build(const pdf_file *f, const pdf_update *u, q_buf *out, q_diag *d,
                         const char *path) {
  size_t nspan = 0, cap = u->nspans + u->nths + u->nfigures + 1 + (u->page_boxes ? f->size : 0), n = 0;
  size_t *spans = q_realloc(NULL, u->nspans ? u->nspans : 1, sizeof *spans);
  pdf_obj *objs = q_realloc(NULL, cap, sizeof *objs);
  q_buf extra;
  q_buf_init(&extra);
  const char *err = NULL;
  if (f->s[f->len - 1] != '\n')
    q_buf_putc(out, '\n');

  size_t b, e;
  if (!obj_dict(f, f->root, &b, &e)) {
    err = "the catalog is not a plain dictionary";
    goto done;
  }
  if (u->lang && !has_key(f, b, e, "/Lang")) {
    q_buf_puts(&extra, "   /Lang ");
    add_string(&extra, u->lang);
    q_buf_putc(&extra, '\n');
  }
  if (!has_key(f, b, e, "/ViewerPreferences"))
    q_buf_puts(&extra, "   /ViewerPreferences << /DisplayDocTitle true >>\n");
  rewrite(f, out, &objs[n++], f->root, b, e, &extra);

  bool any = false;
  for (size_t k = 0; k < u->nspans; k++)
    any = any || u->span_langs[k];
  for (size_t num = 1; any && num < f->size; num++) {
    size_t at = f->offsets[num] ? obj_start(f, num) : 0;
    if (at == 0 || !is_elem(f, at, "/Span"))
      continue;
    if (nspan == u->nspans) {
      nspan++;
      break;
    }
    spans[nspan++] = num;
  }
  if (any && nspan != u->nspans) {
    q_warning(d, (q_pos){path, 0, 0},
              "the PDF has %s Span elements than the %zu language spans drawn; "
              "their /Lang is left out",
              nspan > u->nspans ? "more" : "fewer", u->nspans);
  } else if (any) {
    for (size_t k = 0; k < nspan; k++) {
      const char *lang = u->span_langs[k];
      if (!lang || !obj_dict(f, spans[k], &b, &e) || has_key(f, b, e, "/Lang"))
        continue;
      q_buf_clear(&extra);
      q_buf_puts(&extra, "   /Lang ");
      add_string(&extra, lang);
      q_buf_putc(&extra, '\n');
      rewrite(f, out, &objs[n++], spans[k], b, e, &extra);
    }
  }
  /* Figures: the k-th Figure element gets the k-th alt text. */
  size_t nfig = 0;
  for (size_t num = 1; u->nfigures && num < f->size; num++) {
    size_t at = f->offsets[num] ? obj_start(f, num) : 0;
    if (at == 0 || !is_elem(f, at, "/Figure"))
      continue;
    if (nfig == u->nfigures) {
      nfig++;
      break;
    }
    const char *alt = u->figure_alts[nfig++];
    if (!alt || !obj_dict(f, num, &b, &e) || has_key(f, b, e, "/Alt"))
      continue;
    q_buf_clear(&extra);
    q_buf_puts(&extra, "   /Alt ");
    add_text(&extra, alt);
    q_buf_putc(&extra, '\n');
    rewrite(f, out, &objs[n++], num, b, e, &extra);
  }
  if (nfig != u->nfigures) {
    err = "its Figure elements are not the figures drawn";
    goto done;
  }

  /* Header cells' scopes: the k-th TH element is the k-th TH tag. */
  size_t nth = 0;
  bool scopes = false;
  for (size_t k = 0; k < u->nths; k++)
    scopes = scopes || u->th_scopes[k];
  for (size_t num = 1; scopes && num < f->size; num++) {
    size_t at = f->offsets[num] ? obj_start(f, num) : 0;
    if (at == 0 || !is_elem(f, at, "/TH"))
      continue;
    if (nth == u->nths) {
      nth++;
      break;
    }
    nth++;
  }
  if (scopes && nth != u->nths) {
    q_warning(d, (q_pos){path, 0, 0},
              "the PDF has %s TH elements than the %zu header cells drawn; their /Scope is left out",
              nth > u->nths ? "more" : "fewer", u->nths);
  } else if (scopes) {
    size_t k = 0;
    for (size_t num = 1; num < f->size && k < u->nths; num++) {
      size_t at = f->offsets[num] ? obj_start(f, num) : 0;
      if (at == 0 || !is_elem(f, at, "/TH"))
        continue;
      const char *scope = u->th_scopes[k++];
      if (!scope || !obj_dict(f, num, &b, &e) || has_key(f, b, e, "/A"))
        continue;
      q_buf_clear(&extra);
      q_buf_printf(&extra, "   /A << /O /Table /Scope /%s >>\n", scope);
      rewrite(f, out, &objs[n++], num, b, e, &extra);
    }
  }
  for (size_t num = 1; u->page_boxes && num < f->size; num++) {
    size_t at = f->offsets[num] ? obj_start(f, num) : 0;
    if (at == 0 || !is_page(f, at) || !obj_dict(f, num, &b, &e) || has_key(f, b, e, "/TrimBox"))
      continue;
    q_buf_clear(&extra);
    q_buf_printf(&extra, "   %s\n", u->page_boxes);
    rewrite(f, out, &objs[n++], num, b, e, &extra);
  }

  qsort(objs, n, sizeof *objs, by_num);
  size_t xref = f->len + out->len;
  q_buf_puts(out, "xref\n0 1\n0000000000 65535 f \n");
  for (size_t i = 0; i < n;) {
    size_t j = i + 1;
    while (j < n && objs[j].num == objs[j - 1].num + 1)
      j++;
    q_buf_printf(out, "%zu %zu\n", objs[i].num, j - i);
    for (; i < j; i++)
      q_buf_printf(out, "%010zu 00000 n \n", objs[i].off);
  }
  q_buf_printf(out, "trailer\n<< /Size %zu\n   /Root %zu 0 R\n", f->size, f->root);
  if (f->info)
    q_buf_printf(out, "   /Info %zu 0 R\n", f->info);
  q_buf_printf(out, "   /Prev %zu\n>>\nstartxref\n%zu\n%%%%EOF\n", f->xref, xref);

done:
  q_buf_drop(&extra);
  free(spans);
  free(objs);
  return err;
}

bool pdf_catalog_update(const char *path, const pdf_update *u, q_diag *d) {
  q_pos at = {path, 0, 0};
  pdf_file f = {0};
  int fd = open(path, O_RDONLY);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) {
    q_error(d, at, "cannot read the PDF back: %s", strerror(errno));
    if (fd >= 0)
      close(fd);
    return false;
  }
  if (st.st_size < 64) {
    close(fd);
    q_error(d, at, "the PDF is truncated (%lld bytes)", (long long)st.st_size);
    return false;
  }
  f.len = (size_t)st.st_size;
  void *map = mmap(NULL, f.len, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (map == MAP_FAILED) {
    q_error(d, at, "cannot read the PDF back: %s", strerror(errno));
    return false;
  }
  f.s = map;

  q_buf out;
  q_buf_init(&out);
  const char *err = read_xref(&f);
  if (!err)
    err = build(&f, u, &out, d, path);
  munmap(map, f.len);
  free(f.offsets);
  if (err) {
    q_error(d, at, "cannot add /Lang and /Alt to the PDF: %s", err);
    q_buf_drop(&out);
    return false;
  }

  bool ok = false;
  FILE *fp = fopen(path, "ab");
  if (fp) {
    ok = fwrite(out.data, 1, out.len, fp) == out.len;
    ok = fflush(fp) == 0 && ok;
    ok = fclose(fp) == 0 && ok;
  }
  if (!ok)
    q_error(d, at, "cannot write the PDF: %s", strerror(errno));
  q_buf_drop(&out);
  return ok;
}
