/* grid.c: occupancy of a table's places, row by row.
 *
 * The grid is a bitmap of rows x width, grown as rows are begun and as row
 * spans reach down; width is fixed for a grid with a column count, and
 * grows (every row copied) for one without. Invariant: rows_used <= rows_cap
 * and every place a placed cell covers is set. */
#include "grid.h"

#include <stdlib.h>
#include <string.h>

#include "../base/mem.h"

struct q_grid {
  unsigned fixed;    /* the given column count, or 0 */
  unsigned width;    /* columns in the bitmap */
  unsigned rows;     /* rows begun */
  unsigned reach;    /* rows covered so far, >= rows */
  unsigned rows_cap; /* rows in the bitmap */
  unsigned next;     /* where the current row's next cell may begin */
  unsigned used;     /* widest extent placed */
  unsigned char *bits; /* rows_cap * width, one byte a place */
};

q_grid *q_grid_new(unsigned cols) {
  q_grid *g = q_zalloc(1, sizeof *g);
  g->fixed = cols;
  g->width = cols ? cols : 4;
  return g;
}

void q_grid_drop(q_grid *g) {
  if (!g)
    return;
  free(g->bits);
  free(g);
}

static void ensure(q_grid *g, unsigned rows, unsigned width) {
  if (width > g->width) {
    unsigned w = g->width;
    while (w < width)
      w *= 2;
    unsigned char *bits = q_zalloc((size_t)g->rows_cap * w + 1, 1);
    for (unsigned r = 0; r < g->rows_cap; r++)
      memcpy(bits + (size_t)r * w, g->bits + (size_t)r * g->width, g->width);
    free(g->bits);
    g->bits = bits;
    g->width = w;
  }
  if (rows > g->rows_cap) {
    unsigned cap = g->rows_cap ? g->rows_cap : 8;
    while (cap < rows)
      cap *= 2;
    g->bits = q_realloc(g->bits, (size_t)cap * g->width + 1, 1);
    memset(g->bits + (size_t)g->rows_cap * g->width, 0, (size_t)(cap - g->rows_cap) * g->width);
    g->rows_cap = cap;
  }
}

void q_grid_row(q_grid *g) {
  g->rows++;
  if (g->reach < g->rows)
    g->reach = g->rows;
  ensure(g, g->rows, g->width);
  g->next = 0;
}

bool q_grid_taken(const q_grid *g, unsigned row, unsigned col) {
  return row < g->rows_cap && col < g->width && g->bits[(size_t)row * g->width + col];
}

q_grid_status q_grid_place(q_grid *g, int at, unsigned colspan, unsigned rowspan, unsigned *col) {
  if (g->rows == 0)
    q_grid_row(g);
  if (colspan == 0)
    colspan = 1;
  if (rowspan == 0)
    rowspan = 1;
  unsigned row = g->rows - 1;
  unsigned c = 0;
  if (at >= 0) {
    c = (unsigned)at;
  } else {
    c = g->next;
    while (q_grid_taken(g, row, c))
      c++;
  }
  *col = c;
  if (g->fixed && (c >= g->fixed || colspan > g->fixed - c))
    return Q_GRID_TOO_WIDE;
  if (!g->fixed && (c > 65535 || colspan > 65535))
    return Q_GRID_TOO_WIDE; /* a bound on what a grid without a count may grow to */
  ensure(g, row + rowspan, c + colspan);
  for (unsigned r = row; r < row + rowspan; r++)
    for (unsigned k = c; k < c + colspan; k++)
      if (g->bits[(size_t)r * g->width + k])
        return Q_GRID_OVERLAP;
  for (unsigned r = row; r < row + rowspan; r++)
    memset(g->bits + (size_t)r * g->width + c, 1, colspan);
  g->next = c + colspan;
  if (g->used < c + colspan)
    g->used = c + colspan;
  if (g->reach < row + rowspan)
    g->reach = row + rowspan;
  return Q_GRID_OK;
}

unsigned q_grid_rows(const q_grid *g) { return g->rows; }

unsigned q_grid_cols(const q_grid *g) { return g->fixed ? g->fixed : g->used; }

unsigned q_grid_overhang(const q_grid *g) { return g->reach - g->rows; }
