/* SPDX-License-Identifier: MIT */
/* Fuzz harness: the preset-file parser.  A parse either fails with "FILE:LINE: problem" or
 * gives a complete table (finite weights >= 0, some positive; finite rewards; labels the
 * formatter keeps as one token) whose formatting parses back to the same numbers and is a
 * fixed point, and which bonx_dist_init accepts with probabilities summing to 1. */
#include "fuzz_util.h"

static void check_same(const bonx_preset *p, const bonx_preset *q)
{
    FUZZ_CHECK(q->k == p->k, "round trip: %zu outcomes became %zu", p->k, q->k);
    FUZZ_CHECK(q->has_n == p->has_n && q->has_beta == p->has_beta && q->has_tau == p->has_tau,
               "round trip changed the defaults present");
    FUZZ_CHECK(!p->has_n || q->n == p->n, "n %.17g -> %.17g", p->n, q->n);
    FUZZ_CHECK(!p->has_beta || q->beta == p->beta, "beta %.17g -> %.17g", p->beta, q->beta);
    FUZZ_CHECK(!p->has_tau || q->tau == p->tau, "tau %.17g -> %.17g", p->tau, q->tau);
    for (size_t i = 0; i < p->k; i++)
        FUZZ_CHECK(q->w[i] == p->w[i] && q->r[i] == p->r[i], "outcome %zu changed", i + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    char err[512] = "";
    bonx_preset p;
    if (bonx_preset_parse(text, "fuzz.bonx", &p, err, sizeof err) != 0) {
        FUZZ_CHECK(!strncmp(err, "fuzz.bonx:", 10), "error without FILE:LINE: '%s'", err);
        free(text);
        return 0;
    }
    int positive = 0;
    FUZZ_CHECK(p.k > 0 && p.labels && p.w && p.r, "empty table accepted");
    for (size_t i = 0; i < p.k; i++) {
        FUZZ_CHECK(p.labels[i] && p.labels[i][0], "outcome %zu without a label", i + 1);
        for (const char *c = p.labels[i]; *c; c++)
            FUZZ_CHECK((unsigned char)*c > 0x20 && *c != 0x7f,
                       "label %zu has control byte 0x%02x", i + 1, (unsigned char)*c);
        FUZZ_CHECK(isfinite(p.w[i]) && p.w[i] >= 0 && isfinite(p.r[i]), "outcome %zu", i + 1);
        positive |= p.w[i] > 0;
    }
    FUZZ_CHECK(positive, "no positive weight accepted");
    FUZZ_CHECK(!p.has_n || (isfinite(p.n) && p.n >= 1), "n = %.17g", p.n);
    FUZZ_CHECK(!p.has_beta || (isfinite(p.beta) && p.beta > 0), "beta = %.17g", p.beta);
    FUZZ_CHECK(!p.has_tau || isfinite(p.tau), "tau = %.17g", p.tau);
    char *f = bonx_preset_format(&p);
    FUZZ_CHECK(f, "format failed");
    bonx_preset q;
    if (bonx_preset_parse(f, "formatted", &q, err, sizeof err) != 0)
        FUZZ_FAIL("formatted preset does not parse: %s\n%s", err, f);
    check_same(&p, &q);
    char *f2 = bonx_preset_format(&q);
    FUZZ_CHECK(f2 && !strcmp(f, f2), "format is not a fixed point:\n%s\n---\n%s", f, f2);
    bonx_dist d;
    bonx_err e = {0};
    if (bonx_dist_init(&d, p.k, p.w, p.r, &e) == BONX_OK) {
        long double s = 0;
        for (size_t i = 0; i < d.k; i++)
            s += d.p[i];
        FUZZ_CHECK(fabsl(s - 1) < 1e-12L, "sum p = %.17Lg", s);
        bonx_dist_free(&d);
    } else {
        FUZZ_CHECK(e.msg[0], "bonx_dist_init refused without a message");
    }
    free(f);
    free(f2);
    bonx_preset_free(&q);
    bonx_preset_free(&p);
    free(text);
    return 0;
}
