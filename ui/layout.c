/* SPDX-License-Identifier: MIT */
/* The explorer's layout tiers (see layout.h). */
#include "layout.h"

#include <string.h>

#define READOUT_ROWS 13    /* header, parameter row and 11 quantities */
#define LEFT_WIDTH 58      /* table + readout column in the wide tiers, at least */
#define LEFT_WIDTH_MAX 78  /* room for every table column */
#define WIDE_FROM 110
#define GRID_FROM 170
#define STACK_FROM 40
#define NOTE_MIN_ROWS 2    /* spare rows below the readout become a note pane from here */

static bonx_rect rect(int x, int y, int w, int h)
{
    bonx_rect r = {x, y, w > 0 ? w : 0, h > 0 ? h : 0};
    return r;
}

int bonx_rect_contains(const bonx_rect *r, int x, int y)
{
    return r->w > 0 && r->h > 0 && x >= r->x && x < r->x + r->w && y >= r->y && y < r->y + r->h;
}

static int table_rows_wanted(size_t k) { return (int)(k > 200 ? 200 : k) + 1; }

static int min_int(int a, int b) { return a < b ? a : b; }

/* Rows the readout does not need (it shows READOUT_ROWS at most) go to the preset's note:
 * on tall terminals the teaching point is read in full instead of leaving the rows empty. */
static void note_below_readout(bonx_layout *l)
{
    bonx_rect *r = &l->readout;
    int spare = r->h - READOUT_ROWS - 1;   /* one blank row between the two */
    if (spare < NOTE_MIN_ROWS)
        return;
    l->note = rect(r->x, r->y + READOUT_ROWS + 1, r->w, spare);
    r->h = READOUT_ROWS;
}

/* Up to 110 columns: everything stacked, the lower pane shared by readout and chart. */
static void small_tier(bonx_layout *l, size_t k, int charts_focused)
{
    int w = l->width, h = l->height;
    int lower_min = READOUT_ROWS;
    int table_h = min_int(table_rows_wanted(k), h - 4 - lower_min);
    if (charts_focused)   /* the chart needs the rows more than the table does */
        table_h = min_int(table_h, 4);
    if (table_h < 3)
        table_h = 3;
    int y = 1;
    l->table = rect(0, y, w, table_h);
    y += table_h;
    l->params = rect(0, y, w, 1);
    y += 1;
    l->tabs = rect(0, y, w, 1);
    y += 1;
    bonx_rect lower = rect(0, y, w, h - 1 - y);
    if (charts_focused) {
        l->n_charts = 1;
        l->charts[0] = lower;
    } else {
        l->readout = lower;
        note_below_readout(l);
    }
}

/* From 110 columns: left column of panes, charts on the right. */
static void wide_tier(bonx_layout *l, size_t k)
{
    int w = l->width, h = l->height;
    int left = w * 2 / 5;   /* wide screens give the table its policy columns */
    left = left < LEFT_WIDTH ? LEFT_WIDTH : left > LEFT_WIDTH_MAX ? LEFT_WIDTH_MAX : left;
    int table_h = min_int(table_rows_wanted(k), h - 3 - READOUT_ROWS - 1);
    if (table_h < 3)
        table_h = 3;
    int y = 1;
    l->table = rect(0, y, left, table_h);
    y += table_h;
    l->params = rect(0, y, left, 1);
    y += 1;
    l->readout = rect(0, y + 1, left, h - 1 - (y + 1));
    note_below_readout(l);
    int cx = left + 1, cw = w - cx, top = 2, ch = h - 1 - top;
    l->tabs = rect(cx, 1, cw, 1);
    if (w >= GRID_FROM && h >= STACK_FROM) {
        int hw = cw / 2, hh = ch / 2;
        l->n_charts = 4;
        l->charts[0] = rect(cx, top, hw, hh);
        l->charts[1] = rect(cx + hw, top, cw - hw, hh);
        l->charts[2] = rect(cx, top + hh, hw, ch - hh);
        l->charts[3] = rect(cx + hw, top + hh, cw - hw, ch - hh);
    } else if (h >= STACK_FROM) {
        int hh = ch / 2;
        l->n_charts = 2;
        l->charts[0] = rect(cx, top, cw, hh);
        l->charts[1] = rect(cx, top + hh, cw, ch - hh);
    } else {
        l->n_charts = 1;
        l->charts[0] = rect(cx, top, cw, ch);
    }
}

/* Lecture: note on top, one big chart, key numbers beside it, legend at the bottom. */
static void lecture_tier(bonx_layout *l)
{
    int w = l->width, h = l->height;
    int note_h = h >= 50 ? 8 : h >= 36 ? 6 : h >= 30 ? 4 : 3;   /* the note is the point */
    int legend_h = 2;
    l->note = rect(0, 1, w, note_h);
    l->tabs = rect(0, 1 + note_h, w, 1);
    int top = 2 + note_h, bottom = h - 1 - legend_h;
    l->legend = rect(0, bottom, w, legend_h);
    int side = w >= 120 ? LEFT_WIDTH : 0;
    l->n_charts = 1;
    l->charts[0] = rect(0, top, w - side, bottom - top);
    if (side)
        l->readout = rect(w - side + 1, top, side - 1, bottom - top);
    else
        l->params = rect(0, bottom - 1, w, 1);   /* the key numbers in one line */
    if (!side)
        l->charts[0].h--;
}

void bonx_layout_compute(bonx_layout *l, int width, int height, size_t k, int lecture,
                         int charts_focused)
{
    memset(l, 0, sizeof *l);
    l->width = width;
    l->height = height;
    l->lecture = lecture;
    if (width < BONX_MIN_WIDTH || height < BONX_MIN_HEIGHT) {
        l->too_small = 1;
        return;
    }
    l->header = rect(0, 0, width, 1);
    l->status = rect(0, height - 1, width, 1);
    if (lecture == BONX_LAYOUT_PROJECTOR) {   /* the chart, as large as the terminal */
        l->n_charts = 1;
        l->charts[0] = rect(0, 1, width, height - 2);
    } else if (lecture)
        lecture_tier(l);
    else if (width >= WIDE_FROM)
        wide_tier(l, k);
    else
        small_tier(l, k, charts_focused);
}
