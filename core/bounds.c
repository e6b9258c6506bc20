/* SPDX-License-Identifier: MIT */
/* The best-of-n paper's bounds: see bounds.h, MATH.md §2 and doc/BOUNDS.md.
 *
 * Derivations (seed 001 numbering; the seed's formulas were lost, these are ours):
 *
 * Lemma A.1 / A.2.  pi_n(G) = F^n - F-^n = integral over [F-, F] of n u^(n-1) du, so
 * pi_n(G)/g is the mean of f(u) = n u^(n-1) over the group's interval, and by Jensen for
 * x log x the group's KL term is at most the integral of f log f over it; summed over groups
 * that is integral_0^1 f log f = log n - (n-1)/n (Thm 3.1).  The gap of group G, delta(G),
 * is that Jensen gap; with t = F-/F it equals F^n D(n, t) where
 *     D(n, t) = (1 - t^n) (KL~_n - log((1 - t^n)/(1 - t))) - (n - 1) t^n log t.
 * The KL gap Delta_n is exactly sum_G delta(G).
 *
 * Thm 3.4 (our reading: Renyi order 2, "unlikely to get the same sample twice").
 * log z <= z - 1 in delta(G) = integral f log(f g/pi_n) gives
 *     delta(G) <= n g F^(n-1) - (F^n - F-^n) = n (n-1) integral_{F-}^{F} (s - F-) s^(n-2) ds.
 * For n >= 2, s^(n-2) <= 1: delta(G) <= C(n,2) g^2, so Delta_n <= C(n,2) sum g^2
 * = C(n,2) e^{-H_2(p)}.  (C(n,2) sum g^2 is the expected number of colliding pairs among
 * the n draws.)  For 1 <= n < 2, s^(n-2) <= (s - F-)^(n-2): delta(G) <= (n-1) g^n, so
 * Delta_n <= (n-1) sum g^n <= (n-1) (sum g^2)^(n-1) = (n-1) e^{-(n-1) H_2(p)} (Jensen;
 * equal to the other form at n = 2).
 * Cor 3.5: sum g^2 <= eps for an eps-bound model.
 *
 * Thm 3.6: Delta_n >= delta(top) = D(n, 1 - eps_inf) (every delta(G) >= 0), valid for all n.
 * Cor 3.7: as n -> inf, Delta_n >= log(n eps_inf) - 1 + o(1).  Stronger, for every n:
 * P_n(G)/g <= n F^(n-1) <= n (1 - eps_inf)^(n-1) <= 1/eps_inf below the top group and
 * (1 - (1 - eps_inf)^n)/eps_inf <= 1/eps_inf on it, so KL(pi_n||p) <= log(1/eps_inf) and
 *     Delta_n >= log n - (n-1)/n - log(1/eps_inf) = log(n eps_inf) - 1 + 1/n.
 *
 * Lemma 5.2 / A.4.  1 - WR(pi_n) = sum_G g (F^n + F-^n)/2, a trapezoid rule for
 * integral_0^1 u^n du = 1/(n+1); u^n is convex, so each group's trapezoid gap
 *     w(G) = g (F-^n + F^n)/2 - (F^(n+1) - F-^(n+1))/(n+1)
 *          = n (n-1)/2 integral_{F-}^{F} (u - F-)(F - u) u^(n-2) du >= 0
 * and Delta^w_n = sum_G w(G) (Thm 5.3 is Delta^w >= 0).
 * Thm 5.4 (our reading: Renyi order 3): for n >= 2, u^(n-2) <= 1 gives w(G) <= n(n-1)/12 g^3,
 * so Delta^w_n <= n(n-1)/12 sum g^3 = n(n-1)/12 e^{-2 H_3(p)}; for 1 <= n < 2,
 * u^(n-2) <= (u - F-)^(n-2) gives w(G) <= (n-1)/(2(n+1)) g^(n+1) (equality for the lowest
 * group), and sum g^(n+1) <= (sum g^2)^(2-n) (sum g^3)^(n-1) = e^{-(2-n) H_2 - 2(n-1) H_3}
 * (Hoelder).  Cor 5.5: sum g^3 <= eps^2, sum g^(n+1) <= eps^n.
 * Thm 5.6: Delta^w_n >= w(top).  Cor 5.7: WR is non-decreasing in n with limit 1 - eps_inf/2,
 * so Delta^w_n >= n/(n+1) - (1 - eps_inf/2) = eps_inf/2 - 1/(n+1), -> eps_inf/2.
 *
 * Numerics: D and W are tiny differences of O(1) terms when n g/F is small (D ~ (n g/F)^3/24);
 * there they are integrated as sums of non-negative terms with 16-point Gauss-Legendre rules
 * in variables where the integrands are smooth (see kl_part_quad and wr_part_quad). */
#include <float.h>
#include <math.h>
#include "bon.h"
#include "bounds.h"
#include "numeric.h"
#include "elementary.h"

/* Gauss-Legendre, 16 points on [0, 1] (weights sum to 1). */
static const double GL_X[16] = {
    0.0052995325041750337019, 0.027712488463383711961, 0.06718439880608412806,
    0.12229779582249848305, 0.19106187779867812578, 0.27099161117138630683,
    0.35919822461037054338, 0.45249374508118127991, 0.54750625491881872009,
    0.64080177538962945662, 0.72900838882861369317, 0.80893812220132187422,
    0.87770220417750151695, 0.93281560119391587194, 0.97228751153661628804,
    0.9947004674958249663};
static const double GL_W[16] = {
    0.013576229705877047426, 0.031126761969323946431, 0.047579255841246392405,
    0.062314485627766936026, 0.074797994408288366041, 0.084578259697501269095,
    0.091301707522461794433, 0.094725305227534248143, 0.094725305227534248143,
    0.091301707522461794433, 0.084578259697501269095, 0.074797994408288366041,
    0.062314485627766936026, 0.047579255841246392405, 0.031126761969323946431,
    0.013576229705877047426};

/* Compensated sum (Neumaier). */
typedef struct csum { double s, c; } csum;
static void csum_add(csum *a, double x)
{
    double t = a->s + x;
    a->c += fabs(a->s) >= fabs(x) ? (a->s - t) + x : (x - t) + a->s;
    a->s = t;
}
static double csum_value(const csum *a) { return a->s + a->c; }

/* (1 - (1-h)^n)/(n h) - 1, the mean of n u^(n-1)/(n F^(n-1)) over the group minus 1, with
 * its relative digits: the binomial series -(n-1)h/2 + (n-1)(n-2)h^2/6 - ... where it
 * converges fast, else directly. */
static double ratio_m1(double n, double h, double log_t)
{
    if (n * h <= 0.25 || (n < 2.0 && h <= 0.5)) {
        double term = -(n - 1.0) * h / 2.0, sum = 0.0;
        for (int k = 2; k < 400 && term != 0.0; k++) {
            sum += term;
            if (fabs(term) <= 1e-18 * fabs(sum))
                break;
            term *= -(n - k) * h / (k + 1);
        }
        return sum;
    }
    if (n < 2.0) {
        /* (1 - t^n) - n h = -t expm1((n-1) log t) - (n-1) h: both O(n-1), no 1 - 1 */
        return (-bonx_exp(log_t) * bonx_expm1((n - 1.0) * log_t) - (n - 1.0) * h) / (n * h);
    }
    return -bonx_expm1(n * log_t) / (n * h) - 1.0;
}

/* phi(y) = y + e^-y - 1 = e^-y psi(y) >= 0: y + expm1(-y) loses y's digits when |y| is
 * small (phi ~ y^2/2), psi's series keeps them. */
static double phi(double y)
{
    return fabs(y) <= 0.5 ? bonx_exp(-y) * bonx_psi_small(y) : y + bonx_expm1(-y);
}

/* D(n, t) as the integral over sigma = (u/F)^n in [t^n, 1] of phi(y), y = log of the
 * density ratio = ((n-1)/n) log sigma - L, phi(y) = y + e^-y - 1 >= 0 (the integrand
 * f log(f g/P) - written in sigma - minus a term that integrates to 0).  log sigma is smooth
 * on each of [1/2, 1], [1/4, 1/2], ... , [t^n, 2^-k], at most 61 of them (t^n >= 2^-60). */
static double kl_part_quad(double n, double h, double log_t)
{
    double L = bonx_log1p(ratio_m1(n, h, log_t)), a = (n - 1.0) / n;
    double tn = bonx_exp(n * log_t);                      /* sigma at the bottom */
    csum acc = {0, 0};
    double hi = 1.0;                                 /* interval [lo, hi] */
    for (int k = 0; k <= 61; k++) {
        int last = tn >= 0.5 * hi;
        double lo = last ? tn : 0.5 * hi;
        double width = last ? (k == 0 ? -bonx_expm1(n * log_t) : hi - tn) : 0.5 * hi;
        for (int i = 0; i < 16; i++) {
            /* on [., 1], log sigma from 1 - sigma (its digits near 1); below, directly */
            double log_sigma = k == 0 ? bonx_log1p(-width * GL_X[i]) : bonx_log(hi - width * GL_X[i]);
            double y = a * log_sigma - L;
            csum_add(&acc, GL_W[i] * width * phi(y));
        }
        if (last)
            break;
        hi = lo;
    }
    return csum_value(&acc);
}

double bonx_bounds_kl_gap_part(double n, double h, double log_t)
{
    if (n == 1.0)
        return 0.0;
    double kla = bonx_kl_analytic(n);
    if (log_t == -INFINITY)                          /* lowest group: t = 0 */
        return kla;
    double n_log_t = n * log_t;
    if (n_log_t > -60.0 * M_LN2)                     /* t^n >= 2^-60: cancellation possible */
        return kl_part_quad(n, h, log_t);
    double tn = bonx_exp(n_log_t), omt = -bonx_expm1(n_log_t);
    /* (1 - t^n)(KL~_n + log h - log(1 - t^n)) - (n-1) t^n log t: n h >= 41 here, so
     * KL~_n + log h = log(n h) - 1 + 1/n > 2.7 and nothing cancels. */
    return omt * (kla + bonx_log(h) - bonx_log1p(-tn)) - (n - 1.0) * tn * log_t;
}

/* W(n, t) = n(n-1)/2 h^3 integral_0^1 v(1-v)(1-hv)^(n-2) dv (u = F(1 - h v)): smooth in v
 * while (n-2) log(1-hv) moves little. */
static double wr_part_quad(double n, double h)
{
    csum acc = {0, 0};
    for (int i = 0; i < 16; i++) {
        double v = GL_X[i];
        csum_add(&acc, GL_W[i] * v * (1.0 - v) * bonx_exp((n - 2.0) * bonx_log1p(-h * v)));
    }
    return 0.5 * (n * h) * ((n - 1.0) * h) * h * csum_value(&acc);   /* n^2 may overflow */
}

double bonx_bounds_wr_gap_part(double n, double h, double log_t)
{
    if (n == 1.0)
        return 0.0;
    if (log_t == -INFINITY)                          /* lowest group: (n-1)/(2(n+1)) */
        return (n - 1.0) / (2.0 * (n + 1.0));
    if (n * h <= 1.0 && h <= 0.5)
        return wr_part_quad(n, h);
    if (n < 2.0) {
        /* W(1, t) = 0: W = h t e1/2 + (n-1)(1 - t^2)/(2(n+1)) + t^2 e1/(n+1), e1 = t^(n-1) - 1,
         * every term O(n-1) (within a factor ~5 of their sum, t < 1/2 or n h > 1) */
        double t = bonx_exp(log_t), e1 = bonx_expm1((n - 1.0) * log_t);
        return h * t * e1 / 2.0 + (n - 1.0) * (1.0 - t * t) / (2.0 * (n + 1.0))
               + t * t * e1 / (n + 1.0);
    }
    /* n >= 2 and n h > 1 or h > 1/2: the two terms are within a factor ~6 of each other */
    return h * (1.0 + bonx_exp(n * log_t)) / 2.0 + bonx_expm1((n + 1.0) * log_t) / (n + 1.0);
}

void bonx_bounds_renyi_of(const bonx_dist *d, bonx_bounds_renyi *out)
{
    csum s2 = {0, 0}, s3 = {0, 0};
    double eps = 0.0;
    for (size_t j = 0; j < d->ng; j++) {
        double g = d->g[j];
        csum_add(&s2, g * g);
        csum_add(&s3, g * g * g);
        if (g > eps)
            eps = g;
    }
    out->s2 = csum_value(&s2);
    out->s3 = csum_value(&s3);
    out->eps = eps;
    out->eps_inf = d->g[d->ng - 1];
}

/* The four upper bounds at n: O(1) from sum g^2 and sum g^3.  Below n = 2 the proofs give
 * (n-1) sum g^n and (n-1)/(2(n+1)) sum g^(n+1); sum g^n <= (sum g^2)^(n-1) (Jensen, x^(n-1)
 * concave, weights g) and sum g^(n+1) <= (sum g^2)^(2-n) (sum g^3)^(n-1) (Hoelder) turn them
 * into Renyi order 2 and 3 forms that need no sum per n and meet the n >= 2 forms at n = 2. */
static void upper_bounds(const bonx_bounds_renyi *rn, double n, bonx_bounds *out)
{
    double e = rn->eps;
    if (n >= 2.0) {
        out->kl_gap_upper = 0.5 * n * (n - 1.0) * rn->s2;
        out->kl_gap_upper_eps = 0.5 * n * (n - 1.0) * e;
        out->win_rate_gap_upper = n * (n - 1.0) / 12.0 * rn->s3;
        out->win_rate_gap_upper_eps = n * (n - 1.0) / 12.0 * e * e;
    } else {
        double c = (n - 1.0) / (2.0 * (n + 1.0));
        out->kl_gap_upper = (n - 1.0) * bonx_pow(rn->s2, n - 1.0);
        out->kl_gap_upper_eps = (n - 1.0) * bonx_pow(e, n - 1.0);
        out->win_rate_gap_upper = c * bonx_pow(rn->s2, 2.0 - n) * bonx_pow(rn->s3, n - 1.0);
        out->win_rate_gap_upper_eps = c * bonx_pow(e, n);
    }
    /* n(n-1) overflows past n ~ 1e154: there the trivial bounds (KL >= 0, WR >= 1/2) stand in,
     * far tighter anyway, so that no inf is ever printed */
    double kl_triv = bonx_kl_analytic(n), wr_triv = n / (n + 1.0) - 0.5;
    if (!isfinite(out->kl_gap_upper))
        out->kl_gap_upper = kl_triv;
    if (!isfinite(out->kl_gap_upper_eps))
        out->kl_gap_upper_eps = kl_triv;
    if (!isfinite(out->win_rate_gap_upper))
        out->win_rate_gap_upper = wr_triv;
    if (!isfinite(out->win_rate_gap_upper_eps))
        out->win_rate_gap_upper_eps = wr_triv;
}

void bonx_bounds_cheap(const bonx_dist *d, const bonx_bounds_renyi *rn, double n,
                       bonx_bounds *out)
{
    double ei = rn->eps_inf;
    out->n = n;
    upper_bounds(rn, n, out);
    /* the top group: F = 1, h = g/F = eps_inf */
    double log_t = d->ng > 1 ? d->g_logratio[d->ng - 1] : -INFINITY;
    out->kl_gap_lower = bonx_bounds_kl_gap_part(n, ei, log_t);
    out->win_rate_gap_lower = bonx_bounds_wr_gap_part(n, ei, log_t);
    out->kl_gap_lower_asym = bonx_log(n * ei) - 1.0 + 1.0 / n;
    out->win_rate_gap_lower_asym = ei / 2.0 - 1.0 / (n + 1.0);
}

void bonx_bounds_chart(const bonx_dist *d, const bonx_bounds_renyi *rn, double n,
                       bonx_bounds *out)
{
    double ei = rn->eps_inf;
    out->n = n;
    upper_bounds(rn, n, out);
    double log_t = d->ng > 1 ? d->g_logratio[d->ng - 1] : -INFINITY, kla = bonx_kl_analytic(n);
    if (log_t == -INFINITY) {
        out->kl_gap_lower = kla;
        out->win_rate_gap_lower = (n - 1.0) / (2.0 * (n + 1.0));
    } else {
        double tn = bonx_exp(n * log_t), omt = -bonx_expm1(n * log_t);
        out->kl_gap_lower = fmax(0.0, omt * (kla + bonx_log(ei) - bonx_log1p(-tn)) - (n - 1.0) * tn * log_t);
        out->win_rate_gap_lower =
            fmax(0.0, ei * (1.0 + tn) / 2.0 + bonx_expm1((n + 1.0) * log_t) / (n + 1.0));
    }
    out->kl_gap_lower_asym = bonx_log(n * ei) - 1.0 + 1.0 / n;
    out->win_rate_gap_lower_asym = ei / 2.0 - 1.0 / (n + 1.0);
}

/* Rounding allowances of the two conjecture checks: KL, the estimator and 1 - WR each carry
 * a relative error of at most ~1e-13 (the project's 1e-12 contract, with margin). */
#define CONJ_REL 1e-11

/* Both; gaps = 0 skips the gap sums (NaN). */
static int bounds_at(const bonx_dist *d, double n, double kl, double kl_estimate, int gaps,
                     bonx_bounds *out)
{
    if (!(n >= 1.0) || !isfinite(n))
        return -1;
    bonx_bounds_renyi rn;
    bonx_bounds_renyi_of(d, &rn);
    bonx_bounds_cheap(d, &rn, n, out);
    csum gap = {0, 0}, wgap = {0, 0}, lose = {0, 0};
    for (size_t j = 0; j < d->ng; j++) {
        double n_log_f = n * d->g_logF[j];
        double fn = bonx_exp(n_log_f), fmn = j == 0 ? 0.0 : bonx_exp(n * d->g_logFm[j]);
        csum_add(&lose, 0.5 * d->g[j] * (fn + fmn));
        if (!gaps || n_log_f < -745.0)
            continue;                       /* F^n underflows: the group's gaps are 0 */
        double h = bonx_exp(d->g_logg[j] - d->g_logF[j]), log_t = j == 0 ? -INFINITY
                                                                 : d->g_logratio[j];
        csum_add(&gap, fn * bonx_bounds_kl_gap_part(n, h, log_t));
        csum_add(&wgap, bonx_exp(n_log_f + d->g_logF[j]) * bonx_bounds_wr_gap_part(n, h, log_t));
    }
    out->kl_gap = gaps ? csum_value(&gap) : NAN;
    out->win_rate_gap = gaps ? csum_value(&wgap) : NAN;
    out->est_excess = kl_estimate - kl;
    out->conj44_violated = out->est_excess < -CONJ_REL * fmax(kl, kl_estimate);
    /* WR = 1 - lose; m with m/(m+1) = WR is (1 - lose)/lose; the conjecture holds at n
     * when KL~_m <= KL(pi_n||p) (KL~ increases with m). */
    double l = csum_value(&lose), m = (1.0 - l) / l;
    out->conj72_margin = bonx_kl_analytic(m < 1.0 ? 1.0 : m) - kl;
    out->conj72_violated = out->conj72_margin > CONJ_REL * kl + 1e-15;
    return 0;
}

int bonx_bounds_at(const bonx_dist *d, double n, double kl, double kl_estimate,
                   bonx_bounds *out)
{
    return bounds_at(d, n, kl, kl_estimate, 1, out);
}

int bonx_bounds_checks(const bonx_dist *d, double n, double kl, double kl_estimate,
                       bonx_bounds *out)
{
    return bounds_at(d, n, kl, kl_estimate, 0, out);
}

void bonx_bounds_tradeoff_from(const bonx_bounds *b, const double *kla, size_t kla_stride,
                               size_t count, double eps_inf, bonx_trade_bound which,
                               double *kl, double *wr)
{
    double run_max = -INFINITY, cap = 1.0 - eps_inf / 2.0;
    for (size_t i = 0; i < count; i++) {
        double m = b[i].n, k = *(const double *)((const char *)kla + i * kla_stride);
        double w = m / (m + 1.0);
        switch (which) {
        case BONX_TRADE_LOWER_A6:
            w = fmax(0.5, w - b[i].win_rate_gap_upper);   /* WR >= 1/2 for every n */
            break;
        case BONX_TRADE_UPPER_A7:
            /* KL(pi_n) >= KL~_n - U(n) and KL is non-decreasing in n, so KL(pi_n) is at least
             * the running maximum: the curve is drawn against that maximum */
            run_max = fmax(run_max, k - b[i].kl_gap_upper);
            k = run_max;
            w = fmin(w, cap);
            break;
        case BONX_TRADE_CONJ72:
            break;
        }
        kl[i] = isfinite(k) && k >= 0.0 && isfinite(w) ? k : NAN;
        wr[i] = w;
    }
}

void bonx_bounds_tradeoff(const bonx_dist *d, bonx_trade_bound which, const double *ms,
                          size_t count, double *kl, double *wr)
{
    bonx_bounds_renyi rn;
    bonx_bounds_renyi_of(d, &rn);
    /* in chunks, so that no allocation can fail; the A.7 running maximum carries over */
    enum { CHUNK = 64 };
    bonx_bounds b[CHUNK];
    double kla[CHUNK], carry = -INFINITY;
    for (size_t i0 = 0; i0 < count; i0 += CHUNK) {
        size_t c = count - i0 < CHUNK ? count - i0 : CHUNK;
        for (size_t i = 0; i < c; i++) {
            b[i].n = ms[i0 + i];
            upper_bounds(&rn, ms[i0 + i], &b[i]);
            kla[i] = bonx_kl_analytic(ms[i0 + i]);
        }
        if (which == BONX_TRADE_UPPER_A7 && isfinite(carry) && carry > kla[0] - b[0].kl_gap_upper)
            b[0].kl_gap_upper = kla[0] - carry;   /* start this chunk's maximum at the last */
        bonx_bounds_tradeoff_from(b, kla, sizeof *kla, c, rn.eps_inf, which, kl + i0, wr + i0);
        if (which == BONX_TRADE_UPPER_A7 && !isnan(kl[i0 + c - 1]))
            carry = kl[i0 + c - 1];
    }
}
