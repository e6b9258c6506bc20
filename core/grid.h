/* SPDX-License-Identifier: MIT */
/* Parameter grids: linear or log-spaced points, endpoints exact. */
#ifndef BONX_GRID_H
#define BONX_GRID_H

#include <stddef.h>
#include "err.h"

/* count points from start to stop inclusive (count == 1 gives start).  log spacing needs
 * start, stop > 0.  Errors: count == 0, non-finite ends, log with non-positive ends. */
int bonx_grid(double start, double stop, size_t count, int log_spacing, double *out, bonx_err *err);

#endif
