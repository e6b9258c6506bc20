/* SPDX-License-Identifier: MIT */
/* core/dd.h, the double-double arithmetic that replaced long double in core/: the error-free
 * transformations exact (checked in quad, whose 113 bits hold any sum or product of two
 * doubles), the operations and functions within their stated error of the exact value over
 * random arguments (wide exponents, cancelling sums), the log-factorial table against
 * lgamma in quad, and the edges (overflow gives inf, not NaN). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <float.h>
#include <math.h>
#include "quad.h"
#include <cmocka.h>
#include "dd.h"
#include "rng.h"

#define SAMPLES 200000

static quad qdd(bonx_dd a) { return qadd(qd(a.hi), qd(a.lo)); }

/* |got - want| / |want| (0 when both are 0) */
static double rel_error(bonx_dd got, quad want)
{
    quad diff = qsub(qdd(got), want);
    if (qdbl(want) == 0)
        return qdbl(fabsq(diff)) == 0 ? 0 : INFINITY;
    return qdbl(qdiv(fabsq(diff), fabsq(want)));
}

/* a random double: sign, significand and a binary exponent in [-emax, emax] */
static double random_double(bonx_rng *g, int emax)
{
    double m = 1 + bonx_rng_uniform(g);
    int e = (int)(bonx_rng_uniform(g) * (2 * emax + 1)) - emax;
    return (bonx_rng_uniform(g) < 0.5 ? -1 : 1) * ldexp(m, e);
}

/* a normalised double-double: hi, and lo below half an ulp of it */
static bonx_dd random_dd(bonx_rng *g, int emax)
{
    double hi = random_double(g, emax);
    double lo = ldexp(bonx_rng_uniform(g) - 0.5, ilogb(hi) - 53);
    return bonx_two_sum(hi, lo);
}

static void error_free_transformations(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 1);
    for (int i = 0; i < SAMPLES; i++) {
        /* products up to the top of the range (the split scales values above 2^995) */
        double a = random_double(&g, 1000), b = random_double(&g, 20);
        bonx_dd s = bonx_two_sum(a, b), p = bonx_two_prod(a, b);
        assert_true(qdbl(qsub(qdd(s), qadd(qd(a), qd(b)))) == 0);
        if (fabs(a * b) > 0x1p-960)   /* the low part of a product underflows below */
            assert_true(qdbl(qsub(qdd(p), qmul(qd(a), qd(b)))) == 0);
        assert_true(s.hi == a + b && p.hi == a * b);
    }
    /* the largest products, and ones just below the overflow */
    double big[] = {0x1.fffffffffffffp1023, 0x1.fffffffffffffp511, 0x1.0000000000001p1000};
    for (int i = 0; i < 3; i++) {
        double a = big[i], b = 0x1.fffffffffffffp1023 / a * 0.999999;
        bonx_dd p = bonx_two_prod(a, b);
        assert_true(isfinite(p.hi) && isfinite(p.lo));
        assert_true(qdbl(qsub(qdd(p), qmul(qd(a), qd(b)))) == 0);
    }
    /* a factor at the very top (DBL_MAX: its split's high part rounds up to 2^1024 = inf, once
     * a NaN low part) times anything below 1; and sums of opposite signs near DBL_MAX, whose
     * s - a overflows (once a NaN low part: a corpora Pearson of 1 for -0.884) */
    for (int i = 0; i < SAMPLES / 10; i++) {
        double a = fmin(ldexp(1 + bonx_rng_uniform(&g), 1023 - (int)(bonx_rng_uniform(&g) * 4)),
                        DBL_MAX);
        if (i % 8 == 0)
            a = DBL_MAX;
        double b = random_double(&g, 30);
        if (fabs(b) >= 1)
            b = ldexp(b, -31);
        bonx_dd p = bonx_two_prod(a, b);
        assert_true(isfinite(p.hi) && isfinite(p.lo) && p.hi == a * b);
        assert_true(qdbl(qsub(qdd(p), qmul(qd(a), qd(b)))) == 0);
        bonx_dd s = bonx_two_sum(-a * fabs(b), a);
        assert_true(isfinite(s.hi) && isfinite(s.lo) && s.hi == a - a * fabs(b));
        assert_true(qdbl(qsub(qdd(s), qsub(qd(a), qd(a * fabs(b))))) == 0);
    }
    bonx_dd p = bonx_two_prod(1.0 / 9, DBL_MAX), one = bonx_two_prod(1, DBL_MAX);
    assert_true(qdbl(qsub(qdd(p), qmul(qd(1.0 / 9), qd(DBL_MAX)))) == 0);
    assert_true(one.hi == DBL_MAX && one.lo == 0);
    bonx_dd over = bonx_two_prod(DBL_MAX, 2);
    assert_true(isinf(over.hi) && over.lo == 0);
}

static void operations(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 2);
    double worst[5] = {0};
    for (int i = 0; i < SAMPLES; i++) {
        bonx_dd a = random_dd(&g, 300), b = random_dd(&g, 300);
        quad qa = qdd(a), qb = qdd(b);
        /* the sum: within 2^-104 of |a| + |b| (a cancelling sum keeps absolute accuracy) */
        quad sum = qadd(qa, qb);
        double e = qdbl(fabsq(qsub(qdd(bonx_dd_add(a, b)), sum))) /
                   qdbl(qadd(fabsq(qa), fabsq(qb)));
        worst[0] = fmax(worst[0], e);
        worst[1] = fmax(worst[1], rel_error(bonx_dd_mul(a, b), qmul(qa, qb)));
        worst[2] = fmax(worst[2], rel_error(bonx_dd_div(a, b), qdiv(qa, qb)));
        bonx_dd pa = {fabs(a.hi), a.hi < 0 ? -a.lo : a.lo};
        worst[3] = fmax(worst[3], rel_error(bonx_dd_sqrt(pa), sqrtq(qdd(pa))));
        worst[4] = fmax(worst[4], rel_error(bonx_dd_mul_d(a, b.hi), qmul(qa, qd(b.hi))));
    }
    print_message("worst: add %.3g mul %.3g div %.3g sqrt %.3g mul_d %.3g (2^-104 = %.3g)\n",
                  worst[0], worst[1], worst[2], worst[3], worst[4], 0x1p-104);
    for (int i = 0; i < 5; i++)
        assert_true(worst[i] <= 0x1p-103);
    /* cancellation: (1 + 2^-80) - 1 is exactly 2^-80 */
    bonx_dd one_eps = bonx_two_sum(1.0, 0x1p-80);
    bonx_dd d = bonx_dd_add_d(one_eps, -1.0);
    assert_true(d.hi == 0x1p-80 && d.lo == 0);
}

static void functions(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 3);
    double worst[4] = {0};
    for (int i = 0; i < SAMPLES / 4; i++) {
        /* exp over [-650, 705] (below e^-670 the low part is subnormal), expm1 and log1p
         * near 0 too, log over the whole range */
        double u = bonx_rng_uniform(&g);
        bonx_dd x = bonx_two_sum(-650 + 1355 * u, ldexp(bonx_rng_uniform(&g) - 0.5, -60));
        worst[0] = fmax(worst[0], rel_error(bonx_dd_exp(x), expq(qdd(x))));
        bonx_dd small = random_dd(&g, 5);
        small.hi = ldexp(small.hi, -(int)(bonx_rng_uniform(&g) * 40)),
        small.lo = ldexp(small.lo, -(int)(bonx_rng_uniform(&g) * 40));
        small = bonx_two_sum(small.hi, small.lo);
        if (!(small.hi > -1))
            small = bonx_dd_neg(small);
        worst[1] = fmax(worst[1], rel_error(bonx_dd_expm1(small), expm1q(qdd(small))));
        worst[2] = fmax(worst[2], rel_error(bonx_dd_log1p(small), log1pq(qdd(small))));
        bonx_dd pos = random_dd(&g, 1000);
        pos = (bonx_dd){fabs(pos.hi), pos.hi < 0 ? -pos.lo : pos.lo};
        quad lp = logq(qdd(pos));
        /* log: 2^-100 absolute plus 2^-104 relative */
        double e = qdbl(fabsq(qsub(qdd(bonx_dd_log(pos)), lp))) /
                   (0x1p-100 + 0x1p-104 * qdbl(fabsq(lp)));
        worst[3] = fmax(worst[3], e);
    }
    print_message("worst: exp %.3g expm1 %.3g log1p %.3g (relative), log %.3g (of its bound)\n",
                  worst[0], worst[1], worst[2], worst[3]);
    assert_true(worst[0] <= 0x1p-100 && worst[1] <= 0x1p-100 && worst[2] <= 0x1p-100);
    assert_true(worst[3] <= 1);
    /* the ends */
    assert_true(bonx_dd_exp(bonx_dd_of(710)).hi == INFINITY);
    assert_true(bonx_dd_exp(bonx_dd_of(-746)).hi == 0);
    assert_true(bonx_dd_expm1(bonx_dd_of(-50)).hi == -1);
    assert_true(bonx_dd_log(bonx_dd_of(0)).hi == -INFINITY);
    assert_true(isnan(bonx_dd_log(bonx_dd_of(-1)).hi));
    assert_true(bonx_dd_log1p(bonx_dd_of(0)).hi == 0);
}

/* log c and log c! against quad's log and lgamma, up to 3e6 (through the recurrence) */
static void log_factorials(void **state)
{
    (void)state;
    size_t m = 3000000;
    bonx_dd *logs = malloc((m + 1) * sizeof *logs), *logf = malloc((m + 1) * sizeof *logf);
    assert_non_null(logs);
    assert_non_null(logf);
    bonx_dd_log_ints(m, logs, logf);
    assert_true(logs[0].hi == -INFINITY && logf[0].hi == 0 && logf[1].hi == 0);
    assert_true(logs[1].hi == 0 && logs[1].lo == 0);
    double worst_log = 0, worst_fact = 0;
    for (size_t c = 2; c <= m; c = c < 5000 ? c + 1 : c + c / 97) {
        worst_log = fmax(worst_log, rel_error(logs[c], logq(qd((double)c))));
        worst_fact = fmax(worst_fact, rel_error(logf[c], lgammaq(qd((double)c + 1))));
    }
    worst_log = fmax(worst_log, rel_error(logs[m], logq(qd((double)m))));
    worst_fact = fmax(worst_fact, rel_error(logf[m], lgammaq(qd((double)m + 1))));
    print_message("worst relative error: log c %.3g, log c! %.3g\n", worst_log, worst_fact);
    free(logs), free(logf);
    /* log 8e6! = 1.2e8 is then within 1.2e-21 (a hundred-thousandth of an ulp of the O(1)
     * log probabilities that asym's enumeration cancels it down to; long double's 64 bits
     * gave 7e-12); quad's lgamma is good to about 2^-110 */
    assert_true(worst_log <= 1e-30 && worst_fact <= 1e-29);
}

/* Overflow is infinity, never the NaN of inf - inf in the low parts. */
static void non_finite(void **state)
{
    (void)state;
    bonx_dd big = bonx_dd_of(1e300);
    bonx_dd p = bonx_dd_mul(big, big);
    assert_true(p.hi == INFINITY && p.lo == 0);
    bonx_dd s = bonx_dd_add(bonx_dd_of(DBL_MAX), bonx_dd_of(DBL_MAX));
    assert_true(s.hi == INFINITY);
    s = bonx_dd_add_d(s, 1.0);
    assert_true(s.hi == INFINITY);
    bonx_dd acc = bonx_dd_of(0);
    bonx_dd_add_prod(&acc, 1e200, 1e200);
    bonx_dd_add_prod(&acc, 3.0, 4.0);
    assert_true(acc.hi == INFINITY && bonx_dd_value(acc) == INFINITY);
    assert_true(isnan(bonx_dd_add(bonx_dd_of(INFINITY), bonx_dd_of(-INFINITY)).hi));
    assert_true(isnan(bonx_dd_add_d(bonx_dd_of(NAN), 1).hi));
    assert_true(bonx_dd_div(bonx_dd_of(1), bonx_dd_of(0)).hi == INFINITY);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(error_free_transformations),
        cmocka_unit_test(operations),
        cmocka_unit_test(functions),
        cmocka_unit_test(log_factorials),
        cmocka_unit_test(non_finite),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
