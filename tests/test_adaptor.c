/* SPDX-License-Identifier: MIT */
/* Sampling adaptors (MATH.md §6): each against distributions computed by hand, ties at the
 * cut-off, chains, the keep-nothing fallback, parameter errors, and invariants over many
 * random distributions with ties checked against an independent long-double selection. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "adaptor.h"
#include "rng.h"
#include "elementary.h"

static void assert_close(double got, double want, double tol)
{
    if (!(fabs(got - want) <= tol)) {
        print_error("got %.17g want %.17g (diff %.3g)\n", got, want, fabs(got - want));
        fail();
    }
}

/* Apply spec to probabilities q (k values) and compare with want (k values). */
static void check_apply(const char *spec, size_t k, const double *q, const double *want,
                        double tol)
{
    bonx_adaptor a;
    bonx_err e = {0};
    double logw[16], s[16], ls[16];
    assert_true(k <= 16);
    assert_int_equal(bonx_adaptor_parse(spec, &a, &e), 0);
    for (size_t i = 0; i < k; i++)
        logw[i] = q[i] > 0 ? log(q[i]) : -INFINITY;
    assert_int_equal(bonx_adaptor_apply(&a, k, logw, s, ls, &e), 0);
    for (size_t i = 0; i < k; i++) {
        assert_close(s[i], want[i], tol);
        if (want[i] == 0)
            assert_true(s[i] == 0 && ls[i] == -INFINITY);
        else
            assert_close(ls[i], log(want[i]), 4 * tol / want[i]);
    }
}

static void ancestral_normalises(void **state)
{
    (void)state;
    double logw[3] = {log(2.0), 0, 0}, s[3];
    bonx_adaptor a = {0};
    assert_int_equal(bonx_adaptor_apply(&a, 3, logw, s, NULL, NULL), 0);
    assert_close(s[0], 0.5, 1e-16);
    assert_close(s[1], 0.25, 1e-16);
    assert_close(s[2], 0.25, 1e-16);
    double q[3] = {0.5, 0.3, 0.2};
    check_apply("ancestral", 3, q, q, 1e-16);
}

static void temperature_by_hand(void **state)
{
    (void)state;
    double q[3] = {0.5, 0.3, 0.2};
    /* T = 1/2: q^2 / (0.25 + 0.09 + 0.04) */
    double sq[3] = {0.25 / 0.38, 0.09 / 0.38, 0.04 / 0.38};
    check_apply("temperature:0.5", 3, q, sq, 1e-15);
    /* T = 2: sqrt(q) / sum sqrt(q) */
    long double z = sqrtl(0.5L) + sqrtl(0.3L) + sqrtl(0.2L);
    double rt[3] = {(double)(sqrtl(0.5L) / z), (double)(sqrtl(0.3L) / z), (double)(sqrtl(0.2L) / z)};
    check_apply("temperature:2", 3, q, rt, 1e-15);
    check_apply("temperature:1", 3, q, q, 1e-15);
    /* zero mass stays zero at any temperature */
    double q0[3] = {0.6, 0, 0.4}, w0[3] = {0.6 * 0.6 / 0.52, 0, 0.4 * 0.4 / 0.52};
    check_apply("temperature:0.5", 3, q0, w0, 1e-15);
}

/* Log space: an outcome whose probability underflows in double (e^-1000) comes back at a
 * high temperature: s ∝ (1, e^-1) at T = 1000. */
static void temperature_lifts_underflow(void **state)
{
    (void)state;
    bonx_adaptor a;
    double logw[2] = {0, -1000}, s[3];
    assert_int_equal(bonx_adaptor_parse("temperature:1000", &a, NULL), 0);
    assert_int_equal(bonx_adaptor_apply(&a, 2, logw, s, NULL, NULL), 0);
    assert_close(s[0], 1 / (1 + exp(-1.0)), 1e-15);
    assert_close(s[1], exp(-1.0) / (1 + exp(-1.0)), 1e-15);
    /* and a very low temperature puts everything on the mode */
    assert_int_equal(bonx_adaptor_parse("temperature:1e-3", &a, NULL), 0);
    double lw2[3] = {log(0.5), log(0.49), log(0.01)};
    assert_int_equal(bonx_adaptor_apply(&a, 3, lw2, s, NULL, NULL), 0);
    double ratio = exp(1000 * log(0.98));   /* (0.49/0.5)^1000 = 1.7e-9 */
    assert_close(s[0], 1 / (1 + ratio + exp(1000 * log(0.02))), 1e-16);
    assert_close(s[1] / ratio, 1 / (1 + ratio), 1e-12);
    assert_true(s[2] < 1e-300);
}

/* Issue 11 item 1: a temperature below ~1e-308 made every log weight -inf and the adaptor
 * returned an all-zero distribution (corpora then read cum[-1]).  The scale is taken from the
 * mode, so the limit comes out: the mode keeps all the mass (tied modes share it), and chains
 * that truncate after it still work. */
/* s exactly want; log s -inf or so low that s is 0 where want is 0 (a log of -1e300 is the
 * right log at T = 1e-300, and no sampler can draw it). */
static void check_limit(const char *spec, size_t k, const double *q, const double *want)
{
    bonx_adaptor a;
    bonx_err e = {0};
    double logw[8], sv[8], ls[8];
    assert_int_equal(bonx_adaptor_parse(spec, &a, &e), 0);
    for (size_t i = 0; i < k; i++)
        logw[i] = q[i] > 0 ? log(q[i]) : -INFINITY;
    assert_int_equal(bonx_adaptor_apply(&a, k, logw, sv, ls, &e), 0);
    for (size_t i = 0; i < k; i++) {
        assert_true(sv[i] == want[i]);
        assert_true(want[i] > 0 ? ls[i] == bonx_log(want[i]) : ls[i] < -745);
    }
}

static void temperature_tiny_keeps_the_mode(void **state)
{
    (void)state;
    const char *temps[] = {"temperature:1e-320", "temperature:4.9e-324", "temperature:1e-300",
                           "temperature:+0x1p-1074"};
    for (size_t t = 0; t < 4; t++) {
        double q[4] = {0.2, 0.4, 0, 0.4}, want[4] = {0, 0.5, 0, 0.5};
        check_limit(temps[t], 4, q, want);
        double q2[3] = {0.5, 0.3, 0.2}, w2[3] = {1, 0, 0};
        check_limit(temps[t], 3, q2, w2);
        char chain[96];
        snprintf(chain, sizeof chain, "%s+top-k:1", temps[t]);
        check_limit(chain, 3, q2, w2);
        snprintf(chain, sizeof chain, "%s+top-p:0.5+typical:0.5", temps[t]);
        check_limit(chain, 3, q2, w2);
        snprintf(chain, sizeof chain, "top-p:0.9+%s+eta:0.5", temps[t]);
        check_limit(chain, 3, q2, w2);
    }
    /* the two outcomes of the reproducer, probabilities 1/2 each: a tie, both kept */
    double q3[2] = {0.5, 0.5}, w3[2] = {0.5, 0.5};
    check_limit("temperature:1e-320", 2, q3, w3);
}

static void top_k_by_hand(void **state)
{
    (void)state;
    double q[4] = {0.4, 0.3, 0.2, 0.1};
    double k1[4] = {1, 0, 0, 0}, k2[4] = {4.0 / 7, 3.0 / 7, 0, 0};
    double k3[4] = {4.0 / 9, 3.0 / 9, 2.0 / 9, 0};
    check_apply("top-k:1", 4, q, k1, 1e-16);
    check_apply("top-k:2", 4, q, k2, 1e-15);
    check_apply("top-k:3", 4, q, k3, 1e-15);
    check_apply("top-k:4", 4, q, q, 1e-15);
    check_apply("top-k:1000", 4, q, q, 1e-15);
    /* zero-mass outcomes are never counted among the k */
    double qz[4] = {0, 0.5, 0, 0.5}, kz[4] = {0, 0.5, 0, 0.5};
    check_apply("top-k:3", 4, qz, kz, 1e-16);
}

static void top_k_ties_at_cutoff(void **state)
{
    (void)state;
    /* k = 2: the 2nd largest is 0.2, shared by three outcomes: all of them stay */
    double q[4] = {0.4, 0.2, 0.2, 0.2};
    check_apply("top-k:2", 4, q, q, 1e-15);
    /* k = 1 with a tie at the top keeps both */
    double q2[4] = {0.3, 0.2, 0.3, 0.2}, w2[4] = {0.5, 0, 0.5, 0};
    check_apply("top-k:1", 4, q2, w2, 1e-15);
    /* a tie in exact arithmetic that rounding splits: 0.3 vs 0.15 * 2 reached through
     * log(0.15) + log(2) */
    bonx_adaptor a;
    double logw[3] = {log(0.3), log(0.15) + log(2.0), log(0.4)}, s[3];
    assert_int_equal(bonx_adaptor_parse("top-k:2", &a, NULL), 0);
    assert_int_equal(bonx_adaptor_apply(&a, 3, logw, s, NULL, NULL), 0);
    assert_close(s[0], 0.3, 1e-14);
    assert_close(s[1], 0.3, 1e-14);
    assert_close(s[2], 0.4, 1e-14);
}

static void top_p_by_hand(void **state)
{
    (void)state;
    double q[3] = {0.5, 0.3, 0.2};
    double p1[3] = {1, 0, 0}, p2[3] = {0.625, 0.375, 0};
    check_apply("top-p:0.3", 3, q, p1, 1e-16);
    check_apply("top-p:0.5", 3, q, p1, 1e-16);    /* mass 0.5 >= 0.5: the mode alone */
    check_apply("top-p:0.51", 3, q, p2, 1e-15);
    check_apply("top-p:0.8", 3, q, p2, 1e-15);    /* 0.5 + 0.3 reaches 0.8 exactly */
    check_apply("top-p:0.81", 3, q, q, 1e-15);
    check_apply("top-p:1", 3, q, q, 1e-15);
    /* ties at the cut-off: the prefix reaches 0.5 at the first 0.3, the other 0.3 stays */
    double qt[4] = {0.4, 0.3, 0.3, 0}, wt[4] = {0.4, 0.3, 0.3, 0};
    check_apply("top-p:0.5", 4, qt, wt, 1e-15);
    /* top-p:1 keeps even an outcome of mass 1e-300 */
    bonx_adaptor a;
    double logw[2] = {0, log(1e-300)}, s[2];
    assert_int_equal(bonx_adaptor_parse("top-p:1", &a, NULL), 0);
    assert_int_equal(bonx_adaptor_apply(&a, 2, logw, s, NULL, NULL), 0);
    assert_true(s[1] > 0);
    assert_int_equal(bonx_adaptor_parse("top-p:0.999999", &a, NULL), 0);
    assert_int_equal(bonx_adaptor_apply(&a, 2, logw, s, NULL, NULL), 0);
    assert_true(s[0] == 1 && s[1] == 0);
}

static double entropy3(const double *q, size_t k)
{
    long double h = 0;
    for (size_t i = 0; i < k; i++)
        if (q[i] > 0)
            h -= (long double)q[i] * logl(q[i]);
    return (double)h;
}

static void eta_by_hand(void **state)
{
    (void)state;
    double q[3] = {0.5, 0.3, 0.2};
    double h = entropy3(q, 3);   /* 1.0296530140645737 */
    assert_close(h, 1.0296530140645737, 1e-15);
    /* eta = 0.3: threshold min(0.3, sqrt(0.3) e^-H) = 0.19561 < 0.2: all kept */
    assert_true(sqrt(0.3) * exp(-h) < 0.2);
    check_apply("eta:0.3", 3, q, q, 1e-15);
    /* eta = 0.35: threshold 0.21127 > 0.2: the 0.2 goes */
    assert_true(sqrt(0.35) * exp(-h) > 0.2 && sqrt(0.35) * exp(-h) < 0.3);
    double w[3] = {0.625, 0.375, 0};
    check_apply("eta:0.35", 3, q, w, 1e-15);
    /* small eta: threshold eta itself; q = (0.9, 0.09, 0.01), eta = 0.05 keeps 0.9, 0.09 */
    double q2[3] = {0.9, 0.09, 0.01}, w2[3] = {0.9 / 0.99, 0.09 / 0.99, 0};
    assert_true(0.05 < sqrt(0.05) * exp(-entropy3(q2, 3)));
    check_apply("eta:0.05", 3, q2, w2, 1e-15);
}

/* Without the fallback this would be 0/0: eta -> 1 on a uniform distribution puts the
 * threshold at exp(-H) = 1/K (up to rounding), and nothing is strictly above it. */
static void keep_nothing_falls_back_to_top_group(void **state)
{
    (void)state;
    bonx_adaptor a = {1, {{BONX_ADAPT_ETA, nextafter(1.0, 0.0)}}};
    double logw[4] = {log(0.25), log(0.25), log(0.25), -INFINITY}, s[4];
    /* log threshold = 0.5*log(eta) - H = -5.6e-17 - log 3, which rounds to log(1/3) */
    assert_int_equal(bonx_adaptor_apply(&a, 4, logw, s, NULL, NULL), 0);
    for (int i = 0; i < 3; i++)
        assert_close(s[i], 1.0 / 3, 1e-15);
    assert_true(s[3] == 0);
}

static void typical_by_hand(void **state)
{
    (void)state;
    double q[3] = {0.5, 0.3, 0.2};
    /* H = 1.02965; |-log q - H| = 0.3365, 0.1743, 0.5798: order y2, y1, y3 */
    double w1[3] = {0, 1, 0}, w2[3] = {0.625, 0.375, 0};
    check_apply("typical:0.2", 3, q, w1, 1e-16);
    check_apply("typical:0.3", 3, q, w1, 1e-16);
    check_apply("typical:0.31", 3, q, w2, 1e-15);
    check_apply("typical:0.8", 3, q, w2, 1e-15);
    check_apply("typical:0.9", 3, q, q, 1e-15);
    check_apply("typical:1", 3, q, q, 1e-15);
    /* uniform: every score is 0, one tie group: anything keeps all */
    double u[4] = {0.25, 0.25, 0.25, 0.25};
    check_apply("typical:0.1", 4, u, u, 1e-15);
    /* scores tied across different probabilities: q = (a, b) symmetric around e^-H */
    double q2[2] = {0.5, 0.5};
    check_apply("typical:0.2", 2, q2, q2, 1e-15);
}

static void chains_scale_then_truncate(void **state)
{
    (void)state;
    double q[3] = {0.5, 0.3, 0.2};
    long double z = sqrtl(0.5L) + sqrtl(0.3L) + sqrtl(0.2L);
    long double a = sqrtl(0.5L) / z, b = sqrtl(0.3L) / z;
    assert_true(a < 0.6 && a + b >= 0.6);
    double w[3] = {(double)(a / (a + b)), (double)(b / (a + b)), 0};
    check_apply("temperature:2+top-p:0.6", 3, q, w, 1e-15);
    double w1[3] = {1, 0, 0};
    check_apply("temperature:0.5+top-k:1", 3, q, w1, 1e-16);
    check_apply("ancestral+top-k:1", 3, q, w1, 1e-16);
}

static void parse_and_name(void **state)
{
    (void)state;
    bonx_adaptor a;
    bonx_err e = {0};
    char name[BONX_ADAPTOR_NAME_MAX];
    assert_int_equal(bonx_adaptor_parse("temperature:0.7+top-p:0.9", &a, &e), 0);
    assert_int_equal(a.nsteps, 2);
    assert_int_equal(a.step[0].kind, BONX_ADAPT_TEMPERATURE);
    assert_true(a.step[0].param == 0.7);
    assert_int_equal(a.step[1].kind, BONX_ADAPT_TOP_P);
    bonx_adaptor_name(&a, name, sizeof name);
    assert_string_equal(name, "temperature:0.7+top-p:0.9");
    assert_int_equal(bonx_adaptor_parse("temperature:1e+2", &a, &e), 0);
    assert_true(a.nsteps == 1 && a.step[0].param == 100);
    assert_int_equal(bonx_adaptor_parse("nucleus:0.95", &a, &e), 0);
    assert_int_equal(a.step[0].kind, BONX_ADAPT_TOP_P);
    assert_int_equal(bonx_adaptor_parse("ancestral", &a, &e), 0);
    assert_int_equal(a.nsteps, 0);
    bonx_adaptor_name(&a, name, sizeof name);
    assert_string_equal(name, "ancestral");
    /* names read back exactly, even for awkward parameters */
    double awkward[] = {0.1, 1.0 / 3, 1e-300, 0.30000000000000004, 123456789};
    for (size_t i = 0; i < sizeof awkward / sizeof *awkward; i++) {
        bonx_adaptor b = {1, {{BONX_ADAPT_TEMPERATURE, awkward[i]}}}, c;
        bonx_adaptor_name(&b, name, sizeof name);
        assert_int_equal(bonx_adaptor_parse(name, &c, &e), 0);
        assert_true(c.step[0].param == awkward[i]);
    }
    assert_string_equal(bonx_adapt_kind_name(BONX_ADAPT_TYPICAL), "typical");
    assert_string_equal(bonx_adapt_kind_name(BONX_ADAPT_ETA), "eta");
}

static void expect_error(const char *spec, const char *fragment)
{
    bonx_adaptor a = {3, {{0}}};
    bonx_err e = {0};
    int rc = bonx_adaptor_parse(spec, &a, &e);
    if (rc != BONX_EINVAL || !strstr(e.msg, fragment)) {
        print_error("spec '%s': rc %d msg '%s' (want '%s')\n", spec, rc, e.msg, fragment);
        fail();
    }
    assert_int_equal(a.nsteps, 3);   /* untouched */
}

static void parameter_errors(void **state)
{
    (void)state;
    expect_error("top-k:0", "top-k: K must be an integer >= 1 (got 0)");
    expect_error("top-k:2.5", "integer");
    expect_error("top-k:-3", "top-k");
    expect_error("top-k:inf", "top-k");
    expect_error("temperature:0", "temperature: T must be finite and > 0 (got 0)");
    expect_error("temperature:-1", "temperature");
    expect_error("temperature:inf", "temperature");
    expect_error("temperature:nan", "temperature");
    expect_error("top-p:0", "top-p: P must be in (0, 1] (got 0)");
    expect_error("top-p:1.5", "top-p");
    expect_error("eta:0", "eta: E must be in (0, 1) (got 0)");
    expect_error("eta:1", "eta");
    expect_error("typical:0", "typical: T must be in (0, 1] (got 0)");
    expect_error("typical:1.01", "typical");
    expect_error("beam:4", "unknown adaptor 'beam'");
    expect_error("top-k", "top-k needs a parameter");
    expect_error("top-k:", "top-k needs a parameter");
    expect_error("top-k:two", "'two' is not a number");
    expect_error("top-k:2x", "not a number");
    expect_error("top-k: 2", "not a number");
    expect_error("ancestral:1", "ancestral takes no parameter");
    expect_error("", "empty adaptor spec");
    expect_error("top-k:2+", "'2+' is not a number");
    expect_error("top-k:2++eta:0.1", "not a number");
    expect_error("+top-k:2", "unknown adaptor");
    expect_error("eta:0.1+eta:0.1+eta:0.1+eta:0.1+eta:0.1", "more than 4 steps");
    /* apply re-checks a hand-built adaptor and the input */
    bonx_err e = {0};
    double logw[2] = {0, 0}, s[2];
    bonx_adaptor bad = {1, {{BONX_ADAPT_TOP_P, 2}}};
    assert_int_equal(bonx_adaptor_apply(&bad, 2, logw, s, NULL, &e), BONX_EINVAL);
    assert_non_null(strstr(e.msg, "top-p"));
    bonx_adaptor ok = {0};
    double none[2] = {-INFINITY, -INFINITY}, nan2[2] = {0, NAN};
    assert_int_equal(bonx_adaptor_apply(&ok, 2, none, s, NULL, &e), BONX_EINVAL);
    assert_non_null(strstr(e.msg, "no outcome has mass"));
    assert_int_equal(bonx_adaptor_apply(&ok, 2, nan2, s, NULL, &e), BONX_EINVAL);
    assert_int_equal(bonx_adaptor_apply(&ok, 0, logw, s, NULL, &e), BONX_EINVAL);
}

/* ---- random invariants, against an independent selection in long double ---------------- */

/* A random distribution with deliberate ties: values drawn from a few levels. */
static size_t random_dist(bonx_rng *g, double *q)
{
    size_t k = 2 + bonx_rng_below(g, 11);
    double levels[4];
    for (int i = 0; i < 4; i++)
        levels[i] = 0.01 + bonx_rng_uniform(g);
    long double sum = 0;
    for (size_t i = 0; i < k; i++) {
        q[i] = bonx_rng_below(g, 6) == 0 ? 0 : levels[bonx_rng_below(g, 4)];
        sum += q[i];
    }
    if (sum == 0)
        q[0] = 1, sum = 1;
    for (size_t i = 0; i < k; i++)
        q[i] = (double)(q[i] / sum);
    return k;
}

/* Keep-set of top-p by definition: the smallest t such that the outcomes with q >= t carry
 * mass >= P; returns t. */
static double top_p_threshold(size_t k, const double *q, double P)
{
    double best = 0;
    for (size_t i = 0; i < k; i++) {
        if (!(q[i] > 0))
            continue;
        long double mass = 0;
        for (size_t j = 0; j < k; j++)
            if (q[j] >= q[i])
                mass += q[j];
        if (mass >= P - 1e-12 && q[i] > best)
            best = q[i];
    }
    return best;
}

static void random_invariants(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 2026);
    double q[16], logw[16], s[16];
    for (int trial = 0; trial < 3000; trial++) {
        size_t k = random_dist(&g, q);
        for (size_t i = 0; i < k; i++)
            logw[i] = q[i] > 0 ? log(q[i]) : -INFINITY;
        double P = 0.05 + 0.95 * bonx_rng_uniform(&g);
        size_t K = 1 + bonx_rng_below(&g, 6);
        bonx_adaptor ad[4] = {
            {1, {{BONX_ADAPT_TOP_K, (double)K}}},
            {1, {{BONX_ADAPT_TOP_P, P}}},
            {1, {{BONX_ADAPT_ETA, 0.01 + 0.98 * bonx_rng_uniform(&g)}}},
            {1, {{BONX_ADAPT_TYPICAL, P}}},
        };
        for (int a = 0; a < 4; a++) {
            assert_int_equal(bonx_adaptor_apply(&ad[a], k, logw, s, NULL, NULL), 0);
            long double sum = 0, kept_q = 0;
            for (size_t i = 0; i < k; i++) {
                assert_true(s[i] >= 0 && !isnan(s[i]));
                assert_true(q[i] > 0 || s[i] == 0);
                sum += s[i];
                if (s[i] > 0)
                    kept_q += q[i];
                for (size_t j = 0; j < k; j++)   /* equal q: kept together or not at all */
                    if (q[i] == q[j])
                        assert_true((s[i] > 0) == (s[j] > 0));
            }
            assert_close((double)sum, 1, 1e-14);
            for (size_t i = 0; i < k; i++)   /* the kept set has q proportional to s */
                if (s[i] > 0)
                    assert_close(s[i], (double)(q[i] / kept_q), 1e-14);
            if (a == 0 || a == 1) {
                double t = a == 1 ? top_p_threshold(k, q, P) : 0;
                if (a == 0) {   /* threshold: the K-th largest, counting repeats */
                    double sorted[16];
                    size_t n = 0;
                    for (size_t i = 0; i < k; i++)
                        if (q[i] > 0)
                            sorted[n++] = q[i];
                    for (size_t i = 0; i < n; i++)
                        for (size_t j = i + 1; j < n; j++)
                            if (sorted[j] > sorted[i]) {
                                double x = sorted[i];
                                sorted[i] = sorted[j], sorted[j] = x;
                            }
                    t = sorted[K < n ? K - 1 : n - 1];
                }
                for (size_t i = 0; i < k; i++)
                    if (q[i] > 0)
                        assert_true((s[i] > 0) == (q[i] >= t));
            }
        }
    }
}

/* Live adjustment: cycling visits every kind and comes back; stepping never leaves the
 * valid range however far it goes, and moves by the documented amounts. */
static void live_adjustment(void **state)
{
    (void)state;
    bonx_adaptor a = {0};
    int seen[BONX_ADAPT_KIND_COUNT] = {0};
    for (int i = 0; i < BONX_ADAPT_KIND_COUNT; i++) {
        bonx_adaptor_cycle_kind(&a, +1);
        int kind = a.nsteps ? (int)a.step[0].kind : BONX_ADAPT_ANCESTRAL;
        seen[kind]++;
        for (size_t j = 0; j < a.nsteps; j++)
            assert_int_equal(bonx_adapt_step_check(&a.step[j], NULL), 0);
    }
    for (int i = 0; i < BONX_ADAPT_KIND_COUNT; i++)
        assert_int_equal(seen[i], 1);
    assert_int_equal(a.nsteps, 0);                 /* back to ancestral */
    bonx_adaptor_cycle_kind(&a, -1);
    assert_int_equal(a.step[0].kind, BONX_ADAPT_TYPICAL);
    for (int kind = 1; kind < BONX_ADAPT_KIND_COUNT; kind++) {
        for (int dir = -1; dir <= 1; dir += 2)
            for (int fine = 0; fine <= 1; fine++) {
                bonx_adaptor b = {1, {{(bonx_adapt_kind)kind, bonx_adapt_default_param((bonx_adapt_kind)kind)}}};
                for (int i = 0; i < 200; i++) {
                    bonx_adaptor_step_param(&b, dir, fine);
                    assert_int_equal(bonx_adapt_step_check(&b.step[0], NULL), 0);
                }
            }
    }
    bonx_adaptor t = {1, {{BONX_ADAPT_TOP_P, 0.9}}};
    bonx_adaptor_step_param(&t, -1, 0);
    assert_true(t.step[0].param == 0.8);           /* hundredths, not 0.80000000000000004 */
    bonx_adaptor_step_param(&t, +1, 1);
    assert_true(t.step[0].param == 0.81);
    bonx_adaptor k = {1, {{BONX_ADAPT_TOP_K, 3}}};
    bonx_adaptor_step_param(&k, -1, 0);
    assert_true(k.step[0].param == 1);
    bonx_adaptor_step_param(&k, +1, 0);
    assert_true(k.step[0].param == 2);
    bonx_adaptor_step_param(&k, +1, 1);
    assert_true(k.step[0].param == 3);
    bonx_adaptor tt = {1, {{BONX_ADAPT_TEMPERATURE, 1}}};
    bonx_adaptor_step_param(&tt, +1, 0);
    assert_true(tt.step[0].param == 2);
    bonx_adaptor_step_param(&tt, -1, 1);
    assert_close(tt.step[0].param, pow(2, 0.75), 1e-15);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ancestral_normalises),
        cmocka_unit_test(temperature_by_hand),
        cmocka_unit_test(temperature_lifts_underflow),
        cmocka_unit_test(temperature_tiny_keeps_the_mode),
        cmocka_unit_test(top_k_by_hand),
        cmocka_unit_test(top_k_ties_at_cutoff),
        cmocka_unit_test(top_p_by_hand),
        cmocka_unit_test(eta_by_hand),
        cmocka_unit_test(keep_nothing_falls_back_to_top_group),
        cmocka_unit_test(typical_by_hand),
        cmocka_unit_test(chains_scale_then_truncate),
        cmocka_unit_test(parse_and_name),
        cmocka_unit_test(parameter_errors),
        cmocka_unit_test(random_invariants),
        cmocka_unit_test(live_adjustment),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
