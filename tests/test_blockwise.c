/* SPDX-License-Identifier: MIT */
/* Blockwise best-of-n (core/blockwise.c, seed 001 Thm B.1): closed forms, the bound over
 * random tables and length laws, and a simulation of the decoder with core/simulate's
 * literal best-of-n sampler (n draws, keep the best, ties uniformly) against the exact KL. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "check.h"
#include "blockwise.h"
#include "bon.h"
#include "simulate.h"

static double binary_entropy(double x)
{
    return x == 0 ? 0 : -x * log(x) - (1 - x) * log1p(-x);
}

/* M = 1 on Example 1's alphabet: every token is best-of-n of (1/2, 1/2), KL per token
 * log 2 - h(2^-n) (MATH.md Example 1), so KL = E[L] (log 2 - h(2^-n)). */
static void tokenwise_example1(void **state)
{
    (void)state;
    double w[] = {1, 1}, r[] = {0, 1};
    bonx_dist d = make_dist(2, w, r);
    int len[] = {1, 2, 5};
    double prob[] = {0.5, 0.25, 0.25};
    for (double n = 1; n <= 64; n *= 2) {
        bonx_blockwise_point pt;
        bonx_err e = {0};
        assert_int_equal(bonx_blockwise_at(&d, len, prob, 3, n, 1, &pt, &e), 0);
        double el = 0.5 + 0.5 + 1.25, per = M_LN2 - binary_entropy(exp2(-n));
        CHECK(pt.expected_blocks, el, 1e-15, 0, "E[ceil(L/1)] = E[L]");
        CHECK(pt.kl, el * per, 1e-12, 1e-15, "KL = E[L] KL per token");
        CHECK(pt.kl_bound, el * bonx_kl_analytic(n), 1e-15, 0, "Thm B.1");
        assert_true(pt.kl <= pt.kl_bound + 1e-15);
        /* M = 5 >= every length: the sequence-level best-of-n */
        assert_int_equal(bonx_blockwise_at(&d, len, prob, 3, n, 5, &pt, &e), 0);
        CHECK(pt.kl, pt.kl_sequence, 1e-15, 1e-300, "M >= L is sequence-level");
        CHECK(pt.expected_blocks, 1, 0, 0, "one block");
    }
    bonx_dist_free(&d);
}

/* Thm B.1 on random tables, length laws, n and M. */
static void bound_holds(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 1401);
    for (int trial = 0; trial < 60; trial++) {
        size_t k = 2 + bonx_rng_below(&g, 3);
        double w[4], r[4];
        for (size_t i = 0; i < k; i++) {
            w[i] = exp(-6 * bonx_rng_uniform(&g));
            r[i] = (double)bonx_rng_below(&g, 4);
        }
        bonx_dist d = make_dist(k, w, r);
        int len[3];
        double prob[3] = {0.2, 0.3, 0.5};
        for (int i = 0; i < 3; i++)
            len[i] = 1 + (int)bonx_rng_below(&g, 9);
        double n = 1 + 30 * bonx_rng_uniform(&g);
        int m = 1 + (int)bonx_rng_below(&g, 5);
        bonx_blockwise_point pt;
        bonx_err e = {0};
        assert_int_equal(bonx_blockwise_at(&d, len, prob, 3, n, m, &pt, &e), 0);
        assert_true(pt.kl >= 0 && pt.kl <= pt.kl_bound * (1 + 1e-12));
        assert_true(pt.kl_sequence <= bonx_kl_analytic(n) + 1e-12);
        bonx_dist_free(&d);
    }
}

/* The decoder sampled block by block with the literal sampler; the sample mean of
 * sum over blocks of log(pi_n(block)/p(block)) estimates the exact KL. */
static void simulation(void **state)
{
    (void)state;
    double w[] = {3, 1, 1}, r[] = {0, 1, 2};
    bonx_dist tok = make_dist(3, w, r);
    int len[] = {1, 3, 4}, n = 4, M = 2;
    double prob[] = {0.3, 0.3, 0.4};
    bonx_blockwise_point pt;
    bonx_err e = {0};
    assert_int_equal(bonx_blockwise_at(&tok, len, prob, 3, n, M, &pt, &e), 0);
    /* blocks of 1 and 2 tokens: their type tables, samplers and log pi/p per type */
    bonx_dist bd[3];
    bonx_sampler sm[3];
    double *lr[3];
    for (int l = 1; l <= 2; l++) {
        assert_int_equal(bonx_blockwise_block_dist(&tok, l, &bd[l], &e), 0);
        assert_int_equal(bonx_sampler_init(&sm[l], &bd[l], BONX_SIM_BON, n, BONX_SIM_LITERAL,
                                           &e), 0);
        double *pi = malloc(bd[l].k * sizeof *pi);
        lr[l] = malloc(bd[l].k * sizeof *lr[l]);
        assert_int_equal(bonx_bon_pmf(&bd[l], n, pi, &e), 0);
        for (size_t i = 0; i < bd[l].k; i++)
            lr[l][i] = bd[l].p[i] > 0 ? log(pi[i] / bd[l].p[i]) : 0;
        free(pi);
    }
    bonx_rng g;
    bonx_rng_seed(&g, 7);
    const int S = 200000;
    double sum = 0, sum2 = 0, blocks = 0;
    for (int s = 0; s < S; s++) {
        double u = bonx_rng_uniform(&g);
        int L = u < 0.3 ? 1 : u < 0.6 ? 3 : 4;
        double x = 0, draws = 0;
        for (int left = L; left > 0; left -= M) {
            int l = left < M ? left : M;
            x += lr[l][bonx_sampler_draw(&sm[l], &g, &draws)];
            blocks++;
        }
        sum += x;
        sum2 += x * x;
    }
    double mean = sum / S, se = sqrt((sum2 / S - mean * mean) / S);
    print_message("blockwise KL %.6f, simulated %.6f +- %.6f; bound %.6f\n", pt.kl, mean, se,
                  pt.kl_bound);
    assert_true(fabs(mean - pt.kl) < 5 * se);
    CHECK(blocks / S, pt.expected_blocks, 0.01, 0, "blocks per response");
    assert_true(pt.kl < pt.kl_bound);
    for (int l = 1; l <= 2; l++) {
        bonx_sampler_free(&sm[l]);
        bonx_dist_free(&bd[l]);
        free(lr[l]);
    }
    bonx_dist_free(&tok);
}

static void errors(void **state)
{
    (void)state;
    double w[] = {1, 1}, r[] = {0, 1};
    bonx_dist d = make_dist(2, w, r);
    bonx_blockwise_point pt;
    bonx_err e = {0};
    int len[] = {2}, bad[] = {0};
    double one[] = {1}, half[] = {0.5};
    assert_int_equal(bonx_blockwise_at(&d, len, one, 1, 0.5, 1, &pt, &e), BONX_EINVAL);
    assert_int_equal(bonx_blockwise_at(&d, len, one, 1, 2, 0, &pt, &e), BONX_EINVAL);
    assert_int_equal(bonx_blockwise_at(&d, bad, one, 1, 2, 1, &pt, &e), BONX_EINVAL);
    assert_int_equal(bonx_blockwise_at(&d, len, half, 1, 2, 1, &pt, &e), BONX_EINVAL);
    assert_int_equal(bonx_blockwise_at(&d, len, one, 0, 2, 1, &pt, &e), BONX_EINVAL);
    bonx_dist_free(&d);
}

/* Rewards near the double's limit: the block sums of 2^1023, 2^1022 and 0 would overflow
 * (they once made inf - inf = NaN of the tie test and a write past the type table).  They are
 * exactly 2^1022 times those of 2, 1, 0, so the blocks have the same types, weights and ties,
 * and the same KL to the last bit; the block table keeps finite rewards. */
static void huge_rewards(void **state)
{
    (void)state;
    double w[] = {0.2, 0.3, 0.5}, big[] = {0x1p1023, 0x1p1022, 0}, small[] = {2, 1, 0};
    bonx_dist db = make_dist(3, w, big), ds = make_dist(3, w, small);
    int len[] = {1, 3, 6};
    double prob[] = {0.25, 0.25, 0.5};
    for (double n = 1.5; n < 1e15; n *= 97) {
        for (int M = 1; M <= 6; M++) {
            bonx_blockwise_point pb, ps;
            bonx_err e = {0};
            assert_int_equal(bonx_blockwise_at(&db, len, prob, 3, n, M, &pb, &e), 0);
            assert_int_equal(bonx_blockwise_at(&ds, len, prob, 3, n, M, &ps, &e), 0);
            assert_true(pb.kl == ps.kl && pb.kl_sequence == ps.kl_sequence);
            assert_true(isfinite(pb.kl) && pb.kl >= 0);
        }
    }
    bonx_dist bd;
    bonx_err e = {0};
    assert_int_equal(bonx_blockwise_block_dist(&db, 6, &bd, &e), 0);
    assert_int_equal(bd.ng, 13);   /* sums 0..12 of six tokens worth 0, 1, 2 (scaled) */
    for (size_t j = 0; j < bd.ng; j++)
        assert_true(isfinite(bd.g_r[j]));
    bonx_dist_free(&bd);
    /* where the sums fit they stay in the tokens' units */
    assert_int_equal(bonx_blockwise_block_dist(&ds, 6, &bd, &e), 0);
    assert_true(bd.g_r[0] == 0 && bd.g_r[bd.ng - 1] == 12);
    bonx_dist_free(&bd);
    bonx_dist_free(&db);
    bonx_dist_free(&ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tokenwise_example1),
        cmocka_unit_test(bound_holds),
        cmocka_unit_test(simulation),
        cmocka_unit_test(errors),
        cmocka_unit_test(huge_rewards),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
