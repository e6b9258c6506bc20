/* The explorer's model: opening a preset, committing table changes (validate, recompute
 * once), the point readout, display order, messages, loading and saving. */
#include "app_state.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_N 4.0
#define DEFAULT_T 1.0
#define BAND_MAX_K 1024   /* the estimator band costs per outcome: off by default above */

void bonx_app_touch(bonx_app *a) { a->generation++; }

static void vsay(bonx_app *a, int is_error, const char *fmt, va_list ap)
{
    vsnprintf(a->message, sizeof a->message, fmt, ap);
    a->message_is_error = is_error;
    bonx_app_touch(a);
}

void bonx_app_say(bonx_app *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(a, 0, fmt, ap);
    va_end(ap);
}

void bonx_app_error(bonx_app *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(a, 1, fmt, ap);
    va_end(ap);
}

/* ---- undo stacks */

void bonx_undo_clear(bonx_undo_stack *s)
{
    for (size_t i = 0; i < s->len; i++)
        bonx_outcomes_free(&s->items[i]);
    free(s->items);
    memset(s, 0, sizeof *s);
}

static void drop_oldest(bonx_undo_stack *s)
{
    s->outcomes -= s->items[0].k;
    bonx_outcomes_free(&s->items[0]);
    memmove(s->items, s->items + 1, (s->len - 1) * sizeof *s->items);
    s->len--;
}

int bonx_undo_push(bonx_undo_stack *s, bonx_outcomes *t)
{
    /* forget the oldest steps beyond the depth or the memory budget (the newest one stays) */
    while (s->len > 0 && (s->len >= BONX_UNDO_DEPTH || s->outcomes + t->k > BONX_UNDO_OUTCOMES))
        drop_oldest(s);
    if (s->len == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 16;
        bonx_outcomes *items = realloc(s->items, cap * sizeof *items);
        if (!items) {
            bonx_outcomes_free(t);
            return -1;
        }
        s->items = items;
        s->cap = cap;
    }
    s->items[s->len++] = *t;
    s->outcomes += t->k;
    memset(t, 0, sizeof *t);
    return 0;
}

int bonx_undo_pop(bonx_undo_stack *s, bonx_outcomes *out)
{
    if (!s->len)
        return -1;
    *out = s->items[--s->len];
    s->outcomes -= out->k;
    return 0;
}

/* ---- display order */

/* Stable merge sort of outcome indices by reward (ties keep index order): no qsort, whose
 * comparator would need the rewards through a global. */
static void merge_by_reward(const double *r, size_t *v, size_t *tmp, size_t n)
{
    if (n < 2)
        return;
    size_t h = n / 2, i = 0, j = h, k = 0;
    merge_by_reward(r, v, tmp, h);
    merge_by_reward(r, v + h, tmp, n - h);
    while (i < h && j < n)
        tmp[k++] = r[v[j]] < r[v[i]] ? v[j++] : v[i++];
    while (i < h)
        tmp[k++] = v[i++];
    while (j < n)
        tmp[k++] = v[j++];
    memcpy(v, tmp, n * sizeof *v);
}

void bonx_app_reward_order(const bonx_app *a, size_t *perm)
{
    size_t k = a->table.k;
    size_t *tmp = malloc((k ? k : 1) * sizeof *tmp);
    for (size_t i = 0; i < k; i++)
        perm[i] = i;
    if (tmp)   /* out of memory: file order, still a valid display */
        merge_by_reward(a->table.r, perm, tmp, k);
    free(tmp);
}

void bonx_app_update_rows(bonx_app *a)
{
    if (a->table_order)
        for (size_t i = 0; i < a->table.k; i++)
            a->rows[i] = i;
    else
        bonx_app_reward_order(a, a->rows);
    bonx_app_touch(a);
}

size_t bonx_app_row_of(const bonx_app *a, size_t i)
{
    for (size_t row = 0; row < a->table.k; row++)
        if (a->rows[row] == i)
            return row;
    return 0;
}

/* ---- the point readout */

static int grow(double **p, size_t k)
{
    double *q = realloc(*p, (k ? k : 1) * sizeof *q);
    if (!q)
        return -1;
    *p = q;
    return 0;
}

static int readout_resize(bonx_readout *ro, size_t k)
{
    return grow(&ro->pi_bon, k) | grow(&ro->pi_klrl, k) | grow(&ro->pi_cal, k) |
           grow(&ro->pi_rr, k);
}

static void readout_free(bonx_readout *ro)
{
    free(ro->pi_bon);
    free(ro->pi_klrl);
    free(ro->pi_cal);
    free(ro->pi_rr);
    memset(ro, 0, sizeof *ro);
}

/* Tau must keep some mass above it: snap it down to the top reward level if it does not. */
static void keep_tau_reachable(bonx_app *a)
{
    if (!(a->tau <= a->dist.r_max))
        a->tau = a->dist.r_max;
}

static void update_klrl(bonx_app *a)
{
    bonx_readout *ro = &a->ro;
    bonx_err e = {0};
    if (a->beta_from_kl) {
        double beta;
        if (bonx_tilt_beta_for_kl(&a->dist, BONX_TILT_REWARD, a->kl_target, &beta, &e) == 0)
            a->beta = beta;
        else {   /* the target left the reachable range: keep beta, say why */
            bonx_app_error(a, "KL target: %s; keeping beta", e.msg);
            a->beta_from_kl = 0;
        }
    }
    ro->klrl_ok = bonx_tilt_stats_at(&a->dist, BONX_TILT_REWARD, a->beta, &ro->klrl, &e) == 0 &&
                  bonx_tilt_pmf(&a->dist, BONX_TILT_REWARD, a->beta, ro->pi_klrl, &e) == 0;
    if (!ro->klrl_ok) {
        bonx_app_error(a, "KL-RL: %s", e.msg);
        ro->cal_ok = 0;
        return;
    }
    if (!a->beta_from_kl)
        a->kl_target = ro->klrl.kl;
    ro->klrl_draws = exp(-ro->klrl.log_z);

    /* The calibrated tilt at the same KL: the best win rate that KL allows. */
    double beta_cal = INFINITY;
    if (ro->klrl.kl > 0 &&
        bonx_tilt_beta_for_kl(&a->dist, BONX_TILT_CALIBRATED, ro->klrl.kl, &beta_cal, &e) != 0)
        beta_cal = NAN;
    ro->cal_ok = beta_cal == beta_cal &&
                 bonx_tilt_stats_at(&a->dist, BONX_TILT_CALIBRATED, beta_cal, &ro->cal, &e) == 0 &&
                 bonx_tilt_pmf(&a->dist, BONX_TILT_CALIBRATED, beta_cal, ro->pi_cal, &e) == 0;
    if (ro->cal_ok)
        ro->cal_draws = exp(-ro->cal.log_z);
}

void bonx_app_update_point(bonx_app *a)
{
    bonx_readout *ro = &a->ro;
    bonx_err e = {0};
    ro->bon_ok = bonx_bon_stats_at(&a->dist, a->n, a->t, &ro->bon, &e) == 0 &&
                 bonx_bon_pmf(&a->dist, a->n, ro->pi_bon, &e) == 0;
    if (!ro->bon_ok)
        bonx_app_error(a, "best-of-n: %s", e.msg);
    /* the gap sums (readout rows, key b) only when shown: up to ~1000 operations a group */
    ro->bounds_ok = ro->bon_ok &&
                    (a->show_bounds ? bonx_bounds_at : bonx_bounds_checks)(
                        &a->dist, a->n, ro->bon.kl, ro->bon.kl_estimate, &ro->bounds) == 0;
    /* the two conjectures of seed 001, checked at every point: a failure is news */
    if (ro->bounds_ok && ro->bounds.conj44_violated)
        bonx_app_error(a, "Conjecture 4.4 fails at n = %.6g: E[estimator] - KL = %.3g",
                       a->n, ro->bounds.est_excess);
    else if (ro->bounds_ok && ro->bounds.conj72_violated)
        bonx_app_error(a, "Conjecture 7.2 fails at n = %.6g: the win rate is above its curve "
                       "(margin %.3g nats; bonx bon --bounds)", a->n, ro->bounds.conj72_margin);
    update_klrl(a);
    keep_tau_reachable(a);
    ro->rr_ok = bonx_rr_stats_at(&a->dist, a->tau, &ro->rr, &e) == 0 &&
                bonx_rr_pmf(&a->dist, a->tau, ro->pi_rr, &e) == 0;
    if (!ro->rr_ok)
        bonx_app_error(a, "rewind-and-repeat: %s", e.msg);
    bonx_app_touch(a);
}

/* ---- committing a table */

static void record_undo(bonx_app *a, bonx_commit how, bonx_outcomes *old)
{
    switch (how) {
    case BONX_COMMIT_EDIT:
        bonx_undo_push(&a->undo, old);
        bonx_undo_clear(&a->redo);
        break;
    case BONX_COMMIT_UNDO: bonx_undo_push(&a->redo, old); break;
    case BONX_COMMIT_REDO: bonx_undo_push(&a->undo, old); break;
    case BONX_COMMIT_LOAD:
        bonx_outcomes_free(old);
        bonx_undo_clear(&a->undo);
        bonx_undo_clear(&a->redo);
        break;
    }
}

int bonx_app_commit_table(bonx_app *a, bonx_outcomes *cand, bonx_commit how)
{
    bonx_dist d = {0};
    bonx_err e = {0};
    size_t *rows = NULL;
    if (bonx_dist_init(&d, cand->k, cand->w, cand->r, &e) != 0 ||
        bonx_curves_compute(&a->curves, &d, &a->spec, &e) != 0 ||
        !(rows = malloc(cand->k * sizeof *rows)) || readout_resize(&a->ro, cand->k) != 0) {
        bonx_app_error(a, "%s; nothing changed", e.code ? e.msg : "out of memory");
        bonx_dist_free(&d);
        free(rows);
        bonx_outcomes_free(cand);
        if (a->dist.k)   /* the curves may be half-written: recompute the old ones */
            bonx_curves_compute(&a->curves, &a->dist, &a->spec, &e);
        return -1;
    }
    bonx_outcomes old = a->table;
    a->table = *cand;
    memset(cand, 0, sizeof *cand);
    record_undo(a, how, &old);
    bonx_dist_free(&a->dist);
    a->dist = d;
    free(a->rows);
    a->rows = rows;
    if (a->sel >= a->table.k)
        a->sel = a->table.k - 1;
    a->dirty = !bonx_outcomes_equal(&a->table, &a->saved);
    a->edits++;
    bonx_app_update_rows(a);
    bonx_app_update_point(a);
    return 0;
}

/* ---- opening, loading, saving */

static int table_from_preset(bonx_outcomes *t, const bonx_preset *p)
{
    bonx_outcomes view = {p->k, p->labels, p->w, p->r};
    return bonx_outcomes_copy(t, &view);
}

/* The middle reward level: rewind-and-repeat then has something to show. */
static double default_tau(const bonx_dist *d)
{
    return d->ng ? d->g_r[d->ng / 2] : 0.0;
}

static void set_default_params(bonx_app *a)
{
    const bonx_preset *p = &a->loaded;
    a->n = p->has_n ? p->n : DEFAULT_N;
    a->tau = p->has_tau ? p->tau : default_tau(&a->dist);
    a->beta_from_kl = !p->has_beta;
    a->beta = p->has_beta ? p->beta : INFINITY;
    if (a->beta_from_kl) {   /* no beta given: match best-of-n's KL at n */
        bonx_bon_stats s;
        bonx_err e = {0};
        a->kl_target = bonx_bon_stats_at(&a->dist, a->n, 0, &s, &e) == 0 ? s.kl : 0;
    }
}

double bonx_app_default_t(size_t k)
{
    return k <= BAND_MAX_K ? DEFAULT_T : 0.0;
}

static int adopt_preset(bonx_app *a, const bonx_preset *p, const char *path, char *err, size_t errlen)
{
    double t_before = a->t;
    a->t = a->spec.t = bonx_app_default_t(p->k);
    bonx_outcomes cand;
    bonx_preset copy = {0};
    char *path_copy = path ? strdup(path) : NULL;
    if (bonx_preset_copy(&copy, p) != 0 || table_from_preset(&cand, p) != 0 ||
        (path && !path_copy)) {
        bonx_preset_free(&copy);
        free(path_copy);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (bonx_app_commit_table(a, &cand, BONX_COMMIT_LOAD) != 0) {
        snprintf(err, errlen, "%s", a->message);
        a->t = a->spec.t = t_before;
        bonx_preset_free(&copy);
        free(path_copy);
        return -1;
    }
    bonx_preset_free(&a->loaded);
    a->loaded = copy;
    free(a->path);
    a->path = path_copy;
    bonx_outcomes_free(&a->saved);
    bonx_outcomes_copy(&a->saved, &a->table);
    a->dirty = 0;
    a->sel = a->rows[0];
    a->message[0] = '\0';
    a->message_is_error = 0;
    set_default_params(a);
    bonx_app_update_point(a);
    return 0;
}

int bonx_app_init(bonx_app *a, const bonx_preset *p, const char *path, char *err, size_t errlen)
{
    memset(a, 0, sizeof *a);
    bonx_curves_spec_default(&a->spec);
    bonx_err e = {0};
    bonx_adaptor_parse("temperature:0.5", &a->extras.adaptor, &e);   /* corpora view */
    a->n = DEFAULT_N;
    a->beta = INFINITY;
    if (adopt_preset(a, p, path, err, errlen) != 0) {
        bonx_app_free(a);
        return -1;
    }
    return 0;
}

void bonx_app_free(bonx_app *a)
{
    bonx_preset_free(&a->loaded);
    free(a->path);
    bonx_outcomes_free(&a->table);
    bonx_outcomes_free(&a->saved);
    bonx_dist_free(&a->dist);
    bonx_curves_free(&a->curves);
    bonx_app_extras_free(a);
    readout_free(&a->ro);
    free(a->rows);
    bonx_undo_clear(&a->undo);
    bonx_undo_clear(&a->redo);
    free(a->pending_load);
    if (a->picker)
        for (size_t i = 0; a->picker[i]; i++)
            free(a->picker[i]);
    free(a->picker);
    memset(a, 0, sizeof *a);
}

int bonx_app_load(bonx_app *a, const char *path)
{
    bonx_preset p = {0};
    char err[512];
    if (bonx_preset_load(path, &p, err, sizeof err) != 0) {
        bonx_app_error(a, "%s", err);
        return -1;
    }
    int rc = adopt_preset(a, &p, path, err, sizeof err);
    if (rc != 0)
        bonx_app_error(a, "%s: %s", path, err);
    else
        bonx_app_say(a, "loaded %s", path);
    bonx_preset_free(&p);
    return rc;
}

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

int bonx_app_to_preset(const bonx_app *a, bonx_preset *out)
{
    bonx_preset p = {0};
    bonx_outcomes t;
    if (bonx_outcomes_copy(&t, &a->table) != 0)
        return -1;
    p.name = dup_or_null(a->loaded.name);
    p.title = dup_or_null(a->loaded.title);
    p.note = dup_or_null(a->loaded.note);
    p.has_n = p.has_tau = 1;
    p.n = a->n;
    p.tau = a->tau;
    p.has_beta = isfinite(a->beta);
    p.beta = p.has_beta ? a->beta : 0;
    p.k = t.k;
    p.labels = t.labels;
    p.w = t.w;
    p.r = t.r;
    *out = p;
    return 0;
}

int bonx_app_save(bonx_app *a, const char *path)
{
    bonx_preset p;
    char err[512];
    if (bonx_app_to_preset(a, &p) != 0) {
        bonx_app_error(a, "save: out of memory");
        return -1;
    }
    int rc = bonx_preset_save(path, &p, err, sizeof err);
    bonx_preset_free(&p);
    if (rc != 0) {
        bonx_app_error(a, "save: %s", err);
        return -1;
    }
    char *copy = strdup(path);
    if (copy) {
        free(a->path);
        a->path = copy;
    }
    bonx_outcomes_free(&a->saved);
    bonx_outcomes_copy(&a->saved, &a->table);
    a->dirty = 0;
    bonx_app_say(a, "saved %s", path);
    return 0;
}
