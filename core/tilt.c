/* SPDX-License-Identifier: MIT */
/* KL-regularised RL: the tilted policy (MATH.md §3), over tie groups (equal score, equal
 * tilt).  With lambda = 1/beta, x = lambda*(s - c) for a shift c and L = log sum g e^x,
 * the policy is pi = g e^y with y = x - L, and
 *
 *     KL = sum pi*y = sum g*psi(y),   psi(y) = y e^y - e^y + 1 >= 0     (as sum pi = sum g)
 *
 * a sum of non-negative terms, so a tiny KL (~ lambda^2 Var/2) keeps its relative digits.
 * One pass gives Z, E_pi[x], the win rate and reward; KL = E_pi[x] - L is taken from it when
 * that difference loses at most a factor 10 to cancellation, and from the psi sum (a second
 * pass) otherwise.  The shift c is the score of the group with the most pi-mass (its y is -L,
 * near 0 when the KL is small).  Groups far below carry no weight to double precision: their
 * psi is 1, so they add their mass to the KL and nothing else.  Whole families: tilt_family.c. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include "tilt.h"
#include "numeric.h"
#include "isa.h"
#include "elementary.h"

#define TILT_MAX_EXP 700.0
#define TILT_TAIL 1e-20

/* The calibrated score is taken as C - 1 = -(S + g/2): a constant shift (the tilt does not
 * change) that keeps the digits of the top groups, whose C all round to 1 when they are rare. */
double bonx_tilt_score(const bonx_dist *d, bonx_tilt_kind kind, size_t j)
{
    return kind == BONX_TILT_CALIBRATED ? -(d->g_S[j] + 0.5 * d->g[j]) : d->g_rs[j];
}

/* The scale of the scores: rewards are taken as g_rs = g_r 2^-r_exp (dist.h), so lambda is
 * lambda_user 2^r_exp.  Both directions by ldexp (exact) from beta, so that neither 1/beta
 * (beta subnormal) nor lambda * r (r near 1e308) leaves the double range on the way: beta
 * past it ends at the limits lambda = 0 (pi = p) or +inf (the top group). */
static int score_exp(const bonx_dist *d, bonx_tilt_kind kind)
{
    return kind == BONX_TILT_REWARD ? d->r_exp : 0;
}

static double lambda_of_beta(const bonx_dist *d, bonx_tilt_kind kind, double beta)
{
    return 1 / ldexp(beta, -score_exp(d, kind));
}

static double beta_of_lambda(const bonx_dist *d, bonx_tilt_kind kind, double lambda)
{
    return ldexp(1 / lambda, score_exp(d, kind));
}

/* Mean reward from sum w g_rs over sum w, back in the user's units.  A mean of the rewards
 * lies between the least and the largest; the rounding of the two sums (and Z taken as
 * T + (Z - T)) can pass the largest by an ulp, which at r_max = 1.7976931348623157e308 is
 * inf (klrl at beta 4 with nearly all pi on that reward: tests/fuzz/corpus/fuzz_policy), so
 * the mean is held to [r_min, r_max].  NaN stays NaN. */
static double unscale_reward(const bonx_dist *d, double scaled)
{
    double r = ldexp(scaled, d->r_exp);
    if (r > d->r_max)
        return d->r_max;
    if (r < d->r_min)
        return d->r_min;
    return r;
}

static double score(const bonx_dist *d, bonx_tilt_kind kind, size_t j)
{
    return bonx_tilt_score(d, kind, j);
}

static double mean_score(const bonx_dist *d, bonx_tilt_kind kind)
{
    bonx_ksum m = {0, 0};
    for (size_t j = 0; j < d->ng; j++)
        bonx_ksum_add(&m, d->g[j] * score(d, kind, j));
    return bonx_ksum_value(&m);
}

/* psi(y) = y e^y - e^y + 1, with ey = e^y; near 0, where those terms cancel, its Taylor
 * series sum_{k>=2} (k-1) y^k / k!, which to degree 17 is exact to 1e-17 for |y| < 1/2. */
static double psi(double y, double ey)
{
    if (fabs(y) >= 0.5)
        return 1 + ey * (y - 1);
    static const double c[] = {
        1.0 / 2, 2.0 / 6, 3.0 / 24, 4.0 / 120, 5.0 / 720, 6.0 / 5040, 7.0 / 40320,
        8.0 / 362880, 9.0 / 3628800, 10.0 / 39916800, 11.0 / 479001600, 12.0 / 6227020800.0,
        13.0 / 87178291200.0, 14.0 / 1307674368000.0, 15.0 / 20922789888000.0,
        16.0 / 355687428096000.0};
    double h = c[15];
    for (int k = 14; k >= 0; k--)
        h = c[k] + y * h;
    return y * y * h;
}

/* What one evaluation yields; var is Var_pi(s), the KL's derivative over lambda. */
typedef struct tilt_eval { double kl, win_rate, reward, log_z, var; } tilt_eval;

/* The shift c: the score of the group with the largest pi-mass, max of log g + lambda s, so
 * that its exponent is 0 and the others' stay below ~ -log g (no overflow for g >= 1e-300);
 * raised if needed so that no exponent exceeds TILT_MAX_EXP. */
static double mode_shift(const bonx_dist *d, bonx_tilt_kind kind, double lambda)
{
    size_t best = d->ng - 1;
    double best_v = -INFINITY, smax = score(d, kind, d->ng - 1);
    /* top down; log g <= 0, so once lambda (s - smax) < best_v no lower group can win */
    for (size_t j = d->ng; j-- > 0;) {
        double tilt = lambda * (score(d, kind, j) - smax);
        if (tilt < best_v - 1e-12)
            break;
        double v = d->g_logg[j] + tilt;
        if (v > best_v) {
            best_v = v;
            best = j;
        }
    }
    if (lambda == 0)
        return score(d, kind, best);
    if (d->g[best] < DBL_MIN && isfinite(d->g_logg[best] / lambda))
        /* a subnormal mode: shifted so that its g e^x (not its x) is 1, or Z would be
         * subnormal too; every other g e^x <= 1 then, and e^x overflows only for subnormal
         * g, whose weight group_weight takes from log g */
        return score(d, kind, best) + d->g_logg[best] / lambda;
    return fmax(score(d, kind, best), score(d, kind, d->ng - 1) - TILT_MAX_EXP / lambda);
}


static double total_mass(const bonx_dist *d)
{
    return d->g_Fm[d->ng - 1] + d->g[d->ng - 1];
}

/* One pass over the groups, top down: Z (with Z - 1, so that log Z keeps its digits whether
 * Z is near 1 or not) and the pi-weighted sums.  Groups below *cut carry < tail_tol of Z
 * together (their exponents only fall, and their mass is at most F-): e^x counts as 0 there.
 * tail bounds what that leaves out of Z - 1 and of Z E[x]: F- e^x (1 + |x|) at the cut (e^x |x|
 * only falls below x < -1).  abs_x = E_pi|x|, the scale of the sums' rounding. */
typedef struct tilt_pass {
    double Z, L, logT, mean_x, win_rate, reward, var, tail, abs_x;
    size_t cut;
} tilt_pass;

/* The pass's sums over a block of 4 groups in plain doubles (at most 3 ulp of their
 * magnitudes), joining the compensated totals once per block: a compensated add per group
 * and sum cost as much as the group's exp. */
typedef struct pass_block { double z, zm1, zx, wr, rw; } pass_block;

static void pass_flush(bonx_ksum k[5], pass_block *b)
{
    bonx_ksum_add(&k[0], b->z);
    bonx_ksum_add(&k[1], b->zm1);
    bonx_ksum_add(&k[2], b->zx);
    bonx_ksum_add(&k[3], b->wr);
    bonx_ksum_add(&k[4], b->rw);
    *b = (pass_block){0, 0, 0, 0, 0};
}

/* g e^x of group j, from log g when g is subnormal (dist.h log_wtotal) */
static double group_weight(const bonx_dist *d, size_t j, double x, double ex)
{
    return d->g[j] < DBL_MIN ? bonx_exp(d->g_logg[j] + x) : d->g[j] * ex;
}

/* x of group j - i, 0 past group 0 */
static inline __attribute__((always_inline)) double group_x(const bonx_dist *d,
                                                            bonx_tilt_kind kind, double lambda,
                                                            double c, size_t j, size_t i)
{
    return j >= i ? lambda * (score(d, kind, j - i) - c) : 0;
}

/* wide: the exponentials in one AVX2 vector (only where the caller is compiled for AVX2) */
static inline __attribute__((always_inline)) tilt_pass
tilt_first_pass_body(const bonx_dist *d, bonx_tilt_kind kind, double lambda, double c,
                     double tail_tol, int wide)
{
    bonx_ksum k[5] = {{0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}}; /* z, zm1, zx, wr, rw */
    pass_block blk = {0, 0, 0, 0, 0};
    double m1 = 0, m2 = 0, xa = 0; /* only steer Newton or bound errors: plain sums will do */
    tilt_pass t = {0};
    double xs[4] = {0}, em1s[4] = {0}, exs[4] = {0};
    bonx_v4d_ xv = {0}, em1v = {0}, exv = {0};
    for (size_t step = 0, j = d->ng; j-- > 0; step++) {
        if (step % 4 == 0 && wide) {
            /* the exponentials of the next 4 groups at once (past group 0: x = 0, unused),
             * gathered in registers: a wide load of narrow stores would stall */
            xv = (bonx_v4d_){group_x(d, kind, lambda, c, j, 0), group_x(d, kind, lambda, c, j, 1),
                             group_x(d, kind, lambda, c, j, 2), group_x(d, kind, lambda, c, j, 3)};
            bonx_expm1_exp4v(&xv, &em1v, &exv);
        } else if (step % 4 == 0) {
            /* without AVX2 the scalar lanes run faster than the vector form in SSE2 halves */
            for (size_t i = 0; i < 4; i++)
                xs[i] = group_x(d, kind, lambda, c, j, i);
            bonx_expm1_exp4(xs, em1s, exs);
        }
        size_t lane = step % 4;
        double dev = score(d, kind, j) - c, x = wide ? xv[lane] : xs[lane];
        double em1 = wide ? em1v[lane] : em1s[lane], ex = wide ? exv[lane] : exs[lane];
        if (ex == 0) {
            /* e^x underflowed (x may be -inf): this group and all below weigh nothing */
            pass_flush(k, &blk);
            bonx_ksum_add(&k[1], -d->g_Fm[j + 1]);
            t.cut = j + 1;
            break;
        }
        double w = d->g[j] * ex, wm1 = d->g[j] * em1;
        if (d->g[j] < DBL_MIN) {
            /* a subnormal mass has lost digits: its log (from the weights) has not */
            w = group_weight(d, j, x, ex);
            wm1 = w - d->g[j];
        }
        blk.z += w;
        blk.zm1 += wm1;
        blk.zx += w * x;
        blk.wr += w * d->g_C[j];
        blk.rw += w * d->g_rs[j];
        m1 += w * dev;
        m2 += w * dev * dev;
        xa += w * fabs(x);
        if (step % 4 == 3)
            pass_flush(k, &blk);
        if (j > 0 && x < -1 &&
            d->g_Fm[j] * ex <= tail_tol * (bonx_ksum_value(&k[0]) + blk.z)) {
            t.tail = d->g_Fm[j] * ex * (1 - x);
            pass_flush(k, &blk);
            bonx_ksum_add(&k[1], -d->g_Fm[j]);
            t.cut = j;
            break;
        }
    }
    pass_flush(k, &blk);
    bonx_ksum z = k[0], zm1 = k[1], zx = k[2], wr = k[3], rw = k[4];
    /* the group masses sum to T = 1 up to rounding; L = log(Z/T) is log Z against the
     * normalised p, formed from Z - T = sum g (e^x - 1) when Z is near T */
    double T = total_mass(d), zm1v = bonx_ksum_value(&zm1) / T;
    if (fabs(zm1v) < 0.5) {
        t.L = bonx_log1p(zm1v);
        t.Z = T + bonx_ksum_value(&zm1);
    } else {
        t.Z = bonx_ksum_value(&z);
        t.L = bonx_log(t.Z / T);
    }
    t.logT = bonx_log(T);
    t.mean_x = bonx_ksum_value(&zx) / t.Z;
    t.win_rate = bonx_ksum_value(&wr) / t.Z;
    t.reward = unscale_reward(d, bonx_ksum_value(&rw) / t.Z);
    double mean = m1 / t.Z;
    t.var = fmax(0, m2 / t.Z - mean * mean);
    t.abs_x = xa / t.Z;
    return t;
}

/* The same pass compiled twice on x86: with AVX2 the 4-group exponentials of
 * bonx_expm1_exp4v fill one ymm register (twice the SSE2 width).  The operations and their
 * order are the same in both and never fused (-ffp-contract=off): the same bits. */
static tilt_pass tilt_first_pass_plain(const bonx_dist *d, bonx_tilt_kind kind, double lambda,
                                       double c, double tail_tol)
{
    return tilt_first_pass_body(d, kind, lambda, c, tail_tol, 0);
}

#if BONX_ISA_X86
BONX_TARGET_AVX2 static tilt_pass tilt_first_pass_avx2(const bonx_dist *d, bonx_tilt_kind kind,
                                                       double lambda, double c, double tail_tol)
{
    return tilt_first_pass_body(d, kind, lambda, c, tail_tol, 1);
}
#else
#define tilt_first_pass_avx2 tilt_first_pass_plain
#endif

static tilt_pass tilt_pass_tol(const bonx_dist *d, bonx_tilt_kind kind, double lambda, double c,
                               double tail_tol)
{
    if (bonx_isa_active() == BONX_ISA_AVX2)
        return tilt_first_pass_avx2(d, kind, lambda, c, tail_tol);
    return tilt_first_pass_plain(d, kind, lambda, c, tail_tol);
}

static tilt_pass tilt_first_pass(const bonx_dist *d, bonx_tilt_kind kind, double lambda, double c)
{
    return tilt_pass_tol(d, kind, lambda, c, TILT_TAIL);
}

/* KL = sum g psi(x - L): non-negative terms, for when E_pi[x] - L would cancel. */
static double kl_by_psi(const bonx_dist *d, bonx_tilt_kind kind, double lambda, double c,
                        const tilt_pass *t)
{
    bonx_ksum kl = {0, 0};
    for (size_t j = d->ng; j-- > t->cut;) {
        double x = lambda * (score(d, kind, j) - c), y = x - (t->L + t->logT);
        double ex = x > -0.5 ? 1 + bonx_fexpm1(x) : bonx_fexp(x);
        if (fabs(y) < 0.5) {
            bonx_ksum_add(&kl, d->g[j] * psi(y, 0));
        } else {
            /* g psi(y) = g + pi (y - 1) with pi = g e^x / Z: e^y = e^x / Z alone (pi/g)
             * overflows when g is subnormal and the group holds much of pi */
            bonx_ksum_add(&kl, d->g[j]);
            bonx_ksum_add(&kl, group_weight(d, j, x, ex) / t->Z * (y - 1));
        }
    }
    if (t->cut > 0)
        bonx_ksum_add(&kl, d->g_Fm[t->cut]); /* psi = 1 where pi = 0 */
    /* sum g psi(y) = sum pi log(pi/g) + T - 1 with T = sum g, and sum pi log(pi/g) is the KL
     * against the normalised g/T minus log T: the sum exceeds the KL by T - 1 - log T =
     * (T-1)^2/2 + ..., 2.5e-32 for T one ulp off 1, which a KL of 1e-61 (beta 1e30) must not
     * keep (tests/fuzz/corpus/fuzz_tilt).  T - 1 is exact (T within a factor 2 of 1). */
    double dT = total_mass(d) - 1;
    double excess = fabs(dT) < 1e-4 ? dT * dT * (0.5 - dT / 3) : dT - bonx_log1p(dT);
    return bonx_ksum_value(&kl) - excess;
}

/* Every sum in logs: pi_j = e^(log g_j + x_j - m) / Z' with m the largest exponent, so Z'
 * is in [1, ng].  For a subnormal mode whose shift c rounded away (lambda ~ 1e26: log g /
 * lambda below an ulp of the score), the pass's Z is subnormal and log Z kept 9 bits (KL
 * 1e-6 above its ceiling: tests/fuzz/corpus/fuzz_tilt, fuzz_policy).  Two passes; rare. */
static tilt_eval eval_logsum(const bonx_dist *d, bonx_tilt_kind kind, double lambda, double c)
{
    double m = -INFINITY, logT = bonx_log(total_mass(d));
    for (size_t j = 0; j < d->ng; j++)
        m = fmax(m, d->g_logg[j] + lambda * (score(d, kind, j) - c));
    bonx_ksum z = {0, 0};
    for (size_t j = 0; j < d->ng; j++)
        bonx_ksum_add(&z, bonx_exp(d->g_logg[j] + lambda * (score(d, kind, j) - c) - m));
    double zv = bonx_ksum_value(&z);
    double L = m + bonx_log(zv) - logT;     /* log(Z/T), Z = sum g e^x */
    bonx_ksum kl = {0, 0}, wr = {0, 0}, rw = {0, 0};
    double m1 = 0, m2 = 0;
    for (size_t j = 0; j < d->ng; j++) {
        double x = lambda * (score(d, kind, j) - c), y = x - L;   /* log(pi/p) */
        double pi = bonx_exp(d->g_logg[j] + x - m) / zv, pj = d->g[j] / bonx_exp(logT);
        /* p psi(y) = pi (y - 1) + p: the series where that cancels */
        /* pi = 0 (x = -inf at lambda ~1e308) adds p psi(-inf) = p, not 0 * -inf */
        bonx_ksum_add(&kl, !(pi > 0) ? pj : fabs(y) < 0.5 ? pj * psi(y, 0) : pi * (y - 1) + pj);
        bonx_ksum_add(&wr, pi * d->g_C[j]);
        bonx_ksum_add(&rw, pi * d->g_rs[j]);
        double dev = score(d, kind, j) - c;
        m1 += pi * dev;
        m2 += pi * dev * dev;
    }
    tilt_eval t = {bonx_ksum_value(&kl), bonx_ksum_value(&wr),
                   unscale_reward(d, bonx_ksum_value(&rw)),
                   L + lambda * (c - score(d, kind, d->ng - 1)), fmax(0, m2 - m1 * m1)};
    return t;
}

/* theta = lambda (s_max - s_min) at most this: KL by its cumulant series (below). */
#define TILT_THETA_SERIES 1e-5

/* KL(p_lambda || p) = sum_{k>=2} (k-1) kappa_k lambda^k / k! to k = 4 (kappa: the scores'
 * cumulants under p/T): for theta <= 1e-5 the rest is below 1e-15 of it.  Any sum of
 * g psi(y) exceeds the KL by T - 1 - log T = (T-1)^2/2 for the rounded masses (T = sum g is
 * 1 only to an ulp), 5e-48 after that is taken off, while the KL at beta = 1e30 is 4e-61
 * (tests/fuzz/corpus/fuzz_tilt); central moments have no such floor.  The scores are taken
 * in units of 2^e ~ their range (exact), so the series is in theta: lambda^2 itself
 * underflows below 1.5e-154, which the lambda reaching KL 4e-235 is for rewards of 9e46
 * (the KL came out 0: tests/fuzz/corpus/fuzz_tilt/klrl-kl-lambda-squared-underflow). */
static double kl_small_theta(const bonx_dist *d, bonx_tilt_kind kind, double lambda)
{
    double T = total_mass(d), mu = mean_score(d, kind) / T;
    int e;
    frexp(score(d, kind, d->ng - 1) - score(d, kind, 0), &e);
    bonx_ksum c2 = {0, 0}, c3 = {0, 0}, c4 = {0, 0};
    for (size_t j = 0; j < d->ng; j++) {
        double dev = ldexp(score(d, kind, j) - mu, -e), gd2 = d->g[j] * dev * dev;
        bonx_ksum_add(&c2, gd2);
        bonx_ksum_add(&c3, gd2 * dev);
        bonx_ksum_add(&c4, gd2 * dev * dev);
    }
    double k2 = bonx_ksum_value(&c2) / T, k3 = bonx_ksum_value(&c3) / T;
    double k4 = bonx_ksum_value(&c4) / T - 3 * k2 * k2, theta = ldexp(lambda, e);
    return theta * theta * (k2 / 2 + theta * (k3 / 3 + theta * (k4 / 8)));
}

static tilt_eval eval_finite(const bonx_dist *d, bonx_tilt_kind kind, double lambda)
{
    double smax = score(d, kind, d->ng - 1);
    double c = mode_shift(d, kind, lambda);
    tilt_pass p = tilt_first_pass(d, kind, lambda, c);
    /* the same rounding the other way: c an ulp of a large score (64 at 3.6e17) below the
     * shift, the subnormal mode's x is 1422 instead of 715 and its weight 2.8e306, whose
     * products with the rewards and x overflow the sums (reward NaN at beta = 0.045:
     * tests/fuzz/corpus/fuzz_tilt/subnormal-mode-shift-rounded-up) */
    if (p.Z < DBL_MIN || !isfinite(p.reward) || !isfinite(p.mean_x) || !isfinite(p.L))
        return eval_logsum(d, kind, lambda, c);
    tilt_eval t;
    if (lambda * (score(d, kind, d->ng - 1) - score(d, kind, 0)) <= TILT_THETA_SERIES) {
        t.kl = kl_small_theta(d, kind, lambda);   /* no pass-based KL to refine */
    } else {
        for (int whole = 0;; whole = 1) {
            t.kl = p.mean_x - p.L;
            /* the difference keeps its digits unless it cancels by more than a factor 10, or
             * the sums behind it cancelled already: x on both sides of the mode, E_pi[x] and
             * L of the KL's order while their terms, and their rounding (~eps E_pi|x|), are
             * of the first order (p = 1e-59 on either side: 6e-13 of the KL at beta 1000,
             * 60% in the family; test_tilt family_tiny_variance) */
            if (!(t.kl > 0.1 * (fabs(p.mean_x) + fabs(p.L))) ||
                !(16 * DBL_EPSILON * p.abs_x <= 1e-12 * t.kl))
                t.kl = kl_by_psi(d, kind, lambda, c, &p);
            /* the cut is against Z; a KL far below 1 (1e-151: the mass below the top is 1e-151)
             * can be of the size of what it left out (3e-4 of it at beta = 1), so then every
             * group is summed (tests/fuzz/corpus/fuzz_tilt) */
            if (whole || p.cut == 0 || !(p.tail > 1e-17 * t.kl))
                break;
            p = tilt_pass_tol(d, kind, lambda, c, 0.0);
        }
    }
    t.win_rate = p.win_rate;
    t.reward = p.reward;
    t.log_z = p.L + lambda * (c - smax);
    t.var = p.var;
    return t;
}

/* lambda = +inf: the top group in proportion to p. */
static tilt_eval eval_top(const bonx_dist *d)
{
    size_t top = d->ng - 1;
    tilt_eval t = {bonx_dist_kl_ceiling(d), d->g_C[top], d->g_r[top], d->g_logg[top], 0};
    return t;
}

/* lambda = 0 or a single group: pi = p. */
static tilt_eval eval_reference(const bonx_dist *d, bonx_tilt_kind kind)
{
    bonx_ksum wr = {0, 0}, rw = {0, 0}, m1 = {0, 0}, m2 = {0, 0};
    double mu = mean_score(d, kind);
    for (size_t j = 0; j < d->ng; j++) {
        double dev = score(d, kind, j) - mu;
        bonx_ksum_add(&wr, d->g[j] * d->g_C[j]);
        bonx_ksum_add(&rw, d->g[j] * d->g_rs[j]);
        bonx_ksum_add(&m1, d->g[j] * dev);
        bonx_ksum_add(&m2, d->g[j] * dev * dev);
    }
    double T = total_mass(d), mean = bonx_ksum_value(&m1) / T;
    tilt_eval t = {0, bonx_ksum_value(&wr) / T, unscale_reward(d, bonx_ksum_value(&rw) / T), 0,
                   fmax(0, bonx_ksum_value(&m2) / T - mean * mean)};
    return t;
}

static tilt_eval eval_at(const bonx_dist *d, bonx_tilt_kind kind, double lambda)
{
    if (lambda == 0 || d->ng == 1)
        return eval_reference(d, kind);
    if (isinf(lambda))
        return eval_top(d);
    return eval_finite(d, kind, lambda);
}

static int check_beta(double beta, bonx_err *err)
{
    if (isnan(beta) || beta <= 0)
        return bonx_fail(err, BONX_EINVAL, "beta must be > 0 (got %g)", beta);
    return BONX_OK;
}

int bonx_tilt_stats_at(const bonx_dist *d, bonx_tilt_kind kind, double beta,
                       bonx_tilt_stats *out, bonx_err *err)
{
    int rc = check_beta(beta, err);
    if (rc)
        return rc;
    tilt_eval t = eval_at(d, kind, lambda_of_beta(d, kind, beta));
    out->beta = beta;
    out->kl = bonx_nonneg(t.kl);
    out->win_rate = bonx_prob(t.win_rate);
    out->reward = t.reward;
    out->log_z = t.log_z;
    return BONX_OK;
}

/* pi/p of group j: e^x / Z with the same shift and cut as the statistics, and the group's
 * pi-mass g e^x / Z (finite where the ratio overflows: a subnormal g holding much of pi). */
static void group_ratios(const bonx_dist *d, bonx_tilt_kind kind, double lambda, double *ratio,
                         double *mass)
{
    for (size_t j = 0; j < d->ng; j++)
        ratio[j] = mass[j] = 0;
    if (lambda == 0 || d->ng == 1) {
        for (size_t j = 0; j < d->ng; j++)
            ratio[j] = 1, mass[j] = d->g[j];
        return;
    }
    if (isinf(lambda)) {
        ratio[d->ng - 1] = 1 / d->g[d->ng - 1];
        mass[d->ng - 1] = 1;
        return;
    }
    double c = mode_shift(d, kind, lambda);
    tilt_pass p = tilt_first_pass(d, kind, lambda, c);
    for (size_t j = p.cut; j < d->ng; j++) {
        double x = lambda * (score(d, kind, j) - c);
        double ex = x > -0.5 ? 1 + bonx_fexpm1(x) : bonx_fexp(x);
        ratio[j] = ex / p.Z;
        mass[j] = fmin(1, group_weight(d, j, x, ex) / p.Z);
    }
}

int bonx_tilt_pmf(const bonx_dist *d, bonx_tilt_kind kind, double beta, double *pi, bonx_err *err)
{
    int rc = check_beta(beta, err);
    if (rc)
        return rc;
    for (size_t i = 0; i < d->k; i++)
        pi[i] = 0;
    double *ratio = malloc(2 * d->ng * sizeof *ratio), *mass = ratio + d->ng;
    if (!ratio)
        return bonx_fail(err, BONX_ENOMEM, "out of memory");
    group_ratios(d, kind, lambda_of_beta(d, kind, beta), ratio, mass);
    for (size_t j = 0; j < d->ng; j++)
        for (size_t m = d->g_first[j]; m < d->g_first[j + 1]; m++) {
            size_t i = d->order[m];
            /* p * (pi/p), or where pi/p overflows (g subnormal) the group's pi-mass shared
             * in proportion to p */
            pi[i] = isfinite(ratio[j]) && d->g[j] >= DBL_MIN ? d->p[i] * ratio[j]
                                                              : mass[j] * (d->p[i] / d->g[j]);
            pi[i] = fmin(pi[i], 1);   /* 1.0000000000000002 by rounding (fuzz_policy) */
        }
    free(ratio);
    return BONX_OK;
}

double bonx_tilt_kl_max(const bonx_dist *d, bonx_tilt_kind kind)
{
    (void)kind; /* r and C order the groups the same way: the top group is the same */
    return bonx_dist_kl_ceiling(d);
}

/* Variance of the score under p, for the first guess lambda ~ sqrt(2 KL / Var). */
static double score_var(const bonx_dist *d, bonx_tilt_kind kind, double mu)
{
    bonx_ksum v = {0, 0};
    for (size_t j = 0; j < d->ng; j++) {
        double dev = score(d, kind, j) - mu;
        bonx_ksum_add(&v, d->g[j] * dev * dev);
    }
    return bonx_ksum_value(&v);
}

/* lo < hi with KL(lo) <= target <= KL(hi); returns 0 when no finite bracket exists. */
static int bracket(const bonx_dist *d, bonx_tilt_kind kind, double target, double mu,
                   double *lo, double *hi)
{
    double v = score_var(d, kind, mu);
    double lam = sqrt(2 * target / v);
    if (!(lam > 0 && isfinite(lam)))
        lam = 1 / ldexp(d->r_scale, -d->r_exp);
    *lo = 0;
    for (int i = 0; i < 2200; i++) {
        if (eval_at(d, kind, lam).kl >= target) {
            *hi = lam;
            for (int k = 0; k < 2200 && *lo == 0; k++) {
                double down = lam * bonx_pow(0.25, k + 1);
                if (down == 0)
                    break;
                if (eval_at(d, kind, down).kl <= target)
                    *lo = down;
                else
                    *hi = down;
            }
            return 1;
        }
        *lo = lam;
        lam *= 4;
        if (isinf(lam))
            return 0;
    }
    return 0;
}

/* Safeguarded Newton: on KL from above the target, on log KL from below (KL' = lambda
 * Var_pi).  KL is convex in lambda where it is small: ~ lambda^2 Var/2 near 0, and ~ q (lambda
 * gap - 1) with q ~ g e^(lambda gap) where a group far above the mode gains pi-mass q; log KL
 * is concave or linear there.  Newton on a convex rising function from above, or on a concave
 * one from below, does not pass the root, and on log KL it is exact for the exponential.  But
 * from above Newton on KL moves lambda by only ~1/gap per step in the exponential regime, and
 * the bracket's factor-4 grid can put the root 250/gap below its top: with a top reward group
 * of mass 2.3e-321, klrl --kl 3.9e-240 ran out of steps 100/gap above the root and answered
 * the bracket's lower end, KL 6.3e-245 (tests/fuzz/corpus/fuzz_tilt/klrl-kl-tiny-top-mass).
 * So a step that would leave the bracket, or is not under half the one before the last (the
 * bracket must halve every two steps), becomes a bisection, geometric when the bracket is
 * wide. */
static double solve_lambda(const bonx_dist *d, bonx_tilt_kind kind, double target,
                           double lo, double hi, double rel_tol)
{
    double lam = hi, step = hi - lo, step_before = step;
    for (int it = 0; it < 400; it++) {
        tilt_eval t = eval_at(d, kind, lam);
        double f = t.kl - target;
        if (fabs(f) <= rel_tol * target)
            return lam;
        if (f < 0)
            lo = lam;
        else
            hi = lam;
        if (hi - lo <= 2e-16 * hi)
            break;
        double next = lam - f / (lam * t.var);
        if (f < 0) {
            /* log(KL/target) over (log KL)', with its digits near the root (KL = 0: NaN) */
            double log_ratio = f > -0.5 * target ? bonx_log1p(f / target) : bonx_log(t.kl) - bonx_log(target);
            next = lam - log_ratio * t.kl / (lam * t.var);
        }
        double slow_bound = 0.5 * step_before;
        step_before = step;
        /* the means without forming lo * hi or lo + hi: with the rewards scaled by 2^-1024
         * the bracket is [4.1e307, 1.6e308], whose sum overflowed to a lambda of inf, and the
         * solver answered its lower end (KL 1e-27 for a target 0.1: tests/fuzz/corpus/
         * fuzz_tilt/klrl-kl-lambda-near-max) */
        if (!(next > lo && next < hi) || !(fabs(next - lam) <= slow_bound))
            next = (lo > 0 && hi / lo > 4) ? sqrt(lo) * sqrt(hi) : 0.5 * lo + 0.5 * hi;
        if (fabs(next - lam) <= 1e-16 * lam)
            break;
        step = fabs(next - lam);
        lam = next;
    }
    /* the endpoint nearer in KL */
    double flo = fabs(eval_at(d, kind, lo).kl - target);
    double fhi = fabs(eval_at(d, kind, hi).kl - target);
    double flam = fabs(eval_at(d, kind, lam).kl - target);
    if (flam <= flo && flam <= fhi)
        return lam;
    return flo < fhi ? lo : hi;
}

int bonx_tilt_beta_for_kl(const bonx_dist *d, bonx_tilt_kind kind, double kl_target,
                          double *beta, bonx_err *err)
{
    return bonx_tilt_beta_for_kl_tol(d, kind, kl_target, 0, beta, err);
}

int bonx_tilt_beta_for_kl_tol(const bonx_dist *d, bonx_tilt_kind kind, double kl_target,
                              double rel_tol, double *beta, bonx_err *err)
{
    if (isnan(kl_target) || kl_target < 0)
        return bonx_fail(err, BONX_EINVAL, "KL target must be >= 0 (got %g)", kl_target);
    double kl_max = bonx_tilt_kl_max(d, kind);
    if (kl_target >= kl_max)
        return bonx_fail(err, BONX_ERANGE,
                         "KL target %g is not below the largest reachable KL %.17g "
                         "(log 1/mass of the top reward group)", kl_target, kl_max);
    if (kl_target == 0) {
        *beta = INFINITY;
        return BONX_OK;
    }
    double mu = mean_score(d, kind), lo, hi;
    if (!bracket(d, kind, kl_target, mu, &lo, &hi))
        return bonx_fail(err, BONX_ERANGE,
                         "KL target %.17g is too close to the largest reachable KL %.17g",
                         kl_target, kl_max);
    double lambda = solve_lambda(d, kind, kl_target, lo, hi, rel_tol);
    double b = beta_of_lambda(d, kind, lambda);
    if (!(b > 0 && isfinite(b)))
        return bonx_fail(err, BONX_ERANGE,
                         "the beta reaching KL %g is %s than any double (rewards up to %g "
                         "in magnitude)", kl_target, b > 1 ? "larger" : "smaller", d->r_scale);
    /* A subnormal beta keeps fewer digits: with rewards near 4.9e-324 the beta for KL 0.1 is
     * 1.06 * 2^-1074, which rounds to 2^-1074, whose KL is 0.111 (tests/fuzz/corpus/fuzz_tilt
     * klrl-kl-subnormal-beta).  Where the rounding moves beta by more than the solver's
     * tolerance could allow (the KL moves by about twice as much), no double is the answer. */
    double moved = fabs(lambda_of_beta(d, kind, b) / lambda - 1);
    if (!(moved <= fmax(rel_tol / 4, 1e-13))) {
        /* the unrounded beta in decimal, from its log */
        double l10 = -bonx_log10(lambda) + score_exp(d, kind) * bonx_log10(2.0), e10 = floor(l10);
        return bonx_fail(err, BONX_ERANGE,
                         "the beta reaching KL %g is %.3fe%.0f, below the normal doubles, "
                         "where it rounds by %.2g relative (rewards up to %g in magnitude; "
                         "scale them up)", kl_target, bonx_pow(10, l10 - e10), e10, moved,
                         d->r_scale);
    }
    *beta = b;
    return BONX_OK;
}

/* Ends of a plotted family without solving: at small lambda KL ~ lambda^2 Var/2 (checked,
 * and lowered until KL <= 1e-4 kl_max); at large lambda the top group holds all but 1e-5
 * of pi once (1 - g_top) e^(-lambda gap) <= 1e-5 g_top. */
void bonx_tilt_family_range(const bonx_dist *d, bonx_tilt_kind kind, double *beta_small_kl,
                            double *beta_near_max)
{
    double kl_max = bonx_tilt_kl_max(d, kind);
    *beta_small_kl = *beta_near_max = INFINITY;
    if (!(kl_max > 0))
        return;
    double v = score_var(d, kind, mean_score(d, kind));
    /* the quadratic law holds while lambda * (score range) is small */
    double range = score(d, kind, d->ng - 1) - score(d, kind, 0);
    double lo = fmin(sqrt(2e-5 * kl_max / v), 0.1 / range);
    /* With lambda * range <= 0.1 the law holds to 10%: KL = int_0^lambda t Var_t dt, and
     * pi_t / p <= e^(t range) makes Var_t <= e^(t range) v, so KL <= e^0.1 lambda^2 v / 2
     * <= 1.11e-5 kl_max: no need to evaluate.  Only the fallback guess is checked. */
    if (!(lo > 0 && isfinite(lo))) {
        lo = 1e-3 / ldexp(d->r_scale, -d->r_exp);
        for (int i = 0; i < 60 && eval_at(d, kind, lo).kl > 1e-4 * kl_max; i++)
            lo *= 0.25;
    }
    size_t top = d->ng - 1;
    double gap = score(d, kind, top) - score(d, kind, top - 1);
    double hi = (fmax(0, bonx_log(d->g_Fm[top]) - d->g_logg[top]) + bonx_log(1e5)) / gap;
    if (!(hi <= 1e305))
        hi = 1e305;
    hi = fmax(hi, 10 * lo);
    /* in the double range: a plotted end a little off its KL beats an infinite or zero beta */
    *beta_small_kl = fmin(fmax(beta_of_lambda(d, kind, lo), DBL_TRUE_MIN), DBL_MAX);
    *beta_near_max = fmin(fmax(beta_of_lambda(d, kind, hi), DBL_TRUE_MIN), DBL_MAX);
}
