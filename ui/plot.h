/* SPDX-License-Identifier: MIT */
/* A chart frame on a canvas: title, legend, axes with ticks and labels, and the plot area
 * the series are drawn into (clipped to it).  Charts describe their series once; the frame
 * gives each one a legend entry, and line series get sparse markers along them so that they
 * stay distinguishable without colour.
 *
 * Layout, top to bottom: title row (info right-aligned), legend rows (the y axis name
 * first), plot rows, the x axis row (ending in the x axis name), the x tick label row. */
#ifndef BONX_PLOT_H
#define BONX_PLOT_H

#include <stddef.h>
#include "axis.h"
#include "canvas.h"

/* Smallest canvas a chart draws on; below it the chart says "too small". */
#define BONX_PLOT_MIN_WIDTH 24
#define BONX_PLOT_MIN_HEIGHT 8

typedef enum {
    BONX_SERIES_LINE,    /* a curve, with markers along it (Unicode) */
    BONX_SERIES_POINTS,  /* markers only */
    BONX_SERIES_BAND,    /* shaded region between two curves */
    BONX_SERIES_BARS,    /* vertical bars, marker is the fill */
    BONX_SERIES_REF,     /* a reference line, no markers */
    BONX_SERIES_MARK     /* the current point */
} bonx_series_kind;

typedef struct bonx_plot_series {
    const char *name;       /* legend text; NULL or "" leaves it out of the legend */
    bonx_series_kind kind;
    int color;              /* 1..7 */
    bonx_line_style style;
    const char *marker;     /* Unicode marker (one column) or bar fill */
    char glyph;             /* ASCII mode: the curve / marker / fill character */
} bonx_plot_series;

typedef struct bonx_plot_frame {
    const char *title;
    const char *info;       /* right of the title, e.g. "n = 16"; may be NULL */
    const char *xname, *yname;
    double xlo, xhi, ylo, yhi;
    int xlog, ylog;
    int xnice, ynice;       /* widen the range to whole ticks */
    int no_axes;            /* the caller maps the plot area itself (simplex) */
    int no_xticks;          /* categorical x: the caller writes labels on label_row */
    const bonx_plot_series *series;
    size_t nseries;
} bonx_plot_frame;

typedef struct bonx_plot {
    bonx_canvas *cv;
    int ascii;
    int x0, y0, x1, y1;     /* plot area in cells, inclusive */
    int label_row;          /* the x tick label row */
    bonx_axis x, y;         /* data -> dot coordinates */
    const bonx_plot_series *series;
    size_t nseries;
    const char *xname, *yname;   /* the frame's, for the off-chart arrows */
    struct bonx_figure *fig;     /* the canvas's figure: series calls are recorded there */
    int dim;                     /* series drawn now are dimmed (pinned curves) */
    const unsigned *curve;  /* see bonx_plot_begin_shown */
    unsigned hide;
} bonx_plot;

/* Lay out and draw the frame, then clip drawing to the plot area.  Returns 0, or -1 when
 * the canvas is too small (it then shows "too small" and nothing else should be drawn). */
int bonx_plot_begin(bonx_plot *pl, bonx_canvas *cv, const bonx_plot_frame *fr);
/* The same for a scene that shows some curves only: curve[i] is series[i]'s BONX_CURVE_* bit
 * (ui/charts.h; 0 or curve NULL: always shown); series whose bit is in hide draw nothing and
 * are left out of the legend. */
int bonx_plot_begin_shown(bonx_plot *pl, bonx_canvas *cv, const bonx_plot_frame *fr,
                          const unsigned *curve, unsigned hide);
/* Lift the clip again. */
void bonx_plot_end(bonx_plot *pl);

/* Draw "too small" centred on the canvas (clipped to it). */
void bonx_plot_too_small(bonx_canvas *cv);

/* Series data is read with byte strides, so arrays of structs need no copying:
 * x[i] = *(const double *)((const char *)x + i * stride). */
void bonx_plot_line(bonx_plot *pl, const bonx_plot_series *s, const double *x, size_t xstride,
                    const double *y, size_t ystride, size_t n);
void bonx_plot_points(bonx_plot *pl, const bonx_plot_series *s, const double *x,
                      size_t xstride, const double *y, size_t ystride, size_t n);
/* Band between lo(x) and hi(x), x ascending; interpolated per cell column. */
void bonx_plot_band(bonx_plot *pl, const bonx_plot_series *s, const double *x, size_t xstride,
                    const double *lo, const double *hi, size_t ystride, size_t n);
void bonx_plot_hline(bonx_plot *pl, const bonx_plot_series *s, double y);
void bonx_plot_vline(bonx_plot *pl, const bonx_plot_series *s, double x);
/* One marker of series s at data point (x, y).  A point outside the plot area is never
 * silently lost: an arrow at the edge it left by says where it is ("→ n=5.4e8"). */
void bonx_plot_mark(bonx_plot *pl, const bonx_plot_series *s, double x, double y);

/* For the figure only (the canvas drawing of these stays with the chart): bars of series s,
 * the slot-th of nslots per category, one per category x = 0, 1, ... n-1 with heights y; the
 * categories' labels. */
void bonx_plot_record_bars(bonx_plot *pl, const bonx_plot_series *s, int slot, int nslots,
                           const double *y, size_t n);
void bonx_plot_categories(bonx_plot *pl, const char *const *labels, size_t n);
/* Text at data point (x, y), for the figure only; anchor 0 start, 1 end, 2 middle. */
void bonx_plot_record_text(bonx_plot *pl, double x, double y, const char *text, int anchor);

/* Series drawn from now on are dimmed in the figure (pinned curves); 0 turns it off. */
void bonx_plot_set_dim(bonx_plot *pl, int dim);

/* Dot coordinates of a data point (NaN when it cannot be placed). */
double bonx_plot_dx(const bonx_plot *pl, double x);
double bonx_plot_dy(const bonx_plot *pl, double y);

#endif
