/* SPDX-License-Identifier: MIT */
/* The best-of-n paper's bounds (core/bounds.c, seed 001 sections 3, 5, 7): the gaps against
 * independent quad (tests/quad.h) sums of the closed forms and against mpmath values where even quad
 * cancels, the bounds' order (lower <= gap <= upper) over random tables with ties, Example 1's
 * closed forms, the conjecture checks (a counterexample to Conj 7.2 as we read it), and the
 * tradeoff curves on the right side of every best-of-n point. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "check.h"
#include "bon.h"
#include "bounds.h"
#include "rng.h"

/* Independent reference: per group, in quad, the Jensen gap I - P log(P/g) with
 * I = P log n + (n-1)(F^n log F - F-^n log F- - P/n), and the trapezoid gap
 * g (F-^n + F^n)/2 - (F^(n+1) - F-^(n+1))/(n+1); F from prefix sums of the raw p. */
static void quad_gaps(const bonx_dist *d, double n_d, quad *kl_gap, quad *wr_gap)
{
    quad n = qd(n_d), F = qd(0), gap = qd(0), wg = qd(0), zero = qd(0), one = qd(1);
    quad nm1 = qsub(n, one), np1 = qadd(n, one);
    for (size_t j = 0; j < d->ng; j++) {
        quad g = qd(0);
        for (size_t i = 0; i < d->k; i++)
            if (d->group[i] == (long)j)
                g = qadd(g, qd(d->w[i]));
        quad W = qd(0);
        for (size_t i = 0; i < d->k; i++)
            W = qadd(W, qd(d->w[i]));
        g = qdiv(g, W);
        quad Fm = F;
        F = qadd(F, g);
        quad Fn = powq(F, n), Fmn = j == 0 ? zero : powq(Fm, n), P = qsub(Fn, Fmn);
        quad below = j == 0 ? zero : qmul(Fmn, logq(Fm));
        quad I = qadd(qmul(P, logq(n)),
                      qmul(nm1, qsub(qsub(qmul(Fn, logq(F)), below), qdiv(P, n))));
        gap = qadd(gap, qsub(I, qgt(P, zero) ? qmul(P, logq(qdiv(P, g))) : zero));
        quad trap = qdiv(qmul(g, qadd(Fmn, Fn)), qd(2));
        quad integral = qdiv(qsub(powq(F, np1), j == 0 ? zero : powq(Fm, np1)), np1);
        wg = qadd(wg, qsub(trap, integral));
    }
    *kl_gap = gap;
    *wr_gap = wg;
}

static bonx_bounds bounds_at(const bonx_dist *d, double n)
{
    bonx_bon_stats s;
    bonx_err e = {0};
    assert_int_equal(bonx_bon_stats_at(d, n, 0, &s, &e), 0);
    bonx_bounds b;
    assert_int_equal(bonx_bounds_at(d, n, s.kl, s.kl_estimate, &b), 0);
    return b;
}

static const double NS[] = {1, 1.0001, 1.25, 1.5, 1.99, 2, 2.5, 3, 4, 7.5, 10, 33, 100,
                            1e3, 1e4, 1e6, 1e9, 1e15};
#define NNS (sizeof NS / sizeof NS[0])

/* Example 1: KL = log 2 - h(2^-n), WR = 3/4 - 2^-(n+1); top group eps_inf = 1/2. */
static void example1(void **state)
{
    (void)state;
    double w[] = {1, 1}, r[] = {0, 1};
    bonx_dist d = make_dist(2, w, r);
    for (size_t i = 0; i < NNS; i++) {
        double n = NS[i];
        bonx_bounds b = bounds_at(&d, n);
        quad one = qd(1), x = exp2q(qneg(qd(n)));
        quad h = qgt(x, qd(0)) ? qsub(qmul(qneg(x), logq(x)), qmul(qsub(one, x), log1pq(qneg(x))))
                               : qd(0);
        quad nq = qd(n), kla = qsub(logq(nq), qdiv(qsub(nq, one), nq));
        quad want = qsub(kla, qsub(M_LN2q, h));
        quad wwant = qsub(qdiv(nq, qadd(nq, one)), qsub(QUAD_C(0.75), qdiv(x, qd(2))));
        CHECK(b.kl_gap, qdbl(want), 1e-12, 1e-300, "Example 1 KL gap");
        CHECK(b.win_rate_gap, qdbl(wwant), 1e-12, 1e-300, "Example 1 win-rate gap");
        /* Thm 3.6 at eps_inf = 1/2: the top group carries all of the gap but the bottom's */
        quad bottom = qmul(powq(QUAD_C(0.5), nq), kla);
        CHECK(b.kl_gap_lower, qdbl(qsub(want, bottom)), 1e-12, 1e-300, "Example 1 Thm 3.6");
        CHECK(b.kl_gap_lower_asym, log(n / 2) - 1 + 1 / n, 1e-15, 1e-15, "Cor 3.7");
        CHECK(b.win_rate_gap_lower_asym, 0.25 - 1 / (n + 1), 1e-15, 1e-15, "Cor 5.7");
        if (n >= 2) {
            CHECK(b.kl_gap_upper, n * (n - 1) / 4, 1e-15, 0, "Thm 3.4: C(n,2)/2");
            CHECK(b.win_rate_gap_upper, n * (n - 1) / 48, 1e-15, 0, "Thm 5.4: n(n-1)/12/4");
        }
        assert_false(b.conj44_violated);
        assert_false(b.conj72_violated);
    }
    bonx_dist_free(&d);
}

/* Random tables (weights over 1..1e-12, ties): gaps against quad; bounds in order. */
static void random_tables(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 14);
    for (int trial = 0; trial < 300; trial++) {
        size_t k = 1 + bonx_rng_below(&g, 9);
        double w[10], r[10];
        for (size_t i = 0; i < k; i++) {
            w[i] = exp(-28 * pow(bonx_rng_uniform(&g), 3));
            r[i] = (double)bonx_rng_below(&g, 6);
        }
        bonx_dist d = make_dist(k, w, r);
        for (size_t i = 0; i < NNS; i++) {
            double n = NS[i];
            bonx_bounds b = bounds_at(&d, n);
            quad kg, wg;
            quad_gaps(&d, n, &kg, &wg);
            /* quad loses (n g/F)^-2 of its 34 digits to the closed forms' cancellation; with
             * g >= 1e-12 that leaves ~1e-13 relative; at n = 1 quad leaves ~1e-37 of an
             * exact 0: the floors below */
            CHECK(b.kl_gap, qdbl(kg), 1e-12, 1e-16 * fabs(log(n)) + 1e-30, "KL gap vs quad");
            CHECK(b.win_rate_gap, qdbl(wg), 1e-12, 1e-17 + 1e-300, "WR gap vs quad");
            double tol = 1e-13 * (b.kl_gap + 1e-300);
            assert_true(b.kl_gap_lower <= b.kl_gap + tol);
            assert_true(b.kl_gap_lower_asym <= b.kl_gap + tol + 1e-15);
            assert_true(b.kl_gap <= b.kl_gap_upper * (1 + 1e-13) + 1e-300);
            assert_true(b.kl_gap_upper <= b.kl_gap_upper_eps * (1 + 1e-13) + 1e-300);
            double wtol = 1e-13 * (b.win_rate_gap + 1e-300) + 1e-17;
            assert_true(b.win_rate_gap_lower <= b.win_rate_gap + wtol);
            assert_true(b.win_rate_gap_lower_asym <= b.win_rate_gap + wtol);
            assert_true(b.win_rate_gap <= b.win_rate_gap_upper * (1 + 1e-13) + wtol);
            assert_true(b.win_rate_gap_upper <= b.win_rate_gap_upper_eps * (1 + 1e-13) + 1e-300);
            assert_false(b.conj44_violated);   /* Conj 4.4: never seen to fail */
        }
        bonx_dist_free(&d);
    }
}

/* Where quad cancels too: tiny groups (h = g/F down to 1e-14), n near 1 and huge.  The
 * values are mpmath at 80 digits of D(n, t) and W(n, t) (bounds.h) with t = 1 - h. */
static void parts_against_mpmath(void **state)
{
    (void)state;
    static const struct { double n, h, D, W; } c[] = {
        {2, 2.4e-08, 1.1520000138240001595e-24, 2.3039999999999999540e-24},
        {2, 1e-14, 8.3333333333333749705e-44, 1.6666666666666666608e-43},
        {1.0000001, 0.3, 1.5801485593690194806e-17, 2.6637698435647877087e-10},
        {1.0000001, 2.4e-08, 5.7600007209661607219e-39, 1.1520001296966153064e-31},
        {1e6, 0.001, 5.9077562789821370729, 0.00049900000099999901041},
        {1e12, 2.4e-08, 9.0858091093310826651, 1.1999000000000000920e-8},
        {1.5, 0.99, 0.065321442408652268414, 0.095498999999999996223},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        double D = bonx_bounds_kl_gap_part(c[i].n, c[i].h, log1p(-c[i].h));
        double W = bonx_bounds_wr_gap_part(c[i].n, c[i].h, log1p(-c[i].h));
        CHECK(D, c[i].D, 1e-13, 0, "D(n, t) vs mpmath");
        CHECK(W, c[i].W, 1e-13, 0, "W(n, t) vs mpmath");
        assert_true(D >= 0 && W >= 0 && isfinite(D) && isfinite(W));
    }
}

/* Conj 7.2 as we read it fails: p = (0.4, 0.2, 0.2, 0.2), rewards 0..3, n = 2: WR = 0.646,
 * above m/(m+1) at KL~_m = KL (the margin is KL~(WR/(1-WR)) - KL = 0.00238 > 0). */
static void conj72_counterexample(void **state)
{
    (void)state;
    double w[] = {0.4, 0.2, 0.2, 0.2}, r[] = {0, 1, 2, 3};
    bonx_dist d = make_dist(4, w, r);
    bonx_bounds b = bounds_at(&d, 2);
    /* by hand: pi_2 = (0.16, 0.2, 0.28, 0.36); KL = sum pi log(pi/p); WR = 1 - sum p(F^2+F-^2)/2 */
    quad pi[] = {QUAD_C(0.16), QUAD_C(0.2), QUAD_C(0.28), QUAD_C(0.36)},
         p[] = {QUAD_C(0.4), QUAD_C(0.2), QUAD_C(0.2), QUAD_C(0.2)};
    quad kl = qd(0), lose = qd(0), F = qd(0), one = qd(1);
    for (int i = 0; i < 4; i++) {
        kl = qadd(kl, qmul(pi[i], logq(qdiv(pi[i], p[i]))));
        quad Fm = F;
        F = qadd(F, p[i]);
        lose = qadd(lose, qdiv(qmul(p[i], qadd(qmul(F, F), qmul(Fm, Fm))), qd(2)));
    }
    quad m = qdiv(qsub(one, lose), lose);
    quad margin = qsub(qsub(logq(m), qdiv(qsub(m, one), m)), kl);
    CHECK(b.conj72_margin, qdbl(margin), 1e-12, 0, "Conj 7.2 margin");
    assert_true(qgt(margin, qd(0.002)));
    assert_true(b.conj72_violated);
    /* the cheap check (no gap sums) gives the same verdicts and margins */
    bonx_bon_stats s;
    bonx_err e = {0};
    assert_int_equal(bonx_bon_stats_at(&d, 2, 0, &s, &e), 0);
    bonx_bounds c;
    assert_int_equal(bonx_bounds_checks(&d, 2, s.kl, s.kl_estimate, &c), 0);
    assert_true(isnan(c.kl_gap) && isnan(c.win_rate_gap));
    assert_true(c.conj72_violated && c.conj72_margin == b.conj72_margin);
    assert_true(!c.conj44_violated && c.est_excess == b.est_excess);
    assert_true(c.kl_gap_upper == b.kl_gap_upper && c.win_rate_gap_lower == b.win_rate_gap_lower);
    assert_false(b.conj44_violated);
    /* n = 3 is fine for the same table */
    assert_false(bounds_at(&d, 3).conj72_violated);
    bonx_dist_free(&d);
}

/* KL~_m = k for m >= 1, by bisection. */
static double kl_analytic_inverse(double k)
{
    double lo = 1, hi = 2;
    while (bonx_kl_analytic(hi) < k)
        hi *= 2;
    for (int i = 0; i < 200; i++) {
        double mid = 0.5 * (lo + hi);
        *(bonx_kl_analytic(mid) < k ? &lo : &hi) = mid;
    }
    return 0.5 * (lo + hi);
}

/* Thm A.6 below and Thm A.7 above every best-of-n point (Def 7.1). */
static void tradeoff_bounds(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 72);
    enum { M = 400 };
    double ms[M], kl6[M], wr6[M], kl7[M], wr7[M];
    for (int i = 0; i < M; i++)
        ms[i] = pow(10.0, 6.0 * i / (M - 1));
    for (int trial = 0; trial < 60; trial++) {
        size_t k = 2 + bonx_rng_below(&g, 8);
        double w[10], r[10];
        for (size_t i = 0; i < k; i++) {
            w[i] = exp(-10 * bonx_rng_uniform(&g));
            r[i] = (double)bonx_rng_below(&g, 12);
        }
        bonx_dist d = make_dist(k, w, r);
        bonx_bounds_tradeoff(&d, BONX_TRADE_LOWER_A6, ms, M, kl6, wr6);
        bonx_bounds_tradeoff(&d, BONX_TRADE_UPPER_A7, ms, M, kl7, wr7);
        for (int i = 0; i < M; i++) {
            bonx_bon_stats s;
            bonx_err e = {0};
            assert_int_equal(bonx_bon_stats_at(&d, ms[i], 0, &s, &e), 0);
            /* A.7: the curve's point at m is left of and above best-of-m's point, and the
             * curve is non-decreasing, so every best-of-n point is under it */
            if (!isnan(kl7[i])) {
                assert_true(kl7[i] <= s.kl * (1 + 1e-12) + 1e-15);
                assert_true(wr7[i] >= s.win_rate - 1e-15);
                if (i > 0 && !isnan(kl7[i - 1]))
                    assert_true(kl7[i] >= kl7[i - 1] && wr7[i] >= wr7[i - 1]);
            }
            /* A.6 at KL(pi_n): m' with KL~_m' = KL(pi_n) is <= n, and WR(pi_n) >= WR(pi_m') */
            if (s.kl > 0) {
                double m1 = kl_analytic_inverse(s.kl);
                bonx_bounds b;
                bonx_bounds_renyi rn;
                bonx_bounds_renyi_of(&d, &rn);
                bonx_bounds_cheap(&d, &rn, m1, &b);
                assert_true(m1 <= ms[i] * (1 + 1e-9));
                assert_true(fmax(0.5, m1 / (m1 + 1) - b.win_rate_gap_upper) <= s.win_rate + 1e-13);
            }
            assert_true(wr6[i] <= s.win_rate + 1e-15 || kl6[i] >= s.kl);
        }
        bonx_dist_free(&d);
    }
}

static void bad_n(void **state)
{
    (void)state;
    double w[] = {1, 2}, r[] = {0, 1};
    bonx_dist d = make_dist(2, w, r);
    bonx_bounds b;
    assert_int_equal(bonx_bounds_at(&d, 0.5, 0, 0, &b), -1);
    assert_int_equal(bonx_bounds_at(&d, NAN, 0, 0, &b), -1);
    assert_int_equal(bonx_bounds_at(&d, INFINITY, 0, 0, &b), -1);
    bonx_dist_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(example1),
        cmocka_unit_test(random_tables),
        cmocka_unit_test(parts_against_mpmath),
        cmocka_unit_test(conj72_counterexample),
        cmocka_unit_test(tradeoff_bounds),
        cmocka_unit_test(bad_n),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
