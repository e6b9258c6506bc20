/* SPDX-License-Identifier: MIT */
/* Fuzz harness: the `bonx pmf --policy` spec (bon:N, klrl:BETA, klrl_calibrated:BETA, rr:TAU;
 * its parser is static in src/cmd_pmf.c, so the file is included with cmd_pmf renamed) and
 * the policy behind it.  Input "POLICY\nDIST".  Every accepted policy's distribution is in
 * [0, 1] and sums to 1, and its statistics are finite and sane. */
#define cmd_pmf fuzz_cmd_pmf_unused
#include "../../src/cmd_pmf.c"
#undef cmd_pmf
#include "fuzz_util.h"
#include "bon.h"
#include "rr.h"
#include "tilt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *s = fuzz_text(data, size), *dist = fuzz_next_line(s);
    bonx_cli cli;
    bonx_cli_init(&cli, "pmf");
    policy_arg p;
    bonx_dist d;
    if (parse_policy(&cli, s, &p) != 0 || !fuzz_dist(dist, 256, &d)) {
        free(s);
        return 0;
    }
    double *pi = malloc(d.k * sizeof *pi);
    bonx_err e = {0};
    if (policy_pmf(&d, &p, pi, &e) == BONX_OK)
        fuzz_check_pmf(&d, pi, s);
    else
        FUZZ_CHECK(e.msg[0], "%s: error without a message", s);
    free(pi);
    bonx_err e2 = {0};
    double cap = bonx_dist_kl_ceiling(&d);
    if (p.kind == POL_BON) {
        bonx_bon_stats st;
        if (bonx_bon_stats_at(&d, p.value, 0, &st, &e2) == BONX_OK)
            fuzz_check_stats(&d, "bon", p.value, st.kl, fmin(cap, log(p.value)), st.win_rate,
                             st.reward);
    } else if (p.kind == POL_RR) {
        bonx_rr_stats st;
        if (bonx_rr_stats_at(&d, p.value, &st, &e2) == BONX_OK)
            fuzz_check_stats(&d, "rr", p.value, st.kl, cap, st.win_rate, st.reward);
    } else {
        bonx_tilt_stats st;
        bonx_tilt_kind k = p.kind == POL_KLRL ? BONX_TILT_REWARD : BONX_TILT_CALIBRATED;
        if (bonx_tilt_stats_at(&d, k, p.value, &st, &e2) == BONX_OK)
            fuzz_check_stats(&d, "klrl", p.value, st.kl, cap, st.win_rate, st.reward);
    }
    bonx_dist_free(&d);
    free(s);
    return 0;
}
