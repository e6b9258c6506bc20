/* SPDX-License-Identifier: MIT */
/* The seven charts (ui/charts): golden-file snapshots at fixed sizes in Braille and ASCII
 * (tests/golden/charts/, re-bless with BONX_BLESS=1, see tests/golden/README), the current point
 * placed where MATH.md Example 1's closed form puts it, legends naming every series, the
 * simplex's K = 3 rule, and every chart at a sweep of sizes without a crash. */
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
#include "plot.h"
#include "rng.h"
#include "elementary.h"

#define GOLDEN_DIR "tests/golden/charts"

/* A distribution with its curves, built inline (no preset files). */
typedef struct fixture {
    const char *name;
    size_t k;
    double w[16], r[16];
    const char *labels[16];
    double n, beta, tau, t;
    bonx_dist d;
    bonx_curves c;       /* from bonx_curves_compute, as the program draws them */
    bonx_curves fixed;   /* built here from single-point functions on fixed grids (goldens) */
} fixture;

static fixture fixtures[] = {
    /* MATH.md Example 1 */
    {"binary", 2, {1, 1}, {0, 1}, {"bad", "good"}, 4, 0.5, 1, 1, {0}, {0}, {0}},
    /* the tutorial's three outcomes, rewards log q */
    {"ternary", 3, {0.5, 0.3, 0.2}, {-1.5141277326297755, -2.2072749131897207, -0.40047756659712525},
     {"a", "b", "c"}, 4, 1, -1.6, 1, {0}, {0}, {0}},
    /* ties, a zero-probability outcome, a negative reward */
    {"ties", 6, {3, 1, 1, 0, 2, 1}, {-1, 0.5, 0.5, 3, 1, 1}, {"lo", "t1", "t2", "zero", "u1", "u2"},
     16, 0.3, 0.5, 2, {0}, {0}, {0}},
    /* twelve outcomes: more than fit as bars at 80 columns */
    {"many", 12, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11},
     {"o1", "o2", "o3", "o4", "o5", "o6", "o7", "o8", "o9", "o10", "o11", "o12"},
     100, 2, 9, 1, {0}, {0}, {0}},
};
#define NFIX (sizeof fixtures / sizeof fixtures[0])

/* The golden snapshots draw curves built here on fixed grids from the single-point functions
 * (accurate to ~1e-12, so pixel-stable), not from bonx_curves_compute, whose sampling of the
 * families may be retuned without any change to the charts.  Same layout as core/curves.h. */
#define FIXED_POINTS 256

static int build_fixed(fixture *f)
{
    bonx_curves *c = &f->fixed;
    const bonx_dist *d = &f->d;
    bonx_err e = {0, ""};
    size_t n = FIXED_POINTS, ng = d->ng;
    c->n_bon = c->n_tilt = n;
    c->n_rr = ng;
    c->n_tradeoff = 4 * n + ng;
    c->bon = calloc(n, sizeof *c->bon);
    c->tilt = calloc(n, sizeof *c->tilt);
    c->tilt_cal = calloc(n, sizeof *c->tilt_cal);
    c->rr = calloc(ng, sizeof *c->rr);
    c->tradeoff = calloc(c->n_tradeoff, sizeof *c->tradeoff);
    c->kl_ceiling = bonx_dist_kl_ceiling(d);
    if (!c->bon || !c->tilt || !c->tilt_cal || !c->rr || !c->tradeoff)
        return -1;
    double span = d->r_max > d->r_min ? d->r_max - d->r_min : 1.0;
    for (size_t i = 0; i < n; i++) {
        double u = (double)i / (double)(n - 1);
        /* n from 1 to 1e6; beta from 1e3 (near p) down to 1e-3 of the reward span (near the
         * top group); the calibrated reward spans at most 1 */
        if (bonx_bon_stats_at(d, bonx_pow(10.0, 6.0 * u), f->t, &c->bon[i], &e) != 0 ||
            bonx_tilt_stats_at(d, BONX_TILT_REWARD, span * bonx_pow(10.0, 3.0 - 6.0 * u), &c->tilt[i], &e) != 0 ||
            bonx_tilt_stats_at(d, BONX_TILT_CALIBRATED, bonx_pow(10.0, 3.0 - 6.0 * u), &c->tilt_cal[i], &e) != 0)
            return -1;
    }
    for (size_t j = 0; j < ng; j++)
        if (bonx_rr_stats_at(d, d->g_r[j], &c->rr[j], &e) != 0)
            return -1;
    bonx_tradeoff_point *t = c->tradeoff;
    for (size_t i = 0; i < n; i++)
        *t++ = (bonx_tradeoff_point){BONX_POLICY_BON, c->bon[i].n, c->bon[i].kl, c->bon[i].win_rate, c->bon[i].reward};
    for (size_t i = 0; i < n; i++)
        *t++ = (bonx_tradeoff_point){BONX_POLICY_BON_ANALYTIC, c->bon[i].n, c->bon[i].kl_analytic, c->bon[i].win_rate, c->bon[i].reward};
    for (size_t i = 0; i < n; i++)
        *t++ = (bonx_tradeoff_point){BONX_POLICY_KLRL, c->tilt[i].beta, c->tilt[i].kl, c->tilt[i].win_rate, c->tilt[i].reward};
    for (size_t i = 0; i < n; i++)
        *t++ = (bonx_tradeoff_point){BONX_POLICY_KLRL_CALIBRATED, c->tilt_cal[i].beta, c->tilt_cal[i].kl, c->tilt_cal[i].win_rate, c->tilt_cal[i].reward};
    for (size_t j = 0; j < ng; j++)
        *t++ = (bonx_tradeoff_point){BONX_POLICY_RR, c->rr[j].tau, c->rr[j].kl, c->rr[j].win_rate, c->rr[j].reward};
    return 0;
}

static void free_fixed(bonx_curves *c)
{
    free(c->bon);
    free(c->tilt);
    free(c->tilt_cal);
    free(c->rr);
    free(c->tradeoff);
    memset(c, 0, sizeof *c);
}

static int setup(void **state)
{
    (void)state;
    for (size_t i = 0; i < NFIX; i++) {
        fixture *f = &fixtures[i];
        bonx_err e = {0, ""};
        if (bonx_dist_init(&f->d, f->k, f->w, f->r, &e) != 0)
            return -1;
        bonx_curves_spec spec;
        bonx_curves_spec_default(&spec);
        spec.t = f->t;
        if (bonx_curves_compute(&f->c, &f->d, &spec, &e) != 0 || build_fixed(f) != 0)
            return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    for (size_t i = 0; i < NFIX; i++) {
        bonx_curves_free(&fixtures[i].c);
        free_fixed(&fixtures[i].fixed);
        bonx_dist_free(&fixtures[i].d);
    }
    return 0;
}

static bonx_chart_input input_of(const fixture *f)
{
    bonx_chart_input in = {.dist = &f->d, .curves = &f->c, .labels = f->labels, .n = f->n,
                           .beta = f->beta, .tau = f->tau, .t = f->t};
    return in;
}

/* Render a chart to a malloc'd string (plain, no colour); NULL when the chart refuses.
 * fixed: draw the fixed-grid curves instead of the computed ones. */
static char *render_with(const fixture *f, bonx_chart_kind kind, int w, int h, int ascii, int fixed)
{
    bonx_canvas *cv = bonx_canvas_new(w, h, ascii);
    bonx_chart_input in = input_of(f);
    if (fixed)
        in.curves = &f->fixed;
    char err[256];
    char *s = NULL;
    if (bonx_chart_draw(cv, kind, &in, err, sizeof err) == 0)
        s = bonx_canvas_to_string(cv, 0);
    bonx_canvas_free(cv);
    return s;
}

static char *render(const fixture *f, bonx_chart_kind kind, int w, int h, int ascii)
{
    return render_with(f, kind, w, h, ascii, 0);
}

/* ---- golden files ---------------------------------------------------------------------- */

static char *read_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    fseek(fp, 0, SEEK_END);
    long len = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *buf = malloc((size_t)len + 1);
    if (buf && fread(buf, 1, (size_t)len, fp) != (size_t)len) {
        free(buf);
        buf = NULL;
    }
    if (buf)
        buf[len] = '\0';
    fclose(fp);
    return buf;
}

/* Print the first line where got and want differ. */
static void report_difference(const char *path, const char *got, const char *want)
{
    int line = 1;
    const char *g = got, *w = want;
    while (*g && *g == *w) {
        if (*g == '\n')
            line++;
        g++;
        w++;
    }
    print_error("%s differs at line %d (re-bless with BONX_BLESS=1 if the change is intended)\n"
                "--- got:\n%s\n--- want:\n%s\n", path, line, got, want);
}

static void check_golden(const char *fixture_name, bonx_chart_kind kind, int w, int h, int ascii)
{
    const fixture *f = NULL;
    for (size_t i = 0; i < NFIX; i++)
        if (!strcmp(fixtures[i].name, fixture_name))
            f = &fixtures[i];
    assert_non_null(f);
    char path[256];
    snprintf(path, sizeof path, "%s/%s-%s-%dx%d%s.txt", GOLDEN_DIR, bonx_chart_name(kind),
             fixture_name, w, h, ascii ? "-ascii" : "");
    char *got = render_with(f, kind, w, h, ascii, 1);
    assert_non_null(got);
    const char *bless = getenv("BONX_BLESS");
    if (bless && bless[0] && strcmp(bless, "0") != 0) {
        FILE *fp = fopen(path, "wb");
        assert_non_null(fp);
        fprintf(fp, "%s\n", got);
        fclose(fp);
        free(got);
        return;
    }
    char *want = read_file(path);
    if (!want) {
        print_error("missing golden file %s (create it with BONX_BLESS=1)\n", path);
        free(got);
        fail();
    }
    size_t wl = strlen(want);
    if (wl > 0 && want[wl - 1] == '\n')
        want[wl - 1] = '\0';
    if (strcmp(got, want) != 0) {
        report_difference(path, got, want);
        free(got);
        free(want);
        fail();
    }
    free(got);
    free(want);
}

static void test_golden_binary(void **state)
{
    (void)state;
    for (int k = 0; k < BONX_CHART_SIMPLEX; k++)
        check_golden("binary", (bonx_chart_kind)k, 80, 24, 0);
}

static void test_golden_ternary(void **state)
{
    (void)state;
    for (int k = 0; k < BONX_CHART_COUNT; k++) {
        check_golden("ternary", (bonx_chart_kind)k, 120, 40, 0);
        check_golden("ternary", (bonx_chart_kind)k, 80, 24, 1);
    }
}

static void test_golden_ties_many(void **state)
{
    (void)state;
    for (int k = 0; k < BONX_CHART_SIMPLEX; k++)
        check_golden("ties", (bonx_chart_kind)k, 100, 30, 0);
    check_golden("many", BONX_CHART_PMF, 80, 24, 0);
    check_golden("many", BONX_CHART_PMF, 160, 30, 1);
    check_golden("many", BONX_CHART_KL, 60, 16, 1);
}

/* ---- the current point lands where the closed form says -------------------------------- */

static int find_cell_in(const bonx_canvas *cv, const char *text, int x0, int y0, int *x, int *y)
{
    for (int yy = y0; yy < bonx_canvas_height(cv); yy++)
        for (int xx = x0; xx < bonx_canvas_width(cv); xx++)
            if (!strcmp(bonx_canvas_cell(cv, xx, yy, NULL), text)) {
                *x = xx;
                *y = yy;
                return 1;
            }
    return 0;
}

static int find_cell(const bonx_canvas *cv, const char *text, int *x, int *y)
{
    return find_cell_in(cv, text, 0, 0, x, y);
}

/* The text of row y from column a to b inclusive, blanks trimmed. */
static void row_text(const bonx_canvas *cv, int y, int a, int b, char *buf, size_t len)
{
    size_t n = 0;
    for (int x = a; x <= b; x++) {
        const char *c = bonx_canvas_cell(cv, x, y, NULL);
        if (strcmp(c, " ") != 0 && n + strlen(c) + 1 < len) {
            strcpy(buf + n, c);
            n += strlen(c);
        }
    }
    buf[n] = '\0';
}

/* The plot frame as drawn: axis column, first/last plot row, and the values of the top and
 * bottom y tick labels (the nice range puts ticks on both ends). */
typedef struct drawn_frame { int axis_x, y0, y1; double ylo, yhi; } drawn_frame;

static void read_frame(const bonx_canvas *cv, drawn_frame *fr)
{
    int x = 0, y = 0;
    assert_true(find_cell(cv, "└", &x, &y));
    fr->axis_x = x;
    fr->y1 = y - 1;
    fr->y0 = fr->y1;
    while (fr->y0 > 0 && (!strcmp(bonx_canvas_cell(cv, x, fr->y0 - 1, NULL), "│") ||
                          !strcmp(bonx_canvas_cell(cv, x, fr->y0 - 1, NULL), "┤")))
        fr->y0--;
    char lo[32], hi[32];
    row_text(cv, fr->y1, 0, x - 1, lo, sizeof lo);
    row_text(cv, fr->y0, 0, x - 1, hi, sizeof hi);
    fr->ylo = strtod(lo, NULL);
    fr->yhi = strtod(hi, NULL);
    assert_string_equal(bonx_canvas_cell(cv, x, fr->y0, NULL), "┤");
    assert_string_equal(bonx_canvas_cell(cv, x, fr->y1, NULL), "┤");
}

/* Example 1: KL(pi_n || p) = log 2 - h(2^-n), computed here in long double; the current-point
 * marker must sit in the cell the frame's (linear y, log10 x from 1 to 1e6) axes put it. */
static void test_kl_marker_example1(void **state)
{
    (void)state;
    fixture *f = &fixtures[0];
    for (double n = 1; n <= 1e5; n *= 2.7) {
        f->n = n;
        bonx_canvas *cv = bonx_canvas_new(100, 30, 0);
        bonx_chart_input in = input_of(f);
        assert_int_equal(bonx_chart_draw(cv, BONX_CHART_KL, &in, NULL, 0), 0);
        long double e = powl(2.0L, -(long double)n);
        long double h = e > 0 ? -(e * logl(e) + (1 - e) * log1pl(-e)) : 0;
        double kl = (double)(logl(2.0L) - h);
        drawn_frame fr;
        read_frame(cv, &fr);
        assert_true(fr.ylo == 0.0 && fr.yhi > 0.69);
        double dy = (4.0 * fr.y1 + 3.0) + (kl - fr.ylo) / (fr.yhi - fr.ylo) * (4.0 * fr.y0 - (4.0 * fr.y1 + 3.0));
        int x0 = fr.axis_x + 1, x1 = 100 - 2 - 2;   /* right: a blank and " n" */
        double dx = 2.0 * x0 + log10(n) / 6.0 * (2.0 * x1 + 1.0 - 2.0 * x0);
        int want_row = (int)floor((dy + 0.5) / 4.0), want_col = (int)floor((dx + 0.5) / 2.0);
        int mx = -1, my = -1;
        assert_true(find_cell_in(cv, "◆", x0, fr.y0, &mx, &my));
        if (my != want_row || mx != want_col) {
            print_error("n = %g: KL %.6f drawn at (%d,%d), expected (%d,%d)\n", n, kl, mx, my,
                        want_col, want_row);
            fail();
        }
        /* the ceiling log 2 is a dashed line on its row */
        int ceil_row = (int)floor(((4.0 * fr.y1 + 3.0) + (log(2.0) - fr.ylo) / (fr.yhi - fr.ylo) *
                                   (4.0 * fr.y0 - (4.0 * fr.y1 + 3.0)) + 0.5) / 4.0);
        assert_true(bonx_canvas_dots(cv, x0, ceil_row) != 0);
        bonx_canvas_free(cv);
    }
    f->n = 4;
}

/* A current point beyond the n axis (1..1e6 here) is never silently lost: the row of its
 * value carries an arrow at the edge it left by, saying where it is; inside, no arrow. */
static void test_marker_off_chart_arrow(void **state)
{
    (void)state;
    fixture *f = &fixtures[0];
    const struct { double n; const char *want; int ascii; } cases[] = {
        /* row_text drops blanks: "→ n=5.4e8" reads "→n=5.4e8" */
        {5.4e8, "→n=5.4e8", 0}, {1e15, "→n=1e15", 0}, {5.4e8, "->n=5.4e8", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        f->n = cases[i].n;
        for (int k = BONX_CHART_KL; k <= BONX_CHART_WINRATE; k++) {
            bonx_canvas *cv = bonx_canvas_new(100, 30, cases[i].ascii);
            bonx_chart_input in = input_of(f);
            assert_int_equal(bonx_chart_draw(cv, (bonx_chart_kind)k, &in, NULL, 0), 0);
            drawn_frame fr;
            if (!cases[i].ascii)
                read_frame(cv, &fr);
            else
                fr.y0 = 3, fr.y1 = 27;
            int found = 0;
            for (int y = fr.y0; y <= fr.y1 && !found; y++) {
                char row[512];
                row_text(cv, y, 0, 99, row, sizeof row);
                const char *at = strstr(row, cases[i].want);
                /* ends at the right edge of the plot, before the x axis name column */
                found = at && strlen(at) == strlen(cases[i].want);
            }
            if (!found) {
                char *text = bonx_canvas_to_string(cv, 0);
                print_error("no '%s' on chart %d:\n%s\n", cases[i].want, k, text);
                free(text);
                fail();
            }
            int mx, my;
            assert_false(!cases[i].ascii && find_cell_in(cv, "◆", 4, fr.y0, &mx, &my));
            bonx_canvas_free(cv);
        }
    }
    /* inside the axis: the marker, no arrow */
    f->n = 1e5;
    bonx_canvas *cv = bonx_canvas_new(100, 30, 0);
    bonx_chart_input in = input_of(f);
    assert_int_equal(bonx_chart_draw(cv, BONX_CHART_KL, &in, NULL, 0), 0);
    char *text = bonx_canvas_to_string(cv, 0);
    assert_null(strstr(text, "→"));
    assert_non_null(strstr(text, "◆"));
    free(text);
    bonx_canvas_free(cv);
    f->n = 4;
}

/* Example 1's win rate 3/4 - 2^-(n+1), in long double, against the winrate chart's marker. */
static void test_winrate_marker_example1(void **state)
{
    (void)state;
    fixture *f = &fixtures[0];
    for (double n = 1; n <= 1e5; n *= 3.1) {
        f->n = n;
        bonx_canvas *cv = bonx_canvas_new(90, 28, 0);
        bonx_chart_input in = input_of(f);
        assert_int_equal(bonx_chart_draw(cv, BONX_CHART_WINRATE, &in, NULL, 0), 0);
        double wr = (double)(0.75L - powl(2.0L, -((long double)n + 1)));
        drawn_frame fr;
        read_frame(cv, &fr);
        assert_true(fr.ylo == 0.5 && fr.yhi == 1.0);
        double dy = (4.0 * fr.y1 + 3.0) + (wr - fr.ylo) / (fr.yhi - fr.ylo) * (4.0 * fr.y0 - (4.0 * fr.y1 + 3.0));
        int x0 = fr.axis_x + 1, x1 = 90 - 2 - 2;
        double dx = 2.0 * x0 + log10(n) / 6.0 * (2.0 * x1 + 1.0 - 2.0 * x0);
        int mx = -1, my = -1;
        assert_true(find_cell_in(cv, "◆", x0, fr.y0, &mx, &my));
        if (my != (int)floor((dy + 0.5) / 4.0) || mx != (int)floor((dx + 0.5) / 2.0)) {
            print_error("n = %g: win rate %.6f drawn at (%d,%d)\n", n, wr, mx, my);
            fail();
        }
        bonx_canvas_free(cv);
    }
    f->n = 4;
}

/* The pmf bars of Example 1 at n = 4: pi_4 = (1/16, 15/16), p = (1/2, 1/2).  Each bar's height
 * in eighths of a cell (whole cells plus the eighth block on top) must be the value's share of
 * the axis, rounded to the nearest eighth. */
static int bar_eighths(const bonx_canvas *cv, int x, int y1)
{
    static const char *const blocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇"};
    int e = 0;
    for (int y = y1; y >= 0; y--) {
        const char *c = bonx_canvas_cell(cv, x, y, NULL);
        if (!strcmp(c, "█") || !strcmp(c, "░") || !strcmp(c, "▓") || !strcmp(c, "▒")) {
            e += 8;
            continue;
        }
        for (int b = 0; b < 7; b++)
            if (!strcmp(c, blocks[b]))
                e += b + 1;
        break;
    }
    return e;
}

static void test_pmf_bars_example1(void **state)
{
    (void)state;
    bonx_canvas *cv = bonx_canvas_new(80, 24, 0);
    bonx_chart_input in = input_of(&fixtures[0]);   /* n = 4, beta = 0.5, tau = 1 */
    assert_int_equal(bonx_chart_draw(cv, BONX_CHART_PMF, &in, NULL, 0), 0);
    drawn_frame fr;
    read_frame(cv, &fr);
    assert_true(fr.ylo == 0.0 && fr.yhi >= 15.0 / 16.0);
    int rows = fr.y1 - fr.y0 + 1;
    /* Bars left to right, told apart by colour (p default, best-of-n blue, KL-RL green,
     * rewind-and-repeat yellow): "bad" has no rewind-and-repeat bar (tau = 1 rejects it). */
    double e2 = exp(1.0 / 0.5);
    struct { int color; double v; } want[] = {
        {0, 0.5}, {4, 1.0 / 16}, {2, 1 / (1 + e2)},
        {0, 0.5}, {4, 15.0 / 16}, {2, e2 / (1 + e2)}, {3, 1.0}};
    size_t found = 0;
    int prev_color = -1;
    for (int x = fr.axis_x + 1; x < 80; x++) {
        int color;
        if (!strcmp(bonx_canvas_cell(cv, x, fr.y1, &color), " ")) {
            prev_color = -1;
            continue;
        }
        if (color == prev_color)   /* the same bar's next column */
            continue;
        prev_color = color;
        assert_true(found < sizeof want / sizeof want[0]);
        int e = bar_eighths(cv, x, fr.y1);
        int wanted = (int)lround(want[found].v / fr.yhi * rows * 8.0);
        if (color != want[found].color || e != wanted) {
            print_error("bar %zu: colour %d, %d eighths; want colour %d, %d eighths\n", found,
                        color, e, want[found].color, wanted);
            fail();
        }
        found++;
    }
    assert_int_equal(found, sizeof want / sizeof want[0]);
    bonx_canvas_free(cv);
}

/* ---- legends, errors, sizes ------------------------------------------------------------ */

static int contains(const char *hay, const char *needle) { return strstr(hay, needle) != NULL; }

static void test_legends_name_series(void **state)
{
    (void)state;
    struct { bonx_chart_kind k; const char *names[5]; } want[] = {
        {BONX_CHART_KL, {"exact KL", "log n - (n-1)/n", "E[estimator]", "saturation bound", "ceiling log(1/g_top) = 0.6931"}},
        {BONX_CHART_WINRATE, {"exact win rate", "n/(n+1)", "limit 1 - g_top/2 = 0.75", "n = 4", NULL}},
        {BONX_CHART_TRADEOFF, {"best-of-n", "reported KL", "KL-RL", "optimal (calibrated KL-RL)", "rewind-and-repeat"}},
        {BONX_CHART_REWARD, {"best-of-n", "reported KL", "KL-RL", "optimal (calibrated KL-RL)", "rewind-and-repeat"}},
        {BONX_CHART_PMF, {"p", "best-of-n (n = 4)", "KL-RL (beta = 0.5)", "rewind-and-repeat (tau = 1)", NULL}},
        {BONX_CHART_COST, {"best-of-n (n draws)", "rewind-and-repeat (1/q draws)", "n = 4", "tau = 1", NULL}},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char *s = render(&fixtures[0], want[i].k, 120, 40, 0);
        assert_non_null(s);
        for (int j = 0; j < 5 && want[i].names[j]; j++)
            if (!contains(s, want[i].names[j])) {
                print_error("%s: legend lacks '%s'\n", bonx_chart_name(want[i].k), want[i].names[j]);
                fail();
            }
        free(s);
    }
    char *s = render(&fixtures[2], BONX_CHART_KL, 120, 40, 0);   /* t = 2: the band */
    assert_true(contains(s, "tilted min/max (t = 2)"));
    free(s);
}

/* On narrow canvases a legend entry is never cut short silently: the ceiling's value is shown
 * whole, or its row ends in an ellipsis. */
static void test_legend_never_truncates_numbers(void **state)
{
    (void)state;
    for (int w = BONX_PLOT_MIN_WIDTH; w <= 90; w++) {
        bonx_canvas *cv = bonx_canvas_new(w, 40, 0);
        bonx_chart_input in = input_of(&fixtures[0]);
        assert_int_equal(bonx_chart_draw(cv, BONX_CHART_KL, &in, NULL, 0), 0);
        int found = 0;
        for (int y = 1; y < 40 && !found; y++) {
            char row[1024];
            row_text(cv, y, 0, w - 1, row, sizeof row);
            if (strstr(row, "ceiling"))
                found = strstr(row, "=0.6931") != NULL   /* row_text drops blanks */ ? 1 : strstr(row, "…") != NULL ? 2 : -1;
        }
        if (found <= 0) {
            print_error("width %d: ceiling entry %s\n", w, found < 0 ? "cut without an ellipsis" : "missing");
            fail();
        }
        bonx_canvas_free(cv);
    }
}

static void test_names_and_errors(void **state)
{
    (void)state;
    for (int k = 0; k < BONX_CHART_COUNT; k++)
        assert_int_equal(bonx_chart_from_name(bonx_chart_name((bonx_chart_kind)k)), k);
    assert_string_equal(bonx_chart_name(BONX_CHART_WINRATE), "winrate");
    assert_string_equal(bonx_chart_name(BONX_CHART_SIMPLEX), "simplex");
    assert_int_equal(bonx_chart_from_name("KL"), -1);
    assert_int_equal(bonx_chart_from_name(""), -1);
    assert_int_equal(bonx_chart_from_name(NULL), -1);
    bonx_canvas *cv = bonx_canvas_new(80, 24, 0);
    bonx_chart_input in = input_of(&fixtures[0]);
    char err[256] = "";
    assert_int_equal(bonx_chart_draw(cv, BONX_CHART_SIMPLEX, &in, err, sizeof err), -1);
    assert_string_equal(err, "the simplex chart needs K = 3 outcomes (this has K = 2)");
    in = input_of(&fixtures[1]);
    assert_int_equal(bonx_chart_draw(cv, BONX_CHART_SIMPLEX, &in, err, sizeof err), 0);
    in.curves = NULL;
    assert_int_equal(bonx_chart_draw(cv, BONX_CHART_KL, &in, err, sizeof err), -1);
    bonx_canvas_free(cv);
}

static void test_too_small(void **state)
{
    (void)state;
    char *s = render(&fixtures[1], BONX_CHART_KL, 20, 10, 0);
    assert_non_null(s);
    assert_true(contains(s, "too small"));
    free(s);
    s = render(&fixtures[1], BONX_CHART_KL, BONX_PLOT_MIN_WIDTH + 40, BONX_PLOT_MIN_HEIGHT + 16, 0);
    assert_false(contains(s, "too small"));
    free(s);
}

/* Every chart at many sizes, tiny to 300 x 100, both modes: no crash (sanitizers watch). */
static void test_size_sweep_charts(void **state)
{
    (void)state;
    for (size_t fi = 0; fi < NFIX; fi++)
        for (int k = 0; k < BONX_CHART_COUNT; k++)
            for (int w = 1; w <= 300; w += (w < 30 ? 1 : 37))
                for (int h = 1; h <= 100; h += (h < 12 ? 1 : 29)) {
                    bonx_canvas *cv = bonx_canvas_new(w, h, (w + h + k) & 1);
                    bonx_chart_input in = input_of(&fixtures[fi]);
                    char err[256];
                    int rc = bonx_chart_draw(cv, (bonx_chart_kind)k, &in, err, sizeof err);
                    assert_true(rc == 0 || (k == BONX_CHART_SIMPLEX && fixtures[fi].k != 3));
                    char *s = bonx_canvas_to_string(cv, 1);
                    assert_non_null(s);
                    free(s);
                    bonx_canvas_free(cv);
                }
}

/* Random distributions with ties, zero weights and weights over 200 orders of magnitude: every
 * chart draws (simplex only for K = 3) and no "nan" reaches the text. */
static void test_random_distributions(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 20261124);
    for (int trial = 0; trial < 60; trial++) {
        size_t k = 1 + bonx_rng_below(&g, trial % 3 == 0 ? 3 : 40);
        double w[40], r[40];
        for (size_t i = 0; i < k; i++) {
            w[i] = bonx_rng_below(&g, 6) == 0 ? 0.0 : pow(10.0, -200.0 * pow(bonx_rng_uniform(&g), 4));
            r[i] = (double)bonx_rng_below(&g, 1 + k / 2) - 3.0;   /* ties */
        }
        w[bonx_rng_below(&g, k)] = 1.0;   /* some mass */
        bonx_dist d;
        bonx_curves c;
        memset(&c, 0, sizeof c);
        bonx_err e = {0, ""};
        assert_int_equal(bonx_dist_init(&d, k, w, r, &e), 0);
        bonx_curves_spec spec;
        bonx_curves_spec_default(&spec);
        spec.t = (double)bonx_rng_below(&g, 3);
        spec.bounds = (trial & 6) == 2;   /* computed in some trials, asked for (trial & 2) in others */
        assert_int_equal(bonx_curves_compute(&c, &d, &spec, &e), 0);
        bonx_chart_input in = {.dist = &d, .curves = &c, .n = 1.0 + 1e4 * bonx_rng_uniform(&g),
                               .beta = 0.01 + 10 * bonx_rng_uniform(&g), .tau = d.r_min,
                               .t = spec.t, .bounds = trial & 2};
        for (int kind = 0; kind < BONX_CHART_COUNT; kind++) {
            bonx_canvas *cv = bonx_canvas_new(100, 30, trial & 1);
            char err[256];
            int rc = bonx_chart_draw(cv, (bonx_chart_kind)kind, &in, err, sizeof err);
            assert_true(rc == 0 || (kind == BONX_CHART_SIMPLEX && k != 3));
            char *text = bonx_canvas_to_string(cv, 0);
            if (strstr(text, "nan")) {
                print_error("trial %d, %s chart shows nan:\n%s\n", trial,
                            bonx_chart_name((bonx_chart_kind)kind), text);
                fail();
            }
            free(text);
            bonx_canvas_free(cv);
        }
        bonx_curves_free(&c);
        bonx_dist_free(&d);
    }
}

/* Parameters that no policy accepts leave their marks and bars out, never garbage. */
static void test_bad_parameters(void **state)
{
    (void)state;
    fixture f = fixtures[1];
    f.n = NAN;
    f.beta = -1;
    f.tau = 99;   /* above every reward: rewind-and-repeat undefined */
    for (int k = 0; k < BONX_CHART_COUNT; k++) {
        char *s = render(&f, (bonx_chart_kind)k, 100, 30, 0);
        assert_non_null(s);
        assert_false(contains(s, "◆"));   /* no current point: no marker, no legend entry */
        free(s);
    }
    char *s = render(&f, BONX_CHART_PMF, 100, 30, 0);
    assert_false(contains(s, "rewind-and-repeat"));
    assert_true(contains(s, "p"));
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_marker_off_chart_arrow),
        cmocka_unit_test(test_golden_binary),
        cmocka_unit_test(test_golden_ternary),
        cmocka_unit_test(test_golden_ties_many),
        cmocka_unit_test(test_kl_marker_example1),
        cmocka_unit_test(test_winrate_marker_example1),
        cmocka_unit_test(test_pmf_bars_example1),
        cmocka_unit_test(test_legends_name_series),
        cmocka_unit_test(test_legend_never_truncates_numbers),
        cmocka_unit_test(test_names_and_errors),
        cmocka_unit_test(test_too_small),
        cmocka_unit_test(test_size_sweep_charts),
        cmocka_unit_test(test_bad_parameters),
        cmocka_unit_test(test_random_distributions),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
