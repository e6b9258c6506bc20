/* SPDX-License-Identifier: MIT */
/* bonx's own exponentials, logarithms and powers, so that a printed number does not depend on
 * the machine's libm: glibc on x86-64 picks FMA variants of exp, log, pow, ... whose last bits
 * differ from the generic code that armhf, arm64 or an older x86 runs.  These use only IEEE
 * basic operations (+ - * / and sqrt, no fused multiply-add: the build compiles with
 * contraction off) and bit manipulation, so every machine computes the same bits.
 *
 * Each works in double-double inside (core/dd.h's error-free transformations) and rounds once
 * at the end: within about 0.5 ulp of the exact value (tests/test_elementary.c measures them
 * against MPFR over the whole domain; the largest errors seen are stated there), and with
 * C99 Annex F's special values: NaN in, NaN out; log of a negative number NaN, of +-0 -inf;
 * exp overflowing to +inf and underflowing gradually through the subnormals to +0; pow with
 * every special case of F.9.4.4 (a negative base with an integer exponent included).
 * errno is not set.
 *
 * core/numeric.h keeps its faster inline bonx_fexp/bonx_flog/... (within 2 ulp) for the hot
 * loops; outside their range they call these. */
#ifndef BONX_ELEMENTARY_H
#define BONX_ELEMENTARY_H

double bonx_exp(double x);
double bonx_expm1(double x);   /* e^x - 1, accurate near 0 */
double bonx_exp2(double x);
double bonx_log(double x);
double bonx_log1p(double x);   /* log(1 + x), accurate near 0 */
double bonx_log2(double x);
double bonx_log10(double x);
double bonx_pow(double x, double y);

#endif
