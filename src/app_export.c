/* SPDX-License-Identifier: MIT */
/* Pins and figures from the explorer: x pins the current curves (drawn dimmed under the live
 * ones, so an edit can be compared with what was there), e writes the current chart, with
 * its edits and pins, as an SVG figure through the same chart model as `bonx plot --format
 * svg`.  The file is written atomically: a failed export leaves any old file as it was. */
#include "app_state.h"
#include "atomic_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "chart_asym.h"
#include "chart_corpora.h"
#include "charts.h"
#include "figure.h"

/* The exported chart's size in cells (the SVG is 10 x 20 pixels a cell: 1200 x 720). */
#define EXPORT_W 120
#define EXPORT_H 36

int bonx_app_pin(bonx_app *a)
{
    bonx_curves copy;
    if (bonx_curves_copy(&copy, &a->curves) != 0) {
        bonx_app_error(a, "pin: out of memory");
        return -1;
    }
    bonx_curves_free(&a->pinned);
    a->pinned = copy;
    a->has_pin = 1;
    bonx_app_say(a, "curves pinned (drawn dotted, \"pinned\"): edit on to compare; X clears");
    bonx_app_touch(a);
    return 0;
}

void bonx_app_unpin(bonx_app *a)
{
    bonx_curves_free(&a->pinned);
    a->has_pin = 0;
    bonx_app_say(a, "pin cleared");
    bonx_app_touch(a);
}

static const char *view_name(int view)
{
    switch (view) {
    case BONX_VIEW_ASYM: return "asym";
    case BONX_VIEW_SIMULATE: return "sim";
    case BONX_VIEW_CORPORA: return "corpora";
    default: return bonx_chart_name((bonx_chart_kind)view);
    }
}

void bonx_app_default_export_path(const bonx_app *a, char *buf, size_t len)
{
    snprintf(buf, len, "%s-%s.svg", a->loaded.name && a->loaded.name[0] ? a->loaded.name : "bonx",
             view_name(a->chart));
}

/* Draw the app's current view on cv (a figure attached records it). */
static int draw_view(const bonx_app *a, bonx_canvas *cv, char *err, size_t errlen)
{
    const bonx_extras *x = &a->extras;
    if (a->chart < BONX_CHART_COUNT) {
        bonx_chart_input in = {
            .dist = &a->dist, .curves = &a->curves, .labels = (const char *const *)a->table.labels,
            .n = a->n, .beta = a->beta, .tau = a->tau, .t = a->t,
            .pinned = a->has_pin ? &a->pinned : NULL,
        };
        return bonx_chart_draw(cv, (bonx_chart_kind)a->chart, &in, err, errlen);
    }
    int which = a->chart - BONX_VIEW_ASYM;
    if (which < 0 || which > 2 || !x->have[which] || x->err[which][0]) {
        snprintf(err, errlen, "%s", which >= 0 && which <= 2 && x->err[which][0]
                                        ? x->err[which] : "the view has nothing to show yet");
        return -1;
    }
    if (a->chart == BONX_VIEW_ASYM)
        return bonx_chart_asym_convergence(cv, x->asym, x->n_asym, err, errlen);
    if (a->chart == BONX_VIEW_CORPORA) {
        const char *names[BONX_EXTRAS_BANDS];
        for (size_t i = 0; i < BONX_EXTRAS_BANDS; i++)
            names[i] = x->names[i];
        return bonx_chart_draw_corpora(cv, &x->corp, names, err, errlen);
    }
    return bonx_chart_sim_histogram(cv, &x->sim, "KLhat", err, errlen);
}

/* The figure as SVG text in memory, then written atomically (atomic_file.c: symbolic links
 * written through, a killed export's temporary file removed by the next). */
static int write_atomically(const bonx_figure *fig, const char *path, char *err, size_t errlen)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int drawn = bonx_figure_write_svg(fig, mem, 10 * EXPORT_W, 20 * EXPORT_H) == 0;
    int closed = fclose(mem) == 0;
    int rc = -1;
    if (!drawn || !closed)
        snprintf(err, errlen, "out of memory");
    else
        rc = bonx_file_write_atomic(path, buf, len, err, errlen);
    free(buf);
    return rc;
}

int bonx_app_export_svg(bonx_app *a, const char *path)
{
    char err[512] = "";
    bonx_canvas *cv = bonx_canvas_new(EXPORT_W, EXPORT_H, 0);
    bonx_figure fig;
    bonx_figure_init(&fig);
    int rc = -1;
    if (!cv) {
        snprintf(err, sizeof err, "out of memory");
    } else {
        bonx_canvas_set_figure(cv, &fig);
        errno = 0;
        if (draw_view(a, cv, err, sizeof err) == 0) {
            if (!fig.framed || fig.oom)
                snprintf(err, sizeof err, "%s", fig.oom ? "out of memory" : "nothing drawn");
            else
                rc = write_atomically(&fig, path, err, sizeof err);
        }
    }
    bonx_figure_free(&fig);
    bonx_canvas_free(cv);
    if (rc == 0)
        bonx_app_say(a, "wrote %s (%s as SVG, %dx%d)", path, view_name(a->chart), 10 * EXPORT_W,
                     20 * EXPORT_H);
    else
        bonx_app_error(a, "export failed: %s; nothing written", err[0] ? err : "cannot draw");
    return rc;
}
