/* SPDX-License-Identifier: MIT */
/* The reference distribution and its per-group constants (MATH.md §1). */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "dist.h"
#include "numeric.h"

typedef struct sort_key { double r, p; size_t idx; } sort_key;

/* (reward, index): the documented order of d->order. */
static int cmp_reward_index(const void *a, const void *b)
{
    const sort_key *x = a, *y = b;
    if (x->r != y->r)
        return x->r < y->r ? -1 : 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

/* (reward, p): equal probabilities of a group become adjacent. */
static int cmp_reward_p(const void *a, const void *b)
{
    const sort_key *x = a, *y = b;
    if (x->r != y->r)
        return x->r < y->r ? -1 : 1;
    if (x->p != y->p)
        return x->p < y->p ? -1 : 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

/* The order of cmp_reward_p, inline: a merge sort with it beats qsort's call per comparison
 * by about 3x at a million outcomes (the sort was a quarter of such a recompute).  The
 * order is total (indices differ), so the result is the one qsort gives. */
static int key_before(const sort_key *x, const sort_key *y)
{
    if (x->r != y->r)
        return x->r < y->r;
    if (x->p != y->p)
        return x->p < y->p;
    return x->idx < y->idx;
}

static void insertion_sort_keys(sort_key *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        sort_key x = v[i];
        size_t j = i;
        for (; j > 0 && key_before(&x, &v[j - 1]); j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

/* Bottom-up: runs of 16 by insertion, then merges between v and tmp (n each). */
static void sort_keys(sort_key *v, size_t n, sort_key *tmp)
{
    enum { RUN = 16 };
    for (size_t i = 0; i < n; i += RUN)
        insertion_sort_keys(v + i, n - i < RUN ? n - i : RUN);
    sort_key *from = v, *to = tmp;
    for (size_t w = RUN; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                to[k++] = key_before(&from[j], &from[i]) ? from[j++] : from[i++];
            while (i < mid)
                to[k++] = from[i++];
            while (j < hi)
                to[k++] = from[j++];
        }
        sort_key *t = from;
        from = to;
        to = t;
    }
    if (from != v)
        memcpy(v, from, n * sizeof *v);
}

static int validate(size_t k, const double *w, const double *r, bonx_err *err)
{
    if (k == 0)
        return bonx_fail(err, BONX_EINVAL, "the distribution has no outcomes");
    for (size_t i = 0; i < k; i++) {
        if (isnan(w[i]) || isinf(w[i]))
            return bonx_fail(err, BONX_EINVAL, "weight %zu is not finite (%g)", i + 1, w[i]);
        if (w[i] < 0)
            return bonx_fail(err, BONX_EINVAL, "weight %zu is negative (%g)", i + 1, w[i]);
        if (!isfinite(r[i]))
            return bonx_fail(err, BONX_EINVAL, "reward %zu is not finite (%g)", i + 1, r[i]);
    }
    return BONX_OK;
}

/* p = w / sum w without overflow: scale by a power of two (exact) taken from the max weight. */
static int normalise(bonx_dist *d, bonx_err *err)
{
    double wmax = 0;
    for (size_t i = 0; i < d->k; i++)
        wmax = fmax(wmax, d->w[i]);
    if (wmax == 0)
        return bonx_fail(err, BONX_EINVAL, "total weight is zero");
    int e;
    frexp(wmax, &e);
    bonx_ksum tot = {0, 0};
    for (size_t i = 0; i < d->k; i++) {
        d->p[i] = ldexp(d->w[i], -e);
        bonx_ksum_add(&tot, d->p[i]);
    }
    double t = bonx_ksum_value(&tot);
    for (size_t i = 0; i < d->k; i++)
        d->p[i] /= t;   /* below 4.9e-324 of the total a weight's p is 0: no mass (dist.h) */
    d->log_wtotal = e * M_LN2 + log(t);
    return BONX_OK;
}

static void *xcalloc(size_t n, size_t sz, int *fail)
{
    void *q = calloc(n ? n : 1, sz);
    if (!q)
        *fail = 1;
    return q;
}

static int alloc_arrays(bonx_dist *d, size_t k, size_t npos)
{
    int fail = 0;
    d->w = xcalloc(k, sizeof *d->w, &fail);
    d->p = xcalloc(k, sizeof *d->p, &fail);
    d->r = xcalloc(k, sizeof *d->r, &fail);
    d->F = xcalloc(k, sizeof *d->F, &fail);
    d->Fm = xcalloc(k, sizeof *d->Fm, &fail);
    d->S = xcalloc(k, sizeof *d->S, &fail);
    d->C = xcalloc(k, sizeof *d->C, &fail);
    d->group = xcalloc(k, sizeof *d->group, &fail);
    d->order = xcalloc(npos, sizeof *d->order, &fail);
    /* group arrays sized for the worst case (every positive outcome its own group) */
    double **ga[] = {&d->g_r, &d->g, &d->g_Fm, &d->g_S, &d->g_C, &d->g_logF, &d->g_logratio,
                     &d->g_logg, &d->g_lognlF, &d->g_logFm, &d->u_eps, &d->u_mass, &d->u_log1m,
                     &d->u_logeps, &d->g_rs};
    for (size_t i = 0; i < sizeof ga / sizeof ga[0]; i++)
        *ga[i] = xcalloc(npos, sizeof(double), &fail);
    d->g_first = xcalloc(npos + 1, sizeof *d->g_first, &fail);
    d->g_ufirst = xcalloc(npos + 1, sizeof *d->g_ufirst, &fail);
    d->g_mom = xcalloc(npos * (BONX_MOM_DEG + 1), sizeof *d->g_mom, &fail);
    d->g_lognlr = xcalloc(npos, sizeof *d->g_lognlr, &fail);
    return fail ? BONX_ENOMEM : BONX_OK;
}

/* Mass of every positive outcome but keys[skip], compensated: accurate to a few ulp even
 * when it is 1e-13 of the total. */
static double complement_mass(const sort_key *keys, size_t npos, size_t skip)
{
    bonx_ksum s = {0, 0};
    for (size_t i = 0; i < npos; i++)
        if (i != skip)
            bonx_ksum_add(&s, keys[i].p);
    return bonx_ksum_value(&s);
}

/* Tie groups and, within each, the distinct probabilities (keys sorted by reward, p). */
static void build_groups(bonx_dist *d, const sort_key *keys, size_t npos)
{
    size_t ng = 0, nu = 0;
    for (size_t i = 0; i < npos; i++) {
        if (i == 0 || keys[i].r != keys[i - 1].r) {
            d->g_r[ng] = keys[i].r;
            d->g_first[ng] = i;
            d->g_ufirst[ng] = nu;
            ng++;
        }
        if (i == 0 || keys[i].r != keys[i - 1].r || keys[i].p != keys[i - 1].p) {
            d->u_eps[nu] = keys[i].p;
            nu++;
        }
    }
    d->ng = ng;
    d->nu = nu;
    d->g_first[ng] = npos;
    d->g_ufirst[ng] = nu;
    /* u_mass = count * eps, rounded once */
    size_t u = 0, cnt = 0;
    for (size_t i = 0; i < npos; i++) {
        cnt++;
        if (i + 1 == npos || keys[i + 1].r != keys[i].r || keys[i + 1].p != keys[i].p) {
            d->u_mass[u] = (double)cnt * d->u_eps[u];
            if (d->u_eps[u] > 0.5) {
                /* Only one outcome can hold more than half the mass.  1 - eps from the rounded
                 * eps keeps few digits when eps is near 1, so take it as the others' mass. */
                double comp = complement_mass(keys, npos, i);
                d->u_log1m[u] = log(comp);
                d->u_logeps[u] = log1p(-comp);
            } else {
                d->u_log1m[u] = log1p(-d->u_eps[u]);
                d->u_logeps[u] = log(d->u_eps[u]);
            }
            u++;
            cnt = 0;
        }
    }
}

/* Group masses, prefix (F-) and suffix (S) sums, compensated, and the logs of §2. */
static void group_sums(bonx_dist *d)
{
    size_t ng = d->ng;
    bonx_ksum acc = {0, 0};
    for (size_t j = 0; j < ng; j++) {
        bonx_ksum gs = {0, 0};
        d->g_Fm[j] = bonx_ksum_value(&acc);
        for (size_t m = d->g_first[j]; m < d->g_first[j + 1]; m++) {
            bonx_ksum_add(&gs, d->p[d->order[m]]);
            bonx_ksum_add(&acc, d->p[d->order[m]]);
        }
        d->g[j] = bonx_ksum_value(&gs);
    }
    acc = (bonx_ksum){0, 0};
    for (size_t j = ng; j-- > 0;) {
        d->g_S[j] = bonx_ksum_value(&acc);
        for (size_t m = d->g_first[j]; m < d->g_first[j + 1]; m++)
            bonx_ksum_add(&acc, d->p[d->order[m]]);
    }
    for (size_t j = 0; j < ng; j++) {
        double Fm = d->g_Fm[j], g = d->g[j], S = d->g_S[j], F = Fm + g;
        d->g_C[j] = Fm + 0.5 * g;
        d->g_logF[j] = S < 0.5 ? log1p(-S) : log(F);
        d->g_logFm[j] = j == 0 ? -INFINITY : d->g_logF[j - 1];
        double gf = g / F;
        if (j == 0)
            d->g_logratio[j] = -INFINITY;
        else
            d->g_logratio[j] = gf <= 0.5 ? log1p(-gf) : d->g_logFm[j] - d->g_logF[j];
        /* log g near 1 from the mass outside the group, which the sums hold exactly */
        d->g_logg[j] = g > 0.5 ? log1p(-(Fm + S)) : log(g);
        if (g < DBL_MIN) {
            /* subnormal: g has lost digits, the weights have not */
            bonx_ksum ws = {0, 0};
            for (size_t m = d->g_first[j]; m < d->g_first[j + 1]; m++)
                bonx_ksum_add(&ws, d->w[d->order[m]]);
            d->g_logg[j] = log(bonx_ksum_value(&ws)) - d->log_wtotal;
        }
        d->g_lognlF[j] = log(-d->g_logF[j]);
        d->g_lognlr[j] = log(-d->g_logratio[j]);
    }
}

/* Moments sum p(y) eps^k of each group's outcomes (eps = p(y)), from the distinct eps. */
static void group_moments(bonx_dist *d)
{
    for (size_t j = 0; j < d->ng; j++) {
        double *m = d->g_mom + j * (BONX_MOM_DEG + 1);
        for (size_t u = d->g_ufirst[j]; u < d->g_ufirst[j + 1]; u++) {
            double t = d->u_mass[u];
            for (int k = 0; k <= BONX_MOM_DEG; k++, t *= d->u_eps[u])
                m[k] += t;
        }
    }
}

/* F, F-, S, C of every outcome, including those with p = 0 (which sit between groups).
 * The outcomes with mass are visited group by group through order (their group is known:
 * no search; a binary search per outcome was half of a K = 1e6 recompute, one cache miss
 * per step); only those without mass are searched for. */
static void outcome_cdfs(bonx_dist *d)
{
    for (size_t j = 0; j < d->ng; j++)
        for (size_t q = d->g_first[j]; q < d->g_first[j + 1]; q++) {
            size_t i = d->order[q];
            d->Fm[i] = d->g_Fm[j];
            d->F[i] = d->g_Fm[j] + d->g[j];
            d->S[i] = d->g_S[j];
            d->C[i] = d->g_C[j];
            d->group[i] = (long)j;
        }
    for (size_t i = 0; i < d->k; i++) {
        if (d->p[i] > 0)
            continue;
        long j = bonx_dist_group_at_or_below(d, d->r[i]);
        if (j < 0) {
            d->F[i] = d->Fm[i] = 0;
            d->S[i] = d->g_S[0] + d->g[0];
        } else if (d->g_r[j] == d->r[i]) {
            d->Fm[i] = d->g_Fm[j];
            d->F[i] = d->g_Fm[j] + d->g[j];
            d->S[i] = d->g_S[j];
        } else {
            /* above group j: F = F- = F(j), which rounds to 1 + ulp above the top group
             * (tests/fuzz/corpus/fuzz_dist) while a probability is at most 1 */
            d->F[i] = d->Fm[i] = fmin(1.0, d->g_Fm[j] + d->g[j]);
            d->S[i] = d->g_S[j];
        }
        d->C[i] = d->Fm[i] + 0.5 * (d->F[i] - d->Fm[i]);
        d->group[i] = -1;
    }
}

static void reward_range(bonx_dist *d)
{
    d->r_min = d->g_r[0];
    d->r_max = d->g_r[d->ng - 1];
    d->r_scale = fmax(fabs(d->r_min), fabs(d->r_max));
    if (d->r_scale == 0)
        d->r_scale = 1;
    d->r_exp = 0;
    if (d->r_scale >= 0x1p200 || d->r_scale < 0x1p-200)
        frexp(d->r_scale, &d->r_exp);
    for (size_t j = 0; j < d->ng; j++)
        d->g_rs[j] = ldexp(d->g_r[j], -d->r_exp);
}

int bonx_dist_init(bonx_dist *d, size_t k, const double *w, const double *r, bonx_err *err)
{
    memset(d, 0, sizeof *d);
    int rc = validate(k, w, r, err);
    if (rc)
        return rc;
    if (alloc_arrays(d, k, k)) {
        bonx_dist_free(d);
        return bonx_fail(err, BONX_ENOMEM, "out of memory for %zu outcomes", k);
    }
    d->k = k;
    memcpy(d->w, w, k * sizeof *w);
    memcpy(d->r, r, k * sizeof *r);
    if ((rc = normalise(d, err))) {
        bonx_dist_free(d);
        return rc;
    }
    sort_key *keys = malloc(k * sizeof *keys);
    if (!keys) {
        bonx_dist_free(d);
        return bonx_fail(err, BONX_ENOMEM, "out of memory for %zu outcomes", k);
    }
    size_t npos = 0;
    for (size_t i = 0; i < k; i++)
        if (d->p[i] > 0)
            keys[npos++] = (sort_key){d->r[i], d->p[i], i};
    sort_key *tmp = malloc((npos ? npos : 1) * sizeof *tmp);
    if (tmp)
        sort_keys(keys, npos, tmp);
    else   /* short of memory: qsort needs none of its own beyond what it can get */
        qsort(keys, npos, sizeof *keys, cmp_reward_p);
    free(tmp);
    build_groups(d, keys, npos);
    /* (reward, index) order: the groups are in reward order already, so only each group's
     * members need sorting by index (ties are few in most tables; one sort of all K was a
     * sixth of a K = 1e6 recompute) */
    for (size_t j = 0; j < d->ng; j++) {
        size_t first = d->g_first[j], n = d->g_first[j + 1] - first;
        if (n > 1)
            qsort(keys + first, n, sizeof *keys, cmp_reward_index);
    }
    for (size_t i = 0; i < npos; i++)
        d->order[i] = keys[i].idx;
    free(keys);
    group_sums(d);
    group_moments(d);
    outcome_cdfs(d);
    reward_range(d);
    return BONX_OK;
}

void bonx_dist_free(bonx_dist *d)
{
    void *arrays[] = {d->w, d->p, d->r, d->F, d->Fm, d->S, d->C, d->group, d->g_r, d->g,
                      d->g_Fm, d->g_S, d->g_C, d->g_logF, d->g_logratio, d->g_logg, d->order,
                      d->g_first, d->g_lognlF, d->g_logFm, d->u_eps, d->u_mass, d->u_log1m,
                      d->u_logeps, d->g_ufirst, d->g_mom, d->g_lognlr, d->g_rs};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        free(arrays[i]);
    memset(d, 0, sizeof *d);
}

int bonx_dist_copy(bonx_dist *dst, const bonx_dist *src, bonx_err *err)
{
    /* rebuilding from the inputs is deterministic, so the copy is bit-identical */
    return bonx_dist_init(dst, src->k, src->w, src->r, err);
}

double bonx_dist_kl_ceiling(const bonx_dist *d)
{
    size_t top = d->ng - 1;
    double below = d->g_Fm[top];
    return below < 0.5 ? -log1p(-below) : -d->g_logg[top];
}

long bonx_dist_group_at_or_below(const bonx_dist *d, double x)
{
    if (d->ng == 0 || !(x >= d->g_r[0]))
        return -1;
    size_t lo = 0, hi = d->ng; /* invariant: g_r[lo] <= x < g_r[hi] (hi may be ng) */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->g_r[mid] <= x)
            lo = mid;
        else
            hi = mid;
    }
    return (long)lo;
}
