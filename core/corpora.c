/* SPDX-License-Identifier: MIT */
/* Corpora from sampling adaptors: see corpora.h. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "asym.h"
#include "bands.h"
#include "corpora.h"
#include "correlation.h"
#include "dd.h"
#include "rng.h"
#include "elementary.h"

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

/* The largest |r| over outcomes with probability. */
static double reward_scale(const bonx_corpora_spec *sp)
{
    double r_abs = 0;
    for (size_t i = 0; i < sp->k; i++)
        if (sp->p[i] > 0)
            r_abs = fmax(r_abs, fabs(sp->r[i]));
    return r_abs;
}

/* What must stay a double: string rewards (m tokens), log Z = max r/beta + (at most 746),
 * and line (6.2), m E_q[r] + beta (m E_q[log p] - x), whose second term is at most
 * beta m 746 (log probabilities are >= -745 per token).  A sum beyond the range overflows
 * to inf, which fails the test as it should. */
static int check_range(const bonx_corpora_spec *sp, bonx_err *err)
{
    double r_abs = reward_scale(sp), m = (double)sp->m, beta = sp->beta;
    if (!(m * r_abs + beta * m * 746 <= DBL_MAX))
        return bonx_fail(err, BONX_ERANGE, "corpora: rewards up to %g, beta %g and m = %zu "
                         "put string rewards or line (6.2) beyond the double range", r_abs,
                         sp->beta, sp->m);
    if (!(r_abs / beta + 746 <= DBL_MAX))
        return bonx_fail(err, BONX_ERANGE, "corpora: reward/beta = %g/%g is beyond the double "
                         "range (log Z)", r_abs, sp->beta);
    return BONX_OK;
}

static int check_spec(const bonx_corpora_spec *sp, bonx_err *err)
{
    if (sp->k == 0)
        return bonx_fail(err, BONX_EINVAL, "corpora: no outcomes");
    double total = 0;   /* only its sign matters here */
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

/* (r - r_max)/beta rounded once: the difference exactly (double-double), halved first
 * where it could overflow a double (rewards at both ends of the range; halving is exact
 * there), so that only a quotient beyond the range is infinite. */
static double reward_gap(double r, double r_max, double beta)
{
    int big = fmax(fabs(r), fabs(r_max)) > 0x1p1020;
    double f = big ? 0.5 : 1.0;
    bonx_dd q = bonx_dd_div_d(bonx_two_sum(r * f, -r_max * f), beta);
    return bonx_dd_value(q) / f;
}

/* log p, and the unnormalised log weights of q: log p + (r - r_max)/beta.  Also E_p[log p]
 * from log p before its rounding to double, so that the under-p centre is rounded once. */
static void aligned_log_weights(const bonx_corpora_spec *sp, double *log_p, double *logw,
                                double *p_log_prior)
{
    bonx_dd total = bonx_dd_of(0), e = total;
    for (size_t i = 0; i < sp->k; i++)
        total = bonx_dd_add_d(total, sp->p[i]);
    double r_max = -INFINITY;
    for (size_t i = 0; i < sp->k; i++)
        if (sp->p[i] > 0)
            r_max = fmax(r_max, sp->r[i]);
    for (size_t i = 0; i < sp->k; i++) {
        if (!(sp->p[i] > 0)) {
            log_p[i] = logw[i] = -INFINITY;
            continue;
        }
        bonx_dd pn = bonx_dd_div(bonx_dd_of(sp->p[i]), total), lp = bonx_dd_log(pn);
        if (pn.hi > 0) /* else p / sum p underflowed: its term is 0, not 0 * -inf */
            e = bonx_dd_add(e, bonx_dd_mul(pn, lp));
        log_p[i] = bonx_dd_value(lp);
        logw[i] = log_p[i] + reward_gap(sp->r[i], r_max, sp->beta);
    }
    *p_log_prior = bonx_dd_value(e);
}

/* Sums over s of f, where s > 0 (so that -inf values of f where s = 0 do not count). */
static double expect(size_t k, const double *s, const double *f)
{
    bonx_dd e = bonx_dd_of(0);
    for (size_t i = 0; i < k; i++)
        if (s[i] > 0)
            bonx_dd_add_prod(&e, s[i], f[i]);
    return bonx_dd_value(e);
}

/* E_p[f] = sum p f / sum p over p > 0, in double-double until the one rounding at the end. */
static double expect_under_p(size_t k, const double *p, const double *f)
{
    bonx_dd e = bonx_dd_of(0), total = e;
    for (size_t i = 0; i < k; i++)
        if (p[i] > 0) {
            bonx_dd_add_prod(&e, p[i], f[i]);
            total = bonx_dd_add_d(total, p[i]);
        }
    return bonx_dd_value(bonx_dd_div(e, total));
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
    bonx_dd h = bonx_dd_of(0);
    for (size_t i = 0; i < sp->k; i++)
        if (q[i] > 0)
            bonx_dd_add_prod(&h, -q[i], lq[i]);
    c->entropy_q = bonx_dd_value(h);
    c->q_log_prior = expect(sp->k, q, c->log_p);
    c->q_reward = expect(sp->k, q, sp->r);
    c->p_reward = expect_under_p(sp->k, sp->p, sp->r);
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
    bonx_dd acc = bonx_dd_of(0);
    sm->n = 0;
    for (size_t i = 0; i < k; i++)
        if (s[i] > 0) {
            acc = bonx_dd_add_d(acc, s[i]);
            sm->cum[sm->n] = bonx_dd_value(acc);
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

/* The exponent e that brings rewards up to r_abs to at most 1 when scaled by 2^-e (0 for
 * moderate rewards): sums of many rewards, and their squares, then stay in range.  Exact,
 * except for rewards below 2^-1022 of r_abs, which no sum of them can see. */
static int reward_exponent(double r_abs)
{
    int e = 0;
    if (r_abs >= 0x1p200 || (r_abs > 0 && r_abs < 0x1p-200))
        frexp(r_abs, &e);
    return e;
}

/* sum/n in double-double, rounded once. */
static double dd_mean(bonx_dd sum, size_t n)
{
    return bonx_dd_value(bonx_dd_div_d(sum, (double)n));
}

/* Sums over a corpus; rewards scaled by 2^-e (reward_exponent): N m rewards may add up
 * beyond the double range where their mean does not. */
static void draw_corpora(bonx_corpora *c, const double *r, const double *lq, size_t a,
                         const sampler *sm, bonx_rng *g, int e)
{
    for (size_t ci = 0; ci < c->corpora; ci++) {
        bonx_dd lp = bonx_dd_of(0), rw = lp, info = lp;
        for (size_t j = 0; j < c->corpus_size * c->m; j++) {
            size_t y = sampler_draw(sm, g);
            lp = bonx_dd_add_d(lp, c->log_p[y]);
            rw = bonx_dd_add_d(rw, e ? ldexp(r[y], -e) : r[y]);
            info = bonx_dd_add_d(info, -lq[y]);
        }
        c->avg_log_prior[a * c->corpora + ci] = dd_mean(lp, c->corpus_size);
        c->avg_reward[a * c->corpora + ci] = ldexp(dd_mean(rw, c->corpus_size), e);
        c->avg_info[a * c->corpora + ci] = dd_mean(info, c->corpus_size);
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
    return bonx_type_count(nsup, m); /* C(m + nsup - 1, nsup - 1); only compared with a limit */
}

typedef struct enum_ctx {
    const bonx_corpora *c;
    const double *r, *ls;   /* ls: log s of every sampler, n_adaptors * k */
    const size_t *sup;
    size_t *count;
    types *t;
    const bonx_dd *logf;    /* log c!, c = 0..m (core/dd.h); NULL over one outcome */
} enum_ctx;

static void emit_type(enum_ctx *e)
{
    const bonx_corpora *c = e->c;
    types *t = e->t;
    size_t at = t->n++;
    /* the multinomial coefficient log m! - sum log c! and the sums cancel: double-double */
    bonx_dd x = bonx_dd_of(0), y = x, coef = e->logf ? e->logf[c->m] : x;
    for (size_t j = 0; j < t->nsup; j++) {
        if (!e->count[j])
            continue;
        double n = (double)e->count[j];
        bonx_dd_add_prod(&x, n, c->log_p[e->sup[j]]);
        bonx_dd_add_prod(&y, n, e->r[e->sup[j]]);
        if (e->logf)
            coef = bonx_dd_sub(coef, e->logf[e->count[j]]);
    }
    t->x[at] = bonx_dd_value(x), t->y[at] = bonx_dd_value(y);
    bonx_dd pooled = bonx_dd_of(0);
    for (size_t a = 0; a < c->n_adaptors; a++) {
        bonx_dd lw = coef;
        int none = 0;
        for (size_t j = 0; j < t->nsup; j++)
            if (e->count[j]) {
                double l = e->ls[a * c->k + e->sup[j]];
                none |= !(l > -INFINITY);
                bonx_dd_add_prod(&lw, (double)e->count[j], none ? 0 : l);
            }
        double w = none ? 0 : bonx_exp(bonx_dd_value(lw));
        t->w[a * t->cap + at] = w;
        pooled = bonx_dd_add_d(pooled, w);
    }
    t->w[c->n_adaptors * t->cap + at] = dd_mean(pooled, c->n_adaptors);
}

/* m = 1: the types are the outcomes themselves (linear in K, no recursion). */
static void outcomes_as_types(const bonx_corpora *c, const double *r, const size_t *sup,
                              types *t)
{
    for (size_t j = 0; j < t->nsup; j++) {
        size_t i = sup[j];
        bonx_dd pooled = bonx_dd_of(0);
        t->x[j] = c->log_p[i], t->y[j] = r[i];
        for (size_t a = 0; a < c->n_adaptors; a++) {
            t->w[a * t->cap + j] = c->s[a * c->k + i];
            pooled = bonx_dd_add_d(pooled, c->s[a * c->k + i]);
        }
        t->w[c->n_adaptors * t->cap + j] = dd_mean(pooled, c->n_adaptors);
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
    bonx_dd *logf = NULL;
    int rc = (!sup || !count) ? bonx_fail(err, BONX_ENOMEM, "corpora: out of memory") : BONX_OK;
    for (size_t i = 0; !rc && i < c->k; i++)   /* outcomes some sampler can draw */
        if (drawable(c, i))
            sup[t->nsup++] = i;
    if (!rc && (c->m == 1 || count_types(c->m, t->nsup) <= BONX_CORPORA_MAX_TYPES)) {
        t->cap = c->m == 1 ? t->nsup : (size_t)count_types(c->m, t->nsup);
        t->x = malloc(t->cap * sizeof *t->x);
        t->y = malloc(t->cap * sizeof *t->y);
        t->w = malloc((c->n_adaptors + 1) * t->cap * sizeof *t->w);
        /* enumerated over two outcomes or more: m + 1 <= BONX_CORPORA_MAX_TYPES types (over
         * one, the only type has all m tokens, coefficient 1, whatever m is) */
        int table = c->m > 1 && t->nsup > 1;
        if (table)
            logf = malloc((c->m + 1) * sizeof *logf);
        if (!t->x || !t->y || !t->w || (table && !logf)) {
            types_free(t);
            rc = bonx_fail(err, BONX_ENOMEM, "corpora: out of memory for %zu types", t->cap);
        } else {
            enum_ctx e = {c, r, ls, sup, count, t, logf};
            if (c->m == 1)
                outcomes_as_types(c, r, sup, t);
            else {
                if (table)
                    bonx_dd_log_ints(c->m, NULL, logf);
                enumerate_types(&e, 0, c->m);
            }
        }
    }
    free(sup), free(count), free(logf);
    return rc;
}

/* Per-token moments of (log p, r) under s; constant: either takes one value under s (then
 * the correlation is undefined, whatever rounding leaves in the variances). */
typedef struct moments { bonx_dd mx, my, vxx, vyy, vxy; int constant; } moments;

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

/* In double-double, the rewards scaled by 2^-e (reward_exponent): their squares stay in
 * range, and Pearson does not change. */
static moments token_moments(const bonx_corpora *c, const double *s, const double *r, int e)
{
    moments mo = {{0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}, 0};
    for (size_t i = 0; i < c->k; i++)
        if (s[i] > 0) {
            bonx_dd_add_prod(&mo.mx, s[i], c->log_p[i]);
            bonx_dd_add_prod(&mo.my, s[i], ldexp(r[i], -e));
        }
    for (size_t i = 0; i < c->k; i++) {
        if (!(s[i] > 0))
            continue;
        bonx_dd dx = bonx_dd_add_d(bonx_dd_neg(mo.mx), c->log_p[i]);
        bonx_dd dy = bonx_dd_add_d(bonx_dd_neg(mo.my), ldexp(r[i], -e));
        bonx_dd sdx = bonx_dd_mul_d(dx, s[i]);
        mo.vxx = bonx_dd_add(mo.vxx, bonx_dd_mul(sdx, dx));
        mo.vyy = bonx_dd_add(mo.vyy, bonx_dd_mul(bonx_dd_mul_d(dy, s[i]), dy));
        mo.vxy = bonx_dd_add(mo.vxy, bonx_dd_mul(sdx, dy));
    }
    mo.constant = one_value_under(c, s, c->log_p) || one_value_under(c, s, r);
    return mo;
}

/* vxy / sqrt(vxx vyy), as two roots (the product could underflow), within [-1, 1] */
static double pearson_of(bonx_dd vxx, bonx_dd vyy, bonx_dd vxy)
{
    bonx_dd norm = bonx_dd_mul(bonx_dd_sqrt(vxx), bonx_dd_sqrt(vyy));
    return fmax(-1.0, fmin(1.0, bonx_dd_value(bonx_dd_div(vxy, norm))));
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
static double mixture_pearson(const bonx_corpora *c, const double *r, int e)
{
    size_t A = c->n_adaptors;
    double m = (double)c->m;
    bonx_dd ex = bonx_dd_of(0), ey = ex, vxx = ex, vyy = ex, vxy = ex;
    moments *mo = malloc(A * sizeof *mo);
    if (!mo)
        return NAN;
    for (size_t a = 0; a < A; a++) {
        mo[a] = token_moments(c, c->s + a * c->k, r, e);
        ex = bonx_dd_add(ex, bonx_dd_mul_d(mo[a].mx, m));
        ey = bonx_dd_add(ey, bonx_dd_mul_d(mo[a].my, m));
    }
    ex = bonx_dd_div_d(ex, (double)A), ey = bonx_dd_div_d(ey, (double)A);
    /* the mixture's (co)variances times A: A cancels in the ratio */
    for (size_t a = 0; a < A; a++) {
        bonx_dd dx = bonx_dd_sub(bonx_dd_mul_d(mo[a].mx, m), ex);
        bonx_dd dy = bonx_dd_sub(bonx_dd_mul_d(mo[a].my, m), ey);
        vxx = bonx_dd_add(vxx, bonx_dd_add(bonx_dd_mul_d(mo[a].vxx, m), bonx_dd_mul(dx, dx)));
        vyy = bonx_dd_add(vyy, bonx_dd_add(bonx_dd_mul_d(mo[a].vyy, m), bonx_dd_mul(dy, dy)));
        vxy = bonx_dd_add(vxy, bonx_dd_add(bonx_dd_mul_d(mo[a].vxy, m), bonx_dd_mul(dx, dy)));
    }
    free(mo);
    if (one_value_drawable(c, c->log_p) || one_value_drawable(c, r) ||
        !(vxx.hi > 0 && vyy.hi > 0))
        return NAN;
    return pearson_of(vxx, vyy, vxy);
}

/* Pearson under s^m: the per-token one, since every moment scales by m. */
static double token_pearson(const bonx_corpora *c, const double *s, const double *r, int e)
{
    moments mo = token_moments(c, s, r, e);
    if (mo.constant)
        return NAN;
    return pearson_of(mo.vxx, mo.vyy, mo.vxy);
}

static int string_level(bonx_corpora *c, const double *r, const double *ls, bonx_err *err)
{
    types t;
    int rc = types_build(&t, c, r, ls, err);
    if (rc)
        return rc;
    c->types_enumerated = t.n > 0;
    size_t A = c->n_adaptors;
    double r_abs = 0;
    for (size_t i = 0; i < c->k; i++)
        if (c->log_p[i] > -INFINITY)
            r_abs = fmax(r_abs, fabs(r[i]));
    int e = reward_exponent(r_abs);
    for (size_t a = 0; a <= A && !rc; a++) {
        bonx_corpora_stats *st = &c->stats[a];
        if (!t.n) {
            st->string_pearson = a < A ? token_pearson(c, c->s + a * c->k, r, e)
                                       : mixture_pearson(c, r, e);
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

/* The mean of n values, summed in double-double scaled by 2^-e (reward_exponent of the
 * largest): n of them may add up beyond the double range where their mean does not. */
static double mean_of(size_t n, const double *v)
{
    double top = 0;
    for (size_t i = 0; i < n; i++)
        top = fmax(top, fabs(v[i]));
    int e = reward_exponent(top);
    bonx_dd sum = bonx_dd_of(0);
    for (size_t i = 0; i < n; i++)
        sum = bonx_dd_add_d(sum, ldexp(v[i], -e));
    return ldexp(dd_mean(sum, n), e);
}

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
        st->mean_log_prior = mean_of(n, x), st->mean_reward = mean_of(n, y);
        /* Eq 10-11: how many fell in q's typical set; their log probability under q */
        size_t in = 0;
        bonx_dd info = bonx_dd_of(0);
        for (size_t i = 0; i < n; i++) {
            in += (size_t)bonx_typical_contains(&c->typical_q, c->m, c->avg_info[from + i]);
            info = bonx_dd_add_d(info, c->avg_info[from + i]);
        }
        st->typical_frac = (double)in / (double)n;
        info = bonx_dd_div_d(info, (double)n);
        st->mean_log_prob = -bonx_dd_value(bonx_dd_mul_d(info, (double)c->corpus_size));
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
        bonx_dd h = bonx_dd_of(0), kl = h;
        for (size_t i = 0; i < k; i++)
            if (s[i] > 0) {
                bonx_dd_add_prod(&h, -s[i], l[i]);
                kl = bonx_dd_add(kl, bonx_dd_mul_d(bonx_two_sum(l[i], -lq[i]), s[i]));
            }
        st->entropy = bonx_dd_value(h), st->kl_to_q = fmax(bonx_dd_value(kl), 0);
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
        draw_corpora(c, sp->r, lq, a, &sm, &g, reward_exponent(reward_scale(sp)));
    }
    free(sm.cum), free(sm.idx);
    return BONX_OK;
}

static int run(bonx_corpora *c, const bonx_corpora_spec *sp, double *work, bonx_err *err)
{
    size_t k = sp->k, A = c->n_adaptors;
    double *logw = work, *q = work + k, *lq = work + 2 * k, *ls = work + 3 * k;
    aligned_log_weights(sp, c->log_p, logw, &c->p_log_prior);
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
