/* SPDX-License-Identifier: MIT */
/* Sampling adaptors: see adaptor.h.  Everything is done on log-probabilities, so that a
 * temperature step can lift outcomes whose probability underflows in double. */
#include <ctype.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "adaptor.h"
#include "dd.h"
#include "elementary.h"

static const char *const kind_names[BONX_ADAPT_KIND_COUNT] = {
    "ancestral", "temperature", "top-k", "top-p", "eta", "typical",
};

const char *bonx_adapt_kind_name(bonx_adapt_kind kind)
{
    return (unsigned)kind < BONX_ADAPT_KIND_COUNT ? kind_names[kind] : "?";
}

int bonx_adapt_step_check(const bonx_adapt_step *st, bonx_err *err)
{
    double v = st->param;
    switch (st->kind) {
    case BONX_ADAPT_ANCESTRAL:
        return BONX_OK;
    case BONX_ADAPT_TEMPERATURE:
        if (!(v > 0) || !isfinite(v))
            return bonx_fail(err, BONX_EINVAL, "temperature: T must be finite and > 0 (got %g)", v);
        return BONX_OK;
    case BONX_ADAPT_TOP_K:
        if (!(v >= 1) || !isfinite(v) || v != floor(v))
            return bonx_fail(err, BONX_EINVAL, "top-k: K must be an integer >= 1 (got %g)", v);
        return BONX_OK;
    case BONX_ADAPT_TOP_P:
        if (!(v > 0 && v <= 1))
            return bonx_fail(err, BONX_EINVAL, "top-p: P must be in (0, 1] (got %g)", v);
        return BONX_OK;
    case BONX_ADAPT_ETA:
        if (!(v > 0 && v < 1))
            return bonx_fail(err, BONX_EINVAL, "eta: E must be in (0, 1) (got %g)", v);
        return BONX_OK;
    case BONX_ADAPT_TYPICAL:
        if (!(v > 0 && v <= 1))
            return bonx_fail(err, BONX_EINVAL, "typical: T must be in (0, 1] (got %g)", v);
        return BONX_OK;
    default:
        return bonx_fail(err, BONX_EINVAL, "unknown adaptor kind %d", (int)st->kind);
    }
}

/* ---- parsing and naming ---------------------------------------------------------------- */

static int kind_from_name(const char *name, size_t len, bonx_adapt_kind *kind)
{
    for (int i = 0; i < BONX_ADAPT_KIND_COUNT; i++)
        if (strlen(kind_names[i]) == len && !strncmp(name, kind_names[i], len)) {
            *kind = (bonx_adapt_kind)i;
            return 1;
        }
    if (len == 7 && !strncmp(name, "nucleus", 7)) {
        *kind = BONX_ADAPT_TOP_P;
        return 1;
    }
    return 0;
}

/* One step "name" or "name:value", text[0..len). */
static int parse_step(const char *text, size_t len, bonx_adapt_step *st, bonx_err *err)
{
    const char *colon = memchr(text, ':', len);
    size_t name_len = colon ? (size_t)(colon - text) : len;
    if (!kind_from_name(text, name_len, &st->kind))
        return bonx_fail(err, BONX_EINVAL,
                         "unknown adaptor '%.*s' (expected ancestral, temperature:T, top-k:K, "
                         "top-p:P, eta:E or typical:T)", (int)name_len, text);
    const char *name = kind_names[st->kind];
    if (st->kind == BONX_ADAPT_ANCESTRAL) {
        if (colon)
            return bonx_fail(err, BONX_EINVAL, "ancestral takes no parameter");
        st->param = 0;
        return BONX_OK;
    }
    if (!colon || colon + 1 == text + len)
        return bonx_fail(err, BONX_EINVAL, "%s needs a parameter (%s:VALUE)", name, name);
    char num[64];
    size_t num_len = len - name_len - 1;
    if (num_len >= sizeof num)
        return bonx_fail(err, BONX_EINVAL, "%s: parameter too long", name);
    memcpy(num, colon + 1, num_len);
    num[num_len] = '\0';
    char *end;
    st->param = strtod(num, &end);
    if (*end || isspace((unsigned char)num[0]))
        return bonx_fail(err, BONX_EINVAL, "%s: '%s' is not a number", name, num);
    return bonx_adapt_step_check(st, err);
}

/* Steps are joined by '+'; a '+' inside a number ("1e+2", ":+0.5") is not a separator. */
static int is_separator(const char *spec, size_t i)
{
    if (spec[i] != '+' || !islower((unsigned char)spec[i + 1]) || i == 0)
        return 0;
    char prev = spec[i - 1];
    return prev != ':' && prev != 'e' && prev != 'E';
}

int bonx_adaptor_parse(const char *spec, bonx_adaptor *out, bonx_err *err)
{
    if (!spec || !*spec)
        return bonx_fail(err, BONX_EINVAL, "empty adaptor spec");
    bonx_adaptor a = {0};
    size_t start = 0, n = strlen(spec);
    for (size_t i = 0; i <= n; i++) {
        if (i < n && !is_separator(spec, i))
            continue;
        if (i == start)
            return bonx_fail(err, BONX_EINVAL, "adaptor '%s': empty step", spec);
        if (a.nsteps == BONX_ADAPTOR_MAX_STEPS)
            return bonx_fail(err, BONX_EINVAL, "adaptor '%s': more than %d steps", spec,
                             BONX_ADAPTOR_MAX_STEPS);
        bonx_adapt_step st = {0}; /* (set by parse_step unless it fails: for gcc -O1) */
        int rc = parse_step(spec + start, i - start, &st, err);
        if (rc)
            return rc;
        if (st.kind != BONX_ADAPT_ANCESTRAL)
            a.step[a.nsteps++] = st;
        start = i + 1;
    }
    *out = a;
    return BONX_OK;
}

/* Shortest %g form that reads back to exactly v. */
static void format_exact(double v, char *buf, size_t len)
{
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, len, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}

void bonx_adaptor_name(const bonx_adaptor *a, char *buf, size_t len)
{
    if (!len)
        return;
    buf[0] = '\0';
    if (a->nsteps == 0) {
        snprintf(buf, len, "ancestral");
        return;
    }
    size_t used = 0;
    for (size_t i = 0; i < a->nsteps && used < len; i++) {
        char num[32];
        format_exact(a->step[i].param, num, sizeof num);
        int w = snprintf(buf + used, len - used, "%s%s:%s", i ? "+" : "",
                         bonx_adapt_kind_name(a->step[i].kind), num);
        if (w < 0)
            return;
        used += (size_t)w;
    }
}

/* ---- applying -------------------------------------------------------------------------- */

typedef struct keyed { double key; size_t idx; } keyed;

static int cmp_key_desc(const void *pa, const void *pb)
{
    const keyed *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key > b->key ? -1 : 1;
    return (a->idx > b->idx) - (a->idx < b->idx);
}

static int cmp_key_asc(const void *pa, const void *pb)
{
    const keyed *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return (a->idx > b->idx) - (a->idx < b->idx);
}

/* Equal up to rounding, relative to scale (at least 1: log-probabilities near 0 carry
 * absolute, not relative, error). */
static int tied(double a, double b, double scale)
{
    return fabs(a - b) <= BONX_ADAPTOR_TIE_RTOL * fmax(1.0, scale);
}

/* Shift ls (finite entries) so that sum exp(ls) = 1.  The maximum is subtracted first and
 * the rest as log1p(sum of the others): subtracting m + log(sum) in one go would lose the
 * digits of a log-probability near 0 against a large m. */
static void normalise_log(double *ls, size_t k)
{
    size_t top = 0;
    for (size_t i = 0; i < k; i++)
        if (ls[i] > ls[top])
            top = i;
    double m = ls[top];
    bonx_dd rest = bonx_dd_of(0);
    for (size_t i = 0; i < k; i++)
        if (i != top && ls[i] > -INFINITY)
            rest = bonx_dd_add_d(rest, bonx_exp(ls[i] - m));
    double log_sum = bonx_dd_value(bonx_dd_log1p(rest));
    for (size_t i = 0; i < k; i++)
        if (ls[i] > -INFINITY)
            ls[i] = (ls[i] - m) - log_sum;
}

static double entropy_of_log(const double *ls, size_t k)
{
    bonx_dd h = bonx_dd_of(0);
    for (size_t i = 0; i < k; i++)
        if (ls[i] > -INFINITY)
            bonx_dd_add_prod(&h, -bonx_exp(ls[i]), ls[i]);
    return bonx_dd_value(h);
}

/* Outcomes with mass, keyed by key[i], sorted (descending or ascending).  Returns count. */
static size_t sorted_support(const double *ls, const double *key, size_t k, keyed *out,
                             int descending)
{
    size_t n = 0;
    for (size_t i = 0; i < k; i++)
        if (ls[i] > -INFINITY)
            out[n++] = (keyed){key[i], i};
    qsort(out, n, sizeof *out, descending ? cmp_key_desc : cmp_key_asc);
    return n;
}

/* Position of the shortest prefix of sorted (by the order in o) with mass >= target:
 * the first j whose remaining tail mass is <= 1 - target (up to rounding).  Tail sums
 * are accumulated from the small end so that a tiny remainder is seen exactly. */
static size_t prefix_end(const double *ls, const keyed *o, size_t n, double target)
{
    double allowed = (1.0 - target) * (1 + 1e-12) + 1e-15;
    bonx_dd tail = bonx_dd_of(0);
    size_t j = n - 1;
    /* walk from the end: tail after position j-1 is the sum of o[j..n-1] */
    for (size_t t = n; t-- > 1;) {
        tail = bonx_dd_add_d(tail, bonx_exp(ls[o[t].idx]));
        if (bonx_dd_value(tail) > allowed)
            break;
        j = t - 1;
    }
    return j;
}

/* Mark keep[i] for every outcome whose key is on the kept side of cut (or tied with it). */
static void keep_by_cut(const double *ls, const double *key, size_t k, double cut,
                        int keep_above, double scale, unsigned char *keep)
{
    for (size_t i = 0; i < k; i++) {
        if (ls[i] == -INFINITY)
            continue;
        int side = keep_above ? key[i] >= cut : key[i] <= cut;
        keep[i] = side || tied(key[i], cut, fmax(scale, fabs(cut)));
    }
}

static void truncate_step(const bonx_adapt_step *st, double *ls, size_t k, keyed *o,
                          double *key, unsigned char *keep)
{
    memset(keep, 0, k);
    size_t n;
    double h;
    switch (st->kind) {
    case BONX_ADAPT_TOP_K:
        n = sorted_support(ls, ls, k, o, 1);
        if (n == 0)
            return;   /* nothing to cut (the caller reports a distribution without mass) */
        keep_by_cut(ls, ls, k, o[st->param >= (double)n ? n - 1 : (size_t)st->param - 1].key,
                    1, 0, keep);
        break;
    case BONX_ADAPT_TOP_P:
        n = sorted_support(ls, ls, k, o, 1);
        if (n == 0)
            return;
        keep_by_cut(ls, ls, k, o[st->param >= 1 ? n - 1 : prefix_end(ls, o, n, st->param)].key,
                    1, 0, keep);
        break;
    case BONX_ADAPT_ETA: {
        h = entropy_of_log(ls, k);
        double log_thr = fmin(bonx_log(st->param), 0.5 * bonx_log(st->param) - h);
        for (size_t i = 0; i < k; i++)
            keep[i] = ls[i] > log_thr;
        break;
    }
    case BONX_ADAPT_TYPICAL:
        h = entropy_of_log(ls, k);
        for (size_t i = 0; i < k; i++)
            key[i] = fabs(-ls[i] - h);
        n = sorted_support(ls, key, k, o, 0);
        if (n == 0)
            return;
        keep_by_cut(ls, key, k, o[st->param >= 1 ? n - 1 : prefix_end(ls, o, n, st->param)].key,
                    0, h, keep);
        break;
    default:
        return;
    }
    size_t kept = 0;
    for (size_t i = 0; i < k; i++)
        kept += keep[i];
    if (kept == 0) {   /* keep the most probable tie group */
        double top = -INFINITY;
        for (size_t i = 0; i < k; i++)
            top = fmax(top, ls[i]);
        keep_by_cut(ls, ls, k, top, 1, 0, keep);
    }
    for (size_t i = 0; i < k; i++)
        if (!keep[i])
            ls[i] = -INFINITY;
}

static void apply_step(const bonx_adapt_step *st, double *ls, size_t k, keyed *o, double *key,
                       unsigned char *keep)
{
    if (st->kind == BONX_ADAPT_ANCESTRAL)
        return;
    if (st->kind == BONX_ADAPT_TEMPERATURE) {
        /* (ls - max) / T: the most probable outcomes stay at 0, so however small T is
         * (1e-320: ls / T would be -inf everywhere) they keep the mass, as in the limit */
        double m = -INFINITY;
        for (size_t i = 0; i < k; i++)
            m = fmax(m, ls[i]);
        for (size_t i = 0; i < k; i++)
            if (ls[i] > -INFINITY)
                ls[i] = (ls[i] - m) / st->param;
    } else {
        truncate_step(st, ls, k, o, key, keep);
    }
    normalise_log(ls, k);
}

static int check_logw(size_t k, const double *logw, bonx_err *err)
{
    if (k == 0)
        return bonx_fail(err, BONX_EINVAL, "adaptor: empty distribution");
    size_t finite = 0;
    for (size_t i = 0; i < k; i++) {
        if (isnan(logw[i]) || logw[i] == INFINITY)
            return bonx_fail(err, BONX_EINVAL, "adaptor: log weight %zu is %g", i + 1, logw[i]);
        finite += logw[i] > -INFINITY;
    }
    if (!finite)
        return bonx_fail(err, BONX_EINVAL, "adaptor: no outcome has mass");
    return BONX_OK;
}

int bonx_adaptor_apply(const bonx_adaptor *a, size_t k, const double *logw, double *s,
                       double *log_s, bonx_err *err)
{
    int rc = check_logw(k, logw, err);
    for (size_t i = 0; !rc && i < a->nsteps; i++)
        rc = bonx_adapt_step_check(&a->step[i], err);
    if (rc)
        return rc;
    double *ls = malloc(k * sizeof *ls);
    double *key = malloc(k * sizeof *key);
    keyed *o = malloc(k * sizeof *o);
    unsigned char *keep = malloc(k);
    if (!ls || !key || !o || !keep) {
        free(ls), free(key), free(o), free(keep);
        return bonx_fail(err, BONX_ENOMEM, "adaptor: out of memory");
    }
    memcpy(ls, logw, k * sizeof *ls);
    normalise_log(ls, k);
    for (size_t i = 0; i < a->nsteps; i++)
        apply_step(&a->step[i], ls, k, o, key, keep);
    /* a step that left no mass (or NaN) is an error, never an empty distribution */
    bonx_dd total = bonx_dd_of(0);
    for (size_t i = 0; i < k; i++) {
        if (isnan(ls[i])) {
            total = bonx_dd_of(-1);
            break;
        }
        total = bonx_dd_add_d(total, bonx_exp(ls[i]));
    }
    if (!(total.hi > 0.5 && total.hi < 1.5)) {
        char name[BONX_ADAPTOR_NAME_MAX];
        bonx_adaptor_name(a, name, sizeof name);
        free(ls), free(key), free(o), free(keep);
        return bonx_fail(err, BONX_ERANGE, "adaptor %s leaves no probability mass", name);
    }
    for (size_t i = 0; i < k; i++) {
        s[i] = bonx_exp(ls[i]);
        if (log_s)
            log_s[i] = ls[i];
    }
    free(ls), free(key), free(o), free(keep);
    return BONX_OK;
}

/* ---- live adjustment ------------------------------------------------------------------- */

double bonx_adapt_default_param(bonx_adapt_kind kind)
{
    static const double defaults[BONX_ADAPT_KIND_COUNT] = {0, 1, 2, 0.9, 0.1, 0.9};
    return (unsigned)kind < BONX_ADAPT_KIND_COUNT ? defaults[kind] : 0;
}

void bonx_adaptor_cycle_kind(bonx_adaptor *a, int dir)
{
    int kind = a->nsteps ? (int)a->step[a->nsteps - 1].kind : BONX_ADAPT_ANCESTRAL;
    kind = (kind + (dir > 0 ? 1 : BONX_ADAPT_KIND_COUNT - 1)) % BONX_ADAPT_KIND_COUNT;
    memset(a, 0, sizeof *a);
    if (kind != BONX_ADAPT_ANCESTRAL)
        a->nsteps = 1, a->step[0] = (bonx_adapt_step){(bonx_adapt_kind)kind,
                                                       bonx_adapt_default_param((bonx_adapt_kind)kind)};
}

static double clamp(double v, double lo, double hi) { return fmin(hi, fmax(lo, v)); }

void bonx_adaptor_step_param(bonx_adaptor *a, int dir, int fine)
{
    if (!a->nsteps || !dir)
        return;
    bonx_adapt_step *st = &a->step[a->nsteps - 1];
    double up = dir > 0 ? 1 : -1, v = st->param;
    switch (st->kind) {
    case BONX_ADAPT_TEMPERATURE:
        st->param = clamp(v * bonx_exp2(up * (fine ? 0.25 : 1)), 1.0 / 64, 64);
        break;
    case BONX_ADAPT_ETA:
        st->param = clamp(v * bonx_exp2(up * (fine ? 0.25 : 1)), 1e-6, 0.5);
        break;
    case BONX_ADAPT_TOP_K:
        v = fine ? v + up : up > 0 ? 2 * v : floor(v / 2);
        st->param = clamp(v, 1, 1e9);
        break;
    case BONX_ADAPT_TOP_P:
    case BONX_ADAPT_TYPICAL:
        st->param = clamp(round((v + up * (fine ? 0.01 : 0.1)) * 100) / 100, 0.01, 1);
        break;
    default:
        break;
    }
}
