/* SPDX-License-Identifier: MIT */
/* Printing a chart drawn on a bonx_canvas to stdout for the commands with --plot (asym,
 * simulate, corpora): Braille only in a UTF-8 locale (unless ascii), colour by the rule of
 * color.h (--color), as `bonx plot` does. */
#ifndef BONX_CHART_PRINT_H
#define BONX_CHART_PRINT_H

#include <stdint.h>
#include "canvas.h"
#include "cli.h"

typedef struct bonx_chart_opts {
    int plot, ascii;
    bonx_color_when color;    /* --color; default auto */
    uint64_t width, height;   /* cells; defaults 80 x 24 */
} bonx_chart_opts;

void bonx_chart_opts_init(bonx_chart_opts *o);

/* --width W, --height H, --ascii, --color WHEN (--plot is the command's own, it may take a value).
 * Same convention as bonx_cli_opt: 1 matched, 0 not ours, -1 error printed. */
int bonx_chart_opts_parse(const bonx_cli *cli, bonx_chart_opts *o, int argc, char **argv,
                          int *i);

/* A canvas of the chosen size and mode, or NULL (out of memory, error printed). */
bonx_canvas *bonx_chart_canvas(const bonx_cli *cli, const bonx_chart_opts *o);

/* Print the canvas (and a newline) to stdout; 0, or 2 with the error printed. */
int bonx_chart_print(const bonx_cli *cli, const bonx_chart_opts *o, const bonx_canvas *cv);

#endif
