/* SPDX-License-Identifier: MIT */
/* bonx bon: best-of-n statistics over a LIST of n (issue 2; MATH.md §2). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "bon.h"
#include "bounds.h"
#include "cli.h"
#include "commands.h"

static const char USAGE[] =
    "usage: bonx bon SOURCE --n LIST [--t T] [--bounds] [--format table|csv|json]\n"
    "Best-of-n: exact KL, the analytical formula, the estimator and its bounds, win rate,\n"
    "expected reward, for every n in LIST (real n >= 1; default: the preset's n).\n"
    "  SOURCE      --dist 'W:R,...' | --preset NAME | --file PATH\n"
    "  --n LIST    1,2,4 or START:STOP:COUNT[log], e.g. 1:1e6:13log\n"
    "  --t T       also print the estimator's tilted min/max at spread T > 0\n"
    "  --bounds    also print the paper's gap bounds and conjecture checks (seed 001)\n"
    "columns: n,kl,kl_analytic,kl_estimate,kl_bound_min,kl_bound_sat,win_rate,\n"
    "         win_rate_bound,reward[,est_tilt_lo,est_tilt_hi]\n"
    "  with --bounds, after those: kl_gap,kl_gap_upper,kl_gap_upper_eps,kl_gap_lower,\n"
    "         kl_gap_lower_asym,win_rate_gap,win_rate_gap_upper,win_rate_gap_upper_eps,\n"
    "         win_rate_gap_lower,win_rate_gap_lower_asym,est_excess,conj_4_4,\n"
    "         conj_7_2_margin,conj_7_2 (conj_*: ok, or VIOLATED beyond rounding)\n";

static const char *const COLUMNS[] = {
    "n", "kl", "kl_analytic", "kl_estimate", "kl_bound_min", "kl_bound_sat",
    "win_rate", "win_rate_bound", "reward", "est_tilt_lo", "est_tilt_hi"};

/* --bounds: seed 001's bounds around the two gaps (core/bounds.h), after every other column. */
static const char *const BOUND_COLUMNS[] = {
    "kl_gap", "kl_gap_upper", "kl_gap_upper_eps", "kl_gap_lower", "kl_gap_lower_asym",
    "win_rate_gap", "win_rate_gap_upper", "win_rate_gap_upper_eps", "win_rate_gap_lower",
    "win_rate_gap_lower_asym", "est_excess", "conj_4_4", "conj_7_2_margin", "conj_7_2"};
#define NBOUND (sizeof BOUND_COLUMNS / sizeof BOUND_COLUMNS[0])

typedef struct bon_args {
    const char *n_list, *t;
    int bounds;
} bon_args;

static int parse_args(bonx_cli *cli, bon_args *a, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        int m = bonx_cli_common(cli, argc, argv, &i);
        if (m == 0)
            m = bonx_cli_opt(cli, argc, argv, &i, "--n", &a->n_list);
        if (m == 0)
            m = bonx_cli_opt(cli, argc, argv, &i, "--t", &a->t);
        if (m == 0 && (m = bonx_cli_flag(cli, argv, i, "--bounds")) > 0)
            a->bounds = 1;
        if (m < 0)
            return -1;
        if (m == 0)
            return bonx_cli_error(cli, "unknown option '%s' (see bonx bon --help)", argv[i]), -1;
    }
    return 0;
}

/* The n values: --n LIST, else the preset's default n. */
static int n_values(const bonx_cli *cli, const bon_args *a, const bonx_preset *pre, bonx_list *l)
{
    char why[256];
    if (!a->n_list) {
        if (!pre->has_n)
            return bonx_cli_error(cli, "--n LIST is required (the source has no default n)"), -1;
        l->count = 1;
        l->v = malloc(sizeof *l->v);
        if (!l->v)
            return bonx_cli_error(cli, "out of memory"), -1;
        l->v[0] = pre->n;
        return 0;
    }
    if (bonx_cli_parse_list(a->n_list, l, why, sizeof why) != 0)
        return bonx_cli_error(cli, "--n: %s", why), -1;
    for (size_t i = 0; i < l->count; i++)
        if (!(l->v[i] >= 1)) {
            bonx_cli_error(cli, "--n: n must be >= 1 (got %.17g)", l->v[i]);
            bonx_list_free(l);
            return -1;
        }
    return 0;
}

static void add_bounds(bonx_table *t, const bonx_bounds *b)
{
    const double v[] = {b->kl_gap, b->kl_gap_upper, b->kl_gap_upper_eps, b->kl_gap_lower,
                        b->kl_gap_lower_asym, b->win_rate_gap, b->win_rate_gap_upper,
                        b->win_rate_gap_upper_eps, b->win_rate_gap_lower,
                        b->win_rate_gap_lower_asym, b->est_excess};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        bonx_table_num(t, v[i]);
    bonx_table_str(t, b->conj44_violated ? "VIOLATED" : "ok");
    bonx_table_num(t, b->conj72_margin);
    bonx_table_str(t, b->conj72_violated ? "VIOLATED" : "ok");
}

static int add_row(bonx_table *t, const bonx_bon_stats *s, int with_t)
{
    const double v[] = {s->n, s->kl, s->kl_analytic, s->kl_estimate, s->kl_bound_min,
                        s->kl_bound_sat, s->win_rate, s->win_rate_bound, s->reward,
                        s->est_tilt_lo, s->est_tilt_hi};
    size_t n = with_t ? 11 : 9;
    for (size_t i = 0; i < n; i++)
        bonx_table_num(t, v[i]);
    return 0;
}

static int run(const bonx_cli *cli, const bonx_dist *d, const bonx_list *ns, double t_spread,
               int with_t, int with_bounds)
{
    const char *names[sizeof COLUMNS / sizeof COLUMNS[0] + NBOUND];
    size_t nc = with_t ? 11 : 9;
    memcpy(names, COLUMNS, nc * sizeof *names);
    if (with_bounds)
        memcpy(names + nc, BOUND_COLUMNS, sizeof BOUND_COLUMNS);
    bonx_table *t = bonx_table_new(nc + (with_bounds ? NBOUND : 0), names);
    for (size_t i = 0; t && i < ns->count; i++) {
        bonx_bon_stats s;
        bonx_err e = {0};
        if (bonx_bon_stats_at(d, ns->v[i], t_spread, &s, &e) != BONX_OK) {
            bonx_table_free(t);
            return bonx_cli_error(cli, "%s", e.msg);
        }
        add_row(t, &s, with_t);
        bonx_bounds b;
        if (with_bounds && bonx_bounds_at(d, ns->v[i], s.kl, s.kl_estimate, &b) == 0)
            add_bounds(t, &b);
    }
    return bonx_cli_emit(cli, t);
}

int cmd_bon(int argc, char **argv)
{
    if (bonx_cli_wants_help(argc, argv))
        return fputs(USAGE, stdout), 0;
    bonx_cli cli;
    bonx_cli_init(&cli, "bon");
    bon_args a = {0};
    double t_spread = 0;
    char why[256];
    if (parse_args(&cli, &a, argc, argv) != 0)
        return 2;
    if (a.t && bonx_cli_parse_number(a.t, 0, &t_spread, why, sizeof why) != 0)
        return bonx_cli_error(&cli, "--t: %s", why);
    if (a.t && !(t_spread > 0))
        return bonx_cli_error(&cli, "--t: T must be > 0 (got %s)", a.t);
    bonx_preset pre;
    bonx_dist d;
    if (bonx_cli_load_source(&cli, &pre, &d) != 0)
        return 2;
    bonx_list ns = {0};
    int rc = n_values(&cli, &a, &pre, &ns) != 0 ? 2 : run(&cli, &d, &ns, t_spread, a.t != NULL,
                                                            a.bounds);
    bonx_list_free(&ns);
    bonx_dist_free(&d);
    bonx_preset_free(&pre);
    return rc;
}
