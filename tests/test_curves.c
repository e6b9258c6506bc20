/* SPDX-License-Identifier: MIT */
/* The sweep behind the explorer: every entry agrees with the single-point functions, the
 * tilted families span (0, kl_max) in ascending KL, the tradeoff lists every policy in enum
 * order, and buffers are reused across edits of different sizes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <string.h>
#include <cmocka.h>
#include "check.h"
#include "curves.h"
#include "rng.h"

static void check_dist(bonx_curves *c, size_t k, const double *w, const double *r, double t)
{
    bonx_dist d;
    bonx_err e = {0};
    assert_int_equal(bonx_dist_init(&d, k, w, r, &e), 0);
    bonx_curves_spec spec;
    bonx_curves_spec_default(&spec);
    spec.t = t;
    assert_int_equal(bonx_curves_compute(c, &d, &spec, &e), 0);
    assert_int_equal(c->n_bon, 256);
    assert_true(c->bon[0].n == 1 && c->bon[255].n == 1e6);
    for (size_t i = 0; i < c->n_bon; i++) {
        bonx_bon_stats s;
        assert_int_equal(bonx_bon_stats_at(&d, c->bon[i].n, t, &s, &e), 0);
        /* the curve is computed 4 points per pass (bonx_bon_stats_batch): the same values
         * to rounding */
        const double *want = &s.n, *got = &c->bon[i].n;
        for (size_t f = 0; f < sizeof s / sizeof(double); f++)
            assert_true(fabs(got[f] - want[f]) <= 1e-14 * fabs(want[f]) + 1e-300);
        if (i)
            assert_true(c->bon[i].n > c->bon[i - 1].n);
    }
    double kmax = bonx_dist_kl_ceiling(&d);
    assert_true(c->kl_ceiling == kmax);
    assert_int_equal(c->n_tilt, 256);
    bonx_tilt_stats *fam[2] = {c->tilt, c->tilt_cal};
    for (int f = 0; f < 2; f++) {
        for (size_t i = 0; i < c->n_tilt; i++) {
            /* the family may be summed as a series: same values to rounding */
            bonx_tilt_stats s;
            assert_int_equal(bonx_tilt_stats_at(&d, f, fam[f][i].beta, &s, &e), 0);
            assert_true(s.beta == fam[f][i].beta);
            assert_true(fabs(s.kl - fam[f][i].kl) <= 1e-12 * s.kl + 1e-14);
            assert_true(fabs(s.win_rate - fam[f][i].win_rate) <= 1e-12 * s.win_rate + 1e-14);
            assert_true(fabs(s.reward - fam[f][i].reward) <= 1e-12 * fabs(s.reward) + 1e-14 * d.r_scale);
            assert_true(fabs(s.log_z - fam[f][i].log_z) <= 1e-12 * fabs(s.log_z) + 1e-14);
            if (i && kmax > 0) {
                /* non-decreasing up to rounding (a few ulps on the plateau at kl_max) */
                if (!(fam[f][i].kl >= fam[f][i - 1].kl * (1 - 1e-15)))
                    print_error("family %d point %zu: KL %.17g after %.17g (beta %.17g, %.17g)\n", f, i,
                                fam[f][i].kl, fam[f][i - 1].kl, fam[f][i].beta, fam[f][i - 1].beta);
                assert_true(fam[f][i].kl >= fam[f][i - 1].kl * (1 - 1e-15));
                assert_true(fam[f][i].beta < fam[f][i - 1].beta);
            }
        }
        if (kmax > 0) {
            /* the family spans (0, kl_max): small at the start, near the ceiling at the end */
            assert_true(fam[f][0].kl < 1e-4 * kmax);
            assert_true(fam[f][c->n_tilt - 1].kl > 0.999 * kmax);
            /* no big jumps: every step is under a fifth of the range */
            for (size_t i = 1; i < c->n_tilt; i++)
                assert_true(fam[f][i].kl - fam[f][i - 1].kl < 0.2 * kmax);
        } else {
            assert_true(fam[f][0].kl == 0 && fam[f][0].beta == 1e3 &&
                        fam[f][c->n_tilt - 1].beta == 1e-3);   /* one reward level */
        }
    }
    assert_int_equal(c->n_rr, d.ng);
    for (size_t j = 0; j < c->n_rr; j++) {
        bonx_rr_stats s;
        assert_int_equal(bonx_rr_stats_at(&d, c->rr[j].tau, &s, &e), 0);
        assert_true(fabs(s.kl - c->rr[j].kl) <= 1e-14 * s.kl + 1e-300);
        assert_true(fabs(s.win_rate - c->rr[j].win_rate) <= 1e-14);
        assert_true(c->rr[j].tau == d.g_r[j]);
    }
    /* tradeoff: grouped by policy in enum order, with the right params */
    assert_int_equal(c->n_tradeoff, 2 * 256 + 2 * 256 + d.ng);
    size_t m = 0;
    for (int p = 0; p < BONX_POLICY_COUNT; p++) {
        size_t cnt = p <= BONX_POLICY_BON_ANALYTIC ? 256 : p == BONX_POLICY_RR ? d.ng : 256;
        for (size_t i = 0; i < cnt; i++, m++) {
            bonx_tradeoff_point *tp = &c->tradeoff[m];
            assert_int_equal(tp->policy, p);
            switch (p) {
            case BONX_POLICY_BON:
                assert_true(tp->param == c->bon[i].n && tp->kl == c->bon[i].kl);
                break;
            case BONX_POLICY_BON_ANALYTIC:
                assert_true(tp->kl == c->bon[i].kl_analytic);
                break;
            case BONX_POLICY_KLRL:
                assert_true(tp->param == c->tilt[i].beta && tp->win_rate == c->tilt[i].win_rate);
                break;
            case BONX_POLICY_KLRL_CALIBRATED:
                assert_true(tp->kl == c->tilt_cal[i].kl);
                break;
            default:
                assert_true(tp->param == c->rr[i].tau && tp->reward == c->rr[i].reward);
            }
        }
    }
    bonx_dist_free(&d);
}

static void sweeps_agree(void **state)
{
    (void)state;
    bonx_curves c = {0};
    bonx_rng g;
    bonx_rng_seed(&g, 8);
    /* reuse one bonx_curves across distributions of growing and shrinking size */
    size_t sizes[] = {2, 50, 3, 200, 1, 7};
    for (size_t s = 0; s < 6; s++) {
        size_t k = sizes[s];
        double w[200], r[200];
        for (size_t i = 0; i < k; i++) {
            w[i] = bonx_rng_below(&g, 5) ? bonx_rng_uniform_pos(&g) : 1e-200;
            r[i] = (double)bonx_rng_below(&g, k);
        }
        check_dist(&c, k, w, r, s % 2 ? 0.5 : 0);
    }
    bonx_curves_free(&c);
    assert_null(c.bon);
}

/* Large enough (>= 128 groups) that the recompute splits across two threads: every point
 * must still equal the single-call value bit for bit. */
static void large_threaded(void **state)
{
    (void)state;
    enum { K = 3000 };
    static double w[K], r[K];
    bonx_rng g;
    bonx_rng_seed(&g, 9);
    for (size_t i = 0; i < K; i++) {
        w[i] = exp(-14 * bonx_rng_uniform(&g));
        r[i] = (double)bonx_rng_below(&g, K / 2 + 1);
    }
    bonx_curves c = {0};
    check_dist(&c, K, w, r, 0);
    check_dist(&c, K, w, r, 0.5);
    bonx_curves_free(&c);
}

static void binary_example(void **state)
{
    (void)state;
    bonx_curves c = {0};
    double w[] = {1, 1}, r[] = {0, 1};
    check_dist(&c, 2, w, r, 0);
    for (size_t i = 0; i < c.n_bon; i++) {
        double x = exp2(-c.bon[i].n);
        double kl = M_LN2 + (x > 0 ? x * log(x) : 0) + (1 - x) * log1p(-x);
        assert_true(fabs(c.bon[i].kl - kl) <= 1e-12 * kl + 1e-14);
    }
    bonx_curves_free(&c);
}

static void extreme_inputs(void **state)
{
    (void)state;
    bonx_curves c = {0};
    double w[] = {1e-300, 1, 1e300, 3e299, 0, 1e-200}, r[] = {1e300, -1e300, 0, 5e299, 7, 1e-300};
    check_dist(&c, 6, w, r, 1);
    for (size_t i = 0; i < c.n_tradeoff; i++)
        assert_true(isfinite(c.tradeoff[i].kl) && isfinite(c.tradeoff[i].win_rate) &&
                    isfinite(c.tradeoff[i].reward) && isfinite(c.tradeoff[i].param));
    double w2[] = {1, 1e-300, 1e-300}, r2[] = {0, 1, 2};
    check_dist(&c, 3, w2, r2, 0);
    bonx_curves_free(&c);
}

/* One reward level (one outcome, or ties only): every policy is p.  The tilted curves have
 * finite betas (they once had beta = inf, which bonx tradeoff refused to print), each with
 * KL 0, win rate 1/2 and the one reward. */
static void one_reward_level(void **state)
{
    (void)state;
    double w[] = {0.135, 2, 0}, r[] = {22, 22, -5};
    for (size_t k = 1; k <= 3; k++) {
        bonx_curves c = {0};
        bonx_dist d;
        bonx_err e = {0};
        assert_int_equal(bonx_dist_init(&d, k, w, r, &e), 0);
        bonx_curves_spec spec;
        bonx_curves_spec_default(&spec);
        assert_int_equal(bonx_curves_compute(&c, &d, &spec, &e), 0);
        size_t tilted = 0;
        for (size_t i = 0; i < c.n_tradeoff; i++) {
            const bonx_tradeoff_point *pt = &c.tradeoff[i];
            assert_true(isfinite(pt->param) && pt->param > 0);
            if (pt->policy == BONX_POLICY_BON_ANALYTIC)
                continue;   /* the literature's formula, not the truth */
            CHECK(pt->kl, 0, 0, 0, "KL of a policy on one reward level");
            CHECK(pt->win_rate, 0.5, 0, 0, "win rate on one reward level");
            CHECK(pt->reward, 22, 0, 0, "reward on one reward level");
            tilted += pt->policy == BONX_POLICY_KLRL || pt->policy == BONX_POLICY_KLRL_CALIBRATED;
        }
        assert_int_equal(tilted, 2 * spec.tilt_points);
        bonx_curves_free(&c);
        bonx_dist_free(&d);
    }
}

/* The n grid is kept between recomputes: a changed spec must still get its own grid. */
static void grid_follows_spec(void **state)
{
    (void)state;
    double w[] = {1, 2, 3}, r[] = {0, 1, 2};
    bonx_dist d;
    bonx_err e = {0};
    assert_int_equal(bonx_dist_init(&d, 3, w, r, &e), 0);
    bonx_curves c = {0};
    bonx_curves_spec spec;
    bonx_curves_spec_default(&spec);
    static const struct { double lo, hi; size_t pts; } specs[] = {
        {1, 1e6, 256}, {1, 1e3, 7}, {2, 1e3, 7}, {1, 1e3, 4}, {1, 1e6, 256}, {1, 1e6, 1}};
    for (size_t k = 0; k < sizeof specs / sizeof specs[0]; k++) {
        spec.n_min = specs[k].lo;
        spec.n_max = specs[k].hi;
        spec.n_points = specs[k].pts;
        assert_int_equal(bonx_curves_compute(&c, &d, &spec, &e), 0);
        assert_int_equal(c.n_bon, specs[k].pts);
        assert_true(c.bon[0].n == specs[k].lo);
        if (specs[k].pts > 1)
            assert_true(c.bon[specs[k].pts - 1].n == specs[k].hi);
        if (specs[k].pts == 7 && specs[k].lo == 1)
            assert_true(c.bon[2].n == 10 && c.bon[4].n == 100); /* decades land exactly */
        for (size_t i = 0; i < c.n_bon; i++) {
            bonx_bon_stats s;
            assert_int_equal(bonx_bon_stats_at(&d, c.bon[i].n, 0, &s, &e), 0);
            assert_true(fabs(c.bon[i].kl - s.kl) <= 1e-14 * s.kl + 1e-300);
        }
    }
    bonx_curves_free(&c);
    bonx_dist_free(&d);
}

static void spec_errors_and_names(void **state)
{
    (void)state;
    double w[] = {1, 1}, r[] = {0, 1};
    bonx_dist d;
    bonx_err e = {0};
    assert_int_equal(bonx_dist_init(&d, 2, w, r, &e), 0);
    bonx_curves c = {0};
    bonx_curves_spec spec;
    bonx_curves_spec_default(&spec);
    spec.n_min = 0.5;
    assert_int_equal(bonx_curves_compute(&c, &d, &spec, &e), BONX_EINVAL);
    bonx_curves_spec_default(&spec);
    spec.n_points = 0;
    assert_int_equal(bonx_curves_compute(&c, &d, &spec, &e), BONX_EINVAL);
    bonx_curves_spec_default(&spec);
    spec.t = -1;
    assert_int_equal(bonx_curves_compute(&c, &d, &spec, &e), BONX_EINVAL);
    bonx_curves_free(&c);
    bonx_dist_free(&d);
    assert_string_equal(bonx_policy_name(BONX_POLICY_BON), "bon");
    assert_string_equal(bonx_policy_name(BONX_POLICY_BON_ANALYTIC), "bon_analytic");
    assert_string_equal(bonx_policy_name(BONX_POLICY_KLRL), "klrl");
    assert_string_equal(bonx_policy_name(BONX_POLICY_KLRL_CALIBRATED), "klrl_calibrated");
    assert_string_equal(bonx_policy_name(BONX_POLICY_RR), "rr");
}

/* Two outcomes, the top one with probability q: best-of-n puts P = 1 - (1-q)^n on it. */
static long double kl_gap_two(long double q, long double n)
{
    long double P = -expm1l(n * log1pl(-q));
    long double kl = P * logl(P / q) + (P < 1 ? (1 - P) * logl((1 - P) / (1 - q)) : 0);
    return -logl(q) - kl;
}

/* 1, 2, 5 times a power of ten, and the one before. */
static int is_125(double n)
{
    double e = pow(10.0, floor(log10(n) + 1e-12)), m = n / e;
    return fabs(m - 1) < 1e-9 || fabs(m - 2) < 1e-9 || fabs(m - 5) < 1e-9;
}

static double prev_125(double n)
{
    double e = pow(10.0, floor(log10(n) + 1e-12)), m = n / e;
    return fabs(m - 1) < 1e-9 ? 5 * e / 10 : fabs(m - 2) < 1e-9 ? e : 2 * e;
}

static void auto_n_range(void **state)
{
    (void)state;
    const double qs[] = {0.5, 0.1, 1e-3, 1e-6, 1e-9};
    for (size_t i = 0; i < sizeof qs / sizeof *qs; i++) {
        double w[] = {1 - qs[i], qs[i]}, r[] = {0, 1};
        bonx_dist d;
        bonx_err e = {0};
        assert_int_equal(bonx_dist_init(&d, 2, w, r, &e), 0);
        double n = bonx_curves_auto_n_max(&d), ceil_ = -log(qs[i]);
        /* the first of 1, 2, 5 x 10^k where the closed-form gap is within 1e-3 of the ceiling */
        assert_true(kl_gap_two(qs[i], n) <= 1.0000001e-3 * ceil_);
        assert_true(is_125(n));
        if (n > BONX_AUTO_N_MIN)
            assert_true(kl_gap_two(qs[i], prev_125(n)) > 1e-3 * ceil_);
        /* roughly (log 1/q + log log 1/q) / q, rounded up: it grows like 1/q */
        assert_true(n * qs[i] > 1 && n * qs[i] < 100);
        bonx_dist_free(&d);
    }
    /* clamps: one level (KL is 0 everywhere); a top outcome too rare to reach by 1e15;
     * a top outcome so likely that n = 10 is already at the ceiling */
    double w1[] = {1}, r1[] = {0};
    double w2[] = {1, 1e-300}, r2[] = {0, 1};
    double w3[] = {1e-4, 1}, r3[] = {0, 1};
    bonx_dist d;
    bonx_err e = {0};
    assert_int_equal(bonx_dist_init(&d, 1, w1, r1, &e), 0);
    assert_true(bonx_curves_auto_n_max(&d) == BONX_AUTO_N_MIN);
    bonx_dist_free(&d);
    assert_int_equal(bonx_dist_init(&d, 2, w2, r2, &e), 0);
    assert_true(bonx_curves_auto_n_max(&d) == BONX_AUTO_N_MAX);
    bonx_dist_free(&d);
    assert_int_equal(bonx_dist_init(&d, 2, w3, r3, &e), 0);
    assert_true(bonx_curves_auto_n_max(&d) == BONX_AUTO_N_MIN);
    bonx_dist_free(&d);
    /* random tables: the edge is where the exact KL reaches the tolerance, from either side */
    bonx_rng rng;
    bonx_rng_seed(&rng, 13);
    for (int t = 0; t < 40; t++) {
        size_t k = 2 + (size_t)(bonx_rng_uniform(&rng) * 30);
        double w[32], r[32];
        for (size_t i = 0; i < k; i++) {
            w[i] = pow(10.0, -8.0 * bonx_rng_uniform(&rng));
            r[i] = floor(bonx_rng_uniform(&rng) * 10);
        }
        assert_int_equal(bonx_dist_init(&d, k, w, r, &e), 0);
        double n = bonx_curves_auto_n_max(&d), ceil_ = -log(d.g[d.ng - 1]);
        assert_true(n >= BONX_AUTO_N_MIN && n <= BONX_AUTO_N_MAX);
        bonx_bon_stats s;
        if (ceil_ > 0) {
            assert_int_equal(bonx_bon_stats_at(&d, n, 0, &s, &e), 0);
            assert_true(ceil_ - s.kl <= 1e-3 * ceil_);
            assert_true(is_125(n) || n == BONX_AUTO_N_MAX);
            if (n > BONX_AUTO_N_MIN && n < BONX_AUTO_N_MAX) {
                assert_int_equal(bonx_bon_stats_at(&d, prev_125(n), 0, &s, &e), 0);
                assert_true(ceil_ - s.kl > 1e-3 * ceil_);
            }
        }
        bonx_dist_free(&d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sweeps_agree),
        cmocka_unit_test(large_threaded),
        cmocka_unit_test(binary_example),
        cmocka_unit_test(extreme_inputs),
        cmocka_unit_test(one_reward_level),
        cmocka_unit_test(grid_follows_spec),
        cmocka_unit_test(spec_errors_and_names),
        cmocka_unit_test(auto_n_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
