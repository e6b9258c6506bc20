/* SPDX-License-Identifier: MIT */
/* Cumulants of the reward and the Rényi cross entropy (seed 000, "Asymptotics of language
 * model alignment", its large-deviation section; MATH.md §5).
 *
 * The extracted seed keeps only the claim ("a relationship between cumulants of the reward
 * and Rényi cross entropy"); our reading, derived here.  Per token, under the reference p:
 *
 *   Lambda(lambda) = log E_p[e^{lambda r}]                  (cumulant generating function)
 *   kappa_j        = Lambda^{(j)}(0): kappa_1 = E_p[r], kappa_2 = Var_p[r],
 *                    kappa_3 = E_p[(r - kappa_1)^3], kappa_4 = E_p[(r - kappa_1)^4] - 3 kappa_2^2.
 *
 * The optimal tilt p_lambda ∝ p e^{lambda r} (MATH.md §5) has E_{p_lambda}[r] = Lambda'(lambda)
 * and KL(p_lambda||p) = lambda Lambda'(lambda) - Lambda(lambda): the per-token budget Delta of
 * the asymptotic view is the Legendre transform of Lambda (Cramér's rate function) at the
 * optimal reward, and best-of-N with N = e^{m Delta} reaches that reward (Thm 2 of seed 003).
 *
 * Reading the reward as a log-likelihood, r = log q (seed 003: "a reward model may be thought
 * of as the log-likelihood of another ... alignment language model"; q = e^r, not necessarily
 * normalised), the Rényi cross entropy of order alpha,
 *
 *   H_alpha(p||q) = 1/(1 - alpha) * log sum_y p(y) q(y)^{alpha - 1}   (alpha != 1),
 *   H_1(p||q) = -E_p[log q] (the cross entropy; the slides' E_p[r] = -H(p||q)),
 *
 * is the cumulant generating function rescaled:  Lambda(lambda) = -lambda H_{1+lambda}(p||q),
 * so the cumulants are the Taylor coefficients of lambda -> -lambda H_{1+lambda}(p||q)
 * (kappa_1 = -H(p||q)). */
#ifndef BONX_CUMULANT_H
#define BONX_CUMULANT_H

#include "dist.h"

typedef struct bonx_cumulants {
    double k1, k2, k3, k4;   /* kappa_1..kappa_4 of r under p, per token */
} bonx_cumulants;

/* kappa_1..kappa_4 from central moments in double-double (two passes; core/dd.h). */
void bonx_reward_cumulants(const bonx_dist *d, bonx_cumulants *out);

/* The same as k_j * 2^(j scale) with every k_j finite and of order at most 1, for rewards
 * whose cumulants lie beyond the double range (r ~ 1e300 has kappa_4 ~ 1e1200). */
void bonx_reward_cumulants_scaled(const bonx_dist *d, bonx_cumulants *out, int *scale);

/* Lambda(lambda) for any finite lambda, without cancellation near 0 (there as
 * lambda kappa_1 + log1p(sum p expm1(lambda (r - kappa_1)))), else shifted log-sum-exp.
 * Also, if not NULL, Lambda'(lambda) = E_{p_lambda}[r] and Lambda''(lambda) = Var_{p_lambda}[r]. */
double bonx_reward_cgf(const bonx_dist *d, double lambda, double *d1, double *d2);

/* H_alpha(p || e^r), the Rényi cross entropy of order alpha = 1 + lambda with the reward as
 * log q (lambda is passed, not alpha, so that orders near 1 keep their digits); lambda = 0
 * gives the cross entropy -E_p[r].  Computed from the generating function by the identity
 * above, the 1/(1 - alpha) taken exactly: -(shift + rest/lambda), no cancellation near 0. */
double bonx_renyi_cross_entropy(const bonx_dist *d, double lambda);

/* KL(p_lambda || p) = lambda Lambda'(lambda) - Lambda(lambda), the rate function: summed
 * as E_{p_lambda}[psi] terms without cancellation (>= 0). */
double bonx_tilt_rate(const bonx_dist *d, double lambda);

#endif
