/* SPDX-License-Identifier: MIT */
/* Parameters: n, beta or a KL target for KL-RL, tau, and the estimator spread t.  Changing
 * one recomputes only the point readout (t also the curves, whose band depends on it). */
#include "app_state.h"

#include <math.h>
#include <stdio.h>

#define N_MAX 1e300          /* the core is exact up to here */
#define FINE_STEP 1.189207115002721   /* 2^(1/4) */
#define PLAY_STEP 1.0905077326652577  /* 2^(1/8): n doubles every 8 frames */
#define PLAY_KL_FRAMES 64

static const char *const param_names[BONX_PARAM_COUNT] = {"n", "beta", "KL", "tau", "t"};

const char *bonx_app_param_name(bonx_param p)
{
    return (unsigned)p < BONX_PARAM_COUNT ? param_names[p] : "?";
}

double bonx_app_param_value(const bonx_app *a, bonx_param p)
{
    switch (p) {
    case BONX_PARAM_N: return a->n;
    case BONX_PARAM_BETA: return a->beta;
    case BONX_PARAM_KL: return a->kl_target;
    case BONX_PARAM_TAU: return a->tau;
    default: return a->t;
    }
}

static int set_n(bonx_app *a, double v)
{
    if (!(v >= 1 && v <= N_MAX)) {
        bonx_app_error(a, "n must be a number from 1 to 1e300 (got %g); n kept at %g", v, a->n);
        return -1;
    }
    a->n = v;
    return 0;
}

static int set_beta(bonx_app *a, double v)
{
    if (!(v > 0)) {   /* +inf is allowed: it is p itself */
        bonx_app_error(a, "beta must be > 0 (got %g); beta kept at %g", v, a->beta);
        return -1;
    }
    a->beta = v;
    a->beta_from_kl = 0;
    return 0;
}

static int set_kl(bonx_app *a, double v)
{
    double beta;
    bonx_err e = {0};
    /* With a background readout, solving for beta is its job (many passes over the groups:
     * at K = 1e6 too long for a key).  Here only the checks that cost nothing: a negative
     * target or one at or above the ceiling is refused at once, as below.  A target too
     * close to the ceiling for the solver is said by the job, which then keeps beta. */
    if (a->bg_point && a->dist_hold && v >= 0 &&
        v < bonx_tilt_kl_max(&a->dist, BONX_TILT_REWARD)) {
        a->kl_target = v;
        a->beta_from_kl = 1;
        return 0;
    }
    if (!(v >= 0) || bonx_tilt_beta_for_kl(&a->dist, BONX_TILT_REWARD, v, &beta, &e) != 0) {
        bonx_app_error(a, "KL target %g: %s; kept at %g", v,
                       e.code ? e.msg : "must be >= 0", a->kl_target);
        return -1;
    }
    a->kl_target = v;
    a->beta = beta;
    a->beta_from_kl = 1;
    return 0;
}

static int set_tau(bonx_app *a, double v)
{
    if (!isfinite(v) || !(v <= a->dist.r_max)) {
        bonx_app_error(a, "tau %g is above every reward with mass (top reward %g); tau kept at %g",
                       v, a->dist.r_max, a->tau);
        return -1;
    }
    a->tau = v;
    return 0;
}

static int set_t(bonx_app *a, double v)
{
    bonx_err e = {0};
    if (!(v >= 0 && v <= 100)) {
        bonx_app_error(a, "t must be from 0 to 100 (got %g); t kept at %g", v, a->t);
        return -1;
    }
    double old = a->spec.t;
    a->spec.t = v;
    if (bonx_app_post_curves(a, 0) == 0) {   /* the band follows on the background thread */
        a->t = v;
        return 0;
    }
    if (bonx_curves_compute(&a->curves, &a->dist, &a->spec, &e) != 0) {
        a->spec.t = old;
        bonx_curves_compute(&a->curves, &a->dist, &a->spec, &e);
        bonx_app_error(a, "t: %s", e.msg);
        return -1;
    }
    a->t = v;
    return 0;
}

/* Recompute the curves over [lo, hi], on the background thread when there is one (the
 * charts keep their curves and n axis until the new ones are shown); in place, on failure the
 * old grid comes back. */
static int regrid(bonx_app *a, double lo, double hi)
{
    bonx_err e = {0};
    bonx_curves_spec old = a->spec;
    a->spec.n_min = lo;
    a->spec.n_max = hi;
    if (bonx_app_post_curves(a, 0) == 0)
        return 0;
    if (bonx_curves_compute(&a->curves, &a->dist, &a->spec, &e) != 0) {
        a->spec = old;
        bonx_curves_compute(&a->curves, &a->dist, &a->spec, &e);
        bonx_app_error(a, "n range: %s", e.msg);
        return -1;
    }
    a->n_lo = lo;
    a->n_hi = hi;
    bonx_app_touch(a);
    return 0;
}

int bonx_app_set_n_range(bonx_app *a, double lo, double hi)
{
    if (!(lo >= 1 && hi <= N_MAX && lo < hi)) {
        bonx_app_error(a, "n range must satisfy 1 <= lo < hi <= 1e300 (got %g:%g); kept %g:%g",
                       lo, hi, a->n_lo, a->n_hi);
        return -1;
    }
    if (a->n_range_set && a->spec.n_min == lo && a->spec.n_max == hi)
        return 0;   /* already so: no recompute (scene steps repeat their range) */
    if (regrid(a, lo, hi) != 0)
        return -1;
    a->n_range_set = 1;
    return 0;
}

void bonx_app_auto_n_range(bonx_app *a)
{
    /* on the background thread the axis is found there too (bisection over the table) */
    if (bonx_app_post_curves(a, 1) == 0 || regrid(a, 1.0, bonx_curves_auto_n_max(&a->dist)) == 0)
        a->n_range_set = 0;
}

int bonx_app_set_param(bonx_app *a, bonx_param p, double v)
{
    int rc;
    switch (p) {
    case BONX_PARAM_N: rc = set_n(a, v); break;
    case BONX_PARAM_BETA: rc = set_beta(a, v); break;
    case BONX_PARAM_KL: rc = set_kl(a, v); break;
    case BONX_PARAM_TAU: rc = set_tau(a, v); break;
    default: rc = set_t(a, v); break;
    }
    if (rc == 0) {
        a->message[0] = '\0';
        a->message_is_error = 0;
        bonx_app_update_point(a);
    }
    return rc;
}

/* The reward level next to tau in direction dir (tau itself if there is none). */
static double tau_level_step(const bonx_app *a, int dir)
{
    const bonx_dist *d = &a->dist;
    if (dir > 0) {
        for (size_t j = 0; j < d->ng; j++)
            if (d->g_r[j] > a->tau)
                return d->g_r[j];
        return a->tau;
    }
    for (size_t j = d->ng; j-- > 0;)
        if (d->g_r[j] < a->tau)
            return d->g_r[j];
    return a->tau;
}

int bonx_app_step_param(bonx_app *a, bonx_param p, int dir, int fine)
{
    double f = fine ? FINE_STEP : 2.0;
    double v = bonx_app_param_value(a, p);
    switch (p) {
    case BONX_PARAM_N:
        v = dir > 0 ? v * f : fmax(1.0, v / f);
        break;
    case BONX_PARAM_BETA:
        if (!isfinite(v))   /* from p itself, start at the scale of the rewards */
            v = dir > 0 ? v : 64 * a->dist.r_scale;
        else
            v = dir > 0 ? v * f : v / f;
        break;
    case BONX_PARAM_KL:
        if (v == 0)
            v = dir > 0 ? 0.01 : 0;
        else
            v = dir > 0 ? v * f : v / f;
        break;
    case BONX_PARAM_TAU: v = tau_level_step(a, dir); break;
    default: v = fmax(0.0, v + dir * (fine ? 0.1 : 0.5)); break;
    }
    return bonx_app_set_param(a, p, v);
}

void bonx_app_reset_params(bonx_app *a)
{
    const bonx_preset *p = &a->loaded;
    a->n = p->has_n ? p->n : 4.0;
    a->tau = p->has_tau ? p->tau : (a->dist.ng ? a->dist.g_r[a->dist.ng / 2] : 0);
    if (p->has_beta) {
        a->beta = p->beta;
        a->beta_from_kl = 0;
    } else {
        bonx_bon_stats s;
        bonx_err e = {0};
        a->beta_from_kl = 1;
        a->kl_target = bonx_bon_stats_at(&a->dist, a->n, 0, &s, &e) == 0 ? s.kl : 0;
    }
    if (a->t != bonx_app_default_t(a->table.k))
        set_t(a, bonx_app_default_t(a->table.k));
    bonx_app_update_point(a);
    bonx_app_say(a, "parameters reset to the preset's defaults");
}

/* Where play starts for each parameter. */
static void play_start(bonx_app *a)
{
    switch (a->param) {
    case BONX_PARAM_N: a->n = a->spec.n_min; break;
    case BONX_PARAM_BETA: a->beta = 64 * a->dist.r_scale; a->beta_from_kl = 0; break;
    case BONX_PARAM_KL: a->kl_target = 0; a->beta = INFINITY; a->beta_from_kl = 1; break;
    case BONX_PARAM_TAU: a->tau = a->dist.ng ? a->dist.g_r[0] : a->tau; break;
    default: set_t(a, 0); break;
    }
    bonx_app_update_point(a);
}

static int play_advance(bonx_app *a)
{
    double kl_max = bonx_tilt_kl_max(&a->dist, BONX_TILT_REWARD);
    switch (a->param) {
    case BONX_PARAM_N:
        if (a->n >= a->spec.n_max)
            return 0;
    {
        /* best-of-n draws a whole number of samples: play walks integers (the core takes
         * real n, MATH.md section 2, and + / < still reach it) */
        double next = fmin(round(a->n * PLAY_STEP), a->spec.n_max);
        if (next <= a->n)
            next = fmin(floor(a->n) + 1, a->spec.n_max);
        return next > a->n && set_n(a, next) == 0;
    }
    case BONX_PARAM_BETA:
        if (a->ro.klrl.kl >= 0.999 * kl_max || a->beta < 1e-6 * a->dist.r_scale)
            return 0;
        return set_beta(a, a->beta / PLAY_STEP) == 0;
    case BONX_PARAM_KL: {
        double next = a->kl_target + kl_max / PLAY_KL_FRAMES;
        if (next >= kl_max)
            return 0;
        return set_kl(a, next) == 0;
    }
    case BONX_PARAM_TAU: {
        double next = tau_level_step(a, +1);
        if (next == a->tau)
            return 0;
        return set_tau(a, next) == 0;
    }
    default:
        if (a->t >= 5)
            return 0;
        return set_t(a, fmin(5.0, a->t + 0.1)) == 0;
    }
}

int bonx_app_play_step(bonx_app *a)
{
    int moved = play_advance(a);
    if (moved)
        bonx_app_update_point(a);
    return moved;
}

void bonx_app_tick(bonx_app *a)
{
    /* a large table: the next frame only once this one's readout is shown (a frame posted
     * every tick would supersede the last before it is done, and nothing would move) */
    if (a->playing && bonx_app_computing(a)) {
        bonx_app_prepare_extras(a);
        return;
    }
    if (a->playing && !bonx_app_play_step(a)) {
        a->playing = 0;
        bonx_app_say(a, "play finished (p plays again)");
    }
    bonx_app_prepare_extras(a);
}

/* Start playing the selected parameter from the beginning of its range. */
void bonx_app_play(bonx_app *a)
{
    play_start(a);
    a->playing = 1;
    bonx_app_say(a, "playing %s (space pauses, . steps)", bonx_app_param_name(a->param));
}
