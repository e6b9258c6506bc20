/* SPDX-License-Identifier: MIT */
/* The explorer's model: opening a preset, committing table changes (validate, recompute
 * once), the point readout, display order, messages, loading and saving. */
#include "app_state.h"

#include <math.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "recompute.h"
#include "elementary.h"

#define DEFAULT_N 4.0
#define DEFAULT_T 1.0
#define BAND_MAX_K 1024   /* the estimator band costs per outcome: off by default above */

void bonx_app_touch(bonx_app *a) { a->generation++; }

const char *bonx_app_note_text(const bonx_app *a)
{
    if (a->note_buf && a->note_buf[0])
        return a->note_buf;
    return a->loaded.note && a->loaded.note[0] ? a->loaded.note : NULL;
}

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

/* The bits of x and y differ (an undo restores -0 as -0). */
static int bits_differ(double x, double y)
{
    return memcmp(&x, &y, sizeof x) != 0;
}

/* The cells where old differs from now, as one step back from now; -1 when old is better
 * kept whole (see bonx_undo_push_step) or out of memory. */
static int step_cells(const bonx_outcomes *old, const bonx_outcomes *now, bonx_outcomes *out)
{
    size_t k = old->k, most = k / 16, n = 0;
    if (k != now->k || k < BONX_UNDO_CELLS_MIN_K)
        return -1;
    for (size_t i = 0; old->labels != now->labels && i < k; i++)   /* a set each: compare */
        if (strcmp(old->labels[i], now->labels[i]))
            return -1;
    for (size_t i = 0; i < k && n <= most; i++)
        n += bits_differ(old->w[i], now->w[i]) || bits_differ(old->r[i], now->r[i]);
    if (n > most)
        return -1;
    bonx_outcomes c = {0};
    c.k = n;
    c.cells = malloc((n ? n : 1) * sizeof *c.cells);
    c.w = malloc((n ? n : 1) * sizeof *c.w);
    c.r = malloc((n ? n : 1) * sizeof *c.r);
    if (!c.cells || !c.w || !c.r) {
        bonx_outcomes_free(&c);
        return -1;
    }
    for (size_t i = 0, m = 0; m < n; i++)
        if (bits_differ(old->w[i], now->w[i]) || bits_differ(old->r[i], now->r[i])) {
            c.cells[m] = i;
            c.w[m] = old->w[i];
            c.r[m++] = old->r[i];
        }
    *out = c;
    return 0;
}

int bonx_undo_push_step(bonx_undo_stack *s, bonx_outcomes *old, const bonx_outcomes *now)
{
    bonx_outcomes c;
    if (old->cells || step_cells(old, now, &c) != 0)
        return bonx_undo_push(s, old);
    bonx_outcomes_free(old);
    return bonx_undo_push(s, &c);
}

int bonx_undo_peek(const bonx_undo_stack *s, const bonx_outcomes *latest, bonx_outcomes *out)
{
    if (!s->len)
        return -1;
    const bonx_outcomes *step = &s->items[s->len - 1];
    if (!step->cells)
        return bonx_outcomes_copy(out, step);
    if (bonx_outcomes_copy(out, latest) != 0)   /* shares latest's labels: they are the same */
        return -1;
    for (size_t m = 0; m < step->k; m++) {
        out->w[step->cells[m]] = step->w[m];
        out->r[step->cells[m]] = step->r[m];
    }
    return 0;
}

void bonx_undo_drop(bonx_undo_stack *s)
{
    if (!s->len)
        return;
    s->len--;
    s->outcomes -= s->items[s->len].k;
    bonx_outcomes_free(&s->items[s->len]);
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

/* perm := indices 0..k-1 in ascending reward order (stable); file order when out of memory. */
static void order_by_reward(const double *r, size_t k, size_t *perm)
{
    size_t *tmp = malloc((k ? k : 1) * sizeof *tmp);
    for (size_t i = 0; i < k; i++)
        perm[i] = i;
    if (tmp)   /* out of memory: file order, still a valid display */
        merge_by_reward(r, perm, tmp, k);
    free(tmp);
}

void bonx_app_reward_order(const bonx_app *a, size_t *perm)
{
    const bonx_outcomes *t = bonx_app_latest(a);
    order_by_reward(t->r, t->k, perm);
}

static void fill_rows(const double *r, size_t k, int table_order, size_t *rows)
{
    if (table_order)
        for (size_t i = 0; i < k; i++)
            rows[i] = i;
    else
        order_by_reward(r, k, rows);
}

void bonx_app_update_rows(bonx_app *a)
{
    fill_rows(a->table.r, a->table.k, a->table_order, a->rows);
    bonx_app_touch(a);
}

size_t bonx_app_row_of(const bonx_app *a, size_t i)
{
    for (size_t row = 0; row < a->table.k; row++)
        if (a->rows[row] == i)
            return row;
    return 0;
}

/* ---- the distribution on show, kept alive while a background readout reads it */

struct bonx_dist_hold {
    atomic_int refs;
    bonx_dist d;
};

/* A holder taking d over (d zeroed), one reference; NULL when out of memory (d kept). */
static bonx_dist_hold *hold_new(bonx_dist *d)
{
    bonx_dist_hold *h = malloc(sizeof *h);
    if (!h)
        return NULL;
    atomic_init(&h->refs, 1);
    h->d = *d;
    memset(d, 0, sizeof *d);
    return h;
}

static bonx_dist_hold *hold_ref(bonx_dist_hold *h)
{
    atomic_fetch_add(&h->refs, 1);
    return h;
}

/* On either thread: the last one out frees the distribution. */
static void hold_unref(bonx_dist_hold *h)
{
    if (h && atomic_fetch_sub(&h->refs, 1) == 1) {
        bonx_dist_free(&h->d);
        free(h);
    }
}

bonx_dist_hold *bonx_app_hold_ref(bonx_dist_hold *h) { return hold_ref(h); }
void bonx_app_hold_unref(bonx_dist_hold *h) { hold_unref(h); }
const bonx_dist *bonx_app_hold_dist(const bonx_dist_hold *h) { return &h->d; }

/* Show d (taken over): a->dist is a view of the holder's distribution. */
static void show_dist(bonx_app *a, bonx_dist *d)
{
    bonx_dist_hold *h = hold_new(d);
    if (a->dist_hold)
        hold_unref(a->dist_hold);
    else
        bonx_dist_free(&a->dist);
    if (h) {
        a->dist_hold = h;
        a->dist = h->d;
    } else {   /* no holder: a->dist owns its arrays, and no readout job may borrow them */
        a->dist_hold = NULL;
        a->dist = *d;
        memset(d, 0, sizeof *d);
    }
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

/* What the point readout reads and may change: beta follows a KL target, tau snaps down to
 * the top reward level.  Kept apart from the app so that the background recompute can
 * compute the readout of a table the input thread no longer holds still. */
typedef struct bonx_point {
    double n, beta, kl_target, tau;
    int beta_from_kl;
    int gaps;   /* key b: the readout's gap sums (bonx_bounds_at), else the checks only */
    bonx_blockwise_law law;   /* the blockwise rows' length law and M (the preset's) */
} bonx_point;

static bonx_point point_of(const bonx_app *a)
{
    bonx_point pt = {.n = a->n, .beta = a->beta, .kl_target = a->kl_target, .tau = a->tau,
                     .beta_from_kl = a->beta_from_kl, .gaps = a->show_bounds};
    bonx_app_blockwise_law(a, &pt.law);
    return pt;
}

void bonx_app_blockwise_law(const bonx_app *a, bonx_blockwise_law *law)
{
    bonx_blockwise_law_default(law);
    const bonx_preset *p = &a->loaded;
    if (p->has_blockwise) {
        law->count = p->blockwise.count;
        memcpy(law->len, p->blockwise.len, sizeof law->len);
        memcpy(law->prob, p->blockwise.prob, sizeof law->prob);
    }
    if (p->has_block)
        law->block = p->blockwise.block;
}

/* Field by field (the struct has padding); bitwise on the doubles, so that an unchanged
 * infinite beta or a NaN never reads as a change or as no change by accident. */
static int same_point(const bonx_point *x, const bonx_point *y)
{
    return !memcmp(&x->n, &y->n, sizeof x->n) && !memcmp(&x->beta, &y->beta, sizeof x->beta) &&
           !memcmp(&x->kl_target, &y->kl_target, sizeof x->kl_target) &&
           !memcmp(&x->tau, &y->tau, sizeof x->tau) && x->beta_from_kl == y->beta_from_kl;
}

/* The last problem wins, as on the status line. */
static void point_problem(char *msg, size_t len, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static void point_problem(char *msg, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, len, fmt, ap);
    va_end(ap);
}

static void compute_klrl(const bonx_dist *d, bonx_point *pt, bonx_readout *ro, char *msg,
                         size_t len)
{
    bonx_err e = {0};
    if (pt->beta_from_kl) {
        double beta;
        if (bonx_tilt_beta_for_kl(d, BONX_TILT_REWARD, pt->kl_target, &beta, &e) == 0)
            pt->beta = beta;
        else {   /* the target left the reachable range: keep beta, say why */
            point_problem(msg, len, "KL target: %s; keeping beta", e.msg);
            pt->beta_from_kl = 0;
        }
    }
    ro->klrl_ok = bonx_tilt_stats_at(d, BONX_TILT_REWARD, pt->beta, &ro->klrl, &e) == 0 &&
                  bonx_tilt_pmf(d, BONX_TILT_REWARD, pt->beta, ro->pi_klrl, &e) == 0;
    if (!ro->klrl_ok) {
        point_problem(msg, len, "KL-RL: %s", e.msg);
        ro->cal_ok = 0;
        return;
    }
    if (!pt->beta_from_kl)
        pt->kl_target = ro->klrl.kl;
    ro->klrl_draws = bonx_exp(-ro->klrl.log_z);

    /* The calibrated tilt at the same KL: the best win rate that KL allows. */
    double beta_cal = INFINITY;
    if (ro->klrl.kl > 0 &&
        bonx_tilt_beta_for_kl(d, BONX_TILT_CALIBRATED, ro->klrl.kl, &beta_cal, &e) != 0)
        beta_cal = NAN;
    ro->cal_ok = beta_cal == beta_cal &&
                 bonx_tilt_stats_at(d, BONX_TILT_CALIBRATED, beta_cal, &ro->cal, &e) == 0 &&
                 bonx_tilt_pmf(d, BONX_TILT_CALIBRATED, beta_cal, ro->pi_cal, &e) == 0;
    if (ro->cal_ok)
        ro->cal_draws = bonx_exp(-ro->cal.log_z);
}

/* Seed 001's conjectures at the point n of ro, as a problem for the message line (msg left
 * as it was when both hold). */
static void conjecture_problem(const bonx_readout *ro, double n, char *msg, size_t len)
{
    if (ro->bounds_ok && ro->bounds.conj44_violated)
        point_problem(msg, len, "Conjecture 4.4 fails at n = %.6g: E[estimator] - KL = %.3g",
                      n, ro->bounds.est_excess);
    else if (ro->bounds_ok && ro->bounds.conj72_violated)
        point_problem(msg, len, "Conjecture 7.2 fails at n = %.6g: the win rate is above its "
                      "curve (margin %.3g nats; bonx bon --bounds)", n,
                      ro->bounds.conj72_margin);
}

/* Every policy at the point pt of d into ro (pi_* hold d->k); msg: the last problem, or
 * left as it was. */
static void compute_point(const bonx_dist *d, double t, bonx_point *pt, bonx_readout *ro,
                          char *msg, size_t len)
{
    bonx_err e = {0};
    ro->bon_ok = bonx_bon_stats_at(d, pt->n, t, &ro->bon, &e) == 0 &&
                 bonx_bon_pmf(d, pt->n, ro->pi_bon, &e) == 0;
    if (!ro->bon_ok)
        point_problem(msg, len, "best-of-n: %s", e.msg);
    /* seed 001's two conjectures, checked at every point (a failure is news); the gap sums
     * (up to ~1000 operations a group) only when the readout shows them */
    ro->bounds_ok = ro->bon_ok &&
                    (pt->gaps ? bonx_bounds_at : bonx_bounds_checks)(
                        d, pt->n, ro->bon.kl, ro->bon.kl_estimate, &ro->bounds) == 0;
    conjecture_problem(ro, pt->n, msg, len);
    /* blockwise best-of-n with the readout's gaps only (a block's types are K^M/M!: past
     * BONX_BLOCKWISE_MAX_TYPES the row is empty rather than slow) */
    ro->blockwise_ok = 0;
    if (pt->gaps && ro->bon_ok)
        ro->blockwise_ok = bonx_blockwise_at(d, pt->law.len, pt->law.prob, pt->law.count, pt->n,
                                             pt->law.block, &ro->blockwise, NULL) == 0;
    compute_klrl(d, pt, ro, msg, len);
    if (!(pt->tau <= d->r_max))   /* tau must keep some mass above it */
        pt->tau = d->r_max;
    ro->rr_ok = bonx_rr_stats_at(d, pt->tau, &ro->rr, &e) == 0 &&
                bonx_rr_pmf(d, pt->tau, ro->pi_rr, &e) == 0;
    if (!ro->rr_ok)
        point_problem(msg, len, "rewind-and-repeat: %s", e.msg);
}

static void apply_point(bonx_app *a, const bonx_point *pt, const char *msg)
{
    a->beta = pt->beta;
    a->kl_target = pt->kl_target;
    a->tau = pt->tau;
    a->beta_from_kl = pt->beta_from_kl;
    if (msg[0])
        bonx_app_error(a, "%s", msg);
    bonx_app_touch(a);
}

/* The readout at a new point on the background thread (a parameter key at a million
 * outcomes costs a tenth of a second): the job borrows the distribution on show through
 * its holder and is taken only while that distribution is still the one shown. */
typedef struct point_job {
    bonx_job base;
    bonx_dist_hold *hold;
    unsigned long edits;   /* a->edits when posted: the results belong to that table */
    double t;
    bonx_point pt_in, pt;
    bonx_readout ro;
    char msg[256];
    int rc;
} point_job;

static void point_job_run(bonx_job *b)
{
    point_job *j = (point_job *)b;
    if (readout_resize(&j->ro, j->hold->d.k) != 0) {
        j->rc = -1;
        return;
    }
    j->pt = j->pt_in;
    compute_point(&j->hold->d, j->t, &j->pt, &j->ro, j->msg, sizeof j->msg);
    j->rc = 0;
}

static void point_job_free(bonx_job *b)
{
    point_job *j = (point_job *)b;
    hold_unref(j->hold);
    readout_free(&j->ro);
    free(j);
}

static int post_point(bonx_app *a)
{
    point_job *j = calloc(1, sizeof *j);
    if (!j)
        return -1;
    bonx_job_init(&j->base, point_job_run, point_job_free);
    j->hold = hold_ref(a->dist_hold);
    j->edits = a->edits;
    j->t = a->t;
    j->pt_in = point_of(a);
    if (!a->point_pending && !a->has_pending)
        a->busy_since_ms = bonx_app_now_ms();
    a->point_seq = bonx_recompute_post(a->bg_point, &j->base);
    a->point_pending = 1;
    bonx_app_touch(a);
    return 0;
}

void bonx_app_update_point(bonx_app *a)
{
    if (a->point_deferred)   /* bonx_app_start_async computes it */
        return;
    if (a->bg_point && a->dist_hold && post_point(a) == 0)
        return;
    bonx_point pt = point_of(a);
    char msg[256] = "";
    compute_point(&a->dist, a->t, &pt, &a->ro, msg, sizeof msg);
    apply_point(a, &pt, msg);
}

/* A finished readout job: taken if it is the latest and its table is still shown. */
static int poll_point(bonx_app *a)
{
    bonx_job *b = a->bg_point ? bonx_recompute_take(a->bg_point) : NULL;
    if (!b)
        return 0;
    point_job *j = (point_job *)b;
    int latest = a->point_pending && b->seq == a->point_seq;
    if (latest && j->rc == 0 && j->edits != a->edits) {
        /* its table was replaced meanwhile: the same point again, on the table shown */
        point_job_free(b);
        a->point_pending = 0;
        bonx_app_update_point(a);
        return 0;
    }
    int mine = latest && j->rc == 0;
    if (mine) {
        bonx_readout t = a->ro;
        a->ro = j->ro;
        j->ro = t;
        a->point_pending = 0;
        bonx_point now = point_of(a);
        if (same_point(&j->pt_in, &now))
            apply_point(a, &j->pt, j->msg);
        else
            bonx_app_touch(a);
    } else if (latest) {
        a->point_pending = 0;   /* out of memory: keep the readout shown */
        bonx_app_error(a, "out of memory for the readout");
    }
    point_job_free(b);
    return mine;
}

/* ---- committing a table */

/* old (taken over): the table before the commit, whole or already as cells; now: the one
 * committed. */
static void record_undo(bonx_app *a, bonx_commit how, bonx_outcomes *old, const bonx_outcomes *now)
{
    switch (how) {
    case BONX_COMMIT_EDIT:
        bonx_undo_push_step(&a->undo, old, now);
        bonx_undo_clear(&a->redo);
        break;
    case BONX_COMMIT_UNDO: bonx_undo_push_step(&a->redo, old, now); break;
    case BONX_COMMIT_REDO: bonx_undo_push_step(&a->undo, old, now); break;
    case BONX_COMMIT_LOAD:
        bonx_outcomes_free(old);
        bonx_undo_clear(&a->undo);
        bonx_undo_clear(&a->redo);
        break;
    }
}

/* ---- the table job: everything computed from one table, on the background thread (or in
 * place when the app is not async).
 *
 * How a new curve or quantity plugs in: give table_job an output field, compute it in
 * table_job_run from j->dist (and j->spec / j->pt; never from the app, which the input
 * thread keeps changing), check bonx_cancelled(j->spec.cancel) between long pieces, swap
 * it into the app in install_job and free it in table_job_free.  A computation that only
 * depends on the curves' spec belongs in bonx_curves_compute (core/curves.c), which this
 * job already runs with a cancel hook. */
typedef struct table_job {
    bonx_job base;
    /* inputs: copies, owned */
    size_t k;
    double *w, *r;
    int table_order;
    bonx_curves_spec spec;   /* its n range is redone from the table when auto_range */
    int auto_range;
    double t;
    bonx_point pt_in;
    int no_point;            /* the readout left blank (loads, bonx_app_init_lazy) */
    /* a curves job (hold set): the curves for spec on the distribution shown, nothing else */
    bonx_dist_hold *hold;
    /* a load (load_path set): the preset is read here, on the background thread, and
     * becomes the table; preset, table and its saved / orig copies are outputs */
    char *load_path;
    bonx_preset preset;
    bonx_outcomes table, saved, orig;
    /* outputs */
    int rc;
    bonx_err err;
    bonx_dist dist;
    bonx_curves curves;
    bonx_readout ro;
    size_t *rows;
    bonx_point pt;
    char point_msg[256];
} table_job;

static void table_job_free(bonx_job *b)
{
    table_job *j = (table_job *)b;
    free(j->w);
    free(j->r);
    free(j->load_path);
    bonx_preset_free(&j->preset);
    bonx_outcomes_free(&j->table);
    bonx_outcomes_free(&j->saved);
    bonx_outcomes_free(&j->orig);
    bonx_dist_free(&j->dist);
    bonx_curves_free(&j->curves);
    readout_free(&j->ro);
    free(j->rows);
    if (j->hold)
        hold_unref(j->hold);
    free(j);
}

static int table_from_preset(bonx_outcomes *t, const bonx_preset *p);
static const char *table_problem(const bonx_outcomes *t);

/* A load job's table: the preset at load_path read, checked and copied (the app keeps it
 * three times: shown, as saved, as loaded), w and r for the dist, t at its default for k.
 * Fails as bonx_app_load_preset would, with its message. */
static int job_load(table_job *j)
{
    char msg[512];
    if (bonx_preset_load(j->load_path, &j->preset, msg, sizeof msg) != 0)
        return bonx_fail(&j->err, BONX_EINVAL, "%s", msg);
    if (bonx_cancelled(j->spec.cancel))
        return bonx_fail(&j->err, BONX_ECANCELED, "recompute cancelled");
    if (table_from_preset(&j->table, &j->preset) != 0)
        return bonx_fail(&j->err, BONX_ENOMEM, "%s: out of memory", j->load_path);
    const char *why = table_problem(&j->table);
    if (why)
        return bonx_fail(&j->err, BONX_EINVAL, "%s: %s; nothing changed", j->load_path, why);
    j->k = j->table.k;
    j->w = malloc(j->k * sizeof *j->w);
    j->r = malloc(j->k * sizeof *j->r);
    if (!j->w || !j->r || bonx_outcomes_copy(&j->saved, &j->table) != 0 ||
        bonx_outcomes_copy(&j->orig, &j->table) != 0)
        return bonx_fail(&j->err, BONX_ENOMEM, "%s: out of memory", j->load_path);
    memcpy(j->w, j->table.w, j->k * sizeof *j->w);
    memcpy(j->r, j->table.r, j->k * sizeof *j->r);
    j->t = j->spec.t = bonx_app_default_t(j->k);
    return BONX_OK;
}

static void table_job_run(bonx_job *b)
{
    table_job *j = (table_job *)b;
    j->spec.cancel = bonx_recompute_cancel(b);
    if (j->hold) {   /* a curves job */
        const bonx_dist *d = bonx_app_hold_dist(j->hold);
        if (j->auto_range) {
            j->spec.n_min = 1.0;
            j->spec.n_max = bonx_curves_auto_n_max(d);
        }
        j->rc = bonx_curves_compute(&j->curves, d, &j->spec, &j->err) != 0 ? -1 : 0;
        return;
    }
    if (j->load_path && (j->rc = job_load(j)) != 0)
        return;
    /* the dist takes the job's copies of the table over (at K = 1e6, 16 MB not copied
     * again) and stops between the pieces of its sort when a newer edit cancels the job */
    double *w = j->w, *r = j->r;
    j->w = j->r = NULL;
    int ok = bonx_dist_init_owned(&j->dist, j->k, w, r, j->spec.cancel, &j->err) == 0;
    if (ok && j->auto_range) {   /* the n axis follows the new table */
        j->spec.n_min = 1.0;
        j->spec.n_max = bonx_curves_auto_n_max(&j->dist);
    }
    if (!ok || bonx_curves_compute(&j->curves, &j->dist, &j->spec, &j->err) != 0) {
        j->rc = -1;
        return;
    }
    if (!(j->rows = malloc(j->k * sizeof *j->rows)) || readout_resize(&j->ro, j->k) != 0) {
        j->rc = bonx_fail(&j->err, BONX_ENOMEM, "out of memory");
        return;
    }
    if (!j->table_order && j->dist.g_first[j->dist.ng] == j->k)
        /* every outcome has mass: d->order is the (reward, index) order already (ties,
         * +-0 among them, by index as the stable sort leaves them), no second sort */
        memcpy(j->rows, j->dist.order, j->k * sizeof *j->rows);
    else
        fill_rows(j->dist.r, j->k, j->table_order, j->rows);
    if (bonx_cancelled(j->spec.cancel)) {
        j->rc = bonx_fail(&j->err, BONX_ECANCELED, "recompute cancelled");
        return;
    }
    j->pt = j->pt_in;
    if (j->no_point) {   /* blank: nothing valid, the pmfs 0 */
        double *pis[] = {j->ro.pi_bon, j->ro.pi_klrl, j->ro.pi_cal, j->ro.pi_rr};
        for (size_t i = 0; i < sizeof pis / sizeof *pis; i++)
            memset(pis[i], 0, j->k * sizeof *pis[i]);
    } else
        compute_point(&j->dist, j->t, &j->pt, &j->ro, j->point_msg, sizeof j->point_msg);
    j->rc = 0;
}

/* A job with the app's settings and point, no table yet. */
static table_job *table_job_blank(const bonx_app *a)
{
    table_job *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    bonx_job_init(&j->base, table_job_run, table_job_free);
    j->table_order = a->table_order;
    j->spec = a->spec;
    j->auto_range = !a->n_range_set;
    j->t = a->t;
    j->pt_in = point_of(a);
    return j;
}

static table_job *table_job_new(const bonx_app *a, const bonx_outcomes *t)
{
    table_job *j = table_job_blank(a);
    if (!j)
        return NULL;
    size_t bytes = (t->k ? t->k : 1) * sizeof(double);
    j->w = malloc(bytes);
    j->r = malloc(bytes);
    if (!j->w || !j->r) {
        table_job_free(&j->base);
        return NULL;
    }
    j->k = t->k;
    if (t->k) {
        memcpy(j->w, t->w, t->k * sizeof *j->w);
        memcpy(j->r, t->r, t->k * sizeof *j->r);
    }
    return j;
}

const bonx_outcomes *bonx_app_latest(const bonx_app *a)
{
    return a->has_pending ? &a->pending : &a->table;
}

/* What bonx_dist_init would refuse, found in one cheap pass on the input thread, so that
 * an edit is refused at once and a background recompute cannot fail on the table. */
static const char *table_problem(const bonx_outcomes *t)
{
    int mass = 0;
    if (t->k == 0)
        return "the table needs at least one outcome";
    for (size_t i = 0; i < t->k; i++) {
        if (!isfinite(t->w[i]) || t->w[i] < 0 || !isfinite(t->r[i]))
            return "a weight or reward is not a finite number (weights >= 0)";
        mass |= t->w[i] > 0;
    }
    return mass ? NULL : "the weights sum to zero";
}

/* Make j's results the app's (table: the table they were computed from, taken over). */
static void install_job(bonx_app *a, table_job *j, bonx_outcomes *table)
{
    show_dist(a, &j->dist);
    bonx_curves tc = a->curves;   /* the old curves go with the job (freed with it) */
    a->curves = j->curves;
    j->curves = tc;
    bonx_readout tr = a->ro;
    a->ro = j->ro;
    j->ro = tr;
    free(a->rows);
    a->rows = j->rows;
    j->rows = NULL;
    bonx_outcomes_free(&a->table);
    a->table = *table;
    memset(table, 0, sizeof *table);
    if (a->sel_after < a->table.k)
        a->sel = a->sel_after;
    a->sel_after = (size_t)-1;
    if (a->sel >= a->table.k)
        a->sel = a->table.k - 1;
    a->dirty = !bonx_outcomes_equal(bonx_app_latest(a), &a->saved);
    a->edits++;
    if (j->table_order != a->table_order)   /* the order key was pressed meanwhile */
        bonx_app_update_rows(a);
    if (j->auto_range && !a->n_range_set) {   /* the n axis the job found for this table */
        a->spec.n_min = j->spec.n_min;
        a->spec.n_max = j->spec.n_max;
    }
    a->n_lo = a->spec.n_min;
    a->n_hi = a->spec.n_max;
    if ((j->spec.t != a->spec.t || j->spec.n_min != a->spec.n_min ||
         j->spec.n_max != a->spec.n_max) &&   /* t or the n axis changed meanwhile (rare) */
        bonx_app_post_curves(a, 0) != 0) {
        bonx_err e = {0};
        bonx_curves_compute(&a->curves, &a->dist, &a->spec, &e);
    }
    if (a->spec.bounds && !a->curves.has_bounds)   /* key b pressed meanwhile */
        bonx_curves_paper_bounds(&a->curves, &a->dist);
    bonx_point now = point_of(a);
    if (j->no_point)
        ;   /* the readout waits for bonx_app_start_async */
    else if (same_point(&now, &j->pt_in) && j->t == a->t)
        apply_point(a, &j->pt, j->point_msg);
    else   /* the parameters moved while it computed: their readout on the new table */
        bonx_app_update_point(a);
    bonx_app_touch(a);
}

/* Drop whatever the background thread computes (a load replaces the table meanwhile). */
static void drop_pending(bonx_app *a)
{
    bonx_recompute_cancel_all(a->bg);
    if (a->has_pending)
        bonx_outcomes_free(&a->pending);
    a->has_pending = 0;
    a->load_pending = 0;
    a->curves_pending = 0;
    a->job_seq = 0;
}

/* The background way: the edit becomes the latest table at once (undo, save and the next
 * edit see it), the screen keeps the last computed frame until the job is taken. */
static int commit_async(bonx_app *a, bonx_outcomes *cand, bonx_commit how)
{
    table_job *j = table_job_new(a, cand);
    bonx_outcomes old;
    /* the table shown stays shown: the step back to it as cells where they do, else a copy */
    if (!j || (!a->has_pending && step_cells(&a->table, cand, &old) != 0 &&
               bonx_outcomes_copy(&old, &a->table) != 0)) {
        if (j)
            table_job_free(&j->base);
        bonx_outcomes_free(cand);
        bonx_app_error(a, "out of memory; nothing changed");
        return -1;
    }
    if (a->has_pending)
        old = a->pending;
    record_undo(a, how, &old, cand);
    a->pending = *cand;
    a->has_pending = 1;
    memset(cand, 0, sizeof *cand);
    a->dirty = !bonx_outcomes_equal(&a->pending, &a->saved);
    a->curves_pending = 0;   /* superseded: the table job computes the curves of a->spec */
    a->job_seq = bonx_recompute_post(a->bg, &j->base);
    a->busy_since_ms = bonx_app_now_ms();
    bonx_app_touch(a);
    return 0;
}

int bonx_app_commit_table(bonx_app *a, bonx_outcomes *cand, bonx_commit how)
{
    if (a->load_pending && how != BONX_COMMIT_LOAD) {   /* the table is about to go */
        bonx_app_error(a, "a preset is loading and replaces this table; nothing changed");
        bonx_outcomes_free(cand);
        return -1;
    }
    const char *why = table_problem(cand);
    if (why) {
        bonx_app_error(a, "%s; nothing changed", why);
        bonx_outcomes_free(cand);
        return -1;
    }
    if (a->bg && how != BONX_COMMIT_LOAD)
        return commit_async(a, cand, how);
    drop_pending(a);
    table_job *j = table_job_new(a, cand);
    if (j) {
        /* a load's readout is computed by adopted() at the preset's defaults: not here too */
        j->no_point = a->point_deferred || how == BONX_COMMIT_LOAD;
        bonx_recompute_run_here(&j->base);
    }
    if (!j || j->rc != 0) {
        bonx_app_error(a, "%s; nothing changed", j && j->err.code ? j->err.msg : "out of memory");
        if (j)
            table_job_free(&j->base);
        bonx_outcomes_free(cand);
        return -1;
    }
    bonx_outcomes old = a->table;
    memset(&a->table, 0, sizeof a->table);
    record_undo(a, how, &old, cand);
    install_job(a, j, cand);
    table_job_free(&j->base);
    return 0;
}

static void finish_load(bonx_app *a, table_job *j);

/* A finished curves job, the latest: its curves and n axis shown (the distribution is still
 * the one it computed on: a table job posted since superseded it). */
static void install_curves(bonx_app *a, table_job *j)
{
    a->curves_pending = 0;
    if (j->rc != 0) {   /* short of memory: keep the curves shown */
        bonx_app_error(a, "curves: %s; the curves shown are the last computed", j->err.msg);
        return;
    }
    bonx_curves tc = a->curves;   /* the old curves go with the job (freed with it) */
    a->curves = j->curves;
    j->curves = tc;
    if (j->auto_range) {
        a->spec.n_min = j->spec.n_min;
        a->spec.n_max = j->spec.n_max;
        bonx_app_say(a, "n axis follows the data: 1 to %.3g", a->spec.n_max);
    }
    a->n_lo = j->spec.n_min;
    a->n_hi = j->spec.n_max;
    if (a->spec.bounds && !a->curves.has_bounds)   /* key b pressed meanwhile */
        bonx_curves_paper_bounds(&a->curves, &a->dist);
    bonx_app_touch(a);
}

int bonx_app_post_curves(bonx_app *a, int auto_range)
{
    if (!a->bg || !a->dist_hold)
        return -1;
    if (a->has_pending || a->load_pending)   /* its install takes a->spec (install_job); */
        return auto_range ? -1 : 0;           /* the automatic axis is found in place */
    table_job *j = table_job_blank(a);
    if (!j)
        return -1;
    j->hold = bonx_app_hold_ref(a->dist_hold);
    j->auto_range = auto_range;
    if (!a->curves_pending && !bonx_app_computing(a))
        a->busy_since_ms = bonx_app_now_ms();
    a->curves_seq = bonx_recompute_post(a->bg, &j->base);
    a->curves_pending = 1;
    bonx_app_touch(a);
    return 0;
}

static int poll_table(bonx_app *a)
{
    if (!a->bg)
        return 0;
    bonx_job *b = bonx_recompute_take(a->bg);
    if (!b)
        return 0;
    table_job *j = (table_job *)b;
    if (j->hold) {
        int mine = a->curves_pending && b->seq == a->curves_seq;
        if (mine)
            install_curves(a, j);
        table_job_free(b);
        return mine;
    }
    if (j->load_path) {
        int loaded = a->load_pending && b->seq == a->job_seq;
        if (loaded)
            finish_load(a, j);
        table_job_free(b);
        return loaded;
    }
    int mine = a->has_pending && b->seq == a->job_seq;
    if (mine && j->rc == 0) {
        bonx_outcomes t = a->pending;
        memset(&a->pending, 0, sizeof a->pending);
        a->has_pending = 0;
        install_job(a, j, &t);
    } else if (mine && j->err.code != BONX_ECANCELED) {
        /* cannot happen for a table table_problem passed, short of memory: keep the frame */
        bonx_app_error(a, "recompute failed: %s; the table shown is the last computed",
                       j->err.msg);
        bonx_outcomes_free(&a->pending);
        a->has_pending = 0;
        a->dirty = !bonx_outcomes_equal(&a->table, &a->saved);
    }
    table_job_free(b);
    return mine;
}

int bonx_app_poll_recompute(bonx_app *a)
{
    int table = poll_table(a);   /* first: it may post a new readout */
    int point = poll_point(a);
    return bonx_app_poll_extras(a) | point | table;
}

int bonx_app_computing(const bonx_app *a)
{
    return a->has_pending || a->load_pending || a->curves_pending || a->point_pending ||
           a->extras_pending;
}

int bonx_app_wait_recompute(bonx_app *a, int ms)
{
    double end = bonx_app_now_ms() + ms;
    while (bonx_app_computing(a)) {
        double left = end - bonx_app_now_ms();
        if (left <= 0)
            return 0;
        bonx_recompute *rc = a->has_pending || a->load_pending || a->curves_pending ? a->bg
                             : a->point_pending                 ? a->bg_point
                                                                : a->bg_extras;
        bonx_recompute_wait(rc, (int)left + 1);
        bonx_app_poll_recompute(a);
    }
    return 1;
}

int bonx_app_start_async(bonx_app *a)
{
    if (!a->bg)
        a->bg = bonx_recompute_new();
    if (a->bg && !a->bg_point)
        a->bg_point = bonx_recompute_new();
    if (a->bg && a->bg_point && !a->bg_extras)   /* without it the extra views compute here */
        a->bg_extras = bonx_recompute_new();
    if (a->bg && !a->bg_point) {
        bonx_recompute_free(a->bg);
        a->bg = NULL;
    }
    if (a->point_deferred) {   /* bonx_app_init_lazy's readout: on its thread, or here */
        a->point_deferred = 0;
        bonx_app_update_point(a);
    }
    return a->bg ? 0 : -1;
}

double bonx_app_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

/* ---- opening, loading, saving */

static int table_from_preset(bonx_outcomes *t, const bonx_preset *p)
{
    bonx_outcomes view = {p->k, p->labels, p->w, p->r, NULL, NULL};
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

static void adopted(bonx_app *a, bonx_preset *copy, char *path_copy, bonx_outcomes *saved,
                    bonx_outcomes *orig);

static int adopt_preset(bonx_app *a, const bonx_preset *p, const char *path, char *err, size_t errlen)
{
    double t_before = a->t;
    a->t = a->spec.t = bonx_app_default_t(p->k);
    bonx_outcomes cand;
    bonx_preset copy = {0};
    /* the title, note and defaults; the outcomes are kept once, in orig (a million labels
     * twice was 40 MB) */
    bonx_preset head = *p;
    head.k = 0;
    char *path_copy = path ? strdup(path) : NULL;
    if (bonx_preset_copy(&copy, &head) != 0 || table_from_preset(&cand, p) != 0 ||
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
    adopted(a, &copy, path_copy, NULL, NULL);
    return 0;
}

/* After a preset's table is installed: its title, note and defaults (copy, taken over),
 * where it came from (path_copy, taken over), the table as saved and as loaded (taken over
 * from saved and orig, or copied from the table when NULL), the default parameters. */
static void adopted(bonx_app *a, bonx_preset *copy, char *path_copy, bonx_outcomes *saved,
                    bonx_outcomes *orig)
{
    bonx_preset_free(&a->loaded);
    a->loaded = *copy;
    memset(copy, 0, sizeof *copy);
    free(a->path);
    a->path = path_copy;
    bonx_outcomes_free(&a->saved);
    if (saved) {
        a->saved = *saved;
        memset(saved, 0, sizeof *saved);
    } else
        bonx_outcomes_copy(&a->saved, &a->table);
    bonx_outcomes_free(&a->orig);
    if (orig) {
        a->orig = *orig;
        memset(orig, 0, sizeof *orig);
    } else
        bonx_outcomes_copy(&a->orig, &a->table);
    a->dirty = 0;
    a->sel = a->rows[0];
    a->message[0] = '\0';
    a->message_is_error = 0;
    set_default_params(a);
    bonx_app_update_point(a);
    bonx_app_scene_start(a);   /* flags a failing conjecture itself */
}

void bonx_app_flag_conjecture(bonx_app *a)
{
    /* a conjecture failing at the point on show is news on every frame that shows it, not
     * only after the next recompute (issue 14) */
    if (a->message_is_error || a->point_pending || a->has_pending || a->load_pending)
        return;
    char msg[256] = "";
    conjecture_problem(&a->ro, a->n, msg, sizeof msg);
    if (msg[0])
        bonx_app_error(a, "%s", msg);
}

/* A load job came back: its preset in place of the current one, or its error (the table,
 * preset and parameters as they were). */
static void finish_load(bonx_app *a, table_job *j)
{
    a->load_pending = 0;
    if (j->rc != 0) {
        if (j->err.code != BONX_ECANCELED)
            bonx_app_error(a, "%s", j->err.msg);
        return;
    }
    bonx_preset copy = {0}, head = j->preset;
    head.k = 0;   /* the title, note and defaults: the outcomes are in orig */
    char *path_copy = strdup(j->load_path);
    if (bonx_preset_copy(&copy, &head) != 0 || !path_copy) {
        bonx_preset_free(&copy);
        free(path_copy);
        bonx_app_error(a, "%s: out of memory; nothing changed", j->load_path);
        return;
    }
    bonx_outcomes old = a->table;
    memset(&a->table, 0, sizeof a->table);
    record_undo(a, BONX_COMMIT_LOAD, &old, NULL);
    a->t = a->spec.t = j->t;
    install_job(a, j, &j->table);
    adopted(a, &copy, path_copy, &j->saved, &j->orig);
    if (a->message[0] && a->message_is_error) {   /* a failing conjecture: keep it */
        char was[sizeof a->message];
        snprintf(was, sizeof was, "%s", a->message);
        bonx_app_error(a, "loaded %s; %s", a->path, was);
    } else
        bonx_app_say(a, "loaded %s", a->path);
}

static int init_app(bonx_app *a, const bonx_preset *p, const char *path, char *err,
                    size_t errlen, int lazy)
{
    memset(a, 0, sizeof *a);
    a->point_deferred = lazy;
    a->sel_after = (size_t)-1;
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

int bonx_app_init(bonx_app *a, const bonx_preset *p, const char *path, char *err, size_t errlen)
{
    return init_app(a, p, path, err, errlen, 0);
}

int bonx_app_init_lazy(bonx_app *a, const bonx_preset *p, const char *path, char *err,
                       size_t errlen)
{
    return init_app(a, p, path, err, errlen, 1);
}

void bonx_app_free(bonx_app *a)
{
    drop_pending(a);
    bonx_recompute_free(a->bg);   /* cancels and joins a recompute still running */
    bonx_recompute_free(a->bg_point);
    bonx_recompute_free(a->bg_extras);
    bonx_preset_free(&a->loaded);
    free(a->path);
    bonx_outcomes_free(&a->table);
    bonx_outcomes_free(&a->saved);
    bonx_outcomes_free(&a->orig);
    if (a->dist_hold)
        hold_unref(a->dist_hold);
    else
        bonx_dist_free(&a->dist);
    bonx_curves_free(&a->curves);
    bonx_curves_free(&a->pinned);
    bonx_app_extras_free(a);
    readout_free(&a->ro);
    free(a->rows);
    bonx_undo_clear(&a->undo);
    bonx_undo_clear(&a->redo);
    free(a->pending_load);
    free(a->note_buf);
    if (a->deck) {
        bonx_lecture_free(a->deck);
        free(a->deck);
    }
    if (a->picker)
        for (size_t i = 0; a->picker[i]; i++)
            free(a->picker[i]);
    free(a->picker);
    memset(a, 0, sizeof *a);
}

int bonx_app_load_preset(bonx_app *a, const bonx_preset *p, const char *path)
{
    char err[512];
    int rc = adopt_preset(a, p, path, err, sizeof err);
    if (rc != 0)
        bonx_app_error(a, "%s: %s", path ? path : "preset", err);
    else if (a->message[0] && a->message_is_error) {   /* a failing conjecture: keep it */
        char was[sizeof a->message];
        snprintf(was, sizeof was, "%s", a->message);
        bonx_app_error(a, "loaded %s; %s", path ? path : "preset", was);
    } else
        bonx_app_say(a, "loaded %s", path ? path : "preset");
    return rc;
}

/* The background way: the file is read, checked and computed by a job; until it is back
 * the screen keeps the current table (edits to it are refused: it is about to go), and a
 * file that cannot be loaded leaves everything as it was. */
static int load_async(bonx_app *a, const char *path)
{
    if (a->has_pending) {   /* its job would be superseded, the edit neither shown nor undone */
        bonx_app_error(a, "an edit is still computing; load %s once it is shown", path);
        return -1;
    }
    table_job *j = table_job_blank(a);
    if (j) {
        j->load_path = strdup(path);
        j->no_point = 1;   /* finish_load's adopted() computes it at the preset's defaults */
    }
    if (!j || !j->load_path) {
        if (j)
            table_job_free(&j->base);
        bonx_app_error(a, "%s: out of memory", path);
        return -1;
    }
    a->curves_pending = 0;   /* superseded: the load replaces the curves */
    a->job_seq = bonx_recompute_post(a->bg, &j->base);
    a->load_pending = 1;
    a->busy_since_ms = bonx_app_now_ms();
    bonx_app_say(a, "loading %s", path);
    return 0;
}

int bonx_app_load(bonx_app *a, const char *path)
{
    if (a->bg)
        return load_async(a, path);
    bonx_preset p = {0};
    char err[512];
    if (bonx_preset_load(path, &p, err, sizeof err) != 0) {
        bonx_app_error(a, "%s", err);
        return -1;
    }
    int rc = bonx_app_load_preset(a, &p, path);
    bonx_preset_free(&p);
    return rc;
}

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

#define EDITED_MARK "Edited in bonx from "

/* 1 when the table is not the one the loaded preset describes. */
static int edited_since_load(const bonx_app *a)
{
    return !bonx_outcomes_equal(bonx_app_latest(a), &a->orig);   /* what is saved */
}

/* An edited table must not reopen under a title and note that describe another one (an
 * edited 4-outcome table reopening as "two equally likely outcomes"): the title says what
 * it is now, and the note keeps the original text under a line saying it was written for
 * the table as loaded. */
static int describe_edit(const bonx_app *a, bonx_preset *p)
{
    const char *name = a->loaded.name ? a->loaded.name : "a table";
    char title[256];
    snprintf(title, sizeof title, "Edited from %s: %zu outcomes", name, bonx_app_latest(a)->k);
    const char *old = a->loaded.note;
    int marked = old && !strncmp(old, EDITED_MARK, strlen(EDITED_MARK));
    size_t len = (old ? strlen(old) : 0) + 512;
    char *note = malloc(len);
    if (!note)
        return -1;
    if (marked || !old || !*old)
        snprintf(note, len, "%s", old && *old ? old : "Edited in bonx (no note).");
    else
        snprintf(note, len, EDITED_MARK "'%s' (%zu outcomes). Its note, below, describes that "
                 "table, not this one.\n\n%s", name, a->orig.k, old);
    free(p->title);
    free(p->note);
    p->title = strdup(title);
    p->note = note;
    return p->title ? 0 : -1;
}

int bonx_app_to_preset(const bonx_app *a, bonx_preset *out)
{
    bonx_preset p = {0};
    bonx_outcomes t;
    /* what was typed, computed or not; labels of its own, which the preset takes over */
    if (bonx_outcomes_copy(&t, bonx_app_latest(a)) != 0)
        return -1;
    if (bonx_outcomes_own_labels(&t) != 0) {
        bonx_outcomes_free(&t);
        return -1;
    }
    p.name = dup_or_null(a->loaded.name);
    p.title = dup_or_null(a->loaded.title);
    p.note = dup_or_null(a->loaded.note);
    p.has_n = p.has_tau = 1;
    p.n = a->n;
    p.tau = a->tau;
    p.rewards_log_q = a->loaded.rewards_log_q;
    p.has_beta = isfinite(a->beta);
    p.beta = p.has_beta ? a->beta : 0;
    p.k = t.k;
    p.labels = t.labels;
    p.w = t.w;
    p.r = t.r;
    if (bonx_scene_copy(&p.scene, &a->loaded.scene) != 0) {   /* the scene is saved too */
        bonx_preset_free(&p);
        return -1;
    }
    if (edited_since_load(a) && describe_edit(a, &p) != 0) {
        bonx_preset_free(&p);
        return -1;
    }
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
    bonx_outcomes_copy(&a->saved, bonx_app_latest(a));
    a->dirty = 0;
    bonx_app_say(a, "saved %s", path);
    return 0;
}
