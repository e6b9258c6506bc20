/* SPDX-License-Identifier: MIT */
/* Typicality of an aligned model's corpora (seed 002 §5.1, Eq 9-12, App B.1) and the reward
 * an aligned model implies (seed 002 Eq 4).  MATH.md §6.
 *
 * The extracted seed lost its formulas; our reading, from the text around them:
 *   Eq 9   the "pointwise joint entropy" is the entropy of the aligned model,
 *          H(q) = -sum q log q (per token; a string of m i.i.d. tokens has m H(q));
 *   Eq 10  the eps-typical set of corpora of N strings,
 *          T_eps^N = { y_1..y_N : | -(1/N) sum_n log q(y_n) - H | <= eps }
 *          (eps in nats per string; we take the closed set, which only makes the bound of
 *          Eq 11 hold a fortiori);
 *   Eq 11  with the varentropy V = Var_q[-log q(Y)] (footnote 5: "often called the
 *          varentropy"; per string m V), Chebyshev on the mean of N i.i.d. values:
 *          P(Y^N not in T_eps^N) <= P(|mean - H| >= eps) <= V / (N eps^2)
 *          (App B.1, Eq 20a-c);
 *   Eq 12  (Prop 1) since log q = log p + r/beta - log Z (Eq 1/4), a corpus in T_eps^N has
 *          | avg r - beta (log Z - H - avg log p) | <= beta eps: it lies within beta eps of
 *          the trade-off line (6.2), with probability at least 1 - V/(N eps^2);
 *   Eq 4   an aligned model pi of a prior p at scaling beta implies the reward
 *          r(y) = beta log(pi(y)/p(y)) + beta log Z (the "secret" reward of Rafailov et al.);
 *          bonx prints it without the constant, beta log(pi/p); for the KL-RL optimum
 *          q = p e^{r/beta}/Z that is r - beta log Z, the true reward shifted. */
#ifndef BONX_TYPICAL_H
#define BONX_TYPICAL_H

#include <stddef.h>

typedef struct bonx_typical {
    double entropy;      /* H(s) per token, nats */
    double varentropy;   /* V(s) = Var_s[-log s] per token, nats^2 */
    double eps;          /* half-width of T_eps^N, nats per string */
    double chebyshev;    /* Eq 11: min(1, m V / (N eps^2)); 0 when V = 0 */
} bonx_typical;

/* Entropy and varentropy of the distribution s (k values summing to 1) with logs log_s
 * (-inf where s = 0, ignored there), in two passes of double-double (core/dd.h).  Both
 * >= 0. */
void bonx_typical_moments(size_t k, const double *s, const double *log_s, double *entropy,
                          double *varentropy);

/* Eq 11 for corpora of N strings of m tokens from s: eps > 0 as given, or eps <= 0 (or NaN)
 * for the default 2 sqrt(m V / N) (two standard deviations of the corpus's average
 * information content: the bound is then 1/4).  V = 0 gives eps 0 (with the default) and a
 * bound of 0: every corpus then has the same average information content. */
void bonx_typical_of(size_t k, const double *s, const double *log_s, size_t m, size_t n,
                     double eps, bonx_typical *out);

/* Whether a corpus with average information content avg_info (nats per string, the mean of
 * -log s over its strings) lies in T_eps^N: |avg_info - m H| <= eps, with an allowance of
 * 1e-12 of the magnitudes for the rounding of the two sums. */
int bonx_typical_contains(const bonx_typical *t, size_t m, double avg_info);

/* Eq 4 without its constant: beta (log_pi - log_p), the reward under which an aligned model
 * with log probability log_pi is the KL-RL optimum of the prior log_p at scaling beta.
 * Finite when both logs are finite; -inf where pi = 0 < p (the caller decides). */
double bonx_implied_reward(double beta, double log_pi, double log_p);

#endif
