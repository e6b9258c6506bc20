/* SPDX-License-Identifier: MIT */
/* core/isa.c and what it steers: BONX_ISA=plain selects the portable copies of the hot loops,
 * and those give the same bits as the AVX2 copies (where the CPU has AVX2) on every
 * statistic: best-of-n batches, tilted passes and families, random and bench-like tables. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "check.h"
#include "isa.h"
#include "bon.h"
#include "tilt.h"

/* Run the next calls on isa (PLAIN, or the CPU's best), as the environment says. */
static void use_isa(bonx_isa isa)
{
    if (isa == BONX_ISA_PLAIN)
        setenv("BONX_ISA", "plain", 1);
    else
        unsetenv("BONX_ISA");
}

static void choice_follows_environment(void **state)
{
    (void)state;
    const char *saved = getenv("BONX_ISA");
    char *keep = saved ? strdup(saved) : NULL;
    setenv("BONX_ISA", "plain", 1);
    assert_int_equal(bonx_isa_active(), BONX_ISA_PLAIN);
    setenv("BONX_ISA", "auto", 1);
    assert_int_equal(bonx_isa_active(), bonx_isa_best());
    unsetenv("BONX_ISA");
    assert_int_equal(bonx_isa_active(), bonx_isa_best());
    assert_int_equal(bonx_isa_usable(BONX_ISA_PLAIN), BONX_ISA_PLAIN);
    assert_int_equal(bonx_isa_usable(BONX_ISA_AVX2), bonx_isa_best());
#if !BONX_ISA_X86
    assert_int_equal(bonx_isa_best(), BONX_ISA_PLAIN);
#endif
    assert_string_equal(bonx_isa_name(BONX_ISA_PLAIN), "plain");
    assert_string_equal(bonx_isa_name(BONX_ISA_AVX2), "avx2");
    if (keep)
        setenv("BONX_ISA", keep, 1);
    free(keep);
}

static void same_bits(const double *a, const double *b, size_t count, const char *what)
{
    for (size_t i = 0; i < count; i++)
        if (memcmp(&a[i], &b[i], sizeof a[i]) != 0) {
            print_error("%s: value %zu is %a on the portable path, %a on %s\n", what, i, a[i],
                        b[i], bonx_isa_name(bonx_isa_best()));
            fail();
        }
}

/* Weights over many decades, rewards with ties and an offset (the reward scale matters). */
static bonx_dist random_table(bonx_rng *g, size_t k, double *w, double *r)
{
    double off = bonx_rng_uniform(g) < 0.3 ? 1e6 : 0;
    for (size_t i = 0; i < k; i++) {
        w[i] = exp(-30 * bonx_rng_uniform(g));
        r[i] = off + (double)bonx_rng_below(g, k / 3 + 2) * (0.5 + bonx_rng_uniform(g));
    }
    return make_dist(k, w, r);
}

enum { NN = 64, NB = 48 };

/* Every statistic of one table: best-of-n over a grid (t = 0 and t > 0), the tilted policies
 * at single betas and as families. */
static void all_stats(const bonx_dist *d, bonx_isa isa, double *out, size_t *count)
{
    use_isa(isa);
    double ns[NN], betas[NB];
    for (size_t i = 0; i < NN; i++)
        ns[i] = exp(log(1e9) * (double)i / (NN - 1)) + (i % 5 == 1 ? 1e-7 : 0);
    for (size_t i = 0; i < NB; i++)
        betas[i] = exp(-12 + 20 * (double)i / (NB - 1));
    bonx_err e = {0};
    size_t c = 0;
    static bonx_bon_stats b[NN];
    for (int band = 0; band < 2; band++) {
        assert_int_equal(bonx_bon_stats_batch(d, ns, NN, band ? 1.5 : 0, b, &e), 0);
        memcpy(out + c, b, sizeof b);
        c += sizeof b / (sizeof(double));
    }
    static bonx_tilt_stats t[NB];
    for (int kind = 0; kind < 2; kind++) {
        assert_int_equal(bonx_tilt_family(d, (bonx_tilt_kind)kind, betas, NB, t, &e), 0);
        memcpy(out + c, t, sizeof t);
        c += sizeof t / (sizeof(double));
        for (size_t i = 0; i < NB; i += 7) {
            assert_int_equal(bonx_tilt_stats_at(d, (bonx_tilt_kind)kind, betas[i], &t[0], &e), 0);
            memcpy(out + c, &t[0], sizeof t[0]);
            c += sizeof t[0] / sizeof(double);
        }
    }
    *count = c;
    unsetenv("BONX_ISA");
}

static void compare_paths(const bonx_dist *d, const char *what)
{
    enum { MAX = 2 * NN * sizeof(bonx_bon_stats) / sizeof(double) +
                 2 * (NB + NB / 7 + 1) * sizeof(bonx_tilt_stats) / sizeof(double) };
    static double plain[MAX], best[MAX];
    size_t np = 0, nb = 0;
    all_stats(d, BONX_ISA_PLAIN, plain, &np);
    all_stats(d, BONX_ISA_AVX2, best, &nb);
    assert_int_equal(np, nb);
    same_bits(plain, best, np, what);
}

static void paths_agree_bit_for_bit(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 1212);
    static double w[3000], r[3000];
    for (int trial = 0; trial < 60; trial++) {
        size_t k = 2 + bonx_rng_below(&g, trial < 50 ? 20 : 400);
        bonx_dist d = random_table(&g, k, w, r);
        compare_paths(&d, "random table");
        bonx_dist_free(&d);
    }
    size_t ks[] = {64, 3000};
    for (size_t c = 0; c < 2; c++) {
        bonx_dist d = bench_like_dist(ks[c], w, r, 31 + c);
        compare_paths(&d, "bench-like table");
        bonx_dist_free(&d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(choice_follows_environment),
        cmocka_unit_test(paths_agree_bit_for_bit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
