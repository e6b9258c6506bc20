/* SPDX-License-Identifier: MIT */
/* The reference distribution: K outcomes with weights (normalised to probabilities p) and
 * rewards (ties allowed), grouped into tie groups in ascending reward order.  MATH.md §1.
 *
 * Everything a policy needs per group is computed once here, per edit, so that evaluating a
 * policy at many n / beta / tau values costs only the groups that carry mass. */
#ifndef BONX_DIST_H
#define BONX_DIST_H

#include <stddef.h>
#include "err.h"

#define BONX_MOM_DEG 14
/* Groups of at most this many distinct eps sum their moments where used (see g_mom). */
#define BONX_MOM_STORED 4

typedef struct bonx_dist {
    size_t k;          /* outcomes, in the user's order */
    double *w;         /* weights as given (k); finite, >= 0, sum > 0 */
    double *p;         /* normalised probabilities (k) */
    double *r;         /* rewards (k); finite */

    /* Per outcome (k): the tie group of the outcome, or -1 when p = 0.  Its F, F-, S and
     * calibrated reward are the group's (bonx_dist_F etc. below): not stored per outcome,
     * which at K = 1e6 was 32 MB of copies of the group arrays. */
    long   *group;

    /* Tie groups: distinct rewards among outcomes with p > 0, ascending reward. */
    size_t ng;
    double *g_r;       /* reward of the group */
    double *g;         /* g: mass of the group */
    double *g_Fm;      /* F-: mass strictly below */
    double *g_S;       /* S: mass strictly above (suffix sum) */
    double *g_C;       /* calibrated reward F- + g/2 */
    double *g_logF;    /* log F, F = F- + g (accurate when F is near 0 and near 1) */
    double *g_logratio;/* log(F-/F) = log1p(-g/F); -inf for the lowest group */
    double *g_logg;    /* log g */
    size_t *order;     /* outcome indices with p > 0 sorted by (reward, index) ascending */
    size_t *g_first;   /* members of group j are order[g_first[j] .. g_first[j+1]-1] (ng+1) */

    /* Added for speed (per edit, not per n): */
    double *g_lognlF;  /* log(-log F): n*log F = -exp(log n + g_lognlF); -inf for the top group */
    double *g_logFm;   /* log F- (-inf for the lowest group): g_logF shifted by one (the
                        * same storage, g_logFm[j + 1] == g_logF[j]) */
    /* Distinct probabilities within each group (the estimator terms depend only on eps = p(y)
     * and n): entries g_ufirst[j] .. g_ufirst[j+1]-1 belong to group j (ng+1 offsets). */
    size_t nu;
    double *u_eps;     /* eps = p(y) */
    double *u_mass;    /* total p of the group's outcomes with this eps (u_eps itself when
                        * every count is 1) */
    double *u_log1m;   /* log1p(-eps) */
    double *u_logeps;  /* log eps */
    size_t *g_ufirst;
    /* For the estimator's series in eps (see bon.c): per group, the moments
     * sum over its outcomes of p(y) * eps^k, k = 0..BONX_MOM_DEG (bonx_dist_moments), and
     * log(-log(F-/F)) (unused for the lowest group).  Only groups of more than
     * BONX_MOM_STORED distinct eps keep theirs, at g_mom + g_momslot[j] * (BONX_MOM_DEG + 1)
     * (g_momslot[j] = (size_t)-1 for the others): the others' are a few products of u_mass
     * and u_eps, summed again where used (at K = 1e6 stored moments were 52 MB). */
    double *g_mom;
    size_t *g_momslot;
    double *g_lognlr;

    double r_min, r_max;   /* over outcomes with p > 0 */
    double r_scale;        /* max |r| over outcomes with p > 0, or 1 if all are 0 */
    /* Rewards near the ends of the double range (1e308, or subnormal 1e-310) leave no room for
     * their differences and for lambda * r: the tilt then works on the rewards scaled by
     * 2^-r_exp (exact), r_scale * 2^-r_exp in [0.5, 1), with lambda scaled the other way
     * (the tilt depends on r/beta only).  r_exp = 0 for 2^-200 <= r_scale < 2^200, where
     * g_rs is g_r itself. */
    int r_exp;
    double *g_rs;          /* g_r[j] * 2^-r_exp (ng); g_r itself when r_exp = 0 */
    /* log of the total weight, so that log p = log w - log_wtotal keeps every digit where p
     * itself is subnormal (below 2.2e-308, where a double holds fewer); g_logg of a group of
     * subnormal mass is computed that way from its weights. */
    double log_wtotal;
} bonx_dist;

/* Build from k weights and rewards (copied).  Errors (BONX_EINVAL, with a message naming the
 * 1-based outcome): k == 0, a weight negative / NaN / infinite, a reward NaN / infinite,
 * total weight zero.  Weights may span 1e-300 .. 1e300 without overflow; a weight below
 * 4.9e-324 of the total (the smallest double) has p = 0, as a weight of 0.
 * On error *d is left zeroed (safe to free). */
int bonx_dist_init(bonx_dist *d, size_t k, const double *w, const double *r, bonx_err *err);
/* The same, for a background recompute: w and r are taken over (malloc'd, k each; freed by
 * bonx_dist_free, or here on error), which saves their copies, and cancel (may be NULL) is
 * checked between the pieces of the work (the sort, the grouping): BONX_ECANCELED, *d
 * zeroed, when it says stop. */
int bonx_dist_init_owned(bonx_dist *d, size_t k, double *w, double *r, const bonx_cancel *cancel,
                         bonx_err *err);
void bonx_dist_free(bonx_dist *d);

/* Outcome i's P[r(z) <= r(y)], P[r(z) < r(y)], P[r(z) > r(y)] (a suffix sum, never 1 - F)
 * and calibrated reward F- + (F - F-)/2, for every outcome including those with p = 0
 * (which sit between groups). */
double bonx_dist_F(const bonx_dist *d, size_t i);
double bonx_dist_Fm(const bonx_dist *d, size_t i);
double bonx_dist_S(const bonx_dist *d, size_t i);
double bonx_dist_C(const bonx_dist *d, size_t i);

/* The moments of group j to degree deg (<= BONX_MOM_DEG): the stored ones, or summed into
 * buf (BONX_MOM_DEG + 1 doubles) as bonx_dist_init sums the stored ones (same order, same
 * bits).  Returns where they are. */
static inline const double *bonx_dist_moments(const bonx_dist *d, size_t j, int deg,
                                              double *buf)
{
    if (d->g_momslot[j] != (size_t)-1)
        return d->g_mom + d->g_momslot[j] * (BONX_MOM_DEG + 1);
    for (int k = 0; k <= deg; k++)
        buf[k] = 0;
    for (size_t u = d->g_ufirst[j]; u < d->g_ufirst[j + 1]; u++) {
        double t = d->u_mass[u], eps = d->u_eps[u];
        for (int k = 0; k <= deg; k++, t *= eps)
            buf[k] += t;
    }
    return buf;
}

/* Deep copy (for undo snapshots etc.). */
int bonx_dist_copy(bonx_dist *dst, const bonx_dist *src, bonx_err *err);

/* Index of the top group (ng - 1) and its mass g_top: KL of any policy supported on the top
 * group is at most log(1/g_top), the limit of best-of-n and KL-RL. */
double bonx_dist_kl_ceiling(const bonx_dist *d);

/* Group of the largest reward <= x among groups with mass, or -1 if x < r_min. */
long bonx_dist_group_at_or_below(const bonx_dist *d, double x);

#endif
