/* SPDX-License-Identifier: MIT */
/* Fuzz harness: rewind-and-repeat in the core.  Input "TAU\nDIST".  At TAU (refused only when
 * no reward with mass reaches it, or when 1/q overflows: a subnormal top mass) and at every
 * level bonx_rr_all_levels gives: acceptance in (0, 1], KL = log(1/q)
 * finite, win rate in [0, 1], reward inside the accepted rewards, trials 1/q; pi a
 * distribution. */
#include "fuzz_util.h"
#include "rr.h"

static void check(const bonx_dist *d, const bonx_rr_stats *st)
{
    FUZZ_CHECK(st->accept_prob > 0 && st->accept_prob <= 1, "tau %.17g: q = %.17g", st->tau,
               st->accept_prob);
    fuzz_check_stats(d, "rr", st->tau, st->kl, bonx_dist_kl_ceiling(d), st->win_rate, st->reward);
    FUZZ_CHECK(st->expected_trials >= 1 && isfinite(st->expected_trials), "tau %.17g: trials %.17g",
               st->tau, st->expected_trials);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *s = fuzz_text(data, size), *dist = fuzz_next_line(s);
    double tau = 0;
    fuzz_numbers(s, &tau, 1);
    bonx_dist d;
    if (!fuzz_dist(dist, 256, &d)) {
        free(s);
        return 0;
    }
    bonx_rr_stats st;
    bonx_err e = {0};
    double *pi = malloc(d.k * sizeof *pi);
    if (bonx_rr_stats_at(&d, tau, &st, &e) == BONX_OK) {
        check(&d, &st);
        FUZZ_CHECK(st.reward >= tau - 1e-12 * d.r_scale || !(tau > d.r_min), "reward %.17g below tau %.17g", st.reward, tau);
        bonx_err ep = {0};
        FUZZ_CHECK(bonx_rr_pmf(&d, tau, pi, &ep) == BONX_OK, "pmf refused: %s", ep.msg);
        fuzz_check_pmf(&d, pi, "rr pmf");
    } else {
        /* refused: tau above the rewards, or an acceptance probability whose 1/q overflows */
        FUZZ_CHECK(e.msg[0] && (!(tau <= d.r_max) || strstr(e.msg, "double range")),
                   "refused tau %.17g (top %.17g): %s", tau, d.r_max, e.msg);
    }
    bonx_rr_stats *all = malloc(d.ng * sizeof *all);
    size_t n = bonx_rr_all_levels(&d, all);
    FUZZ_CHECK(n >= 1 && n <= d.ng && (n == d.ng || d.g[d.ng - 1] < 2.2250738585072014e-308),
               "%zu of %zu levels", n, d.ng);
    for (size_t j = 0; j < n; j++)
        check(&d, &all[j]);
    free(all);
    free(pi);
    bonx_dist_free(&d);
    free(s);
    return 0;
}
