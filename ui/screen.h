/* SPDX-License-Identifier: MIT */
/* The whole explorer screen: layout plus every view, drawn from the app state into
 * ncurses' stdscr.  The event loop, the screen tests and the bench all draw through here. */
#ifndef BONX_SCREEN_H
#define BONX_SCREEN_H

#include "app_state.h"
#include "canvas.h"
#include "layout.h"

/* What a chart pane's canvas was last drawn from: when a frame asks for the same chart of
 * the same results at the same point, the canvas is blitted again instead of redrawn (a
 * chart of a million outcomes costs far more than a frame may; the status line's progress
 * mark and the cursor moves redraw the screen often while the charts stay). */
typedef struct bonx_pane_key {
    int valid, kind, w, h;
    const void *app;
    unsigned long edits;          /* the app's results (dist, curves, labels) */
    double n, beta, tau, t;
    double n_lo, n_hi;            /* the n axis (set without an edit: z, Z) */
    const void *pin;              /* the pinned curves (x, X), or NULL */
    int projector;                /* thick lines */
    unsigned long hide;           /* the curves the scene hides (long: no padding to memcmp) */
    long bounds;                  /* key b (a long: no padding for memcmp to read) */
} bonx_pane_key;

typedef struct bonx_screen {
    bonx_layout layout;
    bonx_canvas *cv[BONX_LAYOUT_MAX_CHARTS];   /* one per chart pane, kept across frames */
    bonx_pane_key drawn[BONX_LAYOUT_MAX_CHARTS];
    int color;          /* colour pairs in use */
    int ascii;          /* no Braille, no Unicode marks */
    int show_frames;    /* test mode: frame counter on the status line */
    unsigned long frames;
} bonx_screen;

void bonx_screen_init(bonx_screen *s, int color, int ascii, int show_frames);
void bonx_screen_free(bonx_screen *s);
/* Lay out for width x height and draw everything (erase first; no refresh). */
void bonx_screen_draw(bonx_screen *s, const bonx_app *a, int width, int height);
/* A mouse click at cell (x, y) of the last drawn layout: selects a cell, a parameter or a
 * chart tab, and moves the focus there. */
void bonx_screen_click(const bonx_screen *s, bonx_app *a, int x, int y);
/* Tab name of a view: the chart names, then "asym", "sim", "corpora". */
const char *bonx_screen_view_name(int view);
/* The chart kind shown in chart pane i (pane 0: the selected chart; the others follow a
 * fixed order without repeats, skipping simplex unless K = 3). */
int bonx_screen_chart_of_pane(const bonx_app *a, int pane);

#endif
