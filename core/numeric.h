/* Numerical helpers of the math core: compensated sums and the log/exp forms that keep the
 * digits of tiny probabilities (MATH.md §2 "Numerics").  Internal to core/. */
#ifndef BONX_NUMERIC_H
#define BONX_NUMERIC_H

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

/* exp(x), flushed to 0 below the normal range: libm's underflow path (errno) is slow, and
 * callers use this only where a value under 1e-307 cannot matter. */
static inline double bonx_exp_flush(double x) { return x < -708.0 ? 0.0 : __builtin_exp(x); }

/* log(1 - exp(x)) for x <= 0 (Maechler's switch at -ln 2); -inf at x = 0. */
double bonx_log1mexp(double x);

/* Digamma psi(x) for x > 0: recurrence up to x >= 10, then the asymptotic series. */
double bonx_digamma(double x);

/* log(n) - (n-1)/n, with a series in u = n - 1 for n near 1. */
double bonx_kl_tilde(double n);

#endif
