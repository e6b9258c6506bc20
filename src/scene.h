/* SPDX-License-Identifier: MIT */
/* Scenes: what a preset (or one scene of a lecture) shows when it opens, and the steps a
 * lecturer walks through with space / Backspace.  Optional preset keys, documented in
 * presets/README.md ("Scenes"):
 *
 *   view: NAME          the chart shown (kl winrate tradeoff reward pmf cost simplex asym sim corpora)
 *   n-range: LO HI      the n axis, 1 <= LO < HI <= 1e15 (app state n_range_lo / n_range_hi)
 *   curves: NAME...     the curves shown (bon formula estimator band bound ceiling klrl
 *                       calibrated rr p, or all); every curve when absent
 *   step: CAPTION       starts a step; the keys after it, until the next step, belong to it:
 *   caption: TEXT       more caption (a new line of it)
 *   set: NAME VALUE...  parameters: n, beta, kl, tau, t (numbers), view NAME, n-range LO HI
 *   show: NAME...       the curves shown from this step on
 *
 * Scene keys (view, n-range, curves) come before the first step; step keys (caption, set,
 * show) after one.  Step k shows the scene's start with steps 1..k applied in order, so
 * stepping back is exact.  Parsing is shared by preset files (src/preset.c) and lecture
 * files (src/lecture.c); messages are "problem" texts the caller prefixes with FILE:LINE. */
#ifndef BONX_SCENE_H
#define BONX_SCENE_H

#include <stddef.h>

#define BONX_SCENE_MAX_STEPS 200
#define BONX_SCENE_N_MAX 1e15

/* Which values of a step apply. */
enum {
    BONX_SET_N = 1u << 0, BONX_SET_BETA = 1u << 1, BONX_SET_KL = 1u << 2,
    BONX_SET_TAU = 1u << 3, BONX_SET_T = 1u << 4, BONX_SET_VIEW = 1u << 5,
    BONX_SET_N_RANGE = 1u << 6, BONX_SET_SHOW = 1u << 7
};

typedef struct bonx_scene_step {
    char *caption;          /* lines joined with '\n'; NULL for none */
    unsigned set;           /* BONX_SET_* */
    double n, beta, kl, tau, t, n_lo, n_hi;
    int view;
    unsigned shown;         /* BONX_CURVE_* bits (ui/charts.h) */
    size_t line;            /* where the step starts, for messages */
} bonx_scene_step;

typedef struct bonx_scene {
    int view;               /* BONX_SET_VIEW in set: the view shown */
    double n_lo, n_hi;      /* BONX_SET_N_RANGE */
    unsigned shown;         /* BONX_SET_SHOW */
    unsigned set;           /* which of the three the scene gives */
    size_t nsteps;
    bonx_scene_step *steps;
    size_t view_line, range_line, curves_line;   /* first occurrence, for duplicates */
} bonx_scene;

/* One `key: value` line of a preset or lecture file.  Returns 1 when the key is a scene key
 * and was taken, 0 when it is not a scene key (the caller goes on), -1 on an error whose
 * text (without FILE:LINE) is written to why.  val may be modified. */
int bonx_scene_key(bonx_scene *sc, const char *key, char *val, size_t line, char *why,
                   size_t whylen);
/* The scene keys in file form ("view: kl\n..."), malloc'd ("" when the scene is empty). */
char *bonx_scene_format(const bonx_scene *sc);
int bonx_scene_copy(bonx_scene *dst, const bonx_scene *src);
void bonx_scene_free(bonx_scene *sc);
/* 1 when the scene gives anything (a view, a range, curves or steps). */
int bonx_scene_any(const bonx_scene *sc);
/* over's view, range, curves and steps where it gives them, else base's; into *out. */
int bonx_scene_merge(bonx_scene *out, const bonx_scene *base, const bonx_scene *over);

/* View names: the seven charts of ui/charts.h, then asym, sim (or simulate), corpora. */
int bonx_view_from_name(const char *name);
const char *bonx_view_name(int view);

#endif
