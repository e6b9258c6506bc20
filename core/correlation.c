/* SPDX-License-Identifier: MIT */
/* Correlations: two-pass (means first, then centred sums) in double-double (core/dd.h), so
 * that nearly collinear data and large offsets keep their digits. */
#include <math.h>
#include <stdlib.h>
#include "correlation.h"
#include "dd.h"

static double weight_of(const double *w, size_t i) { return w ? w[i] : 1.0; }

/* 1 when x takes a single value over the points with weight. */
static int constant_over(size_t n, const double *x, const double *w)
{
    int seen = 0;
    double first = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(weight_of(w, i) > 0))
            continue;
        if (!seen)
            first = x[i], seen = 1;
        else if (x[i] != first)
            return 0;
    }
    return 1;
}

/* v - mean, scaled by 2^-e (exact): the deviations of one variable, at most about 1 */
static bonx_dd deviation(double v, bonx_dd mean, int e)
{
    return bonx_dd_ldexp(bonx_dd_add_d(bonx_dd_neg(mean), v), -e);
}

/* The binary exponent of the largest |v - mean| over the points with weight (0 if none). */
static int spread_exponent(size_t n, const double *v, const double *w, bonx_dd mean)
{
    double top = 0;
    for (size_t i = 0; i < n; i++)
        if (weight_of(w, i) > 0)
            top = fmax(top, fabs(bonx_dd_value(bonx_dd_add_d(bonx_dd_neg(mean), v[i]))));
    int e = 0;
    if (top > 0 && isfinite(top))
        frexp(top, &e);
    return e;
}

double bonx_pearson(size_t n, const double *x, const double *y, const double *w)
{
    if (constant_over(n, x, w) || constant_over(n, y, w))
        return NAN;
    bonx_dd sw = bonx_dd_of(0), mx = sw, my = sw;
    for (size_t i = 0; i < n; i++) {
        double wi = weight_of(w, i);
        if (wi > 0) {
            sw = bonx_dd_add_d(sw, wi);
            bonx_dd_add_prod(&mx, wi, x[i]), bonx_dd_add_prod(&my, wi, y[i]);
        }
    }
    mx = bonx_dd_div(mx, sw), my = bonx_dd_div(my, sw);
    /* the deviations scaled to at most about 1 (rho does not change): their products can
     * neither overflow nor underflow, whatever the data's magnitudes */
    int ex = spread_exponent(n, x, w, mx), ey = spread_exponent(n, y, w, my);
    bonx_dd sxx = bonx_dd_of(0), syy = sxx, sxy = sxx;
    for (size_t i = 0; i < n; i++) {
        double wi = weight_of(w, i);
        if (!(wi > 0))
            continue;
        bonx_dd dx = deviation(x[i], mx, ex), dy = deviation(y[i], my, ey);
        bonx_dd wdx = bonx_dd_mul_d(dx, wi), wdy = bonx_dd_mul_d(dy, wi);
        sxx = bonx_dd_add(sxx, bonx_dd_mul(wdx, dx));
        syy = bonx_dd_add(syy, bonx_dd_mul(wdy, dy));
        sxy = bonx_dd_add(sxy, bonx_dd_mul(wdx, dy));
    }
    if (sxx.hi == 0 || syy.hi == 0)
        return NAN;
    /* two roots, not the root of the product: with tiny weights sxx syy could underflow */
    bonx_dd norm = bonx_dd_mul(bonx_dd_sqrt(sxx), bonx_dd_sqrt(syy));
    double rho = bonx_dd_value(bonx_dd_div(sxy, norm));
    return fmax(-1.0, fmin(1.0, rho));
}

typedef struct ranked { double x; size_t idx; } ranked;

static int cmp_ranked(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    return (a->x > b->x) - (a->x < b->x);
}

int bonx_midranks(size_t n, const double *x, const double *w, double *rank, bonx_err *err)
{
    ranked *o = malloc((n ? n : 1) * sizeof *o);
    if (!o)
        return bonx_fail(err, BONX_ENOMEM, "correlation: out of memory");
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        rank[i] = NAN;
        if (weight_of(w, i) > 0)
            o[m++] = (ranked){x[i], i};
    }
    qsort(o, m, sizeof *o, cmp_ranked);
    bonx_dd below = bonx_dd_of(0);
    for (size_t a = 0; a < m;) {
        size_t b = a;
        bonx_dd group = bonx_dd_of(0);
        for (; b < m && o[b].x == o[a].x; b++)
            group = bonx_dd_add_d(group, weight_of(w, o[b].idx));
        double mid = bonx_dd_value(bonx_dd_add(below, (bonx_dd){group.hi / 2, group.lo / 2}));
        for (size_t j = a; j < b; j++)
            rank[o[j].idx] = mid;
        below = bonx_dd_add(below, group);
        a = b;
    }
    free(o);
    return BONX_OK;
}

int bonx_spearman(size_t n, const double *x, const double *y, const double *w, double *rho,
                  bonx_err *err)
{
    double *rx = malloc((n ? n : 1) * sizeof *rx), *ry = malloc((n ? n : 1) * sizeof *ry);
    int rc = (!rx || !ry) ? bonx_fail(err, BONX_ENOMEM, "correlation: out of memory") : BONX_OK;
    if (!rc)
        rc = bonx_midranks(n, x, w, rx, err);
    if (!rc)
        rc = bonx_midranks(n, y, w, ry, err);
    if (!rc)
        *rho = bonx_pearson(n, rx, ry, w);
    free(rx), free(ry);
    return rc;
}
