/* SPDX-License-Identifier: MIT */
/* Fuzz harness: the Monte Carlo simulator (bonx_simulate).  Input
 * "POLICY PARAM METHOD T SAMPLES\nDIST" (POLICY 0 bon, 1 rr, 2 klrl; METHOD 0 exact,
 * 1 literal; SAMPLES capped at 64).  Refusals say why; otherwise the exact values are finite
 * and sane, every sample mean is finite (the means of rewards too, even near 1e308), the
 * frequencies are a distribution. */
#include "fuzz_util.h"
#include "simulate.h"

static void row_ok(const bonx_sim_row *r, const char *what)
{
    FUZZ_CHECK(isfinite(r->exact) && isfinite(r->mean) && isfinite(r->se) && r->se >= 0,
               "%s: exact %.17g mean %.17g se %.17g", what, r->exact, r->mean, r->se);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 2048)
        return 0;
    char *s = fuzz_text(data, size), *dist = fuzz_next_line(s);
    double par[5] = {0, 4, 0, 0, 16};
    fuzz_numbers(s, par, 5);
    bonx_dist d;
    if (!fuzz_dist(dist, 64, &d)) {
        free(s);
        return 0;
    }
    bonx_sim_spec spec = {
        .policy = par[0] == 1 ? BONX_SIM_RR : par[0] == 2 ? BONX_SIM_KLRL : BONX_SIM_BON,
        .method = par[2] == 1 ? BONX_SIM_LITERAL : BONX_SIM_EXACT,
        .param = par[1],
        .samples = par[4] >= 1 && par[4] <= 64 ? (uint64_t)par[4] : 16,
        .seed = 7, .t = par[3], .hist_bins = 4, .running_points = 3,
    };
    /* the literal samplers' work is samples * n (or 1/q): keep each run short */
    if (spec.method == BONX_SIM_LITERAL && spec.policy == BONX_SIM_BON && !(spec.param <= 64)) {
        bonx_dist_free(&d);
        free(s);
        return 0;
    }
    if (spec.method == BONX_SIM_LITERAL && spec.policy == BONX_SIM_RR) {
        bonx_err eq = {0};
        bonx_sampler sm;
        int ok = bonx_sampler_init(&sm, &d, BONX_SIM_RR, spec.param, BONX_SIM_EXACT, &eq) == BONX_OK;
        double q = ok ? sm.q : 0;
        if (ok)
            bonx_sampler_free(&sm);
        if (!(q > 1e-3)) {
            bonx_dist_free(&d);
            free(s);
            return 0;
        }
    }
    bonx_sim_result res;
    memset(&res, 0, sizeof res);
    bonx_err e = {0};
    if (bonx_simulate(&d, &spec, &res, &e) == BONX_OK) {
        long double fsum = 0, esum = 0;
        for (size_t i = 0; i < d.k; i++) {
            row_ok(&res.pi[i], "pi");
            FUZZ_CHECK(res.pi[i].exact >= 0 && res.pi[i].exact <= 1 && res.pi[i].mean >= 0 &&
                           res.pi[i].mean <= 1, "pi[%zu] %.17g %.17g", i, res.pi[i].exact,
                       res.pi[i].mean);
            fsum += res.pi[i].mean;
            esum += res.pi[i].exact;
        }
        FUZZ_CHECK(fabsl(fsum - 1) < 1e-9L && fabsl(esum - 1) < 1e-9L, "sums %.17Lg %.17Lg",
                   fsum, esum);
        row_ok(&res.win_rate, "win rate");
        FUZZ_CHECK(res.win_rate.exact >= 0 && res.win_rate.exact <= 1 && res.win_rate.mean >= 0 &&
                       res.win_rate.mean <= 1, "win rate %.17g %.17g", res.win_rate.exact,
                   res.win_rate.mean);
        row_ok(&res.reward, "reward");
        double slack = 1e-12 * d.r_scale;
        FUZZ_CHECK(res.reward.mean >= d.r_min - slack && res.reward.mean <= d.r_max + slack &&
                       res.reward.exact >= d.r_min - slack && res.reward.exact <= d.r_max + slack,
                   "reward %.17g %.17g", res.reward.exact, res.reward.mean);
        row_ok(&res.draws, "draws");
        row_ok(&res.kl, "kl");
        FUZZ_CHECK(res.kl.exact >= 0, "exact kl %.17g", res.kl.exact);
        if (res.has_estimator)
            row_ok(&res.estimator, "estimator");
        if (res.has_tilt) {
            row_ok(&res.est_tilt_lo, "tilted min");
            row_ok(&res.est_tilt_hi, "tilted max");
        }
        for (size_t i = 0; i < res.running_points; i++)
            FUZZ_CHECK(isfinite(res.running_mean[i]), "running mean %zu", i);
    } else {
        FUZZ_CHECK(e.msg[0], "refused without a message");
    }
    bonx_sim_result_free(&res);
    bonx_dist_free(&d);
    free(s);
    return 0;
}
