/* SPDX-License-Identifier: MIT */
/* The type lemmas of seed 003 over every type of length m: see types.h. */
#include <math.h>
#include <stdlib.h>
#include "types.h"

typedef struct acc {
    double upper, lower, miss;
    long double outside;      /* P(type with KL >= 3 Delta/2) under p^m */
} acc;

/* log(-log(1 - P)) for P = e^{lp} in (0, 1): N draws all miss an event of probability P
 * with probability exp(-exp(log N + this)). */
static double log_neg_log1m(double lp)
{
    /* below e^-30, -log(1 - P) = P (1 + P/2 + ...): its log is lp to 1e-13, and exp(lp)
     * may underflow where N P does not */
    return lp < -30 ? lp : log(-log1p(-exp(lp)));
}

/* P(N draws all miss a type of probability e^{lp}) = (1 - P)^N, for N up to e^{700+}. */
static double miss_prob(double log_n, double lp)
{
    if (!(lp < 0))
        return 0;
    double e = log_n + log_neg_log1m(lp);
    return e > 709 ? 0 : exp(-exp(e));
}

/* One type: its counts in c[0..K-1]. */
static void visit(const bonx_dist *d, const int *c, int m, double log_n, double delta,
                  double poly, long double lgm, acc *a)
{
    long double log_multi = lgm, ent = 0, cross = 0;   /* ent = sum c log(c/m) = -m H(t) */
    for (size_t j = 0; j < d->ng; j++) {
        if (!c[j])
            continue;
        long double cj = c[j];
        log_multi -= lgammal(cj + 1);
        ent += cj * logl(cj / m);
        cross += cj * (long double)d->g_logg[j];
    }
    /* log P(T(t)) + m KL(t||p) = log multinomial - m H(t): p cancels out exactly */
    double margin = (double)(log_multi + ent);
    double kl = (double)((ent - cross) / m);   /* KL(t||p) = (1/m) sum c log(c/(m g)) */
    double lp = (double)(log_multi + cross);   /* log P(T(t)) */
    a->upper = fmax(a->upper, margin);
    a->lower = fmin(a->lower, margin + poly);
    if (kl <= delta / 2)
        a->miss = fmax(a->miss, miss_prob(log_n, lp));
    if (kl >= 1.5 * delta)
        a->outside += expl((long double)lp);
}

static void walk_types(const bonx_dist *d, int *c, size_t pos, int left, int m, double log_n,
                       double delta, double poly, long double lgm, acc *a)
{
    if (pos + 1 == d->ng) {
        c[pos] = left;
        visit(d, c, m, log_n, delta, poly, lgm, a);
        return;
    }
    for (int n = 0; n <= left; n++) {
        c[pos] = n;
        walk_types(d, c, pos + 1, left - n, m, log_n, delta, poly, lgm, a);
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
    double ntypes = round(exp(lgamma((double)m + (double)K) - lgamma((double)m + 1) -
                              lgamma((double)K)));
    if (!(ntypes <= max_types))
        return bonx_fail(err, BONX_ERANGE, "types: %.4g types at m = %d (at most %.4g)", ntypes,
                         m, max_types);
    int *c = calloc(K, sizeof *c);
    if (!c)
        return bonx_fail(err, BONX_ENOMEM, "types: out of memory");
    acc a = {-INFINITY, INFINITY, 0, 0};
    double log_n = m * delta, poly = (double)(K - 1) * log1p((double)m);
    walk_types(d, c, 0, m, m, log_n, delta, poly, lgammal((long double)m + 1), &a);
    free(c);
    out->m = m, out->delta = delta, out->ntypes = ntypes;
    out->upper_margin = a.upper, out->lower_margin = a.lower, out->miss_inside = a.miss;
    /* 1 - (1 - P_out)^N, from log P_out in long double: P_out may be below the double range
     * (e^-750) while N P_out is not */
    if (!(a.outside > 0))
        out->hit_outside = 0;
    else if (!(a.outside < 1))
        out->hit_outside = 1;
    else
        out->hit_outside = -expm1(-exp(fmin(log_n + log_neg_log1m((double)logl(a.outside)), 709)));
    return BONX_OK;
}
