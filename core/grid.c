#include <math.h>
#include "grid.h"

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
    double a = log_spacing ? log(start) : start;
    double b = log_spacing ? log(stop) : stop;
    for (size_t i = 1; i + 1 < count; i++) {
        /* interpolate from both ends so rounding does not drift toward one end */
        double f = (double)i / (double)(count - 1);
        double x = a * (1.0 - f) + b * f;
        out[i] = log_spacing ? exp(x) : x;
    }
    out[count - 1] = stop;
    return BONX_OK;
}
