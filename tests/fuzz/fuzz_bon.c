/* SPDX-License-Identifier: MIT */
/* Fuzz harness: best-of-n in the core.  Input "N T\nDIST".  bonx_bon_stats_at, the batch on
 * (N, 1, 2N, N^2) and bonx_bon_pmf either refuse N and T or give: KL finite, >= 0, at most
 * min(log n, log 1/g_top); the analytic KL log n - (n-1)/n >= the exact one; the estimator
 * and bounds finite and >= 0; win rates in [0, 1]; rewards inside the rewards; pi a
 * distribution; the batch equal to the single calls (to 1e-9). */
#include "fuzz_util.h"
#include <float.h>
#include "bon.h"

static void check(const bonx_dist *d, const bonx_bon_stats *st)
{
    double n = st->n, cap = fmin(bonx_dist_kl_ceiling(d), log(n));
    fuzz_check_stats(d, "bon", n, st->kl, cap, st->win_rate, st->reward);
    FUZZ_CHECK(isfinite(st->kl_analytic) && st->kl_analytic >= st->kl - 1e-9 * (1 + st->kl),
               "n %.17g: analytic %.17g < exact %.17g", n, st->kl_analytic, st->kl);
    double v[] = {st->kl_estimate, st->kl_bound_min, st->kl_bound_sat, st->est_tilt_lo,
                  st->est_tilt_hi};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        FUZZ_CHECK(isfinite(v[i]) && v[i] >= 0, "n %.17g: estimator quantity %zu = %.17g", n, i,
                   v[i]);
    /* bon.h: 1e-12 relative plus 1e-14 absolute up to n = 1e15; beyond it a few eps log n
     * absolute (the band's t KL~ + log(sum) over t, with KL~ <= log n) */
    double abs_tol = 1e-14 + (n > 1e15 ? 8 * DBL_EPSILON * log(n) : 0);
    FUZZ_CHECK(st->est_tilt_lo <= st->est_tilt_hi * (1 + 1e-9) + abs_tol,
               "n %.17g: tilted min %.17g > max %.17g", n, st->est_tilt_lo, st->est_tilt_hi);
    FUZZ_CHECK(st->win_rate_alt >= 0 && st->win_rate_alt <= 1 &&
                   fabs(st->win_rate_alt - st->win_rate) <= 1e-9,
               "n %.17g: win rates %.17g %.17g", n, st->win_rate, st->win_rate_alt);
    FUZZ_CHECK(st->win_rate_bound >= st->win_rate - 1e-12 && st->win_rate_bound <= 1,
               "n %.17g: win rate bound %.17g", n, st->win_rate_bound);
}

static int near(double a, double b) { return fabs(a - b) <= 1e-9 * fmax(1, fmax(fabs(a), fabs(b))); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *s = fuzz_text(data, size), *dist = fuzz_next_line(s);
    double par[2] = {4, 0};
    fuzz_numbers(s, par, 2);
    bonx_dist d;
    if (!fuzz_dist(dist, 256, &d)) {
        free(s);
        return 0;
    }
    double n = par[0], t = par[1];
    bonx_bon_stats st;
    bonx_err e = {0};
    if (bonx_bon_stats_at(&d, n, t, &st, &e) == BONX_OK) {
        FUZZ_CHECK(n >= 1 && t >= 0 && t <= BONX_T_MAX, "accepted n %.17g t %.17g", n, t);
        check(&d, &st);
        double ns[4] = {n, 1, fmin(2 * n, 1e300), fmin(n * n, 1e300)};
        bonx_bon_stats b[4];
        bonx_err eb = {0};
        if (bonx_bon_stats_batch(&d, ns, 4, t, b, &eb) == BONX_OK) {
            for (int i = 0; i < 4; i++)
                check(&d, &b[i]);
            FUZZ_CHECK(near(b[0].kl, st.kl) && near(b[0].win_rate, st.win_rate) &&
                           near(b[0].reward, st.reward) && near(b[0].kl_estimate, st.kl_estimate),
                       "batch differs at n %.17g: kl %.17g vs %.17g", n, b[0].kl, st.kl);
        } else {
            FUZZ_FAIL("batch refused what stats_at accepted: %s", eb.msg);
        }
        double *pi = malloc(d.k * sizeof *pi);
        bonx_err ep = {0};
        FUZZ_CHECK(bonx_bon_pmf(&d, n, pi, &ep) == BONX_OK, "pmf refused n %.17g: %s", n, ep.msg);
        fuzz_check_pmf(&d, pi, "bon pmf");
        free(pi);
    } else {
        FUZZ_CHECK(e.msg[0] && !(n >= 1 && t >= 0 && isfinite(n) && t <= BONX_T_MAX),
                   "refused n %.17g t %.17g: %s", n, t, e.msg);
    }
    bonx_dist_free(&d);
    free(s);
    return 0;
}
