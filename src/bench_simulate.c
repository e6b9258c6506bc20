/* SPDX-License-Identifier: MIT */
/* `bonx bench` entry for issue 5's simulation: the exact best-of-n sampler (cost independent
 * of n; target at least 10 million samples per second), and a full `bonx simulate` run. */
#include <stdio.h>
#include <string.h>
#include "bench.h"
#include "simulate.h"

#define BENCH_DRAWS 1000000

typedef struct sim_case {
    bonx_sampler s;
    bonx_rng g;
    size_t sink;
} sim_case;

static void draw_many(void *ctx)
{
    sim_case *c = ctx;
    for (int i = 0; i < BENCH_DRAWS; i++) {
        double draws = 0;
        c->sink += bonx_sampler_draw(&c->s, &c->g, &draws);
    }
}

typedef struct run_case { const bonx_dist *d; bonx_sim_spec spec; int failed; } run_case;

static void simulate_once(void *ctx)
{
    run_case *c = ctx;
    bonx_sim_result res;
    if (bonx_simulate(c->d, &c->spec, &res, NULL))
        c->failed = 1;
    else
        bonx_sim_result_free(&res);
}

static int bench_exact(FILE *out, const bonx_dist *d, double n, const char *name)
{
    sim_case c;
    memset(&c, 0, sizeof c);
    if (bonx_sampler_init(&c.s, d, BONX_SIM_BON, n, BONX_SIM_EXACT, NULL))
        return 1;
    bonx_rng_seed(&c.g, 1);
    double us = bonx_bench_median_us(draw_many, &c, 5);
    /* 10 million samples per second: 1e6 samples in 100 ms */
    bonx_bench_report(out, "simulate", name, us, 1e6 * BENCH_DRAWS / 10e6);
    bonx_sampler_free(&c.s);
    return 0;
}

int bonx_bench_simulate(FILE *out)
{
    /* 16 outcomes, 12 reward levels (ties), one weight zero */
    double w[16], r[16];
    for (int i = 0; i < 16; i++) {
        w[i] = i == 7 ? 0.0 : 1.0 + (i * 7 % 5);
        r[i] = (double)(i % 12) * 0.25;
    }
    bonx_dist d;
    if (bonx_dist_init(&d, 16, w, r, NULL))
        return 1;
    int failed = bench_exact(out, &d, 16, "exact best-of-n, 1e6 samples, n = 16 (>= 10M/s)");
    failed |= bench_exact(out, &d, 1e12, "exact best-of-n, 1e6 samples, n = 1e12 (>= 10M/s)");
    run_case rc = {&d, {BONX_SIM_BON, BONX_SIM_EXACT, 1e6, 100000, 1, 1.0, 40, 256}, 0};
    double us = bonx_bench_median_us(simulate_once, &rc, 3);
    bonx_bench_report(out, "simulate", "bonx simulate bon:1e6, 1e5 samples, all rows", us, 50000);
    bonx_dist_free(&d);
    return failed | rc.failed;
}
