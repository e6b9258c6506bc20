/* SPDX-License-Identifier: MIT */
/* Seed 002's typical set, varentropy and Chebyshev bound (Eq 9-12), the reward an aligned
 * model implies (Eq 4) and the band-selected corpora of §6.1: H, V and log Z against mpmath
 * (tests/ref/typical_ref.py, 60 digits), Prop 1's band around line (6.2) for every typical
 * corpus of many random tables, the Chebyshev bound against the corpora drawn, Eq 4 against
 * the true reward, and the band tilts (their mean log prior, their form q p^theta). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "bands.h"
#include "corpora.h"
#include "dist.h"
#include "rng.h"
#include "tilt.h"
#include "typical.h"

static void assert_close(double got, double want, double tol)
{
    if (!(fabs(got - want) <= tol)) {
        print_error("got %.17g want %.17g (diff %.3g, tol %.3g)\n", got, want,
                    fabs(got - want), tol);
        fail();
    }
}

static bonx_adaptor parse(const char *spec)
{
    bonx_adaptor a;
    bonx_err e = {0};
    assert_int_equal(bonx_adaptor_parse(spec, &a, &e), 0);
    return a;
}

static void run(bonx_corpora *c, bonx_corpora_spec *sp)
{
    bonx_err e = {0};
    int rc = bonx_corpora_run(c, sp, &e);
    if (rc)
        print_error("corpora: %s\n", e.msg);
    assert_int_equal(rc, 0);
}

/* ---- against mpmath ------------------------------------------------------------------- */

typedef struct ref_case {
    size_t k;
    double w[4], r[4], beta;
    double h, v, log_z;   /* tests/ref/typical_ref.py */
} ref_case;

static const ref_case REFS[] = {
    {3, {0.472, 0.333, 0.195}, {-0.261, 0.865, -1.337}, 3,
     0.9827559844720602493, 0.17229951477948020871, 0.0018366099821345256355},
    {3, {1e-300, 1, 2}, {5, 0, 1}, 0.1,
     0.00026542826277991950817, 0.0025954732521513678682, 9.5945575915990760015},
    {4, {1, 1, 1, 1}, {0, 0, 0, 0}, 1, 1.3862943611198906188, 0.0, 0.0},
    {4, {0.9, 0.05, 0.03, 0.02}, {0, 1, 2, 40}, 7,
     0.46189155198947516978, 0.68767124828616600745, 1.9545797689628051931},
};

static void test_against_mpmath(void **state)
{
    (void)state;
    bonx_adaptor anc = parse("ancestral");
    for (size_t i = 0; i < sizeof REFS / sizeof *REFS; i++) {
        const ref_case *rc = &REFS[i];
        double tot = 0, p[4];
        for (size_t j = 0; j < rc->k; j++)
            tot += rc->w[j];
        for (size_t j = 0; j < rc->k; j++)
            p[j] = rc->w[j] / tot;
        bonx_corpora c = {0};
        bonx_corpora_spec sp = {rc->k, p, rc->r, rc->beta, 10, 3, 1, 1, &anc, 1, 0, 0};
        run(&c, &sp);
        assert_close(c.typical_q.entropy, rc->h, 2e-14 * rc->h);   /* worst seen 4.3e-15 */
        assert_close(c.typical_q.varentropy, rc->v, 2e-14 * rc->v);
        assert_close(c.log_z, rc->log_z, 2e-14 * fabs(rc->log_z) + 1e-17);
        /* the default eps: two standard deviations of the corpus mean, bound 1/4 */
        assert_close(c.typical_q.eps, 2 * sqrt(rc->v / 10), 2e-14 * sqrt(rc->v));
        assert_close(c.typical_q.chebyshev, rc->v > 0 ? 0.25 : 0, 1e-15);
        /* Eq 4 for the KL-RL optimum: implied reward = r - beta log Z */
        bonx_dist d;
        assert_int_equal(bonx_dist_init(&d, rc->k, rc->w, rc->r, NULL), 0);
        double pi[4];
        assert_int_equal(bonx_tilt_pmf(&d, BONX_TILT_REWARD, rc->beta, pi, NULL), 0);
        for (size_t j = 0; j < rc->k; j++) {
            if (!(pi[j] > 0))
                continue;   /* 1e-300 e^(5/0.1 - ...) stays representable; guard anyway */
            double want = rc->r[j] - rc->beta * rc->log_z;
            double got = bonx_implied_reward(rc->beta, log(pi[j]), log(d.p[j]));
            /* log pi - log p: each log good to ~1 ulp of its size, pi to ~2 ulp relative */
            double tol = rc->beta * 1e-15 * (fabs(log(pi[j])) + fabs(log(d.p[j])) + 1);
            assert_close(got, want, tol);
        }
        bonx_dist_free(&d);
        bonx_corpora_free(&c);
    }
}

/* ---- invariants over random tables ---------------------------------------------------- */

static void random_table(bonx_rng *g, size_t k, double *p, double *r, double *beta)
{
    double tot = 0;
    for (size_t i = 0; i < k; i++) {
        double u = bonx_rng_uniform(g);
        /* some outcomes very rare, some ties in the rewards */
        p[i] = u < 0.15 ? pow(10, -200 * bonx_rng_uniform(g)) : 0.05 + bonx_rng_uniform(g);
        r[i] = bonx_rng_uniform(g) < 0.2 ? 1.0 : 4 * bonx_rng_uniform(g) - 2;
        tot += p[i];
    }
    for (size_t i = 0; i < k; i++)
        p[i] /= tot;
    *beta = pow(10, 2 * bonx_rng_uniform(g) - 1);
}

/* Prop 1 (Eq 12): every corpus in q's typical set is within beta eps of line (6.2), for
 * every sampler; and the typical flag agrees with (6.1)'s avg log q = avg log p + avg r/beta
 * - m log Z. */
static void test_prop1_band(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 14);
    bonx_adaptor ads[3] = {parse("ancestral"), parse("temperature:0.5"), parse("top-k:2")};
    size_t typical = 0, total = 0;
    for (int trial = 0; trial < 150; trial++) {
        size_t k = 2 + trial % 11, m = 1 + (size_t)(trial % 3), n = trial % 2 ? 40 : 3;
        double p[12], r[12], beta;
        random_table(&g, k, p, r, &beta);
        bonx_corpora c = {0};
        double eps = trial % 4 == 0 ? 0.05 * (1 + trial % 7) : 0;   /* given, or default */
        bonx_corpora_spec sp = {k, p, r, beta, n, 60, m, 3, ads, (uint64_t)trial, 0, eps};
        run(&c, &sp);
        if (eps > 0)
            assert_true(c.typical_q.eps == eps);
        double half = beta * c.typical_q.eps;
        for (size_t a = 0; a < 3; a++)
            for (size_t i = 0; i < c.corpora; i++) {
                size_t at = a * c.corpora + i;
                double x = c.avg_log_prior[at], y = c.avg_reward[at];
                double scale = fabs(y) + beta * (fabs(x) + (double)m * fabs(c.log_z)) + 1;
                double info = -(x + y / beta - (double)m * c.log_z);
                assert_close(c.avg_info[at], info, 1e-12 * scale / beta);
                total++;
                if (!bonx_corpora_typical(&c, a, i))
                    continue;
                typical++;
                double off = y - bonx_corpora_line_reward(&c, x);
                assert_true(fabs(off) <= half + 1e-11 * scale);
            }
        bonx_corpora_free(&c);
    }
    /* the check must have had typical corpora to look at */
    assert_true(typical > total / 4);
}

/* Eq 11: for corpora from q the fraction outside T_eps^N stays under the Chebyshev bound
 * (with room for the sampling error of C = 2000 corpora); the bound's arithmetic. */
static void test_chebyshev(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 11);
    bonx_adaptor anc = parse("ancestral");
    for (int trial = 0; trial < 40; trial++) {
        size_t k = 2 + trial % 6, n = 1 + (size_t)(trial * 7 % 50);
        double p[8], r[8], beta;
        random_table(&g, k, p, r, &beta);
        double eps_list[3] = {0, 0.3, 1.5};
        for (int e = 0; e < 3; e++) {
            bonx_corpora c = {0};
            bonx_corpora_spec sp = {k, p, r, beta, n, 2000, 1, 1, &anc, (uint64_t)trial, 0,
                                    eps_list[e]};
            run(&c, &sp);
            const bonx_typical *t = &c.typical_q;
            double want = t->varentropy > 0
                              ? fmin(1, t->varentropy / ((double)n * t->eps * t->eps)) : 0;
            assert_close(t->chebyshev, want, 1e-15 * want);
            double outside = 1 - c.stats[0].typical_frac;
            double b = t->chebyshev;
            assert_true(outside <= b + 4 * sqrt(b * (1 - b) / 2000) + 1e-12);
            bonx_corpora_free(&c);
        }
    }
}

/* Varentropy by definition, and the moments' edge cases: a point mass, zeros in s. */
static void test_moments(void **state)
{
    (void)state;
    double s[3] = {0, 1, 0}, ls[3] = {-INFINITY, 0, -INFINITY}, h, v;
    bonx_typical_moments(3, s, ls, &h, &v);
    assert_true(h == 0 && v == 0);
    bonx_typical t;
    bonx_typical_of(3, s, ls, 2, 10, 0, &t);
    assert_true(t.eps == 0 && t.chebyshev == 0);
    assert_true(bonx_typical_contains(&t, 2, 0.0));
    /* Bernoulli(a): V = a(1-a) log^2(a/(1-a)) */
    for (double a = 1e-9; a < 0.99; a *= 3) {
        double b[2] = {a, 1 - a}, lb[2] = {log(a), log1p(-a)};
        bonx_typical_moments(2, b, lb, &h, &v);
        double l = log(a) - log1p(-a);
        assert_close(v, a * (1 - a) * l * l, 1e-14 * a * (1 - a) * l * l);
    }
}

/* §6.1: band b's sampler is q p^theta normalised, its mean log prior the band's centre,
 * theta increasing with the band; mean log q(corpus) = -N (H(s) + KL(s||q)) up to its
 * sampling error. */
static void test_bands(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 61);
    for (int trial = 0; trial < 60; trial++) {
        size_t k = 2 + trial % 9, B = 1 + (size_t)trial % 10, n = 20;
        double p[10], r[10], beta;
        random_table(&g, k, p, r, &beta);
        bonx_corpora c = {0};
        bonx_corpora_spec sp = {k, p, r, beta, n, 400, 1, 0, NULL, (uint64_t)trial, B, 0};
        run(&c, &sp);
        assert_int_equal(c.n_adaptors, B);
        double lo = INFINITY, hi = -INFINITY, lq[10];
        long double z = 0;
        for (size_t i = 0; i < k; i++) {
            lo = fmin(lo, log(p[i])), hi = fmax(hi, log(p[i]));
            z += (long double)p[i] * expl(r[i] / beta);
        }
        for (size_t i = 0; i < k; i++)
            lq[i] = (double)(logl(p[i]) + r[i] / beta - logl(z));
        for (size_t b = 0; b < B; b++) {
            const double *s = c.s + b * k;
            long double tot = 0, mean = 0, hs = 0, kl = 0;
            for (size_t i = 0; i < k; i++)
                tot += s[i], mean += (long double)s[i] * log(p[i]);
            assert_close((double)tot, 1, 1e-14);
            assert_close((double)mean, bonx_band_centre(lo, hi, b, B), 1e-10 * (hi - lo + 1));
            if (b > 0)
                assert_true(c.theta[b] > c.theta[b - 1]);
            /* log s - log q - theta log p is one constant over the support */
            double c0 = NAN, var = 0, lm = 0;
            for (size_t i = 0; i < k; i++) {
                if (!(s[i] > 0))
                    continue;
                double d = log(s[i]) - lq[i] - c.theta[b] * log(p[i]);
                if (isnan(c0))
                    c0 = d;
                else
                    assert_close(d, c0, 1e-9 * (1 + fabs(c.theta[b] * log(p[i]))));
                hs -= (long double)s[i] * log(s[i]);
                kl += (long double)s[i] * (log(s[i]) - lq[i]);
                lm += s[i] * lq[i];
            }
            for (size_t i = 0; i < k; i++)
                if (s[i] > 0)
                    var += s[i] * (lq[i] - lm) * (lq[i] - lm);
            double want = -(double)n * (double)(hs + kl);
            double sd = sqrt((double)n * var / 400);
            assert_close(c.stats[b].mean_log_prob, want, 6 * sd + 1e-9 * fabs(want) + 1e-12);
        }
        bonx_corpora_free(&c);
    }
}

/* A support where log p takes one value: every band is q. */
static void test_bands_flat(void **state)
{
    (void)state;
    double p[3] = {1.0 / 3, 1.0 / 3, 1.0 / 3}, r[3] = {0, 1, 2};
    bonx_corpora c = {0};
    bonx_corpora_spec sp = {3, p, r, 1, 5, 5, 1, 0, NULL, 1, 4, 0};
    run(&c, &sp);
    for (size_t b = 0; b < 4; b++) {
        assert_true(c.theta[b] == 0);
        assert_close(c.stats[b].kl_to_q, 0, 1e-16);
    }
    bonx_corpora_free(&c);
    sp.eps = NAN;
    bonx_err e = {0};
    assert_int_not_equal(bonx_corpora_run(&c, &sp, &e), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_mpmath),
        cmocka_unit_test(test_prop1_band),
        cmocka_unit_test(test_chebyshev),
        cmocka_unit_test(test_moments),
        cmocka_unit_test(test_bands),
        cmocka_unit_test(test_bands_flat),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
