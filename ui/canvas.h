/* SPDX-License-Identifier: MIT */
/* A character canvas that charts draw on: cells of UTF-8 text and a colour, with Braille
 * (2x4 dots per cell, U+2800..U+28FF) sub-cell resolution or an ASCII fallback.  It knows
 * nothing of terminals: `bonx plot` renders it to a string, the explorer copies its cells to
 * ncurses.
 *
 * Coordinates: cells (x, y) with y = 0 the top row; dots (dx, dy) with dx in [0, 2w) and
 * dy in [0, 4h), dy = 0 the top.  Every drawing call clips to the canvas, or to the clip
 * rectangle when one is set; nothing is ever written outside it. */
#ifndef BONX_CANVAS_H
#define BONX_CANVAS_H

#include <stddef.h>

#include "u8width.h"   /* bonx_utf8_width: columns of a label */

typedef struct bonx_canvas bonx_canvas;            /* opaque */
bonx_canvas *bonx_canvas_new(int width, int height, int ascii); /* cells; ascii: no Braille */
void bonx_canvas_free(bonx_canvas *cv);
void bonx_canvas_clear(bonx_canvas *cv);
int  bonx_canvas_width(const bonx_canvas *cv);
int  bonx_canvas_height(const bonx_canvas *cv);
/* UTF-8 text of cell (x, y) (never NULL; " " when empty, "" for the right half of a wide
 * character) and its colour 0..7 (0 = default) */
const char *bonx_canvas_cell(const bonx_canvas *cv, int x, int y, int *color);
/* Whole canvas as lines joined by '\n' (malloc'd); ansi != 0 adds ANSI colours. */
char *bonx_canvas_to_string(const bonx_canvas *cv, int ansi);

/* Colours 0..7 (0 = default), the ANSI order. */
enum { BONX_COLOR_DEFAULT = 0, BONX_COLOR_RED, BONX_COLOR_GREEN, BONX_COLOR_YELLOW,
       BONX_COLOR_BLUE, BONX_COLOR_MAGENTA, BONX_COLOR_CYAN, BONX_COLOR_WHITE };

/* Line styles for dot lines: solid, dashed (dots on, off), dotted (sparse). */
typedef enum { BONX_LINE_SOLID = 0, BONX_LINE_DASHED, BONX_LINE_DOTTED } bonx_line_style;

int  bonx_canvas_is_ascii(const bonx_canvas *cv);

/* A figure (ui/figure.h) to record what charts draw on this canvas, in data coordinates, for
 * the SVG / CSV / gnuplot writers; NULL (the default) records nothing.  Not owned. */
struct bonx_figure;
void bonx_canvas_set_figure(bonx_canvas *cv, struct bonx_figure *fig);
struct bonx_figure *bonx_canvas_figure(const bonx_canvas *cv);
/* Thick lines (projector mode): every line is drawn with a 2x2 dot pen.  Off by default. */
void bonx_canvas_set_thick(bonx_canvas *cv, int thick);

/* Clip rectangle in cells (x0, y0) .. (x1, y1) inclusive, intersected with the canvas.
 * Drawing below (dots, lines, markers, bars, bands, text) stays inside it. */
void bonx_canvas_set_clip(bonx_canvas *cv, int x0, int y0, int x1, int y1);
void bonx_canvas_reset_clip(bonx_canvas *cv);

/* Dot-space size: 2w x 4h (the same resolution in ASCII mode, where a cell with any dot set
 * shows the series' ASCII glyph). */
int  bonx_canvas_dot_width(const bonx_canvas *cv);
int  bonx_canvas_dot_height(const bonx_canvas *cv);

/* One dot.  glyph is the ASCII-mode character for the cell (e.g. '*', '.', 'o'). */
void bonx_canvas_dot(bonx_canvas *cv, int dx, int dy, int color, char glyph);
/* Line in dot space (Bresenham); style thins it.  Endpoints may be far outside the canvas;
 * a NaN or infinite endpoint draws nothing. */
void bonx_canvas_line(bonx_canvas *cv, double dx0, double dy0, double dx1, double dy1,
                      int color, char glyph, bonx_line_style style);
/* Connected points in dot space; a non-finite point leaves a gap (an isolated finite point
 * is drawn as one dot).  The dash pattern runs on across segments. */
void bonx_canvas_polyline(bonx_canvas *cv, const double *dx, const double *dy, size_t count,
                          int color, char glyph, bonx_line_style style);
/* A point marker: the whole cell holding dot (dx, dy) shows marker (UTF-8, one column). */
void bonx_canvas_marker(bonx_canvas *cv, double dx, double dy, const char *marker, int color);
/* Fill the cell rectangle with a UTF-8 character (one column). */
void bonx_canvas_fill(bonx_canvas *cv, int x0, int y0, int x1, int y1, const char *ch, int color);
/* Vertical bar in cell column x standing on cell row y_base (its bottom row), height cells
 * tall (fractional).  Whole cells show fill; the top cell an eighth block (▁..▇), or in
 * ASCII mode fill when at least half of it is covered. */
void bonx_canvas_vbar(bonx_canvas *cv, int x, int y_base, double height, const char *fill,
                      int color);
/* Horizontal / vertical reference line across the clip rectangle at dot row / column. */
void bonx_canvas_hline(bonx_canvas *cv, double dy, int color, char glyph, bonx_line_style style);
void bonx_canvas_vline(bonx_canvas *cv, double dx, int color, char glyph, bonx_line_style style);
/* Shade the cells of column x between dot rows dy_a and dy_b (a band); NaN leaves the column
 * unshaded.  Shade shows only in cells without dots or text, so curves stay visible. */
void bonx_canvas_band_column(bonx_canvas *cv, int x, double dy_a, double dy_b, int color);
/* Text (UTF-8) starting at cell (x, y); clipped.  A wide character (CJK, ui/u8width.h)
 * takes two cells, the second of which bonx_canvas_cell gives as "" (the first one's glyph
 * covers it on a terminal); half of one cut by the clip or by later text shows as a blank.
 * Returns the number of columns written (including clipped ones). */
int  bonx_canvas_text(bonx_canvas *cv, int x, int y, const char *s, int color);
/* Liang-Barsky: clip segment (x0,y0)-(x1,y1) to the rectangle in place; 0 when nothing of
 * it is inside (or it is not finite). */
int bonx_clip_segment(double *x0, double *y0, double *x1, double *y1,
                      double xmin, double ymin, double xmax, double ymax);

/* Dots currently set in cell (x, y), as a bit mask (Braille bit order: bit 0 = dot (0,0),
 * 1 = (0,1), 2 = (0,2), 3 = (1,0), 4 = (1,1), 5 = (1,2), 6 = (0,3), 7 = (1,3)). For tests. */
unsigned bonx_canvas_dots(const bonx_canvas *cv, int x, int y);

#endif
