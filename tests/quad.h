/* SPDX-License-Identifier: MIT */
/* The tests' high-precision references: a type `quad` with binary128's 113-bit significand
 * (34 digits) and one small API for it, so that the same reference code builds and checks
 * the same tolerances on every Debian architecture:
 *   - a native binary128 type where there is one: long double where it is binary128 (arm64,
 *     s390x, riscv64, mips64el), else glibc's _Float128 functions as <math.h> declares them
 *     (x86, ppc64el with GCC; the build asks for them with __STDC_WANT_IEC_60559_TYPES_EXT__,
 *     see the Makefile), else __float128 with those same glibc functions declared here (clang
 *     on x86 and ppc64el, whose <math.h> hides them; libm exports them all the same);
 *   - elsewhere (armel, armhf: no binary128 type at all) MPFR at 113 bits: the same
 *     significand, correctly rounded, with a wider exponent range.  -DBONX_QUAD_MPFR forces
 *     this path on any machine (tests/cross.sh runs the suites on it on armhf).
 * C has no operator overloading, so references are written with these functions on every
 * platform: qadd(a, b) for a + b, qlt(a, b) for a < b, qd(x) from a double, qdbl(q) to one,
 * QUAD_C(0.5) for a literal, expq/logq/... (libquadmath's names) for the functions.  On a
 * native type they are inline wrappers of the operators: the same operations in the same
 * order as plain expressions would be.  No libquadmath is linked.  Include after <math.h>;
 * the test binaries link -lmpfr -lgmp (unused, and dropped by --as-needed, on native types). */
#ifndef BONX_TEST_QUAD_H
#define BONX_TEST_QUAD_H

#include <float.h>
#include <math.h>

#if !defined(BONX_QUAD_MPFR) && LDBL_MANT_DIG == 113
typedef long double quad;
#define QUAD_FN(f) f##l
#define QUAD_C(x) x##L
#elif !defined(BONX_QUAD_MPFR) && defined(__HAVE_FLOAT128) && __HAVE_FLOAT128 && \
    __GLIBC_USE(IEC_60559_TYPES_EXT)
__extension__ typedef _Float128 quad;
#define QUAD_FN(f) f##f128
#define QUAD_C(x) (__extension__ x##f128)
#elif !defined(BONX_QUAD_MPFR) && defined(__SIZEOF_FLOAT128__) && defined(__GLIBC__)
__extension__ typedef __float128 quad;
#define QUAD_FN(f) f##f128
#define QUAD_C(x) (__extension__ x##q)
quad expf128(quad), expm1f128(quad), exp2f128(quad), logf128(quad), log1pf128(quad);
quad powf128(quad, quad), sqrtf128(quad), fabsf128(quad), lgammaf128(quad);
quad fmaxf128(quad, quad), fminf128(quad, quad);
#else
#define BONX_QUAD_IS_MPFR 1
#endif

#ifndef BONX_QUAD_IS_MPFR
/* ---- a native binary128 type: the operators themselves ---- */
static inline quad qd(double x) { return x; }
static inline double qdbl(quad x) { return (double)x; }
static inline quad qadd(quad a, quad b) { return a + b; }
static inline quad qsub(quad a, quad b) { return a - b; }
static inline quad qmul(quad a, quad b) { return a * b; }
static inline quad qdiv(quad a, quad b) { return a / b; }
static inline quad qneg(quad a) { return -a; }
static inline int qlt(quad a, quad b) { return a < b; }
static inline int qle(quad a, quad b) { return a <= b; }
static inline int qgt(quad a, quad b) { return a > b; }
static inline int qge(quad a, quad b) { return a >= b; }
#define expq(x) QUAD_FN(exp)(x)
#define expm1q(x) QUAD_FN(expm1)(x)
#define exp2q(x) QUAD_FN(exp2)(x)
#define logq(x) QUAD_FN(log)(x)
#define log1pq(x) QUAD_FN(log1p)(x)
#define powq(x, y) QUAD_FN(pow)(x, y)
#define sqrtq(x) QUAD_FN(sqrt)(x)
#define fabsq(x) QUAD_FN(fabs)(x)
#define lgammaq(x) QUAD_FN(lgamma)(x)
#define fmaxq(x, y) QUAD_FN(fmax)(x, y)
#define fminq(x, y) QUAD_FN(fmin)(x, y)

#else
/* ---- MPFR at binary128's precision, as a plain value type ----
 * A quad holds an MPFR number's parts (kind, exponent, significand limbs) by value, so that
 * it copies, returns and sits in calloc'ed arrays like a number; each operation lends MPFR a
 * view of its operands through the custom interface (no allocation, nothing to clear).
 * All-zero bytes are +0, as for a floating type: MPFR's kind numbers for zero and NaN are
 * swapped in the stored field. */
#include <mpfr.h>

#define QUAD_PREC 113
typedef struct quad {
    int kind;
    mpfr_exp_t exp;
    mp_limb_t d[(QUAD_PREC + GMP_NUMB_BITS - 1) / GMP_NUMB_BITS];
} quad;

static inline int quad_kind_swap(int k)
{
    return k == MPFR_ZERO_KIND ? MPFR_NAN_KIND : k == MPFR_NAN_KIND ? MPFR_ZERO_KIND : k;
}

static inline void quad_view(mpfr_ptr v, const quad *q)
{
    mpfr_custom_init_set(v, quad_kind_swap(q->kind), q->exp, QUAD_PREC, (void *)q->d);
}

/* v becomes a writable view of r's limbs (MPFR never reallocates at a fixed precision) */
static inline void quad_target(mpfr_ptr v, quad *r)
{
    mpfr_custom_init(r->d, QUAD_PREC);
    mpfr_custom_init_set(v, MPFR_ZERO_KIND, 0, QUAD_PREC, r->d);
}

static inline quad quad_result(mpfr_srcptr v, quad r)
{
    int k = mpfr_custom_get_kind(v);
    r.kind = quad_kind_swap(k);
    r.exp = k == MPFR_REGULAR_KIND || k == -MPFR_REGULAR_KIND ? mpfr_custom_get_exp(v) : 0;
    return r;
}

static inline quad quad_apply1(int (*f)(mpfr_ptr, mpfr_srcptr, mpfr_rnd_t), quad a)
{
    quad r;
    mpfr_t x, y;
    quad_view(x, &a);
    quad_target(y, &r);
    f(y, x, MPFR_RNDN);
    return quad_result(y, r);
}

static inline quad quad_apply2(int (*f)(mpfr_ptr, mpfr_srcptr, mpfr_srcptr, mpfr_rnd_t),
                               quad a, quad b)
{
    quad r;
    mpfr_t x, y, z;
    quad_view(x, &a);
    quad_view(y, &b);
    quad_target(z, &r);
    f(z, x, y, MPFR_RNDN);
    return quad_result(z, r);
}

static inline quad qd(double d)
{
    quad r;
    mpfr_t y;
    quad_target(y, &r);
    mpfr_set_d(y, d, MPFR_RNDN);
    return quad_result(y, r);
}

static inline quad quad_from_string(const char *s)
{
    quad r;
    mpfr_t y;
    quad_target(y, &r);
    mpfr_set_str(y, s, 10, MPFR_RNDN);
    return quad_result(y, r);
}
#define QUAD_C(x) quad_from_string(#x)

static inline double qdbl(quad a)
{
    mpfr_t x;
    quad_view(x, &a);
    return mpfr_get_d(x, MPFR_RNDN);
}

static inline int quad_cmp_(quad a, quad b, int (*p)(mpfr_srcptr, mpfr_srcptr))
{
    mpfr_t x, y;
    quad_view(x, &a);
    quad_view(y, &b);
    return p(x, y);
}

static inline int quad_lgamma_(mpfr_ptr y, mpfr_srcptr x, mpfr_rnd_t rnd)
{
    int sign;
    return mpfr_lgamma(y, &sign, x, rnd);
}

static inline quad qadd(quad a, quad b) { return quad_apply2(mpfr_add, a, b); }
static inline quad qsub(quad a, quad b) { return quad_apply2(mpfr_sub, a, b); }
static inline quad qmul(quad a, quad b) { return quad_apply2(mpfr_mul, a, b); }
static inline quad qdiv(quad a, quad b) { return quad_apply2(mpfr_div, a, b); }
static inline quad qneg(quad a) { return quad_apply1(mpfr_neg, a); }
static inline int qlt(quad a, quad b) { return quad_cmp_(a, b, mpfr_less_p); }
static inline int qle(quad a, quad b) { return quad_cmp_(a, b, mpfr_lessequal_p); }
static inline int qgt(quad a, quad b) { return quad_cmp_(a, b, mpfr_greater_p); }
static inline int qge(quad a, quad b) { return quad_cmp_(a, b, mpfr_greaterequal_p); }
static inline quad expq(quad a) { return quad_apply1(mpfr_exp, a); }
static inline quad expm1q(quad a) { return quad_apply1(mpfr_expm1, a); }
static inline quad exp2q(quad a) { return quad_apply1(mpfr_exp2, a); }
static inline quad logq(quad a) { return quad_apply1(mpfr_log, a); }
static inline quad log1pq(quad a) { return quad_apply1(mpfr_log1p, a); }
static inline quad powq(quad a, quad b) { return quad_apply2(mpfr_pow, a, b); }
static inline quad sqrtq(quad a) { return quad_apply1(mpfr_sqrt, a); }
static inline quad fabsq(quad a) { return quad_apply1(mpfr_abs, a); }
static inline quad lgammaq(quad a) { return quad_apply1(quad_lgamma_, a); }
static inline quad fmaxq(quad a, quad b) { return quad_apply2(mpfr_max, a, b); }
static inline quad fminq(quad a, quad b) { return quad_apply2(mpfr_min, a, b); }
#endif

#define M_LN2q QUAD_C(0.693147180559945309417232121458176568075500134360255254120680009)

#endif
