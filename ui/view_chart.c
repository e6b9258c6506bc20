/* SPDX-License-Identifier: MIT */
/* Chart panes: the charts of ui/charts.h drawn on a canvas kept per pane (re-made only when
 * the pane's size changes) and copied to the screen.  Every pane is drawn at the same
 * current n / beta / tau, so the point moves along all charts at once. */
#include "views.h"

#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "chart_asym.h"
#include "chart_corpora.h"
#include "charts.h"

static const int pane_order[] = {BONX_CHART_PMF, BONX_CHART_TRADEOFF, BONX_CHART_KL,
                                 BONX_CHART_WINRATE, BONX_CHART_REWARD, BONX_CHART_COST};

const char *bonx_screen_view_name(int view)
{
    switch (view) {
    case BONX_VIEW_ASYM: return "asym";
    case BONX_VIEW_SIMULATE: return "sim";
    case BONX_VIEW_CORPORA: return "corpora";
    default: return bonx_chart_name((bonx_chart_kind)view);
    }
}

int bonx_screen_chart_of_pane(const bonx_app *a, int pane)
{
    if (pane == 0)
        return a->chart;
    int found = 0;
    for (size_t i = 0; i < sizeof pane_order / sizeof *pane_order; i++) {
        if (pane_order[i] == a->chart)
            continue;
        if (++found == pane)
            return pane_order[i];
    }
    return BONX_CHART_KL;
}

static bonx_canvas *pane_canvas(bonx_screen *s, int pane, int w, int h)
{
    bonx_canvas *cv = s->cv[pane];
    if (cv && (bonx_canvas_width(cv) != w || bonx_canvas_height(cv) != h)) {
        bonx_canvas_free(cv);
        cv = NULL;
    }
    if (!cv)
        cv = bonx_canvas_new(w, h, s->ascii);
    else
        bonx_canvas_clear(cv);
    s->cv[pane] = cv;
    return cv;
}

/* The views of issues 5 and 6 from the app's on-demand results; the simulate view splits a
 * tall pane into the histogram and the running mean. */
static int draw_extra(bonx_screen *s, const bonx_app *a, const bonx_rect *r, int kind,
                      bonx_canvas *cv, char *err, size_t errlen)
{
    const bonx_extras *x = &a->extras;
    int which = kind - BONX_VIEW_ASYM;
    if (!x->have[which]) {
        snprintf(err, errlen, "computing...");
        return -1;
    }
    if (x->err[which][0]) {
        snprintf(err, errlen, "%s", x->err[which]);
        return -1;
    }
    if (kind == BONX_VIEW_ASYM)
        return bonx_chart_asym_convergence(cv, x->asym, x->n_asym, err, errlen);
    if (kind == BONX_VIEW_CORPORA) {
        const char *names[BONX_EXTRAS_BANDS];
        for (size_t i = 0; i < BONX_EXTRAS_BANDS; i++)
            names[i] = x->names[i];
        return bonx_chart_draw_corpora(cv, &x->corp, names, err, errlen);
    }
    if (r->h < 24)
        return bonx_chart_sim_histogram(cv, &x->sim, "KLhat", err, errlen);
    /* tall: histogram on top, running mean below, on a second canvas */
    int top = r->h / 2;
    bonx_canvas *hist = bonx_canvas_new(r->w, top, s->ascii);
    bonx_canvas *run = bonx_canvas_new(r->w, r->h - top, s->ascii);
    int rc = -1;
    if (hist && run && bonx_chart_sim_histogram(hist, &x->sim, "KLhat", err, errlen) == 0 &&
        bonx_chart_sim_running(run, &x->sim, err, errlen) == 0) {
        bonx_term_blit(hist, r->y, r->x, s->color, a->lecture || a->projector);
        bonx_term_blit(run, r->y + top, r->x, s->color, a->lecture || a->projector);
        rc = 1;   /* drawn: nothing left for the caller */
    }
    bonx_canvas_free(hist);
    bonx_canvas_free(run);
    return rc;
}

/* Seed 002 Eq 11 beside the corpora: how many of q's corpora are typical, against what
 * Chebyshev promises (written into buf; "" before the first result). */
static const char *typical_note(const bonx_extras *x, char *buf, size_t len)
{
    const bonx_corpora *c = &x->corp;
    buf[0] = '\0';
    if (c->stats && c->n_adaptors && !c->bands)   /* sampler 0 is q itself */
        snprintf(buf, len, "typical %.0f%% (Eq 11: >= %.0f%%), ",
                 100 * c->stats[0].typical_frac, 100 * (1 - c->typical_q.chebyshev));
    return buf;
}

/* The parameters an extra view was computed with, for the line under it: these views are
 * not drawn at the explorer's n / beta alone, and a lecturer must be able to say at what. */
static void extra_params(const bonx_app *a, int kind, char *buf, size_t len)
{
    const bonx_extras *x = &a->extras;
    char n[24], b[24], d[24], ty[48];
    bonx_fmt_num(a->n, 12, n, sizeof n);
    bonx_fmt_num(isfinite(a->beta) ? a->beta : 1.0, 12, b, sizeof b);
    bonx_fmt_num(x->delta, 12, d, sizeof d);
    if (kind == BONX_VIEW_ASYM)
        snprintf(buf, len, "asym: delta = %s nats/token (KL-RL's KL), m = 1..%zu doubling, "
                 "N = e^(m delta)", d, x->n_asym ? (size_t)1 << (x->n_asym - 1) : (size_t)1);
    else if (kind == BONX_VIEW_SIMULATE)
        snprintf(buf, len, "sim: best-of-n, n = %s, samples = %u, seed 1, t = %g", n,
                 BONX_EXTRAS_SIM_SAMPLES, a->t);
    else if (x->corp.bands && x->have[2] && !x->err[2][0])
        snprintf(buf, len, "corpora: beta = %s, N = %zu, C = %zu, %zu band samplers (seed 002 "
                 "Fig. 1; F: adaptors)", b,
                 x->corp.corpus_size, x->corp.corpora, x->corp.bands);
    else
        snprintf(buf, len, "corpora: beta = %s, N = %zu strings a corpus, C = %zu corpora, "
                 "%s%.64s vs %.64s", b, x->corp.corpus_size ? x->corp.corpus_size : (size_t)50,
                 x->corp.corpora ? x->corp.corpora : (size_t)200, typical_note(x, ty, sizeof ty),
                 x->names[0], x->names[1]);
}

/* The asym view's second line: seed 000's generating function at the tilt and seed 003's
 * type lemmas at the largest m (MATH.md §5). */
static void asym_lemmas(const bonx_app *a, char *buf, size_t len)
{
    const bonx_extras *x = &a->extras;
    buf[0] = '\0';
    if (!x->have[0] || !x->n_asym)
        return;
    int n = snprintf(buf, len, "cgf = -lambda H_(1+lambda)(p||e^r) = %.4g", x->cgf);
    if (x->has_types && n > 0 && (size_t)n < len)
        snprintf(buf + n, len - (size_t)n, "; types, m = %d: e^(-m KL) bounds %s, miss "
                 "%.2g, hit %.2g (ball lemmas)", x->types.m,
                 x->types.upper_margin <= 1e-9 && x->types.lower_margin >= -1e-9 ? "ok" : "FAIL",
                 x->types.miss_inside, x->types.hit_outside);
}

/* The corpora view's second line: seed 002's typical set of q (Eq 9-11) and the reward the
 * aligned model implies (Eq 4): beta log(q/p) = r - beta log Z. */
static void corpora_typical(const bonx_app *a, char *buf, size_t len)
{
    const bonx_corpora *c = &a->extras.corp;
    buf[0] = '\0';
    if (!a->extras.have[2] || a->extras.err[2][0] || !c->stats)
        return;
    const bonx_typical *t = &c->typical_q;
    snprintf(buf, len, "H(q) %.4g, varentropy %.4g, eps %.3g: P(out) <= %.3g (Eq 11); Eq 4: "
             "beta log(q/p) = r - %.4g", t->entropy, t->varentropy, t->eps, t->chebyshev,
             c->beta * c->log_z);
}

void bonx_view_chart(bonx_screen *s, const bonx_app *a, int pane)
{
    bonx_rect full = s->layout.charts[pane];
    if (full.w <= 0 || full.h <= 0)
        return;
    int kind = bonx_screen_chart_of_pane(a, pane);
    if (kind >= BONX_VIEW_ASYM && full.h > 10) {   /* a line under the view: its parameters */
        char line[512];
        extra_params(a, kind, line, sizeof line);
        full.h--;
        bonx_put(full.y + full.h, full.x + 1, full.w - 1, line, (int)A_DIM);
        if ((kind == BONX_VIEW_ASYM || kind == BONX_VIEW_CORPORA) && full.h > 16) {
            if (kind == BONX_VIEW_ASYM)
                asym_lemmas(a, line, sizeof line);
            else
                corpora_typical(a, line, sizeof line);
            full.h--;
            bonx_put(full.y + full.h, full.x + 1, full.w - 1, line, (int)A_DIM);
        }
    }
    const bonx_rect *r = &full;
    /* the charts of ui/charts.h depend on nothing else (the extra views change on their own) */
    bonx_pane_key key;
    memset(&key, 0, sizeof key);   /* padding too: keys are compared with memcmp */
    key.valid = kind < BONX_VIEW_ASYM;
    key.kind = kind;
    key.w = r->w;
    key.h = r->h;
    key.app = a;
    key.edits = a->edits;
    key.n = a->n;
    key.beta = a->beta;
    key.tau = a->tau;
    key.t = a->t;
    key.n_lo = a->n_lo;
    key.n_hi = a->n_hi;
    key.pin = a->has_pin ? (const void *)a->pinned.bon : NULL;
    key.projector = a->projector;
    key.hide = a->curves_hidden;
    key.bounds = a->show_bounds;
    bonx_pane_key *was = &s->drawn[pane];
    if (key.valid && s->cv[pane] && !memcmp(&key, was, sizeof key)) {
        bonx_term_blit(s->cv[pane], r->y, r->x, s->color, a->lecture || a->projector);
        return;
    }
    memset(was, 0, sizeof *was);
    bonx_canvas *cv = pane_canvas(s, pane, r->w, r->h);
    if (!cv)
        return;
    bonx_chart_input in = {
        .dist = &a->dist, .curves = &a->curves, .labels = (const char *const *)a->table.labels,
        .n = a->n, .beta = a->beta, .tau = a->tau, .t = a->t, .hide = a->curves_hidden,
        .bounds = a->show_bounds,
        .pinned = a->has_pin ? &a->pinned : NULL,
    };
    bonx_canvas_set_thick(cv, a->projector);
    char err[256] = "";
    int rc = kind >= BONX_VIEW_ASYM ? draw_extra(s, a, r, kind, cv, err, sizeof err)
                                    : bonx_chart_draw(cv, (bonx_chart_kind)kind, &in, err, sizeof err);
    if (rc == 1)
        return;
    if (rc == 0)
        *was = key;
    if (rc != 0) {
        bonx_canvas_clear(cv);
        bonx_canvas_text(cv, 1, r->h / 2, bonx_screen_view_name(kind), 0);
        bonx_canvas_text(cv, 1, r->h / 2 + 1, err, BONX_COLOR_RED);
    }
    bonx_term_blit(cv, r->y, r->x, s->color, a->lecture || a->projector);
}
