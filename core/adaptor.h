/* SPDX-License-Identifier: MIT */
/* Sampling adaptors on a finite distribution: MATH.md §6, seed 002 appendix E.
 *
 * An adaptor is a chain of steps, each "scale, then truncate, then normalise", applied to the
 * sampling distribution s, starting from s = q (the aligned model).  A step is one of
 *   ancestral            s unchanged
 *   temperature:T        s ∝ s^(1/T), T > 0 (in log space, so tiny probabilities survive)
 *   top-k:K              keep outcomes with s >= the K-th largest (integer K >= 1)
 *   top-p:P              descending s, shortest prefix with mass >= P (0 < P <= 1)
 *   eta:E                keep s > min(E, sqrt(E)*exp(-H(s))) (0 < E < 1)
 *   typical:T            ascending |-log s - H(s)|, shortest prefix with mass >= T (0 < T <= 1)
 * Steps chain with '+', applied left to right: "temperature:0.7+top-p:0.9" scales then
 * truncates, as the samplers of seed 002 §6.2 do.
 *
 * Ties at a cut-off are all kept (so top-k may keep more than K).  Two values count as tied
 * when their log-probabilities (or typicality scores) agree to BONX_ADAPTOR_TIE_RTOL
 * relative: values equal in exact arithmetic differ by rounding once they went through
 * exp/log.  Masses are compared with P (or T) up to BONX_ADAPTOR_MASS_TOL for the same
 * reason.  A truncation that would keep nothing keeps the most probable tie group.
 * Outcomes without mass (log weight -inf) never gain any. */
#ifndef BONX_ADAPTOR_H
#define BONX_ADAPTOR_H

#include <stddef.h>
#include "err.h"

#define BONX_ADAPTOR_TIE_RTOL 1e-13
#define BONX_ADAPTOR_MASS_TOL 1e-14
#define BONX_ADAPTOR_MAX_STEPS 4
/* Longest canonical name bonx_adaptor_name writes, with its NUL. */
#define BONX_ADAPTOR_NAME_MAX 128

typedef enum {
    BONX_ADAPT_ANCESTRAL = 0,
    BONX_ADAPT_TEMPERATURE,
    BONX_ADAPT_TOP_K,
    BONX_ADAPT_TOP_P,
    BONX_ADAPT_ETA,
    BONX_ADAPT_TYPICAL,
    BONX_ADAPT_KIND_COUNT
} bonx_adapt_kind;

typedef struct bonx_adapt_step {
    bonx_adapt_kind kind;
    double param;          /* T, K, P, E or T; ignored for ancestral */
} bonx_adapt_step;

typedef struct bonx_adaptor {
    size_t nsteps;         /* 0 is ancestral */
    bonx_adapt_step step[BONX_ADAPTOR_MAX_STEPS];
} bonx_adaptor;

/* "ancestral", "temperature", "top-k", "top-p", "eta", "typical". */
const char *bonx_adapt_kind_name(bonx_adapt_kind kind);

/* Check a step's parameter against its range; the message names the adaptor, the range and
 * the value, e.g. "top-k: K must be an integer >= 1 (got 2.5)". */
int bonx_adapt_step_check(const bonx_adapt_step *step, bonx_err *err);

/* Parse a spec such as "top-k:2", "temperature:0.5+top-p:0.9" or "ancestral" (names are
 * case-sensitive; "nucleus" is accepted for top-p).  On error *out is untouched. */
int bonx_adaptor_parse(const char *spec, bonx_adaptor *out, bonx_err *err);

/* Canonical spec of a (valid) adaptor, parameters in the shortest form that reads back
 * exactly: parse(name(a)) == a.  Truncates to len. */
void bonx_adaptor_name(const bonx_adaptor *a, char *buf, size_t len);

/* Apply a to the distribution with log weights logw (k values, unnormalised, -inf for
 * outcomes without mass; at least one must be finite, none NaN or +inf).  Writes the
 * normalised sampling distribution to s (k values) and, if log_s is not NULL, its logs
 * (-inf where s = 0).  Errors: invalid step, bad logw, out of memory. */
int bonx_adaptor_apply(const bonx_adaptor *a, size_t k, const double *logw, double *s,
                       double *log_s, bonx_err *err);

/* Live adjustment (the explorer's keys).  Defaults: temperature 1, top-k 2, top-p 0.9,
 * eta 0.1, typical 0.9.  cycle_kind replaces a by one step of the next (dir > 0) or previous
 * kind, in the order ancestral, temperature, top-k, top-p, eta, typical, cycling, with its
 * default parameter.  step_param moves the last step's parameter and stays in range:
 * temperature and eta by a factor 2 (fine: 2^(1/4)), top-k doubled / halved (fine: +-1),
 * top-p and typical by 0.1 (fine: 0.01), rounded to hundredths.  Limits: temperature
 * [1/64, 64], top-k [1, 1e9], top-p and typical [0.01, 1], eta [1e-6, 0.5]. */
double bonx_adapt_default_param(bonx_adapt_kind kind);
void bonx_adaptor_cycle_kind(bonx_adaptor *a, int dir);
void bonx_adaptor_step_param(bonx_adaptor *a, int dir, int fine);

#endif
