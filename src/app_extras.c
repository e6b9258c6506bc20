/* SPDX-License-Identifier: MIT */
/* The asym, simulate and corpora views' numbers (see app_extras.h). */
#include "app_state.h"
#include "cumulant.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

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
static double asym_delta(const bonx_app *a, double delta_max)
{
    double kl = a->ro.klrl_ok ? a->ro.klrl.kl : 0;
    return kl > 1e-6 && kl < 0.99 * delta_max ? kl : 0.5 * delta_max;
}

static void compute_asym(bonx_app *a)
{
    bonx_extras *x = &a->extras;
    bonx_asym as;
    bonx_err e = {0};
    memset(&as, 0, sizeof as);
    x->n_asym = 0;
    x->err[X_ASYM][0] = '\0';
    for (int m = 1; x->n_asym < BONX_EXTRAS_MAX_M; m *= 2) {
        if (bonx_asym_type_count(a->dist.ng, m) > BONX_EXTRAS_MAX_TYPES)
            break;   /* the next length would stall the screen */
        if (bonx_asym_prepare(&as, &a->dist, m, &e) != 0)
            break;
        if (x->n_asym == 0)
            x->delta = asym_delta(a, as.delta_max);
        if (bonx_asym_at(&as, x->delta, &x->asym[x->n_asym], &e) != 0)
            break;
        x->n_asym++;
    }
    bonx_asym_free(&as);
    x->has_types = 0;
    if (x->n_asym > 0) {
        const bonx_asym_point *last = &x->asym[x->n_asym - 1];
        x->cgf = bonx_reward_cgf(&a->dist, last->lambda, NULL, NULL);
        x->renyi = bonx_renyi_cross_entropy(&a->dist, last->lambda);
        x->has_types = bonx_type_lemmas_at(&a->dist, last->m, x->delta,
                                           BONX_EXTRAS_MAX_TYPES, &x->types, NULL) == 0;
    }
    if (x->n_asym < 2)
        snprintf(x->err[X_ASYM], sizeof x->err[X_ASYM], "asym: %.200s",
                 e.code ? e.msg : "too many sequence types even at m = 2");
}

static void compute_sim(bonx_app *a)
{
    bonx_extras *x = &a->extras;
    bonx_err e = {0};
    bonx_sim_spec spec = {
        .policy = BONX_SIM_BON, .method = BONX_SIM_EXACT, .param = a->n,
        .samples = BONX_EXTRAS_SIM_SAMPLES, .seed = 1, .t = a->t,
        .hist_bins = 40, .running_points = 64,
    };
    bonx_sim_result_free(&x->sim);
    memset(&x->sim, 0, sizeof x->sim);
    x->err[X_SIM][0] = '\0';
    if (bonx_simulate(&a->dist, &spec, &x->sim, &e) != 0)
        snprintf(x->err[X_SIM], sizeof x->err[X_SIM], "simulate: %.200s", e.msg);
}

static void compute_corpora(bonx_app *a)
{
    bonx_extras *x = &a->extras;
    bonx_err e = {0};
    bonx_adaptor ads[2];
    memset(ads, 0, sizeof ads);   /* ads[0]: ancestral */
    ads[1] = x->adaptor;
    bonx_adaptor_name(&ads[0], x->names[0], sizeof x->names[0]);
    bonx_adaptor_name(&ads[1], x->names[1], sizeof x->names[1]);
    bonx_corpora_spec spec = {
        .k = a->dist.k, .p = a->dist.p, .r = a->dist.r,
        .beta = isfinite(a->beta) ? a->beta : 1.0,
        .corpus_size = 50, .corpora = 200, .m = 1,
        .n_adaptors = ads[1].nsteps ? 2 : 1, .adaptors = ads, .seed = 1,
        .bands = x->bands,   /* seed 002 Fig. 1: the bands replace the adaptors */
    };
    x->err[X_CORP][0] = '\0';
    if (bonx_corpora_run(&x->corp, &spec, &e) != 0)
        snprintf(x->err[X_CORP], sizeof x->err[X_CORP], "corpora: %.200s", e.msg);
    else
        for (size_t b = 0; x->bands && b < x->corp.n_adaptors && b < BONX_EXTRAS_BANDS; b++)
            snprintf(x->names[b], sizeof x->names[b], "band:%zu (log q %.4g)", b + 1,
                     x->corp.stats[b].mean_log_prob);   /* as bonx corpora --bands --plot */
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
    if (which == X_ASYM)
        compute_asym(a);
    else if (which == X_SIM)
        compute_sim(a);
    else
        compute_corpora(a);
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
