/* SPDX-License-Identifier: MIT */
/* The distribution model (MATH.md §1) and parameter grids: CDFs against direct long-double
 * sums, tie groups, extreme weights, input errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "quad.h"
#include <cmocka.h>
#include "dist.h"
#include "grid.h"
#include "rng.h"
#include "numeric.h"
#include "elementary.h"

static void assert_rel(double got, double want, double rel, double abs_tol)
{
    if (!(fabs(got - want) <= rel * fabs(want) + abs_tol)) {
        print_error("got %.17g want %.17g (rel err %.3g)\n", got, want,
                    fabs(got - want) / fabs(want));
        fail();
    }
}

static void example1(void **state)
{
    (void)state;
    bonx_dist d;
    bonx_err e = {0};
    double w[] = {1, 1}, r[] = {0, 1};
    assert_int_equal(bonx_dist_init(&d, 2, w, r, &e), 0);
    assert_int_equal(d.ng, 2);
    assert_true(d.p[0] == 0.5 && d.p[1] == 0.5);
    assert_true(bonx_dist_F(&d, 0) == 0.5 && bonx_dist_Fm(&d, 0) == 0 &&
                bonx_dist_S(&d, 0) == 0.5 && bonx_dist_C(&d, 0) == 0.25);
    assert_true(bonx_dist_F(&d, 1) == 1 && bonx_dist_Fm(&d, 1) == 0.5 &&
                bonx_dist_S(&d, 1) == 0 && bonx_dist_C(&d, 1) == 0.75);
    assert_true(d.g_logF[1] == 0 && isinf(d.g_logratio[0]));
    assert_rel(d.g_logratio[1], -M_LN2, 1e-16, 0);
    assert_rel(bonx_dist_kl_ceiling(&d), M_LN2, 1e-16, 0);
    bonx_dist_free(&d);
}

static void ties_and_zero_mass(void **state)
{
    (void)state;
    bonx_dist d;
    bonx_err e = {0};
    /* outcome 3 has no mass; outcomes 1 and 4 tie */
    double w[] = {2, 1, 0, 2, 5}, r[] = {1, 0, 0.5, 1, 3};
    assert_int_equal(bonx_dist_init(&d, 5, w, r, &e), 0);
    assert_int_equal(d.ng, 3);
    assert_int_equal(d.group[2], -1);
    assert_int_equal(d.group[0], 1);
    assert_int_equal(d.group[3], 1);
    assert_rel(d.g[1], 0.4, 1e-16, 0);
    assert_rel(bonx_dist_F(&d, 2), 0.1, 1e-16, 0);
    assert_rel(bonx_dist_Fm(&d, 2), 0.1, 1e-16, 0);
    assert_rel(bonx_dist_S(&d, 2), 0.9, 1e-16, 0);
    assert_rel(bonx_dist_C(&d, 0), 0.1 + 0.2, 1e-15, 0);
    assert_rel(bonx_dist_S(&d, 0), 0.5, 1e-16, 0);
    /* order is by (reward, index) */
    size_t want[] = {1, 0, 3, 4};
    for (int i = 0; i < 4; i++)
        assert_int_equal(d.order[i], want[i]);
    assert_int_equal(bonx_dist_group_at_or_below(&d, -1), -1);
    assert_int_equal(bonx_dist_group_at_or_below(&d, 0.7), 0);
    assert_int_equal(bonx_dist_group_at_or_below(&d, 1), 1);
    assert_int_equal(bonx_dist_group_at_or_below(&d, 1e9), 2);
    /* distinct eps within the tie group: both 0.4/2 = 0.2, merged */
    assert_int_equal(d.g_ufirst[2] - d.g_ufirst[1], 1);
    assert_rel(d.u_mass[d.g_ufirst[1]], 0.4, 1e-16, 0);
    bonx_dist dc;
    assert_int_equal(bonx_dist_copy(&dc, &d, &e), 0);
    assert_true(dc.k == 5 && bonx_dist_S(&dc, 2) == bonx_dist_S(&d, 2) &&
                dc.g_logF[1] == d.g_logF[1]);
    bonx_dist_free(&dc);
    bonx_dist_free(&d);
}

static void extreme_weights(void **state)
{
    (void)state;
    bonx_dist d;
    bonx_err e = {0};
    double w[] = {1e300, 1e-300 * 1e300, 3e300}, r[] = {5, 9, -2};
    /* second weight is 1: p = 1/4e300, far below the others */
    assert_int_equal(bonx_dist_init(&d, 3, w, r, &e), 0);
    assert_rel(d.p[1], 0.25e-300, 1e-15, 0);
    assert_rel(bonx_dist_S(&d, 0), 0.25e-300, 1e-15, 0); /* suffix sum keeps the tiny tail */
    assert_rel(d.g_logF[1], -0.25e-300, 1e-15, 0);
    assert_rel(d.g_logF[2], 0, 0, 0);
    assert_rel(bonx_dist_kl_ceiling(&d), -log(0.25e-300), 1e-15, 0);
    assert_rel(d.r_scale, 9, 0, 0);
    bonx_dist_free(&d);
    double w2[] = {1e-300, 1e-300}, r2[] = {0, 0};
    assert_int_equal(bonx_dist_init(&d, 2, w2, r2, &e), 0);
    assert_true(d.ng == 1 && d.p[0] == 0.5 && d.g[0] == 1 && d.g_logF[0] == 0);
    assert_true(d.r_scale == 1);
    bonx_dist_free(&d);
}

static void input_errors(void **state)
{
    (void)state;
    bonx_dist d;
    bonx_err e = {0};
    double r[] = {0, 1, 2};
    double neg[] = {1, -1, 1}, nan_w[] = {1, 1, NAN}, zero[] = {0, 0, 0}, inf_w[] = {INFINITY, 1, 1};
    double bad_r[] = {0, INFINITY, 1};
    assert_int_equal(bonx_dist_init(&d, 0, neg, r, &e), BONX_EINVAL);
    assert_int_equal(bonx_dist_init(&d, 3, neg, r, &e), BONX_EINVAL);
    assert_non_null(strstr(e.msg, "weight 2"));
    assert_int_equal(bonx_dist_init(&d, 3, nan_w, r, &e), BONX_EINVAL);
    assert_non_null(strstr(e.msg, "weight 3"));
    assert_int_equal(bonx_dist_init(&d, 3, inf_w, r, &e), BONX_EINVAL);
    assert_int_equal(bonx_dist_init(&d, 3, zero, r, &e), BONX_EINVAL);
    assert_non_null(strstr(e.msg, "zero"));
    assert_int_equal(bonx_dist_init(&d, 3, zero + 0, bad_r, &e), BONX_EINVAL);
    double one[] = {1, 1, 1};
    assert_int_equal(bonx_dist_init(&d, 3, one, bad_r, &e), BONX_EINVAL);
    assert_non_null(strstr(e.msg, "reward 2"));
    assert_true(d.k == 0 && d.p == NULL);
    bonx_dist_free(&d);
}

/* Random distributions with ties and zero weights: every CDF against a direct long-double sum
 * over all outcomes (quadratic, written without groups). */
static void random_cdfs(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 11);
    for (int trial = 0; trial < 2000; trial++) {
        size_t k = 1 + bonx_rng_below(&g, 40);
        double w[40], r[40];
        for (size_t i = 0; i < k; i++) {
            int kind = (int)bonx_rng_below(&g, 6);
            w[i] = kind == 0 ? 0 : kind == 1 ? exp(-300 * bonx_rng_uniform(&g)) : bonx_rng_uniform_pos(&g);
            r[i] = (double)bonx_rng_below(&g, 12) - 6; /* many ties */
        }
        w[bonx_rng_below(&g, k)] = 1;
        bonx_dist d;
        bonx_err e = {0};
        assert_int_equal(bonx_dist_init(&d, k, w, r, &e), 0);
        long double tot = 0;
        for (size_t i = 0; i < k; i++)
            tot += w[i];
        for (size_t i = 0; i < k; i++) {
            long double F = 0, Fm = 0, S = 0;
            for (size_t z = 0; z < k; z++) {
                if (r[z] <= r[i]) F += w[z] / tot;
                if (r[z] < r[i]) Fm += w[z] / tot;
                if (r[z] > r[i]) S += w[z] / tot;
            }
            assert_rel(d.p[i], (double)(w[i] / tot), 1e-15, 0);
            assert_rel(bonx_dist_F(&d, i), (double)F, 1e-14, 0);
            assert_rel(bonx_dist_Fm(&d, i), (double)Fm, 1e-14, 0);
            assert_rel(bonx_dist_S(&d, i), (double)S, 1e-14, 0);
            assert_rel(bonx_dist_C(&d, i), (double)(Fm + (F - Fm) / 2), 1e-14, 0);
            if (d.group[i] >= 0) {
                long j = d.group[i];
                assert_rel(d.g_logF[j], (double)(S < 0.5L ? log1pl(-S) : logl(F)), 1e-14, 1e-300);
                assert_true(d.g_r[j] == r[i]);
            }
        }
        bonx_dist_free(&d);
    }
}

/* The order and the groups against a plain sort, at sizes where bonx_dist_init sorts each
 * tie group its own way (one member, a few by insertion, many by merging) and with rewards
 * of both signs of zero (one group, as r != r' says), subnormal, huge and integer. */
typedef struct ref_key { double r; size_t i; } ref_key;
static int cmp_ref(const void *a, const void *b)
{
    const ref_key *x = a, *y = b;
    if (x->r != y->r)
        return x->r < y->r ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

static void order_and_groups_vs_qsort(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 1104);
    static double w[5000], r[5000];
    static ref_key ref[5000];
    const double levels[] = {0.0, -0.0, 4.9e-324, -4.9e-324, 1e300, -1e300, 1.5, -2.25, 3};
    for (int trial = 0; trial < 60; trial++) {
        size_t k = 1 + bonx_rng_below(&g, trial % 3 == 0 ? 5000 : 200);
        size_t nlev = 1 + bonx_rng_below(&g, trial % 2 ? 9 : 3);
        for (size_t i = 0; i < k; i++) {
            w[i] = bonx_rng_below(&g, 5) == 0 ? 0 : 1 + (double)bonx_rng_below(&g, 3);
            r[i] = trial % 4 == 1 ? bonx_rng_uniform(&g) - 0.5 : levels[bonx_rng_below(&g, nlev)];
        }
        w[bonx_rng_below(&g, k)] = 1;
        bonx_dist d;
        bonx_err e = {0};
        assert_int_equal(bonx_dist_init(&d, k, w, r, &e), 0);
        size_t n = 0;
        for (size_t i = 0; i < k; i++)
            if (w[i] > 0)
                ref[n++] = (ref_key){r[i], i};
        qsort(ref, n, sizeof *ref, cmp_ref);
        assert_int_equal(d.g_first[d.ng], n);
        size_t j = 0;
        for (size_t m = 0; m < n; m++) {
            assert_int_equal(d.order[m], ref[m].i);
            if (m > 0 && ref[m].r != ref[m - 1].r)
                j++;
            assert_int_equal(d.group[ref[m].i], (long)j);
            assert_true(d.g_first[j] <= m && m < d.g_first[j + 1]);
            assert_true(d.g_r[j] == ref[m].r);
        }
        assert_int_equal(j + 1, d.ng);
        for (size_t i = 0; i < k; i++)
            if (w[i] == 0)
                assert_int_equal(d.group[i], -1);
        /* distinct eps ascending within each group, their masses summing to the group's */
        for (j = 0; j < d.ng; j++) {
            long double m = 0;
            for (size_t u = d.g_ufirst[j]; u < d.g_ufirst[j + 1]; u++) {
                assert_true(u == d.g_ufirst[j] || d.u_eps[u] > d.u_eps[u - 1]);
                m += d.u_mass[u];
            }
            assert_rel((double)m, d.g[j], 1e-13, 0);
        }
        bonx_dist_free(&d);
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Large tables build their groups on two threads, split near the middle outcome: repeated
 * weights (counts above 1, u_mass written) in the lower half only, the upper half only, both
 * or neither; every group's distinct eps, counts and logs against a direct sort. */
static void distinct_eps_two_threads(void **state)
{
    (void)state;
    enum { K = 150000 };
    double *w = malloc(K * sizeof *w), *r = malloc(K * sizeof *r), *ps = malloc(K * sizeof *ps);
    assert_non_null(w);
    assert_non_null(r);
    assert_non_null(ps);
    bonx_rng g;
    bonx_rng_seed(&g, 1205);
    for (int variant = 0; variant < 4; variant++) {
        for (size_t i = 0; i < K; i++) {
            r[i] = (double)bonx_rng_below(&g, 40000);
            int low = r[i] < 20000, repeat = (variant == 1 && low) || (variant == 2 && !low) ||
                                               variant == 3;
            w[i] = repeat && bonx_rng_below(&g, 3) == 0 ? 0.25 * (1 + bonx_rng_below(&g, 4))
                                                        : 0.5 + bonx_rng_uniform(&g);
        }
        bonx_dist d;
        bonx_err e = {0};
        assert_int_equal(bonx_dist_init(&d, K, w, r, &e), 0);
        assert_true(variant == 0 ? d.u_mass == d.u_eps : d.u_mass != d.u_eps);
        size_t nu = 0;
        for (size_t j = 0; j < d.ng; j++) {
            size_t n = 0;
            for (size_t m = d.g_first[j]; m < d.g_first[j + 1]; m++)
                ps[n++] = d.p[d.order[m]];
            qsort(ps, n, sizeof *ps, cmp_double);
            assert_int_equal(d.g_ufirst[j], nu);
            for (size_t m = 0; m < n;) {
                size_t c = 1;
                while (m + c < n && ps[m + c] == ps[m])
                    c++;
                assert_true(d.u_eps[nu] == ps[m]);
                assert_true(d.u_mass[nu] == (double)c * ps[m]);
                assert_true(d.u_log1m[nu] == bonx_log1p(-ps[m]));
                assert_true(d.u_logeps[nu] == bonx_log(ps[m]));
                nu++;
                m += c;
            }
        }
        assert_int_equal(d.nu, nu);
        assert_int_equal(d.g_ufirst[d.ng], nu);
        bonx_dist_free(&d);
    }
    free(w);
    free(r);
    free(ps);
}

/* bonx_dist_moments: stored (groups of many distinct eps) or summed on the spot, each is
 * sum p(y) eps^k over the group's outcomes, checked against a long-double sum. */
static void moments_stored_and_summed(void **state)
{
    (void)state;
    enum { K = 400 };
    double w[K], r[K], buf[BONX_MOM_DEG + 1];
    for (int i = 0; i < K; i++) {
        w[i] = 1 + i % 7;                    /* 7 distinct eps in a big group */
        r[i] = i < 300 ? 0 : (double)(i % 50); /* one group of 300, and small ones */
    }
    bonx_dist d;
    bonx_err e = {0};
    assert_int_equal(bonx_dist_init(&d, K, w, r, &e), 0);
    int stored = 0, summed = 0;
    for (size_t j = 0; j < d.ng; j++) {
        const double *m = bonx_dist_moments(&d, j, BONX_MOM_DEG, buf);
        stored += m != buf;
        summed += m == buf;
        assert_true((m != buf) == (d.g_ufirst[j + 1] - d.g_ufirst[j] > BONX_MOM_STORED));
        for (int k = 0; k <= BONX_MOM_DEG; k++) {
            long double want = 0;
            for (size_t q = d.g_first[j]; q < d.g_first[j + 1]; q++)
                want += (long double)d.p[d.order[q]] * powl(d.p[d.order[q]], k);
            assert_rel(m[k], (double)want, 1e-14, 0);
        }
    }
    assert_true(stored > 0 && summed > 0);
    bonx_dist_free(&d);
}

/* bonx_dist_init_owned takes w and r over (ASan sees them freed, on success and on error)
 * and stops when its cancel hook says so, leaving *d zeroed. */
static int stop_after(void *ctx)
{
    atomic_int *left = ctx;   /* both threads of a large build ask */
    return atomic_fetch_sub(left, 1) <= 0;
}

static void owned_and_cancelled(void **state)
{
    (void)state;
    enum { K = 100000 };
    bonx_rng g;
    bonx_rng_seed(&g, 5);
    for (int after = 0; after < 40; after++) {
        double *w = malloc(K * sizeof *w), *r = malloc(K * sizeof *r);
        assert_non_null(w);
        assert_non_null(r);
        for (int i = 0; i < K; i++) {
            w[i] = bonx_rng_uniform_pos(&g);
            r[i] = bonx_rng_uniform(&g);
        }
        atomic_int left;
        atomic_init(&left, after);
        bonx_cancel c = {stop_after, &left};
        bonx_dist d;
        bonx_err e = {0};
        int rc = bonx_dist_init_owned(&d, K, w, r, &c, &e);
        if (rc == BONX_OK) {   /* the hook asked fewer times than allowed: done */
            assert_true(after > 0 && d.k == K && d.ng == K);
            bonx_dist_free(&d);
            break;
        }
        assert_int_equal(rc, BONX_ECANCELED);
        assert_true(d.k == 0 && d.p == NULL && d.w == NULL && d.order == NULL);
        bonx_dist_free(&d);
        assert_true(after < 39);   /* a finite number of checks */
    }
    /* an error frees the taken arrays too */
    double *w = malloc(2 * sizeof *w), *r = malloc(2 * sizeof *r);
    assert_non_null(w);
    assert_non_null(r);
    w[0] = 1, w[1] = -1, r[0] = r[1] = 0;
    bonx_dist d;
    bonx_err e = {0};
    assert_int_equal(bonx_dist_init_owned(&d, 2, w, r, NULL, &e), BONX_EINVAL);
    assert_true(d.k == 0 && d.w == NULL);
}

static void grids(void **state)
{
    (void)state;
    double out[256];
    bonx_err e = {0};
    assert_int_equal(bonx_grid(1, 1e6, 256, 1, out, &e), 0);
    assert_true(out[0] == 1 && out[255] == 1e6);
    for (int i = 1; i < 256; i++) {
        assert_true(out[i] > out[i - 1]);
        assert_rel(out[i] / out[i - 1], pow(1e6, 1.0 / 255), 1e-13, 0);
    }
    /* decade grids land exactly on the powers of ten (the tables print them) */
    assert_int_equal(bonx_grid(1, 1e6, 7, 1, out, &e), 0);
    for (int i = 0; i < 7; i++)
        assert_true(out[i] == pow(10.0, i));
    assert_int_equal(bonx_grid(1e-3, 1e3, 61, 1, out, &e), 0);
    for (int i = 0; i < 61; i += 10)
        assert_true(out[i] == pow(10.0, i / 10 - 3));
    assert_int_equal(bonx_grid(-1, 1, 5, 0, out, &e), 0);
    assert_true(out[0] == -1 && out[1] == -0.5 && out[2] == 0 && out[3] == 0.5 && out[4] == 1);
    assert_int_equal(bonx_grid(3, 7, 1, 1, out, &e), 0);
    assert_true(out[0] == 3);
    assert_int_equal(bonx_grid(0, 1, 5, 1, out, &e), BONX_EINVAL);
    assert_int_equal(bonx_grid(1, NAN, 5, 0, out, &e), BONX_EINVAL);
    assert_int_equal(bonx_grid(1, 2, 0, 0, out, &e), BONX_EINVAL);
}

/* Issue 11 item 8: START == STOP gave 15.000000000000002 among the 15s; every point is START
 * exactly, linear or log.  And random ranges stay monotone and inside their ends. */
static void grid_constant_and_monotone(void **state)
{
    (void)state;
    double out[257];
    bonx_err e = {0};
    const double ends[] = {15, 0.1, -3.7, 1e-300, 1e300, 4.9e-324, 1.7976931348623157e308};
    for (size_t t = 0; t < sizeof ends / sizeof ends[0]; t++)
        for (int lg = 0; lg <= 1; lg++) {
            if (lg && ends[t] <= 0)
                continue;
            for (size_t c = 1; c <= 257; c += 8) {
                assert_int_equal(bonx_grid(ends[t], ends[t], c, lg, out, &e), 0);
                for (size_t i = 0; i < c; i++)
                    assert_true(out[i] == ends[t]);
            }
        }
    bonx_rng g;
    bonx_rng_seed(&g, 11);
    for (int t = 0; t < 2000; t++) {
        double a = ldexp(bonx_rng_uniform(&g) - 0.5, (int)bonx_rng_below(&g, 40) - 20);
        double b = a * (1 + ldexp(bonx_rng_uniform(&g) - 0.5, -(int)bonx_rng_below(&g, 50)));
        int lg = a > 0 && b > 0 && (t & 1);
        size_t c = 2 + bonx_rng_below(&g, 255);
        assert_int_equal(bonx_grid(a, b, c, lg, out, &e), 0);
        assert_true(out[0] == a && out[c - 1] == b);
        for (size_t i = 1; i < c; i++)
            assert_true(b >= a ? out[i] >= out[i - 1] : out[i] <= out[i - 1]);
    }
}

/* Issue 11 item 4: subnormal probabilities.  Their log mass comes from the weights (the
 * subnormal p has lost digits); a weight whose probability would underflow to 0 is refused
 * (it silently lost its mass before). */
static void subnormal_masses(void **state)
{
    (void)state;
    double w[] = {9, 131e-320, 21e-320, 131e-320}, r[] = {1, 37, 3, 37};
    bonx_dist d;
    bonx_err e = {0};
    assert_int_equal(bonx_dist_init(&d, 4, w, r, &e), 0);
    assert_int_equal(d.ng, 3);
    /* in quad: its exponent range holds w/tot for the subnormal w (long double does not on
     * armhf, where it is a double: w[2]/tot there keeps 7 bits) */
    quad tot = qadd(qadd(qd(w[0]), qd(w[1])), qadd(qd(w[2]), qd(w[3])));
    assert_rel(d.g_logg[1], qdbl(logq(qdiv(qd(w[2]), tot))), 1e-15, 0);
    assert_rel(d.g_logg[2], qdbl(logq(qdiv(qadd(qd(w[1]), qd(w[3])), tot))), 1e-15, 0);
    assert_true(d.g[2] < 2.2250738585072014e-308 && d.g[2] > 0);
    bonx_dist_free(&d);
    double w2[] = {1, 4.9e-324}, r2[] = {0, 1};   /* p = 2.5e-324 rounds to 0: no mass */
    assert_int_equal(bonx_dist_init(&d, 2, w2, r2, &e), 0);
    assert_int_equal(d.ng, 1);
    assert_true(d.p[1] == 0 && d.group[1] == -1);
    bonx_dist_free(&d);
    double w3[] = {0.25, 4.9e-324}, r3[] = {0, 1};   /* p = 4.9e-324 * 4: kept */
    assert_int_equal(bonx_dist_init(&d, 2, w3, r3, &e), 0);
    assert_int_equal(d.ng, 2);
    bonx_dist_free(&d);
}

static void numeric_helpers(void **state)
{
    (void)state;
    /* digamma against quad-free closed forms: psi(1) = -gamma, psi(1/2) = -gamma - 2 ln 2 */
    const double gam = 0.57721566490153286061;
    assert_rel(bonx_digamma(1), -gam, 1e-15, 0);
    assert_rel(bonx_digamma(0.5), -gam - 2 * M_LN2, 1e-15, 0);
    assert_rel(bonx_digamma(1e10), log(1e10) - 0.5e-10, 1e-15, 0);
    assert_rel(bonx_log1mexp(-1e-20), log(1e-20), 1e-15, 0);
    assert_rel(bonx_log1mexp(-50), -exp(-50), 1e-15, 0);
    bonx_ksum k = {0, 0};
    bonx_ksum_add(&k, 1);
    bonx_ksum_add(&k, 1e-17);
    bonx_ksum_add(&k, -1);
    assert_rel(bonx_ksum_value(&k), 1e-17, 1e-15, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(example1),
        cmocka_unit_test(ties_and_zero_mass),
        cmocka_unit_test(extreme_weights),
        cmocka_unit_test(input_errors),
        cmocka_unit_test(random_cdfs),
        cmocka_unit_test(order_and_groups_vs_qsort),
        cmocka_unit_test(distinct_eps_two_threads),
        cmocka_unit_test(moments_stored_and_summed),
        cmocka_unit_test(owned_and_cancelled),
        cmocka_unit_test(grids),
        cmocka_unit_test(grid_constant_and_monotone),
        cmocka_unit_test(subnormal_masses),
        cmocka_unit_test(numeric_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
