/* SPDX-License-Identifier: MIT */
/* Shared by the harnesses in tests/fuzz/ (issue 11): input decoding and the invariants every
 * result must satisfy.  A harness gets bytes, and either its parser or core function
 * returns an error, or every number it returns is finite and sane; anything else abort()s,
 * which libFuzzer (and the replay driver, replay_main.c) reports as a crash.
 *
 * Inputs are text so that the checked-in corpus reads like the command line: the core
 * harnesses take "NUMBERS\nDIST", NUMBERS their parameters (strtod: 1e-320, 0x1p-1074, inf,
 * nan are all expressible) and DIST a --dist spec 'W:R,W:R,...'. */
#ifndef BONX_FUZZ_UTIL_H
#define BONX_FUZZ_UTIL_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "dist.h"
#include "preset.h"

#define FUZZ_FAIL(...)                                                                         \
    do {                                                                                       \
        fprintf(stderr, "fuzz invariant broken at %s:%d: ", __FILE__, __LINE__);               \
        fprintf(stderr, __VA_ARGS__);                                                          \
        fputc('\n', stderr);                                                                   \
        abort();                                                                               \
    } while (0)

#define FUZZ_CHECK(cond, ...)                                                                  \
    do {                                                                                       \
        if (!(cond))                                                                           \
            FUZZ_FAIL("!(" #cond "): " __VA_ARGS__);                                           \
    } while (0)

/* The input as a NUL-terminated string (a NUL inside ends it, as it would on a command line). */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* Cut s at its first newline: returns the rest (or "" when there is none). */
static inline char *fuzz_next_line(char *s)
{
    char *nl = strchr(s, '\n');
    if (!nl)
        return s + strlen(s);
    *nl = '\0';
    return nl + 1;
}

/* Up to max numbers separated by blanks or commas; a token that is not a number counts as
 * NaN (so the harness passes NaN to the core too).  Returns how many were read. */
static inline size_t fuzz_numbers(const char *line, double *out, size_t max)
{
    size_t n = 0;
    const char *s = line;
    while (n < max) {
        while (*s == ' ' || *s == '\t' || *s == ',' || *s == '\r')
            s++;
        if (!*s)
            break;
        char *end;
        double v = strtod(s, &end);
        if (end == s) {
            v = NAN;
            while (*end && *end != ' ' && *end != '\t' && *end != ',')
                end++;
        }
        out[n++] = v;
        s = end;
    }
    return n;
}

/* A distribution from a --dist spec, or 0 when the parser or bonx_dist_init refuses it. */
static inline int fuzz_dist(const char *spec, size_t max_k, bonx_dist *d)
{
    bonx_preset p;
    char err[512];
    err[0] = '\0';
    if (bonx_cli_parse_dist(spec, &p, err, sizeof err) != 0) {
        FUZZ_CHECK(err[0], "--dist refused '%.200s' without a message", spec);
        return 0;
    }
    int ok = 0;
    if (p.k <= max_k) {
        bonx_err e = {0};
        ok = bonx_dist_init(d, p.k, p.w, p.r, &e) == BONX_OK;
        FUZZ_CHECK(ok || e.msg[0], "bonx_dist_init failed without a message");
    }
    bonx_preset_free(&p);
    return ok;
}

/* A policy's distribution: k values in [0, 1], finite, summing to 1, and 0 where p is 0. */
static inline void fuzz_check_pmf(const bonx_dist *d, const double *pi, const char *what)
{
    long double s = 0;
    for (size_t i = 0; i < d->k; i++) {
        FUZZ_CHECK(pi[i] >= 0 && pi[i] <= 1, "%s: pi[%zu] = %.17g", what, i, pi[i]);
        FUZZ_CHECK(d->p[i] > 0 || pi[i] == 0, "%s: pi[%zu] = %.17g where p = 0", what, i, pi[i]);
        s += pi[i];
    }
    FUZZ_CHECK(fabsl(s - 1) <= 1e-9L, "%s: sum pi = %.17Lg", what, s);
}

/* KL finite and >= 0, at most cap (plus rounding); win rate in [0, 1]; reward finite, inside
 * the rewards with mass (plus rounding). */
static inline void fuzz_check_stats(const bonx_dist *d, const char *what, double param,
                                    double kl, double cap, double win, double reward)
{
    FUZZ_CHECK(isfinite(kl) && kl >= 0, "%s(%.17g): kl = %.17g", what, param, kl);
    FUZZ_CHECK(kl <= cap + 1e-9 * (1 + cap), "%s(%.17g): kl = %.17g above %.17g", what, param,
               kl, cap);
    FUZZ_CHECK(win >= 0 && win <= 1, "%s(%.17g): win rate = %.17g", what, param, win);
    double slack = 1e-12 * d->r_scale;
    FUZZ_CHECK(isfinite(reward) && reward >= d->r_min - slack && reward <= d->r_max + slack,
               "%s(%.17g): reward = %.17g outside [%.17g, %.17g]", what, param, reward,
               d->r_min, d->r_max);
}

#endif
