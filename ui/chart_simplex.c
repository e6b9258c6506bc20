/* SPDX-License-Identifier: MIT */
/* The simplex chart (K = 3): the probability triangle with the lowest-reward outcome at the
 * bottom left, the middle one at the bottom right and the top outcome at the apex; the paths of
 * best-of-n (over n), KL-RL (over beta), the calibrated KL-RL (the win-rate-optimal path, seed
 * 001 Fig. 7) and rewind-and-repeat (over tau) from p towards the top outcome; and contours of
 * KL to p (through the current best-of-n point, and at half and twice its KL) and of the
 * expected reward (through p and through the current best-of-n point), as on seed 003's slides.
 *
 * Data coordinates: x = pi(bottom right) + pi(apex)/2 in [0, 1], y = (sqrt 3 / 2) pi(apex), so
 * the triangle is equilateral and a figure (SVG, CSV) gets the same geometry. */
#include "chart_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "elementary.h"

#define SQRT3_2 0.86602540378443864676
#define GRID_X 96            /* marching-squares cells across the triangle */

/* The triangle: its place in dots, and which outcome sits at each vertex. */
typedef struct tri {
    double left, base, side;
    size_t v[3];              /* outcome index at bottom left, bottom right, apex */
} tri;

static void tri_point(const tri *t, const double *pi, double *x, double *y)
{
    *x = pi[t->v[1]] + 0.5 * pi[t->v[2]];
    *y = SQRT3_2 * pi[t->v[2]];
}

/* The probabilities at data point (x, y); 0 outside the triangle. */
static int tri_pmf(const tri *t, double x, double y, double *pi)
{
    double a = y / SQRT3_2, b = x - 0.5 * a, c = 1.0 - a - b;
    const double eps = 1e-12;
    if (a < -eps || b < -eps || c < -eps)
        return 0;
    pi[t->v[2]] = fmax(a, 0.0);
    pi[t->v[1]] = fmax(b, 0.0);
    pi[t->v[0]] = fmax(c, 0.0);
    return 1;
}

/* Largest triangle that fits the plot area below a label row and above another; the axes
 * then map data coordinates onto it. */
static void tri_layout(tri *t, bonx_plot *pl)
{
    double top = 4.0 * (pl->y0 + 1), bottom = 4.0 * (pl->y1 - 1) + 3.0;
    double lft = 2.0 * (pl->x0 + 1), rgt = 2.0 * (pl->x1 - 1) + 1.0;
    double side = fmin(rgt - lft, (bottom - top) / SQRT3_2);
    t->side = side > 1.0 ? side : 1.0;
    t->left = (lft + rgt - t->side) / 2.0;
    t->base = bottom;
    bonx_axis_init(&pl->x, 0.0, 1.0, 0, t->left, t->left + t->side);
    bonx_axis_init(&pl->y, 0.0, SQRT3_2, 0, t->base, t->base - t->side * SQRT3_2);
}

static void draw_edges(bonx_plot *pl)
{
    static const bonx_plot_series edge = {"", BONX_SERIES_REF, 0, BONX_LINE_SOLID, NULL, '.'};
    const double x[4] = {0.0, 1.0, 0.5, 0.0}, y[4] = {0.0, 0.0, SQRT3_2, 0.0};
    bonx_plot_line(pl, &edge, x, sizeof *x, y, sizeof *y, 4);
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
    /* the figure's labels: under the base corners, over the apex */
    bonx_plot_record_text(pl, 0.0, -0.06, full[0], 0);
    bonx_plot_record_text(pl, 1.0, -0.06, full[1], 1);
    bonx_plot_record_text(pl, 0.5, SQRT3_2 + 0.05, full[2], 2);
}

/* A family's path: pmf at each parameter, mapped into the triangle. */
typedef int (*pmf_fn)(const bonx_dist *d, double param, double *pi);

static int pmf_bon(const bonx_dist *d, double n, double *pi) { return bonx_bon_pmf(d, n, pi, NULL); }
static int pmf_klrl(const bonx_dist *d, double b, double *pi)
{
    return bonx_tilt_pmf(d, BONX_TILT_REWARD, b, pi, NULL);
}
static int pmf_cal(const bonx_dist *d, double b, double *pi)
{
    return bonx_tilt_pmf(d, BONX_TILT_CALIBRATED, b, pi, NULL);
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

static void mark_current(bonx_plot *pl, const tri *t, const chart_current *cur,
                         const bonx_chart_input *in)
{
    double pi[3], x, y;
    if (cur->on[0] && pmf_bon(in->dist, in->n, pi) == 0) {
        tri_point(t, pi, &x, &y);
        bonx_plot_mark(pl, &cur->s[0], x, y);
    }
    if (cur->on[1] && pmf_klrl(in->dist, in->beta, pi) == 0) {
        tri_point(t, pi, &x, &y);
        bonx_plot_mark(pl, &cur->s[1], x, y);
    }
    if (cur->on[2] && pmf_rr(in->dist, in->tau, pi) == 0) {
        tri_point(t, pi, &x, &y);
        bonx_plot_mark(pl, &cur->s[2], x, y);
    }
}

/* ---- contours -------------------------------------------------------------------------- */

/* KL(pi || p), or NaN where pi has mass p lacks.  Outside the triangle pi is the nearest
 * point of it along the coordinates (negative parts cut to 0, renormalised): the field is then
 * continuous across the edges and a contour reaches them (segments are clipped to the
 * triangle afterwards). */
static double kl_at(const tri *t, const bonx_dist *d, double x, double y)
{
    double pi[3];
    if (!tri_pmf(t, x, y, pi)) {
        double a = y / SQRT3_2, b = x - 0.5 * a, c = 1.0 - a - b;
        a = fmax(a, 0.0);
        b = fmax(b, 0.0);
        c = fmax(c, 0.0);
        double sum = a + b + c;
        if (!(sum > 0.0))
            return NAN;
        pi[t->v[2]] = a / sum;
        pi[t->v[1]] = b / sum;
        pi[t->v[0]] = c / sum;
    }
    double kl = 0.0;
    for (int i = 0; i < 3; i++) {
        if (pi[i] <= 0.0)
            continue;
        if (!(d->p[i] > 0.0))
            return NAN;
        kl += pi[i] * bonx_log(pi[i] / d->p[i]);
    }
    return kl;
}

/* Segments of one level by marching squares on a grid of the triangle's bounding box:
 * pairs of points separated by NaN, as bonx_plot_line draws them (gaps between pairs). */
typedef struct seglist { double *x, *y; size_t n, cap; } seglist;

static int seg_push(seglist *s, double x, double y)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 256;
        double *nx = realloc(s->x, cap * sizeof *nx);
        if (!nx)
            return -1;
        s->x = nx;
        double *ny = realloc(s->y, cap * sizeof *ny);
        if (!ny)
            return -1;
        s->y = ny;
        s->cap = cap;
    }
    s->x[s->n] = x;
    s->y[s->n] = y;
    s->n++;
    return 0;
}

/* Clip segment a-b to the half-plane u*x + v*y <= w; 0 when nothing is left. */
static int clip_half(double *ax, double *ay, double *bx, double *by, double u, double v, double w)
{
    double fa = u * *ax + v * *ay - w, fb = u * *bx + v * *by - w;
    if (fa > 0 && fb > 0)
        return 0;
    if (fa > 0 || fb > 0) {
        double s = fa / (fa - fb), x = *ax + s * (*bx - *ax), y = *ay + s * (*by - *ay);
        if (fa > 0) { *ax = x; *ay = y; } else { *bx = x; *by = y; }
    }
    return 1;
}

/* A segment of a contour, clipped to the triangle (y >= 0 and its two slanted sides). */
static void seg_add(seglist *s, double ax, double ay, double bx, double by)
{
    if (!clip_half(&ax, &ay, &bx, &by, 0.0, -1.0, 0.0) ||
        !clip_half(&ax, &ay, &bx, &by, -SQRT3_2, 0.5, 0.0) ||
        !clip_half(&ax, &ay, &bx, &by, SQRT3_2, 0.5, SQRT3_2))
        return;
    if (seg_push(s, ax, ay) || seg_push(s, bx, by))
        return;
    seg_push(s, NAN, NAN);
}

/* The field a contour is drawn of: KL to p minus the level. */
typedef struct kl_field { const tri *t; const bonx_dist *d; double level; } kl_field;

static double kl_at(const tri *t, const bonx_dist *d, double x, double y);

static double field_at(const kl_field *k, double x, double y)
{
    return kl_at(k->t, k->d, x, y) - k->level;
}

/* Where the level crosses the cell edge from (x0,y0,f0) to (x1,y1,f1): bisection on the
 * field itself, so that the contour's points lie on the level (to ~1e-9 of the edge), not
 * only on its linear interpolation. */
static void cross(const kl_field *k, double x0, double y0, double f0, double x1, double y1,
                  double f1, double *x, double *y)
{
    double lo = 0.0, hi = 1.0;
    (void)f1;
    for (int i = 0; i < 32; i++) {
        double mid = 0.5 * (lo + hi), fm = field_at(k, x0 + mid * (x1 - x0), y0 + mid * (y1 - y0));
        if (!isfinite(fm))
            break;
        if ((fm < 0) == (f0 < 0))
            lo = mid;
        else
            hi = mid;
    }
    double s = 0.5 * (lo + hi);
    *x = x0 + s * (x1 - x0);
    *y = y0 + s * (y1 - y0);
}

static void march_cell(const kl_field *kf, seglist *s, const double *cx, const double *cy,
                       const double *f)
{
    /* corners 0 (x0,y0), 1 (x1,y0), 2 (x1,y1), 3 (x0,y1); edges between consecutive ones */
    double px[4], py[4];
    int n = 0;
    for (int e = 0; e < 4; e++) {
        int a = e, b = (e + 1) % 4;
        if ((f[a] < 0) != (f[b] < 0) && n < 4) {
            cross(kf, cx[a], cy[a], f[a], cx[b], cy[b], f[b], &px[n], &py[n]);
            n++;
        }
    }
    if (n >= 2)
        seg_add(s, px[0], py[0], px[1], py[1]);
    if (n == 4)
        seg_add(s, px[2], py[2], px[3], py[3]);
}

static void kl_contour(bonx_plot *pl, const tri *t, const bonx_dist *d, double level,
                       const bonx_plot_series *s)
{
    int nx = GRID_X, ny = (int)(GRID_X * SQRT3_2) + 1;
    double hx = 1.0 / nx, hy = SQRT3_2 / ny;
    double *row0 = malloc((size_t)(nx + 1) * sizeof *row0);
    double *row1 = malloc((size_t)(nx + 1) * sizeof *row1);
    seglist segs = {0};
    kl_field kf = {t, d, level};
    if (!row0 || !row1)
        goto done;
    for (int i = 0; i <= nx; i++)
        row0[i] = kl_at(t, d, i * hx, 0.0) - level;
    for (int j = 1; j <= ny; j++) {
        for (int i = 0; i <= nx; i++)
            row1[i] = kl_at(t, d, i * hx, j * hy) - level;
        for (int i = 0; i < nx; i++) {
            double f[4] = {row0[i], row0[i + 1], row1[i + 1], row1[i]};
            if (!isfinite(f[0]) || !isfinite(f[1]) || !isfinite(f[2]) || !isfinite(f[3]))
                continue;
            double cx[4] = {i * hx, (i + 1) * hx, (i + 1) * hx, i * hx};
            double cy[4] = {(j - 1) * hy, (j - 1) * hy, j * hy, j * hy};
            march_cell(&kf, &segs, cx, cy, f);
        }
        double *tmp = row0;
        row0 = row1;
        row1 = tmp;
    }
    if (segs.n)
        bonx_plot_line(pl, s, segs.x, sizeof *segs.x, segs.y, sizeof *segs.y, segs.n);
done:
    free(row0);
    free(row1);
    free(segs.x);
    free(segs.y);
}

/* Expected reward is linear in pi: its level set is the straight line through the points of
 * the edges where the reward interpolates to the level. */
static void reward_contour(bonx_plot *pl, const tri *t, const bonx_dist *d, double level,
                           const bonx_plot_series *s)
{
    double x[3], y[3];
    int k = 0;
    for (int e = 0; e < 3 && k < 2; e++) {
        size_t a = t->v[e], b = t->v[(e + 1) % 3];
        double ra = d->r[a], rb = d->r[b];
        if (ra == rb)
            continue;
        double f = (level - ra) / (rb - ra);
        if (!(f >= 0.0 && f <= 1.0))
            continue;
        double pi[3] = {0, 0, 0};
        pi[a] = 1.0 - f;
        pi[b] = f;
        tri_point(t, pi, &x[k], &y[k]);
        if (k == 1 && fabs(x[1] - x[0]) < 1e-12 && fabs(y[1] - y[0]) < 1e-12)
            continue;   /* through a vertex: both edges give it */
        k++;
    }
    if (k == 2)
        bonx_plot_line(pl, s, x, sizeof *x, y, sizeof *y, 2);
}

static double expected_reward(const bonx_dist *d, const double *pi)
{
    double e = 0.0;
    for (int i = 0; i < 3; i++)
        e += pi[i] * d->r[i];
    return e;
}

/* KL contours at half, once and twice best-of-n's KL at the current n; reward contours
 * through p and through the current best-of-n point.  Names carry the levels. */
static void draw_contours(bonx_plot *pl, const tri *t, const bonx_chart_input *in,
                          bonx_plot_series *kl_s, bonx_plot_series *r_s)
{
    const bonx_dist *d = in->dist;
    double pi[3], kl_n = NAN, r_n = NAN;
    if (bonx_chart_has_n(in) && pmf_bon(d, in->n, pi) == 0) {
        kl_n = kl_at(t, d, pi[t->v[1]] + 0.5 * pi[t->v[2]], SQRT3_2 * pi[t->v[2]]);
        r_n = expected_reward(d, pi);
    }
    bonx_plot_series unnamed_kl = *kl_s, unnamed_r = *r_s;
    unnamed_kl.name = unnamed_r.name = "";
    if (kl_n > 0.0) {
        kl_contour(pl, t, d, 0.5 * kl_n, &unnamed_kl);
        kl_contour(pl, t, d, 2.0 * kl_n, &unnamed_kl);
        kl_contour(pl, t, d, kl_n, kl_s);
    }
    reward_contour(pl, t, d, expected_reward(d, d->p), &unnamed_r);
    if (isfinite(r_n))
        reward_contour(pl, t, d, r_n, r_s);
}

int bonx_chart_draw_simplex(bonx_canvas *cv, const bonx_chart_input *in, char *err, size_t errlen)
{
    const bonx_dist *d = in->dist;
    const bonx_curves *c = in->curves;
    if (d->k != 3)
        return bonx_chart_fail(err, errlen, "the simplex chart needs K = 3 outcomes (this has K = %zu)",
                               d->k);
    chart_current cur;
    bonx_chart_current_series(in, CHART_CUR_N | CHART_CUR_BETA | CHART_CUR_TAU, &cur);
    char kl_name[96] = "", r_name[96] = "", num[32];
    double pi[3];
    if (bonx_chart_has_n(in) && pmf_bon(d, in->n, pi) == 0) {
        double kl = 0.0;
        for (int i = 0; i < 3; i++)
            if (pi[i] > 0.0 && d->p[i] > 0.0)
                kl += pi[i] * bonx_log(pi[i] / d->p[i]);
        bonx_chart_num(num, sizeof num, kl);
        if (kl > 0.0)
            snprintf(kl_name, sizeof kl_name, "KL to p = %s (best-of-n's), x1/2, x2", num);
        bonx_chart_num(num, sizeof num, expected_reward(d, pi));
        snprintf(r_name, sizeof r_name, "E[r] = %s (best-of-n's), E_p[r]", num);
    }
    bonx_plot_series s[] = {
        {"best-of-n", BONX_SERIES_LINE, CHART_C_BON, BONX_LINE_SOLID, "●", '*'},
        {"KL-RL", BONX_SERIES_LINE, CHART_C_KLRL, BONX_LINE_DASHED, "▲", '+'},
        {"calibrated KL-RL (optimal win rate)", BONX_SERIES_LINE, CHART_C_CAL, BONX_LINE_DOTTED,
         "▼", '~'},
        {"rewind-and-repeat", BONX_SERIES_POINTS, CHART_C_RR, BONX_LINE_SOLID, "■", 'o'},
        {"p", BONX_SERIES_MARK, BONX_COLOR_DEFAULT, BONX_LINE_SOLID, "○", 'P'},
        cur.s[0], cur.s[1], cur.s[2],
        {kl_name, BONX_SERIES_REF, BONX_COLOR_WHITE, BONX_LINE_DOTTED, NULL, ':'},
        {r_name, BONX_SERIES_REF, BONX_COLOR_WHITE, BONX_LINE_DASHED, NULL, '-'},
    };
    /* curve ids of s[] (the current point and the contours: none) */
    static const unsigned curve[] = {BONX_CURVE_BON, BONX_CURVE_KLRL, BONX_CURVE_CALIBRATED,
                                     BONX_CURVE_RR, BONX_CURVE_P, 0, 0, 0, 0, 0};
    bonx_plot_frame fr = {.title = "probability simplex: each family from p to the top outcome",
                          .no_axes = 1, .series = s, .nseries = sizeof s / sizeof s[0]};
    bonx_plot pl;
    if (bonx_plot_begin_shown(&pl, cv, &fr, curve, in->hide) != 0)
        return 0;
    size_t *ord = bonx_chart_reward_order(d);
    if (!ord) {
        bonx_plot_end(&pl);
        return bonx_chart_fail(err, errlen, "out of memory");
    }
    tri t;
    memcpy(t.v, ord, sizeof t.v);
    free(ord);
    tri_layout(&t, &pl);
    draw_contours(&pl, &t, in, &s[8], &s[9]);
    draw_edges(&pl);
    vertex_labels(&pl, &t, in);
    if (c->n_tilt > 0) {
        draw_path(&pl, &t, &s[2], d, pmf_cal, &c->tilt_cal[0].beta, sizeof(bonx_tilt_stats),
                  c->n_tilt, 0);
        draw_path(&pl, &t, &s[1], d, pmf_klrl, &c->tilt[0].beta, sizeof(bonx_tilt_stats),
                  c->n_tilt, 0);
    }
    draw_path(&pl, &t, &s[0], d, pmf_bon, &c->bon[0].n, sizeof(bonx_bon_stats), c->n_bon, 0);
    if (c->n_rr > 0)
        draw_path(&pl, &t, &s[3], d, pmf_rr, &c->rr[0].tau, sizeof(bonx_rr_stats), c->n_rr, 1);
    double x, y;
    tri_point(&t, d->p, &x, &y);
    bonx_plot_mark(&pl, &s[4], x, y);
    mark_current(&pl, &t, &cur, in);
    bonx_plot_end(&pl);
    return 0;
}
