/* SPDX-License-Identifier: MIT */
/* The readout: every number at the current point, named, for each policy side by side.
 * Rows that do not fit are dropped, least important first. */
#include "views.h"

#include <curses.h>
#include <math.h>
#include <stdio.h>

#define NAME_W 13
#define POLICIES 4

typedef struct readout_row {
    const char *name;
    int priority;              /* 0 always shown .. 3 first dropped */
    double v[POLICIES];        /* NaN: not defined for that policy */
} readout_row;

enum { ROWS = 20 };

static void fill_rows(const bonx_app *a, readout_row *rows)
{
    const bonx_readout *ro = &a->ro;
    const double x = NAN;
    double b_ok = ro->bon_ok ? 1 : x, k_ok = ro->klrl_ok ? 1 : x, c_ok = ro->cal_ok ? 1 : x,
           r_ok = ro->rr_ok ? 1 : x;
    const bonx_bon_stats *b = &ro->bon;
    /* seed 001's gaps and bounds (key b): priority 4 is never shown */
    const bonx_bounds *g = &ro->bounds;
    double g_ok = ro->bounds_ok ? 1 : x, bw_ok = ro->blockwise_ok ? 1 : x;
    int gp = a->show_bounds ? 2 : 4;
    readout_row r[ROWS] = {
        {"parameter", 1, {a->n, ro->klrl.beta * k_ok, ro->cal.beta * c_ok, a->tau}},
        {"KL exact", 0, {b->kl * b_ok, ro->klrl.kl * k_ok, ro->cal.kl * c_ok, ro->rr.kl * r_ok}},
        {"KL formula", 0, {b->kl_analytic * b_ok, x, x, x}},
        {"KL estimator", 1, {b->kl_estimate * b_ok, x, x, ro->rr.kl * r_ok}},
        {" tilted min", 3, {a->t > 0 ? b->est_tilt_lo * b_ok : x, x, x, x}},
        {" tilted max", 3, {a->t > 0 ? b->est_tilt_hi * b_ok : x, x, x, x}},
        {"bound (min)", 2, {b->kl_bound_min * b_ok, x, x, x}},
        {"bound (sat)", 2, {b->kl_bound_sat * b_ok, x, x, x}},
        {"win rate", 0, {b->win_rate * b_ok, ro->klrl.win_rate * k_ok, ro->cal.win_rate * c_ok,
                         ro->rr.win_rate * r_ok}},
        {"WR bound", 1, {b->win_rate_bound * b_ok, x, x, x}},
        {"reward", 0, {b->reward * b_ok, ro->klrl.reward * k_ok, ro->cal.reward * c_ok,
                       ro->rr.reward * r_ok}},
        {"draws", 1, {b->expected_draws * b_ok, ro->klrl_draws * k_ok, ro->cal_draws * c_ok,
                      ro->rr.expected_trials * r_ok}},
        {"KL gap", gp, {g->kl_gap * g_ok, x, x, x}},
        {" <= Thm 3.4", gp, {g->kl_gap_upper * g_ok, x, x, x}},
        {" >= Thm 3.6", gp, {fmax(g->kl_gap_lower, g->kl_gap_lower_asym) * g_ok, x, x, x}},
        {"WR gap", gp, {g->win_rate_gap * g_ok, x, x, x}},
        {" <= Thm 5.4", gp, {g->win_rate_gap_upper * g_ok, x, x, x}},
        {" >= Thm 5.6", gp, {fmax(g->win_rate_gap_lower, g->win_rate_gap_lower_asym) * g_ok,
                             x, x, x}},
        /* seed 001 App B: blockwise best-of-n for the preset's length law and block length
         * ("blockwise:", "block:"; by default lengths 1..4 uniform, blocks of 2 tokens) */
        {"blockwise KL", gp, {ro->blockwise.kl * bw_ok, x, x, x}},
        {" <= Thm B.1", gp, {ro->blockwise.kl_bound * bw_ok, x, x, x}},
    };
    for (int i = 0; i < ROWS; i++)
        rows[i] = r[i];
}

void bonx_view_readout(const bonx_screen *s, const bonx_app *a, const bonx_rect *r)
{
    static const char *const heads[POLICIES] = {"best-of-n", "KL-RL", "KL-RL(C)", "rewind"};
    readout_row rows[ROWS];
    fill_rows(a, rows);
    int colw = (r->w - NAME_W) / POLICIES;
    if (colw > 11)
        colw = 11;
    if (colw < 5 || r->h < 2)
        return;
    int head = bonx_term_style(BONX_STYLE_HEADER, s->color, a->lecture);
    int norm = bonx_term_style(BONX_STYLE_NORMAL, s->color, a->lecture);
    bonx_putf(r->y, r->x, NAME_W, head, "%-*s", NAME_W - 1, "readout");
    for (int p = 0; p < POLICIES; p++)
        bonx_putf(r->y, r->x + NAME_W + p * colw, colw, head, "%*s", colw - 1, heads[p]);
    int max_priority = 3, shown;
    do {   /* drop the least important rows until the rest fit */
        shown = 0;
        for (int i = 0; i < ROWS; i++)
            shown += rows[i].priority <= max_priority;
    } while (shown > r->h - 1 && --max_priority >= 0);
    int y = r->y + 1;
    for (int i = 0; i < ROWS && y < r->y + r->h; i++) {
        if (rows[i].priority > max_priority)
            continue;
        const char *name = rows[i].name;
        if (i == 0)
            name = s->ascii ? "n/beta/tau" : "n / β / τ";
        bonx_putf(y, r->x, NAME_W, (int)A_BOLD, "%-*s", NAME_W - 1, name);
        for (int p = 0; p < POLICIES; p++) {
            char num[32];
            bonx_fmt_num(rows[i].v[p], colw - 1, num, sizeof num);
            bonx_putf(y, r->x + NAME_W + p * colw, colw, isnan(rows[i].v[p]) ? (int)A_DIM : norm,
                      "%*s", colw - 1, num);
        }
        y++;
    }
}
