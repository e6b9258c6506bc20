/* SPDX-License-Identifier: MIT */
/* Band-selected corpora (seed 002 §6.1, "causal bootstrapping", and its Fig. 1).
 *
 * The seed builds corpora "uniformly distributed across 10 bands of average log-probability
 * under the prior" from the aligned model q, then compares their probabilities
 * log q(Y^N) = sum_n log q(y_n): corpora on the trade-off line (the typical set) are far more
 * probable than the others.  Drawing from q and keeping corpora by band cannot reach the far
 * bands (they are exponentially rare), so bonx takes, for each band, the distribution of q's
 * strings given that the corpus average of log p lies in it.  By the Gibbs conditioning
 * principle (Sanov's theorem; Cover & Thomas 11.6) that is, for large N, i.i.d. draws from the
 * exponential tilt of q in log p,
 *
 *     s_theta(y) = q(y) p(y)^theta / Z(theta),   theta solving E_{s_theta}[log p] = x_b,
 *
 * the distribution nearest to q (in KL) with mean log prior x_b; our reading of causal
 * bootstrapping (reweighting q's draws towards a band).  x_b is the centre of band b of B
 * equal bands over (min log p, max log p) on the support, per token.  A corpus from band b
 * has log q(Y^N) about -N (H(s_theta) + KL(s_theta||q)): it loses N KL(s_theta||q) nats of
 * probability against the typical corpora of q (theta = 0). */
#ifndef BONX_BANDS_H
#define BONX_BANDS_H

#include <stddef.h>
#include "err.h"

/* The B band samplers.  log_p: log prior (k, -inf where p = 0); logw: unnormalised log
 * weights of q (k, -inf where p = 0); writes s and log_s (bands * k; sampler b at b*k) and,
 * if theta is not NULL, each band's tilt (bands).  A support where log p takes one value has
 * a single band: every sampler is q (theta = 0).  Errors: bands == 0, no support. */
int bonx_bands_samplers(size_t k, const double *log_p, const double *logw, size_t bands,
                        double *s, double *log_s, double *theta, bonx_err *err);

/* Band b's target mean log prior per token (the centre of band b of B over [lo, hi]). */
double bonx_band_centre(double lo, double hi, size_t b, size_t bands);

#endif
