/* SPDX-License-Identifier: MIT */
/* bonx tradeoff: the KL / win rate / reward curves of every policy (issue 2). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "bounds.h"
#include "cli.h"
#include "commands.h"
#include "curves.h"
#include "elementary.h"

static const char USAGE[] =
    "usage: bonx tradeoff SOURCE [--points N] [--bounds] [--format table|csv|json]\n"
    "The tradeoff curves of every policy: bon (exact KL), bon_analytic (the curve as the\n"
    "literature reports it, KL = log n - (n-1)/n), klrl, klrl_calibrated (the optimal\n"
    "win-rate frontier) and rr (one point per reward level).  param is n, beta or tau.\n"
    "  SOURCE      --dist 'W:R,...' | --preset NAME | --file PATH\n"
    "  --points N  points per curve, 2..100000 (default 256; n on a log grid over [1, 1e6])\n"
    "  --bounds    also the paper's bounds on best-of-n's curve (seed 001 section 7), param m:\n"
    "              bound_a6_lower (Thm A.6), bound_a7_upper (Thm A.7), conj_7_2 (Conj 7.2,\n"
    "              which fails on some tables: see bonx bon --bounds); reward left empty\n"
    "columns: policy,param,kl,win_rate,reward\n";

static const char *const COLUMNS[] = {"policy", "param", "kl", "win_rate", "reward"};

/* The three bound curves of core/bounds.h on m = 10^(6 i/(points-1)); unreachable points
 * (KL < 0 on the A.7 curve's way up) are left out. */
static void add_bound_rows(bonx_table *t, const bonx_dist *d, size_t points)
{
    static const struct { bonx_trade_bound which; const char *name; } B[] = {
        {BONX_TRADE_LOWER_A6, "bound_a6_lower"}, {BONX_TRADE_UPPER_A7, "bound_a7_upper"},
        {BONX_TRADE_CONJ72, "conj_7_2"}};
    double *ms = malloc(3 * points * sizeof *ms), *kl = ms + points, *wr = kl + points;
    if (!ms) {
        bonx_table_num(t, NAN);   /* leaves the table short: reported as out of memory */
        return;
    }
    for (size_t i = 0; i < points; i++)
        ms[i] = i + 1 == points ? 1e6 : bonx_pow(10.0, 6.0 * (double)i / (double)(points - 1));
    for (size_t b = 0; b < 3; b++) {
        bonx_bounds_tradeoff(d, B[b].which, ms, points, kl, wr);
        for (size_t i = 0; i < points; i++) {
            if (isnan(kl[i]))
                continue;
            bonx_table_str(t, B[b].name);
            bonx_table_num(t, ms[i]);
            bonx_table_num(t, kl[i]);
            bonx_table_num(t, wr[i]);
            bonx_table_str(t, "");
        }
    }
    free(ms);
}

static int run(const bonx_cli *cli, const bonx_dist *d, size_t points, int with_bounds)
{
    bonx_curves_spec spec;
    bonx_curves_spec_default(&spec);
    spec.n_points = points;
    spec.tilt_points = points;
    bonx_curves c;
    memset(&c, 0, sizeof c);
    bonx_err e = {0};
    if (bonx_curves_compute(&c, d, &spec, &e) != BONX_OK) {
        bonx_curves_free(&c);
        return bonx_cli_error(cli, "%s", e.msg);
    }
    bonx_table *t = bonx_table_new(5, COLUMNS);
    for (size_t i = 0; t && i < c.n_tradeoff; i++) {
        const bonx_tradeoff_point *pt = &c.tradeoff[i];
        bonx_table_str(t, bonx_policy_name(pt->policy));
        bonx_table_num(t, pt->param);
        bonx_table_num(t, pt->kl);
        bonx_table_num(t, pt->win_rate);
        bonx_table_num(t, pt->reward);
    }
    bonx_curves_free(&c);
    if (t && with_bounds)
        add_bound_rows(t, d, points);
    return bonx_cli_emit(cli, t);
}

int cmd_tradeoff(int argc, char **argv)
{
    if (bonx_cli_wants_help(argc, argv))
        return fputs(USAGE, stdout), 0;
    bonx_cli cli;
    bonx_cli_init(&cli, "tradeoff");
    const char *points = NULL;
    int with_bounds = 0;
    for (int i = 1; i < argc; i++) {
        int m = bonx_cli_common(&cli, argc, argv, &i);
        if (m == 0)
            m = bonx_cli_opt(&cli, argc, argv, &i, "--points", &points);
        if (m == 0 && (m = bonx_cli_flag(&cli, argv, i, "--bounds")) > 0)
            with_bounds = 1;
        if (m < 0)
            return 2;
        if (m == 0)
            return bonx_cli_error(&cli, "unknown option '%s' (see bonx tradeoff --help)", argv[i]);
    }
    uint64_t np = 256;
    char why[256];
    if (points && bonx_cli_parse_count(points, 2, 100000, &np, why, sizeof why) != 0)
        return bonx_cli_error(&cli, "--points: %s", why);
    bonx_preset pre;
    bonx_dist d;
    if (bonx_cli_load_source(&cli, &pre, &d) != 0)
        return 2;
    int rc = run(&cli, &d, (size_t)np, with_bounds);
    bonx_dist_free(&d);
    bonx_preset_free(&pre);
    return rc;
}
