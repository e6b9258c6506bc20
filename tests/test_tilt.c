/* SPDX-License-Identifier: MIT */
/* KL-regularised RL (MATH.md §3): the tilted policy against an independent quad
 * evaluation (per outcome, straight from the definition), tiny KLs to full relative
 * precision, monotonicity, the beta-for-KL solver's round trip, errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "quad.h"
#include <cmocka.h>
#include "check.h"
#include "tilt.h"
#include "rng.h"

typedef struct ref { quad kl, wr, reward, log_z; } ref;

/* Per outcome: C from direct sums, pi = p e^(s/beta)/Z with the max score subtracted. */
static ref reference(size_t k, const double *w, const double *r, double beta, int calibrated)
{
    quad tot = qd(0), C[64], s[64], smax = qd(-INFINITY);
    for (size_t i = 0; i < k; i++)
        tot = qadd(tot, qd(w[i]));
    for (size_t i = 0; i < k; i++) {
        quad lt = qd(0), eq = qd(0);
        for (size_t z = 0; z < k; z++) {
            if (r[z] < r[i]) lt = qadd(lt, qdiv(qd(w[z]), tot));
            if (r[z] == r[i]) eq = qadd(eq, qdiv(qd(w[z]), tot));
        }
        C[i] = qadd(lt, qdiv(eq, qd(2)));
        s[i] = calibrated ? C[i] : qd(r[i]);
        if (w[i] > 0 && qgt(s[i], smax))
            smax = s[i];
    }
    /* Z - 1 = sum p expm1(.): log Z keeps its digits when Z is near 1 */
    quad zm1 = qd(0), zs = qd(0), b = qd(beta);
    for (size_t i = 0; i < k; i++)
        if (w[i] > 0) {
            quad p = qdiv(qd(w[i]), tot), x = qdiv(qsub(s[i], smax), b);
            zm1 = qadd(zm1, qmul(p, expm1q(x)));
            zs = qadd(zs, qmul(p, expq(x)));
        }
    quad logz = qgt(zm1, QUAD_C(-0.5)) ? log1pq(zm1) : logq(zs);
    ref out = {qd(0), qd(0), qd(0), logz};
    for (size_t i = 0; i < k; i++) {
        if (w[i] == 0)
            continue;
        quad p = qdiv(qd(w[i]), tot), lr = qsub(qdiv(qsub(s[i], smax), b), logz);
        quad pi = qmul(p, expq(lr));
        out.kl = qadd(out.kl, qmul(pi, lr));
        out.wr = qadd(out.wr, qmul(pi, C[i]));
        out.reward = qadd(out.reward, qmul(pi, qd(r[i])));
    }
    return out;
}

static void random_dist(bonx_rng *g, size_t k, double *w, double *r)
{
    int levels = 1 + (int)bonx_rng_below(g, 3 * k);
    double rscale = bonx_rng_below(g, 2) ? 1 : 1e5;
    for (size_t i = 0; i < k; i++) {
        int kind = (int)bonx_rng_below(g, 8);
        w[i] = kind == 0 ? 0 : kind == 1 ? exp(-690 * bonx_rng_uniform(g)) : bonx_rng_uniform_pos(g);
        r[i] = rscale * ((double)bonx_rng_below(g, (uint64_t)levels) - levels / 2.0);
    }
    w[bonx_rng_below(g, k)] = 1;
}

static void random_vs_quad(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 99);
    for (int trial = 0; trial < 1000; trial++) {
        size_t k = 1 + bonx_rng_below(&g, 20);
        double w[20], r[20];
        random_dist(&g, k, w, r);
        bonx_dist d = make_dist(k, w, r);
        for (int kind = 0; kind < 2; kind++) {
            double unit = kind ? 1 : d.r_scale;
            for (double b = 1e-4; b < 1e9; b *= 1.0 + 9 * bonx_rng_uniform_pos(&g)) {
                double beta = b * unit;
                bonx_tilt_stats s;
                bonx_err e = {0};
                assert_int_equal(bonx_tilt_stats_at(&d, kind, beta, &s, &e), 0);
                ref q = reference(k, w, r, beta, kind);
                CHECK(s.kl, qdbl(q.kl), 1e-12, 1e-14, "KL");
                CHECK(s.win_rate, qdbl(q.wr), 1e-12, 1e-14, "WR");
                CHECK(s.reward, qdbl(q.reward), 1e-12, 1e-14 * d.r_scale, "reward");
                CHECK(s.log_z, qdbl(q.log_z), 1e-12, 1e-14, "log Z");
            }
        }
        bonx_dist_free(&d);
    }
}

/* The family evaluator (series over moments where lambda * spread <= 1) against quad. */
static void family_vs_quad(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 404);
    for (int trial = 0; trial < 400; trial++) {
        size_t k = 1 + bonx_rng_below(&g, 20);
        double w[20], r[20], betas[64];
        random_dist(&g, k, w, r);
        bonx_dist d = make_dist(k, w, r);
        bonx_err e = {0};
        for (int kind = 0; kind < 2; kind++) {
            double unit = kind ? 1 : d.r_scale * 3;
            for (size_t i = 0; i < 64; i++)
                betas[i] = unit * exp(-8 + 16 * (double)i / 63);
            bonx_tilt_stats out[64];
            assert_int_equal(bonx_tilt_family(&d, kind, betas, 64, out, &e), 0);
            for (size_t i = 0; i < 64; i++) {
                ref q = reference(k, w, r, betas[i], kind);
                assert_true(out[i].beta == betas[i]);
                CHECK(out[i].kl, qdbl(q.kl), 1e-12, 1e-14, "family KL");
                CHECK(out[i].win_rate, qdbl(q.wr), 1e-12, 1e-14, "family WR");
                CHECK(out[i].reward, qdbl(q.reward), 1e-12, 1e-14 * d.r_scale, "family reward");
                CHECK(out[i].log_z, qdbl(q.log_z), 1e-12, 1e-14, "family log Z");
            }
        }
        bonx_dist_free(&d);
    }
    /* tiny KLs of the series keep their relative digits */
    double w[] = {1, 2, 3, 0.5}, r[] = {0, 1, -2, 4}, betas[] = {10, 1e3, 1e6, 1e9};
    bonx_dist d = make_dist(4, w, r);
    bonx_tilt_stats out[4];
    bonx_err e = {0};
    assert_int_equal(bonx_tilt_family(&d, 0, betas, 4, out, &e), 0);
    for (size_t i = 0; i < 4; i++) {
        ref q = reference(4, w, r, betas[i], 0);
        CHECK(out[i].kl, qdbl(q.kl), 1e-13, 0, "family tiny KL relative");
    }
    bonx_dist_free(&d);
    /* m2/T ~ 2e-8 (a 1e-7 outlier far out, the rest bunched near the mean): the series' degree
     * follows theta, and its truncation must stay small against the KL ~ theta^2 m2 / 2, up to
     * the series' end at theta = 2 and past it */
    double w2[] = {1, 2, 3, 1e-7, 0.5}, r2[] = {0, 1e-3, -2e-3, 40, 5e-4};
    bonx_dist d2 = make_dist(5, w2, r2);
    for (int kind = 0; kind < 2; kind++) {
        double bs[60];
        bonx_tilt_stats o2[60];
        double dmax = kind ? 1 : 40;
        for (size_t i = 0; i < 60; i++)
            bs[i] = dmax / exp(-16 + 17 * (double)i / 59); /* theta = 1e-7 .. 2.7 */
        assert_int_equal(bonx_tilt_family(&d2, kind, bs, 60, o2, &e), 0);
        for (size_t i = 0; i < 60; i++) {
            ref q = reference(5, w2, r2, bs[i], kind);
            CHECK(o2[i].kl, qdbl(q.kl), 1e-13, 0, "family outlier KL relative");
            CHECK(o2[i].win_rate, qdbl(q.wr), 1e-13, 0, "family outlier WR");
            CHECK(o2[i].reward, qdbl(q.reward), 1e-12, 1e-14 * d2.r_scale, "family outlier reward");
        }
    }
    bonx_dist_free(&d2);
}

/* O(K log K) quad reference for large K: sorted by reward, C from quad prefix sums. */
typedef struct rkey { double r; size_t i; } rkey;

static int cmp_rkey(const void *a, const void *b)
{
    const rkey *x = a, *y = b;
    return (x->r > y->r) - (x->r < y->r);
}

static ref reference_sorted(size_t k, const double *w, const double *r, double beta, int calibrated)
{
    rkey *keys = malloc(k * sizeof *keys);
    quad *C = malloc(k * sizeof *C), tot = qd(0), below = qd(0), b = qd(beta);
    for (size_t i = 0; i < k; i++) {
        keys[i] = (rkey){r[i], i};
        tot = qadd(tot, qd(w[i]));
    }
    qsort(keys, k, sizeof *keys, cmp_rkey);
    for (size_t a = 0, e; a < k; a = e) {
        quad g = qd(0);
        for (e = a; e < k && keys[e].r == keys[a].r; e++)
            g = qadd(g, qdiv(qd(w[keys[e].i]), tot));
        for (size_t m = a; m < e; m++)
            C[keys[m].i] = qadd(below, qdiv(g, qd(2)));
        below = qadd(below, g);
    }
    quad smax = qd(-INFINITY);
    for (size_t i = 0; i < k; i++)
        if (w[i] > 0)
            smax = fmaxq(smax, calibrated ? C[i] : qd(r[i]));
    quad zm1 = qd(0), zs = qd(0);
    for (size_t i = 0; i < k; i++) {
        quad x = qdiv(qsub(calibrated ? C[i] : qd(r[i]), smax), b), p = qdiv(qd(w[i]), tot);
        zm1 = qadd(zm1, qmul(p, expm1q(x)));
        zs = qadd(zs, qmul(p, expq(x)));
    }
    quad logz = qgt(zm1, QUAD_C(-0.5)) ? log1pq(zm1) : logq(zs);
    ref out = {qd(0), qd(0), qd(0), logz};
    for (size_t i = 0; i < k; i++) {
        if (w[i] == 0)
            continue;
        quad lr = qsub(qdiv(qsub(calibrated ? C[i] : qd(r[i]), smax), b), logz);
        quad pi = qmul(qdiv(qd(w[i]), tot), expq(lr));
        out.kl = qadd(out.kl, qmul(pi, lr));
        out.wr = qadd(out.wr, qmul(pi, C[i]));
        out.reward = qadd(out.reward, qmul(pi, qd(r[i])));
    }
    free(keys);
    free(C);
    return out;
}

/* The bench's kind of distribution at K = 3000, whole families against quad. */
static void large_k_family(void **state)
{
    (void)state;
    enum { K = 3000 };
    static double w[K], r[K];
    bonx_dist d = bench_like_dist(K, w, r, 65536);
    bonx_err e = {0};
    for (int kind = 0; kind < 2; kind++) {
        double lo, hi, betas[40];
        bonx_tilt_stats out[40];
        bonx_tilt_family_range(&d, kind, &lo, &hi);
        for (size_t i = 0; i < 40; i++)
            betas[i] = exp(log(lo) + (log(hi) - log(lo)) * (double)i / 39);
        assert_int_equal(bonx_tilt_family(&d, kind, betas, 40, out, &e), 0);
        for (size_t i = 0; i < 40; i++) {
            ref q = reference_sorted(K, w, r, betas[i], kind);
            CHECK(out[i].kl, qdbl(q.kl), 1e-12, 1e-14, "large K family KL");
            CHECK(out[i].win_rate, qdbl(q.wr), 1e-12, 1e-14, "large K family WR");
            CHECK(out[i].reward, qdbl(q.reward), 1e-12, 1e-14 * d.r_scale, "large K family reward");
        }
        CHECK(out[0].kl, 1e-5 * bonx_tilt_kl_max(&d, kind), 0.9, 0, "family starts near 1e-5 kl_max");
        assert_true(out[39].kl > (1 - 1e-4) * bonx_tilt_kl_max(&d, kind));
    }
    bonx_dist_free(&d);
}

/* Large distributions of many shapes through the family's block tree (4 betas per walk,
 * blocks taken as series where lambda * half-width <= 1): every beta against quad, the betas
 * spanning the family range (and past its small-KL end) and shuffled so that the 4 lanes of a walk
 * differ widely.  Shapes: ties (few reward levels), weights down to 1e-300, zeros, rewards at
 * scales 1e-3 .. 1e5, a rare far outlier (tiny KL where the groups are needed). */
static void block_tree_vs_quad(void **state)
{
    (void)state;
    enum { KMAX = 2500, NB = 48 };
    static double w[KMAX], r[KMAX];
    bonx_rng g;
    bonx_rng_seed(&g, 2026);
    double worst[4] = {0};
    for (int trial = 0; trial < 24; trial++) {
        size_t k = 40 + bonx_rng_below(&g, KMAX - 40);
        int wkind = (int)bonx_rng_below(&g, 4), levels = 1 + (int)bonx_rng_below(&g, 2 * k);
        double scale = trial % 3 == 0 ? 1e5 : trial % 3 == 1 ? 1 : 1e-3;
        for (size_t i = 0; i < k; i++) {
            double u = bonx_rng_uniform(&g);
            w[i] = wkind == 0 ? exp(-14 * u) : wkind == 1 ? exp(-690 * u)
                 : wkind == 2 ? (bonx_rng_below(&g, 5) == 0 ? 0 : bonx_rng_uniform_pos(&g))
                              : (bonx_rng_below(&g, 50) == 0 ? 1e-250 : 1 + u);
            r[i] = scale * (double)bonx_rng_below(&g, (uint64_t)levels);
        }
        if (trial % 4 == 3) { /* a rare outlier far above */
            w[0] = 1e-9;
            r[0] = scale * 40.0 * levels;
        }
        w[bonx_rng_below(&g, k)] = 1;
        bonx_dist d = make_dist(k, w, r);
        bonx_err e = {0};
        for (int kind = 0; kind < 2; kind++) {
            double lo, hi, betas[NB];
            bonx_tilt_stats out[NB];
            bonx_tilt_family_range(&d, kind, &lo, &hi);
            if (!isfinite(lo))
                continue;
            for (size_t i = 0; i < NB; i++) {
                /* from 10x past the small-KL end to the near-max end (past it the calibrated
                 * scores' rounding, not the evaluation, limits log Z); every third beta from
                 * the other end of the range */
                double f = (double)i / (NB - 1);
                if (i % 3 == 1)
                    f = 1 - f;
                betas[i] = exp(log(lo * 10) + (log(hi) - log(lo * 10)) * f);
            }
            assert_int_equal(bonx_tilt_family(&d, kind, betas, NB, out, &e), 0);
            for (size_t i = 0; i < NB; i++) {
                ref q = reference_sorted(k, w, r, betas[i], kind);
                assert_true(out[i].beta == betas[i]);
                CHECK(out[i].kl, qdbl(q.kl), 1e-12, 1e-14, "tree KL");
                CHECK(out[i].win_rate, qdbl(q.wr), 1e-12, 1e-14, "tree WR");
                CHECK(out[i].reward, qdbl(q.reward), 1e-12, 1e-14 * d.r_scale, "tree reward");
                /* the calibrated log Z = L + lambda (c - smax) at lambda ~ 1e28 carries the
                 * rounding of the scores (as for every beta evaluation): against tilt.c there */
                bonx_tilt_stats s1;
                assert_int_equal(bonx_tilt_stats_at(&d, kind, betas[i], &s1, &e), 0);
                CHECK(out[i].log_z, kind ? s1.log_z : qdbl(q.log_z), 1e-12, 1e-14, "tree log Z");
                if (kind)
                    q.log_z = qd(s1.log_z);
                double errs[4] = {fabs(out[i].kl - qdbl(q.kl)) / fmax(fabs(qdbl(q.kl)), 1e-300),
                                  fabs(out[i].win_rate - qdbl(q.wr)) / fabs(qdbl(q.wr)),
                                  fabs(out[i].reward - qdbl(q.reward)) / d.r_scale,
                                  fabs(out[i].log_z - qdbl(q.log_z)) / fmax(fabs(qdbl(q.log_z)), 1)};
                for (int m = 0; m < 4; m++)
                    worst[m] = fmax(worst[m], errs[m]);
            }
        }
        bonx_dist_free(&d);
    }
    print_message("block tree: worst KL rel %.3g, WR rel %.3g, reward/r_scale %.3g, log Z %.3g\n",
                  worst[0], worst[1], worst[2], worst[3]);
}

/* Calibrated scores -(S + g/2) of tiny groups round equal where S is large: blocks of the
 * tree whose scores all tie (zero width) must still sum right. */
static void tied_calibrated_blocks(void **state)
{
    (void)state;
    enum { K = 300, NB = 64 };
    static double w[K], r[K];
    for (size_t i = 0; i < K; i++) {
        w[i] = i >= 100 && i < 200 ? 1e-300 * (1 + (double)(i % 7)) : 1 + (double)(i % 5);
        r[i] = (double)i;
    }
    bonx_dist d = make_dist(K, w, r);
    bonx_err e = {0};
    double lo, hi, betas[NB];
    bonx_tilt_stats out[NB];
    bonx_tilt_family_range(&d, BONX_TILT_CALIBRATED, &lo, &hi);
    for (size_t i = 0; i < NB; i++)
        betas[i] = exp(log(lo) + (log(hi) - log(lo)) * (double)i / (NB - 1));
    assert_int_equal(bonx_tilt_family(&d, BONX_TILT_CALIBRATED, betas, NB, out, &e), 0);
    for (size_t i = 0; i < NB; i++) {
        ref q = reference_sorted(K, w, r, betas[i], 1);
        CHECK(out[i].kl, qdbl(q.kl), 1e-12, 1e-14, "tied KL");
        CHECK(out[i].win_rate, qdbl(q.wr), 1e-12, 1e-14, "tied WR");
        CHECK(out[i].reward, qdbl(q.reward), 1e-12, 1e-14 * d.r_scale, "tied reward");
    }
    bonx_dist_free(&d);
}

/* The family equals tilt.c's per-beta evaluation (itself checked against quad above) on the
 * bench's kind of distribution, where the tree takes most betas. */
static void family_matches_stats_at(void **state)
{
    (void)state;
    enum { K = 20000, NB = 256 };
    static double w[K], r[K];
    bonx_dist d = bench_like_dist(K, w, r, 7);
    bonx_err e = {0};
    double worst = 0;
    for (int kind = 0; kind < 2; kind++) {
        double lo, hi;
        static double betas[NB];
        static bonx_tilt_stats out[NB];
        bonx_tilt_family_range(&d, kind, &lo, &hi);
        for (size_t i = 0; i < NB; i++)
            betas[i] = exp(log(lo) + (log(hi) - log(lo)) * (double)i / (NB - 1));
        assert_int_equal(bonx_tilt_family(&d, kind, betas, NB, out, &e), 0);
        for (size_t i = 0; i < NB; i++) {
            bonx_tilt_stats s;
            assert_int_equal(bonx_tilt_stats_at(&d, kind, betas[i], &s, &e), 0);
            CHECK(out[i].kl, s.kl, 1e-12, 1e-14, "family vs stats_at KL");
            CHECK(out[i].win_rate, s.win_rate, 1e-12, 1e-14, "family vs stats_at WR");
            CHECK(out[i].reward, s.reward, 1e-12, 1e-14 * d.r_scale, "family vs stats_at reward");
            CHECK(out[i].log_z, s.log_z, 1e-12, 1e-14, "family vs stats_at log Z");
            worst = fmax(worst, fabs(out[i].kl - s.kl) / s.kl);
        }
    }
    print_message("family vs stats_at (K = %d): worst KL rel %.3g\n", K, worst);
    bonx_dist_free(&d);
}

/* Tiny KL ~ Var/(2 beta^2) keeps its relative digits (no absolute slack). */
static void tiny_kl_relative(void **state)
{
    (void)state;
    double w[] = {1, 2, 3, 1e-9}, r[] = {0, 1, -2, 40};
    bonx_dist d = make_dist(4, w, r);
    double betas[] = {10, 1e3, 1e6, 1e9, 1e12};
    for (int kind = 0; kind < 2; kind++)
        for (size_t i = 0; i < 5; i++) {
            bonx_tilt_stats s;
            bonx_err e = {0};
            assert_int_equal(bonx_tilt_stats_at(&d, kind, betas[i], &s, &e), 0);
            ref q = reference(4, w, r, betas[i], kind);
            CHECK(s.kl, qdbl(q.kl), 1e-12, 0, "tiny KL relative");
            assert_true(s.kl > 0);
        }
    bonx_dist_free(&d);
}

static void monotone_and_limits(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 5);
    for (int trial = 0; trial < 1000; trial++) {
        size_t k = 1 + bonx_rng_below(&g, 40);
        double w[40], r[40], pi[40];
        random_dist(&g, k, w, r);
        bonx_dist d = make_dist(k, w, r);
        bonx_err e = {0};
        for (int kind = 0; kind < 2; kind++) {
            double prev = INFINITY;
            for (double beta = 1e-6 * d.r_scale; beta < 1e10 * d.r_scale; beta *= 1.7) {
                bonx_tilt_stats s;
                assert_int_equal(bonx_tilt_stats_at(&d, kind, beta, &s, &e), 0);
                if (!(s.kl <= prev * (1 + 1e-13) + 1e-300)) {
                    print_error("kind %d beta %.17g KL %.17g after %.17g\n", kind, beta, s.kl, prev);
                    for (size_t z = 0; z < k; z++)
                        print_error("  %.17g %.17g\n", w[z], r[z]);
                }
                assert_true(s.kl <= prev * (1 + 1e-13) + 1e-300);
                assert_true(s.kl <= bonx_tilt_kl_max(&d, kind) * (1 + 1e-14));
                prev = s.kl;
                assert_int_equal(bonx_tilt_pmf(&d, kind, beta, pi, &e), 0);
                double sum = 0;
                for (size_t i = 0; i < k; i++)
                    sum += pi[i];
                CHECK(sum, 1, 1e-13, 0, "sum pi");
            }
            bonx_tilt_stats s;
            assert_int_equal(bonx_tilt_stats_at(&d, kind, INFINITY, &s, &e), 0);
            assert_true(s.kl == 0 && s.log_z == 0);
            CHECK(s.win_rate, 0.5, 1e-15, 0, "WR(p) = 1/2");
            assert_int_equal(bonx_tilt_pmf(&d, kind, INFINITY, pi, &e), 0);
            for (size_t i = 0; i < k; i++)
                CHECK(pi[i], d.p[i], 1e-15, 0, "pi_inf = p");
            /* reward gaps are >= 1 here, so beta = 1e-300 is the limit (C gaps may be tiny) */
            if (kind == BONX_TILT_REWARD) {
                assert_int_equal(bonx_tilt_stats_at(&d, kind, 1e-300, &s, &e), 0);
                CHECK(s.kl, bonx_tilt_kl_max(&d, kind), 1e-12, 1e-14, "beta -> 0 limit");
            }
        }
        bonx_dist_free(&d);
    }
}

/* The small-KL end of a family comes from the closed form without an evaluation: at
 * lambda * range <= 0.1 the KL is at most e^0.1 lambda^2 Var / 2 <= 1.11e-5 kl_max. */
static void family_range_small_end(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 31);
    for (int trial = 0; trial < 2000; trial++) {
        size_t k = 2 + bonx_rng_below(&g, 39);
        double w[40], r[40];
        random_dist(&g, k, w, r);
        bonx_dist d = make_dist(k, w, r);
        bonx_err e = {0};
        for (int kind = 0; kind < 2; kind++) {
            double lo, hi, kmax = bonx_tilt_kl_max(&d, kind);
            bonx_tilt_family_range(&d, kind, &lo, &hi);
            if (!(kmax > 0)) {
                assert_true(isinf(lo) && isinf(hi));
                continue;
            }
            bonx_tilt_stats s;
            assert_int_equal(bonx_tilt_stats_at(&d, kind, lo, &s, &e), 0);
            assert_true(s.kl <= 1.12e-5 * kmax);
            assert_true(s.kl >= 0 && hi < lo);
        }
        bonx_dist_free(&d);
    }
}

static void round_trip(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 77);
    double worst = 0;
    for (int trial = 0; trial < 300; trial++) {
        size_t k = 2 + bonx_rng_below(&g, 30);
        double w[32], r[32];
        random_dist(&g, k, w, r);
        bonx_dist d = make_dist(k, w, r);
        bonx_err e = {0};
        for (int kind = 0; kind < 2; kind++) {
            double kmax = bonx_tilt_kl_max(&d, kind);
            if (kmax == 0)
                continue;
            double fr[] = {1e-12, 1e-6, 0.01, 0.3, 0.5, 0.9, 0.999, 1 - 1e-9};
            for (size_t i = 0; i < sizeof fr / sizeof fr[0]; i++) {
                double target = fr[i] * kmax, beta;
                int rc = bonx_tilt_beta_for_kl(&d, kind, target, &beta, &e);
                if (rc) {
                    print_error("%s kind %d\n", e.msg, kind);
                    for (size_t z = 0; z < k; z++)
                        print_error("  %.17g %.17g\n", w[z], r[z]);
                }
                assert_int_equal(rc, 0);
                bonx_tilt_stats s;
                assert_int_equal(bonx_tilt_stats_at(&d, kind, beta, &s, &e), 0);
                CHECK(s.kl, target, 1e-13, 0, "KL(beta(target)) = target");
                worst = fmax(worst, fabs(s.kl - target) / target);
                /* and back: beta -> KL -> beta */
                double beta2;
                assert_int_equal(bonx_tilt_beta_for_kl(&d, kind, s.kl, &beta2, &e), 0);
                bonx_tilt_stats s2;
                assert_int_equal(bonx_tilt_stats_at(&d, kind, beta2, &s2, &e), 0);
                CHECK(s2.kl, s.kl, 1e-13, 0, "KL(beta(KL(beta)))");
                /* beta itself is well conditioned away from kl_max */
                if (fr[i] <= 0.5)
                    CHECK(beta2, beta, 1e-10, 0, "beta round trip");
            }
        }
        bonx_dist_free(&d);
    }
    print_message("beta-for-KL: worst relative KL miss %.3g\n", worst);
}

static void errors(void **state)
{
    (void)state;
    double w[] = {1, 1, 2}, r[] = {0, 1, 1};
    bonx_dist d = make_dist(3, w, r);
    bonx_err e = {0};
    bonx_tilt_stats s;
    double beta, pi[3];
    assert_int_equal(bonx_tilt_stats_at(&d, 0, 0, &s, &e), BONX_EINVAL);
    assert_int_equal(bonx_tilt_stats_at(&d, 0, -1, &s, &e), BONX_EINVAL);
    assert_int_equal(bonx_tilt_stats_at(&d, 0, NAN, &s, &e), BONX_EINVAL);
    assert_int_equal(bonx_tilt_pmf(&d, 0, 0, pi, &e), BONX_EINVAL);
    assert_int_equal(bonx_tilt_beta_for_kl(&d, 0, -0.1, &beta, &e), BONX_EINVAL);
    /* the top group has mass 3/4: kl_max = log(4/3) */
    CHECK(bonx_tilt_kl_max(&d, 0), log(4.0 / 3), 1e-15, 0, "kl_max");
    assert_int_equal(bonx_tilt_beta_for_kl(&d, 0, 0.5, &beta, &e), BONX_ERANGE);
    assert_non_null(strstr(e.msg, "0.28768207245178"));
    assert_int_equal(bonx_tilt_beta_for_kl(&d, 1, bonx_tilt_kl_max(&d, 1), &beta, &e), BONX_ERANGE);
    assert_int_equal(bonx_tilt_beta_for_kl(&d, 0, 0, &beta, &e), 0);
    assert_true(isinf(beta));
    bonx_dist_free(&d);
    double w1[] = {1, 2}, r1[] = {3, 3};
    d = make_dist(2, w1, r1);
    assert_true(bonx_tilt_kl_max(&d, 0) == 0);
    assert_int_equal(bonx_tilt_beta_for_kl(&d, 0, 1e-3, &beta, &e), BONX_ERANGE);
    assert_int_equal(bonx_tilt_stats_at(&d, 1, 1e-3, &s, &e), 0);
    assert_true(s.kl == 0 && s.reward == 3);
    bonx_dist_free(&d);
}

/* Example 1 in closed form: pi_beta(1) = e^(1/b)/(1 + e^(1/b)). */
static void binary_closed_form(void **state)
{
    (void)state;
    double w[] = {1, 1}, r[] = {0, 1};
    bonx_dist d = make_dist(2, w, r);
    double betas[] = {1e-3, 0.1, 1, 10, 1e4};
    for (size_t i = 0; i < 5; i++) {
        bonx_tilt_stats s;
        bonx_err e = {0};
        assert_int_equal(bonx_tilt_stats_at(&d, 0, betas[i], &s, &e), 0);
        quad one = qd(1), two = qd(2), lam = qdiv(one, qd(betas[i]));
        quad q1 = qdiv(one, qadd(one, expq(qneg(lam)))), q0 = qsub(one, q1);
        quad kl = qadd(qmul(q1, logq(qmul(two, q1))),
                       qgt(q0, qd(0)) ? qmul(q0, logq(qmul(two, q0))) : qd(0));
        CHECK(s.kl, qdbl(kl), 1e-13, 1e-16, "binary KL");
        CHECK(s.reward, qdbl(q1), 1e-14, 0, "binary reward");
        CHECK(s.win_rate, qdbl(qadd(qd(0.25), qdiv(q1, two))), 1e-14, 0, "binary WR");
    }
    bonx_dist_free(&d);
}

/* Huge and tiny rewards and weights: finite results, the solver still round-trips. */
static void extremes(void **state)
{
    (void)state;
    double w[] = {1e-300, 1, 1e300, 3e299, 0, 1e-200}, r[] = {1e300, -1e300, 0, 5e299, 7, 1e-300};
    bonx_dist d = make_dist(6, w, r);
    bonx_err e = {0};
    for (int kind = 0; kind < 2; kind++) {
        double betas[] = {1e-300, 1e-10, 1, 1e10, 1e290, 1e300, 1.7e308};
        for (size_t i = 0; i < sizeof betas / sizeof betas[0]; i++) {
            bonx_tilt_stats s;
            assert_int_equal(bonx_tilt_stats_at(&d, kind, betas[i], &s, &e), 0);
            assert_true(isfinite(s.kl) && isfinite(s.win_rate) && isfinite(s.reward) &&
                        isfinite(s.log_z));
            assert_true(s.kl >= 0 && s.kl <= bonx_tilt_kl_max(&d, kind) * (1 + 1e-14));
            if (kind == 0 || betas[i] >= 1) {
                /* the model's p (1e-300/1.3e300 underflows to 0 in double, not in quad) */
                ref q = reference(6, d.p, r, betas[i], kind);
                CHECK(s.kl, qdbl(q.kl), 1e-12, 1e-14, "extreme KL");
                CHECK(s.win_rate, qdbl(q.wr), 1e-12, 1e-14, "extreme WR");
            }
        }
        double kmax = bonx_tilt_kl_max(&d, kind);
        double fr[] = {1e-9, 0.01, 0.5, 0.99};
        for (size_t i = 0; i < 4; i++) {
            double beta;
            bonx_tilt_stats s;
            assert_int_equal(bonx_tilt_beta_for_kl(&d, kind, fr[i] * kmax, &beta, &e), 0);
            assert_int_equal(bonx_tilt_stats_at(&d, kind, beta, &s, &e), 0);
            CHECK(s.kl, fr[i] * kmax, 1e-13, 0, "extreme round trip");
        }
    }
    bonx_dist_free(&d);
}

/* pi of every outcome in quad, straight from the definition (weights as given). */
static void reference_pmf(size_t k, const double *w, const double *r, double beta, quad *pi)
{
    quad tot = qd(0), smax = qd(-INFINITY), z = qd(0);
    for (size_t i = 0; i < k; i++) {
        tot = qadd(tot, qd(w[i]));
        if (w[i] > 0 && qgt(qd(r[i]), smax))
            smax = qd(r[i]);
    }
    for (size_t i = 0; i < k; i++)   /* p e^((r - rmax)/beta), before and after the division by Z */
        pi[i] = w[i] > 0 ? qmul(qdiv(qd(w[i]), tot), expq(qdiv(qsub(qd(r[i]), smax), qd(beta))))
                         : qd(0);
    for (size_t i = 0; i < k; i++)
        z = qadd(z, pi[i]);
    for (size_t i = 0; i < k; i++)
        pi[i] = qdiv(pi[i], z);
}

static void check_vs_quad(size_t k, const double *w, const double *r, double beta,
                          const char *what)
{
    bonx_dist d = make_dist(k, w, r);
    bonx_err e = {0};
    bonx_tilt_stats s;
    assert_int_equal(bonx_tilt_stats_at(&d, BONX_TILT_REWARD, beta, &s, &e), 0);
    ref q = reference(k, w, r, beta, 0);
    /* (quad holds 1 - pi to 1e-34: a KL of that order is beyond the reference) */
    CHECK(s.kl, qdbl(q.kl), 1e-12, 1e-30, what);
    CHECK(s.win_rate, qdbl(q.wr), 1e-12, 0, what);
    CHECK(s.reward, qdbl(q.reward), 1e-12, 1e-12 * d.r_scale, what);
    double pi[8];
    quad qp[8];
    assert_true(k <= 8);
    assert_int_equal(bonx_tilt_pmf(&d, BONX_TILT_REWARD, beta, pi, &e), 0);
    reference_pmf(k, w, r, beta, qp);
    for (size_t i = 0; i < k; i++) {
        assert_true(isfinite(pi[i]) && pi[i] >= 0 && pi[i] <= 1);
        /* groups below 1e-20 of Z are cut (tilt.c TILT_TAIL): pi 0 there */
        CHECK(pi[i], qdbl(qp[i]), 1e-12, 1e-20, what);
    }
    bonx_dist_free(&d);
}

/* Issue 11 item 4: subnormal probabilities.  pmf printed inf (pi/p overflowed) and the KL was
 * NaN; with the log mass taken from the weights, the tilt is exact to ~1e-14 (quad). */
static void subnormal_probabilities(void **state)
{
    (void)state;
    double w1[] = {9, 131e-320}, r1[] = {1, 37};
    double b1[] = {0.05, 0.03, 1e-6, 1, 10};
    for (size_t i = 0; i < 5; i++)
        check_vs_quad(2, w1, r1, b1[i], "p = 1.5e-319 vs quad");
    double w2[] = {91, 21e-320}, r2[] = {1, 3};
    /* (not where 1 - pi_top rounds in quad: 1e-34 relative, the reference's own limit) */
    double b2[] = {1e-6, 1e-3, 0.0028, 1};
    for (size_t i = 0; i < 4; i++)
        check_vs_quad(2, w2, r2, b2[i], "p = 2.3e-321 vs quad");
    double w3[] = {1, 2e-323, 3e-320, 2e-310, 0}, r3[] = {0, 700, 5, 2, 9};
    double b3[] = {0.5, 1, 2, 1e-3};
    for (size_t i = 0; i < 4; i++)
        check_vs_quad(5, w3, r3, b3[i], "several subnormal p vs quad");
}

/* Issue 11 item 5: rewards near +-1e308 and subnormal rewards.  The tilt used to form r - c
 * (overflow) and lambda = 1/beta (overflow for subnormal beta): tradeoff failed, klrl --kl
 * returned beta = inf with kl = 0.  Now: exact against quad at betas on the rewards' scale, the
 * solver round-trips or refuses when beta itself is beyond the doubles, the family agrees. */
static void extreme_rewards(void **state)
{
    (void)state;
    const double M = 1.7976931348623157e308;
    struct { size_t k; double w[3], r[3]; } t[] = {
        {2, {1, 1}, {1e308, -1e308}},
        {3, {1, 2, 3}, {M, -M, 0}},
        {2, {1, 3}, {1e308, 1.7e308}},
        {2, {1, 1}, {1e-310, 0}},
        {3, {1, 5, 1}, {4.9e-324, 0, -4.9e-324}},
        {3, {2, 1, 1}, {3e-315, -1e-320, 1e-312}},
    };
    for (size_t c = 0; c < sizeof t / sizeof t[0]; c++) {
        bonx_dist d = make_dist(t[c].k, t[c].w, t[c].r);
        double spread = d.r_max - d.r_min;
        if (!isfinite(spread))
            spread = M;
        double f[] = {1e-3, 0.1, 0.7, 3, 1e3};
        for (size_t i = 0; i < 5; i++) {
            double beta = fmin(spread * f[i], M);
            if (beta > 0)
                check_vs_quad(t[c].k, t[c].w, t[c].r, beta, "extreme rewards vs quad");
        }
        bonx_err e = {0};
        for (int kind = 0; kind < 2; kind++) {
            double kmax = bonx_tilt_kl_max(&d, kind), fr[] = {1e-6, 0.1, 0.5, 0.9};
            for (size_t i = 0; i < 4; i++) {
                double beta;
                int rc = bonx_tilt_beta_for_kl(&d, kind, fr[i] * kmax, &beta, &e);
                if (rc == BONX_ERANGE) {
                    /* only when the beta would pass the largest or smallest double, or be a
                     * subnormal that rounds by more than 1e-13 (beta_for_kl_subnormal) */
                    assert_true(kind == 0 && (d.r_scale > 1e300 || d.r_scale < 1e-300));
                    assert_true(strstr(e.msg, "than any double") ||
                                (d.r_scale < 1e-300 && strstr(e.msg, "below the normal doubles")));
                    continue;
                }
                assert_int_equal(rc, 0);
                assert_true(beta > 0 && isfinite(beta));
                bonx_tilt_stats s;
                assert_int_equal(bonx_tilt_stats_at(&d, kind, beta, &s, &e), 0);
                /* a subnormal beta is given only where it keeps 1e-13 of its digits */
                CHECK(s.kl, fr[i] * kmax, 1e-12, 0,
                      "round trip");
            }
            double lo, hi, betas[5];
            bonx_tilt_family_range(&d, kind, &lo, &hi);
            assert_true(lo > 0 && lo <= M && hi > 0 && hi <= lo);
            for (int i = 0; i < 5; i++)
                betas[i] = exp(log(hi) + (log(lo) - log(hi)) * i / 4.0);
            bonx_tilt_stats fam[5], one;
            assert_int_equal(bonx_tilt_family(&d, kind, betas, 5, fam, &e), 0);
            for (int i = 0; i < 5; i++) {
                assert_int_equal(bonx_tilt_stats_at(&d, kind, betas[i], &one, &e), 0);
                CHECK(fam[i].kl, one.kl, 1e-12, 1e-300, "family vs stats_at");
                if (!(isfinite(fam[i].reward) && fam[i].reward >= d.r_min &&
                      fam[i].reward <= d.r_max)) {
                    print_error("case %zu kind %d beta %.17g: reward %.17g outside [%.17g, %.17g]\n",
                                c, kind, betas[i], fam[i].reward, d.r_min, d.r_max);
                    fail();
                }
            }
        }
        bonx_dist_free(&d);
    }
    /* the reproducer: rewards +-1e308 at KL 0.1 need beta = 2.1e308: refused, not inf */
    double w[] = {1, 1}, r[] = {1e308, -1e308}, beta;
    bonx_dist d = make_dist(2, w, r);
    bonx_err e = {0};
    assert_int_equal(bonx_tilt_beta_for_kl(&d, BONX_TILT_REWARD, 0.1, &beta, &e), BONX_ERANGE);
    assert_non_null(strstr(e.msg, "larger than any double"));
    bonx_dist_free(&d);
}

/* The scaling is exact: rewards times 2^k with beta times 2^k give the same tilt. */
static void reward_scaling_invariance(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 1111);
    const int ks[] = {-1060, -700, -250, 250, 700, 1000};
    for (int trial = 0; trial < 200; trial++) {
        size_t k = 2 + bonx_rng_below(&g, 6);
        double w[8], r[8], rs[8];
        random_dist(&g, k, w, r);
        bonx_dist d = make_dist(k, w, r);
        double beta = ldexp(bonx_rng_uniform_pos(&g), (int)bonx_rng_below(&g, 8) - 4) * d.r_scale;
        bonx_tilt_stats a, b;
        bonx_err e = {0};
        assert_int_equal(bonx_tilt_stats_at(&d, BONX_TILT_REWARD, beta, &a, &e), 0);
        int sc = ks[bonx_rng_below(&g, 6)];
        if (d.r_scale > 1e10 && sc > 900)
            sc = 900;   /* stay below the largest double */
        for (size_t i = 0; i < k; i++)
            rs[i] = ldexp(r[i], sc);
        bonx_dist ds = make_dist(k, w, rs);
        assert_int_equal(bonx_tilt_stats_at(&ds, BONX_TILT_REWARD, ldexp(beta, sc), &b, &e), 0);
        if (sc > -1000) {   /* at 2^-1060 the rewards themselves lose digits */
            CHECK(b.kl, a.kl, 1e-13, 1e-300, "scaled kl");
            CHECK(b.win_rate, a.win_rate, 1e-13, 0, "scaled win rate");
            CHECK(ldexp(b.reward, -sc), a.reward, 1e-13, 1e-300, "scaled reward");
        }
        assert_true(isfinite(b.kl) && b.kl >= 0 && isfinite(b.reward));
        bonx_dist_free(&d);
        bonx_dist_free(&ds);
    }
}

/* A subnormal top group at betas so small that its shift log g / lambda is below an ulp of the
 * score (found by the seeded fuzz smoke): Z came out subnormal and the KL 1.2e-6 above its
 * ceiling.  The limit is KL = log(1/g_top) (mpmath at 50 digits, from the weights as doubles);
 * single betas and the family agree. */
static void subnormal_mode_tiny_beta(void **state)
{
    (void)state;
    double w[] = {95, 21e-320}, r[] = {1, 3};
    bonx_dist d = make_dist(2, w, r);
    const double ceiling = 738.33659534485102398909609445668;
    double betas[] = {1e-26, 1e-61, 1e-20, 1e-16, 1e-10, 1e-300};
    bonx_tilt_stats one, fam[6];
    bonx_err e = {0};
    assert_int_equal(bonx_tilt_family(&d, BONX_TILT_REWARD, betas, 6, fam, &e), 0);
    for (int i = 0; i < 6; i++) {
        assert_int_equal(bonx_tilt_stats_at(&d, BONX_TILT_REWARD, betas[i], &one, &e), 0);
        assert_true(fabs(one.kl - ceiling) <= 1e-15 * ceiling);
        assert_true(fabs(fam[i].kl - ceiling) <= 1e-15 * ceiling);
        assert_true(one.win_rate == 1 && one.reward == 3 && fam[i].reward == 3);
    }
    bonx_dist_free(&d);
}

/* All the mass but 2e-151 on the top reward: KL ~ 1e-151, of the size of the groups the pass
 * cut as negligible against Z (e^-10 of 1e-151 at beta = 1: 3e-4 relative off, found by the
 * seeded fuzz smoke as single and family disagreeing).  mpmath at 500 digits. */
static void tiny_kl_tail_not_cut(void **state)
{
    (void)state;
    double w[] = {1, 1e151, 1}, r[] = {-7, 3, 1};
    bonx_dist d = make_dist(3, w, r);
    double betas[] = {0.5, 0.25, 1};
    double want[] = {1.908421762272103e-151, 1.9969808363488772e-151, 1.5934947510627746e-151};
    bonx_tilt_stats one, fam[3];
    bonx_err e = {0};
    assert_int_equal(bonx_tilt_family(&d, BONX_TILT_REWARD, betas, 3, fam, &e), 0);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(bonx_tilt_stats_at(&d, BONX_TILT_REWARD, betas[i], &one, &e), 0);
        assert_true(fabs(one.kl - want[i]) <= 1e-14 * want[i]);
        assert_true(fabs(fam[i].kl - want[i]) <= 1e-14 * want[i]);
    }
    bonx_dist_free(&d);
}

/* The family's series at tiny theta: KL = theta^2 Var / 2 (1 + O(theta)), here
 * (1/beta)^2 (2/9)(100)/2 = 100/9 beta^-2 for p = (1/3, 2/3), rewards -9, 1; the series had
 * lost it to the rounding of the centred mean (1.5e-3 relative at beta = 5.1e29, 0 at 1e100).
 * Values: mpmath at 200 digits (beta = 5.1e29) and the limit (beta >= 1e25, where the O(theta)
 * correction is below 1e-24). */
static void family_tiny_theta(void **state)
{
    (void)state;
    double w[] = {1, 2}, r[] = {-9, 1};
    bonx_dist d = make_dist(2, w, r);
    double betas[] = {5.1e29, 1e25, 1e31, 1e100, 1e150};
    bonx_tilt_stats fam[5];
    bonx_err e = {0};
    assert_int_equal(bonx_tilt_family(&d, BONX_TILT_REWARD, betas, 5, fam, &e), 0);
    assert_true(fabs(fam[0].kl - 4.2718612499466016e-59) <= 1e-14 * 4.2718612499466016e-59);
    for (int i = 1; i < 5; i++) {
        double want = 100.0 / 9.0 / betas[i] / betas[i];
        assert_true(fabs(fam[i].kl - want) <= 1e-14 * want);
    }
    bonx_dist_free(&d);
}

/* Masses that do not sum to 1 exactly in doubles (2, 0.7, 1): every sum of g psi(y) carries
 * (T-1)^2/2 = 2.5e-32, above the KL at beta >= 1e20; the single beta and the family agree with
 * mpmath (100 digits) down to beta = 1e30, and give 0 at 1e308 (the KL is 4e-617). */
static void tiny_kl_masses_off_one(void **state)
{
    (void)state;
    double w[] = {2, 0.7, 1}, r[] = {0, 0, 2};
    bonx_dist d = make_dist(3, w, r);
    double betas[] = {1e30, 1e10, 1e5, 1e308};
    double want[] = {3.9444850255661065e-61, 3.9444850258077508e-21, 3.9445091899065542e-11, 0};
    bonx_tilt_stats one, fam[4];
    bonx_err e = {0};
    assert_int_equal(bonx_tilt_family(&d, BONX_TILT_REWARD, betas, 4, fam, &e), 0);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(bonx_tilt_stats_at(&d, BONX_TILT_REWARD, betas[i], &one, &e), 0);
        assert_true(fabs(one.kl - want[i]) <= 1e-14 * want[i]);
        assert_true(fabs(fam[i].kl - want[i]) <= 1e-14 * want[i]);
    }
    bonx_dist_free(&d);
}

/* lambda ~1e308 with a subnormal top group: groups with x = -inf have pi = 0 and add p, where
 * 0 * -inf had made the KL NaN (fuzz_simulate).  The limit is the ceiling log(1/g_top). */
static void huge_lambda_subnormal_top(void **state)
{
    (void)state;
    double w[] = {1, 1, 1e308, 2}, r[] = {0, 6641e11, 8, 3};
    bonx_dist d = make_dist(4, w, r);
    double cap = bonx_dist_kl_ceiling(&d), betas[] = {1e-300, 1e-290, 1e-20};
    bonx_tilt_stats s;
    bonx_err e = {0};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(bonx_tilt_stats_at(&d, BONX_TILT_REWARD, betas[i], &s, &e), 0);
        assert_true(fabs(s.kl - cap) <= 1e-15 * cap && s.win_rate == 1);
    }
    bonx_dist_free(&d);
}

/* The family's walk had the single pass's old cut (tiny_kl_tail_not_cut): with nearly all the
 * mass (1 - 4.7e-51) on the top group, the calibrated tilt's KL is ~3e-51 and the groups the
 * walk left out as negligible against Z weigh 9% of it (beta 0.2: 3.637e-51 for
 * 3.3497e-51; found by the fuzz smoke, tests/fuzz/corpus/fuzz_tilt/calfamily-tiny-kl-cut).
 * Values: mpmath at 300 digits (tests/ref/tilt_family_ref.py). */
static void family_tiny_kl_tail_not_cut(void **state)
{
    (void)state;
    double w[] = {2, .7, 1, 1e51, 1}, r[] = {-1, 0, -7, 1421, 5e1};
    bonx_dist d = make_dist(5, w, r);
    /* as the fuzz harness calls it (beta, beta/2, 2 beta: one walk), then more betas */
    double betas[] = {0.2, 0.1, 0.4, 0.05, 1, 3};
    double want[] = {3.3497017726368645e-51, 4.50998989462579e-51, 1.6702117732034895e-51,
                     4.69765282363128e-51, 4.2395884902593435e-52, 5.845854184979949e-53};
    bonx_tilt_stats fam[6];
    bonx_err e = {0};
    assert_int_equal(bonx_tilt_family(&d, BONX_TILT_CALIBRATED, betas, 3, fam, &e), 0);
    assert_int_equal(bonx_tilt_family(&d, BONX_TILT_CALIBRATED, betas + 3, 3, fam + 3, &e), 0);
    for (int i = 0; i < 6; i++) {
        assert_true(fabs(fam[i].kl - want[i]) <= 1e-13 * want[i]);
        assert_true(fabs(fam[i].win_rate - 0.5) <= 1e-15);
    }
    bonx_dist_free(&d);
}

/* A reward of DBL_MAX holding 65% of p, at beta 4: pi is that outcome alone (the others weigh
 * e^(-4.5e307)), so the mean reward is DBL_MAX and the KL log(1/g) with g = 321/495.4.  The
 * mean's sums (w r / (T + (Z - T)), scaled by 2^-1024) rounded an ulp above the scaled
 * DBL_MAX, and 2^1024 came back as inf (found by the fuzz smoke: tests/fuzz/corpus/
 * fuzz_policy/klrl-reward-dbl-max).  Values: closed forms, mpmath at 50 digits. */
static void reward_mean_at_dbl_max(void **state)
{
    (void)state;
    double w[] = {0, 321, 20, 3, 1, 21, 1, 1, 21, 1.2, 1, 2, 1, 99, 1, 1.2};
    double r[] = {1, DBL_MAX, 1, 1, 51, 310.5, 0, 11, 18, 50, 11, 1, 0, 1, 18, 2};
    bonx_dist d = make_dist(16, w, r);
    bonx_tilt_stats st;
    bonx_err e = {0};
    assert_int_equal(bonx_tilt_stats_at(&d, BONX_TILT_REWARD, 4, &st, &e), 0);
    assert_true(st.reward == DBL_MAX);
    assert_true(fabs(st.kl - 0.43392439392524335) <= 1e-15 * 0.43392439392524335);
    assert_true(fabs(st.win_rate - 0.6760193782801777) <= 1e-15);
    bonx_tilt_stats fam[2];
    double betas[] = {4, 1e300};
    assert_int_equal(bonx_tilt_family(&d, BONX_TILT_REWARD, betas, 2, fam, &e), 0);
    assert_true(fam[0].reward == DBL_MAX && isfinite(fam[1].reward));
    bonx_dist_free(&d);
}

/* Two equally likely rewards 0 and r: KL(beta) = log 2 + th e^th/(1 + e^th) - log(1 + e^th)
 * with th = r/beta, 0.1 at th* = 0.943443117577844 (mpmath, 50 digits), so beta = r/th*.
 * At r = 2^-1074 that is 5.24e-324, which rounds to 2^-1074 (KL 0.111): the solver
 * returned it (found by the fuzz smoke: tests/fuzz/corpus/fuzz_tilt/klrl-kl-subnormal-beta);
 * it now refuses, as it does for betas beyond the double range.  A subnormal beta that keeps
 * its digits (r = 1e-310: 1.06e-310, 5e-14 relative) is still given. */
static void beta_for_kl_subnormal(void **state)
{
    (void)state;
    double w[] = {1, 1}, r[][2] = {{-0.0, 4.9e-324}, {-0.0, 1e-320}, {0, 1e-300}, {0, 1e-310}};
    double want[] = {0, 0, 1.0599473157081878e-300, 1.05994731570818e-310};
    for (int i = 0; i < 4; i++) {
        bonx_dist d = make_dist(2, w, r[i]);
        bonx_err e = {0};
        double beta = -1;
        int rc = bonx_tilt_beta_for_kl(&d, BONX_TILT_REWARD, 0.1, &beta, &e);
        if (want[i] == 0) {
            assert_int_equal(rc, BONX_ERANGE);
            assert_non_null(strstr(e.msg, "below the normal doubles"));
            assert_true(beta == -1);
        } else {
            assert_int_equal(rc, 0);
            assert_true(fabs(beta - want[i]) <= 1e-13 * want[i]);
            bonx_tilt_stats st;
            assert_int_equal(bonx_tilt_stats_at(&d, BONX_TILT_REWARD, beta, &st, &e), 0);
            assert_true(fabs(st.kl - 0.1) <= 1e-12);
        }
        bonx_dist_free(&d);
    }
}

/* Masses 1e-59 on either side of a mode holding the rest: the calibrated scores' variance is
 * 5e-60 of their spread squared (so the family's moment series is not used) and the KL is
 * lambda^2 Var / 2, e.g. 2.5e-90 at beta 1e15.  The walk's E_pi[x] and log Z carry first-order
 * terms of 5e-75 that cancel, whose rounding (1e-90) the KL check did not see: the family gave
 * 3.9e-90 (found by the fuzz smoke: tests/fuzz/corpus/fuzz_tilt/calfamily-tiny-var), and the
 * single pass, whose KL check had the same blind spot, 6e-13 off at beta 1000.  Values:
 * mpmath at 300 digits (tests/ref/tilt_family_ref.py). */
static void family_tiny_variance(void **state)
{
    (void)state;
    double w[] = {1, 1e59, 1}, r[] = {0, 21, 50};
    bonx_dist d = make_dist(3, w, r);
    double betas[] = {1e15, 5e14, 2e15, 1e10, 1e3};
    double want[] = {2.5e-90, 1e-89, 6.25e-91, 2.5e-80, 2.500000156250002e-66};
    bonx_tilt_stats fam[5];
    bonx_err e = {0};
    assert_int_equal(bonx_tilt_family(&d, BONX_TILT_CALIBRATED, betas, 3, fam, &e), 0);
    assert_int_equal(bonx_tilt_family(&d, BONX_TILT_CALIBRATED, betas + 3, 2, fam + 3, &e), 0);
    for (int i = 0; i < 5; i++) {
        bonx_tilt_stats one;
        assert_int_equal(bonx_tilt_stats_at(&d, BONX_TILT_CALIBRATED, betas[i], &one, &e), 0);
        assert_true(fabs(fam[i].kl - want[i]) <= 1e-13 * want[i]);
        assert_true(fabs(one.kl - want[i]) <= 1e-13 * want[i]);
    }
    bonx_dist_free(&d);
}

/* Rewards up to 1.8e308 in magnitude are scaled by 2^-1024, and with 523 on top the lambda
 * reaching KL 0.1 is ~6e307: the solver's bracket [4.1e307, 1.6e308] had a midpoint of inf
 * (lo + hi overflowed) and it answered the bracket's lower end, beta 4.39 with KL 1.3e-27
 * (found by the fuzz smoke: tests/fuzz/corpus/fuzz_tilt/klrl-kl-lambda-near-max).  Value:
 * mpmath, 60 digits (tests/ref/tilt_solver_ref.py). */
static void beta_for_kl_bracket_near_max(void **state)
{
    (void)state;
    double w[] = {1, 1, 130, 2, 0, 1e81, 130, 15231};
    double r[] = {-231, -3, -DBL_MAX, 523, -7, 0, 10, 0};
    bonx_dist d = make_dist(8, w, r);
    bonx_err e = {0};
    double beta;
    assert_int_equal(bonx_tilt_beta_for_kl(&d, BONX_TILT_REWARD, 0.1, &beta, &e), 0);
    assert_true(fabs(beta - 2.932663489352106) <= 1e-13 * 2.932663489352106);
    bonx_tilt_stats st;
    assert_int_equal(bonx_tilt_stats_at(&d, BONX_TILT_REWARD, beta, &st, &e), 0);
    assert_true(fabs(st.kl - 0.1) <= 1e-12);
    bonx_dist_free(&d);
}

/* A top reward group of tiny mass g: the KL grows as g e^(lambda gap), and Newton on the KL
 * from above moved lambda ~1/gap per step.  The bracket's top had KL 1e-21 for a target
 * 3.9e-240, 250/gap above the root; after 400 steps the solver answered the bracket's lower
 * end, beta 0.0117 with KL 6.3e-245 (found by the CI fuzz smoke: tests/fuzz/corpus/fuzz_tilt/
 * klrl-kl-tiny-top-mass).  A normal tiny mass (1e-300) had it too.  Values: mpmath, 800
 * digits (tests/ref/tilt_kl_tiny_ref.py). */
static void beta_for_kl_tiny_top_mass(void **state)
{
    (void)state;
    struct {
        double top_w, target, want;
        bonx_tilt_kind kind;
    } c[] = {{21e-320, 3.9e-240, 0.010998889522438703, BONX_TILT_REWARD},
             {21e-320, 3.9e-240, 0.0027497223806096757, BONX_TILT_CALIBRATED},
             {1e-300, 2.63e-208, 0.0023588913051863928, BONX_TILT_CALIBRATED}};
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        double w[] = {91, c[i].top_w}, r[] = {1, 3};
        bonx_dist d = make_dist(2, w, r);
        bonx_err e = {0};
        double beta = -1;
        assert_int_equal(bonx_tilt_beta_for_kl(&d, c[i].kind, c[i].target, &beta, &e), 0);
        CHECK(beta, c[i].want, 1e-12, 0, "beta for a tiny KL, tiny top mass");
        bonx_tilt_stats st;
        assert_int_equal(bonx_tilt_stats_at(&d, c[i].kind, beta, &st, &e), 0);
        CHECK(st.kl, c[i].target, 1e-11, 0, "KL at that beta");
        bonx_dist_free(&d);
    }
}

/* A subnormal top mass (5.45e-311) with a reward of 3.61e17: the mode shift c = s_top +
 * log g / lambda rounds to an ulp (64) of the score, at beta = 0.045 upwards of the exact
 * shift, so the top's x was 1422 instead of 715, its weight 2.8e306 and the reward sum
 * overflowed: reward NaN ("internal error" from klrl; fuzz_tilt in CI:
 * tests/fuzz/corpus/fuzz_tilt/subnormal-mode-shift-rounded-up).  All of pi is on the top at
 * every beta here (the other group's weight is e^(-lambda 3.61e17)): reward 3.61e17, win rate
 * 1, KL = log(T/g_top) = 716.6055728898093132689 (mpmath). */
static void subnormal_mode_shift_rounding(void **state)
{
    (void)state;
    double w[] = {9, 5.45e-311}, r[] = {1, 3.61e17};
    bonx_dist d = make_dist(2, w, r);
    double betas[] = {0.09, 0.045, 0.18, 0.03, 0.02, 0.0123};
    for (size_t i = 0; i < sizeof betas / sizeof betas[0]; i++) {
        bonx_tilt_stats st;
        bonx_err e = {0};
        assert_int_equal(bonx_tilt_stats_at(&d, BONX_TILT_REWARD, betas[i], &st, &e), 0);
        CHECK(st.reward, 3.61e17, 1e-15, 0, "reward, subnormal mode");
        CHECK(st.kl, 716.6055728898093132689, 1e-15, 0, "KL, subnormal mode");
        assert_true(st.win_rate == 1);
    }
    bonx_tilt_stats fam[6];
    bonx_err e = {0};
    assert_int_equal(bonx_tilt_family(&d, BONX_TILT_REWARD, betas, 6, fam, &e), 0);
    for (size_t i = 0; i < 6; i++)
        CHECK(fam[i].reward, 3.61e17, 1e-15, 0, "family reward, subnormal mode");
    bonx_dist_free(&d);
}

/* Rewards below 2^200 are not rescaled, so with rewards of 9e46 the lambda reaching a KL of
 * 4e-235 is 1.6e-162, whose square underflows: the cumulant series (theta <= 1e-5) said KL 0
 * at beta 6.4e161, 1e-5 off at beta 1e160 (lambda^2 subnormal), and the solver answered beta
 * 6.4e161 for a KL of 3.9e-240 (found by fuzz_tilt, seed 11: tests/fuzz/corpus/fuzz_tilt/
 * klrl-kl-lambda-squared-underflow).  Values: mpmath, 800 digits
 * (tests/ref/tilt_tiny_lambda_ref.py). */
static void tiny_lambda_large_rewards(void **state)
{
    (void)state;
    double wa[] = {98, 2188320}, ra[] = {8.888888888888888e46, 3};
    double wb[] = {1, 1}, rb[] = {0, 1e59};
    bonx_dist a = make_dist(2, wa, ra), b = make_dist(2, wb, rb);
    struct {
        const bonx_dist *d;
        double beta, kl;
    } c[] = {{&a, 1e100, 1.769054889481117e-111}, {&a, 1e160, 1.769054889481117e-231},
             {&a, 6e161, 4.9140413596697692e-235}, {&b, 1e100, 1.2499999999999999e-83},
             {&b, 1e160, 1.2499999999999999e-203}, {&b, 6e161, 3.4722222222222218e-207},
             {&b, 1e200, 1.25e-283}};
    bonx_err e = {0};
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        bonx_tilt_stats st;
        assert_int_equal(bonx_tilt_stats_at(c[i].d, BONX_TILT_REWARD, c[i].beta, &st, &e), 0);
        CHECK(st.kl, c[i].kl, 1e-13, 0, "KL at a lambda whose square underflows");
        bonx_tilt_stats fam;
        assert_int_equal(bonx_tilt_family(c[i].d, BONX_TILT_REWARD, &c[i].beta, 1, &fam, &e), 0);
        CHECK(fam.kl, c[i].kl, 1e-13, 0, "the family's KL there");
    }
    double beta;
    assert_int_equal(bonx_tilt_beta_for_kl(&a, BONX_TILT_REWARD, 3.9e-240, &beta, &e), 0);
    CHECK(beta, 2.1297976847946638e+164, 1e-13, 0, "beta for KL 3.9e-240");
    bonx_dist_free(&a);
    bonx_dist_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(binary_closed_form),
        cmocka_unit_test(random_vs_quad),
        cmocka_unit_test(family_vs_quad),
        cmocka_unit_test(large_k_family),
        cmocka_unit_test(block_tree_vs_quad),
        cmocka_unit_test(tied_calibrated_blocks),
        cmocka_unit_test(family_matches_stats_at),
        cmocka_unit_test(tiny_kl_relative),
        cmocka_unit_test(monotone_and_limits),
        cmocka_unit_test(family_range_small_end),
        cmocka_unit_test(round_trip),
        cmocka_unit_test(errors),
        cmocka_unit_test(extremes),
        cmocka_unit_test(subnormal_probabilities),
        cmocka_unit_test(extreme_rewards),
        cmocka_unit_test(reward_scaling_invariance),
        cmocka_unit_test(subnormal_mode_tiny_beta),
        cmocka_unit_test(tiny_kl_tail_not_cut),
        cmocka_unit_test(family_tiny_theta),
        cmocka_unit_test(tiny_kl_masses_off_one),
        cmocka_unit_test(huge_lambda_subnormal_top),
        cmocka_unit_test(family_tiny_kl_tail_not_cut),
        cmocka_unit_test(reward_mean_at_dbl_max),
        cmocka_unit_test(beta_for_kl_subnormal),
        cmocka_unit_test(family_tiny_variance),
        cmocka_unit_test(beta_for_kl_bracket_near_max),
        cmocka_unit_test(beta_for_kl_tiny_top_mass),
        cmocka_unit_test(subnormal_mode_shift_rounding),
        cmocka_unit_test(tiny_lambda_large_rewards),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
