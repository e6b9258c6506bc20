/* SPDX-License-Identifier: MIT */
/* KL-regularised RL: the tilted policy pi_beta(y) = p(y) exp(s(y)/beta) / Z, MATH.md §3.
 * s is the reward r (BONX_TILT_REWARD) or the calibrated reward C (BONX_TILT_CALIBRATED;
 * the optimal win-rate-vs-KL frontier).  beta = +inf gives p. */
#ifndef BONX_TILT_H
#define BONX_TILT_H

#include "dist.h"

typedef enum { BONX_TILT_REWARD = 0, BONX_TILT_CALIBRATED = 1 } bonx_tilt_kind;

typedef struct bonx_tilt_stats {
    double beta;      /* > 0, may be +inf */
    double kl;        /* KL(pi_beta || p) */
    double win_rate;  /* E_pi[C] */
    double reward;    /* E_pi[r] */
    double log_z;     /* log Z(beta) with the scores shifted so that max s = 0 */
} bonx_tilt_stats;

/* Errors: beta <= 0 or NaN. */
int bonx_tilt_stats_at(const bonx_dist *d, bonx_tilt_kind kind, double beta,
                       bonx_tilt_stats *out, bonx_err *err);
int bonx_tilt_pmf(const bonx_dist *d, bonx_tilt_kind kind, double beta, double *pi, bonx_err *err);

/* Largest KL the family approaches as beta -> 0: log(1/mass of the top score group). */
double bonx_tilt_kl_max(const bonx_dist *d, bonx_tilt_kind kind);

/* Solve KL(pi_beta || p) = kl_target for beta, to full double precision.  kl_target = 0 gives
 * +inf.  Errors: kl_target < 0 or NaN; kl_target >= bonx_tilt_kl_max (message names the max);
 * a beta beyond the doubles, or below the normal ones where it would round by more than 1e-13
 * relative (max(rel_tol/4, 1e-13) for the _tol form). */
int bonx_tilt_beta_for_kl(const bonx_dist *d, bonx_tilt_kind kind, double kl_target,
                          double *beta, bonx_err *err);

/* The same, stopping once |KL - kl_target| <= rel_tol * kl_target (0: full precision); for
 * callers that only need a point near a KL, such as the ends of a plotted family. */
int bonx_tilt_beta_for_kl_tol(const bonx_dist *d, bonx_tilt_kind kind, double kl_target,
                              double rel_tol, double *beta, bonx_err *err);

/* Betas where a plotted family starts (KL about 1e-5 kl_max, at most 1e-4 kl_max) and ends
 * (KL within about 1e-5 of kl_max), from closed forms: cheap, not exact.  Both +inf when
 * kl_max = 0. */
void bonx_tilt_family_range(const bonx_dist *d, bonx_tilt_kind kind, double *beta_small_kl,
                            double *beta_near_max);

/* The score tilted by group j: r, or C - 1 = -(S + g/2) for the calibrated tilt (a constant
 * shift of C that keeps the digits of rare top groups). */
double bonx_tilt_score(const bonx_dist *d, bonx_tilt_kind kind, size_t j);

/* A whole family at once (tilt_family.c): out[i] = the statistics at betas[i], to the same
 * accuracy as bonx_tilt_stats_at.  Where lambda * (score spread) <= 2 it sums a power series
 * in lambda over moments of the scores computed once; the other betas walk the groups 4 at a
 * time (one per vector lane), taking blocks of groups narrow enough for the beta as series
 * over their moments (a tree built once per call).  Betas whose KL would lose digits go
 * through bonx_tilt_stats_at.  Fastest with the betas in order (neighbours share a walk). */
int bonx_tilt_family(const bonx_dist *d, bonx_tilt_kind kind, const double *betas, size_t n,
                     bonx_tilt_stats *out, bonx_err *err);

#endif
