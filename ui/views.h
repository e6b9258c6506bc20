/* SPDX-License-Identifier: MIT */
/* The views of the explorer: each draws one pane of the layout from the app state.
 * Internal to ui/ (screen.c calls them). */
#ifndef BONX_VIEWS_H
#define BONX_VIEWS_H

#include "app_state.h"
#include "layout.h"
#include "screen.h"
#include "term.h"

void bonx_view_header(const bonx_screen *s, const bonx_app *a, const bonx_rect *r);
void bonx_view_table(const bonx_screen *s, const bonx_app *a, const bonx_rect *r);
void bonx_view_params(const bonx_screen *s, const bonx_app *a, const bonx_rect *r);
void bonx_view_tabs(const bonx_screen *s, const bonx_app *a, const bonx_rect *r);
void bonx_view_readout(const bonx_screen *s, const bonx_app *a, const bonx_rect *r);
void bonx_view_chart(bonx_screen *s, const bonx_app *a, int pane);
void bonx_view_status(const bonx_screen *s, const bonx_app *a, const bonx_rect *r);
void bonx_view_note(const bonx_screen *s, const bonx_app *a, const bonx_rect *r);
void bonx_view_legend(const bonx_screen *s, const bonx_app *a, const bonx_rect *r);
void bonx_view_help(const bonx_screen *s, const bonx_app *a);
void bonx_view_picker(const bonx_screen *s, const bonx_app *a);
void bonx_view_symbols(const bonx_screen *s, const bonx_app *a);     /* key i */
void bonx_view_note_panel(const bonx_screen *s, const bonx_app *a);  /* key n */
void bonx_view_too_small(const bonx_screen *s, int width, int height);

/* Hit tests for mouse clicks: what lies at screen cell (x, y). */
int bonx_view_table_hit(const bonx_app *a, const bonx_rect *r, int x, int y, size_t *outcome,
                        int *colp);   /* 1 on an outcome row; column -1 if not editable */
int bonx_view_params_hit(const bonx_screen *s, const bonx_app *a, const bonx_rect *r, int x, int y);
int bonx_view_tabs_hit(const bonx_app *a, const bonx_rect *r, int x, int y);

/* Shared drawing helpers (view_text.c). */
/* Text at (y, x) clipped to max columns (UTF-8 aware); returns the columns written. */
int bonx_put(int y, int x, int max, const char *text, int attr);
/* printf into the same. */
int bonx_putf(int y, int x, int max, int attr, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
/* A number in at most width columns with as many significant digits as fit (up to 6);
 * "inf", "-inf", "-" for NaN. */
void bonx_fmt_num(double v, int width, char *buf, size_t len);
/* Clear a rectangle to blanks. */
void bonx_clear_rect(const bonx_rect *r);

/* Key help: each entry one key and what it does; the help overlay, the lecture legend and
 * the man page list the same keys. */
typedef struct bonx_key_help { const char *keys, *what; } bonx_key_help;
extern const bonx_key_help bonx_key_help_table[];

#endif
