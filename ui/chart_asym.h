/* SPDX-License-Identifier: MIT */
/* Charts of issue 5 on a bonx_canvas: the asymptotics of a memoryless model (core/asym.h)
 * and the Monte Carlo checks (core/simulate.h).  No terminal I/O: the explorer copies the
 * cells, a command may print the canvas (`bonx asym --plot`, `bonx simulate --plot`).
 *
 * For an explorer view: keep one bonx_asym per table; on an m change call
 * bonx_asym_prepare with a progress callback that polls for keys and returns nonzero to
 * abandon a large m (K = 4, m = 361, 8 million types, takes 1-3 s); on a delta change only
 * bonx_asym_at (milliseconds).  A simulation view runs bonx_simulate with hist_bins and
 * running_points set, then draws these charts from the result. */
#ifndef BONX_CHART_ASYM_H
#define BONX_CHART_ASYM_H

#include <stddef.h>
#include "asym.h"
#include "canvas.h"
#include "simulate.h"

/* Convergence of best-of-N (N = e^(m*delta)) to the KL optimum as m grows, from points at
 * one delta in ascending m: the three per-token gaps KL(pi_N||phi)/m, delta - KL(pi_N||p^m)/m
 * and E_{p_lambda}[r] - E[R]/m on log-log axes (each tends to 0).  Gaps that are not
 * positive are left out.  Returns 0, or -1 with a message in err (no points, no positive
 * gap).  Below the minimum size it draws "too small" and returns 0. */
int bonx_chart_asym_convergence(bonx_canvas *cv, const bonx_asym_point *pts, size_t n,
                                char *err, size_t errlen);

/* Histogram of the simulated KL estimator (bars: observed frequency per bin; line: the exact
 * probability of each bin when known), with reference lines at its exact expectation and at
 * the true KL.  name labels the estimator, e.g. "KLhat" or "H_{K-1}".  -1 with a message
 * when the result has no estimator or no histogram. */
int bonx_chart_sim_histogram(bonx_canvas *cv, const bonx_sim_result *res, const char *name,
                             char *err, size_t errlen);

/* Running mean of the estimator (klrl: of log pi/p) against the number of samples, log x,
 * with reference lines at its exact expectation and at the true KL.  -1 with a message when
 * the result has no running means. */
int bonx_chart_sim_running(bonx_canvas *cv, const bonx_sim_result *res, char *err,
                           size_t errlen);

#endif
