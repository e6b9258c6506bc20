/* SPDX-License-Identifier: MIT */
/* Fuzz harness: the memoryless-model asymptotics (bonx_asym_prepare / bonx_asym_at).  Input
 * "M DELTA\nDIST" (M capped at 12, at most 20000 types).  Refusals say why; results are
 * finite: KLs >= 0, KL(pi_N || p^m) <= m log(1/g_top) and <= log N, per-token values the
 * totals over m, rewards inside m times the token rewards. */
#include "fuzz_util.h"
#include "asym.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 2048)
        return 0;
    char *s = fuzz_text(data, size), *dist = fuzz_next_line(s);
    double par[2] = {2, 0.1};
    fuzz_numbers(s, par, 2);
    bonx_dist d;
    if (!fuzz_dist(dist, 32, &d)) {
        free(s);
        return 0;
    }
    int m = par[0] >= -5 && par[0] <= 12 ? (int)par[0] : 2;
    if (m < 1 || bonx_asym_type_count(d.ng, m) > 20000) {
        bonx_dist_free(&d);
        free(s);
        return 0;
    }
    bonx_asym a;
    memset(&a, 0, sizeof a);
    bonx_err e = {0};
    if (bonx_asym_prepare(&a, &d, m, &e) == BONX_OK) {
        bonx_asym_point pt;
        bonx_err e2 = {0};
        double delta = par[1];
        if (bonx_asym_at(&a, delta, &pt, &e2) == BONX_OK) {
            FUZZ_CHECK(delta > 0 && delta < a.delta_max, "accepted delta %.17g (max %.17g)", delta,
                       a.delta_max);
            double v[] = {pt.log_n, pt.lambda, pt.kl_to_optimal, pt.kl, pt.reward,
                          pt.kl_to_optimal_per_token, pt.kl_per_token, pt.reward_per_token,
                          pt.optimal_reward_per_token};
            for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
                FUZZ_CHECK(isfinite(v[i]), "m %d delta %.17g: value %zu = %.17g", m, delta, i, v[i]);
            FUZZ_CHECK(pt.kl >= 0 && pt.kl_to_optimal >= 0, "m %d delta %.17g: kl %.17g to opt %.17g",
                       m, delta, pt.kl, pt.kl_to_optimal);
            double cap = fmin(m * bonx_dist_kl_ceiling(&d), pt.log_n);
            FUZZ_CHECK(pt.kl <= cap + 1e-9 * (1 + cap), "m %d delta %.17g: kl %.17g above %.17g", m,
                       delta, pt.kl, cap);
            double slack = 1e-9 * m * d.r_scale;
            FUZZ_CHECK(pt.reward >= m * d.r_min - slack && pt.reward <= m * d.r_max + slack,
                       "m %d: reward %.17g", m, pt.reward);
            FUZZ_CHECK(pt.optimal_reward_per_token >= d.r_min - slack &&
                           pt.optimal_reward_per_token <= d.r_max + slack,
                       "optimal reward per token %.17g", pt.optimal_reward_per_token);
        } else {
            FUZZ_CHECK(e2.msg[0], "refused delta without a message");
        }
    } else {
        FUZZ_CHECK(e.msg[0], "prepare refused without a message");
    }
    bonx_asym_free(&a);
    bonx_dist_free(&d);
    free(s);
    return 0;
}
