/* SPDX-License-Identifier: MIT */
/* Rewind-and-repeat (MATH.md §4) against direct long-double sums, the harmonic-number
 * estimator against exact sums, closed forms and its unbiasedness, and the q = 0 error. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <string.h>
#include "quad.h"
#include <cmocka.h>
#include "check.h"
#include "rr.h"
#include "rng.h"

static void random_vs_quad(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 3);
    for (int trial = 0; trial < 2000; trial++) {
        size_t k = 1 + bonx_rng_below(&g, 25);
        double w[25], r[25], pi[25], taus[25];
        int levels = 1 + (int)bonx_rng_below(&g, 2 * k);
        for (size_t i = 0; i < k; i++) {
            int kind = (int)bonx_rng_below(&g, 6);
            w[i] = kind == 0 ? 0 : kind == 1 ? exp(-690 * bonx_rng_uniform(&g)) : bonx_rng_uniform_pos(&g);
            r[i] = (double)bonx_rng_below(&g, (uint64_t)levels) - levels / 2.0;
        }
        w[bonx_rng_below(&g, k)] = 1;
        bonx_dist d;
        bonx_err e = {0};
        assert_int_equal(bonx_dist_init(&d, k, w, r, &e), 0);
        size_t nl = bonx_rr_levels(&d, taus);
        assert_int_equal(nl, d.ng);
        bonx_rr_stats all[25];
        bonx_rr_all_levels(&d, all);
        quad tot = qd(0);
        for (size_t i = 0; i < k; i++)
            tot = qadd(tot, qd(w[i]));
        for (size_t l = 0; l <= nl; l++) {
            /* each level, and a tau between levels (or below all) */
            double tau = l < nl ? taus[l] : taus[0] - 0.5;
            if (l < nl && l > 0 && bonx_rng_below(&g, 2))
                tau = 0.5 * (taus[l - 1] + taus[l]);
            quad q = qd(0), wr = qd(0), rw = qd(0), below = qd(0);
            for (size_t i = 0; i < k; i++) {
                quad p = qdiv(qd(w[i]), tot), lt = qd(0), eq = qd(0);
                if (r[i] < tau) { below = qadd(below, p); continue; }
                for (size_t z = 0; z < k; z++) {
                    if (r[z] < r[i]) lt = qadd(lt, qdiv(qd(w[z]), tot));
                    if (r[z] == r[i]) eq = qadd(eq, qdiv(qd(w[z]), tot));
                }
                q = qadd(q, p);
                wr = qadd(wr, qmul(p, qadd(lt, qdiv(eq, qd(2)))));
                rw = qadd(rw, qmul(p, qd(r[i])));
            }
            quad kl = qlt(below, QUAD_C(0.5)) ? qneg(log1pq(qneg(below))) : qneg(logq(q));
            bonx_rr_stats s;
            assert_int_equal(bonx_rr_stats_at(&d, tau, &s, &e), 0);
            CHECK(s.accept_prob, qdbl(q), 1e-14, 0, "q");
            CHECK(s.kl, qdbl(kl), 1e-13, 1e-300, "KL = log 1/q");
            CHECK(s.win_rate, qdbl(qdiv(wr, q)), 1e-13, 0, "WR");
            CHECK(s.reward, qdbl(qdiv(rw, q)), 1e-13, 1e-15 * d.r_scale, "reward");
            CHECK(s.expected_trials, qdbl(qdiv(qd(1), q)), 1e-14, 0, "1/q");
            if (l < nl && tau == taus[l]) {
                assert_true(all[l].tau == tau);
                CHECK(all[l].kl, s.kl, 1e-14, 1e-300, "all-levels KL");
                CHECK(all[l].win_rate, s.win_rate, 1e-14, 0, "all-levels WR");
                CHECK(all[l].reward, s.reward, 1e-14, 1e-15 * d.r_scale, "all-levels reward");
            }
            assert_int_equal(bonx_rr_pmf(&d, tau, pi, &e), 0);
            quad sum = qd(0);
            for (size_t i = 0; i < k; i++) {
                assert_true(r[i] >= tau || pi[i] == 0);
                sum = qadd(sum, qd(pi[i]));
            }
            CHECK(qdbl(sum), 1, 1e-14, 0, "sum pi");
        }
        /* the lowest level is p itself: KL 0, WR 1/2 */
        bonx_rr_stats s;
        assert_int_equal(bonx_rr_stats_at(&d, taus[0], &s, &e), 0);
        assert_true(s.kl == 0);
        CHECK(s.win_rate, 0.5, 1e-15, 0, "WR(p)");
        /* tau above the top: an error naming the top reward */
        assert_int_equal(bonx_rr_stats_at(&d, d.r_max + 1, &s, &e), BONX_ERANGE);
        assert_non_null(strstr(e.msg, "top reward"));
        assert_int_equal(bonx_rr_pmf(&d, d.r_max + 1, pi, &e), BONX_ERANGE);
        assert_int_equal(bonx_rr_stats_at(&d, NAN, &s, &e), BONX_EINVAL);
        bonx_dist_free(&d);
    }
}

static void rare_top(void **state)
{
    (void)state;
    /* q = 1e-300: KL = 690.8, trials 1e300, finite */
    double w[] = {1, 1e-300}, r[] = {0, 1};
    bonx_dist d;
    bonx_err e = {0};
    assert_int_equal(bonx_dist_init(&d, 2, w, r, &e), 0);
    bonx_rr_stats s;
    assert_int_equal(bonx_rr_stats_at(&d, 1, &s, &e), 0);
    CHECK(s.accept_prob, 1e-300, 1e-15, 0, "tiny q");
    CHECK(s.kl, -log(1e-300), 1e-15, 0, "KL");
    CHECK(s.expected_trials, 1e300, 1e-15, 0, "trials");
    assert_int_equal(bonx_rr_stats_at(&d, 0.5, &s, &e), 0);
    CHECK(s.accept_prob, 1e-300, 1e-15, 0, "tau between levels");
    bonx_dist_free(&d);
}

/* Issue 11 item 4: a top group of subnormal mass.  Its 1/q overflows: refused at that tau and
 * left out of the levels; the level below keeps exact values, and sums of subnormal masses
 * times rewards below 1 no longer underflow (quad reference). */
static void subnormal_top(void **state)
{
    (void)state;
    double w[] = {91, 21e-320, 5e-310, 1e-300}, r[] = {1, 3, 1e-12, 2};
    bonx_dist d = make_dist(4, w, r);
    bonx_err e = {0};
    assert_int_equal(d.ng, 4);
    assert_int_equal(bonx_rr_level_count(&d), 3);
    double taus[4];
    assert_int_equal(bonx_rr_levels(&d, taus), 3);
    bonx_rr_stats all[4], one;
    assert_int_equal(bonx_rr_all_levels(&d, all), 3);
    assert_int_equal(bonx_rr_stats_at(&d, 3, &one, &e), BONX_ERANGE);
    assert_non_null(strstr(e.msg, "double range"));
    quad tot = qadd(qadd(qadd(qd(w[0]), qd(w[1])), qd(w[2])), qd(w[3]));
    for (size_t l = 0; l < 3; l++) {
        quad q = qd(0), rw = qd(0);
        for (size_t i = 0; i < 4; i++)
            if (r[i] >= taus[l]) {
                q = qadd(q, qdiv(qd(w[i]), tot));
                rw = qadd(rw, qmul(qdiv(qd(w[i]), tot), qd(r[i])));
            }
        assert_int_equal(bonx_rr_stats_at(&d, taus[l], &one, &e), 0);
        CHECK(one.reward, qdbl(qdiv(rw, q)), 1e-12, 0, "reward at a level");
        CHECK(all[l].reward, qdbl(qdiv(rw, q)), 1e-12, 0, "reward of all levels");
        assert_true(isfinite(one.expected_trials) && one.win_rate >= 0 && one.win_rate <= 1);
    }
    double pi[4];
    assert_int_equal(bonx_rr_pmf(&d, 2, pi, &e), 0);
    CHECK(pi[1] + pi[3], 1, 1e-15, 0, "rr pmf over subnormal masses");
    bonx_dist_free(&d);
}

static void harmonic(void **state)
{
    (void)state;
    assert_true(bonx_harmonic(0) == 0);
    assert_true(bonx_harmonic(1) == 1);
    assert_true(bonx_harmonic(2) == 1.5);
    /* integers: exact sums in quad (and past the exact-sum range) */
    for (int m = 1; m <= 5000; m += (m < 100 ? 1 : 37)) {
        quad h = qd(0);
        for (int j = m; j >= 1; j--)
            h = qadd(h, qdiv(qd(1), qd(j)));
        CHECK(bonx_harmonic(m), qdbl(h), 2e-15, 0, "H_m integer");
    }
    /* H_1/2 = 2 - 2 ln 2; H_m ~ zeta(2) m - zeta(3) m^2 for small m */
    CHECK(bonx_harmonic(0.5), 2 - 2 * M_LN2, 2e-15, 0, "H_1/2");
    CHECK(bonx_harmonic(1.5), 2 - 2 * M_LN2 + 2.0 / 3, 2e-15, 0, "H_3/2");
    const double z2 = 1.6449340668482264, z3 = 1.2020569031595943, z4 = 1.0823232337111382;
    const double z5 = 1.0369277551433699, z6 = 1.0173430619844491;
    double ms[] = {1e-300, 1e-12, 1e-6, 1e-3};
    for (size_t i = 0; i < 4; i++) {
        double m = ms[i];
        CHECK(bonx_harmonic(m), m * (z2 - m * (z3 - m * (z4 - m * (z5 - m * z6)))), 1e-14, 0,
              "H small m");
    }
    /* non-integers: sum_j m/(j(j+m)) in quad to 1e7 terms plus the tail m/N - m^2/(2N^2) */
    double reals[] = {0.1, 0.37, 0.99, 2.5, 17.3, 63.9, 64.5};
    for (size_t i = 0; i < sizeof reals / sizeof reals[0]; i++) {
        quad m = qd(reals[i]), h = qd(0), N = qd(2000000);
        for (long j = 2000000; j >= 1; j--) {   /* j exact in a double */
            quad qj = qd((double)j);
            h = qadd(h, qdiv(m, qmul(qj, qadd(qj, m))));
        }
        quad tail = qsub(qdiv(m, N), qdiv(qmul(m, qadd(m, qd(1))), qmul(qmul(qd(2), N), N)));
        h = qadd(h, tail);
        CHECK(bonx_harmonic(reals[i]), qdbl(h), 1e-14, 0, "H real m");
    }
    /* large m: log m + gamma + 1/(2m) - 1/(12 m^2) */
    double big = 1e15;
    CHECK(bonx_harmonic(big), log(big) + 0.57721566490153286 + 0.5 / big, 1e-15, 0, "H 1e15");
    assert_true(isnan(bonx_harmonic(-1)));
}

/* E[H_{K-1}] = log(1/q) for K ~ Geometric(q): the estimator is unbiased. */
static void estimator_unbiased(void **state)
{
    (void)state;
    double qs[] = {0.9, 0.5, 0.1, 0.01};
    for (size_t i = 0; i < 4; i++) {
        double q = qs[i];
        quad sum = qd(0), pk = qd(q);
        for (int K = 1; K < 20000; K++) {
            sum = qadd(sum, qmul(pk, qd(bonx_harmonic(K - 1))));
            pk = qmul(pk, qd(1 - q));
        }
        CHECK(qdbl(sum), -log(q), 1e-13, 0, "E[H_{K-1}] = log 1/q");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_vs_quad),
        cmocka_unit_test(rare_top),
        cmocka_unit_test(subnormal_top),
        cmocka_unit_test(harmonic),
        cmocka_unit_test(estimator_unbiased),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
