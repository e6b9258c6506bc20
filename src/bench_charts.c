/* SPDX-License-Identifier: MIT */
/* `bonx bench` entry charts: rendering a 120x40 chart with five 256-point series (the issue's
 * target: under 200 us), with and without turning it into text, and each real chart of the
 * binary example at 120x40 (curves precomputed: only drawing is timed). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "bench.h"
#include "charts.h"
#include "plot.h"
#include "elementary.h"

#define POINTS 256
#define SERIES 5

typedef struct frame_ctx {
    bonx_canvas *cv;
    double x[POINTS], y[SERIES][POINTS];
    bonx_plot_series s[SERIES];
    int to_text;
    size_t sink;   /* keeps the text rendering from being optimised away */
} frame_ctx;

/* Five curves shaped like the kl chart's over a log axis of n in [1, 1e6]. */
static void frame_init(frame_ctx *x)
{
    static const char *const names[SERIES] = {"exact", "analytic", "estimator", "bound", "ref"};
    static const char *const markers[SERIES] = {"●", "■", "▲", "▼", "○"};
    for (int i = 0; i < POINTS; i++) {
        double n = bonx_pow(10.0, 6.0 * i / (POINTS - 1));
        x->x[i] = n;
        x->y[0][i] = bonx_log(2.0) * (1.0 - bonx_pow(2.0, -n));
        x->y[1][i] = bonx_log(n) - (n - 1.0) / n;
        x->y[2][i] = x->y[0][i] * 1.05;
        x->y[3][i] = fmin(bonx_log(n), 1.2);
        x->y[4][i] = 0.5 + 0.01 * (double)abs(i % 20 - 10); /* a zigzag */
    }
    for (int k = 0; k < SERIES; k++)
        x->s[k] = (bonx_plot_series){names[k], BONX_SERIES_LINE, k + 1,
                                     (bonx_line_style)(k % 3), markers[k], "*+xo~"[k]};
}

static void draw_frame(void *p)
{
    frame_ctx *x = p;
    bonx_canvas_clear(x->cv);
    bonx_plot_frame fr = {.title = "bench", .xname = "n", .yname = "KL", .xlo = 1, .xhi = 1e6,
                          .xlog = 1, .xnice = 1, .ylo = 0, .yhi = 1.5, .ynice = 1,
                          .series = x->s, .nseries = SERIES};
    bonx_plot pl;
    if (bonx_plot_begin(&pl, x->cv, &fr) == 0) {
        for (int k = 0; k < SERIES; k++)
            bonx_plot_line(&pl, &x->s[k], x->x, sizeof(double), x->y[k], sizeof(double), POINTS);
        bonx_plot_end(&pl);
    }
    if (x->to_text) {
        char *s = bonx_canvas_to_string(x->cv, 1);
        x->sink += s ? strlen(s) : 0;
        free(s);
    }
}

typedef struct chart_ctx {
    bonx_canvas *cv;
    bonx_chart_kind kind;
    bonx_chart_input in;
    int failed;
} chart_ctx;

static void draw_chart(void *p)
{
    chart_ctx *x = p;
    if (bonx_chart_draw(x->cv, x->kind, &x->in, NULL, 0) != 0)
        x->failed = 1;
}

static int bench_frames(FILE *out)
{
    frame_ctx *x = calloc(1, sizeof *x);
    if (!x || !(x->cv = bonx_canvas_new(120, 40, 0))) {
        free(x);
        return 1;
    }
    frame_init(x);
    double us = bonx_bench_median_us(draw_frame, x, 31);
    bonx_bench_report(out, "charts", "120x40 5x256 draw", us, 200);
    x->to_text = 1;
    us = bonx_bench_median_us(draw_frame, x, 31);
    bonx_bench_report(out, "charts", "120x40 5x256 draw+text", us, 200);
    bonx_canvas_free(x->cv);
    free(x);
    return 0;
}

static int bench_real_charts(FILE *out)
{
    static const double w[] = {1, 1}, r[] = {0, 1};
    static const char *const labels[] = {"bad", "good"};
    bonx_err e = {0, ""};
    chart_ctx x;
    memset(&x, 0, sizeof x);
    bonx_dist d;
    bonx_curves c;
    memset(&c, 0, sizeof c);
    bonx_curves_spec spec;
    bonx_curves_spec_default(&spec);
    spec.t = 1.0;
    if (bonx_dist_init(&d, 2, w, r, &e) != 0)
        return 1;
    int failed = bonx_curves_compute(&c, &d, &spec, &e) != 0 || !(x.cv = bonx_canvas_new(120, 40, 0));
    x.in = (bonx_chart_input){.dist = &d, .curves = &c, .labels = labels, .n = 16, .beta = 1,
                              .tau = 1, .t = 1};
    for (int k = 0; !failed && k < BONX_CHART_SIMPLEX; k++) {
        x.kind = (bonx_chart_kind)k;
        double us = bonx_bench_median_us(draw_chart, &x, 15);
        char name[48];
        snprintf(name, sizeof name, "%s chart 120x40", bonx_chart_name(x.kind));
        bonx_bench_report(out, "charts", name, us, 0);
        failed |= x.failed;
    }
    if (failed)
        fprintf(out, "charts: drawing the binary example failed\n");
    bonx_canvas_free(x.cv);
    bonx_curves_free(&c);
    bonx_dist_free(&d);
    return failed;
}

int bonx_bench_charts(FILE *out)
{
    return bench_frames(out) | bench_real_charts(out);
}
