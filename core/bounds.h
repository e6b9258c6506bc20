/* SPDX-License-Identifier: MIT */
/* The best-of-n paper's bounds (seed 001 sections 3, 4, 5, 7; MATH.md §2), checked live.
 *
 * The extracted seed lost its formulas; each one here is reconstructed from the text around
 * it and derived again (bounds.c and doc/BOUNDS.md give the derivations).  The paper assumes
 * unique rewards (Assumption 2.1); with ties best-of-n picks tie groups, so every "outcome"
 * below is a tie group G of mass g, with F- the mass below it and F = F- + g.  On untied
 * tables that is the paper's statement word for word.
 *
 * Notation: KL~_n = log n - (n-1)/n (Eq 4), the KL gap Delta_n = KL~_n - KL(pi_n||p) (Eq 14),
 * the win-rate gap Delta^w_n = n/(n+1) - WR(pi_n||p) (Eq 33), eps_inf = g_top, the mass of
 * the best group (Eq 20), eps = the largest group mass (Def 3.3: p is eps-bound),
 * H_a(p) = log(sum g^a)/(1-a) the Renyi entropy of order a of the groups (Eq 16). */
#ifndef BONX_BOUNDS_H
#define BONX_BOUNDS_H

#include <stddef.h>
#include "dist.h"

typedef struct bonx_bounds {
    double n;
    /* KL gap, Thm 3.4 / Cor 3.5 above it and Thm 3.6 / Cor 3.7 below it. */
    double kl_gap;              /* Delta_n, summed group by group (no cancellation) */
    double kl_gap_upper;        /* Thm 3.4: C(n,2) e^{-H_2} (n >= 2), (n-1) e^{-(n-1)H_2} (n < 2) */
    double kl_gap_upper_eps;    /* Cor 3.5: C(n,2) eps (n >= 2), (n-1) eps^(n-1) (n < 2) */
    double kl_gap_lower;        /* Thm 3.6: the top group's share of the gap, exact */
    double kl_gap_lower_asym;   /* Cor 3.7: log(n eps_inf) - 1 + 1/n (can be negative) */
    /* Win-rate gap, Thm 5.4 / Cor 5.5 above it, Thm 5.6 / Cor 5.7 below it. */
    double win_rate_gap;        /* Delta^w_n, summed group by group */
    double win_rate_gap_upper;  /* Thm 5.4: n(n-1)/12 e^{-2H_3} (n >= 2), below
                                 * (n-1)/(2(n+1)) e^{-(2-n)H_2 - 2(n-1)H_3} */
    double win_rate_gap_upper_eps; /* Cor 5.5: n(n-1)/12 eps^2 (n >= 2), (n-1)/(2(n+1)) eps^n */
    double win_rate_gap_lower;  /* Thm 5.6: the top group's share of the gap, exact */
    double win_rate_gap_lower_asym; /* Cor 5.7: eps_inf/2 - 1/(n+1) (can be negative) */
    /* Conjecture 4.4: E_{pi_n}[KLhat] >= KL(pi_n||p). */
    double est_excess;          /* E[KLhat] - KL, from the caller's stats */
    int conj44_violated;        /* est_excess < -(rounding allowance) */
    /* Conjecture 7.2 (our reading): WR(pi_n) <= m/(m+1) where KL~_m = KL(pi_n||p), i.e.
     * the margin KL~(WR/(1-WR)) - KL(pi_n||p) is <= 0. */
    double conj72_margin;
    int conj72_violated;        /* margin > rounding allowance: a counterexample */
} bonx_bounds;

/* Every bound at n (real n >= 1).  kl, kl_estimate are best-of-n's exact KL and the
 * estimator's expectation at this n (bonx_bon_stats_at), used only by the two conjecture
 * checks.  Returns 0, or -1 when n is not a number >= 1. */
int bonx_bounds_at(const bonx_dist *d, double n, double kl, double kl_estimate,
                   bonx_bounds *out);
/* bonx_bounds_at without the two gap sums (kl_gap and win_rate_gap are NaN): one pass of
 * exp per group instead of up to ~1000 operations, for checking the conjectures at every
 * point of a large table. */
int bonx_bounds_checks(const bonx_dist *d, double n, double kl, double kl_estimate,
                       bonx_bounds *out);

/* The cheap part only (no per-group gap sums): the four KL-gap bounds and the four win-rate
 * gap bounds at n, from sum g^2 and sum g^3 (bonx_bounds_renyi_of, once per table) and the
 * top group.  For charts evaluated at many n. */
typedef struct bonx_bounds_renyi { double s2, s3, eps, eps_inf; } bonx_bounds_renyi;
void bonx_bounds_renyi_of(const bonx_dist *d, bonx_bounds_renyi *out);
void bonx_bounds_cheap(const bonx_dist *d, const bonx_bounds_renyi *rn, double n,
                       bonx_bounds *out);

/* bonx_bounds_cheap for charts: the top group's two gaps from their closed forms, which
 * lose relative digits where n eps_inf is small (they are then ~1e-16 of the formula, far
 * below a pixel) but cost a few logs instead of up to ~1000: the recompute calls it at every
 * grid n.  Never for printed numbers. */
void bonx_bounds_chart(const bonx_dist *d, const bonx_bounds_renyi *rn, double n,
                       bonx_bounds *out);

/* Lemma A.1 (Eq 45/80): the Jensen gap of group [F-, F] at n, delta = F^n D(n, F-/F), with
 * D(n, t) = (1 - t^n)(KL~_n - log((1 - t^n)/(1 - t))) - (n - 1) t^n log t; computed without
 * cancellation.  The KL gap is the sum of these over groups.  h = 1 - t = g/F and
 * log_t = log(F-/F) (-inf for the lowest group) are both passed to keep their digits. */
double bonx_bounds_kl_gap_part(double n, double h, double log_t);
/* Lemma A.4 (Eq 95): the trapezoid gap of group [F-, F] at n divided by F^(n+1):
 * W(n, t) = h (1 + t^n)/2 - (1 - t^(n+1))/(n+1); the win-rate gap is sum F^(n+1) W. */
double bonx_bounds_wr_gap_part(double n, double h, double log_t);

/* Section 7 (Def 7.1): bounds on the win rate vs KL tradeoff curve of best-of-n, as
 * parametric curves in m (ascending ms[], count points) written to kl[] and wr[]:
 *   BONX_TRADE_LOWER_A6  Thm A.6: (KL~_m, m/(m+1) - Thm 5.4 bound), below every point;
 *   BONX_TRADE_UPPER_A7  Thm A.7: (running max of KL~_m - Thm 3.4 bound, m/(m+1)), capped
 *                        at the limit 1 - eps_inf/2, above every point;
 *   BONX_TRADE_CONJ72    Conj 7.2: (KL~_m, m/(m+1)).
 * Points where a coordinate is not finite or KL < 0 get kl = NaN (not drawn). */
typedef enum { BONX_TRADE_LOWER_A6, BONX_TRADE_UPPER_A7, BONX_TRADE_CONJ72 } bonx_trade_bound;
void bonx_bounds_tradeoff(const bonx_dist *d, bonx_trade_bound which, const double *ms,
                          size_t count, double *kl, double *wr);
/* The same from bounds already computed at ascending ms (b[i].n, with KL~ in kla[i]). */
void bonx_bounds_tradeoff_from(const bonx_bounds *b, const double *kla, size_t kla_stride,
                               size_t count, double eps_inf, bonx_trade_bound which,
                               double *kl, double *wr);

#endif
