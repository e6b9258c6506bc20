/* SPDX-License-Identifier: MIT */
/* The type lemmas of seed 003 over every type of length m: see types.h. */
#include <math.h>
#include <stdlib.h>
#include "asym.h"
#include "dd.h"
#include "types.h"
#include "elementary.h"

typedef struct acc {
    double upper, lower, miss;
    /* P(type with KL >= 3 Delta/2) under p^m as e^out_top * out_sum (out_sum = 0: none yet):
     * a log-sum-exp of the types' log probabilities, which may lie below the double range
     * (e^-750) while N P does not */
    double out_top;
    bonx_dd out_sum;
    const bonx_dd *logs, *logf;   /* log c and log c!, c = 0..m (core/dd.h) */
} acc;

/* Add e^lp to the outside probability: shifted by the largest lp so far, so that every
 * exponential is <= 1 and none underflows that matters. */
static void add_outside(acc *a, double lp)
{
    if (!(lp > -INFINITY))
        return;
    if (a->out_sum.hi == 0)
        a->out_top = lp, a->out_sum = bonx_dd_of(1);
    else if (lp <= a->out_top)
        a->out_sum = bonx_dd_add_d(a->out_sum, bonx_exp(lp - a->out_top));
    else {
        a->out_sum = bonx_dd_add_d(bonx_dd_mul_d(a->out_sum, bonx_exp(a->out_top - lp)), 1.0);
        a->out_top = lp;
    }
}

/* log(-log(1 - P)) for P = e^{lp} in (0, 1): N draws all miss an event of probability P
 * with probability exp(-exp(log N + this)). */
static double log_neg_log1m(double lp)
{
    /* below e^-30, -log(1 - P) = P (1 + P/2 + ...): its log is lp to 1e-13, and exp(lp)
     * may underflow where N P does not */
    return lp < -30 ? lp : bonx_log(-bonx_log1p(-bonx_exp(lp)));
}

/* P(N draws all miss a type of probability e^{lp}) = (1 - P)^N, for N up to e^{700+}. */
static double miss_prob(double log_n, double lp)
{
    if (!(lp < 0))
        return 0;
    double e = log_n + log_neg_log1m(lp);
    return e > 709 ? 0 : bonx_exp(-bonx_exp(e));
}

/* One type: its counts in c[0..K-1].  The sums cancel (log m! against sum log c!, m log m
 * against sum c log c): in double-double, each result is the exact one rounded. */
static void visit(const bonx_dist *d, const int *c, int m, double log_n, double delta,
                  double poly, acc *a)
{
    /* ent = sum c log(c/m) = -m H(t) */
    bonx_dd log_multi = a->logf[m], ent = bonx_dd_of(0), cross = ent;
    for (size_t j = 0; j < d->ng; j++) {
        if (!c[j])
            continue;
        log_multi = bonx_dd_sub(log_multi, a->logf[c[j]]);
        ent = bonx_dd_add(ent, bonx_dd_mul_d(bonx_dd_sub(a->logs[c[j]], a->logs[m]), c[j]));
        cross = bonx_dd_add(cross, bonx_two_prod(c[j], d->g_logg[j]));
    }
    /* log P(T(t)) + m KL(t||p) = log multinomial - m H(t): p cancels out exactly */
    double margin = bonx_dd_value(bonx_dd_add(log_multi, ent));
    /* KL(t||p) = (1/m) sum c log(c/(m g)) */
    double kl = bonx_dd_value(bonx_dd_div_d(bonx_dd_sub(ent, cross), m));
    double lp = bonx_dd_value(bonx_dd_add(log_multi, cross));   /* log P(T(t)) */
    a->upper = fmax(a->upper, margin);
    a->lower = fmin(a->lower, margin + poly);
    if (kl <= delta / 2)
        a->miss = fmax(a->miss, miss_prob(log_n, lp));
    if (kl >= 1.5 * delta)
        add_outside(a, lp);
}

static void walk_types(const bonx_dist *d, int *c, size_t pos, int left, int m, double log_n,
                       double delta, double poly, acc *a)
{
    if (pos + 1 == d->ng) {
        c[pos] = left;
        visit(d, c, m, log_n, delta, poly, a);
        return;
    }
    for (int n = 0; n <= left; n++) {
        c[pos] = n;
        walk_types(d, c, pos + 1, left - n, m, log_n, delta, poly, a);
    }
}

int bonx_type_lemmas_at(const bonx_dist *d, int m, double delta, double max_types,
                        bonx_type_lemmas *out, bonx_err *err)
{
    if (m < 1)
        return bonx_fail(err, BONX_EINVAL, "types: m must be >= 1 (got %d)", m);
    if (!(delta > 0) || !isfinite(delta))
        return bonx_fail(err, BONX_EINVAL, "types: delta must be > 0 (got %g)", delta);
    size_t K = d->ng;
    double ntypes = bonx_type_count(K, (size_t)m);
    if (!(ntypes <= max_types))
        return bonx_fail(err, BONX_ERANGE, "types: %s%.4g types at m = %d (at most %.4g)",
                         isinf(ntypes) ? "more than " : "", isinf(ntypes) ? 1e300 : ntypes, m,
                         max_types);
    int *c = calloc(K, sizeof *c);
    bonx_dd *logs = malloc(((size_t)m + 1) * sizeof *logs);
    bonx_dd *logf = malloc(((size_t)m + 1) * sizeof *logf);
    if (!c || !logs || !logf) {
        free(c), free(logs), free(logf);
        return bonx_fail(err, BONX_ENOMEM, "types: out of memory");
    }
    bonx_dd_log_ints((size_t)m, logs, logf);
    acc a = {-INFINITY, INFINITY, 0, -INFINITY, {0, 0}, logs, logf};
    double log_n = m * delta, poly = (double)(K - 1) * bonx_log1p((double)m);
    walk_types(d, c, 0, m, m, log_n, delta, poly, &a);
    free(c), free(logs), free(logf);
    out->m = m, out->delta = delta, out->ntypes = ntypes;
    out->upper_margin = a.upper, out->lower_margin = a.lower, out->miss_inside = a.miss;
    /* 1 - (1 - P_out)^N, from log P_out (add_outside): P_out may be below the double range
     * (e^-750) while N P_out is not */
    double log_out = a.out_top + bonx_log(a.out_sum.hi) + a.out_sum.lo / a.out_sum.hi;
    if (!(a.out_sum.hi > 0))
        out->hit_outside = 0;
    else if (!(log_out < 0))
        out->hit_outside = 1;
    else
        out->hit_outside = -bonx_expm1(-bonx_exp(fmin(log_n + log_neg_log1m(log_out), 709)));
    return BONX_OK;
}
