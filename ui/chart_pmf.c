/* SPDX-License-Identifier: MIT */
/* The pmf chart: p against best-of-n, KL-RL and rewind-and-repeat at the current n, beta,
 * tau, outcomes in reward order.  Grouped bars when every outcome gets room for one column
 * per policy, otherwise one line per policy across the outcomes. */
#include "chart_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PMF_P, PMF_BON, PMF_KLRL, PMF_RR, PMF_COUNT };

typedef struct pmf_data {
    size_t k;
    size_t *order;            /* outcomes by reward */
    double *v[PMF_COUNT];     /* each policy's pmf in reward order, NULL when not available */
} pmf_data;

static void pmf_data_free(pmf_data *pd)
{
    free(pd->order);
    for (int i = 0; i < PMF_COUNT; i++)
        free(pd->v[i]);
}

/* Each policy's pmf in reward order; a policy whose parameter is unusable is left out. */
static int pmf_data_fill(pmf_data *pd, const bonx_chart_input *in)
{
    const bonx_dist *d = in->dist;
    memset(pd, 0, sizeof *pd);
    pd->k = d->k;
    pd->order = bonx_chart_reward_order(d);
    double *raw = malloc(d->k * sizeof *raw);
    if (!pd->order || !raw) {
        free(raw);
        return -1;
    }
    for (int s = 0; s < PMF_COUNT; s++) {
        int ok;
        switch (s) {
        case PMF_P: memcpy(raw, d->p, d->k * sizeof *raw); ok = 1; break;
        case PMF_BON: ok = bonx_chart_has_n(in) && bonx_bon_pmf(d, in->n, raw, NULL) == 0; break;
        case PMF_KLRL:
            ok = bonx_chart_has_beta(in) &&
                 bonx_tilt_pmf(d, BONX_TILT_REWARD, in->beta, raw, NULL) == 0;
            break;
        default: ok = bonx_chart_has_tau(in) && bonx_rr_pmf(d, in->tau, raw, NULL) == 0; break;
        }
        if (!ok)
            continue;
        if (!(pd->v[s] = malloc(d->k * sizeof *raw))) {
            free(raw);
            return -1;
        }
        for (size_t i = 0; i < d->k; i++)
            pd->v[s][i] = raw[pd->order[i]];
    }
    free(raw);
    return 0;
}

static double pmf_max(const pmf_data *pd)
{
    double m = 0.0;
    for (int s = 0; s < PMF_COUNT; s++)
        for (size_t i = 0; pd->v[s] && i < pd->k; i++)
            if (isfinite(pd->v[s][i]) && pd->v[s][i] > m)
                m = pd->v[s][i];
    return m > 0.0 ? m : 1.0;
}

/* Label of an outcome cut to at most max columns, centred on column centre. */
static void draw_label(bonx_plot *pl, const char *label, int centre, int max, int *free_from)
{
    char buf[64];
    int cols;
    /* at most 15 columns of 4 bytes fit buf */
    size_t bytes = bonx_u8_fit(label, max < 15 ? max : 15, &cols);
    if (cols == 0)
        return;
    memcpy(buf, label, bytes);
    buf[bytes] = '\0';
    int at = centre - (cols - 1) / 2;
    if (at < *free_from)
        return;
    bonx_canvas_text(pl->cv, at, pl->label_row, buf, 0);
    *free_from = at + cols + 1;
}

/* Grouped bars; returns the cell column at the centre of each group in centres. */
static void draw_bars(bonx_plot *pl, const pmf_data *pd, const bonx_plot_series *s,
                      const int *which, int nb, int slot, int *centres)
{
    int ph = pl->y1 - pl->y0 + 1;
    for (int b = 0; b < nb; b++)
        bonx_plot_record_bars(pl, &s[b], b, nb, pd->v[which[b]], pd->k);
    int bw = (slot - 1) / nb;
    if (bw > 3)
        bw = 3;
    for (size_t i = 0; i < pd->k; i++) {
        int left = pl->x0 + (int)i * slot + (slot - nb * bw) / 2;
        centres[i] = left + (nb * bw - 1) / 2;
        for (int b = 0; b < nb; b++) {
            double v = pd->v[which[b]][i];
            double h = (v - pl->y.lo) / (pl->y.hi - pl->y.lo) * ph;
            char g[2] = {s[b].glyph, '\0'};
            for (int c = 0; c < bw; c++)
                bonx_canvas_vbar(pl->cv, left + b * bw + c, pl->y1, h, pl->ascii ? g : s[b].marker,
                                 s[b].color);
        }
    }
}

/* v over k outcomes as at most 2 points per bucket of k/nbuckets outcomes: the smallest and
 * the largest, in their index order (x: the index).  A line through them lights the same
 * dots as one through all k when a bucket is narrower than a dot column, at a cost that
 * does not grow with k.  Returns the number of points. */
static size_t envelope(const double *v, size_t k, size_t nbuckets, double *x, double *y)
{
    size_t n = 0;
    for (size_t b = 0; b < nbuckets; b++) {
        size_t lo = b * k / nbuckets, hi = (b + 1) * k / nbuckets, imin = lo, imax = lo;
        if (lo >= hi)
            continue;
        for (size_t i = lo; i < hi; i++) {
            if (v[i] < v[imin])
                imin = i;
            if (v[i] > v[imax])
                imax = i;
        }
        size_t first = imin < imax ? imin : imax, second = imin < imax ? imax : imin;
        x[n] = (double)first;
        y[n++] = v[first];
        if (second != first) {
            x[n] = (double)second;
            y[n++] = v[second];
        }
    }
    return n;
}

static void draw_lines(bonx_plot *pl, const pmf_data *pd, const bonx_plot_series *s,
                       const int *which, int nb, int *centres)
{
    double cols = (double)(pl->x1 - pl->x0 + 1) / (double)pd->k;
    for (size_t i = 0; i < pd->k; i++)
        centres[i] = pl->x0 + (int)floor((i + 0.5) * cols);
    /* many outcomes to a dot column (large tables): their envelope, one bucket a dot */
    size_t dots = 2 * (size_t)(pl->x1 - pl->x0 + 1), reduce = pd->k > 4 * dots;
    size_t n = reduce ? 2 * dots : pd->k;
    double *x = malloc(n * sizeof *x), *y = reduce ? malloc(n * sizeof *y) : NULL;
    if (!x || (reduce && !y)) {
        free(x);
        free(y);
        return;
    }
    for (size_t i = 0; !reduce && i < pd->k; i++)
        x[i] = (double)i;
    bonx_axis_init(&pl->x, -0.5, (double)pd->k - 0.5, 0, 2.0 * pl->x0, 2.0 * pl->x1 + 1.0);
    for (int b = nb - 1; b >= 0; b--) {
        const double *v = pd->v[which[b]];
        size_t m = reduce ? envelope(v, pd->k, dots, x, y) : pd->k;
        bonx_plot_line(pl, &s[b], x, sizeof *x, reduce ? y : v, sizeof(double), m);
    }
    free(x);
    free(y);
}

/* For the figure: x is the outcome's place in reward order, labelled with its label. */
static void record_categories(bonx_plot *pl, const bonx_chart_input *in, const pmf_data *pd)
{
    if (!pl->fig)
        return;
    bonx_axis_init(&pl->x, -0.5, (double)pd->k - 0.5, 0, 2.0 * pl->x0, 2.0 * pl->x1 + 1.0);
    char (*bufs)[32] = malloc((pd->k ? pd->k : 1) * sizeof *bufs);
    const char **labels = malloc((pd->k ? pd->k : 1) * sizeof *labels);
    if (bufs && labels) {
        for (size_t i = 0; i < pd->k; i++)
            labels[i] = bonx_chart_label(in, pd->order[i], bufs[i], sizeof bufs[i]);
        bonx_plot_categories(pl, labels, pd->k);
    }
    free(bufs);
    free(labels);
}

static void pmf_names(const bonx_chart_input *in, char names[PMF_COUNT][64])
{
    char num[32];
    snprintf(names[PMF_P], 64, "p");
    bonx_chart_num(num, sizeof num, in->n);
    snprintf(names[PMF_BON], 64, "best-of-n (n = %s)", num);
    bonx_chart_num(num, sizeof num, in->beta);
    snprintf(names[PMF_KLRL], 64, "KL-RL (beta = %s)", num);
    bonx_chart_num(num, sizeof num, in->tau);
    snprintf(names[PMF_RR], 64, "rewind-and-repeat (tau = %s)", num);
}

int bonx_chart_draw_pmf(bonx_canvas *cv, const bonx_chart_input *in, char *err, size_t errlen)
{
    static const int colors[PMF_COUNT] = {BONX_COLOR_DEFAULT, CHART_C_BON, CHART_C_KLRL, CHART_C_RR};
    static const char glyphs[PMF_COUNT] = {'#', '=', '+', 'o'};
    static const char *const markers[PMF_COUNT] = {"○", "●", "▲", "■"};
    /* Textures tell the bars apart without colour; p, the reference, is the lightest. */
    static const char *const fills[PMF_COUNT] = {"░", "█", "▓", "▒"};
    pmf_data pd;
    if (pmf_data_fill(&pd, in) != 0) {
        pmf_data_free(&pd);
        return bonx_chart_fail(err, errlen, "out of memory");
    }
    char names[PMF_COUNT][64];
    pmf_names(in, names);
    bonx_plot_series s[PMF_COUNT];
    unsigned curve[PMF_COUNT];
    int which[PMF_COUNT], nb = 0;
    for (int p = 0; p < PMF_COUNT; p++) {
        if (!pd.v[p])
            continue;
        static const unsigned policy_curve[PMF_COUNT] = {BONX_CURVE_P, BONX_CURVE_BON,
                                                         BONX_CURVE_KLRL, BONX_CURVE_RR};
        s[nb] = (bonx_plot_series){names[p], BONX_SERIES_BARS, colors[p], BONX_LINE_SOLID,
                                   fills[p], glyphs[p]};
        curve[nb] = policy_curve[p];
        which[nb++] = p;
    }
    bonx_plot_frame fr = {
        .title = "distributions over outcomes, in reward order", .yname = "probability",
        .ylo = 0.0, .yhi = pmf_max(&pd), .ynice = 1, .no_xticks = 1,
        .xlo = 0.0, .xhi = 1.0, .series = s, .nseries = (size_t)nb};
    /* The frame needs to know whether bars fit before the legend is drawn: decide with the
     * widest plot area possible, then redraw as lines if the real area is narrower. */
    int slot_guess = (bonx_canvas_width(cv) - 8) / (int)(pd.k ? pd.k : 1);
    int as_lines = slot_guess < nb + 1;
    for (int b = 0; as_lines && b < nb; b++) {
        s[b].kind = BONX_SERIES_LINE;
        s[b].marker = markers[which[b]];
    }
    bonx_plot pl;
    int *centres = malloc((pd.k ? pd.k : 1) * sizeof *centres);
    if (centres && bonx_plot_begin_shown(&pl, cv, &fr, curve, in->hide) == 0) {
        int slot = (pl.x1 - pl.x0 + 1) / (int)pd.k;
        record_categories(&pl, in, &pd);
        if (!as_lines && slot >= nb + 1)
            draw_bars(&pl, &pd, s, which, nb, slot, centres);
        else
            draw_lines(&pl, &pd, s, which, nb, centres);
        bonx_plot_end(&pl);
        double cols = (double)(pl.x1 - pl.x0 + 1) / (double)pd.k;
        int free_from = 0;
        for (size_t i = 0; i < pd.k; i++) {
            if (i > 0 && centres[i] == centres[i - 1])
                continue;   /* a label there was tried already: it would not fit */
            char buf[32];
            int max = cols >= 3 ? (int)cols - 1 : 8;
            draw_label(&pl, bonx_chart_label(in, pd.order[i], buf, sizeof buf), centres[i], max,
                       &free_from);
        }
    }
    int oom = !centres;
    free(centres);
    pmf_data_free(&pd);
    return oom ? bonx_chart_fail(err, errlen, "out of memory") : 0;
}
