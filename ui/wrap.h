/* SPDX-License-Identifier: MIT */
/* Word wrap for the explorer's prose (preset notes, scene captions, the symbol legend): pure
 * string geometry, no ncurses, so the tests check every break.  Columns are counted as
 * bonx_put draws them: two for a wide (CJK) character, one for any other (ui/u8width.h). */
#ifndef BONX_WRAP_H
#define BONX_WRAP_H

#include <stddef.h>

typedef struct bonx_wrap_line {
    size_t start, len;   /* bytes of the source text; len 0 for an empty line */
} bonx_wrap_line;

/* Flow text into lines of at most width columns, breaking at blanks.  A single newline is
 * a blank (notes are written as several `note:` lines that form one paragraph); an empty
 * line (two newlines) starts a new paragraph and is kept as one empty line.  A word longer
 * than width is cut at width.  Fills up to max entries of lines and returns how many lines
 * the text needs; with lines non-NULL it stops counting at max + 1 (enough to say "more",
 * and a huge note costs a frame no more than its first lines), with lines NULL it counts
 * them all.  0 for width < 1 or empty text. */
size_t bonx_wrap(const char *text, int width, bonx_wrap_line *lines, size_t max);
/* Line l of text as it is drawn: blank runs (newlines, tabs) become one space.  Returns buf. */
char *bonx_wrap_copy(const char *text, bonx_wrap_line l, char *buf, size_t len);

#endif
