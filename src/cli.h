/* SPDX-License-Identifier: MIT */
/* Helpers shared by every subcommand: options, SOURCE (--dist / --preset / --file), LIST,
 * strict numbers, --format output through a small buffered table writer, uniform errors.
 *
 * Contract of a command: an error prints ONE line "bonx CMD: problem" on stderr, nothing on
 * stdout, and exits 2.  So commands validate and compute everything into a bonx_table first
 * and print it only at the end.
 *
 * Typical command:
 *
 *     if (bonx_cli_wants_help(argc, argv)) { fputs(USAGE, stdout); return 0; }
 *     bonx_cli cli;  bonx_cli_init(&cli, "bon");
 *     for (int i = 1; i < argc; i++) {
 *         const char *v;  int m = bonx_cli_common(&cli, argc, argv, &i);
 *         if (m < 0) return 2;
 *         if (m > 0) continue;
 *         if ((m = bonx_cli_opt(&cli, argc, argv, &i, "--n", &v)) < 0) return 2;
 *         if (m > 0) { ...; continue; }
 *         return bonx_cli_error(&cli, "unknown option '%s'", argv[i]);
 *     }
 *     bonx_preset pre;  bonx_dist d;
 *     if (bonx_cli_load_source(&cli, &pre, &d) != 0) return 2;
 *     ... fill a bonx_table, then bonx_table_print(t, stdout, cli.format) ...
 */
#ifndef BONX_CLI_H
#define BONX_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "color.h"
#include "dist.h"
#include "preset.h"

typedef enum { BONX_FORMAT_TABLE = 0, BONX_FORMAT_CSV, BONX_FORMAT_JSON } bonx_format;

typedef struct bonx_cli {
    const char *cmd;          /* command name, for messages: "bonx CMD: ..." */
    bonx_format format;       /* --format; default BONX_FORMAT_TABLE */
    const char *source_opt;   /* "--dist", "--preset" or "--file"; NULL when none given */
    const char *source_arg;   /* its value */
    int positionals;          /* operands the command takes (plot: CHART); set before parsing */
    int rest;                 /* argv index of the first operand after "--", 0 when none */
} bonx_cli;

void bonx_cli_init(bonx_cli *c, const char *cmd);

/* 1 when argv contains --help or -h before any "--" (checked before anything else, so help
 * always wins). */
int bonx_cli_wants_help(int argc, char **argv);

/* Print "bonx CMD: <message>\n" on stderr; returns 2 (the exit status) for `return`. */
int bonx_cli_error(const bonx_cli *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Match argv[*i] against the option name (e.g. "--n"), as "--n VALUE" or "--n=VALUE".
 * Returns 1 and sets *val (advancing *i past a separate value) when it matches, 0 when
 * argv[*i] is something else, -1 when the value is missing (error printed). */
int bonx_cli_opt(const bonx_cli *c, int argc, char **argv, int *i, const char *name,
                 const char **val);
/* Match a flag without a value (e.g. "--calibrated"): 1, or 0 for anything else; -1 with the
 * error printed for the flag given a value ("--calibrated=yes": takes no value). */
int bonx_cli_flag(const bonx_cli *c, char **argv, int i, const char *name);

/* The options every command shares: --format, --dist, --preset, --file, and "--", which ends
 * the options: it sets c->rest to the index after it and moves *i to the last argument, so
 * the caller's loop ends; a command with c->positionals == 0 gets an error for any argument
 * after it.  Same return convention as bonx_cli_opt (-1: error printed, e.g. a second SOURCE
 * or a bad format). */
int bonx_cli_common(bonx_cli *c, int argc, char **argv, int *i);

/* --color=auto|always|never (or --color WHEN) into *w (color.h has the rule).  Same return
 * convention as bonx_cli_opt. */
int bonx_cli_color(const bonx_cli *c, int argc, char **argv, int *i, bonx_color_when *w);

/* Turn the SOURCE into a preset and a distribution.  On success both must be freed by the
 * caller (bonx_preset_free, bonx_dist_free).  On error prints the problem (with FILE:LINE for
 * files) and returns -1, leaving nothing to free.  No SOURCE given is an error. */
int bonx_cli_load_source(const bonx_cli *c, bonx_preset *preset, bonx_dist *dist);

/* --dist 'W:R,W:R,...' with an optional "label=" before each pair (labels one token without
 * '=', ',', ':' or blanks; absent labels become y1, y2, ...).  Weights must be finite and
 * >= 0 with a positive total, rewards finite.  err gets e.g. "--dist item 3: weight is
 * negative (-1)".  Returns 0 or -1 (out untouched). */
int bonx_cli_parse_dist(const char *spec, bonx_preset *out, char *err, size_t errlen);

/* Strict number: the whole string must be consumed (no blanks, no trailing junk); NaN is
 * always rejected, +-inf only with allow_inf; overflow ("1e999") rejected.  0 or -1. */
int bonx_cli_parse_number(const char *s, int allow_inf, double *out, char *err, size_t errlen);
/* Decimal integer in [min, max], full consumption.  0 or -1. */
int bonx_cli_parse_count(const char *s, uint64_t min, uint64_t max, uint64_t *out,
                         char *err, size_t errlen);

/* LIST: comma-separated numbers ("1,2,4.5") or a range "START:STOP:COUNT" with an optional
 * "log" suffix for log spacing ("1:1e6:200log"; needs START, STOP > 0).  Endpoints exact.
 * At most BONX_LIST_MAX values.  Returns 0 or -1 (out untouched). */
#define BONX_LIST_MAX 10000000u
typedef struct bonx_list { size_t count; double *v; } bonx_list;
int bonx_cli_parse_list(const char *s, bonx_list *out, char *err, size_t errlen);
void bonx_list_free(bonx_list *l);

/* --format value: "table", "csv" or "json".  0 or -1. */
int bonx_cli_parse_format(const char *s, bonx_format *f);

/* Buffered output table.  Cells are added row by row, left to right; nothing is printed
 * until bonx_table_print, so a command that fails half-way prints nothing.
 *   table: columns aligned by display width (cli_table.c), numbers with 10 significant digits (%.10g), a header line;
 *   csv:   header row, then rows; numbers %.17g; strings quoted when they contain , " or
 *          newlines (RFC 4180);
 *   json:  an array of objects keyed by column name; numbers %.17g; non-finite numbers are
 *          written as null (JSON has no such numbers); integers as integers.
 * In table and csv, non-finite numbers print as inf, -inf, nan. */
typedef struct bonx_table bonx_table;
bonx_table *bonx_table_new(size_t ncols, const char *const *names);
/* Adding a cell returns 0, or -1 on allocation failure; a table that failed once remembers
 * it and bonx_table_print then prints nothing and returns -1, so callers may check only
 * the print. */
int bonx_table_num(bonx_table *t, double v);
int bonx_table_int(bonx_table *t, long long v);
int bonx_table_uint(bonx_table *t, unsigned long long v);   /* e.g. a 64-bit seed */
int bonx_table_str(bonx_table *t, const char *s);     /* copied */
size_t bonx_table_rows(const bonx_table *t);          /* complete rows so far */
/* Numbers in a table must be finite: bonx_cli_emit refuses (exit 2, nothing printed) an inf
 * or nan except in the columns declared here, the ones the man page lists as non-finite. */
void bonx_table_allow_nonfinite(bonx_table *t, const char *column);
int bonx_table_print(const bonx_table *t, FILE *out, bonx_format f);  /* 0 or -1 (I/O) */
void bonx_table_free(bonx_table *t);

/* Print t to stdout in c->format and free it; a NULL or failed table is reported as out of
 * memory.  Returns the exit status (0, or 2 with the error printed). */
int bonx_cli_emit(const bonx_cli *c, bonx_table *t);

/* Format one double as csv/json do (%.17g, or inf/-inf/nan) into buf. */
void bonx_cli_format_double(char *buf, size_t len, double v);

#endif
