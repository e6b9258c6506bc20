/* SPDX-License-Identifier: MIT */
/* Pearson and Spearman, plain and weighted: Anscombe's quartet (r = 0.816, values to 30
 * digits from exact decimal arithmetic), Spearman with ties against a hand computation,
 * weights against repeated data, and random data against a quad evaluation. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include "quad.h"
#include <stdlib.h>
#include <cmocka.h>
#include "correlation.h"
#include "rng.h"
#include <float.h>

static void assert_close(double got, double want, double tol)
{
    if (!(fabs(got - want) <= tol)) {
        print_error("got %.17g want %.17g (diff %.3g)\n", got, want, fabs(got - want));
        fail();
    }
}

static double spearman(size_t n, const double *x, const double *y, const double *w)
{
    double rho = -2;
    bonx_err e = {0};
    assert_int_equal(bonx_spearman(n, x, y, w, &rho, &e), 0);
    return rho;
}

static void anscombe(void **state)
{
    (void)state;
    static const double x[11] = {10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5};
    static const double y[3][11] = {
        {8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68},
        {9.14, 8.14, 8.74, 8.77, 9.26, 8.10, 6.13, 3.10, 9.13, 7.26, 4.74},
        {7.46, 6.77, 12.74, 7.11, 7.81, 8.84, 6.08, 5.39, 8.15, 6.42, 5.73},
    };
    static const double x4[11] = {8, 8, 8, 8, 8, 8, 8, 19, 8, 8, 8};
    static const double y4[11] = {6.58, 5.76, 7.71, 8.84, 8.47, 7.04, 5.25, 12.50, 5.56, 7.91, 6.89};
    static const double want[4] = {0.81642051634483984, 0.81623650600024275,
                                   0.81628673948959821, 0.81652143688850284};
    for (int s = 0; s < 3; s++)
        assert_close(bonx_pearson(11, x, y[s], NULL), want[s], 1e-14);
    assert_close(bonx_pearson(11, x4, y4, NULL), want[3], 1e-14);
    /* symmetric, and affine maps change only the sign */
    assert_close(bonx_pearson(11, y[0], x, NULL), want[0], 1e-14);
    double neg[11];
    for (int i = 0; i < 11; i++)
        neg[i] = -3 * x[i] + 1e6;
    assert_close(bonx_pearson(11, neg, y[0], NULL), -want[0], 1e-12);
    /* Anscombe III by rank: one outlier does not matter; 10 of 11 pairs concordant.
     * x and y3 have no ties: rho = 1 - 6 sum d^2 / (n (n^2 - 1)) with sum d^2 = 2. */
    assert_close(spearman(11, x, y[2], NULL), 1 - 6.0 * 2 / (11 * 120), 1e-15);
}

static void spearman_ties_by_hand(void **state)
{
    (void)state;
    /* ranks x: 1, 2.5, 2.5, 4; y: 1, 3, 2, 4; centred sums 4.5, 4.5, 5 */
    double x[4] = {1, 2, 2, 3}, y[4] = {1, 3, 2, 4};
    assert_close(spearman(4, x, y, NULL), 4.5 / sqrt(4.5 * 5), 1e-15);
    /* both with ties: x ranks 1.5,1.5,3,4,5; y ranks 1, 2.5, 2.5, 4.5, 4.5 */
    double x2[5] = {0, 0, 1, 2, 3}, y2[5] = {-1, 5, 5, 7, 7};
    double rx[5] = {1.5, 1.5, 3, 4, 5}, ry[5] = {1, 2.5, 2.5, 4.5, 4.5};
    assert_close(spearman(5, x2, y2, NULL), bonx_pearson(5, rx, ry, NULL), 1e-15);
    /* that Pearson by hand: dx = (-1.5,-1.5,0,1,2), dy = (-2,-.5,-.5,1.5,1.5):
     * sxy = 3 + .75 + 0 + 1.5 + 3 = 8.25, sxx = 9.5, syy = 9 */
    assert_close(spearman(5, x2, y2, NULL), 8.25 / sqrt(9.5 * 9), 1e-15);
}

static void midranks_weighted(void **state)
{
    (void)state;
    double x[5] = {3, 1, 3, 2, 100}, w[5] = {1, 2, 1, 1, 0}, rank[5];
    assert_int_equal(bonx_midranks(5, x, w, rank, NULL), 0);
    assert_true(rank[0] == 4 && rank[1] == 1 && rank[2] == 4 && rank[3] == 2.5);
    assert_true(isnan(rank[4]));
    assert_int_equal(bonx_midranks(5, x, NULL, rank, NULL), 0);
    assert_true(rank[1] == 0.5 && rank[3] == 1.5 && rank[0] == 3 && rank[4] == 4.5);
}

/* Data at the top of the double range: p = (1, 2, 3, 3)/9, x = log p, y = (DBL_MAX, 0, 0, 0).
 * mpmath (40 digits): weighted by p -0.88424183923827273, unweighted -0.92950663185160233.
 * (The weighted mean's deviation DBL_MAX - E[y] once overflowed inside a two-sum: rho = 1.) */
static void top_of_range(void **state)
{
    (void)state;
    double p[] = {1.0 / 9, 2.0 / 9, 3.0 / 9, 3.0 / 9}, x[4], y[] = {DBL_MAX, 0, 0, 0};
    for (int i = 0; i < 4; i++)
        x[i] = log(p[i]);
    assert_close(bonx_pearson(4, x, y, p), -0.88424183923827273, 1e-14);
    assert_close(bonx_pearson(4, x, y, NULL), -0.92950663185160233, 1e-14);
}

static void undefined_is_nan(void **state)
{
    (void)state;
    double x[3] = {1, 2, 3}, c[3] = {0.1, 0.1, 0.1}, w1[3] = {0, 1, 0};
    assert_true(isnan(bonx_pearson(3, x, c, NULL)));
    assert_true(isnan(bonx_pearson(3, c, x, NULL)));
    assert_true(isnan(bonx_pearson(3, x, x, w1)));   /* all weight on one point */
    assert_true(isnan(bonx_pearson(1, x, x, NULL)));
    assert_true(isnan(bonx_pearson(0, x, x, NULL)));
    assert_true(isnan(spearman(3, x, c, NULL)));
    assert_true(isnan(spearman(0, x, x, NULL)));
    /* a zero-weight point does not count, whatever its values */
    double x2[4] = {1, 2, 3, 1e300}, y2[4] = {2, 1, 3, -1e300}, w2[4] = {1, 1, 1, 0};
    assert_close(bonx_pearson(4, x2, y2, w2), bonx_pearson(3, x2, y2, NULL), 1e-15);
    assert_close(spearman(4, x2, y2, w2), spearman(3, x2, y2, NULL), 1e-15);
}

static void perfect_and_offset(void **state)
{
    (void)state;
    double x[50], y[50];
    for (int i = 0; i < 50; i++)
        x[i] = 1e9 + i * 1e-3, y[i] = 7 - 2 * (x[i] - 1e9);
    assert_close(bonx_pearson(50, x, y, NULL), -1, 1e-12);
    assert_close(spearman(50, x, y, NULL), -1, 1e-15);
}

static double quad_pearson(size_t n, const double *x, const double *y, const double *w)
{
    quad sw = qd(0), mx = qd(0), my = qd(0), sxx = qd(0), syy = qd(0), sxy = qd(0);
    for (size_t i = 0; i < n; i++) {
        sw = qadd(sw, qd(w[i]));
        mx = qadd(mx, qmul(qd(w[i]), qd(x[i])));
        my = qadd(my, qmul(qd(w[i]), qd(y[i])));
    }
    mx = qdiv(mx, sw), my = qdiv(my, sw);
    for (size_t i = 0; i < n; i++) {
        quad dx = qsub(qd(x[i]), mx), dy = qsub(qd(y[i]), my), wi = qd(w[i]);
        sxx = qadd(sxx, qmul(qmul(wi, dx), dx));
        syy = qadd(syy, qmul(qmul(wi, dy), dy));
        sxy = qadd(sxy, qmul(qmul(wi, dx), dy));
    }
    return qdbl(qdiv(sxy, sqrtq(qmul(sxx, syy))));
}

/* Weighted = unweighted over the data with each point repeated w times; and Pearson against
 * quad, over random data with ties and offsets. */
static void random_against_repeats_and_quad(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 7);
    double x[12], y[12], w[12], xr[12 * 5], yr[12 * 5];
    for (int trial = 0; trial < 2000; trial++) {
        size_t n = 2 + bonx_rng_below(&g, 11), m = 0;
        double off = bonx_rng_below(&g, 2) ? 1e6 : 0;
        for (size_t i = 0; i < n; i++) {
            x[i] = off + (double)bonx_rng_below(&g, 5);          /* ties */
            y[i] = x[i] * (bonx_rng_uniform(&g) - 0.3) + bonx_rng_uniform(&g);
            w[i] = (double)bonx_rng_below(&g, 5);
            for (int c = 0; c < (int)w[i]; c++)
                xr[m] = x[i], yr[m++] = y[i];
        }
        double pw = bonx_pearson(n, x, y, w), pr = bonx_pearson(m, xr, yr, NULL);
        assert_true(isnan(pw) == isnan(pr));
        if (isnan(pw))
            continue;
        assert_close(pw, pr, 1e-9);
        assert_close(pw, quad_pearson(n, x, y, w), 1e-9);
        assert_close(spearman(n, x, y, w), spearman(m, xr, yr, NULL), 1e-12);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(anscombe),
        cmocka_unit_test(spearman_ties_by_hand),
        cmocka_unit_test(midranks_weighted),
        cmocka_unit_test(undefined_is_nan),
        cmocka_unit_test(top_of_range),
        cmocka_unit_test(perfect_and_offset),
        cmocka_unit_test(random_against_repeats_and_quad),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
