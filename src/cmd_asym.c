/* SPDX-License-Identifier: MIT */
/* bonx asym: best-of-N over sequences of a memoryless model against the KL-constrained
 * optimum, per token, as the sequence length m grows (issue 5; MATH.md §5). */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asym.h"
#include "chart_asym.h"
#include "chart_print.h"
#include "cli.h"
#include "commands.h"
#include "cumulant.h"
#include "tilt.h"
#include "types.h"
#include "elementary.h"

static const char USAGE[] =
    "usage: bonx asym SOURCE --m LIST --delta LIST [--format table|csv|json]\n"
    "                 [--plot [--width W] [--height H] [--ascii] [--color WHEN]]\n"
    "The table is a token alphabet; sequences have m i.i.d. tokens and reward the sum of\n"
    "their tokens' rewards.  For each per-token KL budget delta, best-of-N over sequences with\n"
    "N = e^(m*delta) is compared exactly (a sum over token-count types, reward ties merged)\n"
    "with phi_delta, the product of per-token tilts p_lambda with KL(p_lambda||p) = delta.\n"
    "  SOURCE        --dist 'W:R,...' | --preset NAME | --file PATH\n"
    "  --m LIST      sequence lengths, integers >= 1, e.g. 1,10,100,1000\n"
    "  --delta LIST  per-token budgets, 0 < delta < log(1/mass of the top reward level)\n"
    "columns: m,delta,log_n,kl_to_optimal_per_token,kl_per_token,reward_per_token,\n"
    "         optimal_reward_per_token   (one row per (m, delta), m varying fastest)\n"
    "  log_n = m*delta; kl_to_optimal_per_token = KL(pi_N||phi_delta)/m;\n"
    "  kl_per_token = KL(pi_N||p^m)/m; reward_per_token = E[R]/m under best-of-N;\n"
    "  optimal_reward_per_token = E_{p_lambda}[r].\n"
    "As m grows: kl_to_optimal_per_token -> 0, kl_per_token -> delta,\n"
    "reward_per_token -> optimal_reward_per_token.\n"
    "then: lambda,cgf,renyi_cross_entropy,type_upper_margin,type_lower_margin,\n"
    "      ball_miss_inside,ball_hit_outside\n"
    "  lambda: the tilt; cgf = log E_p[e^(lambda r)] per token, the reward's cumulant\n"
    "  generating function, = -lambda * renyi_cross_entropy, the Renyi cross entropy\n"
    "  H_(1+lambda)(p || e^r) (seed 000; the note lists the cumulants k1..k4).\n"
    "  Seed 003's type lemmas over the types t of length m (tokens: the reward levels, K):\n"
    "  type_upper_margin = max_t log P(t) + m KL(t||p) (<= 0), type_lower_margin =\n"
    "  min_t log P(t) + m KL(t||p) + (K-1) log(m+1) (>= 0); with N = e^(m*delta),\n"
    "  ball_miss_inside = the largest chance that the N draws miss a type with\n"
    "  KL(t||p) <= delta/2, ball_hit_outside = the chance that one lands on a type with\n"
    "  KL(t||p) >= 3 delta/2 (0 when no type is that close); both -> 0 as m grows.\n"
    "  --plot        draw the three per-token gaps against m instead (log-log), one chart\n"
    "                per delta; --width W, --height H in cells (default 80 x 24),\n"
    "                --ascii without Braille, --color auto|always|never (auto: stdout a\n"
    "                terminal, TERM not dumb, NO_COLOR unset or empty)\n";

static const char *const COLUMNS[] = {
    "m", "delta", "log_n", "kl_to_optimal_per_token", "kl_per_token", "reward_per_token",
    "optimal_reward_per_token", "lambda", "cgf", "renyi_cross_entropy", "type_upper_margin",
    "type_lower_margin", "ball_miss_inside", "ball_hit_outside"};

/* Seed 000's generating function and seed 003's type lemmas at one (m, delta). */
typedef struct asym_extra {
    double cgf, renyi;
    bonx_type_lemmas tl;
} asym_extra;

static int compute_extras(const bonx_cli *cli, const bonx_dist *d, const bonx_asym_point *pts,
                          size_t n, asym_extra *ex)
{
    for (size_t i = 0; i < n; i++) {
        bonx_err err = {0};
        ex[i].cgf = bonx_reward_cgf(d, pts[i].lambda, NULL, NULL);
        ex[i].renyi = bonx_renyi_cross_entropy(d, pts[i].lambda);
        if (!isfinite(ex[i].cgf) || !isfinite(ex[i].renyi))
            return bonx_cli_error(cli, "lambda * reward is beyond the double range at delta %g",
                                  pts[i].delta), -1;
        if (bonx_type_lemmas_at(d, pts[i].m, pts[i].delta, BONX_ASYM_MAX_TYPES, &ex[i].tl,
                                &err) != 0)
            return bonx_cli_error(cli, "%s", err.msg), -1;
    }
    return 0;
}

typedef struct asym_args {
    const char *m_list, *delta_list;
    bonx_chart_opts chart;
} asym_args;

static int parse_args(bonx_cli *cli, asym_args *a, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        int m = bonx_cli_common(cli, argc, argv, &i);
        if (m == 0)
            m = bonx_cli_opt(cli, argc, argv, &i, "--m", &a->m_list);
        if (m == 0)
            m = bonx_cli_opt(cli, argc, argv, &i, "--delta", &a->delta_list);
        if (m == 0 && (m = bonx_cli_flag(cli, argv, i, "--plot")) > 0)
            a->chart.plot = 1;
        if (m == 0)
            m = bonx_chart_opts_parse(cli, &a->chart, argc, argv, &i);
        if (m < 0)
            return -1;
        if (m == 0)
            return bonx_cli_error(cli, "unknown option '%s' (see bonx asym --help)", argv[i]), -1;
    }
    if (!a->m_list)
        return bonx_cli_error(cli, "--m LIST is required"), -1;
    if (!a->delta_list)
        return bonx_cli_error(cli, "--delta LIST is required"), -1;
    return 0;
}

/* Every m an integer >= 1 with few enough types, every delta inside (0, limit). */
static int check_lists(const bonx_cli *cli, const bonx_list *ms, const bonx_list *ds,
                       const bonx_dist *d)
{
    for (size_t i = 0; i < ms->count; i++) {
        double m = ms->v[i];
        if (!(m >= 1) || m != floor(m) || m > 1e9)
            return bonx_cli_error(cli, "--m: %.17g is not an integer >= 1", m), -1;
        size_t n = bonx_asym_type_count(d->ng, (int)m);
        if (n > BONX_ASYM_MAX_TYPES)
            return bonx_cli_error(cli, "--m: m = %.0f gives %s%zu types with %zu reward levels "
                                  "(limit %u)", m, n == SIZE_MAX ? "over " : "",
                                  n == SIZE_MAX ? (size_t)BONX_ASYM_MAX_TYPES : n, d->ng,
                                  BONX_ASYM_MAX_TYPES), -1;
    }
    double limit = bonx_tilt_kl_max(d, BONX_TILT_REWARD);
    for (size_t i = 0; i < ds->count; i++) {
        double x = ds->v[i];
        if (!(x > 0))
            return bonx_cli_error(cli, "--delta: %g is not > 0", x), -1;
        if (x >= limit)
            return bonx_cli_error(cli, "--delta: %g is at or above the largest reachable "
                                  "per-token KL, log(1/g_top) = %.10g", x, limit), -1;
    }
    return 0;
}

/* pts[di * nm + mi]: all deltas for one m at a time, so each m is enumerated once. */
static int compute(const bonx_cli *cli, const bonx_list *ms, const bonx_list *ds,
                   const bonx_dist *d, bonx_asym_point *pts)
{
    bonx_asym a;
    memset(&a, 0, sizeof a);
    bonx_err err = {0};
    int rc = 0;
    for (size_t mi = 0; !rc && mi < ms->count; mi++) {
        rc = bonx_asym_prepare(&a, d, (int)ms->v[mi], &err);
        for (size_t di = 0; !rc && di < ds->count; di++)
            rc = bonx_asym_at(&a, ds->v[di], &pts[di * ms->count + mi], &err);
    }
    bonx_asym_free(&a);
    if (rc)
        return bonx_cli_error(cli, "%s", err.msg), -1;
    return 0;
}

static bonx_table *make_table(const bonx_asym_point *pts, const asym_extra *ex, size_t n)
{
    bonx_table *t = bonx_table_new(14, COLUMNS);
    for (size_t i = 0; t && i < n; i++) {
        const bonx_asym_point *p = &pts[i];
        bonx_table_int(t, p->m);
        bonx_table_num(t, p->delta);
        bonx_table_num(t, p->log_n);
        bonx_table_num(t, p->kl_to_optimal_per_token);
        bonx_table_num(t, p->kl_per_token);
        bonx_table_num(t, p->reward_per_token);
        bonx_table_num(t, p->optimal_reward_per_token);
        bonx_table_num(t, p->lambda);
        bonx_table_num(t, ex[i].cgf);
        bonx_table_num(t, ex[i].renyi);
        bonx_table_num(t, ex[i].tl.upper_margin);
        bonx_table_num(t, ex[i].tl.lower_margin);
        bonx_table_num(t, ex[i].tl.miss_inside);
        bonx_table_num(t, ex[i].tl.hit_outside);
    }
    return t;
}

/* v = x * 2^e2 to 10 significant digits, also where v itself is beyond the double range
 * (rewards near 1e300 have a k4 near 1e1200): then as mantissa and decimal exponent. */
static void fmt_scaled(char *buf, size_t len, double x, double e2)
{
    double v = e2 >= -2000 && e2 <= 2000 ? ldexp(x, (int)e2) : 0;
    if (x == 0 || (isfinite(v) && fabs(v) >= DBL_MIN)) {
        snprintf(buf, len, "%.10g", x == 0 ? 0.0 : v);
        return;
    }
    double l10 = bonx_log10(fabs(x)) + e2 * bonx_log10(2.0), ex = floor(l10);
    double m = bonx_pow(10.0, l10 - ex);
    if (m >= 9.9999999995) {   /* rounds up to 10.000000000 */
        m = 1;
        ex += 1;
    }
    snprintf(buf, len, "%s%.9fe%+.0f", x < 0 ? "-" : "", m, ex);
    /* trailing zeros of the mantissa go, as %g does */
    char *e = strchr(buf, 'e'), *z = e;
    while (z[-1] == '0')
        z--;
    if (z[-1] == '.')
        z--;
    memmove(z, e, strlen(e) + 1);
}

/* The reward cumulants k1..k4 as text, also beyond the double range (core gives them
 * scaled by a power of 2). */
static void format_cumulants(const bonx_dist *d, char out[4][48])
{
    bonx_cumulants k;
    int scale;
    bonx_reward_cumulants_scaled(d, &k, &scale);
    double kj[4] = {k.k1, k.k2, k.k3, k.k4};
    for (int j = 0; j < 4; j++)
        fmt_scaled(out[j], sizeof out[j], kj[j], (double)(j + 1) * scale);
}

/* For a person reading the table (csv and json stay pure data): the alphabet and the
 * per-token tilt of each delta. */
static void print_notes(const bonx_asym_point *pts, size_t nm, size_t nd, const bonx_dist *d)
{
    int mmax = 1;
    for (size_t i = 0; i < nm; i++)
        mmax = pts[i].m > mmax ? pts[i].m : mmax;
    printf("\ntokens: %zu reward levels; %zu types at m = %d\n", d->ng,
           bonx_asym_type_count(d->ng, mmax), mmax);
    for (size_t di = 0; di < nd; di++) {
        /* beta = 1/lambda, which overflows for a subnormal lambda */
        double lam = pts[di * nm].lambda;
        int e = lam > 0 ? ilogb(lam) : 0;
        char beta[48];
        fmt_scaled(beta, sizeof beta, lam > 0 ? 1.0 / ldexp(lam, -e) : 0, -(double)e);
        printf("delta %.10g: optimum p_lambda with lambda = %.10g (beta = %s)\n",
               pts[di * nm].delta, lam, lam > 0 ? beta : "none: p itself");
    }
    char k[4][48];
    format_cumulants(d, k);
    printf("reward cumulants per token under p (seed 000): k1 = %s, k2 = %s, k3 = %s, "
           "k4 = %s; log E_p[e^(lambda r)] = -lambda H_(1+lambda)(p || e^r)\n",
           k[0], k[1], k[2], k[3]);
}

static int cmp_m(const void *x, const void *y)
{
    int a = ((const bonx_asym_point *)x)->m, b = ((const bonx_asym_point *)y)->m;
    return (a > b) - (a < b);
}

/* One convergence chart per delta, its points in ascending m. */
static int plot_charts(const bonx_cli *cli, const asym_args *a, bonx_asym_point *pts,
                       size_t nm, size_t nd)
{
    bonx_canvas *cv = bonx_chart_canvas(cli, &a->chart);
    if (!cv)
        return 2;
    int status = 0;
    for (size_t di = 0; !status && di < nd; di++) {
        char err[256] = "";
        qsort(pts + di * nm, nm, sizeof *pts, cmp_m);
        bonx_canvas_clear(cv);
        if (bonx_chart_asym_convergence(cv, pts + di * nm, nm, err, sizeof err) != 0)
            status = bonx_cli_error(cli, "%s", err);
        else
            status = bonx_chart_print(cli, &a->chart, cv);
    }
    bonx_canvas_free(cv);
    return status;
}

static int run(bonx_cli *cli, const asym_args *a, const bonx_dist *d)
{
    bonx_list ms = {0, NULL}, ds = {0, NULL};
    char why[256];
    int rc = -1;
    bonx_asym_point *pts = NULL;
    if (bonx_cli_parse_list(a->m_list, &ms, why, sizeof why) != 0)
        bonx_cli_error(cli, "--m: %s", why);
    else if (bonx_cli_parse_list(a->delta_list, &ds, why, sizeof why) != 0)
        bonx_cli_error(cli, "--delta: %s", why);
    else if (check_lists(cli, &ms, &ds, d) == 0) {
        if (!(pts = calloc(ms.count * ds.count, sizeof *pts)))
            bonx_cli_error(cli, "out of memory");
        else
            rc = compute(cli, &ms, &ds, d, pts);
    }
    int status = 2;
    size_t n = ms.count * ds.count;
    asym_extra *ex = NULL;
    if (rc == 0 && a->chart.plot)
        status = plot_charts(cli, a, pts, ms.count, ds.count);
    else if (rc == 0 && !(ex = calloc(n, sizeof *ex)))
        bonx_cli_error(cli, "out of memory");
    else if (rc == 0 && compute_extras(cli, d, pts, n, ex) == 0) {
        status = bonx_cli_emit(cli, make_table(pts, ex, n));
        if (status == 0 && cli->format == BONX_FORMAT_TABLE)
            print_notes(pts, ms.count, ds.count, d);
    }
    free(ex);
    free(pts);
    bonx_list_free(&ms);
    bonx_list_free(&ds);
    return status;
}

int cmd_asym(int argc, char **argv)
{
    if (bonx_cli_wants_help(argc, argv)) {
        fputs(USAGE, stdout);
        return 0;
    }
    bonx_cli cli;
    bonx_cli_init(&cli, "asym");
    asym_args a;
    memset(&a, 0, sizeof a);
    bonx_chart_opts_init(&a.chart);
    if (parse_args(&cli, &a, argc, argv) != 0)
        return 2;
    bonx_preset pre;
    bonx_dist d;
    if (bonx_cli_load_source(&cli, &pre, &d) != 0)
        return 2;
    int status = run(&cli, &a, &d);
    bonx_preset_free(&pre);
    bonx_dist_free(&d);
    return status;
}
