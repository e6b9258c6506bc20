/* SPDX-License-Identifier: MIT */
/* The reference distribution and its per-group constants (MATH.md §1). */
#include <float.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "dist.h"
#include "numeric.h"
#include "worker.h"
#include "elementary.h"

typedef struct sort_key { double r, p; size_t idx; } sort_key;

/* (reward, p, index): equal probabilities of a group become adjacent.  A merge sort with it
 * inline beats qsort's call per comparison by about 3x; the order is total (indices differ).
 * (Used within large tie groups, and for the rare outcome of more than half the mass.) */
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

/* fn(lo) on this thread and fn(hi) on helper, or both here when there is none. */
static void on_both(bonx_worker *helper, void (*fn)(void *), void *lo, void *hi)
{
    if (helper)
        bonx_worker_post(helper, fn, hi);
    else
        fn(hi);
    fn(lo);
    if (helper)
        bonx_worker_wait(helper);
}

/* Outcomes lo .. hi-1 of a pass over the table split in two (on_both). */
typedef struct outcome_span {
    bonx_dist *d;
    size_t lo, hi;
    double t;        /* divide: the total */
    size_t npos;     /* divide: out, outcomes with p > 0 */
    double *ps;      /* gather: p in d->order's order */
} outcome_span;

/* p /= t, counting the outcomes with mass; every outcome's group "none" for now (those with
 * mass get theirs in build_groups). */
static void divide(void *arg)
{
    outcome_span *x = arg;
    bonx_dist *d = x->d;
    size_t npos = 0;
    for (size_t i = x->lo; i < x->hi; i++) {
        d->p[i] /= x->t;   /* below 4.9e-324 of the total a weight's p is 0: no mass (dist.h) */
        npos += d->p[i] > 0;
        d->group[i] = -1;
    }
    x->npos = npos;
}

/* p = w / sum w without overflow: scale by a power of two (exact) taken from the max weight.
 * Returns the number of outcomes with p > 0 (0: total weight zero). */
static size_t normalise(bonx_dist *d, bonx_worker *helper)
{
    double wmax = 0;
    for (size_t i = 0; i < d->k; i++)
        wmax = d->w[i] > wmax ? d->w[i] : wmax;   /* validated: no NaN */
    if (wmax == 0)
        return 0;
    int e;
    frexp(wmax, &e);
    /* times 2^-e, one correctly rounded product like ldexp's (a library call each was a
     * tenth of this function's instructions at K = 1e6), while 2^-e is a normal double */
    double scale = ldexp(1.0, -e);
    int by_product = -e >= DBL_MIN_EXP - 1 && -e < DBL_MAX_EXP;
    bonx_ksum tot = {0, 0};
    for (size_t i = 0; i < d->k; i++) {
        d->p[i] = by_product ? d->w[i] * scale : ldexp(d->w[i], -e);
        bonx_ksum_add(&tot, d->p[i]);
    }
    double t = bonx_ksum_value(&tot);
    outcome_span lo = {d, 0, d->k / 2, t, 0, NULL}, hi = {d, d->k / 2, d->k, t, 0, NULL};
    on_both(helper, divide, &lo, &hi);
    d->log_wtotal = e * M_LN2 + bonx_log(t);
    return lo.npos + hi.npos;
}

/* ps[m] = p of the outcome d->order[m]: independent loads, half on each thread. */
static void gather(void *arg)
{
    outcome_span *x = arg;
    for (size_t m = x->lo; m < x->hi; m++)
        x->ps[m] = x->d->p[x->d->order[m]];
}

/* ---- the (reward, index) order of the outcomes with mass: a radix sort */

typedef struct rkey { uint64_t key; size_t idx; } rkey;

/* An unsigned integer in the order of the doubles (r finite); -0 is +0, as r != r' says. */
static uint64_t reward_key(double r)
{
    double z = r == 0 ? 0.0 : r;
    uint64_t b;
    memcpy(&b, &z, sizeof b);
    return b >> 63 ? ~b : b | 0x8000000000000000ULL;
}

/* The reward of a key (its zero is +0). */
static double key_reward(uint64_t key)
{
    uint64_t b = key >> 63 ? key & ~0x8000000000000000ULL : ~key;
    double r;
    memcpy(&r, &b, sizeof r);
    return r;
}

/* Stable least-significant-digit radix sort of v (n) by key, between v and tmp, over the
 * bits where the keys differ (diff: the OR of every key XOR the first; integer rewards share
 * their low ones), in as few digits of at most 11 bits (2048 counters, which stay in the
 * first-level cache) as they take, every digit's counts from one pass.  Stable, so equal
 * rewards keep their index order: the order wanted, no tie-breaking.  At K = 1e6 integer
 * rewards take 3 passes of linear work (bytes took 4; the merge sort before took a quarter of
 * a recompute).  *out: the buffer holding the result.  BONX_OK, BONX_ECANCELED or
 * BONX_ENOMEM. */
#define RADIX_BITS 11
#define RADIX_MAX_PASSES ((64 + RADIX_BITS - 1) / RADIX_BITS)
static int radix_sort(rkey *v, rkey *tmp, size_t n, uint64_t diff, const bonx_cancel *cancel,
                      rkey **out)
{
    *out = v;
    if (n == 0 || diff == 0)
        return BONX_OK;
    int lo = __builtin_ctzll(diff), bits = 64 - __builtin_clzll(diff) - lo;
    int passes = (bits + RADIX_BITS - 1) / RADIX_BITS, width = (bits + passes - 1) / passes;
    uint64_t mask = ((uint64_t)1 << width) - 1;
    size_t (*count)[1 << RADIX_BITS] = calloc(passes, sizeof *count);
    if (!count)
        return BONX_ENOMEM;
    for (size_t i = 0; i < n; i++)
        for (int p = 0; p < passes; p++)
            count[p][(v[i].key >> (lo + p * width)) & mask]++;
    rkey *from = v, *to = tmp;
    for (int p = 0; p < passes; p++) {
        if (bonx_cancelled(cancel)) {
            free(count);
            return BONX_ECANCELED;
        }
        int shift = lo + p * width;
        size_t at = 0;
        for (uint64_t x = 0; x <= mask; x++) {
            size_t c = count[p][x];
            count[p][x] = at;
            at += c;
        }
        size_t *pos = count[p];
        for (size_t i = 0; i < n; i++)
            to[pos[(from[i].key >> shift) & mask]++] = from[i];
        rkey *t = from;
        from = to;
        to = t;
    }
    free(count);
    *out = from;
    return BONX_OK;
}

/* d->order (npos), the group boundaries g_first (ng + 1) and the group rewards g_r (ng;
 * allocated here: read off the sorted keys, not from d->r at random places) from the
 * rewards of the outcomes with mass. */
static int sort_outcomes(bonx_dist *d, size_t npos, const bonx_cancel *cancel, bonx_err *err)
{
    rkey *v = malloc(npos * sizeof *v), *tmp = malloc(npos * sizeof *tmp);
    d->order = malloc(npos * sizeof *d->order);
    if (!v || !tmp || !d->order) {
        free(v);
        free(tmp);
        return bonx_fail(err, BONX_ENOMEM, "out of memory for %zu outcomes", d->k);
    }
    size_t n = 0;
    uint64_t diff = 0, first = 0;
    for (size_t i = 0; i < d->k; i++)
        if (d->p[i] > 0) {
            uint64_t key = reward_key(d->r[i]);
            first = n == 0 ? key : first;
            diff |= key ^ first;
            v[n++] = (rkey){key, i};
        }
    rkey *s;
    int rc = radix_sort(v, tmp, npos, diff, cancel, &s);
    if (rc)
        s = NULL;
    size_t ng = 0;
    for (size_t i = 0; s && i < npos; i++) {
        d->order[i] = s[i].idx;
        ng += i == 0 || s[i].key != s[i - 1].key;
    }
    d->ng = ng;
    d->g_first = s ? malloc((ng + 1) * sizeof *d->g_first) : NULL;
    d->g_r = s ? malloc((ng ? ng : 1) * sizeof *d->g_r) : NULL;
    for (size_t i = 0, j = 0; d->g_first && d->g_r && i < npos; i++)
        if (i == 0 || s[i].key != s[i - 1].key) {
            d->g_r[j] = key_reward(s[i].key);
            d->g_first[j++] = i;
        }
    if (d->g_first)
        d->g_first[ng] = npos;
    free(v);
    free(tmp);
    if (rc == BONX_ECANCELED)
        return bonx_fail(err, BONX_ECANCELED, "cancelled");
    if (rc)
        return bonx_fail(err, BONX_ENOMEM, "out of memory for %zu outcomes", d->k);
    return d->g_first && d->g_r ? BONX_OK
                                : bonx_fail(err, BONX_ENOMEM, "out of memory for %zu outcomes",
                                            d->k);
}

/* ---- groups */

static void *xmalloc(size_t n, size_t sz, int *fail)
{
    void *q = malloc((n ? n : 1) * sz);
    if (!q)
        *fail = 1;
    return q;
}

/* Every group array, at its size now that ng is known (the u arrays at their largest,
 * npos: cut to nu once it is known). */
static int alloc_groups(bonx_dist *d, size_t npos)
{
    int fail = 0;
    size_t ng = d->ng;
    double **ga[] = {&d->g, &d->g_Fm, &d->g_S, &d->g_C, &d->g_logratio, &d->g_logg,
                     &d->g_lognlF, &d->g_lognlr};
    for (size_t i = 0; i < sizeof ga / sizeof ga[0]; i++)
        *ga[i] = xmalloc(ng, sizeof(double), &fail);
    d->g_logFm = xmalloc(ng + 1, sizeof(double), &fail);
    d->g_logF = d->g_logFm ? d->g_logFm + 1 : NULL;
    d->g_ufirst = xmalloc(ng + 1, sizeof *d->g_ufirst, &fail);
    d->g_momslot = xmalloc(ng, sizeof *d->g_momslot, &fail);
    double **ua[] = {&d->u_eps, &d->u_mass, &d->u_log1m, &d->u_logeps};
    for (size_t i = 0; i < sizeof ua / sizeof ua[0]; i++)
        *ua[i] = xmalloc(npos, sizeof(double), &fail);
    return fail ? BONX_ENOMEM : BONX_OK;
}

/* Mass of every positive outcome but skip, compensated and summed in (reward, p, index)
 * order: accurate to a few ulp even when it is 1e-13 of the total.  Only for an outcome of
 * more than half the mass (there is at most one), so its sort is paid rarely. */
static int complement_mass(const bonx_dist *d, size_t skip, double *out)
{
    size_t n = d->g_first[d->ng];
    sort_key *keys = malloc(n * sizeof *keys), *tmp = malloc(n * sizeof *tmp);
    if (!keys || !tmp) {
        free(keys);
        free(tmp);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        size_t y = d->order[i];
        keys[i] = (sort_key){d->r[y], d->p[y], y};
    }
    sort_keys(keys, n, tmp);
    bonx_ksum s = {0, 0};
    for (size_t i = 0; i < n; i++)
        if (keys[i].idx != skip)
            bonx_ksum_add(&s, keys[i].p);
    free(keys);
    free(tmp);
    *out = bonx_ksum_value(&s);
    return 0;
}

/* The members of group j as (p, index) in ascending order, in *buf (grown as needed): the
 * distinct probabilities of the group become adjacent.  ps: p in d->order's order. */
static sort_key *members_by_p(const bonx_dist *d, const double *ps, size_t j, sort_key **buf,
                              size_t *cap)
{
    size_t first = d->g_first[j], n = d->g_first[j + 1] - first;
    if (n > *cap) {
        size_t want = n > 2 * *cap ? n : 2 * *cap;
        sort_key *q = realloc(*buf, 2 * want * sizeof *q);   /* and the merge sort's half */
        if (!q)
            return NULL;
        *buf = q;
        *cap = want;
    }
    sort_key *v = *buf;
    for (size_t m = 0; m < n; m++)   /* one reward: the order is (p, index) */
        v[m] = (sort_key){0, ps[first + m], d->order[first + m]};
    if (n == 2 && key_before(&v[1], &v[0])) {
        sort_key t = v[0];
        v[0] = v[1];
        v[1] = t;
    } else if (n > 2 && n <= 32)
        insertion_sort_keys(v, n);
    else if (n > 32)
        sort_keys(v, n, v + *cap);
    return v;
}

/* One thread's share of the groups (build_groups): groups j0 .. j1-1, their distinct
 * probabilities written from entry u0 on (an upper bound of the entries of the groups
 * below: each distinct eps has an outcome of its own). */
typedef struct group_span {
    bonx_dist *d;
    const double *ps;
    const bonx_cancel *cancel;
    size_t j0, j1, u0;
    size_t nu;       /* out: entries written */
    size_t half;     /* out: the entry of an eps above 1/2, or (size_t)-1 */
    int counted;     /* out: u_mass written (a count above 1) */
    int rc;
    bonx_err err;
} group_span;

/* log1p(-eps) and log eps of the distinct eps lo .. hi-1 but skip (the one above 1/2, whose
 * logs come from the complement of its mass). */
static void fill_logs(bonx_dist *d, size_t lo, size_t hi, size_t skip)
{
    for (size_t u = lo; u < hi; u++) {
        if (u == skip)
            continue;
        d->u_log1m[u] = bonx_log1p(-d->u_eps[u]);
        d->u_logeps[u] = bonx_log(d->u_eps[u]);
    }
}

/* Group rewards, the outcomes' groups, and within each group the distinct probabilities:
 * u_eps and u_mass = count * eps (rounded once), log1p(-eps) and log eps, for the groups of
 * the span.  While every count is 1 (weights that do not repeat within a tie group) u_mass
 * is u_eps (1 * eps == eps): it is written from the first count above 1 on, and otherwise
 * never (8 MB at K = 1e6). */
static void build_span(void *arg)
{
    group_span *sp = arg;
    bonx_dist *d = sp->d;
    sp->half = (size_t)-1;
    sort_key *buf = NULL;
    size_t cap = 0, nu = sp->u0;
    int rc = BONX_OK, counted = 0;
    bonx_err *err = &sp->err;
    for (size_t j = sp->j0; j < sp->j1 && !rc; j++) {
        if (j % 16384 == 16383 && bonx_cancelled(sp->cancel)) {
            rc = bonx_fail(err, BONX_ECANCELED, "cancelled");
            break;
        }
        size_t n = d->g_first[j + 1] - d->g_first[j];
        sort_key *v = members_by_p(d, sp->ps, j, &buf, &cap);
        if (!v) {
            rc = bonx_fail(err, BONX_ENOMEM, "out of memory for %zu outcomes", d->k);
            break;
        }
        if (d->g_r[j] == 0)   /* rewards +-0: the group's sign of zero is its first's */
            d->g_r[j] = d->r[v[0].idx];
        d->g_ufirst[j] = nu;
        for (size_t m = 0, cnt = 0; m < n; m++) {
            d->group[v[m].idx] = (long)j;
            cnt++;
            if (m + 1 < n && v[m + 1].p == v[m].p)
                continue;
            double eps = v[m].p;
            d->u_eps[nu] = eps;
            if (cnt > 1 && !counted) {
                memcpy(d->u_mass + sp->u0, d->u_eps + sp->u0, (nu - sp->u0) * sizeof *d->u_mass);
                counted = 1;
            }
            if (counted)
                d->u_mass[nu] = (double)cnt * eps;
            if (eps > 0.5) {
                /* Only one outcome can hold more than half the mass.  1 - eps from the rounded
                 * eps keeps few digits when eps is near 1, so take it as the others' mass. */
                double comp;
                if (complement_mass(d, v[m].idx, &comp)) {
                    rc = bonx_fail(err, BONX_ENOMEM, "out of memory for %zu outcomes", d->k);
                    break;
                }
                d->u_log1m[nu] = bonx_log(comp);
                d->u_logeps[nu] = bonx_log1p(-comp);
                sp->half = nu;
            }
            nu++;
            cnt = 0;
        }
    }
    free(buf);
    sp->rc = rc;
    sp->nu = nu - sp->u0;
    sp->counted = counted;
    if (!rc)
        fill_logs(d, sp->u0, nu, sp->half);
}

/* The second span's entries moved down to follow the first's (where the first had repeated
 * probabilities, they do not meet), and u_mass made whole or given up (u_eps). */
static void join_spans(bonx_dist *d, group_span *a, group_span *b)
{
    size_t to = a->u0 + a->nu, from = b->u0, n = b->nu;
    if (b->j0 < b->j1 && from != to) {
        double *ua[] = {d->u_eps, d->u_log1m, d->u_logeps, b->counted ? d->u_mass : NULL};
        for (size_t i = 0; i < sizeof ua / sizeof ua[0]; i++)
            if (ua[i])
                memmove(ua[i] + to, ua[i] + from, n * sizeof(double));
        for (size_t j = b->j0; j < b->j1; j++)
            d->g_ufirst[j] -= from - to;
    }
    if (a->counted || b->counted) {
        if (!a->counted)
            memcpy(d->u_mass + a->u0, d->u_eps + a->u0, a->nu * sizeof(double));
        if (!b->counted)
            memcpy(d->u_mass + to, d->u_eps + to, n * sizeof(double));
    }
}

/* The first group at or above which about half the outcomes with mass lie. */
static size_t middle_group(const bonx_dist *d)
{
    size_t lo = 0, hi = d->ng, half = d->g_first[d->ng] / 2;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->g_first[mid] < half)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Every group's distinct probabilities and their logs (build_span), on helper as well when
 * given one. */
static int build_groups(bonx_dist *d, const double *ps, const bonx_cancel *cancel,
                        bonx_worker *helper, bonx_err *err)
{
    size_t h = helper ? middle_group(d) : d->ng;
    group_span a = {d, ps, cancel, 0, h, 0, 0, 0, 0, 0, {0}};
    group_span b = {d, ps, cancel, h, d->ng, d->g_first[h], 0, 0, 0, 0, {0}};
    if (helper)
        bonx_worker_post(helper, build_span, &b);
    build_span(&a);
    if (helper)
        bonx_worker_wait(helper);
    else
        b.half = (size_t)-1;   /* (not run: empty) */
    for (group_span *sp = &a; sp; sp = sp == &a ? &b : NULL)
        if (sp->rc) {
            if (err)
                *err = sp->err;
            return sp->rc;
        }
    join_spans(d, &a, &b);
    size_t nu = a.nu + b.nu;
    d->nu = nu;
    d->g_ufirst[d->ng] = nu;
    if (!a.counted && !b.counted) {
        free(d->u_mass);
        d->u_mass = NULL;
    }
    /* the u arrays were sized for one entry per outcome: give back the rest */
    double **ua[] = {&d->u_eps, &d->u_mass, &d->u_log1m, &d->u_logeps};
    for (size_t i = 0; i < sizeof ua / sizeof ua[0]; i++) {
        double *q = *ua[i] ? realloc(*ua[i], (nu ? nu : 1) * sizeof(double)) : NULL;
        if (q)
            *ua[i] = q;
    }
    if (!d->u_mass)
        d->u_mass = d->u_eps;
    return BONX_OK;
}

/* Group masses g and the prefix sums F-, compensated (the suffix sums S: suffix_sums). */
static void prefix_sums(bonx_dist *d, const double *ps)
{
    bonx_ksum acc = {0, 0};
    for (size_t j = 0; j < d->ng; j++) {
        bonx_ksum gs = {0, 0};
        d->g_Fm[j] = bonx_ksum_value(&acc);
        for (size_t m = d->g_first[j]; m < d->g_first[j + 1]; m++) {
            bonx_ksum_add(&gs, ps[m]);
            bonx_ksum_add(&acc, ps[m]);
        }
        d->g[j] = bonx_ksum_value(&gs);
    }
}

typedef struct sums_job { bonx_dist *d; const double *ps; } sums_job;

static void suffix_sums(void *arg)
{
    const sums_job *x = arg;
    bonx_dist *d = x->d;
    bonx_ksum acc = {0, 0};
    for (size_t j = d->ng; j-- > 0;) {
        d->g_S[j] = bonx_ksum_value(&acc);
        for (size_t m = d->g_first[j]; m < d->g_first[j + 1]; m++)
            bonx_ksum_add(&acc, x->ps[m]);
    }
}

/* The per-group logs of groups lo .. hi-1, in two passes: log F first (log F- of a group is
 * log F of the one below, which the second pass reads). */
typedef struct log_groups { bonx_dist *d; size_t lo, hi; int pass; } log_groups;

static void group_logs(void *arg)
{
    const log_groups *x = arg;
    bonx_dist *d = x->d;
    if (x->pass == 0) {
        for (size_t j = x->lo; j < x->hi; j++) {
            double Fm = d->g_Fm[j], g = d->g[j], S = d->g_S[j], F = Fm + g;
            d->g_C[j] = fmin(1.0, Fm + 0.5 * g);   /* F- + g/2 rounds to 1 + ulp at the top */
            d->g_logF[j] = S < 0.5 ? bonx_log1p(-S) : bonx_log(F);
            d->g_lognlF[j] = bonx_log(-d->g_logF[j]);
        }
        return;
    }
    for (size_t j = x->lo; j < x->hi; j++) {
        double Fm = d->g_Fm[j], g = d->g[j], S = d->g_S[j], F = Fm + g;
        double gf = g / F;
        if (j == 0)
            d->g_logratio[j] = -INFINITY;
        else
            d->g_logratio[j] = gf <= 0.5 ? bonx_log1p(-gf) : d->g_logFm[j] - d->g_logF[j];
        /* log g near 1 from the mass outside the group, which the sums hold exactly */
        d->g_logg[j] = g > 0.5 ? bonx_log1p(-(Fm + S)) : bonx_log(g);
        if (g < DBL_MIN) {
            /* subnormal: g has lost digits, the weights have not */
            bonx_ksum ws = {0, 0};
            for (size_t m = d->g_first[j]; m < d->g_first[j + 1]; m++)
                bonx_ksum_add(&ws, d->w[d->order[m]]);
            d->g_logg[j] = bonx_log(bonx_ksum_value(&ws)) - d->log_wtotal;
        }
        d->g_lognlr[j] = bonx_log(-d->g_logratio[j]);
    }
}

/* Group masses, prefix (F-) and suffix (S) sums, compensated, and the logs of §2, the two
 * sums and each half of the logs on a thread of their own where there is a helper.  ps holds
 * the outcomes' p in d->order's order. */
static void group_sums(bonx_dist *d, const double *ps, bonx_worker *helper)
{
    sums_job sj = {d, ps};
    if (helper)
        bonx_worker_post(helper, suffix_sums, &sj);
    else
        suffix_sums(&sj);
    prefix_sums(d, ps);
    if (helper)
        bonx_worker_wait(helper);
    d->g_logFm[0] = -INFINITY;   /* g_logFm[j + 1] is g_logF[j]: the same storage */
    size_t h = helper ? d->ng / 2 : d->ng;
    for (int pass = 0; pass < 2; pass++) {
        log_groups lo = {d, 0, h, pass}, hi = {d, h, d->ng, pass};
        if (helper)
            bonx_worker_post(helper, group_logs, &hi);
        group_logs(&lo);
        if (helper)
            bonx_worker_wait(helper);
    }
}

/* Moments sum p(y) eps^k of the groups of more than BONX_MOM_STORED distinct eps, from the
 * distinct eps (bonx_dist_moments sums the others' the same way where they are used). */
static int group_moments(bonx_dist *d)
{
    size_t nbig = 0;
    for (size_t j = 0; j < d->ng; j++) {
        int big = d->g_ufirst[j + 1] - d->g_ufirst[j] > BONX_MOM_STORED;
        d->g_momslot[j] = big ? nbig++ : (size_t)-1;
    }
    d->g_mom = calloc(nbig ? nbig * (BONX_MOM_DEG + 1) : 1, sizeof *d->g_mom);
    if (!d->g_mom)
        return BONX_ENOMEM;
    for (size_t j = 0; j < d->ng; j++) {
        if (d->g_momslot[j] == (size_t)-1)
            continue;
        double *m = d->g_mom + d->g_momslot[j] * (BONX_MOM_DEG + 1);
        for (size_t u = d->g_ufirst[j]; u < d->g_ufirst[j + 1]; u++) {
            double t = d->u_mass[u];
            for (int k = 0; k <= BONX_MOM_DEG; k++, t *= d->u_eps[u])
                m[k] += t;
        }
    }
    return BONX_OK;
}

static int reward_range(bonx_dist *d)
{
    d->r_min = d->g_r[0];
    d->r_max = d->g_r[d->ng - 1];
    d->r_scale = fmax(fabs(d->r_min), fabs(d->r_max));
    if (d->r_scale == 0)
        d->r_scale = 1;
    d->r_exp = 0;
    if (d->r_scale >= 0x1p200 || d->r_scale < 0x1p-200)
        frexp(d->r_scale, &d->r_exp);
    if (d->r_exp == 0) {
        d->g_rs = d->g_r;   /* scaled by 2^0: the same numbers */
        return BONX_OK;
    }
    if (!(d->g_rs = malloc(d->ng * sizeof *d->g_rs)))
        return BONX_ENOMEM;
    for (size_t j = 0; j < d->ng; j++)
        d->g_rs[j] = ldexp(d->g_r[j], -d->r_exp);
    return BONX_OK;
}

/* Everything from d->k, d->w and d->r (set), with helper (may be NULL) taking half of the
 * passes that split. */
static int build_with(bonx_dist *d, bonx_worker *helper, const bonx_cancel *cancel,
                      bonx_err *err)
{
    size_t k = d->k;
    int rc = validate(k, d->w, d->r, err);
    if (rc)
        return rc;
    d->p = malloc(k * sizeof *d->p);
    d->group = malloc(k * sizeof *d->group);
    if (!d->p || !d->group)
        return bonx_fail(err, BONX_ENOMEM, "out of memory for %zu outcomes", k);
    size_t npos = normalise(d, helper);
    if (npos == 0)
        return bonx_fail(err, BONX_EINVAL, "total weight is zero");
    if (bonx_cancelled(cancel))
        return bonx_fail(err, BONX_ECANCELED, "cancelled");
    if ((rc = sort_outcomes(d, npos, cancel, err)))
        return rc;
    /* p in (reward, index) order, gathered in one pass of independent loads (the later
     * passes read it in order; picking p out of d->p group by group was a fifth of this) */
    double *ps = alloc_groups(d, npos) ? NULL : malloc(npos * sizeof *ps);
    if (!ps)
        return bonx_fail(err, BONX_ENOMEM, "out of memory for %zu outcomes", k);
    outcome_span lo = {d, 0, npos / 2, 0, 0, ps}, hi = {d, npos / 2, npos, 0, 0, ps};
    on_both(helper, gather, &lo, &hi);
    rc = build_groups(d, ps, cancel, helper, err);
    if (!rc && bonx_cancelled(cancel))
        rc = bonx_fail(err, BONX_ECANCELED, "cancelled");
    if (!rc)
        group_sums(d, ps, helper);
    free(ps);
    if (rc)
        return rc;
    rc = group_moments(d) || reward_range(d);
    return rc ? bonx_fail(err, BONX_ENOMEM, "out of memory for %zu outcomes", k) : BONX_OK;
}

/* From this many outcomes on, the passes that split (normalising, gathering, the groups,
 * their sums and logs) run on two threads (at K = 1e6 they were most of bonx_dist_init on
 * one; a thread costs tens of microseconds). */
#define DIST_THREAD_MIN_OUTCOMES 65536

static int build(bonx_dist *d, const bonx_cancel *cancel, bonx_err *err)
{
    bonx_worker *helper = d->k >= DIST_THREAD_MIN_OUTCOMES ? bonx_worker_new() : NULL;
    int rc = build_with(d, helper, cancel, err);
    bonx_worker_free(helper);
    return rc;
}

int bonx_dist_init_owned(bonx_dist *d, size_t k, double *w, double *r, const bonx_cancel *cancel,
                         bonx_err *err)
{
    memset(d, 0, sizeof *d);
    d->k = k;
    d->w = w;
    d->r = r;
    int rc = w && r ? build(d, cancel, err)
                    : bonx_fail(err, BONX_ENOMEM, "out of memory for %zu outcomes", k);
    if (rc) {
        free(w);
        free(r);
        d->w = d->r = NULL;
        bonx_dist_free(d);
    }
    return rc;
}

int bonx_dist_init(bonx_dist *d, size_t k, const double *w, const double *r, bonx_err *err)
{
    memset(d, 0, sizeof *d);
    int rc = validate(k, w, r, err);   /* before copying: k may be absurd */
    if (rc)
        return rc;
    double *wc = malloc(k * sizeof *wc), *rcp = malloc(k * sizeof *rcp);
    if (wc && rcp) {
        memcpy(wc, w, k * sizeof *w);
        memcpy(rcp, r, k * sizeof *r);
    }
    if (!wc || !rcp) {
        free(wc);
        free(rcp);
        return bonx_fail(err, BONX_ENOMEM, "out of memory for %zu outcomes", k);
    }
    return bonx_dist_init_owned(d, k, wc, rcp, NULL, err);
}

void bonx_dist_free(bonx_dist *d)
{
    if (d->g_rs != d->g_r)
        free(d->g_rs);
    if (d->u_mass != d->u_eps)
        free(d->u_mass);
    void *arrays[] = {d->w, d->p, d->r, d->group, d->g_r, d->g, d->g_Fm, d->g_S, d->g_C,
                      d->g_logFm /* and g_logF */, d->g_logratio, d->g_logg, d->order,
                      d->g_first, d->g_lognlF, d->u_eps /* and u_mass */, d->u_log1m,
                      d->u_logeps, d->g_ufirst, d->g_mom, d->g_momslot, d->g_lognlr};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        free(arrays[i]);
    memset(d, 0, sizeof *d);
}

int bonx_dist_copy(bonx_dist *dst, const bonx_dist *src, bonx_err *err)
{
    /* rebuilding from the inputs is deterministic, so the copy is bit-identical */
    return bonx_dist_init(dst, src->k, src->w, src->r, err);
}

/* Outcome i's F-, F and S: its group's, or for an outcome without mass those of the groups
 * around its reward. */
static void outcome_cdf(const bonx_dist *d, size_t i, double *Fm, double *F, double *S)
{
    long j = d->group[i];
    if (j < 0) {
        j = bonx_dist_group_at_or_below(d, d->r[i]);
        if (j < 0) {
            *F = *Fm = 0;
            *S = d->g_S[0] + d->g[0];
            return;
        }
        if (d->g_r[j] != d->r[i]) {
            /* above group j: F = F- = F(j), which rounds to 1 + ulp above the top group
             * (tests/fuzz/corpus/fuzz_dist) while a probability is at most 1 */
            *F = *Fm = fmin(1.0, d->g_Fm[j] + d->g[j]);
            *S = d->g_S[j];
            return;
        }
    }
    *Fm = d->g_Fm[j];
    *F = d->g_Fm[j] + d->g[j];
    *S = d->g_S[j];
}

double bonx_dist_F(const bonx_dist *d, size_t i)
{
    double Fm, F, S;
    outcome_cdf(d, i, &Fm, &F, &S);
    return F;
}

double bonx_dist_Fm(const bonx_dist *d, size_t i)
{
    double Fm, F, S;
    outcome_cdf(d, i, &Fm, &F, &S);
    return Fm;
}

double bonx_dist_S(const bonx_dist *d, size_t i)
{
    double Fm, F, S;
    outcome_cdf(d, i, &Fm, &F, &S);
    return S;
}

double bonx_dist_C(const bonx_dist *d, size_t i)
{
    if (d->group[i] >= 0)
        return d->g_C[d->group[i]];
    double Fm, F, S;
    outcome_cdf(d, i, &Fm, &F, &S);
    return fmin(1.0, Fm + 0.5 * (F - Fm));   /* tied with the top group: as g_C, at most 1 */
}

double bonx_dist_kl_ceiling(const bonx_dist *d)
{
    size_t top = d->ng - 1;
    double below = d->g_Fm[top];
    return below < 0.5 ? -bonx_log1p(-below) : -d->g_logg[top];
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
