/* SPDX-License-Identifier: MIT */
/* Simulation: sanity-checking the exact formulas by sampling with the seeded bonx_rng.
 *
 * Samplers (all inverse-CDF with binary search on cumulative tables over the outcomes in
 * ascending reward order):
 *   - best-of-n literal: n draws from p, keep the best, ties broken uniformly among the
 *     tied draws (integer n);
 *   - best-of-n exact: u ~ U(0,1], the group j with F-^n < u <= F^n (thresholds F^n =
 *     exp(n log F) precomputed once per n), then an outcome of the group in proportion to p:
 *     cost independent of n;
 *   - rewind-and-repeat literal: draw from p until r >= tau, counting draws;
 *     rewind-and-repeat exact: draws ~ Geometric(q) by inversion, outcome from pi_tau;
 *   - KL-RL: from its PMF (bonx_tilt_pmf), reward tilt.
 *
 * bonx_simulate runs S samples and measures, against the exact values: the distribution,
 * the win rate against fresh reference draws (ties count half), the reward, the draws from
 * p per returned sample, the oracle KL (mean of log pi(y)/p(y)), and the KL estimators as
 * random variables: the paper's KLhat(n, p(y)) for best-of-n (with tilted min/max), the
 * harmonic H_{K-1} for rewind-and-repeat. */
#ifndef BONX_SIMULATE_H
#define BONX_SIMULATE_H

#include <stddef.h>
#include <stdint.h>
#include "dist.h"
#include "rng.h"

typedef enum { BONX_SIM_BON = 0, BONX_SIM_RR, BONX_SIM_KLRL } bonx_sim_policy;
typedef enum { BONX_SIM_EXACT = 0, BONX_SIM_LITERAL } bonx_sim_method;

/* Largest work the literal samplers accept: samples * expected draws. */
#define BONX_SIM_MAX_DRAWS 1e10

typedef struct bonx_sampler {
    const bonx_dist *d;           /* not owned; must outlive the sampler */
    bonx_sim_policy policy;
    bonx_sim_method method;
    double param;                 /* n, tau or beta */
    uint64_t n_int;               /* literal best-of-n: n */
    size_t npos;                  /* outcomes with p > 0 (positions in d->order) */
    long *pos_group;              /* group of each position */
    double *cum;                  /* p, cumulative over positions, last = 1 */
    double *wcum;                 /* p within each group, cumulative, normalised, last = 1 */
    double *pcum;                 /* the policy (rr exact, klrl), cumulative over positions */
    double *thr;                  /* best-of-n exact: F^n per group */
    size_t lo;                    /* rr: first accepted position; klrl/rr exact: pcum from lo */
    long tau_group;               /* rr: lowest accepted group */
    double q, log1m_q;            /* rr: acceptance probability, log(1-q) */
} bonx_sampler;

/* Errors: bon with n < 1 or NaN, literal with n not an integer or above 2^53; rr with tau
 * NaN or above every reward with mass (q = 0); klrl with beta <= 0 or NaN, or the literal
 * method (KL-RL is sampled from its PMF only). */
int bonx_sampler_init(bonx_sampler *s, const bonx_dist *d, bonx_sim_policy policy,
                      double param, bonx_sim_method method, bonx_err *err);
void bonx_sampler_free(bonx_sampler *s);

/* One sample of the policy: returns the outcome index (user order) and adds to *draws the
 * number of draws from p it took (best-of-n: n; rr: K; klrl: 1). */
size_t bonx_sampler_draw(const bonx_sampler *s, bonx_rng *g, double *draws);
/* One draw from p. */
size_t bonx_sample_reference(const bonx_sampler *s, bonx_rng *g);

/* One measured quantity. */
typedef struct bonx_sim_row { double exact, mean, se; } bonx_sim_row;

typedef struct bonx_sim_spec {
    bonx_sim_policy policy;
    bonx_sim_method method;
    double param;         /* n, tau or beta */
    uint64_t samples;     /* >= 2 (a standard error needs two) */
    uint64_t seed;
    double t;             /* best-of-n: tilt of the estimator's tilted min/max (> 0), 0: none */
    size_t hist_bins;     /* histogram of the estimator; 0: none */
    size_t running_points;/* checkpoints of the estimator's running mean; 0: none */
} bonx_sim_spec;

typedef struct bonx_sim_result {
    size_t k;
    bonx_sim_row *pi;        /* k rows in the user's order (exact 0 and mean 0 where p = 0) */
    bonx_sim_row win_rate, reward, draws;
    /* Pearson's chi-square of the counts against the exact distribution (outcomes expected
     * fewer than 5 times pooled into one cell): mean = the statistic, exact = its
     * expectation under the exact distribution (the degrees of freedom), se = sqrt(2 df).
     * All 0 when there is a single cell. */
    bonx_sim_row chi_square;
    bonx_sim_row kl;         /* exact KL(pi||p); mean of log pi(y)/p(y) over the samples */
    int has_estimator;       /* bon: KLhat; rr: H_{K-1}; klrl: none */
    bonx_sim_row estimator;  /* exact: E[KLhat] (bon) or log(1/q) (rr) */
    int has_tilt;            /* bon with t > 0 */
    bonx_sim_row est_tilt_lo, est_tilt_hi;   /* (1/t') log mean e^(t' X) at t' = -t, +t */
    /* Histogram of the estimator: bins of equal width over [hist_lo, hist_hi]; values above
     * hist_hi are counted in the last bin.  hist_exact is the exact probability of each bin
     * (NaN when it would be too costly: rr with 1/q above 1e6). */
    size_t hist_bins;
    double hist_lo, hist_hi;
    double *hist_count, *hist_exact;
    /* Running mean of the estimator (klrl: of log pi(y)/p(y)) after running_at[i] samples. */
    size_t running_points;
    double *running_at, *running_mean;
} bonx_sim_result;

/* Run spec on d.  res must be zero-initialised (or freed) before; free with
 * bonx_sim_result_free.  Errors: those of bonx_sampler_init; samples < 2; t < 0 or NaN;
 * literal work above BONX_SIM_MAX_DRAWS (the message suggests --method exact). */
int bonx_simulate(const bonx_dist *d, const bonx_sim_spec *spec, bonx_sim_result *res,
                  bonx_err *err);
void bonx_sim_result_free(bonx_sim_result *res);

#endif
