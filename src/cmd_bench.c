/* SPDX-License-Identifier: MIT */
/* bonx bench: run the registered in-process benchmarks (src/bench.h). */
#include <string.h>
#include "bench.h"
#include "cli.h"
#include "commands.h"
#include "isa.h"

static const char USAGE[] =
    "usage: bonx bench [--only NAME] [--list]\n"
    "Time what the explorer and the commands do, in-process, and print microseconds per\n"
    "operation (median of repeated runs, CLOCK_MONOTONIC) next to the target.\n"
    "  --only NAME  run one benchmark\n"
    "  --list       list the benchmarks\n"
    "The first line names the instruction set the hot loops run on (BONX_ISA=plain: the\n"
    "portable one).  Build with `make bench` (optimised); numbers from the sanitised build\n"
    "mean little.\n";

static int list(void)
{
    for (const bonx_bench_entry *b = bonx_bench_registry; b->name; b++)
        printf("%-20s %s\n", b->name, b->summary);
    return 0;
}

int cmd_bench(int argc, char **argv)
{
    if (bonx_cli_wants_help(argc, argv))
        return fputs(USAGE, stdout), 0;
    bonx_cli cli;
    bonx_cli_init(&cli, "bench");
    const char *only = NULL;
    int want_list = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--")) {   /* bench takes no operands */
            if (i + 1 < argc)
                return bonx_cli_error(&cli, "unexpected argument '%s'", argv[i + 1]);
            break;
        }
        int f = bonx_cli_flag(&cli, argv, i, "--list");
        if (f < 0)
            return 2;
        if (f > 0) {
            want_list = 1;
            continue;
        }
        int m = bonx_cli_opt(&cli, argc, argv, &i, "--only", &only);
        if (m < 0)
            return 2;
        if (m == 0)
            return bonx_cli_error(&cli, "unknown option '%s' (see bonx bench --help)", argv[i]);
    }
    if (want_list)
        return list();
    const bonx_bench_entry *found = NULL;
    for (const bonx_bench_entry *b = bonx_bench_registry; only && b->name; b++)
        if (!strcmp(b->name, only))
            found = b;
    if (only && !found)
        return bonx_cli_error(&cli, "unknown benchmark '%s' (bonx bench --list)", only);
    printf("isa: %s\n", bonx_isa_name(bonx_isa_active()));
    int failed = 0;
    for (const bonx_bench_entry *b = bonx_bench_registry; b->name; b++) {
        if (found && b != found)
            continue;
        fflush(stdout);
        failed |= b->fn(stdout) != 0;
    }
    fflush(stdout);
    return failed ? 1 : 0;
}
