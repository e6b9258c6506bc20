/* SPDX-License-Identifier: MIT */
/* bonx klrl: KL-regularised RL, the tilted policy at each beta, or at the beta that reaches
 * each target KL (issue 2; MATH.md §3). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "commands.h"
#include "tilt.h"

static const char USAGE[] =
    "usage: bonx klrl SOURCE (--beta LIST | --kl LIST) [--calibrated] [--format table|csv|json]\n"
    "KL-regularised RL: pi_beta(y) = p(y) exp(r(y)/beta) / Z.  With --kl, beta is solved so\n"
    "that KL(pi_beta || p) equals each target.  --calibrated tilts by the calibrated reward\n"
    "(the optimal win-rate-vs-KL frontier) instead of the reward.\n"
    "  SOURCE      --dist 'W:R,...' | --preset NAME | --file PATH\n"
    "  --beta LIST beta > 0 (default: the preset's beta)\n"
    "  --kl LIST   target KL >= 0, below the largest reachable KL log(1/g_top)\n"
    "columns: beta,kl,win_rate,reward\n";

static const char *const COLUMNS[] = {"beta", "kl", "win_rate", "reward"};

typedef struct klrl_args {
    const char *beta, *kl;
    int calibrated;
} klrl_args;

static int parse_args(bonx_cli *cli, klrl_args *a, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        int m = bonx_cli_flag(cli, argv, i, "--calibrated");
        if (m > 0) {
            a->calibrated = 1;
            continue;
        }
        if (m == 0)
            m = bonx_cli_common(cli, argc, argv, &i);
        if (m == 0)
            m = bonx_cli_opt(cli, argc, argv, &i, "--beta", &a->beta);
        if (m == 0)
            m = bonx_cli_opt(cli, argc, argv, &i, "--kl", &a->kl);
        if (m < 0)
            return -1;
        if (m == 0)
            return bonx_cli_error(cli, "unknown option '%s' (see bonx klrl --help)", argv[i]), -1;
    }
    if (a->beta && a->kl)
        return bonx_cli_error(cli, "give either --beta or --kl, not both"), -1;
    return 0;
}

/* The beta values, from --beta, from --kl (solved), or the preset's beta. */
static int betas(const bonx_cli *cli, const klrl_args *a, const bonx_preset *pre,
                 const bonx_dist *d, bonx_list *l)
{
    char why[256];
    const char *opt = a->kl ? "--kl" : "--beta";
    if (!a->beta && !a->kl) {
        if (!pre->has_beta)
            return bonx_cli_error(cli, "--beta LIST or --kl LIST is required"), -1;
        if (!(l->v = malloc(sizeof *l->v)))
            return bonx_cli_error(cli, "out of memory"), -1;
        l->v[0] = pre->beta;
        l->count = 1;
        return 0;
    }
    if (bonx_cli_parse_list(a->kl ? a->kl : a->beta, l, why, sizeof why) != 0)
        return bonx_cli_error(cli, "%s: %s", opt, why), -1;
    bonx_tilt_kind kind = a->calibrated ? BONX_TILT_CALIBRATED : BONX_TILT_REWARD;
    for (size_t i = 0; i < l->count; i++) {
        bonx_err e = {0};
        int bad = a->kl ? bonx_tilt_beta_for_kl(d, kind, l->v[i], &l->v[i], &e) != BONX_OK
                        : !(l->v[i] > 0);
        if (bad) {
            if (a->kl)
                bonx_cli_error(cli, "--kl: %s", e.msg);
            else
                bonx_cli_error(cli, "--beta: beta must be > 0 (got %.17g)", l->v[i]);
            bonx_list_free(l);
            return -1;
        }
    }
    return 0;
}

static int run(const bonx_cli *cli, const bonx_dist *d, const bonx_list *bs, int calibrated)
{
    bonx_table *t = bonx_table_new(4, COLUMNS);
    bonx_table_allow_nonfinite(t, "beta");   /* inf for a KL target of 0 (bonx.1) */
    bonx_tilt_kind kind = calibrated ? BONX_TILT_CALIBRATED : BONX_TILT_REWARD;
    for (size_t i = 0; t && i < bs->count; i++) {
        bonx_tilt_stats s;
        bonx_err e = {0};
        if (bonx_tilt_stats_at(d, kind, bs->v[i], &s, &e) != BONX_OK) {
            bonx_table_free(t);
            return bonx_cli_error(cli, "%s", e.msg);
        }
        bonx_table_num(t, s.beta);
        bonx_table_num(t, s.kl);
        bonx_table_num(t, s.win_rate);
        bonx_table_num(t, s.reward);
    }
    return bonx_cli_emit(cli, t);
}

int cmd_klrl(int argc, char **argv)
{
    if (bonx_cli_wants_help(argc, argv))
        return fputs(USAGE, stdout), 0;
    bonx_cli cli;
    bonx_cli_init(&cli, "klrl");
    klrl_args a = {0};
    if (parse_args(&cli, &a, argc, argv) != 0)
        return 2;
    bonx_preset pre;
    bonx_dist d;
    if (bonx_cli_load_source(&cli, &pre, &d) != 0)
        return 2;
    bonx_list bs = {0};
    int rc = betas(&cli, &a, &pre, &d, &bs) != 0 ? 2 : run(&cli, &d, &bs, a.calibrated);
    bonx_list_free(&bs);
    bonx_dist_free(&d);
    bonx_preset_free(&pre);
    return rc;
}
