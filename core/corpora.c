/* SPDX-License-Identifier: MIT */
/* Corpora from sampling adaptors: see corpora.h. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "bands.h"
#include "corpora.h"
#include "correlation.h"
#include "rng.h"

void bonx_corpora_free(bonx_corpora *c)
{
    free(c->log_p), free(c->s), free(c->avg_log_prior), free(c->avg_reward), free(c->stats);
    free(c->avg_info), free(c->theta);
    memset(c, 0, sizeof *c);
}

double bonx_corpora_line_reward(const bonx_corpora *c, double avg_log_prior)
{
    double m = (double)c->m;
    return m * c->q_reward + c->beta * (m * c->q_log_prior - avg_log_prior);
}

int bonx_corpora_typical(const bonx_corpora *c, size_t a, size_t ci)
{
    return bonx_typical_contains(&c->typical_q, c->m, c->avg_info[a * c->corpora + ci]);
}

/* The number of samplers: the bands, or the adaptors. */
static size_t samplers_of(const bonx_corpora_spec *sp)
{
    return sp->bands ? sp->bands : sp->n_adaptors;
}

/* What must stay a double: string rewards (m tokens), log Z = max r/beta + (at most 746),
 * and line (6.2), m E_q[r] + beta (m E_q[log p] - x), whose second term is at most
 * beta m 746 (log probabilities are >= -745 per token).  Checked in long double. */
static int check_range(const bonx_corpora_spec *sp, bonx_err *err)
{
    long double r_abs = 0, m = (long double)sp->m, beta = sp->beta;
    for (size_t i = 0; i < sp->k; i++)
        if (sp->p[i] > 0)
            r_abs = fmaxl(r_abs, fabsl(sp->r[i]));
    if (!(m * r_abs + beta * m * 746 <= DBL_MAX))
        return bonx_fail(err, BONX_ERANGE, "corpora: rewards up to %Lg, beta %g and m = %zu "
                         "put string rewards or line (6.2) beyond the double range", r_abs,
                         sp->beta, sp->m);
    if (!(r_abs / beta + 746 <= DBL_MAX))
        return bonx_fail(err, BONX_ERANGE, "corpora: reward/beta = %Lg/%g is beyond the double "
                         "range (log Z)", r_abs, sp->beta);
    return BONX_OK;
}

static int check_spec(const bonx_corpora_spec *sp, bonx_err *err)
{
    if (sp->k == 0)
        return bonx_fail(err, BONX_EINVAL, "corpora: no outcomes");
    long double total = 0;
    for (size_t i = 0; i < sp->k; i++) {
        if (!(sp->p[i] >= 0) || !isfinite(sp->p[i]))
            return bonx_fail(err, BONX_EINVAL, "corpora: probability %zu is %g", i + 1, sp->p[i]);
        if (!isfinite(sp->r[i]))
            return bonx_fail(err, BONX_EINVAL, "corpora: reward %zu is %g", i + 1, sp->r[i]);
        total += sp->p[i];
    }
    if (!(total > 0))
        return bonx_fail(err, BONX_EINVAL, "corpora: total probability is zero");
    if (!(sp->beta > 0) || !isfinite(sp->beta))
        return bonx_fail(err, BONX_EINVAL, "corpora: beta must be finite and > 0 (got %g)", sp->beta);
    if (!sp->corpus_size || !sp->corpora || !sp->m)
        return bonx_fail(err, BONX_EINVAL, "corpora: corpus size, corpora and m must be >= 1");
    if (!samplers_of(sp))
        return bonx_fail(err, BONX_EINVAL, "corpora: no adaptor");
    if (isnan(sp->eps) || !(sp->eps < INFINITY))
        return bonx_fail(err, BONX_EINVAL, "corpora: eps must be finite (got %g)", sp->eps);
    for (size_t a = 0; !sp->bands && a < sp->n_adaptors; a++)
        for (size_t j = 0; j < sp->adaptors[a].nsteps; j++) {
            bonx_err e = {0};
            if (bonx_adapt_step_check(&sp->adaptors[a].step[j], &e))
                return bonx_fail(err, BONX_EINVAL, "adaptor %zu: %s", a + 1, e.msg);
        }
    return check_range(sp, err);
}

/* log p, and the unnormalised log weights of q: log p + (r - r_max)/beta. */
static void aligned_log_weights(const bonx_corpora_spec *sp, double *log_p, double *logw)
{
    long double total = 0;
    for (size_t i = 0; i < sp->k; i++)
        total += sp->p[i];
    double r_max = -INFINITY;
    for (size_t i = 0; i < sp->k; i++)
        if (sp->p[i] > 0)
            r_max = fmax(r_max, sp->r[i]);
    for (size_t i = 0; i < sp->k; i++) {
        log_p[i] = sp->p[i] > 0 ? (double)logl(sp->p[i] / total) : -INFINITY;
        /* in long double: r - r_max overflows a double for rewards at both ends */
        logw[i] = log_p[i] + (sp->p[i] > 0 ? (double)(((long double)sp->r[i] - r_max) / sp->beta) : 0);
    }
}

/* Sums over s of f, where s > 0 (so that -inf values of f where s = 0 do not count). */
static double expect(size_t k, const double *s, const double *f)
{
    long double e = 0;
    for (size_t i = 0; i < k; i++)
        if (s[i] > 0)
            e += (long double)s[i] * f[i];
    return (double)e;
}

/* The aligned model's constants: log Z, H(q), E_q[log p], E_q[r]. */
static int aligned_constants(bonx_corpora *c, const bonx_corpora_spec *sp, const double *logw,
                             double *q, double *lq, bonx_err *err)
{
    bonx_adaptor ancestral = {0};
    int rc = bonx_adaptor_apply(&ancestral, sp->k, logw, q, lq, err);
    if (rc)
        return rc;
    double r_max = -INFINITY;
    size_t i_max = 0;
    for (size_t i = 0; i < sp->k; i++)
        if (sp->p[i] > 0 && sp->r[i] > r_max)
            r_max = sp->r[i], i_max = i;
    /* log q = logw - log(sum e^logw), and log Z = r_max/beta + log(sum e^logw). */
    c->log_z = r_max / sp->beta + (logw[i_max] - lq[i_max]);
    long double h = 0;
    for (size_t i = 0; i < sp->k; i++)
        if (q[i] > 0)
            h -= (long double)q[i] * lq[i];
    c->entropy_q = (double)h;
    c->q_log_prior = expect(sp->k, q, c->log_p);
    c->q_reward = expect(sp->k, q, sp->r);
    return BONX_OK;
}

/* ---- drawing --------------------------------------------------------------------------- */

typedef struct sampler {
    size_t n;          /* outcomes with s > 0 */
    double *cum;       /* cumulative mass */
    size_t *idx;       /* outcome of each position */
} sampler;

static void sampler_build(sampler *sm, const double *s, size_t k)
{
    long double acc = 0;
    sm->n = 0;
    for (size_t i = 0; i < k; i++)
        if (s[i] > 0) {
            acc += s[i];
            sm->cum[sm->n] = (double)acc;
            sm->idx[sm->n++] = i;
        }
}

static size_t sampler_draw(const sampler *sm, bonx_rng *g)
{
    double u = bonx_rng_uniform(g) * sm->cum[sm->n - 1];
    size_t lo = 0, hi = sm->n - 1;   /* first position with cum > u */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sm->cum[mid] > u)
            hi = mid;
        else
            lo = mid + 1;
    }
    return sm->idx[lo];
}

static void draw_corpora(bonx_corpora *c, const double *r, const double *lq, size_t a,
                         const sampler *sm, bonx_rng *g)
{
    for (size_t ci = 0; ci < c->corpora; ci++) {
        long double lp = 0, rw = 0, info = 0;
        for (size_t j = 0; j < c->corpus_size * c->m; j++) {
            size_t y = sampler_draw(sm, g);
            lp += c->log_p[y];
            rw += r[y];
            info -= lq[y];
        }
        c->avg_log_prior[a * c->corpora + ci] = (double)(lp / c->corpus_size);
        c->avg_reward[a * c->corpora + ci] = (double)(rw / c->corpus_size);
        c->avg_info[a * c->corpora + ci] = (double)(info / c->corpus_size);
    }
}

/* ---- string level ---------------------------------------------------------------------- */

/* The sequences of m tokens over the support (outcomes with p > 0), grouped into types
 * (token counts): their log prior, reward and probability under each sampler and under the
 * pooled mixture (row n_adaptors).  With m = 1 the types are the outcomes. */
typedef struct types {
    size_t n, cap, nsup;
    double *x, *y, *w;   /* x, y: cap; w: (n_adaptors + 1) * cap */
} types;

static double count_types(size_t m, size_t nsup)
{
    /* C(m + nsup - 1, nsup - 1) in floating point; only compared with a limit */
    return round(exp(lgamma((double)(m + nsup)) - lgamma((double)m + 1) - lgamma((double)nsup)));
}

typedef struct enum_ctx {
    const bonx_corpora *c;
    const double *r, *ls;   /* ls: log s of every sampler, n_adaptors * k */
    const size_t *sup;
    size_t *count;
    types *t;
} enum_ctx;

static void emit_type(enum_ctx *e)
{
    const bonx_corpora *c = e->c;
    types *t = e->t;
    size_t at = t->n++;
    long double x = 0, y = 0, coef = lgamma((double)c->m + 1);
    for (size_t j = 0; j < t->nsup; j++) {
        if (!e->count[j])
            continue;
        x += (long double)e->count[j] * c->log_p[e->sup[j]];
        y += (long double)e->count[j] * e->r[e->sup[j]];
        coef -= lgamma((double)e->count[j] + 1);
    }
    t->x[at] = (double)x, t->y[at] = (double)y;
    long double pooled = 0;
    for (size_t a = 0; a < c->n_adaptors; a++) {
        long double lw = coef;
        for (size_t j = 0; j < t->nsup; j++)
            if (e->count[j])
                lw += (long double)e->count[j] * e->ls[a * c->k + e->sup[j]];
        double w = lw > -INFINITY ? exp((double)lw) : 0;
        t->w[a * t->cap + at] = w;
        pooled += w;
    }
    t->w[c->n_adaptors * t->cap + at] = (double)(pooled / c->n_adaptors);
}

/* m = 1: the types are the outcomes themselves (linear in K, no recursion). */
static void outcomes_as_types(const bonx_corpora *c, const double *r, const size_t *sup,
                              types *t)
{
    for (size_t j = 0; j < t->nsup; j++) {
        size_t i = sup[j];
        long double pooled = 0;
        t->x[j] = c->log_p[i], t->y[j] = r[i];
        for (size_t a = 0; a < c->n_adaptors; a++) {
            t->w[a * t->cap + j] = c->s[a * c->k + i];
            pooled += c->s[a * c->k + i];
        }
        t->w[c->n_adaptors * t->cap + j] = (double)(pooled / c->n_adaptors);
    }
    t->n = t->nsup;
}

/* Every way to put `left` tokens into support positions pos.. */
static void enumerate_types(enum_ctx *e, size_t pos, size_t left)
{
    if (pos == e->t->nsup - 1) {
        e->count[pos] = left;
        emit_type(e);
        return;
    }
    for (size_t n = 0; n <= left; n++) {
        e->count[pos] = n;
        enumerate_types(e, pos + 1, left - n);
    }
}

static void types_free(types *t)
{
    free(t->x), free(t->y), free(t->w);
}

static int drawable(const bonx_corpora *c, size_t i)
{
    for (size_t a = 0; a < c->n_adaptors; a++)
        if (c->s[a * c->k + i] > 0)
            return 1;
    return 0;
}

/* 0 and t->n > 0 on success; 0 and t->n == 0 when there are too many types.  Only outcomes
 * some sampler can draw count, so truncations keep the number of types small. */
static int types_build(types *t, const bonx_corpora *c, const double *r, const double *ls,
                       bonx_err *err)
{
    memset(t, 0, sizeof *t);
    size_t *sup = malloc(c->k * sizeof *sup), *count = malloc(c->k * sizeof *count);
    int rc = (!sup || !count) ? bonx_fail(err, BONX_ENOMEM, "corpora: out of memory") : BONX_OK;
    for (size_t i = 0; !rc && i < c->k; i++)   /* outcomes some sampler can draw */
        if (drawable(c, i))
            sup[t->nsup++] = i;
    if (!rc && (c->m == 1 || count_types(c->m, t->nsup) <= BONX_CORPORA_MAX_TYPES)) {
        t->cap = c->m == 1 ? t->nsup : (size_t)count_types(c->m, t->nsup);
        t->x = malloc(t->cap * sizeof *t->x);
        t->y = malloc(t->cap * sizeof *t->y);
        t->w = malloc((c->n_adaptors + 1) * t->cap * sizeof *t->w);
        if (!t->x || !t->y || !t->w) {
            types_free(t);
            rc = bonx_fail(err, BONX_ENOMEM, "corpora: out of memory for %zu types", t->cap);
        } else {
            enum_ctx e = {c, r, ls, sup, count, t};
            if (c->m == 1)
                outcomes_as_types(c, r, sup, t);
            else
                enumerate_types(&e, 0, c->m);
        }
    }
    free(sup), free(count);
    return rc;
}

/* Per-token moments of (log p, r) under s; constant: either takes one value under s (then
 * the correlation is undefined, whatever rounding leaves in the variances). */
typedef struct moments { long double mx, my, vxx, vyy, vxy; int constant; } moments;

static int one_value_under(const bonx_corpora *c, const double *s, const double *v)
{
    size_t first = c->k;
    for (size_t i = 0; i < c->k; i++)
        if (s[i] > 0) {
            if (first == c->k)
                first = i;
            else if (v[i] != v[first])
                return 0;
        }
    return 1;
}

static moments token_moments(const bonx_corpora *c, const double *s, const double *r)
{
    moments mo = {0};
    for (size_t i = 0; i < c->k; i++)
        if (s[i] > 0)
            mo.mx += (long double)s[i] * c->log_p[i], mo.my += (long double)s[i] * r[i];
    for (size_t i = 0; i < c->k; i++) {
        if (!(s[i] > 0))
            continue;
        long double dx = c->log_p[i] - mo.mx, dy = r[i] - mo.my;
        mo.vxx += s[i] * dx * dx, mo.vyy += s[i] * dy * dy, mo.vxy += s[i] * dx * dy;
    }
    mo.constant = one_value_under(c, s, c->log_p) || one_value_under(c, s, r);
    return mo;
}

static int one_value_drawable(const bonx_corpora *c, const double *v)
{
    size_t first = c->k;
    for (size_t i = 0; i < c->k; i++)
        if (drawable(c, i)) {
            if (first == c->k)
                first = i;
            else if (v[i] != v[first])
                return 0;
        }
    return 1;
}

/* Pearson under the equal mixture of the samplers' s^m, by the law of total covariance:
 * used when the types are too many to enumerate (for one sampler it is the per-token value,
 * since every moment scales by m). */
static double mixture_pearson(const bonx_corpora *c, const double *r)
{
    size_t A = c->n_adaptors;
    long double m = (long double)c->m, ex = 0, ey = 0, vxx = 0, vyy = 0, vxy = 0;
    moments *mo = malloc(A * sizeof *mo);
    if (!mo)
        return NAN;
    for (size_t a = 0; a < A; a++) {
        mo[a] = token_moments(c, c->s + a * c->k, r);
        ex += m * mo[a].mx / A, ey += m * mo[a].my / A;
    }
    for (size_t a = 0; a < A; a++) {
        long double dx = m * mo[a].mx - ex, dy = m * mo[a].my - ey;
        vxx += (m * mo[a].vxx + dx * dx) / A;
        vyy += (m * mo[a].vyy + dy * dy) / A;
        vxy += (m * mo[a].vxy + dx * dy) / A;
    }
    free(mo);
    if (one_value_drawable(c, c->log_p) || one_value_drawable(c, r) || !(vxx > 0 && vyy > 0))
        return NAN;
    return fmax(-1.0, fmin(1.0, (double)(vxy / sqrtl(vxx * vyy))));
}

/* Pearson under s^m: the per-token one, since every moment scales by m. */
static double token_pearson(const bonx_corpora *c, const double *s, const double *r)
{
    moments mo = token_moments(c, s, r);
    if (mo.constant)
        return NAN;
    return fmax(-1.0, fmin(1.0, (double)(mo.vxy / sqrtl(mo.vxx * mo.vyy))));
}

static int string_level(bonx_corpora *c, const double *r, const double *ls, bonx_err *err)
{
    types t;
    int rc = types_build(&t, c, r, ls, err);
    if (rc)
        return rc;
    c->types_enumerated = t.n > 0;
    size_t A = c->n_adaptors;
    for (size_t a = 0; a <= A && !rc; a++) {
        bonx_corpora_stats *st = &c->stats[a];
        if (!t.n) {
            st->string_pearson = a < A ? token_pearson(c, c->s + a * c->k, r)
                                       : mixture_pearson(c, r);
            st->string_spearman = NAN;
            continue;
        }
        st->string_pearson = bonx_pearson(t.n, t.x, t.y, t.w + a * t.cap);
        rc = bonx_spearman(t.n, t.x, t.y, t.w + a * t.cap, &st->string_spearman, err);
    }
    types_free(&t);
    return rc;
}

/* Over the table, under p, under q: per token, over outcomes with p > 0. */
static int reference_correlations(bonx_corpora *c, const double *p, const double *q,
                                  const double *r, bonx_err *err)
{
    double *table_w = malloc(c->k * sizeof *table_w);
    if (!table_w)
        return bonx_fail(err, BONX_ENOMEM, "corpora: out of memory");
    for (size_t i = 0; i < c->k; i++)
        table_w[i] = p[i] > 0 ? 1.0 : 0.0;
    /* log p is -inf where p = 0; those points carry weight 0 under all three */
    double *x = malloc(c->k * sizeof *x);
    int rc = x ? BONX_OK : bonx_fail(err, BONX_ENOMEM, "corpora: out of memory");
    for (size_t i = 0; !rc && i < c->k; i++)
        x[i] = p[i] > 0 ? c->log_p[i] : 0;
    if (!rc) {
        c->table_pearson = bonx_pearson(c->k, x, r, table_w);
        c->p_pearson = bonx_pearson(c->k, x, r, p);
        c->q_pearson = bonx_pearson(c->k, x, r, q);
        rc = bonx_spearman(c->k, x, r, table_w, &c->table_spearman, err);
    }
    if (!rc)
        rc = bonx_spearman(c->k, x, r, p, &c->p_spearman, err);
    if (!rc)
        rc = bonx_spearman(c->k, x, r, q, &c->q_spearman, err);
    free(table_w), free(x);
    return rc;
}

/* ---- corpus level ---------------------------------------------------------------------- */

static int corpus_level(bonx_corpora *c, bonx_err *err)
{
    size_t A = c->n_adaptors, C = c->corpora;
    for (size_t a = 0; a <= A; a++) {
        bonx_corpora_stats *st = &c->stats[a];
        size_t from = a < A ? a * C : 0, n = a < A ? C : A * C;
        const double *x = c->avg_log_prior + from, *y = c->avg_reward + from;
        st->corpus_pearson = bonx_pearson(n, x, y, NULL);
        int rc = bonx_spearman(n, x, y, NULL, &st->corpus_spearman, err);
        if (rc)
            return rc;
        long double sx = 0, sy = 0;
        for (size_t i = 0; i < n; i++)
            sx += x[i], sy += y[i];
        st->mean_log_prior = (double)(sx / n), st->mean_reward = (double)(sy / n);
        /* Eq 10-11: how many fell in q's typical set; their log probability under q */
        size_t in = 0;
        long double info = 0;
        for (size_t i = 0; i < n; i++) {
            in += (size_t)bonx_typical_contains(&c->typical_q, c->m, c->avg_info[from + i]);
            info += c->avg_info[from + i];
        }
        st->typical_frac = (double)in / (double)n;
        st->mean_log_prob = -(double)((long double)c->corpus_size * (info / n));
    }
    return BONX_OK;
}

/* Exact centre, entropy and KL(s||q) of each sampler; the pooled centre is their mean. */
static void sampler_summaries(bonx_corpora *c, const double *r, const double *ls,
                              const double *lq)
{
    size_t A = c->n_adaptors, k = c->k;
    double m = (double)c->m;
    bonx_corpora_stats *pool = &c->stats[A];
    for (size_t a = 0; a < A; a++) {
        const double *s = c->s + a * k, *l = ls + a * k;
        bonx_corpora_stats *st = &c->stats[a];
        st->centre_log_prior = m * expect(k, s, c->log_p);
        st->centre_reward = m * expect(k, s, r);
        long double h = 0, kl = 0;
        for (size_t i = 0; i < k; i++)
            if (s[i] > 0)
                h -= (long double)s[i] * l[i], kl += (long double)s[i] * (l[i] - lq[i]);
        st->entropy = (double)h, st->kl_to_q = (double)fmaxl(kl, 0);
        double hh;
        bonx_typical_moments(k, s, l, &hh, &st->varentropy);
        pool->centre_log_prior += st->centre_log_prior / A;
        pool->centre_reward += st->centre_reward / A;
    }
    pool->entropy = NAN, pool->kl_to_q = NAN, pool->varentropy = NAN;
}

/* ---- the run --------------------------------------------------------------------------- */

static int allocate(bonx_corpora *c, const bonx_corpora_spec *sp)
{
    size_t A = samplers_of(sp), k = sp->k;
    c->k = k, c->n_adaptors = A, c->corpora = sp->corpora, c->corpus_size = sp->corpus_size;
    c->m = sp->m, c->beta = sp->beta, c->bands = sp->bands;
    if (sp->corpora > SIZE_MAX / sizeof(double) / A)
        return -1;
    c->log_p = malloc(k * sizeof *c->log_p);
    c->s = malloc(A * k * sizeof *c->s);
    c->avg_log_prior = malloc(A * sp->corpora * sizeof *c->avg_log_prior);
    c->avg_reward = malloc(A * sp->corpora * sizeof *c->avg_reward);
    c->avg_info = malloc(A * sp->corpora * sizeof *c->avg_info);
    c->stats = calloc(A + 1, sizeof *c->stats);
    if (sp->bands && !(c->theta = malloc(A * sizeof *c->theta)))
        return -1;
    return c->log_p && c->s && c->avg_log_prior && c->avg_reward && c->avg_info && c->stats
               ? 0 : -1;
}

static int draw_all(bonx_corpora *c, const bonx_corpora_spec *sp, const double *lq,
                    bonx_err *err)
{
    sampler sm = {0, malloc(c->k * sizeof(double)), malloc(c->k * sizeof(size_t))};
    if (!sm.cum || !sm.idx) {
        free(sm.cum), free(sm.idx);
        return bonx_fail(err, BONX_ENOMEM, "corpora: out of memory");
    }
    /* each sampler its own stream, seeded from a master stream: adding a sampler does not
     * change the corpora of the ones before it */
    bonx_rng master;
    bonx_rng_seed(&master, sp->seed);
    for (size_t a = 0; a < c->n_adaptors; a++) {
        bonx_rng g;
        bonx_rng_seed(&g, bonx_rng_next(&master));
        sampler_build(&sm, c->s + a * c->k, c->k);
        if (sm.n == 0 || !(sm.cum[sm.n - 1] > 0)) {
            /* bonx_adaptor_apply refuses this already; never read cum[-1] */
            free(sm.cum), free(sm.idx);
            return bonx_fail(err, BONX_ERANGE, "corpora: sampler %zu has no probability mass",
                             a + 1);
        }
        draw_corpora(c, sp->r, lq, a, &sm, &g);
    }
    free(sm.cum), free(sm.idx);
    return BONX_OK;
}

static int run(bonx_corpora *c, const bonx_corpora_spec *sp, double *work, bonx_err *err)
{
    size_t k = sp->k, A = c->n_adaptors;
    double *logw = work, *q = work + k, *lq = work + 2 * k, *ls = work + 3 * k;
    aligned_log_weights(sp, c->log_p, logw);
    int rc = aligned_constants(c, sp, logw, q, lq, err);
    if (!rc)
        bonx_typical_of(k, q, lq, c->m, c->corpus_size, sp->eps, &c->typical_q);
    if (!rc && sp->bands)
        rc = bonx_bands_samplers(k, c->log_p, logw, A, c->s, ls, c->theta, err);
    for (size_t a = 0; !rc && !sp->bands && a < A; a++) {
        bonx_err e = {0};
        if (bonx_adaptor_apply(&sp->adaptors[a], k, logw, c->s + a * k, ls + a * k, &e))
            rc = bonx_fail(err, e.code, "adaptor %zu: %s", a + 1, e.msg);
    }
    if (!rc)
        rc = draw_all(c, sp, lq, err);
    if (!rc) {
        sampler_summaries(c, sp->r, ls, lq);
        rc = corpus_level(c, err);
    }
    if (!rc)
        rc = string_level(c, sp->r, ls, err);
    if (!rc)
        rc = reference_correlations(c, sp->p, q, sp->r, err);
    return rc;
}

int bonx_corpora_run(bonx_corpora *c, const bonx_corpora_spec *sp, bonx_err *err)
{
    bonx_corpora_free(c);
    int rc = check_spec(sp, err);
    if (rc)
        return rc;
    double *work = NULL;
    if (allocate(c, sp) || !(work = malloc((3 + samplers_of(sp)) * sp->k * sizeof *work)))
        rc = bonx_fail(err, BONX_ENOMEM, "corpora: out of memory");
    if (!rc)
        rc = run(c, sp, work, err);
    free(work);
    if (rc)
        bonx_corpora_free(c);
    return rc;
}
