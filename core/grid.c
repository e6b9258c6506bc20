/* SPDX-License-Identifier: MIT */
#include <math.h>
#include "grid.h"
#include "elementary.h"

int bonx_grid(double start, double stop, size_t count, int log_spacing, double *out, bonx_err *err)
{
    if (count == 0)
        return bonx_fail(err, BONX_EINVAL, "grid needs at least one point");
    if (!isfinite(start) || !isfinite(stop))
        return bonx_fail(err, BONX_EINVAL, "grid ends must be finite (%g, %g)", start, stop);
    if (log_spacing && (start <= 0 || stop <= 0))
        return bonx_fail(err, BONX_EINVAL, "log grid needs positive ends (%g, %g)", start, stop);
    out[0] = start;
    if (count == 1)
        return BONX_OK;
    if (start == stop) {
        /* every point is START exactly: interpolating would round to an ulp off */
        for (size_t i = 1; i < count; i++)
            out[i] = start;
        return BONX_OK;
    }
    /* Log spacing works in base 10 with the step multiplied before dividing, so that decade
     * ranges land on exact powers of ten (1..1e6 in 7 points gives 10, not 9.9999999999999982). */
    double a = log_spacing ? bonx_log10(start) : start;
    double b = log_spacing ? bonx_log10(stop) : stop;
    for (size_t i = 1; i + 1 < count; i++) {
        if (log_spacing) {
            out[i] = bonx_pow(10.0, a + (b - a) * (double)i / (double)(count - 1));
        } else {
            /* interpolate from both ends so rounding does not drift toward one end */
            double f = (double)i / (double)(count - 1);
            out[i] = a * (1.0 - f) + b * f;
        }
    }
    out[count - 1] = stop;
    /* rounding (and pow) may step an interior point past a neighbour or an end: keep the grid
     * monotone and inside [start, stop] */
    int up = stop > start;
    for (size_t i = 1; i + 1 < count; i++) {
        double lo = up ? out[i - 1] : stop, hi = up ? stop : out[i - 1];
        out[i] = fmin(fmax(out[i], lo), hi);
    }
    return BONX_OK;
}
