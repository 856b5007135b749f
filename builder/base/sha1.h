/* sha1: SHA-1 (FIPS 180-4), for name-based UUIDs (RFC 4122 version 5).
 *
 * Not for security: quire hashes names to get stable identifiers. The
 * context lives wherever the caller puts it; nothing is allocated. */
#ifndef QUIRE_BASE_SHA1_H
#define QUIRE_BASE_SHA1_H

#include <stddef.h>
#include <stdint.h>

typedef struct q_sha1 {
  uint32_t h[5];
  uint64_t len;       /* bytes hashed so far */
  uint8_t block[64];  /* the partial block */
  size_t used;        /* bytes in block */
} q_sha1;

void q_sha1_init(q_sha1 *c);
void q_sha1_update(q_sha1 *c, const void *data, size_t len);
/* Finish and write the 20-byte digest; c must be re-initialised to reuse. */
void q_sha1_final(q_sha1 *c, uint8_t out[20]);
/* One call: the digest of data[0..len). */
void q_sha1_digest(const void *data, size_t len, uint8_t out[20]);

#endif
