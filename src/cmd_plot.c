/* SPDX-License-Identifier: MIT */
/* bonx plot: draw one chart of a distribution to stdout (for slides, notes and scripts). */
#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "charts.h"
#include "figure.h"
#include "cli.h"
#include "commands.h"
#include "n_range.h"

static const char USAGE[] =
    "usage: bonx plot CHART SOURCE [--width W] [--height H] [--ascii] [--n N] [--beta B]\n"
    "                 [--tau T] [--t T] [--n-range LO:HI] [--color WHEN] [--format FORMAT]\n"
    "                 [--bounds]\n"
    "Draw CHART for the distribution SOURCE (--dist 'W:R,...', --preset NAME or --file FILE)\n"
    "as text on stdout.  The current n, beta and tau are marked on the curves; they default\n"
    "to the preset's values, else n = 16, beta matching best-of-n's KL at n, and tau the\n"
    "highest reward level rewind-and-repeat reaches within n draws on average.\n"
    "  --width W, --height H  size in cells (1..1000); default the terminal's, or 80x24\n"
    "  --ascii                no Braille or box drawing (automatic when the locale is not UTF-8)\n"
    "  --t T                  the estimator's tilted min/max band (T >= 0, 0: none; default 1)\n"
    "  --n-range LO:HI        the n axis (1 <= LO < HI <= 1e300); default: from 1 to where the\n"
    "                         exact KL is within 0.1% of its ceiling (at most 1e15).  A current\n"
    "                         point outside it is shown by an arrow at the edge (-> n=5.4e8)\n"
    "  --color WHEN           auto (default: stdout a terminal, TERM set and not dumb,\n"
    "                         NO_COLOR unset or empty), always or never\n"
    "  --format FORMAT        table (default): the chart as text; svg: an SVG figure for slides\n"
    "                         (W x H cells at 10 x 20 pixels, default 120 x 36); csv: the points\n"
    "                         drawn, one row per point (series,x,y); gnuplot: a gnuplot script\n"
    "                         with the data inline (gnuplot -p FILE)\n"
    "  --bounds               the paper's bounds too (kl, winrate, tradeoff; the explorer's key b)\n"
    "charts:\n";

typedef enum { PLOT_TEXT = 0, PLOT_SVG, PLOT_CSV, PLOT_GNUPLOT } plot_format;

typedef struct plot_opts {
    int chart;
    plot_format format;
    uint64_t width, height;
    int has_width, has_height, ascii, bounds;
    int has_n, has_beta, has_tau, has_range;
    double n, beta, tau, t;
    double n_lo, n_hi;
    bonx_color_when color;
} plot_opts;

static void print_usage(void)
{
    fputs(USAGE, stdout);
    for (int k = 0; k < BONX_CHART_COUNT; k++)
        printf("  %-9s %s\n", bonx_chart_name((bonx_chart_kind)k),
               bonx_chart_summary((bonx_chart_kind)k));
}

/* One numeric option; 1 matched, 0 not this option, -1 error printed. */
static int number_opt(const bonx_cli *cli, int argc, char **argv, int *i, const char *name,
                      int allow_inf, double *out, int *seen)
{
    const char *v;
    int m = bonx_cli_opt(cli, argc, argv, i, name, &v);
    if (m <= 0)
        return m;
    char err[256];
    if (bonx_cli_parse_number(v, allow_inf, out, err, sizeof err) != 0) {
        bonx_cli_error(cli, "%s: %s", name, err);
        return -1;
    }
    if (seen)
        *seen = 1;
    return 1;
}

static int size_opt(const bonx_cli *cli, int argc, char **argv, int *i, const char *name,
                    uint64_t *out, int *seen)
{
    const char *v;
    int m = bonx_cli_opt(cli, argc, argv, i, name, &v);
    if (m <= 0)
        return m;
    char err[256];
    if (bonx_cli_parse_count(v, 1, 1000, out, err, sizeof err) != 0) {
        bonx_cli_error(cli, "%s: %s", name, err);
        return -1;
    }
    *seen = 1;
    return 1;
}

static int range_opt(const bonx_cli *cli, int argc, char **argv, int *i, plot_opts *o)
{
    const char *v;
    int m = bonx_cli_opt(cli, argc, argv, i, "--n-range", &v);
    if (m <= 0)
        return m;
    char err[256];
    if (bonx_parse_n_range(v, &o->n_lo, &o->n_hi, err, sizeof err) != 0) {
        bonx_cli_error(cli, "--n-range: %s", err);
        return -1;
    }
    o->has_range = 1;
    return 1;
}

/* --format of plot: the shared table/csv/json does not apply; table means the text chart. */
static int format_opt(const bonx_cli *cli, int argc, char **argv, int *i, plot_opts *o)
{
    static const char *const names[] = {"table", "svg", "csv", "gnuplot"};
    const char *v;
    int m = bonx_cli_opt(cli, argc, argv, i, "--format", &v);
    if (m <= 0)
        return m;
    for (int k = 0; k < 4; k++)
        if (!strcmp(v, names[k])) {
            o->format = (plot_format)k;
            return 1;
        }
    bonx_cli_error(cli, "unknown format '%s' (expected table, svg, csv or gnuplot)", v);
    return -1;
}

static int parse_args(bonx_cli *cli, int argc, char **argv, plot_opts *o)
{
    const char *chart = NULL;
    for (int i = 1; i < argc; i++) {
        int m = format_opt(cli, argc, argv, &i, o);
        if (m == 0) m = bonx_cli_common(cli, argc, argv, &i);
        if (m == 0) m = size_opt(cli, argc, argv, &i, "--width", &o->width, &o->has_width);
        if (m == 0) m = size_opt(cli, argc, argv, &i, "--height", &o->height, &o->has_height);
        if (m == 0) m = number_opt(cli, argc, argv, &i, "--n", 0, &o->n, &o->has_n);
        if (m == 0) m = number_opt(cli, argc, argv, &i, "--beta", 1, &o->beta, &o->has_beta);
        if (m == 0) m = number_opt(cli, argc, argv, &i, "--tau", 0, &o->tau, &o->has_tau);
        if (m == 0) m = number_opt(cli, argc, argv, &i, "--t", 0, &o->t, NULL);
        if (m == 0) m = range_opt(cli, argc, argv, &i, o);
        if (m == 0) m = bonx_cli_color(cli, argc, argv, &i, &o->color);
        if (m == 0 && (m = bonx_cli_flag(cli, argv, i, "--ascii")) > 0) o->ascii = 1;
        if (m == 0 && (m = bonx_cli_flag(cli, argv, i, "--bounds")) > 0) o->bounds = 1;
        if (m < 0)
            return -1;
        if (m > 0)
            continue;
        if (argv[i][0] == '-' && argv[i][1] != '\0')
            return bonx_cli_error(cli, "unknown option '%s' (see bonx plot --help)", argv[i]), -1;
        if (chart)
            return bonx_cli_error(cli, "unexpected argument '%s'", argv[i]), -1;
        chart = argv[i];
    }
    if (cli->rest && cli->rest < argc) {   /* the CHART after "--" */
        if (chart)
            return bonx_cli_error(cli, "unexpected argument '%s'", argv[cli->rest]), -1;
        chart = argv[cli->rest];
    }
    if (!chart)
        return bonx_cli_error(cli, "no CHART given (kl, winrate, tradeoff, reward, pmf, cost, simplex)"), -1;
    if ((o->chart = bonx_chart_from_name(chart)) < 0)
        return bonx_cli_error(cli, "unknown chart '%s' (kl, winrate, tradeoff, reward, pmf, cost, simplex)",
                              chart), -1;
    if (o->has_n && !(o->n >= 1.0))
        return bonx_cli_error(cli, "--n must be >= 1 (got %g)", o->n), -1;
    if (o->has_beta && !(o->beta > 0.0))
        return bonx_cli_error(cli, "--beta must be > 0 (got %g)", o->beta), -1;
    if (!(o->t >= 0.0))
        return bonx_cli_error(cli, "--t must be >= 0 (got %g)", o->t), -1;
    return 0;
}

/* Defaults for what neither the options nor the preset give (see USAGE). */
static void default_params(plot_opts *o, const bonx_preset *pre, const bonx_dist *d)
{
    if (!o->has_n) { o->n = pre->has_n ? pre->n : 16.0; o->has_n = 1; }
    if (!o->has_beta && pre->has_beta) { o->beta = pre->beta; o->has_beta = 1; }
    if (!o->has_tau && pre->has_tau) { o->tau = pre->tau; o->has_tau = 1; }
    if (!o->has_beta) {
        bonx_bon_stats st;
        o->beta = 1.0;
        if (bonx_bon_stats_at(d, o->n, 0.0, &st, NULL) == 0 && st.kl > 0.0)
            bonx_tilt_beta_for_kl(d, BONX_TILT_REWARD, st.kl, &o->beta, NULL);
        if (!(o->beta > 0.0))
            o->beta = 1.0;
    }
    if (!o->has_tau) {
        /* Highest level whose expected number of trials 1/q stays within n. */
        o->tau = d->ng ? d->g_r[0] : 0.0;
        for (size_t j = 0; j < d->ng; j++)
            if ((d->g_S[j] + d->g[j]) * o->n >= 1.0)
                o->tau = d->g_r[j];
    }
}

static int utf8_locale(void)
{
    setlocale(LC_CTYPE, "");
    const char *cs = nl_langinfo(CODESET);
    return cs && (!strcasecmp(cs, "UTF-8") || !strcasecmp(cs, "utf8"));
}

static void terminal_size(plot_opts *o)
{
    if (o->format != PLOT_TEXT) {   /* a figure: a fixed size, not the terminal's */
        if (!o->has_width)
            o->width = 120;
        if (!o->has_height)
            o->height = 36;
        return;
    }
    struct winsize ws;
    int tty = isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0;
    if (!o->has_width)
        o->width = tty && ws.ws_col > 0 ? ws.ws_col : 80;
    /* Leave the last row to the shell prompt. */
    if (!o->has_height)
        o->height = tty && ws.ws_row > 1 ? (uint64_t)ws.ws_row - 1 : 24;
    if (o->width > 1000) o->width = 1000;
    if (o->height > 1000) o->height = 1000;
}

/* The recorded figure in the asked format, as a malloc'd string (NULL with err). */
static char *figure_text(const plot_opts *o, const bonx_figure *fig, char *err, size_t errlen)
{
    if (!fig->framed || fig->oom) {
        snprintf(err, errlen, fig->oom ? "out of memory" : "the chart does not fit %dx%d cells",
                 (int)o->width, (int)o->height);
        return NULL;
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    int rc = o->format == PLOT_SVG ? bonx_figure_write_svg(fig, mem, 10 * (int)o->width,
                                                           20 * (int)o->height)
           : o->format == PLOT_CSV ? bonx_figure_write_csv(fig, mem)
                                   : bonx_figure_write_gnuplot(fig, mem);
    if (fclose(mem) != 0 || rc != 0) {
        free(buf);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (len && buf[len - 1] == '\n')   /* main prints the text with a newline */
        buf[len - 1] = '\0';
    return buf;
}

/* Compute the curves and draw; returns the rendered text or NULL (message in err). */
static char *render(const plot_opts *o, const bonx_preset *pre, const bonx_dist *d,
                    char *err, size_t errlen)
{
    bonx_curves_spec spec;
    bonx_curves_spec_default(&spec);
    spec.t = o->t;
    spec.n_min = o->has_range ? o->n_lo : 1.0;
    spec.n_max = o->has_range ? o->n_hi : bonx_curves_auto_n_max(d);
    spec.bounds = o->bounds;
    bonx_curves curves;
    memset(&curves, 0, sizeof curves);
    bonx_err e = {0, ""};
    char *text = NULL;
    if (bonx_curves_compute(&curves, d, &spec, &e) != 0) {
        snprintf(err, errlen, "%s", e.msg);
        bonx_curves_free(&curves);
        return NULL;
    }
    int ascii = o->ascii || !utf8_locale();
    int ansi = bonx_color_stdout(o->color);
    bonx_canvas *cv = bonx_canvas_new((int)o->width, (int)o->height, ascii);
    bonx_chart_input in = {.dist = d, .curves = &curves, .labels = (const char *const *)pre->labels,
                           .n = o->n, .beta = o->beta, .tau = o->tau, .t = o->t,
                           .bounds = o->bounds};
    bonx_figure fig;
    bonx_figure_init(&fig);
    if (cv && o->format != PLOT_TEXT)
        bonx_canvas_set_figure(cv, &fig);
    if (!cv)
        snprintf(err, errlen, "out of memory");
    else if (bonx_chart_draw(cv, (bonx_chart_kind)o->chart, &in, err, errlen) == 0)
        text = o->format == PLOT_TEXT ? bonx_canvas_to_string(cv, ansi)
                                      : figure_text(o, &fig, err, errlen);
    bonx_figure_free(&fig);
    bonx_canvas_free(cv);
    bonx_curves_free(&curves);
    return text;
}

int cmd_plot(int argc, char **argv)
{
    if (bonx_cli_wants_help(argc, argv)) {
        print_usage();
        return 0;
    }
    bonx_cli cli;
    bonx_cli_init(&cli, "plot");
    cli.positionals = 1;   /* CHART */
    plot_opts o;
    memset(&o, 0, sizeof o);
    o.t = 1.0;
    if (parse_args(&cli, argc, argv, &o) != 0)
        return 2;
    bonx_preset pre;
    bonx_dist d;
    if (bonx_cli_load_source(&cli, &pre, &d) != 0)
        return 2;
    int status = 0;
    bonx_rr_stats rs;
    bonx_err e = {0, ""};
    if (o.has_tau && bonx_rr_stats_at(&d, o.tau, &rs, &e) != 0) {
        status = bonx_cli_error(&cli, "--tau: %s", e.msg);
    } else {
        default_params(&o, &pre, &d);
        terminal_size(&o);
        char err[256] = "";
        char *text = render(&o, &pre, &d, err, sizeof err);
        if (!text)
            status = bonx_cli_error(&cli, "%s", err[0] ? err : "cannot draw the chart");
        else
            printf("%s\n", text);
        free(text);
    }
    bonx_preset_free(&pre);
    bonx_dist_free(&d);
    return status;
}
