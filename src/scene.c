/* SPDX-License-Identifier: MIT */
/* Scenes: the optional preset keys (see scene.h). */
#include "scene.h"
#include "charts.h"
#include "text.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VIEW_COUNT 10
static const char *const extra_views[3] = {"asym", "sim", "corpora"};

int bonx_view_from_name(const char *name)
{
    int k = bonx_chart_from_name(name);
    if (k >= 0)
        return k;
    for (int i = 0; i < 3; i++)
        if (!strcmp(name, extra_views[i]))
            return BONX_CHART_COUNT + i;
    return !strcmp(name, "simulate") ? BONX_CHART_COUNT + 1 : -1;
}

const char *bonx_view_name(int view)
{
    if (view >= 0 && view < BONX_CHART_COUNT)
        return bonx_chart_name((bonx_chart_kind)view);
    return view >= BONX_CHART_COUNT && view < VIEW_COUNT ? extra_views[view - BONX_CHART_COUNT] : "?";
}

static int fail(char *why, size_t len, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static int fail(char *why, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, len, fmt, ap);
    va_end(ap);
    return -1;
}

/* Blank-separated words of val (modified), at most max; returns the count or -1 if more. */
static int words(char *val, char **w, int max)
{
    int n = 0;
    char *save = NULL;
    for (char *t = strtok_r(val, " \t\r\v\f", &save); t; t = strtok_r(NULL, " \t\r\v\f", &save)) {
        if (n == max)
            return -1;
        w[n++] = t;
    }
    return n;
}

static int number(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

static int parse_view(const char *name, int *view, char *why, size_t len)
{
    int v = bonx_view_from_name(name);
    if (v < 0)
        return fail(why, len, "unknown view '%s' (expected kl, winrate, tradeoff, reward, pmf, "
                    "cost, simplex, asym, sim or corpora)", name);
    *view = v;
    return 0;
}

static int parse_range(const char *lo_s, const char *hi_s, double *lo, double *hi, char *why,
                       size_t len)
{
    if (number(lo_s, lo) != 0)
        return fail(why, len, "n-range: '%s' is not a number", lo_s);
    if (number(hi_s, hi) != 0)
        return fail(why, len, "n-range: '%s' is not a number", hi_s);
    if (!(*lo >= 1))
        return fail(why, len, "n-range: LO must be >= 1 (got %s)", lo_s);
    if (!(*hi > *lo))
        return fail(why, len, "n-range: HI must be above LO (got %s %s)", lo_s, hi_s);
    if (!(*hi <= BONX_SCENE_N_MAX))
        return fail(why, len, "n-range: HI must be at most 1e15 (got %s)", hi_s);
    return 0;
}

static int parse_curves(char *val, unsigned *out, const char *key, char *why, size_t len)
{
    char *w[32];
    int n = words(val, w, 32);
    if (n == 0)
        return fail(why, len, "%s: expected curve names (bon formula estimator band bound "
                    "ceiling klrl calibrated rr p, or all)", key);
    if (n < 0)
        return fail(why, len, "%s: too many names", key);
    unsigned bits = 0;
    for (int i = 0; i < n; i++) {
        unsigned b = bonx_curve_from_name(w[i]);
        if (!b)
            return fail(why, len, "%s: unknown curve '%s' (expected bon, formula, estimator, "
                        "band, bound, ceiling, klrl, calibrated, rr, p or all)", key, w[i]);
        bits |= b;
    }
    *out = bits;
    return 0;
}

/* set: NAME VALUE ... into step st. */
static int parse_set(bonx_scene_step *st, char *val, char *why, size_t len)
{
    char *w[32];
    int n = words(val, w, 32);
    if (n <= 0)
        return fail(why, len, n < 0 ? "set: too many words" : "set: expected NAME VALUE pairs "
                    "(n, beta, kl, tau, t, view, n-range)");
    for (int i = 0; i < n;) {
        const char *name = w[i];
        static const char *const nums[5] = {"n", "beta", "kl", "tau", "t"};
        static const unsigned bits[5] = {BONX_SET_N, BONX_SET_BETA, BONX_SET_KL, BONX_SET_TAU,
                                         BONX_SET_T};
        int which = -1;
        for (int k = 0; k < 5; k++)
            if (!strcmp(name, nums[k]))
                which = k;
        unsigned bit = which >= 0 ? bits[which] : !strcmp(name, "view") ? BONX_SET_VIEW
                     : !strcmp(name, "n-range") ? BONX_SET_N_RANGE : 0;
        if (!bit)
            return fail(why, len, "set: unknown parameter '%s' (expected n, beta, kl, tau, t, "
                        "view or n-range)", name);
        if (st->set & bit)
            return fail(why, len, "set: '%s' given twice in this step", name);
        int need = bit == BONX_SET_N_RANGE ? 2 : 1;
        if (i + need >= n)
            return fail(why, len, "set: '%s' needs %s", name,
                        bit == BONX_SET_N_RANGE ? "LO HI" : bit == BONX_SET_VIEW ? "a view name" : "a value");
        if (bit == BONX_SET_VIEW) {
            if (parse_view(w[i + 1], &st->view, why, len) != 0)
                return -1;
        } else if (bit == BONX_SET_N_RANGE) {
            if (parse_range(w[i + 1], w[i + 2], &st->n_lo, &st->n_hi, why, len) != 0)
                return -1;
        } else {
            double v;
            if (number(w[i + 1], &v) != 0)
                return fail(why, len, "set: %s '%s' is not a number", name, w[i + 1]);
            int ok = bit == BONX_SET_N ? v >= 1 && v <= BONX_SCENE_N_MAX
                   : bit == BONX_SET_BETA ? v > 0
                   : bit == BONX_SET_KL ? v >= 0
                   : bit == BONX_SET_T ? v >= 0 && v <= 100 : 1;
            if (!ok)
                return fail(why, len, "set: %s %s is out of range (%s)", name, w[i + 1],
                            bit == BONX_SET_N ? "1 <= n <= 1e15" : bit == BONX_SET_BETA ? "beta > 0"
                            : bit == BONX_SET_KL ? "kl >= 0" : "0 <= t <= 100");
            double *dst[5] = {&st->n, &st->beta, &st->kl, &st->tau, &st->t};
            *dst[which] = v;
        }
        st->set |= bit;
        i += need + 1;
    }
    return 0;
}

static int new_step(bonx_scene *sc, const char *caption, size_t line, char *why, size_t len)
{
    if (sc->nsteps >= BONX_SCENE_MAX_STEPS)
        return fail(why, len, "too many steps (at most %d)", BONX_SCENE_MAX_STEPS);
    bonx_scene_step *s = realloc(sc->steps, (sc->nsteps + 1) * sizeof *s);
    if (!s)
        return fail(why, len, "out of memory");
    sc->steps = s;
    bonx_scene_step *st = &s[sc->nsteps];
    memset(st, 0, sizeof *st);
    st->line = line;
    sc->nsteps++;
    if (*caption && !(st->caption = bonx_strndup(caption, strlen(caption))))
        return fail(why, len, "out of memory");
    return 0;
}

static int scene_level(bonx_scene *sc, const char *key, char *val, size_t line, char *why,
                       size_t len)
{
    if (sc->nsteps)
        return fail(why, len, "'%s:' after the first step (scene keys come first; in a step "
                    "use 'set: %s ...' or 'show:')", key, !strcmp(key, "curves") ? "view" : key);
    bonx_cut_comment(val);
    char *w[3];
    if (!strcmp(key, "view")) {
        if (sc->view_line)
            return fail(why, len, "duplicate 'view:' (first on line %zu)", sc->view_line);
        int n = words(val, w, 1);
        if (n != 1)
            return fail(why, len, "view: expected one view name");
        if (parse_view(w[0], &sc->view, why, len) != 0)
            return -1;
        sc->view_line = line;
        sc->set |= BONX_SET_VIEW;
        return 1;
    }
    if (!strcmp(key, "n-range")) {
        if (sc->range_line)
            return fail(why, len, "duplicate 'n-range:' (first on line %zu)", sc->range_line);
        if (words(val, w, 2) != 2)
            return fail(why, len, "n-range: expected 'LO HI' (e.g. n-range: 1 1e8)");
        if (parse_range(w[0], w[1], &sc->n_lo, &sc->n_hi, why, len) != 0)
            return -1;
        sc->range_line = line;
        sc->set |= BONX_SET_N_RANGE;
        return 1;
    }
    if (sc->curves_line)
        return fail(why, len, "duplicate 'curves:' (first on line %zu)", sc->curves_line);
    if (parse_curves(val, &sc->shown, "curves", why, len) != 0)
        return -1;
    sc->curves_line = line;
    sc->set |= BONX_SET_SHOW;
    return 1;
}

int bonx_scene_key(bonx_scene *sc, const char *key, char *val, size_t line, char *why,
                   size_t whylen)
{
    if (!strcmp(key, "view") || !strcmp(key, "n-range") || !strcmp(key, "curves"))
        return scene_level(sc, key, val, line, why, whylen);
    if (!strcmp(key, "step"))
        return new_step(sc, bonx_trim(val), line, why, whylen) == 0 ? 1 : -1;
    int is_step_key = !strcmp(key, "caption") || !strcmp(key, "set") || !strcmp(key, "show");
    if (!is_step_key)
        return 0;
    if (!sc->nsteps)
        return fail(why, whylen, "'%s:' outside a step (start one with 'step: CAPTION')", key);
    bonx_scene_step *st = &sc->steps[sc->nsteps - 1];
    if (!strcmp(key, "caption"))
        return bonx_append_line(&st->caption, bonx_trim(val)) == 0 ? 1 : fail(why, whylen, "out of memory");
    bonx_cut_comment(val);
    if (!strcmp(key, "set"))
        return parse_set(st, val, why, whylen) == 0 ? 1 : -1;
    if (st->set & BONX_SET_SHOW)
        return fail(why, whylen, "duplicate 'show:' in this step (first step line %zu)", st->line);
    if (parse_curves(val, &st->shown, "show", why, whylen) != 0)
        return -1;
    st->set |= BONX_SET_SHOW;
    return 1;
}

/* ---------- text form ---------- */

typedef struct sbuf { char *s; size_t len, cap; int failed; } sbuf;

static void add(sbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void add(sbuf *b, const char *fmt, ...)
{
    if (b->failed)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || (b->len + (size_t)n + 1 > b->cap &&
                  !(b->s = realloc(b->s, b->cap = 2 * (b->len + (size_t)n + 1))))) {
        b->failed = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* Shortest %.Ng that reads back exactly. */
static void exact(char *buf, size_t len, double v)
{
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, len, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}

static void add_curves(sbuf *b, unsigned bits)
{
    if (bits == BONX_CURVE_ALL) {
        add(b, " all");
        return;
    }
    for (int i = 0; i < BONX_CURVE_COUNT; i++)
        if (bits & (1u << i))
            add(b, " %s", bonx_curve_name(i));
}

/* One caption line per `step:` / `caption:` line; control characters become blanks. */
static void add_caption(sbuf *b, const char *caption)
{
    const char *s = caption ? caption : "";
    const char *key = "step:";
    for (;;) {
        size_t n = strcspn(s, "\n");
        add(b, "%s%s", key, n ? " " : "");
        for (size_t i = 0; i < n; i++)
            add(b, "%c", (unsigned char)s[i] < 0x20 ? ' ' : s[i]);
        add(b, "\n");
        if (!s[n])
            break;
        s += n + 1;
        key = "caption:";
    }
}

char *bonx_scene_format(const bonx_scene *sc)
{
    sbuf b = {0};
    char x[40], y[40];
    add(&b, "%s", "");
    if (sc->set & BONX_SET_VIEW)
        add(&b, "view: %s\n", bonx_view_name(sc->view));
    if (sc->set & BONX_SET_N_RANGE) {
        exact(x, sizeof x, sc->n_lo);
        exact(y, sizeof y, sc->n_hi);
        add(&b, "n-range: %s %s\n", x, y);
    }
    if (sc->set & BONX_SET_SHOW) {
        add(&b, "curves:");
        add_curves(&b, sc->shown);
        add(&b, "\n");
    }
    for (size_t i = 0; i < sc->nsteps; i++) {
        const bonx_scene_step *st = &sc->steps[i];
        add_caption(&b, st->caption);
        static const char *const names[5] = {"n", "beta", "kl", "tau", "t"};
        const double v[5] = {st->n, st->beta, st->kl, st->tau, st->t};
        if (st->set & (BONX_SET_N | BONX_SET_BETA | BONX_SET_KL | BONX_SET_TAU | BONX_SET_T |
                       BONX_SET_VIEW | BONX_SET_N_RANGE)) {
            add(&b, "set:");
            for (int k = 0; k < 5; k++)
                if (st->set & (1u << k)) {
                    exact(x, sizeof x, v[k]);
                    add(&b, " %s %s", names[k], x);
                }
            if (st->set & BONX_SET_VIEW)
                add(&b, " view %s", bonx_view_name(st->view));
            if (st->set & BONX_SET_N_RANGE) {
                exact(x, sizeof x, st->n_lo);
                exact(y, sizeof y, st->n_hi);
                add(&b, " n-range %s %s", x, y);
            }
            add(&b, "\n");
        }
        if (st->set & BONX_SET_SHOW) {
            add(&b, "show:");
            add_curves(&b, st->shown);
            add(&b, "\n");
        }
    }
    if (b.failed) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

/* ---------- copy / free / merge ---------- */

void bonx_scene_free(bonx_scene *sc)
{
    if (!sc)
        return;
    for (size_t i = 0; i < sc->nsteps; i++)
        free(sc->steps[i].caption);
    free(sc->steps);
    memset(sc, 0, sizeof *sc);
}

int bonx_scene_copy(bonx_scene *dst, const bonx_scene *src)
{
    bonx_scene c = *src;
    c.steps = NULL;
    c.nsteps = 0;
    if (src->nsteps) {
        if (!(c.steps = calloc(src->nsteps, sizeof *c.steps)))
            return -1;
        for (size_t i = 0; i < src->nsteps; i++, c.nsteps++) {
            c.steps[i] = src->steps[i];
            c.steps[i].caption = NULL;
            if (src->steps[i].caption &&
                !(c.steps[i].caption = bonx_strndup(src->steps[i].caption, strlen(src->steps[i].caption)))) {
                bonx_scene_free(&c);
                return -1;
            }
        }
    }
    *dst = c;
    return 0;
}

int bonx_scene_any(const bonx_scene *sc)
{
    return sc->set != 0 || sc->nsteps > 0;
}

int bonx_scene_merge(bonx_scene *out, const bonx_scene *base, const bonx_scene *over)
{
    bonx_scene m;
    if (bonx_scene_copy(&m, over->nsteps ? over : base) != 0)
        return -1;
    m.set = 0;
    const bonx_scene *v = (over->set & BONX_SET_VIEW) ? over : base;
    const bonx_scene *r = (over->set & BONX_SET_N_RANGE) ? over : base;
    const bonx_scene *c = (over->set & BONX_SET_SHOW) ? over : base;
    m.view = v->view;
    m.set |= v->set & BONX_SET_VIEW;
    m.n_lo = r->n_lo;
    m.n_hi = r->n_hi;
    m.set |= r->set & BONX_SET_N_RANGE;
    m.shown = c->shown;
    m.set |= c->set & BONX_SET_SHOW;
    *out = m;
    return 0;
}
