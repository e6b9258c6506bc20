/* SPDX-License-Identifier: MIT */
/* bonx simulate: Monte Carlo check of a policy against its exact values (issue 5). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "chart_asym.h"
#include "chart_print.h"
#include "cli.h"
#include "commands.h"
#include "simulate.h"

static const char USAGE[] =
    "usage: bonx simulate SOURCE --policy bon:N|rr:TAU|klrl:BETA [--samples S] [--seed X]\n"
    "                     [--method literal|exact] [--t T] [--format table|csv|json]\n"
    "                     [--plot hist|running [--width W] [--height H] [--ascii]\n"
    "                     [--color WHEN]]\n"
    "                     [--hist BINS]\n"
    "Sample a policy S times with the seeded generator " BONX_RNG_NAME " and compare every\n"
    "measured mean with its exact value.  Same seed, same numbers on every machine.\n"
    "  SOURCE            --dist 'W:R,...' | --preset NAME | --file PATH\n"
    "  --policy bon:N    best-of-n (real n >= 1; literal: integer n)\n"
    "           rr:TAU   rewind-and-repeat: draw from p until r >= TAU\n"
    "           klrl:BETA  KL-regularised RL, sampled from its PMF (BETA > 0, may be inf)\n"
    "  --samples S       samples (default 100000)\n"
    "  --seed X          unsigned 64-bit seed (default 1)\n"
    "  --method M        exact (bon default: invert the best-of-n CDF, cost independent of n;\n"
    "                    rr: number of draws ~ Geometric(q)) or literal (bon: n draws, keep\n"
    "                    the best, ties uniform; rr default: draw until accepted)\n"
    "  --t T             bon: also the estimator's tilted min/max at spread T > 0\n"
    "columns: quantity,exact,mean,stderr; rows:\n"
    "  pi:LABEL       probability of each outcome\n"
    "  chi_square     Pearson's statistic of the counts against the exact distribution\n"
    "                 (cells expected < 5 times pooled); exact = its expectation, the\n"
    "                 degrees of freedom; stderr = sqrt(2 df)\n"
    "  win_rate       against a fresh reference draw per sample, ties count half\n"
    "  reward         expected reward\n"
    "  draws          draws from p per returned sample (bon: n; rr: 1/q; klrl: 1)\n"
    "  kl             exact KL(pi||p); mean of log pi(y)/p(y) over the samples\n"
    "  kl_estimate    bon: the paper's estimator KLhat(n, p(y)); exact = its expectation\n"
    "                 (compare with the kl row's exact: the true KL)\n"
    "  kl_estimate_tilt_lo, kl_estimate_tilt_hi   bon with --t: (1/t') log mean e^(t' KLhat)\n"
    "                 at t' = -T, +T\n"
    "  kl_harmonic    rr: H_{K-1} for K draws; exact = log(1/q)\n"
    "In table format the generator, seed, method and samples follow the table.\n"
    "  --plot hist       draw the estimator's histogram instead (observed bars, exact bin\n"
    "                    probabilities, lines at its expectation and at the true KL)\n"
    "  --hist BINS       print the estimator's histogram instead: columns\n"
    "                    bin_lo,bin_hi,exact,observed (probability of each bin, exact and\n"
    "                    observed; the last bin also counts values above its end)\n"
    "  --plot running    draw the estimator's running mean against the samples (klrl: of\n"
    "                    log pi/p); --width W, --height H (default 80 x 24), --ascii,\n"
    "                    --color auto|always|never (auto: stdout a terminal, TERM not\n"
    "                    dumb, NO_COLOR unset or empty)\n"
    "csv and json add the columns seed,method,samples to every row.\n";

#define DEFAULT_SAMPLES 100000u
#define MAX_SAMPLES 1000000000u

typedef struct sim_args {
    const char *policy, *method, *t, *plot;
    uint64_t hist;
    bonx_chart_opts chart;
    uint64_t samples, seed;
} sim_args;

static int parse_count(const bonx_cli *cli, const char *opt, const char *v, uint64_t min,
                       uint64_t max, uint64_t *out)
{
    char why[256];
    if (bonx_cli_parse_count(v, min, max, out, why, sizeof why) != 0)
        return bonx_cli_error(cli, "%s: %s", opt, why), -1;
    return 0;
}

static int parse_args(bonx_cli *cli, sim_args *a, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        int m = bonx_cli_common(cli, argc, argv, &i);
        if (m == 0)
            m = bonx_cli_opt(cli, argc, argv, &i, "--policy", &a->policy);
        if (m == 0)
            m = bonx_cli_opt(cli, argc, argv, &i, "--method", &a->method);
        if (m == 0)
            m = bonx_cli_opt(cli, argc, argv, &i, "--t", &a->t);
        if (m == 0)
            m = bonx_cli_opt(cli, argc, argv, &i, "--plot", &a->plot);
        if (m == 0)
            m = bonx_chart_opts_parse(cli, &a->chart, argc, argv, &i);
        if (m == 0 && (m = bonx_cli_opt(cli, argc, argv, &i, "--samples", &v)) > 0 &&
            parse_count(cli, "--samples", v, 1, MAX_SAMPLES, &a->samples))
            return -1;
        if (m == 0 && (m = bonx_cli_opt(cli, argc, argv, &i, "--hist", &v)) > 0 &&
            parse_count(cli, "--hist", v, 1, 100000, &a->hist))
            return -1;
        if (m == 0 && (m = bonx_cli_opt(cli, argc, argv, &i, "--seed", &v)) > 0 &&
            parse_count(cli, "--seed", v, 0, UINT64_MAX, &a->seed))
            return -1;
        if (m < 0)
            return -1;
        if (m == 0)
            return bonx_cli_error(cli, "unknown option '%s' (see bonx simulate --help)",
                                  argv[i]), -1;
    }
    if (!a->policy)
        return bonx_cli_error(cli, "--policy bon:N|rr:TAU|klrl:BETA is required"), -1;
    return 0;
}

/* "bon:N", "rr:TAU", "klrl:BETA" into spec->policy and spec->param. */
static int parse_policy(const bonx_cli *cli, const char *s, bonx_sim_spec *spec)
{
    static const char *const names[] = {"bon:", "rr:", "klrl:"};
    static const bonx_sim_policy kinds[] = {BONX_SIM_BON, BONX_SIM_RR, BONX_SIM_KLRL};
    char why[256];
    for (int i = 0; i < 3; i++) {
        size_t len = strlen(names[i]);
        if (strncmp(s, names[i], len))
            continue;
        spec->policy = kinds[i];
        if (bonx_cli_parse_number(s + len, kinds[i] == BONX_SIM_KLRL, &spec->param, why,
                                  sizeof why) != 0)
            return bonx_cli_error(cli, "--policy %s: %s", s, why), -1;
        return 0;
    }
    return bonx_cli_error(cli, "--policy: '%s' is not bon:N, rr:TAU or klrl:BETA", s), -1;
}

static int build_spec(const bonx_cli *cli, const sim_args *a, bonx_sim_spec *spec)
{
    memset(spec, 0, sizeof *spec);
    if (parse_policy(cli, a->policy, spec) != 0)
        return -1;
    spec->samples = a->samples;
    spec->seed = a->seed;
    spec->method = spec->policy == BONX_SIM_RR ? BONX_SIM_LITERAL : BONX_SIM_EXACT;
    if (a->method) {
        if (!strcmp(a->method, "literal"))
            spec->method = BONX_SIM_LITERAL;
        else if (!strcmp(a->method, "exact"))
            spec->method = BONX_SIM_EXACT;
        else
            return bonx_cli_error(cli, "--method: '%s' is not literal or exact", a->method), -1;
    }
    if (a->plot) {
        if (strcmp(a->plot, "hist") && strcmp(a->plot, "running"))
            return bonx_cli_error(cli, "--plot: '%s' is not hist or running", a->plot), -1;
        if (!strcmp(a->plot, "hist") && spec->policy == BONX_SIM_KLRL)
            return bonx_cli_error(cli, "--plot hist: klrl has no KL estimator"), -1;
        spec->hist_bins = 40;
        spec->running_points = 200;
    }
    if (a->hist) {
        if (a->plot)
            return bonx_cli_error(cli, "--hist and --plot exclude each other"), -1;
        if (spec->policy == BONX_SIM_KLRL)
            return bonx_cli_error(cli, "--hist: klrl has no KL estimator"), -1;
        spec->hist_bins = (size_t)a->hist;
    }
    if (a->t) {
        char why[256];
        if (bonx_cli_parse_number(a->t, 0, &spec->t, why, sizeof why) != 0)
            return bonx_cli_error(cli, "--t: %s", why), -1;
        if (!(spec->t > 0))
            return bonx_cli_error(cli, "--t must be > 0 (got %g)", spec->t), -1;
    }
    return 0;
}

static const char *method_name(const bonx_sim_spec *spec)
{
    return spec->policy == BONX_SIM_KLRL ? "pmf"
         : spec->method == BONX_SIM_LITERAL ? "literal" : "exact";
}

/* csv and json carry what reproduces the run on every row (table prints it once, under the
 * table): the seed, the method and the number of samples, after the data columns. */
typedef struct run_cols {
    int on;
    const bonx_sim_spec *spec;
} run_cols;

static bonx_table *new_table(size_t ncols, const char *const *cols, const run_cols *rc)
{
    const char *names[8];
    static const char *const extra[] = {"seed", "method", "samples"};
    size_t n = 0;
    for (; n < ncols; n++)
        names[n] = cols[n];
    for (size_t i = 0; rc->on && i < 3; i++)
        names[n++] = extra[i];
    return bonx_table_new(n, names);
}

static void add_run_cols(bonx_table *t, const run_cols *rc)
{
    if (!rc->on)
        return;
    bonx_table_uint(t, rc->spec->seed);
    bonx_table_str(t, method_name(rc->spec));
    bonx_table_uint(t, rc->spec->samples);
}

static void add_row(bonx_table *t, const char *name, const bonx_sim_row *r, const run_cols *rc)
{
    bonx_table_str(t, name);
    bonx_table_num(t, r->exact);
    bonx_table_num(t, r->mean);
    bonx_table_num(t, r->se);
    add_run_cols(t, rc);
}

static bonx_table *make_table(const bonx_sim_result *res, const bonx_sim_spec *spec,
                              const bonx_preset *pre, const run_cols *rc)
{
    static const char *const cols[] = {"quantity", "exact", "mean", "stderr"};
    bonx_table *t = new_table(4, cols, rc);
    if (!t)
        return NULL;
    for (size_t i = 0; i < res->k; i++) {
        char name[300];
        snprintf(name, sizeof name, "pi:%s", pre->labels[i]);
        add_row(t, name, &res->pi[i], rc);
    }
    add_row(t, "chi_square", &res->chi_square, rc);
    add_row(t, "win_rate", &res->win_rate, rc);
    add_row(t, "reward", &res->reward, rc);
    add_row(t, "draws", &res->draws, rc);
    add_row(t, "kl", &res->kl, rc);
    if (spec->policy == BONX_SIM_BON) {
        add_row(t, "kl_estimate", &res->estimator, rc);
        if (res->has_tilt) {
            add_row(t, "kl_estimate_tilt_lo", &res->est_tilt_lo, rc);
            add_row(t, "kl_estimate_tilt_hi", &res->est_tilt_hi, rc);
        }
    } else if (spec->policy == BONX_SIM_RR) {
        add_row(t, "kl_harmonic", &res->estimator, rc);
    }
    return t;
}

static bonx_table *hist_table(const bonx_sim_result *res, const run_cols *rc)
{
    static const char *const cols[] = {"bin_lo", "bin_hi", "exact", "observed"};
    bonx_table *t = new_table(4, cols, rc);
    bonx_table_allow_nonfinite(t, "exact");   /* nan for rr with 1/q above 1e5 (bonx.1) */
    double w = (res->hist_hi - res->hist_lo) / (double)res->hist_bins, total = 0.0;
    for (size_t b = 0; b < res->hist_bins; b++)
        total += res->hist_count[b];
    for (size_t b = 0; t && b < res->hist_bins; b++) {
        bonx_table_num(t, res->hist_lo + (double)b * w);
        bonx_table_num(t, b + 1 == res->hist_bins ? res->hist_hi : res->hist_lo + (b + 1.0) * w);
        bonx_table_num(t, res->hist_exact[b]);
        bonx_table_num(t, res->hist_count[b] / total);
        add_run_cols(t, rc);
    }
    return t;
}

static int plot_result(const bonx_cli *cli, const sim_args *a, const bonx_sim_spec *spec,
                       const bonx_sim_result *res)
{
    bonx_canvas *cv = bonx_chart_canvas(cli, &a->chart);
    if (!cv)
        return 2;
    char err[256] = "";
    int rc = !strcmp(a->plot, "hist")
                 ? bonx_chart_sim_histogram(cv, res, spec->policy == BONX_SIM_BON ? "KLhat"
                                                                                 : "H_{K-1}",
                                            err, sizeof err)
                 : bonx_chart_sim_running(cv, res, err, sizeof err);
    int status = rc ? bonx_cli_error(cli, "%s", err) : bonx_chart_print(cli, &a->chart, cv);
    bonx_canvas_free(cv);
    return status;
}

static int run(const bonx_cli *cli, const sim_args *a, const bonx_sim_spec *spec,
               const bonx_dist *d, const bonx_preset *pre)
{
    bonx_sim_result res;
    bonx_err err = {0};
    run_cols rc = {cli->format != BONX_FORMAT_TABLE, spec};
    if (bonx_simulate(d, spec, &res, &err) != BONX_OK)
        return bonx_cli_error(cli, "%s", err.msg);
    if (a->hist) {
        int st = bonx_cli_emit(cli, hist_table(&res, &rc));
        bonx_sim_result_free(&res);
        return st;
    }
    if (a->plot) {
        int st = plot_result(cli, a, spec, &res);
        bonx_sim_result_free(&res);
        return st;
    }
    int status = bonx_cli_emit(cli, make_table(&res, spec, pre, &rc));
    if (status == 0 && cli->format == BONX_FORMAT_TABLE)
        printf("\ngenerator %s, seed %llu, method %s, %llu samples\n", BONX_RNG_NAME,
               (unsigned long long)spec->seed, method_name(spec),
               (unsigned long long)spec->samples);
    bonx_sim_result_free(&res);
    return status;
}

int cmd_simulate(int argc, char **argv)
{
    if (bonx_cli_wants_help(argc, argv)) {
        fputs(USAGE, stdout);
        return 0;
    }
    bonx_cli cli;
    bonx_cli_init(&cli, "simulate");
    sim_args a;
    memset(&a, 0, sizeof a);
    a.samples = DEFAULT_SAMPLES;
    a.seed = 1;
    bonx_chart_opts_init(&a.chart);
    bonx_sim_spec spec;
    if (parse_args(&cli, &a, argc, argv) != 0 || build_spec(&cli, &a, &spec) != 0)
        return 2;
    bonx_preset pre;
    bonx_dist d;
    if (bonx_cli_load_source(&cli, &pre, &d) != 0)
        return 2;
    int status = run(&cli, &a, &spec, &d, &pre);
    bonx_preset_free(&pre);
    bonx_dist_free(&d);
    return status;
}
