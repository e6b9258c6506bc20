/* SPDX-License-Identifier: MIT */
/* Samplers and the Monte Carlo driver: see simulate.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "simulate.h"
#include "bon.h"
#include "rr.h"
#include "tilt.h"
#include "elementary.h"

/* ---- sampler tables ------------------------------------------------------------------- */

/* Smallest i in [lo, hi) with u < c[i]; c is non-decreasing with c[hi-1] = 1 > u. */
static size_t search_cum(const double *c, size_t lo, size_t hi, double u)
{
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo - 1) / 2;
        if (u < c[mid])
            hi = mid + 1;
        else
            lo = mid + 1;
    }
    return lo;
}

/* Cumulative sums of w over positions [lo, hi), normalised so the last is exactly 1. */
static void cumulate(double *c, const double *w, size_t lo, size_t hi)
{
    double s = 0.0;
    for (size_t i = lo; i < hi; i++)
        c[i] = s += w[i];
    for (size_t i = lo; i < hi; i++)
        c[i] /= s;
    c[hi - 1] = 1.0;
}

/* Per-position weights: p, or pi (indexed by outcome) when given. */
static void position_weights(const bonx_dist *d, const double *pi, size_t npos, double *out)
{
    for (size_t i = 0; i < npos; i++)
        out[i] = pi ? pi[d->order[i]] : d->p[d->order[i]];
}

static int sampler_alloc(bonx_sampler *s, const bonx_dist *d, bonx_err *err)
{
    s->npos = d->g_first[d->ng];
    s->pos_group = malloc(s->npos * sizeof *s->pos_group);
    s->cum = malloc(s->npos * sizeof *s->cum);
    s->wcum = malloc(s->npos * sizeof *s->wcum);
    s->pcum = malloc(s->npos * sizeof *s->pcum);
    s->thr = malloc(d->ng * sizeof *s->thr);
    if (!s->pos_group || !s->cum || !s->wcum || !s->pcum || !s->thr)
        return bonx_fail(err, BONX_ENOMEM, "out of memory");
    double *w = s->pcum;   /* scratch until the policy table is built */
    position_weights(d, NULL, s->npos, w);
    cumulate(s->cum, w, 0, s->npos);
    for (size_t j = 0; j < d->ng; j++) {
        cumulate(s->wcum, w, d->g_first[j], d->g_first[j + 1]);
        for (size_t i = d->g_first[j]; i < d->g_first[j + 1]; i++)
            s->pos_group[i] = (long)j;
    }
    return BONX_OK;
}

static int init_bon(bonx_sampler *s, double n, bonx_err *err)
{
    if (!(n >= 1.0) || isinf(n))
        return bonx_fail(err, BONX_EINVAL, "n must be finite and at least 1 (got %g)", n);
    if (s->method == BONX_SIM_LITERAL) {
        if (n != floor(n) || n > 9007199254740992.0)
            return bonx_fail(err, BONX_EINVAL, "literal best-of-n needs an integer n "
                             "(got %.17g); use the exact method", n);
        s->n_int = (uint64_t)n;
    }
    for (size_t j = 0; j < s->d->ng; j++)
        s->thr[j] = bonx_exp(n * s->d->g_logF[j]);
    s->thr[s->d->ng - 1] = 1.0;
    return BONX_OK;
}

static int init_rr(bonx_sampler *s, double tau, bonx_err *err)
{
    const bonx_dist *d = s->d;
    bonx_rr_stats rs;
    int rc = bonx_rr_stats_at(d, tau, &rs, err);
    if (rc != BONX_OK)
        return rc;
    long j = bonx_dist_group_at_or_below(d, tau);
    if (j < 0)
        j = 0;
    else if (d->g_r[j] < tau)
        j++;
    s->tau_group = j;
    s->q = rs.accept_prob;
    s->lo = d->g_first[j];
    /* log(1-q) = log F- of the lowest accepted group, exact even when q is near 1 */
    s->log1m_q = s->q < 0.5 ? bonx_log1p(-s->q) : (j == 0 ? -INFINITY : bonx_log(d->g_Fm[j]));
    position_weights(d, NULL, s->npos, s->pcum);
    cumulate(s->pcum, s->pcum, s->lo, s->npos);
    return BONX_OK;
}

static int init_klrl(bonx_sampler *s, double beta, bonx_err *err)
{
    if (s->method == BONX_SIM_LITERAL)
        return bonx_fail(err, BONX_EINVAL, "KL-RL is sampled from its PMF: the literal "
                         "method does not apply");
    double *pi = malloc(s->d->k * sizeof *pi);
    if (!pi)
        return bonx_fail(err, BONX_ENOMEM, "out of memory");
    int rc = bonx_tilt_pmf(s->d, BONX_TILT_REWARD, beta, pi, err);
    if (rc == BONX_OK) {
        position_weights(s->d, pi, s->npos, s->pcum);
        cumulate(s->pcum, s->pcum, 0, s->npos);
    }
    free(pi);
    s->lo = 0;
    return rc;
}

int bonx_sampler_init(bonx_sampler *s, const bonx_dist *d, bonx_sim_policy policy,
                      double param, bonx_sim_method method, bonx_err *err)
{
    memset(s, 0, sizeof *s);
    s->d = d;
    s->policy = policy;
    s->method = method;
    s->param = param;
    int rc = sampler_alloc(s, d, err);
    if (rc == BONX_OK) {
        if (policy == BONX_SIM_BON)
            rc = init_bon(s, param, err);
        else if (policy == BONX_SIM_RR)
            rc = init_rr(s, param, err);
        else
            rc = init_klrl(s, param, err);
    }
    if (rc != BONX_OK)
        bonx_sampler_free(s);
    return rc;
}

void bonx_sampler_free(bonx_sampler *s)
{
    free(s->pos_group);
    free(s->cum);
    free(s->wcum);
    free(s->pcum);
    free(s->thr);
    memset(s, 0, sizeof *s);
}

/* ---- drawing -------------------------------------------------------------------------- */

static size_t draw_position(const bonx_sampler *s, bonx_rng *g)
{
    return search_cum(s->cum, 0, s->npos, bonx_rng_uniform(g));
}

size_t bonx_sample_reference(const bonx_sampler *s, bonx_rng *g)
{
    return s->d->order[draw_position(s, g)];
}

/* An outcome of group j in proportion to p. */
static size_t draw_in_group(const bonx_sampler *s, bonx_rng *g, size_t j)
{
    size_t lo = s->d->g_first[j], hi = s->d->g_first[j + 1];
    if (hi - lo == 1)
        return s->d->order[lo];
    return s->d->order[search_cum(s->wcum, lo, hi, bonx_rng_uniform(g))];
}

static size_t draw_bon_exact(const bonx_sampler *s, bonx_rng *g)
{
    /* the group with F-^n < u <= F^n */
    double u = bonx_rng_uniform_pos(g);
    size_t lo = 0, hi = s->d->ng - 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (u <= s->thr[mid])
            hi = mid;
        else
            lo = mid + 1;
    }
    return draw_in_group(s, g, lo);
}

static size_t draw_bon_literal(const bonx_sampler *s, bonx_rng *g)
{
    long best = -1;
    size_t best_pos = 0;
    uint64_t ties = 0;
    for (uint64_t i = 0; i < s->n_int; i++) {
        size_t pos = draw_position(s, g);
        long gj = s->pos_group[pos];
        if (gj > best) {
            best = gj;
            best_pos = pos;
            ties = 1;
        } else if (gj == best && bonx_rng_below(g, ++ties) == 0) {
            best_pos = pos;   /* reservoir: each tied draw is kept with probability 1/ties */
        }
    }
    return s->d->order[best_pos];
}

static size_t draw_rr(const bonx_sampler *s, bonx_rng *g, double *draws)
{
    if (s->method == BONX_SIM_LITERAL) {
        for (double k = 1;; k++) {
            size_t pos = draw_position(s, g);
            if (s->pos_group[pos] >= s->tau_group) {
                *draws += k;
                return s->d->order[pos];
            }
        }
    }
    /* K ~ Geometric(q) on {1, 2, ...} by inversion */
    double k = 1.0;
    if (s->log1m_q > -INFINITY)
        k += floor(bonx_log(bonx_rng_uniform_pos(g)) / s->log1m_q);
    *draws += k;
    return s->d->order[search_cum(s->pcum, s->lo, s->npos, bonx_rng_uniform(g))];
}

size_t bonx_sampler_draw(const bonx_sampler *s, bonx_rng *g, double *draws)
{
    switch (s->policy) {
    case BONX_SIM_BON:
        *draws += s->param;
        return s->method == BONX_SIM_LITERAL ? draw_bon_literal(s, g) : draw_bon_exact(s, g);
    case BONX_SIM_RR:
        return draw_rr(s, g, draws);
    default:
        *draws += 1.0;
        return s->d->order[search_cum(s->pcum, 0, s->npos, bonx_rng_uniform(g))];
    }
}
