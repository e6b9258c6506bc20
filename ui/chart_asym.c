/* SPDX-License-Identifier: MIT */
/* Charts of issue 5: asymptotics convergence, estimator histogram, running mean (see
 * chart_asym.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "chart_asym.h"
#include "plot.h"

static int chart_error(char *err, size_t errlen, const char *msg)
{
    if (err && errlen)
        snprintf(err, errlen, "%s", msg);
    return -1;
}

static void short_num(char *buf, size_t len, double v) { snprintf(buf, len, "%.4g", v); }

/* ---- asymptotics ----------------------------------------------------------------------- */

enum { GAP_KLO, GAP_KL, GAP_REWARD, GAP_COUNT };

/* x = m and the three gaps (NaN where not positive); returns the smallest positive gap and
 * the largest through lo and hi, or 0 when there is none. */
static int fill_gaps(const bonx_asym_point *pts, size_t n, double *x, double *gap[GAP_COUNT],
                     double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = 0.0;
    for (size_t i = 0; i < n; i++) {
        const bonx_asym_point *p = &pts[i];
        double v[GAP_COUNT] = {p->kl_to_optimal_per_token, p->delta - p->kl_per_token,
                               p->optimal_reward_per_token - p->reward_per_token};
        x[i] = p->m;
        for (int g = 0; g < GAP_COUNT; g++) {
            gap[g][i] = v[g] > 0.0 && isfinite(v[g]) ? v[g] : NAN;
            if (gap[g][i] > 0.0) {
                *lo = fmin(*lo, v[g]);
                *hi = fmax(*hi, v[g]);
            }
        }
    }
    return *hi > 0.0;
}

static void draw_convergence(bonx_canvas *cv, const bonx_asym_point *pts, size_t n,
                             double *x, double *gap[GAP_COUNT], double lo, double hi)
{
    char info[64], num[32];
    short_num(num, sizeof num, pts[0].delta);
    snprintf(info, sizeof info, "delta = %s", num);
    bonx_plot_series s[GAP_COUNT] = {
        {"KL(best-of-N || optimum)/m", BONX_SERIES_LINE, BONX_COLOR_BLUE, BONX_LINE_SOLID, "●", '*'},
        {"delta - KL(best-of-N || p^m)/m", BONX_SERIES_LINE, BONX_COLOR_RED, BONX_LINE_DASHED,
         "■", 'x'},
        {"optimal reward - reward, per token", BONX_SERIES_LINE, BONX_COLOR_GREEN,
         BONX_LINE_DOTTED, "▲", '+'},
    };
    double xlo = x[0], xhi = x[n - 1];
    if (xhi <= xlo) {
        xlo /= 2;
        xhi *= 2;
    }
    bonx_plot_frame fr = {
        .title = "best-of-N (N = e^(m delta)) vs the KL optimum, per token", .info = info,
        .xname = "m", .yname = "gap (per token)", .xlo = xlo, .xhi = xhi, .xlog = 1,
        .xnice = 1, .ylo = lo, .yhi = hi, .ylog = 1, .ynice = 1, .series = s,
        .nseries = GAP_COUNT};
    bonx_plot pl;
    if (bonx_plot_begin(&pl, cv, &fr) != 0)
        return;
    for (int g = GAP_COUNT - 1; g >= 0; g--) {
        bonx_plot_line(&pl, &s[g], x, sizeof *x, gap[g], sizeof(double), n);
        bonx_plot_points(&pl, &s[g], x, sizeof *x, gap[g], sizeof(double), n);
    }
    bonx_plot_end(&pl);
}

int bonx_chart_asym_convergence(bonx_canvas *cv, const bonx_asym_point *pts, size_t n,
                                char *err, size_t errlen)
{
    if (n == 0)
        return chart_error(err, errlen, "no points to draw");
    double *buf = malloc(4 * n * sizeof *buf);
    if (!buf)
        return chart_error(err, errlen, "out of memory");
    double *gap[GAP_COUNT] = {buf + n, buf + 2 * n, buf + 3 * n};
    double lo, hi;
    int rc = 0;
    if (!fill_gaps(pts, n, buf, gap, &lo, &hi))
        rc = chart_error(err, errlen, "no positive gap to draw");
    else
        draw_convergence(cv, pts, n, buf, gap, lo, hi);
    free(buf);
    return rc;
}

/* ---- simulation ------------------------------------------------------------------------ */

static const bonx_plot_series REF_EXACT = {"", BONX_SERIES_REF, BONX_COLOR_GREEN,
                                           BONX_LINE_DASHED, NULL, '='};
static const bonx_plot_series REF_KL = {"", BONX_SERIES_REF, BONX_COLOR_RED,
                                        BONX_LINE_DOTTED, NULL, '-'};

static double hist_top(const bonx_sim_result *res, double total)
{
    double top = 0.0;
    for (size_t b = 0; b < res->hist_bins; b++) {
        top = fmax(top, res->hist_count[b] / total);
        if (isfinite(res->hist_exact[b]))
            top = fmax(top, res->hist_exact[b]);
    }
    return top > 0.0 ? top : 1.0;
}

/* Bars in the plot's cell columns: each column shows the bin under its centre. */
static void draw_hist_bars(bonx_plot *pl, const bonx_sim_result *res, double total,
                           const bonx_plot_series *s)
{
    int ph = pl->y1 - pl->y0 + 1;
    double w = (res->hist_hi - res->hist_lo) / (double)res->hist_bins;
    for (int x = pl->x0; x <= pl->x1; x++) {
        double v = res->hist_lo + (res->hist_hi - res->hist_lo) * (x - pl->x0 + 0.5) /
                   (double)(pl->x1 - pl->x0 + 1);
        size_t b = (size_t)fmin(fmax(floor((v - res->hist_lo) / w), 0.0),
                                (double)res->hist_bins - 1);
        double h = res->hist_count[b] / total / pl->y.hi * ph;
        char g[2] = {s->glyph, '\0'};
        if (res->hist_count[b] > 0)
            bonx_canvas_vbar(pl->cv, x, pl->y1, h, pl->ascii ? g : s->marker, s->color);
    }
}

int bonx_chart_sim_histogram(bonx_canvas *cv, const bonx_sim_result *res, const char *name,
                             char *err, size_t errlen)
{
    if (!res->has_estimator || res->hist_bins == 0)
        return chart_error(err, errlen, "no estimator histogram in this simulation");
    double total = 0.0;
    for (size_t b = 0; b < res->hist_bins; b++)
        total += res->hist_count[b];
    if (total <= 0.0)
        return chart_error(err, errlen, "no samples");
    char title[96], exact_name[64], kl_name[64], num[32];
    snprintf(title, sizeof title, "distribution of the estimator %s", name ? name : "");
    short_num(num, sizeof num, res->estimator.exact);
    snprintf(exact_name, sizeof exact_name, "E[estimator] = %s", num);
    short_num(num, sizeof num, res->kl.exact);
    snprintf(kl_name, sizeof kl_name, "true KL = %s", num);
    bonx_plot_series s[] = {
        {"observed", BONX_SERIES_BARS, BONX_COLOR_BLUE, BONX_LINE_SOLID, "█", '#'},
        {"exact", BONX_SERIES_LINE, BONX_COLOR_YELLOW, BONX_LINE_SOLID, "◆", 'o'},
        {exact_name, BONX_SERIES_REF, REF_EXACT.color, REF_EXACT.style, NULL, REF_EXACT.glyph},
        {kl_name, BONX_SERIES_REF, REF_KL.color, REF_KL.style, NULL, REF_KL.glyph},
    };
    int has_exact = isfinite(res->hist_exact[0]);
    bonx_plot_frame fr = {
        /* bars are each bin's share of the samples (not a density): the axis stops at 1 */
        .title = title, .xname = "estimate (nats)", .yname = "fraction of samples",
        .xlo = res->hist_lo, .xhi = res->hist_hi, .ylo = 0.0,
        .yhi = fmin(hist_top(res, total) * 1.1, 1.0),
        .ynice = 1, .series = s, .nseries = 4};
    bonx_plot pl;
    if (bonx_plot_begin(&pl, cv, &fr) != 0)
        return 0;
    draw_hist_bars(&pl, res, total, &s[0]);
    if (has_exact) {
        double w = (res->hist_hi - res->hist_lo) / (double)res->hist_bins;
        /* bins the estimator cannot reach are left out: markers there hide the axis */
        double *xc = malloc(res->hist_bins * sizeof *xc);
        for (size_t b = 0; xc && b < res->hist_bins; b++)
            xc[b] = res->hist_exact[b] > 0.0 ? res->hist_lo + (b + 0.5) * w : NAN;
        if (xc)
            bonx_plot_points(&pl, &s[1], xc, sizeof *xc, res->hist_exact, sizeof(double),
                             res->hist_bins);
        free(xc);
    }
    bonx_plot_vline(&pl, &s[2], res->estimator.exact);
    bonx_plot_vline(&pl, &s[3], res->kl.exact);
    bonx_plot_end(&pl);
    return 0;
}

int bonx_chart_sim_running(bonx_canvas *cv, const bonx_sim_result *res, char *err,
                           size_t errlen)
{
    if (res->running_points == 0)
        return chart_error(err, errlen, "no running means in this simulation");
    double want = res->has_estimator ? res->estimator.exact : res->kl.exact;
    double lo = fmin(want, res->kl.exact), hi = fmax(want, res->kl.exact);
    for (size_t i = 0; i < res->running_points; i++) {
        lo = fmin(lo, res->running_mean[i]);
        hi = fmax(hi, res->running_mean[i]);
    }
    char exact_name[64], kl_name[64], num[32];
    short_num(num, sizeof num, want);
    snprintf(exact_name, sizeof exact_name, "exact expectation = %s", num);
    short_num(num, sizeof num, res->kl.exact);
    snprintf(kl_name, sizeof kl_name, "true KL = %s", num);
    bonx_plot_series s[] = {
        {"running mean", BONX_SERIES_LINE, BONX_COLOR_BLUE, BONX_LINE_SOLID, "●", '*'},
        {exact_name, BONX_SERIES_REF, REF_EXACT.color, REF_EXACT.style, NULL, REF_EXACT.glyph},
        {kl_name, BONX_SERIES_REF, REF_KL.color, REF_KL.style, NULL, REF_KL.glyph},
    };
    double xhi = res->running_at[res->running_points - 1];
    bonx_plot_frame fr = {
        .title = res->has_estimator ? "running mean of the KL estimator"
                                    : "running mean of log pi(y)/p(y)",
        .xname = "samples", .yname = "nats", .xlo = 1.0, .xhi = xhi > 1.0 ? xhi : 10.0,
        .xlog = 1, .xnice = 1, .ylo = lo, .yhi = hi, .ynice = 1, .series = s, .nseries = 3};
    bonx_plot pl;
    if (bonx_plot_begin(&pl, cv, &fr) != 0)
        return 0;
    bonx_plot_hline(&pl, &s[1], want);
    bonx_plot_hline(&pl, &s[2], res->kl.exact);
    bonx_plot_line(&pl, &s[0], res->running_at, sizeof(double), res->running_mean,
                   sizeof(double), res->running_points);
    bonx_plot_end(&pl);
    return 0;
}
