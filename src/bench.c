/* SPDX-License-Identifier: MIT */
/* `bonx bench`: the registry and the timing helpers (the benchmarks live in bench_*.c). */
#include "bench.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const bonx_bench_entry bonx_bench_registry[] = {
#define BONX_BENCH_ENTRY(name, summary) {#name, bonx_bench_##name, summary},
    BONX_BENCHES(BONX_BENCH_ENTRY)
#undef BONX_BENCH_ENTRY
    {NULL, NULL, NULL},
};

double bonx_bench_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec * 1e-3;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double bonx_bench_median_us(void (*work)(void *ctx), void *ctx, int runs)
{
    enum { MAX_RUNS = 101 };
    double times[MAX_RUNS];
    if (runs < 1)
        runs = 1;
    if (runs > MAX_RUNS)
        runs = MAX_RUNS;
    double t0 = bonx_bench_now_us();
    work(ctx); /* warm-up: caches, first-touch allocations */
    double once = bonx_bench_now_us() - t0;
    long reps = once >= 1000 ? 1 : (long)(1000 / (once > 0.05 ? once : 0.05)) + 1;
    /* slow work: keep one case to about 2 s, but never fewer than 3 runs */
    int affordable = once > 0 ? (int)fmin(MAX_RUNS, 2e6 / once) : MAX_RUNS;
    if (runs > affordable)
        runs = affordable < 3 ? 3 : affordable;
    for (int r = 0; r < runs; r++) {
        double start = bonx_bench_now_us();
        for (long i = 0; i < reps; i++)
            work(ctx);
        times[r] = (bonx_bench_now_us() - start) / (double)reps;
    }
    qsort(times, (size_t)runs, sizeof times[0], cmp_double);
    return runs % 2 ? times[runs / 2] : 0.5 * (times[runs / 2 - 1] + times[runs / 2]);
}

int bonx_bench_report(FILE *out, const char *bench, const char *case_name, double us,
                      double target_us)
{
    int ok = target_us <= 0 || us <= target_us;
    fprintf(out, "%-15s %-50s %11.1f us", bench, case_name, us);
    if (target_us > 0)
        fprintf(out, "   target %.0f us: %s", target_us, ok ? "ok" : "MISSED");
    fputc('\n', out);
    return ok;
}
