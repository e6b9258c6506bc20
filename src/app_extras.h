/* SPDX-License-Identifier: MIT */
/* The explorer's views of issues 5 and 6, computed from the edited table on demand (only
 * while such a view is shown, and again only when its inputs changed):
 *   asym      best-of-N on sequences of m tokens against the KL optimum phi_Delta, Delta =
 *             KL-RL's current KL per token, for m = 1, 2, 4, ... (MATH.md §5);
 *   simulate  best-of-n at the current n sampled exactly (a fixed seed): the estimator's
 *             histogram and running mean against their exact values;
 *   corpora   corpora from the aligned model at beta, ancestral and the live adaptor
 *             ({ } change its kind, ( ) its parameter), on the trade-off line (MATH.md §6);
 *             F puts seed 002's band-selected samplers in their place (Fig. 1). */
#ifndef BONX_APP_EXTRAS_H
#define BONX_APP_EXTRAS_H

#include <stddef.h>
#include "adaptor.h"
#include "asym.h"
#include "corpora.h"
#include "simulate.h"
#include "types.h"

/* Views after the seven charts of ui/charts.h (app->chart values). */
enum { BONX_VIEW_ASYM = 7, BONX_VIEW_SIMULATE = 8, BONX_VIEW_CORPORA = 9, BONX_VIEW_COUNT = 10 };

#define BONX_EXTRAS_MAX_M 12
#define BONX_EXTRAS_SIM_SAMPLES 200000u
#define BONX_EXTRAS_MAX_TYPES 100000u   /* keeps the asym view within a frame or two */
/* Key F: the corpora view's band-selected samplers (seed 002 §6.1 and Fig. 1, "uniformly
 * distributed across 10 bands"), as bonx corpora --bands 10 draws them. */
#define BONX_EXTRAS_BANDS 10

/* What a result was computed from; a different one means recompute. */
typedef struct bonx_extras_inputs {
    unsigned long edits;
    double n, beta, t, kl;
    bonx_adaptor adaptor;
    size_t bands;
} bonx_extras_inputs;

typedef struct bonx_extras {
    int have[3];                      /* asym, simulate, corpora: results valid for in[] */
    bonx_extras_inputs in[3];
    char err[3][256];                 /* why a view has nothing to show ("" if fine) */
    size_t n_asym;
    bonx_asym_point asym[BONX_EXTRAS_MAX_M];
    double delta;                     /* the per-token budget used */
    /* seed 000 at the view's tilt: log E_p[e^(lambda r)] and H_(1+lambda)(p || e^r); seed 003's
     * type lemmas at the largest m shown (has_types: they were computed) */
    double cgf, renyi;
    int has_types;
    bonx_type_lemmas types;
    bonx_sim_result sim;
    bonx_corpora corp;
    /* the corpora legend: the adaptors' names, or band:B (log q of its corpora) */
    char names[BONX_EXTRAS_BANDS][BONX_ADAPTOR_NAME_MAX];
    bonx_adaptor adaptor;             /* the live adaptor of the corpora view */
    size_t bands;                     /* key F: 0 (ancestral and the adaptor) or the bands */
} bonx_extras;

#endif
