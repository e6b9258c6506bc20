/* SPDX-License-Identifier: MIT */
/* The chart model as data: what a chart drew, in data coordinates.  A figure attached to a
 * canvas (bonx_canvas_set_figure) records, next to the cells, the frame after layout (title,
 * axis names, ranges as drawn, log scales), the legend, and every series call of ui/plot.h
 * (lines, points, bands, reference lines, the current point, bars, off-chart arrows).  The
 * SVG (ui/svg.c), CSV and gnuplot (ui/figure_text.c) writers draw from it, so a figure for a
 * slide says what the terminal chart says: the same titles, legend, markers and ceiling. */
#ifndef BONX_FIGURE_H
#define BONX_FIGURE_H

#include <stdio.h>
#include "plot.h"

typedef enum {
    BONX_FIG_LINE, BONX_FIG_POINTS, BONX_FIG_BAND, BONX_FIG_HLINE, BONX_FIG_VLINE,
    BONX_FIG_MARK, BONX_FIG_BARS, BONX_FIG_TEXT, BONX_FIG_ARROW
} bonx_fig_kind;

/* A series' look, copied out of the chart's bonx_plot_series (whose strings are gone once the
 * chart returns). */
typedef struct bonx_fig_style {
    char name[128];
    bonx_series_kind kind;
    int color;
    bonx_line_style style;
    char marker[16];
    char glyph;
    int dim;                  /* drawn dimmed (pinned curves) */
} bonx_fig_style;

typedef struct bonx_fig_op {
    bonx_fig_kind kind;
    bonx_fig_style s;
    size_t n;
    double *x, *y, *y2;       /* n points; y2: a band's upper edge (NULL otherwise) */
    int slot, nslots;         /* BARS: this series' place among nslots bars per category */
    char text[128];           /* TEXT; ARROW: its label ("→ n=5.4e8") */
    int anchor;               /* TEXT: 0 start, 1 end, 2 middle; ARROW: 0 left 1 right 2 up 3 down */
} bonx_fig_op;

typedef struct bonx_figure {
    int framed;               /* a chart frame was recorded */
    char title[256], info[128], xname[64], yname[64];
    double xlo, xhi, ylo, yhi;  /* the data ranges of the plot area, as drawn */
    int xlog, ylog, no_axes;
    char **categories;        /* categorical x (pmf): label of x = 0, 1, ... */
    size_t ncategories;
    bonx_fig_style *legend;
    size_t nlegend;
    bonx_fig_op *ops;
    size_t nops, cap;
    int oom;                  /* something could not be recorded */
    int dim;                  /* ops added now are dimmed (pinned curves) */
} bonx_figure;

void bonx_figure_init(bonx_figure *f);
void bonx_figure_free(bonx_figure *f);   /* and back to empty */

/* Called by ui/plot.c (the frame at begin, the axes again at end, when a chart may have
 * re-mapped them) and by the series calls. */
void bonx_figure_frame(bonx_figure *f, const bonx_plot_frame *fr, const bonx_plot *pl);
void bonx_figure_axes(bonx_figure *f, const bonx_plot *pl);
void bonx_figure_style(bonx_fig_style *st, const bonx_plot_series *s);
/* Append an op with n points read with byte strides (y2 may be NULL); returns it or NULL. */
bonx_fig_op *bonx_figure_add(bonx_figure *f, bonx_fig_kind kind, const bonx_plot_series *s,
                             const double *x, size_t xstride, const double *y, size_t ystride,
                             const double *y2, size_t n);
void bonx_figure_set_dim(bonx_figure *f, int dim);
int bonx_figure_set_categories(bonx_figure *f, const char *const *labels, size_t k);

/* A name for the op in data files: its series name, else one that says what it is. */
const char *bonx_figure_op_name(const bonx_fig_op *op);

/* Writers.  Each returns 0, or -1 on an output error.  svg: width x height pixels. */
int bonx_figure_write_svg(const bonx_figure *f, FILE *out, int width, int height);
/* CSV: header "series,x,y", then one row per point drawn, in drawing order (bands as two
 * series "NAME (low)" / "NAME (high)", reference lines as their two ends), 17 digits. */
int bonx_figure_write_csv(const bonx_figure *f, FILE *out);
/* A gnuplot script with the data inline: gnuplot -p FILE shows the chart. */
int bonx_figure_write_gnuplot(const bonx_figure *f, FILE *out);

#endif
