/* SPDX-License-Identifier: MIT */
/* `bonx corpora`: corpora drawn from sampling adaptors applied to the aligned model, one row
 * per corpus, or a summary of string- and corpus-level correlations per adaptor (issue 6,
 * MATH.md §6). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "chart_print.h"
#include "cli.h"
#include "commands.h"
#include "corpora.h"
#include "corpora_live.h"
#include "chart_corpora.h"



static const char USAGE[] =
    "usage: bonx corpora SOURCE --beta B --corpus-size N --corpora C [--m M]\n"
    "                    [--adaptor SPEC ... | --bands B] [--eps E] [--seed S] [--summary]\n"
    "                    [--format table|csv|json]\n"
    "                    [--plot [--width W] [--height H] [--ascii]] [--live]\n"
    "                    [--color WHEN]\n"
    "\n"
    "Draw C corpora of N strings from each sampling adaptor applied to the aligned model\n"
    "q = p*exp(r/B)/Z, and print each corpus's average log prior probability and average\n"
    "reward (columns adaptor,corpus,avg_log_prior,avg_reward,line_reward,log_prob,typical;\n"
    "line_reward is the trade-off line avg_r = B*(log Z - H(q) - avg_log_prior) at that\n"
    "corpus, log_prob the corpus's log probability under q, typical 1 when the corpus is in\n"
    "q's typical set: |avg -log q - m H(q)| <= E, seed 002 Eq 10).\n"
    "\n"
    "  SOURCE            --dist 'W:R,...' | --preset NAME | --file PATH\n"
    "  --beta B          KL-RL temperature, finite and > 0 (default: the preset's beta)\n"
    "  --corpus-size N   strings per corpus (N >= 1)\n"
    "  --corpora C       corpora per adaptor (C >= 1)\n"
    "  --m M             strings are sequences of M i.i.d. tokens (default 1); their log prior\n"
    "                    and reward sum over tokens.  Local and global normalisation of the\n"
    "                    adaptors give the same sequences for this memoryless model.\n"
    "  --adaptor SPEC    repeatable (default ancestral): ancestral, temperature:T (T > 0),\n"
    "                    top-k:K (integer K >= 1), top-p:P (0 < P <= 1), eta:E (0 < E < 1),\n"
    "                    typical:T (0 < T <= 1); chain with '+', e.g. temperature:0.7+top-k:2\n"
    "  --bands B         instead of adaptors, B band samplers (rows band:1..band:B; seed 002\n"
    "                    section 6.1): q tilted by p^theta so that the mean log prior sits at\n"
    "                    the centre of each of B equal bands over (min log p, max log p)\n"
    "  --eps E           half-width of q's typical set in nats per string, E > 0 (default\n"
    "                    2*sqrt(M*V(q)/N), V the varentropy: Chebyshev bound 1/4)\n"
    "  --seed S          unsigned 64-bit seed (default 1); same seed, same corpora\n"
    "  --summary         one row per adaptor, then 'pooled' (all corpora together), then the\n"
    "                    string-level rows 'over-table' and 'under-p': columns\n"
    "                    adaptor,string_pearson,string_spearman,corpus_pearson,corpus_spearman,\n"
    "                    mean_log_prior,mean_reward,centre_log_prior,centre_reward,entropy,kl_to_q,\n"
    "                    varentropy,typical_frac,mean_log_prob (varentropy: Var of -log s per\n"
    "                    token; typical_frac: the corpora in q's typical set; mean_log_prob:\n"
    "                    their mean log probability under q)\n"
    "                    (string level: correlation of (log p, r) under the sampler; nan when\n"
    "                    undefined, e.g. a sampler on one outcome)\n"
    "  --plot            draw the corpora instead: one Braille dot per corpus in its adaptor's\n"
    "                    colour, the line (6.2) dashed, each adaptor's exact centre as a diamond\n"
    "  --width W, --height H   chart size in cells (default 80 x 24); --ascii: no Braille\n"
    "                    (automatic when the locale is not UTF-8)\n"
    "  --color WHEN      --plot and --live: auto (default: stdout a terminal, TERM set and\n"
    "                    not dumb, NO_COLOR unset or empty), always or never\n"
    "  --live            full-screen, adjustable: left/right select an adaptor, up/down (or\n"
    "                    + -) its parameter, < > finely, Tab / Shift-Tab its kind, a add, x\n"
    "                    remove, n/N c/C corpus size and count x2 / /2, b/B beta x2 / /2, m/M\n"
    "                    tokens +-1, s next seed, q quit (at most 8 adaptors; N and C default\n"
    "                    to 100 and 200)\n";

#define MAX_ADAPTORS 256
/* At ~10 ns a token this is a few seconds: beyond it the user surely mistyped. */
#define MAX_DRAWS 1e9
/* Two doubles per corpus are kept (and printed): 1e7 corpora is 160 MB. */
#define MAX_CORPORA 1e7

typedef struct corpora_args {
    double beta, eps;
    uint64_t bands;
    int has_beta, summary, live;
    uint64_t n, c, m, seed;
    bonx_chart_opts chart;   /* --plot, --width, --height, --ascii */
    size_t n_adaptors;
    bonx_adaptor adaptors[MAX_ADAPTORS];
} corpora_args;

static int parse_count_opt(const bonx_cli *cli, const char *opt, const char *v, uint64_t *out)
{
    char e[256];
    if (bonx_cli_parse_count(v, 1, UINT64_MAX, out, e, sizeof e))
        return bonx_cli_error(cli, "%s: %s", opt, e);
    return 0;
}

/* 1: matched and handled, 0: not ours, 2: error printed. */
static int parse_own_option(const bonx_cli *cli, int argc, char **argv, int *i, corpora_args *a)
{
    const char *v;
    char e[256];
    int m;
    if ((m = bonx_cli_flag(cli, argv, *i, "--summary")) != 0)
        return m < 0 ? 2 : (a->summary = 1);
    if ((m = bonx_cli_flag(cli, argv, *i, "--live")) != 0)
        return m < 0 ? 2 : (a->live = 1);
    if ((m = bonx_cli_flag(cli, argv, *i, "--plot")) != 0)
        return m < 0 ? 2 : (a->chart.plot = 1);
    if ((m = bonx_chart_opts_parse(cli, &a->chart, argc, argv, i)) != 0)
        return m < 0 ? 2 : 1;
    if ((m = bonx_cli_opt(cli, argc, argv, i, "--beta", &v)) != 0) {
        if (m < 0)
            return 2;
        if (bonx_cli_parse_number(v, 0, &a->beta, e, sizeof e))
            return bonx_cli_error(cli, "--beta: %s", e);
        if (!(a->beta > 0))
            return bonx_cli_error(cli, "--beta must be > 0 (got %g)", a->beta);
        return a->has_beta = 1;
    }
    if ((m = bonx_cli_opt(cli, argc, argv, i, "--eps", &v)) != 0) {
        if (m < 0)
            return 2;
        if (bonx_cli_parse_number(v, 0, &a->eps, e, sizeof e))
            return bonx_cli_error(cli, "--eps: %s", e);
        if (!(a->eps > 0) || !isfinite(a->eps))
            return bonx_cli_error(cli, "--eps must be finite and > 0 (got %g)", a->eps);
        return 1;
    }
    static const char *const counts[] = {"--corpus-size", "--corpora", "--m", "--seed", "--bands"};
    uint64_t *dest[] = {&a->n, &a->c, &a->m, &a->seed, &a->bands};
    for (int j = 0; j < 5; j++) {
        if ((m = bonx_cli_opt(cli, argc, argv, i, counts[j], &v)) == 0)
            continue;
        if (m < 0)
            return 2;
        if (j == 3) {   /* a seed may be 0 */
            if (bonx_cli_parse_count(v, 0, UINT64_MAX, dest[j], e, sizeof e))
                return bonx_cli_error(cli, "--seed: %s", e);
            return 1;
        }
        return parse_count_opt(cli, counts[j], v, dest[j]) ? 2 : 1;
    }
    if ((m = bonx_cli_opt(cli, argc, argv, i, "--adaptor", &v)) != 0) {
        if (m < 0)
            return 2;
        if (a->n_adaptors == MAX_ADAPTORS)
            return bonx_cli_error(cli, "at most %d adaptors", MAX_ADAPTORS);
        bonx_err err = {0};
        if (bonx_adaptor_parse(v, &a->adaptors[a->n_adaptors], &err))
            return bonx_cli_error(cli, "--adaptor %s: %s", v, err.msg);
        a->n_adaptors++;
        return 1;
    }
    return 0;
}

static int parse_args(bonx_cli *cli, int argc, char **argv, corpora_args *a)
{
    memset(a, 0, sizeof *a);
    a->m = 1, a->seed = 1;
    bonx_chart_opts_init(&a->chart);
    for (int i = 1; i < argc; i++) {
        int m = bonx_cli_common(cli, argc, argv, &i);
        if (m < 0)
            return 2;
        if (m > 0)
            continue;
        m = parse_own_option(cli, argc, argv, &i, a);
        if (m == 2)
            return 2;
        if (m == 0)
            return bonx_cli_error(cli, "unknown option '%s' (see bonx corpora --help)", argv[i]);
    }
    if (a->summary + a->chart.plot + a->live > 1)
        return bonx_cli_error(cli, "give one of --summary, --plot and --live");
    if (a->bands && a->n_adaptors)
        return bonx_cli_error(cli, "give --adaptor or --bands, not both");
    if (a->bands && a->live)
        return bonx_cli_error(cli, "--live takes adaptors, not --bands");
    if (a->bands > MAX_ADAPTORS)
        return bonx_cli_error(cli, "at most %d bands (got %llu)", MAX_ADAPTORS,
                              (unsigned long long)a->bands);
    if (a->live && !a->n)
        a->n = 100;   /* the live view starts somewhere sensible; keys change it */
    if (a->live && !a->c)
        a->c = 200;
    if (!a->n)
        return bonx_cli_error(cli, "--corpus-size N is required");
    if (!a->c)
        return bonx_cli_error(cli, "--corpora C is required");
    if (a->bands)
        a->n_adaptors = (size_t)a->bands;   /* one sampler per band; adaptors[] unused */
    if (!a->n_adaptors)
        a->n_adaptors = 1;   /* adaptors[0] is zeroed: ancestral */
    double corpora = (double)a->c * (double)a->n_adaptors;
    if (corpora > MAX_CORPORA)
        return bonx_cli_error(cli, "too many corpora (C*adaptors = %.3g > %.0g)", corpora,
                              MAX_CORPORA);
    double draws = (double)a->n * (double)a->c * (double)a->m * (double)a->n_adaptors;
    if (draws > MAX_DRAWS)
        return bonx_cli_error(cli, "too many tokens to draw (N*C*M*adaptors = %.3g > %.0g)",
                              draws, MAX_DRAWS);
    return 0;
}

static const char *const CORPUS_COLS[] = {
    "adaptor", "corpus", "avg_log_prior", "avg_reward", "line_reward", "log_prob", "typical",
};
static const char *const SUMMARY_COLS[] = {
    "adaptor", "string_pearson", "string_spearman", "corpus_pearson", "corpus_spearman",
    "mean_log_prior", "mean_reward", "centre_log_prior", "centre_reward", "entropy", "kl_to_q",
    "varentropy", "typical_frac", "mean_log_prob",
};

/* Sampler a's name: its adaptor's canonical spec, or band:B. */
static void sampler_name(const corpora_args *a, size_t ad, char *buf, size_t len)
{
    if (a->bands)
        snprintf(buf, len, "band:%zu", ad + 1);
    else
        bonx_adaptor_name(&a->adaptors[ad], buf, len);
}

static bonx_table *corpus_table(const bonx_corpora *c, const corpora_args *a)
{
    bonx_table *t = bonx_table_new(7, CORPUS_COLS);
    int bad = !t;
    for (size_t ad = 0; !bad && ad < c->n_adaptors; ad++) {
        char name[BONX_ADAPTOR_NAME_MAX];
        sampler_name(a, ad, name, sizeof name);
        for (size_t i = 0; !bad && i < c->corpora; i++) {
            double x = c->avg_log_prior[ad * c->corpora + i];
            double log_prob = -(double)c->corpus_size * c->avg_info[ad * c->corpora + i];
            bad = bonx_table_str(t, name) || bonx_table_int(t, (long long)i + 1) ||
                  bonx_table_num(t, x) || bonx_table_num(t, c->avg_reward[ad * c->corpora + i]) ||
                  bonx_table_num(t, bonx_corpora_line_reward(c, x)) ||
                  bonx_table_num(t, log_prob) ||
                  bonx_table_int(t, bonx_corpora_typical(c, ad, i));
        }
    }
    if (bad)
        bonx_table_free(t);
    return bad ? NULL : t;
}

static int summary_row(bonx_table *t, const char *name, const bonx_corpora_stats *s)
{
    return bonx_table_str(t, name) || bonx_table_num(t, s->string_pearson) ||
           bonx_table_num(t, s->string_spearman) || bonx_table_num(t, s->corpus_pearson) ||
           bonx_table_num(t, s->corpus_spearman) || bonx_table_num(t, s->mean_log_prior) ||
           bonx_table_num(t, s->mean_reward) || bonx_table_num(t, s->centre_log_prior) ||
           bonx_table_num(t, s->centre_reward) || bonx_table_num(t, s->entropy) ||
           bonx_table_num(t, s->kl_to_q) || bonx_table_num(t, s->varentropy) ||
           bonx_table_num(t, s->typical_frac) || bonx_table_num(t, s->mean_log_prob);
}

/* The string-level references: over the table (each outcome once) and under p.  They have
 * no corpora, so only their string-level columns (and, under p, the centre) are numbers. */
static int reference_rows(bonx_table *t, const bonx_corpora *c)
{
    bonx_corpora_stats table = {c->table_pearson, c->table_spearman, NAN, NAN, NAN, NAN,
                                NAN, NAN, NAN, NAN, NAN, NAN, NAN};
    double m = (double)c->m;
    bonx_corpora_stats under_p = {c->p_pearson, c->p_spearman, NAN, NAN, NAN, NAN,
                                  m * c->p_log_prior, m * c->p_reward, NAN, NAN,
                                  NAN, NAN, NAN};
    return summary_row(t, "over-table", &table) || summary_row(t, "under-p", &under_p);
}

static bonx_table *summary_table(const bonx_corpora *c, const corpora_args *a)
{
    bonx_table *t = bonx_table_new(14, SUMMARY_COLS);
    int bad = !t;
    for (size_t ad = 0; !bad && ad < c->n_adaptors; ad++) {
        char name[BONX_ADAPTOR_NAME_MAX];
        sampler_name(a, ad, name, sizeof name);
        bad = summary_row(t, name, &c->stats[ad]);
    }
    if (!bad)
        bad = summary_row(t, "pooled", &c->stats[c->n_adaptors]) || reference_rows(t, c);
    if (bad)
        bonx_table_free(t);
    return bad ? NULL : t;
}

/* Notes for a person reading the table (not in csv/json, which stay pure data). */
static void print_notes(FILE *out, const bonx_corpora *c)
{
    double m = (double)c->m;
    fprintf(out, "\nline (6.2): avg_reward = beta*(log Z - H(q) - avg_log_prior) with beta = %.10g, "
                 "log Z - H(q) = %.10g%s\n",
            c->beta, c->q_log_prior + c->q_reward / c->beta, c->m > 1 ? " per token (times m)" : "");
    fprintf(out, "string-level correlation of (log p, r) under q: pearson %.4f, spearman %.4f\n",
            c->q_pearson, c->q_spearman);
    const bonx_typical *ty = &c->typical_q;
    /* beta*eps passes the doubles for a large --eps at a large beta (1e300 at 4e72): said so,
     * never printed as inf */
    char within[64];
    double bound = c->beta * ty->eps;
    if (isfinite(bound))
        snprintf(within, sizeof within, "%.10g", bound);
    else
        snprintf(within, sizeof within, "%.4g*%.4g, beyond the double range", c->beta, ty->eps);
    fprintf(out, "typical set of q (seed 002 Eq 10-12): H(q) = %.10g, varentropy V(q) = %.10g per "
                 "token; eps = %.10g: P(corpus outside) <= M*V/(N*eps^2) = %.4g (Eq 11), and a "
                 "corpus inside is within beta*eps = %s of line (6.2) (Prop 1)\n",
            ty->entropy, ty->varentropy, ty->eps, ty->chebyshev, within);
    for (size_t b = 0; c->theta && b < c->n_adaptors; b++)
        fprintf(out, "band:%zu: q tilted by p^theta, theta = %.10g\n", b + 1, c->theta[b]);
    if (c->m > 1)
        fprintf(out, "note: for this memoryless model local and global normalisation of an adaptor "
                     "give the same distribution over the %.0f-token sequences (the per-token "
                     "transform is the same at every position, so the product factorises).\n", m);
    if (!c->types_enumerated)
        fprintf(out, "note: string_spearman is nan: more than %d types of %.0f-token sequences "
                     "to rank\n", BONX_CORPORA_MAX_TYPES, m);
}

/* The chart on stdout, with the locale and colour rules shared by every --plot. */
static int print_plot(bonx_cli *cli, const bonx_corpora *c, const corpora_args *a)
{
    char (*names)[BONX_ADAPTOR_NAME_MAX] = malloc(a->n_adaptors * sizeof *names);
    const char **ptrs = malloc(a->n_adaptors * sizeof *ptrs);
    bonx_canvas *cv = names && ptrs ? bonx_chart_canvas(cli, &a->chart) : NULL;
    char err[256] = "out of memory";
    int rc = 2;
    if (cv) {
        for (size_t i = 0; i < a->n_adaptors; i++) {
            sampler_name(a, i, names[i], sizeof names[i]);
            if (a->bands) {   /* Fig. 1: how probable each band's corpora are under q */
                size_t at = strlen(names[i]);
                snprintf(names[i] + at, sizeof names[i] - at, " (log q %.4g)",
                         c->stats[i].mean_log_prob);
            }
            ptrs[i] = names[i];
        }
        rc = bonx_chart_draw_corpora(cv, c, ptrs, err, sizeof err) == 0
                 ? bonx_chart_print(cli, &a->chart, cv) : bonx_cli_error(cli, "%s", err);
    } else if (!names || !ptrs) {
        bonx_cli_error(cli, "out of memory");
    }
    free(names), free(ptrs);
    bonx_canvas_free(cv);
    return rc;
}

static int run_live(bonx_cli *cli, const corpora_args *a, const bonx_dist *d)
{
    bonx_corpora_live l;
    bonx_err err = {0};
    if (bonx_corpora_live_init(&l, d, a->beta, (size_t)a->n, (size_t)a->c, (size_t)a->m,
                               a->seed, a->adaptors, a->n_adaptors, &err))
        return bonx_cli_error(cli, "%s", err.msg);
    int rc = bonx_corpora_live_run(&l, a->chart.ascii, bonx_color_stdout(a->chart.color));
    bonx_corpora_live_free(&l);
    return rc ? bonx_cli_error(cli, "--live needs a terminal") : 0;
}

static int run_corpora(bonx_cli *cli, const corpora_args *a, const bonx_dist *d)
{
    if (a->live)
        return run_live(cli, a, d);
    bonx_corpora_spec spec = {d->k, d->p, d->r, a->beta, (size_t)a->n, (size_t)a->c,
                              (size_t)a->m, a->n_adaptors, a->adaptors, a->seed,
                              (size_t)a->bands, a->eps};
    bonx_corpora c = {0};
    bonx_err err = {0};
    if (bonx_corpora_run(&c, &spec, &err))
        return bonx_cli_error(cli, "%s", err.msg);
    if (a->chart.plot) {
        int prc = print_plot(cli, &c, a);
        bonx_corpora_free(&c);
        return prc;
    }
    bonx_table *t = a->summary ? summary_table(&c, a) : corpus_table(&c, a);
    int rc = t ? 0 : bonx_cli_error(cli, "out of memory");
    if (t && bonx_table_print(t, stdout, cli->format))
        rc = bonx_cli_error(cli, "cannot write the output");
    if (t && !rc && cli->format == BONX_FORMAT_TABLE)
        print_notes(stdout, &c);
    bonx_table_free(t);
    bonx_corpora_free(&c);
    return rc;
}

int cmd_corpora(int argc, char **argv)
{
    if (bonx_cli_wants_help(argc, argv)) {
        fputs(USAGE, stdout);
        return 0;
    }
    bonx_cli cli;
    bonx_cli_init(&cli, "corpora");
    corpora_args *a = malloc(sizeof *a);
    if (!a)
        return bonx_cli_error(&cli, "out of memory");
    int rc = parse_args(&cli, argc, argv, a);
    bonx_preset pre;
    bonx_dist d;
    if (!rc && bonx_cli_load_source(&cli, &pre, &d) != 0)
        rc = 2;
    else if (!rc) {
        if (!a->has_beta && pre.has_beta)
            a->beta = pre.beta, a->has_beta = 1;
        rc = a->has_beta ? run_corpora(&cli, a, &d)
                         : bonx_cli_error(&cli, "--beta B is required (the source has no beta)");
        bonx_preset_free(&pre);
        bonx_dist_free(&d);
    }
    free(a);
    return rc;
}
