/* SPDX-License-Identifier: MIT */
/* bonx pmf: the probability of every outcome under one policy (issue 2). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "bon.h"
#include "cli.h"
#include "commands.h"
#include "rr.h"
#include "tilt.h"
#include "typical.h"
#include "elementary.h"

static const char USAGE[] =
    "usage: bonx pmf SOURCE --policy bon:N|klrl:BETA|klrl_calibrated:BETA|rr:TAU\n"
    "                [--implied BETA] [--format table|csv|json]\n"
    "The reference probability p and the policy's probability pi of every outcome, in the\n"
    "source's order (index is 1-based).\n"
    "  SOURCE    --dist 'W:R,...' | --preset NAME | --file PATH\n"
    "  --implied BETA  add the column implied_reward = BETA*log(pi/p): the reward under which\n"
    "            the policy is the KL-RL optimum at BETA, up to a constant (seed 002 Eq 4);\n"
    "            for klrl:BETA it is reward - BETA*log Z.  nan where p = 0; an error where\n"
    "            pi = 0 < p (rr below tau)\n"
    "columns: index,label,p,reward,pi[,implied_reward]\n";

static const char *const COLUMNS[] = {"index", "label", "p", "reward", "pi", "implied_reward"};

typedef enum { POL_BON, POL_KLRL, POL_KLRL_CAL, POL_RR } pmf_policy;

typedef struct policy_arg {
    pmf_policy kind;
    double value;
} policy_arg;

static int parse_policy(const bonx_cli *cli, const char *s, policy_arg *p)
{
    static const char *const names[] = {"bon", "klrl", "klrl_calibrated", "rr"};
    const char *colon = strchr(s, ':');
    size_t n = colon ? (size_t)(colon - s) : strlen(s);
    for (int k = 0; k < 4; k++) {
        if (strlen(names[k]) != n || strncmp(s, names[k], n) != 0)
            continue;
        char why[256];
        if (!colon)
            return bonx_cli_error(cli, "--policy %s needs a value, e.g. %s:4", names[k], names[k]), -1;
        if (bonx_cli_parse_number(colon + 1, 0, &p->value, why, sizeof why) != 0)
            return bonx_cli_error(cli, "--policy %s: %s", s, why), -1;
        p->kind = (pmf_policy)k;
        if (p->kind == POL_BON && !(p->value >= 1))
            return bonx_cli_error(cli, "--policy %s: n must be >= 1", s), -1;
        if ((p->kind == POL_KLRL || p->kind == POL_KLRL_CAL) && !(p->value > 0))
            return bonx_cli_error(cli, "--policy %s: beta must be > 0", s), -1;
        return 0;
    }
    return bonx_cli_error(cli, "unknown policy '%s' (expected bon:N, klrl:BETA, "
                               "klrl_calibrated:BETA or rr:TAU)", s), -1;
}

static int policy_pmf(const bonx_dist *d, const policy_arg *p, double *pi, bonx_err *e)
{
    switch (p->kind) {
    case POL_BON: return bonx_bon_pmf(d, p->value, pi, e);
    case POL_KLRL: return bonx_tilt_pmf(d, BONX_TILT_REWARD, p->value, pi, e);
    case POL_KLRL_CAL: return bonx_tilt_pmf(d, BONX_TILT_CALIBRATED, p->value, pi, e);
    default: return bonx_rr_pmf(d, p->value, pi, e);
    }
}

/* Eq 4 needs log(pi/p) finite wherever p > 0. */
static int check_implied(const bonx_cli *cli, const bonx_dist *d, const double *pi)
{
    for (size_t i = 0; i < d->k; i++)
        if (d->p[i] > 0 && !(pi[i] > 0))
            return bonx_cli_error(cli, "--implied: outcome %zu has p > 0 but pi = 0 (its implied "
                                       "reward is -inf)", i + 1);
    return 0;
}

static int run(const bonx_cli *cli, const bonx_preset *pre, const bonx_dist *d,
               const policy_arg *p, double implied_beta)
{
    double *pi = malloc(d->k * sizeof *pi);
    bonx_err e = {0};
    if (!pi)
        return bonx_cli_error(cli, "out of memory");
    if (policy_pmf(d, p, pi, &e) != BONX_OK) {
        free(pi);
        return bonx_cli_error(cli, "%s", e.msg);
    }
    int implied = implied_beta > 0;
    if (implied && check_implied(cli, d, pi)) {
        free(pi);
        return 2;
    }
    bonx_table *t = bonx_table_new(implied ? 6 : 5, COLUMNS);
    bonx_table_allow_nonfinite(t, "implied_reward");   /* nan where p = 0 (bonx.1) */
    for (size_t i = 0; t && i < d->k; i++) {
        bonx_table_int(t, (long long)i + 1);
        bonx_table_str(t, pre->labels[i]);
        bonx_table_num(t, d->p[i]);
        bonx_table_num(t, d->r[i]);
        bonx_table_num(t, pi[i]);
        if (implied)
            bonx_table_num(t, d->p[i] > 0 ? bonx_implied_reward(implied_beta, bonx_log(pi[i]), bonx_log(d->p[i]))
                                          : NAN);
    }
    free(pi);
    return bonx_cli_emit(cli, t);
}

int cmd_pmf(int argc, char **argv)
{
    if (bonx_cli_wants_help(argc, argv))
        return fputs(USAGE, stdout), 0;
    bonx_cli cli;
    bonx_cli_init(&cli, "pmf");
    const char *policy = NULL, *implied = NULL;
    for (int i = 1; i < argc; i++) {
        int m = bonx_cli_common(&cli, argc, argv, &i);
        if (m == 0)
            m = bonx_cli_opt(&cli, argc, argv, &i, "--policy", &policy);
        if (m == 0)
            m = bonx_cli_opt(&cli, argc, argv, &i, "--implied", &implied);
        if (m < 0)
            return 2;
        if (m == 0)
            return bonx_cli_error(&cli, "unknown option '%s' (see bonx pmf --help)", argv[i]);
    }
    policy_arg p;
    if (!policy)
        return bonx_cli_error(&cli, "--policy bon:N|klrl:BETA|klrl_calibrated:BETA|rr:TAU is required");
    if (parse_policy(&cli, policy, &p) != 0)
        return 2;
    double implied_beta = 0;
    if (implied) {
        char why[256];
        if (bonx_cli_parse_number(implied, 0, &implied_beta, why, sizeof why) != 0)
            return bonx_cli_error(&cli, "--implied: %s", why);
        if (!(implied_beta > 0) || !isfinite(implied_beta))
            return bonx_cli_error(&cli, "--implied: beta must be finite and > 0 (got %g)",
                                  implied_beta);
    }
    bonx_preset pre;
    bonx_dist d;
    if (bonx_cli_load_source(&cli, &pre, &d) != 0)
        return 2;
    int rc = run(&cli, &pre, &d, &p, implied_beta);
    bonx_dist_free(&d);
    bonx_preset_free(&pre);
    return rc;
}
