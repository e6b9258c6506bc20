/* SPDX-License-Identifier: MIT */
/* Shared by the core suites: a tolerance check that prints both values when it fails, and a
 * distribution built or the test fails.  Include after <cmocka.h>. */
#ifndef BONX_TEST_CHECK_H
#define BONX_TEST_CHECK_H

#include <math.h>
#include <stdint.h>
#include "dist.h"
#include "rng.h"

#include "quad.h"

/* |got - want| <= rel*|want| + abs_tol; false for NaN. */
static inline int close_enough(double got, double want, double rel, double abs_tol)
{
    return fabs(got - want) <= rel * fabs(want) + abs_tol;
}

#define CHECK(got, want, rel, abs_tol, what)                                                   \
    do {                                                                                       \
        double g_ = (got), w_ = (want);                                                        \
        if (!close_enough(g_, w_, (rel), (abs_tol))) {                                         \
            print_error("%s: got %.17g want %.17g (rel err %.3g)\n", what, g_, w_,             \
                        fabs(g_ - w_) / fabs(w_));                                             \
            fail();                                                                            \
        }                                                                                      \
    } while (0)

static inline bonx_dist make_dist(size_t k, const double *w, const double *r)
{
    bonx_dist d;
    bonx_err e = {0};
    assert_int_equal(bonx_dist_init(&d, k, w, r, &e), 0);
    return d;
}

/* The bench's kind of distribution (weights over six decades, rewards on k/2 + 1 integer
 * levels), seeded: w and r hold k values. */
static inline bonx_dist bench_like_dist(size_t k, double *w, double *r, uint64_t seed)
{
    bonx_rng g;
    bonx_rng_seed(&g, seed);
    for (size_t i = 0; i < k; i++) {
        w[i] = exp(-14 * bonx_rng_uniform(&g));
        r[i] = (double)bonx_rng_below(&g, k / 2 + 1);
    }
    return make_dist(k, w, r);
}

#endif
