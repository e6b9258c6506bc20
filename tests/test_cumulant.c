/* SPDX-License-Identifier: MIT */
/* Seed 000's link between the reward's cumulants and the Rényi cross entropy
 * (core/cumulant.h): cumulants, Lambda, Lambda', H_alpha(p || e^r) from its own definition
 * and KL(p_lambda || p) against mpmath (tests/ref/cumulant_ref.py, 60 digits); the identity
 * Lambda(lambda) = -lambda H_{1+lambda}, the Taylor series of Lambda in the cumulants, and
 * the asymptotic view's tilt (KL(p_lambda||p) = Delta, E_{p_lambda}[r] its optimal reward)
 * over random tables. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "asym.h"
#include "cumulant.h"
#include "dist.h"
#include "rng.h"

static void assert_close(double got, double want, double tol)
{
    if (!(fabs(got - want) <= tol)) {
        print_error("got %.17g want %.17g (diff %.3g, tol %.3g)\n", got, want,
                    fabs(got - want), tol);
        fail();
    }
}

static void rel(double got, double want, double r)
{
    assert_close(got, want, r * fabs(want) + 1e-300);
}

typedef struct at_lambda { double lambda, cgf, d1, renyi, kl; } at_lambda;
typedef struct ref_case {
    size_t k;
    double w[4], r[4];
    double k1, k2, k3, k4;
    size_t nl;
    at_lambda at[4];
} ref_case;

/* tests/ref/cumulant_ref.py */
static const ref_case REFS[] = {
    {3, {0.5, 0.3, 0.2}, {-1.5141277326297755, -2.2072749131897207, -0.40047756659712525},
     -1.4993418535912289923, 0.3919606204174277525, 0.1589364299778247848,
     -0.093935620437951373565, 4,
     {{1e-9, -1.4993418533952487755e-9, -1.4993418531992683718, 1.4993418533952486821,
       1.9598031026169271064e-19},
      {0.37, -0.52667943087342200239, -1.3445154479159848668, 1.4234579212795189425,
       0.02920871514450760764},
      {-2.5, 4.5780461533685598701, -2.0403077069416970119, 1.831218461347423948,
       0.52272311398568265976},
      {12, -6.4151647835469026026, -0.40048194146385248531, 0.53459706529557521689,
       1.609381485980672779}}},
    {2, {1, 1}, {0, 1}, 0.5, 0.25, 0.0, -0.125, 3,
     {{1e-6, 5.0000012499999997737e-7, 0.50000024999999999998, -0.50000012499999999999,
       1.2499999999998436369e-13},
      {1, 0.62011450695827752463, 0.73105857863000487925, -0.62011450695827752463,
       0.11094407167172735462},
      {-40, -0.69314718055994530517, 4.2483542552915889773e-18, -0.017328679513998632629,
       0.69314718055994513523}}},
    {4, {1e-200, 3, 1, 2}, {7, 0.25, -3, 1}, -0.041666666666666666667, 1.8628472222222222222,
     -3.9259259259259259259, 2.7509584780092592593, 4,
     {{0.001, -0.000040735897261622079512, -0.039805781947425321037, 0.040735897261622078664,
       9.301153141967576463e-7},
      {0.8, 0.31310711001627212194, 0.62088411479904488049, -0.3913838875203401307,
       0.18360018182296381003},
      {-5, 13.20824079782166317, -2.9999991289968022259, 2.6416481595643326339,
       1.79175484716234796},
      {30, 28.901387711585674997, 0.99999999980966148375, -0.96337959038618916657,
       1.0986122827041695157}}},
};

static void test_against_mpmath(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof REFS / sizeof *REFS; i++) {
        const ref_case *c = &REFS[i];
        bonx_dist d;
        assert_int_equal(bonx_dist_init(&d, c->k, c->w, c->r, NULL), 0);
        bonx_cumulants k;
        bonx_reward_cumulants(&d, &k);
        double scale = fabs(c->k1) + sqrt(c->k2);
        assert_close(k.k1, c->k1, 1e-15 * scale);
        rel(k.k2, c->k2, 1e-14);
        assert_close(k.k3, c->k3, 1e-14 * pow(scale, 3));
        assert_close(k.k4, c->k4, 1e-14 * pow(scale, 4));
        for (size_t j = 0; j < c->nl; j++) {
            const at_lambda *a = &c->at[j];
            double d1, d2;
            double cgf = bonx_reward_cgf(&d, a->lambda, &d1, &d2);
            /* Lambda = lambda kappa_1 + (>= 0): absolute error relative to those two terms */
            assert_close(cgf, a->cgf, 1e-14 * (fabs(a->lambda * c->k1) + fabs(a->cgf)));
            assert_close(d1, a->d1, 1e-14 * (fabs(a->d1) + scale));
            /* the identity: H_{1+lambda}(p || e^r), defined on its own in the script */
            assert_close(bonx_renyi_cross_entropy(&d, a->lambda), a->renyi,
                         1e-14 * (fabs(a->renyi) + fabs(c->k1)));
            assert_close(-a->lambda * bonx_renyi_cross_entropy(&d, a->lambda), cgf,
                         1e-14 * (fabs(a->lambda * c->k1) + fabs(cgf)));
            rel(bonx_tilt_rate(&d, a->lambda), a->kl, 1e-13);
        }
        /* alpha = 1: the cross entropy -E_p[r] */
        assert_true(bonx_renyi_cross_entropy(&d, 0) == -k.k1);
        bonx_dist_free(&d);
    }
}

static void random_table(bonx_rng *g, size_t k, double *w, double *r)
{
    for (size_t i = 0; i < k; i++) {
        double u = bonx_rng_uniform(g);
        w[i] = u < 0.2 ? pow(10, -100 * bonx_rng_uniform(g)) : 0.1 + bonx_rng_uniform(g);
        r[i] = bonx_rng_uniform(g) < 0.2 ? 0.5 : 6 * bonx_rng_uniform(g) - 3;
    }
}

/* Lambda(lambda) = k1 l + k2 l^2/2 + k3 l^3/6 + k4 l^4/24 + O(l^5): the cumulants are the
 * Taylor coefficients of -lambda H_{1+lambda}; Lambda'' is the tilted variance (>= 0), and
 * Lambda is convex: Lambda(l) >= l Lambda'(0) = l k1. */
static void test_taylor_and_convexity(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 2404);
    for (int trial = 0; trial < 300; trial++) {
        size_t k = 2 + (size_t)trial % 10;
        double w[12], r[12];
        random_table(&g, k, w, r);
        bonx_dist d;
        assert_int_equal(bonx_dist_init(&d, k, w, r, NULL), 0);
        bonx_cumulants c;
        bonx_reward_cumulants(&d, &c);
        double spread = d.r_max - d.r_min;
        for (double l = 1e-3; l < 0.05; l *= 3)
            for (int sgn = -1; sgn <= 1; sgn += 2) {
                double x = sgn * l / (spread > 0 ? spread : 1);
                double taylor = c.k1 * x + c.k2 * x * x / 2 + c.k3 * pow(x, 3) / 6 +
                                c.k4 * pow(x, 4) / 24;
                double cgf = bonx_reward_cgf(&d, x, NULL, NULL);
                /* the remainder is about k5 x^5/120 <= (spread x)^5 */
                assert_close(cgf, taylor, 2 * pow(fabs(x) * (spread + 1e-300), 5) +
                                              1e-15 * (fabs(c.k1 * x) + fabs(cgf)));
                assert_close(-x * bonx_renyi_cross_entropy(&d, x), cgf,
                             1e-15 * (fabs(c.k1 * x) + fabs(cgf)) + 1e-300);
            }
        for (double x = -20; x <= 20; x += 2.5) {
            double d1, d2, cgf = bonx_reward_cgf(&d, x, &d1, &d2);
            assert_true(d2 >= 0);
            assert_true(cgf >= x * c.k1 - 1e-13 * (fabs(x * c.k1) + fabs(cgf)));
            assert_true(d1 >= d.r_min - 1e-12 && d1 <= d.r_max + 1e-12);
            /* KL(p_lambda||p) = lambda Lambda' - Lambda (>= 0) */
            double kl = bonx_tilt_rate(&d, x);
            assert_true(kl >= 0);
            assert_close(kl, x * d1 - cgf, 1e-12 * (fabs(x * d1) + fabs(cgf) + 1e-3));
        }
        bonx_dist_free(&d);
    }
}

/* The asymptotic view's tilt: KL(p_lambda||p) = Delta (the rate function at the optimal
 * reward) and E_{p_lambda}[r] = Lambda'(lambda) is its optimal reward per token. */
static void test_asym_tilt(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 3);
    int checked = 0;
    for (int trial = 0; trial < 40; trial++) {
        size_t k = 2 + (size_t)trial % 4;
        double w[6], r[6];
        random_table(&g, k, w, r);
        bonx_dist d;
        assert_int_equal(bonx_dist_init(&d, k, w, r, NULL), 0);
        bonx_asym as;
        memset(&as, 0, sizeof as);
        bonx_err e = {0};
        int rc = bonx_asym_prepare(&as, &d, 2, &e);
        if (rc)
            print_error("asym: %s\n", e.msg);
        assert_int_equal(rc, 0);
        double delta = as.delta_max * (0.05 + 0.9 * bonx_rng_uniform(&g));
        if (!(delta > 1e-9)) {   /* the top group holds all but 1e-100 of the mass */
            bonx_asym_free(&as);
            bonx_dist_free(&d);
            continue;
        }
        checked++;
        bonx_asym_point pt;
        rc = bonx_asym_at(&as, delta, &pt, &e);
        if (rc)
            print_error("asym: %s\n", e.msg);
        assert_int_equal(rc, 0);
        double d1;
        bonx_reward_cgf(&d, pt.lambda, &d1, NULL);
        assert_close(d1, pt.optimal_reward_per_token, 1e-12 * (fabs(d1) + 1));
        rel(bonx_tilt_rate(&d, pt.lambda), delta, 1e-10);
        bonx_asym_free(&as);
        bonx_dist_free(&d);
    }
    assert_true(checked > 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_mpmath),
        cmocka_unit_test(test_taylor_and_convexity),
        cmocka_unit_test(test_asym_tilt),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
