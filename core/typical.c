/* SPDX-License-Identifier: MIT */
/* Typical sets, varentropy and the implied reward: see typical.h (seed 002 Eq 4, 9-12). */
#include <math.h>
#include "dd.h"
#include "typical.h"

void bonx_typical_moments(size_t k, const double *s, const double *log_s, double *entropy,
                          double *varentropy)
{
    bonx_dd h = bonx_dd_of(0), v = bonx_dd_of(0);
    for (size_t i = 0; i < k; i++)
        if (s[i] > 0)
            bonx_dd_add_prod(&h, -s[i], log_s[i]);
    /* second pass about the mean: no cancellation of E[(log s)^2] against H^2 */
    for (size_t i = 0; i < k; i++)
        if (s[i] > 0) {
            bonx_dd d = bonx_dd_add_d(h, log_s[i]);
            v = bonx_dd_add(v, bonx_dd_mul_d(bonx_dd_mul(d, d), s[i]));
        }
    *entropy = fmax(bonx_dd_value(h), 0);
    *varentropy = bonx_dd_value(v);
}

void bonx_typical_of(size_t k, const double *s, const double *log_s, size_t m, size_t n,
                     double eps, bonx_typical *out)
{
    bonx_typical_moments(k, s, log_s, &out->entropy, &out->varentropy);
    double var_mean = (double)m * out->varentropy / (double)n;   /* variance of the corpus mean */
    out->eps = eps > 0 ? eps : 2 * sqrt(var_mean);
    if (!(out->varentropy > 0))
        out->chebyshev = 0;   /* the average information content is the constant m H */
    else {
        /* eps^2 can underflow (or var_mean, with N near 2^64): the trivial bound then */
        double ratio = var_mean / (out->eps * out->eps);
        out->chebyshev = ratio >= 0 && ratio < 1 ? ratio : 1.0;
    }
}

int bonx_typical_contains(const bonx_typical *t, size_t m, double avg_info)
{
    double centre = (double)m * t->entropy;
    double slack = 1e-12 * (fabs(centre) + fabs(avg_info));
    return fabs(avg_info - centre) <= t->eps + slack;
}

double bonx_implied_reward(double beta, double log_pi, double log_p)
{
    return beta * (log_pi - log_p);
}
