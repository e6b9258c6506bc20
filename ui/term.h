/* SPDX-License-Identifier: MIT */
/* The ncurses side of the explorer: start/stop the terminal, colour pairs (NO_COLOR
 * respected), key codes mapped to the BONX_KEY_* the app understands, styles for the views,
 * and the adapter that copies a chart canvas onto the screen. */
#ifndef BONX_TERM_H
#define BONX_TERM_H

#include "canvas.h"

/* Styles the views ask for; bonx_term_style turns them into ncurses attributes. */
typedef enum {
    BONX_STYLE_NORMAL = 0, BONX_STYLE_TITLE, BONX_STYLE_HEADER, BONX_STYLE_SELECTED,
    BONX_STYLE_CURSOR, BONX_STYLE_ERROR, BONX_STYLE_DIM, BONX_STYLE_KEY, BONX_STYLE_FOCUS,
    BONX_STYLE_TIE, BONX_STYLE_COUNT
} bonx_style;

/* Full-screen mode on the controlling terminal: cbreak, no echo, keypad, mouse clicks,
 * short Esc delay, hidden cursor.  Returns 0 or -1 (not a terminal). */
int bonx_term_start(void);
void bonx_term_stop(void);
/* Colour pairs for canvas colours 1..7 and the styles; 1 when colour is in use: wanted (the
 * caller applies the --color rule, src/color.h) and a colour terminal. */
int bonx_term_colors(int wanted);
/* Attributes for a style; lecture makes everything bold and high-contrast. */
int bonx_term_style(bonx_style s, int color, int lecture);
/* An ncurses key (from getch/wget_wch) as a byte or BONX_KEY_*; -1 to ignore. */
int bonx_term_key(int ch, int is_function_key);
/* Copy the canvas to the screen with its top-left cell at (y0, x0). */
void bonx_term_blit(const bonx_canvas *cv, int y0, int x0, int color, int lecture);
/* 1 when the locale's charset is UTF-8 (else charts and marks use ASCII). */
int bonx_term_utf8(void);

#endif
