/* SPDX-License-Identifier: MIT */
/* `bonx bench` entries of issue 11 ("responsive at any size"):
 *   recompute_1m     a full recompute (distribution + every curve) of K = 1e6 outcomes, and
 *                    the peak memory (ru_maxrss) of a child process that does only that;
 *                    targets 250 ms and 200 MB.
 *   keystroke_frame  K = 65536 in the explorer with its background recompute: from an edit to
 *                    the frame that shows it is under way (previous curves, progress mark),
 *                    target 16 ms; and to the frame with the new results (no target).
 *   first_frame      K = 300k: from reading the preset file to the first frame, target 1 s
 *                    (the readout computing on its thread, as in the explorer). */
#include <curses.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app_state.h"
#include "bench.h"
#include "curves.h"
#include "recompute.h"
#include "rng.h"
#include "screen.h"
#include "elementary.h"

/* K weights over six orders of magnitude and rewards on about K/2 levels (ties), fixed seed:
 * the same shape as core_recompute's tables. */
static int random_table(size_t k, uint64_t seed, double **w, double **r)
{
    *w = malloc(k * sizeof **w);
    *r = malloc(k * sizeof **r);
    if (!*w || !*r)
        return -1;
    bonx_rng g;
    bonx_rng_seed(&g, seed);
    for (size_t i = 0; i < k; i++) {
        (*w)[i] = bonx_exp(-14 * bonx_rng_uniform(&g));
        (*r)[i] = (double)bonx_rng_below(&g, k / 2 + 1);
    }
    return 0;
}

/* ---- recompute_1m */

typedef struct full_ctx {
    size_t k;
    const double *w, *r;
    bonx_curves_spec spec;
    int failed;
} full_ctx;

/* What an edit costs the background thread: the distribution from the table, then every
 * curve (a fresh bonx_curves, as each explorer job has). */
static void full_recompute(void *p)
{
    full_ctx *x = p;
    bonx_dist d = {0};
    bonx_curves c = {0};
    bonx_err e = {0};
    if (bonx_dist_init(&d, x->k, x->w, x->r, &e) != 0 ||
        bonx_curves_compute(&c, &d, &x->spec, &e) != 0)
        x->failed = 1;
    bonx_curves_free(&c);
    bonx_dist_free(&d);
}

/* Peak resident memory of one full recompute, in a child that does nothing else (MB). */
static double peak_mb_of_recompute(full_ctx *x)
{
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        full_recompute(x);
        _exit(x->failed ? 1 : 0);
    }
    int status;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return -1;
    struct rusage u;
    getrusage(RUSAGE_CHILDREN, &u);   /* the largest child so far: this one (the first) */
    return (double)u.ru_maxrss / 1024.0;
}

int bonx_bench_recompute_1m(FILE *out)
{
    full_ctx x;
    memset(&x, 0, sizeof x);
    x.k = 1000000;
    double *w, *r;
    if (random_table(x.k, 20261204, &w, &r) != 0) {
        fprintf(out, "recompute_1m: out of memory\n");
        return 1;
    }
    x.w = w;
    x.r = r;
    bonx_curves_spec_default(&x.spec);
    /* memory first: the child's peak includes the table (16 MB) it inherited */
    double mb = peak_mb_of_recompute(&x);
    double us = bonx_bench_median_us(full_recompute, &x, 5);
    int failed = x.failed || mb < 0;
    if (failed)
        fprintf(out, "recompute_1m: the recompute failed\n");
    else {
        bonx_bench_report(out, "recompute_1m", "K=1e6 distribution + curves", us, 250000);
        int ok = mb <= 200;
        fprintf(out, "%-15s %-50s %11.1f MB   target 200 MB: %s\n", "recompute_1m",
                "K=1e6 peak resident memory (child process)", mb, ok ? "ok" : "MISSED");
    }
    free(w);
    free(r);
    return failed;
}

/* ---- the explorer at large K */

static int big_preset(bonx_preset *p, size_t k, uint64_t seed)
{
    double *w, *r;
    memset(p, 0, sizeof *p);
    if (random_table(k, seed, &w, &r) != 0)
        return -1;
    p->name = strdup("bench");
    p->k = k;
    p->w = w;
    p->r = r;
    p->labels = calloc(k, sizeof *p->labels);
    for (size_t i = 0; p->labels && i < k; i++) {
        char label[32];
        snprintf(label, sizeof label, "y%zu", i + 1);
        if (!(p->labels[i] = strdup(label)))
            return -1;
    }
    return p->name && p->labels ? 0 : -1;
}

static void draw(bonx_screen *s, bonx_app *a)
{
    bonx_screen_draw(s, a, 120, 40);
    wnoutrefresh(stdscr);
    doupdate();
}

/* An off-screen terminal (ncurses on /dev/null), 120x40. */
static SCREEN *offscreen(FILE **o, FILE **i)
{
    *o = fopen("/dev/null", "w");
    *i = fopen("/dev/null", "r");
    if (!*o || !*i)
        return NULL;
    setlocale(LC_ALL, "");
    SCREEN *scr = newterm("xterm-256color", *o, *i);
    if (!scr)
        scr = newterm("xterm", *o, *i);
    if (scr) {
        set_term(scr);
        resizeterm(40, 120);
    }
    return scr;
}

static void close_offscreen(SCREEN *scr, FILE *o, FILE *i)
{
    if (scr) {
        endwin();
        delscreen(scr);
    }
    if (o)
        fclose(o);
    if (i)
        fclose(i);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int bonx_bench_keystroke_frame(FILE *out)
{
    enum { RUNS = 15 };
    FILE *o = NULL, *i = NULL;
    SCREEN *scr = offscreen(&o, &i);
    bonx_preset p;
    bonx_app a;
    char err[256];
    int failed = 1;
    if (!scr || big_preset(&p, 65536, 65536) != 0) {
        fprintf(out, "keystroke_frame: no off-screen terminal or out of memory\n");
        close_offscreen(scr, o, i);
        return 1;
    }
    if (bonx_app_init(&a, &p, NULL, err, sizeof err) != 0) {
        fprintf(out, "keystroke_frame: %s\n", err);
        bonx_preset_free(&p);
        close_offscreen(scr, o, i);
        return 1;
    }
    bonx_preset_free(&p);
    bonx_screen s;
    bonx_screen_init(&s, 1, 0, 0);
    double key[RUNS], shown[RUNS];
    if (bonx_app_start_async(&a) != 0) {
        fprintf(out, "keystroke_frame: no background thread\n");
        goto done;
    }
    draw(&s, &a);
    for (int run = 0; run < RUNS; run++) {
        double t0 = bonx_bench_now_us();
        /* the keys of a weight edit: Enter on the weight column, a value, Enter */
        a.focus = BONX_FOCUS_TABLE;
        a.col = BONX_COL_WEIGHT;
        bonx_app_key(&a, '\n');
        bonx_app_key(&a, run % 2 ? '3' : '7');
        bonx_app_key(&a, '\n');
        draw(&s, &a);   /* the previous curves and the progress mark */
        key[run] = bonx_bench_now_us() - t0;
        if (!bonx_app_computing(&a)) {
            fprintf(out, "keystroke_frame: the edit was not taken\n");
            goto done;
        }
        while (!bonx_app_wait_recompute(&a, 1000))   /* as the event loop: wait, install */
            ;
        draw(&s, &a);
        shown[run] = bonx_bench_now_us() - t0;
    }
    qsort(key, RUNS, sizeof *key, cmp_double);
    qsort(shown, RUNS, sizeof *shown, cmp_double);
    bonx_bench_report(out, "keystroke_frame", "K=65536 edit to frame (previous curves)",
                      key[RUNS / 2], 16000);
    bonx_bench_report(out, "keystroke_frame", "K=65536 edit to frame with its results",
                      shown[RUNS / 2], 0);
    failed = 0;
done:
    bonx_screen_free(&s);
    bonx_app_free(&a);
    close_offscreen(scr, o, i);
    return failed;
}

/* The table written as a preset file, read back as the explorer does at its start. */
int bonx_bench_first_frame(FILE *out)
{
    char path[] = "/tmp/bonx-bench-XXXXXX";
    int fd = mkstemp(path);
    bonx_preset p;
    char err[512];
    if (fd < 0 || big_preset(&p, 300000, 300000) != 0) {
        fprintf(out, "first_frame: cannot make the table\n");
        if (fd >= 0)
            close(fd), unlink(path);
        return 1;
    }
    close(fd);
    int rc = bonx_preset_save(path, &p, err, sizeof err);
    bonx_preset_free(&p);
    if (rc != 0) {
        fprintf(out, "first_frame: %s\n", err);
        unlink(path);
        return 1;
    }
    FILE *o = NULL, *i = NULL;
    SCREEN *scr = offscreen(&o, &i);
    double best = INFINITY;
    int failed = !scr;
    for (int run = 0; run < 3 && !failed; run++) {
        double t0 = bonx_bench_now_us();
        bonx_preset q = {0};
        bonx_app a;
        bonx_screen s;
        /* as the explorer starts: the readout on its thread, after the first frame */
        if (bonx_preset_load(path, &q, err, sizeof err) != 0 ||
            bonx_app_init_lazy(&a, &q, path, err, sizeof err) != 0) {
            fprintf(out, "first_frame: %s\n", err);
            bonx_preset_free(&q);
            failed = 1;
            break;
        }
        bonx_preset_free(&q);
        bonx_app_start_async(&a);
        bonx_screen_init(&s, 1, 0, 0);
        draw(&s, &a);
        double us = bonx_bench_now_us() - t0;
        best = us < best ? us : best;
        bonx_screen_free(&s);
        bonx_app_free(&a);
    }
    if (!failed)   /* the best of 3: the machine's load only ever adds */
        bonx_bench_report(out, "first_frame", "K=300000 file to first frame (best of 3)", best,
                          1000000);
    close_offscreen(scr, o, i);
    unlink(path);
    return failed;
}
