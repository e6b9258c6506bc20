/* SPDX-License-Identifier: MIT */
/* Fuzz harness: the adaptor spec ("temperature:0.5+top-p:0.9") and bonx_adaptor_apply.
 * Input "SPEC" or "SPEC\nDIST" (the log weights are those of DIST's weights, else a fixed
 * table with an outcome without mass and one at e^-700).  A parsed spec names itself so that
 * it parses back to the same steps; applied, it gives a distribution in [0, 1] summing to 1,
 * nothing where there was no mass, and log s consistent with s - or an error. */
#include "fuzz_util.h"
#include "adaptor.h"

static void apply_and_check(const bonx_adaptor *a, const char *spec, size_t k,
                            const double *logw)
{
    double *s = malloc(k * sizeof *s), *ls = malloc(k * sizeof *ls);
    bonx_err e = {0};
    if (bonx_adaptor_apply(a, k, logw, s, ls, &e) == BONX_OK) {
        long double sum = 0;
        for (size_t i = 0; i < k; i++) {
            FUZZ_CHECK(s[i] >= 0 && s[i] <= 1, "%s: s[%zu] = %.17g", spec, i, s[i]);
            FUZZ_CHECK(logw[i] > -INFINITY || s[i] == 0, "%s: mass from nothing at %zu", spec, i);
            FUZZ_CHECK(!isnan(ls[i]) && ls[i] <= 1e-12, "%s: log s[%zu] = %.17g", spec, i, ls[i]);
            FUZZ_CHECK(fabs(exp(ls[i]) - s[i]) <= 1e-15, "%s: s and log s disagree at %zu", spec, i);
            sum += s[i];
        }
        FUZZ_CHECK(fabsl(sum - 1) < 1e-9L, "%s: sum s = %.17Lg", spec, sum);
    } else {
        FUZZ_CHECK(e.msg[0], "%s: error without a message", spec);
    }
    free(s);
    free(ls);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *s = fuzz_text(data, size), *rest = fuzz_next_line(s);
    bonx_adaptor a;
    bonx_err e = {0};
    if (bonx_adaptor_parse(s, &a, &e) != BONX_OK) {
        FUZZ_CHECK(e.msg[0], "refused without a message");
        free(s);
        return 0;
    }
    FUZZ_CHECK(a.nsteps <= BONX_ADAPTOR_MAX_STEPS, "%zu steps", a.nsteps);
    char name[BONX_ADAPTOR_NAME_MAX];
    bonx_adaptor_name(&a, name, sizeof name);
    bonx_adaptor b;
    bonx_err e2 = {0};
    if (bonx_adaptor_parse(name, &b, &e2) != BONX_OK)
        FUZZ_FAIL("name '%s' of '%s' does not parse: %s", name, s, e2.msg);
    FUZZ_CHECK(b.nsteps == a.nsteps, "round trip of '%s' changed the steps", s);
    for (size_t i = 0; i < a.nsteps; i++)
        FUZZ_CHECK(b.step[i].kind == a.step[i].kind && b.step[i].param == a.step[i].param,
                   "round trip '%s' -> '%s' changed step %zu", s, name, i);
    bonx_dist d;
    if (*rest && fuzz_dist(rest, 512, &d)) {
        double *logw = malloc(d.k * sizeof *logw);
        for (size_t i = 0; i < d.k; i++)
            logw[i] = d.p[i] > 0 ? log(d.p[i]) : -INFINITY;
        apply_and_check(&a, s, d.k, logw);
        free(logw);
        bonx_dist_free(&d);
    } else {
        static const double logw[] = {-0.1, -1.0, -1.0, -5.0, -INFINITY, -700.0, -3.0};
        apply_and_check(&a, s, sizeof logw / sizeof logw[0], logw);
    }
    free(s);
    return 0;
}
