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
#include "cli.h"
#include "commands.h"

static const char USAGE[] =
    "usage: bonx plot CHART SOURCE [--width W] [--height H] [--ascii] [--n N] [--beta B]\n"
    "                 [--tau T] [--t T] [--color WHEN] [--bounds]\n"
    "Draw CHART for the distribution SOURCE (--dist 'W:R,...', --preset NAME or --file FILE)\n"
    "as text on stdout.  The current n, beta and tau are marked on the curves; they default\n"
    "to the preset's values, else n = 16, beta matching best-of-n's KL at n, and tau the\n"
    "highest reward level rewind-and-repeat reaches within n draws on average.\n"
    "  --width W, --height H  size in cells (1..1000); default the terminal's, or 80x24\n"
    "  --ascii                no Braille or box drawing (automatic when the locale is not UTF-8)\n"
    "  --t T                  the estimator's tilted min/max band (T >= 0, 0: none; default 1)\n"
    "  --color WHEN           auto (default: stdout a terminal, TERM set and not dumb,\n"
    "                         NO_COLOR unset or empty), always or never\n"
    "  --bounds               the paper's bounds too (kl, winrate, tradeoff; the explorer's key b)\n"
    "charts:\n";

typedef struct plot_opts {
    int chart;
    uint64_t width, height;
    int has_width, has_height, ascii, bounds;
    int has_n, has_beta, has_tau;
    double n, beta, tau, t;
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

static int parse_args(bonx_cli *cli, int argc, char **argv, plot_opts *o)
{
    const char *chart = NULL;
    for (int i = 1; i < argc; i++) {
        int m = bonx_cli_common(cli, argc, argv, &i);
        if (m == 0) m = size_opt(cli, argc, argv, &i, "--width", &o->width, &o->has_width);
        if (m == 0) m = size_opt(cli, argc, argv, &i, "--height", &o->height, &o->has_height);
        if (m == 0) m = number_opt(cli, argc, argv, &i, "--n", 0, &o->n, &o->has_n);
        if (m == 0) m = number_opt(cli, argc, argv, &i, "--beta", 1, &o->beta, &o->has_beta);
        if (m == 0) m = number_opt(cli, argc, argv, &i, "--tau", 0, &o->tau, &o->has_tau);
        if (m == 0) m = number_opt(cli, argc, argv, &i, "--t", 0, &o->t, NULL);
        if (m == 0) m = bonx_cli_color(cli, argc, argv, &i, &o->color);
        if (m == 0 && bonx_cli_flag(argv, i, "--ascii")) { o->ascii = 1; m = 1; }
        if (m == 0 && bonx_cli_flag(argv, i, "--bounds")) { o->bounds = 1; m = 1; }
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

/* Compute the curves and draw; returns the rendered text or NULL (message in err). */
static char *render(const plot_opts *o, const bonx_preset *pre, const bonx_dist *d,
                    char *err, size_t errlen)
{
    bonx_curves_spec spec;
    bonx_curves_spec_default(&spec);
    spec.t = o->t;
    spec.bounds = o->bounds;
    if (o->n * 10.0 > spec.n_max)
        spec.n_max = pow(10.0, ceil(log10(o->n)) + 1.0);
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
    bonx_chart_input in = {d, &curves, (const char *const *)pre->labels, o->n, o->beta, o->tau,
                           o->t, 0, o->bounds};
    if (!cv)
        snprintf(err, errlen, "out of memory");
    else if (bonx_chart_draw(cv, (bonx_chart_kind)o->chart, &in, err, errlen) == 0)
        text = bonx_canvas_to_string(cv, ansi);
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
