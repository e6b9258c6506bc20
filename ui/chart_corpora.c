/* SPDX-License-Identifier: MIT */
/* The corpora scatter: see chart_corpora.h. */
#include "chart_corpora.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "plot.h"

/* Adaptor colours and ASCII glyphs, cycled; yellow stays free for the line. */
static const int COLORS[] = {BONX_COLOR_BLUE, BONX_COLOR_RED, BONX_COLOR_GREEN,
                             BONX_COLOR_MAGENTA, BONX_COLOR_CYAN, BONX_COLOR_WHITE};
static const char GLYPHS[] = "ox+*#%&=";
/* One marker shape per adaptor, so the clouds are told apart without colour too. */
static const char *const MARKERS[] = {"●", "▲", "■", "▼", "○", "□"};
#define NMARKERS (sizeof MARKERS / sizeof *MARKERS)
#define NCOLORS (sizeof COLORS / sizeof *COLORS)

typedef struct range { double lo, hi; } range;

static void widen(range *r, double v)
{
    if (isfinite(v))
        r->lo = fmin(r->lo, v), r->hi = fmax(r->hi, v);
}

/* Data range of every corpus and centre, padded by 5% (and made non-empty). */
static void data_ranges(const bonx_corpora *c, range *x, range *y)
{
    *x = (range){INFINITY, -INFINITY}, *y = *x;
    size_t n = c->n_adaptors * c->corpora;
    for (size_t i = 0; i < n; i++)
        widen(x, c->avg_log_prior[i]), widen(y, c->avg_reward[i]);
    for (size_t a = 0; a < c->n_adaptors; a++)
        widen(x, c->stats[a].centre_log_prior), widen(y, c->stats[a].centre_reward);
    range *both[2] = {x, y};
    for (int i = 0; i < 2; i++) {
        double pad = 0.05 * (both[i]->hi - both[i]->lo);
        if (!(pad > 0))
            pad = 0.5 * fmax(1e-6, fabs(both[i]->hi));
        both[i]->lo -= pad, both[i]->hi += pad;
    }
}

/* Each corpus a marker of its adaptor's shape (ASCII: its glyph). */
static void draw_corpora_points(bonx_plot *pl, const bonx_corpora *c, size_t a,
                                const bonx_plot_series *s)
{
    bonx_plot_points(pl, s, &c->avg_log_prior[a * c->corpora], sizeof(double),
                     &c->avg_reward[a * c->corpora], sizeof(double), c->corpora);
}

int bonx_chart_draw_corpora(bonx_canvas *cv, const bonx_corpora *c, const char *const *names,
                            char *err, size_t errlen)
{
    size_t A = c->n_adaptors;
    bonx_plot_series *ser = calloc(A + 3, sizeof *ser);
    if (!ser) {
        if (err && errlen)
            snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (size_t a = 0; a < A; a++)
        ser[a] = (bonx_plot_series){names[a], BONX_SERIES_POINTS, COLORS[a % NCOLORS],
                                    BONX_LINE_SOLID, MARKERS[a % NMARKERS],
                                    GLYPHS[a % (sizeof GLYPHS - 1)]};
    ser[A] = (bonx_plot_series){"line (6.2)", BONX_SERIES_REF, BONX_COLOR_YELLOW,
                                BONX_LINE_DASHED, NULL, '-'};
    ser[A + 1] = (bonx_plot_series){"exact centres", BONX_SERIES_MARK, BONX_COLOR_DEFAULT,
                                    BONX_LINE_SOLID, "◆", '@'};
    /* Prop 1 (seed 002 Eq 12): corpora in q's typical set lie within beta*eps of the line */
    ser[A + 2] = (bonx_plot_series){"typical set of q", BONX_SERIES_REF, BONX_COLOR_YELLOW,
                                    BONX_LINE_DOTTED, NULL, '.'};
    range x, y;
    data_ranges(c, &x, &y);
    char info[96];
    snprintf(info, sizeof info, "beta = %g, N = %zu, C = %zu%s", c->beta, c->corpus_size,
             c->corpora, c->m > 1 ? ", sequences" : "");
    bonx_plot_frame fr = {"Corpora: probability-quality trade-off", info, "avg log p",
                          "avg reward", x.lo, x.hi, y.lo, y.hi, 0, 0, 1, 1, 0, 0, ser, A + 3};
    bonx_plot pl;
    if (bonx_plot_begin(&pl, cv, &fr) == 0) {
        double lx[2] = {pl.x.lo, pl.x.hi}, ly[2];
        for (int i = 0; i < 2; i++)
            ly[i] = bonx_corpora_line_reward(c, lx[i]);
        bonx_plot_line(&pl, &ser[A], lx, sizeof *lx, ly, sizeof *ly, 2);
        double half = c->beta * c->typical_q.eps, band[2];
        for (int side = -1; half > 0 && isfinite(half) && side <= 1; side += 2) {
            for (int i = 0; i < 2; i++)
                band[i] = ly[i] + side * half;
            bonx_plot_line(&pl, &ser[A + 2], lx, sizeof *lx, band, sizeof *band, 2);
        }
        for (size_t a = 0; a < A; a++)
            draw_corpora_points(&pl, c, a, &ser[a]);
        for (size_t a = 0; a < A; a++) {
            bonx_plot_series centre = ser[A + 1];
            centre.color = ser[a].color;
            bonx_plot_mark(&pl, &centre, c->stats[a].centre_log_prior, c->stats[a].centre_reward);
        }
        bonx_plot_end(&pl);
    }
    free(ser);
    return 0;
}
