/* sha1: SHA-1 as FIPS 180-4 section 6.1 gives it: 512-bit blocks, five
 * 32-bit words of state, 80 rounds per block. The invariant: c->used < 64
 * bytes wait in c->block between calls. */
#include "sha1.h"

#include <string.h>

static uint32_t rol(uint32_t x, unsigned n) { return (x << n) | (x >> (32 - n)); }

static void compress(uint32_t h[5], const uint8_t *p) {
  uint32_t w[80];
  for (unsigned i = 0; i < 16; i++)
    w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 |
           (uint32_t)p[4 * i + 3];
  for (unsigned i = 16; i < 80; i++)
    w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
  uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
  for (unsigned i = 0; i < 80; i++) {
    uint32_t f, k;
    if (i < 20) {
      f = (b & c) | (~b & d);
      k = 0x5A827999u;
    } else if (i < 40) {
      f = b ^ c ^ d;
      k = 0x6ED9EBA1u;
    } else if (i < 60) {
      f = (b & c) | (b & d) | (c & d);
      k = 0x8F1BBCDCu;
    } else {
      f = b ^ c ^ d;
      k = 0xCA62C1D6u;
    }
    uint32_t t = rol(a, 5) + f + e + k + w[i];
    e = d;
    d = c;
    c = rol(b, 30);
    b = a;
    a = t;
  }
  h[0] += a;
  h[1] += b;
  h[2] += c;
  h[3] += d;
  h[4] += e;
}

void q_sha1_init(q_sha1 *c) {
  static const uint32_t iv[5] = {0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u};
  memcpy(c->h, iv, sizeof iv);
  c->len = 0;
  c->used = 0;
}

void q_sha1_update(q_sha1 *c, const void *data, size_t len) {
  const uint8_t *p = data;
  c->len += len;
  if (c->used) {
    size_t n = 64 - c->used < len ? 64 - c->used : len;
    memcpy(c->block + c->used, p, n);
    c->used += n;
    p += n;
    len -= n;
    if (c->used < 64)
      return;
    compress(c->h, c->block);
    c->used = 0;
  }
  for (; len >= 64; p += 64, len -= 64)
    compress(c->h, p);
  memcpy(c->block, p, len);
  c->used = len;
}

void q_sha1_final(q_sha1 *c, uint8_t out[20]) {
  uint64_t bits = c->len * 8;
  static const uint8_t pad[64] = {0x80};
  size_t n = c->used < 56 ? 56 - c->used : 120 - c->used;
  q_sha1_update(c, pad, n);
  uint8_t lenb[8];
  for (unsigned i = 0; i < 8; i++)
    lenb[i] = (uint8_t)(bits >> (56 - 8 * i));
  q_sha1_update(c, lenb, 8);
  for (unsigned i = 0; i < 5; i++) {
    out[4 * i] = (uint8_t)(c->h[i] >> 24);
    out[4 * i + 1] = (uint8_t)(c->h[i] >> 16);
    out[4 * i + 2] = (uint8_t)(c->h[i] >> 8);
    out[4 * i + 3] = (uint8_t)c->h[i];
  }
}

void q_sha1_digest(const void *data, size_t len, uint8_t out[20]) {
  q_sha1 c;
  q_sha1_init(&c);
  q_sha1_update(&c, data, len);
  q_sha1_final(&c, out);
}
