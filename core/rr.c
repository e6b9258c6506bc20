/* SPDX-License-Identifier: MIT */
/* Rewind-and-repeat (MATH.md §4): the policy is p restricted to r >= tau, renormalised by
 * q = P_p[r >= tau], which is a suffix sum over groups (never 1 - F). */
#include <math.h>
#include "rr.h"
#include "numeric.h"
#include "elementary.h"

/* First group with reward >= tau, or ng when there is none. */
static size_t first_group_at_or_above(const bonx_dist *d, double tau)
{
    long j = bonx_dist_group_at_or_below(d, tau);
    if (j < 0)
        return 0;
    return d->g_r[j] == tau ? (size_t)j : (size_t)j + 1;
}

/* KL = log(1/q), from the mass below when q is near 1. */
static double rr_kl(const bonx_dist *d, size_t j, double q)
{
    double below = d->g_Fm[j];
    return below < 0.5 ? -bonx_log1p(-below) : -bonx_log(q);
}

/* Acceptance probability at group j: a suffix sum. */
static double accept_at(const bonx_dist *d, size_t j)
{
    return fmin(1, d->g_S[j] + d->g[j]);   /* the sum may round to 1 + 2e-16 (fuzz_rr) */
}

/* The sums run on the masses times 2^RR_MASS_EXP (exact): a subnormal mass times a reward
 * below 1 would underflow and lose the reward; the ratios are unchanged.  Rewards are the
 * scaled g_rs (|g_rs| < 2^200), so nothing overflows either. */
#define RR_MASS_EXP 600

static int rr_check(const bonx_dist *d, double tau, size_t *j, bonx_err *err)
{
    if (isnan(tau))
        return bonx_fail(err, BONX_EINVAL, "tau must be a number");
    *j = first_group_at_or_above(d, tau);
    if (*j == d->ng)
        return bonx_fail(err, BONX_ERANGE,
                         "tau %.17g is above every reward with mass (the top reward is %.17g)",
                         tau, d->r_max);
    double q = accept_at(d, *j);
    if (!isfinite(1 / q))
        return bonx_fail(err, BONX_ERANGE,
                         "the acceptance probability %g at tau %.17g is so small that the "
                         "expected draws 1/q exceed the double range", q, tau);
    return BONX_OK;
}

int bonx_rr_stats_at(const bonx_dist *d, double tau, bonx_rr_stats *out, bonx_err *err)
{
    size_t j0 = 0; /* set by rr_check when it succeeds (gcc -O3 cannot tell) */
    int rc = rr_check(d, tau, &j0, err);
    if (rc)
        return rc;
    bonx_ksum wr = {0, 0}, rw = {0, 0};
    for (size_t j = j0; j < d->ng; j++) {
        double g = ldexp(d->g[j], RR_MASS_EXP);
        bonx_ksum_add(&wr, g * d->g_C[j]);
        bonx_ksum_add(&rw, g * d->g_rs[j]);
    }
    double q = accept_at(d, j0), qs = ldexp(q, RR_MASS_EXP);
    out->tau = tau;
    out->accept_prob = q;
    out->kl = rr_kl(d, j0, q);
    out->win_rate = bonx_prob(bonx_ksum_value(&wr) / qs);
    out->reward = ldexp(bonx_ksum_value(&rw) / qs, d->r_exp);
    out->expected_trials = 1 / q;
    return BONX_OK;
}

int bonx_rr_pmf(const bonx_dist *d, double tau, double *pi, bonx_err *err)
{
    size_t j0 = 0; /* as above */
    int rc = rr_check(d, tau, &j0, err);
    if (rc)
        return rc;
    double qs = ldexp(accept_at(d, j0), RR_MASS_EXP);
    for (size_t i = 0; i < d->k; i++)
        pi[i] = 0;
    for (size_t m = d->g_first[j0]; m < d->g_first[d->ng]; m++)
        pi[d->order[m]] = ldexp(d->p[d->order[m]], RR_MASS_EXP) / qs;
    return BONX_OK;
}

size_t bonx_rr_level_count(const bonx_dist *d)
{
    size_t n = d->ng;   /* q falls as tau rises: the levels left out are the top ones */
    while (n > 1 && !isfinite(1 / accept_at(d, n - 1)))
        n--;
    return n;
}

size_t bonx_rr_levels(const bonx_dist *d, double *taus)
{
    size_t n = bonx_rr_level_count(d);
    for (size_t j = 0; j < n; j++)
        taus[j] = d->g_r[j];
    return n;
}

/* Every level at once (ascending tau), with suffix sums from the top: O(groups). */
size_t bonx_rr_all_levels(const bonx_dist *d, bonx_rr_stats *out)
{
    size_t n = bonx_rr_level_count(d);
    bonx_ksum wr = {0, 0}, rw = {0, 0};
    for (size_t j = d->ng; j-- > 0;) {
        double g = ldexp(d->g[j], RR_MASS_EXP);
        bonx_ksum_add(&wr, g * d->g_C[j]);
        bonx_ksum_add(&rw, g * d->g_rs[j]);
        double q = accept_at(d, j), qs = ldexp(q, RR_MASS_EXP);
        if (j < n)
            out[j] = (bonx_rr_stats){d->g_r[j], q, rr_kl(d, j, q),
                                     fmin(1, bonx_ksum_value(&wr) / qs),
                                     ldexp(bonx_ksum_value(&rw) / qs, d->r_exp), 1 / q};
    }
    return n;
}

static const double euler_gamma = 0.57721566490153286061;

/* psi(x + m) - psi(x) for x >= 20, 0 <= m < 1, from the asymptotic series term by term:
 * every difference is formed without cancellation. */
static double digamma_diff(double x, double m)
{
    static const double b2k[] = {1.0 / 6, -1.0 / 30, 1.0 / 42, -1.0 / 30, 5.0 / 66,
                                 -691.0 / 2730, 7.0 / 6};
    double l = bonx_log1p(m / x);
    double sum = l + m / (2 * x * (x + m));
    double x2k = 1;
    for (int k = 1; k <= 7; k++) {
        x2k *= x * x;
        /* -B2k/(2k) * ((x+m)^-2k - x^-2k) */
        sum -= b2k[k - 1] / (2 * k) * bonx_expm1(-2 * k * l) / x2k;
    }
    return sum;
}

double bonx_harmonic(double m)
{
    if (isnan(m) || m < 0)
        return NAN;
    if (m == floor(m) && m <= 64) {
        double sum = 0;
        for (double k = m; k >= 1; k--) /* smallest terms first */
            sum += 1 / k;
        return sum;
    }
    if (m >= 1)
        return bonx_digamma(m + 1) + euler_gamma;
    /* 0 < m < 1: H_m = sum_j m/(j(j+m)), the first 19 terms directly, the rest from
     * psi(20 + m) - psi(20) (digamma(m+1) + gamma would cancel for small m) */
    double sum = 0;
    for (int j = 19; j >= 1; j--)
        sum += m / (j * (j + m));
    return sum + digamma_diff(20, m);
}
