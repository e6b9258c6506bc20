/* SPDX-License-Identifier: MIT */
/* The helper thread of worker.h.  Jobs are numbered: `posted` is the number of the last job
 * handed over, `finished` the last one done; `state` says whether the posted job is still
 * to start (POSTED), taken (RUNNING) or withdrawn (CANCELLED): the helper and a cancelling
 * owner race for it with one compare-and-swap each, so exactly one of them wins.  Both sides first poll these atomics (cheap, no
 * system call) and then fall back to a mutex and condition variables, so that an idle helper
 * costs nothing after BONX_WORKER_SPIN_NS. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#include "worker.h"

enum { JOB_POSTED, JOB_RUNNING, JOB_CANCELLED };

struct bonx_worker {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t job_cv, done_cv;
    atomic_ulong posted, finished;
    atomic_int quit, state;
    void (*fn)(void *);
    void *arg;
};

static void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

static long long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Poll until *v != old or spin_ns have passed; 1 if it changed.  The poller yields the
 * processor every few microseconds, so that it never delays another runnable thread. */
static int poll_change(atomic_ulong *v, unsigned long old, const atomic_int *quit, long spin_ns)
{
    long long end = now_ns() + spin_ns;
    for (unsigned i = 1;; i++) {
        if (atomic_load_explicit(v, memory_order_acquire) != old || atomic_load(quit))
            return 1;
        cpu_relax();
        if (i % 64 == 0) {
            if (now_ns() > end)
                return 0;
            sched_yield();
        }
    }
}

static void *worker_main(void *p)
{
    bonx_worker *w = p;
    unsigned long seen = 0;
    for (;;) {
        if (!poll_change(&w->posted, seen, &w->quit, BONX_WORKER_SPIN_NS)) {
            pthread_mutex_lock(&w->mu);
            while (atomic_load(&w->posted) == seen && !atomic_load(&w->quit))
                pthread_cond_wait(&w->job_cv, &w->mu);
            pthread_mutex_unlock(&w->mu);
        }
        if (atomic_load(&w->quit))
            return NULL;
        seen = atomic_load_explicit(&w->posted, memory_order_acquire);
        int expect = JOB_POSTED;
        /* fn and arg were stored before state (release): the swap's acquire sees them */
        if (atomic_compare_exchange_strong(&w->state, &expect, JOB_RUNNING))
            w->fn(w->arg);
        pthread_mutex_lock(&w->mu);
        atomic_store_explicit(&w->finished, seen, memory_order_release);
        pthread_cond_broadcast(&w->done_cv);
        pthread_mutex_unlock(&w->mu);
    }
}

bonx_worker *bonx_worker_new(void)
{
    bonx_worker *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    atomic_init(&w->posted, 0);
    atomic_init(&w->finished, 0);
    atomic_init(&w->quit, 0);
    atomic_init(&w->state, JOB_RUNNING);
    if (pthread_mutex_init(&w->mu, NULL))
        goto fail_mu;
    if (pthread_cond_init(&w->job_cv, NULL))
        goto fail_job;
    if (pthread_cond_init(&w->done_cv, NULL))
        goto fail_done;
    if (pthread_create(&w->thread, NULL, worker_main, w))
        goto fail_thread;
    return w;
fail_thread:
    pthread_cond_destroy(&w->done_cv);
fail_done:
    pthread_cond_destroy(&w->job_cv);
fail_job:
    pthread_mutex_destroy(&w->mu);
fail_mu:
    free(w);
    return NULL;
}

void bonx_worker_post(bonx_worker *w, void (*fn)(void *), void *arg)
{
    pthread_mutex_lock(&w->mu);
    w->fn = fn;
    w->arg = arg;
    atomic_store_explicit(&w->state, JOB_POSTED, memory_order_release);
    atomic_fetch_add_explicit(&w->posted, 1, memory_order_release);
    pthread_cond_signal(&w->job_cv);
    pthread_mutex_unlock(&w->mu);
}

void bonx_worker_wait(bonx_worker *w)
{
    unsigned long want = atomic_load(&w->posted);
    atomic_int never = 0;
    unsigned long last = atomic_load_explicit(&w->finished, memory_order_acquire);
    if (last == want)
        return;
    /* the helper usually finishes about when the caller does: poll briefly first */
    if (poll_change(&w->finished, last, &never, BONX_WORKER_SPIN_NS) &&
        atomic_load_explicit(&w->finished, memory_order_acquire) == want)
        return;
    pthread_mutex_lock(&w->mu);
    while (atomic_load(&w->finished) != want)
        pthread_cond_wait(&w->done_cv, &w->mu);
    pthread_mutex_unlock(&w->mu);
}

int bonx_worker_cancel_or_wait(bonx_worker *w)
{
    int expect = JOB_POSTED;
    if (atomic_compare_exchange_strong(&w->state, &expect, JOB_CANCELLED))
        return 1; /* the helper will skip it; finished catches up when it next looks */
    bonx_worker_wait(w);
    return 0;
}

void bonx_worker_free(bonx_worker *w)
{
    if (!w)
        return;
    bonx_worker_wait(w);
    pthread_mutex_lock(&w->mu);
    atomic_store(&w->quit, 1);
    pthread_cond_signal(&w->job_cv);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    pthread_cond_destroy(&w->done_cv);
    pthread_cond_destroy(&w->job_cv);
    pthread_mutex_destroy(&w->mu);
    free(w);
}
