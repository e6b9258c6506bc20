/* SPDX-License-Identifier: MIT */
/* The distribution table: label, weight, p, reward (ties marked), calibrated reward and the
 * probability of each outcome under each policy at the current point.  Columns that do not
 * fit the pane are left out, policies first. */
#include "views.h"
#include "u8width.h"

#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "elementary.h"

typedef enum { C_LABEL, C_WEIGHT, C_P, C_REWARD, C_Q, C_CAL, C_BON, C_KLRL, C_OPT, C_RR,
               C_COUNT } col_id;

typedef struct column {
    col_id id;
    int width;
    const char *head, *head_ascii;
} column;

static const column columns[C_COUNT] = {
    {C_LABEL, 9, "label", "label"},   {C_WEIGHT, 9, "weight", "weight"},
    {C_P, 8, "p", "p"},               {C_REWARD, 10, "reward", "reward"},
    {C_Q, 9, "q=e^r", "q=e^r"},       {C_CAL, 6, "C", "C"},             {C_BON, 8, "π n", "pi_n"},
    {C_KLRL, 8, "π β", "pi_b"},       {C_OPT, 8, "π β(C)", "pi_bC"},
    {C_RR, 8, "π τ", "pi_tau"},
};

/* Which columns fit in width (label, weight, p, reward always; q = exp(reward) next when the
 * preset says its rewards are log q). */
static int fit_columns(const bonx_app *a, int width, col_id *out)
{
    static const col_id order[C_COUNT] = {C_LABEL, C_WEIGHT, C_P, C_REWARD, C_Q, C_BON, C_KLRL,
                                          C_RR, C_CAL, C_OPT};
    int used = 2, n = 0;   /* 2: selection mark */
    for (int i = 0; i < C_COUNT; i++) {
        if (order[i] == C_Q && !a->loaded.rewards_log_q)
            continue;
        int w = columns[order[i]].width;
        if (i >= 4 && used + w > width)
            continue;
        used += w;
        out[n++] = order[i];
    }
    /* keep the on-screen order of the enum */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && out[j] < out[j - 1]; j--) {
            col_id t = out[j];
            out[j] = out[j - 1];
            out[j - 1] = t;
        }
    return n;
}

static int is_tied(const bonx_dist *d, size_t i)
{
    long g = d->group[i];
    return g >= 0 && d->g_first[g + 1] - d->g_first[g] > 1;
}

static double value_of(const bonx_app *a, col_id id, size_t i)
{
    const bonx_readout *ro = &a->ro;
    double nan = 0.0 / 0.0;
    switch (id) {
    case C_WEIGHT: return a->table.w[i];
    case C_P: return a->dist.p[i];
    case C_REWARD: return a->table.r[i];
    case C_Q: {   /* q = exp(log q); a reward past log(DBL_MAX) has no q to show */
        double q = bonx_exp(a->table.r[i]);
        return isfinite(q) ? q : nan;
    }
    case C_CAL: return bonx_dist_C(&a->dist, i);
    case C_BON: return ro->bon_ok ? ro->pi_bon[i] : nan;
    case C_KLRL: return ro->klrl_ok ? ro->pi_klrl[i] : nan;
    case C_OPT: return ro->cal_ok ? ro->pi_cal[i] : nan;
    case C_RR: return ro->rr_ok ? ro->pi_rr[i] : nan;
    default: return nan;
    }
}

static bonx_column editable_of(col_id id)
{
    return id == C_LABEL ? BONX_COL_LABEL : id == C_WEIGHT ? BONX_COL_WEIGHT
         : id == C_REWARD ? BONX_COL_REWARD : BONX_COL_COUNT;
}

/* The line editor drawn over the cell being edited. */
static void draw_cell_editor(const bonx_screen *s, const bonx_app *a, int y, int x, int max)
{
    const bonx_line_editor *le = &a->editor;
    int w = max < 20 ? max : 20;
    int attr = bonx_term_style(BONX_STYLE_SELECTED, s->color, a->lecture);
    size_t first = le->cur >= (size_t)w ? le->cur - (size_t)w + 1 : 0;
    char field[64];
    snprintf(field, sizeof field, "%-*.*s", w, w, le->buf + first);
    bonx_put(y, x, w, field, attr);
    char cur[2] = {le->cur < le->len ? le->buf[le->cur] : ' ', '\0'};
    bonx_put(y, x + (int)(le->cur - first), 1, cur, bonx_term_style(BONX_STYLE_CURSOR, s->color, 0));
}

static void draw_row(const bonx_screen *s, const bonx_app *a, const bonx_rect *r, int y,
                     size_t i, const col_id *cols, int ncols)
{
    int selected = i == a->sel, focus = a->focus == BONX_FOCUS_TABLE;
    int base = a->dist.p[i] > 0 ? bonx_term_style(BONX_STYLE_NORMAL, s->color, a->lecture)
                                : bonx_term_style(BONX_STYLE_DIM, s->color, a->lecture);
    if (selected)
        base = focus ? bonx_term_style(BONX_STYLE_SELECTED, s->color, a->lecture) : (int)A_BOLD;
    int x = r->x, end = r->x + r->w;
    bonx_put(y, x, 2, selected ? (s->ascii ? "> " : "▸ ") : "  ", base);
    x += 2;
    for (int c = 0; c < ncols && x < end; c++) {
        const column *col = &columns[cols[c]];
        char text[64], num[32];
        if (col->id == C_LABEL) {
            /* cut and padded by columns, not bytes: "crème" and "甲乙" line up too */
            int used;
            size_t bytes = bonx_u8_fit(a->table.labels[i], col->width - 1, &used);
            snprintf(text, sizeof text, "%.*s%*s", (int)bytes, a->table.labels[i],
                     col->width - 1 - used, "");
        } else {
            int numw = col->width - (col->id == C_REWARD ? 2 : 1);
            bonx_fmt_num(value_of(a, col->id, i), numw, num, sizeof num);
            snprintf(text, sizeof text, "%*s", numw, num);
        }
        int attr = base;
        int editable = editable_of(col->id) != BONX_COL_COUNT;
        if (selected && focus && editable && editable_of(col->id) == a->col)
            attr = bonx_term_style(BONX_STYLE_CURSOR, s->color, a->lecture);
        if (selected && a->mode == BONX_MODE_EDIT && a->edit_target == BONX_EDIT_CELL &&
            editable && editable_of(col->id) == a->col) {
            draw_cell_editor(s, a, y, x, end - x);
            x += col->width;
            continue;
        }
        bonx_put(y, x, end - x, text, attr);
        if (col->id == C_REWARD)   /* tie mark right after the reward */
            bonx_put(y, x + col->width - 2, end - x - col->width + 2, is_tied(&a->dist, i) ? "=" : " ",
                     bonx_term_style(BONX_STYLE_TIE, s->color, a->lecture));
        bonx_put(y, x + col->width - 1, end - x - col->width + 1, " ", base);
        x += col->width;
    }
    if (selected && x < end)   /* the selection bar spans the pane */
        bonx_putf(y, x, end - x, base, "%*s", end - x, "");
}

/* First table row shown: the selection stays in view, near the middle. */
static size_t first_row(const bonx_app *a, const bonx_rect *r)
{
    size_t k = a->table.k, vis = r->h > 1 ? (size_t)(r->h - 1) : 0;
    size_t sel_row = bonx_app_row_of(a, a->sel), first = 0;
    if (k > vis && vis > 0) {
        first = sel_row > vis / 2 ? sel_row - vis / 2 : 0;
        if (first + vis > k)
            first = k - vis;
    }
    return first;
}

int bonx_view_table_hit(const bonx_app *a, const bonx_rect *r, int x, int y, size_t *outcome,
                        int *colp)
{
    if (!bonx_rect_contains(r, x, y) || y == r->y)
        return 0;
    size_t row = first_row(a, r) + (size_t)(y - r->y - 1);
    if (row >= a->table.k)
        return 0;
    *outcome = a->rows[row];
    *colp = -1;
    col_id cols[C_COUNT];
    int ncols = fit_columns(a, r->w, cols), cx = r->x + 2;
    for (int c = 0; c < ncols; c++) {
        if (x >= cx && x < cx + columns[cols[c]].width && editable_of(cols[c]) != BONX_COL_COUNT)
            *colp = (int)editable_of(cols[c]);
        cx += columns[cols[c]].width;
    }
    return 1;
}

void bonx_view_table(const bonx_screen *s, const bonx_app *a, const bonx_rect *r)
{
    col_id cols[C_COUNT];
    int ncols = fit_columns(a, r->w, cols);
    int head = bonx_term_style(BONX_STYLE_HEADER, s->color, a->lecture);
    int x = r->x + 2;
    bonx_put(r->y, r->x, 2, a->table_order ? "  " : (s->ascii ? "^ " : "↑ "), head);
    for (int c = 0; c < ncols; c++) {
        const column *col = &columns[cols[c]];
        const char *name = s->ascii ? col->head_ascii : col->head;
        if (col->id == C_LABEL)
            bonx_putf(r->y, x, r->x + r->w - x, head, "%-*s", col->width - 1, name);
        else
            bonx_putf(r->y, x, r->x + r->w - x, head, "%*s",
                      col->width - (col->id == C_REWARD ? 2 : 1), name);
        x += col->width;
    }
    size_t k = a->table.k, vis = r->h > 1 ? (size_t)(r->h - 1) : 0;
    size_t first = first_row(a, r);
    for (size_t row = first; row < k && row - first < vis; row++)
        draw_row(s, a, r, r->y + 1 + (int)(row - first), a->rows[row], cols, ncols);
    if (k > vis && vis > 0)   /* scroll position */
    {
        char pos[48];
        int n = snprintf(pos, sizeof pos, " %zu-%zu/%zu", first + 1, first + vis < k ? first + vis : k, k);
        if (r->x + r->w - n >= x)   /* only where the column heads leave room */
            bonx_put(r->y, r->x + r->w - n, n, pos, (int)A_DIM);
    }
}
