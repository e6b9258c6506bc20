/* SPDX-License-Identifier: MIT */
/* Blockwise best-of-n: see blockwise.h. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "asym.h"
#include "blockwise.h"
#include "bon.h"
#include "dd.h"
#include "elementary.h"

typedef struct bw_type { double r, lw; } bw_type;

typedef struct bw_enum {
    const bonx_dist *tok;
    const double *lgf;    /* log c!, c = 0..l */
    bw_type *out;
    size_t n;
} bw_enum;

/* Counts for token groups a.. summing to left; the reward summed in group order (the same
 * order for every type, so that equal sums of equal terms are equal doubles). */
static void enumerate(bw_enum *e, size_t a, int left, double lw, double r)
{
    const bonx_dist *d = e->tok;
    if (a + 1 == d->ng) {
        e->out[e->n].lw = lw + left * d->g_logg[a] - e->lgf[left];
        e->out[e->n].r = r + left * d->g_rs[a] + 0.0;
        e->n++;
        return;
    }
    for (int c = 0; c <= left; c++)
        enumerate(e, a + 1, left - c, lw + c * d->g_logg[a] - e->lgf[c], r + c * d->g_rs[a]);
}

static int by_reward(const void *x, const void *y)
{
    double a = ((const bw_type *)x)->r, b = ((const bw_type *)y)->r;
    return (a > b) - (a < b);
}

int bonx_blockwise_block_dist(const bonx_dist *tok, int l, bonx_dist *out, bonx_err *err)
{
    if (l < 1)
        return bonx_fail(err, BONX_EINVAL, "block length must be at least 1 (got %d)", l);
    size_t nt = bonx_asym_type_count(tok->ng, l);
    if (nt > BONX_BLOCKWISE_MAX_TYPES)
        return bonx_fail(err, BONX_ERANGE, "a block of %d tokens has too many types (%zu > %u)",
                         l, nt, BONX_BLOCKWISE_MAX_TYPES);
    bw_type *t = malloc(nt * sizeof *t);
    double *lgf = malloc(((size_t)l + 1) * sizeof *lgf), *w = NULL, *r = NULL;
    bonx_dd *lgf_dd = malloc(((size_t)l + 1) * sizeof *lgf_dd);
    if (!t || !lgf || !lgf_dd) {
        free(lgf_dd);
        free(t);
        free(lgf);
        return bonx_fail(err, BONX_ENOMEM, "out of memory for %zu types", nt);
    }
    /* log c! rounded once from double-double (core/dd.h), not libm's lgamma, whose last
     * bits vary with the machine */
    bonx_dd_log_ints((size_t)l, NULL, lgf_dd);
    for (int c = 0; c <= l; c++)
        lgf[c] = bonx_dd_value(lgf_dd[c]);
    free(lgf_dd);
    bw_enum e = {tok, lgf, t, 0};
    enumerate(&e, 0, l, lgf[l], 0.0);
    qsort(t, nt, sizeof *t, by_reward);
    /* Types whose sums differ by rounding only (e.g. 3*0.1 and 0.1+0.2) are one tie group,
     * as in core/asym: a few times the sums' rounding error bound. */
    double tol = BONX_ASYM_TIE_ULPS * (double)tok->ng * DBL_EPSILON * l *
                 ldexp(tok->r_scale, -tok->r_exp);
    size_t ng = 0;
    w = malloc(nt * sizeof *w);
    r = malloc(nt * sizeof *r);
    int rc = BONX_OK;
    if (!w || !r) {
        rc = bonx_fail(err, BONX_ENOMEM, "out of memory for %zu types", nt);
    } else {
        double lmax = -INFINITY;
        for (size_t i = 0; i < nt; i++)
            lmax = fmax(lmax, t[i].lw);
        for (size_t i = 0; i < nt;) {
            size_t j = i;
            double s = 0.0;
            for (; j < nt && t[j].r - t[i].r <= tol; j++)
                s += bonx_exp(t[j].lw - lmax);
            r[ng] = t[i].r;
            w[ng++] = s;   /* relative to the likeliest type: no underflow of the total */
            i = j;
        }
        /* back to the tokens' units (exact: a power of 2), unless a sum would overflow */
        double rmax = fmax(fabs(r[0]), fabs(r[ng - 1]));
        if (isfinite(ldexp(rmax, tok->r_exp)))
            for (size_t i = 0; i < ng; i++)
                r[i] = ldexp(r[i], tok->r_exp);
        rc = bonx_dist_init(out, ng, w, r, err);
    }
    free(t);
    free(lgf);
    free(w);
    free(r);
    return rc;
}

/* KL of best-of-n over blocks of l tokens (cached by l in kl[], NaN until computed). */
static int block_kl(const bonx_dist *tok, int l, double n, double *kl, bonx_err *err)
{
    if (!isnan(kl[l]))
        return BONX_OK;
    bonx_dist d;
    int rc = bonx_blockwise_block_dist(tok, l, &d, err);
    if (rc != BONX_OK)
        return rc;
    bonx_bon_stats s;
    rc = bonx_bon_stats_at(&d, n, 0.0, &s, err);
    if (rc == BONX_OK)
        kl[l] = s.kl;
    bonx_dist_free(&d);
    return rc;
}

int bonx_blockwise_at(const bonx_dist *tok, const int *len, const double *prob, size_t count,
                      double n, int block, bonx_blockwise_point *out, bonx_err *err)
{
    if (!(n >= 1.0) || !isfinite(n))
        return bonx_fail(err, BONX_EINVAL, "n must be >= 1 (got %g)", n);
    if (block < 1)
        return bonx_fail(err, BONX_EINVAL, "block length must be at least 1 (got %d)", block);
    if (count == 0)
        return bonx_fail(err, BONX_EINVAL, "the length distribution is empty");
    int lmax = 0;
    double total = 0.0;
    for (size_t i = 0; i < count; i++) {
        if (len[i] < 1)
            return bonx_fail(err, BONX_EINVAL, "length %d: lengths are integers >= 1", len[i]);
        if (!(prob[i] > 0.0) || !isfinite(prob[i]))
            return bonx_fail(err, BONX_EINVAL, "length %d: probability must be > 0 (got %g)",
                             len[i], prob[i]);
        lmax = len[i] > lmax ? len[i] : lmax;
        total += prob[i];
    }
    if (fabs(total - 1.0) > 1e-9)
        return bonx_fail(err, BONX_EINVAL, "length probabilities sum to %.12g, not 1", total);
    int top = block < lmax ? block : lmax;   /* longest block that occurs */
    double *kl = malloc(((size_t)top + 1) * sizeof *kl);
    if (!kl)
        return bonx_fail(err, BONX_ENOMEM, "out of memory");
    for (int l = 0; l <= top; l++)
        kl[l] = NAN;
    double eb = 0.0, sum = 0.0, seq = 0.0;
    int rc = BONX_OK;
    for (size_t i = 0; i < count && rc == BONX_OK; i++) {
        double w = prob[i] / total;
        int full = (len[i] - 1) / block, last = len[i] - block * full;
        eb += w * (full + 1);
        if (full > 0)
            rc = block_kl(tok, block, n, kl, err);
        if (rc == BONX_OK)
            rc = block_kl(tok, last, n, kl, err);
        if (rc == BONX_OK)
            sum += w * ((full > 0 ? full * kl[block] : 0.0) + kl[last]);
    }
    free(kl);
    /* sequence level: one block as long as the response */
    for (size_t i = 0; i < count && rc == BONX_OK; i++) {
        double one = NAN;
        double *cache = malloc(((size_t)len[i] + 1) * sizeof *cache);
        if (!cache)
            return bonx_fail(err, BONX_ENOMEM, "out of memory");
        for (int l = 0; l <= len[i]; l++)
            cache[l] = NAN;
        rc = block_kl(tok, len[i], n, cache, err);
        one = cache[len[i]];
        free(cache);
        seq += prob[i] / total * one;
    }
    if (rc != BONX_OK)
        return rc;
    out->n = n;
    out->block = block;
    out->expected_blocks = eb;
    out->kl = sum;
    out->kl_bound = eb * bonx_kl_analytic(n);
    out->kl_sequence = seq;
    return BONX_OK;
}

void bonx_blockwise_law_default(bonx_blockwise_law *law)
{
    memset(law, 0, sizeof *law);
    law->count = 4;
    for (int i = 0; i < 4; i++)
        law->len[i] = i + 1, law->prob[i] = 0.25;
    law->block = 2;
}
