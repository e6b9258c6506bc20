/* SPDX-License-Identifier: MIT */
/* Memoryless-model asymptotics over types: see asym.h and MATH.md §5. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "asym.h"
#include "dd.h"
#include "numeric.h"
#include "tilt.h"
#include "elementary.h"

/* One type: its reward and log-probability under p^m. */
typedef struct asym_type { double r, lp; } asym_type;
/* One tie group of types. */
typedef struct asym_mass { double logg, rbar; } asym_mass;
typedef struct asym_cdf { double log_nlogf, log_nlogr; } asym_cdf;

static uint64_t gcd64(uint64_t a, uint64_t b)
{
    while (b) {
        uint64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* C(m+k-1, k-1) = C(n, s), n = m+k-1, s = min(k-1, m), built as C(n-s+i, i) for i = 1..s:
 * exact at every step, in 64 bits: with g = gcd(c, i), i/g divides n-s+i (c (n-s+i) / i is
 * an integer and c/g is prime to i/g), so the step is (c/g) * ((n-s+i)/(i/g)), which
 * overflows only when the result does.  Stops before a step that would pass 2^64 - 1 and
 * returns that i (s + 1 when complete), with the count so far in *c. */
static uint64_t exact_count_steps(uint64_t n, uint64_t s, uint64_t *c)
{
    uint64_t i = 1;
    *c = 1;
    for (; i <= s; i++) {
        uint64_t g = gcd64(*c, i), t = (n - s + i) / (i / g);
        if (*c / g > UINT64_MAX / t)
            break;
        *c = *c / g * t;
    }
    return i;
}

size_t bonx_asym_type_count(size_t k, int m)
{
    if (k == 0 || m < 0)
        return 0;
    uint64_t n = (uint64_t)m + (k - 1), s = k - 1 < (size_t)m ? k - 1 : (uint64_t)m, c;
    /* the steps only grow, so the count fits in size_t exactly when every step does */
    if (exact_count_steps(n, s, &c) <= s || c > SIZE_MAX)
        return SIZE_MAX;
    return (size_t)c;
}

double bonx_type_count(size_t k, size_t m)
{
    if (k == 0)
        return 0;
    uint64_t s = k - 1 < m ? k - 1 : m, n = (uint64_t)m + (k - 1), c;
    uint64_t i = exact_count_steps(n, s, &c);
    double cd = (double)c;
    for (; i <= s; i++) {
        cd = cd * (double)(n - s + i) / (double)i;
        if (cd > 1e300)
            return INFINITY;
    }
    return cd;
}

/* ---- enumeration ---------------------------------------------------------------------- */

typedef struct enum_ctx {
    size_t k;
    const bonx_dd *lgf;       /* log c!, c = 0..m (core/dd.h) */
    const double *logg;       /* log mass of each token */
    const double *rew;        /* reward of each token */
    asym_type *out;
    size_t n;
    const bonx_asym *a;       /* for the progress callback */
    size_t total;
    int cancelled;
} enum_ctx;

/* Progress points are this many types apart (about a millisecond of work). */
#define PROGRESS_EVERY 65536u

/* Report progress; nonzero when the caller asked to stop. */
static int report(const bonx_asym *a, double fraction)
{
    return a->progress && a->progress(a->progress_ctx, fraction) != 0;
}

/* lp + c log g_a - log c!: the product exactly, the sum in double-double. */
static bonx_dd add_tokens(const enum_ctx *e, bonx_dd lp, size_t a, int c)
{
    bonx_dd t = bonx_dd_sub(bonx_two_prod((double)c, e->logg[a]), e->lgf[c]);
    return bonx_dd_add(lp, t);
}

/* Counts for tokens a.. that sum to left; lp and r carry the sums over earlier tokens, in
 * token order, so that every type's reward is summed the same way.  lp = log m! - sum
 * log c! + sum c log g cancels from about m log m down to a log probability: in
 * double-double, every type's lp is the exact one rounded (within an ulp) on any machine. */
static void enumerate(enum_ctx *e, size_t a, int left, bonx_dd lp, double r)
{
    if (a + 1 == e->k) {
        if (e->n % PROGRESS_EVERY == 0 && report(e->a, 0.5 * (double)e->n / (double)e->total))
            e->cancelled = 1;
        lp = add_tokens(e, lp, a, left);
        r += left * e->rew[a];
        e->out[e->n].r = r + 0.0;   /* no -0.0: it would sort apart from +0.0 */
        e->out[e->n].lp = bonx_dd_value(lp);
        e->n++;
        return;
    }
    for (int c = 0; c <= left && !e->cancelled; c++)
        enumerate(e, a + 1, left - c, add_tokens(e, lp, a, c), r + c * e->rew[a]);
}

/* ---- sorting by reward ---------------------------------------------------------------- */

/* Order-preserving map from doubles to unsigned integers. */
static uint64_t sort_key(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return (u >> 63) ? ~u : (u | 0x8000000000000000ULL);
}

#define RADIX_BITS 11
#define RADIX_SIZE (1u << RADIX_BITS)
#define RADIX_PASSES 6

/* Stable LSD radix sort by reward; returns whichever buffer holds the result, or NULL when
 * out of memory.  Passes in which every key has the same digit are skipped. */
static asym_type *radix_sort(asym_type *a, asym_type *tmp, size_t n)
{
    size_t *count = calloc((size_t)RADIX_PASSES * RADIX_SIZE, sizeof *count);
    if (!count)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        uint64_t key = sort_key(a[i].r);
        for (int p = 0; p < RADIX_PASSES; p++)
            count[p * RADIX_SIZE + ((key >> (p * RADIX_BITS)) & (RADIX_SIZE - 1))]++;
    }
    for (int p = 0; p < RADIX_PASSES; p++) {
        size_t *c = count + p * RADIX_SIZE;
        size_t first = (size_t)((sort_key(a[0].r) >> (p * RADIX_BITS)) & (RADIX_SIZE - 1));
        if (c[first] == n)
            continue;
        size_t pos = 0;
        for (size_t b = 0; b < RADIX_SIZE; b++) {
            size_t cnt = c[b];
            c[b] = pos;
            pos += cnt;
        }
        for (size_t i = 0; i < n; i++) {
            size_t b = (size_t)((sort_key(a[i].r) >> (p * RADIX_BITS)) & (RADIX_SIZE - 1));
            tmp[c[b]++] = a[i];
        }
        asym_type *swap = a;
        a = tmp;
        tmp = swap;
    }
    free(count);
    return a;
}

/* ---- log-space sums ------------------------------------------------------------------- */

/* A sum of exp(x_i) kept as (s + c) * exp(e), compensated (Neumaier), so that long sums of
 * terms spanning hundreds of orders of magnitude keep full precision. */
typedef struct log_acc { double e, s, c; } log_acc;

static void log_acc_init(log_acc *a)
{
    a->e = -INFINITY;
    a->s = a->c = 0.0;
}

static void log_acc_add(log_acc *a, double x)
{
    if (x == -INFINITY)
        return;
    if (a->e == -INFINITY) {
        a->e = x;
    } else if (x > a->e + 300.0) {
        double f = bonx_exp(a->e - x);
        a->s *= f;
        a->c *= f;
        a->e = x;
    }
    double t = bonx_exp(x - a->e), sum = a->s + t;
    a->c += fabs(a->s) >= t ? (a->s - sum) + t : (t - sum) + a->s;
    a->s = sum;
}

static double log_acc_log(const log_acc *a)
{
    return a->e == -INFINITY ? -INFINITY : a->e + bonx_log(a->s + a->c);
}

/* log(-log(1 - e^x)) for x < log(1/2): the log of -log1p(-S) given log S. */
static double log_neg_log1m_exp(double x)
{
    if (x == -INFINITY)
        return -INFINITY;
    if (x < -40.0)          /* -log(1-S) = S (1 + S/2 + ...): log S + S/2, below an ulp of x */
        return x;
    return bonx_log(-bonx_log1p(-bonx_exp(x)));
}

/* log(1 - e^-d) given log d (d in (0, +inf]). */
static double log1m_exp_neg(double logd)
{
    if (logd == INFINITY)
        return 0.0;
    double d = bonx_exp(logd);
    if (logd < -20.0)       /* 1 - e^-d = d (1 - d/2 + d^2/6 ...) */
        return logd - 0.5 * d;
    return d < M_LN2 ? bonx_log(-bonx_expm1(-d)) : bonx_log1p(-bonx_exp(-d));
}

/* ---- preparing one (table, m) --------------------------------------------------------- */

static int ensure_buffers(bonx_asym *a, size_t n, bonx_err *err)
{
    if (n <= a->buf_cap)
        return BONX_OK;
    for (int i = 0; i < 2; i++) {
        free(a->buf[i]);
        a->buf[i] = malloc(n * sizeof(asym_type));
        if (!a->buf[i]) {
            free(a->buf[0]);
            free(a->buf[1]);
            a->buf[0] = a->buf[1] = NULL;
            a->buf_cap = 0;
            return bonx_fail(err, BONX_ENOMEM, "out of memory for %zu types", n);
        }
    }
    a->buf_cap = n;
    return BONX_OK;
}

/* Merge reward ties (see asym.h) and write one mass record per group; returns ng. */
static size_t group_types(const asym_type *t, size_t n, double tol, asym_mass *out,
                          double *spread)
{
    size_t ng = 0;
    *spread = 0.0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        double mx = t[i].lp;
        while (j < n && t[j].r - t[i].r <= tol) {
            if (t[j].lp > mx)
                mx = t[j].lp;
            j++;
        }
        if (t[j - 1].r - t[i].r > *spread)
            *spread = t[j - 1].r - t[i].r;
        double s = 0.0, sr = 0.0;
        for (size_t q = i; q < j; q++) {
            double w = bonx_exp(t[q].lp - mx);
            s += w;
            sr += w * t[q].r;
        }
        out[ng].logg = mx + bonx_log(s);
        out[ng].rbar = sr / s;
        ng++;
        i = j;
    }
    return ng;
}

/* log F of group j, given log S (mass strictly above) in out[].log_nlogf for every group and
 * prefix log F in out[].log_nlogr for the groups below low (those with S > 1/2). */
static double group_log_f(const asym_cdf *out, size_t j, size_t low)
{
    return j < low ? out[j].log_nlogr : bonx_log1p(-bonx_exp(out[j].log_nlogf));
}

/* log(-log F) and log(-log(F-/F)) per group, from suffix sums S (for F near 1) and, only
 * where F < 1/2, prefix sums F (for F near 0), never 1 - x. */
static void group_cdfs(const asym_mass *g, size_t ng, asym_cdf *out)
{
    log_acc acc;
    log_acc_init(&acc);
    for (size_t j = ng; j-- > 0;) {        /* log S_j, kept in log_nlogf for now */
        out[j].log_nlogf = log_acc_log(&acc);
        log_acc_add(&acc, g[j].logg);
    }
    size_t low = 0;                        /* groups below low have S > 1/2 */
    while (low < ng && out[low].log_nlogf > -M_LN2)
        low++;
    log_acc_init(&acc);
    for (size_t j = 0; j < low; j++) {     /* prefix log F, kept in log_nlogr for now */
        log_acc_add(&acc, g[j].logg);
        out[j].log_nlogr = log_acc_log(&acc);
    }
    /* top down, so that group j-1 still holds its log S and prefix when group j needs them */
    for (size_t j = ng; j-- > 0;) {
        double log_s = out[j].log_nlogf, log_f = group_log_f(out, j, low);
        double x = g[j].logg - log_f;      /* log(g/F) */
        if (j >= low && log_s < -40.0)     /* -log F = S (1 + S/2 + ...) */
            out[j].log_nlogf = log_s;
        else
            out[j].log_nlogf = bonx_log(-log_f);
        if (j == 0)
            out[j].log_nlogr = INFINITY;
        else if (x <= -M_LN2)
            out[j].log_nlogr = log_neg_log1m_exp(x);
        else
            out[j].log_nlogr = bonx_log(log_f - group_log_f(out, j - 1, low));
    }
}

static int tokens_from(bonx_asym *a, const bonx_dist *d, bonx_err *err)
{
    if (a->has_tok) {
        bonx_dist_free(&a->tok);
        a->has_tok = 0;
    }
    int rc = bonx_dist_copy(&a->tok, d, err);
    if (rc == BONX_OK)
        a->has_tok = 1;
    return rc;
}

int bonx_asym_prepare(bonx_asym *a, const bonx_dist *d, int m, bonx_err *err)
{
    if (m < 1)
        return bonx_fail(err, BONX_EINVAL, "m must be at least 1 (got %d)", m);
    size_t k = d->ng, n = bonx_asym_type_count(k, m);
    if (n > BONX_ASYM_MAX_TYPES) {
        if (n == SIZE_MAX)
            return bonx_fail(err, BONX_ERANGE, "too many types at m = %d with %zu reward levels"
                             " (limit %u)", m, k, BONX_ASYM_MAX_TYPES);
        return bonx_fail(err, BONX_ERANGE, "%zu types at m = %d with %zu reward levels exceed"
                         " the limit of %u", n, m, k, BONX_ASYM_MAX_TYPES);
    }
    /* sequence rewards are sums of m token rewards: they must stay doubles */
    if (!(m * d->r_scale <= 0x1p1000))
        return bonx_fail(err, BONX_ERANGE, "rewards up to %g in magnitude: sequences of m = %d "
                         "tokens would have rewards beyond the double range", d->r_scale, m);
    a->m = 0;   /* not usable until complete */
    int rc = ensure_buffers(a, n, err);
    if (rc == BONX_OK)
        rc = tokens_from(a, d, err);
    if (rc != BONX_OK)
        return rc;
    bonx_dd *lgf = malloc(((size_t)m + 1) * sizeof *lgf);
    if (!lgf)
        return bonx_fail(err, BONX_ENOMEM, "out of memory");
    bonx_dd_log_ints((size_t)m, NULL, lgf);

    enum_ctx e = {k, lgf, d->g_logg, d->g_r, a->buf[0], 0, a, n, 0};
    enumerate(&e, 0, m, lgf[m], 0.0);
    free(lgf);
    if (e.cancelled || report(a, 0.5))
        return bonx_fail(err, BONX_ERANGE, "cancelled");

    asym_type *sorted = radix_sort(a->buf[0], a->buf[1], n);
    if (!sorted)
        return bonx_fail(err, BONX_ENOMEM, "out of memory");
    void *other = sorted == a->buf[0] ? a->buf[1] : a->buf[0];
    if (report(a, 0.8))
        return bonx_fail(err, BONX_ERANGE, "cancelled");
    double tol = BONX_ASYM_TIE_ULPS * (double)k * DBL_EPSILON * m * d->r_scale;
    a->ng = group_types(sorted, n, tol, other, &a->tie_spread);
    group_cdfs(other, a->ng, (asym_cdf *)sorted);   /* the sorted types are no longer needed */
    a->grp_mass = other;
    a->grp_cdf = sorted;
    a->m = m;
    a->k = k;
    a->ntypes = n;
    a->delta_max = bonx_tilt_kl_max(d, BONX_TILT_REWARD);
    return BONX_OK;
}

/* ---- one Delta ------------------------------------------------------------------------ */

/* Compensated running sum. */
typedef struct sum_acc { double s, c; } sum_acc;

static void sum_add(sum_acc *a, double x)
{
    double t = a->s + x;
    a->c += fabs(a->s) >= fabs(x) ? (a->s - t) + x : (x - t) + a->s;
    a->s = t;
}

static double sum_value(const sum_acc *a) { return a->s + a->c; }

/* One group's term of KL(pi_N || phi) written as sum_G phi psi(x), x = log(pi_N/phi) on G and
 * psi(x) = x e^x - e^x + 1 >= 0: phi psi(x) = P (x - 1 + e^-x), the plain term P x plus
 * (phi - P), whose sum over all groups is 0.  Summing P x directly cancels: P x is about
 * m*Delta while their sum, the KL to the optimum, can be 1e-4 (issue 14: 2.7e-10 relative lost).
 * Non-negative terms cannot cancel, and an error c common to every log phi (from lambda,
 * mu, KL(p_lambda||p)) changes the sum by c^2/2 only, not by c.  Near x = 0 the term is
 * P e^-x psi(x) ~ P x^2/2 with psi's series (x + expm1(-x) would lose x's digits);
 * elsewhere the three parts do not cancel badly. */
static double kl_to_phi_term(double pj, double x, double log_phi)
{
    if (fabs(x) <= 0.5)
        return pj * bonx_exp(-x) * bonx_psi_small(x);
    return pj * x + (bonx_exp(log_phi) - pj);
}

int bonx_asym_at(const bonx_asym *a, double delta, bonx_asym_point *out, bonx_err *err)
{
    if (a->m < 1)
        return bonx_fail(err, BONX_EINVAL, "no types prepared (bonx_asym_prepare failed or "
                         "was cancelled)");
    if (!(delta > 0.0))
        return bonx_fail(err, BONX_EINVAL, "delta must be > 0 (got %g)", delta);
    if (delta >= a->delta_max)
        return bonx_fail(err, BONX_ERANGE, "delta %g is at or above the largest reachable "
                         "per-token KL, log(1/g_top) = %.10g", delta, a->delta_max);
    double beta;
    bonx_tilt_stats ts;
    int rc = bonx_tilt_beta_for_kl(&a->tok, BONX_TILT_REWARD, delta, &beta, err);
    if (rc == BONX_OK)
        rc = bonx_tilt_stats_at(&a->tok, BONX_TILT_REWARD, beta, &ts, err);
    if (rc != BONX_OK)
        return rc;
    const asym_mass *g = a->grp_mass;
    const asym_cdf *c = a->grp_cdf;
    double m = a->m, log_n = m * delta, lambda = 1.0 / beta;
    if (!isfinite(lambda))   /* subnormal rewards: the tilt reaching delta has beta ~ 1e-310 */
        return bonx_fail(err, BONX_ERANGE, "the per-token tilt lambda = 1/beta for delta %g is "
                         "larger than any double (rewards up to %g in magnitude)", delta,
                         a->tok.r_scale);
    /* the tilt e^(lambda R) must not tell apart sequence rewards the grouping took as tied:
     * rewards spanning 300 decades (-2, 0, 1e-300) need lambda ~ 1e300 while types within
     * 1e-14 of each other share a group (0 with 1e-300), and the KL to the optimum came out NaN or 1e295
     * (tests/fuzz/corpus/fuzz_asym) */
    if (lambda * a->tie_spread > 1e-6)
        return bonx_fail(err, BONX_ERANGE, "delta %g needs a tilt lambda = %g that separates "
                         "sequence rewards %g apart, which are counted as tied (the rewards "
                         "span too many orders of magnitude)", delta, lambda, a->tie_spread);
    double m_mu = m * ts.reward, m_kl = m * ts.kl;
    sum_acc kl = {0, 0}, klo = {0, 0}, rew = {0, 0};
    for (size_t j = 0; j < a->ng; j++) {
        /* log phi/p^m = lambda R - m A = lambda (R - m mu) + m KL(p_lambda||p) */
        double log_phi_ratio = lambda * (g[j].rbar - m_mu) + m_kl;
        /* log P_N(G) = log(F^N - F-^N) = N log F + log(1 - e^(-N log(F/F-))) */
        double log_fn = c[j].log_nlogf == -INFINITY ? 0.0 : -bonx_exp(log_n + c[j].log_nlogf);
        double log_p = log_fn < -746.0 ? -INFINITY     /* F^N, hence P_N(G), underflows */
                     : log_fn + log1m_exp_neg(log_n + c[j].log_nlogr);
        if (log_p == -INFINITY) {
            sum_add(&klo, bonx_exp(g[j].logg + log_phi_ratio));   /* phi * psi(-inf) = phi */
            continue;
        }
        double pj = bonx_exp(log_p), log_ratio = log_p - g[j].logg;  /* log pi_N/p^m on G */
        sum_add(&kl, pj * log_ratio);
        sum_add(&rew, pj * g[j].rbar);
        sum_add(&klo, kl_to_phi_term(pj, log_ratio - log_phi_ratio, g[j].logg + log_phi_ratio));
    }
    /* a type that best-of-N reaches and the optimum gives e^-1e300 (rewards ~300 apart in
     * the tilt's units): the KL to the optimum is beyond the double range (fuzz_asym) */
    if (!isfinite(sum_value(&klo)))
        return bonx_fail(err, BONX_ERANGE, "at delta %g the KL from best-of-N to the optimum "
                         "is beyond the double range (the optimum gives some sequence types "
                         "next to no mass that best-of-N gives them)", delta);
    out->m = a->m;
    out->delta = delta;
    out->log_n = log_n;
    out->lambda = lambda;
    out->kl = bonx_nonneg(sum_value(&kl));
    out->kl_to_optimal = bonx_nonneg(sum_value(&klo));
    out->reward = sum_value(&rew);
    out->kl_per_token = out->kl / m;
    out->kl_to_optimal_per_token = out->kl_to_optimal / m;
    out->reward_per_token = out->reward / m;
    out->optimal_reward_per_token = ts.reward;
    return BONX_OK;
}

void bonx_asym_free(bonx_asym *a)
{
    free(a->buf[0]);
    free(a->buf[1]);
    if (a->has_tok)
        bonx_dist_free(&a->tok);
    memset(a, 0, sizeof *a);
}
