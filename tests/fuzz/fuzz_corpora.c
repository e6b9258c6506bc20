/* SPDX-License-Identifier: MIT */
/* Fuzz harness: corpora from sampling adaptors (bonx_corpora_run).  Input
 * "BETA N C M SEED\nADAPTOR\nDIST" (N, C capped at 8, M at 3).  Refusals say why; otherwise
 * each sampler is a distribution, corpus averages are finite and inside the rewards and log
 * priors, the centres and log Z finite, KL(s || q) >= 0.  (Correlations may be NaN: they
 * are undefined for constant data, and documented so.) */
#include "fuzz_util.h"
#include "corpora.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 2048)
        return 0;
    char *s = fuzz_text(data, size), *spec_line = fuzz_next_line(s);
    char *dist = fuzz_next_line(spec_line);
    double par[5] = {1, 3, 2, 1, 1};
    fuzz_numbers(s, par, 5);
    bonx_adaptor ad;
    bonx_err e = {0};
    bonx_dist d;
    if (bonx_adaptor_parse(spec_line, &ad, &e) != BONX_OK || !fuzz_dist(dist, 32, &d)) {
        free(s);
        return 0;
    }
    bonx_corpora_spec sp = {
        .k = d.k, .p = d.p, .r = d.r, .beta = par[0],
        .corpus_size = par[1] >= 1 && par[1] <= 8 ? (size_t)par[1] : 3,
        .corpora = par[2] >= 1 && par[2] <= 8 ? (size_t)par[2] : 2,
        .m = par[3] >= 1 && par[3] <= 3 ? (size_t)par[3] : 1,
        .n_adaptors = 1, .adaptors = &ad,
        .seed = par[4] >= 0 && par[4] < 1e18 ? (uint64_t)par[4] : 1,
    };
    bonx_corpora c;
    memset(&c, 0, sizeof c);
    bonx_err ec = {0};
    if (bonx_corpora_run(&c, &sp, &ec) == BONX_OK) {
        fuzz_check_pmf(&d, c.s, "sampler");
        double m = (double)sp.m, slack = 1e-9 * m * d.r_scale;
        double lp_min = 0;
        for (size_t i = 0; i < d.k; i++)
            if (c.s[i] > 0)
                lp_min = fmin(lp_min, c.log_p[i]);
        for (size_t i = 0; i < sp.corpora; i++) {
            double r = c.avg_reward[i], lp = c.avg_log_prior[i];
            FUZZ_CHECK(isfinite(r) && r >= m * d.r_min - slack && r <= m * d.r_max + slack,
                       "corpus %zu: avg reward %.17g", i, r);
            FUZZ_CHECK(isfinite(lp) && lp <= 1e-12 && lp >= m * lp_min * (1 + 1e-12) - 1e-12,
                       "corpus %zu: avg log prior %.17g (min %.17g)", i, lp, lp_min);
        }
        FUZZ_CHECK(isfinite(c.log_z) && isfinite(c.entropy_q) && c.entropy_q >= -1e-12,
                   "log Z %.17g H(q) %.17g", c.log_z, c.entropy_q);
        FUZZ_CHECK(isfinite(c.q_log_prior) && isfinite(c.q_reward), "E_q %.17g %.17g",
                   c.q_log_prior, c.q_reward);
        const bonx_corpora_stats *st = &c.stats[0];
        FUZZ_CHECK(isfinite(st->centre_log_prior) && isfinite(st->centre_reward) &&
                       isfinite(st->mean_log_prior) && isfinite(st->mean_reward),
                   "centre %.17g %.17g means %.17g %.17g", st->centre_log_prior,
                   st->centre_reward, st->mean_log_prior, st->mean_reward);
        FUZZ_CHECK(st->entropy >= -1e-12 && isfinite(st->entropy) && st->kl_to_q >= 0 &&
                       isfinite(st->kl_to_q),
                   "entropy %.17g kl %.17g", st->entropy, st->kl_to_q);
        FUZZ_CHECK(isfinite(bonx_corpora_line_reward(&c, st->mean_log_prior)), "line reward");
    } else {
        FUZZ_CHECK(ec.msg[0], "refused without a message");
    }
    bonx_corpora_free(&c);
    bonx_dist_free(&d);
    free(s);
    return 0;
}
