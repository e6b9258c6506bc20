/* SPDX-License-Identifier: MIT */
/* The chart model as data (ui/figure.h): what the kl chart records matches what it computes
 * and draws (title, legend, the exact-KL line point for point, the ceiling, the current point
 * at its closed-form value, the off-chart arrow), and the CSV / SVG / gnuplot writers give
 * exactly the recorded series (parsed back here), never "nan" or "-0". */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "charts.h"
#include "figure.h"

typedef struct fx {
    bonx_dist d;
    bonx_curves c;
} fx;

static void fx_open(fx *f, double n_max)
{
    double w[] = {1, 1}, r[] = {0, 1};
    bonx_err e = {0};
    memset(f, 0, sizeof *f);
    assert_int_equal(bonx_dist_init(&f->d, 2, w, r, &e), 0);
    bonx_curves_spec spec;
    bonx_curves_spec_default(&spec);
    spec.n_max = n_max;
    spec.t = 1;
    assert_int_equal(bonx_curves_compute(&f->c, &f->d, &spec, &e), 0);
}

static void fx_close(fx *f)
{
    bonx_curves_free(&f->c);
    bonx_dist_free(&f->d);
}

/* Draw chart kind at n with a figure attached. */
static void record(fx *f, bonx_chart_kind kind, double n, bonx_figure *fig)
{
    bonx_canvas *cv = bonx_canvas_new(100, 30, 0);
    assert_non_null(cv);
    bonx_figure_init(fig);
    bonx_canvas_set_figure(cv, fig);
    bonx_chart_input in = {.dist = &f->d, .curves = &f->c, .n = n, .beta = 1, .tau = 1, .t = 1};
    assert_int_equal(bonx_chart_draw(cv, kind, &in, NULL, 0), 0);
    bonx_canvas_free(cv);
    assert_true(fig->framed && !fig->oom);
}

static const bonx_fig_op *find_op(const bonx_figure *fig, bonx_fig_kind kind, const char *name)
{
    for (size_t i = 0; i < fig->nops; i++)
        if (fig->ops[i].kind == kind && (!name || !strcmp(fig->ops[i].s.name, name)))
            return &fig->ops[i];
    return NULL;
}

static double kl_example1(double n)
{
    long double e = powl(2.0L, -(long double)n);
    long double h = e > 0 ? -(e * logl(e) + (1 - e) * log1pl(-e)) : 0;
    return (double)(logl(2.0L) - h);
}

static void kl_chart_model(void **state)
{
    (void)state;
    fx f;
    fx_open(&f, 1e6);
    bonx_figure fig;
    record(&f, BONX_CHART_KL, 16, &fig);
    assert_string_equal(fig.title, "KL(best-of-n || p) vs n");
    assert_string_equal(fig.xname, "n");
    assert_true(fig.xlog && !fig.ylog && fig.xlo == 1 && fig.xhi == 1e6 && fig.ylo == 0);
    /* the legend, as on the canvas */
    const char *want[] = {"exact KL", "log n - (n-1)/n", "E[estimator]", "saturation bound"};
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(fig.legend[i].name, want[i]);
    /* the exact KL line: every grid point, values of the closed form */
    const bonx_fig_op *kl = find_op(&fig, BONX_FIG_LINE, "exact KL");
    assert_non_null(kl);
    assert_int_equal(kl->n, f.c.n_bon);
    for (size_t i = 0; i < kl->n; i++) {
        assert_true(kl->x[i] == f.c.bon[i].n);
        assert_true(fabs(kl->y[i] - kl_example1(kl->x[i])) <= 1e-13);
    }
    /* the ceiling log 2 and the band */
    const bonx_fig_op *ceil_ = find_op(&fig, BONX_FIG_HLINE, NULL);
    assert_non_null(ceil_);
    assert_true(fabs(ceil_->y[0] - log(2.0)) < 1e-15);
    const bonx_fig_op *band = find_op(&fig, BONX_FIG_BAND, NULL);
    assert_non_null(band);
    for (size_t i = 0; i < band->n; i++)
        assert_true(band->y[i] <= band->y2[i] + 1e-15);
    /* the current point at n = 16, on the curve */
    const bonx_fig_op *mark = find_op(&fig, BONX_FIG_MARK, NULL);
    assert_non_null(mark);
    assert_true(mark->x[0] == 16 && fabs(mark->y[0] - kl_example1(16)) < 1e-13);
    assert_null(find_op(&fig, BONX_FIG_ARROW, NULL));
    bonx_figure_free(&fig);
    /* n beyond the axis: an arrow, no marker */
    record(&f, BONX_CHART_KL, 5.4e8, &fig);
    const bonx_fig_op *arrow = find_op(&fig, BONX_FIG_ARROW, NULL);
    assert_non_null(arrow);
    assert_string_equal(arrow->text, "→ n=5.4e8");
    assert_int_equal(arrow->anchor, 1);   /* right */
    assert_null(find_op(&fig, BONX_FIG_MARK, NULL));
    bonx_figure_free(&fig);
    fx_close(&f);
}

/* "nan" or "inf" as a number (not inside a word such as "dominant-baseline"). */
static int has_nonfinite(const char *s)
{
    const char *words[] = {"nan", "inf"};
    for (int w = 0; w < 2; w++)
        for (const char *p = strstr(s, words[w]); p; p = strstr(p + 1, words[w])) {
            char before = p > s ? p[-1] : ' ', after = p[3];
            int letter_before = (before >= 'a' && before <= 'z') || (before >= 'A' && before <= 'Z');
            int letter_after = (after >= 'a' && after <= 'z') || (after >= 'A' && after <= 'Z');
            if (!letter_before && !letter_after)
                return 1;
        }
    return 0;
}

/* Write into a string. */
static char *write_to_string(const bonx_figure *fig, int which)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    assert_non_null(mem);
    int rc = which == 0 ? bonx_figure_write_csv(fig, mem)
           : which == 1 ? bonx_figure_write_svg(fig, mem, 1200, 720)
                        : bonx_figure_write_gnuplot(fig, mem);
    assert_int_equal(fclose(mem), 0);
    assert_int_equal(rc, 0);
    return buf;
}

static void csv_is_the_recorded_points(void **state)
{
    (void)state;
    fx f;
    fx_open(&f, 1e6);
    bonx_figure fig;
    record(&f, BONX_CHART_KL, 16, &fig);
    char *csv = write_to_string(&fig, 0);
    assert_false(has_nonfinite(csv));
    assert_null(strstr(csv, ",-0,"));
    assert_memory_equal(csv, "series,x,y\n", 11);
    /* parse back the exact KL rows: the recorded points, bit for bit (17 digits) */
    const bonx_fig_op *kl = find_op(&fig, BONX_FIG_LINE, "exact KL");
    size_t got = 0;
    for (char *line = strtok(csv + 11, "\n"); line; line = strtok(NULL, "\n")) {
        if (strncmp(line, "exact KL,", 9) != 0)
            continue;
        char *end;
        double x = strtod(line + 9, &end);
        assert_true(*end == ',');
        double y = strtod(end + 1, NULL);
        assert_true(got < kl->n && x == kl->x[got] && y == kl->y[got]);
        got++;
    }
    assert_int_equal(got, kl->n);
    free(csv);
    bonx_figure_free(&fig);
    fx_close(&f);
}

static void svg_and_gnuplot_carry_the_chart(void **state)
{
    (void)state;
    fx f;
    fx_open(&f, 1e6);
    for (int k = 0; k < BONX_CHART_COUNT; k++) {
        if (k == BONX_CHART_SIMPLEX)
            continue;   /* K = 3 only */
        bonx_figure fig;
        record(&f, (bonx_chart_kind)k, 16, &fig);
        char *svg = write_to_string(&fig, 1);
        assert_non_null(strstr(svg, "<svg "));
        assert_non_null(strstr(svg, "</svg>"));
        char title[300];
        snprintf(title, sizeof title, ">%s<", fig.title);
        assert_non_null(strstr(svg, title));
        for (size_t i = 0; i < fig.nlegend; i++) {
            char name[200];
            snprintf(name, sizeof name, ">%s<", fig.legend[i].name);
            if (!strchr(fig.legend[i].name, '&') && !strchr(fig.legend[i].name, '<'))
                assert_non_null(strstr(svg, name));
        }
        assert_false(has_nonfinite(svg));
        free(svg);
        char *gp = write_to_string(&fig, 2);
        assert_non_null(strstr(gp, "\nplot "));
        assert_false(has_nonfinite(gp));
        free(gp);
        bonx_figure_free(&fig);
    }
    fx_close(&f);
}

/* Pinned curves: one dimmed line named "pinned" under the live ones, on every chart that
 * takes them; the legend names it once. */
static void pinned_curves_recorded(void **state)
{
    (void)state;
    fx f, g;
    fx_open(&f, 1e6);
    fx_open(&g, 100);   /* "before the edit": another grid */
    const bonx_chart_kind kinds[] = {BONX_CHART_KL, BONX_CHART_WINRATE, BONX_CHART_TRADEOFF,
                                     BONX_CHART_REWARD, BONX_CHART_COST};
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
        bonx_canvas *cv = bonx_canvas_new(100, 30, 0);
        bonx_figure fig;
        bonx_figure_init(&fig);
        bonx_canvas_set_figure(cv, &fig);
        bonx_chart_input in = {.dist = &f.d, .curves = &f.c, .n = 16, .beta = 1, .tau = 1,
                               .t = 1, .pinned = &g.c};
        assert_int_equal(bonx_chart_draw(cv, kinds[k], &in, NULL, 0), 0);
        const bonx_fig_op *pin = find_op(&fig, BONX_FIG_LINE, "pinned");
        assert_non_null(pin);
        assert_true(pin->s.dim);
        size_t named = 0;
        for (size_t i = 0; i < fig.nlegend; i++)
            named += !strcmp(fig.legend[i].name, "pinned");
        assert_int_equal(named, 1);
        /* the live curves are not dimmed */
        for (size_t i = 0; i < fig.nops; i++)
            if (strcmp(fig.ops[i].s.name, "pinned") && fig.ops[i].s.name[0])
                assert_false(fig.ops[i].s.dim);
        char *text = bonx_canvas_to_string(cv, 0);
        assert_non_null(strstr(text, "┈┈┈ pinned"));
        free(text);
        bonx_figure_free(&fig);
        bonx_canvas_free(cv);
    }
    fx_close(&g);
    fx_close(&f);
}

/* The simplex's contours are what they say: every point of the KL contour through the
 * current best-of-n point has that KL to p (to the marching-squares grid's accuracy), the
 * reward contour's ends have exactly that expected reward, and the calibrated path starts at
 * p and ends at the top outcome. */
static void simplex_contours(void **state)
{
    (void)state;
    const double w[] = {0.5, 0.3, 0.2}, r[] = {log(0.22), log(0.11), log(0.67)};
    bonx_dist d;
    bonx_err e = {0};
    assert_int_equal(bonx_dist_init(&d, 3, w, r, &e), 0);
    bonx_curves c = {0};
    bonx_curves_spec spec;
    bonx_curves_spec_default(&spec);
    assert_int_equal(bonx_curves_compute(&c, &d, &spec, &e), 0);
    bonx_canvas *cv = bonx_canvas_new(120, 40, 0);
    bonx_figure fig;
    bonx_figure_init(&fig);
    bonx_canvas_set_figure(cv, &fig);
    bonx_chart_input in = {.dist = &d, .curves = &c, .n = 4, .beta = 1, .tau = r[0], .t = 0};
    assert_int_equal(bonx_chart_draw(cv, BONX_CHART_SIMPLEX, &in, NULL, 0), 0);
    /* best-of-4 here: F(y)^4 - F-(y)^4 in reward order b < a < c */
    double F[3] = {0.3, 0.8, 1.0}, pi_n[3];   /* indices: b, a, c */
    pi_n[0] = pow(F[0], 4);
    pi_n[1] = pow(F[1], 4) - pow(F[0], 4);
    pi_n[2] = 1 - pow(F[1], 4);
    const double pb = 0.3, pa = 0.5, pc = 0.2, rb = r[1], ra = r[0], rc = r[2];
    double kl_n = pi_n[0] * log(pi_n[0] / pb) + pi_n[1] * log(pi_n[1] / pa) + pi_n[2] * log(pi_n[2] / pc);
    double er_n = pi_n[0] * rb + pi_n[1] * ra + pi_n[2] * rc;
    const bonx_fig_op *kl = NULL, *rew = NULL, *cal = NULL;
    for (size_t i = 0; i < fig.nops; i++) {
        if (!strncmp(fig.ops[i].s.name, "KL to p = ", 10))
            kl = &fig.ops[i];
        if (!strncmp(fig.ops[i].s.name, "E[r] = ", 7))
            rew = &fig.ops[i];
        if (!strncmp(fig.ops[i].s.name, "calibrated KL-RL", 16))
            cal = &fig.ops[i];
    }
    assert_non_null(kl);
    assert_non_null(rew);
    assert_non_null(cal);
    const double S = 0.86602540378443864676;
    size_t checked = 0;
    for (size_t i = 0; i < kl->n; i++) {
        if (!isfinite(kl->x[i]))
            continue;
        double qc = kl->y[i] / S, qa = kl->x[i] - 0.5 * qc, qb = 1 - qa - qc;
        assert_true(qa > -1e-9 && qb > -1e-9 && qc > -1e-9);   /* inside the triangle */
        double v = (qb > 0 ? qb * log(qb / pb) : 0) + (qa > 0 ? qa * log(qa / pa) : 0) +
                   (qc > 0 ? qc * log(qc / pc) : 0);
        /* on the level, not near it; a segment cut at the triangle's edge ends on the chord */
        int on_edge = qa < 1e-9 || qb < 1e-9 || qc < 1e-9;
        double tol = on_edge ? 1e-2 : 1e-6;
        if (!(fabs(v - kl_n) < tol * kl_n))
            print_error("point %zu (%g, %g): KL %g, level %g\n", i, kl->x[i], kl->y[i], v, kl_n);
        assert_true(fabs(v - kl_n) < tol * kl_n);
        checked++;
    }
    assert_true(checked > 50);
    assert_int_equal(rew->n, 2);
    for (size_t i = 0; i < 2; i++) {
        double qc = rew->y[i] / S, qa = rew->x[i] - 0.5 * qc, qb = 1 - qa - qc;
        assert_true(fabs(qb * rb + qa * ra + qc * rc - er_n) < 1e-12);
    }
    /* the calibrated path: from p (large beta) towards the apex (small beta) */
    double px = pa + 0.5 * pc, py = S * pc;
    assert_true(fabs(cal->x[0] - px) < 5e-3 && fabs(cal->y[0] - py) < 5e-3);   /* the grid starts near KL 0 */
    assert_true(cal->y[cal->n - 1] > 0.95 * S);
    bonx_figure_free(&fig);
    bonx_canvas_free(cv);
    bonx_curves_free(&c);
    bonx_dist_free(&d);
}

/* No figure attached: charts draw as before and record nothing (the explorer's case). */
static void no_figure_no_recording(void **state)
{
    (void)state;
    fx f;
    fx_open(&f, 1e6);
    bonx_canvas *a = bonx_canvas_new(100, 30, 0), *b = bonx_canvas_new(100, 30, 0);
    bonx_figure fig;
    bonx_figure_init(&fig);
    bonx_canvas_set_figure(b, &fig);
    bonx_chart_input in = {.dist = &f.d, .curves = &f.c, .n = 16, .beta = 1, .tau = 1, .t = 1};
    assert_int_equal(bonx_chart_draw(a, BONX_CHART_TRADEOFF, &in, NULL, 0), 0);
    assert_int_equal(bonx_chart_draw(b, BONX_CHART_TRADEOFF, &in, NULL, 0), 0);
    char *sa = bonx_canvas_to_string(a, 0), *sb = bonx_canvas_to_string(b, 0);
    assert_string_equal(sa, sb);   /* recording does not change the drawing */
    assert_true(fig.nops > 0);
    free(sa);
    free(sb);
    bonx_figure_free(&fig);
    bonx_canvas_free(a);
    bonx_canvas_free(b);
    fx_close(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kl_chart_model),
        cmocka_unit_test(csv_is_the_recorded_points),
        cmocka_unit_test(svg_and_gnuplot_carry_the_chart),
        cmocka_unit_test(no_figure_no_recording),
        cmocka_unit_test(pinned_curves_recorded),
        cmocka_unit_test(simplex_contours),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
