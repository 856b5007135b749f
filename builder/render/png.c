/* png: the PNG encoder (see png.h).
 *
 * The filtered rows go through one raw zlib deflate stream; the zlib
 * wrapper around it (RFC 1950: a two-byte header and the Adler-32 of the
 * filtered rows) is written here, the checksum with zlib's adler32 and
 * adler32_combine, so that a row repeating the one above (all zeros after
 * Up) costs one combination instead of a pass over its bytes; long runs of
 * such rows are copies of one block deflated once (repeats(), below).
 * Everything goes into a single IDAT chunk; every chunk's CRC is zlib's
 * crc32.
 *
 * Measured on the article's cover (1200 x 1800, 368 distinct rows;
 * instructions of the whole picture under callgrind, and the file's size):
 *   Z_RLE, memLevel 6, blocks of 32 rows      54 M, 51,806 bytes (chosen)
 *   the same, every row through deflate      118 M, 51,715 bytes
 *   Z_FILTERED / default strategy            123 M, 48,113 / 47,387 bytes
 *   Z_RLE, memLevel 9, every row             213 M, 54,434 bytes
 * After filtering, flat colour is runs of zero bytes, which Z_RLE (matches
 * at distance 1 only) finds at less than half the cost. memLevel 6 rather
 * than zlib's 8 or 9: zlib slides its hash table with its window even when
 * Z_RLE never uses it, and a smaller table costs less to slide (memLevel
 * 4: 56 M, 53,078 bytes; 8: 62 M, 51,646). Blocks of 8 rows: 48 M, 54,147
 * bytes; of 128: 72 M (more rows left over to deflate one by one). The
 * filter chosen per row still pays: Sub alone gave 67,833 bytes, Up alone
 * 60,491 (every row through deflate).
 * Formats: PNG (ISO/IEC 15948), RFC 1950, RFC 1951. */
#include "png.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "../base/mem.h"

enum { LEVEL = 6, STRATEGY = Z_RLE, MEMLEVEL = 6, CHUNK = 1 << 16, BLOCK_ROWS = 32 };

static void be32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)(v >> 24);
  p[1] = (unsigned char)(v >> 16);
  p[2] = (unsigned char)(v >> 8);
  p[3] = (unsigned char)v;
}

/* A chunk: length, type, data, and the CRC of type and data. */
static void chunk(q_buf *out, const char type[4], const unsigned char *data, size_t len) {
  unsigned char head[8];
  be32(head, (uint32_t)len);
  memcpy(head + 4, type, 4);
  q_buf_add(out, head, 8);
  if (len)
    q_buf_add(out, data, len);
  uLong crc = crc32(0L, Z_NULL, 0);
  crc = crc32(crc, head + 4, 4);
  for (size_t at = 0; at < len;) { /* crc32 takes a uInt length */
    size_t n = len - at < (1u << 30) ? len - at : (1u << 30);
    crc = crc32(crc, data + at, (uInt)n);
    at += n;
  }
  unsigned char tail[4];
  be32(tail, (uint32_t)crc);
  q_buf_add(out, tail, 4);
}

/* Row px filtered into f (its filter type first): Sub (differences from
 * the pixel to the left: zero wherever the colour is flat) or Up (from the
 * pixel above, in prev, NULL for the first row: zero wherever the row
 * repeats it), whichever leaves fewer pixels that are not zero. Counted a
 * pixel at a time: None, Average and Paeth hardly ever win on flat
 * artwork and would cost three times as much to weigh. */
static void filter_row(unsigned char *f, const uint32_t *px, const uint32_t *prev, unsigned width) {
  const uint32_t rgb = 0xFFFFFF;
  size_t sub = (px[0] & rgb) != 0, up = SIZE_MAX;
  for (unsigned x = 1; x < width; x++)
    sub += ((px[x] ^ px[x - 1]) & rgb) != 0;
  if (prev) {
    up = 0;
    for (unsigned x = 0; x < width; x++)
      up += ((px[x] ^ prev[x]) & rgb) != 0;
  }
  bool use_up = up < sub;
  f[0] = use_up ? 2 : 1;
  unsigned char *o = f + 1;
  for (unsigned x = 0; x < width; x++, o += 3) {
    uint32_t v = px[x], r = use_up ? prev[x] : x ? px[x - 1] : 0;
    o[0] = (unsigned char)((v >> 16) - (r >> 16));
    o[1] = (unsigned char)((v >> 8) - (r >> 8));
    o[2] = (unsigned char)(v - r);
  }
}

/* Feed len bytes (or finish, with flush Z_FINISH) into z, appending what
 * it writes to idat. */
static int feed(z_stream *z, q_buf *idat, const unsigned char *in, size_t len, int flush) {
  unsigned char buf[CHUNK];
  z->next_in = (Bytef *)(uintptr_t)in; /* zlib's next_in is not const */
  z->avail_in = (uInt)len;
  int rc;
  do {
    z->next_out = buf;
    z->avail_out = sizeof buf;
    rc = deflate(z, flush);
    if (rc == Z_STREAM_ERROR)
      return rc;
    q_buf_add(idat, buf, sizeof buf - z->avail_out);
  } while (z->avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
  return Z_OK;
}

/* A raw deflate stream with the encoder's settings; false (reported) when
 * zlib cannot start one. */
static bool start(z_stream *z, q_diag *d) {
  memset(z, 0, sizeof *z);
  int rc = deflateInit2(z, LEVEL, Z_DEFLATED, -15, MEMLEVEL, STRATEGY);
  if (rc == Z_MEM_ERROR)
    q_oom();
  if (rc != Z_OK)
    q_error(d, (q_pos){NULL, 0, 0}, "zlib: %s", z->msg ? z->msg : "cannot start deflate");
  return rc == Z_OK;
}

typedef struct encoder {
  z_stream z;
  q_buf idat;              /* the zlib stream so far */
  const unsigned char *same; /* a filtered row that repeats the one above: Up, all zeros */
  size_t rowlen;
  q_buf block;             /* BLOCK_ROWS such rows, deflated on their own (see below) */
  bool have_block;
  q_diag *d;
} encoder;

/* Write n rows that repeat the one above. Long runs of them (the flat
 * colour above and below the text) are not deflated row by row: a block
 * of BLOCK_ROWS of them is deflated once, in a stream of its own that
 * ends byte-aligned (Z_FULL_FLUSH), and its bytes are copied for every
 * BLOCK_ROWS rows. That is valid deflate because the main stream is
 * brought to a block boundary with Z_FULL_FLUSH first, which also empties
 * its history, so that nothing it writes afterwards refers back across
 * the copies (whose rows it never saw); the copies refer only to their
 * own bytes. */
static int repeats(encoder *e, size_t n) {
  int rc = Z_OK;
  if (n >= BLOCK_ROWS) {
    if (!e->have_block) {
      z_stream b;
      if (!start(&b, e->d))
        return Z_STREAM_ERROR;
      for (size_t k = 0; k < BLOCK_ROWS && rc == Z_OK; k++)
        rc = feed(&b, &e->block, e->same, e->rowlen, Z_NO_FLUSH);
      if (rc == Z_OK)
        rc = feed(&b, &e->block, NULL, 0, Z_FULL_FLUSH);
      deflateEnd(&b);
      e->have_block = true;
    }
    if (rc == Z_OK)
      rc = feed(&e->z, &e->idat, NULL, 0, Z_FULL_FLUSH);
    for (; n >= BLOCK_ROWS && rc == Z_OK; n -= BLOCK_ROWS)
      q_buf_add(&e->idat, e->block.data, e->block.len);
  }
  for (; n && rc == Z_OK; n--)
    rc = feed(&e->z, &e->idat, e->same, e->rowlen, Z_NO_FLUSH);
  return rc;
}

bool q_png_encode(q_buf *out, unsigned width, unsigned height, q_png_row_fn row_at, void *ctx,
                  q_diag *d) {
  static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  size_t rowlen = 1 + 3 * (size_t)width;
  if (width == 0 || height == 0 || rowlen > (1u << 30)) {
    q_error(d, (q_pos){NULL, 0, 0}, "internal error: a picture of %u x %u pixels", width, height);
    return false;
  }
  encoder e = {.rowlen = rowlen, .d = d};
  if (!start(&e.z, d))
    return false;
  unsigned char *f = q_zalloc(rowlen, 1);
  unsigned char *same = q_zalloc(rowlen, 1);
  same[0] = 2;
  e.same = same;
  q_buf_init(&e.idat);
  q_buf_init(&e.block);
  /* The zlib stream's header (deflate, 32K window, default level); its
   * Adler-32 is kept here, so that a repeated row costs one combination
   * instead of a pass over its bytes. */
  q_buf_add(&e.idat, "\x78\x9c", 2);
  uLong adler = adler32(0L, Z_NULL, 0);
  uLong same_adler = adler32(adler32(0L, Z_NULL, 0), same, (uInt)rowlen);
  const uint32_t *prev = NULL;
  size_t run = 0; /* rows repeating the one above, not yet written */
  int rc = Z_OK;
  for (unsigned y = 0; y < height && rc == Z_OK; y++) {
    const uint32_t *px = row_at(ctx, y);
    if (prev && (px == prev || memcmp(px, prev, width * sizeof *px) == 0)) {
      run++;
      adler = adler32_combine(adler, same_adler, (z_off_t)rowlen);
    } else {
      rc = repeats(&e, run);
      run = 0;
      filter_row(f, px, prev, width);
      if (rc == Z_OK)
        rc = feed(&e.z, &e.idat, f, rowlen, Z_NO_FLUSH);
      adler = adler32(adler, f, (uInt)rowlen);
    }
    prev = px;
  }
  if (rc == Z_OK)
    rc = repeats(&e, run);
  if (rc == Z_OK)
    rc = feed(&e.z, &e.idat, NULL, 0, Z_FINISH);
  deflateEnd(&e.z);
  unsigned char trailer[4];
  be32(trailer, (uint32_t)adler);
  q_buf_add(&e.idat, trailer, 4);
  q_buf idat = e.idat;
  q_buf_drop(&e.block);
  free(f);
  free(same);
  if (rc != Z_OK) {
    q_buf_drop(&idat);
    q_error(d, (q_pos){NULL, 0, 0}, "zlib: cannot compress the picture");
    return false;
  }
  unsigned char ihdr[13];
  be32(ihdr, width);
  be32(ihdr + 4, height);
  ihdr[8] = 8;  /* bits per channel */
  ihdr[9] = 2;  /* RGB */
  ihdr[10] = 0; /* deflate */
  ihdr[11] = 0; /* adaptive filtering */
  ihdr[12] = 0; /* no interlace */
  q_buf_add(out, sig, sizeof sig);
  chunk(out, "IHDR", ihdr, sizeof ihdr);
  chunk(out, "IDAT", (const unsigned char *)idat.data, idat.len);
  chunk(out, "IEND", NULL, 0);
  q_buf_drop(&idat);
  return true;
}
