/* png: a small PNG encoder for flat artwork such as the cover.
 *
 * cairo's own PNG writer (libpng: five trial filters per row, zlib level 6)
 * spent about 70 ms on the 1200 x 1800 cover, most of the EPUB's time. This
 * encoder knows the picture is mostly flat colour and works pixel by pixel:
 *   - each row is filtered "Sub" (zero wherever the colour is flat) or "Up"
 *     (zero wherever it repeats the row above), whichever leaves fewer
 *     pixels that differ; a row that repeats the one above is all zeros;
 *   - the only matches are runs of zero bytes (distance 1, as zlib's Z_RLE
 *     strategy finds), counted a pixel at a time and never searched for;
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

/* ---- LZ77 tokens -------------------------------------------------------- */

/* A token is a literal byte (0-255) or a match of 3-258 bytes at distance 1
 * (256 + length): the only kind of match this encoder makes, since after
 * filtering, flat colour and repeated rows are runs of zero bytes. */
typedef struct toks {
  uint16_t *v;
  size_t n, cap;
} toks;

static void emit(toks *t, unsigned v) {
  if (t->n == t->cap) {
    t->cap = t->cap ? 2 * t->cap : 4096;
    t->v = epub_xrealloc(t->v, t->cap * sizeof *t->v);
  }
  t->v[t->n++] = (uint16_t)v;
}

/* The filtered bytes as they are tokenized, with their Adler-32 (RFC 1950)
 * kept alongside: a and b, reduced at least every 5552 bytes so that b
 * cannot overflow. */
typedef struct stream {
  toks t;
  uint32_t a, b;
  unsigned pending; /* bytes added to a and b since the last reduction */
  size_t zeros;     /* zero bytes not yet tokenized */
  bool last_zero;   /* the last byte tokenized was a zero */
} stream;

static void literal(stream *s, unsigned char v) {
  emit(&s->t, v);
  s->a += v;
  s->b += s->a;
  if (++s->pending == 5552) {
    s->a %= 65521;
    s->b %= 65521;
    s->pending = 0;
  }
}

/* The pending zeros: a run at distance 1 when a zero precedes them. */
static void flush_zeros(stream *s) {
  size_t z = s->zeros;
  if (!z)
    return;
  s->zeros = 0;
  s->a %= 65521;
  s->b = (uint32_t)((s->b + (uint64_t)s->a * z) % 65521);
  s->pending = 0;
  if (!s->last_zero) {
    emit(&s->t, 0);
    z--;
  }
  while (z >= 3) {
    size_t len = z < 258 ? z : 258;
    if (z - len > 0 && z - len < 3)
      len -= 3; /* leave enough for one more match */
    emit(&s->t, (unsigned)(256 + len));
    z -= len;
  }
  while (z--)
    emit(&s->t, 0);
  s->last_zero = true;
}

static void byte(stream *s, unsigned char v) {
  if (!v) {
    s->zeros++;
    return;
  }
  flush_zeros(s);
  literal(s, v);
  s->last_zero = false;
}

/* One row: its filter type, then each pixel's difference from the pixel to
 * its left (Sub) or above it (Up), channel by channel, modulo 256. */
static void filter_row(stream *s, const uint32_t *px, const uint32_t *ref, unsigned width, bool up) {
  byte(s, up ? 2 : 1);
  uint32_t left = 0;
  for (unsigned x = 0; x < width; x++) {
    uint32_t p = px[x] & 0xFFFFFFu, q = up ? ref[x] & 0xFFFFFFu : left;
    left = p;
    if (p == q) {
      s->zeros += 3;
      continue;
    }
    byte(s, (unsigned char)((p >> 16) - (q >> 16)));
    byte(s, (unsigned char)((p >> 8) - (q >> 8)));
    byte(s, (unsigned char)(p - q));
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

/* Canonical codes from lengths (RFC 1951 section 3.2.2), each stored
 * bit-reversed: Huffman codes go out most significant bit first, through a
 * writer that fills bytes from their least significant bit. */
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
  for (unsigned s = 0; s < n; s++) {
    unsigned v = len[s] ? next[len[s]]++ : 0, r = 0;
    for (unsigned i = 0; i < len[s]; i++)
      r |= ((v >> i) & 1) << (len[s] - 1 - i);
    code[s] = (uint16_t)r;
  }
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
  if (w->n >= 32) {
    unsigned char four[4] = {(unsigned char)w->acc, (unsigned char)(w->acc >> 8), (unsigned char)(w->acc >> 16),
                             (unsigned char)(w->acc >> 24)};
    q_buf_add(w->out, four, 4);
    w->acc >>= 32;
    w->n -= 32;
  }
}

static void put_flush(bits *w) {
  while (w->n > 0) {
    q_buf_putc(w->out, (char)(w->acc & 255));
    w->acc >>= 8;
    w->n = w->n > 8 ? w->n - 8 : 0;
  }
}

/* ---- deflate ------------------------------------------------------------ */

static const uint16_t lbase[29] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                   31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
static const uint8_t lextra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};

/* One final block with dynamic Huffman codes holding every token; every
 * match is at distance 1, distance code 0, which has no extra bits. */
static void deflate_tokens(bits *w, const toks *t) {
  uint8_t lsym[259]; /* length 3..258 -> its length code, 0..28 */
  for (unsigned k = 0, len = 3; len <= 258; len++) {
    while (k < 28 && lbase[k + 1] <= len)
      k++;
    lsym[len] = (uint8_t)k;
  }
  uint32_t lf[286] = {0}, df[30] = {0};
  for (size_t i = 0; i < t->n; i++) {
    unsigned v = t->v[i];
    if (v < 256) {
      lf[v]++;
    } else {
      lf[257 + lsym[v - 256]]++;
      df[0]++;
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
    put(w, cc[seq[i]], cl[seq[i]]);
    if (seq[i] == 17)
      put(w, clx[i], 3);
    else if (seq[i] == 18)
      put(w, clx[i], 7);
  }
  for (size_t i = 0; i < t->n; i++) {
    unsigned v = t->v[i];
    if (v < 256) {
      put(w, lc[v], ll[v]);
      continue;
    }
    unsigned len = v - 256, ls = lsym[len];
    put(w, lc[257 + ls], ll[257 + ls]);
    put(w, len - lbase[ls], lextra[ls]);
    put(w, dc[0], dl[0]);
  }
  put(w, lc[256], ll[256]);
  put_flush(w);
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

static bool same_row(const uint32_t *p, const uint32_t *q, unsigned width) {
  if (memcmp(p, q, 4 * (size_t)width) == 0)
    return true;
  for (unsigned x = 0; x < width; x++) /* the top byte is padding */
    if ((p[x] ^ q[x]) & 0xFFFFFFu)
      return false;
  return true;
}

void epub_png_write(q_buf *out, unsigned width, unsigned height, const uint32_t *(*row_at)(void *ctx, unsigned y),
                    void *ctx) {
  crc c;
  crc_init(&c);
  stream s = {.a = 1};
  const uint32_t *prev = NULL; /* the row above */
  for (unsigned y = 0; y < height; y++) {
    const uint32_t *px = row_at(ctx, y);
    /* Sub (zero wherever the colour is flat) or Up (zero wherever it repeats
     * the row above): whichever leaves fewer pixels that differ. */
    bool up = false;
    if (prev && (px == prev || same_row(px, prev, width))) {
      byte(&s, 2); /* Up, all zeros */
      s.zeros += 3 * (size_t)width;
      flush_zeros(&s);
      continue;
    }
    if (prev) {
      unsigned sub = 0, above = 0;
      uint32_t left = 0;
      for (unsigned x = 0; x < width; x++) {
        uint32_t p = px[x] & 0xFFFFFFu;
        sub += p != left;
        above += p != (prev[x] & 0xFFFFFFu);
        left = p;
      }
      up = above <= sub;
    }
    filter_row(&s, px, prev, width, up);
    flush_zeros(&s);
    prev = px;
  }
  s.a %= 65521;
  s.b %= 65521;

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
  deflate_tokens(&w, &s.t);
  unsigned char adler[4];
  be32(adler, s.b << 16 | s.a);
  q_buf_add(&z, adler, 4);
  chunk(out, &c, "IDAT", (const unsigned char *)z.data, z.len);
  chunk(out, &c, "IEND", NULL, 0);
  q_buf_drop(&z);
  free(s.t.v);
}
