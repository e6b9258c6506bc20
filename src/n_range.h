/* SPDX-License-Identifier: MIT */
/* "LO:HI", the n axis range of the charts, as typed on the command line (--n-range) and in
 * the explorer (z).  One parser, so both accept and refuse exactly the same text. */
#ifndef BONX_N_RANGE_H
#define BONX_N_RANGE_H

#include <stddef.h>

#define BONX_N_RANGE_MAX 1e300   /* the core is exact up to here */

/* Parse "LO:HI" (two numbers, 1 <= LO < HI <= 1e300, spaces around them allowed).  Returns 0,
 * or -1 with a one-line reason in err. */
int bonx_parse_n_range(const char *s, double *lo, double *hi, char *err, size_t errlen);

#endif
