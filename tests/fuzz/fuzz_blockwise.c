/* SPDX-License-Identifier: MIT */
/* Fuzz harness: blockwise best-of-n (bonx_blockwise_at, seed 001 App B).  Input
 * "N M L1 P1 L2 P2 L3 P3\nDIST": n, the block length M (1..8), up to three lengths (1..8;
 * a length whose probability is not a positive number is dropped, the rest normalised).
 * Refusals say why; otherwise every value is finite, the KLs are >= 0, Thm B.1 holds
 * (KL <= E[ceil(L/M)] (log n - (n-1)/n)) and E[ceil(L/M)] lies between 1 and max L. */
#include "fuzz_util.h"
#include "asym.h"
#include "blockwise.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 2048)
        return 0;
    char *s = fuzz_text(data, size), *dist = fuzz_next_line(s);
    double par[8] = {4, 2, 1, 0.5, 3, 0.5, NAN, NAN};
    fuzz_numbers(s, par, 8);
    bonx_dist d;
    if (!fuzz_dist(dist, 16, &d)) {
        free(s);
        return 0;
    }
    int len[3], maxlen = 1;
    double prob[3], total = 0;
    size_t count = 0;
    for (int i = 0; i < 3; i++) {
        double l = par[2 + 2 * i], q = par[3 + 2 * i];
        if (!(l >= 1 && l <= 8) || !(q > 0 && q <= 1e300))
            continue;
        len[count] = (int)l;
        maxlen = len[count] > maxlen ? len[count] : maxlen;
        prob[count++] = q;
        total += q;
    }
    int M = par[1] >= 1 && par[1] <= 8 ? (int)par[1] : 2;
    if (count == 0 || bonx_asym_type_count(d.ng, maxlen) > 5000) {
        bonx_dist_free(&d);
        free(s);
        return 0;
    }
    for (size_t i = 0; i < count; i++)
        prob[i] /= total;
    /* the normalised probabilities must sum to 1 within the core's tolerance */
    bonx_blockwise_point pt;
    bonx_err e = {0};
    double n = par[0];
    if (bonx_blockwise_at(&d, len, prob, count, n, M, &pt, &e) == BONX_OK) {
        FUZZ_CHECK(n >= 1, "accepted n = %.17g", n);
        double v[] = {pt.expected_blocks, pt.kl, pt.kl_bound, pt.kl_sequence};
        for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
            FUZZ_CHECK(isfinite(v[i]), "n %.17g M %d: value %zu = %.17g", n, M, i, v[i]);
        FUZZ_CHECK(pt.kl >= 0 && pt.kl_sequence >= 0, "n %.17g M %d: kl %.17g sequence %.17g", n,
                   M, pt.kl, pt.kl_sequence);
        FUZZ_CHECK(pt.kl <= pt.kl_bound * (1 + 1e-9) + 1e-12, "n %.17g M %d: kl %.17g above "
                   "Thm B.1's %.17g", n, M, pt.kl, pt.kl_bound);
        FUZZ_CHECK(pt.expected_blocks >= 1 - 1e-12 && pt.expected_blocks <= maxlen + 1e-12,
                   "E[blocks] %.17g", pt.expected_blocks);
    } else {
        FUZZ_CHECK(e.msg[0], "refused without a message");
    }
    bonx_dist_free(&d);
    free(s);
    return 0;
}
