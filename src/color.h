/* SPDX-License-Identifier: MIT */
/* The one colour rule of every command that can colour (plot, asym/simulate/corpora --plot,
 * corpora --live, the explorer), documented once in man/bonx.1 (COLOUR):
 *   --color=always  colour;
 *   --color=never   no colour;
 *   --color=auto    (the default) colour when the output is a terminal, TERM is set and not
 *                   "dumb", and NO_COLOR is unset or empty (no-color.org: a set but empty
 *                   NO_COLOR does not disable colour). */
#ifndef BONX_COLOR_H
#define BONX_COLOR_H

typedef enum { BONX_COLOR_AUTO = 0, BONX_COLOR_ALWAYS, BONX_COLOR_NEVER } bonx_color_when;

/* "auto", "always", "never" into *w: 0, or -1 for anything else. */
int bonx_color_parse(const char *s, bonx_color_when *w);

/* The rule itself, on explicit inputs (term and no_color may be NULL: unset): 1 colour, 0 not. */
int bonx_color_decide(bonx_color_when w, int is_tty, const char *term, const char *no_color);

/* The rule for standard output, from isatty(1), $TERM and $NO_COLOR. */
int bonx_color_stdout(bonx_color_when w);

#endif
