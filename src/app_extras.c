/* SPDX-License-Identifier: MIT */
/* The asym, simulate and corpora views' numbers (see app_extras.h). */
#include "app_state.h"
#include "cumulant.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "recompute.h"

enum { X_ASYM = 0, X_SIM, X_CORP };

static bonx_extras_inputs current_inputs(const bonx_app *a)
{
    bonx_extras_inputs in;
    memset(&in, 0, sizeof in);   /* padding too: inputs are compared with memcmp */
    in.edits = a->edits;
    in.n = a->n;
    in.beta = a->beta;
    in.t = a->t;
    in.kl = a->ro.klrl_ok ? a->ro.klrl.kl : 0;
    in.adaptor = a->extras.adaptor;
    in.bands = a->extras.bands;
    return in;
}

/* Delta: KL-RL's KL per token when it is usable, else half the largest reachable. */
static double asym_delta(const bonx_extras_inputs *in, double delta_max)
{
    return in->kl > 1e-6 && in->kl < 0.99 * delta_max ? in->kl : 0.5 * delta_max;
}

/* The three views' computations: from a distribution and the inputs only (never the app),
 * so that they can run on a background thread; results and errors into x. */
static void compute_asym(const bonx_dist *d, const bonx_extras_inputs *in, bonx_extras *x)
{
    bonx_asym as;
    bonx_err e = {0};
    memset(&as, 0, sizeof as);
    x->n_asym = 0;
    x->err[X_ASYM][0] = '\0';
    for (int m = 1; x->n_asym < BONX_EXTRAS_MAX_M; m *= 2) {
        if (bonx_asym_type_count(d->ng, m) > BONX_EXTRAS_MAX_TYPES)
            break;   /* the next length would stall the screen */
        if (bonx_asym_prepare(&as, d, m, &e) != 0)
            break;
        if (x->n_asym == 0)
            x->delta = asym_delta(in, as.delta_max);
        if (bonx_asym_at(&as, x->delta, &x->asym[x->n_asym], &e) != 0)
            break;
        x->n_asym++;
    }
    bonx_asym_free(&as);
    x->has_types = 0;
    if (x->n_asym > 0) {
        const bonx_asym_point *last = &x->asym[x->n_asym - 1];
        x->cgf = bonx_reward_cgf(d, last->lambda, NULL, NULL);
        x->renyi = bonx_renyi_cross_entropy(d, last->lambda);
        x->has_types = bonx_type_lemmas_at(d, last->m, x->delta,
                                           BONX_EXTRAS_MAX_TYPES, &x->types, NULL) == 0;
    }
    if (x->n_asym < 2)
        snprintf(x->err[X_ASYM], sizeof x->err[X_ASYM], "asym: %.200s",
                 e.code ? e.msg : "too many sequence types even at m = 2");
}

static void compute_sim(const bonx_dist *d, const bonx_extras_inputs *in, bonx_extras *x)
{
    bonx_err e = {0};
    bonx_sim_spec spec = {
        .policy = BONX_SIM_BON, .method = BONX_SIM_EXACT, .param = in->n,
        .samples = BONX_EXTRAS_SIM_SAMPLES, .seed = 1, .t = in->t,
        .hist_bins = 40, .running_points = 64,
    };
    bonx_sim_result_free(&x->sim);
    memset(&x->sim, 0, sizeof x->sim);
    x->err[X_SIM][0] = '\0';
    if (bonx_simulate(d, &spec, &x->sim, &e) != 0)
        snprintf(x->err[X_SIM], sizeof x->err[X_SIM], "simulate: %.200s", e.msg);
}

static void compute_corpora(const bonx_dist *d, const bonx_extras_inputs *in, bonx_extras *x)
{
    bonx_err e = {0};
    bonx_adaptor ads[2];
    memset(ads, 0, sizeof ads);   /* ads[0]: ancestral */
    ads[1] = in->adaptor;
    bonx_adaptor_name(&ads[0], x->names[0], sizeof x->names[0]);
    bonx_adaptor_name(&ads[1], x->names[1], sizeof x->names[1]);
    bonx_corpora_spec spec = {
        .k = d->k, .p = d->p, .r = d->r,
        .beta = isfinite(in->beta) ? in->beta : 1.0,
        .corpus_size = 50, .corpora = 200, .m = 1,
        .n_adaptors = ads[1].nsteps ? 2 : 1, .adaptors = ads, .seed = 1,
        .bands = in->bands,   /* seed 002 Fig. 1: the bands replace the adaptors */
    };
    x->err[X_CORP][0] = '\0';
    if (bonx_corpora_run(&x->corp, &spec, &e) != 0)
        snprintf(x->err[X_CORP], sizeof x->err[X_CORP], "corpora: %.200s", e.msg);
    else
        for (size_t b = 0; in->bands && b < x->corp.n_adaptors && b < BONX_EXTRAS_BANDS; b++)
            snprintf(x->names[b], sizeof x->names[b], "band:%zu (log q %.4g)", b + 1,
                     x->corp.stats[b].mean_log_prob);   /* as bonx corpora --bands --plot */
}

static void compute_view(int which, const bonx_dist *d, const bonx_extras_inputs *in,
                         bonx_extras *x)
{
    if (which == X_ASYM)
        compute_asym(d, in, x);
    else if (which == X_SIM)
        compute_sim(d, in, x);
    else
        compute_corpora(d, in, x);
}

/* ---- in the background: simulate and corpora take seconds at K = 1e5 and more */

typedef struct extras_job {
    bonx_job base;
    bonx_dist_hold *hold;   /* the distribution shown when posted, kept alive */
    int which;
    bonx_extras_inputs in;
    bonx_extras out;        /* only the view `which`'s fields */
} extras_job;

static void extras_job_run(bonx_job *b)
{
    extras_job *j = (extras_job *)b;
    compute_view(j->which, bonx_app_hold_dist(j->hold), &j->in, &j->out);
}

static void extras_job_free(bonx_job *b)
{
    extras_job *j = (extras_job *)b;
    bonx_sim_result_free(&j->out.sim);
    bonx_corpora_free(&j->out.corp);
    bonx_app_hold_unref(j->hold);
    free(j);
}

/* Post view which's computation; 0, or -1 (out of memory: the caller computes in place). */
static int post_extras(bonx_app *a, int which, const bonx_extras_inputs *in)
{
    extras_job *j = calloc(1, sizeof *j);
    if (!j)
        return -1;
    bonx_job_init(&j->base, extras_job_run, extras_job_free);
    j->hold = bonx_app_hold_ref(a->dist_hold);
    j->which = which;
    j->in = *in;
    if (!bonx_app_computing(a))
        a->busy_since_ms = bonx_app_now_ms();
    a->extras_seq = bonx_recompute_post(a->bg_extras, &j->base);
    a->extras_pending = 1;
    a->extras_which = which;
    a->extras_in = *in;
    bonx_app_touch(a);
    return 0;
}

/* Install view which's results from x (taken over; x keeps the old ones to free). */
static void install_view(bonx_extras *to, bonx_extras *from, int which)
{
    if (which == X_ASYM) {
        to->n_asym = from->n_asym;
        memcpy(to->asym, from->asym, sizeof to->asym);
        to->delta = from->delta;
        to->cgf = from->cgf;
        to->renyi = from->renyi;
        to->has_types = from->has_types;
        to->types = from->types;
    } else if (which == X_SIM) {
        bonx_sim_result t = to->sim;
        to->sim = from->sim;
        from->sim = t;
    } else {
        bonx_corpora t = to->corp;
        to->corp = from->corp;
        from->corp = t;
        memcpy(to->names, from->names, sizeof to->names);
    }
    memcpy(to->err[which], from->err[which], sizeof to->err[which]);
}

int bonx_app_poll_extras(bonx_app *a)
{
    bonx_job *b = a->bg_extras ? bonx_recompute_take(a->bg_extras) : NULL;
    if (!b)
        return 0;
    extras_job *j = (extras_job *)b;
    int latest = a->extras_pending && b->seq == a->extras_seq;
    if (latest)
        a->extras_pending = 0;
    bonx_extras_inputs now = current_inputs(a);
    int mine = latest && !memcmp(&j->in, &now, sizeof now);
    if (mine) {
        install_view(&a->extras, &j->out, j->which);
        a->extras.in[j->which] = j->in;
        a->extras.have[j->which] = 1;
        bonx_app_touch(a);
    }
    extras_job_free(b);
    return mine;
}

void bonx_app_prepare_extras(bonx_app *a)
{
    int which = a->chart - BONX_VIEW_ASYM;
    if (which < 0 || which > X_CORP)
        return;
    bonx_extras *x = &a->extras;
    bonx_extras_inputs in = current_inputs(a);
    if (x->have[which] && !memcmp(&in, &x->in[which], sizeof in))
        return;
    /* in the background when there is one (the view keeps its last result, the status line
     * says it computes); asym refuses large tables at once, so it stays here */
    if (which != X_ASYM && a->bg_extras && a->dist_hold) {
        if (a->extras_pending && a->extras_which == which &&
            !memcmp(&in, &a->extras_in, sizeof in))
            return;   /* already on its way */
        if (post_extras(a, which, &in) == 0)
            return;
    }
    compute_view(which, &a->dist, &in, x);
    x->in[which] = in;
    x->have[which] = 1;
    bonx_app_touch(a);
}

void bonx_app_extras_free(bonx_app *a)
{
    bonx_sim_result_free(&a->extras.sim);
    bonx_corpora_free(&a->extras.corp);
    memset(&a->extras, 0, sizeof a->extras);
}

void bonx_app_adaptor_kind(bonx_app *a, int dir)
{
    char name[BONX_ADAPTOR_NAME_MAX];
    bonx_adaptor_cycle_kind(&a->extras.adaptor, dir);
    bonx_adaptor_name(&a->extras.adaptor, name, sizeof name);
    bonx_app_say(a, "corpora adaptor: %s", name);
}

void bonx_app_adaptor_param(bonx_app *a, int dir)
{
    char name[BONX_ADAPTOR_NAME_MAX];
    bonx_adaptor_step_param(&a->extras.adaptor, dir, 0);
    bonx_adaptor_name(&a->extras.adaptor, name, sizeof name);
    bonx_app_say(a, "corpora adaptor: %s", name);
}

void bonx_app_toggle_bands(bonx_app *a)
{
    a->extras.bands = a->extras.bands ? 0 : BONX_EXTRAS_BANDS;
    if (a->extras.bands)
        bonx_app_say(a, "corpora: %d band-selected samplers (seed 002 section 6.1, Fig. 1; F: "
                     "the adaptors again)", BONX_EXTRAS_BANDS);
    else
        bonx_app_say(a, "corpora: ancestral and the live adaptor");
}
