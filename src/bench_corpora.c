/* SPDX-License-Identifier: MIT */
/* `bonx bench` entry for issue 6: drawing and summarising corpora, the work behind
 * `bonx corpora` and a live corpora view (which redraws on every parameter change). */
#include <stdio.h>
#include "bench.h"
#include "corpora.h"

typedef struct corpora_case {
    bonx_corpora_spec spec;
    bonx_corpora out;
    int failed;
} corpora_case;

static void corpora_work(void *ctx)
{
    corpora_case *c = ctx;
    bonx_err err = {0};
    if (bonx_corpora_run(&c->out, &c->spec, &err))
        c->failed = 1;
}

int bonx_bench_corpora(FILE *out)
{
    static const double p[3] = {0.472, 0.333, 0.195}, r[3] = {-0.261, 0.865, -1.337};
    bonx_adaptor ad[4];
    const char *specs[4] = {"ancestral", "temperature:0.5", "top-k:2", "typical:0.9"};
    for (int i = 0; i < 4; i++)
        if (bonx_adaptor_parse(specs[i], &ad[i], NULL))
            return 1;
    /* 4 samplers x 200 corpora x 100 strings: a screenful of scatter points */
    corpora_case strings = {{3, p, r, 3.0, 100, 200, 1, 4, ad, 1, 0, 0}, {0}, 0};
    /* the same with 20-token sequences: 20x the draws, plus 231 types to rank */
    corpora_case seqs = {{3, p, r, 3.0, 100, 200, 20, 4, ad, 1, 0, 0}, {0}, 0};
    /* a missed target is reported, not a failure (as in the other benchmarks) */
    double us = bonx_bench_median_us(corpora_work, &strings, 5);
    bonx_bench_report(out, "corpora", "4 adaptors x 200 corpora x 100 strings", us, 20000);
    us = bonx_bench_median_us(corpora_work, &seqs, 3);
    bonx_bench_report(out, "corpora", "same, 20-token sequences", us, 100000);
    bonx_corpora_free(&strings.out);
    bonx_corpora_free(&seqs.out);
    return strings.failed || seqs.failed;
}
