/* SPDX-License-Identifier: MIT */
/* Cumulants of the reward, its generating function and the Rényi cross entropy: see
 * cumulant.h (seed 000). */
#include <math.h>
#include "cumulant.h"
#include "numeric.h"

void bonx_reward_cumulants(const bonx_dist *d, bonx_cumulants *out)
{
    long double mean = 0, c2 = 0, c3 = 0, c4 = 0;
    for (size_t j = 0; j < d->ng; j++)
        mean += (long double)d->g[j] * d->g_r[j];
    for (size_t j = 0; j < d->ng; j++) {
        long double x = (long double)d->g_r[j] - mean, gx2 = d->g[j] * x * x;
        c2 += gx2, c3 += gx2 * x, c4 += gx2 * x * x;
    }
    out->k1 = (double)mean, out->k2 = (double)c2, out->k3 = (double)c3;
    out->k4 = (double)(c4 - 3 * c2 * c2);
}

/* Lambda(lambda) = lambda * shift + rest, with the tilted weights' normaliser.  Near 0 the
 * shift is the mean and rest = log1p(sum g expm1(lambda (r - mean))), which keeps every digit
 * of a Lambda of order lambda^2; elsewhere the shift is the end of the rewards that makes
 * every exponent <= 0.  u[j] = log(w_j / g_j) of the tilted weights w, if u is not NULL. */
typedef struct cgf_parts { long double shift, rest, d1, d2; } cgf_parts;

static cgf_parts cgf_of(const bonx_dist *d, double lambda)
{
    cgf_parts c = {0, 0, 0, 0};
    long double mean = 0, spread = 0;
    for (size_t j = 0; j < d->ng; j++)
        mean += (long double)d->g[j] * d->g_r[j];
    for (size_t j = 0; j < d->ng; j++)
        spread = fmaxl(spread, fabsl(d->g_r[j] - mean));
    int centred = fabsl(lambda * spread) <= 1;
    c.shift = centred ? mean : lambda > 0 ? (long double)d->r_max : (long double)d->r_min;
    long double s = 0;
    for (size_t j = 0; j < d->ng; j++) {
        long double y = lambda * ((long double)d->g_r[j] - c.shift);
        s += d->g[j] * (centred ? expm1l(y) : expl(y));
    }
    c.rest = centred ? log1pl(s) : logl(s);
    long double norm = centred ? 1 + s : s, m1 = 0, m2 = 0;
    /* tilted mean and variance about the shift (two passes) */
    for (size_t j = 0; j < d->ng; j++) {
        long double x = (long double)d->g_r[j] - c.shift;
        m1 += d->g[j] * expl(lambda * x) / norm * x;
    }
    for (size_t j = 0; j < d->ng; j++) {
        long double x = (long double)d->g_r[j] - c.shift - m1;
        m2 += d->g[j] * expl(lambda * ((long double)d->g_r[j] - c.shift)) / norm * x * x;
    }
    c.d1 = c.shift + m1, c.d2 = m2;
    return c;
}

double bonx_reward_cgf(const bonx_dist *d, double lambda, double *d1, double *d2)
{
    cgf_parts c = cgf_of(d, lambda);
    if (d1)
        *d1 = (double)c.d1;
    if (d2)
        *d2 = (double)c.d2;
    return (double)(lambda * c.shift + c.rest);
}

double bonx_renyi_cross_entropy(const bonx_dist *d, double lambda)
{
    if (lambda == 0) {
        cgf_parts c = cgf_of(d, 0);
        return (double)-c.shift;   /* the cross entropy -E_p[r] */
    }
    /* -Lambda(lambda)/lambda = -(shift + rest/lambda): the division is exact in form */
    cgf_parts c = cgf_of(d, lambda);
    return (double)-(c.shift + c.rest / lambda);
}

double bonx_tilt_rate(const bonx_dist *d, double lambda)
{
    cgf_parts c = cgf_of(d, lambda);
    /* KL(w||g) = sum g psi(u), u = log(w/g) = lambda (r - shift) - rest, psi(u) = u e^u - e^u + 1 */
    long double kl = 0;
    for (size_t j = 0; j < d->ng; j++) {
        double u = (double)(lambda * ((long double)d->g_r[j] - c.shift) - c.rest);
        double psi = fabs(u) <= 0.5 ? bonx_psi_small(u) : u * exp(u) - expm1(u);
        kl += (long double)d->g[j] * psi;
    }
    return (double)kl;
}
