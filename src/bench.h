/* SPDX-License-Identifier: MIT */
/* `bonx bench`: in-process benchmarks, one registry entry each.
 *
 * To add a benchmark: write `int bonx_bench_NAME(FILE *out)` in your own file (it times its
 * work with the helpers below and prints one bonx_bench_report line per case; returns 0, or
 * non-zero on failure) and add ONE line X(NAME, "what it measures") to BONX_BENCHES below.
 * `bonx bench` runs all of them in this order; `bonx bench --only NAME` runs one. */
#ifndef BONX_BENCH_H
#define BONX_BENCH_H

#include <stdio.h>

#define BONX_BENCHES(X) \
    X(core_recompute, "full recompute of every curve the explorer shows (bonx_curves_compute)") \
    X(corpora, "drawing and summarising corpora from sampling adaptors (bonx_corpora_run)") \
    X(asym, "memoryless asymptotics: all types of K=3 m=1000 and K=4 m=200, one delta (bonx_asym)") \
    X(simulate, "exact best-of-n sampler (samples per second at n = 16 and 1e12) and a bonx simulate run") \
    X(explorer_frame, "explorer keystroke to frame: edit, recompute, draw the whole 120x40 screen") \
    X(charts, "rendering a 120x40 chart with five 256-point series, and each chart of the binary example") \
    X(recompute_1m, "full recompute of K=1e6 outcomes (distribution + curves): time and peak memory") \
    X(keystroke_frame, "explorer at K=65536 with its background recompute: edit to the next frame") \
    X(first_frame, "explorer at K=300k: preset file to the first frame") \
    /* end of the registry */

typedef int (*bonx_bench_fn)(FILE *out);

typedef struct bonx_bench_entry {
    const char *name;
    bonx_bench_fn fn;
    const char *summary;
} bonx_bench_entry;

#define BONX_BENCH_DECLARE(name, summary) int bonx_bench_##name(FILE *out);
BONX_BENCHES(BONX_BENCH_DECLARE)
#undef BONX_BENCH_DECLARE

/* The registry in BONX_BENCHES order, terminated by {NULL, NULL, NULL} (in bench.c). */
extern const bonx_bench_entry bonx_bench_registry[];

/* Monotonic clock (CLOCK_MONOTONIC) in microseconds. */
double bonx_bench_now_us(void);

/* Median over `runs` timed calls of work(ctx), in microseconds per call.  Each timed run
 * repeats work enough times to last at least ~1 ms, so that short work is measured well.
 * The first call is an untimed warm-up; when it is slow, runs is reduced so that a case takes
 * about 2 s (never fewer than 3 runs). */
double bonx_bench_median_us(void (*work)(void *ctx), void *ctx, int runs);

/* One result line: "NAME  CASE  12.3 us  (target 100 us: ok)"; target_us <= 0: no target.
 * Returns 1 when the target is met (or there is none), 0 otherwise. */
int bonx_bench_report(FILE *out, const char *bench, const char *case_name, double us,
                      double target_us);

#endif
