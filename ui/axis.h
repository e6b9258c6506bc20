/* SPDX-License-Identifier: MIT */
/* Chart axes: a data range mapped onto a range of canvas dots, on a linear or a log10 scale,
 * with readable "nice" ticks (0, 0.25, 0.5 ... ; 1, 10, 100, 1e3 ...) and compact labels. */
#ifndef BONX_AXIS_H
#define BONX_AXIS_H

#include <stddef.h>

typedef struct bonx_axis {
    double lo, hi;   /* data range, lo < hi; both > 0 on a log axis */
    int log;         /* 1: log10 scale */
    double d0, d1;   /* dot coordinates lo and hi map to (d1 < d0 for a y axis) */
    double s0, s1;   /* lo and hi on the scale (log10 on a log axis), set by bonx_axis_init */
} bonx_axis;

/* Set up an axis; a degenerate or invalid range is widened to something drawable
 * (lo == hi grows around the value, non-finite ends become 0..1, or 1..10 on a log axis). */
void bonx_axis_init(bonx_axis *a, double lo, double hi, int log, double d0, double d1);

/* Dot coordinate of v, or NaN when v is not finite (or <= 0 on a log axis).  Values outside
 * [lo, hi] map outside [d0, d1] (the canvas clips). */
double bonx_axis_map(const bonx_axis *a, double v);

/* Widen [*lo, *hi] outward to whole tick steps for about max_ticks ticks (linear axes only;
 * a log axis is widened to whole decades when that at most doubles its span in decades). */
void bonx_axis_nice_range(double *lo, double *hi, int log, int max_ticks);

/* Nice ticks inside [a->lo, a->hi], at most cap and about max_ticks of them (at least 2
 * when the range allows).  Linear: multiples of 1, 2, 2.5 or 5 times a power of ten.
 * Log: powers of ten, every k-th decade when there are many, with 2 and 5 between when
 * there are few.  Returns the count; *step gets the linear step (0 on a log axis). */
size_t bonx_axis_ticks(const bonx_axis *a, int max_ticks, double *ticks, size_t cap,
                       double *step);

/* Compact tick label: "0", "0.25", "-1.5", "100", "1e3", "2e-4".  step is the linear tick
 * step (it sets the decimals) or 0 for a log axis. */
void bonx_axis_label(double v, double step, char *buf, size_t len);

#endif
