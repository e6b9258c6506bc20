/* SPDX-License-Identifier: MIT */
/* The keys that act on the charts rather than on the table or the parameters: z types the n
 * axis range, Z gives it back to the data; P projector mode; x pins the curves, X clears the
 * pin; e exports the current chart as SVG.  (Kept apart from app_keys.c, which maps the
 * table and parameter keys.) */
#include "app_state.h"

#include <stdio.h>
#include <string.h>
#include "n_range.h"

static void start_n_range(bonx_app *a)
{
    char text[64];
    if (a->n_range_set)
        snprintf(text, sizeof text, "%.6g:%.6g", a->n_lo, a->n_hi);
    else
        text[0] = '\0';
    a->mode = BONX_MODE_EDIT;
    a->edit_target = BONX_EDIT_N_RANGE;
    bonx_line_start(&a->editor, text);
}

/* After the n axis was given back to the data: where it ends, or (found on the background
 * thread) that it follows; the end is said once the curves are shown. */
static void say_auto(bonx_app *a)
{
    if (a->curves_pending)
        bonx_app_say(a, "n axis follows the data (computing)");
    else
        bonx_app_say(a, "n axis follows the data: 1 to %.3g", a->n_hi);
}

static void commit_n_range(bonx_app *a, const char *text)
{
    double lo, hi;
    char err[160];
    const char *t = text;
    while (*t == ' ')
        t++;
    if (!*t || !strcmp(t, "auto")) {
        bonx_app_auto_n_range(a);
        say_auto(a);
    } else if (bonx_parse_n_range(t, &lo, &hi, err, sizeof err) != 0) {
        bonx_app_error(a, "%s; n axis kept", err);
    } else if (bonx_app_set_n_range(a, lo, hi) == 0) {
        bonx_app_say(a, "n axis %g to %g (Z: automatic)", lo, hi);
    }
}

static void start_export(bonx_app *a)
{
    char path[1024];
    bonx_app_default_export_path(a, path, sizeof path);
    a->mode = BONX_MODE_EDIT;
    a->edit_target = BONX_EDIT_EXPORT_PATH;
    bonx_line_start(&a->editor, path);
}

int bonx_app_commit_chart_edit(bonx_app *a, const char *text)
{
    switch (a->edit_target) {
    case BONX_EDIT_N_RANGE: commit_n_range(a, text); return 1;
    case BONX_EDIT_EXPORT_PATH:
        if (text[0])
            bonx_app_export_svg(a, text);
        else
            bonx_app_error(a, "export cancelled: empty file name");
        return 1;
    default: return 0;
    }
}

static void toggle_projector(bonx_app *a)
{
    a->projector = !a->projector;
    bonx_app_say(a, a->projector ? "projector mode: one chart, thick lines (P leaves, [ ] charts)"
                                 : "projector mode off");
}

int bonx_app_key_chart(bonx_app *a, int key)
{
    switch (key) {
    case 'z': start_n_range(a); break;
    case 'Z':
        bonx_app_auto_n_range(a);
        say_auto(a);
        break;
    case 'P': toggle_projector(a); break;
    case 'x': bonx_app_pin(a); break;
    case 'X': bonx_app_unpin(a); break;
    case 'e': start_export(a); break;
    default: return 0;
    }
    bonx_app_touch(a);
    return 1;
}
