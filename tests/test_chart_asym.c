/* SPDX-License-Identifier: MIT */
/* Charts of issue 5 (ui/chart_asym.h): drawn from real asymptotics and simulation results,
 * legends and reference values present, bars and markers on the canvas, errors, small
 * canvases, ASCII mode. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "chart_asym.h"

static const double W[] = {0.5, 0.3, 0.2}, R[] = {0, 1, 3};

static char *render(bonx_canvas *cv)
{
    char *s = bonx_canvas_to_string(cv, 0);
    assert_non_null(s);
    return s;
}

static int count(const char *s, const char *what)
{
    int n = 0;
    for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
        n++;
    return n;
}

static void asym_points(bonx_asym_point *pts, size_t n)
{
    bonx_dist d;
    assert_int_equal(bonx_dist_init(&d, 3, W, R, NULL), 0);
    bonx_asym a;
    memset(&a, 0, sizeof a);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(bonx_asym_prepare(&a, &d, 1 + (int)(i * i * 20), NULL), 0);
        assert_int_equal(bonx_asym_at(&a, 0.4, &pts[i], NULL), 0);
    }
    bonx_asym_free(&a);
    bonx_dist_free(&d);
}

static void convergence(void **state)
{
    (void)state;
    bonx_asym_point pts[6];
    asym_points(pts, 6);
    bonx_canvas *cv = bonx_canvas_new(90, 24, 0);
    char err[128] = "";
    assert_int_equal(bonx_chart_asym_convergence(cv, pts, 6, err, sizeof err), 0);
    char *s = render(cv);
    assert_non_null(strstr(s, "KL(best-of-N || optimum)/m"));
    assert_non_null(strstr(s, "delta = 0.4"));
    assert_non_null(strstr(s, "1e3"));          /* the m axis reaches m = 501 */
    assert_true(count(s, "●") >= 4);            /* markers at the points (some may overlap) */
    free(s);
    /* ASCII mode: nothing but ASCII */
    bonx_canvas *ca = bonx_canvas_new(90, 24, 1);
    assert_int_equal(bonx_chart_asym_convergence(ca, pts, 6, err, sizeof err), 0);
    s = render(ca);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        assert_true(*p < 0x80);
    free(s);
    /* errors: nothing to draw */
    assert_int_equal(bonx_chart_asym_convergence(cv, pts, 0, err, sizeof err), -1);
    assert_non_null(strstr(err, "no points"));
    bonx_asym_point flat = pts[0];
    flat.kl_to_optimal_per_token = 0;
    flat.kl_per_token = flat.delta;
    flat.reward_per_token = flat.optimal_reward_per_token;
    assert_int_equal(bonx_chart_asym_convergence(cv, &flat, 1, err, sizeof err), -1);
    /* too small: says so, no error */
    bonx_canvas *tiny = bonx_canvas_new(10, 4, 0);
    assert_int_equal(bonx_chart_asym_convergence(tiny, pts, 6, err, sizeof err), 0);
    s = render(tiny);
    assert_non_null(strstr(s, "small"));
    free(s);
    bonx_canvas_free(tiny);
    bonx_canvas_free(ca);
    bonx_canvas_free(cv);
}

static void simulate_into(bonx_sim_policy pol, double param, bonx_sim_method m,
                          bonx_sim_result *res)
{
    bonx_dist d;
    assert_int_equal(bonx_dist_init(&d, 3, W, R, NULL), 0);
    bonx_sim_spec sp = {pol, m, param, 20000, 1, 0, 30, 64};
    assert_int_equal(bonx_simulate(&d, &sp, res, NULL), 0);
    bonx_dist_free(&d);
}

static void histogram(void **state)
{
    (void)state;
    bonx_sim_result res;
    bonx_canvas *cv = bonx_canvas_new(80, 24, 0);
    char err[128] = "";
    simulate_into(BONX_SIM_RR, 1, BONX_SIM_LITERAL, &res);
    assert_int_equal(bonx_chart_sim_histogram(cv, &res, "H_{K-1}", err, sizeof err), 0);
    char *s = render(cv);
    assert_non_null(strstr(s, "H_{K-1}"));
    assert_non_null(strstr(s, "E[estimator] = 0.6931"));   /* log(1/q), q = 1/2 */
    assert_non_null(strstr(s, "true KL = 0.6931"));
    assert_true(count(s, "█") >= 5);
    free(s);
    bonx_sim_result_free(&res);
    simulate_into(BONX_SIM_KLRL, 1, BONX_SIM_EXACT, &res);
    assert_int_equal(bonx_chart_sim_histogram(cv, &res, "x", err, sizeof err), -1);
    assert_non_null(strstr(err, "no estimator"));
    bonx_sim_result_free(&res);
    bonx_canvas_free(cv);
}

static void running_mean(void **state)
{
    (void)state;
    bonx_sim_result res;
    bonx_canvas *cv = bonx_canvas_new(80, 20, 0);
    char err[128] = "";
    simulate_into(BONX_SIM_BON, 5, BONX_SIM_EXACT, &res);
    assert_int_equal(bonx_chart_sim_running(cv, &res, err, sizeof err), 0);
    char *s = render(cv);
    assert_non_null(strstr(s, "running mean of the KL estimator"));
    assert_non_null(strstr(s, "1e4"));
    free(s);
    res.running_points = 0;
    assert_int_equal(bonx_chart_sim_running(cv, &res, err, sizeof err), -1);
    bonx_sim_result_free(&res);
    bonx_canvas_free(cv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(convergence),
        cmocka_unit_test(histogram),
        cmocka_unit_test(running_mean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
