/* SPDX-License-Identifier: MIT */
/* The seven charts of bonx (issue 3), drawn on a bonx_canvas from the curves of core/curves.h.
 * The same code serves the explorer (ncurses, via a cell copy) and `bonx plot` (stdout). */
#ifndef BONX_CHARTS_H
#define BONX_CHARTS_H

#include <stddef.h>
#include "canvas.h"
#include "curves.h"

typedef enum { BONX_CHART_KL, BONX_CHART_WINRATE, BONX_CHART_TRADEOFF, BONX_CHART_REWARD,
               BONX_CHART_PMF, BONX_CHART_COST, BONX_CHART_SIMPLEX, BONX_CHART_COUNT } bonx_chart_kind;
const char *bonx_chart_name(bonx_chart_kind k);   /* "kl", "winrate", ... as in the issue */
int bonx_chart_from_name(const char *name);       /* -1 if unknown */
/* The curves a scene can show or hide (preset keys `curves:` and `show:`, presets/README.md):
 * bon (best-of-n, exact), formula (log n - (n-1)/n and the KL it reports), estimator
 * (E[KLhat]), band (its tilted min/max), bound (saturation bound, n/(n+1)), ceiling
 * (log(1/g_top), the win-rate limit), klrl, calibrated (the optimal frontier), rr, p. */
enum {
    BONX_CURVE_BON = 1u << 0, BONX_CURVE_FORMULA = 1u << 1, BONX_CURVE_ESTIMATOR = 1u << 2,
    BONX_CURVE_BAND = 1u << 3, BONX_CURVE_BOUND = 1u << 4, BONX_CURVE_CEILING = 1u << 5,
    BONX_CURVE_KLRL = 1u << 6, BONX_CURVE_CALIBRATED = 1u << 7, BONX_CURVE_RR = 1u << 8,
    BONX_CURVE_P = 1u << 9, BONX_CURVE_COUNT = 10, BONX_CURVE_ALL = (1u << 10) - 1
};
/* Bit of a curve name ("bon", "formula", ...; "all" gives every bit), 0 if unknown. */
unsigned bonx_curve_from_name(const char *name);
const char *bonx_curve_name(int index);           /* index 0..BONX_CURVE_COUNT-1 */

typedef struct bonx_chart_input {
    const bonx_dist *dist; const bonx_curves *curves;
    const char *const *labels;                    /* dist->k labels */
    double n, beta, tau, t;                       /* current point, marked on the curves */
    const bonx_curves *pinned;                    /* curves pinned for comparison, or NULL:
                                                     drawn dimmed and dotted, "pinned" */
    unsigned hide;                                /* BONX_CURVE_* bits not drawn (0: all shown) */
    int bounds;   /* 1: also seed 001's bounds (curves->bounds, trade_*): kl, winrate, tradeoff */
} bonx_chart_input;
/* Draw the whole chart (axes, title, legend) filling the canvas.  Returns 0, or -1 with a
 * message in err (e.g. simplex needs K = 3).  Below a minimum size draws "too small". */
int bonx_chart_draw(bonx_canvas *cv, bonx_chart_kind kind, const bonx_chart_input *in,
                    char *err, size_t errlen);

/* One line describing the chart, for help texts. */
const char *bonx_chart_summary(bonx_chart_kind k);

#endif
