/* SPDX-License-Identifier: MIT */
/* Numerical helpers of the math core: compensated sums and the log/exp forms that keep the
 * digits of tiny probabilities (MATH.md §2 "Numerics").  Internal to core/. */
#ifndef BONX_NUMERIC_H
#define BONX_NUMERIC_H
#include "elementary.h"

/* Compensated sum: error independent of the number of terms. */
typedef struct bonx_ksum { double s, c; } bonx_ksum;

static inline void bonx_ksum_add(bonx_ksum *k, double x)
{
    /* Knuth's branch-free TwoSum: the compensation collects exactly what the rounded sum lost */
    double t = k->s + x, z = t - k->s;
    k->c += (k->s - (t - z)) + (x - z);
    k->s = t;
}

static inline double bonx_ksum_value(const bonx_ksum *k) { return k->s + k->c; }

/* A KL (or other non-negative quantity) that rounding took a hair below 0 (-4.9e-324 where
 * the truth is itself subnormal: tests/fuzz/corpus/fuzz_curves) becomes 0; NaN stays NaN so
 * that the fuzz invariants see it, where fmax(0, NaN) would hide it as 0. */
static inline double bonx_nonneg(double x) { return x <= 0 ? 0.0 : x; }

/* A probability (a win rate: sum of P C with P summing to 1 + ulp) that rounding took a hair
 * above 1 (1.0000000000000002: tests/fuzz/corpus/fuzz_policy) becomes 1; NaN stays NaN. */
static inline double bonx_prob(double x) { return x >= 1 ? 1.0 : bonx_nonneg(x); }


/* Inline exp, expm1, log and log1p for the hot loops: libm's calls (through the PLT and the
 * errno wrappers) cost more than the rest of a group's work, and these inline and overlap
 * with it.  Range reduction plus Taylor polynomials in Estrin's form (short dependency
 * chains), truncated below 1e-17 relative: within 2 ulp of the correctly rounded value
 * (tests/test_numeric.c checks millions of arguments against binary128).  Outside the
 * normal range (results subnormal, overflowing, NaN) they defer to core/elementary.c's
 * functions (not libm's, whose last bits vary between machines). */

/* e^r - 1 for |r| <= 0.35: Taylor to r^13 (r^14/14! < 5e-18), the large terms added last. */
static inline double bonx_expm1_poly_(double r)
{
    double r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
    double p23 = 1.0 / 6 + r * (1.0 / 24), p45 = 1.0 / 120 + r * (1.0 / 720);
    double p67 = 1.0 / 5040 + r * (1.0 / 40320), p89 = 1.0 / 362880 + r * (1.0 / 3628800);
    double pab = 1.0 / 39916800 + r * (1.0 / 479001600);
    double pc = 1.0 / 6227020800.0;
    double p2 = r * (p23 + r2 * p45 + r4 * (p67 + r2 * p89) + r8 * (pab + r2 * pc));
    return r + r2 * (0.5 + p2);
}

/* 2^k for integer k in [-1022, 1023] */
static inline double bonx_pow2i_(int k)
{
    union { unsigned long long u; double d; } b = {(unsigned long long)(k + 1023) << 52};
    return b.d;
}

static inline double bonx_fexp(double x)
{
    if (!(x >= -708.0 && x <= 709.0))
        return bonx_exp(x);
    /* k = round(x / ln 2); ln 2 = hi + lo with hi's low bits zero, so k*hi is exact */
    double kd = (x * 1.4426950408889634 + 0x1.8p52) - 0x1.8p52;
    double r = (x - kd * 6.93147180369123816490e-01) - kd * 1.90821492927058770002e-10;
    return (1.0 + bonx_expm1_poly_(r)) * bonx_pow2i_((int)kd);
}

/* exp(x), flushed to 0 below the normal range: libm's underflow path (errno) is slow, and
 * callers use this only where a value under 1e-307 cannot matter. */
static inline double bonx_exp_flush(double x) { return x < -708.0 ? 0.0 : bonx_fexp(x); }

/* e^x - 1: a Taylor series to x^17 for |x| < ln 2 (the remainder < 1e-17 relative), else
 * e^x - 1, which loses nothing there (e^x <= 1/2 or >= 2). */
static inline double bonx_fexpm1(double x)
{
    if (!(x > -0.6931471805599453 && x < 0.6931471805599453)) {
        if (!(x > 0.6931471805599453 && x < 36.0))
            return x < -40.0 ? -1.0 : bonx_fexp(x) - 1.0; /* e^x <= 1/2: no cancellation */
        /* 2^k (e^r - 1 + (1 - 2^-k)): 1 - 2^-k is exact and the sum cancels little */
        double kd = (x * 1.4426950408889634 + 0x1.8p52) - 0x1.8p52;
        double r = (x - kd * 6.93147180369123816490e-01) - kd * 1.90821492927058770002e-10;
        int k = (int)kd;
        return (bonx_expm1_poly_(r) + (1.0 - bonx_pow2i_(-k))) * bonx_pow2i_(k);
    }
    /* x + x^2 (1/2 + x R(x)), R = sum x^k/(k+3)!, k = 0..14: the large terms added last */
    double x2 = x * x, x4 = x2 * x2, x8 = x4 * x4;
    double r01 = 1.0 / 6 + x * (1.0 / 24), r23 = 1.0 / 120 + x * (1.0 / 720);
    double r45 = 1.0 / 5040 + x * (1.0 / 40320), r67 = 1.0 / 362880 + x * (1.0 / 3628800);
    double r89 = 1.0 / 39916800 + x * (1.0 / 479001600);
    double rab = 1.0 / 6227020800.0 + x * (1.0 / 87178291200.0);
    double rcd = 1.0 / 1307674368000.0 + x * (1.0 / 20922789888000.0);
    double re = 1.0 / 355687428096000.0;
    double R = r01 + x2 * r23 + x4 * (r45 + x2 * r67) + x8 * (r89 + x2 * rab + x4 * (rcd + x2 * re));
    return x + x2 * (0.5 + x * R);
}

/* log(1 + f) for f in [sqrt(1/2) - 1, sqrt(2) - 1]: with s = f/(2 + f), log(1+f) =
 * 2 atanh(s) = f - s (f - 2 T), T = s^2/3 + s^4/5 + ... (s^2 <= 0.0295: to s^22). */
static inline double bonx_log1p_red_(double f)
{
    double s = f / (2.0 + f), z = s * s, z2 = z * z, z4 = z2 * z2, z8 = z4 * z4;
    double t01 = 1.0 / 3 + z * (1.0 / 5), t23 = 1.0 / 7 + z * (1.0 / 9);
    double t45 = 1.0 / 11 + z * (1.0 / 13), t67 = 1.0 / 15 + z * (1.0 / 17);
    double t89 = 1.0 / 19 + z * (1.0 / 21);
    double t = z * (t01 + z2 * t23 + z4 * (t45 + z2 * t67) + z8 * (t89 + z2 * (1.0 / 23)));
    return f - s * (f - 2.0 * t);
}

/* log x for x > 0: x = m 2^e with m in [sqrt(1/2), sqrt(2)), log x = e ln 2 + log m. */
static inline double bonx_flog(double x)
{
    if (!(x >= 0x1p-1022 && x <= 0x1p1023))
        return bonx_log(x);
    union { double d; unsigned long long u; } b = {x};
    int e = (int)(b.u >> 52) - 1023;
    b.u = (b.u & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL; /* m in [1, 2) */
    if (b.d > 1.4142135623730951) {
        b.d *= 0.5;
        e++;
    }
    double lm = bonx_log1p_red_(b.d - 1.0); /* m - 1 is exact */
    return e * 6.93147180369123816490e-01 + (lm + e * 1.90821492927058770002e-10);
}

/* log(1 + x) for x > -1: u = 1 + x rounded, and the rounding error c = x - (u - 1) enters
 * as log(u + c) = log u + c/u. */
static inline double bonx_flog1p(double x)
{
    if (!(x > -0.2928932188134524 && x < 0.41421356237309503)) {
        if (!(x > -1.0 && x <= 0x1p1000))
            return bonx_log1p(x);
        double u = 1.0 + x, c = x > 1.0 ? 1.0 - (u - x) : x - (u - 1.0);
        return bonx_flog(u) + c / u;
    }
    return bonx_log1p_red_(x); /* 1 + x already in [sqrt(1/2), sqrt(2)) */
}

/* e^x - 1 and e^x of 4 arguments at once, without branches so that the compiler can put the
 * lanes side by side in vector registers: x = k ln 2 + r, e^x = 2^k (1 + p), e^x - 1 =
 * 2^k (p + 1 - 2^-k) with p = e^r - 1 (k = 0: p itself; otherwise the sum cancels by at most
 * a factor 2).  2^k is built from the bits of the rounding x/ln 2 + 1.5 2^52, whose low
 * mantissa bits hold k.  Lanes outside [-708, 709] (or NaN) are redone by bonx_fexp. */
static inline void bonx_expm1_exp4(const double x[4], double em1[4], double ex[4])
{
    for (int i = 0; i < 4; i++) {
        double xc = x[i] < -708.0 ? -708.0 : x[i] > 709.0 ? 709.0 : x[i];
        double t = xc * 1.4426950408889634 + 0x1.8p52, kd = t - 0x1.8p52;
        double r = (xc - kd * 6.93147180369123816490e-01) - kd * 1.90821492927058770002e-10;
        double p = bonx_expm1_poly_(r);
        unsigned long long kb, up, dn;
        __builtin_memcpy(&kb, &t, sizeof kb);
        up = (kb + 1023) << 52;  /* 2^k: the 2^51 of the rounding constant shifts out */
        dn = (1023 - kb) << 52;  /* 2^-k, or 0 at k = 1023 */
        double two_k, two_mk;
        __builtin_memcpy(&two_k, &up, sizeof two_k);
        __builtin_memcpy(&two_mk, &dn, sizeof two_mk);
        ex[i] = (1.0 + p) * two_k;
        em1[i] = (p + (1.0 - two_mk)) * two_k;
    }
    for (int i = 0; i < 4; i++)
        if (!(x[i] >= -708.0 && x[i] <= 709.0)) {
            ex[i] = bonx_fexp(x[i]);
            em1[i] = ex[i] - 1.0;
        }
}

/* bonx_expm1_exp4 on GCC vector types: the same operations in the same order on each lane,
 * so the same results (bit for bit unless the build fuses multiply-adds differently in the
 * two; tests/test_numeric.c checks both to 2 ulp), but with the lanes
 * certainly side by side: one ymm register each step where the caller is compiled for AVX2
 * (always inlined, so it takes the caller's target), two SSE2 halves otherwise. */
typedef double bonx_v4d_ __attribute__((vector_size(32)));
typedef long long bonx_v4i_ __attribute__((vector_size(32)));
typedef unsigned long long bonx_v4u_ __attribute__((vector_size(32)));

/* (vectors pass by pointer: by value they would change the ABI between targets) */
/* bonx_ksum_add on 4 lanes: the sum in *s, the compensation in *c. */
static inline __attribute__((always_inline)) void bonx_ksum4_add_(bonx_v4d_ *s, bonx_v4d_ *c,
                                                                  const bonx_v4d_ *xp)
{
    bonx_v4d_ x = *xp, t = *s + x, z = t - *s;
    *c += (*s - (t - z)) + (x - z);
    *s = t;
}

static inline __attribute__((always_inline)) void bonx_expm1_poly4_(const bonx_v4d_ *rp,
                                                                    bonx_v4d_ *out)
{
    bonx_v4d_ r = *rp, r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
    bonx_v4d_ p23 = 1.0 / 6 + r * (1.0 / 24), p45 = 1.0 / 120 + r * (1.0 / 720);
    bonx_v4d_ p67 = 1.0 / 5040 + r * (1.0 / 40320), p89 = 1.0 / 362880 + r * (1.0 / 3628800);
    bonx_v4d_ pab = 1.0 / 39916800 + r * (1.0 / 479001600);
    double pc = 1.0 / 6227020800.0;
    bonx_v4d_ p2 = r * (p23 + r2 * p45 + r4 * (p67 + r2 * p89) + r8 * (pab + r2 * pc));
    *out = r + r2 * (0.5 + p2);
}

/* The steps of bonx_expm1_exp4v for lanes already in [-708, 709] (no checks): for callers
 * that know their range. */
static inline __attribute__((always_inline)) void bonx_expm1_exp4v_in_(const bonx_v4d_ *x,
                                                                       bonx_v4d_ *em1,
                                                                       bonx_v4d_ *ex)
{
    bonx_v4d_ xc = *x, p;
    bonx_v4d_ t = xc * 1.4426950408889634 + 0x1.8p52, kd = t - 0x1.8p52;
    bonx_v4d_ r = (xc - kd * 6.93147180369123816490e-01) - kd * 1.90821492927058770002e-10;
    bonx_expm1_poly4_(&r, &p);
    bonx_v4u_ kb = (bonx_v4u_)t;
    bonx_v4d_ two_k = (bonx_v4d_)((kb + 1023) << 52), two_mk = (bonx_v4d_)((1023 - kb) << 52);
    *ex = (1.0 + p) * two_k;
    *em1 = (p + (1.0 - two_mk)) * two_k;
}

static inline __attribute__((always_inline)) void bonx_expm1_exp4v(const bonx_v4d_ *x,
                                                                   bonx_v4d_ *em1, bonx_v4d_ *ex)
{
    bonx_v4d_ xv = *x, lo = {-708.0, -708.0, -708.0, -708.0}, hi = {709.0, 709.0, 709.0, 709.0};
    /* clamp to [-708, 709] by masks (NaN lanes stay NaN, as in the scalar form) */
    bonx_v4i_ below = xv < lo, above = xv > hi, xi = (bonx_v4i_)xv;
    xi = (xi & ~(below | above)) | ((bonx_v4i_)lo & below) | ((bonx_v4i_)hi & above);
    bonx_v4d_ xc = (bonx_v4d_)xi;
    bonx_expm1_exp4v_in_(&xc, em1, ex);
    bonx_v4i_ inside = (xv >= lo) & (xv <= hi);
    if (inside[0] & inside[1] & inside[2] & inside[3])
        return;
    for (int i = 0; i < 4; i++)
        if (!inside[i]) {
            (*ex)[i] = bonx_fexp(xv[i]);
            (*em1)[i] = (*ex)[i] - 1.0;
        }
}

/* log x and log(1 + x) of 4 arguments, the vector forms of bonx_flog and bonx_flog1p (pass
 * by pointer, always inlined: see above).  bonx_log4v does bonx_flog's operations in the
 * same order on each lane, so it is bit for bit bonx_flog; lanes outside [2^-1022, 2^1023]
 * (or NaN) are redone by bonx_log. */
static inline __attribute__((always_inline)) void bonx_log1p_red4_(const bonx_v4d_ *fp,
                                                                   bonx_v4d_ *out)
{
    bonx_v4d_ f = *fp, s = f / (2.0 + f), z = s * s, z2 = z * z, z4 = z2 * z2, z8 = z4 * z4;
    bonx_v4d_ t01 = 1.0 / 3 + z * (1.0 / 5), t23 = 1.0 / 7 + z * (1.0 / 9);
    bonx_v4d_ t45 = 1.0 / 11 + z * (1.0 / 13), t67 = 1.0 / 15 + z * (1.0 / 17);
    bonx_v4d_ t89 = 1.0 / 19 + z * (1.0 / 21);
    bonx_v4d_ t = z * (t01 + z2 * t23 + z4 * (t45 + z2 * t67) + z8 * (t89 + z2 * (1.0 / 23)));
    *out = f - s * (f - 2.0 * t);
}

/* log of u > 0 in the normal range, with no check: e ln 2 + log1p(m - 1), m in
 * [sqrt(1/2), sqrt(2)).  The exponent becomes a double through the bits of 1.5 2^52 + e
 * (no vector int64 -> double conversion before AVX-512). */
static inline __attribute__((always_inline)) void bonx_log4_core_fe_(const bonx_v4d_ *up,
                                                                     bonx_v4d_ *out,
                                                                     bonx_v4d_ *fo, bonx_v4i_ *eo)
{
    bonx_v4u_ b = (bonx_v4u_)*up;
    bonx_v4i_ e = (bonx_v4i_)(b >> 52) - 1023;
    bonx_v4d_ m = (bonx_v4d_)((b & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL), lm;
    bonx_v4i_ big = m > 1.4142135623730951;
    /* halve m where it is above sqrt 2 (exact), and count it in e */
    m = (bonx_v4d_)(((bonx_v4i_)(m * 0.5) & big) | ((bonx_v4i_)m & ~big));
    e -= big;
    bonx_v4d_ f = m - 1.0;
    bonx_log1p_red4_(&f, &lm);
    bonx_v4d_ ed = (bonx_v4d_)((bonx_v4i_)(bonx_v4d_){0x1.8p52, 0x1.8p52, 0x1.8p52, 0x1.8p52} + e)
                 - 0x1.8p52;
    *out = ed * 6.93147180369123816490e-01 + (lm + ed * 1.90821492927058770002e-10);
    *fo = f;
    *eo = e;
}

static inline __attribute__((always_inline)) void bonx_log4_core_(const bonx_v4d_ *up,
                                                                  bonx_v4d_ *out)
{
    bonx_v4d_ f;
    bonx_v4i_ e;
    bonx_log4_core_fe_(up, out, &f, &e);
}

static inline __attribute__((always_inline)) void bonx_log4v(const bonx_v4d_ *x, bonx_v4d_ *out)
{
    bonx_v4d_ xv = *x;
    bonx_log4_core_(&xv, out);
    bonx_v4i_ inside = (xv >= 0x1p-1022) & (xv <= 0x1p1023);
    if (inside[0] & inside[1] & inside[2] & inside[3])
        return;
    for (int i = 0; i < 4; i++)
        if (!inside[i])
            (*out)[i] = bonx_log(xv[i]);
}

/* log(1 + x) for x in (-1, 2^1000]: u = 1 + x rounded and c = x - (u - 1) (or 1 - (u - x)
 * for x > 1) its rounding error, log(1 + x) = log u + c/u (c^2/u^2 is below 1e-32 of it);
 * u is in the normal range, so bonx_log4_core_ serves.  One form for every lane (the
 * scalar bonx_flog1p skips the split near 0, so the two can differ by an ulp): within 2 ulp
 * of the exact value (tests/test_numeric.c).  Other lanes are redone by bonx_log1p.
 * c/u needs no division: |c| <= 2^-53 u, so 1/u with relative error d adds at most
 * 2^-53 d, and d <= |log u|/8 keeps that under 1/8 ulp of log u.  With u = m 2^e,
 * m = 1 + f in [sqrt(1/2), sqrt 2): 1/u ~ 2^-e (1 - f)(1 + f^2), d = f^4; for e = 0,
 * |log u| = |log1p(f)| >= 8 f^4 (|f|^3 <= 0.071 < 0.85/8); otherwise |log u| >= ln 2 -
 * ln sqrt 2 = 0.35 > 8 * 0.0294. */
static inline __attribute__((always_inline)) void bonx_log1p4v(const bonx_v4d_ *x, bonx_v4d_ *out)
{
    bonx_v4d_ xv = *x, u = 1.0 + xv, lu;
    bonx_v4i_ gt1 = xv > 1.0;
    bonx_v4d_ c = (bonx_v4d_)(((bonx_v4i_)(1.0 - (u - xv)) & gt1) |
                              ((bonx_v4i_)(xv - (u - 1.0)) & ~gt1));
    bonx_v4i_ inside = (xv > -1.0) & (xv <= 0x1p1000);
    u = (bonx_v4d_)(((bonx_v4i_)u & inside) | ((bonx_v4i_)(bonx_v4d_){1, 1, 1, 1} & ~inside));
    bonx_v4d_ f;
    bonx_v4i_ e;
    bonx_log4_core_fe_(&u, &lu, &f, &e);
    bonx_v4d_ two_me = (bonx_v4d_)((1023 - e) << 52); /* 2^-e: e <= 1000 here */
    *out = lu + c * (two_me * ((1.0 - f) * (1.0 + f * f)));
    if (inside[0] & inside[1] & inside[2] & inside[3])
        return;
    for (int i = 0; i < 4; i++)
        if (!inside[i])
            (*out)[i] = bonx_log1p(xv[i]);
}

/* psi(x) = x e^x - e^x + 1 = sum_{k>=2} (k-1) x^k / k! for |x| <= 1/2, to x^21 (the rest
 * < 1e-19 relative), as x^2/2 + x^3 R(x) with R in Estrin's form (short chains, no
 * divisions) and x^2 split exactly (Dekker) so that the leading x^2/2 carries no rounding:
 * within 2.5 ulp, 2.12 the worst seen (tests/test_numeric.c against binary128).  One body,
 * on a scalar or vector type T (x in, the result in out), serves both forms below. */
#define BONX_PSI_C_(k, kfact) ((double)((k) - 1) / (kfact))
#define BONX_PSI_SMALL_BODY_(T, x, out)                                                          \
    do {                                                                                         \
        T x2 = x * x, x4 = x2 * x2, x8 = x4 * x4;                                                \
        T c34 = BONX_PSI_C_(3, 6.0) + x * BONX_PSI_C_(4, 24.0);                                  \
        T c56 = BONX_PSI_C_(5, 120.0) + x * BONX_PSI_C_(6, 720.0);                               \
        T c78 = BONX_PSI_C_(7, 5040.0) + x * BONX_PSI_C_(8, 40320.0);                            \
        T c9a = BONX_PSI_C_(9, 362880.0) + x * BONX_PSI_C_(10, 3628800.0);                       \
        T cbc = BONX_PSI_C_(11, 39916800.0) + x * BONX_PSI_C_(12, 479001600.0);                  \
        T cde = BONX_PSI_C_(13, 6227020800.0) + x * BONX_PSI_C_(14, 87178291200.0);              \
        T cfg = BONX_PSI_C_(15, 1307674368000.0) + x * BONX_PSI_C_(16, 20922789888000.0);        \
        T chi = BONX_PSI_C_(17, 355687428096000.0) + x * BONX_PSI_C_(18, 6402373705728000.0);    \
        T cjk = BONX_PSI_C_(19, 121645100408832000.0) +                                          \
                x * BONX_PSI_C_(20, 2432902008176640000.0);                                      \
        T top = chi + x2 * (cjk + x2 * BONX_PSI_C_(21, 51090942171709440000.0));                 \
        T r = c34 + x2 * c56 + x4 * (c78 + x2 * c9a) +                                           \
              x8 * (cbc + x2 * cde + x4 * (cfg + x2 * top));                                     \
        T sp = x * 134217729.0, xh = sp - (sp - x), xl = x - xh; /* x = xh + xl, 26 bits each */ \
        T lo = ((xh * xh - x2) + 2 * xh * xl) + xl * xl;        /* x^2 - x2, exactly */         \
        out = 0.5 * x2 + (0.5 * lo + x2 * (x * r));                                              \
    } while (0)

static inline double bonx_psi_small(double x)
{
    double out;
    BONX_PSI_SMALL_BODY_(double, x, out);
    return out;
}

/* bonx_psi_small on 4 lanes, the same operations in the same order (bit for bit). */
static inline __attribute__((always_inline)) void bonx_psi_small4v(const bonx_v4d_ *xp,
                                                                   bonx_v4d_ *out)
{
    bonx_v4d_ x = *xp;
    BONX_PSI_SMALL_BODY_(bonx_v4d_, x, *out);
}

/* log(1 - exp(x)) for x <= 0 (Maechler's switch at -ln 2); -inf at x = 0. */
double bonx_log1mexp(double x);

/* Digamma psi(x) for x > 0: recurrence up to x >= 10, then the asymptotic series. */
double bonx_digamma(double x);

/* log(n) - (n-1)/n, with a series in u = n - 1 for n near 1. */
double bonx_kl_tilde(double n);

#endif
