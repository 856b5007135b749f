/* png: a small PNG encoder for flat artwork such as the cover.
 *
 * cairo's own PNG writer (libpng: five trial filters per row, zlib level 6)
 * spent about 70 ms on the 1200 x 1800 cover, most of the EPUB's time. This
 * encoder knows the picture is mostly flat colour:
 *   - a row that repeats the row above is filtered "Up" (all zeros); any
 *     other gets "Sub" or "Up", whichever leaves smaller differences;
 *   - the LZ77 pass looks for two kinds of match only: runs (distance 1)
 *     and repeats of the row above (distance = row length), as zlib's
 *     Z_RLE strategy does with the first;
 *   - the tokens go out in one deflate block with a Huffman code built for
 *     them (RFC 1951 section 3.2.7), so long runs of zeros cost a few bits.
 * Output depends only on the pixels: no timestamp, no text chunk.
 *
 * Formats: PNG (ISO/IEC 15948), RFC 1950 (zlib), RFC 1951 (deflate). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "book.h"

/* ---- CRC-32 ------------------------------------------------------------- */

typedef struct crc {
  uint32_t table[256];
} crc;

static void crc_init(crc *c) {
  for (uint32_t n = 0; n < 256; n++) {
    uint32_t v = n;
    for (int k = 0; k < 8; k++)
      v = v & 1 ? 0xEDB88320u ^ (v >> 1) : v >> 1;
    c->table[n] = v;
  }
}

/* Start with v = 0xFFFFFFFF; the CRC is the final value ^ 0xFFFFFFFF. */
static uint32_t crc_add(const crc *c, uint32_t v, const unsigned char *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    v = c->table[(v ^ p[i]) & 255] ^ (v >> 8);
  return v;
}

/* Adler-32 (RFC 1950), a and b carried between calls. */
static void adler_add(uint32_t *a, uint32_t *b, const unsigned char *p, size_t n) {
  while (n) {
    size_t k = n < 5552 ? n : 5552; /* the most bytes before b can overflow */
    n -= k;
    uint32_t x = *a, y = *b;
    while (k--) {
      x += *p++;
      y += x;
    }
    *a = x % 65521;
    *b = y % 65521;
  }
}

/* ---- LZ77 tokens -------------------------------------------------------- */

/* A literal byte (len 0, val the byte) or a match (len 3..258, val the
 * distance). */
typedef struct tok {
  uint16_t len, val;
} tok;

typedef struct toks {
  tok *v;
  size_t n, cap;
} toks;

static void emit(toks *t, unsigned len, unsigned val) {
  if (t->n == t->cap) {
    t->cap = t->cap ? 2 * t->cap : 4096;
    t->v = epub_xrealloc(t->v, t->cap * sizeof *t->v);
  }
  t->v[t->n++] = (tok){(uint16_t)len, (uint16_t)val};
}

/* How many bytes from i (before end) repeat those dist bytes back. */
static size_t repeat(const unsigned char *p, size_t i, size_t end, size_t dist) {
  size_t run = 0;
  while (run < 258 && i + run < end && p[i + run] == p[i + run - dist])
    run++;
  return run;
}

/* Tokens for one filtered row, win[row, 2 row), with the row before it in
 * win[0, row) when has_prev; zeros: it is an "Up" row of zeros. */
static void tokenize_row(toks *t, const unsigned char *win, size_t row, bool has_prev, bool zeros) {
  bool up_ok = has_prev && row <= 32768; /* deflate's window is 32 KiB */
  size_t i = row, end = 2 * row;
  if (zeros && row > 4) { /* an "Up" row, all zeros: no search */
    emit(t, 0, 2);
    emit(t, 0, 0);
    for (i += 2; end - i >= 3;) {
      size_t left = end - i, len = left < 258 ? left : 258;
      if (left - len > 0 && left - len < 3)
        len -= 3; /* leave enough for one more match */
      emit(t, (unsigned)len, 1);
      i += len;
    }
  }
  while (i < end) {
    size_t run = has_prev || i > row ? repeat(win, i, end, 1) : 0;
    size_t up = up_ok && run < 258 ? repeat(win, i, end, row) : 0;
    if (run >= 3 && run >= up) {
      emit(t, (unsigned)run, 1);
      i += run;
    } else if (up >= 3) {
      emit(t, (unsigned)up, (unsigned)row);
      i += up;
    } else {
      emit(t, 0, win[i++]);
    }
  }
}

/* ---- Huffman codes ------------------------------------------------------ */

/* Code lengths for freq[0..n) of at most maxbits (n <= 320): a Huffman tree
 * built by always joining the two lightest nodes (lowest index on ties, so
 * the result is deterministic); while it is too deep, flatten the weights
 * and build again. A lone symbol gets length 1. */
static void code_lengths(const uint32_t *freq, unsigned n, unsigned maxbits, uint8_t *len) {
  enum { MAXN = 320 };
  uint32_t w[2 * MAXN];
  int parent[2 * MAXN];
  uint32_t f[MAXN];
  memcpy(f, freq, n * sizeof *f);
  for (;;) {
    unsigned nodes = 0, used = 0;
    int leaf[MAXN];
    for (unsigned s = 0; s < n; s++) {
      len[s] = 0;
      leaf[s] = -1;
      if (f[s]) {
        leaf[s] = (int)nodes;
        w[nodes] = f[s];
        parent[nodes++] = -1;
        used++;
      }
    }
    if (used == 0)
      return;
    if (used == 1) {
      for (unsigned s = 0; s < n; s++)
        if (f[s])
          len[s] = 1;
      return;
    }
    for (unsigned live = used; live > 1; live--) {
      int a = -1, b = -1;
      for (unsigned k = 0; k < nodes; k++) {
        if (parent[k] != -1)
          continue;
        if (a < 0 || w[k] < w[a]) {
          b = a;
          a = (int)k;
        } else if (b < 0 || w[k] < w[b]) {
          b = (int)k;
        }
      }
      w[nodes] = w[a] + w[b];
      parent[nodes] = -1;
      parent[a] = parent[b] = (int)nodes++;
    }
    unsigned deepest = 0;
    for (unsigned s = 0; s < n; s++) {
      if (leaf[s] < 0)
        continue;
      unsigned d = 0;
      for (int k = leaf[s]; parent[k] != -1; k = parent[k])
        d++;
      len[s] = (uint8_t)d;
      if (d > deepest)
        deepest = d;
    }
    if (deepest <= maxbits)
      return;
    for (unsigned s = 0; s < n; s++)
      if (f[s])
        f[s] = (f[s] >> 1) | 1;
  }
}

/* Canonical codes from lengths (RFC 1951 section 3.2.2). */
static void canonical(const uint8_t *len, unsigned n, uint16_t *code) {
  unsigned count[16] = {0}, next[16];
  for (unsigned s = 0; s < n; s++)
    count[len[s]]++;
  count[0] = 0;
  unsigned c = 0;
  for (unsigned bits = 1; bits < 16; bits++) {
    c = (c + count[bits - 1]) << 1;
    next[bits] = c;
  }
  for (unsigned s = 0; s < n; s++)
    code[s] = len[s] ? (uint16_t)next[len[s]]++ : 0;
}

/* ---- bit output --------------------------------------------------------- */

typedef struct bits {
  q_buf *out;
  uint64_t acc;
  unsigned n;
} bits;

static void put(bits *w, uint32_t value, unsigned count) {
  w->acc |= (uint64_t)value << w->n;
  w->n += count;
  while (w->n >= 8) {
    q_buf_putc(w->out, (char)(w->acc & 255));
    w->acc >>= 8;
    w->n -= 8;
  }
}

/* Huffman codes go most significant bit first. */
static void put_code(bits *w, uint16_t code, uint8_t len) {
  uint32_t r = 0;
  for (unsigned i = 0; i < len; i++)
    r |= ((uint32_t)(code >> i) & 1) << (len - 1 - i);
  put(w, r, len);
}

/* ---- deflate ------------------------------------------------------------ */

static const uint16_t lbase[29] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                   31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
static const uint8_t lextra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
static const uint16_t dbase[30] = {1,    2,    3,    4,    5,    7,    9,    13,    17,    25,
                                   33,   49,   65,   97,   129,  193,  257,  385,   513,   769,
                                   1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};

static unsigned lsym(unsigned len) {
  unsigned k = 28;
  while (lbase[k] > len)
    k--;
  return k;
}

static unsigned dsym(unsigned dist) {
  unsigned k = 29;
  while (dbase[k] > dist)
    k--;
  return k;
}

static unsigned dextra(unsigned k) { return k < 4 ? 0 : k / 2 - 1; }

/* One final block with dynamic Huffman codes holding every token. */
static void deflate_tokens(bits *w, const toks *t) {
  uint32_t lf[286] = {0}, df[30] = {0};
  for (size_t i = 0; i < t->n; i++) {
    if (t->v[i].len == 0) {
      lf[t->v[i].val]++;
    } else {
      lf[257 + lsym(t->v[i].len)]++;
      df[dsym(t->v[i].val)]++;
    }
  }
  lf[256] = 1;
  uint8_t ll[286 + 30], *dl = ll + 286;
  code_lengths(lf, 286, 15, ll);
  code_lengths(df, 30, 15, dl);
  unsigned nl = 286, nd = 30;
  while (nl > 257 && ll[nl - 1] == 0)
    nl--;
  while (nd > 1 && dl[nd - 1] == 0)
    nd--;
  if (dl[0] == 0 && nd == 1)
    dl[0] = 1; /* no matches at all: one unused distance code */

  /* The code lengths, in the code-length alphabet: 0-15, 17 and 18 for
   * runs of zeros. */
  uint8_t seq[286 + 30], clx[286 + 30];
  uint8_t lens[286 + 30];
  memcpy(lens, ll, nl);
  memcpy(lens + nl, dl, nd);
  unsigned nseq = 0, total = nl + nd;
  uint32_t cf[19] = {0};
  for (unsigned i = 0; i < total;) {
    unsigned z = 0;
    while (lens[i] == 0 && i + z < total && lens[i + z] == 0 && z < 138)
      z++;
    if (z >= 11) {
      seq[nseq] = 18, clx[nseq++] = (uint8_t)(z - 11);
      i += z;
    } else if (z >= 3) {
      seq[nseq] = 17, clx[nseq++] = (uint8_t)(z - 3);
      i += z;
    } else {
      seq[nseq] = lens[i], clx[nseq++] = 0;
      i++;
    }
    cf[seq[nseq - 1]]++;
  }
  uint8_t cl[19];
  uint16_t cc[19];
  code_lengths(cf, 19, 7, cl);
  canonical(cl, 19, cc);
  static const uint8_t order[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
  unsigned ncl = 19;
  while (ncl > 4 && cl[order[ncl - 1]] == 0)
    ncl--;

  uint16_t lc[286 + 30], *dc = lc + 286;
  canonical(ll, 286, lc);
  canonical(dl, 30, dc);

  put(w, 1, 1); /* BFINAL */
  put(w, 2, 2); /* BTYPE 10: dynamic Huffman codes */
  put(w, nl - 257, 5);
  put(w, nd - 1, 5);
  put(w, ncl - 4, 4);
  for (unsigned i = 0; i < ncl; i++)
    put(w, cl[order[i]], 3);
  for (unsigned i = 0; i < nseq; i++) {
    put_code(w, cc[seq[i]], cl[seq[i]]);
    if (seq[i] == 17)
      put(w, clx[i], 3);
    else if (seq[i] == 18)
      put(w, clx[i], 7);
  }
  for (size_t i = 0; i < t->n; i++) {
    const tok *k = &t->v[i];
    if (k->len == 0) {
      put_code(w, lc[k->val], ll[k->val]);
      continue;
    }
    unsigned ls = lsym(k->len), ds = dsym(k->val);
    put_code(w, lc[257 + ls], ll[257 + ls]);
    put(w, k->len - lbase[ls], lextra[ls]);
    put_code(w, dc[ds], dl[ds]);
    put(w, k->val - dbase[ds], dextra(ds));
  }
  put_code(w, lc[256], ll[256]);
  put(w, 0, 7); /* flush the last byte */
}

/* ---- PNG ---------------------------------------------------------------- */

static void be32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)(v >> 24);
  p[1] = (unsigned char)(v >> 16);
  p[2] = (unsigned char)(v >> 8);
  p[3] = (unsigned char)v;
}

static void chunk(q_buf *out, const crc *c, const char type[4], const unsigned char *data, size_t len) {
  unsigned char head[8];
  be32(head, (uint32_t)len);
  memcpy(head + 4, type, 4);
  q_buf_add(out, head, 8);
  q_buf_add(out, data, len);
  unsigned char sum[4]; /* CRC-32 of the type and the data */
  be32(sum, crc_add(c, crc_add(c, 0xFFFFFFFFu, head + 4, 4), data, len) ^ 0xFFFFFFFFu);
  q_buf_add(out, sum, 4);
}

void epub_png_write(q_buf *out, unsigned width, unsigned height, const uint32_t *(*row_at)(void *ctx, unsigned y),
                    void *ctx) {
  crc c;
  crc_init(&c);
  size_t row = 1 + 3 * (size_t)width;
  unsigned char *win = epub_xrealloc(NULL, 2 * row); /* filtered: the row above, this row */
  unsigned char *r = epub_xrealloc(NULL, row);       /* this row, unfiltered */
  unsigned char *above = epub_xrealloc(NULL, row);   /* the row above, unfiltered */
  toks t = {0};
  const uint32_t *prev = NULL;           /* the row above, as given */
  uint32_t a = 1, b = 0;                 /* Adler-32 of the filtered rows */
  for (unsigned y = 0; y < height; y++) {
    const uint32_t *px = row_at(ctx, y);
    unsigned char *f = win + row;
    bool same = y > 0 && (px == prev || memcmp(prev, px, 4 * (size_t)width) == 0);
    prev = px;
    if (same) {
      f[0] = 2; /* Up: all zeros */
      memset(f + 1, 0, row - 1);
    } else {
      for (unsigned x = 0; x < width; x++) {
        r[1 + 3 * x] = (unsigned char)(px[x] >> 16);
        r[2 + 3 * x] = (unsigned char)(px[x] >> 8);
        r[3 + 3 * x] = (unsigned char)px[x];
      }
      /* Sub (zero wherever the colour is flat) or Up (zero wherever it
       * repeats the row above), whichever leaves the smaller differences:
       * libpng's "minimum sum of absolute differences" between the two. */
      unsigned long sub = 0, up = 0;
      for (size_t i = 1; i < row; i++) {
        unsigned char s = (unsigned char)(r[i] - (i > 3 ? r[i - 3] : 0));
        unsigned char u = (unsigned char)(r[i] - (y > 0 ? above[i] : 0));
        sub += s < 128 ? s : 256u - s;
        up += u < 128 ? u : 256u - u;
      }
      if (up < sub) {
        f[0] = 2;
        for (size_t i = 1; i < row; i++)
          f[i] = (unsigned char)(r[i] - (y > 0 ? above[i] : 0));
      } else {
        f[0] = 1;
        memcpy(f + 1, r + 1, 3);
        for (size_t i = 4; i < row; i++)
          f[i] = (unsigned char)(r[i] - r[i - 3]);
      }
      memcpy(above, r, row);
    }
    if (same) { /* a stays, b grows by a for each zero */
      a = (a + 2) % 65521;
      b = (uint32_t)((b + a + (uint64_t)a * (row - 1)) % 65521);
    } else {
      adler_add(&a, &b, f, row);
    }
    tokenize_row(&t, win, row, y > 0, same);
    memcpy(win, f, row);
  }

  static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  q_buf_add(out, sig, sizeof sig);
  unsigned char ihdr[13];
  be32(ihdr, width);
  be32(ihdr + 4, height);
  ihdr[8] = 8;  /* bits per sample */
  ihdr[9] = 2;  /* truecolour */
  ihdr[10] = 0; /* deflate */
  ihdr[11] = 0; /* adaptive filtering */
  ihdr[12] = 0; /* no interlace */
  chunk(out, &c, "IHDR", ihdr, sizeof ihdr);
  q_buf z;
  q_buf_init(&z);
  q_buf_putc(&z, 0x78); /* zlib header: deflate, 32 KiB window, check bits */
  q_buf_putc(&z, 0x01);
  bits w = {&z, 0, 0};
  deflate_tokens(&w, &t);
  unsigned char adler[4];
  be32(adler, b << 16 | a);
  q_buf_add(&z, adler, 4);
  chunk(out, &c, "IDAT", (const unsigned char *)z.data, z.len);
  chunk(out, &c, "IEND", NULL, 0);
  q_buf_drop(&z);
  free(t.v);
  free(win);
  free(r);
  free(above);
}
