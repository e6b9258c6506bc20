/* SPDX-License-Identifier: MIT */
/* The corpora chart of issue 6: each corpus as a point (avg log prior, avg reward) in its
 * adaptor's colour (Braille dots), the trade-off line (6.2), and each adaptor's exact centre.
 * Drawn on a plain canvas, so the explorer and `bonx corpora --plot` share it. */
#ifndef BONX_CHART_CORPORA_H
#define BONX_CHART_CORPORA_H

#include <stddef.h>
#include "canvas.h"
#include "corpora.h"

/* names: c->n_adaptors legend names (e.g. canonical adaptor specs).  Returns 0, or -1 with a
 * message in err; below the minimum size it draws "too small" and returns 0. */
int bonx_chart_draw_corpora(bonx_canvas *cv, const bonx_corpora *c, const char *const *names,
                            char *err, size_t errlen);

#endif
