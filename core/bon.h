/* SPDX-License-Identifier: MIT */
/* Best-of-n: MATH.md §2.  n is real, n >= 1.  Every function is accurate to about 1e-12
 * relative (plus 1e-14 absolute) for n up to 1e15 and finite to 1e300, probabilities down
 * to 1e-300.  Beyond n = 1e15 the estimator band's ends (t KL~ + log of a sum, over t) carry
 * an absolute rounding error of a few eps log n. */
#ifndef BONX_BON_H
#define BONX_BON_H

#include "dist.h"
#include "isa.h"

typedef struct bonx_bon_stats {
    double n;
    double kl;             /* exact KL(pi_n || p) */
    double kl_analytic;    /* log n - (n-1)/n (the literature's formula; an upper bound) */
    double kl_estimate;    /* E_{pi_n}[ KLhat(p(y)) ], the paper's estimator (Def. 4.3) */
    double kl_bound_min;   /* E_{pi_n}[ min(log n, log 1/eps) ] */
    double kl_bound_sat;   /* E_{pi_n}[ log((1 - (1-eps)^n)/eps) ] */
    double est_tilt_lo;    /* tilted average of KLhat at -t (t > 0), "tilted min"; = kl_estimate when t == 0 */
    double est_tilt_hi;    /* tilted average of KLhat at +t, "tilted max" */
    double win_rate;       /* E_{pi_n}[C(y)] */
    double win_rate_alt;   /* 1 - E_p[F^n + F-^n]/2; equals win_rate */
    double win_rate_bound; /* n/(n+1) */
    double reward;         /* E_{pi_n}[r] */
    double expected_draws; /* n */
} bonx_bon_stats;

/* The largest spread parameter t accepted.  Beyond it t times the estimator's terms overflows
 * (the band came out NaN at t = 1e308), and at 1e300 the band already equals its t -> inf
 * limit, the estimator's min and max, to double precision for any KL above ~1e-290. */
#define BONX_T_MAX 1e300

/* All statistics at one n; t >= 0 is the estimator's spread parameter (0: no band).
 * Errors: n < 1 or NaN, t < 0, NaN or above BONX_T_MAX. */
int bonx_bon_stats_at(const bonx_dist *d, double n, double t, bonx_bon_stats *out, bonx_err *err);

/* bonx_bon_stats_at at count values ns[i] (any order; out[i] for ns[i]), several n per pass
 * over the groups: about 4x faster than one call per n on long grids, with or without the
 * estimator band (t > 0; where t KL~_n > 700 those n go through bonx_bon_stats_at).  Agrees with
 * bonx_bon_stats_at to about 1e-15 relative (not bit for bit: the series/general path
 * choices and the tail cut-off are made for 4 n at a time).  Errors as bonx_bon_stats_at,
 * checked for every n before anything is written. */
int bonx_bon_stats_batch(const bonx_dist *d, const double *ns, size_t count, double t,
                         bonx_bon_stats *out, bonx_err *err);

/* A grid of n prepared for many distributions (the explorer's curves: the same grid after
 * every edit): what bonx_bon_stats_batch derives from n alone (logs, the estimator's series
 * coefficients) computed once.  Errors as bonx_bon_stats_at for any n. */
typedef struct bonx_bon_grid bonx_bon_grid;
int bonx_bon_grid_new(bonx_bon_grid **out, const double *ns, size_t count, bonx_err *err);
void bonx_bon_grid_free(bonx_bon_grid *g);

/* bonx_bon_stats_batch(d, ns + first, count, t, out, err) over the grid's points, the same
 * bits where first is a multiple of 4 and count is too (or reaches the grid's end), that
 * call run by run of 4 (otherwise that call itself).  out[i] is for grid point first + i. */
int bonx_bon_stats_grid(const bonx_dist *d, const bonx_bon_grid *g, size_t first, size_t count,
                        double t, bonx_bon_stats *out, bonx_err *err);

/* pi_n for every outcome (k values; 0 where p = 0). */
int bonx_bon_pmf(const bonx_dist *d, double n, double *pi, bonx_err *err);

/* Group masses P_n(G) = F^n - F-^n given log n (works for astronomically large n, e.g.
 * n = exp(m*Delta)).  logP[j] = log P_n(group j), -inf where it underflows to 0. */
void bonx_bon_group_logmass(const bonx_dist *d, double log_n, double *logP);

/* For tests: bonx_bon_stats_batch on the portable path (BONX_ISA_PLAIN) or, where the CPU
 * has it, AVX2 (BONX_ISA_AVX2); the two give the same bits (core/isa.h). */
int bonx_bon_stats_batch_isa(const bonx_dist *d, const double *ns, size_t count, double t,
                             bonx_bon_stats *out, bonx_err *err, bonx_isa isa);

/* Scalar pieces, exposed for tests and the simulator. */
double bonx_kl_analytic(double n);               /* log n - (n-1)/n, accurate near n = 1 */
double bonx_klhat(double n, double eps);         /* Def. 4.3, eps in (0,1] */
double bonx_kl_bound_min1(double n, double eps); /* min(log n, log 1/eps) */
double bonx_kl_bound_sat1(double n, double eps); /* log((1-(1-eps)^n)/eps) */
double bonx_blockwise_bound(double n, double L, double M); /* ceil(L/M) * KL~_n */

#endif
