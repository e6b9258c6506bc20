/* SPDX-License-Identifier: MIT */
/* The MPFR path of tests/quad.h, which armel and armhf use for every high-precision
 * reference: as a value type (zeroed memory is +0, copies are independent, infinities and
 * NaN behave), against known digits on every machine, and bit for bit against the native
 * binary128 arithmetic where the machine has one (amd64, arm64, ...). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <math.h>
#define BONX_QUAD_MPFR 1
#include "quad.h"
#include <cmocka.h>
#include "rng.h"

/* |got - want| <= rel |want| */
static void assert_digits(quad got, quad want, double rel, const char *what)
{
    quad err = fabsq(qsub(got, want)), bound = qmul(qd(rel), fabsq(want));
    if (!qle(err, bound)) {
        print_error("%s: off by %.3g relative\n", what, qdbl(qdiv(err, fabsq(want))));
        fail();
    }
}

static void value_semantics(void **state)
{
    (void)state;
    quad *z = calloc(3, sizeof *z);
    assert_non_null(z);
    assert_true(qdbl(z[1]) == 0 && !signbit(qdbl(z[1])));   /* zeroed memory is +0 */
    z[0] = qd(1.5);
    z[2] = z[0];
    z[0] = qadd(z[0], qd(1));
    assert_true(qdbl(z[0]) == 2.5 && qdbl(z[2]) == 1.5);   /* a copy keeps its own digits */
    free(z);
    assert_true(qdbl(qd(-INFINITY)) == -INFINITY && qlt(qd(-INFINITY), qd(-1e308)));
    assert_true(qdbl(logq(qd(0))) == -INFINITY);
    quad nan = qdiv(qd(0), qd(0));
    assert_true(isnan(qdbl(nan)) && !qlt(nan, qd(0)) && !qge(nan, qd(0)));
    assert_true(qdbl(QUAD_C(-0.5)) == -0.5 && qdbl(qneg(qd(0.25))) == -0.25);
    assert_true(qdbl(qd(0x1p-1074)) == 0x1p-1074);   /* subnormal doubles round-trip */
    assert_true(qdbl(qmul(qd(0x1p-1000), qd(0x1p-70))) == 0x1p-1070);
    assert_true(qdbl(fmaxq(qd(2), nan)) == 2 && qdbl(fminq(qd(-3), qd(2))) == -3);
    /* 1 + 2^-112 is a binary128 number, 1 + 2^-113 rounds to even (1) */
    assert_true(qgt(qadd(qd(1), qd(0x1p-112)), qd(1)));
    assert_false(qgt(qadd(qd(1), qd(0x1p-113)), qd(1)));
}

static void known_digits(void **state)
{
    (void)state;
    const double rel = 1e-33;   /* binary128 holds 2^-113 ~ 9.6e-35 relative */
    assert_digits(expq(qd(1)), QUAD_C(2.71828182845904523536028747135266249775724709369995), rel, "e");
    assert_digits(logq(qd(2)), M_LN2q, rel, "log 2");
    assert_digits(sqrtq(qd(2)), QUAD_C(1.41421356237309504880168872420969807856967187537694), rel,
                  "sqrt 2");
    assert_digits(lgammaq(qd(0.5)), QUAD_C(0.57236494292470008707171367567652935582364740645766),
                  rel, "lgamma 1/2");
    assert_digits(expm1q(QUAD_C(1e-20)), QUAD_C(1.00000000000000000000500000000000000000001666e-20),
                  rel, "expm1 1e-20");
    assert_digits(log1pq(QUAD_C(-1e-20)), QUAD_C(-1.00000000000000000000500000000000000000003333e-20),
                  rel, "log1p -1e-20");
    assert_digits(powq(qd(2), qd(0.5)), sqrtq(qd(2)), rel, "2^0.5");
    assert_digits(exp2q(qd(-0.5)), qdiv(qd(1), sqrtq(qd(2))), rel, "2^-0.5");
    assert_digits(qmul(qdiv(qd(1), qd(3)), qd(3)), qd(1), rel, "1/3 * 3");
}

#if LDBL_MANT_DIG == 113
typedef long double native;
#define NATIVE(f) f##l
#elif defined(__HAVE_FLOAT128) && __HAVE_FLOAT128 && __GLIBC_USE(IEC_60559_TYPES_EXT)
__extension__ typedef _Float128 native;
#define NATIVE(f) f##f128
#elif defined(__SIZEOF_FLOAT128__) && defined(__GLIBC__)   /* clang: see quad.h */
__extension__ typedef __float128 native;
#define NATIVE(f) f##f128
native sqrtf128(native), expf128(native), expm1f128(native), logf128(native);
native log1pf128(native), powf128(native, native);
#endif

#ifdef NATIVE
/* a binary128 number in double's range is the exact sum of three doubles */
static quad from_native(native x)
{
    double hi = (double)x, mid = (double)(x - hi), lo = (double)(x - hi - mid);
    return qadd(qadd(qd(hi), qd(mid)), qd(lo));
}

static native to_native(quad q)
{
    double hi = qdbl(q), mid = qdbl(qsub(q, qd(hi))), lo = qdbl(qsub(qsub(q, qd(hi)), qd(mid)));
    return (native)hi + mid + lo;
}

static native random_native(bonx_rng *g)
{
    native x = (native)bonx_rng_uniform_pos(g) + (native)bonx_rng_uniform(g) * 0x1p-53;
    return ldexp(1, (int)bonx_rng_below(g, 40) - 20) * x;
}

static void same_bits(native got, native want, const char *what)
{
    if (got != want) {
        print_error("%s: %.17g differs from the native %.17g\n", what, (double)got, (double)want);
        fail();
    }
}

/* within ulps units of binary128's last place (glibc's functions are not correctly rounded;
 * MPFR's are) */
static void close_bits(native got, native want, double ulps, const char *what)
{
    native err = got - want;
    if (err < 0)
        err = -err;
    if (!(err <= ulps * 0x1p-112 * (want < 0 ? -want : want))) {
        print_error("%s: %.17g against the native %.17g\n", what, (double)got, (double)want);
        fail();
    }
}

static void against_native(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 128);
    for (int i = 0; i < 20000; i++) {
        native a = random_native(&g), b = random_native(&g);
        quad qa = from_native(a), qb = from_native(b);
        same_bits(to_native(qa), a, "round trip");
        same_bits(to_native(qadd(qa, qb)), a + b, "a + b");
        same_bits(to_native(qsub(qa, qb)), a - b, "a - b");
        same_bits(to_native(qmul(qa, qb)), a * b, "a * b");
        same_bits(to_native(qdiv(qa, qb)), a / b, "a / b");
        same_bits(to_native(sqrtq(qa)), NATIVE(sqrt)(a), "sqrt");
        assert_int_equal(qlt(qa, qb), a < b);
        native x = a - 0x1p-20 * b;   /* both signs, |x| up to 2^20 */
        quad qx = from_native(x);
        if (fabs((double)x) < 700) {   /* inside double's range (from_native, to_native) */
            close_bits(to_native(expq(qx)), NATIVE(exp)(x), 4, "exp");
            close_bits(to_native(expm1q(qx)), NATIVE(expm1)(x), 4, "expm1");
        }
        close_bits(to_native(logq(qa)), NATIVE(log)(a), 4, "log");
        close_bits(to_native(log1pq(qa)), NATIVE(log1p)(a), 4, "log1p");
        close_bits(to_native(powq(qa, qd(0.75))), NATIVE(pow)(a, 0.75), 4, "pow");
    }
}
#else
static void against_native(void **state)
{
    (void)state;
    print_message("no native binary128 type here: known digits only\n");
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(value_semantics),
        cmocka_unit_test(known_digits),
        cmocka_unit_test(against_native),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
