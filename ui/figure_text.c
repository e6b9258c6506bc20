/* SPDX-License-Identifier: MIT */
/* The figure as data: CSV of exactly the points drawn, and a self-contained gnuplot script. */
#include "figure.h"
#include "csv.h"

#include <math.h>
#include <string.h>

/* -0 prints as "-0": data files say 0. */
static double nz(double v) { return v == 0 ? 0.0 : v; }

/* One row; points that cannot be drawn (non-finite) are not data either. */
static void csv_row(FILE *out, const char *name, const char *suffix, double x, double y)
{
    if (!isfinite(x) || !isfinite(y))
        return;
    char buf[192];
    snprintf(buf, sizeof buf, "%s%s", name, suffix);
    bonx_csv_field(out, buf);
    fprintf(out, ",%.17g,%.17g\n", nz(x), nz(y));
}

int bonx_figure_write_csv(const bonx_figure *f, FILE *out)
{
    fputs("series,x,y\n", out);
    for (size_t i = 0; i < f->nops; i++) {
        const bonx_fig_op *op = &f->ops[i];
        const char *name = bonx_figure_op_name(op);
        switch (op->kind) {
        case BONX_FIG_LINE: case BONX_FIG_POINTS: case BONX_FIG_MARK: case BONX_FIG_BARS:
        case BONX_FIG_ARROW:
            for (size_t j = 0; j < op->n; j++)
                csv_row(out, name, "", op->x[j], op->y[j]);
            break;
        case BONX_FIG_BAND:
            for (size_t j = 0; j < op->n; j++)
                csv_row(out, name, " (low)", op->x[j], op->y[j]);
            for (size_t j = 0; j < op->n; j++)
                csv_row(out, name, " (high)", op->x[j], op->y2[j]);
            break;
        case BONX_FIG_HLINE:
            csv_row(out, name, "", f->xlo, op->y[0]);
            csv_row(out, name, "", f->xhi, op->y[0]);
            break;
        case BONX_FIG_VLINE:
            csv_row(out, name, "", op->x[0], f->ylo);
            csv_row(out, name, "", op->x[0], f->yhi);
            break;
        default: break;   /* labels are not data */
        }
    }
    return ferror(out) ? -1 : 0;
}

/* ---- gnuplot --------------------------------------------------------------------------- */

static const char *gp_color(int c)
{
    static const char *const pal[8] = {"#222222", "#c62828", "#2e7d32", "#b07d00",
                                       "#1565c0", "#8e24aa", "#00838f", "#555555"};
    return pal[(unsigned)c < 8 ? c : 0];
}

/* A gnuplot string: double-quoted with " and \\ escaped (the script turns enhanced text off,
 * so _ ^ @ { } & print as themselves). */
static void gp_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', out);
        fputc(*s == '\n' ? ' ' : *s, out);
    }
    fputc('"', out);
}

static int gp_dash(bonx_line_style st) { return st == BONX_LINE_DASHED ? 2 : st == BONX_LINE_DOTTED ? 3 : 1; }

/* A point type per marker shape, as close to the terminal's as gnuplot's set allows. */
static int gp_point(const char *m)
{
    if (!strcmp(m, "■")) return 5;
    if (!strcmp(m, "▲")) return 9;
    if (!strcmp(m, "▼")) return 11;
    if (!strcmp(m, "◆")) return 13;
    if (!strcmp(m, "○")) return 6;
    if (!strcmp(m, "★")) return 3;
    if (!strcmp(m, "✚")) return 1;
    return 7;
}

static void gp_block(FILE *out, size_t i, const bonx_figure *f, const bonx_fig_op *op)
{
    fprintf(out, "$d%zu << EOD\n", i);
    for (size_t j = 0; j < op->n; j++) {
        double x = op->x[j], y = op->y[j];
        if (op->kind == BONX_FIG_HLINE) {
            fprintf(out, "%.17g %.17g\n%.17g %.17g\n", nz(f->xlo), nz(y), nz(f->xhi), nz(y));
            continue;
        }
        if (op->kind == BONX_FIG_VLINE) {
            fprintf(out, "%.17g %.17g\n%.17g %.17g\n", nz(x), nz(f->ylo), nz(x), nz(f->yhi));
            continue;
        }
        if (op->kind == BONX_FIG_BAND) {
            if (isfinite(x) && isfinite(y) && isfinite(op->y2[j]))
                fprintf(out, "%.17g %.17g %.17g\n", nz(x), nz(y), nz(op->y2[j]));
            continue;
        }
        if (isfinite(x) && isfinite(y))
            fprintf(out, "%.17g %.17g\n", nz(x), nz(y));
        else
            fputc('\n', out);   /* a gap, as on the chart */
    }
    fputs("EOD\n", out);
}

static void gp_plot_clause(FILE *out, size_t i, const bonx_fig_op *op)
{
    const char *col = gp_color(op->s.color);
    int titled = op->s.name[0] && op->kind != BONX_FIG_ARROW;
    fprintf(out, "$d%zu ", i);
    switch (op->kind) {
    case BONX_FIG_BAND:
        fprintf(out, "using 1:2:3 with filledcurves fillcolor rgb '%s' fillstyle transparent solid 0.2 noborder", col);
        break;
    case BONX_FIG_BARS:
        fprintf(out, "using ($1 - 0.4 + (%d + 0.5) * 0.8 / %d):2:(0.8 / %d) with boxes fillcolor rgb '%s' fillstyle solid 0.6",
                op->slot, op->nslots ? op->nslots : 1, op->nslots ? op->nslots : 1, col);
        break;
    case BONX_FIG_POINTS: case BONX_FIG_MARK: case BONX_FIG_ARROW:
        fprintf(out, "with points pointtype %d pointsize %s linecolor rgb '%s'",
                gp_point(op->s.marker), op->kind == BONX_FIG_MARK ? "2.2" : "1.6", col);
        break;
    default:
        if (op->kind == BONX_FIG_LINE && op->s.kind == BONX_SERIES_LINE && op->s.marker[0])
            fprintf(out, "with linespoints pointinterval 24 pointtype %d pointsize 1.4 ",
                    gp_point(op->s.marker));
        else
            fputs("with lines ", out);
        fprintf(out, "dashtype %d linewidth 2.5 linecolor rgb '%s'", gp_dash(op->s.style), col);
        break;
    }
    if (titled) {
        fputs(" title ", out);
        gp_string(out, op->s.name);
    } else {
        fputs(" notitle", out);
    }
}

int bonx_figure_write_gnuplot(const bonx_figure *f, FILE *out)
{
    fputs("# written by bonx plot --format gnuplot; run: gnuplot -p THIS_FILE\n"
          "# (for a PNG: gnuplot -e \"set terminal pngcairo size 1280,800; set output 'chart.png'\" THIS_FILE)\n"
          "set encoding utf8\nset termoption noenhanced\n", out);
    fputs("set title ", out);
    gp_string(out, f->title);
    fputs(" font \",18\"\n", out);
    if (f->xname[0]) { fputs("set xlabel ", out); gp_string(out, f->xname); fputc('\n', out); }
    if (f->yname[0]) { fputs("set ylabel ", out); gp_string(out, f->yname); fputc('\n', out); }
    if (f->xlog) fputs("set logscale x 10\n", out);
    if (f->ylog) fputs("set logscale y 10\n", out);
    if (f->no_axes) fputs("unset border\nunset xtics\nunset ytics\nset size ratio -1\n", out);
    fprintf(out, "set xrange [%.17g:%.17g]\nset yrange [%.17g:%.17g]\n", nz(f->xlo), nz(f->xhi),
            nz(f->ylo), nz(f->yhi));
    fputs("set key outside top center horizontal\nset grid\n", out);
    if (f->ncategories) {
        fputs("set xtics (", out);
        for (size_t i = 0; i < f->ncategories; i++) {
            if (i) fputs(", ", out);
            gp_string(out, f->categories[i]);
            fprintf(out, " %zu", i);
        }
        fputs(")\nset boxwidth 0.8 / 4 absolute\n", out);
    }
    size_t arrows = 0;
    for (size_t i = 0; i < f->nops; i++) {
        const bonx_fig_op *op = &f->ops[i];
        if (op->kind == BONX_FIG_TEXT || op->kind == BONX_FIG_ARROW) {
            fprintf(out, "set label %zu ", ++arrows);
            gp_string(out, op->text);
            if (op->kind == BONX_FIG_ARROW)
                fprintf(out, " at graph %s, graph 0.5 %s textcolor rgb '%s'\n",
                        op->anchor == 0 ? "0.01" : "0.99", op->anchor == 0 ? "left" : "right",
                        gp_color(op->s.color));
            else
                fprintf(out, " at %.17g, %.17g %s\n", op->x[0], op->y[0],
                        op->anchor == 1 ? "right" : op->anchor == 2 ? "center" : "left");
        }
    }
    for (size_t i = 0; i < f->nops; i++)
        if (f->ops[i].kind != BONX_FIG_TEXT && f->ops[i].kind != BONX_FIG_ARROW)
            gp_block(out, i, f, &f->ops[i]);
    fputs("plot ", out);
    int first = 1;
    for (size_t i = 0; i < f->nops; i++) {
        const bonx_fig_op *op = &f->ops[i];
        if (op->kind == BONX_FIG_TEXT || op->kind == BONX_FIG_ARROW)
            continue;
        if (!first)
            fputs(", \\\n     ", out);
        gp_plot_clause(out, i, op);
        first = 0;
    }
    if (first)
        fputs("NaN notitle", out);
    fputc('\n', out);
    return ferror(out) ? -1 : 0;
}
