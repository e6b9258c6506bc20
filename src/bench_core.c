/* SPDX-License-Identifier: MIT */
/* `bonx bench` entry core_recompute: a full recompute of every curve the explorer shows
 * (bonx_curves_compute with the default spec) for K = 3, 64, 1024 and 65536 outcomes. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "bench.h"
#include "curves.h"
#include "rng.h"
#include "elementary.h"

typedef struct recompute_ctx {
    bonx_dist d;
    bonx_curves c;
    bonx_curves_spec spec;
    int failed;
} recompute_ctx;

static void recompute(void *p)
{
    recompute_ctx *x = p;
    bonx_err e = {0};
    if (bonx_curves_compute(&x->c, &x->d, &x->spec, &e) != BONX_OK)
        x->failed = 1;
}

/* K outcomes with weights over six orders of magnitude and rewards on about K/2 levels
 * (so that there are ties), from a fixed seed. */
static int random_dist(bonx_dist *d, size_t k, uint64_t seed)
{
    double *w = malloc(k * sizeof *w), *r = malloc(k * sizeof *r);
    bonx_rng g;
    bonx_rng_seed(&g, seed);
    for (size_t i = 0; w && r && i < k; i++) {
        w[i] = bonx_exp(-14 * bonx_rng_uniform(&g));
        r[i] = (double)bonx_rng_below(&g, k / 2 + 1);
    }
    bonx_err e = {0};
    int rc = w && r ? bonx_dist_init(d, k, w, r, &e) : BONX_ENOMEM;
    free(w);
    free(r);
    return rc;
}

int bonx_bench_core_recompute(FILE *out)
{
    static const struct { size_t k; double target_us; } cases[] = {
        {3, 100}, {64, 100}, {1024, 0}, {65536, 16000}};
    int failed = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        recompute_ctx x;
        memset(&x, 0, sizeof x);
        bonx_curves_spec_default(&x.spec);
        if (random_dist(&x.d, cases[i].k, 20261124 + i) != BONX_OK) {
            fprintf(out, "core_recompute: cannot build a distribution of %zu outcomes\n", cases[i].k);
            return 1;
        }
        double us = bonx_bench_median_us(recompute, &x, cases[i].k > 4096 ? 9 : 31);
        char name[32];
        snprintf(name, sizeof name, "K=%zu", cases[i].k);
        if (x.failed)
            fprintf(out, "core_recompute: bonx_curves_compute failed at %s\n", name);
        else
            bonx_bench_report(out, "core_recompute", name, us, cases[i].target_us);
        failed |= x.failed;
        bonx_curves_free(&x.c);
        bonx_dist_free(&x.d);
    }
    return failed;
}
