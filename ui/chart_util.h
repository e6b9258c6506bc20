/* SPDX-License-Identifier: MIT */
/* Internals shared by the chart files (charts.c, chart_*.c): the per-chart drawers, the
 * series palette, and small helpers.  Not for use outside ui/. */
#ifndef BONX_CHART_UTIL_H
#define BONX_CHART_UTIL_H

#include <stddef.h>
#include "charts.h"
#include "plot.h"

/* Colours of the policies, the same in every chart. */
enum {
    CHART_C_BON = BONX_COLOR_BLUE,
    CHART_C_ANALYTIC = BONX_COLOR_RED,
    CHART_C_KLRL = BONX_COLOR_GREEN,
    CHART_C_CAL = BONX_COLOR_MAGENTA,
    CHART_C_RR = BONX_COLOR_YELLOW,
    CHART_C_CURRENT = BONX_COLOR_CYAN
};

/* Above this many rewind-and-repeat levels their markers would cover the chart: they are
 * drawn as a dotted line with sparse markers instead. */
#define CHART_RR_MAX_POINTS 24

/* The current-point markers, one style across charts: a different shape for each parameter,
 * so that n, beta and tau are told apart without colour (◆ n, ★ beta, ✚ tau). */
#define CHART_MARK_CURRENT "◆"
#define CHART_GLYPH_CURRENT '@'
#define CHART_MARK_BETA "★"
#define CHART_GLYPH_BETA '%'
#define CHART_MARK_TAU "✚"
#define CHART_GLYPH_TAU '&'

/* The three current-point series: cur[0] n, cur[1] beta, cur[2] tau, each named "n = 4" etc.
 * (names[] holds the text) when it is in `which` (CHART_CUR_* bits) and usable, else unnamed
 * (left out of the legend; bonx_chart_mark_current skips it). */
typedef struct chart_current {
    bonx_plot_series s[3];
    char names[3][48];
    int on[3];
} chart_current;
void bonx_chart_current_series(const bonx_chart_input *in, int which, chart_current *cur);

/* Pinned curves (in->pinned): one legend entry "pinned", drawn dotted in the default colour
 * (dimmed in a figure) under the live curves. */
extern const bonx_plot_series bonx_chart_pinned_series;
/* Draw y against x of the pinned curves dimmed (strides as bonx_plot_line). */
void bonx_chart_pinned_line(bonx_plot *pl, const double *x, size_t xstride, const double *y,
                            size_t ystride, size_t n);

int bonx_chart_draw_kl(bonx_canvas *cv, const bonx_chart_input *in, char *err, size_t errlen);
int bonx_chart_draw_winrate(bonx_canvas *cv, const bonx_chart_input *in, char *err, size_t errlen);
int bonx_chart_draw_cost(bonx_canvas *cv, const bonx_chart_input *in, char *err, size_t errlen);
/* tradeoff (y = win rate) and reward (y = expected reward). */
int bonx_chart_draw_policies(bonx_canvas *cv, const bonx_chart_input *in, int reward,
                             char *err, size_t errlen);
int bonx_chart_draw_pmf(bonx_canvas *cv, const bonx_chart_input *in, char *err, size_t errlen);
int bonx_chart_draw_simplex(bonx_canvas *cv, const bonx_chart_input *in, char *err, size_t errlen);

/* printf into err (may be NULL); returns -1. */
int bonx_chart_fail(char *err, size_t errlen, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Compact number for legends: "%.4g" without a leading "+" and with "inf". */
void bonx_chart_num(char *buf, size_t len, double v);

/* Outcomes sorted by (reward, index) ascending, every outcome including p = 0; malloc'd. */
size_t *bonx_chart_reward_order(const bonx_dist *d);

/* Label of outcome i: in->labels[i], or "y<i+1>" written into buf. */
const char *bonx_chart_label(const bonx_chart_input *in, size_t i, char *buf, size_t len);

/* [*first, *end) of the tradeoff points of one policy (empty when absent). */
void bonx_chart_policy_range(const bonx_curves *c, bonx_policy p, size_t *first, size_t *end);

/* Legend text of the current point: "n = 4, beta = 1, tau = 0.5" with only the parameters in
 * `which` (CHART_CUR_* bits) that are usable; "" when none is (the entry is then left out). */
enum { CHART_CUR_N = 1, CHART_CUR_BETA = 2, CHART_CUR_TAU = 4 };
void bonx_chart_current_name(const bonx_chart_input *in, int which, char *buf, size_t len);

/* Whether the current parameters are usable: n >= 1, beta > 0, tau finite and at most the
 * top reward with mass. */
int bonx_chart_has_n(const bonx_chart_input *in);
int bonx_chart_has_beta(const bonx_chart_input *in);
int bonx_chart_has_tau(const bonx_chart_input *in);

#endif
