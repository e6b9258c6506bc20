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

/* The table, terminated by {NULL, NULL, NULL}; defined in main.c. */
extern const bonx_command bonx_commands[];

#endif
