/* bonx: dispatch to a subcommand, or open the explorer. */
#include <stdio.h>
#include <string.h>
#include "commands.h"

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
    fprintf(out, "usage: bonx [--preset NAME | FILE]      open the explorer\n"
                 "       bonx COMMAND [options]           see bonx COMMAND --help\n\ncommands:\n");
    for (const bonx_command *c = bonx_commands; c->name; c++)
        fprintf(out, "  %-10s %s\n", c->name, c->summary);
}

int main(int argc, char **argv)
{
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        usage(stdout);
        return 0;
    }
    if (argc >= 2) {
        for (const bonx_command *c = bonx_commands; c->name; c++)
            if (!strcmp(argv[1], c->name))
                return c->fn(argc - 1, argv + 1);
    }
    /* no command: the explorer (`bonx`, `bonx --preset NAME`, `bonx FILE`) */
    return cmd_explore(argc, argv);
}
