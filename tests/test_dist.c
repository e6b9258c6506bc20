/* SPDX-License-Identifier: MIT */
/* The distribution model (MATH.md §1) and parameter grids: CDFs against direct long-double
 * sums, tie groups, extreme weights, input errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <string.h>
#include <cmocka.h>
#include "dist.h"
#include "grid.h"
#include "rng.h"
#include "numeric.h"

static void assert_rel(double got, double want, double rel, double abs_tol)
{
    if (!(fabs(got - want) <= rel * fabs(want) + abs_tol)) {
        print_error("got %.17g want %.17g (rel err %.3g)\n", got, want,
                    fabs(got - want) / fabs(want));
        fail();
    }
}

static void example1(void **state)
{
    (void)state;
    bonx_dist d;
    bonx_err e = {0};
    double w[] = {1, 1}, r[] = {0, 1};
    assert_int_equal(bonx_dist_init(&d, 2, w, r, &e), 0);
    assert_int_equal(d.ng, 2);
    assert_true(d.p[0] == 0.5 && d.p[1] == 0.5);
    assert_true(d.F[0] == 0.5 && d.Fm[0] == 0 && d.S[0] == 0.5 && d.C[0] == 0.25);
    assert_true(d.F[1] == 1 && d.Fm[1] == 0.5 && d.S[1] == 0 && d.C[1] == 0.75);
    assert_true(d.g_logF[1] == 0 && isinf(d.g_logratio[0]));
    assert_rel(d.g_logratio[1], -M_LN2, 1e-16, 0);
    assert_rel(bonx_dist_kl_ceiling(&d), M_LN2, 1e-16, 0);
    bonx_dist_free(&d);
}

static void ties_and_zero_mass(void **state)
{
    (void)state;
    bonx_dist d;
    bonx_err e = {0};
    /* outcome 3 has no mass; outcomes 1 and 4 tie */
    double w[] = {2, 1, 0, 2, 5}, r[] = {1, 0, 0.5, 1, 3};
    assert_int_equal(bonx_dist_init(&d, 5, w, r, &e), 0);
    assert_int_equal(d.ng, 3);
    assert_int_equal(d.group[2], -1);
    assert_int_equal(d.group[0], 1);
    assert_int_equal(d.group[3], 1);
    assert_rel(d.g[1], 0.4, 1e-16, 0);
    assert_rel(d.F[2], 0.1, 1e-16, 0);
    assert_rel(d.Fm[2], 0.1, 1e-16, 0);
    assert_rel(d.S[2], 0.9, 1e-16, 0);
    assert_rel(d.C[0], 0.1 + 0.2, 1e-15, 0);
    assert_rel(d.S[0], 0.5, 1e-16, 0);
    /* order is by (reward, index) */
    size_t want[] = {1, 0, 3, 4};
    for (int i = 0; i < 4; i++)
        assert_int_equal(d.order[i], want[i]);
    assert_int_equal(bonx_dist_group_at_or_below(&d, -1), -1);
    assert_int_equal(bonx_dist_group_at_or_below(&d, 0.7), 0);
    assert_int_equal(bonx_dist_group_at_or_below(&d, 1), 1);
    assert_int_equal(bonx_dist_group_at_or_below(&d, 1e9), 2);
    /* distinct eps within the tie group: both 0.4/2 = 0.2, merged */
    assert_int_equal(d.g_ufirst[2] - d.g_ufirst[1], 1);
    assert_rel(d.u_mass[d.g_ufirst[1]], 0.4, 1e-16, 0);
    bonx_dist dc;
    assert_int_equal(bonx_dist_copy(&dc, &d, &e), 0);
    assert_true(dc.k == 5 && dc.S[2] == d.S[2] && dc.g_logF[1] == d.g_logF[1]);
    bonx_dist_free(&dc);
    bonx_dist_free(&d);
}

static void extreme_weights(void **state)
{
    (void)state;
    bonx_dist d;
    bonx_err e = {0};
    double w[] = {1e300, 1e-300 * 1e300, 3e300}, r[] = {5, 9, -2};
    /* second weight is 1: p = 1/4e300, far below the others */
    assert_int_equal(bonx_dist_init(&d, 3, w, r, &e), 0);
    assert_rel(d.p[1], 0.25e-300, 1e-15, 0);
    assert_rel(d.S[0], 0.25e-300, 1e-15, 0); /* suffix sum keeps the tiny tail */
    assert_rel(d.g_logF[1], -0.25e-300, 1e-15, 0);
    assert_rel(d.g_logF[2], 0, 0, 0);
    assert_rel(bonx_dist_kl_ceiling(&d), -log(0.25e-300), 1e-15, 0);
    assert_rel(d.r_scale, 9, 0, 0);
    bonx_dist_free(&d);
    double w2[] = {1e-300, 1e-300}, r2[] = {0, 0};
    assert_int_equal(bonx_dist_init(&d, 2, w2, r2, &e), 0);
    assert_true(d.ng == 1 && d.p[0] == 0.5 && d.g[0] == 1 && d.g_logF[0] == 0);
    assert_true(d.r_scale == 1);
    bonx_dist_free(&d);
}

static void input_errors(void **state)
{
    (void)state;
    bonx_dist d;
    bonx_err e = {0};
    double r[] = {0, 1, 2};
    double neg[] = {1, -1, 1}, nan_w[] = {1, 1, NAN}, zero[] = {0, 0, 0}, inf_w[] = {INFINITY, 1, 1};
    double bad_r[] = {0, INFINITY, 1};
    assert_int_equal(bonx_dist_init(&d, 0, neg, r, &e), BONX_EINVAL);
    assert_int_equal(bonx_dist_init(&d, 3, neg, r, &e), BONX_EINVAL);
    assert_non_null(strstr(e.msg, "weight 2"));
    assert_int_equal(bonx_dist_init(&d, 3, nan_w, r, &e), BONX_EINVAL);
    assert_non_null(strstr(e.msg, "weight 3"));
    assert_int_equal(bonx_dist_init(&d, 3, inf_w, r, &e), BONX_EINVAL);
    assert_int_equal(bonx_dist_init(&d, 3, zero, r, &e), BONX_EINVAL);
    assert_non_null(strstr(e.msg, "zero"));
    assert_int_equal(bonx_dist_init(&d, 3, zero + 0, bad_r, &e), BONX_EINVAL);
    double one[] = {1, 1, 1};
    assert_int_equal(bonx_dist_init(&d, 3, one, bad_r, &e), BONX_EINVAL);
    assert_non_null(strstr(e.msg, "reward 2"));
    assert_true(d.k == 0 && d.p == NULL);
    bonx_dist_free(&d);
}

/* Random distributions with ties and zero weights: every CDF against a direct long-double sum
 * over all outcomes (quadratic, written without groups). */
static void random_cdfs(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 11);
    for (int trial = 0; trial < 2000; trial++) {
        size_t k = 1 + bonx_rng_below(&g, 40);
        double w[40], r[40];
        for (size_t i = 0; i < k; i++) {
            int kind = (int)bonx_rng_below(&g, 6);
            w[i] = kind == 0 ? 0 : kind == 1 ? exp(-300 * bonx_rng_uniform(&g)) : bonx_rng_uniform_pos(&g);
            r[i] = (double)bonx_rng_below(&g, 12) - 6; /* many ties */
        }
        w[bonx_rng_below(&g, k)] = 1;
        bonx_dist d;
        bonx_err e = {0};
        assert_int_equal(bonx_dist_init(&d, k, w, r, &e), 0);
        long double tot = 0;
        for (size_t i = 0; i < k; i++)
            tot += w[i];
        for (size_t i = 0; i < k; i++) {
            long double F = 0, Fm = 0, S = 0;
            for (size_t z = 0; z < k; z++) {
                if (r[z] <= r[i]) F += w[z] / tot;
                if (r[z] < r[i]) Fm += w[z] / tot;
                if (r[z] > r[i]) S += w[z] / tot;
            }
            assert_rel(d.p[i], (double)(w[i] / tot), 1e-15, 0);
            assert_rel(d.F[i], (double)F, 1e-14, 0);
            assert_rel(d.Fm[i], (double)Fm, 1e-14, 0);
            assert_rel(d.S[i], (double)S, 1e-14, 0);
            assert_rel(d.C[i], (double)(Fm + (F - Fm) / 2), 1e-14, 0);
            if (d.group[i] >= 0) {
                long j = d.group[i];
                assert_rel(d.g_logF[j], (double)(S < 0.5L ? log1pl(-S) : logl(F)), 1e-14, 1e-300);
                assert_true(d.g_r[j] == r[i]);
            }
        }
        bonx_dist_free(&d);
    }
}

static void grids(void **state)
{
    (void)state;
    double out[256];
    bonx_err e = {0};
    assert_int_equal(bonx_grid(1, 1e6, 256, 1, out, &e), 0);
    assert_true(out[0] == 1 && out[255] == 1e6);
    for (int i = 1; i < 256; i++) {
        assert_true(out[i] > out[i - 1]);
        assert_rel(out[i] / out[i - 1], pow(1e6, 1.0 / 255), 1e-13, 0);
    }
    /* decade grids land exactly on the powers of ten (the tables print them) */
    assert_int_equal(bonx_grid(1, 1e6, 7, 1, out, &e), 0);
    for (int i = 0; i < 7; i++)
        assert_true(out[i] == pow(10.0, i));
    assert_int_equal(bonx_grid(1e-3, 1e3, 61, 1, out, &e), 0);
    for (int i = 0; i < 61; i += 10)
        assert_true(out[i] == pow(10.0, i / 10 - 3));
    assert_int_equal(bonx_grid(-1, 1, 5, 0, out, &e), 0);
    assert_true(out[0] == -1 && out[1] == -0.5 && out[2] == 0 && out[3] == 0.5 && out[4] == 1);
    assert_int_equal(bonx_grid(3, 7, 1, 1, out, &e), 0);
    assert_true(out[0] == 3);
    assert_int_equal(bonx_grid(0, 1, 5, 1, out, &e), BONX_EINVAL);
    assert_int_equal(bonx_grid(1, NAN, 5, 0, out, &e), BONX_EINVAL);
    assert_int_equal(bonx_grid(1, 2, 0, 0, out, &e), BONX_EINVAL);
}

/* Issue 11 item 8: START == STOP gave 15.000000000000002 among the 15s; every point is START
 * exactly, linear or log.  And random ranges stay monotone and inside their ends. */
static void grid_constant_and_monotone(void **state)
{
    (void)state;
    double out[257];
    bonx_err e = {0};
    const double ends[] = {15, 0.1, -3.7, 1e-300, 1e300, 4.9e-324, 1.7976931348623157e308};
    for (size_t t = 0; t < sizeof ends / sizeof ends[0]; t++)
        for (int lg = 0; lg <= 1; lg++) {
            if (lg && ends[t] <= 0)
                continue;
            for (size_t c = 1; c <= 257; c += 8) {
                assert_int_equal(bonx_grid(ends[t], ends[t], c, lg, out, &e), 0);
                for (size_t i = 0; i < c; i++)
                    assert_true(out[i] == ends[t]);
            }
        }
    bonx_rng g;
    bonx_rng_seed(&g, 11);
    for (int t = 0; t < 2000; t++) {
        double a = ldexp(bonx_rng_uniform(&g) - 0.5, (int)bonx_rng_below(&g, 40) - 20);
        double b = a * (1 + ldexp(bonx_rng_uniform(&g) - 0.5, -(int)bonx_rng_below(&g, 50)));
        int lg = a > 0 && b > 0 && (t & 1);
        size_t c = 2 + bonx_rng_below(&g, 255);
        assert_int_equal(bonx_grid(a, b, c, lg, out, &e), 0);
        assert_true(out[0] == a && out[c - 1] == b);
        for (size_t i = 1; i < c; i++)
            assert_true(b >= a ? out[i] >= out[i - 1] : out[i] <= out[i - 1]);
    }
}

/* Issue 11 item 4: subnormal probabilities.  Their log mass comes from the weights (the
 * subnormal p has lost digits); a weight whose probability would underflow to 0 is refused
 * (it silently lost its mass before). */
static void subnormal_masses(void **state)
{
    (void)state;
    double w[] = {9, 131e-320, 21e-320, 131e-320}, r[] = {1, 37, 3, 37};
    bonx_dist d;
    bonx_err e = {0};
    assert_int_equal(bonx_dist_init(&d, 4, w, r, &e), 0);
    assert_int_equal(d.ng, 3);
    long double tot = (long double)w[0] + w[1] + w[2] + w[3];
    assert_rel(d.g_logg[1], (double)logl(w[2] / tot), 1e-15, 0);
    assert_rel(d.g_logg[2], (double)logl((w[1] + w[3]) / tot), 1e-15, 0);
    assert_true(d.g[2] < 2.2250738585072014e-308 && d.g[2] > 0);
    bonx_dist_free(&d);
    double w2[] = {1, 4.9e-324}, r2[] = {0, 1};   /* p = 2.5e-324 rounds to 0: no mass */
    assert_int_equal(bonx_dist_init(&d, 2, w2, r2, &e), 0);
    assert_int_equal(d.ng, 1);
    assert_true(d.p[1] == 0 && d.group[1] == -1);
    bonx_dist_free(&d);
    double w3[] = {0.25, 4.9e-324}, r3[] = {0, 1};   /* p = 4.9e-324 * 4: kept */
    assert_int_equal(bonx_dist_init(&d, 2, w3, r3, &e), 0);
    assert_int_equal(d.ng, 2);
    bonx_dist_free(&d);
}

static void numeric_helpers(void **state)
{
    (void)state;
    /* digamma against quad-free closed forms: psi(1) = -gamma, psi(1/2) = -gamma - 2 ln 2 */
    const double gam = 0.57721566490153286061;
    assert_rel(bonx_digamma(1), -gam, 1e-15, 0);
    assert_rel(bonx_digamma(0.5), -gam - 2 * M_LN2, 1e-15, 0);
    assert_rel(bonx_digamma(1e10), log(1e10) - 0.5e-10, 1e-15, 0);
    assert_rel(bonx_log1mexp(-1e-20), log(1e-20), 1e-15, 0);
    assert_rel(bonx_log1mexp(-50), -exp(-50), 1e-15, 0);
    bonx_ksum k = {0, 0};
    bonx_ksum_add(&k, 1);
    bonx_ksum_add(&k, 1e-17);
    bonx_ksum_add(&k, -1);
    assert_rel(bonx_ksum_value(&k), 1e-17, 1e-15, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(example1),
        cmocka_unit_test(ties_and_zero_mass),
        cmocka_unit_test(extreme_weights),
        cmocka_unit_test(input_errors),
        cmocka_unit_test(random_cdfs),
        cmocka_unit_test(grids),
        cmocka_unit_test(grid_constant_and_monotone),
        cmocka_unit_test(subnormal_masses),
        cmocka_unit_test(numeric_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
