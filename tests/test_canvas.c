/* SPDX-License-Identifier: MIT */
/* The canvas, axes and chart frame (ui/canvas, ui/axis, ui/plot): Braille encoding, monotone
 * series draw monotone dots, clipping holds for random series with NaN / inf / 1e308, every
 * size from 1x1 to 300x100 lays out without a crash, nice ticks and their labels. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "axis.h"
#include "canvas.h"
#include "plot.h"
#include "rng.h"

/* ---- cells and Braille ---------------------------------------------------------------- */

static void test_empty_canvas(void **state)
{
    (void)state;
    assert_null(bonx_canvas_new(0, 5, 0));
    assert_null(bonx_canvas_new(5, 0, 0));
    assert_null(bonx_canvas_new(-3, 5, 0));
    bonx_canvas *cv = bonx_canvas_new(3, 2, 0);
    assert_non_null(cv);
    int color = -1;
    assert_string_equal(bonx_canvas_cell(cv, 2, 1, &color), " ");
    assert_int_equal(color, 0);
    assert_string_equal(bonx_canvas_cell(cv, 3, 0, &color), " ");   /* outside: still " " */
    assert_string_equal(bonx_canvas_cell(cv, -1, 0, NULL), " ");
    char *s = bonx_canvas_to_string(cv, 1);
    assert_string_equal(s, "\n");   /* two empty rows, trailing blanks trimmed, no colour */
    free(s);
    bonx_canvas_free(cv);
}

/* Each of the 8 dots of a cell is its own Unicode Braille bit (dots 1-8). */
static void test_braille_bits(void **state)
{
    (void)state;
    static const unsigned want[4][2] = {{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}};
    for (int row = 0; row < 4; row++)
        for (int col = 0; col < 2; col++) {
            bonx_canvas *cv = bonx_canvas_new(2, 2, 0);
            bonx_canvas_dot(cv, 2 + col, 4 + row, BONX_COLOR_RED, '*');
            assert_int_equal(bonx_canvas_dots(cv, 1, 1), want[row][col]);
            unsigned cp = 0x2800 + want[row][col];
            char utf8[4] = {(char)(0xE0 | (cp >> 12)), (char)(0x80 | ((cp >> 6) & 0x3F)),
                            (char)(0x80 | (cp & 0x3F)), 0};
            int color;
            assert_string_equal(bonx_canvas_cell(cv, 1, 1, &color), utf8);
            assert_int_equal(color, BONX_COLOR_RED);
            bonx_canvas_free(cv);
        }
    bonx_canvas *cv = bonx_canvas_new(1, 1, 0);
    for (int dx = 0; dx < 2; dx++)
        for (int dy = 0; dy < 4; dy++)
            bonx_canvas_dot(cv, dx, dy, 0, '*');
    assert_string_equal(bonx_canvas_cell(cv, 0, 0, NULL), "⣿");
    bonx_canvas_free(cv);
}

static void test_ascii_and_ansi(void **state)
{
    (void)state;
    bonx_canvas *cv = bonx_canvas_new(4, 1, 1);
    bonx_canvas_dot(cv, 0, 0, BONX_COLOR_GREEN, 'o');
    bonx_canvas_text(cv, 2, 0, "ab", BONX_COLOR_DEFAULT);
    char *plain = bonx_canvas_to_string(cv, 0);
    assert_string_equal(plain, "o ab");
    char *ansi = bonx_canvas_to_string(cv, 1);
    /* an empty cell keeps the running colour (it is blank either way) */
    assert_string_equal(ansi, "\x1b[32mo \x1b[0mab");
    free(plain);
    free(ansi);
    bonx_canvas_free(cv);
}

/* A wide character takes two cells: the glyph, then "" (the terminal draws the glyph over
 * both); a half left alone (clipped, or its partner overwritten) shows as a blank, so a row
 * is never wider on the terminal than the canvas. */
static void test_text_wide(void **state)
{
    (void)state;
    bonx_canvas *cv = bonx_canvas_new(7, 2, 0);
    assert_int_equal(bonx_canvas_text(cv, 0, 0, "a甲b乙", 0), 6);
    const char *want[] = {"a", "甲", "", "b", "乙", "", " "};
    for (int x = 0; x < 7; x++)
        assert_string_equal(bonx_canvas_cell(cv, x, 0, NULL), want[x]);
    /* the last column holds only the left half of 丙: a blank */
    bonx_canvas_text(cv, 5, 1, "x丙", 0);
    assert_string_equal(bonx_canvas_cell(cv, 6, 1, NULL), " ");
    char *s = bonx_canvas_to_string(cv, 0);
    assert_string_equal(s, "a甲b乙\n     x ");
    free(s);
    /* text over the right half of 甲 blanks its left half; over the left half, the right */
    bonx_canvas_text(cv, 2, 0, "z", 0);
    assert_string_equal(bonx_canvas_cell(cv, 1, 0, NULL), " ");
    bonx_canvas_text(cv, 4, 0, "y", 0);
    assert_string_equal(bonx_canvas_cell(cv, 5, 0, NULL), " ");
    s = bonx_canvas_to_string(cv, 0);
    assert_string_equal(s, "a zby \n     x ");
    free(s);
    /* dots never split a wide character (text wins over dots) */
    bonx_canvas_clear(cv);
    bonx_canvas_text(cv, 0, 0, "甲", 0);
    bonx_canvas_dot(cv, 2, 0, 0, '*');
    assert_string_equal(bonx_canvas_cell(cv, 1, 0, NULL), "");
    bonx_canvas_free(cv);
}

static void test_text_utf8(void **state)
{
    (void)state;
    bonx_canvas *cv = bonx_canvas_new(6, 1, 0);
    assert_int_equal(bonx_canvas_text(cv, 0, 0, "π≤\xff" "x\x01", 0), 5);
    assert_string_equal(bonx_canvas_cell(cv, 0, 0, NULL), "π");
    assert_string_equal(bonx_canvas_cell(cv, 1, 0, NULL), "≤");
    assert_string_equal(bonx_canvas_cell(cv, 2, 0, NULL), "?");   /* malformed byte */
    assert_string_equal(bonx_canvas_cell(cv, 3, 0, NULL), "x");
    assert_string_equal(bonx_canvas_cell(cv, 4, 0, NULL), " ");   /* control character */
    assert_int_equal(bonx_utf8_width("a◆b"), 3);
    assert_int_equal(bonx_utf8_width("a甲乙b"), 6);       /* CJK: two columns each */
    assert_int_equal(bonx_utf8_width("ｘ한🙂"), 6);       /* fullwidth, Hangul, emoji */
    assert_int_equal(bonx_utf8_width("üÿ"), 2);
    /* text wins over dots drawn later; dots show over a band shade */
    bonx_canvas_dot(cv, 0, 0, 0, '*');
    assert_string_equal(bonx_canvas_cell(cv, 0, 0, NULL), "π");
    bonx_canvas_band_column(cv, 5, 0.0, 3.0, 0);
    assert_string_equal(bonx_canvas_cell(cv, 5, 0, NULL), "░");
    bonx_canvas_dot(cv, 10, 0, 0, '*');
    assert_string_equal(bonx_canvas_cell(cv, 5, 0, NULL), "⠁");
    bonx_canvas_free(cv);
}

static void test_vbar_eighths(void **state)
{
    (void)state;
    bonx_canvas *cv = bonx_canvas_new(3, 4, 0);
    bonx_canvas_vbar(cv, 0, 3, 2.375, "█", 1);      /* 2 whole cells and 3/8 */
    assert_string_equal(bonx_canvas_cell(cv, 0, 3, NULL), "█");
    assert_string_equal(bonx_canvas_cell(cv, 0, 2, NULL), "█");
    assert_string_equal(bonx_canvas_cell(cv, 0, 1, NULL), "▃");
    assert_string_equal(bonx_canvas_cell(cv, 0, 0, NULL), " ");
    bonx_canvas_vbar(cv, 1, 3, 99.0, "▓", 1);       /* clipped at the top */
    for (int y = 0; y < 4; y++)
        assert_string_equal(bonx_canvas_cell(cv, 1, y, NULL), "▓");
    bonx_canvas_vbar(cv, 2, 3, NAN, "█", 1);        /* NaN: nothing */
    assert_string_equal(bonx_canvas_cell(cv, 2, 3, NULL), " ");
    bonx_canvas_free(cv);
    cv = bonx_canvas_new(1, 3, 1);
    bonx_canvas_vbar(cv, 0, 2, 1.6, "#", 1);        /* ASCII rounds the top cell */
    assert_string_equal(bonx_canvas_cell(cv, 0, 1, NULL), "#");
    assert_string_equal(bonx_canvas_cell(cv, 0, 0, NULL), " ");
    bonx_canvas_free(cv);
}

/* ---- monotone series draw monotone dots ----------------------------------------------- */

/* For each dot column, the lowest and highest dot row set (or -1). */
static void column_extents(const bonx_canvas *cv, int *lo, int *hi)
{
    int dw = bonx_canvas_dot_width(cv), dh = bonx_canvas_dot_height(cv);
    for (int dx = 0; dx < dw; dx++) {
        lo[dx] = hi[dx] = -1;
        for (int dy = 0; dy < dh; dy++) {
            unsigned m = bonx_canvas_dots(cv, dx / 2, dy / 4);
            static const unsigned bit[4][2] = {{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}};
            if (m & bit[dy % 4][dx % 2]) {
                if (lo[dx] < 0)
                    lo[dx] = dy;
                hi[dx] = dy;
            }
        }
    }
}

static void test_monotone_series(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 3);
    for (int trial = 0; trial < 400; trial++) {
        int w = 1 + (int)bonx_rng_below(&g, 60), h = 1 + (int)bonx_rng_below(&g, 30);
        size_t n = 2 + bonx_rng_below(&g, 300);
        double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
        double xv = -3.0 * w * bonx_rng_uniform(&g), yv = 4.0 * h * (1.5 - 2.0 * bonx_rng_uniform(&g));
        for (size_t i = 0; i < n; i++) {
            x[i] = xv;
            y[i] = yv;
            xv += bonx_rng_uniform(&g) * 6.0 * w / n;
            if (bonx_rng_below(&g, 4))   /* ties (flat steps) a quarter of the time */
                yv -= bonx_rng_uniform(&g) * 12.0 * h / n;   /* value up = dot row down */
        }
        bonx_canvas *cv = bonx_canvas_new(w, h, (int)bonx_rng_below(&g, 2));
        bonx_canvas_polyline(cv, x, y, n, 1, '*', BONX_LINE_SOLID);
        int *lo = malloc(2 * (size_t)w * sizeof *lo), *hi = malloc(2 * (size_t)w * sizeof *hi);
        column_extents(cv, lo, hi);
        int prev_top = -1;   /* top dot row of the last column with dots */
        for (int dx = 0; dx < 2 * w; dx++) {
            if (lo[dx] < 0)
                continue;
            if (prev_top >= 0 && hi[dx] > prev_top) {
                print_error("trial %d: column %d reaches row %d below %d\n", trial, dx, hi[dx],
                            prev_top);
                fail();
            }
            prev_top = lo[dx];
        }
        free(lo);
        free(hi);
        free(x);
        free(y);
        bonx_canvas_free(cv);
    }
}

/* A solid line has no holes: consecutive dots are 8-neighbours. */
static void test_line_connected(void **state)
{
    (void)state;
    bonx_canvas *cv = bonx_canvas_new(40, 10, 0);
    bonx_canvas_line(cv, 0.2, 39.0, 79.0, 0.4, 1, '*', BONX_LINE_SOLID);
    int lo[80], hi[80];
    column_extents(cv, lo, hi);
    for (int dx = 0; dx < 80; dx++) {
        assert_true(lo[dx] >= 0);
        if (dx > 0)
            assert_true(hi[dx] <= lo[dx - 1] + 1 && hi[dx] >= lo[dx - 1] - 1);
    }
    assert_int_equal(hi[0], 39);
    assert_int_equal(lo[79], 0);
    /* dashed: 4 on, 4 off along a horizontal line */
    bonx_canvas_clear(cv);
    bonx_canvas_line(cv, 0, 0, 15, 0, 1, '*', BONX_LINE_DASHED);
    column_extents(cv, lo, hi);
    for (int dx = 0; dx < 16; dx++)
        assert_int_equal(lo[dx] >= 0, dx % 8 < 4);
    bonx_canvas_free(cv);
}

/* ---- clipping ------------------------------------------------------------------------- */

static double wild(bonx_rng *g, double scale)
{
    switch (bonx_rng_below(g, 12)) {
    case 0: return NAN;
    case 1: return INFINITY;
    case 2: return -INFINITY;
    case 3: return 1e308;
    case 4: return -1e308;
    case 5: return 1e300 * (bonx_rng_uniform(g) - 0.5);
    default: return scale * (3.0 * bonx_rng_uniform(g) - 1.0);
    }
}

static void assert_outside_untouched(const bonx_canvas *cv, int x0, int y0, int x1, int y1,
                                     int trial)
{
    for (int y = 0; y < bonx_canvas_height(cv); y++)
        for (int x = 0; x < bonx_canvas_width(cv); x++) {
            if (x >= x0 && x <= x1 && y >= y0 && y <= y1)
                continue;
            if (strcmp(bonx_canvas_cell(cv, x, y, NULL), " ") != 0 || bonx_canvas_dots(cv, x, y)) {
                print_error("trial %d: cell (%d,%d) outside clip [%d,%d]-[%d,%d] written: '%s'\n",
                            trial, x, y, x0, y0, x1, y1, bonx_canvas_cell(cv, x, y, NULL));
                fail();
            }
        }
}

static void draw_wild(bonx_canvas *cv, bonx_rng *g, int w, int h)
{
    double xs[64], ys[64];
    size_t n = 1 + bonx_rng_below(g, 64);
    for (size_t i = 0; i < n; i++) {
        xs[i] = wild(g, 2.0 * w);
        ys[i] = wild(g, 4.0 * h);
    }
    bonx_line_style st = (bonx_line_style)bonx_rng_below(g, 3);
    bonx_canvas_polyline(cv, xs, ys, n, 2, '+', st);
    bonx_canvas_line(cv, xs[0], ys[0], xs[n - 1], ys[n - 1], 3, 'x', st);
    bonx_canvas_marker(cv, xs[0], ys[n / 2], "◆", 4);
    bonx_canvas_hline(cv, ys[0], 5, '-', st);
    bonx_canvas_vline(cv, xs[0], 5, '|', st);
    bonx_canvas_band_column(cv, (int)bonx_rng_below(g, (uint64_t)w + 4) - 2, ys[0], ys[n - 1], 6);
    bonx_canvas_vbar(cv, (int)bonx_rng_below(g, (uint64_t)w + 4) - 2,
                     (int)bonx_rng_below(g, (uint64_t)h + 4) - 2, wild(g, h), "█", 1);
    bonx_canvas_text(cv, (int)bonx_rng_below(g, (uint64_t)w + 8) - 4,
                     (int)bonx_rng_below(g, (uint64_t)h + 2) - 1, "label ≤ text", 7);
    bonx_canvas_fill(cv, -5, -5, (int)bonx_rng_below(g, (uint64_t)w + 8), 2, "▒", 2);
    if (bonx_rng_below(g, 8) == 0)
        bonx_canvas_dot(cv, (int)bonx_rng_below(g, 4000) - 2000, (int)bonx_rng_below(g, 4000) - 2000, 1, '*');
}

static void test_clipping_random(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 11);
    for (int trial = 0; trial < 3000; trial++) {
        int w = 1 + (int)bonx_rng_below(&g, 50), h = 1 + (int)bonx_rng_below(&g, 25);
        bonx_canvas *cv = bonx_canvas_new(w, h, (int)bonx_rng_below(&g, 2));
        int x0 = (int)bonx_rng_below(&g, (uint64_t)w), x1 = x0 + (int)bonx_rng_below(&g, (uint64_t)(w - x0));
        int y0 = (int)bonx_rng_below(&g, (uint64_t)h), y1 = y0 + (int)bonx_rng_below(&g, (uint64_t)(h - y0));
        bonx_canvas_set_clip(cv, x0, y0, x1, y1);
        for (int k = 0; k < 4; k++)
            draw_wild(cv, &g, w, h);
        assert_outside_untouched(cv, x0, y0, x1, y1, trial);
        char *s = bonx_canvas_to_string(cv, 1);
        assert_non_null(s);
        free(s);
        bonx_canvas_free(cv);
    }
}

/* Series far outside the axis range, NaN and inf through the frame: nothing leaves the plot
 * area. */
static void test_plot_clipping(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 5);
    bonx_plot_series s[2] = {
        {"a", BONX_SERIES_LINE, 1, BONX_LINE_SOLID, "●", '*'},
        {"b", BONX_SERIES_BAND, 2, BONX_LINE_SOLID, NULL, ':'},
    };
    for (int trial = 0; trial < 300; trial++) {
        int w = 24 + (int)bonx_rng_below(&g, 100), h = 8 + (int)bonx_rng_below(&g, 40);
        bonx_canvas *cv = bonx_canvas_new(w, h, (int)bonx_rng_below(&g, 2));
        bonx_plot_frame fr = {.title = "t", .xname = "x", .yname = "y", .xlo = 1, .xhi = 100,
                              .xlog = 1, .ylo = 0, .yhi = 1, .series = s, .nseries = 2};
        bonx_plot pl;
        assert_int_equal(bonx_plot_begin(&pl, cv, &fr), 0);
        /* Snapshot the frame, draw wild data, compare everything outside the plot area. */
        char *before = bonx_canvas_to_string(cv, 1);
        double x[100], y[100], y2[100];
        for (int i = 0; i < 100; i++) {
            x[i] = wild(&g, 150.0);
            y[i] = wild(&g, 2.0);
            y2[i] = wild(&g, 2.0);
        }
        bonx_plot_band(&pl, &s[1], x, sizeof *x, y, y2, sizeof *y, 100);
        bonx_plot_line(&pl, &s[0], x, sizeof *x, y, sizeof *y, 100);
        bonx_plot_points(&pl, &s[0], x, sizeof *x, y2, sizeof *y, 100);
        bonx_plot_hline(&pl, &s[0], y[0]);
        bonx_plot_vline(&pl, &s[0], x[0]);
        bonx_plot_end(&pl);
        bonx_canvas *frame_only = bonx_canvas_new(w, h, bonx_canvas_is_ascii(cv));
        bonx_plot pl2;
        bonx_plot_begin(&pl2, frame_only, &fr);
        for (int yy = 0; yy < h; yy++)
            for (int xx = 0; xx < w; xx++) {
                if (xx >= pl.x0 && xx <= pl.x1 && yy >= pl.y0 && yy <= pl.y1)
                    continue;
                assert_string_equal(bonx_canvas_cell(cv, xx, yy, NULL),
                                    bonx_canvas_cell(frame_only, xx, yy, NULL));
            }
        free(before);
        bonx_canvas_free(frame_only);
        bonx_canvas_free(cv);
    }
}

/* ---- every size ----------------------------------------------------------------------- */

static void test_size_sweep(void **state)
{
    (void)state;
    double x[64], y[64];
    for (int i = 0; i < 64; i++) {
        x[i] = pow(10.0, 6.0 * i / 63.0);
        y[i] = log(x[i]);
    }
    bonx_plot_series s[3] = {
        {"log n", BONX_SERIES_LINE, 1, BONX_LINE_SOLID, "●", '*'},
        {"ref", BONX_SERIES_REF, 2, BONX_LINE_DASHED, NULL, '='},
        {"a rather long legend entry", BONX_SERIES_MARK, 6, BONX_LINE_SOLID, "◆", '@'},
    };
    bonx_plot_frame fr = {.title = "sweep", .info = "info", .xname = "n", .yname = "KL",
                          .xlo = 1, .xhi = 1e6, .xlog = 1, .xnice = 1, .ylo = 0, .yhi = 14,
                          .ynice = 1, .series = s, .nseries = 3};
    for (int w = 1; w <= 300; w++)
        for (int h = 1; h <= 100; h++) {
            bonx_canvas *cv = bonx_canvas_new(w, h, (w + h) & 1);
            bonx_plot pl;
            int rc = bonx_plot_begin(&pl, cv, &fr);
            if (rc == 0) {
                assert_true(pl.x0 <= pl.x1 && pl.y0 <= pl.y1 && pl.x1 < w && pl.y1 < h);
                bonx_plot_line(&pl, &s[0], x, sizeof *x, y, sizeof *y, 64);
                bonx_plot_hline(&pl, &s[1], 7.0);
                bonx_plot_mark(&pl, &s[2], 16.0, log(16.0));
                bonx_plot_end(&pl);
            } else {
                assert_true(w < 40 || h < 16);   /* only small canvases give up */
            }
            char *str = bonx_canvas_to_string(cv, 1);
            assert_non_null(str);
            free(str);
            bonx_canvas_free(cv);
        }
}

/* ---- axes ------------------------------------------------------------------------------ */

static void ticks_of(double lo, double hi, int log_axis, int max, double *t, size_t *n,
                     double *step)
{
    bonx_axis a;
    bonx_axis_init(&a, lo, hi, log_axis, 0, 100);
    *n = bonx_axis_ticks(&a, max, t, 64, step);
}

static void test_nice_ticks_known(void **state)
{
    (void)state;
    double t[64], step;
    size_t n;
    ticks_of(0, 1, 0, 5, t, &n, &step);
    assert_int_equal(n, 5);
    assert_true(step == 0.25);
    for (size_t i = 0; i < n; i++)
        assert_true(t[i] == 0.25 * (double)i);
    ticks_of(1, 1e6, 1, 8, t, &n, &step);
    assert_int_equal(n, 7);
    static const char *const want[] = {"1", "10", "100", "1e3", "1e4", "1e5", "1e6"};
    for (size_t i = 0; i < n; i++) {
        char buf[32];
        bonx_axis_label(t[i], step, buf, sizeof buf);
        assert_string_equal(buf, want[i]);
    }
    ticks_of(1, 1e6, 1, 4, t, &n, &step);   /* too many decades: every other one */
    assert_int_equal(n, 4);
    assert_true(t[0] == 1 && t[1] == 100 && t[2] == 1e4 && t[3] == 1e6);
    ticks_of(1, 100, 1, 9, t, &n, &step);   /* few decades: 1, 2, 5 steps */
    assert_int_equal(n, 7);
    assert_true(t[1] == 2 && t[2] == 5 && t[3] == 10 && t[6] == 100);
    ticks_of(0.5, 1.0, 0, 6, t, &n, &step);
    assert_int_equal(n, 6);
    assert_true(fabs(step - 0.1) < 1e-15);
}

static void test_nice_ticks_property(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 7);
    for (int trial = 0; trial < 20000; trial++) {
        double mag = pow(10.0, 24.0 * bonx_rng_uniform(&g) - 12.0);
        double lo = mag * (2.0 * bonx_rng_uniform(&g) - 1.0) * (bonx_rng_below(&g, 3) ? 1.0 : 100.0);
        double hi = lo + mag * (0.001 + bonx_rng_uniform(&g));
        int max = 2 + (int)bonx_rng_below(&g, 12);
        double t[64], step;
        size_t n;
        ticks_of(lo, hi, 0, max, t, &n, &step);
        if (!(n >= 2 && (int)n <= max + 2)) {
            print_error("[%.17g, %.17g] max %d: %zu ticks\n", lo, hi, max, n);
            fail();
        }
        double m = step / pow(10.0, floor(log10(step)) );
        assert_true(fabs(m - 1) < 1e-9 || fabs(m - 2) < 1e-9 || fabs(m - 2.5) < 1e-9 ||
                    fabs(m - 5) < 1e-9 || fabs(m - 10) < 1e-9);
        char prev[48] = "";
        for (size_t i = 0; i < n; i++) {
            assert_true(t[i] >= lo - step * 1e-6 && t[i] <= hi + step * 1e-6);
            if (i > 0)
                assert_true(fabs(t[i] - t[i - 1] - step) <= step * 1e-6);
            char buf[48];
            bonx_axis_label(t[i], step, buf, sizeof buf);
            if (strcmp(buf, prev) == 0) {   /* labels tell ticks apart */
                print_error("ticks %.17g and %.17g (step %g) both read '%s'\n", t[i - 1], t[i],
                            step, buf);
                fail();
            }
            assert_true(strlen(buf) <= 12);
            assert_true(fabs(strtod(buf, NULL) - t[i]) <= step * 1e-6);   /* and read back */
            strcpy(prev, buf);
        }
        /* nice_range widens to whole steps and keeps the data inside */
        double nlo = lo, nhi = hi;
        bonx_axis_nice_range(&nlo, &nhi, 0, max);
        assert_true(nlo <= lo && nhi >= hi);
    }
}

static void test_labels(void **state)
{
    (void)state;
    struct { double v, step; const char *want; } cases[] = {
        {0.25, 0.25, "0.25"}, {-1.5, 0.5, "-1.5"}, {0, 0.5, "0.0"}, {1e3, 0, "1e3"},
        {2e-4, 0, "2e-4"}, {0.05, 0, "0.05"}, {500, 0, "500"}, {2.5e6, 5e5, "2.5e6"},
        {3e-6, 1e-6, "3e-6"}, {1e-17, 0.5, "0.0"}, {12, 2, "12"}, {0.001, 0, "1e-3"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[48];
        bonx_axis_label(cases[i].v, cases[i].step, buf, sizeof buf);
        assert_string_equal(buf, cases[i].want);
    }
}

static void test_axis_map(void **state)
{
    (void)state;
    bonx_axis a;
    bonx_axis_init(&a, 1, 1e4, 1, 0, 40);
    assert_true(fabs(bonx_axis_map(&a, 100) - 20) < 1e-12);
    assert_true(isnan(bonx_axis_map(&a, 0)));
    assert_true(isnan(bonx_axis_map(&a, -1)));
    assert_true(isnan(bonx_axis_map(&a, NAN)));
    bonx_axis_init(&a, 0, 2, 0, 100, 0);    /* y axes run downwards */
    assert_true(fabs(bonx_axis_map(&a, 0.5) - 75) < 1e-12);
    assert_true(isnan(bonx_axis_map(&a, INFINITY)));
    bonx_axis_init(&a, 3, 3, 0, 0, 1);      /* degenerate ranges are widened */
    assert_true(a.lo < 3 && a.hi > 3);
    bonx_axis_init(&a, -1e308, 1e308, 0, 0, 1);
    assert_true(isfinite(a.hi - a.lo));
}

/* Projector mode's thick pen: every dot of a line brings its right, lower and diagonal
 * neighbours (inside the clip), so a horizontal line covers two dot rows; off, one. */
static void test_thick_lines(void **state)
{
    (void)state;
    for (int thick = 0; thick <= 1; thick++) {
        bonx_canvas *cv = bonx_canvas_new(10, 4, 0);
        bonx_canvas_set_thick(cv, thick);
        bonx_canvas_line(cv, 0, 5, 19, 5, 1, '*', BONX_LINE_SOLID);   /* dot row 5: cell row 1 */
        for (int x = 0; x < 10; x++) {
            unsigned d = bonx_canvas_dots(cv, x, 1);
            /* row 5 is dot row 1 of the cell (bits 0x02, 0x10); row 6 is dot row 2 (0x04, 0x20) */
            assert_int_equal(d & 0x12, 0x12);
            assert_int_equal(d & 0x24, thick ? 0x24 : 0);
            assert_int_equal(d & ~0x36u, 0);
        }
        /* nothing outside the clip, even with the wider pen */
        bonx_canvas_clear(cv);
        bonx_canvas_set_clip(cv, 0, 0, 4, 3);
        bonx_canvas_line(cv, 0, 0, 9, 15, 1, '*', BONX_LINE_SOLID);
        for (int x = 5; x < 10; x++)
            for (int y = 0; y < 4; y++)
                assert_int_equal(bonx_canvas_dots(cv, x, y), 0);
        bonx_canvas_free(cv);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_canvas),
        cmocka_unit_test(test_braille_bits),
        cmocka_unit_test(test_ascii_and_ansi),
        cmocka_unit_test(test_text_utf8),
        cmocka_unit_test(test_vbar_eighths),
        cmocka_unit_test(test_monotone_series),
        cmocka_unit_test(test_line_connected),
        cmocka_unit_test(test_clipping_random),
        cmocka_unit_test(test_plot_clipping),
        cmocka_unit_test(test_size_sweep),
        cmocka_unit_test(test_nice_ticks_known),
        cmocka_unit_test(test_nice_ticks_property),
        cmocka_unit_test(test_labels),
        cmocka_unit_test(test_text_wide),
        cmocka_unit_test(test_axis_map),
        cmocka_unit_test(test_thick_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
