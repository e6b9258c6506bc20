/* SPDX-License-Identifier: MIT */
/* Best-of-n (MATH.md §2).  Groups are visited from the top reward down: the mass left below
 * the current group is F-^n, which bounds everything the remaining groups can add, so the loop
 * stops as soon as that cannot move a result by 1e-17 relative (at large n after a few groups).
 * Along the way F^n of a group is F-^n of the group above, so each group costs one expm1 and
 * one log, each distinct probability within it one expm1 and one log1p; where n*g/F and n*eps
 * are small, series below replace all of these (see "Series paths").  bonx_bon_stats_batch
 * (at the end) runs the same loop for 4 values of n at once, one per vector lane. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include "bon.h"
#include "numeric.h"
#include "isa.h"
#include "elementary.h"

/* Relative change below which the remaining groups are dropped. */
#define BON_TAIL_TOL 1e-17
/* Multiplying F^n down the groups drifts by an ulp per group: recompute exactly this often. */
#define BON_RESYNC 32

double bonx_kl_analytic(double n) { return bonx_kl_tilde(n); }

/* The three per-outcome estimator values at (n, eps), sharing their transcendentals.
 * L = log1p(-eps), kt = KL~_n, logn = log n. */
typedef struct est_terms { double klhat, sat, mn; } est_terms;

/* KLhat - a KL~ = a z + (1-a) sat (z = (n-1) log(1-eps), sat = log((1-a)/eps)): two O(n-1)
 * terms of opposite sign whose sum is O((n-1)^2), so near n = 1 it kept only 1e-16/(n-1) of
 * its digits (2.6e-5 relative at n = 1 + 1e-12).  With a = (1-eps) e^z and 1 - a = eps e^sat, it is (1-eps) psi(z) + eps psi(sat), psi(y) =
 * y e^y - e^y + 1 >= 0: two non-negative terms, no cancellation.  Past |y| = 1/2 psi is
 * written back as c + (c e^y)(y - 1), c e^y being a or 1 - a (no overflow of e^sat). */
static double est_bracket(double z, double sat, double eps, double ome, double a, double oma)
{
    double pz = fabs(z) <= 0.5 ? ome * bonx_psi_small(z) : ome + a * (z - 1);
    double ps = sat <= 0.5 ? eps * bonx_psi_small(sat) : eps + oma * (sat - 1);
    return pz + ps;
}

static est_terms est_terms_at(double n, double logn, double kt, double eps, double L, double logeps)
{
    est_terms e = {0, 0, 0};
    if (n == 1 || eps >= 1)
        return e; /* every estimator is 0 there: pi_1 = p, and eps = 1 leaves nothing to learn */
    if (eps <= 0)
        return (est_terms){kt, logn, logn}; /* the limit eps -> 0: a -> 1 */
    double z = (n - 1) * L;               /* log (1-eps)^(n-1) */
    e.mn = fmin(logn, -logeps);
    if (z < -50) {
        /* a = (1-eps) e^z and sat >= -log eps >= (1-eps): every term in a is below
         * e^-50 (kt + |z|) < 1e-19 of sat, so KLhat = sat = log(1/eps) to double precision */
        e.sat = e.klhat = -logeps;
        return e;
    }
    double em1 = bonx_fexpm1(z);                /* (1-eps)^(n-1) - 1 */
    double b = em1 > -0.5 ? 1 + em1 : bonx_exp_flush(z);
    /* near eps = 1, 1 - eps of the rounded eps keeps few digits; L = log(1-eps) is built
     * from the other outcomes' mass (dist.c), so take the complement from it */
    double ome = eps > 0.5 ? bonx_exp(L) : 1 - eps;
    double a = b * ome;                   /* (1-eps)^n */
    double oma = eps * b - em1;           /* 1 - a, as a sum of two non-negative terms */
    /* (1-a)/eps = 1 + (1-eps)(1-b)/eps: log1p keeps the digits when the ratio is near 1 */
    e.sat = bonx_flog1p(ome * (-em1 / eps));
    e.klhat = a * kt + est_bracket(z, e.sat, eps, ome, a, oma);
    return e;
}

double bonx_klhat(double n, double eps)
{
    return est_terms_at(n, bonx_log(n), bonx_kl_tilde(n), eps, bonx_log1p(-eps), bonx_log(eps)).klhat;
}

double bonx_kl_bound_min1(double n, double eps) { return fmin(bonx_log(n), -bonx_log(eps)); }

double bonx_kl_bound_sat1(double n, double eps)
{
    return est_terms_at(n, bonx_log(n), bonx_kl_tilde(n), eps, bonx_log1p(-eps), bonx_log(eps)).sat;
}

double bonx_blockwise_bound(double n, double L, double M)
{
    return ceil(L / M) * bonx_kl_tilde(n);
}

/* Series paths.  Where n*eps is small for every outcome of a group, the estimator terms are
 * power series in eps whose coefficients depend on n only: the group's sums over its
 * outcomes become dot products with its moments sum p(y) eps^k (computed per edit).  Where
 * y = n log(F-/F) is small, F^n - F-^n and its log are power series in y.  Both are exact
 * to < 1e-17 relative within these bounds, and cost no transcendental per group. */
#define SERIES_NEPS_MAX 0.05
#define SERIES_Y_MAX 0.05
#define SERIES_N_MAX 1e12

/* The estimator band (tilted averages at -t and +t) takes the series path too while t is at
 * most this: e^(tau (KLhat - KL~)) is then a series in n*eps whose coefficients stay below
 * 0.05 (as KLhat's own do), so the same degrees keep its terms below 1e-19. */
#define SERIES_TILT_MAX 1.0

/* c, s: see est_series_init; elo, ehi: the Taylor coefficients in eps of
 * exp(tau (KLhat(n, eps) - KL~_n)) at tau = -t and +t (0 when there is no band). */
typedef struct est_series {
    double c[BONX_MOM_DEG + 1], s[BONX_MOM_DEG + 1], elo[BONX_MOM_DEG + 1], ehi[BONX_MOM_DEG + 1];
} est_series;

/* exp(tau R) for R = sum_{k>=1} c_k eps^k, by the recurrence k E_k = tau sum i c_i E_(k-i). */
static void exp_series(const double *c, int deg, double tau, double *e)
{
    e[0] = 1;
    for (int k = 1; k <= deg; k++) {
        double acc = 0;
        for (int i = 1; i <= k; i++)
            acc += i * c[i] * e[k - i];
        e[k] = tau * acc / k;
    }
}

/* Taylor coefficients in eps of KLhat(n, eps) (c) and of log((1-(1-eps)^n)/eps) (s), up to
 * degree deg (the groups' n*eps decides how many are needed; most need few). */
static void est_series_init(est_series *es, int deg, double n, double logn, double kt, double t)
{
    static const double inv[] = {0, 1, 1.0 / 2, 1.0 / 3, 1.0 / 4, 1.0 / 5, 1.0 / 6, 1.0 / 7,
                                 1.0 / 8, 1.0 / 9, 1.0 / 10, 1.0 / 11, 1.0 / 12, 1.0 / 13,
                                 1.0 / 14, 1.0 / 15};
    double a[BONX_MOM_DEG + 2], h[BONX_MOM_DEG + 1], f[BONX_MOM_DEG + 1], b[BONX_MOM_DEG + 1];
    double inv_n = 1 / n;
    a[0] = 1; /* (1-eps)^n = sum binom(n,k) (-eps)^k */
    for (int k = 1; k <= deg + 1; k++)
        a[k] = a[k - 1] * -(n - (k - 1)) * inv[k];
    /* (1-a)/(n eps) = 1 + sum_k h_k eps^k; its log by the series recurrence f' h = h' */
    h[0] = 1;
    for (int k = 1; k <= deg; k++)
        h[k] = -a[k + 1] * inv_n;
    f[0] = 0;
    for (int k = 1; k <= deg; k++) {
        double acc = 0;
        for (int i = 1; i < k; i++)
            acc += i * f[i] * h[k - i];
        f[k] = h[k] - acc * inv[k];
    }
    /* b = KL~ + (n-1) log(1-eps) */
    b[0] = kt;
    for (int k = 1; k <= deg; k++)
        b[k] = -(n - 1) * inv[k];
    for (int k = 0; k <= deg; k++) {
        es->s[k] = k == 0 ? logn : f[k];
        /* KLhat = a*b + (1-a)*sat, with 1-a = -sum_{i>=1} a_i eps^i */
        double ck = 0;
        for (int i = 0; i <= k; i++)
            ck += a[i] * b[k - i];
        for (int i = 1; i <= k; i++)
            ck -= a[i] * es->s[k - i];
        es->c[k] = ck;
    }
    if (t > 0) {
        exp_series(es->c, deg, -t, es->elo);
        exp_series(es->c, deg, t, es->ehi);
    }
}

/* Degree at which the terms, falling like (n eps)^k, are below 1e-19 of the first. */
static int series_degree(double neps)
{
    /* 1, 3, 4, 6, 9, 14 above 0, 1e-10, 1e-6, 1e-4, 1e-3, 1e-2: summed comparisons, no
     * branch (neps changes from group to group) */
    return 1 + 2 * (neps > 1e-10) + (neps > 1e-6) + 2 * (neps > 1e-4) + 3 * (neps > 1e-3)
         + (BONX_MOM_DEG - 9) * (neps > 1e-2);
}

/* The two series' sums over a group's moments in one pass: each moment loaded once, two
 * independent chains (each summed smallest terms first, as separate loops would). */
static void dot_moments2(const est_series *es, const double *mom, int deg, double *c, double *s)
{
    double sc = 0, ss = 0;
    for (int k = deg; k >= 0; k--) {
        sc += es->c[k] * mom[k];
        ss += es->s[k] * mom[k];
    }
    *c = sc;
    *s = ss;
}

/* (e^y - 1)/y = sum y^k/(k+1)! for |y| <= SERIES_Y_MAX: to y^10 (y^11/12! < 1e-19 at 0.05),
 * always to the same degree and in Estrin's form, so that groups with different y neither
 * branch differently nor wait on one long chain of multiply-adds. */
static double expm1_over_y(double y)
{
    double y2 = y * y, y4 = y2 * y2, y8 = y4 * y4;
    double p01 = 1.0 + y * (1.0 / 2), p23 = 1.0 / 6 + y * (1.0 / 24);
    double p45 = 1.0 / 120 + y * (1.0 / 720), p67 = 1.0 / 5040 + y * (1.0 / 40320);
    double p89 = 1.0 / 362880 + y * (1.0 / 3628800);
    double p03 = p01 + y2 * p23, p47 = p45 + y2 * p67;
    double p8a = p89 + y2 * (1.0 / 39916800);
    return p03 + y4 * p47 + y8 * p8a;
}

/* log((e^y - 1)/y) = y/2 + sum_k B_2k y^2k / (2k (2k)!), to y^10, for |y| <= SERIES_Y_MAX. */
static double log_expm1_over_y(double y)
{
    double y2 = y * y, y4 = y2 * y2;
    double q01 = 1.0 / 24 + y2 * (-1.0 / 2880), q23 = 1.0 / 181440 + y2 * (-1.0 / 9676800);
    return y / 2 + y2 * (q01 + y4 * (q23 + y4 * (1.0 / 4790016000.0)));
}

/* Tilted average (1/t) log E[e^(tX)] accumulated online.  For |t|*max X <= 1 the expm1 form
 * keeps the digits of small t; otherwise a running log-sum-exp avoids overflow/underflow. */
typedef struct tilt_acc {
    double t, m, kt;
    bonx_ksum s;
    int small;
    /* for series-path groups: expm1 and exp of t KL~ (small form), e^(t KL~ - m) at m = sm */
    double em1_kt, e_kt, sm, e_sm;
} tilt_acc;

/* xmax = KL~_n, the largest KLhat and the series' constant term. */
static void tilt_init(tilt_acc *ta, double t, double xmax)
{
    ta->t = t;
    ta->kt = xmax;
    ta->m = -INFINITY;
    ta->s = (bonx_ksum){0, 0};
    ta->small = fabs(t) * xmax <= 1;
    ta->em1_kt = ta->small ? bonx_fexpm1(t * xmax) : 0;
    ta->e_kt = ta->small ? bonx_fexp(t * xmax) : 0;
    ta->sm = NAN; /* e_sm not computed yet */
}

/* Move the reference m to the log of the larger of the sum and a new term e^top. */
static void tilt_move(tilt_acc *ta, double top)
{
    double s = bonx_ksum_value(&ta->s);
    double m = s > 0 ? fmax(ta->m + bonx_log(s), top) : top;
    if (m > ta->m) { /* else the term stays below e^-700 of the sum: no need */
        double scale = bonx_fexp(ta->m - m);
        ta->s.s *= scale;
        ta->s.c *= scale;
        ta->m = m;
    }
}

/* The term w e^(e - m) to add (0 < w <= 1: the weights are pi-masses), after moving m if
 * needed.  The reference m stays the log of the largest term (or of the sum) seen, and moves
 * only where a term would pass e^700: it used to follow the largest exponent e alone, and a
 * term of subnormal weight at a large e (a top group of subnormal mass, t KL~ > 700) then
 * scaled the whole sum by e^-900 to 0 while itself adding 1e-316: the tilted min came out 4.95 above the tilted max
 * 3.00 (tests/fuzz/corpus/fuzz_bon, test_bon band_subnormal_top).  Moved here, the new m is
 * the log of the larger of the sum and the term, so what the rescaling flushes to 0 is below
 * 1e-308 of what stays. */
static double tilt_term(tilt_acc *ta, double w, double e)
{
    double d = e - ta->m;
    if (d <= 700)
        return w * bonx_fexp(d);
    double top = e + bonx_log(w);
    tilt_move(ta, top);
    return bonx_exp_flush(top - ta->m);
}

/* tilt_add for a weight known by its log, below the double range (a group whose mass
 * underflowed at this n): at t KL~ > 700 its e^(t x) can still outweigh the others
 * (tests/fuzz/corpus/fuzz_bon band-underflowed-groups). */
static void tilt_add_log(tilt_acc *ta, double logw, double x)
{
    double top = ta->t * x + logw;
    if (!(top > -INFINITY))
        return;
    if (top - ta->m > 700)
        tilt_move(ta, top);
    bonx_ksum_add(&ta->s, bonx_exp_flush(top - ta->m));
}

static void tilt_add(tilt_acc *ta, double w, double x)
{
    /* an outcome whose weight underflowed to 0 (a subnormal p times P/g) adds nothing, and
     * must not move the reference: at t = 1e10 it set e^(t x - m) = 0 for every other term and
     * the tilted max came out 0 (tests/fuzz/corpus/fuzz_bon) */
    if (!(w > 0))
        return;
    double e = ta->t * x;
    if (ta->small) {
        bonx_ksum_add(&ta->s, w * bonx_fexpm1(e));
        return;
    }
    bonx_ksum_add(&ta->s, tilt_term(ta, w, e));
}

/* A series-path group: its outcomes' sum of m e^(t KLhat) is e^(t KL~) sum_k E_k mom_k
 * (E: exp_series at this t), weighted by scale. */
static void tilt_add_series(tilt_acc *ta, double scale, const double *E, const double *mom, int deg)
{
    double rest = 0; /* the k >= 1 terms, smallest first */
    for (int k = deg; k >= 1; k--)
        rest += E[k] * mom[k];
    double e = ta->t * ta->kt;
    if (ta->small) {
        /* sum m expm1(t KLhat) = expm1(t KL~) mom_0 + e^(t KL~) rest */
        bonx_ksum_add(&ta->s, scale * (ta->em1_kt * mom[0] + ta->e_kt * rest));
        return;
    }
    if (!(scale * mom[0] > 0))
        return;
    if (e - ta->m > 700) { /* tilt_term moves the reference (rare: a first group of tiny mass) */
        bonx_ksum_add(&ta->s, tilt_term(ta, scale * mom[0], e) * (1 + rest / mom[0]));
        return;
    }
    if (!(ta->sm == ta->m)) { /* the reference moved since the last series group */
        ta->sm = ta->m;
        ta->e_sm = bonx_fexp(e - ta->m);
    }
    bonx_ksum_add(&ta->s, scale * ta->e_sm * (mom[0] + rest));
}


static double tilt_value(const tilt_acc *ta, double wsum)
{
    if (ta->small)
        return bonx_log1p(bonx_ksum_value(&ta->s) / wsum) / ta->t;
    return (ta->m + bonx_log(bonx_ksum_value(&ta->s) / wsum)) / ta->t;
}

/* Both sides of the band, at +t (hi) and -t (lo), for one outcome, from one exp: with
 * u = t x, expm1(-u) = -expm1(u)/e^u; and where the references are the band_init ones,
 * e^(t x - t KL~) and e^(-t x + t KL~) are e^u' and 1/e^u' for u' = t (x - KL~), which stays
 * in [-700, 1] for every KLhat in [0, KL~] when t KL~ <= 700.  Anything else (a reference
 * already moved, t KL~ > 700) goes through tilt_add for each side. */
static void band_add2(tilt_acc *lo, tilt_acc *hi, double w, double x)
{
    if (hi->small) {
        double em1 = bonx_fexpm1(hi->t * x);
        bonx_ksum_add(&hi->s, w * em1);
        bonx_ksum_add(&lo->s, w * (-em1 / (1 + em1)));
        return;
    }
    double u = hi->t * x - hi->m;
    if (lo->m == -hi->m && u >= -700 && u <= 1) {
        double eu = bonx_fexp(u);
        bonx_ksum_add(&hi->s, w * eu);
        bonx_ksum_add(&lo->s, w / eu);
        return;
    }
    tilt_add(lo, w, x);
    tilt_add(hi, w, x);
}

/* The band's accumulators at n: lo at -t, hi at +t; references +-t KL~ where they keep
 * every term in range (see band_add2), else the running maximum from -inf. */
static void band_init(tilt_acc *lo, tilt_acc *hi, double t, double kt)
{
    tilt_init(lo, -t, kt);
    tilt_init(hi, t, kt);
    if (!hi->small && t * kt <= 700) {
        hi->m = t * kt;
        lo->m = -t * kt;
    }
}

/* Everything summed over groups, in compensated sums. */
typedef struct bon_acc {
    bonx_ksum mass, kl, est, bmin, bsat, wr, wr_alt, reward;
    tilt_acc lo, hi;
    int tilted;
    /* t KL~ > 700: the band's references run, and weights below the double range count
     * (through their logs): e^(t KLhat) can make up for a mass of e^-1000 */
    int logband;
} bon_acc;

/* The same sums over a block of BON_BLOCK groups, in plain doubles: a compensated add per
 * group and sum cost more than the rest of a series-path group, and a plain sum of 4 terms
 * errs by at most 3 ulp of their magnitudes before the block joins the compensated totals. */
#define BON_BLOCK 4
typedef struct bon_block { double mass, kl, est, bmin, bsat, wr, wr_alt, reward; } bon_block;

static void block_flush(bon_acc *acc, bon_block *b)
{
    bonx_ksum_add(&acc->mass, b->mass);
    bonx_ksum_add(&acc->kl, b->kl);
    bonx_ksum_add(&acc->est, b->est);
    bonx_ksum_add(&acc->bmin, b->bmin);
    bonx_ksum_add(&acc->bsat, b->bsat);
    bonx_ksum_add(&acc->wr, b->wr);
    bonx_ksum_add(&acc->wr_alt, b->wr_alt);
    bonx_ksum_add(&acc->reward, b->reward);
    *b = (bon_block){0, 0, 0, 0, 0, 0, 0, 0};
}

/* The estimator terms of group j, whose mass is P: pi(y) = P * p(y) / g.  es, when not
 * NULL, holds the series coefficients at this n (built on first use). */
typedef struct lazy_series { est_series es; int deg; } lazy_series; /* deg -1: not built */

/* The series degree to use for group j at n, or -1 for the per-outcome sums. */
static int use_series(const bonx_dist *d, size_t j, double n, const bon_acc *acc)
{
    /* eps sorted ascending within the group: the last is the largest */
    double neps = n * d->u_eps[d->g_ufirst[j + 1] - 1];
    if ((acc->tilted && acc->hi.t > SERIES_TILT_MAX) || n == 1 || n > SERIES_N_MAX || neps > SERIES_NEPS_MAX)
        return -1;
    return series_degree(neps);
}

/* log of the mass of the group j's outcomes with eps = u_eps[u]: where that is the whole
 * group, log g, which keeps the digits a subnormal g lost (from the weights: dist.h) */
static double log_umass(const bonx_dist *d, size_t j, size_t u)
{
    return d->g_ufirst[j + 1] - d->g_ufirst[j] == 1 ? d->g_logg[j] : bonx_log(d->u_mass[u]);
}

/* The band's terms of group j (log(P/g) = lr) in logs: a group whose mass P underflowed. */
static void add_band_log(const bonx_dist *d, size_t j, double lr, double n, double logn,
                         double kt, bon_acc *acc)
{
    for (size_t u = d->g_ufirst[j]; u < d->g_ufirst[j + 1]; u++) {
        est_terms e = est_terms_at(n, logn, kt, d->u_eps[u], d->u_log1m[u], d->u_logeps[u]);
        double logw = lr + log_umass(d, j, u);
        tilt_add_log(&acc->lo, logw, e.klhat);
        tilt_add_log(&acc->hi, logw, e.klhat);
    }
}

static void add_estimators(const bonx_dist *d, size_t j, double P, double lr, double n,
                           double logn, double kt, bon_acc *acc, bon_block *blk,
                           lazy_series *ls)
{
    double scale = P / d->g[j];
    int deg = use_series(d, j, n, acc);
    if (deg >= 0) {
        if (deg > ls->deg) {
            est_series_init(&ls->es, deg, n, logn, kt, acc->tilted ? acc->hi.t : 0);
            ls->deg = deg;
        }
        double mbuf[BONX_MOM_DEG + 1];
        const double *mom = bonx_dist_moments(d, j, deg, mbuf);
        double dc, ds;
        dot_moments2(&ls->es, mom, deg, &dc, &ds);
        blk->est += scale * dc;
        blk->bsat += scale * ds;
        blk->bmin += scale * mom[0] * logn; /* eps < 1/n: the min is log n */
        if (acc->tilted) {
            tilt_add_series(&acc->lo, scale, ls->es.elo, mom, deg);
            tilt_add_series(&acc->hi, scale, ls->es.ehi, mom, deg);
        }
        return;
    }
    /* the group's own sums stay in registers; they join the totals once */
    bonx_ksum est = {0, 0}, sat = {0, 0}, mn = {0, 0};
    for (size_t u = d->g_ufirst[j]; u < d->g_ufirst[j + 1]; u++) {
        est_terms e = est_terms_at(n, logn, kt, d->u_eps[u], d->u_log1m[u], d->u_logeps[u]);
        double m = d->u_mass[u];
        bonx_ksum_add(&est, m * e.klhat);
        bonx_ksum_add(&sat, m * e.sat);
        bonx_ksum_add(&mn, m * e.mn);
        if (acc->logband && scale * m < DBL_MIN) {
            /* a weight below the normal range (subnormal digits, or 0): from its log */
            double logw = lr + log_umass(d, j, u);
            tilt_add_log(&acc->lo, logw, e.klhat);
            tilt_add_log(&acc->hi, logw, e.klhat);
        } else if (acc->tilted) {
            band_add2(&acc->lo, &acc->hi, scale * m, e.klhat);
        }
    }
    blk->est += scale * bonx_ksum_value(&est);
    blk->bsat += scale * bonx_ksum_value(&sat);
    blk->bmin += scale * bonx_ksum_value(&mn);
}

/* log(P/g) near n = 1, where it is O(n-1) but log P - log g keeps only 1e-16 absolute.
 * With r = F-/F: (1 - r^n)/(1 - r) = 1 - (F-/g) expm1((n-1) log r), a sum of non-negative
 * terms, so log(P/g) = (n-1) log F + log1p(-(F-/g) expm1((n-1) log r)) keeps its relative
 * digits.  j > 0. */
static double log_ratio_near_one(const bonx_dist *d, size_t j, double n)
{
    double nm1 = n - 1, y = nm1 * d->g_logratio[j];
    double ratio = d->g_Fm[j] / d->g[j];
    /* A group of subnormal mass makes F-/g overflow (and inf * e^y-1 a NaN that the clamp on KL
     * hid as 0: tests/fuzz/corpus/fuzz_bon); then, with e^y - 1 = y E(y) and y < 0,
     * (F-/g)(e^y - 1) = -(n-1) e^(log F- - log g + log(-log r)) E(y), all in range. */
    double c = isfinite(ratio) ? ratio * bonx_fexpm1(y)
             : -nm1 * bonx_exp(d->g_logFm[j] - d->g_logg[j] + d->g_lognlr[j]) * expm1_over_y(y);
    return nm1 * d->g_logF[j] + bonx_flog1p(-c);
}

/* Group j at n given Fn = F^n: its mass P, log(P/g), and F-^n. */
typedef struct group_step { double P, log_ratio, Fmn; } group_step;

static group_step group_step_at(const bonx_dist *d, size_t j, double n, double logn, double Fn)
{
    group_step s;
    double x = n * d->g_logF[j];
    if (j == 0) {
        /* lowest group: P = F^n = g^n, so log(P/g) = (n-1) log g exactly */
        s.P = Fn;
        s.log_ratio = (n - 1) * d->g_logF[0];
        s.Fmn = 0;
        return s;
    }
    double y = n * d->g_logratio[j];   /* log (F-/F)^n */
    if (fabs(y) <= SERIES_Y_MAX) {
        /* e^y - 1 = y E(y), and log(-y) = log n + log(-log(F-/F)) */
        double em1 = y * expm1_over_y(y);
        s.P = Fn * -em1;
        s.log_ratio = n < 2 ? log_ratio_near_one(d, j, n)
                            : x + logn + d->g_lognlr[j] + log_expm1_over_y(y) - d->g_logg[j];
        s.Fmn = Fn * (1 + em1);
        return s;
    }
    double em1 = bonx_fexpm1(y);
    s.P = Fn * -em1;
    s.log_ratio = n < 2 ? log_ratio_near_one(d, j, n) : x + bonx_flog(-em1) - d->g_logg[j];
    s.Fmn = Fn * (em1 > -0.5 ? 1 + em1 : bonx_exp_flush(y));
    return s;
}

/* psi(x) = x e^x - e^x + 1 >= 0 for |x| <= 1/2, so that KL = sum P log(P/g) = sum g psi(log(P/g)) (the
 * added sum of g - P is 0): non-negative terms, no cancellation when KL is tiny. */
static double kl_psi(double x)
{
    return bonx_psi_small(x);
}

/* Bound on what the groups below can still add, relative to the sums so far. */
static int tail_negligible(const bonx_dist *d, size_t j, double n, double logn, double kt,
                           double t, double Fmn, const bon_acc *acc)
{
    double logFm = d->g_logFm[j];
    double bound = (n - 1) * -logFm + logn + 2;
    double scale = fmin(fmin(bonx_ksum_value(&acc->kl), bonx_ksum_value(&acc->est)), 0.5);
    if (!acc->logband) {
        if (Fmn == 0)
            return 1;
        return Fmn * (bound + kt * bonx_exp(t * kt)) <= BON_TAIL_TOL * scale;
    }
    if (!(Fmn * bound <= BON_TAIL_TOL * scale))
        return 0;
    /* the band, in logs (its sums pass the double range): the groups below weigh F-^n in
     * all, and each adds at most e^(t KL~) times its weight at +t and its weight at -t
     * (0 <= KLhat <= KL~), even where F-^n underflowed */
    double lfm = n * logFm, ltol = bonx_log(BON_TAIL_TOL);
    double lhi = acc->hi.m + bonx_log(bonx_ksum_value(&acc->hi.s));
    double llo = acc->lo.m + bonx_log(bonx_ksum_value(&acc->lo.s));
    return lfm + t * kt <= ltol + lhi && lfm <= ltol + llo;
}

static void accumulate(const bonx_dist *d, double n, double t, bon_acc *acc)
{
    double logn = bonx_log(n), kt = bonx_kl_tilde(n);
    double Fn = 1; /* F^n of the top group */
    lazy_series ls = {.deg = -1};
    bon_block blk = {0, 0, 0, 0, 0, 0, 0, 0};
    for (size_t step = 0, j = d->ng; j-- > 0; step++) {
        if (step % BON_RESYNC == 0)
            Fn = bonx_exp_flush(n * d->g_logF[j]);
        group_step s = n == 1 ? (group_step){d->g[j], 0, d->g_Fm[j]}
                              : group_step_at(d, j, n, logn, Fn);
        /* g psi(x) = P (x - 1) + g: the series only where that cancels (|x| <= 1/2) */
        /* P = 0 (e.g. n = 1e308: log(P/g) = -inf) adds g psi(-inf) = g, not 0 * -inf */
        blk.kl += !(s.P > 0)                        ? d->g[j]
                : fabs(s.log_ratio) <= 0.5 ? d->g[j] * kl_psi(s.log_ratio)
                                           : s.P * (s.log_ratio - 1) + d->g[j];
        if (s.P > 0) {
            blk.mass += s.P;
            blk.wr += s.P * d->g_C[j];
            blk.reward += s.P * d->g_r[j];
            /* at n = 1 every estimator term is +0 (est_terms_at), and adding +0 leaves the
             * sums as they are: only the band has anything to add */
            if (n > 1 || acc->tilted || acc->logband)
                add_estimators(d, j, s.P, s.log_ratio, n, logn, kt, acc, &blk, &ls);
        } else if (acc->logband) {
            add_band_log(d, j, s.log_ratio, n, logn, kt, acc);
        }
        blk.wr_alt += d->g[j] * (Fn + s.Fmn);
        /* checked every 4th group: a few extra groups cost less than the check */
        if (step % BON_BLOCK == BON_BLOCK - 1) {
            block_flush(acc, &blk);
            if (j > 0 && n > 1 && tail_negligible(d, j, n, logn, kt, t, s.Fmn, acc)) {
                /* the groups below add sum g psi = sum (P log(P/g) + g - P): their P log(P/g)
                 * is negligible, their g - P is F- - F-^n */
                blk.kl += d->g_Fm[j] - s.Fmn;
                break;
            }
        }
        Fn = s.Fmn;
    }
    block_flush(acc, &blk);
}

int bonx_bon_stats_at(const bonx_dist *d, double n, double t, bonx_bon_stats *out, bonx_err *err)
{
    if (isnan(n) || n < 1)
        return bonx_fail(err, BONX_EINVAL, "n must be a number >= 1 (got %g)", n);
    if (isinf(n))
        return bonx_fail(err, BONX_EINVAL, "n must be finite");
    if (!(t >= 0 && t <= BONX_T_MAX))   /* the tilted band overflows beyond (bon.h) */
        return bonx_fail(err, BONX_EINVAL, "the spread parameter t must be from 0 to %g "
                         "(got %g)", BONX_T_MAX, t);
    bon_acc acc = {0};
    double kt = bonx_kl_tilde(n);
    acc.tilted = t > 0;
    if (acc.tilted) {
        band_init(&acc.lo, &acc.hi, t, kt);
        acc.logband = !acc.hi.small && !(t * kt <= 700);
    }
    accumulate(d, n, t, &acc);
    double mass = bonx_ksum_value(&acc.mass);
    out->n = n;
    out->kl = bonx_nonneg(bonx_ksum_value(&acc.kl));   /* NaN stays NaN: fmax hid one */
    out->kl_analytic = kt;
    out->kl_estimate = bonx_ksum_value(&acc.est);
    out->kl_bound_min = bonx_ksum_value(&acc.bmin);
    out->kl_bound_sat = bonx_ksum_value(&acc.bsat);
    out->est_tilt_lo = bonx_nonneg(acc.tilted ? tilt_value(&acc.lo, mass) : out->kl_estimate);
    out->est_tilt_hi = bonx_nonneg(acc.tilted ? tilt_value(&acc.hi, mass) : out->kl_estimate);
    out->win_rate = bonx_prob(bonx_ksum_value(&acc.wr));
    out->win_rate_alt = bonx_prob(1 - 0.5 * bonx_ksum_value(&acc.wr_alt));
    out->win_rate_bound = n / (n + 1);
    out->reward = bonx_ksum_value(&acc.reward);
    out->expected_draws = n;
    return BONX_OK;
}

int bonx_bon_pmf(const bonx_dist *d, double n, double *pi, bonx_err *err)
{
    if (isnan(n) || n < 1 || isinf(n))
        return bonx_fail(err, BONX_EINVAL, "n must be a finite number >= 1 (got %g)", n);
    for (size_t i = 0; i < d->k; i++)
        pi[i] = 0;
    double Fn = 1, logn = bonx_log(n);
    for (size_t step = 0, j = d->ng; j-- > 0; step++) {
        if (step % BON_RESYNC == 0)
            Fn = bonx_exp_flush(n * d->g_logF[j]);
        group_step s = n == 1 ? (group_step){d->g[j], 0, d->g_Fm[j]}
                              : group_step_at(d, j, n, logn, Fn);
        for (size_t m = d->g_first[j]; m < d->g_first[j + 1]; m++) {
            size_t i = d->order[m];
            pi[i] = n == 1 ? d->p[i] : s.P * (d->p[i] / d->g[j]);
        }
        Fn = s.Fmn;
    }
    return BONX_OK;
}

void bonx_bon_group_logmass(const bonx_dist *d, double log_n, double *logP)
{
    for (size_t j = 0; j < d->ng; j++) {
        /* n*log F = -exp(log n + log(-log F)): no overflow of n itself */
        double x = -bonx_exp(log_n + d->g_lognlF[j]);
        if (j == 0) {
            logP[j] = x;
            continue;
        }
        double y = -bonx_exp(log_n + bonx_log(-d->g_logratio[j]));
        logP[j] = x + bonx_log1mexp(y);
    }
}

/* The batch (bonx_bon_stats_batch): 4 values of n per pass over the groups, one in each lane
 * of a GCC vector, so that the lanes share every load and each transcendental is one vector
 * evaluation (numeric.h's 4-lane forms).  The per-group decisions become lane-uniform: the
 * series paths where every lane qualifies (the lane of the largest n decides), else the
 * general path for all four (both are accurate; the series only saves work); the log(P/g)
 * near n = 1 where any lane has n < 2 (blended in for those lanes); the tail cut-off where
 * every lane is negligible (the others just go on adding their negligible terms).  Lanes take
 * n > 1, with the estimator band (t > 0) as band_init sets it up per n: the expm1 form or
 * references +-t KL~ (t KL~ <= 700; larger, and n = 1, go through bonx_bon_stats_at). */
typedef bonx_v4d_ v4d;
typedef bonx_v4i_ v4i;
#define BON_AI static inline __attribute__((always_inline))
/* the lanes of a where the mask m is set, of b elsewhere */
#define VSEL(m, a, b) ((v4d)(((v4i)(a) & (m)) | ((v4i)(b) & ~(m))))
#define ALL4(m) (((m)[0] & (m)[1] & (m)[2] & (m)[3]) != 0)
#define ANY4(m) (((m)[0] | (m)[1] | (m)[2] | (m)[3]) != 0)
#define V4(x) ((v4d){(x), (x), (x), (x)})

/* expm1_over_y and log_expm1_over_y on 4 lanes, the same operations */
BON_AI void expm1_over_y4(const v4d *yp, v4d *out)
{
    v4d y = *yp, y2 = y * y, y4 = y2 * y2, y8 = y4 * y4;
    v4d p01 = 1.0 + y * (1.0 / 2), p23 = 1.0 / 6 + y * (1.0 / 24);
    v4d p45 = 1.0 / 120 + y * (1.0 / 720), p67 = 1.0 / 5040 + y * (1.0 / 40320);
    v4d p89 = 1.0 / 362880 + y * (1.0 / 3628800);
    v4d p03 = p01 + y2 * p23, p47 = p45 + y2 * p67;
    v4d p8a = p89 + y2 * (1.0 / 39916800);
    *out = p03 + y4 * p47 + y8 * p8a;
}

BON_AI void log_expm1_over_y4(const v4d *yp, v4d *out)
{
    v4d y = *yp, y2 = y * y, y4 = y2 * y2;
    v4d q01 = 1.0 / 24 + y2 * (-1.0 / 2880), q23 = 1.0 / 181440 + y2 * (-1.0 / 9676800);
    *out = y / 2 + y2 * (q01 + y4 * (q23 + y4 * (1.0 / 4790016000.0)));
}



typedef struct ksum4 { v4d s, c; } ksum4;

/* Groups with at most this many distinct eps sum their estimator terms plainly (see there). */
#define SMALL_GROUP 8

BON_AI void ksum4_add(ksum4 *k, const v4d *xp) { bonx_ksum4_add_(&k->s, &k->c, xp); }

enum { A_MASS, A_KL, A_EST, A_BMIN, A_BSAT, A_WR, A_WRALT, A_REWARD, A_COUNT };

typedef struct bon4 {
    double nl[4], lognl[4], ktl[4]; /* the lanes' n, log n, KL~_n */
    v4d n, nm1, logn, kt;
    double nmax;
    int near1;                      /* some lane has n < 2 ... */
    v4i near1m;                     /* ... these */
    int deg;                        /* series coefficients built to this degree (-1: none) */
    int used;                       /* ... and summed to this one so far (-1: none) */
    const v4d *cc, *cs;             /* the coefficients summed: c and s, or a prepared grid's */
    v4d c[BONX_MOM_DEG + 1], s[BONX_MOM_DEG + 1];
    v4d sa[BONX_MOM_DEG + 2], sh[BONX_MOM_DEG + 1], sf[BONX_MOM_DEG + 1], sb[BONX_MOM_DEG + 1];
    v4d sd[BONX_MOM_DEG + 1]; /* sb - s */
    v4d sfi[BONX_MOM_DEG + 1]; /* k f_k */
    v4d nq[5]; /* near1_series_coefs: the n-dependent coefficients of near1_series4 */
    ksum4 acc[A_COUNT];
    v4d blk[A_COUNT];
    /* the estimator band (t > 0): tilted sums at -t (lo) and +t (hi), as tilt_acc per lane */
    int tilted, band_series; /* band on; the series paths allowed with it (t <= 1) */
    int band_bad;            /* a lane left the references' range: the caller redoes it */
    double t;
    v4i bsmall;              /* lanes with t KL~ <= 1: the expm1 form; others reference +-t KL~ */
    v4d tkt, tail_kt;        /* t KL~; KL~ e^(t KL~), the tail bound's estimator term */
    v4d em1_hi, e_hi, em1_lo, e_lo; /* expm1 and exp of +-t KL~ */
    int edeg;                /* elo, ehi built to this degree (-1: not yet) */
    v4d elo[BONX_MOM_DEG + 1], ehi[BONX_MOM_DEG + 1]; /* exp_series of c at -t and +t */
    ksum4 blo, bhi;
} bon4;

/* est_series_init on the 4 lanes (sa, sh, sf, sb: its a, h, f, b), extended from degree
 * b->deg to deg: the recurrences only look down, so what is built stays.  The same
 * recurrences as est_series_init, with the sums split in two chains (see below). */
BON_AI void bon4_series(bon4 *b, int deg)
{
    static const double inv[] = {0, 1, 1.0 / 2, 1.0 / 3, 1.0 / 4, 1.0 / 5, 1.0 / 6, 1.0 / 7,
                                 1.0 / 8, 1.0 / 9, 1.0 / 10, 1.0 / 11, 1.0 / 12, 1.0 / 13,
                                 1.0 / 14, 1.0 / 15};
    v4d n = b->n, inv_n = 1 / n, *a = b->sa, *h = b->sh, *f = b->sf, *bb = b->sb;
    int k0 = b->deg + 1; /* the first new coefficient */
    if (k0 == 0) {
        a[0] = h[0] = V4(1.0);
        f[0] = V4(0.0);
        bb[0] = b->kt;
        b->s[0] = b->logn;
    }
    for (int k = b->deg < 0 ? 1 : b->deg + 2; k <= deg + 1; k++)
        a[k] = a[k - 1] * -(n - (k - 1)) * inv[k];
    for (int k = k0 > 1 ? k0 : 1; k <= deg; k++) {
        h[k] = -a[k + 1] * inv_n;
        /* two partial sums (odd and even i) halve the dependent chain */
        v4d acc0 = V4(0.0), acc1 = V4(0.0);
        int i = 1;
        for (; i + 1 < k; i += 2) {
            acc0 += b->sfi[i] * h[k - i];
            acc1 += b->sfi[i + 1] * h[k - i - 1];
        }
        if (i < k)
            acc0 += b->sfi[i] * h[k - i];
        f[k] = h[k] - (acc0 + acc1) * inv[k];
        b->sfi[k] = k * f[k];
        bb[k] = -(n - 1) * inv[k];
        b->s[k] = f[k];
        b->sd[k - 1] = bb[k - 1] - b->s[k - 1];
    }
    /* c_k = a_0 b_k + sum_{i>=1} a_i (b_(k-i) - s_(k-i)): est_series_init's two sums in one,
     * in two partial sums; the terms are those of est_series_init paired (the rounding of a
     * difference b_m - s_m is within that of the products it replaces) */
    for (int k = k0; k <= deg; k++) {
        v4d ck0 = a[0] * bb[k], ck1 = V4(0.0);
        int i = 1;
        for (; i + 1 <= k; i += 2) {
            ck0 += a[i] * b->sd[k - i];
            ck1 += a[i + 1] * b->sd[k - i - 1];
        }
        if (i <= k)
            ck0 += a[i] * b->sd[k - i];
        b->c[k] = ck0 + ck1;
    }
    b->deg = deg;
}

/* log(P/g) near n = 1 without a transcendental, where |n log r| <= SERIES_Y_MAX (r = F-/F,
 * lr = log r): with P = -F^n expm1(n lr), g = -F expm1(lr) and E(y) = expm1(y)/y,
 * log(P/g) = (n-1) log F + log n + LE(n lr) - LE(lr), LE = log E = y/2 + sum_k q_k y^2k
 * (log_expm1_over_y).  Each term of the difference, q_k (n^2k - 1) lr^2k, carries the factor
 * u = n - 1 exactly: (n^2k - 1)/(n - 1) = (n + 1)(1 + n^2 + ... + n^(2k-2)).  So log(P/g) =
 * u log F + log n + u lr (1/2 + lr (Q1 + lr^2 (Q2 + ...))), every product of u computed
 * with its relative digits (log n from libm).  The terms are those of log_ratio_near_one's
 * (the same size, the same cancellation between u log F and log n), and the series, to
 * lr^10 as log_expm1_over_y, leaves out less than 1e-19 of u |lr| for n |lr| <= 0.05. */
static void near1_series_coefs(const double n, double q[5])
{
    double n2 = n * n, n4 = n2 * n2, n6 = n4 * n2, n8 = n4 * n4, np1 = n + 1;
    q[0] = np1 * (1.0 / 24);
    q[1] = np1 * (1 + n2) * (-1.0 / 2880);
    q[2] = np1 * (1 + n2 + n4) * (1.0 / 181440);
    q[3] = np1 * (1 + n2 + n4 + n6) * (-1.0 / 9676800);
    q[4] = np1 * (1 + n2 + n4 + n6 + n8) * (1.0 / 4790016000.0);
}

BON_AI void near1_series4(const bon4 *b, double logF, double lr, v4d *out)
{
    double l2 = lr * lr;
    v4d t = b->nq[3] + l2 * b->nq[4];
    t = b->nq[2] + l2 * t;
    t = b->nq[1] + l2 * t;
    t = b->nq[0] + l2 * t;
    v4d S = lr * (0.5 + lr * t);
    *out = b->nm1 * logF + b->logn + b->nm1 * S;
}

/* est_terms_at on 4 lanes (n > 1) for one distinct eps */
BON_AI void est_terms4(const bon4 *b, double eps, double L, double logeps, v4d *klhat, v4d *sat,
                       v4d *mn)
{
    if (eps >= 1) {
        *klhat = *sat = *mn = V4(0.0);
        return;
    }
    if (eps <= 0) {
        *klhat = b->kt;
        *sat = *mn = b->logn;
        return;
    }
    v4d z = b->nm1 * L, nle = V4(-logeps);
    *mn = VSEL(b->logn < nle, b->logn, nle);
    v4i far = z < -50.0; /* KLhat = sat = log(1/eps) there (est_terms_at) */
    v4d zc = VSEL(far, V4(-60.0), z), em1, ex, sv;
    bonx_expm1_exp4v(&zc, &em1, &ex);
    v4d bb = VSEL(em1 > -0.5, 1 + em1, ex);
    double ome = eps > 0.5 ? bonx_exp(L) : 1 - eps;
    /* (ome/eps) is one scalar division for the 4 lanes (the same two roundings) */
    v4d a = bb * ome, oma = eps * bb - em1, arg = -em1 * (ome / eps);
    if (eps < DBL_MIN)   /* ome/eps overflows for a subnormal eps; -em1 <= (n-1) eps */
        arg = -em1 * ome / eps;
    bonx_log1p4v(&arg, &sv);
    /* KLhat = a KL~ + (1-eps) psi(z) + eps psi(sat), as est_bracket: no cancellation */
    v4d pz, ps;
    bonx_psi_small4v(&zc, &pz);
    bonx_psi_small4v(&sv, &ps);
    pz = VSEL((zc <= 0.5) & (zc >= -0.5), ome * pz, ome + a * (zc - 1));
    ps = VSEL(sv <= 0.5, eps * ps, eps + oma * (sv - 1));
    v4d kh = a * b->kt + (pz + ps);
    *sat = VSEL(far, nle, sv);
    *klhat = VSEL(far, nle, kh);
}

BON_AI void bon4_flush(bon4 *b)
{
    for (int a = 0; a < A_COUNT; a++) {
        ksum4_add(&b->acc[a], &b->blk[a]);
        b->blk[a] = V4(0.0);
    }
}

/* tail_negligible on every lane (t = 0) */
BON_AI int tail_negligible4(const bonx_dist *d, size_t j, const bon4 *b, const v4d *Fmnp)
{
    v4d Fmn = *Fmnp;
    v4d bound = b->nm1 * -d->g_logFm[j] + b->logn + 2 + b->tail_kt;
    v4d kl = b->acc[A_KL].s + b->acc[A_KL].c, est = b->acc[A_EST].s + b->acc[A_EST].c;
    v4d m = VSEL(kl < est, kl, est);
    m = VSEL(m < 0.5, m, V4(0.5));
    v4i ok = (Fmn == 0) | (Fmn * bound <= BON_TAIL_TOL * m);
    return ALL4(ok);
}

/* The two series sums over a group's moments to degree deg, smallest terms first (deg a
 * constant at every call site, so the loop unrolls). */
/* bonx_dist_moments of group j to degree deg, inlined where deg is a constant (a case of
 * series_degree's), so that its loops unroll.  The same sums in the same order: the first
 * eps's terms are written (0 + t is t: every term is >= 0), the others' added. */
BON_AI const double *moments_fixed(const bonx_dist *d, size_t j, int deg, double *buf)
{
    if (d->g_momslot[j] != (size_t)-1)
        return d->g_mom + d->g_momslot[j] * (BONX_MOM_DEG + 1);
    size_t u = d->g_ufirst[j], u1 = d->g_ufirst[j + 1];
    double t = d->u_mass[u], eps = d->u_eps[u];
#pragma GCC unroll 16
    for (int k = 0; k <= deg; k++, t *= eps)
        buf[k] = t;
    for (u++; u < u1; u++) {
        t = d->u_mass[u];
        eps = d->u_eps[u];
#pragma GCC unroll 16
        for (int k = 0; k <= deg; k++, t *= eps)
            buf[k] += t;
    }
    return buf;
}

BON_AI void dot_fixed(const bon4 *b, const double *mom, int deg, v4d *dc, v4d *ds)
{
    const v4d *cc = b->cc, *cs = b->cs;
    v4d c = V4(0.0), sv = V4(0.0);
#pragma GCC unroll 16
    for (int k = deg; k >= 0; k--) {
        c += cc[k] * mom[k];
        sv += cs[k] * mom[k];
    }
    *dc = c;
    *ds = sv;
}

/* exp_series on the 4 lanes for both sides of the band, from the summed coefficients cc, to
 * degree deg. */
BON_AI void band_series4(bon4 *b, int deg)
{
    const v4d *c = b->cc;
    v4d tp = V4(b->t), tm = V4(-b->t);
    b->elo[0] = b->ehi[0] = V4(1.0);
    for (int k = 1; k <= deg; k++) {
        v4d alo = V4(0.0), ahi = V4(0.0);
        for (int i = 1; i <= k; i++) {
            alo += i * c[i] * b->elo[k - i];
            ahi += i * c[i] * b->ehi[k - i];
        }
        b->elo[k] = tm * alo / k;
        b->ehi[k] = tp * ahi / k;
    }
    b->edeg = deg;
}

/* tilt_add_series for both sides: a series-path group's sum of m e^(+-t KLhat), weighted by
 * scale (references +-t KL~ or the expm1 form, as band_init chose per lane). */
BON_AI void band_add_series4(bon4 *b, const double *mom, int deg, const v4d *scalep)
{
    if (deg > b->edeg)
        band_series4(b, deg);
    v4d rlo = V4(0.0), rhi = V4(0.0), scale = *scalep;
    for (int k = deg; k >= 1; k--) {
        rlo += b->elo[k] * mom[k];
        rhi += b->ehi[k] * mom[k];
    }
    v4d hi = scale * VSEL(b->bsmall, b->em1_hi * mom[0] + b->e_hi * rhi, mom[0] + rhi);
    v4d lo = scale * VSEL(b->bsmall, b->em1_lo * mom[0] + b->e_lo * rlo, mom[0] + rlo);
    ksum4_add(&b->bhi, &hi);
    ksum4_add(&b->blo, &lo);
}

/* band_add2 for one outcome on the 4 lanes: weight w, estimator value x. */
BON_AI void band_add4(bon4 *b, const v4d *wp, const v4d *xp)
{
    v4d w = *wp, tx = b->t * *xp, em1, ex;
    v4d arg = VSEL(b->bsmall, tx, tx - b->tkt);
    bonx_expm1_exp4v(&arg, &em1, &ex);
    /* with the references, e^u for u = t (KLhat - KL~) in [-700, 1] (KLhat <= KL~) */
    v4i out = ~b->bsmall & ((arg > 1.0) | (arg < -700.0));
    b->band_bad |= ANY4(out);
    v4d hi = VSEL(b->bsmall, w * em1, w * ex);
    v4d lo = VSEL(b->bsmall, w * (-em1 / (1 + em1)), w / ex);
    ksum4_add(&b->bhi, &hi);
    ksum4_add(&b->blo, &lo);
}

/* The series degree summed so far (b->used) grows only where a group's n*eps passes the
 * next of series_degree's thresholds above it: one comparison per group, not five. */
static double series_degree_next(int used)
{
    return used < 1 ? -INFINITY : used < 3 ? 1e-10 : used < 4 ? 1e-6 : used < 6 ? 1e-4
         : used < 9 ? 1e-3 : used < BONX_MOM_DEG ? 1e-2 : INFINITY;
}

/* accumulate() for the 4 lanes of b */
BON_AI void bon4_body(const bonx_dist *d, bon4 *b)
{
    v4d n = b->n, Fn = V4(1.0), zero = V4(0.0);
    double next_deg_at = series_degree_next(b->used);
    for (int a = 0; a < A_COUNT; a++) {
        b->acc[a] = (ksum4){zero, zero};
        b->blk[a] = zero;
    }
    b->blo = b->bhi = (ksum4){zero, zero};
    for (size_t step = 0, j = d->ng; j-- > 0; step++) {
        double logF = d->g_logF[j], g = d->g[j];
        if (step % BON_RESYNC == 0) {
            /* bonx_exp_flush on each lane */
            v4d x = n * logF, em1, ex;
            v4i lo = x < -708.0;
            x = VSEL(lo, V4(-708.0), x);
            bonx_expm1_exp4v(&x, &em1, &ex);
            Fn = VSEL(lo, zero, ex);
        }
        /* group_step_at */
        v4d P, lr, Fmn;
        if (j == 0) {
            P = Fn;
            lr = b->nm1 * logF;
            Fmn = zero;
        } else {
            double lrj = d->g_logratio[j];
            v4d y = n * lrj, x = n * logF;
            if (fabs(b->nmax * lrj) <= SERIES_Y_MAX) {
                v4d e, le;
                expm1_over_y4(&y, &e);
                log_expm1_over_y4(&y, &le);
                v4d em1 = y * e;
                P = Fn * -em1;
                lr = x + b->logn + d->g_lognlr[j] + le - d->g_logg[j];
                Fmn = Fn * (1 + em1);
                if (b->near1) {
                    v4d ln1;
                    near1_series4(b, logF, lrj, &ln1);
                    lr = VSEL(b->near1m, ln1, lr);
                }
            } else {
                /* below -708, e^y - 1 is -1 and e^y flushes to 0 (as in group_step_at) */
                v4i lo = y < -708.0;
                v4d yc = VSEL(lo, V4(-708.0), y), em1, ex, lg;
                bonx_expm1_exp4v(&yc, &em1, &ex);
                v4d nem1 = -em1;
                bonx_log4v(&nem1, &lg);
                P = Fn * nem1;
                lr = x + lg - d->g_logg[j];
                Fmn = Fn * VSEL(em1 > -0.5, 1 + em1, VSEL(lo, zero, ex));
            }
            if (b->near1 && !(fabs(b->nmax * lrj) <= SERIES_Y_MAX)) {
                /* log_ratio_near_one for the lanes with n < 2 (e^z - 1 = -1 below -708) */
                v4d z = b->nm1 * lrj, em1, ex, l1;
                z = VSEL(z < -708.0, V4(-708.0), z);
                bonx_expm1_exp4v(&z, &em1, &ex);
                /* F-/g overflows for a subnormal g; then |z| < 1e-308 and e^z - 1 = z, so
                 * -(F-/g) z = (n-1) e^(log F- - log g + log(-log r)) (log_ratio_near_one) */
                double ratio = d->g_Fm[j] / g;
                v4d q = -ratio * em1;
                if (!isfinite(ratio))
                    q = b->nm1 * bonx_exp(d->g_logFm[j] - d->g_logg[j] + d->g_lognlr[j]);
                bonx_log1p4v(&q, &l1);
                lr = VSEL(b->near1m, b->nm1 * logF + l1, lr);
            }
        }
        /* g psi(x) = P (x - 1) + g: the series only where that cancels (|x| <= 1/2) */
        v4d absx = (v4d)((v4i)lr & 0x7fffffffffffffffLL);
        v4i ps = (P > 0) & (absx <= 0.5);
        /* P = 0 (log(P/g) = -inf at n ~ 1e308) adds g psi(-inf) = g, not 0 * -inf */
        v4d klt = VSEL(P > 0, P * (lr - 1) + g, V4(g));
        if (ANY4(ps)) {
            v4d psi;
            bonx_psi_small4v(&lr, &psi);
            klt = VSEL(ps, g * psi, klt);
        }
        b->blk[A_KL] += klt;
        /* the lanes with P = 0 add zeros below (every factor is finite) */
        b->blk[A_MASS] += P;
        b->blk[A_WR] += P * d->g_C[j];
        b->blk[A_REWARD] += P * d->g_r[j];
        v4d scale = P / g;
        double neps = b->nmax * d->u_eps[d->g_ufirst[j + 1] - 1];
        if (b->nmax <= SERIES_N_MAX && neps <= SERIES_NEPS_MAX && b->band_series) {
            /* to the degree built so far, if more than this group needs: a trip count that
             * changes from group to group costs a mispredicted branch, more than the terms */
            if (neps > next_deg_at) { /* series_degree(neps) > b->used */
                int deg = series_degree(neps);
                if (deg > b->deg) /* never with a prepared grid: built to BONX_MOM_DEG */
                    bon4_series(b, deg);
                b->used = deg;
                next_deg_at = series_degree_next(deg);
            }
            int deg = b->used;
            double mbuf[BONX_MOM_DEG + 1];
            const double *mom;
            v4d dc, ds;
            /* series_degree's degrees, each a loop the compiler unrolls: a trip count known
             * only at run time cost more in loop control than the sums themselves (the
             * moments too, where the group's are summed here) */
#define BON_DOT(k) (mom = moments_fixed(d, j, k, mbuf), dot_fixed(b, mom, k, &dc, &ds))
            switch (deg) {
            case 1: BON_DOT(1); break;
            case 3: BON_DOT(3); break;
            case 4: BON_DOT(4); break;
            case 6: BON_DOT(6); break;
            case 9: BON_DOT(9); break;
            default: BON_DOT(BONX_MOM_DEG); break;
            }
#undef BON_DOT
            b->blk[A_EST] += scale * dc;
            b->blk[A_BSAT] += scale * ds;
            b->blk[A_BMIN] += scale * mom[0] * b->logn;
            if (b->tilted)
                band_add_series4(b, mom, deg, &scale);
        } else {
            ksum4 est = {zero, zero}, sat = {zero, zero}, mn = {zero, zero};
            size_t u0 = d->g_ufirst[j], u1 = d->g_ufirst[j + 1];
            /* every term is >= 0 (KLhat, its saturation bound and the min are), so a plain
             * sum of up to SMALL_GROUP of them errs by at most SMALL_GROUP - 1 ulp of the
             * total (1.7e-15): compensated sums only for larger groups */
            int small = u1 - u0 <= SMALL_GROUP;
            for (size_t u = u0; u < u1; u++) {
                v4d kh, sv, mv;
                est_terms4(b, d->u_eps[u], d->u_log1m[u], d->u_logeps[u], &kh, &sv, &mv);
                double m = d->u_mass[u];
                if (b->tilted) {
                    v4d w = scale * m;
                    band_add4(b, &w, &kh);
                }
                kh *= m;
                sv *= m;
                mv *= m;
                if (small) {
                    est.s += kh;
                    sat.s += sv;
                    mn.s += mv;
                    continue;
                }
                ksum4_add(&est, &kh);
                ksum4_add(&sat, &sv);
                ksum4_add(&mn, &mv);
            }
            b->blk[A_EST] += scale * (est.s + est.c);
            b->blk[A_BSAT] += scale * (sat.s + sat.c);
            b->blk[A_BMIN] += scale * (mn.s + mn.c);
        }
        b->blk[A_WRALT] += g * (Fn + Fmn);
        if (step % BON_BLOCK == BON_BLOCK - 1) {
            bon4_flush(b);
            if (j > 0 && tail_negligible4(d, j, b, &Fmn)) {
                b->blk[A_KL] += d->g_Fm[j] - Fmn;
                break;
            }
        }
        Fn = Fmn;
    }
    bon4_flush(b);
}

/* The same body compiled twice on x86, as in core/tilt.c: for AVX2 (one ymm register per
 * vector) and for the default target (two SSE2 halves); core/isa.c picks.  The same
 * operations, never fused (-ffp-contract=off), so the same bits (tests/test_bon.c). */
static void bon4_body_plain(const bonx_dist *d, bon4 *b) { bon4_body(d, b); }

#if BONX_ISA_X86
BONX_TARGET_AVX2 static void bon4_body_avx2(const bonx_dist *d, bon4 *b) { bon4_body(d, b); }
#else
#define bon4_body_avx2 bon4_body_plain
#endif

/* The lanes' constants at the 4 values ns (each > 1, finite): n, log n, KL~, the near-1
 * coefficients; no series yet. */
static void bon4_init(bon4 *b, const double ns[4])
{
    b->nmax = ns[0];
    b->near1 = 0;
    for (int l = 0; l < 4; l++) {
        b->nl[l] = ns[l];
        b->lognl[l] = bonx_log(ns[l]);
        /* bonx_kl_tilde's own expression where it takes log n (the same bits), sharing the log */
        double u = ns[l] - 1.0;
        b->ktl[l] = fabs(u) < 0.02 ? bonx_kl_tilde(ns[l]) : b->lognl[l] - u / ns[l];
        b->n[l] = ns[l];
        b->nm1[l] = ns[l] - 1;
        b->logn[l] = b->lognl[l];
        b->kt[l] = b->ktl[l];
        b->near1m[l] = ns[l] < 2 ? -1 : 0;
        double q[5];
        near1_series_coefs(ns[l], q);
        for (int k = 0; k < 5; k++)
            b->nq[k][l] = q[k];
        b->near1 |= ns[l] < 2;
        b->nmax = fmax(b->nmax, ns[l]);
    }
    b->deg = -1;
}

/* The series to full degree, compiled as the body that will sum it (the same bits). */
static void bon4_series_full_plain(bon4 *b) { bon4_series(b, BONX_MOM_DEG); }

#if BONX_ISA_X86
BONX_TARGET_AVX2 static void bon4_series_full_avx2(bon4 *b) { bon4_series(b, BONX_MOM_DEG); }
#else
#define bon4_series_full_avx2 bon4_series_full_plain
#endif

/* Statistics at the 4 lanes of b with t = 0: from bon4_init (prep NULL: the series built as
 * needed in b), or bon4_from_prepared (the series summed from prep). */
static void bon4_run(const bonx_dist *d, bon4 *b, const bon4 *prep, int avx2, double t,
                     bonx_bon_stats out[4])
{
    b->used = -1;
    b->cc = prep ? prep->c : b->c;
    b->cs = prep ? prep->s : b->s;
    /* the band as band_init sets it up for each n (every lane has t KL~ <= 700) */
    b->tilted = t > 0;
    b->band_series = t <= SERIES_TILT_MAX;
    b->band_bad = 0;
    b->t = t;
    b->edeg = -1;
    b->tail_kt = b->kt; /* KL~ e^(t KL~) at t = 0 */
    for (int l = 0; b->tilted && l < 4; l++) {
        double kt = b->ktl[l], tkt = t * kt;
        b->tkt[l] = tkt;
        b->bsmall[l] = tkt <= 1 ? -1 : 0;
        b->tail_kt[l] = kt * bonx_exp(tkt);
        b->em1_hi[l] = bonx_fexpm1(tkt);
        b->e_hi[l] = bonx_fexp(tkt);
        b->em1_lo[l] = bonx_fexpm1(-tkt);
        b->e_lo[l] = bonx_fexp(-tkt);
    }
    if (avx2)
        bon4_body_avx2(d, b);
    else
        bon4_body_plain(d, b);
    for (int l = 0; l < 4; l++) {
        bonx_bon_stats *o = &out[l];
        double v[A_COUNT];
        for (int a = 0; a < A_COUNT; a++)
            v[a] = b->acc[a].s[l] + b->acc[a].c[l];
        o->n = b->nl[l];
        o->kl = bonx_nonneg(v[A_KL]);
        o->kl_analytic = b->ktl[l];
        o->kl_estimate = v[A_EST];
        o->kl_bound_min = v[A_BMIN];
        o->kl_bound_sat = v[A_BSAT];
        o->est_tilt_lo = o->est_tilt_hi = v[A_EST];
        if (b->tilted) { /* tilt_value at -t and +t */
            double mass = v[A_MASS], tkt = b->tkt[l];
            double slo = b->blo.s[l] + b->blo.c[l], shi = b->bhi.s[l] + b->bhi.c[l];
            if (b->bsmall[l]) {
                o->est_tilt_lo = bonx_log1p(slo / mass) / -t;
                o->est_tilt_hi = bonx_log1p(shi / mass) / t;
            } else {
                o->est_tilt_lo = (-tkt + bonx_log(slo / mass)) / -t;
                o->est_tilt_hi = (tkt + bonx_log(shi / mass)) / t;
            }
            o->est_tilt_lo = bonx_nonneg(o->est_tilt_lo);
            o->est_tilt_hi = bonx_nonneg(o->est_tilt_hi);
        }
        o->win_rate = bonx_prob(v[A_WR]);
        o->win_rate_alt = bonx_prob(1 - 0.5 * v[A_WRALT]);
        o->win_rate_bound = b->nl[l] / (b->nl[l] + 1);
        o->reward = v[A_REWARD];
        o->expected_draws = b->nl[l];
    }
}

/* bon4_run for the m lanes in use (lanes past m are padding), each written to
 * out[idx[l] - base]; where the band cannot run in the lanes (t KL~ > 700: the scalar path's
 * running references, or a lane leaving the fixed ones) the lanes go through
 * bonx_bon_stats_at instead. */
static void run_lanes(const bonx_dist *d, bon4 *b, const bon4 *prep, int avx2, double t, int m,
                      const size_t *idx, size_t base, bonx_bon_stats *out)
{
    int scalar = 0;
    for (int l = 0; l < m; l++)
        scalar |= t * b->ktl[l] > 700;
    bonx_bon_stats tmp[4];
    if (!scalar) {
        bon4_run(d, b, prep, avx2, t, tmp);
        scalar = b->band_bad;
    }
    for (int l = 0; l < m; l++) {
        if (scalar)
            bonx_bon_stats_at(d, b->nl[l], t, &out[idx[l] - base], NULL); /* valid n, t */
        else
            out[idx[l] - base] = tmp[l];
    }
}

/* A grid of n prepared once: per run of 4 grid points, the lanes (the points other than
 * n = 1, which bonx_bon_stats_at takes) with their constants and estimator series built to
 * full degree, compiled for the target that will sum them. */
typedef struct grid_chunk {
    int m;          /* lanes in use */
    size_t idx[4];  /* their grid indices */
    int ones;       /* grid points with n = 1 in this run ... */
    size_t one[4];  /* ... these */
    bon4 b;
} grid_chunk;

struct bonx_bon_grid {
    size_t count, nchunks;
    int avx2;
    double *ns;
    grid_chunk *chunks;
};

int bonx_bon_grid_new(bonx_bon_grid **out, const double *ns, size_t count, bonx_err *err)
{
    *out = NULL;
    for (size_t i = 0; i < count; i++) {
        if (isnan(ns[i]) || ns[i] < 1)
            return bonx_fail(err, BONX_EINVAL, "n must be a number >= 1 (got %g)", ns[i]);
        if (isinf(ns[i]))
            return bonx_fail(err, BONX_EINVAL, "n must be finite");
    }
    bonx_bon_grid *g = calloc(1, sizeof *g);
    size_t nch = (count + 3) / 4;
    if (g) {
        g->ns = malloc((count ? count : 1) * sizeof *g->ns);
        /* the lanes are vectors: 32-byte aligned (the size a multiple of the alignment) */
        size_t bytes = ((nch ? nch : 1) * sizeof *g->chunks + 63) / 64 * 64;
        g->chunks = aligned_alloc(64, bytes);
    }
    if (!g || !g->ns || !g->chunks) {
        bonx_bon_grid_free(g);
        return bonx_fail(err, BONX_ENOMEM, "out of memory for the n grid");
    }
    g->count = count;
    g->nchunks = nch;
    g->avx2 = bonx_isa_active() == BONX_ISA_AVX2;
    for (size_t i = 0; i < count; i++)
        g->ns[i] = ns[i];
    for (size_t c = 0; c < nch; c++) {
        grid_chunk *ch = &g->chunks[c];
        double lane[4];
        ch->m = ch->ones = 0;
        for (size_t i = 4 * c; i < count && i < 4 * c + 4; i++) {
            if (ns[i] == 1) {
                ch->one[ch->ones++] = i;
                continue;
            }
            lane[ch->m] = ns[i];
            ch->idx[ch->m++] = i;
        }
        if (!ch->m)
            continue;
        for (int l = ch->m; l < 4; l++)
            lane[l] = lane[ch->m - 1]; /* padding, discarded */
        bon4_init(&ch->b, lane);
        if (g->avx2)
            bon4_series_full_avx2(&ch->b);
        else
            bon4_series_full_plain(&ch->b);
    }
    *out = g;
    return BONX_OK;
}

void bonx_bon_grid_free(bonx_bon_grid *g)
{
    if (!g)
        return;
    free(g->ns);
    free(g->chunks);
    free(g);
}

/* The lanes' constants of a prepared run, its series summed where it lies (not copied). */
static void bon4_from_prepared(bon4 *b, const bon4 *p)
{
    for (int l = 0; l < 4; l++) {
        b->nl[l] = p->nl[l];
        b->lognl[l] = p->lognl[l];
        b->ktl[l] = p->ktl[l];
    }
    b->n = p->n;
    b->nm1 = p->nm1;
    b->logn = p->logn;
    b->kt = p->kt;
    b->nmax = p->nmax;
    b->near1 = p->near1;
    b->near1m = p->near1m;
    for (int k = 0; k < 5; k++)
        b->nq[k] = p->nq[k];
    b->deg = p->deg; /* BONX_MOM_DEG: bon4_series is never called */
}

int bonx_bon_stats_grid(const bonx_dist *d, const bonx_bon_grid *g, size_t first, size_t count,
                        double t, bonx_bon_stats *out, bonx_err *err)
{
    if (first > g->count || count > g->count - first)
        return bonx_fail(err, BONX_EINVAL, "grid points %zu..%zu are outside the grid of %zu",
                         first, first + count, g->count);
    int aligned = first % 4 == 0 && (count % 4 == 0 || first + count == g->count);
    if (!aligned || !(t >= 0 && t < INFINITY)) /* not what the grid was prepared for */
        return bonx_bon_stats_batch(d, g->ns + first, count, t, out, err);
    for (size_t c = first / 4; c < (first + count + 3) / 4; c++) {
        const grid_chunk *ch = &g->chunks[c];
        for (int i = 0; i < ch->ones; i++)
            bonx_bon_stats_at(d, 1, t, &out[ch->one[i] - first], err); /* valid: cannot fail */
        if (!ch->m)
            continue;
        bon4 b;
        bon4_from_prepared(&b, &ch->b);
        run_lanes(d, &b, &ch->b, g->avx2, t, ch->m, ch->idx, first, out);
    }
    return BONX_OK;
}

int bonx_bon_stats_batch(const bonx_dist *d, const double *ns, size_t count, double t,
                         bonx_bon_stats *out, bonx_err *err)
{
    return bonx_bon_stats_batch_isa(d, ns, count, t, out, err, bonx_isa_active());
}

int bonx_bon_stats_batch_isa(const bonx_dist *d, const double *ns, size_t count, double t,
                             bonx_bon_stats *out, bonx_err *err, bonx_isa isa)
{
    for (size_t i = 0; i < count; i++) {
        if (isnan(ns[i]) || ns[i] < 1)
            return bonx_fail(err, BONX_EINVAL, "n must be a number >= 1 (got %g)", ns[i]);
        if (isinf(ns[i]))
            return bonx_fail(err, BONX_EINVAL, "n must be finite");
    }
    if (!(t >= 0 && t <= BONX_T_MAX))   /* the tilted band overflows beyond (bon.h) */
        return bonx_fail(err, BONX_EINVAL, "the spread parameter t must be from 0 to %g "
                         "(got %g)", BONX_T_MAX, t);
    int avx2 = bonx_isa_usable(isa) == BONX_ISA_AVX2;
    double lane[4];
    size_t idx[4];
    int m = 0;
    for (size_t i = 0; i <= count; i++) {
        if (i < count && ns[i] == 1) {
            bonx_bon_stats_at(d, ns[i], t, &out[i], err); /* valid: cannot fail */
            continue;
        }
        if (i < count) {
            lane[m] = ns[i];
            idx[m++] = i;
        }
        if (m == 4 || (i == count && m > 0)) {
            for (int l = m; l < 4; l++)
                lane[l] = lane[m - 1]; /* padding, discarded */
            bon4 b;
            bon4_init(&b, lane);
            run_lanes(d, &b, NULL, avx2, t, m, idx, 0, out);
            m = 0;
        }
    }
    return BONX_OK;
}
