/* SPDX-License-Identifier: MIT */
/* `bonx bench` entry for issue 5's asymptotics: enumerating, sorting and grouping every type
 * of one (table, m), then best-of-N against phi_Delta at one Delta: the work behind
 * `bonx asym` and the explorer's asymptotics view when m changes. */
#include <stdio.h>
#include <string.h>
#include "asym.h"
#include "bench.h"

typedef struct asym_case {
    bonx_dist d;
    int m;
    double delta;
    bonx_asym a;
    int failed;
} asym_case;

static void asym_work(void *ctx)
{
    asym_case *c = ctx;
    bonx_err err = {0};
    bonx_asym_point pt;
    if (bonx_asym_prepare(&c->a, &c->d, c->m, &err) || bonx_asym_at(&c->a, c->delta, &pt, &err))
        c->failed = 1;
}

/* Rationally independent rewards, so that no two types tie: the most groups. */
static int run_case(FILE *out, size_t k, int m, const char *name, double target_us)
{
    static const double w[4] = {0.1, 0.2, 0.3, 0.4};
    static const double r[4] = {0.3, -1.4142135623730951, 3.141592653589793, 0.05};
    asym_case c;
    memset(&c, 0, sizeof c);
    c.m = m;
    c.delta = 0.3;
    if (bonx_dist_init(&c.d, k, w, r, NULL))
        return 1;
    double us = bonx_bench_median_us(asym_work, &c, 3);
    bonx_bench_report(out, "asym", name, us, target_us);
    bonx_asym_free(&c.a);
    bonx_dist_free(&c.d);
    return c.failed;
}

int bonx_bench_asym(FILE *out)
{
    int failed = run_case(out, 3, 1000, "K=3 m=1000 (501501 types), prepare + one delta", 200000);
    failed |= run_case(out, 4, 200, "K=4 m=200 (1373701 types), prepare + one delta", 500000);
    return failed;
}
