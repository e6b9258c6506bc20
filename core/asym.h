/* SPDX-License-Identifier: MIT */
/* Asymptotics of a memoryless model: MATH.md §5.
 *
 * Sequences of length m with i.i.d. tokens from p and reward R = sum of token rewards.
 * Best-of-N over sequences with N = e^(m*Delta) is compared, exactly, with the
 * KL-constrained optimum phi_Delta (the product of per-token tilts p_lambda with
 * KL(p_lambda||p) = Delta) by summing over types (token-count vectors).
 *
 * Tokens with equal reward are interchangeable for every policy here (pi_N/p^m and
 * phi/p^m depend only on R), so the alphabet is the table's tie groups: K = d->ng tokens of
 * mass g and reward g_r.  This is exact, and has fewer types when rewards tie.
 *
 * Reward ties between types: two types whose rewards, each summed in the same fixed order
 * (sum over tokens of count*reward), differ by at most BONX_ASYM_TIE_ULPS * K * DBL_EPSILON
 * * m * r_scale from the group's lowest reward belong to one tie group.  That tolerance is
 * a few times the rounding error bound of the sums, so rewards that tie in exact arithmetic
 * (e.g. 3*0.1 and 0.1+0.2) are merged even though their doubles differ.  The price: token
 * rewards closer than that tolerance (relative to the largest |reward|, about 1e-15 * m) are
 * treated as tied even where the sums happen to be exact, e.g. at m = 1, so there bonx asym
 * can differ from bonx bon, which ties only equal doubles.
 *
 * Everything is in log space: type probabilities (log multinomial from a table of log c!
 * plus sum counts*log g, in double-double: core/dd.h), tie-group masses, CDFs (suffix and
 * prefix sums), and best-of-N group masses with log N = m*Delta (same numerics as
 * bonx_bon_group_logmass). */
#ifndef BONX_ASYM_H
#define BONX_ASYM_H

#include <stddef.h>
#include "dist.h"

#define BONX_ASYM_TIE_ULPS 4.0
/* Larger problems are refused (memory is 32 bytes per type). */
#define BONX_ASYM_MAX_TYPES 8000000u

typedef struct bonx_asym_point {
    int m;
    double delta;                     /* per-token KL budget */
    double log_n;                     /* m * delta */
    double lambda;                    /* per-token tilt: KL(p_lambda || p) = delta */
    double kl_to_optimal;             /* KL(pi_N || phi_Delta) */
    double kl;                        /* KL(pi_N || p^m) */
    double reward;                    /* E_{pi_N}[R] */
    double kl_to_optimal_per_token;   /* the three above divided by m */
    double kl_per_token;
    double reward_per_token;
    double optimal_reward_per_token;  /* E_{p_lambda}[r] */
} bonx_asym_point;

/* The types of one (table, m), sorted by reward and grouped, ready for any Delta.
 * Zero-initialise before the first bonx_asym_prepare; buffers are reused across calls. */
typedef struct bonx_asym {
    bonx_dist tok;        /* copy of the token table (for the tilt) */
    int m;
    size_t k;             /* alphabet size: tie groups of the table */
    size_t ntypes;        /* C(m+k-1, k-1) */
    size_t ng;            /* tie groups of types */
    double delta_max;     /* log(1/g_top): largest reachable per-token KL (not reachable) */
    double tie_spread;    /* widest reward range of the types one tie group merged */

    /* Internal (see asym.c): per tie group of types, ascending reward, ng records each.
     * They live in the two type buffers, which are reused across calls. */
    void *grp_mass;       /* {log mass under p^m, p-weighted mean reward} */
    void *grp_cdf;        /* {log(-log F), log(-log(F-/F))} */
    void *buf[2];
    size_t buf_cap;       /* types each buffer holds */
    int has_tok;

    /* Optional, set by the caller: called about every millisecond of bonx_asym_prepare with
     * the fraction done (0..1); a nonzero return cancels it (error "cancelled", and the
     * struct holds no types until the next successful prepare).  Lets a single-threaded
     * explorer poll for keys while a large m computes. */
    int (*progress)(void *ctx, double fraction);
    void *progress_ctx;
} bonx_asym;

/* Number of types C(m+k-1, k-1), or SIZE_MAX if it does not fit. */
size_t bonx_asym_type_count(size_t k, int m);

/* The same count as a double, for limits and messages: exact while it fits in 64 bits (then
 * rounded once), beyond that a product of doubles (a few ulp), INFINITY above 1e300.  Only
 * integer steps and + * /: the same bits on every machine, unlike exp(lgamma(...)). */
double bonx_type_count(size_t k, size_t m);

/* Enumerate, sort and group the types of d at length m.  Errors: m < 1; more than
 * BONX_ASYM_MAX_TYPES types (message gives the count); out of memory; cancelled by the
 * progress callback (BONX_ERANGE). */
int bonx_asym_prepare(bonx_asym *a, const bonx_dist *d, int m, bonx_err *err);

/* Best-of-N against phi_Delta at per-token budget delta.  Errors: delta <= 0 or NaN;
 * delta >= a->delta_max (the message names the limit); nothing prepared. */
int bonx_asym_at(const bonx_asym *a, double delta, bonx_asym_point *out, bonx_err *err);

void bonx_asym_free(bonx_asym *a);

#endif
