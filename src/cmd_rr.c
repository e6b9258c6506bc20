/* SPDX-License-Identifier: MIT */
/* bonx rr: rewind-and-repeat at each threshold tau (issue 2; MATH.md §4). */
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "commands.h"
#include "rr.h"

static const char USAGE[] =
    "usage: bonx rr SOURCE [--tau LIST] [--format table|csv|json]\n"
    "Rewind-and-repeat: draw from p until r(y) >= tau.  Default tau: every distinct reward\n"
    "level with mass, ascending.  A tau above every reward is an error.\n"
    "  SOURCE      --dist 'W:R,...' | --preset NAME | --file PATH\n"
    "  --tau LIST  1,2 or START:STOP:COUNT[log]\n"
    "columns: tau,accept_prob,kl,win_rate,reward,expected_trials\n";

static const char *const COLUMNS[] = {"tau", "accept_prob", "kl", "win_rate", "reward",
                                      "expected_trials"};

static int taus(const bonx_cli *cli, const char *opt, const bonx_dist *d, bonx_list *l)
{
    char why[256];
    if (opt) {
        if (bonx_cli_parse_list(opt, l, why, sizeof why) != 0)
            return bonx_cli_error(cli, "--tau: %s", why), -1;
        return 0;
    }
    if (!(l->v = malloc(d->ng * sizeof *l->v)))
        return bonx_cli_error(cli, "out of memory"), -1;
    l->count = bonx_rr_levels(d, l->v);
    return 0;
}

static int run(const bonx_cli *cli, const bonx_dist *d, const bonx_list *ts)
{
    bonx_table *t = bonx_table_new(6, COLUMNS);
    for (size_t i = 0; t && i < ts->count; i++) {
        bonx_rr_stats s;
        bonx_err e = {0};
        if (bonx_rr_stats_at(d, ts->v[i], &s, &e) != BONX_OK) {
            bonx_table_free(t);
            return bonx_cli_error(cli, "--tau %.17g: %s", ts->v[i], e.msg);
        }
        const double v[] = {s.tau, s.accept_prob, s.kl, s.win_rate, s.reward, s.expected_trials};
        for (size_t c = 0; c < 6; c++)
            bonx_table_num(t, v[c]);
    }
    return bonx_cli_emit(cli, t);
}

int cmd_rr(int argc, char **argv)
{
    if (bonx_cli_wants_help(argc, argv))
        return fputs(USAGE, stdout), 0;
    bonx_cli cli;
    bonx_cli_init(&cli, "rr");
    const char *tau = NULL;
    for (int i = 1; i < argc; i++) {
        int m = bonx_cli_common(&cli, argc, argv, &i);
        if (m == 0)
            m = bonx_cli_opt(&cli, argc, argv, &i, "--tau", &tau);
        if (m < 0)
            return 2;
        if (m == 0)
            return bonx_cli_error(&cli, "unknown option '%s' (see bonx rr --help)", argv[i]);
    }
    bonx_preset pre;
    bonx_dist d;
    if (bonx_cli_load_source(&cli, &pre, &d) != 0)
        return 2;
    bonx_list ts = {0};
    int rc = taus(&cli, tau, &d, &ts) != 0 ? 2 : run(&cli, &d, &ts);
    bonx_list_free(&ts);
    bonx_dist_free(&d);
    bonx_preset_free(&pre);
    return rc;
}
