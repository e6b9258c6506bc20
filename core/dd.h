/* SPDX-License-Identifier: MIT */
/* Double-double arithmetic: a number as the unevaluated sum hi + lo of two doubles
 * (|lo| <= ulp(hi)/2 once normalised), about 106 significant bits, from error-free
 * transformations of plain double operations (Knuth's TwoSum, Dekker's TwoProduct).
 *
 * core/ uses it where a double's 53 bits are not enough: long sums of products, centred
 * moments, sums of log-factorials that cancel to a small log-probability.  It replaces
 * long double, whose width depends on the machine (64 bits of significand on x86, 53 on
 * armhf, 113 on arm64), so that every machine prints the same bits.  The products split
 * their factors (Veltkamp) rather than use a fused multiply-add: the build compiles with
 * contraction off (Makefile), so every machine runs the same operations.
 *
 * For finite values; an infinite part (an overflow) makes the whole value that infinity
 * (bonx_dd_norm_), never NaN from inf - inf, and NaN stays NaN.  Below 2^-969 the low
 * part is subnormal and loses digits: such values keep only a double's accuracy (or less).
 * Internal to core/. */
#ifndef BONX_DD_H
#define BONX_DD_H

#include <math.h>
#include <stddef.h>

typedef struct bonx_dd { double hi, lo; } bonx_dd;

static inline bonx_dd bonx_dd_of(double x) { return (bonx_dd){x, 0.0}; }

/* The double nearest hi + lo. */
static inline double bonx_dd_value(bonx_dd a) { return a.hi + a.lo; }

/* a + b as hi + lo exactly (Knuth: no condition on the magnitudes). */
static inline bonx_dd bonx_two_sum(double a, double b)
{
    double s = a + b, bb = s - a;
    if (!isfinite(bb) && isfinite(s)) {
        /* s - a overflowed (a sum near DBL_MAX of terms of opposite signs): the same on the
         * halves, exact at this magnitude, then doubled */
        double hs = a * 0.5 + b * 0.5, hb = hs - a * 0.5;
        return (bonx_dd){s, 2 * ((a * 0.5 - (hs - hb)) + (b * 0.5 - hb))};
    }
    return (bonx_dd){s, (a - (s - bb)) + (b - bb)};
}

/* Renormalise a + b with |b| small against a (Dekker's FastTwoSum); a non-finite a is the
 * result, whatever b holds (inf - inf in the low parts of an overflow). */
static inline bonx_dd bonx_dd_norm_(double a, double b)
{
    if (!isfinite(a))
        return (bonx_dd){a, 0.0};
    double s = a + b;
    if (!isfinite(s))
        return (bonx_dd){s, 0.0};
    return (bonx_dd){s, b - (s - a)};
}

/* a = hi + lo with hi holding a's top 26 bits (Veltkamp); values near the top of the
 * double range are split scaled down by 2^28 (exact), so that 134217729 a cannot
 * overflow. */
static inline void bonx_split_(double a, double *hi, double *lo)
{
    int big = fabs(a) > 0x1p995;
    double as = big ? a * 0x1p-28 : a, t = 134217729.0 * as, h = t - (t - as);
    if (big)
        h *= 0x1p28;
    *hi = h, *lo = a - h;
}

static inline bonx_dd bonx_two_prod_(double a, double b)
{
    double p = a * b, ah, al, bh, bl;
    bonx_split_(a, &ah, &al);
    bonx_split_(b, &bh, &bl);
    return (bonx_dd){p, ((ah * bh - p) + ah * bl + al * bh) + al * bl};
}

/* a * b as hi + lo exactly (Dekker; the low part is inexact only where it is subnormal).
 * A product near the top of the range is formed 2^8 smaller, so that ah bh, which can
 * exceed a * b by 2^-26 of it, does not overflow where the product does not; an overflowing
 * product is inf with a low part of 0. */
static inline bonx_dd bonx_two_prod(double a, double b)
{
    /* A factor above 2^995 is taken 2^30 smaller (exact) and the product scaled back: the
     * split of DBL_MAX alone would round its high part up to 2^1024 = inf. */
    int s = 0;
    if (fabs(a) > 0x1p995)
        a *= 0x1p-30, s += 30;
    if (fabs(b) > 0x1p995)
        b *= 0x1p-30, s += 30;
    if (fabs(a * b) > 0x1p1020)
        a *= 0x1p-8, s += 8;
    if (!s)
        return bonx_two_prod_(a, b);
    bonx_dd q = bonx_two_prod_(a, b);
    double hi = ldexp(q.hi, s);
    return isfinite(hi) ? (bonx_dd){hi, ldexp(q.lo, s)} : (bonx_dd){hi, 0.0};
}

static inline bonx_dd bonx_dd_neg(bonx_dd a) { return (bonx_dd){-a.hi, -a.lo}; }

/* a + b, within about 2^-105 of |a| + |b| (the low parts added as a second TwoSum, so
 * cancelling high parts keep the low parts' digits). */
static inline bonx_dd bonx_dd_add(bonx_dd a, bonx_dd b)
{
    bonx_dd s = bonx_two_sum(a.hi, b.hi), t = bonx_two_sum(a.lo, b.lo);
    s = bonx_dd_norm_(s.hi, s.lo + t.hi);
    return bonx_dd_norm_(s.hi, s.lo + t.lo);
}

static inline bonx_dd bonx_dd_sub(bonx_dd a, bonx_dd b) { return bonx_dd_add(a, bonx_dd_neg(b)); }

static inline bonx_dd bonx_dd_add_d(bonx_dd a, double b)
{
    bonx_dd s = bonx_two_sum(a.hi, b);
    return bonx_dd_norm_(s.hi, s.lo + a.lo);
}

/* a * b, within about 2^-104 relative. */
static inline bonx_dd bonx_dd_mul(bonx_dd a, bonx_dd b)
{
    bonx_dd p = bonx_two_prod(a.hi, b.hi);
    return bonx_dd_norm_(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}

static inline bonx_dd bonx_dd_mul_d(bonx_dd a, double b)
{
    bonx_dd p = bonx_two_prod(a.hi, b);
    return bonx_dd_norm_(p.hi, p.lo + a.lo * b);
}

/* a / b, within about 2^-104 relative: three quotient digits, each from the remainder
 * left by the ones before. */
static inline bonx_dd bonx_dd_div(bonx_dd a, bonx_dd b)
{
    double q1 = a.hi / b.hi;
    if (!isfinite(q1) || q1 == 0)
        return (bonx_dd){q1, 0.0};
    bonx_dd r = bonx_dd_sub(a, bonx_dd_mul_d(b, q1));
    double q2 = r.hi / b.hi;
    r = bonx_dd_sub(r, bonx_dd_mul_d(b, q2));
    double q3 = r.hi / b.hi;
    bonx_dd q = bonx_dd_norm_(q1, q2);
    return bonx_dd_add_d(q, q3);
}

static inline bonx_dd bonx_dd_div_d(bonx_dd a, double b) { return bonx_dd_div(a, bonx_dd_of(b)); }

/* sqrt(a) for a >= 0: one Newton step from the double root, s + (a - s^2)/(2 s). */
static inline bonx_dd bonx_dd_sqrt(bonx_dd a)
{
    double s = sqrt(a.hi);
    if (!(a.hi > 0) || !isfinite(s))
        return (bonx_dd){s, 0.0};
    bonx_dd r = bonx_dd_sub(a, bonx_two_prod(s, s));
    return bonx_dd_norm_(s, r.hi / (2.0 * s));
}

/* a * 2^e, both parts: exact unless a part leaves the double range (inf beyond it). */
static inline bonx_dd bonx_dd_ldexp(bonx_dd a, int e)
{
    return e ? bonx_dd_norm_(ldexp(a.hi, e), ldexp(a.lo, e)) : a;
}

/* acc += a * b, the product exactly (a compensated dot product, Ogita-Rump-Oishi Dot2). */
static inline void bonx_dd_add_prod(bonx_dd *acc, double a, double b)
{
    *acc = bonx_dd_add(*acc, bonx_two_prod(a, b));
}

/* The larger of two values (by high part, then low part). */
static inline int bonx_dd_lt(bonx_dd a, bonx_dd b)
{
    return a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo);
}

/* e^x - 1 and e^x for finite x (|x| <= 709), within about 2^-100 relative; e^x - 1 keeps
 * its relative accuracy near 0.  x = k ln 2 + r, r/2^10 by Taylor, then doubled back by
 * (1 + s)^2 - 1 = s (2 + s). */
bonx_dd bonx_dd_expm1(bonx_dd x);
bonx_dd bonx_dd_exp(bonx_dd x);

/* log x for x > 0 (finite), within about 2^-100 relative: x = 2^e f, the double log of f
 * corrected by one Newton step f e^-y - 1 in double-double, plus e ln 2; near 1 (within
 * 1/4) as bonx_dd_log1p(x - 1). */
bonx_dd bonx_dd_log(bonx_dd x);

/* log(1 + x) for x > -1, within about 2^-100 relative: log of the exact 1 + x (a
 * double-double), with the Newton step's residual taken from expm1. */
bonx_dd bonx_dd_log1p(bonx_dd x);

/* log c and log c! for c = 0..m in double-double (logs[0] = -inf, logf[0] = logf[1] = 0);
 * either array may be NULL.  Small c (and every 1024th) by bonx_dd_log, the others by the
 * recurrence log c = log(c - 1) + 2 atanh(1/(2c - 1)): O(m), a few dozen operations per
 * entry; log c within 1e-30 relative, log c! within 1e-29 (tests/test_dd.c). */
void bonx_dd_log_ints(size_t m, bonx_dd *logs, bonx_dd *logf);

#endif
