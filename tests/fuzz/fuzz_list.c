/* SPDX-License-Identifier: MIT */
/* Fuzz harness: the LIST parser ("1,2,4.5" or "START:STOP:COUNT[log]").  Accepted: 1 to
 * BONX_LIST_MAX finite values; a range has its ends exactly, is monotone, and with
 * START == STOP is START at every point (issue 11: 15:15:7 gave 15.000000000000002). */
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256)   /* COUNT up to 1e7 is legal: keep each run short */
        return 0;
    char *s = fuzz_text(data, size);
    char err[512] = "";
    bonx_list l = {0};
    if (bonx_cli_parse_list(s, &l, err, sizeof err) != 0) {
        FUZZ_CHECK(err[0], "refused without a message");
        free(s);
        return 0;
    }
    FUZZ_CHECK(l.count >= 1 && l.count <= BONX_LIST_MAX && l.v, "count %zu", l.count);
    for (size_t i = 0; i < l.count; i++)
        FUZZ_CHECK(isfinite(l.v[i]), "value %zu is %.17g", i, l.v[i]);
    if (strchr(s, ':') && l.count >= 2) {
        double a = l.v[0], b = l.v[l.count - 1];
        for (size_t i = 1; i < l.count; i++) {
            FUZZ_CHECK(b >= a ? l.v[i] >= l.v[i - 1] : l.v[i] <= l.v[i - 1],
                       "not monotone at %zu: %.17g %.17g", i, l.v[i - 1], l.v[i]);
            FUZZ_CHECK(a != b || l.v[i] == a, "START == STOP but v[%zu] = %.17g", i, l.v[i]);
        }
    }
    bonx_list_free(&l);
    free(s);
    return 0;
}
