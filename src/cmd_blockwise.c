/* SPDX-License-Identifier: MIT */
/* bonx blockwise: blockwise best-of-n and Thm B.1 (seed 001 appendix B; core/blockwise.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "blockwise.h"
#include "cli.h"
#include "commands.h"

static const char USAGE[] =
    "usage: bonx blockwise SOURCE --n LIST --length DIST [--block LIST] [--format table|csv|json]\n"
    "Blockwise best-of-n (seed 001, appendix B): the table is the token alphabet, a response\n"
    "is L i.i.d. tokens with L drawn from DIST (independently of the tokens), reward summed\n"
    "over tokens; each block of M tokens (the last one shorter) is decoded by best-of-n.\n"
    "Prints the exact KL of the decoder to the reference and Thm B.1's bound\n"
    "E[ceil(L/M)] (log n - (n-1)/n), for every n and M (M varies fastest).\n"
    "  SOURCE        --dist 'W:R,...' | --preset NAME | --file PATH\n"
    "  --n LIST      real n >= 1\n"
    "  --length DIST lengths and their probabilities, LENGTH:PROB,... (e.g. 1:0.5,2:0.5);\n"
    "                lengths integers >= 1, probabilities > 0 summing to 1\n"
    "  --block LIST  block lengths M, integers >= 1 (default 1)\n"
    "columns: n,block,expected_blocks,kl,kl_bound,kl_sequence (sequence-level best-of-n)\n";

static const char *const COLUMNS[] = {"n", "block", "expected_blocks", "kl", "kl_bound",
                                      "kl_sequence"};

typedef struct length_law { size_t count; int *len; double *prob; } length_law;

/* LENGTH:PROB,... into law; 0, or -1 with the problem in why. */
static int parse_lengths(const char *spec, length_law *law, char *why, size_t whylen)
{
    size_t cap = 1;
    for (const char *c = spec; *c; c++)
        cap += *c == ',';
    law->len = malloc(cap * sizeof *law->len);
    law->prob = malloc(cap * sizeof *law->prob);
    law->count = 0;
    char *copy = malloc(strlen(spec) + 1);
    if (!law->len || !law->prob || !copy) {
        free(copy);
        snprintf(why, whylen, "out of memory");
        return -1;
    }
    strcpy(copy, spec);
    char *save = NULL, err[200];
    double total = 0.0;
    for (char *item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
        char *colon = strchr(item, ':');
        uint64_t l = 0;
        double p = 0.0;
        if (!colon) {
            snprintf(why, whylen, "item %zu ('%s') is not LENGTH:PROB", law->count + 1, item);
            free(copy);
            return -1;
        }
        *colon = '\0';
        int bad = bonx_cli_parse_count(item, 1, 1000000, &l, err, sizeof err) != 0 ||
                  bonx_cli_parse_number(colon + 1, 0, &p, err, sizeof err) != 0;
        if (!bad && !(p > 0.0)) {
            snprintf(err, sizeof err, "probability must be > 0 (got %s)", colon + 1);
            bad = 1;
        }
        if (bad) {
            snprintf(why, whylen, "item %zu: %s", law->count + 1, err);
            free(copy);
            return -1;
        }
        law->len[law->count] = (int)l;
        law->prob[law->count++] = p;
        total += p;
    }
    free(copy);
    if (law->count == 0) {
        snprintf(why, whylen, "no lengths given");
        return -1;
    }
    if (fabs(total - 1.0) > 1e-9) {
        snprintf(why, whylen, "probabilities sum to %.12g, not 1", total);
        return -1;
    }
    return 0;
}

typedef struct bw_args { const char *n, *length, *block; } bw_args;

static int parse_args(bonx_cli *cli, bw_args *a, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        int m = bonx_cli_common(cli, argc, argv, &i);
        if (m == 0)
            m = bonx_cli_opt(cli, argc, argv, &i, "--n", &a->n);
        if (m == 0)
            m = bonx_cli_opt(cli, argc, argv, &i, "--length", &a->length);
        if (m == 0)
            m = bonx_cli_opt(cli, argc, argv, &i, "--block", &a->block);
        if (m < 0)
            return -1;
        if (m == 0)
            return bonx_cli_error(cli, "unknown option '%s' (see bonx blockwise --help)",
                                  argv[i]), -1;
    }
    if (!a->n)
        return bonx_cli_error(cli, "--n LIST is required"), -1;
    if (!a->length)
        return bonx_cli_error(cli, "--length DIST is required (e.g. --length 1:0.5,2:0.5)"), -1;
    return 0;
}

static int run(const bonx_cli *cli, const bonx_dist *d, const bonx_list *ns,
               const bonx_list *ms, const length_law *law)
{
    bonx_table *t = bonx_table_new(6, COLUMNS);
    for (size_t i = 0; t && i < ns->count; i++)
        for (size_t j = 0; j < ms->count; j++) {
            bonx_blockwise_point pt;
            bonx_err e = {0};
            if (bonx_blockwise_at(d, law->len, law->prob, law->count, ns->v[i], (int)ms->v[j],
                                  &pt, &e) != BONX_OK) {
                bonx_table_free(t);
                return bonx_cli_error(cli, "%s", e.msg);
            }
            const double v[] = {pt.n, pt.block, pt.expected_blocks, pt.kl, pt.kl_bound,
                                pt.kl_sequence};
            for (size_t c = 0; c < 6; c++)
                bonx_table_num(t, v[c]);
        }
    return bonx_cli_emit(cli, t);
}

/* The LIST options: n >= 1, M integers >= 1. */
static int lists(const bonx_cli *cli, const bw_args *a, bonx_list *ns, bonx_list *ms)
{
    char why[256];
    if (bonx_cli_parse_list(a->n, ns, why, sizeof why) != 0)
        return bonx_cli_error(cli, "--n: %s", why), -1;
    for (size_t i = 0; i < ns->count; i++)
        if (!(ns->v[i] >= 1))
            return bonx_cli_error(cli, "--n: n must be >= 1 (got %.17g)", ns->v[i]), -1;
    if (bonx_cli_parse_list(a->block ? a->block : "1", ms, why, sizeof why) != 0)
        return bonx_cli_error(cli, "--block: %s", why), -1;
    for (size_t i = 0; i < ms->count; i++)
        if (!(ms->v[i] >= 1 && ms->v[i] <= 1e6 && ms->v[i] == floor(ms->v[i])))
            return bonx_cli_error(cli, "--block: M must be an integer >= 1 (got %.17g)",
                                  ms->v[i]), -1;
    return 0;
}

int cmd_blockwise(int argc, char **argv)
{
    if (bonx_cli_wants_help(argc, argv))
        return fputs(USAGE, stdout), 0;
    bonx_cli cli;
    bonx_cli_init(&cli, "blockwise");
    bw_args a = {0};
    if (parse_args(&cli, &a, argc, argv) != 0)
        return 2;
    length_law law = {0};
    char why[256];
    if (parse_lengths(a.length, &law, why, sizeof why) != 0) {
        free(law.len);
        free(law.prob);
        return bonx_cli_error(&cli, "--length: %s", why);
    }
    bonx_list ns = {0}, ms = {0};
    int rc = 2;
    bonx_preset pre;
    bonx_dist d;
    if (lists(&cli, &a, &ns, &ms) == 0 && bonx_cli_load_source(&cli, &pre, &d) == 0) {
        rc = run(&cli, &d, &ns, &ms, &law);
        bonx_dist_free(&d);
        bonx_preset_free(&pre);
    }
    bonx_list_free(&ns);
    bonx_list_free(&ms);
    free(law.len);
    free(law.prob);
    return rc;
}
