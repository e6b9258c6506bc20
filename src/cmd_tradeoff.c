/* bonx tradeoff: the KL / win rate / reward curves of every policy (issue 2). */
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "commands.h"
#include "curves.h"

static const char USAGE[] =
    "usage: bonx tradeoff SOURCE [--points N] [--format table|csv|json]\n"
    "The tradeoff curves of every policy: bon (exact KL), bon_analytic (the curve as the\n"
    "literature reports it, KL = log n - (n-1)/n), klrl, klrl_calibrated (the optimal\n"
    "win-rate frontier) and rr (one point per reward level).  param is n, beta or tau.\n"
    "  SOURCE      --dist 'W:R,...' | --preset NAME | --file PATH\n"
    "  --points N  points per curve, 2..100000 (default 256; n on a log grid over [1, 1e6])\n"
    "columns: policy,param,kl,win_rate,reward\n";

static const char *const COLUMNS[] = {"policy", "param", "kl", "win_rate", "reward"};

static int run(const bonx_cli *cli, const bonx_dist *d, size_t points)
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
    return bonx_cli_emit(cli, t);
}

int cmd_tradeoff(int argc, char **argv)
{
    if (bonx_cli_wants_help(argc, argv))
        return fputs(USAGE, stdout), 0;
    bonx_cli cli;
    bonx_cli_init(&cli, "tradeoff");
    const char *points = NULL;
    for (int i = 1; i < argc; i++) {
        int m = bonx_cli_common(&cli, argc, argv, &i);
        if (m == 0)
            m = bonx_cli_opt(&cli, argc, argv, &i, "--points", &points);
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
    int rc = run(&cli, &d, (size_t)np);
    bonx_dist_free(&d);
    bonx_preset_free(&pre);
    return rc;
}
