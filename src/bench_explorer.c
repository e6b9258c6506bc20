/* SPDX-License-Identifier: MIT */
/* `bonx bench` entry explorer_frame: keystroke-to-frame time.  One weight edit typed into the
 * explorer (recompute of every curve and the point readout) plus drawing the whole 120x40
 * screen, off-line into ncurses on /dev/null (doupdate included).  Target < 2 ms for K <= 256. */
#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_state.h"
#include "bench.h"
#include "rng.h"
#include "screen.h"

#define TARGET_US 2000.0

typedef struct frame_ctx {
    bonx_app *app;
    bonx_screen *screen;
    int flip;
} frame_ctx;

/* A full frame: every view and chart drawn, the screen updated. */
static void draw_frame(void *p)
{
    frame_ctx *c = p;
    bonx_screen_draw(c->screen, c->app, 120, 40);
    wnoutrefresh(stdscr);
    doupdate();
}

/* One keystroke's worth of work: an edit that changes the table, then a full frame. */
static void one_frame(void *p)
{
    frame_ctx *c = p;
    c->flip = !c->flip;
    bonx_app_set_cell(c->app, 0, BONX_COL_WEIGHT, c->flip ? "2.5" : "0.5");
    draw_frame(p);
}

/* K outcomes, random weights, rewards with ties (fixed seed). */
static int random_app(bonx_app *a, size_t k, char *err, size_t errlen)
{
    bonx_preset p = {0};
    bonx_rng g;
    bonx_rng_seed(&g, 42 + k);
    p.name = strdup("bench");
    p.k = k;
    p.labels = calloc(k, sizeof *p.labels);
    p.w = malloc(k * sizeof *p.w);
    p.r = malloc(k * sizeof *p.r);
    for (size_t i = 0; p.labels && p.w && p.r && i < k; i++) {
        char label[32];
        snprintf(label, sizeof label, "y%zu", i + 1);
        p.labels[i] = strdup(label);
        p.w[i] = bonx_rng_uniform_pos(&g);
        p.r[i] = (double)bonx_rng_below(&g, k / 2 + 2);
    }
    int rc = bonx_app_init(a, &p, NULL, err, errlen);
    bonx_preset_free(&p);
    return rc;
}

int bonx_bench_explorer_frame(FILE *out)
{
    static const size_t ks[] = {3, 64, 256};
    FILE *null_out = fopen("/dev/null", "w"), *null_in = fopen("/dev/null", "r");
    if (!null_out || !null_in)
        return 1;
    setlocale(LC_CTYPE, ""); /* never LC_NUMERIC: numbers are read and written in C */
    SCREEN *scr = newterm("xterm-256color", null_out, null_in);
    if (!scr)
        scr = newterm("xterm", null_out, null_in);
    if (!scr) {
        fprintf(out, "explorer_frame: no terminfo for xterm\n");
        fclose(null_out);
        fclose(null_in);
        return 1;
    }
    set_term(scr);
    resizeterm(40, 120);
    int failed = 0;
    for (size_t i = 0; i < sizeof ks / sizeof *ks; i++) {
        bonx_app app;
        bonx_screen screen;
        char err[256], name[32];
        if (random_app(&app, ks[i], err, sizeof err) != 0) {
            fprintf(out, "explorer_frame: %s\n", err);
            failed = 1;
            continue;
        }
        bonx_screen_init(&screen, 1, 0, 0);
        frame_ctx ctx = {&app, &screen, 0};
        double us = bonx_bench_median_us(one_frame, &ctx, 15);
        snprintf(name, sizeof name, "K=%zu 120x40", ks[i]);
        bonx_bench_report(out, "explorer_frame", name, us, TARGET_US);
        /* the share of the views alone (no recompute), for reading the figure above */
        us = bonx_bench_median_us(draw_frame, &ctx, 15);
        snprintf(name, sizeof name, "K=%zu draw only", ks[i]);
        bonx_bench_report(out, "explorer_frame", name, us, 0);
        bonx_screen_free(&screen);
        bonx_app_free(&app);
    }
    endwin();
    delscreen(scr);
    fclose(null_out);
    fclose(null_in);
    return failed;
}
