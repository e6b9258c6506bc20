/* SPDX-License-Identifier: MIT */
/* The explorer's state without a terminal (src/app_*.c): every edit kind with undo and redo,
 * refusals that keep the old table, parameters and their limits, keys, save -> load round
 * trips, and random edit sequences checked against invariants and values computed here
 * independently (closed forms of MATH.md Example 1, long double sums). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>
#include "quad.h"
#include "app_state.h"
#include "recompute.h"
#include "rng.h"

/* ---- helpers */

static void make_preset(bonx_preset *p, size_t k, const double *w, const double *r)
{
    memset(p, 0, sizeof *p);
    p->name = strdup("test");
    p->title = strdup("a test table");
    p->note = strdup("first line of the note\nsecond line");
    p->k = k;
    p->labels = calloc(k, sizeof *p->labels);
    p->w = malloc(k * sizeof *p->w);
    p->r = malloc(k * sizeof *p->r);
    for (size_t i = 0; i < k; i++) {
        char buf[32];
        snprintf(buf, sizeof buf, "o%zu", i + 1);
        p->labels[i] = strdup(buf);
        p->w[i] = w[i];
        p->r[i] = r[i];
    }
}

static void open_app(bonx_app *a, size_t k, const double *w, const double *r)
{
    bonx_preset p;
    char err[256];
    make_preset(&p, k, w, r);
    assert_int_equal(bonx_app_init(a, &p, NULL, err, sizeof err), 0);
    bonx_preset_free(&p);
}

static void open_binary(bonx_app *a)
{
    const double w[2] = {1, 1}, r[2] = {0, 1};
    open_app(a, 2, w, r);
}

static void keys(bonx_app *a, const char *s)
{
    for (; *s; s++)
        bonx_app_key(a, (unsigned char)*s);
}

static void assert_close(double got, double want, double rel)
{
    if (!(fabs(got - want) <= rel * fabs(want) + 1e-15)) {
        print_error("got %.17g want %.17g\n", got, want);
        fail();
    }
}

/* Binary entropy in nats, long double. */
static long double h2(long double x)
{
    return x <= 0 || x >= 1 ? 0 : -x * logl(x) - (1 - x) * logl(1 - x);
}

/* KL of best-of-n on two outcomes with p(top) = q, long double: the group masses are
 * (1-q)^n and 1-(1-q)^n (MATH.md §2, two groups). */
static long double kl_two(long double q, long double n)
{
    long double lo = powl(1 - q, n), hi = 1 - lo;
    long double kl = 0;
    if (lo > 0) kl += lo * logl(lo / (1 - q));
    if (hi > 0) kl += hi * logl(hi / q);
    return kl;
}

/* ---- tests */

static void test_open_example1(void **state)
{
    (void)state;
    bonx_app a;
    open_binary(&a);
    assert_true(a.n == 4);
    assert_int_equal(a.dirty, 0);
    assert_true(a.ro.bon_ok && a.ro.klrl_ok && a.ro.cal_ok && a.ro.rr_ok);
    long double e = ldexpl(1, -4);
    assert_close(a.ro.bon.kl, (double)(logl(2) - h2(e)), 1e-12);
    assert_close(a.ro.bon.win_rate, (double)(0.75L - ldexpl(1, -5)), 1e-12);
    assert_close(a.ro.pi_bon[1], (double)(1 - e), 1e-14);
    /* no beta in the preset: KL-RL starts at best-of-n's KL */
    assert_true(a.beta_from_kl);
    assert_close(a.ro.klrl.kl, a.ro.bon.kl, 1e-10);
    /* the calibrated tilt sits at the same KL */
    assert_close(a.ro.cal.kl, a.ro.klrl.kl, 1e-9);
    /* tau: the middle level of {0, 1} is 1: q = 1/2 */
    assert_true(a.tau == 1);
    assert_close(a.ro.rr.kl, log(2), 1e-14);
    assert_close(a.ro.rr.expected_trials, 2, 1e-14);
    bonx_app_free(&a);
}

static void test_set_weight_recomputes(void **state)
{
    (void)state;
    bonx_app a;
    open_binary(&a);
    unsigned long edits = a.edits;
    assert_int_equal(bonx_app_set_cell(&a, 0, BONX_COL_WEIGHT, "3"), 0);
    assert_int_equal(a.edits, edits + 1);   /* one recompute per edit */
    assert_true(a.dirty);
    assert_close(a.dist.p[1], 0.25, 1e-15);
    assert_close(a.ro.bon.kl, (double)kl_two(0.25L, 4), 1e-12);
    /* the curves are recomputed too: the last grid point is n_max */
    bonx_bon_stats last = a.curves.bon[a.curves.n_bon - 1];
    assert_close(last.kl, (double)kl_two(0.25L, (long double)last.n), 1e-10);
    assert_int_equal(a.undo.len, 1);
    assert_int_equal(bonx_app_undo(&a), 0);
    assert_true(a.table.w[0] == 1 && !a.dirty);
    assert_close(a.ro.bon.kl, (double)(logl(2) - h2(ldexpl(1, -4))), 1e-12);
    assert_int_equal(bonx_app_redo(&a), 0);
    assert_true(a.table.w[0] == 3 && a.dirty);
    bonx_app_free(&a);
}

static void assert_refused(bonx_app *a, size_t i, bonx_column c, const char *text)
{
    bonx_outcomes before;
    size_t undo = a->undo.len;
    assert_int_equal(bonx_outcomes_copy(&before, &a->table), 0);
    assert_int_equal(bonx_app_set_cell(a, i, c, text), -1);
    assert_true(a->message_is_error);
    assert_true(strlen(a->message) > 0);
    assert_true(bonx_outcomes_equal(&before, &a->table));
    assert_int_equal(a->undo.len, undo);
    bonx_outcomes_free(&before);
}

static void test_refusals_keep_old_value(void **state)
{
    (void)state;
    bonx_app a;
    open_binary(&a);
    const char *bad_numbers[] = {"abc", "", "1x", "nan", "inf", "-inf", "1e999", "0x", "--1"};
    for (size_t i = 0; i < sizeof bad_numbers / sizeof *bad_numbers; i++) {
        assert_refused(&a, 0, BONX_COL_WEIGHT, bad_numbers[i]);
        assert_refused(&a, 1, BONX_COL_REWARD, bad_numbers[i]);
    }
    assert_refused(&a, 0, BONX_COL_WEIGHT, "1e-400");   /* would underflow to 0 */
    assert_refused(&a, 0, BONX_COL_WEIGHT, "-1");
    assert_non_null(strstr(a.message, "negative"));
    const char *bad_labels[] = {"", "two words", "#x", "a:b", "tab\there",
                                "a_label_that_is_far_too_long_for_the_table"};
    for (size_t i = 0; i < sizeof bad_labels / sizeof *bad_labels; i++)
        assert_refused(&a, 0, BONX_COL_LABEL, bad_labels[i]);
    /* zero total weight: the second zero is refused by the distribution itself */
    assert_int_equal(bonx_app_set_cell(&a, 0, BONX_COL_WEIGHT, "0"), 0);
    assert_refused(&a, 1, BONX_COL_WEIGHT, "0");
    /* a subnormal weight is a weight: p of that outcome is tiny, not 0 */
    assert_int_equal(bonx_app_set_cell(&a, 0, BONX_COL_WEIGHT, "1e-310"), 0);
    assert_true(a.table.w[0] == 1e-310 && a.dist.p[0] > 0);
    assert_int_equal(bonx_app_undo(&a), 0);
    /* a value equal to the old one is no edit */
    size_t undo = a.undo.len;
    assert_int_equal(bonx_app_set_cell(&a, 1, BONX_COL_WEIGHT, "1.0"), 0);
    assert_int_equal(a.undo.len, undo);
    /* the only outcome cannot be deleted */
    const double w1[1] = {2}, r1[1] = {5};
    bonx_app b;
    open_app(&b, 1, w1, r1);
    assert_int_equal(bonx_app_delete_row(&b), -1);
    assert_int_equal(b.table.k, 1);
    bonx_app_free(&b);
    bonx_app_free(&a);
}

/* Each edit kind: the table changes, undo restores it exactly, redo re-applies it exactly. */
typedef int (*edit_fn)(bonx_app *a);
static int edit_set_reward(bonx_app *a) { return bonx_app_set_cell(a, a->sel, BONX_COL_REWARD, "-7.25"); }
static int edit_set_label(bonx_app *a) { return bonx_app_set_cell(a, a->sel, BONX_COL_LABEL, "renamed"); }

static void test_undo_redo_every_edit(void **state)
{
    (void)state;
    const double w[4] = {0.5, 2, 1, 1}, r[4] = {3, 1, 3, -2};
    edit_fn edits[] = {edit_set_reward, edit_set_label, bonx_app_add_row, bonx_app_delete_row,
                       bonx_app_duplicate_row, bonx_app_normalise, bonx_app_sort_by_reward};
    for (size_t e = 0; e < sizeof edits / sizeof *edits; e++) {
        bonx_app a;
        open_app(&a, 4, w, r);
        a.sel = 1;
        bonx_outcomes before, after;
        assert_int_equal(bonx_outcomes_copy(&before, &a.table), 0);
        assert_int_equal(edits[e](&a), 0);
        assert_false(bonx_outcomes_equal(&before, &a.table));
        assert_true(a.dirty);
        assert_int_equal(bonx_outcomes_copy(&after, &a.table), 0);
        assert_int_equal(bonx_app_undo(&a), 0);
        assert_true(bonx_outcomes_equal(&before, &a.table));
        assert_false(a.dirty);
        assert_int_equal(a.dist.k, before.k);
        assert_int_equal(bonx_app_redo(&a), 0);
        assert_true(bonx_outcomes_equal(&after, &a.table));
        assert_int_equal(bonx_app_redo(&a), -1);   /* nothing more to redo */
        /* a new edit after an undo clears the redo stack */
        assert_int_equal(bonx_app_undo(&a), 0);
        assert_int_equal(bonx_app_set_cell(&a, 0, BONX_COL_WEIGHT, "9"), 0);
        assert_int_equal(a.redo.len, 0);
        bonx_outcomes_free(&before);
        bonx_outcomes_free(&after);
        bonx_app_free(&a);
    }
}

static void test_edit_details(void **state)
{
    (void)state;
    const double w[4] = {0.5, 2, 1, 1}, r[4] = {3, 1, 3, -2};
    bonx_app a;
    open_app(&a, 4, w, r);
    /* sort: ascending reward, ties in file order; the selection follows its outcome */
    a.sel = 2;   /* o3, reward 3 */
    assert_int_equal(bonx_app_sort_by_reward(&a), 0);
    const char *want[4] = {"o4", "o2", "o1", "o3"};
    for (int i = 0; i < 4; i++)
        assert_string_equal(a.table.labels[i], want[i]);
    assert_string_equal(a.table.labels[a.sel], "o3");
    /* normalise: weights become p, which sum to 1, and p itself does not change */
    double p_before[4];
    memcpy(p_before, a.dist.p, sizeof p_before);
    assert_int_equal(bonx_app_normalise(&a), 0);
    long double sum = 0;
    for (int i = 0; i < 4; i++) {
        sum += a.table.w[i];
        assert_close(a.dist.p[i], p_before[i], 1e-15);
    }
    assert_close((double)sum, 1, 1e-15);
    /* duplicate: same weight and reward, a fresh label, inserted after the selection */
    a.sel = 0;
    assert_int_equal(bonx_app_duplicate_row(&a), 0);
    assert_int_equal(a.table.k, 5);
    assert_string_equal(a.table.labels[1], "o42");
    assert_true(a.table.w[1] == a.table.w[0] && a.table.r[1] == a.table.r[0]);
    assert_int_equal(a.sel, 1);
    /* the duplicate ties with its original: both share one group */
    assert_int_equal(a.dist.group[0], a.dist.group[1]);
    /* add: weight 1, reward 0, label y6 */
    assert_int_equal(bonx_app_add_row(&a), 0);
    assert_string_equal(a.table.labels[2], "y6");
    assert_true(a.table.w[2] == 1 && a.table.r[2] == 0);
    /* reset goes back to the loaded table and is itself undoable */
    assert_int_equal(bonx_app_reset_table(&a), 0);
    assert_int_equal(a.table.k, 4);
    assert_string_equal(a.table.labels[0], "o1");
    assert_false(a.dirty);
    assert_int_equal(bonx_app_undo(&a), 0);
    assert_int_equal(a.table.k, 6);
    bonx_app_free(&a);
}

static void test_params(void **state)
{
    (void)state;
    bonx_app a;
    open_binary(&a);
    /* n: doubling and halving, floor 1, refusals */
    assert_int_equal(bonx_app_step_param(&a, BONX_PARAM_N, +1, 0), 0);
    assert_true(a.n == 8);
    assert_close(a.ro.bon.kl, (double)(logl(2) - h2(ldexpl(1, -8))), 1e-12);
    for (int i = 0; i < 6; i++)
        bonx_app_step_param(&a, BONX_PARAM_N, -1, 0);
    assert_true(a.n == 1);
    assert_true(a.ro.bon.kl == 0 || fabs(a.ro.bon.kl) < 1e-15);
    assert_close(a.ro.bon.win_rate, 0.5, 1e-15);
    assert_int_equal(bonx_app_set_param(&a, BONX_PARAM_N, 0.5), -1);
    assert_true(a.n == 1 && a.message_is_error);
    assert_int_equal(bonx_app_set_param(&a, BONX_PARAM_N, NAN), -1);
    assert_int_equal(bonx_app_set_param(&a, BONX_PARAM_N, 1e15), 0);
    assert_close(a.ro.bon.kl, log(2), 1e-12);   /* h(2^-1e15) underflows to 0 */
    /* KL target: solved to full precision, held across a table edit */
    assert_int_equal(bonx_app_set_param(&a, BONX_PARAM_KL, 0.3), 0);
    assert_close(a.ro.klrl.kl, 0.3, 1e-12);
    double beta_before = a.beta;
    assert_int_equal(bonx_app_set_cell(&a, 1, BONX_COL_WEIGHT, "0.5"), 0);
    assert_close(a.ro.klrl.kl, 0.3, 1e-12);
    assert_true(a.beta != beta_before);
    /* an unreachable KL target is refused (the maximum is log(1/g_top) = log 3 now) */
    assert_int_equal(bonx_app_set_param(&a, BONX_PARAM_KL, 2.0), -1);
    assert_close(a.kl_target, 0.3, 1e-15);
    /* beta: held across an edit instead; KL follows.  Closed form for two outcomes:
     * pi(top) = q e^(1/beta) / (1 - q + q e^(1/beta)) */
    assert_int_equal(bonx_app_set_param(&a, BONX_PARAM_BETA, 0.5), 0);
    assert_false(a.beta_from_kl);
    long double q = 1.0L / 3, e2 = expl(2), top = q * e2 / (1 - q + q * e2);
    assert_close(a.ro.pi_klrl[1], (double)top, 1e-13);
    assert_close(a.ro.klrl.kl, (double)(top * logl(top / q) + (1 - top) * logl((1 - top) / (1 - q))), 1e-12);
    assert_int_equal(bonx_app_set_param(&a, BONX_PARAM_BETA, 0), -1);
    assert_int_equal(bonx_app_set_param(&a, BONX_PARAM_BETA, INFINITY), 0);
    assert_true(fabs(a.ro.klrl.kl) < 1e-15);
    /* tau: stepping walks the reward levels; above the top reward is refused */
    assert_int_equal(bonx_app_set_param(&a, BONX_PARAM_TAU, 1.5), -1);
    assert_true(a.tau == 1);
    assert_int_equal(bonx_app_step_param(&a, BONX_PARAM_TAU, -1, 0), 0);
    assert_true(a.tau == 0 && fabs(a.ro.rr.kl) < 1e-15);
    assert_int_equal(bonx_app_step_param(&a, BONX_PARAM_TAU, +1, 0), 0);
    assert_true(a.tau == 1);
    assert_close(a.ro.rr.kl, log(3), 1e-14);
    /* t: the band of the estimator; 0 collapses it onto the estimate */
    assert_int_equal(bonx_app_set_param(&a, BONX_PARAM_T, 0), 0);
    assert_close(a.ro.bon.est_tilt_lo, a.ro.bon.kl_estimate, 1e-12);
    assert_int_equal(bonx_app_set_param(&a, BONX_PARAM_T, -1), -1);
    bonx_app_free(&a);
}

/* The estimator band (t = 1) is on by default for teaching-sized tables, off above 1024
 * outcomes; loading another preset applies the rule of its size. */
static void test_default_t(void **state)
{
    (void)state;
    enum { BIG = 1500 };
    static double w[BIG], r[BIG];
    for (int i = 0; i < BIG; i++) {
        w[i] = 1 + i % 5;   /* unequal: the estimator varies, so the band has width */
        r[i] = i % 7;
    }
    bonx_app a;
    open_app(&a, BIG, w, r);
    assert_true(a.t == 0 && a.spec.t == 0);
    bonx_app_free(&a);
    open_app(&a, 1024, w, r);
    assert_true(a.t == 1 && a.spec.t == 1);
    assert_true(a.ro.bon.est_tilt_hi > a.ro.bon.est_tilt_lo);
    bonx_app_free(&a);
}

/* Undo keeps at most BONX_UNDO_DEPTH steps and BONX_UNDO_OUTCOMES outcomes, oldest first out,
 * the newest step always. */
static void test_undo_limits(void **state)
{
    (void)state;
    bonx_app a;
    open_binary(&a);
    for (int i = 0; i < BONX_UNDO_DEPTH + 40; i++) {
        char v[32];
        snprintf(v, sizeof v, "%d", i + 2);
        assert_int_equal(bonx_app_set_cell(&a, 0, BONX_COL_WEIGHT, v), 0);
    }
    assert_int_equal(a.undo.len, BONX_UNDO_DEPTH);
    assert_int_equal(a.undo.outcomes, 2 * BONX_UNDO_DEPTH);
    while (bonx_app_undo(&a) == 0) {}
    assert_true(a.table.w[0] == 41);   /* the oldest kept state: weight 41 set by step 40 */
    bonx_app_free(&a);

    bonx_undo_stack st = {0};
    const size_t big = 500000;   /* four fit in the budget, five do not */
    for (int i = 0; i < 5; i++) {
        bonx_outcomes t = {0};
        t.k = big;
        t.labels = calloc(big, sizeof *t.labels);
        t.w = calloc(big, sizeof *t.w);
        t.r = calloc(big, sizeof *t.r);
        assert_non_null(t.labels);
        t.w[0] = i;   /* tells the snapshots apart */
        assert_int_equal(bonx_undo_push(&st, &t), 0);
    }
    assert_int_equal(st.len, 4);
    assert_true(st.outcomes <= BONX_UNDO_OUTCOMES);
    assert_true(st.items[0].w[0] == 1 && st.items[3].w[0] == 4);
    bonx_undo_clear(&st);
    assert_int_equal(st.outcomes, 0);
}

static void test_tau_snaps_after_edit(void **state)
{
    (void)state;
    bonx_app a;
    open_binary(&a);
    /* lowering the top reward below tau keeps the readout valid: tau follows it down */
    assert_int_equal(bonx_app_set_cell(&a, 1, BONX_COL_REWARD, "0.5"), 0);
    assert_true(a.tau == 0.5 && a.ro.rr_ok);
    assert_close(a.ro.rr.kl, log(2), 1e-14);
    bonx_app_free(&a);
}

static void test_play(void **state)
{
    (void)state;
    bonx_app a;
    open_binary(&a);
    a.param = BONX_PARAM_N;
    bonx_app_play(&a);
    assert_true(a.playing && a.n == 1);
    double last = a.n;
    int frames = 0;
    while (a.playing && frames < 10000) {
        bonx_app_tick(&a);
        assert_true(a.n >= last);
        last = a.n;
        frames++;
    }
    assert_false(a.playing);
    assert_true(a.n == a.spec.n_max);
    /* whole numbers, 2^(1/8) apart once that is more than 1, from 1 to the right edge of the
     * n axis: at most 8 log2(n_max) frames, and at least half that many (binary: 1..20) */
    double want = 8.0 * log2(a.spec.n_max);
    assert_true(frames >= want / 2 && frames <= want + 2);
    /* tau plays through every level, then stops */
    a.param = BONX_PARAM_TAU;
    bonx_app_play(&a);
    assert_true(a.tau == 0);
    bonx_app_tick(&a);
    assert_true(a.tau == 1 && a.playing);
    bonx_app_tick(&a);
    assert_false(a.playing);
    /* the KL target plays upward, never reaching the unreachable maximum */
    a.param = BONX_PARAM_KL;
    bonx_app_play(&a);
    double kl = -1;
    while (a.playing) {
        assert_true(a.ro.klrl.kl > kl && a.ro.klrl.kl < log(2));
        kl = a.ro.klrl.kl;
        bonx_app_tick(&a);
    }
    bonx_app_free(&a);
}

static void test_keys(void **state)
{
    (void)state;
    bonx_app a;
    open_binary(&a);
    /* rows are in reward order: row 0 is o1 (reward 0); l moves to the weight column */
    keys(&a, "jkl");
    assert_int_equal(a.sel, 0);
    assert_int_equal(a.col, BONX_COL_WEIGHT);
    keys(&a, "\n");
    assert_int_equal(a.mode, BONX_MODE_EDIT);
    assert_string_equal(a.editor.buf, "1");
    bonx_app_key(&a, BONX_KEY_BACKSPACE);
    keys(&a, "3\n");
    assert_int_equal(a.mode, BONX_MODE_NORMAL);
    assert_true(a.table.w[0] == 3);
    /* Esc cancels: nothing changes */
    keys(&a, "\n99");
    bonx_app_key(&a, BONX_KEY_ESC);
    assert_true(a.table.w[0] == 3 && a.mode == BONX_MODE_NORMAL);
    /* a bad value typed: refused, old value kept, editor closed */
    keys(&a, "\n");
    bonx_app_key(&a, 21);   /* Ctrl-U */
    keys(&a, "x\n");
    assert_true(a.table.w[0] == 3 && a.message_is_error);
    /* u undoes, Ctrl-R redoes */
    keys(&a, "u");
    assert_true(a.table.w[0] == 1);
    bonx_app_key(&a, 18);
    assert_true(a.table.w[0] == 3);
    /* +, -, >, < act on the selected parameter (n) */
    keys(&a, "+");
    assert_true(a.n == 8);
    keys(&a, "-");
    assert_true(a.n == 4);
    keys(&a, ">");
    assert_close(a.n, 4 * pow(2, 0.25), 1e-15);
    keys(&a, "<");
    assert_close(a.n, 4, 1e-15);
    /* N types n directly */
    keys(&a, "N");
    bonx_app_key(&a, 21);
    keys(&a, "16\n");
    assert_true(a.n == 16);
    keys(&a, "N");
    bonx_app_key(&a, 21);
    keys(&a, "zero\n");
    assert_true(a.n == 16 && a.message_is_error);
    /* Tab cycles focus; in parameters j selects beta and + doubles it */
    keys(&a, "\t");
    assert_int_equal(a.focus, BONX_FOCUS_PARAMS);
    keys(&a, "j+");
    assert_int_equal(a.param, BONX_PARAM_BETA);
    assert_false(a.beta_from_kl);
    keys(&a, "\t\t");
    assert_int_equal(a.focus, BONX_FOCUS_TABLE);
    /* view keys: 1-9 and 0 pick the ten views, [ and ] cycle */
    keys(&a, "3");
    assert_int_equal(a.chart, 2);
    keys(&a, "]]]]]]]]");
    assert_int_equal(a.chart, 0);
    keys(&a, "[");
    assert_int_equal(a.chart, BONX_VIEW_CORPORA);
    keys(&a, "9");
    assert_int_equal(a.chart, BONX_VIEW_SIMULATE);
    keys(&a, "0");
    assert_int_equal(a.chart, BONX_VIEW_CORPORA);
    keys(&a, "1");
    /* help opens and any key closes it */
    keys(&a, "?");
    assert_int_equal(a.mode, BONX_MODE_HELP);
    keys(&a, "x");
    assert_int_equal(a.mode, BONX_MODE_NORMAL);
    /* q with unsaved edits asks; another key stays; q then y quits */
    keys(&a, "q");
    assert_int_equal(a.mode, BONX_MODE_CONFIRM);
    assert_int_equal(a.quit, 0);
    keys(&a, "n");
    assert_int_equal(a.quit, 0);
    keys(&a, "qy");
    assert_int_equal(a.quit, 1);
    bonx_app_free(&a);

    /* without edits q quits at once */
    open_binary(&a);
    keys(&a, "q");
    assert_int_equal(a.quit, 1);
    bonx_app_free(&a);
}

static void test_unknown_key_changes_nothing(void **state)
{
    (void)state;
    bonx_app a;
    open_binary(&a);
    unsigned long g = a.generation;
    keys(&a, "!~`");   /* (Z was one; it is the n axis key now) */
    assert_true(a.generation == g);   /* no redraw for keys that do nothing */
    keys(&a, "j");
    assert_true(a.generation != g);
    bonx_app_free(&a);
}

static void test_save_load_round_trip(void **state)
{
    (void)state;
    char dir[] = "/tmp/bonx-test-app-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/saved.bonx", dir);
    const double w[5] = {1e-300, 0.1, 1.0 / 3, 7, 0}, r[5] = {0.1, -1e300, 0.1, 2.5e-17, 3};
    bonx_app a, b;
    open_app(&a, 5, w, r);
    assert_int_equal(bonx_app_set_cell(&a, 2, BONX_COL_LABEL, "third"), 0);
    assert_int_equal(bonx_app_set_param(&a, BONX_PARAM_N, 12.5), 0);
    assert_true(a.dirty);
    assert_int_equal(bonx_app_save(&a, path), 0);
    assert_false(a.dirty);
    bonx_preset p;
    char err[256];
    assert_int_equal(bonx_preset_load(path, &p, err, sizeof err), 0);
    assert_int_equal(bonx_app_init(&b, &p, path, err, sizeof err), 0);
    bonx_preset_free(&p);
    assert_true(bonx_outcomes_equal(&a.table, &b.table));   /* bit for bit */
    assert_true(b.n == 12.5 && b.tau == a.tau);
    /* the table was edited: the saved title and note say so (the old note is kept under a
     * line saying which table it describes) instead of describing the loaded table */
    assert_non_null(strstr(b.loaded.title, "Edited from"));
    assert_non_null(strstr(b.loaded.title, "5 outcomes"));
    assert_true(!strncmp(b.loaded.note, "Edited in bonx from ", 20));
    if (a.loaded.note)
        assert_non_null(strstr(b.loaded.note, a.loaded.note));
    assert_close(b.ro.bon.kl, a.ro.bon.kl, 0);
    /* a save that cannot be written says so and keeps the state dirty */
    assert_int_equal(bonx_app_set_cell(&b, 0, BONX_COL_WEIGHT, "2"), 0);
    assert_int_equal(bonx_app_save(&b, "/nonexistent-dir/x.bonx"), -1);
    assert_true(b.dirty && b.message_is_error);
    /* load replaces the table and clears undo */
    assert_int_equal(bonx_app_load(&b, path), 0);
    assert_true(bonx_outcomes_equal(&a.table, &b.table));
    assert_int_equal(b.undo.len, 0);
    assert_false(b.dirty);
    assert_int_equal(bonx_app_load(&b, "/nonexistent-dir/x.bonx"), -1);
    assert_true(bonx_outcomes_equal(&a.table, &b.table));
    /* q on unsaved edits, then s: the save prompt; a successful save quits */
    char path2[256];
    snprintf(path2, sizeof path2, "%s/on-quit.bonx", dir);
    assert_int_equal(bonx_app_set_cell(&b, 0, BONX_COL_WEIGHT, "5"), 0);
    keys(&b, "qs");
    assert_int_equal(b.mode, BONX_MODE_EDIT);
    assert_int_equal(b.edit_target, BONX_EDIT_SAVE_PATH);
    assert_int_equal(b.quit, 0 - 1);   /* pending on the save */
    keys(&b, path2);
    keys(&b, "\n");
    assert_int_equal(b.quit, 1);
    assert_int_equal(access(path2, R_OK), 0);
    /* Esc on the prompt instead: no save, no quit */
    assert_int_equal(bonx_app_set_cell(&a, 0, BONX_COL_WEIGHT, "6"), 0);
    keys(&a, "qs");
    bonx_app_key(&a, BONX_KEY_ESC);
    assert_int_equal(a.quit, 0);
    assert_true(a.dirty);
    bonx_app_free(&a);
    bonx_app_free(&b);
    unlink(path);
    unlink(path2);
    rmdir(dir);
}

/* Random edits on random tables with ties and zero weights: after every step the readout is
 * a probability distribution, the bounds hold, and undoing everything restores the start. */
static void test_random_edit_sequences(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 20261124);
    for (int trial = 0; trial < 60; trial++) {
        size_t k = 1 + bonx_rng_below(&g, 12);
        double w[12], r[12];
        for (size_t i = 0; i < k; i++) {
            w[i] = bonx_rng_below(&g, 5) == 0 ? 0 : bonx_rng_uniform_pos(&g);
            r[i] = (double)bonx_rng_below(&g, 4);   /* many ties */
        }
        w[0] = 1;   /* some mass */
        bonx_app a;
        open_app(&a, k, w, r);
        bonx_outcomes start;
        assert_int_equal(bonx_outcomes_copy(&start, &a.table), 0);
        size_t done = 0;
        for (int step = 0; step < 25; step++) {
            a.sel = bonx_rng_below(&g, a.table.k);
            char text[32];
            int rc;
            switch (bonx_rng_below(&g, 8)) {
            case 0: snprintf(text, sizeof text, "%.17g", bonx_rng_uniform(&g) * 10);
                    rc = bonx_app_set_cell(&a, a.sel, BONX_COL_WEIGHT, text); break;
            case 1: snprintf(text, sizeof text, "%d", (int)bonx_rng_below(&g, 5) - 2);
                    rc = bonx_app_set_cell(&a, a.sel, BONX_COL_REWARD, text); break;
            case 2: rc = bonx_app_add_row(&a); break;
            case 3: rc = bonx_app_delete_row(&a); break;
            case 4: rc = bonx_app_duplicate_row(&a); break;
            case 5: rc = bonx_app_normalise(&a); break;
            case 6: rc = bonx_app_sort_by_reward(&a); break;
            default: rc = bonx_app_set_param(&a, BONX_PARAM_N, 1 + bonx_rng_uniform(&g) * 1e4); break;
            }
            (void)rc;
            done = a.undo.len;
            long double s_bon = 0, s_kl = 0, s_rr = 0;
            for (size_t i = 0; i < a.table.k; i++) {
                s_bon += a.ro.pi_bon[i];
                s_kl += a.ro.pi_klrl[i];
                s_rr += a.ro.pi_rr[i];
                if (a.table.w[i] == 0)
                    assert_true(a.ro.pi_bon[i] == 0);
            }
            assert_close((double)s_bon, 1, 1e-12);
            assert_close((double)s_kl, 1, 1e-12);
            assert_close((double)s_rr, 1, 1e-12);
            assert_true(a.ro.bon.kl >= 0 && a.ro.bon.kl <= a.ro.bon.kl_analytic + 1e-12);
            assert_true(a.ro.bon.win_rate <= a.ro.bon.win_rate_bound + 1e-12);
            /* the display order is a permutation in ascending reward */
            for (size_t row = 1; row < a.table.k; row++)
                assert_true(a.table.r[a.rows[row - 1]] <= a.table.r[a.rows[row]]);
            assert_true(a.sel < a.table.k);
        }
        while (done-- > 0)
            assert_int_equal(bonx_app_undo(&a), 0);
        assert_true(bonx_outcomes_equal(&start, &a.table));
        assert_false(a.dirty);
        bonx_outcomes_free(&start);
        bonx_app_free(&a);
    }
}

/* The readout's policies at random points against quad sums (tests/quad.h) written here from the
 * definitions (MATH.md §2-4): the app passes the right n, beta and tau to the right policy and
 * its PMFs line up with the table's outcomes. */
static void test_readout_against_quad(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 7);
    for (int trial = 0; trial < 200; trial++) {
        size_t k = 1 + bonx_rng_below(&g, 8);
        double w[8], r[8];
        for (size_t i = 0; i < k; i++) {
            w[i] = bonx_rng_below(&g, 6) == 0 ? 0 : 0.05 + bonx_rng_uniform(&g);
            r[i] = (double)bonx_rng_below(&g, 4) - 1;
        }
        w[bonx_rng_below(&g, k)] = 1;
        bonx_app a;
        open_app(&a, k, w, r);
        double n = 1 + bonx_rng_uniform(&g) * 50, beta = 0.1 + bonx_rng_uniform(&g) * 3;
        assert_int_equal(bonx_app_set_param(&a, BONX_PARAM_N, n), 0);
        assert_int_equal(bonx_app_set_param(&a, BONX_PARAM_BETA, beta), 0);
        size_t lvl = bonx_rng_below(&g, a.dist.ng);
        assert_int_equal(bonx_app_set_param(&a, BONX_PARAM_TAU, a.dist.g_r[lvl]), 0);
        /* the references in quad (tests/quad.h): long double is only a double on some
         * machines (armhf), and a double's own rounding is above these tolerances */
        quad W = qd(0), z = qd(0), q = qd(0), rmax = qd(-1e300), qbeta = qd(beta), qn = qd(n);
        for (size_t i = 0; i < k; i++) {
            W = qadd(W, qd(w[i]));
            if (w[i] > 0 && qgt(qd(r[i]), rmax))
                rmax = qd(r[i]);
        }
        for (size_t i = 0; i < k; i++) {
            z = qadd(z, qmul(qdiv(qd(w[i]), W), expq(qdiv(qsub(qd(r[i]), rmax), qbeta))));
            if (r[i] >= a.tau)
                q = qadd(q, qdiv(qd(w[i]), W));
        }
        quad kl_bon = qd(0), wr_bon = qd(0), zero = qd(0);
        for (size_t i = 0; i < k; i++) {
            quad p = qdiv(qd(w[i]), W), F = qd(0), Fm = qd(0), gm = qd(0);
            for (size_t j = 0; j < k; j++) {
                quad pj = qdiv(qd(w[j]), W);
                if (r[j] <= r[i]) F = qadd(F, pj);
                if (r[j] < r[i]) Fm = qadd(Fm, pj);
                if (r[j] == r[i]) gm = qadd(gm, pj);
            }
            quad pi_n = qgt(p, zero) ? qmul(qdiv(p, gm), qsub(powq(F, qn), powq(Fm, qn))) : zero;
            quad pi_b = qdiv(qmul(p, expq(qdiv(qsub(qd(r[i]), rmax), qbeta))), z);
            quad pi_t = r[i] >= a.tau ? qdiv(p, q) : zero;
            assert_close(a.ro.pi_bon[i], qdbl(pi_n), 1e-11);
            assert_close(a.ro.pi_klrl[i], qdbl(pi_b), 1e-12);
            assert_close(a.ro.pi_rr[i], qdbl(pi_t), 1e-13);
            if (qgt(pi_n, zero))
                kl_bon = qadd(kl_bon, qmul(pi_n, logq(qdiv(pi_n, p))));
            wr_bon = qadd(wr_bon, qmul(pi_n, qadd(Fm, qdiv(gm, qd(2)))));
        }
        assert_close(a.ro.bon.kl, qdbl(kl_bon), 1e-9);
        assert_close(a.ro.bon.win_rate, qdbl(wr_bon), 1e-12);
        assert_close(a.ro.rr.kl, qdbl(qneg(logq(q))), 1e-13);
        /* "draws" of a tilt: rejection sampling from p needs max pi/p draws on average */
        quad ratio = zero;
        for (size_t i = 0; i < k; i++) {
            quad x = w[i] > 0 ? qdiv(qd(a.ro.pi_klrl[i]), qdiv(qd(w[i]), W)) : zero;
            if (qgt(x, ratio))
                ratio = x;
        }
        assert_close(a.ro.klrl_draws, qdbl(ratio), 1e-12);
        /* the calibrated tilt sits at KL-RL's KL and wins at least as often (the frontier) */
        assert_true(a.ro.cal_ok);
        assert_close(a.ro.cal.kl, a.ro.klrl.kl, 1e-8);
        assert_true(a.ro.cal.win_rate >= a.ro.klrl.win_rate - 1e-12);
        bonx_app_free(&a);
    }
}

/* The views of issues 5 and 6: computed when shown, recomputed only when inputs change. */
static void test_extra_views(void **state)
{
    (void)state;
    const double w[3] = {0.5, 0.3, 0.2}, r[3] = {log(0.22), log(0.11), log(0.67)};
    bonx_app a;
    open_app(&a, 3, w, r);
    assert_false(a.extras.have[0] || a.extras.have[1] || a.extras.have[2]);
    /* asym: Delta is KL-RL's KL; the per-token gap to the optimum shrinks as m grows */
    keys(&a, "8");
    assert_true(a.extras.have[0]);
    assert_string_equal(a.extras.err[0], "");
    assert_true(a.extras.n_asym >= 5);
    assert_close(a.extras.delta, a.ro.klrl.kl, 1e-15);
    const bonx_asym_point *first = &a.extras.asym[0], *last = &a.extras.asym[a.extras.n_asym - 1];
    assert_int_equal(first->m, 1);
    assert_true(last->kl_to_optimal_per_token < first->kl_to_optimal_per_token);
    assert_true(fabs(last->kl_per_token - a.extras.delta) < fabs(first->kl_per_token - a.extras.delta));
    /* at m = 1 best-of-N is plain best-of-n with N = e^Delta: its KL is the core's */
    bonx_bon_stats b;
    bonx_err e = {0};
    assert_int_equal(bonx_bon_stats_at(&a.dist, exp(a.extras.delta), 0, &b, &e), 0);
    assert_close(first->kl, b.kl, 1e-9);
    /* a key that changes no input does not recompute: the stored inputs stay */
    unsigned long edits = a.extras.in[0].edits;
    keys(&a, "v");
    assert_true(a.extras.in[0].edits == edits);
    /* simulate: the exact sampler's means sit within 5 standard errors of the exact values */
    keys(&a, "9");
    assert_true(a.extras.have[1]);
    const bonx_sim_result *sim = &a.extras.sim;
    assert_true(sim->has_estimator);
    assert_true(fabs(sim->win_rate.mean - a.ro.bon.win_rate) <= 5 * sim->win_rate.se);
    assert_close(sim->win_rate.exact, a.ro.bon.win_rate, 1e-12);
    assert_close(sim->estimator.exact, a.ro.bon.kl_estimate, 1e-10);
    for (int i = 0; i < 3; i++)
        assert_true(fabs(sim->pi[i].mean - a.ro.pi_bon[i]) <= 5 * sim->pi[i].se + 1e-12);
    /* a new n recomputes it */
    keys(&a, "+");
    assert_true(a.extras.in[1].n == 8);
    assert_close(a.extras.sim.win_rate.exact, a.ro.bon.win_rate, 1e-12);
    /* corpora: ancestral and the live adaptor; { } and ( ) change the live one */
    keys(&a, "0");
    assert_true(a.extras.have[2]);
    assert_string_equal(a.extras.err[2], "");
    assert_int_equal(a.extras.corp.n_adaptors, 2);
    assert_string_equal(a.extras.names[0], "ancestral");
    assert_string_equal(a.extras.names[1], "temperature:0.5");
    keys(&a, "}");
    assert_string_equal(a.extras.names[1], "top-k:2");
    keys(&a, ")");
    assert_string_equal(a.extras.names[1], "top-k:4");
    /* the ancestral sampler's exact centre is (E_q[log p], E_q[r]) of KL-RL's policy */
    long double elp = 0, er = 0;
    for (int i = 0; i < 3; i++) {
        elp += a.ro.pi_klrl[i] * logl(a.dist.p[i]);
        er += a.ro.pi_klrl[i] * a.dist.r[i];
    }
    assert_close(a.extras.corp.stats[0].centre_log_prior, (double)elp, 1e-12);
    assert_close(a.extras.corp.stats[0].centre_reward, (double)er, 1e-12);
    bonx_app_free(&a);
}

static void feed(bonx_line_editor *le, const char *s)
{
    for (; *s; s++)
        bonx_line_key(le, (unsigned char)*s);
}

static void test_line_editor(void **state)
{
    (void)state;
    bonx_line_editor le;
    /* typing at once replaces the proposed value, as in a spreadsheet */
    bonx_line_start(&le, "0.5");
    feed(&le, "9");
    assert_string_equal(le.buf, "9");
    /* a movement key first keeps it: then typing inserts at the cursor */
    bonx_line_start(&le, "0.5");
    bonx_line_key(&le, BONX_KEY_HOME);
    feed(&le, "1");
    assert_string_equal(le.buf, "10.5");
    assert_int_equal(le.cur, 1);
    bonx_line_key(&le, BONX_KEY_END);
    bonx_line_key(&le, BONX_KEY_BACKSPACE);
    assert_string_equal(le.buf, "10.");
    bonx_line_key(&le, BONX_KEY_LEFT);
    bonx_line_key(&le, BONX_KEY_LEFT);
    bonx_line_key(&le, BONX_KEY_DELETE);
    assert_string_equal(le.buf, "1.");
    bonx_line_key(&le, 11);   /* Ctrl-K: the rest goes */
    assert_string_equal(le.buf, "1");
    bonx_line_key(&le, 21);   /* Ctrl-U: everything before the cursor goes */
    assert_string_equal(le.buf, "");
    assert_int_equal(le.cur, 0);
    /* the edges: Backspace at 0, Delete at the end, Left at 0 do nothing */
    bonx_line_key(&le, BONX_KEY_BACKSPACE);
    bonx_line_key(&le, BONX_KEY_DELETE);
    bonx_line_key(&le, BONX_KEY_LEFT);
    assert_int_equal(le.len, 0);
    /* Enter commits, Esc cancels, other keys continue; unknown keys are ignored */
    assert_int_equal(bonx_line_key(&le, BONX_KEY_UP), BONX_LINE_CONTINUE);
    assert_int_equal(bonx_line_key(&le, '\n'), BONX_LINE_COMMIT);
    assert_int_equal(bonx_line_key(&le, BONX_KEY_ESC), BONX_LINE_CANCEL);
    /* the buffer never overflows */
    bonx_line_start(&le, NULL);
    for (int i = 0; i < 3 * BONX_LINE_MAX; i++)
        bonx_line_key(&le, 'x');
    assert_int_equal(le.len, BONX_LINE_MAX - 1);
    assert_int_equal(strlen(le.buf), BONX_LINE_MAX - 1);
    /* a too-long start text is cut, not overrun */
    char big[2 * BONX_LINE_MAX];
    memset(big, 'y', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    bonx_line_start(&le, big);
    assert_int_equal(le.len, BONX_LINE_MAX - 1);
    assert_true(le.overflow);
    /* replacing the text clears the mark; a dropped key sets it */
    bonx_line_key(&le, 'z');
    assert_false(le.overflow);
    assert_string_equal(le.buf, "z");
    bonx_line_start(&le, NULL);
    for (int i = 0; i < BONX_LINE_MAX - 1; i++)
        bonx_line_key(&le, 'x');
    assert_false(le.overflow);   /* exactly full is fine */
    bonx_line_key(&le, 'x');
    assert_true(le.overflow);
    /* a path of PATH_MAX - 1 bytes fits whole */
    assert_true(BONX_LINE_MAX >= 4096);
}

/* Defect 3 of issue 11: a save path longer than the editor holds is refused with a message,
 * never cut and written to another file; a long path that fits is saved under its own name. */
static void test_save_long_path(void **state)
{
    (void)state;
    bonx_app a;
    open_binary(&a);
    char dir[] = "/tmp/bonx-longpath-XXXXXX";
    assert_non_null(mkdtemp(dir));
    /* a path of ~1000 bytes: dir/aaaa.../aaaa.../x.bonx in 200-byte components */
    char path[2048];
    int n = snprintf(path, sizeof path, "%s", dir);
    for (int d = 0; d < 4; d++) {
        path[n++] = '/';
        memset(path + n, 'a' + d, 200);
        n += 200;
        path[n] = '\0';
        assert_int_equal(mkdir(path, 0700), 0);
    }
    n += snprintf(path + n, sizeof path - (size_t)n, "/table.bonx");
    assert_true(n > 255);
    bonx_app_key(&a, 's');
    assert_int_equal(a.mode, BONX_MODE_EDIT);
    bonx_app_key(&a, 21);   /* Ctrl-U: clear the proposed name */
    for (const char *c = path; *c; c++)
        bonx_app_key(&a, (unsigned char)*c);
    bonx_app_key(&a, '\n');
    assert_false(a.message_is_error);
    assert_int_equal(access(path, R_OK), 0);
    assert_string_equal(a.path, path);
    /* one byte more than the editor holds: refused, and no file of a cut name appears */
    char *huge = malloc(BONX_LINE_MAX + 16);
    assert_non_null(huge);
    memset(huge, 'b', BONX_LINE_MAX + 15);
    huge[0] = '/';
    huge[BONX_LINE_MAX + 15] = '\0';
    bonx_app_key(&a, 's');
    bonx_app_key(&a, 21);
    for (const char *c = huge; *c; c++)
        bonx_app_key(&a, (unsigned char)*c);
    bonx_app_key(&a, '\n');
    assert_true(a.message_is_error);
    assert_non_null(strstr(a.message, "save refused"));
    assert_string_equal(a.path, path);   /* still the last real save */
    free(huge);
    unlink(path);
    for (int d = 3; d >= 0; d--) {
        *strrchr(path, '/') = '\0';
        rmdir(path);
    }
    rmdir(dir);
    bonx_app_free(&a);
}


/* ---- the background recompute (issue 11): the same edits give bit-identical results
 * whether they are computed in place or on the background thread, superseded edits never
 * show, and the latest table is what undo, save and the dirty flag see meanwhile. */

static void random_table(size_t k, uint64_t seed, double *w, double *r)
{
    bonx_rng g;
    bonx_rng_seed(&g, seed);
    for (size_t i = 0; i < k; i++) {
        w[i] = exp(-10 * bonx_rng_uniform(&g));
        r[i] = (double)bonx_rng_below(&g, k / 3 + 1);
    }
}

static void settle(bonx_app *a)
{
    for (int i = 0; i < 1000 && bonx_app_computing(a); i++)
        bonx_app_wait_recompute(a, 100);
    assert_false(bonx_app_computing(a));
}

/* Tables equal bit for bit (an undo restores -0 as -0), labels by text. */
static void assert_same_table(const bonx_outcomes *x, const bonx_outcomes *y)
{
    assert_int_equal(x->k, y->k);
    assert_memory_equal(x->w, y->w, x->k * sizeof *x->w);
    assert_memory_equal(x->r, y->r, x->k * sizeof *x->r);
    for (size_t i = 0; i < x->k; i++)
        assert_string_equal(x->labels[i], y->labels[i]);
}

/* Undo of a big table keeps the cells an edit changed, not the table (bonx_outcomes.cells):
 * every kind of edit undone and redone to the exact tables, in place and with the background
 * recompute, with the stacks holding a few cells for cell edits and whole tables for the
 * others (normalise, a label, a new row). */
static void test_undo_cells(void **state)
{
    (void)state;
    enum { K = 3000, STEPS = 9 };
    static double w[K], r[K];
    random_table(K, 77, w, r);
    for (int async = 0; async < 2; async++) {
        bonx_app a;
        open_app(&a, K, w, r);
        if (async)
            assert_int_equal(bonx_app_start_async(&a), 0);
        bonx_outcomes seen[STEPS + 1];
        assert_int_equal(bonx_outcomes_copy(&seen[0], &a.table), 0);
        size_t held[STEPS + 1] = {0};   /* undo.outcomes after each step */
        for (int s = 1; s <= STEPS; s++) {
            switch (s) {
            case 1: assert_int_equal(bonx_app_set_cell(&a, 5, BONX_COL_WEIGHT, "3"), 0); break;
            case 2: assert_int_equal(bonx_app_set_cell(&a, 17, BONX_COL_REWARD, "-0"), 0); break;
            case 3: assert_int_equal(bonx_app_set_cell(&a, 5, BONX_COL_REWARD, "2.5"), 0); break;
            case 4: assert_int_equal(bonx_app_normalise(&a), 0); break;
            case 5: assert_int_equal(bonx_app_set_cell(&a, 2999, BONX_COL_WEIGHT, "1e-9"), 0); break;
            case 6: assert_int_equal(bonx_app_set_cell(&a, 9, BONX_COL_LABEL, "nine"), 0); break;
            case 7: assert_int_equal(bonx_app_set_cell(&a, 9, BONX_COL_WEIGHT, "0.125"), 0); break;
            case 8: a.sel = 100; assert_int_equal(bonx_app_add_row(&a), 0); break;
            default: assert_int_equal(bonx_app_set_cell(&a, 0, BONX_COL_REWARD, "7"), 0); break;
            }
            settle(&a);
            assert_int_equal(bonx_outcomes_copy(&seen[s], &a.table), 0);
            held[s] = a.undo.outcomes;
        }
        /* cell edits hold their cells (1 each); normalise, the label and the new row whole */
        assert_int_equal(held[3], 3);
        assert_int_equal(held[4], 3 + K);
        assert_int_equal(held[5], 4 + K);
        assert_int_equal(held[6], 4 + 2 * K);
        assert_int_equal(held[7], 5 + 2 * K);
        assert_int_equal(held[8], 5 + 3 * K);
        assert_int_equal(held[9], 6 + 3 * K);
        for (int s = STEPS; s > 0; s--) {
            assert_int_equal(bonx_app_undo(&a), 0);
            settle(&a);
            assert_same_table(&a.table, &seen[s - 1]);
            assert_int_equal(a.dist.k, seen[s - 1].k);
        }
        assert_int_equal(bonx_app_undo(&a), -1);
        assert_int_equal(a.undo.outcomes, 0);
        for (int s = 1; s <= STEPS; s++) {
            assert_int_equal(bonx_app_redo(&a), 0);
            settle(&a);
            assert_same_table(&a.table, &seen[s]);
        }
        assert_int_equal(bonx_app_redo(&a), -1);
        assert_int_equal(a.undo.outcomes, held[STEPS]);
        /* undo twice, then an edit: redo is gone, undo goes back through the cells */
        assert_int_equal(bonx_app_undo(&a), 0);
        assert_int_equal(bonx_app_undo(&a), 0);
        assert_int_equal(bonx_app_set_cell(&a, 1, BONX_COL_WEIGHT, "4"), 0);
        settle(&a);
        assert_int_equal(a.redo.len, 0);
        assert_int_equal(bonx_app_undo(&a), 0);
        settle(&a);
        assert_same_table(&a.table, &seen[STEPS - 2]);
        for (int s = 0; s <= STEPS; s++)
            bonx_outcomes_free(&seen[s]);
        bonx_app_free(&a);
    }
}

/* Field by field, bit for bit: a tradeoff point has padding after its policy (an int before
 * doubles), whose bytes are whatever the allocation held, so memcmp of two equal arrays can
 * differ (it did on arm64). */
static void assert_same_point(const bonx_tradeoff_point *p, const bonx_tradeoff_point *q)
{
    assert_int_equal(p->policy, q->policy);
    assert_memory_equal(&p->param, &q->param, sizeof p->param);
    assert_memory_equal(&p->kl, &q->kl, sizeof p->kl);
    assert_memory_equal(&p->win_rate, &q->win_rate, sizeof p->win_rate);
    assert_memory_equal(&p->reward, &q->reward, sizeof p->reward);
}

static void assert_same_results(const bonx_app *x, const bonx_app *y)
{
    assert_true(bonx_outcomes_equal(&x->table, &y->table));
    assert_int_equal(x->dist.k, y->dist.k);
    assert_int_equal(x->dist.ng, y->dist.ng);
    assert_memory_equal(x->dist.p, y->dist.p, x->dist.k * sizeof(double));
    assert_int_equal(x->curves.n_tradeoff, y->curves.n_tradeoff);
    for (size_t i = 0; i < x->curves.n_tradeoff; i++)
        assert_same_point(&x->curves.tradeoff[i], &y->curves.tradeoff[i]);
    assert_memory_equal(x->curves.bon, y->curves.bon, x->curves.n_bon * sizeof *x->curves.bon);
    assert_memory_equal(&x->ro.bon, &y->ro.bon, sizeof x->ro.bon);
    assert_memory_equal(&x->ro.klrl, &y->ro.klrl, sizeof x->ro.klrl);
    assert_memory_equal(x->ro.pi_bon, y->ro.pi_bon, x->dist.k * sizeof(double));
    assert_memory_equal(x->ro.pi_rr, y->ro.pi_rr, x->dist.k * sizeof(double));
    assert_memory_equal(x->rows, y->rows, x->table.k * sizeof *x->rows);
    assert_true(x->beta == y->beta && x->tau == y->tau && x->kl_target == y->kl_target);
    assert_int_equal(x->dirty, y->dirty);
    assert_int_equal(x->sel, y->sel);
}

static void test_async_matches_sync(void **state)
{
    (void)state;
    enum { K = 3000 };
    double *w = malloc(K * sizeof *w), *r = malloc(K * sizeof *r);
    assert_non_null(w);
    assert_non_null(r);
    random_table(K, 11, w, r);
    bonx_app s, b;
    open_app(&s, K, w, r);
    open_app(&b, K, w, r);
    assert_int_equal(bonx_app_start_async(&b), 0);
    /* one at a time: each edit's results arrive and match */
    const char *steps[] = {"l\n9\n", "j", "l\n0.001\n", "a", "D", "d", "u", "u", "\x12", "o",
                           "\t", "+", "j", "+", "-", "\t\t", "l\n2\n"};
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
        keys(&s, steps[i]);
        keys(&b, steps[i]);
        settle(&b);
        if (!(s.beta == b.beta && s.tau == b.tau && s.kl_target == b.kl_target))
            print_message("step %zu: robeta %.17g %.17g beta %.17g %.17g tau %g %g klt %.17g %.17g fromkl %d %d\n", i, s.ro.klrl.beta, b.ro.klrl.beta,
                          s.beta, b.beta, s.tau, b.tau, s.kl_target, b.kl_target, s.beta_from_kl,
                          b.beta_from_kl);
        assert_same_results(&s, &b);
    }
    /* a burst: every edit supersedes the last, only the final table is computed and shown */
    unsigned long edits_before = b.edits;
    for (int i = 0; i < 8; i++) {
        char v[32];
        snprintf(v, sizeof v, "l\n%d\n", i + 2);
        keys(&s, v);
        keys(&b, v);
        /* meanwhile the latest table is the edited one, the shown one the last computed */
        char cell[64], want[16];
        bonx_app_cell_text(&b, b.sel, b.col, cell, sizeof cell);
        snprintf(want, sizeof want, "%d", i + 2);
        assert_string_equal(cell, want);
        assert_true(b.dirty);
    }
    settle(&b);
    assert_true(b.edits - edits_before >= 1 && b.edits - edits_before <= 8);
    assert_same_results(&s, &b);
    /* undo of the burst, step by step, as in place */
    for (int i = 0; i < 3; i++) {
        keys(&s, "u");
        keys(&b, "u");
    }
    settle(&b);
    assert_same_results(&s, &b);
    bonx_app_free(&s);
    bonx_app_free(&b);
    free(w);
    free(r);
}

/* A new t or n axis in the background (issue 11): the call returns with the curves and the
 * charts' n axis still the old ones, which the job's replace, equal to those computed in
 * place; with an edit computing, and superseded by one. */
static void test_async_curves(void **state)
{
    (void)state;
    enum { K = 3000 };
    double *w = malloc(K * sizeof *w), *r = malloc(K * sizeof *r);
    assert_non_null(w);
    assert_non_null(r);
    random_table(K, 12, w, r);
    bonx_app s, b;
    open_app(&s, K, w, r);
    open_app(&b, K, w, r);
    assert_int_equal(bonx_app_start_async(&b), 0);
    for (int step = 0; step < 6; step++) {
        double lo = b.n_lo, hi = b.n_hi;
        bonx_bon_stats first = b.curves.bon[1];
        for (bonx_app *x = &s; x; x = x == &s ? &b : NULL) {
            switch (step) {
            case 0: assert_int_equal(bonx_app_set_param(x, BONX_PARAM_T, 2.5), 0); break;
            case 1: assert_int_equal(bonx_app_set_n_range(x, 10, 1e4), 0); break;
            case 2:   /* a range, superseded by an edit (which computes with it) */
                assert_int_equal(bonx_app_set_n_range(x, 2, 500), 0);
                keys(x, "l\n7\n");
                break;
            case 3:   /* t while an edit computes: its curves follow the edit's */
                keys(x, "jl\n0.01\n");
                assert_int_equal(bonx_app_set_param(x, BONX_PARAM_T, 0.5), 0);
                break;
            case 4: bonx_app_auto_n_range(x); break;
            default: assert_int_equal(bonx_app_set_param(x, BONX_PARAM_T, 0), 0); break;
            }
        }
        if (step < 2 || step > 3) {   /* nothing shown changed yet */
            assert_true(bonx_app_computing(&b));
            assert_true(b.n_lo == lo && b.n_hi == hi);
            assert_memory_equal(&b.curves.bon[1], &first, sizeof first);
        }
        settle(&b);
        assert_same_results(&s, &b);
        assert_true(s.n_lo == b.n_lo && s.n_hi == b.n_hi && s.t == b.t);
        assert_true(s.spec.t == b.spec.t && s.spec.n_min == b.spec.n_min &&
                    s.spec.n_max == b.spec.n_max && s.n_range_set == b.n_range_set);
        assert_true(b.n_lo == b.spec.n_min && b.n_hi == b.spec.n_max);
    }
    assert_int_equal(b.n_range_set, 0);
    assert_true(b.n_hi == bonx_curves_auto_n_max(&b.dist));
    bonx_app_free(&s);
    bonx_app_free(&b);
    free(w);
    free(r);
}

/* bonx_app_init_lazy (the explorer's start): the curves and table at once, the readout blank
 * (nothing valid, the pmfs 0) until bonx_app_start_async computes it on its thread; then
 * everything as bonx_app_init has it. */
static void test_lazy_first_readout(void **state)
{
    (void)state;
    enum { K = 3000 };
    double *w = malloc(K * sizeof *w), *r = malloc(K * sizeof *r);
    assert_non_null(w);
    assert_non_null(r);
    random_table(K, 13, w, r);
    bonx_preset p;
    char err[256];
    make_preset(&p, K, w, r);
    bonx_app s, b;
    assert_int_equal(bonx_app_init(&s, &p, NULL, err, sizeof err), 0);
    assert_int_equal(bonx_app_init_lazy(&b, &p, NULL, err, sizeof err), 0);
    bonx_preset_free(&p);
    assert_true(s.ro.bon_ok && s.ro.klrl_ok && s.ro.rr_ok);
    assert_false(b.ro.bon_ok || b.ro.klrl_ok || b.ro.cal_ok || b.ro.rr_ok || b.ro.bounds_ok);
    for (size_t i = 0; i < K; i++)
        assert_true(b.ro.pi_bon[i] == 0 && b.ro.pi_klrl[i] == 0 && b.ro.pi_cal[i] == 0 &&
                    b.ro.pi_rr[i] == 0);
    assert_false(bonx_app_computing(&b));
    assert_memory_equal(s.curves.bon, b.curves.bon, s.curves.n_bon * sizeof *s.curves.bon);
    assert_true(s.n == b.n && s.kl_target == b.kl_target && s.tau == b.tau);
    assert_int_equal(bonx_app_start_async(&b), 0);
    assert_true(bonx_app_computing(&b));
    settle(&b);
    assert_same_results(&s, &b);
    bonx_app_free(&s);
    bonx_app_free(&b);
    free(w);
    free(r);
}

/* A KL target in the background: the key returns before beta is solved (the readout job
 * solves it), with the same beta and readout as in place; an unreachable target is still
 * refused at once, nothing posted, the target kept. */
static void test_async_kl_target(void **state)
{
    (void)state;
    enum { K = 3000 };
    double *w = malloc(K * sizeof *w), *r = malloc(K * sizeof *r);
    assert_non_null(w);
    assert_non_null(r);
    random_table(K, 13, w, r);
    bonx_app s, b;
    open_app(&s, K, w, r);
    open_app(&b, K, w, r);
    assert_int_equal(bonx_app_start_async(&b), 0);
    const double targets[] = {0.5, 1e-9, 0, 2.0};
    for (size_t i = 0; i < sizeof targets / sizeof *targets; i++) {
        assert_int_equal(bonx_app_set_param(&s, BONX_PARAM_KL, targets[i]), 0);
        assert_int_equal(bonx_app_set_param(&b, BONX_PARAM_KL, targets[i]), 0);
        assert_true(b.kl_target == targets[i] && b.beta_from_kl && bonx_app_computing(&b));
        settle(&b);
        assert_false(b.message_is_error);
        assert_true(s.beta == b.beta && s.ro.klrl.kl == b.ro.klrl.kl &&
                    s.ro.klrl.win_rate == b.ro.klrl.win_rate);
        assert_close(b.ro.klrl.kl, targets[i], 1e-12);
    }
    double kl_max = bonx_dist_kl_ceiling(&b.dist), beta = b.beta;
    unsigned long seq = b.point_seq;
    assert_int_equal(bonx_app_set_param(&b, BONX_PARAM_KL, kl_max), -1);
    assert_int_equal(bonx_app_set_param(&b, BONX_PARAM_KL, -1), -1);
    assert_int_equal(bonx_app_set_param(&b, BONX_PARAM_KL, NAN), -1);
    assert_true(b.message_is_error && b.point_seq == seq && !bonx_app_computing(&b));
    assert_true(b.kl_target == 2.0 && b.beta == beta);
    bonx_app_free(&s);
    bonx_app_free(&b);
    free(w);
    free(r);
}

/* Loading a preset in the background: the call returns with the load under way and the
 * old table shown (edits to it refused), then the file's table, preset and defaults arrive
 * as a load in place would leave them; a file that cannot be read or holds a bad table
 * leaves everything as it was, with the reason. */
static void test_async_load(void **state)
{
    (void)state;
    enum { K = 20000 };
    double *w = malloc(K * sizeof *w), *r = malloc(K * sizeof *r);
    assert_non_null(w);
    assert_non_null(r);
    random_table(K, 14, w, r);
    char path[] = "/tmp/bonx-aload-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    bonx_app s, b;
    open_app(&s, K, w, r);
    assert_int_equal(bonx_app_save(&s, path), 0);
    bonx_app_free(&s);
    open_binary(&s);
    open_binary(&b);
    assert_int_equal(bonx_app_start_async(&b), 0);
    assert_int_equal(bonx_app_load(&s, path), 0);
    assert_int_equal(bonx_app_load(&b, path), 0);
    assert_true(b.load_pending && bonx_app_computing(&b) && b.table.k == 2);
    assert_int_equal(bonx_app_set_cell(&b, 0, BONX_COL_WEIGHT, "3"), -1);
    assert_true(b.message_is_error && b.table.k == 2);
    settle(&b);
    assert_false(b.message_is_error);
    assert_non_null(strstr(b.message, "loaded"));
    assert_string_equal(b.path, path);
    assert_false(b.dirty);
    assert_same_results(&s, &b);
    assert_true(bonx_outcomes_equal(&b.orig, &b.table) && bonx_outcomes_equal(&b.saved, &b.table));
    assert_true(s.n == b.n && s.kl_target == b.kl_target && s.t == b.t);
    /* a missing file, and a file whose table has no mass: reported, nothing changed */
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("title: no mass\na 0 1\nb 0 2\n", f);
    fclose(f);
    const char *bad[] = {"/nonexistent/bonx.preset", path};
    for (int i = 0; i < 2; i++) {
        assert_int_equal(bonx_app_load(&b, bad[i]), 0);
        settle(&b);
        assert_true(b.message_is_error && b.table.k == K);
        assert_same_results(&s, &b);
    }
    unlink(path);
    bonx_app_free(&s);
    bonx_app_free(&b);
    free(w);
    free(r);
}

/* The simulate and corpora views in the background: showing one posts its job and returns
 * (nothing to show yet: "computing"), the results are those computed in place; a view
 * already computed for these inputs posts nothing. */
static void test_async_extra_views(void **state)
{
    (void)state;
    enum { K = 5000 };
    double *w = malloc(K * sizeof *w), *r = malloc(K * sizeof *r);
    assert_non_null(w);
    assert_non_null(r);
    random_table(K, 15, w, r);
    bonx_app s, b;
    open_app(&s, K, w, r);
    open_app(&b, K, w, r);
    assert_int_equal(bonx_app_start_async(&b), 0);
    settle(&b);
    const int views[] = {BONX_VIEW_SIMULATE, BONX_VIEW_CORPORA};
    for (int v = 0; v < 2; v++) {
        int which = views[v] - BONX_VIEW_ASYM;
        s.chart = b.chart = views[v];
        bonx_app_prepare_extras(&s);
        bonx_app_prepare_extras(&b);
        assert_true(b.extras_pending && !b.extras.have[which] && bonx_app_computing(&b));
        settle(&b);
        assert_true(b.extras.have[which] && !b.extras_pending);
        assert_string_equal(s.extras.err[which], b.extras.err[which]);
        if (views[v] == BONX_VIEW_SIMULATE)
            assert_true(s.extras.sim.kl.mean == b.extras.sim.kl.mean &&
                        s.extras.sim.win_rate.mean == b.extras.sim.win_rate.mean &&
                        s.extras.sim.estimator.mean == b.extras.sim.estimator.mean);
        else
            for (size_t i = 0; i < s.extras.corp.corpora * s.extras.corp.n_adaptors; i++)
                assert_true(s.extras.corp.avg_reward[i] == b.extras.corp.avg_reward[i] &&
                            s.extras.corp.avg_log_prior[i] == b.extras.corp.avg_log_prior[i]);
        unsigned long seq = b.extras_seq;
        bonx_app_prepare_extras(&b);
        assert_true(b.extras_seq == seq && !b.extras_pending);
    }
    /* a new n: the simulate view computes again, in the background, to the same numbers */
    s.chart = b.chart = BONX_VIEW_SIMULATE;
    assert_int_equal(bonx_app_set_param(&s, BONX_PARAM_N, 64), 0);
    assert_int_equal(bonx_app_set_param(&b, BONX_PARAM_N, 64), 0);
    settle(&b);
    bonx_app_prepare_extras(&s);
    bonx_app_prepare_extras(&b);
    settle(&b);
    assert_true(b.extras.in[1].n == 64 && s.extras.sim.kl.mean == b.extras.sim.kl.mean);
    bonx_app_free(&s);
    bonx_app_free(&b);
    free(w);
    free(r);
}

/* Saving while the edit computes writes the edit; freeing the app while it computes neither
 * hangs nor leaks (the job is cancelled); a refused edit is refused at once. */
static void test_async_save_and_quit_while_computing(void **state)
{
    (void)state;
    enum { K = 40000 };
    double *w = malloc(K * sizeof *w), *r = malloc(K * sizeof *r);
    assert_non_null(w);
    assert_non_null(r);
    random_table(K, 12, w, r);
    bonx_app b;
    open_app(&b, K, w, r);
    assert_int_equal(bonx_app_start_async(&b), 0);
    keys(&b, "l\n7\n");
    assert_true(bonx_app_computing(&b));
    char path[] = "/tmp/bonx-async-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(bonx_app_save(&b, path), 0);
    bonx_preset p = {0};
    char err[256];
    assert_int_equal(bonx_preset_load(path, &p, err, sizeof err), 0);
    assert_int_equal(p.k, K);
    assert_true(p.w[b.sel] == 7);
    bonx_preset_free(&p);
    unlink(path);
    assert_false(b.dirty);
    /* all weights zero: refused at once, nothing posted */
    unsigned long seq = b.job_seq;
    settle(&b);
    for (size_t i = 0; i < 1; i++)
        assert_int_equal(bonx_app_set_cell(&b, b.sel, BONX_COL_REWARD, "nan"), -1);
    assert_int_equal(b.job_seq, seq);
    /* edits in flight at free: cancelled, joined */
    keys(&b, "l\n3\n");
    keys(&b, "l\n4\n");
    bonx_app_free(&b);
    free(w);
    free(r);
}

/* The n axis follows the table until the user sets it; a set range survives edits. */
static void test_n_range(void **state)
{
    (void)state;
    bonx_app a;
    open_binary(&a);
    assert_false(a.n_range_set);
    assert_true(a.n_lo == 1 && a.n_hi == bonx_curves_auto_n_max(&a.dist));
    assert_true(a.n_hi == 20);   /* binary: log 2 - h(2^-n) saturates by n ~ 14, rounded up */
    assert_true(a.curves.bon[a.curves.n_bon - 1].n == a.n_hi);
    /* a rarer top outcome pushes the edge out, as 1/q */
    assert_int_equal(bonx_app_set_cell(&a, 0, BONX_COL_WEIGHT, "999999"), 0);
    assert_true(a.n_hi >= 1e7 && a.n_hi <= 5e7);
    assert_true(a.curves.bon[a.curves.n_bon - 1].n == a.n_hi);
    /* set: kept across edits and undo */
    assert_int_equal(bonx_app_set_n_range(&a, 10, 1e9), 0);
    assert_true(a.n_range_set && a.n_lo == 10 && a.n_hi == 1e9);
    assert_true(a.curves.bon[0].n == 10 && a.curves.bon[a.curves.n_bon - 1].n == 1e9);
    assert_int_equal(bonx_app_undo(&a), 0);
    assert_true(a.n_lo == 10 && a.n_hi == 1e9 && a.curves.bon[0].n == 10);
    /* refused ranges keep the old one and say why */
    assert_int_equal(bonx_app_set_n_range(&a, 0.5, 10), -1);
    assert_int_equal(bonx_app_set_n_range(&a, 100, 100), -1);
    assert_int_equal(bonx_app_set_n_range(&a, 1, NAN), -1);
    assert_int_equal(bonx_app_set_n_range(&a, 1, 1e301), -1);
    assert_true(a.message_is_error && strstr(a.message, "n range"));
    assert_true(a.n_lo == 10 && a.n_hi == 1e9 && a.curves.bon[0].n == 10);
    /* back to automatic */
    bonx_app_auto_n_range(&a);
    assert_false(a.n_range_set);
    assert_true(a.n_lo == 1 && a.n_hi == 20 && a.curves.bon[0].n == 1);
    bonx_app_free(&a);
}

/* x pins the curves as they are: an edit changes the live curves, not the pinned ones; X
 * clears.  The keys and the export go through the same functions. */
static void test_pin_and_export(void **state)
{
    (void)state;
    bonx_app a;
    open_binary(&a);
    keys(&a, "x");
    assert_true(a.has_pin && a.pinned.n_bon == a.curves.n_bon);
    for (size_t i = 0; i < a.curves.n_bon; i++)
        assert_true(a.pinned.bon[i].kl == a.curves.bon[i].kl);
    assert_int_equal(bonx_app_set_cell(&a, 0, BONX_COL_WEIGHT, "9"), 0);
    /* live: p = (0.9, 0.1), ceiling log 10; pinned: still Example 1, ceiling log 2 */
    assert_close(a.curves.kl_ceiling, log(10.0), 1e-14);
    assert_close(a.pinned.kl_ceiling, log(2.0), 1e-14);
    assert_close(a.pinned.bon[a.pinned.n_bon - 1].kl, (double)kl_two(0.5L, (long double)a.pinned.bon[a.pinned.n_bon - 1].n), 1e-12);
    /* export: an SVG with the chart's title and the pinned legend entry */
    char dir[] = "/tmp/bonx-test-export-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256], def[256];
    snprintf(path, sizeof path, "%s/kl.svg", dir);
    a.chart = 0;   /* kl */
    bonx_app_default_export_path(&a, def, sizeof def);
    assert_string_equal(def, "test-kl.svg");
    assert_int_equal(bonx_app_export_svg(&a, path), 0);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    assert_non_null(strstr(buf, ">KL(best-of-n || p) vs n<"));
    assert_non_null(strstr(buf, ">pinned<"));
    assert_non_null(strstr(buf, ">ceiling log(1/g_top) = 2.303<"));
    /* a path that cannot be written: -1, an error, the old file untouched */
    char bad[300];
    snprintf(bad, sizeof bad, "%s/missing/kl.svg", dir);
    assert_int_equal(bonx_app_export_svg(&a, bad), -1);
    assert_true(a.message_is_error && strstr(a.message, "export failed"));
    keys(&a, "X");
    assert_false(a.has_pin);
    assert_null(a.pinned.bon);
    remove(path);
    rmdir(dir);
    /* P toggles projector mode */
    keys(&a, "P");
    assert_true(a.projector);
    keys(&a, "P");
    assert_false(a.projector);
    bonx_app_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_line_editor),
        cmocka_unit_test(test_save_long_path),
        cmocka_unit_test(test_async_matches_sync),
        cmocka_unit_test(test_async_curves),
        cmocka_unit_test(test_lazy_first_readout),
        cmocka_unit_test(test_async_kl_target),
        cmocka_unit_test(test_async_load),
        cmocka_unit_test(test_async_extra_views),
        cmocka_unit_test(test_async_save_and_quit_while_computing),
        cmocka_unit_test(test_extra_views),
        cmocka_unit_test(test_readout_against_quad),
        cmocka_unit_test(test_open_example1),
        cmocka_unit_test(test_set_weight_recomputes),
        cmocka_unit_test(test_refusals_keep_old_value),
        cmocka_unit_test(test_undo_redo_every_edit),
        cmocka_unit_test(test_edit_details),
        cmocka_unit_test(test_params),
        cmocka_unit_test(test_default_t),
        cmocka_unit_test(test_undo_limits),
        cmocka_unit_test(test_undo_cells),
        cmocka_unit_test(test_tau_snaps_after_edit),
        cmocka_unit_test(test_play),
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_unknown_key_changes_nothing),
        cmocka_unit_test(test_save_load_round_trip),
        cmocka_unit_test(test_random_edit_sequences),
        cmocka_unit_test(test_n_range),
        cmocka_unit_test(test_pin_and_export),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
