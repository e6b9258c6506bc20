/* SPDX-License-Identifier: MIT */
/* Correlations: two-pass (means first, then centred sums) in long double, so that
 * nearly collinear data and large offsets keep their digits. */
#include <math.h>
#include <stdlib.h>
#include "correlation.h"

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

double bonx_pearson(size_t n, const double *x, const double *y, const double *w)
{
    if (constant_over(n, x, w) || constant_over(n, y, w))
        return NAN;
    long double sw = 0, mx = 0, my = 0;
    for (size_t i = 0; i < n; i++) {
        double wi = weight_of(w, i);
        if (wi > 0)
            sw += wi, mx += (long double)wi * x[i], my += (long double)wi * y[i];
    }
    mx /= sw, my /= sw;
    long double sxx = 0, syy = 0, sxy = 0;
    for (size_t i = 0; i < n; i++) {
        double wi = weight_of(w, i);
        if (!(wi > 0))
            continue;
        long double dx = x[i] - mx, dy = y[i] - my;
        sxx += wi * dx * dx, syy += wi * dy * dy, sxy += wi * dx * dy;
    }
    if (sxx == 0 || syy == 0)
        return NAN;
    double rho = (double)(sxy / sqrtl(sxx * syy));
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
    long double below = 0;
    for (size_t a = 0; a < m;) {
        size_t b = a;
        long double group = 0;
        for (; b < m && o[b].x == o[a].x; b++)
            group += weight_of(w, o[b].idx);
        double mid = (double)(below + group / 2);
        for (size_t j = a; j < b; j++)
            rank[o[j].idx] = mid;
        below += group;
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
