/* SPDX-License-Identifier: MIT */
/* bonx: dispatch to a subcommand, or open the explorer. */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include "commands.h"

#ifndef BONX_VERSION
#define BONX_VERSION "unknown" /* the Makefile's VERSION is compiled in */
#endif

/* Subcommands add themselves here (one line each). */
const bonx_command bonx_commands[] = {
    {"corpora", cmd_corpora, "corpora from sampling adaptors: the probability-quality trade-off"},
    {"presets", cmd_presets, "name and title of each shipped preset"},
    {"bon", cmd_bon, "best-of-n: KL (exact, analytical, estimator, bounds), win rate, reward"},
    {"blockwise", cmd_blockwise, "blockwise best-of-n: exact KL and Thm B.1's bound for a length law"},
    {"asym", cmd_asym, "memoryless model: best-of-N with N = e^(m*delta) vs the KL optimum as m grows"},
    {"klrl", cmd_klrl, "KL-regularised RL at each beta, or at the beta reaching each KL target"},
    {"rr", cmd_rr, "rewind-and-repeat at each threshold tau (default: every reward level)"},
    {"pmf", cmd_pmf, "probability of every outcome under bon:N, klrl:BETA or rr:TAU"},
    {"tradeoff", cmd_tradeoff, "KL / win rate / reward curves of every policy"},
    {"bench", cmd_bench, "time the recompute, rendering and other hot paths (make bench)"},
    {"simulate", cmd_simulate, "Monte Carlo check of best-of-n, rewind-and-repeat, KL-RL against exact values"},
    {"plot", cmd_plot, "draw a chart (kl, winrate, tradeoff, reward, pmf, cost, simplex) as text"},
    {NULL, NULL, NULL},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: bonx [--preset NAME | [--] FILE] [--ascii] [--color WHEN] [--n-range LO:HI]\n"
                 "                                  open the explorer (bonx --preset NAME --help)\n"
                 "       bonx --lecture FILE|NAME   play a lecture (FILE.bonxl)\n"
                 "       bonx COMMAND [options]     see bonx COMMAND --help; man bonx\n"
                 "       bonx --version\n\ncommands:\n");
    for (const bonx_command *c = bonx_commands; c->name; c++)
        fprintf(out, "  %-10s %s\n", c->name, c->summary);
}

/* Every command's output ends here: a write that failed (a full disk, /dev/full, a closed
 * pipe) is an error even when the command itself succeeded, so scripts never take a truncated
 * table for a whole one.  One line, exit 2; nothing more when the command already failed. */
static int finish_output(const char *cmd, int status)
{
    int bad = fflush(stdout) != 0 || ferror(stdout);
    int err = errno;
    if (fclose(stdout) != 0 && !bad) {
        bad = 1;
        err = errno;
    }
    if (bad && status == 0) {
        fprintf(stderr, "bonx%s%s: cannot write the output: %s\n", cmd ? " " : "", cmd ? cmd : "",
                strerror(err));
        status = 2;
    }
    return status;
}

int main(int argc, char **argv)
{
    /* Characters (wide text, display widths, Braille) follow the environment; numbers are
     * read and written in the C locale (LC_NUMERIC stays "C"). */
    setlocale(LC_CTYPE, "");
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        usage(stdout);
        return finish_output(NULL, 0);
    }
    if (argc >= 2 && !strcmp(argv[1], "--version")) {
        if (argc > 2) {
            fprintf(stderr, "bonx: --version takes no arguments (got '%s')\n", argv[2]);
            return 2;
        }
        printf("bonx %s\n", BONX_VERSION);
        return finish_output(NULL, 0);
    }
    if (argc >= 2) {
        for (const bonx_command *c = bonx_commands; c->name; c++)
            if (!strcmp(argv[1], c->name))
                return finish_output(c->name, c->fn(argc - 1, argv + 1));
    }
    /* no command: the explorer (`bonx`, `bonx --preset NAME`, `bonx FILE`) */
    return finish_output(NULL, cmd_explore(argc, argv));
}
