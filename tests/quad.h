/* SPDX-License-Identifier: MIT */
/* The tests' high-precision references: the type `quad` (IEEE binary128, 113-bit
 * significand) and libquadmath's names for its functions (expq, logq, ...), on whatever the
 * platform has, so the suites build on every architecture with a binary128 type and link no
 * libquadmath:
 *   - long double where it is binary128 (arm64, s390x, riscv64, mips64el, any compiler);
 *   - else glibc's _Float128 functions as <math.h> declares them (x86, ppc64el with GCC;
 *     the build asks for them with __STDC_WANT_IEC_60559_TYPES_EXT__, see the Makefile);
 *   - else __float128 with those same glibc functions declared here (clang on x86 and
 *     ppc64el, whose <math.h> hides them; libm exports them all the same).
 * armel and armhf have no binary128 type at all: the suites that need one do not build there.
 * Include after <math.h>. */
#ifndef BONX_TEST_QUAD_H
#define BONX_TEST_QUAD_H

#include <float.h>
#include <math.h>

#if LDBL_MANT_DIG == 113
typedef long double quad;
#define QUAD_FN(f) f##l
#define QUAD_C(x) x##L
#elif defined(__HAVE_FLOAT128) && __HAVE_FLOAT128 && __GLIBC_USE(IEC_60559_TYPES_EXT)
__extension__ typedef _Float128 quad;
#define QUAD_FN(f) f##f128
#define QUAD_C(x) (__extension__ x##f128)
#elif defined(__SIZEOF_FLOAT128__) && defined(__GLIBC__)
__extension__ typedef __float128 quad;
#define QUAD_FN(f) f##f128
#define QUAD_C(x) (__extension__ x##q)
quad expf128(quad), expm1f128(quad), exp2f128(quad), logf128(quad), log1pf128(quad);
quad powf128(quad, quad), sqrtf128(quad), fabsf128(quad), lgammaf128(quad);
quad fmaxf128(quad, quad), fminf128(quad, quad);
#else
#error "the tests' references need a binary128 floating type (long double, _Float128 or __float128)"
#endif

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
#define M_LN2q QUAD_C(0.693147180559945309417232121458176568075500134360255254120680009)

#endif
