/* SPDX-License-Identifier: MIT */
/* bonx_simulate: S samples of a policy measured against the exact values (simulate.h).
 * Everything that is a function of the returned outcome alone (distribution, reward, the
 * oracle log-ratio, the paper's estimator) is accumulated as counts per outcome and reduced
 * at the end; only the win rate (fresh reference draws) and the draw counts need per-sample
 * accumulators. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "simulate.h"
#include "bon.h"
#include "rr.h"
#include "tilt.h"
#include "elementary.h"

#define HARMONIC_TABLE 4096
/* Exact histogram of H_{K-1} only when the geometric sum is short enough. */
#define RR_EXACT_HIST_MAX_TRIALS 1e5

/* Exact values of everything measured. */
typedef struct exact_vals {
    double *pi;         /* k */
    double *log_ratio;  /* k: log pi(y)/p(y), 0 where pi = 0 */
    double *est;        /* k: best-of-n KLhat(n, p(y)) */
} exact_vals;

/* Running mean and squared deviations of x 2^-e: the draws of rewind-and-repeat with a
 * subnormal acceptance probability are ~1e301, whose squares overflowed the standard error
 * to inf (tests/fuzz/corpus/fuzz_simulate); e is set from the expected size beforehand. */
typedef struct welford { double n, mean, m2; int e; } welford;

static void welford_scale_for(welford *w, double expected)
{
    w->e = 0;
    if (isfinite(expected) && expected > 0x1p200)
        frexp(expected, &w->e);
}

static void welford_add(welford *w, double x)
{
    x = ldexp(x, -w->e);
    w->n += 1.0;
    double dx = x - w->mean;
    w->mean += dx / w->n;
    w->m2 += dx * (x - w->mean);
}

static bonx_sim_row welford_row(const welford *w, double exact)
{
    bonx_sim_row r = {exact, ldexp(w->mean, w->e),
                      w->n > 1 ? ldexp(sqrt(w->m2 / (w->n - 1) / w->n), w->e) : NAN};
    return r;
}

/* Mean and standard error of f(y) from the counts per outcome.  The sums run on f scaled by
 * a power of two (exact) that puts its largest sampled |value| near 1: rewards near 1e308
 * would overflow the sum, and their squared deviations anyway. */
static bonx_sim_row counts_row(const uint64_t *count, const double *f, size_t k, double S,
                               double exact)
{
    double big = 0.0;
    for (size_t i = 0; i < k; i++)
        if (count[i])
            big = fmax(big, fabs(f[i]));
    int e = 0;
    if (big > 0x1p200 || (big > 0 && big < 0x1p-200))
        frexp(big, &e);
    double sum = 0.0, ss = 0.0;
    for (size_t i = 0; i < k; i++)
        if (count[i])
            sum += (double)count[i] * ldexp(f[i], -e);
    double mean = sum / S;
    for (size_t i = 0; i < k; i++)
        if (count[i]) {
            double dev = ldexp(f[i], -e) - mean;
            ss += (double)count[i] * dev * dev;
        }
    bonx_sim_row r = {exact, ldexp(mean, e), S > 1 ? ldexp(sqrt(ss / (S - 1) / S), e) : NAN};
    return r;
}

/* Empirical tilted average (1/t) log mean e^(tX) from counts; standard error by the delta
 * method.  The shift by the extreme sampled value keeps e^(tX) finite. */
static bonx_sim_row tilted_row(const uint64_t *count, const double *x, size_t k, double S,
                               double t, double exact)
{
    double ref = NAN;
    for (size_t i = 0; i < k; i++)
        if (count[i] && (isnan(ref) || (t > 0 ? x[i] > ref : x[i] < ref)))
            ref = x[i];
    double sy = 0.0, ss = 0.0;
    for (size_t i = 0; i < k; i++)
        if (count[i])
            sy += (double)count[i] * bonx_exp(t * (x[i] - ref));
    double ybar = sy / S;
    for (size_t i = 0; i < k; i++)
        if (count[i]) {
            double dy = bonx_exp(t * (x[i] - ref)) - ybar;
            ss += (double)count[i] * dy * dy;
        }
    double se = S > 1 ? sqrt(ss / (S - 1) / S) / (ybar * fabs(t)) : NAN;
    bonx_sim_row r = {exact, ref + bonx_log(ybar) / t, se};
    return r;
}

static size_t hist_bin(const bonx_sim_result *res, double x)
{
    double f = (x - res->hist_lo) / (res->hist_hi - res->hist_lo) * (double)res->hist_bins;
    if (!(f > 0))
        return 0;
    return f >= (double)res->hist_bins ? res->hist_bins - 1 : (size_t)f;
}

/* ---- exact values per policy ---------------------------------------------------------- */

static int exact_bon(const bonx_dist *d, const bonx_sim_spec *sp, exact_vals *ev,
                     bonx_sim_result *res, bonx_err *err)
{
    double n = sp->param;
    bonx_bon_stats bs;
    int rc = bonx_bon_stats_at(d, n, sp->t, &bs, err);
    if (rc == BONX_OK)
        rc = bonx_bon_pmf(d, n, ev->pi, err);
    if (rc != BONX_OK)
        return rc;
    double *logP = malloc(d->ng * sizeof *logP);
    if (!logP)
        return bonx_fail(err, BONX_ENOMEM, "out of memory");
    bonx_bon_group_logmass(d, bonx_log(n), logP);
    for (size_t i = 0; i < d->k; i++) {
        long j = d->group[i];
        ev->log_ratio[i] = j < 0 ? 0.0 : logP[j] - d->g_logg[j];
        ev->est[i] = j < 0 ? 0.0 : bonx_klhat(n, d->p[i]);
    }
    free(logP);
    res->win_rate.exact = bs.win_rate;
    res->reward.exact = bs.reward;
    res->draws.exact = n;
    res->kl.exact = bs.kl;
    res->has_estimator = 1;
    res->estimator.exact = bs.kl_estimate;
    res->has_tilt = sp->t > 0;
    res->est_tilt_lo.exact = bs.est_tilt_lo;
    res->est_tilt_hi.exact = bs.est_tilt_hi;
    double kt = bonx_kl_analytic(n);
    res->hist_lo = 0.0;
    res->hist_hi = kt > 0 ? kt : 1.0;
    return BONX_OK;
}

static int exact_rr(const bonx_dist *d, const bonx_sim_spec *sp, const bonx_sampler *s,
                    exact_vals *ev, bonx_sim_result *res, bonx_err *err)
{
    bonx_rr_stats rs;
    int rc = bonx_rr_stats_at(d, sp->param, &rs, err);
    if (rc == BONX_OK)
        rc = bonx_rr_pmf(d, sp->param, ev->pi, err);
    if (rc != BONX_OK)
        return rc;
    for (size_t i = 0; i < d->k; i++)
        ev->log_ratio[i] = ev->pi[i] > 0 ? rs.kl : 0.0;
    res->win_rate.exact = rs.win_rate;
    res->reward.exact = rs.reward;
    res->draws.exact = rs.expected_trials;
    res->kl.exact = rs.kl;
    res->has_estimator = 1;
    res->estimator.exact = rs.kl;
    /* histogram up to the 1 - 1e-4 quantile of the number of draws */
    double kq = s->log1m_q > -INFINITY ? ceil(bonx_log(1e-4) / s->log1m_q) : 1.0;
    res->hist_lo = 0.0;
    res->hist_hi = kq > 1 ? bonx_harmonic(kq - 1) : 1.0;
    return BONX_OK;
}

/* (r - r_max) / beta, the log tilt against the top reward; r - r_max itself overflows when
 * the rewards reach both ends of the double range, their halves do not. */
static double tilt_exponent(const bonx_dist *d, double r, double beta)
{
    double diff = r - d->r_max;
    if (diff == 0)
        return 0;
    if (isfinite(diff))
        return diff / beta;
    return (0.5 * r - 0.5 * d->r_max) / beta * 2;
}

static int exact_klrl(const bonx_dist *d, const bonx_sim_spec *sp, exact_vals *ev,
                      bonx_sim_result *res, bonx_err *err)
{
    double beta = sp->param;
    bonx_tilt_stats ts;
    int rc = bonx_tilt_stats_at(d, BONX_TILT_REWARD, beta, &ts, err);
    if (rc == BONX_OK)
        rc = bonx_tilt_pmf(d, BONX_TILT_REWARD, beta, ev->pi, err);
    if (rc != BONX_OK)
        return rc;
    /* log pi/p = (r - r_max)/beta - log Z, with log Z of the shifted scores */
    for (size_t i = 0; i < d->k; i++)
        ev->log_ratio[i] = ev->pi[i] > 0 ? tilt_exponent(d, d->r[i], beta) - ts.log_z : 0.0;
    res->win_rate.exact = ts.win_rate;
    res->reward.exact = ts.reward;
    res->draws.exact = 1.0;
    res->kl.exact = ts.kl;
    res->hist_lo = 0.0;
    res->hist_hi = 1.0;   /* no estimator: the histogram stays empty */
    return BONX_OK;
}

/* Exact probability of each histogram bin of H_{K-1}, K ~ Geometric(q). */
static void rr_exact_hist(bonx_sim_result *res, double q)
{
    if (1.0 / q > RR_EXACT_HIST_MAX_TRIALS) {
        for (size_t b = 0; b < res->hist_bins; b++)
            res->hist_exact[b] = NAN;
        return;
    }
    double h = 0.0, left = 1.0, pk = q;   /* P(K = k) = q (1-q)^(k-1) */
    /* stop once the tail (1-q)^(k-1) = pk/q is negligible: left, a running difference, can
     * stay above 1e-17 by rounding, and pk *= 1-q sticks at the least subnormal (rounded up
     * from 0.6 of it), which looped for ever (tests/fuzz/corpus/fuzz_simulate) */
    for (double k = 1; left > 1e-17 && pk > 1e-17 * q; k++) {
        res->hist_exact[hist_bin(res, h)] += pk;
        left -= pk;
        pk *= 1.0 - q;
        h += 1.0 / k;
    }
    res->hist_exact[res->hist_bins - 1] += fmax(left, 0.0);
}

/* ---- setup and the sampling loop ------------------------------------------------------ */

static int alloc_result(bonx_sim_result *res, const bonx_sim_spec *sp, size_t k,
                        exact_vals *ev, bonx_err *err)
{
    memset(res, 0, sizeof *res);
    res->k = k;
    res->pi = calloc(k, sizeof *res->pi);
    res->hist_bins = sp->hist_bins;
    if (sp->hist_bins) {
        res->hist_count = calloc(sp->hist_bins, sizeof *res->hist_count);
        res->hist_exact = calloc(sp->hist_bins, sizeof *res->hist_exact);
    }
    if (sp->running_points) {
        res->running_at = calloc(sp->running_points, sizeof *res->running_at);
        res->running_mean = calloc(sp->running_points, sizeof *res->running_mean);
    }
    ev->pi = calloc(k, sizeof *ev->pi);
    ev->log_ratio = calloc(k, sizeof *ev->log_ratio);
    ev->est = calloc(k, sizeof *ev->est);
    if (!res->pi || !ev->pi || !ev->log_ratio || !ev->est ||
        (sp->hist_bins && (!res->hist_count || !res->hist_exact)) ||
        (sp->running_points && (!res->running_at || !res->running_mean)))
        return bonx_fail(err, BONX_ENOMEM, "out of memory");
    /* log-spaced checkpoints, strictly increasing, ending at S */
    double S = (double)sp->samples, last = 0;
    for (size_t i = 0; i < sp->running_points; i++) {
        double c = fmin(S, ceil(bonx_exp(bonx_log(S) * (double)(i + 1) / (double)sp->running_points)));
        if (i + 1 == sp->running_points)
            c = S;
        if (c > last)
            res->running_at[res->running_points++] = last = c;
    }
    return BONX_OK;
}

static int check_spec(const bonx_sim_spec *sp, const bonx_sampler *s, bonx_err *err)
{
    if (sp->samples < 2)   /* a standard error needs two (one sample printed nan) */
        return bonx_fail(err, BONX_EINVAL, "samples must be at least 2 (got %llu)",
                         (unsigned long long)sp->samples);
    if (!(sp->t >= 0) || isinf(sp->t))
        return bonx_fail(err, BONX_EINVAL, "t must be finite and >= 0 (got %g)", sp->t);
    double S = (double)sp->samples;
    if (sp->method == BONX_SIM_LITERAL && sp->policy == BONX_SIM_BON &&
        S * sp->param > BONX_SIM_MAX_DRAWS)
        return bonx_fail(err, BONX_ERANGE, "literal best-of-n would take %.3g draws (limit "
                         "%.0e); use the exact method", S * sp->param, BONX_SIM_MAX_DRAWS);
    /* a draw count is K = 1 + floor(log U / log(1-q)), up to 37/q for the least U of the
     * generator: beyond DBL_MAX / 64 it can be inf (tests/fuzz/corpus/fuzz_simulate) */
    if (sp->policy == BONX_SIM_RR && 1 / s->q > DBL_MAX / 64)
        return bonx_fail(err, BONX_ERANGE, "rewind-and-repeat accepts with probability %g: "
                         "its sampled draw counts (up to 37/q) would exceed the double range",
                         s->q);
    if (sp->method == BONX_SIM_LITERAL && sp->policy == BONX_SIM_RR &&
        S / s->q > BONX_SIM_MAX_DRAWS)
        return bonx_fail(err, BONX_ERANGE, "literal rewind-and-repeat would take %.3g draws "
                         "on average (limit %.0e); use the exact method", S / s->q,
                         BONX_SIM_MAX_DRAWS);
    return BONX_OK;
}

typedef struct loop_acc {
    uint64_t *count, wins, ties;
    welford draws, est;
} loop_acc;

static void sample_loop(const bonx_sampler *s, const bonx_sim_spec *sp, const exact_vals *ev,
                        bonx_sim_result *res, loop_acc *acc)
{
    const bonx_dist *d = s->d;
    double htab[HARMONIC_TABLE];
    for (int i = 0; i < HARMONIC_TABLE; i++)
        htab[i] = sp->policy == BONX_SIM_RR ? bonx_harmonic(i) : 0.0;
    bonx_rng g;
    bonx_rng_seed(&g, sp->seed);
    double run_sum = 0.0;
    size_t next = 0;
    int rr = sp->policy == BONX_SIM_RR;
    for (uint64_t i = 1; i <= sp->samples; i++) {
        double draws = 0.0, x = 0.0;
        size_t y = bonx_sampler_draw(s, &g, &draws);
        size_t z = bonx_sample_reference(s, &g);
        acc->count[y]++;
        acc->wins += d->group[y] > d->group[z];
        acc->ties += d->group[y] == d->group[z];
        welford_add(&acc->draws, draws);
        if (rr) {
            x = draws - 1 < HARMONIC_TABLE ? htab[(size_t)draws - 1] : bonx_harmonic(draws - 1);
            welford_add(&acc->est, x);
            if (res->hist_bins)
                res->hist_count[hist_bin(res, x)] += 1.0;
        } else {
            x = sp->policy == BONX_SIM_BON ? ev->est[y] : ev->log_ratio[y];
        }
        run_sum += x;
        if (next < res->running_points && (double)i == res->running_at[next])
            res->running_mean[next++] = run_sum / (double)i;
    }
}

typedef struct chi_cell { double e, c; } chi_cell;

static int chi_cell_cmp(const void *a, const void *b)
{
    double x = ((const chi_cell *)a)->e, y = ((const chi_cell *)b)->e;
    return (x > y) - (x < y);
}

/* See bonx_sim_result.chi_square.  Cells in ascending expectation are merged greedily until
 * each expects at least 5 counts; a short remainder joins the last cell. */
static bonx_sim_row chi_square_row(const uint64_t *count, const double *pi, size_t k, double S)
{
    bonx_sim_row r = {0.0, 0.0, 0.0};
    chi_cell *cell = malloc(k * sizeof *cell);
    if (!cell) {
        r.exact = r.mean = r.se = NAN;
        return r;
    }
    size_t n = 0, cells = 0;
    for (size_t i = 0; i < k; i++)
        if (pi[i] > 0)
            cell[n++] = (chi_cell){S * pi[i], (double)count[i]};
    qsort(cell, n, sizeof *cell, chi_cell_cmp);
    chi_cell acc = {0.0, 0.0};
    for (size_t i = 0; i < n; i++) {
        acc.e += cell[i].e;
        acc.c += cell[i].c;
        if (acc.e >= 5.0 || i + 1 == n) {
            if (acc.e < 5.0 && cells > 0) {   /* the remainder joins the last cell */
                cells--;
                acc.e += cell[cells].e;
                acc.c += cell[cells].c;
            }
            cell[cells++] = acc;
            acc = (chi_cell){0.0, 0.0};
        }
    }
    double x = 0.0;
    for (size_t i = 0; i < cells; i++)
        x += (cell[i].c - cell[i].e) * (cell[i].c - cell[i].e) / cell[i].e;
    free(cell);
    if (cells > 1) {
        r.exact = (double)(cells - 1);
        r.mean = x;
        r.se = sqrt(2.0 * r.exact);
    }
    return r;
}

static void reduce(const bonx_dist *d, const bonx_sim_spec *sp, const exact_vals *ev,
                   const loop_acc *acc, bonx_sim_result *res)
{
    double S = (double)sp->samples;
    for (size_t i = 0; i < d->k; i++) {
        double f = (double)acc->count[i] / S;
        res->pi[i].exact = ev->pi[i];
        res->pi[i].mean = f;
        res->pi[i].se = S > 1 ? sqrt(f * (1 - f) / (S - 1)) : NAN;
    }
    res->chi_square = chi_square_row(acc->count, ev->pi, d->k, S);
    double w = (double)acc->wins, t = (double)acc->ties, l = S - w - t;
    double wm = (w + 0.5 * t) / S;
    double ss = w * (1 - wm) * (1 - wm) + t * (0.5 - wm) * (0.5 - wm) + l * wm * wm;
    res->win_rate.mean = wm;
    res->win_rate.se = S > 1 ? sqrt(ss / (S - 1) / S) : NAN;
    res->reward = counts_row(acc->count, d->r, d->k, S, res->reward.exact);
    res->kl = counts_row(acc->count, ev->log_ratio, d->k, S, res->kl.exact);
    res->draws = welford_row(&acc->draws, res->draws.exact);
    if (sp->policy == BONX_SIM_RR) {
        res->estimator = welford_row(&acc->est, res->estimator.exact);
    } else if (sp->policy == BONX_SIM_BON) {
        res->estimator = counts_row(acc->count, ev->est, d->k, S, res->estimator.exact);
        if (res->has_tilt) {
            res->est_tilt_lo = tilted_row(acc->count, ev->est, d->k, S, -sp->t,
                                          res->est_tilt_lo.exact);
            res->est_tilt_hi = tilted_row(acc->count, ev->est, d->k, S, sp->t,
                                          res->est_tilt_hi.exact);
        }
        for (size_t i = 0; i < d->k && res->hist_bins; i++) {
            res->hist_count[hist_bin(res, ev->est[i])] += (double)acc->count[i];
            res->hist_exact[hist_bin(res, ev->est[i])] += ev->pi[i];
        }
    }
}

int bonx_simulate(const bonx_dist *d, const bonx_sim_spec *sp, bonx_sim_result *res,
                  bonx_err *err)
{
    bonx_sampler s;
    exact_vals ev = {NULL, NULL, NULL};
    loop_acc acc;
    memset(&acc, 0, sizeof acc);
    int rc = bonx_sampler_init(&s, d, sp->policy, sp->param, sp->method, err);
    if (rc != BONX_OK) {
        memset(res, 0, sizeof *res);
        return rc;
    }
    rc = check_spec(sp, &s, err);
    if (rc == BONX_OK)
        rc = alloc_result(res, sp, d->k, &ev, err);
    else
        memset(res, 0, sizeof *res);
    if (rc == BONX_OK) {
        if (sp->policy == BONX_SIM_BON)
            rc = exact_bon(d, sp, &ev, res, err);
        else if (sp->policy == BONX_SIM_RR)
            rc = exact_rr(d, sp, &s, &ev, res, err);
        else
            rc = exact_klrl(d, sp, &ev, res, err);
    }
    if (rc == BONX_OK && !(acc.count = calloc(d->k, sizeof *acc.count)))
        rc = bonx_fail(err, BONX_ENOMEM, "out of memory");
    if (rc == BONX_OK) {
        if (sp->policy == BONX_SIM_RR && res->hist_bins)
            rr_exact_hist(res, s.q);
        welford_scale_for(&acc.draws, res->draws.exact);
        sample_loop(&s, sp, &ev, res, &acc);
        reduce(d, sp, &ev, &acc, res);
    }
    if (rc != BONX_OK)
        bonx_sim_result_free(res);
    free(acc.count);
    free(ev.pi);
    free(ev.log_ratio);
    free(ev.est);
    bonx_sampler_free(&s);
    return rc;
}

void bonx_sim_result_free(bonx_sim_result *res)
{
    free(res->pi);
    free(res->hist_count);
    free(res->hist_exact);
    free(res->running_at);
    free(res->running_mean);
    memset(res, 0, sizeof *res);
}
