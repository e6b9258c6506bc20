/* SPDX-License-Identifier: MIT */
/* The charts' names and dispatch, shared helpers, and the three charts over n: kl, winrate
 * and cost.  tradeoff/reward, pmf and simplex live in their own files. */
#include "chart_util.h"
#include "numfmt.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const chart_names[BONX_CHART_COUNT] = {
    "kl", "winrate", "tradeoff", "reward", "pmf", "cost", "simplex"};

static const char *const chart_summaries[BONX_CHART_COUNT] = {
    "KL of best-of-n vs n: exact, analytical formula, estimator with band, bound, ceiling",
    "win rate of best-of-n vs n: exact and n/(n+1)",
    "win rate vs KL: best-of-n (exact and reported KL), KL-RL, optimal frontier, rewind-and-repeat",
    "expected reward vs KL for the same policies",
    "p against each policy's distribution at the current n, beta, tau",
    "win rate vs expected number of draws: best-of-n against rewind-and-repeat",
    "K = 3: the probability triangle with each family's path from p to the top outcome"};

const char *bonx_chart_name(bonx_chart_kind k)
{
    return (unsigned)k < BONX_CHART_COUNT ? chart_names[k] : "?";
}

const char *bonx_chart_summary(bonx_chart_kind k)
{
    return (unsigned)k < BONX_CHART_COUNT ? chart_summaries[k] : "?";
}

int bonx_chart_from_name(const char *name)
{
    for (int k = 0; name && k < BONX_CHART_COUNT; k++)
        if (!strcmp(name, chart_names[k]))
            return k;
    return -1;
}

/* ---- helpers --------------------------------------------------------------------------- */

int bonx_chart_fail(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static const char *const curve_names[BONX_CURVE_COUNT] = {
    "bon", "formula", "estimator", "band", "bound", "ceiling", "klrl", "calibrated", "rr", "p"};

unsigned bonx_curve_from_name(const char *name)
{
    if (!strcmp(name, "all"))
        return BONX_CURVE_ALL;
    for (int i = 0; i < BONX_CURVE_COUNT; i++)
        if (!strcmp(name, curve_names[i]))
            return 1u << i;
    return 0;
}

const char *bonx_curve_name(int index)
{
    return index >= 0 && index < BONX_CURVE_COUNT ? curve_names[index] : "?";
}

void bonx_chart_num(char *buf, size_t len, double v)
{
    bonx_num_format(buf, len, v, 4, 0);   /* the explorer's one number format */
}

/* Stable merge sort of indices by reward (ties keep index order), O(K log K): the charts
 * draw tables of a million outcomes, where the insertion sort this replaces took minutes. */
static void merge_by_reward(const double *r, size_t *v, size_t *tmp, size_t n)
{
    if (n < 2)
        return;
    size_t h = n / 2, i = 0, j = h, k = 0;
    merge_by_reward(r, v, tmp, h);
    merge_by_reward(r, v + h, tmp, n - h);
    if (!(r[v[h]] < r[v[h - 1]]))   /* already in order (sorted input): nothing to merge */
        return;
    while (i < h && j < n)
        tmp[k++] = r[v[j]] < r[v[i]] ? v[j++] : v[i++];
    while (i < h)
        tmp[k++] = v[i++];
    while (j < n)
        tmp[k++] = v[j++];
    memcpy(v, tmp, n * sizeof *v);
}

size_t *bonx_chart_reward_order(const bonx_dist *d)
{
    size_t *ord = malloc((d->k ? d->k : 1) * sizeof *ord);
    size_t *tmp = malloc((d->k ? d->k : 1) * sizeof *tmp);
    if (!ord || !tmp) {
        free(ord);
        free(tmp);
        return NULL;
    }
    if (d->ng && d->g_first[d->ng] == d->k) {   /* every outcome has mass: d->order is it */
        memcpy(ord, d->order, d->k * sizeof *ord);
        free(tmp);
        return ord;
    }
    for (size_t i = 0; i < d->k; i++)
        ord[i] = i;
    merge_by_reward(d->r, ord, tmp, d->k);
    free(tmp);
    return ord;
}

const char *bonx_chart_label(const bonx_chart_input *in, size_t i, char *buf, size_t len)
{
    if (in->labels && in->labels[i])
        return in->labels[i];
    snprintf(buf, len, "y%zu", i + 1);
    return buf;
}

void bonx_chart_policy_range(const bonx_curves *c, bonx_policy p, size_t *first, size_t *end)
{
    size_t i = 0;
    while (i < c->n_tradeoff && c->tradeoff[i].policy != p)
        i++;
    *first = i;
    while (i < c->n_tradeoff && c->tradeoff[i].policy == p)
        i++;
    *end = i;
}

void bonx_chart_current_name(const bonx_chart_input *in, int which, char *buf, size_t len)
{
    struct { int bit, ok; const char *name; double v; } p[3] = {
        {CHART_CUR_N, bonx_chart_has_n(in), "n", in->n},
        {CHART_CUR_BETA, bonx_chart_has_beta(in), "beta", in->beta},
        {CHART_CUR_TAU, bonx_chart_has_tau(in), "tau", in->tau},
    };
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < 3; i++) {
        if (!(which & p[i].bit) || !p[i].ok)
            continue;
        char num[32];
        bonx_chart_num(num, sizeof num, p[i].v);
        int w = snprintf(buf + used, len - used, "%s%s = %s", used ? ", " : "", p[i].name, num);
        if (w < 0 || (size_t)w >= len - used)
            break;
        used += (size_t)w;
    }
}

void bonx_chart_current_series(const bonx_chart_input *in, int which, chart_current *cur)
{
    static const struct { int bit; const char *name, *marker; char glyph; } p[3] = {
        {CHART_CUR_N, "n", CHART_MARK_CURRENT, CHART_GLYPH_CURRENT},
        {CHART_CUR_BETA, "beta", CHART_MARK_BETA, CHART_GLYPH_BETA},
        {CHART_CUR_TAU, "tau", CHART_MARK_TAU, CHART_GLYPH_TAU},
    };
    int ok[3] = {bonx_chart_has_n(in), bonx_chart_has_beta(in), bonx_chart_has_tau(in)};
    double v[3] = {in->n, in->beta, in->tau};
    for (int i = 0; i < 3; i++) {
        char num[32];
        cur->on[i] = (which & p[i].bit) && ok[i];
        bonx_chart_num(num, sizeof num, v[i]);
        if (cur->on[i])
            snprintf(cur->names[i], sizeof cur->names[i], "%s = %s", p[i].name, num);
        else
            cur->names[i][0] = '\0';
        cur->s[i] = (bonx_plot_series){cur->names[i], BONX_SERIES_MARK, CHART_C_CURRENT,
                                       BONX_LINE_SOLID, p[i].marker, p[i].glyph};
    }
}

const bonx_plot_series bonx_chart_pinned_series = {"pinned", BONX_SERIES_REF, BONX_COLOR_DEFAULT,
                                                   BONX_LINE_DOTTED, NULL, '.'};

void bonx_chart_pinned_line(bonx_plot *pl, const double *x, size_t xstride, const double *y,
                            size_t ystride, size_t n)
{
    bonx_plot_set_dim(pl, 1);
    bonx_plot_line(pl, &bonx_chart_pinned_series, x, xstride, y, ystride, n);
    bonx_plot_set_dim(pl, 0);
}

int bonx_chart_has_n(const bonx_chart_input *in) { return isfinite(in->n) && in->n >= 1.0; }
int bonx_chart_has_beta(const bonx_chart_input *in) { return in->beta > 0.0 && !isnan(in->beta); }
/* Rewind-and-repeat needs some mass at or above tau. */
int bonx_chart_has_tau(const bonx_chart_input *in)
{
    return isfinite(in->tau) && in->tau <= in->dist->r_max;
}

int bonx_chart_draw(bonx_canvas *cv, bonx_chart_kind kind, const bonx_chart_input *in,
                    char *err, size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    bonx_canvas_clear(cv);
    if ((unsigned)kind >= BONX_CHART_COUNT)
        return bonx_chart_fail(err, errlen, "unknown chart %d", (int)kind);
    if (!in || !in->dist || !in->curves || in->curves->n_bon == 0)
        return bonx_chart_fail(err, errlen, "no curves to draw");
    switch (kind) {
    case BONX_CHART_KL: return bonx_chart_draw_kl(cv, in, err, errlen);
    case BONX_CHART_WINRATE: return bonx_chart_draw_winrate(cv, in, err, errlen);
    case BONX_CHART_TRADEOFF: return bonx_chart_draw_policies(cv, in, 0, err, errlen);
    case BONX_CHART_REWARD: return bonx_chart_draw_policies(cv, in, 1, err, errlen);
    case BONX_CHART_PMF: return bonx_chart_draw_pmf(cv, in, err, errlen);
    case BONX_CHART_COST: return bonx_chart_draw_cost(cv, in, err, errlen);
    case BONX_CHART_SIMPLEX: return bonx_chart_draw_simplex(cv, in, err, errlen);
    default: return -1;
    }
}

/* ---- kl -------------------------------------------------------------------------------- */

#define BON_FIELD(c, f) (&(c)->bon[0].f), sizeof(bonx_bon_stats)

static double max_finite(double m, double v) { return isfinite(v) && v > m ? v : m; }

/* Top of the KL axis: everything but the analytical formula fits with room to spare; the
 * formula grows like log n and is allowed to leave through the top, which is the point. */
static double kl_axis_top(const bonx_chart_input *in, int band)
{
    const bonx_curves *c = in->curves;
    double others = max_finite(0.0, c->kl_ceiling), analytic = 0.0;
    for (size_t i = 0; i < c->n_bon; i++) {
        const bonx_bon_stats *b = &c->bon[i];
        others = max_finite(max_finite(max_finite(others, b->kl), b->kl_estimate), b->kl_bound_sat);
        if (band)
            others = max_finite(others, b->est_tilt_hi);
        analytic = max_finite(analytic, b->kl_analytic);
    }
    double top = fmin(fmax(others, analytic), others * 1.6);
    return top > 0.0 ? top : 1.0;
}

/* Seed 001's bounds as curves around an exact value: from = the formula (log n - (n-1)/n or
 * n/(n+1)), lo = from - (upper bound on the gap), hi = from - (best lower bound on the gap);
 * points below floor are not drawn (NaN).  kl selects the KL gap, else the win-rate gap. */
static int gap_bound_curves(const bonx_curves *c, int kl, double floor, double **lo, double **hi)
{
    *lo = malloc(2 * c->n_bon * sizeof **lo);
    if (!*lo)
        return -1;
    *hi = *lo + c->n_bon;
    for (size_t i = 0; i < c->n_bon; i++) {
        const bonx_bounds *b = &c->bounds[i];
        double n = c->bon[i].n, from = kl ? c->bon[i].kl_analytic : n / (n + 1.0);
        double up = kl ? b->kl_gap_upper : b->win_rate_gap_upper;
        double down = kl ? fmax(b->kl_gap_lower, b->kl_gap_lower_asym)
                         : fmax(b->win_rate_gap_lower, b->win_rate_gap_lower_asym);
        (*lo)[i] = from - up >= floor ? from - up : NAN;
        (*hi)[i] = from - down;
    }
    return 0;
}

int bonx_chart_draw_kl(bonx_canvas *cv, const bonx_chart_input *in, char *err, size_t errlen)
{
    const bonx_curves *c = in->curves;
    int band = in->t > 0.0;
    char band_name[64], ceil_name[64], cur_name[64], num[32];
    bonx_chart_num(num, sizeof num, in->t);
    snprintf(band_name, sizeof band_name, "tilted min/max (t = %s)", num);
    bonx_chart_num(num, sizeof num, c->kl_ceiling);
    snprintf(ceil_name, sizeof ceil_name, "ceiling log(1/g_top) = %s", num);
    bonx_chart_current_name(in, CHART_CUR_N, cur_name, sizeof cur_name);
    bonx_plot_series s[] = {
        {"exact KL", BONX_SERIES_LINE, CHART_C_BON, BONX_LINE_SOLID, "●", '*'},
        {"log n - (n-1)/n", BONX_SERIES_LINE, CHART_C_ANALYTIC, BONX_LINE_DASHED, "■", 'x'},
        {"E[estimator]", BONX_SERIES_LINE, CHART_C_KLRL, BONX_LINE_SOLID, "▲", '+'},
        {"saturation bound", BONX_SERIES_LINE, CHART_C_CAL, BONX_LINE_DOTTED, "▼", '~'},
        {ceil_name, BONX_SERIES_REF, CHART_C_RR, BONX_LINE_DASHED, NULL, '='},
        {cur_name, BONX_SERIES_MARK, CHART_C_CURRENT, BONX_LINE_DOTTED, CHART_MARK_CURRENT,
         CHART_GLYPH_CURRENT},
        {band_name, BONX_SERIES_BAND, CHART_C_KLRL, BONX_LINE_SOLID, NULL, ':'},
        bonx_chart_pinned_series,
        {"KL >= formula - gap bound (Thm 3.4)", BONX_SERIES_LINE, CHART_C_CURRENT,
         BONX_LINE_DOTTED, "△", '^'},
        {"KL <= formula - top group's gap (Thm 3.6/Cor 3.7)", BONX_SERIES_LINE, CHART_C_CURRENT,
         BONX_LINE_DASHED, "▽", 'v'},
    };
    /* s[7..9] are spares: the band is optional, then the two bound curves (key b) and the pin
     * are appended after the curves shown.  curve[]: ids of s[] for the scenes' hidden curves
     * (the current point, the bounds and the pin: none) */
    const bonx_plot_series bound_lo = s[8], bound_hi = s[9], pin = s[7];
    unsigned curve[10] = {BONX_CURVE_BON, BONX_CURVE_FORMULA, BONX_CURVE_ESTIMATOR,
                          BONX_CURVE_BOUND, BONX_CURVE_CEILING, 0, BONX_CURVE_BAND, 0, 0, 0};
    size_t ns = band ? 7 : 6, i_lo = 0, i_hi = 0;
    int with_bounds = in->bounds && c->has_bounds;
    if (with_bounds) {
        curve[ns] = 0;
        i_lo = ns;
        s[ns++] = bound_lo;
        curve[ns] = 0;
        i_hi = ns;
        s[ns++] = bound_hi;
    }
    if (in->pinned) {
        curve[ns] = 0;
        s[ns++] = pin;
    }
    bonx_plot_frame fr = {
        .title = "KL(best-of-n || p) vs n", .xname = "n", .yname = "KL (nats)",
        .xlo = c->bon[0].n, .xhi = c->bon[c->n_bon - 1].n, .xlog = 1,
        .ylo = 0.0, .yhi = kl_axis_top(in, band), .ynice = 1, .series = s, .nseries = ns};
    bonx_plot pl;
    if (bonx_plot_begin_shown(&pl, cv, &fr, curve, in->hide) != 0)
        return 0;
    if (band)
        bonx_plot_band(&pl, &s[6], BON_FIELD(c, n), &c->bon[0].est_tilt_lo,
                       &c->bon[0].est_tilt_hi, sizeof(bonx_bon_stats), c->n_bon);
    bonx_plot_hline(&pl, &s[4], c->kl_ceiling);
    if (in->pinned)
        bonx_chart_pinned_line(&pl, BON_FIELD(in->pinned, n), BON_FIELD(in->pinned, kl),
                               in->pinned->n_bon);
    if (bonx_chart_has_n(in))
        bonx_plot_vline(&pl, &(bonx_plot_series){"", BONX_SERIES_REF, CHART_C_CURRENT,
                                                 BONX_LINE_DOTTED, NULL, '|'}, in->n);
    double *lo, *hi;
    if (with_bounds && gap_bound_curves(c, 1, 0.0, &lo, &hi) == 0) {
        bonx_plot_line(&pl, &s[i_lo], BON_FIELD(c, n), lo, sizeof *lo, c->n_bon);
        bonx_plot_line(&pl, &s[i_hi], BON_FIELD(c, n), hi, sizeof *hi, c->n_bon);
        free(lo);
    }
    bonx_plot_line(&pl, &s[3], BON_FIELD(c, n), BON_FIELD(c, kl_bound_sat), c->n_bon);
    bonx_plot_line(&pl, &s[1], BON_FIELD(c, n), BON_FIELD(c, kl_analytic), c->n_bon);
    bonx_plot_line(&pl, &s[2], BON_FIELD(c, n), BON_FIELD(c, kl_estimate), c->n_bon);
    bonx_plot_line(&pl, &s[0], BON_FIELD(c, n), BON_FIELD(c, kl), c->n_bon);
    bonx_bon_stats st;
    if (bonx_chart_has_n(in) && bonx_bon_stats_at(in->dist, in->n, 0.0, &st, NULL) == 0)
        bonx_plot_mark(&pl, &s[5], in->n, st.kl);
    bonx_plot_end(&pl);
    (void)err; (void)errlen;
    return 0;
}

/* ---- winrate --------------------------------------------------------------------------- */

/* Best-of-n's win rate as n -> inf: all mass on the top group, whose calibrated reward is
 * 1 - g_top/2. */
static double winrate_limit(const bonx_dist *d)
{
    return d->ng ? 1.0 - d->g[d->ng - 1] / 2.0 : NAN;
}

static double winrate_bound_at(double n) { return n / (n + 1.0); }

int bonx_chart_draw_winrate(bonx_canvas *cv, const bonx_chart_input *in, char *err, size_t errlen)
{
    const bonx_curves *c = in->curves;
    char lim_name[64], cur_name[64], num[32];
    double lim = winrate_limit(in->dist);
    bonx_chart_num(num, sizeof num, lim);
    snprintf(lim_name, sizeof lim_name, "limit 1 - g_top/2 = %s", num);
    bonx_chart_current_name(in, CHART_CUR_N, cur_name, sizeof cur_name);
    bonx_plot_series s[] = {
        {"exact win rate", BONX_SERIES_LINE, CHART_C_BON, BONX_LINE_SOLID, "●", '*'},
        {"n/(n+1)", BONX_SERIES_LINE, CHART_C_ANALYTIC, BONX_LINE_DASHED, "■", 'x'},
        {lim_name, BONX_SERIES_REF, CHART_C_RR, BONX_LINE_DASHED, NULL, '='},
        {cur_name, BONX_SERIES_MARK, CHART_C_CURRENT,
         BONX_LINE_DOTTED, CHART_MARK_CURRENT, CHART_GLYPH_CURRENT},
        {"WR >= n/(n+1) - gap bound (Thm 5.4)", BONX_SERIES_LINE, CHART_C_CAL,
         BONX_LINE_DOTTED, "△", '^'},
        {"WR <= n/(n+1) - top group's gap (Thm 5.6/Cor 5.7)", BONX_SERIES_LINE, CHART_C_CAL,
         BONX_LINE_DASHED, "▽", 'v'},
        bonx_chart_pinned_series,
    };
    /* s[4], s[5]: the bound curves (key b); the pin last, moved up when there are no bounds */
    int with_bounds = in->bounds && c->has_bounds;
    size_t ns = with_bounds ? 6 : 4;
    if (in->pinned)
        s[ns++] = s[6];
    static const unsigned curve[] = {BONX_CURVE_BON, BONX_CURVE_BOUND, BONX_CURVE_CEILING, 0, 0,
                                     0, 0};
    bonx_plot_frame fr = {
        .title = "win rate of best-of-n against p vs n", .xname = "n", .yname = "win rate",
        .xlo = c->bon[0].n, .xhi = c->bon[c->n_bon - 1].n, .xlog = 1,
        .ylo = 0.5, .yhi = 1.0, .series = s, .nseries = ns};
    bonx_plot pl;
    if (bonx_plot_begin_shown(&pl, cv, &fr, curve, in->hide) != 0)
        return 0;
    double *bound = malloc(c->n_bon * sizeof *bound);
    if (!bound) {
        bonx_plot_end(&pl);
        return bonx_chart_fail(err, errlen, "out of memory");
    }
    for (size_t i = 0; i < c->n_bon; i++)
        bound[i] = winrate_bound_at(c->bon[i].n);
    bonx_plot_hline(&pl, &s[2], lim);
    if (in->pinned)
        bonx_chart_pinned_line(&pl, BON_FIELD(in->pinned, n), BON_FIELD(in->pinned, win_rate),
                               in->pinned->n_bon);
    if (bonx_chart_has_n(in))
        bonx_plot_vline(&pl, &(bonx_plot_series){"", BONX_SERIES_REF, CHART_C_CURRENT,
                                                 BONX_LINE_DOTTED, NULL, '|'}, in->n);
    double *lo, *hi;
    if (with_bounds && gap_bound_curves(c, 0, 0.5, &lo, &hi) == 0) {
        bonx_plot_line(&pl, &s[4], BON_FIELD(c, n), lo, sizeof *lo, c->n_bon);
        bonx_plot_line(&pl, &s[5], BON_FIELD(c, n), hi, sizeof *hi, c->n_bon);
        free(lo);
    }
    bonx_plot_line(&pl, &s[1], BON_FIELD(c, n), bound, sizeof *bound, c->n_bon);
    bonx_plot_line(&pl, &s[0], BON_FIELD(c, n), BON_FIELD(c, win_rate), c->n_bon);
    free(bound);
    bonx_bon_stats st;
    if (bonx_chart_has_n(in) && bonx_bon_stats_at(in->dist, in->n, 0.0, &st, NULL) == 0)
        bonx_plot_mark(&pl, &s[3], in->n, st.win_rate);
    bonx_plot_end(&pl);
    return 0;
}

/* ---- cost ------------------------------------------------------------------------------ */

int bonx_chart_draw_cost(bonx_canvas *cv, const bonx_chart_input *in, char *err, size_t errlen)
{
    const bonx_curves *c = in->curves;
    chart_current cur;
    bonx_chart_current_series(in, CHART_CUR_N | CHART_CUR_TAU, &cur);
    bonx_plot_series s[] = {
        {"best-of-n (n draws)", BONX_SERIES_LINE, CHART_C_BON, BONX_LINE_SOLID, "●", '*'},
        {"rewind-and-repeat (1/q draws)", BONX_SERIES_POINTS, CHART_C_RR, BONX_LINE_DOTTED,
         "■", 'o'},
        cur.s[0], cur.s[2], bonx_chart_pinned_series,
    };
    /* The levels joined by a dotted line; their markers only when they are few. */
    int many = c->n_rr > CHART_RR_MAX_POINTS;
    if (many)
        s[1].kind = BONX_SERIES_LINE;
    double xhi = c->bon[c->n_bon - 1].expected_draws, yhi = 0.5;
    for (size_t i = 0; i < c->n_rr; i++) {
        xhi = max_finite(xhi, c->rr[i].expected_trials);
        yhi = max_finite(yhi, c->rr[i].win_rate);
    }
    for (size_t i = 0; i < c->n_bon; i++)
        yhi = max_finite(yhi, c->bon[i].win_rate);
    yhi = yhi > 0.5 ? fmin(yhi, 1.0) : 1.0;   /* win rates start at 1/2; the top follows the data */
    static const unsigned curve[] = {BONX_CURVE_BON, BONX_CURVE_RR, 0, 0, 0};
    bonx_plot_frame fr = {
        .title = "win rate vs expected number of draws", .xname = "draws", .yname = "win rate",
        .xlo = 1.0, .xhi = xhi, .xlog = 1, .xnice = 1, .ylo = 0.5, .yhi = yhi, .ynice = 1,
        .series = s, .nseries = sizeof s / sizeof s[0] - !in->pinned};
    bonx_plot pl;
    if (bonx_plot_begin_shown(&pl, cv, &fr, curve, in->hide) != 0)
        return 0;
    bonx_plot_series rr_path = s[1];
    if (!many) {
        rr_path.kind = BONX_SERIES_REF;
        rr_path.glyph = '.';
    }
    if (c->n_rr > 0 && !(in->hide & BONX_CURVE_RR))   /* a copy: hide it here */
        bonx_plot_line(&pl, &rr_path, &c->rr[0].expected_trials, sizeof(bonx_rr_stats),
                       &c->rr[0].win_rate, sizeof(bonx_rr_stats), c->n_rr);
    if (in->pinned)
        bonx_chart_pinned_line(&pl, BON_FIELD(in->pinned, expected_draws),
                               BON_FIELD(in->pinned, win_rate), in->pinned->n_bon);
    bonx_plot_line(&pl, &s[0], BON_FIELD(c, expected_draws), BON_FIELD(c, win_rate), c->n_bon);
    if (c->n_rr > 0 && !many)
        bonx_plot_points(&pl, &s[1], &c->rr[0].expected_trials, sizeof(bonx_rr_stats),
                         &c->rr[0].win_rate, sizeof(bonx_rr_stats), c->n_rr);
    bonx_bon_stats st;
    if (bonx_chart_has_n(in) && bonx_bon_stats_at(in->dist, in->n, 0.0, &st, NULL) == 0)
        bonx_plot_mark(&pl, &s[2], st.expected_draws, st.win_rate);
    bonx_rr_stats rs;
    if (bonx_chart_has_tau(in) && bonx_rr_stats_at(in->dist, in->tau, &rs, NULL) == 0)
        bonx_plot_mark(&pl, &s[3], rs.expected_trials, rs.win_rate);
    bonx_plot_end(&pl);
    (void)err; (void)errlen;
    return 0;
}
