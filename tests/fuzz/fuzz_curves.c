/* SPDX-License-Identifier: MIT */
/* Fuzz harness: the explorer's whole recompute (bonx_curves_compute).  Input
 * "N_MIN N_MAX N_POINTS TILT_POINTS T\nDIST" (points capped at 64).  Refused specs say why;
 * otherwise every best-of-n point, tilted point (reward and calibrated), rewind level and
 * tradeoff point is finite and sane, and the KL ceiling is log(1/g_top). */
#include "fuzz_util.h"
#include "curves.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *s = fuzz_text(data, size), *dist = fuzz_next_line(s);
    double par[5] = {1, 1e6, 16, 16, 0};
    fuzz_numbers(s, par, 5);
    bonx_dist d;
    if (!fuzz_dist(dist, 256, &d)) {
        free(s);
        return 0;
    }
    bonx_curves_spec spec;
    bonx_curves_spec_default(&spec);
    spec.n_min = par[0];
    spec.n_max = par[1];
    spec.n_points = par[2] >= 1 && par[2] <= 64 ? (size_t)par[2] : 16;
    spec.tilt_points = par[3] >= 1 && par[3] <= 64 ? (size_t)par[3] : 16;
    spec.t = par[4];
    bonx_curves c;
    memset(&c, 0, sizeof c);
    bonx_err e = {0};
    if (bonx_curves_compute(&c, &d, &spec, &e) == BONX_OK) {
        double cap = bonx_dist_kl_ceiling(&d);
        FUZZ_CHECK(c.kl_ceiling == cap, "kl ceiling %.17g vs %.17g", c.kl_ceiling, cap);
        for (size_t i = 0; i < c.n_bon; i++)
            fuzz_check_stats(&d, "curves bon", c.bon[i].n, c.bon[i].kl, fmin(cap, log(c.bon[i].n)),
                             c.bon[i].win_rate, c.bon[i].reward);
        for (size_t i = 0; i < c.n_tilt; i++) {
            fuzz_check_stats(&d, "curves klrl", c.tilt[i].beta, c.tilt[i].kl, cap,
                             c.tilt[i].win_rate, c.tilt[i].reward);
            fuzz_check_stats(&d, "curves klrl_cal", c.tilt_cal[i].beta, c.tilt_cal[i].kl, cap,
                             c.tilt_cal[i].win_rate, c.tilt_cal[i].reward);
            /* finite: the tradeoff table prints every beta */
            FUZZ_CHECK(c.tilt[i].beta > 0 && c.tilt_cal[i].beta > 0 && isfinite(c.tilt[i].beta) &&
                       isfinite(c.tilt_cal[i].beta), "beta %.17g %.17g",
                       c.tilt[i].beta, c.tilt_cal[i].beta);
        }
        for (size_t i = 0; i < c.n_rr; i++)
            fuzz_check_stats(&d, "curves rr", c.rr[i].tau, c.rr[i].kl, cap, c.rr[i].win_rate,
                             c.rr[i].reward);
        for (size_t i = 0; i < c.n_tradeoff; i++) {
            const bonx_tradeoff_point *t = &c.tradeoff[i];
            double kcap = t->policy == BONX_POLICY_BON_ANALYTIC ? INFINITY : cap;
            fuzz_check_stats(&d, bonx_policy_name(t->policy), t->param, t->kl, kcap, t->win_rate,
                             t->reward);
            FUZZ_CHECK(!isnan(t->param), "tradeoff param nan");
        }
    } else {
        FUZZ_CHECK(e.msg[0], "refused without a message");
    }
    bonx_curves_free(&c);
    bonx_dist_free(&d);
    free(s);
    return 0;
}
