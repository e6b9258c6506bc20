/* SPDX-License-Identifier: MIT */
/* The figure as SVG, written by bonx itself: title, legend, axes with the terminal chart's
 * ticks and labels, and every recorded series (lines with their dash style and markers,
 * points, bands, reference lines, bars, the current point, off-chart arrows).  Sized for a
 * slide: thick lines, large type, a palette that stays readable on white and on a projector,
 * and a distinct marker shape per series so it reads in greyscale too. */
#include "figure.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FONT "DejaVu Sans, Helvetica, Arial, sans-serif"
#define TITLE_PX 24
#define TEXT_PX 16
#define LEGEND_ROW 24
#define LINE_W 2.5
#define MARK_R 6.0

typedef struct svg_box { double x0, y0, x1, y1; } svg_box;

typedef struct svg {
    FILE *out;
    const bonx_figure *f;
    int w, h;
    svg_box plot;
    bonx_axis x, y;
    int err;
} svg;

/* Dark enough on white, distinct in hue; yellow becomes a dark gold. */
static const char *color_of(int c)
{
    static const char *const pal[8] = {"#222222", "#c62828", "#2e7d32", "#b07d00",
                                       "#1565c0", "#8e24aa", "#00838f", "#555555"};
    return pal[(unsigned)c < 8 ? c : 0];
}

static void put(svg *g, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void put(svg *g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (vfprintf(g->out, fmt, ap) < 0)
        g->err = 1;
    va_end(ap);
}

/* Text with the XML specials escaped. */
static void put_text(svg *g, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': put(g, "&amp;"); break;
        case '<': put(g, "&lt;"); break;
        case '>': put(g, "&gt;"); break;
        case '"': put(g, "&quot;"); break;
        default: if (fputc(*s, g->out) == EOF) g->err = 1; break;
        }
    }
}

/* Rough width of text in pixels (for laying the legend out): 0.6 em per code point. */
static double text_width(const char *s, int px)
{
    int n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return 0.6 * px * n;
}

static const char *dash_of(bonx_line_style st, int dim)
{
    if (dim)
        return " stroke-dasharray=\"3 5\"";
    return st == BONX_LINE_DASHED ? " stroke-dasharray=\"10 6\""
         : st == BONX_LINE_DOTTED ? " stroke-dasharray=\"2 5\"" : "";
}

static const char *opacity_of(int dim) { return dim ? " opacity=\"0.4\"" : ""; }

/* One marker shape per glyph the terminal uses, so the legend and the chart agree. */
static void marker(svg *g, const char *m, double cx, double cy, double r, const char *col, int dim)
{
    const char *op = opacity_of(dim);
    if (!m || !m[0] || !strcmp(m, "●"))
        put(g, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"%.2f\" fill=\"%s\"%s/>\n", cx, cy, r, col, op);
    else if (!strcmp(m, "○"))
        put(g, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"%.2f\" fill=\"white\" stroke=\"%s\" "
               "stroke-width=\"2\"%s/>\n", cx, cy, r, col, op);
    else if (!strcmp(m, "■") || !strcmp(m, "□"))
        put(g, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\" "
               "stroke=\"%s\" stroke-width=\"2\"%s/>\n", cx - r * 0.85, cy - r * 0.85, 1.7 * r,
            1.7 * r, strcmp(m, "■") ? "white" : col, col, op);
    else if (!strcmp(m, "▲") || !strcmp(m, "▼")) {
        double s = !strcmp(m, "▲") ? 1.0 : -1.0;
        put(g, "<polygon points=\"%.2f,%.2f %.2f,%.2f %.2f,%.2f\" fill=\"%s\"%s/>\n", cx,
            cy - s * r * 1.15, cx - r, cy + s * r * 0.75, cx + r, cy + s * r * 0.75, col, op);
    } else if (!strcmp(m, "◆") || !strcmp(m, "◇"))
        put(g, "<polygon points=\"%.2f,%.2f %.2f,%.2f %.2f,%.2f %.2f,%.2f\" fill=\"%s\" "
               "stroke=\"%s\" stroke-width=\"2\"%s/>\n", cx, cy - 1.3 * r, cx + 1.1 * r, cy, cx,
            cy + 1.3 * r, cx - 1.1 * r, cy, strcmp(m, "◆") ? "white" : col, col, op);
    else if (!strcmp(m, "★")) {
        /* cos and sin of -90 + 36 i degrees, as constants: libm's last bits vary by machine,
         * and the figure's bytes should not */
        static const double c5 = 0.58778525229247314, c1 = 0.95105651629515357,
                            s5 = 0.80901699437494742, s1 = 0.30901699437494742;
        static const double ca[10] = {0, c5, c1, c1, c5, 0, -c5, -c1, -c1, -c5};
        static const double sa[10] = {-1, -s5, -s1, s1, s5, 1, s5, s1, -s1, -s5};
        put(g, "<polygon points=\"");
        for (int i = 0; i < 10; i++) {
            double rr = i % 2 ? 0.5 * r * 1.3 : r * 1.3;
            put(g, "%.2f,%.2f ", cx + rr * ca[i], cy + rr * sa[i]);
        }
        put(g, "\" fill=\"%s\"%s/>\n", col, op);
    } else if (!strcmp(m, "✚") || !strcmp(m, "+"))
        put(g, "<path d=\"M%.2f %.2fH%.2fM%.2f %.2fV%.2f\" stroke=\"%s\" stroke-width=\"3.5\"%s/>\n",
            cx - r, cy, cx + r, cx, cy - r, cy + r, col, op);
    else if (!strcmp(m, "✖") || !strcmp(m, "×"))
        put(g, "<path d=\"M%.2f %.2fL%.2f %.2fM%.2f %.2fL%.2f %.2f\" stroke=\"%s\" "
               "stroke-width=\"3.5\"%s/>\n", cx - r, cy - r, cx + r, cy + r, cx - r, cy + r,
            cx + r, cy - r, col, op);
    else {
        put(g, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%.0f\" text-anchor=\"middle\" "
               "dominant-baseline=\"central\" fill=\"%s\"%s>", cx, cy, 2.4 * r, col, op);
        put_text(g, m);
        put(g, "</text>\n");
    }
}

static double px_x(const svg *g, double v) { return bonx_axis_map(&g->x, v); }
static double px_y(const svg *g, double v) { return bonx_axis_map(&g->y, v); }

static int inside(const svg *g, double x, double y)
{
    return isfinite(x) && isfinite(y) && x >= g->plot.x0 - 0.5 && x <= g->plot.x1 + 0.5 &&
           y >= g->plot.y0 - 0.5 && y <= g->plot.y1 + 0.5;
}

/* ---- legend ---------------------------------------------------------------------------- */

static void legend_sample(svg *g, const bonx_fig_style *s, double x, double y)
{
    const char *col = color_of(s->color);
    switch (s->kind) {
    case BONX_SERIES_LINE: case BONX_SERIES_REF:
        put(g, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"%s\" "
               "stroke-width=\"%.1f\"%s%s/>\n", x, y, x + 36, y, col, LINE_W,
            dash_of(s->style, s->dim), opacity_of(s->dim));
        if (s->kind == BONX_SERIES_LINE && s->marker[0])
            marker(g, s->marker, x + 18, y, MARK_R * 0.9, col, s->dim);
        break;
    case BONX_SERIES_BAND: case BONX_SERIES_BARS:
        put(g, "<rect x=\"%.2f\" y=\"%.2f\" width=\"36\" height=\"12\" fill=\"%s\" "
               "fill-opacity=\"%s\" stroke=\"%s\"/>\n", x, y - 6, col,
            s->kind == BONX_SERIES_BAND ? "0.2" : "0.75", col);
        break;
    default:
        marker(g, s->marker[0] ? s->marker : "●", x + 18, y, MARK_R, col, s->dim);
        break;
    }
}

/* Lays the legend out under the title (draws when draw != 0); returns its bottom. */
static double legend(svg *g, double top, int draw)
{
    double x = 20, y = top + LEGEND_ROW / 2.0, right = g->w - 20;
    for (size_t i = 0; i < g->f->nlegend; i++) {
        const bonx_fig_style *s = &g->f->legend[i];
        double iw = 44 + text_width(s->name, TEXT_PX);
        if (x > 20 && x + iw > right) {
            x = 20;
            y += LEGEND_ROW;
        }
        if (draw) {
            legend_sample(g, s, x, y);
            put(g, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%d\" dominant-baseline=\"central\">",
                x + 44, y, TEXT_PX);
            put_text(g, s->name);
            put(g, "</text>\n");
        }
        x += iw + 24;
    }
    return g->f->nlegend ? y + LEGEND_ROW / 2.0 : top;
}

/* ---- axes ------------------------------------------------------------------------------ */

static void axes(svg *g)
{
    const bonx_figure *f = g->f;
    svg_box b = g->plot;
    put(g, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"none\" "
           "stroke=\"#444\" stroke-width=\"1.5\"/>\n", b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0);
    double ticks[64], step;
    size_t n = bonx_axis_ticks(&g->y, 8, ticks, 64, &step);
    for (size_t i = 0; i < n; i++) {
        double py = px_y(g, ticks[i]);
        char lab[48];
        bonx_axis_label(ticks[i], step, lab, sizeof lab);
        put(g, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#ddd\"/>\n",
            b.x0, py, b.x1, py);
        put(g, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%d\" text-anchor=\"end\" "
               "dominant-baseline=\"central\">%s</text>\n", b.x0 - 8, py, TEXT_PX, lab);
    }
    if (f->ncategories) {
        double free_from = -1e300;   /* labels that would overlap the previous one are left out */
        for (size_t i = 0; i < f->ncategories; i++) {
            double px = px_x(g, (double)i), hw = text_width(f->categories[i], TEXT_PX) / 2;
            if (px - hw < free_from)
                continue;
            put(g, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%d\" text-anchor=\"middle\">",
                px, b.y1 + 24, TEXT_PX);
            put_text(g, f->categories[i]);
            put(g, "</text>\n");
            free_from = px + hw + 6;
        }
    } else {
        n = bonx_axis_ticks(&g->x, 10, ticks, 64, &step);
        for (size_t i = 0; i < n; i++) {
            double px = px_x(g, ticks[i]);
            char lab[48];
            bonx_axis_label(ticks[i], step, lab, sizeof lab);
            put(g, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#ddd\"/>\n",
                px, b.y0, px, b.y1);
            put(g, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%d\" text-anchor=\"middle\">%s"
                   "</text>\n", px, b.y1 + 24, TEXT_PX, lab);
        }
    }
    if (f->xname[0]) {
        put(g, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%d\" text-anchor=\"middle\" "
               "font-weight=\"bold\">", (b.x0 + b.x1) / 2, b.y1 + 50, TEXT_PX + 2);
        put_text(g, f->xname);
        put(g, "</text>\n");
    }
    if (f->yname[0]) {
        put(g, "<text transform=\"translate(%.2f %.2f) rotate(-90)\" font-size=\"%d\" "
               "text-anchor=\"middle\" font-weight=\"bold\">", 22.0, (b.y0 + b.y1) / 2,
            TEXT_PX + 2);
        put_text(g, f->yname);
        put(g, "</text>\n");
    }
}

/* ---- series ---------------------------------------------------------------------------- */

/* A polyline per run of finite points (a non-finite point is a gap, as on the canvas). */
static void line(svg *g, const bonx_fig_op *op)
{
    const char *col = color_of(op->s.color);
    int open = 0;
    for (size_t i = 0; i < op->n; i++) {
        double x = px_x(g, op->x[i]), y = px_y(g, op->y[i]);
        if (!isfinite(x) || !isfinite(y)) {
            if (open)
                put(g, "\"/>\n");
            open = 0;
            continue;
        }
        if (!open)
            put(g, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\" "
                   "stroke-linejoin=\"round\"%s%s points=\"", col, LINE_W,
                dash_of(op->s.style, op->s.dim), opacity_of(op->s.dim));
        put(g, "%.2f,%.2f ", x, y);
        open = 1;
    }
    if (open)
        put(g, "\"/>\n");
}

/* Markers along a line at staggered, evenly spaced points of its visible part. */
static void markers_along(svg *g, const bonx_fig_op *op, size_t index, size_t count)
{
    if (op->s.kind != BONX_SERIES_LINE || !op->s.marker[0])
        return;
    size_t visible = 0;
    for (size_t i = 0; i < op->n; i++)
        visible += inside(g, px_x(g, op->x[i]), px_y(g, op->y[i]));
    if (visible < 2)
        return;
    int k = 6;
    double shift = (index + 0.5) / (double)(count ? count : 1);
    size_t seen = 0;
    int next = 0;
    for (size_t i = 0; i < op->n && next < k; i++) {
        double x = px_x(g, op->x[i]), y = px_y(g, op->y[i]);
        if (!inside(g, x, y))
            continue;
        if ((double)seen >= (next + shift) * (double)(visible - 1) / k) {
            marker(g, op->s.marker, x, y, MARK_R, color_of(op->s.color), op->s.dim);
            next++;
        }
        seen++;
    }
}

static void band(svg *g, const bonx_fig_op *op)
{
    put(g, "<polygon fill=\"%s\" fill-opacity=\"0.18\" stroke=\"none\" points=\"",
        color_of(op->s.color));
    for (size_t i = 0; i < op->n; i++)
        if (isfinite(px_x(g, op->x[i])) && isfinite(px_y(g, op->y2[i])))
            put(g, "%.2f,%.2f ", px_x(g, op->x[i]), px_y(g, op->y2[i]));
    for (size_t i = op->n; i-- > 0;)
        if (isfinite(px_x(g, op->x[i])) && isfinite(px_y(g, op->y[i])))
            put(g, "%.2f,%.2f ", px_x(g, op->x[i]), px_y(g, op->y[i]));
    put(g, "\"/>\n");
}

static void ref_line(svg *g, const bonx_fig_op *op)
{
    svg_box b = g->plot;
    double x1 = b.x0, x2 = b.x1, y1 = b.y0, y2 = b.y1;
    if (op->kind == BONX_FIG_HLINE)
        y1 = y2 = px_y(g, op->y[0]);
    else
        x1 = x2 = px_x(g, op->x[0]);
    if (!isfinite(x1) || !isfinite(y1))
        return;
    put(g, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"%s\" "
           "stroke-width=\"%.1f\"%s%s/>\n", x1, y1, x2, y2, color_of(op->s.color),
        op->s.name[0] ? LINE_W : 1.5, dash_of(op->s.style, op->s.dim), opacity_of(op->s.dim));
}

static void bars(svg *g, const bonx_fig_op *op)
{
    double unit = px_x(g, 1.0) - px_x(g, 0.0), w = 0.8 * unit / (op->nslots ? op->nslots : 1);
    double base = px_y(g, g->y.lo > 0 ? g->y.lo : 0.0);
    for (size_t i = 0; i < op->n; i++) {
        double left = px_x(g, (double)i) - 0.4 * unit + op->slot * w, top = px_y(g, op->y[i]);
        if (!isfinite(top) || !isfinite(left))
            continue;
        put(g, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\" "
               "fill-opacity=\"%s\" stroke=\"%s\"/>\n", left, fmin(top, base), w * 0.92,
            fabs(base - top), color_of(op->s.color), op->slot == 0 ? "0.25" : "0.8",
            color_of(op->s.color));
    }
}

static void text_at(svg *g, double x, double y, const char *s, const char *anchor,
                    const char *col, int bold)
{
    put(g, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%d\" text-anchor=\"%s\" "
           "dominant-baseline=\"central\" fill=\"%s\"%s>", x, y, TEXT_PX, anchor, col,
        bold ? " font-weight=\"bold\"" : "");
    put_text(g, s);
    put(g, "</text>\n");
}

static void arrow(svg *g, const bonx_fig_op *op)
{
    svg_box b = g->plot;
    double x = px_x(g, op->x[0]), y = px_y(g, op->y[0]);
    x = isfinite(x) ? fmin(fmax(x, b.x0 + 4), b.x1 - 4) : (b.x0 + b.x1) / 2;
    y = isfinite(y) ? fmin(fmax(y, b.y0 + 12), b.y1 - 12) : (b.y0 + b.y1) / 2;
    const char *col = color_of(op->s.color);
    switch (op->anchor) {
    case 0: text_at(g, b.x0 + 6, y, op->text, "start", col, 1); break;
    case 1: text_at(g, b.x1 - 6, y, op->text, "end", col, 1); break;
    case 2: text_at(g, x, b.y0 + 14, op->text, "middle", col, 1); break;
    default: text_at(g, x, b.y1 - 14, op->text, "middle", col, 1); break;
    }
}

static void series(svg *g)
{
    const bonx_figure *f = g->f;
    put(g, "<g clip-path=\"url(#plot)\">\n");
    for (size_t i = 0; i < f->nops; i++) {
        const bonx_fig_op *op = &f->ops[i];
        switch (op->kind) {
        case BONX_FIG_LINE: line(g, op); break;
        case BONX_FIG_BAND: band(g, op); break;
        case BONX_FIG_HLINE: case BONX_FIG_VLINE: ref_line(g, op); break;
        case BONX_FIG_BARS: bars(g, op); break;
        default: break;
        }
    }
    /* markers over every line */
    for (size_t i = 0; i < f->nops; i++) {
        const bonx_fig_op *op = &f->ops[i];
        if (op->kind == BONX_FIG_LINE)
            markers_along(g, op, i, f->nops);
        else if (op->kind == BONX_FIG_POINTS || op->kind == BONX_FIG_MARK)
            for (size_t j = 0; j < op->n; j++)
                if (inside(g, px_x(g, op->x[j]), px_y(g, op->y[j])))
                    marker(g, op->s.marker[0] ? op->s.marker : "●", px_x(g, op->x[j]),
                           px_y(g, op->y[j]), op->kind == BONX_FIG_MARK ? MARK_R * 1.3 : MARK_R,
                           color_of(op->s.color), op->s.dim);
    }
    put(g, "</g>\n");
    for (size_t i = 0; i < f->nops; i++) {
        const bonx_fig_op *op = &f->ops[i];
        if (op->kind == BONX_FIG_ARROW)
            arrow(g, op);
        else if (op->kind == BONX_FIG_TEXT)
            text_at(g, px_x(g, op->x[0]), px_y(g, op->y[0]), op->text,
                    op->anchor == 1 ? "end" : op->anchor == 2 ? "middle" : "start", "#222", 0);
    }
}

/* ---- the page -------------------------------------------------------------------------- */

/* Map the data onto the plot box; without axes (the simplex) with one scale for both. */
static void map_axes(svg *g)
{
    const bonx_figure *f = g->f;
    svg_box b = g->plot;
    if (f->no_axes) {   /* room for the labels around the shape */
        b.y0 += 2 * TEXT_PX;
        b.y1 -= 2 * TEXT_PX;
        double sx = (b.x1 - b.x0) / (f->xhi - f->xlo), sy = (b.y1 - b.y0) / (f->yhi - f->ylo);
        double s = fmin(sx, sy), cx = (b.x0 + b.x1) / 2, cy = (b.y0 + b.y1) / 2;
        double hw = s * (f->xhi - f->xlo) / 2, hh = s * (f->yhi - f->ylo) / 2;
        bonx_axis_init(&g->x, f->xlo, f->xhi, 0, cx - hw, cx + hw);
        bonx_axis_init(&g->y, f->ylo, f->yhi, 0, cy + hh, cy - hh);
        return;
    }
    bonx_axis_init(&g->x, f->xlo, f->xhi, f->xlog, b.x0, b.x1);
    bonx_axis_init(&g->y, f->ylo, f->yhi, f->ylog, b.y1, b.y0);
}

int bonx_figure_write_svg(const bonx_figure *f, FILE *out, int width, int height)
{
    svg g = {.out = out, .f = f, .w = width, .h = height};
    put(&g, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            "viewBox=\"0 0 %d %d\" font-family=\"%s\">\n", width, height, width, height, FONT);
    put(&g, "<title>");
    put_text(&g, f->title);
    put(&g, "</title>\n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n");
    put(&g, "<text x=\"20\" y=\"34\" font-size=\"%d\" font-weight=\"bold\">", TITLE_PX);
    put_text(&g, f->title);
    put(&g, "</text>\n");
    if (f->info[0]) {
        put(&g, "<text x=\"%d\" y=\"34\" font-size=\"%d\" text-anchor=\"end\">", width - 20,
            TEXT_PX);
        put_text(&g, f->info);
        put(&g, "</text>\n");
    }
    double top = legend(&g, 50, 0) + 14;
    g.plot = (svg_box){f->no_axes ? 40 : 90, top, width - (f->no_axes ? 40 : 30),
                       height - (f->no_axes ? 30 : 70)};
    if (g.plot.y1 - g.plot.y0 < 40)
        g.plot.y1 = g.plot.y0 + 40;
    map_axes(&g);
    legend(&g, 50, 1);
    put(&g, "<defs><clipPath id=\"plot\"><rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
            "height=\"%.2f\"/></clipPath></defs>\n", g.plot.x0, g.plot.y0,
        g.plot.x1 - g.plot.x0, g.plot.y1 - g.plot.y0);
    if (!f->no_axes)
        axes(&g);
    series(&g);
    put(&g, "</svg>\n");
    return g.err || ferror(out) ? -1 : 0;
}
