/* SPDX-License-Identifier: MIT */
/* Band-selected corpora as tilts of q in log p: see bands.h (seed 002 §6.1). */
#include <math.h>
#include "bands.h"
#include "dd.h"
#include "elementary.h"

double bonx_band_centre(double lo, double hi, size_t b, size_t bands)
{
    return lo + (hi - lo) * (((double)b + 0.5) / (double)bands);
}

/* logw + theta log_p - top, in double-double: the exponent and log of each weight keep
 * the digits a double would round away before they are normalised. */
static bonx_dd tilted(double logw, double log_p, double theta, double top)
{
    return bonx_dd_add_d(bonx_dd_add_d(bonx_two_prod(theta, log_p), logw), -top);
}

/* s_theta (normalised) and its logs; returns E_{s_theta}[log p]. */
static double tilt(size_t k, const double *log_p, const double *logw, double theta, double *s,
                   double *log_s)
{
    double top = -INFINITY;
    for (size_t i = 0; i < k; i++)
        if (logw[i] > -INFINITY)
            top = fmax(top, logw[i] + theta * log_p[i]);
    /* sum e^x, x = hi + lo <= 0 (about): e^hi (1 + lo), and e^hi's rounding is all that is
     * left; compensated, so z keeps a double's accuracy over any number of outcomes */
    bonx_dd z = bonx_dd_of(0);
    for (size_t i = 0; i < k; i++)
        if (logw[i] > -INFINITY) {
            bonx_dd x = tilted(logw[i], log_p[i], theta, top);
            double e = bonx_exp(x.hi);
            z = bonx_dd_add(z, bonx_two_sum(e, e * x.lo));
        }
    /* log z = log(z.hi) + log1p(z.lo / z.hi), the second a tiny correction */
    bonx_dd log_z = bonx_dd_add_d(bonx_dd_of(bonx_log(z.hi)), z.lo / z.hi);
    log_z = bonx_dd_add_d(log_z, top);
    bonx_dd mean = bonx_dd_of(0);
    for (size_t i = 0; i < k; i++) {
        if (!(logw[i] > -INFINITY)) {
            s[i] = 0, log_s[i] = -INFINITY;
            continue;
        }
        bonx_dd x = tilted(logw[i], log_p[i], theta, 0);
        log_s[i] = bonx_dd_value(bonx_dd_sub(x, log_z));
        s[i] = bonx_exp(log_s[i]);
        bonx_dd_add_prod(&mean, s[i], log_p[i]);
    }
    return bonx_dd_value(mean);
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
