/* SPDX-License-Identifier: MIT */
/* The chart frame: layout, legend, axes, and series drawing clipped to the plot area. */
#include "plot.h"
#include "figure.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TICKS 64
#define LEGEND_GAP 3

/* ---- legend ---------------------------------------------------------------------------- */

static const char *style_char(bonx_line_style st)
{
    return st == BONX_LINE_DASHED ? "╌" : st == BONX_LINE_DOTTED ? "┈" : "─";
}

/* The sample drawn before a legend name: it looks like the series on the canvas. */
static void legend_sample(const bonx_plot_series *s, int ascii, char *buf, size_t len)
{
    char g = s->glyph ? s->glyph : '*';
    const char *m = s->marker ? s->marker : "●";
    const char *c = style_char(s->style);
    switch (s->kind) {
    case BONX_SERIES_LINE:
        if (ascii) snprintf(buf, len, "%c%c%c", g, g, g);
        else snprintf(buf, len, "%s%s%s", c, m, c);
        break;
    case BONX_SERIES_REF:
        if (ascii) snprintf(buf, len, "%c%c%c", g, g, g);
        else snprintf(buf, len, "%s%s%s", c, c, c);
        break;
    case BONX_SERIES_BAND:
        snprintf(buf, len, "%s", ascii ? "::" : "░░");
        break;
    case BONX_SERIES_BARS:
        if (ascii) snprintf(buf, len, "%c%c", g, g);
        else snprintf(buf, len, "%s%s", m, m);
        break;
    default:
        if (ascii) snprintf(buf, len, "%c", g);
        else snprintf(buf, len, "%s", m);
        break;
    }
}

static int legend_item_width(const bonx_plot_series *s, int ascii)
{
    char sample[64];
    legend_sample(s, ascii, sample, sizeof sample);
    return bonx_utf8_width(sample) + 1 + bonx_utf8_width(s->name ? s->name : "");
}

/* One legend entry at (col, y); an entry wider than the canvas ends in an ellipsis, so a
 * number is never shown cut short as if it were whole. */
static void legend_item(bonx_canvas *cv, const bonx_plot_series *s, int ascii, int col, int y,
                        int w)
{
    char sample[64];
    legend_sample(s, ascii, sample, sizeof sample);
    int sw = bonx_canvas_text(cv, col, y, sample, s->color);
    int nw = bonx_canvas_text(cv, col + sw + 1, y, s->name, 0);
    if (col + sw + 1 + nw > w)
        bonx_canvas_text(cv, w - 1, y, ascii ? ">" : "…", 0);
}

/* Lay the legend out from row `row`, the y axis name first; draws when draw != 0.
 * Returns the rows used (at least 1 when there is anything to show). */
static int legend_layout(bonx_canvas *cv, const bonx_plot_frame *fr, const bonx_plot *pl,
                         int row, int draw)
{
    int w = bonx_canvas_width(cv), ascii = bonx_canvas_is_ascii(cv);
    int start = 0;
    if (fr->yname && fr->yname[0]) {
        if (draw)
            bonx_canvas_text(cv, 0, row, fr->yname, 0);
        start = bonx_utf8_width(fr->yname) + LEGEND_GAP;
        if (start > w / 2)
            start = 2;
    }
    if (fr->nseries == 0)
        return fr->yname && fr->yname[0] ? 1 : 0;
    /* Rows after the first line up under the first entry, or start at column 0 when the
     * widest entry would not fit there. */
    int widest = 0;
    for (size_t i = 0; i < fr->nseries; i++)
        if (fr->series[i].name && fr->series[i].name[0] && !(pl->curve && (pl->curve[i] & pl->hide)) &&
            legend_item_width(&fr->series[i], ascii) > widest)
            widest = legend_item_width(&fr->series[i], ascii);
    int wrap = start + widest <= w ? start : 0;
    int col = start, rows = 1;
    for (size_t i = 0; i < fr->nseries; i++) {
        const bonx_plot_series *s = &fr->series[i];
        if (!s->name || !s->name[0] || (pl->curve && (pl->curve[i] & pl->hide)))
            continue;   /* unnamed (e.g. no current n) or hidden by the scene */
        int iw = legend_item_width(s, ascii);
        if (col > wrap && col + iw > w) {
            rows++;
            col = wrap;
        }
        if (draw)
            legend_item(cv, s, ascii, col, row + rows - 1, w);
        col += iw + LEGEND_GAP;
    }
    return rows;
}

/* ---- axes ------------------------------------------------------------------------------ */

static int y_max_ticks(int rows) { int t = rows / 3 + 1; return t < 2 ? 2 : t; }
static int x_max_ticks(int cols) { int t = cols / 9; return t < 2 ? 2 : t; }

/* Width of the widest y tick label of the axis. */
static int y_label_width(const bonx_axis *a, int max_ticks)
{
    double ticks[MAX_TICKS], step;
    size_t n = bonx_axis_ticks(a, max_ticks, ticks, MAX_TICKS, &step);
    int w = 1;
    for (size_t i = 0; i < n; i++) {
        char buf[48];
        bonx_axis_label(ticks[i], step, buf, sizeof buf);
        int lw = (int)strlen(buf);
        if (lw > w)
            w = lw;
    }
    return w;
}

static void draw_y_axis(bonx_plot *pl, int xa, int max_ticks)
{
    const char *bar = pl->ascii ? "|" : "│", *tick = pl->ascii ? "+" : "┤";
    for (int y = pl->y0; y <= pl->y1; y++)
        bonx_canvas_text(pl->cv, xa, y, bar, 0);
    double ticks[MAX_TICKS], step;
    size_t n = bonx_axis_ticks(&pl->y, max_ticks, ticks, MAX_TICKS, &step);
    int last_row = -1;
    for (size_t i = 0; i < n; i++) {
        double d = bonx_axis_map(&pl->y, ticks[i]);
        if (isnan(d))
            continue;
        int row = (int)floor((floor(d + 0.5)) / 4.0);
        if (row < pl->y0 || row > pl->y1 || row == last_row)
            continue;
        char buf[48];
        bonx_axis_label(ticks[i], step, buf, sizeof buf);
        bonx_canvas_text(pl->cv, xa - (int)strlen(buf), row, buf, 0);
        bonx_canvas_text(pl->cv, xa, row, tick, 0);
        last_row = row;
    }
}

static void draw_x_axis(bonx_plot *pl, const bonx_plot_frame *fr, int xa)
{
    int row = pl->y1 + 1, w = bonx_canvas_width(pl->cv);
    bonx_canvas_text(pl->cv, xa, row, pl->ascii ? "+" : "└", 0);
    for (int x = pl->x0; x <= pl->x1; x++)
        bonx_canvas_text(pl->cv, x, row, pl->ascii ? "-" : "─", 0);
    if (fr->xname && fr->xname[0])
        bonx_canvas_text(pl->cv, pl->x1 + 2, row, fr->xname, 0);
    if (fr->no_xticks)
        return;
    double ticks[MAX_TICKS], step;
    size_t n = bonx_axis_ticks(&pl->x, x_max_ticks(pl->x1 - pl->x0 + 1), ticks, MAX_TICKS, &step);
    int free_from = 0;   /* first column a label may use (labels keep a blank between) */
    for (size_t i = 0; i < n; i++) {
        double d = bonx_axis_map(&pl->x, ticks[i]);
        if (isnan(d))
            continue;
        int col = (int)floor(floor(d + 0.5) / 2.0);
        if (col < pl->x0 || col > pl->x1)
            continue;
        bonx_canvas_text(pl->cv, col, row, pl->ascii ? "+" : "┬", 0);
        char buf[48];
        bonx_axis_label(ticks[i], step, buf, sizeof buf);
        int lw = (int)strlen(buf), at = col - (lw - 1) / 2;
        if (at + lw > w)
            at = w - lw;
        if (at < free_from)
            continue;
        bonx_canvas_text(pl->cv, at, pl->label_row, buf, 0);
        free_from = at + lw + 1;
    }
}

static void draw_title(bonx_canvas *cv, const bonx_plot_frame *fr)
{
    int w = bonx_canvas_width(cv);
    int tw = bonx_canvas_text(cv, 0, 0, fr->title ? fr->title : "", 0);
    if (fr->info && fr->info[0]) {
        int iw = bonx_utf8_width(fr->info);
        if (tw + 2 + iw <= w)
            bonx_canvas_text(cv, w - iw, 0, fr->info, 0);
    }
}

void bonx_plot_too_small(bonx_canvas *cv)
{
    static const char msg[] = "too small";
    int w = bonx_canvas_width(cv), h = bonx_canvas_height(cv);
    int x = (w - (int)strlen(msg)) / 2;
    bonx_canvas_text(cv, x < 0 ? 0 : x, h / 2, msg, 0);
}

int bonx_plot_begin(bonx_plot *pl, bonx_canvas *cv, const bonx_plot_frame *fr)
{
    return bonx_plot_begin_shown(pl, cv, fr, NULL, 0);
}

int bonx_plot_begin_shown(bonx_plot *pl, bonx_canvas *cv, const bonx_plot_frame *fr,
                          const unsigned *curve, unsigned hide)
{
    memset(pl, 0, sizeof *pl);
    pl->cv = cv;
    pl->ascii = bonx_canvas_is_ascii(cv);
    pl->series = fr->series;
    pl->nseries = fr->nseries;
    pl->xname = fr->xname;
    pl->yname = fr->yname;
    pl->fig = bonx_canvas_figure(cv);
    pl->curve = curve;
    pl->hide = hide;
    bonx_canvas_reset_clip(cv);
    int w = bonx_canvas_width(cv), h = bonx_canvas_height(cv);
    if (w < BONX_PLOT_MIN_WIDTH || h < BONX_PLOT_MIN_HEIGHT) {
        bonx_plot_too_small(cv);
        return -1;
    }
    int legend_rows = legend_layout(cv, fr, pl, 1, 0);
    pl->y0 = 1 + legend_rows;
    pl->y1 = fr->no_axes ? h - 1 : h - 3;
    pl->label_row = h - 1;
    if (pl->y1 - pl->y0 + 1 < 3) {
        bonx_plot_too_small(cv);
        return -1;
    }
    draw_title(cv, fr);
    legend_layout(cv, fr, pl, 1, 1);
    if (fr->no_axes) {
        pl->x0 = 0;
        pl->x1 = w - 1;
        bonx_canvas_set_clip(cv, pl->x0, pl->y0, pl->x1, pl->y1);
        if (pl->fig)
            bonx_figure_frame(pl->fig, fr, pl);
        return 0;
    }
    int ymax = y_max_ticks(pl->y1 - pl->y0 + 1);
    double ylo = fr->ylo, yhi = fr->yhi;
    if (fr->ynice)
        bonx_axis_nice_range(&ylo, &yhi, fr->ylog, ymax);
    bonx_axis_init(&pl->y, ylo, yhi, fr->ylog, 4.0 * pl->y1 + 3.0, 4.0 * pl->y0);
    int xa = y_label_width(&pl->y, ymax);
    int xname_w = fr->xname && fr->xname[0] ? bonx_utf8_width(fr->xname) + 1 : 0;
    pl->x0 = xa + 1;
    pl->x1 = w - 2 - xname_w;
    if (pl->x1 - pl->x0 + 1 < 8) {
        bonx_canvas_clear(cv);
        bonx_plot_too_small(cv);
        return -1;
    }
    double xlo = fr->xlo, xhi = fr->xhi;
    if (fr->xnice)
        bonx_axis_nice_range(&xlo, &xhi, fr->xlog, x_max_ticks(pl->x1 - pl->x0 + 1));
    bonx_axis_init(&pl->x, xlo, xhi, fr->xlog, 2.0 * pl->x0, 2.0 * pl->x1 + 1.0);
    draw_y_axis(pl, xa, ymax);
    draw_x_axis(pl, fr, xa);
    bonx_canvas_set_clip(cv, pl->x0, pl->y0, pl->x1, pl->y1);
    if (pl->fig)
        bonx_figure_frame(pl->fig, fr, pl);
    return 0;
}

void bonx_plot_end(bonx_plot *pl)
{
    if (pl->fig)
        bonx_figure_axes(pl->fig, pl);   /* a chart may have re-mapped them (pmf, simplex) */
    bonx_canvas_reset_clip(pl->cv);
}

void bonx_plot_record_bars(bonx_plot *pl, const bonx_plot_series *s, int slot, int nslots,
                           const double *y, size_t n)
{
    if (!pl->fig)
        return;
    double *x = malloc((n ? n : 1) * sizeof *x);
    if (!x) {
        pl->fig->oom = 1;
        return;
    }
    for (size_t i = 0; i < n; i++)
        x[i] = (double)i;
    bonx_fig_op *op = bonx_figure_add(pl->fig, BONX_FIG_BARS, s, x, sizeof *x, y, sizeof *y,
                                      NULL, n);
    if (op) {
        op->slot = slot;
        op->nslots = nslots;
    }
    free(x);
}

void bonx_plot_set_dim(bonx_plot *pl, int dim)
{
    pl->dim = dim;
    if (pl->fig)
        bonx_figure_set_dim(pl->fig, dim);
}

void bonx_plot_categories(bonx_plot *pl, const char *const *labels, size_t n)
{
    if (pl->fig)
        bonx_figure_set_categories(pl->fig, labels, n);
}

void bonx_plot_record_text(bonx_plot *pl, double x, double y, const char *text, int anchor)
{
    if (!pl->fig)
        return;
    bonx_plot_series s = {"", BONX_SERIES_MARK, 0, BONX_LINE_SOLID, NULL, 0};
    bonx_fig_op *op = bonx_figure_add(pl->fig, BONX_FIG_TEXT, &s, &x, 0, &y, 0, NULL, 1);
    if (op) {
        snprintf(op->text, sizeof op->text, "%s", text);
        op->anchor = anchor;
    }
}

/* ---- series ---------------------------------------------------------------------------- */

double bonx_plot_dx(const bonx_plot *pl, double x) { return bonx_axis_map(&pl->x, x); }
double bonx_plot_dy(const bonx_plot *pl, double y) { return bonx_axis_map(&pl->y, y); }

static double at_stride(const double *base, size_t stride, size_t i)
{
    return *(const double *)(const void *)((const char *)base + i * stride);
}

/* Map n data points to dots: returns a malloc'd array [dx0..dxn-1, dy0..dyn-1] or NULL. */
static double *map_points(const bonx_plot *pl, const double *x, size_t xstride,
                          const double *y, size_t ystride, size_t n)
{
    double *d = malloc(2 * (n ? n : 1) * sizeof *d);
    if (!d)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        d[i] = bonx_plot_dx(pl, at_stride(x, xstride, i));
        d[n + i] = bonx_plot_dy(pl, at_stride(y, ystride, i));
    }
    return d;
}

static int series_index(const bonx_plot *pl, const bonx_plot_series *s)
{
    if (pl->series && s >= pl->series && s < pl->series + pl->nseries)
        return (int)(s - pl->series);
    return 0;
}

/* Visible length of segment i (clipped to the plot area), 0 for gaps. */
static double visible_length(const bonx_plot *pl, const double *dx, const double *dy, size_t i,
                             double clipped[4])
{
    double ax = dx[i], ay = dy[i], bx = dx[i + 1], by = dy[i + 1];
    double lx = 2.0 * pl->x0, ly = 4.0 * pl->y0, hx = 2.0 * pl->x1 + 1.0, hy = 4.0 * pl->y1 + 3.0;
    int inside = ax >= lx && ax <= hx && bx >= lx && bx <= hx && ay >= ly && ay <= hy &&
                 by >= ly && by <= hy;
    if (!inside && !bonx_clip_segment(&ax, &ay, &bx, &by, lx, ly, hx, hy))
        return 0.0;
    clipped[0] = ax; clipped[1] = ay; clipped[2] = bx; clipped[3] = by;
    return sqrt((bx - ax) * (bx - ax) + (by - ay) * (by - ay));   /* clipped: no overflow */
}

/* Markers at staggered fractions of the visible arc length, one per ~20 columns. */
static void markers_along(bonx_plot *pl, const bonx_plot_series *s, const double *dx,
                          const double *dy, size_t n)
{
    if (n < 2)
        return;
    double *seg = malloc(5 * (n - 1) * sizeof *seg);   /* clipped ends and length per segment */
    if (!seg)
        return;
    double total = 0.0;
    for (size_t i = 0; i + 1 < n; i++) {
        seg[5 * i + 4] = visible_length(pl, dx, dy, i, &seg[5 * i]);
        total += seg[5 * i + 4];
    }
    int count = (pl->x1 - pl->x0 + 1) / 20;
    if (count < 1)
        count = 1;
    double shift = (series_index(pl, s) + 0.5) / (double)(pl->nseries ? pl->nseries : 1);
    int k = 0;
    double target = total * (k + shift) / count, walked = 0.0;
    for (size_t i = 0; total > 4.0 && i + 1 < n && k < count; i++) {
        const double *g = &seg[5 * i];
        while (g[4] > 0.0 && walked + g[4] >= target && k < count) {
            double f = (target - walked) / g[4];
            bonx_canvas_marker(pl->cv, g[0] + f * (g[2] - g[0]), g[1] + f * (g[3] - g[1]),
                               s->marker, s->color);
            k++;
            target = total * (k + shift) / count;
        }
        walked += g[4];
    }
    free(seg);
}

/* A curve the scene hides (see bonx_plot_frame.curve); series not of the frame are shown. */
static int hidden(const bonx_plot *pl, const bonx_plot_series *s)
{
    /* only the frame's own series have curve ids (not e.g. the current n's vertical line) */
    if (!pl->curve || !pl->series || s < pl->series || s >= pl->series + pl->nseries)
        return 0;
    return (pl->curve[s - pl->series] & pl->hide) != 0;
}

void bonx_plot_line(bonx_plot *pl, const bonx_plot_series *s, const double *x, size_t xstride,
                    const double *y, size_t ystride, size_t n)
{
    if (hidden(pl, s))
        return;
    double *d = map_points(pl, x, xstride, y, ystride, n);
    if (!d)
        return;
    bonx_canvas_polyline(pl->cv, d, d + n, n, s->color, s->glyph, s->style);
    if (!pl->ascii && s->kind == BONX_SERIES_LINE && s->marker)
        markers_along(pl, s, d, d + n, n);
    free(d);
    if (pl->fig)
        bonx_figure_add(pl->fig, BONX_FIG_LINE, s, x, xstride, y, ystride, NULL, n);
}

/* "5.4e8", "16", "0.25": short enough for an arrow label. */
static void arrow_num(char *buf, size_t len, double v)
{
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%.3g", v);
    char *e = strchr(tmp, 'e');
    if (e)
        snprintf(e, sizeof tmp - (size_t)(e - tmp), "e%ld", strtol(e + 1, NULL, 10));
    snprintf(buf, len, "%.31s", tmp);
}

/* An axis name without its unit: "KL (nats)" -> "KL". */
static void short_name(char *buf, size_t len, const char *name, const char *fallback)
{
    snprintf(buf, len, "%.31s", name && name[0] ? name : fallback);
    char *paren = strstr(buf, " (");
    if (paren)
        *paren = '\0';
}

/* Arrow text for a current-point marker off the plot area, and the cell it starts at; 0 when
 * the point is inside (or cannot be placed at all). */
static int offchart_text(const bonx_plot *pl, double x, double y, double dx, double dy,
                         char *buf, size_t len, int *col, int *row)
{
    double lx = 2.0 * pl->x0, hx = 2.0 * pl->x1 + 1.0, ly = 4.0 * pl->y0, hy = 4.0 * pl->y1 + 3.0;
    if (isnan(dx) || isnan(dy))
        return 0;
    int left = dx < lx, right = dx > hx + 0.5, up = dy < ly, down = dy > hy + 0.5;
    if (!left && !right && !up && !down)
        return 0;
    char name[32], num[32];
    const char *arrow;
    if (left || right) {
        short_name(name, sizeof name, pl->xname, "x");
        arrow_num(num, sizeof num, x);
        arrow = left ? (pl->ascii ? "<-" : "←") : (pl->ascii ? "->" : "→");
    } else {
        short_name(name, sizeof name, pl->yname, "y");
        arrow_num(num, sizeof num, y);
        arrow = up ? (pl->ascii ? "^" : "↑") : (pl->ascii ? "v" : "↓");
    }
    snprintf(buf, len, "%s %.31s=%.31s", arrow, name, num);
    int w = bonx_utf8_width(buf);
    double cy = fmin(fmax(dy, ly), hy), cx = fmin(fmax(dx, lx), hx);
    *row = (int)floor(cy / 4.0);
    *col = right ? pl->x1 - w + 1 : left ? pl->x0 : (int)floor(cx / 2.0) - w / 2;
    if (*col + w - 1 > pl->x1)
        *col = pl->x1 - w + 1;
    if (*col < pl->x0)
        *col = pl->x0;
    return 1;
}

/* The marker on the canvas; returns the arrow's direction (0..3) when the point is off the
 * plot area and an arrow was drawn instead (text), else -1. */
static int draw_mark(bonx_plot *pl, const bonx_plot_series *s, double x, double y, char *text,
                     size_t len)
{
    char g[2] = {s->glyph ? s->glyph : '@', '\0'};
    double dx = bonx_plot_dx(pl, x), dy = bonx_plot_dy(pl, y);
    int col, row;
    if (s->kind == BONX_SERIES_MARK && offchart_text(pl, x, y, dx, dy, text, len, &col, &row)) {
        bonx_canvas_text(pl->cv, col, row, text, s->color);
        double lx = 2.0 * pl->x0, hx = 2.0 * pl->x1 + 1.0, ly = 4.0 * pl->y0;
        return dx < lx ? 0 : dx > hx + 0.5 ? 1 : dy < ly ? 2 : 3;
    }
    bonx_canvas_marker(pl->cv, dx, dy, pl->ascii || !s->marker ? g : s->marker, s->color);
    return -1;
}

void bonx_plot_mark(bonx_plot *pl, const bonx_plot_series *s, double x, double y)
{
    if (hidden(pl, s))
        return;
    char text[96];
    int dir = draw_mark(pl, s, x, y, text, sizeof text);
    if (!pl->fig)
        return;
    bonx_fig_op *op = bonx_figure_add(pl->fig, dir >= 0 ? BONX_FIG_ARROW : BONX_FIG_MARK, s,
                                      &x, 0, &y, 0, NULL, 1);
    if (op && dir >= 0) {
        snprintf(op->text, sizeof op->text, "%s", text);
        op->anchor = dir;
    }
}

void bonx_plot_points(bonx_plot *pl, const bonx_plot_series *s, const double *x,
                      size_t xstride, const double *y, size_t ystride, size_t n)
{
    if (hidden(pl, s))
        return;
    char text[96];
    for (size_t i = 0; i < n; i++)
        draw_mark(pl, s, at_stride(x, xstride, i), at_stride(y, ystride, i), text, sizeof text);
    if (pl->fig)
        bonx_figure_add(pl->fig, BONX_FIG_POINTS, s, x, xstride, y, ystride, NULL, n);
}

void bonx_plot_band(bonx_plot *pl, const bonx_plot_series *s, const double *x, size_t xstride,
                    const double *lo, const double *hi, size_t ystride, size_t n)
{
    if (n < 2 || hidden(pl, s))
        return;
    double *a = map_points(pl, x, xstride, lo, ystride, n);
    double *b = map_points(pl, x, xstride, hi, ystride, n);
    if (a && b) {
        size_t i = 0;
        for (int col = pl->x0; col <= pl->x1; col++) {
            double xc = 2.0 * col + 0.5;
            while (i + 2 < n && !(a[i + 1] >= xc))
                i++;
            double x0 = a[i], x1 = a[i + 1];
            if (!(xc >= x0 && xc <= x1) || !(x1 > x0))
                continue;
            double f = (xc - x0) / (x1 - x0);
            double ya = a[n + i] + f * (a[n + i + 1] - a[n + i]);
            double yb = b[n + i] + f * (b[n + i + 1] - b[n + i]);
            if (isfinite(ya) && isfinite(yb))
                bonx_canvas_band_column(pl->cv, col, ya, yb, s->color);
        }
    }
    free(a);
    free(b);
    if (pl->fig) {
        /* lo and hi share ystride: one array of structs */
        bonx_fig_op *op = bonx_figure_add(pl->fig, BONX_FIG_BAND, s, x, xstride, lo, ystride,
                                          hi, n);
        (void)op;
    }
}

void bonx_plot_hline(bonx_plot *pl, const bonx_plot_series *s, double y)
{
    if (hidden(pl, s))
        return;
    double d = bonx_plot_dy(pl, y), nan = NAN;
    if (isfinite(d))
        bonx_canvas_hline(pl->cv, d, s->color, s->glyph, s->style);
    if (pl->fig && isfinite(d))
        bonx_figure_add(pl->fig, BONX_FIG_HLINE, s, &nan, 0, &y, 0, NULL, 1);
}

void bonx_plot_vline(bonx_plot *pl, const bonx_plot_series *s, double x)
{
    if (hidden(pl, s))
        return;
    double d = bonx_plot_dx(pl, x), nan = NAN;
    if (isfinite(d))
        bonx_canvas_vline(pl->cv, d, s->color, s->glyph, s->style);
    if (pl->fig && isfinite(d))
        bonx_figure_add(pl->fig, BONX_FIG_VLINE, s, &x, 0, &nan, 0, NULL, 1);
}
