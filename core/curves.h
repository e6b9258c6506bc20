/* SPDX-License-Identifier: MIT */
/* Everything the explorer shows, recomputed in one call after each edit: the best-of-n
 * curves over a grid of n, the tilted families, every rewind-and-repeat level, and the
 * tradeoff points of all policies. */
#ifndef BONX_CURVES_H
#define BONX_CURVES_H

#include "bon.h"
#include "tilt.h"
#include "rr.h"
#include "bounds.h"

typedef enum {
    BONX_POLICY_BON = 0,          /* best-of-n, exact KL */
    BONX_POLICY_BON_ANALYTIC,     /* best-of-n as the literature reports it: KL = log n - (n-1)/n */
    BONX_POLICY_KLRL,             /* reward tilt */
    BONX_POLICY_KLRL_CALIBRATED,  /* calibrated-reward tilt: the optimal frontier */
    BONX_POLICY_RR,               /* rewind-and-repeat */
    BONX_POLICY_COUNT
} bonx_policy;

/* "bon", "bon_analytic", "klrl", "klrl_calibrated", "rr" */
const char *bonx_policy_name(bonx_policy p);

typedef struct bonx_tradeoff_point {
    bonx_policy policy;
    /* 40 bytes on every ABI (i386 aligns a double in a struct to 4 only): runs of 8 points
     * fill whole cache lines (core/curves.c) */
    _Alignas(8) double param; /* n, beta or tau */
    double kl, win_rate, reward;
} bonx_tradeoff_point;

typedef struct bonx_curves_spec {
    double n_min, n_max;   /* log grid of n; defaults 1 and 1e6 */
    size_t n_points;       /* default 256 */
    size_t tilt_points;    /* points of each tilted family; default 256 */
    double t;              /* estimator spread parameter; 0: no band */
    int bounds;            /* 1: also seed 001's bounds (bonx_curves_paper_bounds); default 0 */
    /* Checked between the pieces of a recompute (each tilted-family pass, each run of 8
     * best-of-n points, the rewind-and-repeat levels): a cancelled recompute returns
     * BONX_ECANCELED and leaves the curves unusable (n_* = 0).  NULL: never cancelled.
     * Not part of what the spec computes (the n grid cache ignores it). */
    const bonx_cancel *cancel;
} bonx_curves_spec;

typedef struct bonx_curves {
    size_t n_bon;
    bonx_bon_stats *bon;         /* n_bon entries, ascending n */
    size_t n_tilt;
    bonx_tilt_stats *tilt;       /* n_tilt entries, ascending KL (descending beta) */
    bonx_tilt_stats *tilt_cal;   /* n_tilt entries, calibrated tilt, ascending KL */
    size_t n_rr;
    bonx_rr_stats *rr;           /* one per reward level, ascending tau */
    size_t n_tradeoff;
    bonx_tradeoff_point *tradeoff; /* all policies, grouped by policy in enum order */
    double kl_ceiling;           /* log(1/g_top) */
    /* Seed 001's bounds at each grid n (bonx_bounds_chart: the gap bounds; the gaps and the
     * conjecture checks are left 0), and its three tradeoff-curve bounds on the same grid as
     * parameter m: curve w (bonx_trade_bound) has KL trade_kl[w*n_bon + i] (NaN: not drawn)
     * and win rate trade_wr[w*n_bon + i]. */
    bonx_bounds *bounds;
    double *trade_kl, *trade_wr;
    int has_bounds;              /* the three arrays above hold this recompute's values */
    /* allocated lengths of the arrays above, and the helper thread kept between recomputes
     * of large distributions (internal) */
    size_t cap_bon, cap_tilt, cap_rr, cap_tradeoff, cap_bounds, cap_trade;
    struct bonx_worker *worker;
    double *grid, grid_min, grid_max; /* the n grid of the last spec (256 pow calls) */
    struct bonx_bon_grid *bon_grid;   /* the same, prepared for bonx_bon_stats_grid */
    size_t grid_points;
} bonx_curves;

/* Fill spec with the defaults above. */
void bonx_curves_spec_default(bonx_curves_spec *spec);

/* Where the n axis ends when it follows the data: the smallest n at which best-of-n's exact
 * KL is within BONX_AUTO_N_GAP (relative) of its ceiling log(1/g_top), found by bisection on
 * log n to about 0.1% and rounded up to 1, 2 or 5 times a power of ten, clamped to
 * [BONX_AUTO_N_MIN, BONX_AUTO_N_MAX] (at least a decade, so the axis is drawable; at most
 * 1e15).  Past it every KL curve is flat to the eye. */
#define BONX_AUTO_N_GAP 1e-3
#define BONX_AUTO_N_MIN 10.0
#define BONX_AUTO_N_MAX 1e15
double bonx_curves_auto_n_max(const bonx_dist *d);

/* (Re)compute all curves for d.  c must be zero-initialised before its first use; it reuses
 * its buffers (and a helper thread, see worker.h) across calls; one c is not to be used by
 * two threads at once.  The tilted families use a beta grid chosen so that their KL
 * spans (0, kl_max) evenly enough to draw a smooth curve. */
int bonx_curves_compute(bonx_curves *c, const bonx_dist *d, const bonx_curves_spec *spec,
                        bonx_err *err);
void bonx_curves_free(bonx_curves *c);
/* A copy of the computed arrays of src (not its helper thread or grid cache): dst is
 * overwritten (free it first); free the copy with bonx_curves_free.  0, or -1 (out of memory,
 * dst left empty). */
int bonx_curves_copy(bonx_curves *dst, const bonx_curves *src);
/* Fill bounds, trade_kl and trade_wr (has_bounds = 1) for the curves last computed from d,
 * e.g. when the bounds are switched on between recomputes: ~15 us at K = 64. */
void bonx_curves_paper_bounds(bonx_curves *c, const bonx_dist *d);

#endif
