/* SPDX-License-Identifier: MIT */
/* Everything the explorer draws, in one call per edit: best-of-n on a log grid of n, both
 * tilted families on a lambda grid spanning their KL range, every rewind-and-repeat level,
 * and the tradeoff points of all policies. */
#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "curves.h"
#include "grid.h"
#include "numeric.h"
#include "worker.h"
#include "elementary.h"

#define CACHE_LINE 64

static const char *const policy_names[BONX_POLICY_COUNT] = {
    "bon", "bon_analytic", "klrl", "klrl_calibrated", "rr"};

const char *bonx_policy_name(bonx_policy p)
{
    return (unsigned)p < BONX_POLICY_COUNT ? policy_names[p] : "?";
}

void bonx_curves_spec_default(bonx_curves_spec *spec)
{
    spec->n_min = 1;
    spec->n_max = 1e6;
    spec->n_points = 256;
    spec->tilt_points = 256;
    spec->t = 0;
    spec->cancel = NULL;
}

/* KL(n) rises monotonically to the ceiling, so "close enough" is a threshold in n. */
static int kl_near_ceiling(const bonx_dist *d, double n, double ceiling)
{
    bonx_bon_stats st;
    if (bonx_bon_stats_at(d, n, 0.0, &st, NULL) != 0)
        return 1;   /* cannot evaluate: do not extend the axis on its account */
    return ceiling - st.kl <= BONX_AUTO_N_GAP * ceiling;
}

/* The next of 1, 2, 5 times a power of ten at or above v (v >= 1): the axis then ends on a
 * round number. */
static double nice_up(double v)
{
    double e = bonx_pow(10.0, floor(bonx_log10(v)));
    double m = v / e;
    return (m <= 1.0 + 1e-12 ? 1.0 : m <= 2.0 ? 2.0 : m <= 5.0 ? 5.0 : 10.0) * e;
}

double bonx_curves_auto_n_max(const bonx_dist *d)
{
    if (!d || d->ng == 0)
        return BONX_AUTO_N_MIN;
    double ceiling = -bonx_log(d->g[d->ng - 1]);
    if (!(ceiling > 0.0) || !isfinite(ceiling))
        return BONX_AUTO_N_MIN;   /* one reward level: KL is 0 at every n */
    double lo = bonx_log10(BONX_AUTO_N_MIN), hi = bonx_log10(BONX_AUTO_N_MAX);
    if (kl_near_ceiling(d, BONX_AUTO_N_MIN, ceiling))
        return BONX_AUTO_N_MIN;
    if (!kl_near_ceiling(d, BONX_AUTO_N_MAX, ceiling))
        return BONX_AUTO_N_MAX;
    while (hi - lo > 4e-4) {   /* 0.1% in n */
        double mid = 0.5 * (lo + hi);
        if (kl_near_ceiling(d, bonx_pow(10.0, mid), ceiling))
            hi = mid;
        else
            lo = mid;
    }
    return fmin(nice_up(bonx_pow(10.0, hi)), BONX_AUTO_N_MAX);
}

/* Grow *buf to hold n elements of size sz; *cap tracks the allocation.  The contents are
 * not kept (every recompute writes them anew).  Cache-line aligned: the two threads write
 * neighbouring runs of the best-of-n arrays, and a line shared by both would travel between
 * the cores at every run. */
static int reserve(void **buf, size_t *cap, size_t n, size_t sz)
{
    if (n <= *cap && *buf)
        return 0;
    size_t bytes = ((n ? n : 1) * sz + CACHE_LINE - 1) / CACHE_LINE * CACHE_LINE;
    void *q = aligned_alloc(CACHE_LINE, bytes);
    if (!q)
        return -1;
    free(*buf);
    *buf = q;
    *cap = n;
    return 0;
}

static int reserve_all(bonx_curves *c, size_t nb, size_t nt, size_t nr)
{
    size_t ntr = 2 * nb + 2 * nt + nr, cap_tilt2 = c->cap_tilt;
    if (reserve((void **)&c->bon, &c->cap_bon, nb, sizeof *c->bon) ||
        reserve((void **)&c->tilt, &c->cap_tilt, nt, sizeof *c->tilt) ||
        reserve((void **)&c->tilt_cal, &cap_tilt2, nt, sizeof *c->tilt_cal) ||
        reserve((void **)&c->rr, &c->cap_rr, nr, sizeof *c->rr) ||
        reserve((void **)&c->tradeoff, &c->cap_tradeoff, ntr, sizeof *c->tradeoff))
        return -1;
    size_t cap_trade2 = c->cap_trade;
    if (reserve((void **)&c->bounds, &c->cap_bounds, nb, sizeof *c->bounds) ||
        reserve((void **)&c->trade_kl, &c->cap_trade, 3 * nb, sizeof *c->trade_kl) ||
        reserve((void **)&c->trade_wr, &cap_trade2, 3 * nb, sizeof *c->trade_wr))
        return -1;
    return 0;
}

static int check_spec(const bonx_curves_spec *s, bonx_err *err)
{
    if (!(s->n_min >= 1) || !(s->n_max >= s->n_min) || isinf(s->n_max))
        return bonx_fail(err, BONX_EINVAL, "n range must satisfy 1 <= n_min <= n_max < inf");
    if (s->n_points == 0 || s->tilt_points == 0)
        return bonx_fail(err, BONX_EINVAL, "curves need at least one point");
    if (!(s->t >= 0 && s->t <= BONX_T_MAX))
        return bonx_fail(err, BONX_EINVAL, "the spread parameter t must be from 0 to %g",
                         BONX_T_MAX);
    return BONX_OK;
}

/* Largest KL step between neighbours, as a fraction of kl_max. */
static double largest_step(const bonx_tilt_stats *out, size_t npts, double kl_max)
{
    double m = 0;
    for (size_t i = 1; i < npts; i++)
        m = fmax(m, (out[i].kl - out[i - 1].kl) / kl_max);
    return m;
}

/* New log-lambdas at equal arc length along the curve (log lambda, KL), both normalised:
 * where the KL jumps between two neighbours, points move into the jump. */
static int respace(const bonx_tilt_stats *out, size_t npts, double kl_max, double *loglam)
{
    double *arc = malloc(npts * sizeof *arc);
    if (!arc)
        return -1;
    double span = bonx_log(out[0].beta) - bonx_log(out[npts - 1].beta);
    arc[0] = 0;
    for (size_t i = 1; i < npts; i++) {
        double dx = (bonx_log(out[i - 1].beta) - bonx_log(out[i].beta)) / span;
        double dy = (out[i].kl - out[i - 1].kl) / kl_max;
        arc[i] = arc[i - 1] + sqrt(dx * dx + dy * dy);
    }
    size_t seg = 1;
    for (size_t i = 0; i < npts; i++) {
        double a = arc[npts - 1] * (double)i / (double)(npts - 1);
        while (seg < npts - 1 && arc[seg] < a)
            seg++;
        double f = arc[seg] > arc[seg - 1] ? (a - arc[seg - 1]) / (arc[seg] - arc[seg - 1]) : 0;
        f = fmin(fmax(f, 0), 1);
        loglam[i] = -bonx_log(out[seg - 1].beta) * (1 - f) - bonx_log(out[seg].beta) * f;
    }
    free(arc);
    return 0;
}

static int eval_family(const bonx_dist *d, bonx_tilt_kind kind, size_t npts,
                       const double *loglam, bonx_tilt_stats *out, bonx_err *err)
{
    double *betas = malloc(npts * sizeof *betas);
    if (!betas)
        return bonx_fail(err, BONX_ENOMEM, "out of memory for the curves");
    for (size_t i = 0; i < npts; i++)
        betas[i] = bonx_fexp(-loglam[i]); /* inline: libm's exp was ~3 us of 512 betas */
    int rc = bonx_tilt_family(d, kind, betas, npts, out, err);
    free(betas);
    return rc;
}

/* Lambda = 1/beta log-spaced from KL ~ 1e-5 kl_max to KL ~ (1 - 1e-5) kl_max (ascending
 * lambda is ascending KL); where the KL still jumps by more than 10% of kl_max between
 * neighbours (rewards bunched far apart, calibrated gaps of 1e-300), the points are
 * re-spaced by arc length, a few times at most. */
static int tilt_family(const bonx_dist *d, bonx_tilt_kind kind, size_t npts,
                       const bonx_cancel *cancel, bonx_tilt_stats *out, bonx_err *err)
{
    double kl_max = bonx_tilt_kl_max(d, kind);
    if (!(kl_max > 0)) {
        /* One reward level: every beta gives p (KL 0).  The points are finite betas from
         * 1e3 down to 1e-3, as on any other curve, not beta = inf, which no table prints. */
        for (size_t i = 0; i < npts; i++) {
            double f = npts > 1 ? (double)i / (double)(npts - 1) : 0;
            if (bonx_tilt_stats_at(d, kind, bonx_pow(10.0, 3 - 6 * f), &out[i], err))
                return err ? err->code : BONX_EINVAL;
        }
        return BONX_OK;
    }
    double beta_lo_kl, beta_hi_kl;
    bonx_tilt_family_range(d, kind, &beta_lo_kl, &beta_hi_kl);
    int rc;
    double *loglam = calloc(npts, sizeof *loglam);
    if (!loglam)
        return bonx_fail(err, BONX_ENOMEM, "out of memory for the curves");
    double lo = -bonx_log(beta_lo_kl), hi = -bonx_log(beta_hi_kl);
    for (size_t i = 0; i < npts; i++) {
        double f = npts > 1 ? (double)i / (double)(npts - 1) : 0;
        loglam[i] = lo * (1 - f) + hi * f;
    }
    rc = eval_family(d, kind, npts, loglam, out, err);
    for (int pass = 0; !rc && pass < 4 && npts > 2 && largest_step(out, npts, kl_max) > 0.1;
         pass++) {
        if (bonx_cancelled(cancel)) {
            rc = bonx_fail(err, BONX_ECANCELED, "recompute cancelled");
            break;
        }
        if (respace(out, npts, kl_max, loglam)) {
            rc = bonx_fail(err, BONX_ENOMEM, "out of memory for the curves");
            break;
        }
        rc = eval_family(d, kind, npts, loglam, out, err);
    }
    free(loglam);
    return rc;
}

/* The tradeoff list is grouped by policy in enum order: bon and bon_analytic (nb points
 * each), klrl and klrl_calibrated (nt each), rr (nr).  Each task writes its own part. */
static size_t tradeoff_at(bonx_policy p, size_t nb, size_t nt)
{
    switch (p) {
    case BONX_POLICY_BON: return 0;
    case BONX_POLICY_BON_ANALYTIC: return nb;
    case BONX_POLICY_KLRL: return 2 * nb;
    case BONX_POLICY_KLRL_CALIBRATED: return 2 * nb + nt;
    default: return 2 * nb + 2 * nt;
    }
}

static void tradeoff_bon(bonx_curves *c, size_t nb, size_t nt, size_t first, size_t count)
{
    bonx_tradeoff_point *exact = c->tradeoff + tradeoff_at(BONX_POLICY_BON, nb, nt),
                        *lit = c->tradeoff + tradeoff_at(BONX_POLICY_BON_ANALYTIC, nb, nt);
    for (size_t i = first; i < first + count; i++) {
        const bonx_bon_stats *b = &c->bon[i];
        exact[i] = (bonx_tradeoff_point){BONX_POLICY_BON, b->n, b->kl, b->win_rate, b->reward};
        lit[i] = (bonx_tradeoff_point){BONX_POLICY_BON_ANALYTIC, b->n, b->kl_analytic,
                                       b->win_rate, b->reward};
    }
}

static void tradeoff_tilt(bonx_curves *c, size_t nb, size_t nt, bonx_policy p,
                          const bonx_tilt_stats *fam)
{
    bonx_tradeoff_point *out = c->tradeoff + tradeoff_at(p, nb, nt);
    for (size_t i = 0; i < nt; i++)
        out[i] = (bonx_tradeoff_point){p, fam[i].beta, fam[i].kl, fam[i].win_rate, fam[i].reward};
}

static void tradeoff_rr(bonx_curves *c, size_t nb, size_t nt, size_t nr)
{
    bonx_tradeoff_point *out = c->tradeoff + tradeoff_at(BONX_POLICY_RR, nb, nt);
    for (size_t i = 0; i < nr; i++)
        out[i] = (bonx_tradeoff_point){BONX_POLICY_RR, c->rr[i].tau, c->rr[i].kl,
                                       c->rr[i].win_rate, c->rr[i].reward};
}

/* The work of one recompute as tasks: the two tilted families, then the best-of-n grid
 * points in runs of BON_CHUNK (one bonx_bon_stats_grid call each, 4 points a pass over the
 * groups), lowest n (the most groups to visit) first, then every rewind-and-repeat level;
 * each task also writes its part of the tradeoff list.  The caller owns the even tasks and
 * the helper thread the odd ones (neighbours cost about the same, but for the two tilted
 * families, both the caller's: see run_task); each does its own in
 * order, then takes what the other has not started yet, from the other's end (the cheap runs
 * of large n).  A task is claimed by an atomic exchange on its own flag, and each
 * side's flags sit on their own cache lines, so claims cost no traffic between the cores
 * until the two meet; a helper that wakes late finds its tasks done. */
typedef struct compute_job {
    bonx_curves *c;
    const bonx_dist *d;
    const bonx_curves_spec *spec;
    size_t ntasks;
    atomic_uchar *flags[2]; /* flags[t][s]: task 2 s + t claimed */
} compute_job;

typedef struct compute_worker {
    compute_job *job;
    int side, rc;
    bonx_err err;
    char pad[64]; /* the two workers' results on separate cache lines */
} compute_worker;

#define TASKS_TILT 2
/* 8 points: 8 statistics (104 bytes each) and 8 tradeoff points (40 bytes) fill whole cache
 * lines, so that runs written by different threads never share one */
#define BON_CHUNK 8
_Static_assert(BON_CHUNK * sizeof(bonx_bon_stats) % CACHE_LINE == 0 &&
                   BON_CHUNK * sizeof(bonx_tradeoff_point) % CACHE_LINE == 0,
               "a run of grid points must fill whole cache lines");

static size_t bon_tasks(const bonx_curves_spec *spec)
{
    return (spec->n_points + BON_CHUNK - 1) / BON_CHUNK;
}

/* the tilted families, the best-of-n runs, the rewind-and-repeat levels */
static size_t task_count(const bonx_curves_spec *spec)
{
    return TASKS_TILT + bon_tasks(spec) + 1;
}

static int run_task(compute_job *job, size_t i, bonx_err *err)
{
    bonx_curves *c = job->c;
    if (bonx_cancelled(job->spec->cancel))   /* superseded: stop at the next piece */
        return bonx_fail(err, BONX_ECANCELED, "recompute cancelled");
    /* tasks 1 and 2 swapped: both tilted families are the caller's (0 and 2), one after the
     * other, so that their trees (9 MB each at K = 1e6) are not built at once */
    if (i == 1 || i == 2)
        i = 3 - i;
    size_t nb = job->spec->n_points, nt = job->spec->tilt_points;
    if (i < TASKS_TILT) {
        bonx_tilt_kind kind = i == 0 ? BONX_TILT_REWARD : BONX_TILT_CALIBRATED;
        bonx_tilt_stats *fam = i == 0 ? c->tilt : c->tilt_cal;
        int rc = tilt_family(job->d, kind, nt, job->spec->cancel, fam, err);
        if (!rc)
            tradeoff_tilt(c, nb, nt, i == 0 ? BONX_POLICY_KLRL : BONX_POLICY_KLRL_CALIBRATED, fam);
        return rc;
    }
    i -= TASKS_TILT;
    if (i == bon_tasks(job->spec)) {
        tradeoff_rr(c, nb, nt, bonx_rr_all_levels(job->d, c->rr));
        return BONX_OK;
    }
    size_t first = i * BON_CHUNK, count = nb - first;
    if (count > BON_CHUNK)
        count = BON_CHUNK;
    int rc = bonx_bon_stats_grid(job->d, c->bon_grid, first, count, job->spec->t,
                                 c->bon + first, err);
    if (!rc)
        tradeoff_bon(c, nb, nt, first, count);
    return rc;
}

/* Tasks of side t: 2 s + t < ntasks. */
static size_t side_tasks(const compute_job *job, int t)
{
    return (job->ntasks + 1 - (size_t)t) / 2;
}

/* Claim task 2 s + t and run it, unless the other side got there first. */
static void claim_and_run(compute_worker *w, int t, size_t s)
{
    if (!atomic_exchange_explicit(&w->job->flags[t][s], 1, memory_order_relaxed))
        w->rc = run_task(w->job, 2 * s + (size_t)t, &w->err);
}

static void compute_worker_run(void *arg)
{
    compute_worker *w = arg;
    int me = w->side, other = 1 - me;
    for (size_t s = 0, n = side_tasks(w->job, me); s < n && !w->rc; s++)
        claim_and_run(w, me, s);
    for (size_t s = side_tasks(w->job, other); s-- > 0 && !w->rc;)
        claim_and_run(w, other, s);
}

/* Below this many groups the helper is not asked (measured with a kept helper thread). */
#define COMPUTE_THREAD_MIN_GROUPS 1

static int compute_all(bonx_curves *c, const bonx_dist *d, const bonx_curves_spec *spec,
                       bonx_err *err)
{
    compute_job job = {c, d, spec, task_count(spec), {NULL, NULL}};
    /* each side's flags from a cache line of their own */
    size_t per_side = (side_tasks(&job, 0) + CACHE_LINE - 1) / CACHE_LINE * CACHE_LINE;
    unsigned char *mem = malloc(2 * per_side + CACHE_LINE);
    if (!mem)
        return bonx_fail(err, BONX_ENOMEM, "out of memory for the curves");
    uintptr_t skip = (CACHE_LINE - (uintptr_t)mem % CACHE_LINE) % CACHE_LINE;
    atomic_uchar *base = (atomic_uchar *)(mem + skip);
    for (size_t i = 0; i < 2 * per_side; i++)
        atomic_init(&base[i], 0);
    job.flags[0] = base;
    job.flags[1] = base + per_side;
    compute_worker w[2] = {{&job, 0, 0, {0}, {0}}, {&job, 1, 0, {0}, {0}}};
    if (d->ng >= COMPUTE_THREAD_MIN_GROUPS && !c->worker)
        c->worker = bonx_worker_new();
    int threaded = d->ng >= COMPUTE_THREAD_MIN_GROUPS && c->worker;
    if (threaded)
        bonx_worker_post(c->worker, compute_worker_run, &w[1]);
    compute_worker_run(&w[0]);
    if (threaded)
        bonx_worker_cancel_or_wait(c->worker);
    free(mem);
    for (int i = 0; i < 2; i++)
        if (w[i].rc) {
            if (err)
                *err = w[i].err;
            return w[i].rc;
        }
    return BONX_OK;
}

/* The log grid of n for spec, kept between recomputes with what best-of-n derives from n
 * alone (bonx_bon_grid): edits change the distribution, not the grid. */
static int n_grid(bonx_curves *c, const bonx_curves_spec *spec, bonx_err *err)
{
    if (c->grid && c->grid_points == spec->n_points && c->grid_min == spec->n_min &&
        c->grid_max == spec->n_max)
        return BONX_OK;
    free(c->grid);
    c->grid = malloc(spec->n_points * sizeof *c->grid);
    c->grid_points = 0;
    if (!c->grid)
        return bonx_fail(err, BONX_ENOMEM, "out of memory for the curves");
    bonx_bon_grid_free(c->bon_grid);
    c->bon_grid = NULL;
    int rc = bonx_grid(spec->n_min, spec->n_max, spec->n_points, 1, c->grid, err);
    if (!rc)
        rc = bonx_bon_grid_new(&c->bon_grid, c->grid, spec->n_points, err);
    if (rc)
        return rc;
    c->grid_points = spec->n_points;
    c->grid_min = spec->n_min;
    c->grid_max = spec->n_max;
    return BONX_OK;
}

/* Seed 001's bounds on the n grid (core/bounds.h), O(1) per n, and the three tradeoff-curve
 * bounds (the readout's numbers come from bonx_bounds_at instead). */
void bonx_curves_paper_bounds(bonx_curves *c, const bonx_dist *d)
{
    size_t nb = c->n_bon;
    bonx_bounds_renyi rn;
    bonx_bounds_renyi_of(d, &rn);
    for (size_t i = 0; i < nb; i++)
        bonx_bounds_chart(d, &rn, c->grid[i], &c->bounds[i]);
    static const bonx_trade_bound which[3] = {BONX_TRADE_LOWER_A6, BONX_TRADE_UPPER_A7,
                                              BONX_TRADE_CONJ72};
    for (size_t w = 0; w < 3; w++)
        bonx_bounds_tradeoff_from(c->bounds, &c->bon[0].kl_analytic, sizeof(bonx_bon_stats), nb,
                                  rn.eps_inf, which[w], c->trade_kl + w * nb,
                                  c->trade_wr + w * nb);
    c->has_bounds = 1;
}

int bonx_curves_compute(bonx_curves *c, const bonx_dist *d, const bonx_curves_spec *spec,
                        bonx_err *err)
{
    int rc = check_spec(spec, err);
    if (rc)
        return rc;
    if (reserve_all(c, spec->n_points, spec->tilt_points, d->ng))
        return bonx_fail(err, BONX_ENOMEM, "out of memory for the curves");
    c->n_bon = c->n_tilt = c->n_rr = c->n_tradeoff = 0;
    c->has_bounds = 0;
    rc = n_grid(c, spec, err);
    if (!rc)
        rc = compute_all(c, d, spec, err);
    if (rc)
        return rc;
    c->n_bon = spec->n_points;
    c->n_tilt = spec->tilt_points;
    c->n_rr = bonx_rr_level_count(d);
    c->n_tradeoff = 2 * c->n_bon + 2 * c->n_tilt + c->n_rr;
    c->kl_ceiling = bonx_dist_kl_ceiling(d);
    c->has_bounds = 0;
    if (spec->bounds)
        bonx_curves_paper_bounds(c, d);
    return BONX_OK;
}

static void *dup_array(const void *src, size_t n, size_t size)
{
    void *p = malloc((n ? n : 1) * size);
    if (p && n)
        memcpy(p, src, n * size);
    return p;
}

int bonx_curves_copy(bonx_curves *dst, const bonx_curves *src)
{
    bonx_curves c = {0};
    c.n_bon = src->n_bon;
    c.n_tilt = src->n_tilt;
    c.n_rr = src->n_rr;
    c.n_tradeoff = src->n_tradeoff;
    c.kl_ceiling = src->kl_ceiling;
    c.bon = dup_array(src->bon, src->n_bon, sizeof *src->bon);
    c.tilt = dup_array(src->tilt, src->n_tilt, sizeof *src->tilt);
    c.tilt_cal = dup_array(src->tilt_cal, src->n_tilt, sizeof *src->tilt_cal);
    c.rr = dup_array(src->rr, src->n_rr, sizeof *src->rr);
    c.tradeoff = dup_array(src->tradeoff, src->n_tradeoff, sizeof *src->tradeoff);
    c.cap_bon = c.n_bon;
    c.cap_tilt = c.n_tilt;
    c.cap_rr = c.n_rr;
    c.cap_tradeoff = c.n_tradeoff;
    if (!c.bon || !c.tilt || !c.tilt_cal || !c.rr || !c.tradeoff) {
        bonx_curves_free(&c);
        *dst = (bonx_curves){0};
        return -1;
    }
    *dst = c;
    return 0;
}

void bonx_curves_free(bonx_curves *c)
{
    free(c->bon);
    free(c->tilt);
    free(c->tilt_cal);
    free(c->rr);
    free(c->tradeoff);
    free(c->bounds);
    free(c->trade_kl);
    free(c->trade_wr);
    free(c->grid);
    bonx_bon_grid_free(c->bon_grid);
    bonx_worker_free(c->worker);
    *c = (bonx_curves){0};
}
