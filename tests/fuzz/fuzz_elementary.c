/* SPDX-License-Identifier: MIT */
/* Fuzz harness: bonx's own elementary functions (core/elementary.h) against MPFR.  Input
 * "NAME X [Y]" (NAME one of exp expm1 exp2 log log1p log2 log10 pow; X, Y strtod numbers, so
 * hex floats, subnormals, inf and nan are all expressible; an unknown NAME picks a function
 * from its first byte), or 17 bytes whose first is below 8: the function and two raw doubles
 * (every bit pattern, where text mutations seldom leave short decimals).
 *
 * Each result must be within MAX_ULP of the exact value (MPFR at 256 bits), in units of the
 * double format's last place at that value (2^-1074 among the subnormals).  Where the exact
 * value is special (NaN, an infinity, a zero) or a double (log2 of a power of 2, pow with a
 * small integer result) the result must be it to the bit, sign of zero included: MPFR follows
 * C99 Annex F in every special case (F.9.3, F.9.4.4), as elementary.h promises.  Where the
 * double range rounds the exact value to an infinity, the largest double is also accepted. */
#include <float.h>
#include <mpfr.h>
#include "fuzz_util.h"
#include "elementary.h"

/* tests/test_elementary.c's bound for every function (all but expm1 measured correctly
 * rounded there, expm1 within 0.5005) */
#define MAX_ULP 0.51

typedef enum { F_EXP, F_EXPM1, F_EXP2, F_LOG, F_LOG1P, F_LOG2, F_LOG10, F_POW, F_COUNT } fn;

static const char *const names[F_COUNT] = {"exp",  "expm1", "exp2",  "log",
                                           "log1p", "log2", "log10", "pow"};

static double ours(fn f, double x, double y)
{
    switch (f) {
    case F_EXP: return bonx_exp(x);
    case F_EXPM1: return bonx_expm1(x);
    case F_EXP2: return bonx_exp2(x);
    case F_LOG: return bonx_log(x);
    case F_LOG1P: return bonx_log1p(x);
    case F_LOG2: return bonx_log2(x);
    case F_LOG10: return bonx_log10(x);
    default: return bonx_pow(x, y);
    }
}

/* the exact value at 256 bits; returns MPFR's ternary value (0: exact) */
static int exact_value(mpfr_t r, fn f, double x, double y)
{
    mpfr_t a, b;
    mpfr_inits2(64, a, b, (mpfr_ptr)0);
    mpfr_set_d(a, x, MPFR_RNDN);
    mpfr_set_d(b, y, MPFR_RNDN);
    int t;
    switch (f) {
    case F_EXP: t = mpfr_exp(r, a, MPFR_RNDN); break;
    case F_EXPM1: t = mpfr_expm1(r, a, MPFR_RNDN); break;
    case F_EXP2: t = mpfr_exp2(r, a, MPFR_RNDN); break;
    case F_LOG: t = mpfr_log(r, a, MPFR_RNDN); break;
    case F_LOG1P: t = mpfr_log1p(r, a, MPFR_RNDN); break;
    case F_LOG2: t = mpfr_log2(r, a, MPFR_RNDN); break;
    case F_LOG10: t = mpfr_log10(r, a, MPFR_RNDN); break;
    default: t = mpfr_pow(r, a, b, MPFR_RNDN); break;
    }
    mpfr_clears(a, b, (mpfr_ptr)0);
    return t;
}

/* r rounded once to a double, subnormals and overflow as the format does (emin -1073 and
 * emax 1024 in MPFR's convention of significands in [1/2, 1)); *inexact when it moved */
static double to_double(const mpfr_t r, int *inexact)
{
    mpfr_exp_t emin = mpfr_get_emin(), emax = mpfr_get_emax();
    mpfr_t d;
    mpfr_init2(d, 53);
    mpfr_set_emin(-1073);
    mpfr_set_emax(1024);
    int t = mpfr_set(d, r, MPFR_RNDN);
    t = mpfr_check_range(d, t, MPFR_RNDN);
    t = mpfr_subnormalize(d, t, MPFR_RNDN);
    double out = mpfr_get_d(d, MPFR_RNDN);
    mpfr_set_emin(emin);
    mpfr_set_emax(emax);
    mpfr_clear(d);
    *inexact = t != 0;
    return out;
}

/* |got - r| in units of the double format's last place at r (finite, non-zero r) */
static double ulp_error(double got, const mpfr_t r)
{
    mpfr_exp_t e = mpfr_get_exp(r) - 53;
    mpfr_t diff;
    mpfr_init2(diff, 400);
    mpfr_set_d(diff, got, MPFR_RNDN);
    mpfr_sub(diff, diff, r, MPFR_RNDN);
    mpfr_abs(diff, diff, MPFR_RNDN);
    mpfr_mul_2si(diff, diff, -(e < -1074 ? -1074 : e), MPFR_RNDN);
    double err = mpfr_get_d(diff, MPFR_RNDU);
    mpfr_clear(diff);
    return err;
}

static int same_bits(double a, double b)
{
    return (isnan(a) && isnan(b)) || (a == b && signbit(a) == signbit(b));
}

static fn pick(const char *s)
{
    size_t len = strcspn(s, " \t,");
    for (int f = 0; f < F_COUNT; f++)
        if (strlen(names[f]) == len && strncmp(s, names[f], len) == 0)
            return (fn)f;
    return (fn)((unsigned char)s[0] % F_COUNT);
}

static void check(fn f, double x, double y)
{
    double got = ours(f, x, y);
    mpfr_t r;
    mpfr_init2(r, 256);
    int t = exact_value(r, f, x, y), inexact;
    double want = to_double(r, &inexact);
    if (mpfr_nan_p(r) || mpfr_inf_p(r) || mpfr_zero_p(r) || (t == 0 && !inexact))
        FUZZ_CHECK(same_bits(got, want), "%s(%a, %a) = %a, want %a exactly", names[f], x, y,
                   got, want);
    else if (isinf(want))
        FUZZ_CHECK(got == want || got == copysign(DBL_MAX, want),
                   "%s(%a, %a) = %a, want %a (overflow)", names[f], x, y, got, want);
    else
        FUZZ_CHECK(!isnan(got) && ulp_error(got, r) < MAX_ULP &&
                       (got == 0 || signbit(got) == signbit(want)),
                   "%s(%a, %a) = %a, want %a (%.4f ulp from the exact value)", names[f], x, y,
                   got, want, ulp_error(got, r));
    mpfr_clear(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256)
        return 0;
    fn f;
    double v[2] = {1, 1};
    if (size == 1 + sizeof v && data[0] < F_COUNT) {
        f = (fn)data[0];
        memcpy(v, data + 1, sizeof v);
    } else {
        char *s = fuzz_text(data, size);
        f = pick(s);
        fuzz_numbers(s + strcspn(s, " \t,"), v, 2);
        free(s);
    }
    check(f, v[0], v[1]);
    return 0;
}
