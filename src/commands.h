/* SPDX-License-Identifier: MIT */
/* The subcommands of bonx.  Each is `int cmd_NAME(int argc, char **argv)` with argv[0] the
 * command name; it returns the process exit status (0 ok, 2 usage or input error). */
#ifndef BONX_COMMANDS_H
#define BONX_COMMANDS_H

typedef int (*bonx_command_fn)(int argc, char **argv);

typedef struct bonx_command {
    const char *name;
    bonx_command_fn fn;
    const char *summary;   /* one line for `bonx --help` */
} bonx_command;

/* Every subcommand, declared here so that main.c's table needs only its one line per command
 * (a declaration of a command not yet written is harmless: nothing refers to it). */
int cmd_bon(int argc, char **argv);
int cmd_klrl(int argc, char **argv);
int cmd_rr(int argc, char **argv);
int cmd_pmf(int argc, char **argv);
int cmd_tradeoff(int argc, char **argv);
int cmd_presets(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_asym(int argc, char **argv);
int cmd_blockwise(int argc, char **argv);
int cmd_simulate(int argc, char **argv);
int cmd_corpora(int argc, char **argv);
int cmd_explore(int argc, char **argv);   /* `bonx`, `bonx --preset NAME`, `bonx FILE` */

/* The table, terminated by {NULL, NULL, NULL}; defined in main.c. */
extern const bonx_command bonx_commands[];

#endif
