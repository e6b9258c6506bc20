/* SPDX-License-Identifier: MIT */
/* The one number format of the explorer and its charts: up to `sig` significant digits,
 * fewer when the width asks for it, exponents written compactly as the axis labels write
 * them (5.369e9, 2.5e-7, never 5.369e+09), whole numbers up to 9 digits in full while they
 * fit (n = 536870912 reads the same in the readout and a chart legend), and never "-0".
 * Pure (no ncurses): the readout, the parameter line, the table, the chart legends and the
 * tests all format through it. */
#ifndef BONX_NUMFMT_H
#define BONX_NUMFMT_H

#include <stddef.h>

/* v into buf: "inf", "-inf", and "-" for NaN; width <= 0 means no limit.  A number that
 * cannot fit even with 1 digit is written with 1 digit (wider than asked: better wide than
 * wrong).  Returns buf. */
char *bonx_num_format(char *buf, size_t len, double v, int sig, int width);

#endif
