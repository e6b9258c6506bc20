/* SPDX-License-Identifier: MIT */
/* Rewind-and-repeat: draw from p until r(y) >= tau.  MATH.md §4. */
#ifndef BONX_RR_H
#define BONX_RR_H

#include "dist.h"

typedef struct bonx_rr_stats {
    double tau;
    double accept_prob;     /* q = P_p[r >= tau], a suffix sum */
    double kl;              /* log(1/q) */
    double win_rate;
    double reward;
    double expected_trials; /* 1/q */
} bonx_rr_stats;

/* Errors: tau NaN; q = 0 (tau above every reward with mass), message names the top reward. */
int bonx_rr_stats_at(const bonx_dist *d, double tau, bonx_rr_stats *out, bonx_err *err);
int bonx_rr_pmf(const bonx_dist *d, double tau, double *pi, bonx_err *err);

/* The levels (distinct rewards with mass, ascending) whose expected draws 1/q are a double:
 * all d->ng but for a top group of subnormal mass (p below 2.2e-308), whose q = its mass
 * makes 1/q overflow (bonx_rr_stats_at refuses such a tau with BONX_ERANGE). */
size_t bonx_rr_level_count(const bonx_dist *d);

/* Statistics at every level (bonx_rr_level_count entries, ascending tau) in one pass over the
 * groups; returns the count. */
size_t bonx_rr_all_levels(const bonx_dist *d, bonx_rr_stats *out);

/* Those levels' rewards: writes and returns bonx_rr_level_count values (out needs d->ng). */
size_t bonx_rr_levels(const bonx_dist *d, double *taus);

/* H_m, the m-th harmonic number (H_0 = 0), for real m >= 0 (digamma(m+1) + gamma);
 * the unbiased KL estimator is H_{K-1} for K observed draws. */
double bonx_harmonic(double m);

#endif
