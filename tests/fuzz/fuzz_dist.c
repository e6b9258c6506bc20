/* SPDX-License-Identifier: MIT */
/* Fuzz harness: the --dist parser and bonx_dist_init.  Accepted: labels, finite weights >= 0
 * with one positive, finite rewards; then p in [0, 1] summing to 1, the CDFs F, F-, S, C in
 * [0, 1] and ordered, tie groups ascending, and the KL ceiling log(1/g_top) finite, >= 0. */
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *spec = fuzz_text(data, size);
    char err[512] = "";
    bonx_preset p;
    if (bonx_cli_parse_dist(spec, &p, err, sizeof err) != 0) {
        FUZZ_CHECK(err[0], "refused without a message");
        free(spec);
        return 0;
    }
    int positive = 0;
    for (size_t i = 0; i < p.k; i++) {
        FUZZ_CHECK(p.labels[i] && isfinite(p.w[i]) && p.w[i] >= 0 && isfinite(p.r[i]),
                   "item %zu", i + 1);
        positive |= p.w[i] > 0;
    }
    FUZZ_CHECK(positive, "no positive weight accepted");
    bonx_dist d;
    bonx_err e = {0};
    if (bonx_dist_init(&d, p.k, p.w, p.r, &e) == BONX_OK) {
        long double s = 0;
        for (size_t i = 0; i < d.k; i++) {
            FUZZ_CHECK(d.p[i] >= 0 && d.p[i] <= 1, "p[%zu] = %.17g", i, d.p[i]);
            double F = bonx_dist_F(&d, i), Fm = bonx_dist_Fm(&d, i), S = bonx_dist_S(&d, i),
                   C = bonx_dist_C(&d, i);
            FUZZ_CHECK(Fm >= 0 && Fm <= F && F <= 1 + 1e-15, "F-[%zu] = %.17g F = %.17g", i,
                       Fm, F);
            FUZZ_CHECK(S >= 0 && S <= 1 + 1e-15 && C >= 0 && C <= 1, "S[%zu] = %.17g C = %.17g",
                       i, S, C);
            s += d.p[i];
        }
        FUZZ_CHECK(fabsl(s - 1) < 1e-12L, "sum p = %.17Lg", s);
        FUZZ_CHECK(d.ng >= 1, "no tie group");
        for (size_t j = 1; j < d.ng; j++)
            FUZZ_CHECK(d.g_r[j] > d.g_r[j - 1], "groups not ascending at %zu", j);
        double kc = bonx_dist_kl_ceiling(&d);
        FUZZ_CHECK(isfinite(kc) && kc >= 0, "kl ceiling %.17g", kc);
        bonx_dist_free(&d);
    } else {
        FUZZ_CHECK(e.msg[0], "bonx_dist_init refused without a message");
    }
    bonx_preset_free(&p);
    free(spec);
    return 0;
}
