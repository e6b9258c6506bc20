/* SPDX-License-Identifier: MIT */
/* Fuzz harness: KL-regularised RL (the reward and the calibrated tilt) in the core.  Input
 * "BETA KL\nDIST".  At BETA: statistics finite and sane (KL at most log 1/g_top), pi a
 * distribution; the family on (BETA, BETA/2, 2 BETA) equal to single calls; the beta solving
 * KL(beta) = KL reaches it (or the solver refuses: KL out of range); the family range
 * finite and positive. */
#include "fuzz_util.h"
#include "tilt.h"

static int near(double a, double b, double rel)
{
    return fabs(a - b) <= rel * fmax(fabs(a), fabs(b)) + 1e-300;
}

static void one_kind(const bonx_dist *d, bonx_tilt_kind kind, double beta, double kl)
{
    const char *name = kind == BONX_TILT_REWARD ? "klrl" : "klrl_calibrated";
    double cap = bonx_tilt_kl_max(d, kind);
    bonx_tilt_stats st;
    bonx_err e = {0};
    if (bonx_tilt_stats_at(d, kind, beta, &st, &e) == BONX_OK) {
        FUZZ_CHECK(beta > 0, "%s accepted beta %.17g", name, beta);
        fuzz_check_stats(d, name, beta, st.kl, cap, st.win_rate, st.reward);
        double *pi = malloc(d->k * sizeof *pi);
        bonx_err ep = {0};
        FUZZ_CHECK(bonx_tilt_pmf(d, kind, beta, pi, &ep) == BONX_OK, "%s pmf: %s", name, ep.msg);
        fuzz_check_pmf(d, pi, name);
        free(pi);
        double betas[3] = {beta, beta / 2, fmin(2 * beta, INFINITY)};
        bonx_tilt_stats fam[3];
        bonx_err ef = {0};
        if (bonx_tilt_family(d, kind, betas, 3, fam, &ef) == BONX_OK) {
            for (int i = 0; i < 3; i++)
                fuzz_check_stats(d, name, betas[i], fam[i].kl, cap, fam[i].win_rate, fam[i].reward);
            FUZZ_CHECK(near(fam[0].kl, st.kl, 1e-9) && near(fam[0].win_rate, st.win_rate, 1e-9),
                       "%s family at %.17g: kl %.17g vs %.17g", name, beta, fam[0].kl, st.kl);
        } else {
            FUZZ_CHECK(ef.msg[0] && !(betas[1] > 0), "%s family refused: %s", name, ef.msg);
        }
    } else {
        FUZZ_CHECK(e.msg[0] && !(beta > 0), "%s refused beta %.17g: %s", name, beta, e.msg);
    }
    double b;
    bonx_err es = {0};
    if (bonx_tilt_beta_for_kl(d, kind, kl, &b, &es) == BONX_OK) {
        FUZZ_CHECK(kl >= 0 && kl < cap && b > 0, "%s: kl %.17g gave beta %.17g", name, kl, b);
        if (isfinite(b)) {
            FUZZ_CHECK(bonx_tilt_stats_at(d, kind, b, &st, &e) == BONX_OK, "%s at solved beta", name);
            FUZZ_CHECK(near(st.kl, kl, 1e-6), "%s: beta %.17g for kl %.17g has kl %.17g", name, b,
                       kl, st.kl);
        } else {
            FUZZ_CHECK(kl == 0, "%s: infinite beta for kl %.17g", name, kl);
        }
    } else {
        FUZZ_CHECK(es.msg[0], "%s: solver refused without a message", name);
    }
    double lo, hi;
    bonx_tilt_family_range(d, kind, &lo, &hi);
    FUZZ_CHECK(lo > 0 && hi > 0 && !isnan(lo) && !isnan(hi) && hi <= lo,
               "%s family range %.17g %.17g", name, lo, hi);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *s = fuzz_text(data, size), *dist = fuzz_next_line(s);
    double par[2] = {1, 0.1};
    fuzz_numbers(s, par, 2);
    bonx_dist d;
    if (fuzz_dist(dist, 256, &d)) {
        one_kind(&d, BONX_TILT_REWARD, par[0], par[1]);
        one_kind(&d, BONX_TILT_CALIBRATED, par[0], par[1]);
        bonx_dist_free(&d);
    }
    free(s);
    return 0;
}
