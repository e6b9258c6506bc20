/* The simplex chart (K = 3): the probability triangle with the lowest-reward outcome at the
 * bottom left, the middle one at the bottom right and the top outcome at the apex, and the
 * paths of best-of-n (over n), KL-RL (over beta) and rewind-and-repeat (over tau) from p
 * towards the top outcome. */
#include "chart_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SQRT3_2 0.86602540378443864676

/* The triangle in dot coordinates. */
typedef struct tri {
    double left, base, side;
    size_t v[3];              /* outcome index at bottom left, bottom right, apex */
} tri;

static void tri_point(const tri *t, const double *pi, double *x, double *y)
{
    *x = t->left + t->side * (pi[t->v[1]] + 0.5 * pi[t->v[2]]);
    *y = t->base - t->side * SQRT3_2 * pi[t->v[2]];
}

/* Largest triangle that fits the plot area below a label row and above another. */
static void tri_layout(tri *t, const bonx_plot *pl)
{
    double top = 4.0 * (pl->y0 + 1), bottom = 4.0 * (pl->y1 - 1) + 3.0;
    double lft = 2.0 * (pl->x0 + 1), rgt = 2.0 * (pl->x1 - 1) + 1.0;
    double side = fmin(rgt - lft, (bottom - top) / SQRT3_2);
    t->side = side > 1.0 ? side : 1.0;
    t->left = (lft + rgt - t->side) / 2.0;
    t->base = bottom;
}

static void draw_edges(bonx_plot *pl, const tri *t)
{
    double ax = t->left, bx = t->left + t->side, cx = t->left + t->side / 2.0;
    double cy = t->base - t->side * SQRT3_2;
    bonx_canvas_line(pl->cv, ax, t->base, bx, t->base, 0, '.', BONX_LINE_SOLID);
    bonx_canvas_line(pl->cv, ax, t->base, cx, cy, 0, '.', BONX_LINE_SOLID);
    bonx_canvas_line(pl->cv, bx, t->base, cx, cy, 0, '.', BONX_LINE_SOLID);
}

/* A vertex label with its reward if that fits in [from, to], else the label alone, else
 * nothing: a reward is never shown cut short.  align: 0 left at at, 1 right-aligned ending at
 * at, 2 centred on at.  Returns the column after the text (or from when nothing fits). */
static int place_label(bonx_plot *pl, int y, const char *full, const char *bare, int at,
                       int align, int from, int to)
{
    const char *choice[2] = {full, bare};
    for (int c = 0; c < 2; c++) {
        int w = bonx_utf8_width(choice[c]);
        int x = align == 0 ? at : align == 1 ? at - w + 1 : at - (w - 1) / 2;
        if (x < from)
            x = from;
        if (x + w - 1 <= to) {
            bonx_canvas_text(pl->cv, x, y, choice[c], 0);
            return x + w;
        }
    }
    return from;
}

static void vertex_labels(bonx_plot *pl, const tri *t, const bonx_chart_input *in)
{
    char full[3][96], bare[3][32];
    for (int j = 0; j < 3; j++) {
        char num[32];
        size_t i = t->v[j];
        bonx_chart_num(num, sizeof num, in->dist->r[i]);
        const char *label = bonx_chart_label(in, i, bare[j], sizeof bare[j]);
        snprintf(bare[j], sizeof bare[j], "%s", label);
        snprintf(full[j], sizeof full[j], "%s (r = %s)", label, num);
    }
    int lx = (int)floor(t->left / 2.0), rx = (int)floor((t->left + t->side) / 2.0);
    int cx = (int)floor((t->left + t->side / 2.0) / 2.0);
    int apex_row = (int)floor((t->base - t->side * SQRT3_2 + 0.5) / 4.0) - 1;
    int next = place_label(pl, pl->y1, full[0], bare[0], lx, 0, pl->x0, pl->x1);
    place_label(pl, pl->y1, full[1], bare[1], rx, 1, next + 1, pl->x1);
    place_label(pl, apex_row, full[2], bare[2], cx, 2, pl->x0, pl->x1);
}

/* A family's path: pmf at each parameter, mapped into the triangle; returns points drawn. */
typedef int (*pmf_fn)(const bonx_dist *d, double param, double *pi);

static int pmf_bon(const bonx_dist *d, double n, double *pi) { return bonx_bon_pmf(d, n, pi, NULL); }
static int pmf_klrl(const bonx_dist *d, double b, double *pi)
{
    return bonx_tilt_pmf(d, BONX_TILT_REWARD, b, pi, NULL);
}
static int pmf_rr(const bonx_dist *d, double tau, double *pi) { return bonx_rr_pmf(d, tau, pi, NULL); }

static void draw_path(bonx_plot *pl, const tri *t, const bonx_plot_series *s,
                      const bonx_dist *d, pmf_fn fn, const double *param, size_t stride,
                      size_t n, int points)
{
    double *xy = malloc(2 * (n ? n : 1) * sizeof *xy);
    if (!xy)
        return;
    for (size_t i = 0; i < n; i++) {
        double pi[3], par = *(const double *)(const void *)((const char *)param + i * stride);
        if (fn(d, par, pi) == 0)
            tri_point(t, pi, &xy[i], &xy[n + i]);
        else
            xy[i] = xy[n + i] = NAN;
    }
    if (points)
        bonx_plot_points(pl, s, xy, sizeof *xy, xy + n, sizeof *xy, n);
    else
        bonx_plot_line(pl, s, xy, sizeof *xy, xy + n, sizeof *xy, n);
    free(xy);
}

static void mark_current(bonx_plot *pl, const tri *t, const bonx_plot_series *s,
                         const bonx_chart_input *in)
{
    double pi[3], x, y;
    if (bonx_chart_has_n(in) && pmf_bon(in->dist, in->n, pi) == 0) {
        tri_point(t, pi, &x, &y);
        bonx_plot_mark(pl, s, x, y);
    }
    if (bonx_chart_has_beta(in) && pmf_klrl(in->dist, in->beta, pi) == 0) {
        tri_point(t, pi, &x, &y);
        bonx_plot_mark(pl, s, x, y);
    }
    if (bonx_chart_has_tau(in) && pmf_rr(in->dist, in->tau, pi) == 0) {
        tri_point(t, pi, &x, &y);
        bonx_plot_mark(pl, s, x, y);
    }
}

int bonx_chart_draw_simplex(bonx_canvas *cv, const bonx_chart_input *in, char *err, size_t errlen)
{
    const bonx_dist *d = in->dist;
    const bonx_curves *c = in->curves;
    if (d->k != 3)
        return bonx_chart_fail(err, errlen, "the simplex chart needs K = 3 outcomes (this has K = %zu)",
                               d->k);
    char cur[128];
    bonx_chart_current_name(in, CHART_CUR_N | CHART_CUR_BETA | CHART_CUR_TAU, cur, sizeof cur);
    bonx_plot_series s[] = {
        {"best-of-n", BONX_SERIES_LINE, CHART_C_BON, BONX_LINE_SOLID, "●", '*'},
        {"KL-RL", BONX_SERIES_LINE, CHART_C_KLRL, BONX_LINE_DASHED, "▲", '+'},
        {"rewind-and-repeat", BONX_SERIES_POINTS, CHART_C_RR, BONX_LINE_SOLID, "■", 'o'},
        {"p", BONX_SERIES_MARK, BONX_COLOR_DEFAULT, BONX_LINE_SOLID, "○", 'P'},
        {cur, BONX_SERIES_MARK, CHART_C_CURRENT, BONX_LINE_SOLID, CHART_MARK_CURRENT,
         CHART_GLYPH_CURRENT},
    };
    static const unsigned curve[] = {BONX_CURVE_BON, BONX_CURVE_KLRL, BONX_CURVE_RR,
                                     BONX_CURVE_P, 0};
    bonx_plot_frame fr = {.title = "probability simplex: each family from p to the top outcome",
                          .no_axes = 1, .series = s, .nseries = sizeof s / sizeof s[0]};
    bonx_plot pl;
    if (bonx_plot_begin_shown(&pl, cv, &fr, curve, in->hide) != 0)
        return 0;
    /* Data are given in dot coordinates: identity axes. */
    bonx_axis_init(&pl.x, 0.0, 1.0, 0, 0.0, 1.0);
    bonx_axis_init(&pl.y, 0.0, 1.0, 0, 0.0, 1.0);
    size_t *ord = bonx_chart_reward_order(d);
    if (!ord) {
        bonx_plot_end(&pl);
        return bonx_chart_fail(err, errlen, "out of memory");
    }
    tri t;
    tri_layout(&t, &pl);
    memcpy(t.v, ord, sizeof t.v);
    free(ord);
    draw_edges(&pl, &t);
    vertex_labels(&pl, &t, in);
    if (c->n_tilt > 0)
        draw_path(&pl, &t, &s[1], d, pmf_klrl, &c->tilt[0].beta, sizeof(bonx_tilt_stats),
                  c->n_tilt, 0);
    draw_path(&pl, &t, &s[0], d, pmf_bon, &c->bon[0].n, sizeof(bonx_bon_stats), c->n_bon, 0);
    if (c->n_rr > 0)
        draw_path(&pl, &t, &s[2], d, pmf_rr, &c->rr[0].tau, sizeof(bonx_rr_stats), c->n_rr, 1);
    double x, y;
    tri_point(&t, d->p, &x, &y);
    bonx_plot_mark(&pl, &s[3], x, y);
    mark_current(&pl, &t, &s[4], in);
    bonx_plot_end(&pl);
    return 0;
}
