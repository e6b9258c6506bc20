/* SPDX-License-Identifier: MIT */
/* Simulation (issue 5): samplers against exact distributions computed here in long double
 * (chi-square, fixed seeds), literal against exact best-of-n (two-sample chi-square), the
 * exact sampler at n = 1e12 and 1e300, every measured mean within a few standard errors of
 * its exact value for every policy, reproducibility, histograms, errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>
#include "simulate.h"
#include "bon.h"
#include "rr.h"
#include "tilt.h"

/* Outcome 3 has no mass; outcomes 1 and 4 tie; the top group (outcome 5) is small. */
static const double W[] = {0.2, 0.35, 0, 0.3, 0.1, 0.05};
static const double R[] = {1, 0, 5, 1, 2.5, -1};
#define K 6

static void make_dist(bonx_dist *d)
{
    bonx_err e = {0};
    assert_int_equal(bonx_dist_init(d, K, W, R, &e), 0);
}

/* Best-of-n in long double straight from the definition (p/g)(F^n - F-^n). */
static void bon_pmf_ld(const double *w, const double *r, size_t k, long double n,
                       long double *pi)
{
    long double tot = 0;
    for (size_t i = 0; i < k; i++)
        tot += w[i];
    for (size_t i = 0; i < k; i++) {
        long double F = 0, Fm = 0, g = 0;
        for (size_t j = 0; j < k; j++) {
            long double pj = w[j] / tot;
            F += r[j] <= r[i] ? pj : 0;
            Fm += r[j] < r[i] ? pj : 0;
            g += r[j] == r[i] ? pj : 0;
        }
        pi[i] = w[i] > 0 ? (w[i] / tot) / g * (powl(F, n) - powl(Fm, n)) : 0;
    }
}

/* Pearson chi-square of counts against probabilities, outcomes expected fewer than 5 times
 * pooled into one cell; an outcome with probability 0 that was drawn makes it infinite.
 * Returns the statistic, *df the degrees of freedom. */
static double chi_square(const uint64_t *count, const long double *pi, size_t k, double S,
                         int *df)
{
    double x = 0, pool_e = 0, pool_c = 0;
    int cells = 0;
    for (size_t i = 0; i < k; i++) {
        if (pi[i] <= 0) {
            if (count[i])
                return INFINITY;
            continue;
        }
        double e = S * (double)pi[i];
        if (e < 5) {
            pool_e += e;
            pool_c += count[i];
            continue;
        }
        x += (count[i] - e) * (count[i] - e) / e;
        cells++;
    }
    if (pool_e > 0) {
        x += (pool_c - pool_e) * (pool_c - pool_e) / fmax(pool_e, 1.0);
        cells++;
    }
    *df = cells - 1;
    return x;
}

/* About a 1e-6 tail for the degrees of freedom used here (<= 6). */
static double chi_square_limit(int df) { return df + 8.0 * sqrt(2.0 * df) + 8.0; }

static void draw_counts(const bonx_sampler *s, uint64_t seed, uint64_t S, uint64_t *count)
{
    bonx_rng g;
    bonx_rng_seed(&g, seed);
    memset(count, 0, K * sizeof *count);
    for (uint64_t i = 0; i < S; i++) {
        double draws = 0;
        count[bonx_sampler_draw(s, &g, &draws)]++;
    }
}

static void check_bon_sampler(double n, bonx_sim_method method, uint64_t seed)
{
    bonx_dist d;
    make_dist(&d);
    bonx_sampler s;
    bonx_err e = {0};
    assert_int_equal(bonx_sampler_init(&s, &d, BONX_SIM_BON, n, method, &e), 0);
    uint64_t count[K];
    long double pi[K];
    const uint64_t S = 200000;
    draw_counts(&s, seed, S, count);
    bon_pmf_ld(W, R, K, n, pi);
    int df = 0;
    double x = chi_square(count, pi, K, S, &df);
    if (!(x < chi_square_limit(df))) {
        print_error("n = %g: chi-square %g with %d df\n", n, x, df);
        fail();
    }
    bonx_sampler_free(&s);
    bonx_dist_free(&d);
}

static void bon_exact_sampler_matches_pmf(void **state)
{
    (void)state;
    double ns[] = {1, 1.5, 3.7, 10, 100, 1e4};
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++)
        check_bon_sampler(ns[i], BONX_SIM_EXACT, 11 + i);
}

static void bon_literal_sampler_matches_pmf(void **state)
{
    (void)state;
    double ns[] = {1, 2, 5, 20};
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++)
        check_bon_sampler(ns[i], BONX_SIM_LITERAL, 23 + i);
}

/* The two samplers against each other: a two-sample chi-square of homogeneity. */
static void literal_and_exact_agree(void **state)
{
    (void)state;
    bonx_dist d;
    make_dist(&d);
    bonx_err e = {0};
    for (int n = 2; n <= 8; n *= 2) {
        bonx_sampler a, b;
        assert_int_equal(bonx_sampler_init(&a, &d, BONX_SIM_BON, n, BONX_SIM_LITERAL, &e), 0);
        assert_int_equal(bonx_sampler_init(&b, &d, BONX_SIM_BON, n, BONX_SIM_EXACT, &e), 0);
        uint64_t ca[K], cb[K];
        const uint64_t S = 150000;
        draw_counts(&a, 100 + n, S, ca);
        draw_counts(&b, 200 + n, S, cb);
        /* homogeneity over the outcomes both samplers drew at least 5 times on average */
        double x = 0;
        int df = -1;
        for (int i = 0; i < K; i++) {
            double pool = (ca[i] + cb[i]) / (2.0 * S);
            if (S * pool < 5)
                continue;
            x += (ca[i] - S * pool) * (ca[i] - S * pool) / (S * pool);
            x += (cb[i] - S * pool) * (cb[i] - S * pool) / (S * pool);
            df++;
        }
        assert_true(df >= 2);
        assert_true(x < chi_square_limit(df));
        bonx_sampler_free(&a);
        bonx_sampler_free(&b);
    }
    bonx_dist_free(&d);
}

/* Astronomical n: the top group of mass 1e-13 at n = 1e12 has pi = 1 - (1-1e-13)^1e12. */
static void exact_sampler_huge_n(void **state)
{
    (void)state;
    double w[] = {1 - 1e-13, 1e-13}, r[] = {0, 1};
    bonx_dist d;
    bonx_err e = {0};
    assert_int_equal(bonx_dist_init(&d, 2, w, r, &e), 0);
    bonx_sampler s;
    assert_int_equal(bonx_sampler_init(&s, &d, BONX_SIM_BON, 1e12, BONX_SIM_EXACT, &e), 0);
    bonx_rng g;
    bonx_rng_seed(&g, 3);
    const int S = 400000;
    int top = 0;
    for (int i = 0; i < S; i++) {
        double draws = 0;
        top += bonx_sampler_draw(&s, &g, &draws) == 1;
        assert_true(draws == 1e12);
    }
    double want = -expm1(1e12 * log1p(-1e-13)), se = sqrt(want * (1 - want) / S);
    assert_true(fabs(want - 0.09516258196404048) < 1e-9);
    assert_true(fabs((double)top / S - want) < 5 * se);
    bonx_sampler_free(&s);
    /* n = 1e300 on Example 1: always the top outcome */
    double w2[] = {1, 1};
    bonx_dist_free(&d);
    assert_int_equal(bonx_dist_init(&d, 2, w2, r, &e), 0);
    assert_int_equal(bonx_sampler_init(&s, &d, BONX_SIM_BON, 1e300, BONX_SIM_EXACT, &e), 0);
    for (int i = 0; i < 10000; i++) {
        double draws = 0;
        assert_int_equal(bonx_sampler_draw(&s, &g, &draws), 1);
    }
    bonx_sampler_free(&s);
    bonx_dist_free(&d);
}

/* Every mean within z standard errors of its exact value.  The distribution rows use the
 * exact standard error sqrt(pi(1-pi)/S) (the sample one is 0 for an outcome never drawn)
 * plus one count, as counts of rare outcomes are far from normal. */
static void assert_row(const char *what, const bonx_sim_row *r, double z)
{
    if (!(fabs(r->mean - r->exact) <= z * r->se + 1e-12 * fabs(r->exact))) {
        print_error("%s: mean %.10g exact %.10g se %.3g\n", what, r->mean, r->exact, r->se);
        fail();
    }
}

static void check_result(const bonx_sim_result *res, double S)
{
    double total = 0;
    for (size_t i = 0; i < res->k; i++) {
        bonx_sim_row r = res->pi[i];
        r.se = sqrt(r.exact * (1 - r.exact) / S) + 0.2 / S;
        assert_row("pi", &r, 5);
        total += res->pi[i].exact;
        if (W[i] == 0)
            assert_true(res->pi[i].mean == 0 && res->pi[i].exact == 0);
    }
    assert_true(fabs(total - 1) < 1e-14);
    /* the statistic has mean df and standard deviation sqrt(2 df) */
    assert_row("chi_square", &res->chi_square, 5);
    assert_row("win_rate", &res->win_rate, 5);
    assert_row("reward", &res->reward, 5);
    assert_row("draws", &res->draws, 5);
    assert_row("kl", &res->kl, 5);
    if (res->has_estimator)
        assert_row("estimator", &res->estimator, 5);
    if (res->has_tilt) {
        assert_row("tilt_lo", &res->est_tilt_lo, 5);
        assert_row("tilt_hi", &res->est_tilt_hi, 5);
    }
}

static void run_sim(bonx_sim_policy pol, double param, bonx_sim_method method, uint64_t seed,
                    bonx_sim_result *res)
{
    bonx_dist d;
    make_dist(&d);
    bonx_sim_spec sp = {pol, method, param, 200000, seed, 0.5, 20, 16};
    bonx_err e = {0};
    int rc = bonx_simulate(&d, &sp, res, &e);
    if (rc)
        print_error("%s\n", e.msg);
    assert_int_equal(rc, 0);
    check_result(res, (double)sp.samples);
    bonx_dist_free(&d);
}

static void means_within_standard_errors(void **state)
{
    (void)state;
    bonx_sim_result res;
    for (uint64_t seed = 1; seed <= 3; seed++) {
        run_sim(BONX_SIM_BON, 4.5, BONX_SIM_EXACT, seed, &res);
        assert_true(res.has_estimator && res.has_tilt);
        bonx_sim_result_free(&res);
        run_sim(BONX_SIM_BON, 7, BONX_SIM_LITERAL, seed, &res);
        bonx_sim_result_free(&res);
        run_sim(BONX_SIM_RR, 1, BONX_SIM_LITERAL, seed, &res);
        assert_true(res.draws.se > 0 && res.estimator.se > 0);
        bonx_sim_result_free(&res);
        run_sim(BONX_SIM_RR, 2.5, BONX_SIM_EXACT, seed, &res);
        bonx_sim_result_free(&res);
        run_sim(BONX_SIM_KLRL, 0.8, BONX_SIM_EXACT, seed, &res);
        assert_false(res.has_estimator);
        bonx_sim_result_free(&res);
    }
}

/* Exact columns are the core's values: spot-check them against the closed forms. */
static void exact_columns(void **state)
{
    (void)state;
    bonx_sim_result res;
    run_sim(BONX_SIM_RR, 2.5, BONX_SIM_LITERAL, 9, &res);
    /* q = P[r >= 2.5] = 0.1/1 = 0.1 */
    assert_true(fabs(res.kl.exact - log(10.0)) < 1e-15);
    assert_true(fabs(res.estimator.exact - log(10.0)) < 1e-15);
    assert_true(fabs(res.draws.exact - 10) < 1e-13);
    assert_true(fabs(res.pi[4].exact - 1) < 1e-15);
    bonx_sim_result_free(&res);
    run_sim(BONX_SIM_BON, 3, BONX_SIM_EXACT, 9, &res);
    long double pi[K];
    bon_pmf_ld(W, R, K, 3, pi);
    for (int i = 0; i < K; i++)
        assert_true(fabs(res.pi[i].exact - (double)pi[i]) < 1e-15);
    assert_true(res.draws.exact == 3 && res.draws.mean == 3 && res.draws.se == 0);
    bonx_sim_result_free(&res);
}

static void histogram_and_running_mean(void **state)
{
    (void)state;
    bonx_sim_result res;
    bonx_sim_policy pols[] = {BONX_SIM_BON, BONX_SIM_RR};
    for (int p = 0; p < 2; p++) {
        run_sim(pols[p], p ? 1.0 : 6.0, p ? BONX_SIM_LITERAL : BONX_SIM_EXACT, 4, &res);
        double c = 0, x = 0;
        for (size_t b = 0; b < res.hist_bins; b++) {
            c += res.hist_count[b];
            x += res.hist_exact[b];
            /* each bin within 6 binomial standard errors of its exact probability */
            double e = 200000 * res.hist_exact[b];
            assert_true(fabs(res.hist_count[b] - e) <= 6 * sqrt(e + 1) + 1);
        }
        assert_true(c == 200000);
        assert_true(fabs(x - 1) < 1e-12);
        assert_true(res.running_points >= 10 && res.running_at[res.running_points - 1] == 200000);
        for (size_t i = 1; i < res.running_points; i++)
            assert_true(res.running_at[i] > res.running_at[i - 1]);
        assert_true(fabs(res.running_mean[res.running_points - 1] - res.estimator.mean) <
                    1e-9 * (1 + res.estimator.mean));
        bonx_sim_result_free(&res);
    }
}

static void reproducible(void **state)
{
    (void)state;
    bonx_sim_result a, b, c;
    run_sim(BONX_SIM_BON, 5, BONX_SIM_LITERAL, 42, &a);
    run_sim(BONX_SIM_BON, 5, BONX_SIM_LITERAL, 42, &b);
    run_sim(BONX_SIM_BON, 5, BONX_SIM_LITERAL, 43, &c);
    assert_memory_equal(a.pi, b.pi, K * sizeof *a.pi);
    assert_memory_equal(&a.win_rate, &b.win_rate, sizeof a.win_rate);
    assert_memory_equal(a.hist_count, b.hist_count, a.hist_bins * sizeof *a.hist_count);
    assert_true(memcmp(a.pi, c.pi, K * sizeof *a.pi) != 0);
    /* the first draws of seed 42 are fixed forever (same numbers on every machine) */
    bonx_dist d;
    make_dist(&d);
    bonx_sampler s;
    bonx_err e = {0};
    assert_int_equal(bonx_sampler_init(&s, &d, BONX_SIM_BON, 5, BONX_SIM_EXACT, &e), 0);
    bonx_rng g;
    bonx_rng_seed(&g, 42);
    size_t first[8], draws_seen = 0;
    for (int i = 0; i < 8; i++) {
        double draws = 0;
        first[i] = bonx_sampler_draw(&s, &g, &draws);
        draws_seen += first[i] < K;
    }
    assert_int_equal(draws_seen, 8);
    bonx_rng_seed(&g, 42);
    for (int i = 0; i < 8; i++) {
        double draws = 0;
        assert_int_equal(bonx_sampler_draw(&s, &g, &draws), first[i]);
    }
    bonx_sampler_free(&s);
    bonx_dist_free(&d);
    bonx_sim_result_free(&a);
    bonx_sim_result_free(&b);
    bonx_sim_result_free(&c);
}

static void errors(void **state)
{
    (void)state;
    bonx_dist d;
    make_dist(&d);
    bonx_err e = {0};
    bonx_sampler s;
    assert_int_equal(bonx_sampler_init(&s, &d, BONX_SIM_BON, 0.5, BONX_SIM_EXACT, &e), BONX_EINVAL);
    assert_int_equal(bonx_sampler_init(&s, &d, BONX_SIM_BON, NAN, BONX_SIM_EXACT, &e), BONX_EINVAL);
    assert_int_equal(bonx_sampler_init(&s, &d, BONX_SIM_BON, 2.5, BONX_SIM_LITERAL, &e), BONX_EINVAL);
    assert_non_null(strstr(e.msg, "integer"));
    assert_int_not_equal(bonx_sampler_init(&s, &d, BONX_SIM_RR, 3, BONX_SIM_LITERAL, &e), 0);
    assert_int_equal(bonx_sampler_init(&s, &d, BONX_SIM_KLRL, 1, BONX_SIM_LITERAL, &e), BONX_EINVAL);
    assert_int_equal(bonx_sampler_init(&s, &d, BONX_SIM_KLRL, -1, BONX_SIM_EXACT, &e), BONX_EINVAL);
    bonx_sim_result res;
    bonx_sim_spec sp = {BONX_SIM_BON, BONX_SIM_EXACT, 4, 0, 1, 0, 0, 0};
    assert_int_equal(bonx_simulate(&d, &sp, &res, &e), BONX_EINVAL);
    sp.samples = 1000;
    sp.t = -1;
    assert_int_equal(bonx_simulate(&d, &sp, &res, &e), BONX_EINVAL);
    sp.t = 0;
    sp.method = BONX_SIM_LITERAL;
    sp.param = 1e9;
    sp.samples = 100;
    assert_int_equal(bonx_simulate(&d, &sp, &res, &e), BONX_ERANGE);
    assert_non_null(strstr(e.msg, "exact"));
    bonx_dist_free(&d);
}

/* Issue 11 item 5: rewards near +-1e308 made the reward mean nan or inf (the sum overflowed).
 * Scaled sums: every row finite, and the reward mean within 5 standard errors, as always. */
static void extreme_rewards(void **state)
{
    (void)state;
    const double M = 1.7976931348623157e308;
    double w[][3] = {{1, 1, 0}, {1, 3, 0}, {1, 2, 1}, {1, 1, 1}};
    double r[][3] = {{1e308, -1e308, 0}, {1e308, 1.7e308, 0}, {M, 0, -M}, {1e-310, 0, 5e-324}};
    for (size_t c = 0; c < 4; c++) {
        bonx_dist d;
        bonx_err e = {0};
        assert_int_equal(bonx_dist_init(&d, 3, w[c], r[c], &e), 0);
        bonx_sim_spec sp = {.policy = c % 2 ? BONX_SIM_KLRL : BONX_SIM_BON,
                            .method = BONX_SIM_EXACT, .param = c % 2 ? d.r_scale : 4,
                            .samples = 20000, .seed = 5};
        bonx_sim_result res;
        memset(&res, 0, sizeof res);
        assert_int_equal(bonx_simulate(&d, &sp, &res, &e), 0);
        const bonx_sim_row *rows[] = {&res.reward, &res.win_rate, &res.kl, &res.draws};
        for (size_t i = 0; i < 4; i++)
            assert_true(isfinite(rows[i]->exact) && isfinite(rows[i]->mean) &&
                        isfinite(rows[i]->se));
        assert_row("extreme reward", &res.reward, 5);
        assert_true(res.reward.mean >= d.r_min && res.reward.mean <= d.r_max);
        bonx_sim_result_free(&res);
        bonx_dist_free(&d);
    }
}

/* Rewind-and-repeat accepting with probability 9e-302: ~1e301 draws per sample, whose squared
 * deviations overflowed the standard error to inf (fuzz_simulate).  Geometric draws: the
 * standard deviation is about the mean, so the standard error is about mean/sqrt(S). */
static void huge_draws_standard_error(void **state)
{
    (void)state;
    double w[] = {11, 1e-300}, r[] = {0, 3};
    bonx_dist d;
    bonx_err e = {0};
    assert_int_equal(bonx_dist_init(&d, 2, w, r, &e), 0);
    bonx_sim_spec sp = {.policy = BONX_SIM_RR, .method = BONX_SIM_EXACT, .param = 1,
                        .samples = 4000, .seed = 9};
    bonx_sim_result res;
    memset(&res, 0, sizeof res);
    assert_int_equal(bonx_simulate(&d, &sp, &res, &e), 0);
    assert_true(isfinite(res.draws.mean) && isfinite(res.draws.se));
    assert_true(fabs(res.draws.exact - 1.1e301) <= 1e-12 * 1.1e301);
    double ratio = res.draws.se * sqrt(4000.0) / res.draws.exact;
    assert_true(ratio > 0.8 && ratio < 1.2);
    assert_row("huge draws", &res.draws, 5);
    bonx_sim_result_free(&res);
    bonx_dist_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bon_exact_sampler_matches_pmf),
        cmocka_unit_test(bon_literal_sampler_matches_pmf),
        cmocka_unit_test(literal_and_exact_agree),
        cmocka_unit_test(exact_sampler_huge_n),
        cmocka_unit_test(means_within_standard_errors),
        cmocka_unit_test(exact_columns),
        cmocka_unit_test(histogram_and_running_mean),
        cmocka_unit_test(reproducible),
        cmocka_unit_test(errors),
        cmocka_unit_test(extreme_rewards),
        cmocka_unit_test(huge_draws_standard_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
