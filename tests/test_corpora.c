/* SPDX-License-Identifier: MIT */
/* Corpora from sampling adaptors (MATH.md §6): exact centres against independent long-double
 * sums, the trade-off line (6.2) and its parallels for large corpora, corpus-level =
 * string-level correlation for one sampler, the MATH.md example (+0.19 under q, -0.70 over
 * the top-k centres), sequences against direct enumeration, reproducibility, errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <math.h>
#include "quad.h"
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "corpora.h"
#include "correlation.h"

static void assert_close(double got, double want, double tol)
{
    if (!(fabs(got - want) <= tol)) {
        print_error("got %.17g want %.17g (diff %.3g, tol %.3g)\n", got, want,
                    fabs(got - want), tol);
        fail();
    }
}

/* The MATH.md example. */
static const double EX_P[3] = {0.472, 0.333, 0.195};
static const double EX_R[3] = {-0.261, 0.865, -1.337};
static const double EX_BETA = 3;

/* q = p e^(r/beta) / Z in long double, independently of the code under test. */
static void aligned(size_t k, const double *p, const double *r, double beta, long double *q,
                    long double *log_z)
{
    long double z = 0;
    for (size_t i = 0; i < k; i++)
        z += p[i] * expl(r[i] / beta);
    for (size_t i = 0; i < k; i++)
        q[i] = p[i] * expl(r[i] / beta) / z;
    *log_z = logl(z);
}

static bonx_adaptor parse(const char *spec)
{
    bonx_adaptor a;
    bonx_err e = {0};
    assert_int_equal(bonx_adaptor_parse(spec, &a, &e), 0);
    return a;
}

static void run(bonx_corpora *c, const double *p, const double *r, size_t k, double beta,
                size_t n, size_t nc, size_t m, const bonx_adaptor *ad, size_t na, uint64_t seed)
{
    bonx_corpora_spec sp = {k, p, r, beta, n, nc, m, na, ad, seed, 0, 0};
    bonx_err e = {0};
    int rc = bonx_corpora_run(c, &sp, &e);
    if (rc)
        print_error("corpora: %s\n", e.msg);
    assert_int_equal(rc, 0);
}

/* Centres of top-k for k = 1, 2, 3 by hand: q sorted by size, renormalised over the top k. */
static void math_md_example(void **state)
{
    (void)state;
    long double q[3], log_z;
    aligned(3, EX_P, EX_R, EX_BETA, q, &log_z);
    /* q = (0.427, 0.449, 0.124) roughly: order y2, y1, y3 */
    assert_true(q[1] > q[0] && q[0] > q[2]);
    bonx_adaptor ad[3] = {parse("top-k:1"), parse("top-k:2"), parse("top-k:3")};
    bonx_corpora c = {0};
    run(&c, EX_P, EX_R, 3, EX_BETA, 50, 40, 1, ad, 3, 1);
    long double lp[3];
    for (int i = 0; i < 3; i++)
        lp[i] = logl(EX_P[i]);
    double cx[3], cy[3];
    cx[0] = (double)lp[1], cy[0] = EX_R[1];
    cx[1] = (double)((q[1] * lp[1] + q[0] * lp[0]) / (q[0] + q[1]));
    cy[1] = (double)((q[1] * EX_R[1] + q[0] * EX_R[0]) / (q[0] + q[1]));
    cx[2] = (double)(q[0] * lp[0] + q[1] * lp[1] + q[2] * lp[2]);
    cy[2] = (double)(q[0] * EX_R[0] + q[1] * EX_R[1] + q[2] * EX_R[2]);
    for (int a = 0; a < 3; a++) {
        assert_close(c.stats[a].centre_log_prior, cx[a], 1e-15);
        assert_close(c.stats[a].centre_reward, cy[a], 1e-15);
    }
    /* MATH.md: +0.19 under q, -0.70 over the top-k centres */
    assert_close(c.q_pearson, 0.19, 0.005);
    assert_close(bonx_pearson(3, cx, cy, NULL), -0.70, 0.005);
    /* top-k:3 is q itself: its string-level correlation is the one under q */
    assert_close(c.stats[2].string_pearson, c.q_pearson, 1e-15);
    /* top-k:2 keeps y1 and y2 (y2: lower log p, higher reward): two points are collinear,
     * so the correlation is exactly -1 at the string level and for every corpus */
    assert_close(c.stats[1].string_pearson, -1, 1e-15);
    assert_close(c.stats[1].corpus_pearson, -1, 1e-12);
    assert_close(c.stats[1].corpus_spearman, -1, 1e-15);
    /* top-k:1 puts everything on one outcome: undefined, every corpus at the centre */
    assert_true(isnan(c.stats[0].string_pearson) && isnan(c.stats[0].corpus_pearson));
    for (size_t i = 0; i < c.corpora; i++) {
        assert_true(c.avg_log_prior[i] == c.log_p[1]);
        assert_true(c.avg_reward[i] == EX_R[1]);
    }
    /* log Z and H(q) */
    long double h = 0;
    for (int i = 0; i < 3; i++)
        h -= q[i] * logl(q[i]);
    assert_close(c.log_z, (double)log_z, 1e-15);
    assert_close(c.entropy_q, (double)h, 1e-15);
    bonx_corpora_free(&c);
}

/* Corpora drawn from q lie near (6.2): avg log p + avg r/beta - (log Z - H(q)) is avg log q
 * + H(q), of mean 0 and variance V/N (V the varentropy).  Corpora from another sampler lie
 * around the parallel line at log Z - H(s) - KL(s||q). */
static void trade_off_line(void **state)
{
    (void)state;
    size_t N = 200, C = 1000;
    bonx_adaptor ad[3] = {parse("ancestral"), parse("temperature:0.5"), parse("top-p:0.6")};
    bonx_corpora c = {0};
    run(&c, EX_P, EX_R, 3, EX_BETA, N, C, 1, ad, 3, 99);
    long double q[3], log_z, h = 0, v = 0;
    aligned(3, EX_P, EX_R, EX_BETA, q, &log_z);
    for (int i = 0; i < 3; i++)
        h -= q[i] * logl(q[i]);
    for (int i = 0; i < 3; i++)
        v += q[i] * (logl(q[i]) + h) * (logl(q[i]) + h);
    double sd = (double)sqrtl(v / N);
    long double sum = 0, sum2 = 0;
    for (size_t i = 0; i < C; i++) {
        double x = c.avg_log_prior[i], y = c.avg_reward[i];
        double dev = x + y / EX_BETA - (double)(log_z - h);
        /* the line itself, as the code draws it */
        assert_close(bonx_corpora_line_reward(&c, x), EX_BETA * (double)(log_z - h - x), 1e-13);
        assert_true(fabs(dev) < 6 * sd);
        sum += dev, sum2 += (long double)dev * dev;
    }
    assert_close((double)(sum / C), 0, 4 * sd / sqrt((double)C));
    double sd_seen = (double)sqrtl(sum2 / C - (sum / C) * (sum / C));
    assert_close(sd_seen / sd, 1, 0.1);
    /* the other samplers: around their parallel lines, offset by H(s) + KL(s||q) - H(q) */
    for (size_t a = 1; a < 3; a++) {
        const double *s = c.s + a * 3;
        long double e_log_q = 0;
        for (int i = 0; i < 3; i++)
            if (s[i] > 0)
                e_log_q += s[i] * logl(q[i]);
        double offset = (double)(log_z + e_log_q);   /* = log Z - H(s) - KL(s||q) */
        assert_close(c.stats[a].entropy + c.stats[a].kl_to_q, -(double)e_log_q, 1e-14);
        long double mean = 0;
        for (size_t i = 0; i < C; i++)
            mean += c.avg_log_prior[a * C + i] + c.avg_reward[a * C + i] / EX_BETA;
        assert_close((double)(mean / C), offset, 4 * sd / sqrt((double)C));
        assert_close(c.stats[a].centre_log_prior + c.stats[a].centre_reward / EX_BETA, offset,
                     1e-14);
    }
    /* means of the corpora converge to the exact centres */
    for (size_t a = 0; a < 3; a++) {
        assert_close(c.stats[a].mean_log_prior, c.stats[a].centre_log_prior, 0.01);
        assert_close(c.stats[a].mean_reward, c.stats[a].centre_reward, 0.02);
    }
    bonx_corpora_free(&c);
}

/* One sampler alone: corpus-level correlation estimates the string-level one under s. */
static void one_sampler_no_reversal(void **state)
{
    (void)state;
    size_t C = 4000;
    double p[5] = {0.3, 0.25, 0.2, 0.15, 0.1}, r[5] = {1.0, -0.5, 0.7, 2.0, -1.2};
    bonx_adaptor ad[3] = {parse("ancestral"), parse("temperature:0.6"), parse("eta:0.09")};
    bonx_corpora c = {0};
    run(&c, p, r, 5, 1.5, 10, C, 1, ad, 3, 5);
    for (size_t a = 0; a < 3; a++) {
        double rho = c.stats[a].string_pearson;
        /* standard error of a sample correlation: (1 - rho^2)/sqrt(C) */
        assert_close(c.stats[a].corpus_pearson, rho, 5 * (1 - rho * rho) / sqrt((double)C) + 1e-3);
        assert_true(fabs(rho) > 0.3);   /* a real correlation, not one near 0 */
    }
    /* string level under s, from the code's s against bonx_pearson over the outcomes */
    double lp[5];
    for (int i = 0; i < 5; i++)
        lp[i] = log(p[i]);
    for (size_t a = 0; a < 3; a++)
        assert_close(c.stats[a].string_pearson, bonx_pearson(5, lp, r, c.s + a * 5), 1e-15);
    /* pooled: corpus level over all 3C corpora, string level under the equal mixture */
    double mix[5], all_x[3 * 4000], all_y[3 * 4000];
    for (int i = 0; i < 5; i++)
        mix[i] = (c.s[i] + c.s[5 + i] + c.s[10 + i]) / 3;
    assert_close(c.stats[3].string_pearson, bonx_pearson(5, lp, r, mix), 1e-15);
    memcpy(all_x, c.avg_log_prior, sizeof all_x);
    memcpy(all_y, c.avg_reward, sizeof all_y);
    assert_close(c.stats[3].corpus_pearson, bonx_pearson(3 * C, all_x, all_y, NULL), 0);
    /* over the table and under p */
    double ones[5] = {1, 1, 1, 1, 1};
    assert_close(c.table_pearson, bonx_pearson(5, lp, r, ones), 0);
    assert_close(c.p_pearson, bonx_pearson(5, lp, r, p), 1e-15);
    bonx_corpora_free(&c);
}

/* Sequences of m tokens: centres scale by m, Pearson under s^m is the per-token one, and the
 * Spearman over types equals the one over all K^m sequences enumerated directly. */
static void sequences_against_enumeration(void **state)
{
    (void)state;
    size_t m = 4, k = 3;
    bonx_adaptor ad[2] = {parse("temperature:0.7"), parse("top-k:2")};
    bonx_corpora c1 = {0}, cm = {0};
    run(&c1, EX_P, EX_R, k, EX_BETA, 5, 20, 1, ad, 2, 3);
    run(&cm, EX_P, EX_R, k, EX_BETA, 50, 400, m, ad, 2, 3);
    assert_true(cm.types_enumerated);
    for (size_t a = 0; a < 2; a++) {
        assert_close(cm.stats[a].centre_log_prior, m * c1.stats[a].centre_log_prior, 1e-14);
        assert_close(cm.stats[a].centre_reward, m * c1.stats[a].centre_reward, 1e-14);
        assert_close(cm.stats[a].string_pearson, c1.stats[a].string_pearson, 1e-13);
        assert_close(cm.stats[a].mean_log_prior, cm.stats[a].centre_log_prior, 0.02);
    }
    /* all 81 sequences, weights prod s; values as counts * value so that ties match */
    double x[81], y[81], w[2][81], wmix[81];
    for (size_t seq = 0; seq < 81; seq++) {
        size_t count[3] = {0, 0, 0}, rest = seq;
        for (size_t t = 0; t < m; t++, rest /= 3)
            count[rest % 3]++;
        long double xs = 0, ys = 0;
        for (size_t j = 0; j < k; j++)
            if (count[j])
                xs += count[j] * (long double)cm.log_p[j], ys += count[j] * (long double)EX_R[j];
        x[seq] = (double)xs, y[seq] = (double)ys;
        for (size_t a = 0; a < 2; a++) {
            long double pr = 1;
            for (size_t j = 0; j < k; j++)
                pr *= powl(cm.s[a * k + j], (long double)count[j]);
            w[a][seq] = (double)pr;
        }
        wmix[seq] = (w[0][seq] + w[1][seq]) / 2;
    }
    double rho;
    for (size_t a = 0; a < 2; a++) {
        assert_int_equal(bonx_spearman(81, x, y, w[a], &rho, NULL), 0);
        assert_close(cm.stats[a].string_spearman, rho, 1e-12);
        assert_close(cm.stats[a].string_pearson, bonx_pearson(81, x, y, w[a]), 1e-12);
    }
    assert_int_equal(bonx_spearman(81, x, y, wmix, &rho, NULL), 0);
    assert_close(cm.stats[2].string_spearman, rho, 1e-12);
    assert_close(cm.stats[2].string_pearson, bonx_pearson(81, x, y, wmix), 1e-12);
    bonx_corpora_free(&c1);
    bonx_corpora_free(&cm);
}

/* Too many types to rank: Spearman is NaN, Pearson still exact (per token for one sampler,
 * law of total covariance for the mixture, checked here in quad). */
static void sequences_too_many_types(void **state)
{
    (void)state;
    enum { K = 40 };
    double p[K], r[K], lp[K];
    for (int i = 0; i < K; i++)
        p[i] = 1 + (i * 7 % 11), r[i] = sin(i * 1.3), lp[i] = 0;
    bonx_adaptor ad[2] = {parse("ancestral"), parse("top-p:0.5")};
    bonx_corpora c = {0};
    size_t m = 12;
    run(&c, p, r, K, 0.8, 3, 5, m, ad, 2, 11);
    assert_false(c.types_enumerated);
    for (int i = 0; i < K; i++)
        lp[i] = c.log_p[i];
    quad mx[2], my[2], vxx[2], vyy[2], vxy[2];
    for (int a = 0; a < 2; a++) {
        const double *s = c.s + a * K;
        assert_true(isnan(c.stats[a].string_spearman));
        assert_close(c.stats[a].string_pearson, bonx_pearson(K, lp, r, s), 1e-13);
        mx[a] = my[a] = vxx[a] = vyy[a] = vxy[a] = qd(0);
        for (int i = 0; i < K; i++) {
            mx[a] = qadd(mx[a], qmul(qd(s[i]), qd(lp[i])));
            my[a] = qadd(my[a], qmul(qd(s[i]), qd(r[i])));
        }
        for (int i = 0; i < K; i++) {
            quad dx = qsub(qd(lp[i]), mx[a]), dy = qsub(qd(r[i]), my[a]), si = qd(s[i]);
            vxx[a] = qadd(vxx[a], qmul(qmul(si, dx), dx));
            vyy[a] = qadd(vyy[a], qmul(qmul(si, dy), dy));
            vxy[a] = qadd(vxy[a], qmul(qmul(si, dx), dy));
        }
    }
    /* the mixture's moments of the sums over m tokens, from raw second moments */
    quad ex = qd(0), ey = qd(0), exx = qd(0), eyy = qd(0), exy = qd(0), M = qd((double)m);
    quad qtwo = qd(2), MM = qmul(M, M);
    for (int a = 0; a < 2; a++) {
        ex = qadd(ex, qdiv(qmul(M, mx[a]), qtwo));
        ey = qadd(ey, qdiv(qmul(M, my[a]), qtwo));
        exx = qadd(exx, qdiv(qadd(qmul(M, vxx[a]), qmul(qmul(MM, mx[a]), mx[a])), qtwo));
        eyy = qadd(eyy, qdiv(qadd(qmul(M, vyy[a]), qmul(qmul(MM, my[a]), my[a])), qtwo));
        exy = qadd(exy, qdiv(qadd(qmul(M, vxy[a]), qmul(qmul(MM, mx[a]), my[a])), qtwo));
    }
    quad cov = qsub(exy, qmul(ex, ey));
    double want = qdbl(qdiv(cov, sqrtq(qmul(qsub(exx, qmul(ex, ex)), qsub(eyy, qmul(ey, ey))))));
    assert_close(c.stats[2].string_pearson, want, 1e-13);
    assert_true(isnan(c.stats[2].string_spearman));
    bonx_corpora_free(&c);

    /* a truncation leaves few types: top-k:2 over m = 12 tokens has 13, ranked against a
     * direct sum over j = number of tokens of the first kept outcome */
    bonx_adaptor two[1] = {parse("top-k:2")};
    run(&c, p, r, K, 0.8, 3, 5, m, two, 1, 11);
    assert_true(c.types_enumerated);
    size_t kept[2], nk = 0;
    for (int i = 0; i < K; i++)
        if (c.s[i] > 0)
            kept[nk++] = (size_t)i;
    assert_int_equal(nk, 2);
    double x[13], y[13], w[13], rho;
    for (size_t j = 0; j <= m; j++) {
        x[j] = (double)((long double)j * c.log_p[kept[0]] + (long double)(m - j) * c.log_p[kept[1]]);
        y[j] = (double)((long double)j * r[kept[0]] + (long double)(m - j) * r[kept[1]]);
        w[j] = exp(lgamma(m + 1.0) - lgamma(j + 1.0) - lgamma(m - j + 1.0)) *
               pow(c.s[kept[0]], (double)j) * pow(c.s[kept[1]], (double)(m - j));
    }
    assert_int_equal(bonx_spearman(13, x, y, w, &rho, NULL), 0);
    assert_close(c.stats[0].string_spearman, rho, 1e-12);
    bonx_corpora_free(&c);

    /* top-k:1: one outcome, every sequence the same: undefined, not a rounding artefact */
    bonx_adaptor one[1] = {parse("top-k:1")};
    run(&c, p, r, K, 0.8, 3, 5, m, one, 1, 11);
    assert_true(isnan(c.stats[0].string_pearson) && isnan(c.stats[1].string_pearson));
    bonx_corpora_free(&c);
}

/* Many outcomes with tied probabilities and rewards: string level against direct weighted
 * correlations, centres against long-double sums (m = 1 stays linear in K). */
static void many_outcomes_with_ties(void **state)
{
    (void)state;
    enum { K = 20000 };
    static double p[K], r[K], lp[K];
    for (int i = 0; i < K; i++)
        p[i] = 1 + i % 7, r[i] = (i % 13) - 6;
    bonx_adaptor ad[2] = {parse("top-k:700"), parse("temperature:3+eta:0.0001")};
    bonx_corpora c = {0};
    run(&c, p, r, K, 2, 10, 20, 1, ad, 2, 4);
    size_t kept = 0;
    for (int i = 0; i < K; i++) {
        lp[i] = c.log_p[i];
        kept += c.s[i] > 0;
    }
    assert_true(kept > 700);   /* ties at the cut-off of top-k:700 */
    for (size_t a = 0; a < 2; a++) {
        const double *s = c.s + a * K;
        double rho;
        assert_int_equal(bonx_spearman(K, lp, r, s, &rho, NULL), 0);
        assert_close(c.stats[a].string_spearman, rho, 1e-15);
        assert_close(c.stats[a].string_pearson, bonx_pearson(K, lp, r, s), 1e-15);
        /* in quad: 20000 terms in a long double that is a double (armhf) drift by 3e-14 */
        quad ex = qd(0), ey = qd(0);
        for (int i = 0; i < K; i++)
            if (s[i] > 0) {
                ex = qadd(ex, qmul(qd(s[i]), qd(lp[i])));
                ey = qadd(ey, qmul(qd(s[i]), qd(r[i])));
            }
        assert_close(c.stats[a].centre_log_prior, qdbl(ex), 1e-14);
        assert_close(c.stats[a].centre_reward, qdbl(ey), 1e-14);
    }
    bonx_corpora_free(&c);
}

static void reproducible_with_seed(void **state)
{
    (void)state;
    bonx_adaptor ad[2] = {parse("typical:0.8"), parse("temperature:1.5")};
    bonx_corpora a = {0}, b = {0}, d = {0}, one = {0};
    run(&a, EX_P, EX_R, 3, EX_BETA, 30, 50, 2, ad, 2, 42);
    run(&b, EX_P, EX_R, 3, EX_BETA, 30, 50, 2, ad, 2, 42);
    run(&d, EX_P, EX_R, 3, EX_BETA, 30, 50, 2, ad, 2, 43);
    run(&one, EX_P, EX_R, 3, EX_BETA, 30, 50, 2, ad, 1, 42);
    size_t bytes = 2 * 50 * sizeof(double);
    assert_memory_equal(a.avg_log_prior, b.avg_log_prior, bytes);
    assert_memory_equal(a.avg_reward, b.avg_reward, bytes);
    assert_memory_not_equal(a.avg_reward, d.avg_reward, bytes);
    /* a sampler's corpora do not depend on the samplers after it */
    assert_memory_equal(a.avg_reward, one.avg_reward, bytes / 2);
    bonx_corpora_free(&a), bonx_corpora_free(&b), bonx_corpora_free(&d), bonx_corpora_free(&one);
}

/* Outcomes with p = 0 are never drawn (their log p is -inf); weights need not sum to 1. */
static void zero_mass_outcomes(void **state)
{
    (void)state;
    double p[4] = {2, 0, 1, 1}, r[4] = {0, 100, 1, -1};
    bonx_adaptor ad[1] = {parse("temperature:3")};
    bonx_corpora c = {0};
    run(&c, p, r, 4, 0.5, 20, 30, 3, ad, 1, 8);
    assert_true(c.s[1] == 0 && c.log_p[1] == -INFINITY);
    assert_close(c.log_p[0], log(0.5), 1e-16);
    for (size_t i = 0; i < 30; i++)
        assert_true(isfinite(c.avg_log_prior[i]) && fabs(c.avg_reward[i]) <= 3);
    bonx_corpora_free(&c);
}

/* The centre under p (the corpora summary's under-p row, per token): E_p[log p] and E_p[r]
 * rounded once, against mpmath at 50 digits; outcomes with p = 0 do not count, and a reward
 * of 1e300 times a p of 1e-300 neither overflows nor is lost. */
static void centre_under_p(void **state)
{
    (void)state;
    static const struct {
        double p[4], r[4], log_prior, reward;
        size_t k;
    } cases[] = {
        {{1, 1, 1, 1e-5}, {0, 1, 2, 10}, -1.0986539982861832, 1.0000299999000004, 4},
        {{1e-300, 1, 0.5}, {1e300, -1e300, 3}, -0.6365141682948128, -6.666666666666667e+299, 3},
        {{2, 0, 1, 1}, {0, 100, 1, -1}, -1.0397207708399179, 0.0, 4},
    };
    bonx_adaptor ad[1] = {parse("ancestral")};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bonx_corpora c = {0};
        run(&c, cases[i].p, cases[i].r, cases[i].k, 1, 5, 3, 1, ad, 1, 1);
        assert_true(c.p_log_prior == cases[i].log_prior);
        assert_close(c.p_reward, cases[i].reward, 1e-16 * fabs(cases[i].reward));
        bonx_corpora_free(&c);
    }
}

/* MATH.md §6, derived there: along temperature (s ∝ q^theta) the centre moves with
 * d/dtheta (E[log p], E[r]) = (Var[log p] + c/beta, c + Var[r]/beta), c = Cov(log p, r),
 * all under s.  Central differences of the code's exact centres against long-double
 * moments, at theta = 1 (s = q) and theta = 2. */
static void centre_moves_along_temperature(void **state)
{
    (void)state;
    double p[6] = {10, 7, 5, 5, 4, 2}, r[6] = {1.2, 1.9, -0.9, 0.1, -1, -2}, beta = 0.5;
    double thetas[2] = {1, 2}, h = 1e-4;
    for (int t = 0; t < 2; t++) {
        char spec[2][64];
        snprintf(spec[0], sizeof spec[0], "temperature:%.17g", 1 / (thetas[t] + h));
        snprintf(spec[1], sizeof spec[1], "temperature:%.17g", 1 / (thetas[t] - h));
        bonx_adaptor ad[2] = {parse(spec[0]), parse(spec[1])};
        bonx_corpora c = {0};
        run(&c, p, r, 6, beta, 1, 2, 1, ad, 2, 1);
        double dx = (c.stats[0].centre_log_prior - c.stats[1].centre_log_prior) / (2 * h);
        double dy = (c.stats[0].centre_reward - c.stats[1].centre_reward) / (2 * h);
        /* s = q^theta normalised, from scratch */
        long double w[6], z = 0, mx = 0, my = 0, vx = 0, vy = 0, cv = 0;
        for (int i = 0; i < 6; i++)
            w[i] = powl(p[i] / 33.0L * expl(r[i] / beta), thetas[t]), z += w[i];
        for (int i = 0; i < 6; i++)
            mx += w[i] / z * logl(p[i] / 33.0L), my += w[i] / z * r[i];
        for (int i = 0; i < 6; i++) {
            long double ex = logl(p[i] / 33.0L) - mx, ey = r[i] - my;
            vx += w[i] / z * ex * ex, vy += w[i] / z * ey * ey, cv += w[i] / z * ex * ey;
        }
        assert_close(dx, (double)(vx + cv / beta), 1e-6);
        assert_close(dy, (double)(cv + vy / beta), 1e-6);
        assert_true(cv < 0 && dx * dy < 0);   /* c < 0: the centre trades, as MATH.md says */
        bonx_corpora_free(&c);
    }
}

static void expect_error(const bonx_corpora_spec *sp, const char *fragment)
{
    bonx_corpora c = {0};
    bonx_err e = {0};
    int rc = bonx_corpora_run(&c, sp, &e);
    if (rc != BONX_EINVAL || !strstr(e.msg, fragment)) {
        print_error("rc %d msg '%s' (want '%s')\n", rc, e.msg, fragment);
        fail();
    }
    assert_null(c.stats);
}

static void errors(void **state)
{
    (void)state;
    bonx_adaptor ad[2] = {parse("ancestral"), {1, {{BONX_ADAPT_TOP_K, 0.5}}}};
    bonx_corpora_spec ok = {3, EX_P, EX_R, EX_BETA, 10, 10, 1, 1, ad, 1, 0, 0};
    bonx_corpora_spec sp = ok;
    sp.beta = 0;
    expect_error(&sp, "beta must be finite and > 0");
    sp = ok, sp.beta = INFINITY;
    expect_error(&sp, "beta");
    sp = ok, sp.corpus_size = 0;
    expect_error(&sp, "must be >= 1");
    sp = ok, sp.m = 0;
    expect_error(&sp, "must be >= 1");
    sp = ok, sp.n_adaptors = 2;
    expect_error(&sp, "adaptor 2: top-k: K must be an integer >= 1");
    double bad_p[3] = {0.5, -0.1, 0.6}, zero_p[3] = {0, 0, 0}, bad_r[3] = {0, NAN, 1};
    sp = ok, sp.p = bad_p;
    expect_error(&sp, "probability 2");
    sp = ok, sp.p = zero_p;
    expect_error(&sp, "total probability is zero");
    sp = ok, sp.r = bad_r;
    expect_error(&sp, "reward 2");
    sp = ok, sp.k = 0;
    expect_error(&sp, "no outcomes");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(math_md_example),
        cmocka_unit_test(trade_off_line),
        cmocka_unit_test(one_sampler_no_reversal),
        cmocka_unit_test(sequences_against_enumeration),
        cmocka_unit_test(sequences_too_many_types),
        cmocka_unit_test(many_outcomes_with_ties),
        cmocka_unit_test(centre_moves_along_temperature),
        cmocka_unit_test(reproducible_with_seed),
        cmocka_unit_test(zero_mass_outcomes),
        cmocka_unit_test(centre_under_p),
        cmocka_unit_test(errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
