/* SPDX-License-Identifier: MIT */
/* Seed 003's type lemmas (core/types.h): the margins of the type-probability bounds, the
 * chance that best-of-N's N = e^(m delta) draws miss a type inside the KL ball or hit one
 * outside, against mpmath over every type (tests/ref/types_ref.py); the bounds over random
 * tables; the lemmas' limits as m grows; errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "dist.h"
#include "rng.h"
#include "types.h"

static void assert_close(double got, double want, double tol)
{
    if (!(fabs(got - want) <= tol)) {
        print_error("got %.17g want %.17g (diff %.3g, tol %.3g)\n", got, want,
                    fabs(got - want), tol);
        fail();
    }
}

typedef struct ref_case {
    size_t k;
    double w[4];
    int m;
    double delta;
    double upper, lower, miss, hit;
} ref_case;

static const ref_case REFS[] = {
    {3, {0.5, 0.3, 0.2}, 8, 0.3,
     0.0, 2.0648216980914950241, 0.7128495163691723843, 0.2898093863782748531},
    {3, {0.5, 0.3, 0.2}, 40, 0.3,
     0.0, 3.5325427032366073922, 0.000054001863041485430589, 0.0026359981546920488336},
    {2, {0.9, 0.1}, 25, 0.2,
     0.0, 1.4136492349676555111, 0.027495424512164960474, 0.011653976549454487066},
    {4, {1, 2, 3, 4}, 6, 0.5,
     0.0, 3.0527192049276015243, 0.70460928725563248194, 0.37725215511260822837},
    /* N = e^500: P_out is below the double range, N P_out is not */
    {3, {0.5, 0.3, 0.2}, 1000, 0.5, 0.0, 0, 0, 1.746980854176225836048684202158492622673e-109},
};

static void test_against_mpmath(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof REFS / sizeof *REFS; i++) {
        const ref_case *c = &REFS[i];
        double r[4] = {0, 1, 2, 3};
        bonx_dist d;
        assert_int_equal(bonx_dist_init(&d, c->k, c->w, r, NULL), 0);
        bonx_type_lemmas t;
        assert_int_equal(bonx_type_lemmas_at(&d, c->m, c->delta, 1e6, &t, NULL), 0);
        /* the margins are differences of lgamma sums of size m log m: absolute digits */
        assert_close(t.upper_margin, c->upper, 1e-13 * c->m * log(c->m + 1.0));
        if (c->m < 1000)   /* the last case checks the hit only */
            assert_close(t.lower_margin, c->lower, 1e-13 * c->m * log(c->m + 1.0));
        /* (1 - P)^N and 1 - (1 - P_out)^N: N log(1 - P) carries the lgamma error times N P */
        assert_close(t.miss_inside, c->miss, 1e-11 * (c->miss + 1e-300) + 1e-300);
        assert_close(t.hit_outside, c->hit, 1e-11 * c->hit);   /* seen: 6.4e-14 at m = 1000 */
        bonx_dist_free(&d);
    }
}

/* (m+1)^-(K-1) e^(-m KL) <= P(T(t)) <= e^(-m KL) for every type of many random tables, the
 * upper bound tight (0) at the pure types; probabilities in [0, 1]. */
static void test_bounds_random(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 1003);
    for (int trial = 0; trial < 200; trial++) {
        size_t k = 1 + (size_t)trial % 6;
        double w[6], r[6];
        for (size_t i = 0; i < k; i++) {
            w[i] = bonx_rng_uniform(&g) < 0.2 ? pow(10, -150 * bonx_rng_uniform(&g))
                                               : 0.05 + bonx_rng_uniform(&g);
            r[i] = (double)i;
        }
        bonx_dist d;
        assert_int_equal(bonx_dist_init(&d, k, w, r, NULL), 0);
        int m = 1 + trial % 37;
        double delta = 0.01 + 2 * bonx_rng_uniform(&g);
        bonx_type_lemmas t;
        assert_int_equal(bonx_type_lemmas_at(&d, m, delta, 1e6, &t, NULL), 0);
        double tol = 1e-12 * m * log(m + 1.0);
        assert_close(t.upper_margin, 0, tol);
        assert_true(t.lower_margin >= -tol);
        assert_true(t.miss_inside >= 0 && t.miss_inside <= 1);
        assert_true(t.hit_outside >= 0 && t.hit_outside <= 1);
        bonx_dist_free(&d);
    }
}

/* The lemmas' limits: as m grows (N = e^(m delta)) both chances fall to 0. */
static void test_lemmas_limit(void **state)
{
    (void)state;
    double w[3] = {0.5, 0.3, 0.2}, r[3] = {0, 1, 2};
    bonx_dist d;
    assert_int_equal(bonx_dist_init(&d, 3, w, r, NULL), 0);
    bonx_type_lemmas t;
    assert_int_equal(bonx_type_lemmas_at(&d, 400, 0.3, 1e6, &t, NULL), 0);
    assert_true(t.miss_inside < 1e-100);
    assert_true(t.hit_outside < 1e-12);
    assert_int_equal(bonx_type_lemmas_at(&d, 4, 0.3, 1e6, &t, NULL), 0);
    assert_true(t.miss_inside > 0.1 && t.hit_outside > 0.1);
    bonx_err e = {0};
    assert_int_not_equal(bonx_type_lemmas_at(&d, 0, 0.3, 1e6, &t, &e), 0);
    assert_int_not_equal(bonx_type_lemmas_at(&d, 3, 0, 1e6, &t, &e), 0);
    assert_int_not_equal(bonx_type_lemmas_at(&d, 3000, 0.3, 1e6, &t, &e), 0);
    assert_non_null(strstr(e.msg, "types at m = 3000"));
    bonx_dist_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_mpmath),
        cmocka_unit_test(test_bounds_random),
        cmocka_unit_test(test_lemmas_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
