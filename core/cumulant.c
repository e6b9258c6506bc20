/* SPDX-License-Identifier: MIT */
/* Cumulants of the reward, its generating function and the Rényi cross entropy: see
 * cumulant.h (seed 000). */
#include <math.h>
#include "cumulant.h"
#include "dd.h"
#include "numeric.h"
#include "elementary.h"

/* E_p[r] on the rewards scaled by 2^-r_exp (core/dist.h), which cannot overflow. */
static bonx_dd scaled_mean(const bonx_dist *d)
{
    bonx_dd mean = bonx_dd_of(0);
    for (size_t j = 0; j < d->ng; j++)
        bonx_dd_add_prod(&mean, d->g[j], d->g_rs[j]);
    return mean;
}

void bonx_reward_cumulants_scaled(const bonx_dist *d, bonx_cumulants *out, int *scale)
{
    bonx_dd mean = scaled_mean(d), c2 = bonx_dd_of(0), c3 = c2, c4 = c2;
    /* the central moments of the rewards scaled once more (by a power of 2, exactly) so
     * that their largest deviation is in [1/2, 1): no power up to the 4th overflows or
     * underflows; each moment then scales back by its power */
    double spread = 0;
    for (size_t j = 0; j < d->ng; j++)
        spread = fmax(spread, fabs(bonx_dd_value(bonx_dd_add_d(bonx_dd_neg(mean), d->g_rs[j]))));
    int e = 0;
    if (spread > 0)
        frexp(spread, &e);
    for (size_t j = 0; j < d->ng; j++) {
        bonx_dd x = bonx_dd_ldexp(bonx_dd_add_d(bonx_dd_neg(mean), d->g_rs[j]), -e);
        bonx_dd gx2 = bonx_dd_mul_d(bonx_dd_mul(x, x), d->g[j]), gx3 = bonx_dd_mul(gx2, x);
        c2 = bonx_dd_add(c2, gx2), c3 = bonx_dd_add(c3, gx3);
        c4 = bonx_dd_add(c4, bonx_dd_mul(gx3, x));
    }
    bonx_dd k4 = bonx_dd_sub(c4, bonx_dd_mul_d(bonx_dd_mul(c2, c2), 3.0));
    *scale = e + d->r_exp;
    out->k1 = bonx_dd_value(bonx_dd_ldexp(mean, -e));
    out->k2 = bonx_dd_value(c2);
    out->k3 = bonx_dd_value(c3);
    out->k4 = bonx_dd_value(k4);
}

void bonx_reward_cumulants(const bonx_dist *d, bonx_cumulants *out)
{
    int s;
    bonx_reward_cumulants_scaled(d, out, &s);
    out->k1 = ldexp(out->k1, s);
    out->k2 = ldexp(out->k2, 2 * s);
    out->k3 = ldexp(out->k3, 3 * s);
    out->k4 = ldexp(out->k4, 4 * s);
}

/* Lambda(lambda) = lambda * shift + rest, with the tilted weights' normaliser.  Near 0 the
 * shift is the mean and rest = log1p(sum g expm1(lambda (r - mean))), which keeps every digit
 * of a Lambda of order lambda^2; elsewhere the shift is the end of the rewards that makes
 * every exponent <= 0.  In double-double throughout (core/dd.h: the exponentials and logs
 * too), on the rewards scaled by 2^-r_exp: shift, d1 and the deviations are in those units
 * (d1 and d2 scale back by 2^r_exp and 2^(2 r_exp)); rest and the exponents are not. */
typedef struct cgf_parts { bonx_dd shift, rest, d1, d2; } cgf_parts;

/* lambda (r_j - shift), in the real units */
static bonx_dd exponent_of(const bonx_dist *d, size_t j, bonx_dd shift, double lambda)
{
    return bonx_dd_ldexp(bonx_dd_mul_d(bonx_dd_add_d(bonx_dd_neg(shift), d->g_rs[j]), lambda),
                    d->r_exp);
}

static cgf_parts cgf_of(const bonx_dist *d, double lambda)
{
    cgf_parts c;
    bonx_dd mean = scaled_mean(d);
    double spread = 0;
    for (size_t j = 0; j < d->ng; j++)
        spread = fmax(spread, fabs(bonx_dd_value(bonx_dd_add_d(bonx_dd_neg(mean), d->g_rs[j]))));
    int centred = lambda == 0 || fabs(ldexp(lambda * spread, d->r_exp)) <= 1;
    c.shift = centred ? mean : bonx_dd_of(lambda > 0 ? d->g_rs[d->ng - 1] : d->g_rs[0]);
    bonx_dd s = bonx_dd_of(0);
    for (size_t j = 0; j < d->ng; j++) {
        bonx_dd y = exponent_of(d, j, c.shift, lambda);
        s = bonx_dd_add(s, bonx_dd_mul_d(centred ? bonx_dd_expm1(y) : bonx_dd_exp(y), d->g[j]));
    }
    c.rest = centred ? bonx_dd_log1p(s) : bonx_dd_log(s);
    bonx_dd norm = centred ? bonx_dd_add_d(s, 1.0) : s, m1 = bonx_dd_of(0), m2 = m1;
    /* tilted mean and variance about the shift (two passes) */
    for (size_t j = 0; j < d->ng; j++) {
        bonx_dd x = bonx_dd_add_d(bonx_dd_neg(c.shift), d->g_rs[j]);
        bonx_dd w = bonx_dd_div(bonx_dd_mul_d(bonx_dd_exp(exponent_of(d, j, c.shift, lambda)),
                                              d->g[j]), norm);
        m1 = bonx_dd_add(m1, bonx_dd_mul(w, x));
    }
    for (size_t j = 0; j < d->ng; j++) {
        bonx_dd x = bonx_dd_sub(bonx_dd_add_d(bonx_dd_neg(c.shift), d->g_rs[j]), m1);
        bonx_dd w = bonx_dd_div(bonx_dd_mul_d(bonx_dd_exp(exponent_of(d, j, c.shift, lambda)),
                                              d->g[j]), norm);
        m2 = bonx_dd_add(m2, bonx_dd_mul(w, bonx_dd_mul(x, x)));
    }
    c.d1 = bonx_dd_add(c.shift, m1), c.d2 = m2;
    return c;
}

/* lambda * shift in the real units */
static bonx_dd lambda_shift(const bonx_dist *d, const cgf_parts *c, double lambda)
{
    return bonx_dd_ldexp(bonx_dd_mul_d(c->shift, lambda), d->r_exp);
}

double bonx_reward_cgf(const bonx_dist *d, double lambda, double *d1, double *d2)
{
    cgf_parts c = cgf_of(d, lambda);
    if (d1)
        *d1 = bonx_dd_value(bonx_dd_ldexp(c.d1, d->r_exp));
    if (d2)
        *d2 = bonx_dd_value(bonx_dd_ldexp(c.d2, 2 * d->r_exp));
    return bonx_dd_value(bonx_dd_add(lambda_shift(d, &c, lambda), c.rest));
}

double bonx_renyi_cross_entropy(const bonx_dist *d, double lambda)
{
    if (lambda == 0)
        /* the cross entropy -E_p[r] */
        return -bonx_dd_value(bonx_dd_ldexp(scaled_mean(d), d->r_exp));
    /* -Lambda(lambda)/lambda = -(shift + rest/lambda): the division is exact in form */
    cgf_parts c = cgf_of(d, lambda);
    bonx_dd shift = bonx_dd_ldexp(c.shift, d->r_exp);
    return -bonx_dd_value(bonx_dd_add(shift, bonx_dd_div_d(c.rest, lambda)));
}

double bonx_tilt_rate(const bonx_dist *d, double lambda)
{
    cgf_parts c = cgf_of(d, lambda);
    /* KL(w||g) = sum g psi(u), u = log(w/g) = lambda (r - shift) - rest, psi(u) = u e^u - e^u + 1 */
    bonx_dd kl = bonx_dd_of(0);
    for (size_t j = 0; j < d->ng; j++) {
        double u = bonx_dd_value(bonx_dd_sub(exponent_of(d, j, c.shift, lambda), c.rest));
        double psi = fabs(u) <= 0.5 ? bonx_psi_small(u) : u * bonx_exp(u) - bonx_expm1(u);
        bonx_dd_add_prod(&kl, d->g[j], psi);
    }
    return bonx_dd_value(kl);
}
