/* grid: a table's cells resolved to a grid of columns and rows.
 *
 * Both DocBook table models say where a cell goes indirectly: in the order
 * of a row, skipping the places that a cell of an earlier row reaches down
 * into (rowspan, morerows), or at a named column (CALS namest). q_grid takes
 * the cells row by row as the source gives them and answers each with its
 * column, or with what is wrong with it: past the last column, or on a
 * place another cell already holds. The caller reports the problem at the
 * cell's position; the grid stays usable after a refusal, so every bad cell
 * of a table is found in one run.
 *
 * A grid of 0 columns grows to whatever its rows need (the HTML model,
 * which declares no column count); its width is then q_grid_cols.
 *
 * Ownership: q_grid_new gives a grid the caller frees with q_grid_drop.
 * Plain C, no third-party header. */
#ifndef QUIRE_MODEL_GRID_H
#define QUIRE_MODEL_GRID_H

#include <stdbool.h>
#include <stddef.h>

typedef enum q_grid_status {
  Q_GRID_OK,
  Q_GRID_TOO_WIDE,  /* the cell (or its column span) runs past the last column */
  Q_GRID_OVERLAP    /* a place it covers is held by another cell */
} q_grid_status;

typedef struct q_grid q_grid;

/* A grid of cols columns (0: as many as the rows need). */
q_grid *q_grid_new(unsigned cols);
void q_grid_drop(q_grid *g);

/* Begin the next row (the first call begins row 0). */
void q_grid_row(q_grid *g);
/* Place the next cell of the current row: at column `at` when at >= 0, else
 * at the first free column after the row's previous cell. It covers colspan
 * columns and rowspan rows (both >= 1). On Q_GRID_OK *col is its column and
 * its places are taken; on a refusal nothing is taken and *col is where it
 * would have gone. */
q_grid_status q_grid_place(q_grid *g, int at, unsigned colspan, unsigned rowspan, unsigned *col);
/* Rows begun so far, and columns (the given count, or the widest row's). */
unsigned q_grid_rows(const q_grid *g);
unsigned q_grid_cols(const q_grid *g);
/* Rows that cells reach down into below the last row begun: 0 when every
 * row span ends inside the table. */
unsigned q_grid_overhang(const q_grid *g);
/* Is (row, col) covered by a cell? */
bool q_grid_taken(const q_grid *g, unsigned row, unsigned col);

#endif
