/* The worked example of Knuth and Plass, "Breaking Paragraphs into Lines",
 * Software: Practice and Experience 11 (1981) 1119-1184 (reprinted as
 * chapter 3 of Knuth, Digital Typography, 1999): the first paragraph of the
 * Grimms' "Frog King", with the paper's own widths. Data only; the test
 * builds the items from it.
 *
 * The paper (Digital Typography, p. 75) gives the widths in units where an
 * em is 18: 'a' through 'z' are 9 10 8 10 8 6 9 10 5 6 10 5 15 10 9 10 10 7
 * 7 7 10 9 13 10 10 8 units wide; 'C', 'I' and '-' are 13, 6 and 6; commas,
 * semicolons, periods and apostrophes 5 each. The glue between words is
 * (width, stretch, shrink) = (6, 3, 2), except (6, 4, 2) after a comma,
 * (6, 4, 1) after a semicolon and (8, 6, 1) after a period. The paragraph is
 * indented by an em (a box of 18) and set in lines 500 units wide. */
#ifndef QUIRE_TESTS_FROG_KING_H
#define QUIRE_TESTS_FROG_KING_H

static const char FROG_KING_TEXT[] =
    "In olden times when wishing still helped one, there lived a king whose "
    "daughters were all beautiful; and the youngest was so beautiful that the "
    "sun itself, which has seen so much, was astonished whenever it shone in "
    "her face. Close by the king's castle lay a great dark forest, and under "
    "an old lime-tree in the forest was a well, and when the day was very "
    "warm, the king's child went out into the forest and sat down by the side "
    "of the cool fountain; and when she was bored she took a golden ball, and "
    "threw it up on high and caught it; and this ball was her favorite "
    "plaything.";

/* Widths of 'a'..'z' in the paper's units. */
static const int FROG_KING_LOWER[26] = {9, 10, 8, 10, 8, 6, 9, 10, 5, 6, 10, 5, 15,
                                        10, 9, 10, 10, 7, 7, 7, 10, 9, 13, 10, 10, 8};

#define FROG_KING_INDENT 18
#define FROG_KING_HSIZE 500

#endif
