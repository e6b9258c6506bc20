/* SPDX-License-Identifier: MIT */
/* The integer pieces that must not need a 128-bit integer type (32-bit targets lack one):
 * the 64x64 -> 128 product from 32-bit halves against the compiler's own, Lemire's bounded
 * draw built on it, and the asymptotics' type count C(m+k-1, k-1) against 128-bit (or long
 * double) arithmetic. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <cmocka.h>
#include "rng.h"
#include "asym.h"

static void mul64_halves_is_exact(void **state)
{
    (void)state;
    static const uint64_t edge[] = {0, 1, 2, 0xffffffffu, 0x100000000u, 0xffffffffffffffffu,
                                    0x8000000000000000u, 0xfffffffeffffffffu, 0x00000001ffffffffu};
    bonx_rng g;
    bonx_rng_seed(&g, 128);
    for (int i = 0; i < 2000000; i++) {
        uint64_t a, b;
        if (i < 81) {
            a = edge[i % 9];
            b = edge[i / 9];
        } else {
            a = bonx_rng_next(&g) >> (bonx_rng_next(&g) & 63);
            b = bonx_rng_next(&g) >> (bonx_rng_next(&g) & 63);
        }
        uint64_t hi, lo = bonx_mul64_halves(a, b, &hi);
#if defined(__SIZEOF_INT128__)
        unsigned __int128 m = (unsigned __int128)a * b;
        assert_true(lo == (uint64_t)m && hi == (uint64_t)(m >> 64));
#endif
        /* on any target: the low half, and what the build uses is the same */
        assert_true(lo == a * b);
        uint64_t hi2, lo2 = bonx_mul64(a, b, &hi2);
        assert_true(lo2 == lo && hi2 == hi);
    }
}

/* Lemire's draw: in range, every residue of a small bound about equally often, and the same
 * numbers as the multiply-shift written out with the halves. */
static void below_is_in_range_and_unbiased(void **state)
{
    (void)state;
    bonx_rng g, h;
    bonx_rng_seed(&g, 99);
    bonx_rng_seed(&h, 99);
    uint64_t count[7] = {0};
    for (int i = 0; i < 700000; i++) {
        uint64_t x = bonx_rng_below(&g, 7);
        assert_true(x < 7);
        count[x]++;
        uint64_t hi, lo = bonx_mul64_halves(bonx_rng_next(&h), 7, &hi);
        while (lo < 7 && lo < (uint64_t)-7 % 7)
            lo = bonx_mul64_halves(bonx_rng_next(&h), 7, &hi);
        assert_true(hi == x);
    }
    for (int r = 0; r < 7; r++)
        assert_true(count[r] > 99000 && count[r] < 101000);
    uint64_t big = 0xfffffffffffffff1u;
    for (int i = 0; i < 1000; i++)
        assert_true(bonx_rng_below(&g, big) < big);
    assert_true(bonx_rng_below(&g, 1) == 0);
}

/* C(m+k-1, k-1) by Pascal's rule in long double (exact below 2^64 on x86, where long double
 * has 64 bits; a binary128 one has more), against bonx_asym_type_count, and SIZE_MAX where
 * the count does not fit. */
static void type_count_is_exact(void **state)
{
    (void)state;
    enum { M = 300, K = 60 };
    static long double row[M + 1];
    for (int m = 0; m <= M; m++)
        row[m] = 1; /* k = 1 */
    for (size_t k = 1; k <= K; k++) {
        for (int m = 0; m <= M; m++) {
            if (k > 1 && m > 0)
                row[m] += row[m - 1]; /* C(m+k-1, k-1) = C(m+k-2, k-2) + C(m+k-2, k-1) */
            size_t got = bonx_asym_type_count(k, m);
            if (row[m] < 0x1p60L && (double)row[m] < (double)SIZE_MAX)
                assert_true(got == (size_t)row[m]);
            else if (row[m] > 2.0L * (long double)SIZE_MAX)
                assert_true(got == SIZE_MAX);
            /* the double count: exact while the reference is (2^53 holds on every machine) */
            double gd = bonx_type_count(k, (size_t)m);
            if (row[m] < 0x1p53L)
                assert_true(gd == (double)row[m]);
            else
                assert_true(fabs(gd - (double)row[m]) <= 1e-13 * (double)row[m]);
        }
    }
    assert_true(bonx_asym_type_count(0, 5) == 0 && bonx_asym_type_count(3, -1) == 0);
    assert_true(bonx_asym_type_count(3, 1000) == 501501);
    assert_true(bonx_asym_type_count(1000, 1000) == SIZE_MAX);
    /* beyond 64 bits, against mpmath's binomial(1059, 59) = 4.0913787602610163e97 and
     * binomial(100059, 59) = 7.3394225040744144e214; past 1e300 it says so */
    assert_true(fabs(bonx_type_count(60, 1000) / 4.09137876026101627e97 - 1) < 1e-14);
    assert_true(fabs(bonx_type_count(60, 100000) / 7.33942250407441436e214 - 1) < 1e-14);
    assert_true(isinf(bonx_type_count(1000, 1000)) && bonx_type_count(0, 7) == 0);
    assert_true(bonx_type_count(5, 0) == 1 && bonx_type_count(1, 1000000) == 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mul64_halves_is_exact),
        cmocka_unit_test(below_is_in_range_and_unbiased),
        cmocka_unit_test(type_count_is_exact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
