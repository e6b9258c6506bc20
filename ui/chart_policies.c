/* SPDX-License-Identifier: MIT */
/* The tradeoff chart (win rate vs KL) and the reward chart (expected reward vs KL): every
 * policy family of core/curves.h on one pair of axes, the current n / beta / tau marked. */
#include "chart_util.h"

#include <math.h>
#include <stdio.h>

#define TP_FIELD(c, i, f) (&(c)->tradeoff[i].f), sizeof(bonx_tradeoff_point)

static double tp_value(const bonx_tradeoff_point *t, int reward)
{
    return reward ? t->reward : t->win_rate;
}

/* Right end of the KL axis: every family except the analytical formula, with room; the
 * formula (which grows like log n) may run out on the right. */
static double kl_axis_right(const bonx_curves *c)
{
    double others = c->kl_ceiling > 0.0 && isfinite(c->kl_ceiling) ? c->kl_ceiling : 0.0;
    double analytic = 0.0;
    for (size_t i = 0; i < c->n_tradeoff; i++) {
        double kl = c->tradeoff[i].kl;
        if (!isfinite(kl))
            continue;
        if (c->tradeoff[i].policy == BONX_POLICY_BON_ANALYTIC)
            analytic = fmax(analytic, kl);
        else
            others = fmax(others, kl);
    }
    double right = fmin(fmax(others, analytic), others * 1.6);
    return right > 0.0 ? right : 1.0;
}

static void value_range(const bonx_curves *c, int reward, double xmax, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t i = 0; i < c->n_tradeoff; i++) {
        double v = tp_value(&c->tradeoff[i], reward);
        if (isfinite(v) && c->tradeoff[i].kl <= xmax) {
            *lo = fmin(*lo, v);
            *hi = fmax(*hi, v);
        }
    }
}

static void draw_family(bonx_plot *pl, const bonx_plot_series *s, const bonx_curves *c,
                        bonx_policy p, int reward)
{
    size_t first, end;
    bonx_chart_policy_range(c, p, &first, &end);
    if (end <= first)
        return;
    const double *y = reward ? &c->tradeoff[first].reward : &c->tradeoff[first].win_rate;
    if (s->kind == BONX_SERIES_POINTS)
        bonx_plot_points(pl, s, TP_FIELD(c, first, kl), y, sizeof(bonx_tradeoff_point),
                         end - first);
    else
        bonx_plot_line(pl, s, TP_FIELD(c, first, kl), y, sizeof(bonx_tradeoff_point),
                       end - first);
}

/* The current n, beta and tau as points on their families. */
static void mark_current(bonx_plot *pl, const bonx_plot_series *s, const bonx_chart_input *in,
                         int reward)
{
    bonx_bon_stats b;
    if (bonx_chart_has_n(in) && bonx_bon_stats_at(in->dist, in->n, 0.0, &b, NULL) == 0)
        bonx_plot_mark(pl, &s[0], b.kl, reward ? b.reward : b.win_rate);
    bonx_tilt_stats t;
    if (bonx_chart_has_beta(in) &&
        bonx_tilt_stats_at(in->dist, BONX_TILT_REWARD, in->beta, &t, NULL) == 0)
        bonx_plot_mark(pl, &s[1], t.kl, reward ? t.reward : t.win_rate);
    bonx_rr_stats r;
    if (bonx_chart_has_tau(in) && bonx_rr_stats_at(in->dist, in->tau, &r, NULL) == 0)
        bonx_plot_mark(pl, &s[2], r.kl, reward ? r.reward : r.win_rate);
}

int bonx_chart_draw_policies(bonx_canvas *cv, const bonx_chart_input *in, int reward,
                             char *err, size_t errlen)
{
    const bonx_curves *c = in->curves;
    chart_current cur;
    bonx_chart_current_series(in, CHART_CUR_N | CHART_CUR_BETA | CHART_CUR_TAU, &cur);
    bonx_plot_series s[] = {
        {"best-of-n", BONX_SERIES_LINE, CHART_C_BON, BONX_LINE_SOLID, "●", '*'},
        {"best-of-n, reported KL", BONX_SERIES_LINE, CHART_C_ANALYTIC, BONX_LINE_DASHED, "■", 'x'},
        {"KL-RL", BONX_SERIES_LINE, CHART_C_KLRL, BONX_LINE_SOLID, "▲", '+'},
        {"optimal (calibrated KL-RL)", BONX_SERIES_LINE, CHART_C_CAL, BONX_LINE_DOTTED, "▼", '~'},
        {"rewind-and-repeat", BONX_SERIES_POINTS, CHART_C_RR, BONX_LINE_SOLID, "○", 'o'},
        cur.s[0], cur.s[1], cur.s[2],
        {"best-of-n is above (Thm A.6)", BONX_SERIES_LINE, CHART_C_CURRENT, BONX_LINE_DOTTED,
         "△", '^'},
        {"best-of-n is below (Thm A.7)", BONX_SERIES_LINE, CHART_C_CURRENT, BONX_LINE_DASHED,
         "▽", 'v'},
        {"Conj 7.2: (log m - (m-1)/m, m/(m+1))", BONX_SERIES_LINE, CHART_C_ANALYTIC,
         BONX_LINE_DOTTED, "◇", '%'},
        bonx_chart_pinned_series,
    };
    /* seed 001 section 7 (key b): on the win-rate chart only, never the reward chart */
    int with_bounds = !reward && in->bounds && c->has_bounds;
    static const unsigned curve[] = {BONX_CURVE_BON, BONX_CURVE_FORMULA, BONX_CURVE_KLRL,
                                     BONX_CURVE_CALIBRATED, BONX_CURVE_RR, 0, 0, 0, 0, 0, 0, 0};
    /* s[8..10]: the bounds (key b); the pin last, moved up when there are no bounds */
    size_t ns = with_bounds ? 11 : 8;
    if (in->pinned)
        s[ns++] = s[11];
    if (c->n_rr > CHART_RR_MAX_POINTS) {
        s[4].kind = BONX_SERIES_LINE;
        s[4].style = BONX_LINE_DOTTED;
    }
    double xmax = kl_axis_right(c), ylo, yhi;
    value_range(c, reward, xmax, &ylo, &yhi);
    if (!reward) {
        /* win rates start at 1/2 (p against itself); the top follows the data, so a
         * distribution whose best win rate is 0.75 does not leave a third of the chart empty */
        ylo = 0.5;
        yhi = isfinite(yhi) && yhi > 0.5 ? fmin(yhi, 1.0) : 1.0;
    }
    bonx_plot_frame fr = {
        .title = reward ? "expected reward vs KL" : "win rate against p vs KL",
        .xname = "KL", .yname = reward ? "reward" : "win rate",
        .xlo = 0.0, .xhi = xmax, .xnice = 1, .ylo = ylo, .yhi = yhi, .ynice = 1,
        .series = s, .nseries = ns};
    bonx_plot pl;
    if (bonx_plot_begin_shown(&pl, cv, &fr, curve, in->hide) != 0)
        return 0;
    for (size_t w = 0; with_bounds && w < 3; w++)
        bonx_plot_line(&pl, &s[8 + w], c->trade_kl + w * c->n_bon, sizeof(double),
                       c->trade_wr + w * c->n_bon, sizeof(double), c->n_bon);
    if (in->pinned) {   /* best-of-n and the optimal frontier as they were */
        bonx_plot_set_dim(&pl, 1);
        draw_family(&pl, &bonx_chart_pinned_series, in->pinned, BONX_POLICY_BON, reward);
        bonx_plot_series unnamed = bonx_chart_pinned_series;
        unnamed.name = "";
        draw_family(&pl, &unnamed, in->pinned, BONX_POLICY_KLRL_CALIBRATED, reward);
        bonx_plot_set_dim(&pl, 0);
    }
    draw_family(&pl, &s[1], c, BONX_POLICY_BON_ANALYTIC, reward);
    draw_family(&pl, &s[3], c, BONX_POLICY_KLRL_CALIBRATED, reward);
    draw_family(&pl, &s[2], c, BONX_POLICY_KLRL, reward);
    draw_family(&pl, &s[0], c, BONX_POLICY_BON, reward);
    draw_family(&pl, &s[4], c, BONX_POLICY_RR, reward);
    mark_current(&pl, &s[5], in, reward);
    bonx_plot_end(&pl);
    (void)err; (void)errlen;
    return 0;
}
