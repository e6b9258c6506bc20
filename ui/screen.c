/* SPDX-License-Identifier: MIT */
/* Draw the whole explorer: lay out, then each view into its pane, overlays last. */
#include "screen.h"

#include <curses.h>
#include <string.h>
#include "views.h"

void bonx_screen_init(bonx_screen *s, int color, int ascii, int show_frames)
{
    memset(s, 0, sizeof *s);
    s->color = color;
    s->ascii = ascii;
    s->show_frames = show_frames;
}

void bonx_screen_free(bonx_screen *s)
{
    for (int i = 0; i < BONX_LAYOUT_MAX_CHARTS; i++)
        bonx_canvas_free(s->cv[i]);
    memset(s, 0, sizeof *s);
}

static int shown(const bonx_rect *r) { return r->w > 0 && r->h > 0; }

/* Key b adds six readout rows (the two gaps and their bounds): they come out of the note
 * pane below the readout, which keeps what is left if that is still two rows or more. */
enum { BOUND_ROWS = 6 };
static void readout_rows_for_bounds(bonx_layout *l)
{
    if (l->note.h <= 0 || l->note.w <= 0)
        return;
    int take = l->note.h + 1 < BOUND_ROWS ? l->note.h + 1 : BOUND_ROWS;
    l->readout.h += take;
    l->note.y += take;
    l->note.h -= take;
    if (l->note.h < 2)
        l->note.w = l->note.h = 0;
}

void bonx_screen_draw(bonx_screen *s, const bonx_app *a, int width, int height)
{
    bonx_layout *l = &s->layout;
    s->frames++;
    bonx_layout_compute(l, width, height, a->table.k,
                        a->projector ? BONX_LAYOUT_PROJECTOR : a->lecture,
                        a->focus == BONX_FOCUS_CHARTS);
    if (a->show_bounds && !a->projector)
        readout_rows_for_bounds(l);
    erase();
    if (l->too_small) {
        bonx_view_too_small(s, width, height);
        return;
    }
    bonx_view_header(s, a, &l->header);
    if (shown(&l->table))
        bonx_view_table(s, a, &l->table);
    if (shown(&l->params))
        bonx_view_params(s, a, &l->params);
    if (shown(&l->tabs))
        bonx_view_tabs(s, a, &l->tabs);
    if (shown(&l->note))
        bonx_view_note(s, a, &l->note);
    for (int i = 0; i < l->n_charts; i++)
        bonx_view_chart(s, a, i);
    if (shown(&l->readout))
        bonx_view_readout(s, a, &l->readout);
    if (shown(&l->legend))
        bonx_view_legend(s, a, &l->legend);
    bonx_view_status(s, a, &l->status);
    if (a->mode == BONX_MODE_HELP)
        bonx_view_help(s, a);
    else if (a->mode == BONX_MODE_PICKER)
        bonx_view_picker(s, a);
    else if (a->mode == BONX_MODE_SYMBOLS)
        bonx_view_symbols(s, a);
    else if (a->mode == BONX_MODE_NOTE)
        bonx_view_note_panel(s, a);
}

void bonx_screen_click(const bonx_screen *s, bonx_app *a, int x, int y)
{
    const bonx_layout *l = &s->layout;
    size_t outcome;
    int column, hit;
    if (l->too_small || a->mode != BONX_MODE_NORMAL)
        return;
    if (bonx_view_table_hit(a, &l->table, x, y, &outcome, &column)) {
        a->focus = BONX_FOCUS_TABLE;
        a->sel = outcome;
        if (column >= 0)
            a->col = (bonx_column)column;
    } else if ((hit = bonx_view_params_hit(s, a, &l->params, x, y)) >= 0) {
        a->focus = BONX_FOCUS_PARAMS;
        a->param = (bonx_param)hit;
    } else if ((hit = bonx_view_tabs_hit(a, &l->tabs, x, y)) >= 0) {
        a->focus = BONX_FOCUS_CHARTS;
        a->chart = hit;
    } else {
        for (int i = 0; i < l->n_charts; i++)
            if (bonx_rect_contains(&l->charts[i], x, y)) {
                a->focus = BONX_FOCUS_CHARTS;
                a->chart = bonx_screen_chart_of_pane(a, i);
            }
    }
    bonx_app_touch(a);
}
