/* SPDX-License-Identifier: MIT */
/* Scenes and lectures in the explorer: what a preset shows when it opens (view, n range,
 * curves), its steps walked with space / Backspace, and a lecture's scenes one after the
 * other.  Step k is always rebuilt from the scene's start with steps 1..k applied in order,
 * so going back shows exactly what going forward showed. */
#include "app_state.h"
#include "charts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const bonx_scene *scene_of(const bonx_app *a) { return &a->loaded.scene; }

/* The caption of the step on screen, then the note (scene's, else the preset's). */
static void compose_note(bonx_app *a)
{
    const bonx_scene *sc = scene_of(a);
    const char *caption = a->step > 0 ? sc->steps[a->step - 1].caption : NULL;
    const char *note = a->loaded.note;
    char head[1024] = "";
    if (a->deck && a->deck_scene == 0 && a->step == 0)   /* the lecture's opening words */
        snprintf(head, sizeof head, "%.200s. %.600s%sScene 1/%zu: %.160s.", a->deck->title,
                 a->deck->note ? a->deck->note : "", a->deck->note ? "\n\n" : "", a->deck->n,
                 a->deck->scenes[0].title);
    else if (a->deck)
        snprintf(head, sizeof head, "Scene %zu/%zu: %.160s.", a->deck_scene + 1, a->deck->n,
                 a->deck->scenes[a->deck_scene].title);
    size_t len = strlen(head) + (caption ? strlen(caption) : 0) + (note ? strlen(note) : 0) + 8;
    free(a->note_buf);
    a->note_buf = NULL;
    if (!a->deck && !caption)
        return;   /* the note itself */
    char *buf = malloc(len);
    if (!buf)
        return;
    snprintf(buf, len, "%s%s%s%s%s", head, head[0] && caption ? " " : "", caption ? caption : "",
             note && *note && (head[0] || caption) ? "\n\n" : "", note ? note : "");
    a->note_buf = buf;
}

/* The n axis a scene asks for (set: lo, hi), or back to automatic (set 0).  The one place
 * a scene touches the n range, for the axis code to take over. */
static void scene_n_range(bonx_app *a, int set, double lo, double hi)
{
    int scene_had_one = a->n_range_lo > 0;
    a->n_range_lo = set ? lo : 0;
    a->n_range_hi = set ? hi : 0;
    if (set)   /* the charts' n axis: the scene's ... */
        bonx_app_set_n_range(a, lo, hi);
    else if (scene_had_one)   /* ... else the data's again (a range typed with z stays) */
        bonx_app_auto_n_range(a);
}

static void apply_step(bonx_app *a, const bonx_scene_step *st)
{
    static const bonx_param params[5] = {BONX_PARAM_N, BONX_PARAM_BETA, BONX_PARAM_KL,
                                         BONX_PARAM_TAU, BONX_PARAM_T};
    const double v[5] = {st->n, st->beta, st->kl, st->tau, st->t};
    for (int k = 0; k < 5; k++)
        if (st->set & (1u << k))
            bonx_app_set_param(a, params[k], v[k]);
    if (st->set & BONX_SET_VIEW)
        a->chart = st->view;
    if (st->set & BONX_SET_N_RANGE)
        scene_n_range(a, 1, st->n_lo, st->n_hi);
    if (st->set & BONX_SET_SHOW)
        a->curves_hidden = BONX_CURVE_ALL & ~st->shown;
}

/* The scene's start with steps 1..a->step applied.  reset: parameters back to the preset's
 * defaults first (not needed right after a load, which just set them). */
static void show_step(bonx_app *a, int reset)
{
    const bonx_scene *sc = scene_of(a);
    a->playing = a->paused = 0;
    if (reset)
        bonx_app_reset_params(a);
    a->chart = bonx_app_scene_view(a);
    scene_n_range(a, (sc->set & BONX_SET_N_RANGE) != 0, sc->n_lo, sc->n_hi);
    a->curves_hidden = (sc->set & BONX_SET_SHOW) ? BONX_CURVE_ALL & ~sc->shown : 0;
    if (a->step > sc->nsteps)
        a->step = sc->nsteps;
    a->message[0] = '\0';
    a->message_is_error = 0;
    for (size_t j = 0; j < a->step; j++)
        apply_step(a, &sc->steps[j]);
    /* the message line was cleared for the step: a counterexample on show stays flagged */
    bonx_app_flag_conjecture(a);
    compose_note(a);
    bonx_app_prepare_extras(a);
    bonx_app_touch(a);
}

void bonx_app_scene_start(bonx_app *a)
{
    a->step = 0;
    show_step(a, 0);
}

int bonx_app_scene_view(const bonx_app *a)
{
    const bonx_scene *sc = scene_of(a);
    return (sc->set & BONX_SET_VIEW) ? sc->view : 0;
}

int bonx_app_has_steps(const bonx_app *a)
{
    return a->deck != NULL || scene_of(a)->nsteps > 0;
}

/* Say where we are, unless applying the step left an error to read. */
static void say_step(bonx_app *a)
{
    if (a->message_is_error)
        return;
    size_t n = scene_of(a)->nsteps;
    if (a->deck)
        bonx_app_say(a, "scene %zu/%zu, step %zu/%zu (space next, Backspace back, n note)",
                     a->deck_scene + 1, a->deck->n, a->step, n);
    else
        bonx_app_say(a, "step %zu/%zu (space next, Backspace back, n note)", a->step, n);
}

int bonx_app_step(bonx_app *a, int dir)
{
    size_t n = scene_of(a)->nsteps;
    if (dir > 0 && a->step < n) {
        a->step++;
        show_step(a, 1);
        say_step(a);
        return 1;
    }
    if (dir < 0 && a->step > 0) {
        a->step--;
        show_step(a, 1);
        say_step(a);
        return 1;
    }
    if (a->deck && dir > 0 && a->deck_scene + 1 < a->deck->n)
        return bonx_app_scene_go(a, a->deck_scene + 1, 0) == 0;
    if (a->deck && dir < 0 && a->deck_scene > 0)
        return bonx_app_scene_go(a, a->deck_scene - 1, 1) == 0;
    if (dir > 0)
        bonx_app_say(a, a->deck ? "the end of the lecture (Backspace goes back)"
                                : n ? "the last step (Backspace goes back)" : "this preset has no steps");
    else
        bonx_app_say(a, a->deck ? "the start of the lecture" : n ? "the first step" : "this preset has no steps");
    return 0;
}

int bonx_lecture_scene_preset(const bonx_lecture *l, size_t i, bonx_preset *out, char *err,
                              size_t errlen)
{
    const bonx_lecture_scene *ls = &l->scenes[i];
    bonx_preset p;
    if (bonx_preset_load(ls->table, &p, err, errlen) != 0)
        return -1;
    bonx_scene merged;
    if (bonx_scene_merge(&merged, &p.scene, &ls->scene) != 0) {
        bonx_preset_free(&p);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    bonx_scene_free(&p.scene);
    p.scene = merged;
    if (ls->note) {
        char *note = strdup(ls->note);
        if (!note) {
            bonx_preset_free(&p);
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        free(p.note);
        p.note = note;
    }
    *out = p;
    return 0;
}

/* Load scene i now (no question asked). */
static int scene_load(bonx_app *a, size_t i, int at_end)
{
    bonx_preset p;
    char err[512];
    if (bonx_lecture_scene_preset(a->deck, i, &p, err, sizeof err) != 0) {
        bonx_app_error(a, "%s", err);
        return -1;
    }
    size_t old = a->deck_scene;
    a->deck_scene = i;   /* before the load: the note names this scene */
    int rc = bonx_app_load_preset(a, &p, a->deck->scenes[i].table);
    bonx_preset_free(&p);
    if (rc != 0) {
        a->deck_scene = old;
        return -1;
    }
    if (at_end && scene_of(a)->nsteps) {
        a->step = scene_of(a)->nsteps;
        show_step(a, 0);
    }
    say_step(a);
    return 0;
}

int bonx_app_scene_go(bonx_app *a, size_t i, int at_end)
{
    if (!a->deck || i >= a->deck->n)
        return -1;
    if (a->dirty) {   /* the next scene replaces the table: ask, as loading a preset does */
        a->pending_scene = i;
        a->pending_at_end = at_end;
        a->mode = BONX_MODE_CONFIRM;
        a->confirm_action = BONX_CONFIRM_SCENE;
        bonx_app_say(a, "unsaved edits will be lost: y goes on to the next scene, any other key stays");
        return 0;
    }
    return scene_load(a, i, at_end);
}

int bonx_app_open_lecture(bonx_app *a, bonx_lecture *l)
{
    bonx_lecture *copy = malloc(sizeof *copy);
    if (!copy)
        return -1;
    *copy = *l;
    memset(l, 0, sizeof *l);
    if (a->deck) {
        bonx_lecture_free(a->deck);
        free(a->deck);
    }
    a->deck = copy;
    a->lecture = 1;   /* a lecture is for the lecture layout; L leaves it */
    a->dirty = 0;
    return scene_load(a, 0, 0);
}
