/* SPDX-License-Identifier: MIT */
/* Where each pane of the explorer goes for a terminal of a given size.  Pure geometry (no
 * ncurses): the screen tests and the mouse handler use it as the views do.
 *
 * Tiers: below BONX_MIN_WIDTH x BONX_MIN_HEIGHT only a "terminal too small" message; up to
 * 110 columns one column of panes, whose lower pane shows the readout, or the chart while the
 * charts have focus; from 110 columns the table, parameters and readout on the left and
 * charts on the right (two stacked from 40 rows, a 2x2 grid from 170 columns); lecture mode
 * has its own large layout with the note and a key legend. */
#ifndef BONX_LAYOUT_H
#define BONX_LAYOUT_H

#include <stddef.h>

#define BONX_MIN_WIDTH 60
#define BONX_MIN_HEIGHT 18
#define BONX_LAYOUT_MAX_CHARTS 4

typedef struct bonx_rect { int x, y, w, h; } bonx_rect;   /* w or h 0: not shown */

typedef struct bonx_layout {
    int width, height;
    int too_small;
    int lecture;
    bonx_rect header;     /* title, focus */
    bonx_rect table;      /* header row + outcome rows */
    bonx_rect params;     /* one line per row of parameters */
    bonx_rect tabs;       /* the chart names, selected one highlighted */
    bonx_rect readout;
    bonx_rect note;       /* the preset's note (scene caption): lecture mode under the header,
                           * else the rows under the readout when it leaves some spare */
    bonx_rect legend;     /* lecture mode: the keys, always shown */
    bonx_rect status;     /* message, hints, frame counter */
    int n_charts;
    bonx_rect charts[BONX_LAYOUT_MAX_CHARTS];  /* charts[0] shows the selected chart */
} bonx_layout;

/* lecture: 0, 1 (the lecture layout) or BONX_LAYOUT_PROJECTOR: one chart on the whole screen
 * between the header and the status line. */
#define BONX_LAYOUT_PROJECTOR 2
/* k: outcomes (the table takes no more rows than it needs); charts_focused: the small tier
 * shows the chart instead of the readout. */
void bonx_layout_compute(bonx_layout *l, int width, int height, size_t k, int lecture,
                         int charts_focused);

/* 1 if (x, y) lies in r. */
int bonx_rect_contains(const bonx_rect *r, int x, int y);

#endif
