/* SPDX-License-Identifier: MIT */
/* Band-selected corpora as tilts of q in log p: see bands.h (seed 002 §6.1). */
#include <math.h>
#include "bands.h"

double bonx_band_centre(double lo, double hi, size_t b, size_t bands)
{
    return lo + (hi - lo) * (((double)b + 0.5) / (double)bands);
}

/* s_theta (normalised) and its logs; returns E_{s_theta}[log p]. */
static double tilt(size_t k, const double *log_p, const double *logw, double theta, double *s,
                   double *log_s)
{
    double top = -INFINITY;
    for (size_t i = 0; i < k; i++)
        if (logw[i] > -INFINITY)
            top = fmax(top, logw[i] + theta * log_p[i]);
    long double z = 0;
    for (size_t i = 0; i < k; i++)
        if (logw[i] > -INFINITY)
            z += expl((long double)logw[i] + (long double)theta * log_p[i] - top);
    double log_z = top + (double)logl(z);
    long double mean = 0;
    for (size_t i = 0; i < k; i++) {
        if (!(logw[i] > -INFINITY)) {
            s[i] = 0, log_s[i] = -INFINITY;
            continue;
        }
        log_s[i] = (double)((long double)logw[i] + (long double)theta * log_p[i] - log_z);
        s[i] = exp(log_s[i]);
        mean += (long double)s[i] * log_p[i];
    }
    return (double)mean;
}

/* E_{s_theta}[log p] is increasing in theta (its derivative is Var_{s_theta}[log p]):
 * bracket the target by doubling, then bisect to the last bit of theta. */
static double solve_theta(size_t k, const double *log_p, const double *logw, double target,
                          double *s, double *log_s)
{
    double lo = -1, hi = 1;
    while (tilt(k, log_p, logw, lo, s, log_s) > target && lo > -1e280)
        lo *= 2;
    while (tilt(k, log_p, logw, hi, s, log_s) < target && hi < 1e280)
        hi *= 2;
    for (int it = 0; it < 2200; it++) {
        double mid = lo + (hi - lo) / 2;
        if (!(mid > lo && mid < hi))
            break;
        if (tilt(k, log_p, logw, mid, s, log_s) < target)
            lo = mid;
        else
            hi = mid;
    }
    return lo + (hi - lo) / 2;
}

int bonx_bands_samplers(size_t k, const double *log_p, const double *logw, size_t bands,
                        double *s, double *log_s, double *theta, bonx_err *err)
{
    if (!bands)
        return bonx_fail(err, BONX_EINVAL, "bands: need at least one band");
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < k; i++)
        if (logw[i] > -INFINITY)
            lo = fmin(lo, log_p[i]), hi = fmax(hi, log_p[i]);
    if (!(lo <= hi))
        return bonx_fail(err, BONX_EINVAL, "bands: no outcome has probability");
    for (size_t b = 0; b < bands; b++) {
        double th = 0;
        if (hi > lo)
            th = solve_theta(k, log_p, logw, bonx_band_centre(lo, hi, b, bands), s + b * k,
                             log_s + b * k);
        tilt(k, log_p, logw, th, s + b * k, log_s + b * k);
        if (theta)
            theta[b] = th;
    }
    return BONX_OK;
}
