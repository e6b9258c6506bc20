/* A tilted family over many betas.  With x = lambda (s - mu), mu = E_p[s], and the spread
 * dmax = max |s - mu|, theta = lambda * dmax <= 1 makes e^x an entire series whose terms fall
 * like theta^k / k!: Z, E[s e^x], E[r e^x], E[C e^x] are then polynomials in theta over the
 * moments sum g ((s - mu)/dmax)^k (times 1, r, C), computed once for the family.
 * KL = E_pi[x] - log(Z/T) ~ theta^2 m2 / 2 with no cancellation (m1 = 0 by the choice of mu).
 * Outside that range, or when the spread is too small against |mu| for m2 to be exact
 * (then the rounding of mu would swamp it), each beta goes through bonx_tilt_stats_at. */
#include <math.h>
#include "tilt.h"
#include "numeric.h"

#define FAMILY_DEG 24
#define FAMILY_THETA_MAX 1.0

typedef struct family_moments {
    double T, mu, dmax, smax;
    double m[FAMILY_DEG + 2], rw[FAMILY_DEG + 1], wr[FAMILY_DEG + 1];
    int usable;
} family_moments;

/* Moments to degree 2 in compensated sums (they carry the KL, reward and win rate to first
 * order); the higher ones, damped by theta^k/k!, in plain sums. */
static void moments_init(const bonx_dist *d, bonx_tilt_kind kind, family_moments *fm)
{
    bonx_ksum T = {0, 0}, mu = {0, 0};
    for (size_t j = 0; j < d->ng; j++) {
        bonx_ksum_add(&T, d->g[j]);
        bonx_ksum_add(&mu, d->g[j] * bonx_tilt_score(d, kind, j));
    }
    *fm = (family_moments){0};
    fm->T = bonx_ksum_value(&T);
    fm->mu = bonx_ksum_value(&mu) / fm->T;
    fm->smax = bonx_tilt_score(d, kind, d->ng - 1);
    fm->dmax = fmax(fm->smax - fm->mu, fm->mu - bonx_tilt_score(d, kind, 0));
    if (!(fm->dmax > 0 && isfinite(fm->dmax)))
        return;
    bonx_ksum lo[3][3] = {{{0, 0}}};
    for (size_t j = 0; j < d->ng; j++) {
        double dn = (bonx_tilt_score(d, kind, j) - fm->mu) / fm->dmax, p = d->g[j];
        for (int k = 0; k <= FAMILY_DEG + 1; k++, p *= dn) {
            if (k <= 2) {
                bonx_ksum_add(&lo[0][k], p);
                bonx_ksum_add(&lo[1][k], p * d->g_r[j]);
                bonx_ksum_add(&lo[2][k], p * d->g_C[j]);
                continue;
            }
            fm->m[k] += p;
            if (k <= FAMILY_DEG) {
                fm->rw[k] += p * d->g_r[j];
                fm->wr[k] += p * d->g_C[j];
            }
        }
    }
    for (int k = 0; k <= 2; k++) {
        fm->m[k] = bonx_ksum_value(&lo[0][k]);
        fm->rw[k] = bonx_ksum_value(&lo[1][k]);
        fm->wr[k] = bonx_ksum_value(&lo[2][k]);
    }
    fm->usable = fm->m[2] / fm->T >= 1e-8 && fabs(fm->mu) / fm->dmax <= 1e4;
}

/* 1/k!, k = 0..FAMILY_DEG+1 */
static const double inv_fact[FAMILY_DEG + 2] = {
    1, 1, 0.5, 0.16666666666666666,
    0.041666666666666664, 0.0083333333333333332, 0.0013888888888888889, 0.00019841269841269841,
    2.4801587301587302e-05, 2.7557319223985893e-06, 2.7557319223985888e-07, 2.505210838544172e-08,
    2.08767569878681e-09, 1.6059043836821613e-10, 1.1470745597729725e-11, 7.6471637318198164e-13,
    4.7794773323873853e-14, 2.8114572543455206e-15, 1.5619206968586225e-16, 8.2206352466243295e-18,
    4.1103176233121648e-19, 1.9572941063391263e-20, 8.8967913924505741e-22, 3.8681701706306835e-23,
    1.6117375710961184e-24, 6.4469502843844736e-26,
};

/* sum_{k>=first} theta^(k-first) c[k] / (k-first)!  by Horner. */
static double series(const double *c, int first, int last, double theta)
{
    double acc = 0;
    for (int k = last; k >= first; k--)
        acc = c[k] * inv_fact[k - first] + theta * acc;
    return acc;
}

/* sum_{k>=1} theta^k c[k] / k!  by Horner. */
static double series_exp_m1(const double *c, int last, double theta)
{
    double acc = 0;
    for (int k = last; k >= 1; k--)
        acc = c[k] * inv_fact[k] + theta * acc;
    return theta * acc;
}

static void series_stats(const family_moments *fm, double beta, bonx_tilt_stats *out)
{
    double lambda = 1 / beta, theta = lambda * fm->dmax;
    double zt = series_exp_m1(fm->m, FAMILY_DEG, theta) / fm->T; /* Z/T - 1 */
    double Z = fm->T * (1 + zt);
    double L = log1p(zt);
    double mean_x = theta * series(fm->m, 1, FAMILY_DEG + 1, theta) / Z;
    out->beta = beta;
    out->kl = fmax(0, mean_x - L);
    out->win_rate = series(fm->wr, 0, FAMILY_DEG, theta) / Z;
    out->reward = series(fm->rw, 0, FAMILY_DEG, theta) / Z;
    out->log_z = L + lambda * (fm->mu - fm->smax);
}

int bonx_tilt_family(const bonx_dist *d, bonx_tilt_kind kind, const double *betas, size_t n,
                     bonx_tilt_stats *out, bonx_err *err)
{
    family_moments fm = {0};
    if (d->ng > 1)
        moments_init(d, kind, &fm);
    for (size_t i = 0; i < n; i++) {
        double theta = fm.dmax / betas[i];
        if (fm.usable && betas[i] > 0 && theta > 0 && theta <= FAMILY_THETA_MAX) {
            series_stats(&fm, betas[i], &out[i]);
            continue;
        }
        int rc = bonx_tilt_stats_at(d, kind, betas[i], &out[i], err);
        if (rc)
            return rc;
    }
    return BONX_OK;
}
