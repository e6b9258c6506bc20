/* SPDX-License-Identifier: MIT */
/* Best-of-n (MATH.md §2): closed forms of Example 1, the needle case, and every statistic
 * against an independent quad evaluation (direct per-outcome sums, no groups, no
 * truncation, no recurrences) over thousands of random distributions with ties. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "quad.h"
#include <cmocka.h>
#include "check.h"
#include "bon.h"
#include "rng.h"

static double binary_entropy(double x)
{
    if (x == 0)
        return 0;
    return -x * log(x) - (1 - x) * log1p(-x);
}

static void example1_closed_forms(void **state)
{
    (void)state;
    double w[] = {1, 1}, r[] = {0, 1};
    bonx_dist d = make_dist(2, w, r);
    double ns[] = {1, 1.5, 2, 3, 7.25, 10, 100, 1e3, 1e6, 1e15, 1e300};
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
        double n = ns[i], x = exp2(-n);
        bonx_bon_stats s;
        bonx_err e = {0};
        assert_int_equal(bonx_bon_stats_at(&d, n, 0, &s, &e), 0);
        /* KL = log 2 - h(2^-n): for large n h(x) ~ x log(1/x), formed in h() without 1 - x loss */
        CHECK(s.kl, M_LN2 - binary_entropy(x), 1e-12, 1e-14, "KL example 1");
        CHECK(s.win_rate, 0.75 - exp2(-(n + 1)), 1e-12, 1e-14, "WR example 1");
        CHECK(s.win_rate_alt, 0.75 - exp2(-(n + 1)), 1e-12, 1e-14, "WR alt example 1");
        CHECK(s.reward, 1 - x, 1e-12, 1e-14, "reward example 1");
        assert_true(s.kl_analytic >= s.kl);
        double pi[2];
        assert_int_equal(bonx_bon_pmf(&d, n, pi, &e), 0);
        CHECK(pi[0], x, 1e-12, 0, "pi_n(0) = 2^-n");
        CHECK(pi[1], 1 - x, 1e-12, 0, "pi_n(1) = 1 - 2^-n");
    }
    bonx_dist_free(&d);
}

/* The needle: weights 1,1,1 (tied, reward 0) and 1e-12 (reward 1), n = 1e6. */
static void needle(void **state)
{
    (void)state;
    double w[] = {1, 1, 1, 1e-12}, r[] = {0, 0, 0, 1};
    bonx_dist d = make_dist(4, w, r);
    bonx_bon_stats s;
    bonx_err e = {0};
    double n = 1e6;
    assert_int_equal(bonx_bon_stats_at(&d, n, 0, &s, &e), 0);
    /* independent: in quad, g = 1e-12/(3 + 1e-12), P = 1 - (1-g)^n */
    quad g = qdiv(QUAD_C(1e-12), qadd(qd(3), QUAD_C(1e-12))), nq = qd(n);
    quad P1 = qneg(expm1q(qmul(nq, log1pq(qneg(g))))), P0 = qsub(qd(1), P1);
    quad kl = qadd(qsub(qmul(P0, log1pq(qneg(P1))), qmul(P0, log1pq(qneg(g)))),
                   qmul(P1, logq(qdiv(P1, g))));
    CHECK(s.kl, qdbl(kl), 1e-12, 0, "needle KL");
    CHECK(s.kl, 4.27e-6, 5e-3, 0, "needle KL ~ 4.27e-6");
    /* naive double: F^n - F-^n with F = 1 - S formed in double */
    double gd = 1e-12 / (3 + 1e-12), F0 = 3 / (3 + 1e-12);
    double P0n = pow(F0, n), P1n = 1 - pow(F0, n);
    double naive = P0n * log(P0n / F0) + P1n * log(P1n / gd);
    print_message("needle n=1e6: KL %.17g (quad %.17g), naive double %.17g\n", s.kl,
                  qdbl(kl), naive);
    assert_false(close_enough(naive, qdbl(kl), 1e-6, 0));
    bonx_dist_free(&d);
}

/* Reference statistics in quad, straight from the definitions, per outcome. */
typedef struct ref_stats { quad kl, est, bmin, bsat, wr, wr_alt, reward, tlo, thi; } ref_stats;

/* x^n for x = 1 - c, from whichever of x and c carries the digits */
static quad q_pow1m(quad x, quad c, quad n)
{
    return qlt(c, QUAD_C(0.5)) ? expq(qmul(n, log1pq(qneg(c)))) : powq(x, n);
}

static quad q_pow_diff(quad F, quad S, quad g, quad n)
{
    quad Fm = qsub(F, g);
    if (qle(Fm, qd(0)))
        return q_pow1m(F, S, n);
    /* F^n - F-^n, in the product form only when the difference is too small for quad */
    if (qlt(qdiv(g, F), QUAD_C(1e-20)))
        return qmul(q_pow1m(F, S, n), qneg(expm1q(qmul(n, log1pq(qneg(qdiv(g, F)))))));
    return qsub(q_pow1m(F, S, n), q_pow1m(Fm, qadd(S, g), n));
}

static ref_stats reference(size_t k, const double *w, const double *r, double nd, double td)
{
    quad n = qd(nd), t = qd(td), tot = qd(0), zero = qd(0), one = qd(1), two = qd(2);
    for (size_t i = 0; i < k; i++)
        tot = qadd(tot, qd(w[i]));
    ref_stats s = {0};
    quad logn = logq(n), nm1 = qsub(n, one), kt = qsub(logq(n), qdiv(nm1, n));
    quad *pi = calloc(k, sizeof *pi), *klh = calloc(k, sizeof *klh);
    for (size_t i = 0; i < k; i++) {
        if (w[i] == 0)
            continue;
        quad g = qd(0), Fm = qd(0), S = qd(0), pr = qdiv(qd(w[i]), tot);
        for (size_t z = 0; z < k; z++) {
            quad pz = qdiv(qd(w[z]), tot);
            if (r[z] == r[i]) g = qadd(g, pz);
            if (r[z] < r[i]) Fm = qadd(Fm, pz);
            if (r[z] > r[i]) S = qadd(S, pz);
        }
        quad F = qlt(S, QUAD_C(0.5)) ? qsub(one, S) : qadd(Fm, g), P = q_pow_diff(F, S, g, n);
        pi[i] = qmul(qdiv(pr, g), P);
        if (qgt(pi[i], zero))
            s.kl = qadd(s.kl, qmul(pi[i], logq(qdiv(pi[i], pr))));
        s.wr = qadd(s.wr, qmul(pi[i], qadd(Fm, qdiv(g, two))));
        quad below = qgt(Fm, zero) ? q_pow1m(Fm, qadd(S, g), n) : zero;
        s.wr_alt = qadd(s.wr_alt, qmul(pr, qadd(q_pow1m(F, S, n), below)));
        s.reward = qadd(s.reward, qmul(pi[i], qd(r[i])));
        quad eps = pr, l1m = log1pq(qneg(eps));
        quad a = expq(qmul(n, l1m)), oma = qneg(expm1q(qmul(n, l1m)));
        /* a (log n + (n-1) log(1-eps) - (n-1)/n) + oma log(oma/eps), each where it is > 0 */
        quad ka = qgt(a, zero) ? qmul(a, qsub(qadd(logn, qmul(nm1, l1m)), qdiv(nm1, n))) : zero;
        quad kh = qadd(ka, qgt(oma, zero) ? qmul(oma, logq(qdiv(oma, eps))) : zero);
        klh[i] = kh;
        s.est = qadd(s.est, qmul(pi[i], kh));
        s.bmin = qadd(s.bmin, qmul(pi[i], fminq(logn, qneg(logq(eps)))));
        s.bsat = qadd(s.bsat, qmul(pi[i], qgt(oma, zero) ? logq(qdiv(oma, eps)) : zero));
    }
    s.wr_alt = qsub(one, qdiv(s.wr_alt, two));
    if (qgt(t, zero)) {
        quad lo = qd(0), hi = qd(0);
        for (size_t i = 0; i < k; i++) {
            lo = qadd(lo, qmul(pi[i], expq(qmul(qneg(t), qsub(klh[i], kt)))));
            hi = qadd(hi, qmul(pi[i], expq(qmul(t, qsub(klh[i], kt)))));
        }
        s.tlo = qsub(kt, qdiv(logq(lo), t));
        s.thi = qadd(kt, qdiv(logq(hi), t));
    }
    free(pi);
    free(klh);
    return s;
}

static void check_against_reference(size_t k, const double *w, const double *r, double n,
                                    double t, const char *label)
{
    bonx_dist d = make_dist(k, w, r);
    bonx_bon_stats s;
    bonx_err e = {0};
    assert_int_equal(bonx_bon_stats_at(&d, n, t, &s, &e), 0);
    ref_stats q = reference(k, w, r, n, t);
    const double rel = 1e-12, ab = 1e-14;
    if (!close_enough(s.kl_estimate, qdbl(q.est), rel, ab)) {
        print_error("%s n=%.17g k=%zu\n", label, n, k);
        for (size_t i = 0; i < k; i++)
            print_error("  w=%.17g r=%.17g\n", w[i], r[i]);
    }
    CHECK(s.kl, qdbl(q.kl), rel, ab, "KL");
    CHECK(s.kl_estimate, qdbl(q.est), rel, ab, "E[KLhat]");
    CHECK(s.kl_bound_min, qdbl(q.bmin), rel, ab, "min bound");
    CHECK(s.kl_bound_sat, qdbl(q.bsat), rel, ab, "sat bound");
    CHECK(s.win_rate, qdbl(q.wr), rel, ab, "win rate");
    CHECK(s.win_rate_alt, qdbl(q.wr_alt), rel, ab, "win rate alt");
    CHECK(s.reward, qdbl(q.reward), rel, ab * d.r_scale, "reward");
    if (t > 0) {
        CHECK(s.est_tilt_lo, qdbl(q.tlo), 1e-11, ab, "tilted min");
        CHECK(s.est_tilt_hi, qdbl(q.thi), 1e-11, ab, "tilted max");
    }
    bonx_dist_free(&d);
}

static const double grid_n[] = {1, 1 + 1e-9, 1 + 1e-5, 1.5, 2, 3.7, 10, 100, 1e3, 1e4, 1e6, 1e9, 1e12, 1e15};

/* Weights: ordinary, tiny (down to 1e-300), exactly zero; rewards: few levels (ties) or spread. */
static void random_dist(bonx_rng *g, size_t k, double *w, double *r)
{
    int levels = 1 + (int)bonx_rng_below(g, 3 * k);
    double rscale = bonx_rng_below(g, 2) ? 1 : 1e6;
    for (size_t i = 0; i < k; i++) {
        int kind = (int)bonx_rng_below(g, 8);
        w[i] = kind == 0 ? 0 : kind == 1 ? exp(-690 * bonx_rng_uniform(g))
             : kind == 2 ? 1e-12 : bonx_rng_uniform_pos(g);
        r[i] = rscale * ((double)bonx_rng_below(g, (uint64_t)levels) - levels / 3.0);
    }
    w[bonx_rng_below(g, k)] = 1;
}

static void random_vs_quad(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 2024);
    for (int trial = 0; trial < 600; trial++) {
        size_t k = 1 + bonx_rng_below(&g, 12);
        double w[12], r[12];
        random_dist(&g, k, w, r);
        for (size_t i = 0; i < sizeof grid_n / sizeof grid_n[0]; i++)
            check_against_reference(k, w, r, grid_n[i], 0, "random");
        check_against_reference(k, w, r, 1 + 99 * bonx_rng_uniform(&g), 0.7, "random tilt");
        check_against_reference(k, w, r, 50, 3, "random tilt");
        /* t KL~ = 160 (band from fixed references) and 770 (running maxima) */
        check_against_reference(k, w, r, 1e4, 20, "random tilt");
        check_against_reference(k, w, r, 1e6, 60, "random tilt");
    }
}

/* Many small outcomes, where the series paths carry most groups (n*eps and n*g/F small),
 * against the quad reference, with the estimator band on series-path groups (t <= 1) and
 * through the per-outcome path (t > 1). */
static void many_small_outcomes(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 31);
    enum { K = 400 };
    static double w[K], r[K];
    for (int trial = 0; trial < 3; trial++) {
        for (size_t i = 0; i < K; i++) {
            w[i] = trial == 0 ? 1 : exp(-14 * bonx_rng_uniform(&g));
            r[i] = (double)bonx_rng_below(&g, trial == 2 ? 40 : K);
        }
        double ns[] = {1 + 1e-7, 1.001, 1.5, 3, 7, 20, 60, 200, 1000, 1e5, 1e9};
        for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
            check_against_reference(K, w, r, ns[i], 0, "many small");
            /* the band on series-path groups (t <= 1), small and large t*KL~ ... */
            check_against_reference(K, w, r, ns[i], 1e-9, "many small, tilt series");
            check_against_reference(K, w, r, ns[i], 0.25, "many small, tilt series");
            check_against_reference(K, w, r, ns[i], 1, "many small, tilt series");
            /* ... and on the per-outcome path (t > 1) */
            check_against_reference(K, w, r, ns[i], 1.5, "many small, per outcome");
        }
    }
}

/* An O(K log K) reference in quad for large K: sort by reward, group, prefix sums in quad. */
typedef struct rkey { double r; size_t i; } rkey;

static int cmp_rkey(const void *a, const void *b)
{
    const rkey *x = a, *y = b;
    return (x->r > y->r) - (x->r < y->r);
}

static ref_stats reference_sorted(size_t k, const double *w, const double *r, double nd)
{
    rkey *keys = malloc(k * sizeof *keys);
    quad tot = qd(0), n = qd(nd), logn = logq(n), zero = qd(0), one = qd(1), two = qd(2);
    quad nm1 = qsub(n, one);
    for (size_t i = 0; i < k; i++) {
        keys[i] = (rkey){r[i], i};
        tot = qadd(tot, qd(w[i]));
    }
    qsort(keys, k, sizeof *keys, cmp_rkey);
    ref_stats s = {0};
    quad below = qd(0);
    for (size_t a = 0, b; a < k; a = b) {
        quad g = qd(0);
        for (b = a; b < k && keys[b].r == keys[a].r; b++)
            g = qadd(g, qdiv(qd(w[keys[b].i]), tot));
        /* the mass above: in quad, 1 - below - g keeps 30 digits of anything above 1e-4 */
        quad above = b == k ? zero : qsub(qsub(one, below), g);
        quad F = qlt(above, QUAD_C(0.5)) ? qsub(one, above) : qadd(below, g);
        quad P = q_pow_diff(F, above, g, n), C = qadd(below, qdiv(g, two));
        if (qgt(P, zero))
            s.kl = qadd(s.kl, qmul(P, logq(qdiv(P, g))));
        s.wr = qadd(s.wr, qmul(P, C));
        quad lower = qgt(below, zero) ? q_pow1m(below, qadd(above, g), n) : zero;
        s.wr_alt = qadd(s.wr_alt, qmul(g, qadd(q_pow1m(F, above, n), lower)));
        s.reward = qadd(s.reward, qmul(P, qd(keys[a].r)));
        for (size_t m = a; m < b; m++) {
            quad eps = qdiv(qd(w[keys[m].i]), tot), pi = qmul(qdiv(eps, g), P);
            quad l1m = log1pq(qneg(eps));
            quad ea = expq(qmul(n, l1m)), oma = qneg(expm1q(qmul(n, l1m)));
            quad ka = qgt(ea, zero) ? qmul(ea, qsub(qadd(logn, qmul(nm1, l1m)), qdiv(nm1, n))) : zero;
            quad kh = qadd(ka, qgt(oma, zero) ? qmul(oma, logq(qdiv(oma, eps))) : zero);
            s.est = qadd(s.est, qmul(pi, kh));
            s.bmin = qadd(s.bmin, qmul(pi, fminq(logn, qneg(logq(eps)))));
            s.bsat = qadd(s.bsat, qmul(pi, qgt(oma, zero) ? logq(qdiv(oma, eps)) : zero));
        }
        below = qadd(below, g);
    }
    s.wr_alt = qsub(one, qdiv(s.wr_alt, two));
    free(keys);
    return s;
}

/* The bench's kind of distribution at K = 3000 (weights over six decades, rewards on K/2
 * levels): long compensated sums, truncation and both series paths against quad. */
static void large_k_vs_quad(void **state)
{
    (void)state;
    enum { K = 3000 };
    static double w[K], r[K];
    bonx_dist d = bench_like_dist(K, w, r, 65536);
    double ns[] = {1 + 1e-6, 1.5, 3, 30, 1000, 1e5, 1e9};
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
        bonx_bon_stats s;
        bonx_err e = {0};
        assert_int_equal(bonx_bon_stats_at(&d, ns[i], 0, &s, &e), 0);
        ref_stats q = reference_sorted(K, w, r, ns[i]);
        const double rel = 1e-12, ab = 1e-14;
        CHECK(s.kl, qdbl(q.kl), rel, ab, "large K: KL");
        CHECK(s.kl_estimate, qdbl(q.est), rel, ab, "large K: E[KLhat]");
        CHECK(s.kl_bound_min, qdbl(q.bmin), rel, ab, "large K: min bound");
        CHECK(s.kl_bound_sat, qdbl(q.bsat), rel, ab, "large K: sat bound");
        CHECK(s.win_rate, qdbl(q.wr), rel, ab, "large K: win rate");
        CHECK(s.win_rate_alt, qdbl(q.wr_alt), rel, ab, "large K: win rate alt");
        CHECK(s.reward, qdbl(q.reward), rel, ab * d.r_scale, "large K: reward");
    }
    bonx_dist_free(&d);
}

/* MATH.md §7 over many random distributions with ties, across a fine grid of n. */
static void invariants(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 7);
    int conj_violations = 0, conj_checks = 0;
    double min_margin = INFINITY; /* smallest (E[KLhat] - KL)/KL seen where KL > 1e-6 */
    double worst_conj = 0;
    for (int trial = 0; trial < 3000; trial++) {
        size_t k = 1 + bonx_rng_below(&g, 30);
        double w[30], r[30], pi[30];
        random_dist(&g, k, w, r);
        bonx_dist d = make_dist(k, w, r);
        bonx_err e = {0};
        double prev_kl = 0, prev_wr = 0;
        for (double n = 1; n < 2e15; n *= 1.0 + 3 * bonx_rng_uniform_pos(&g)) {
            bonx_bon_stats s;
            assert_int_equal(bonx_bon_stats_at(&d, n, 0, &s, &e), 0);
            assert_int_equal(bonx_bon_pmf(&d, n, pi, &e), 0);
            double sum = 0;
            for (size_t i = 0; i < k; i++) {
                assert_true(pi[i] >= 0 && isfinite(pi[i]));
                sum += pi[i];
            }
            CHECK(sum, 1, 1e-13, 0, "sum pi");
            double tol = 1e-13 * s.kl_analytic + 1e-15;
            assert_true(s.kl >= 0 && s.kl <= s.kl_analytic + tol);
            assert_true(s.kl <= s.kl_bound_sat + tol);
            assert_true(s.kl_bound_sat <= s.kl_bound_min + tol);
            assert_true(s.kl_estimate >= -1e-15 && s.kl_estimate <= s.kl_analytic + tol);
            assert_true(s.win_rate <= s.win_rate_bound + 1e-15);
            CHECK(s.win_rate, s.win_rate_alt, 1e-13, 1e-15, "both win rates");
            /* non-decreasing in n, up to rounding */
            assert_true(s.kl >= prev_kl - 1e-13 * prev_kl - 1e-16);
            assert_true(s.win_rate >= prev_wr - 1e-14);
            prev_kl = s.kl;
            prev_wr = s.win_rate;
            conj_checks++;
            if (s.kl > 1e-6)
                min_margin = fmin(min_margin, (s.kl_estimate - s.kl) / s.kl);
            if (s.kl_estimate < s.kl - 1e-13 * s.kl - 1e-16) {
                conj_violations++;
                worst_conj = fmax(worst_conj, (s.kl - s.kl_estimate) / s.kl);
            }
        }
        /* n -> inf: KL -> log(1/g_top) */
        bonx_bon_stats s;
        assert_int_equal(bonx_bon_stats_at(&d, 1e300, 0, &s, &e), 0);
        CHECK(s.kl, bonx_dist_kl_ceiling(&d), 1e-12, 1e-14, "KL limit");
        if (k >= 1) {
            assert_int_equal(bonx_bon_stats_at(&d, 1, 0, &s, &e), 0);
            assert_true(s.kl == 0 && s.kl_estimate == 0);
            CHECK(s.win_rate, 0.5, 1e-15, 0, "WR(pi_1) = 1/2");
            assert_int_equal(bonx_bon_pmf(&d, 1, pi, &e), 0);
            for (size_t i = 0; i < k; i++)
                assert_true(pi[i] == d.p[i]);
        }
        bonx_dist_free(&d);
    }
    print_message("Conjecture 4.4 (E[KLhat] >= KL): %d violations in %d (distribution, n) pairs, "
                  "worst relative gap %.3g; smallest margin (E[KLhat]-KL)/KL %.3g\n",
                  conj_violations, conj_checks, worst_conj, min_margin);
}

static void scalar_pieces(void **state)
{
    (void)state;
    /* KL~ near n = 1 against log1p form in quad */
    double us[] = {1e-12, 1e-8, 1e-4, 0.01, 0.019, 0.021, 0.5, 3, 1e6, 1e15};
    for (size_t i = 0; i < sizeof us / sizeof us[0]; i++) {
        quad one = qd(1), u = qsub(qd(1 + us[i]), one);
        quad want = qsub(log1pq(u), qdiv(u, qadd(one, u)));
        CHECK(bonx_kl_analytic(1 + us[i]), qdbl(want), 1e-14, 0, "KL~ near 1");
    }
    CHECK(bonx_kl_analytic(1e300), log(1e300) - 1, 1e-15, 0, "KL~ at 1e300");
    /* estimator limits */
    double ns[] = {1, 1.5, 10, 1e6, 1e15, 1e300};
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
        double n = ns[i];
        assert_true(bonx_klhat(n, 1) == 0);
        assert_true(bonx_kl_bound_min1(n, 1) == 0);
        assert_true(bonx_kl_bound_sat1(n, 1) == 0);
        for (double eps = 1e-300; eps < 1; eps *= 7.3) {
            double kh = bonx_klhat(n, eps);
            assert_true(isfinite(kh) && kh >= 0 && kh <= bonx_kl_analytic(n) * (1 + 1e-14) + 1e-300);
            assert_true(bonx_kl_bound_sat1(n, eps) <= bonx_kl_bound_min1(n, eps) * (1 + 1e-15));
        }
    }
    assert_true(bonx_klhat(1, 0.3) == 0);
    /* sat bound for small eps is log n, accurate even at n near 1 */
    CHECK(bonx_kl_bound_sat1(1 + 1e-6, 1e-300), log(1 + 1e-6), 1e-13, 0, "sat near n=1");
    CHECK(bonx_blockwise_bound(4, 10, 3), 4 * (log(4) - 0.75), 1e-15, 0, "blockwise");
}

static void extremes_and_errors(void **state)
{
    (void)state;
    double w[] = {1e-300, 1, 1e300, 5e-301, 0}, r[] = {1e300, -1e300, 0, 1e300, 2};
    bonx_dist d = make_dist(5, w, r);
    bonx_err e = {0};
    bonx_bon_stats s;
    double ns[] = {1, 1 + 1e-12, 2, 1e15, 1e300};
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(bonx_bon_stats_at(&d, ns[i], 2, &s, &e), 0);
        double v[] = {s.kl, s.kl_analytic, s.kl_estimate, s.kl_bound_min, s.kl_bound_sat,
                      s.est_tilt_lo, s.est_tilt_hi, s.win_rate, s.win_rate_alt, s.reward};
        for (size_t j = 0; j < sizeof v / sizeof v[0]; j++)
            assert_true(isfinite(v[j]));
    }
    assert_int_equal(bonx_bon_stats_at(&d, 0.5, 0, &s, &e), BONX_EINVAL);
    assert_int_equal(bonx_bon_stats_at(&d, NAN, 0, &s, &e), BONX_EINVAL);
    assert_int_equal(bonx_bon_stats_at(&d, 2, -1, &s, &e), BONX_EINVAL);
    double logP[5];
    bonx_bon_group_logmass(&d, log(1e15), logP);
    for (size_t j = 0; j < d.ng; j++)
        assert_false(isnan(logP[j]));
    bonx_dist_free(&d);
}

/* log-mass form agrees with the direct one, and reaches n = e^(1e4). */
static void group_logmass(void **state)
{
    (void)state;
    double w[] = {3, 1, 1e-9, 2}, r[] = {0, 1, 5, 2};
    bonx_dist d = make_dist(4, w, r);
    double logP[4], pi[4];
    bonx_err e = {0};
    double ns[] = {1, 2.5, 1e4, 1e12};
    for (size_t i = 0; i < 4; i++) {
        bonx_bon_group_logmass(&d, log(ns[i]), logP);
        assert_int_equal(bonx_bon_pmf(&d, ns[i], pi, &e), 0);
        for (size_t j = 0; j < d.ng; j++) {
            double P = 0;
            for (size_t m = d.g_first[j]; m < d.g_first[j + 1]; m++)
                P += pi[d.order[m]];
            CHECK(exp(logP[j]), P, 1e-11, 1e-300, "logmass");
        }
    }
    bonx_bon_group_logmass(&d, 1e4, logP);
    CHECK(logP[d.ng - 1], 0, 0, 1e-300, "top group takes all at n = e^1e4");
    bonx_dist_free(&d);
}

/* One outcome holds all but 2e-13 of the mass.  Its log(1/eps) and 1 - eps must come from
 * the other outcomes' mass: from the rounded eps they keep only 3 or 4 digits.  Reference values: mpmath at 700
 * digits, direct sums over outcomes. */
static void dominant_outcome(void **state)
{
    (void)state;
    double w[] = {2.0591586852137247e-13, 1.1339214035194667e-23, 2.56364195297106e-292, 1.0};
    double r[] = {0.5, 0.5, 2.0, 1.0};
    bonx_dist d = make_dist(4, w, r);
    bonx_bon_stats s;
    bonx_err e = {0};
    assert_int_equal(bonx_bon_stats_at(&d, 2, 0, &s, &e), 0);
    /* the exact KL itself keeps about 1e-11 relative here (the contract's 1e-14 absolute
     * covers it), so the ordering E[KLhat] >= KL, true by 8e-12 relative, is not asserted */
    CHECK(s.kl, 2.0591586853140948e-13, 1e-12, 1e-14, "kl");
    CHECK(s.kl_estimate, 2.0591586853142586e-13, 1e-12, 0, "kl_estimate");
    CHECK(s.kl_bound_min, 2.0591586853271987e-13, 1e-12, 0, "kl_bound_min");
    CHECK(s.kl_bound_sat, 2.0591586853267747e-13, 1e-12, 0, "kl_bound_sat");
    assert_int_equal(bonx_bon_stats_at(&d, 1e6, 0, &s, &e), 0);
    CHECK(s.kl, 2.0591586853269048e-13, 1e-12, 1e-14, "kl at 1e6");
    CHECK(s.kl_estimate, 2.0591586853269048e-13, 1e-12, 0, "kl_estimate at 1e6");
    bonx_dist_free(&d);
}

/* Near n = 1 the KL is O((n-1)^2) while its terms are O(n-1): it must keep its relative
 * digits with no absolute slack.  Reference values: mpmath at 80 digits, direct sums. */
static void kl_near_one_relative(void **state)
{
    (void)state;
    double w[] = {0.5, 0.3, 0.2}, r[] = {0, 1, 1};
    double w2[] = {1, 1, 1e-12}, r2[] = {0, 1, 2};
    bonx_dist d = make_dist(3, w, r), d2 = make_dist(3, w2, r2);
    const double n[] = {1 + 0x1p-20, 1 + 0x1p-40};
    const double want[] = {2.184845908783707046e-13, 1.9871070917777782283e-25};
    const double want2[] = {2.184845908784888358e-13, 1.9871070917788526263e-25};
    for (int i = 0; i < 2; i++) {
        bonx_bon_stats s;
        bonx_err e = {0};
        assert_int_equal(bonx_bon_stats_at(&d, n[i], 0, &s, &e), 0);
        CHECK(s.kl, want[i], 1e-12, 0, "kl near 1 (ties)");
        assert_int_equal(bonx_bon_stats_at(&d2, n[i], 0, &s, &e), 0);
        CHECK(s.kl, want2[i], 1e-12, 0, "kl near 1 (needle)");
    }
    bonx_dist_free(&d);
    bonx_dist_free(&d2);
}

/* The batch against the quad reference: every statistic of every n, with the n in any order
 * (duplicates, n = 1, n near 1, up to 1e15), so that packs of 4 mix the paths. */
static void check_stats_vs_quad(const bonx_bon_stats *s, size_t k, const double *w,
                                const double *r, double n, double t, double r_scale)
{
    ref_stats q = reference(k, w, r, n, t);
    const double rel = 1e-12, ab = 1e-14;
    assert_true(s->n == n);
    CHECK(s->kl, qdbl(q.kl), rel, ab, "batch: KL");
    CHECK(s->kl_estimate, qdbl(q.est), rel, ab, "batch: E[KLhat]");
    CHECK(s->kl_bound_min, qdbl(q.bmin), rel, ab, "batch: min bound");
    CHECK(s->kl_bound_sat, qdbl(q.bsat), rel, ab, "batch: sat bound");
    CHECK(s->win_rate, qdbl(q.wr), rel, ab, "batch: win rate");
    CHECK(s->win_rate_alt, qdbl(q.wr_alt), rel, ab, "batch: win rate alt");
    CHECK(s->reward, qdbl(q.reward), rel, ab * r_scale, "batch: reward");
    if (t > 0) {
        CHECK(s->est_tilt_lo, qdbl(q.tlo), 1e-11, ab, "batch: tilted min");
        CHECK(s->est_tilt_hi, qdbl(q.thi), 1e-11, ab, "batch: tilted max");
    } else {
        assert_true(s->est_tilt_lo == s->kl_estimate && s->est_tilt_hi == s->kl_estimate);
    }
}

/* Every field of a and b within rel (relative) + ab (absolute). */
/* The reward is compared to r_abs absolute as well: a sum of rewards of both signs is
 * rounded against the rewards' scale, not its own size (0 where the caller wants bits). */
static void check_same_stats_r(const bonx_bon_stats *a, const bonx_bon_stats *b, double rel,
                               double ab, double r_abs)
{
    assert_true(a->n == b->n);
    CHECK(b->kl, a->kl, rel, ab, "batch vs single: KL");
    CHECK(b->kl_analytic, a->kl_analytic, 0, 0, "batch vs single: KL~");
    CHECK(b->kl_estimate, a->kl_estimate, rel, ab, "batch vs single: E[KLhat]");
    CHECK(b->kl_bound_min, a->kl_bound_min, rel, ab, "batch vs single: min bound");
    CHECK(b->kl_bound_sat, a->kl_bound_sat, rel, ab, "batch vs single: sat bound");
    CHECK(b->est_tilt_lo, a->est_tilt_lo, rel, ab, "batch vs single: tilted min");
    CHECK(b->est_tilt_hi, a->est_tilt_hi, rel, ab, "batch vs single: tilted max");
    CHECK(b->win_rate, a->win_rate, rel, ab, "batch vs single: win rate");
    CHECK(b->win_rate_alt, a->win_rate_alt, rel, ab, "batch vs single: win rate alt");
    CHECK(b->win_rate_bound, a->win_rate_bound, 0, 0, "batch vs single: n/(n+1)");
    CHECK(b->reward, a->reward, rel, ab > r_abs ? ab : r_abs, "batch vs single: reward");
    CHECK(b->expected_draws, a->expected_draws, 0, 0, "batch vs single: draws");
}

static void check_same_stats(const bonx_bon_stats *a, const bonx_bon_stats *b, double rel, double ab)
{
    check_same_stats_r(a, b, rel, ab, 0);
}

/* The portable and AVX2 copies of the batch (core/isa.h) give the same bits: every field. */
static void check_same_bits(const bonx_bon_stats *a, const bonx_bon_stats *b, const char *what)
{
    const double *x = &a->n, *y = &b->n;
    for (size_t f = 0; f < sizeof *a / sizeof(double); f++)
        if (memcmp(&x[f], &y[f], sizeof x[f]) != 0) {
            print_error("%s: field %zu differs: %a against %a (n = %.17g)\n", what, f, x[f], y[f],
                        a->n);
            fail();
        }
}

static void batch_random_vs_quad(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 4048);
    enum { NG = sizeof grid_n / sizeof grid_n[0], NB = NG + 9 };
    for (int trial = 0; trial < 400; trial++) {
        size_t k = 1 + bonx_rng_below(&g, 12);
        double w[12], r[12], ns[NB];
        random_dist(&g, k, w, r);
        bonx_dist d = make_dist(k, w, r);
        /* the grid shuffled, plus random n (near 1, below 2, large) and a duplicate */
        for (size_t i = 0; i < NG; i++)
            ns[i] = grid_n[i];
        for (size_t i = NG; i-- > 1;) {
            size_t o = bonx_rng_below(&g, i + 1);
            double tmp = ns[i];
            ns[i] = ns[o];
            ns[o] = tmp;
        }
        for (size_t i = NG; i < NB - 1; i++) {
            double u = bonx_rng_uniform(&g);
            ns[i] = i % 3 == 0 ? 1 + 1e-6 * u : i % 3 == 1 ? 1 + u : exp(35 * u);
        }
        ns[NB - 1] = ns[0];
        bonx_bon_stats s[NB], one, plain[NB];
        bonx_err e = {0};
        assert_int_equal(bonx_bon_stats_batch(&d, ns, NB, 0, s, &e), 0);
        assert_int_equal(bonx_bon_stats_batch_isa(&d, ns, NB, 0, plain, &e, BONX_ISA_PLAIN), 0);
        /* the default path (AVX2 where the CPU has it) and the portable one: the same bits */
        for (size_t i = 0; i < NB; i++)
            check_same_bits(&plain[i], &s[i], "batch: portable against default path");
        for (size_t i = 0; i < NB; i++) {
            check_stats_vs_quad(&s[i], k, w, r, ns[i], 0, d.r_scale);
            assert_int_equal(bonx_bon_stats_at(&d, ns[i], 0, &one, &e), 0);
            check_same_stats_r(&one, &s[i], 1e-13, 1e-16, 1e-14 * d.r_scale);
        }
        /* the estimator band in the lanes: t <= 1 (series paths too) and t > 1 (every
         * group per outcome), against quad and one call per n; t KL~ > 700 (t = 300 at
         * n = 1e4) goes through bonx_bon_stats_at: the same bits */
        static const double ts[] = {0.7, 2.5};
        for (size_t ti = 0; ti < 2; ti++) {
            double nt[6] = {1 + 99 * bonx_rng_uniform(&g), 1, 1e4, 1 + 1e-3, 1.7, 3e7};
            assert_int_equal(bonx_bon_stats_batch(&d, nt, 6, ts[ti], s, &e), 0);
            for (size_t i = 0; i < 6; i++) {
                check_stats_vs_quad(&s[i], k, w, r, nt[i], ts[ti], d.r_scale);
                assert_int_equal(bonx_bon_stats_at(&d, nt[i], ts[ti], &one, &e), 0);
                check_same_stats_r(&one, &s[i], 1e-13, 1e-16, 1e-14 * d.r_scale);
            }
        }
        double big[2] = {1e4, 1e4};
        assert_int_equal(bonx_bon_stats_batch(&d, big, 2, 300, s, &e), 0);
        assert_int_equal(bonx_bon_stats_at(&d, 1e4, 300, &one, &e), 0);
        check_same_stats(&one, &s[1], 0, 0);
        bonx_dist_free(&d);
    }
}

/* Many small outcomes (the series paths carry most groups), K = 400, against quad. */
static void batch_many_small_vs_quad(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 32);
    enum { K = 400 };
    static double w[K], r[K];
    for (int trial = 0; trial < 3; trial++) {
        for (size_t i = 0; i < K; i++) {
            w[i] = trial == 0 ? 1 : exp(-14 * bonx_rng_uniform(&g));
            r[i] = (double)bonx_rng_below(&g, trial == 2 ? 40 : K);
        }
        bonx_dist d = make_dist(K, w, r);
        double ns[] = {1 + 1e-7, 1.001, 1.5, 1.9, 2, 3, 7, 20, 60, 200, 1000, 1e5, 1e9, 1.2};
        enum { N = sizeof ns / sizeof ns[0] };
        bonx_bon_stats s[N];
        bonx_err e = {0};
        assert_int_equal(bonx_bon_stats_batch(&d, ns, N, 0, s, &e), 0);
        for (size_t i = 0; i < N; i++)
            check_stats_vs_quad(&s[i], K, w, r, ns[i], 0, d.r_scale);
        bonx_dist_free(&d);
    }
}

/* The bench's kind of distribution (K = 64 and 3000) on the explorer's grid: the batch
 * agrees with one call per n to about 1e-15, and with quad (K = 3000) at a few n. */
static void batch_bench_like(void **state)
{
    (void)state;
    static double w[3000], r[3000];
    size_t ks[] = {64, 3000};
    for (size_t c = 0; c < 2; c++) {
        bonx_dist d = bench_like_dist(ks[c], w, r, 77 + c);
        enum { N = 256 };
        double ns[N];
        for (size_t i = 0; i < N; i++)
            ns[i] = exp(log(1e6) * (double)i / (N - 1));
        static bonx_bon_stats s[N];
        bonx_bon_stats one;
        bonx_err e = {0};
        assert_int_equal(bonx_bon_stats_batch(&d, ns, N, 0, s, &e), 0);
        for (size_t i = 0; i < N; i++) {
            assert_int_equal(bonx_bon_stats_at(&d, ns[i], 0, &one, &e), 0);
            check_same_stats(&one, &s[i], 4e-15, 0);
        }
        /* the portable and AVX2 copies of the batch, without and with the estimator band:
         * the same bits (both portable where the CPU lacks AVX2) */
        static bonx_bon_stats plain[N], avx[N];
        for (int band = 0; band < 2; band++) {
            double t = band ? 0.8 : 0;
            assert_int_equal(bonx_bon_stats_batch_isa(&d, ns, N, t, plain, &e, BONX_ISA_PLAIN), 0);
            assert_int_equal(bonx_bon_stats_batch_isa(&d, ns, N, t, avx, &e, BONX_ISA_AVX2), 0);
            for (size_t i = 0; i < N; i++)
                check_same_bits(&plain[i], &avx[i], "batch: portable against AVX2");
        }
        if (ks[c] == 3000) {
            size_t at[] = {1, 12, 40, 100, 200, 255};
            for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
                ref_stats q = reference_sorted(ks[c], w, r, ns[at[i]]);
                const bonx_bon_stats *b = &s[at[i]];
                CHECK(b->kl, qdbl(q.kl), 1e-12, 1e-14, "batch large K: KL");
                CHECK(b->kl_estimate, qdbl(q.est), 1e-12, 1e-14, "batch large K: E[KLhat]");
                CHECK(b->kl_bound_min, qdbl(q.bmin), 1e-12, 1e-14, "batch large K: min");
                CHECK(b->kl_bound_sat, qdbl(q.bsat), 1e-12, 1e-14, "batch large K: sat");
                CHECK(b->win_rate, qdbl(q.wr), 1e-12, 1e-14, "batch large K: win rate");
                CHECK(b->win_rate_alt, qdbl(q.wr_alt), 1e-12, 1e-14, "batch large K: wr alt");
                CHECK(b->reward, qdbl(q.reward), 1e-12, 1e-14 * d.r_scale, "batch large K: reward");
            }
        }
        bonx_dist_free(&d);
    }
}

/* Extremes (weights 1e-300 .. 1e300, rewards +-1e300, n up to 1e300), the relative digits
 * near n = 1, and the errors (nothing written before a bad n is reported). */
static void batch_extremes_and_errors(void **state)
{
    (void)state;
    double w[] = {1e-300, 1, 1e300, 5e-301, 0}, r[] = {1e300, -1e300, 0, 1e300, 2};
    bonx_dist d = make_dist(5, w, r);
    double ns[] = {1, 1 + 1e-12, 2, 1e15, 1e300, 1.5, 7};
    bonx_bon_stats s[7], one;
    bonx_err e = {0};
    assert_int_equal(bonx_bon_stats_batch(&d, ns, 7, 0, s, &e), 0);
    for (size_t i = 0; i < 7; i++) {
        assert_int_equal(bonx_bon_stats_at(&d, ns[i], 0, &one, &e), 0);
        check_same_stats(&one, &s[i], 1e-14, 1e-300);
        check_stats_vs_quad(&s[i], 5, w, r, ns[i], 0, d.r_scale);
    }
    assert_true(s[0].kl == 0 && s[0].kl_estimate == 0);
    double bad[] = {2, 0.5}, bad2[] = {NAN}, bad3[] = {INFINITY};
    s[0].n = -1;
    assert_int_equal(bonx_bon_stats_batch(&d, bad, 2, 0, s, &e), BONX_EINVAL);
    assert_true(s[0].n == -1);
    assert_int_equal(bonx_bon_stats_batch(&d, bad2, 1, 0, s, &e), BONX_EINVAL);
    assert_int_equal(bonx_bon_stats_batch(&d, bad3, 1, 0, s, &e), BONX_EINVAL);
    assert_int_equal(bonx_bon_stats_batch(&d, ns, 2, -1, s, &e), BONX_EINVAL);
    assert_int_equal(bonx_bon_stats_batch(&d, ns, 0, 0, s, &e), 0);
    bonx_dist_free(&d);
    /* KL = O((n-1)^2) near n = 1 keeps its relative digits (mpmath values, as above) */
    double w1[] = {0.5, 0.3, 0.2}, r1[] = {0, 1, 1}, w2[] = {1, 1, 1e-12}, r2[] = {0, 1, 2};
    bonx_dist d1 = make_dist(3, w1, r1), d2 = make_dist(3, w2, r2);
    double n1[] = {1 + 0x1p-20, 1 + 0x1p-40, 3, 1 + 0x1p-20, 1 + 0x1p-40};
    assert_int_equal(bonx_bon_stats_batch(&d1, n1, 5, 0, s, &e), 0);
    CHECK(s[0].kl, 2.184845908783707046e-13, 1e-12, 0, "batch kl near 1 (ties)");
    CHECK(s[1].kl, 1.9871070917777782283e-25, 1e-12, 0, "batch kl near 1 (ties)");
    CHECK(s[3].kl, 2.184845908783707046e-13, 1e-12, 0, "batch kl near 1 (ties)");
    assert_int_equal(bonx_bon_stats_batch(&d2, n1, 5, 0, s, &e), 0);
    CHECK(s[0].kl, 2.184845908784888358e-13, 1e-12, 0, "batch kl near 1 (needle)");
    CHECK(s[1].kl, 1.9871070917788526263e-25, 1e-12, 0, "batch kl near 1 (needle)");
    CHECK(s[4].kl, 1.9871070917788526263e-25, 1e-12, 0, "batch kl near 1 (needle)");
    bonx_dist_free(&d1);
    bonx_dist_free(&d2);
}

/* n < 2 beside larger n in one batch, on long distributions where most groups take the
 * series for log(P/g) near n = 1 (near1_series4 in bon.c): every statistic against quad, KL
 * relative only (it is O((n-1)^2) there), and against one call per n. */
static void batch_near_one_series(void **state)
{
    (void)state;
    enum { K = 3000 };
    static double w[K], r[K];
    const double ns[] = {1 + 0x1p-30, 1 + 1e-4, 1.3, 1.999, 1 + 1e-6, 1.7, 2.5, 4,
                         1.05, 1 + 0x1p-45, 1.5, 30};
    /* quad's own error (1e-34 of the groups' P, against a KL of 1e-28) is too large at
     * n = 1 + 2^-45: there KL = KL''(1) u^2 / 2 (1 + O(u)), checked against n = 1 + 2^-30 */
    enum { U45 = 9 };
    enum { N = sizeof ns / sizeof ns[0] };
    for (int c = 0; c < 3; c++) {
        bonx_dist d;
        if (c == 0) {
            d = bench_like_dist(K, w, r, 91);
        } else {
            /* c = 1: flat weights, every reward distinct (g/F small but for the lowest
             * groups); c = 2: weights over 12 decades, rewards on 40 levels (big ties) */
            bonx_rng g;
            bonx_rng_seed(&g, 5 + c);
            for (size_t i = 0; i < K; i++) {
                w[i] = c == 1 ? 1 : exp(-28 * bonx_rng_uniform(&g));
                r[i] = c == 1 ? (double)i : (double)bonx_rng_below(&g, 40);
            }
            d = make_dist(K, w, r);
        }
        bonx_bon_stats s[N], one;
        bonx_err e = {0};
        assert_int_equal(bonx_bon_stats_batch(&d, ns, N, 0, s, &e), 0);
        for (size_t i = 0; i < N; i++) {
            ref_stats q = reference_sorted(K, w, r, ns[i]);
            const bonx_bon_stats *b = &s[i];
            if (i == U45)
                CHECK(b->kl * 0x1p90, s[0].kl * 0x1p60, 1e-7, 0, "near-1 series: KL ~ u^2");
            else
                CHECK(b->kl, qdbl(q.kl), 1e-12, 0, "near-1 series: KL");
            CHECK(b->kl_estimate, qdbl(q.est), 1e-12, 1e-14, "near-1 series: E[KLhat]");
            CHECK(b->kl_bound_min, qdbl(q.bmin), 1e-12, 1e-14, "near-1 series: min");
            CHECK(b->kl_bound_sat, qdbl(q.bsat), 1e-12, 1e-14, "near-1 series: sat");
            CHECK(b->win_rate, qdbl(q.wr), 1e-12, 1e-14, "near-1 series: win rate");
            CHECK(b->win_rate_alt, qdbl(q.wr_alt), 1e-12, 1e-14, "near-1 series: wr alt");
            CHECK(b->reward, qdbl(q.reward), 1e-12, 1e-14 * d.r_scale, "near-1 series: reward");
            assert_int_equal(bonx_bon_stats_at(&d, ns[i], 0, &one, &e), 0);
            check_same_stats(&one, b, 1e-13, 1e-16);
        }
        bonx_dist_free(&d);
    }
}

/* A prepared grid gives bonx_bon_stats_batch's bits run by run (it only moves the work that
 * depends on n alone out of the call), with n = 1 and repeated points inside runs, a last run
 * shorter than 4, and falls back to the batch where it was not prepared for the call. */
static void prepared_grid(void **state)
{
    (void)state;
    static double w[3000], r[3000];
    size_t ks[] = {3, 64, 3000};
    enum { N = 23 };
    double ns[N] = {1, 1 + 1e-9, 1.5, 2, 1, 3, 1e-300 + 1, 7.5, 10, 10, 33, 1e2,
                    1e3, 1, 1e4, 3e4, 1e5, 1e6, 1e9, 1e12, 1e13, 1e15, 2.5};
    for (size_t c = 0; c < sizeof ks / sizeof ks[0]; c++) {
        bonx_dist d = bench_like_dist(ks[c], w, r, 91 + c);
        bonx_bon_grid *g = NULL;
        bonx_err e = {0};
        assert_int_equal(bonx_bon_grid_new(&g, ns, N, &e), 0);
        bonx_bon_stats want[N], got[N];
        for (size_t first = 0; first < N; first += 4) {
            size_t count = N - first < 4 ? N - first : 4;
            assert_int_equal(bonx_bon_stats_batch(&d, ns + first, count, 0, want + first, &e), 0);
        }
        assert_int_equal(bonx_bon_stats_grid(&d, g, 0, N, 0, got, &e), 0);
        assert_int_equal(memcmp(want, got, sizeof want), 0);
        /* one aligned run at a time, as the curves' tasks call it */
        for (size_t first = 0; first < N; first += 4) {
            size_t count = N - first < 4 ? N - first : 4;
            assert_int_equal(bonx_bon_stats_grid(&d, g, first, count, 0, got, &e), 0);
            assert_int_equal(memcmp(want + first, got, count * sizeof *got), 0);
        }
        /* not prepared for these: the batch itself */
        assert_int_equal(bonx_bon_stats_grid(&d, g, 1, 5, 0, got, &e), 0);
        assert_int_equal(bonx_bon_stats_batch(&d, ns + 1, 5, 0, want, &e), 0);
        assert_int_equal(memcmp(want, got, 5 * sizeof *got), 0);
        /* with the band: the batch run by run */
        assert_int_equal(bonx_bon_stats_grid(&d, g, 4, 8, 0.5, got, &e), 0);
        assert_int_equal(bonx_bon_stats_batch(&d, ns + 4, 4, 0.5, want, &e), 0);
        assert_int_equal(bonx_bon_stats_batch(&d, ns + 8, 4, 0.5, want + 4, &e), 0);
        assert_int_equal(memcmp(want, got, 8 * sizeof *got), 0);
        /* and against the quad reference where it is cheap */
        assert_int_equal(bonx_bon_stats_grid(&d, g, 0, N, 0, got, &e), 0);
        for (size_t i = 0; ks[c] <= 64 && i < N; i++)
            check_stats_vs_quad(&got[i], ks[c], w, r, ns[i], 0, d.r_scale);
        assert_int_equal(bonx_bon_stats_grid(&d, g, 20, 4, 0, got, &e), BONX_EINVAL);
        assert_int_equal(bonx_bon_stats_grid(&d, g, 24, 0, 0, got, &e), BONX_EINVAL);
        bonx_bon_grid_free(g);
        bonx_dist_free(&d);
    }
    double bad[] = {2, 0.5};
    bonx_bon_grid *g = (bonx_bon_grid *)&bad; /* must be reset to NULL on failure */
    bonx_err e = {0};
    assert_int_equal(bonx_bon_grid_new(&g, bad, 2, &e), BONX_EINVAL);
    assert_null(g);
    double inf[] = {INFINITY};
    assert_int_equal(bonx_bon_grid_new(&g, inf, 1, &e), BONX_EINVAL);
    bonx_bon_grid_free(NULL);
}

/* Issue 11 item 4 (found by tests/fuzz/fuzz_bon): the batch's estimator divided 1 by a
 * subnormal eps (inf) and gave NaN; it must equal bonx_bon_stats_at, finite, on both ISAs. */
static void subnormal_eps_batch(void **state)
{
    (void)state;
    double w[] = {91, 21e-320, 3e-315}, r[] = {1, 3, 2};
    bonx_dist d;
    bonx_err e = {0};
    assert_int_equal(bonx_dist_init(&d, 3, w, r, &e), 0);
    double ns[] = {1e60, 1, 2e60, 1e120, 1e15, 7, 1e300, 3e8};
    bonx_bon_stats b[8], one;
    for (int avx = 0; avx < 2; avx++) {
        assert_int_equal(bonx_bon_stats_batch_isa(&d, ns, 8, 0.5, b, &e, avx), 0);
        for (int i = 0; i < 8; i++) {
            assert_int_equal(bonx_bon_stats_at(&d, ns[i], 0.5, &one, &e), 0);
            double got[] = {b[i].kl, b[i].kl_estimate, b[i].kl_bound_min, b[i].kl_bound_sat,
                            b[i].est_tilt_lo, b[i].est_tilt_hi};
            double want[] = {one.kl, one.kl_estimate, one.kl_bound_min, one.kl_bound_sat,
                             one.est_tilt_lo, one.est_tilt_hi};
            for (int q = 0; q < 6; q++) {
                assert_true(isfinite(got[q]) && got[q] >= 0);
                if (!(fabs(got[q] - want[q]) <= 1e-12 * want[q] + 1e-300)) {
                    print_error("n %g quantity %d: batch %.17g single %.17g\n", ns[i], q, got[q],
                                want[q]);
                    fail();
                }
            }
        }
    }
    bonx_dist_free(&d);
}

/* A top group of subnormal mass between n = 1 and 2 (found by the seeded fuzz smoke): F-/g
 * overflowed and KL came out NaN, then 0 after the clamp.  Values: mpmath at 400 digits, the
 * same doubles (1.1e-319 included); the batch must agree with the single path. */
static void subnormal_top_group_near_one(void **state)
{
    (void)state;
    double w[] = {1, 11e-320, 1, 2, 1}, r[] = {0, 110, 1, 3, 4};
    bonx_dist d = make_dist(5, w, r);
    double ns[] = {1.2, 1.000001, 1.5, 1.99};
    double want[] = {0.012884596298454251, 3.878575220838972e-13, 0.062530046538495324,
                     0.1711383087244962};
    double west[] = {0.015559168027080895, 4.9803382977645255e-13, 0.071395303919123701,
                     0.18712282610524569};
    bonx_bon_stats one, b[4];
    bonx_err e = {0};
    assert_int_equal(bonx_bon_stats_batch(&d, ns, 4, 0, b, &e), 0);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(bonx_bon_stats_at(&d, ns[i], 0, &one, &e), 0);
        CHECK(one.kl, want[i], 1e-14, 0, "subnormal top group: KL (single)");
        CHECK(b[i].kl, want[i], 1e-14, 0, "subnormal top group: KL (batch)");
        CHECK(one.kl_estimate, west[i], 1e-14, 0, "subnormal top group: E[KLhat]");
        CHECK(b[i].kl_estimate, west[i], 1e-14, 0, "subnormal top group: E[KLhat] batch");
        CHECK(b[i].win_rate, one.win_rate, 1e-15, 0, "subnormal top group: win rate");
        CHECK(b[i].reward, one.reward, 1e-15, 0, "subnormal top group: reward");
    }
    /* n < 2 in a pack with large n: the near-1 lanes leave the series there */
    double mixed[] = {1.2, 1e6, 1.000001, 1e9};
    assert_int_equal(bonx_bon_stats_batch(&d, mixed, 4, 0, b, &e), 0);
    CHECK(b[0].kl, want[0], 1e-14, 0, "subnormal top group: KL (mixed pack)");
    CHECK(b[2].kl, want[1], 1e-14, 0, "subnormal top group: KL (mixed pack)");
    for (int i = 0; i < 4; i++) {
        assert_int_equal(bonx_bon_stats_at(&d, mixed[i], 0, &one, &e), 0);
        CHECK(b[i].kl, one.kl, 1e-13, 0, "subnormal top group: KL (mixed pack vs single)");
    }
    bonx_dist_free(&d);
}

/* E[KLhat] keeps its relative digits as n -> 1: KLhat - a KL~ was a z + (1-a) sat, two O(n-1)
 * terms cancelling to O((n-1)^2) (2.6e-5 relative at n = 1 + 1e-12 before the psi form).
 * mpmath at 60 digits of the same doubles; single and batch. */
static void estimate_near_one_relative(void **state)
{
    (void)state;
    double w[] = {1, 1, 2, 1}, r[] = {0, 1, 3, 4};
    bonx_dist d = make_dist(4, w, r);
    double ns[] = {1.0000000001, 1.000000000001, 1.000001, 1.2, 2, 10, 1000};
    double want[] = {4.9803458110874638e-21, 4.9812305380990004e-25, 4.9803382977645255e-13,
                     0.015559168027080895, 0.18954115140094279, 1.2289206419684213,
                     1.6094379124341004};
    bonx_bon_stats one, b[7];
    bonx_err e = {0};
    assert_int_equal(bonx_bon_stats_batch(&d, ns, 7, 0, b, &e), 0);
    for (int i = 0; i < 7; i++) {
        assert_int_equal(bonx_bon_stats_at(&d, ns[i], 0, &one, &e), 0);
        CHECK(one.kl_estimate, want[i], 2e-15, 0, "E[KLhat] near 1 (single)");
        CHECK(b[i].kl_estimate, want[i], 2e-15, 0, "E[KLhat] near 1 (batch)");
    }
    bonx_dist_free(&d);
}

/* n = 1e308: the lowest group's log(P/g) = (n-1) log F is -inf and P = 0; its KL term is
 * g psi(-inf) = g, where 0 * -inf had made the KL NaN (fuzz_bon).  Two outcomes: every draw
 * but a 1/9325^n fraction is the top one, so KL = log(9325/9324) (mpmath), batch and single. */
static void huge_n_lowest_group(void **state)
{
    (void)state;
    double w[] = {9324, 1}, r[] = {1e308, -1e308};
    bonx_dist d = make_dist(2, w, r);
    double ns[] = {1e308, 1e300, 1e16, 1.7976931348623157e308};
    const double want = 0.00010724435636853943;   /* log(9325/9324) */
    bonx_bon_stats one, b[4];
    bonx_err e = {0};
    assert_int_equal(bonx_bon_stats_batch(&d, ns, 4, 0, b, &e), 0);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(bonx_bon_stats_at(&d, ns[i], 0, &one, &e), 0);
        CHECK(one.kl, want, 1e-15, 0, "huge n: KL (single)");
        CHECK(b[i].kl, want, 1e-15, 0, "huge n: KL (batch)");
    }
    bonx_dist_free(&d);
}

/* The estimator band where t KL~ > 700 (n = 8100, KL~ = 8.0) on a table whose top group has a
 * subnormal mass (51e-320 of 40: p = 2581 * 2^-1074 as held) and whose lower groups' pi-masses
 * underflow (0.7^8100).  The running reference of the band followed the largest exponent:
 * the top group's 1e-316 weight at t KLhat = 960 set it, the next group flushed the sum to 0,
 * and the tilted min came out 4.95 above the tilted max 3.00 at t = 120 (found by the fuzz
 * smoke: tests/fuzz/corpus/fuzz_bon/band-subnormal-top); and at larger t the groups whose
 * mass underflowed, which e^(-t KLhat) outweighs, were left out (t = 1e4: tilted min 1.53).
 * Values: tests/ref/bon_band_ref.py (mpmath, 400 digits, the p as held); at t = 120 both
 * sides are log 20 (pi_n sits on the reward-5 group, p = 1/20, (1 - 1/20)^8100 ~ 0). */
static void band_subnormal_top(void **state)
{
    (void)state;
    double w[] = {1, 22, 51e-320, 2, 2, 9, 4}, r[] = {2, 0, 8, 0e-32, 5, 3, .07};
    bonx_dist d = make_dist(7, w, r);
    static const double want[][3] = {
        {120, 2.995732273553991, 2.995732273553991},
        {300, 2.8765738252415813, 5.5744610628473135},
        {1e4, 1.0116144571437717, 7.926984345412554},
        {1e10, 0.5978374145330767, 7.999742724692202},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        bonx_bon_stats st, b[1];
        bonx_err e = {0};
        assert_int_equal(bonx_bon_stats_at(&d, 8100, want[i][0], &st, &e), 0);
        assert_true(fabs(st.est_tilt_lo - want[i][1]) <= 1e-13 * want[i][1]);
        assert_true(fabs(st.est_tilt_hi - want[i][2]) <= 1e-13 * want[i][2]);
        double n = 8100;
        assert_int_equal(bonx_bon_stats_batch(&d, &n, 1, want[i][0], b, &e), 0);
        assert_true(fabs(b[0].est_tilt_lo - want[i][1]) <= 1e-13 * want[i][1]);
        assert_true(fabs(b[0].est_tilt_hi - want[i][2]) <= 1e-13 * want[i][2]);
    }
    assert_true(fabs(log(20.0) - want[0][1]) <= 1e-15);
    bonx_dist_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(example1_closed_forms),
        cmocka_unit_test(needle),
        cmocka_unit_test(scalar_pieces),
        cmocka_unit_test(random_vs_quad),
        cmocka_unit_test(many_small_outcomes),
        cmocka_unit_test(large_k_vs_quad),
        cmocka_unit_test(invariants),
        cmocka_unit_test(extremes_and_errors),
        cmocka_unit_test(group_logmass),
        cmocka_unit_test(dominant_outcome),
        cmocka_unit_test(kl_near_one_relative),
        cmocka_unit_test(batch_random_vs_quad),
        cmocka_unit_test(batch_many_small_vs_quad),
        cmocka_unit_test(batch_bench_like),
        cmocka_unit_test(batch_extremes_and_errors),
        cmocka_unit_test(batch_near_one_series),
        cmocka_unit_test(prepared_grid),
        cmocka_unit_test(subnormal_eps_batch),
        cmocka_unit_test(subnormal_top_group_near_one),
        cmocka_unit_test(estimate_near_one_relative),
        cmocka_unit_test(huge_n_lowest_group),
        cmocka_unit_test(band_subnormal_top),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
