/* SPDX-License-Identifier: MIT */
/* The double-double functions: see dd.h. */
#include <float.h>
#include <math.h>
#include "dd.h"
#include "elementary.h"

/* Two-sums and two-products are exact only when every double operation rounds once, to
 * double (FLT_EVAL_METHOD 0, or 1 as on s390x, where only float is widened).  x87
 * arithmetic (FLT_EVAL_METHOD 2, i386's default) rounds to 64 bits first; the Makefile
 * builds i386 with SSE2 arithmetic instead. */
#if FLT_EVAL_METHOD != 0 && FLT_EVAL_METHOD != 1
#error "core/dd.c needs double arithmetic in double (FLT_EVAL_METHOD 0 or 1; i386: -msse2 -mfpmath=sse)"
#endif

/* ln 2 = LN2_1 + LN2_2 + LN2_3 to 3e-44: the first two have 42 significant bits, so that
 * k LN2_1 and k LN2_2 are exact for |k| < 2^11 (Cody and Waite's reduction, one part more). */
static const double LN2_1 = 0x1.62e42fefa38p-1, LN2_2 = 0x1.ef35793c768p-45;
static const double LN2_3 = -0x1.9ff0342542fc3p-90;

/* x - k ln 2 for x near k ln 2: x.hi - k LN2_1 is exact (Sterbenz), and the small rest
 * keeps double-double accuracy relative to itself, not to x. */
static bonx_dd minus_k_ln2(bonx_dd x, double k)
{
    bonx_dd r = bonx_dd_add_d(x, -k * LN2_1);
    r = bonx_dd_add_d(r, -k * LN2_2);
    return bonx_dd_add(r, bonx_two_prod(-k, LN2_3));
}

/* e^r - 1 for |r| <= 3.4e-4 (ln 2 / 2^11): Taylor to r^8, the rest below 1e-33 of the
 * value; Horner's form 1 + r/k (...) from the inside out. */
static bonx_dd expm1_small(bonx_dd r)
{
    bonx_dd t = bonx_dd_of(1.0);
    for (int k = 8; k >= 2; k--)
        t = bonx_dd_add_d(bonx_dd_div_d(bonx_dd_mul(r, t), k), 1.0);
    return bonx_dd_mul(r, t);
}

/* x = k ln 2 + r with |r| <= ln 2 / 2; returns e^r - 1 (r/2^10 by Taylor, then ten times
 * (1 + s)^2 - 1 = s (2 + s): the relative error grows by about one rounding per step). */
static bonx_dd expm1_reduced(bonx_dd x, int *k)
{
    double kd = nearbyint(x.hi / LN2_1);
    bonx_dd r = minus_k_ln2(x, kd);
    r.hi = ldexp(r.hi, -10), r.lo = ldexp(r.lo, -10);
    bonx_dd s = expm1_small(r);
    for (int i = 0; i < 10; i++)
        s = bonx_dd_mul(s, bonx_dd_add_d(s, 2.0));
    *k = (int)kd;
    return s;
}

bonx_dd bonx_dd_exp(bonx_dd x)
{
    if (isnan(x.hi))
        return x;
    if (x.hi > 709.79)
        return bonx_dd_of(INFINITY);
    if (x.hi < -745.2)
        return bonx_dd_of(0.0);
    int k;
    bonx_dd e = bonx_dd_add_d(expm1_reduced(x, &k), 1.0);
    return (bonx_dd){ldexp(e.hi, k), ldexp(e.lo, k)};
}

bonx_dd bonx_dd_expm1(bonx_dd x)
{
    if (!(fabs(x.hi) <= 0.34657359027997264))   /* ln 2 / 2: no reduction below */
        return x.hi < -40 ? bonx_dd_of(-1.0) : bonx_dd_add_d(bonx_dd_exp(x), -1.0);
    int k;
    return expm1_reduced(x, &k);   /* k = 0 */
}

bonx_dd bonx_dd_log(bonx_dd x)
{
    if (!(x.hi > 0) || !isfinite(x.hi))
        return bonx_dd_of(bonx_log(x.hi));
    /* near 1, as log1p(x - 1) (x - 1 exact): relative accuracy for a tiny log too */
    bonx_dd xm1 = bonx_dd_add_d(x, -1.0);
    if (fabs(xm1.hi) < 0.25)
        return bonx_dd_log1p(xm1);
    /* x = 2^e f with f in [sqrt(1/2), sqrt 2): log x = e ln 2 + log f, and e^-y of log f's
     * double y stays far from the subnormals whatever x is */
    int e;
    double fr = frexp(x.hi, &e);
    if (fr < 0.70710678118654752)
        e--;
    bonx_dd f = {ldexp(x.hi, -e), ldexp(x.lo, -e)};
    double y = bonx_log(f.hi);
    /* y + (f e^-y - 1): the double log's error, corrected to double-double */
    bonx_dd lf = bonx_dd_add_d(bonx_dd_add_d(bonx_dd_mul(f, bonx_dd_exp(bonx_dd_of(-y))), -1.0), y);
    if (e == 0)
        return lf;
    return bonx_dd_neg(minus_k_ln2(bonx_dd_neg(lf), (double)e));
}

bonx_dd bonx_dd_log1p(bonx_dd x)
{
    if (!(fabs(x.hi) <= 0.5))
        return bonx_dd_log(bonx_dd_add_d(x, 1.0));
    /* y = log1p(x) to a double; then y + ((1 + x) e^-y - 1) = y + x + (1 + x) expm1(-y),
     * three terms of the size of y, so the tiny residual keeps y's relative accuracy */
    double y = bonx_log1p(x.hi);
    if (y == 0)
        return x;
    bonx_dd em = bonx_dd_expm1(bonx_dd_of(-y));
    bonx_dd r = bonx_dd_add(x, bonx_dd_mul(bonx_dd_add_d(x, 1.0), em));
    return bonx_dd_add_d(r, y);
}

/* Up to this, and at its multiples, log c directly; in between by the recurrence (its
 * series converges fast: t <= 1/2047), whose roundings then add up over at most this
 * many steps: within 1e-30 relative. */
#define DIRECT_LOGS 1024

void bonx_dd_log_ints(size_t m, bonx_dd *logs, bonx_dd *logf)
{
    bonx_dd prev = bonx_dd_of(-INFINITY), fact = bonx_dd_of(0.0);
    for (size_t c = 0; c <= m; c++) {
        bonx_dd l;
        if (c == 0)
            l = prev;
        else if (c <= DIRECT_LOGS || c % DIRECT_LOGS == 0)
            l = bonx_dd_log(bonx_dd_of((double)c));
        else {
            /* log(c/(c-1)) = 2 atanh(t), t = 1/(2c - 1): 2 (t + t^3/3 + t^3 (t^2/5 + ...)),
             * t and t^3/3 in double-double, the rest (< 6e-15 of t) in double */
            bonx_dd t = bonx_dd_div_d(bonx_dd_of(1.0), 2.0 * (double)c - 1.0);
            bonx_dd t2 = bonx_dd_mul(t, t), t3 = bonx_dd_div_d(bonx_dd_mul(t, t2), 3.0);
            double z = t2.hi, rest = t3.hi * z * (0.6 + z * (3.0 / 7 + z * (3.0 / 9)));
            bonx_dd step = bonx_dd_add_d(bonx_dd_add(t, t3), rest);
            l = bonx_dd_add(prev, bonx_dd_add(step, step));
        }
        if (c >= 2)
            fact = bonx_dd_add(fact, l);
        if (logs)
            logs[c] = l;
        if (logf)
            logf[c] = fact;
        prev = l;
    }
}
