/* SPDX-License-Identifier: MIT */
/* The background recompute thread of recompute.h: a queue of at most one job (the latest),
 * the job running, and a slot for the finished one, under one mutex. */
#include "recompute.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

struct bonx_recompute {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;        /* a job was queued, or quit */
    bonx_job *queued, *running, *done;
    unsigned long seq;        /* number of the last job posted */
    int quit;
    int pipe_rd, pipe_wr;     /* a byte per finished job */
};

static int job_stop(void *ctx)
{
    return atomic_load_explicit(&((bonx_job *)ctx)->cancel, memory_order_relaxed);
}

void bonx_job_init(bonx_job *j, void (*run)(bonx_job *), void (*free_fn)(bonx_job *))
{
    j->run = run;
    j->free = free_fn;
    j->seq = 0;
    atomic_init(&j->cancel, 0);
    j->cancel_hook.stop = job_stop;
    j->cancel_hook.ctx = j;
}

const bonx_cancel *bonx_recompute_cancel(bonx_job *j) { return &j->cancel_hook; }

void bonx_recompute_run_here(bonx_job *j) { j->run(j); }

static void notify(bonx_recompute *rc)
{
    char b = 1;
    while (write(rc->pipe_wr, &b, 1) < 0 && errno == EINTR)
        ;
    /* EAGAIN: the pipe is full of unread notices already; one more says nothing new */
}

static void drain(bonx_recompute *rc)
{
    char buf[64];
    while (read(rc->pipe_rd, buf, sizeof buf) > 0)
        ;
}

static void *thread_main(void *p)
{
    bonx_recompute *rc = p;
    pthread_mutex_lock(&rc->mu);
    for (;;) {
        while (!rc->queued && !rc->quit)
            pthread_cond_wait(&rc->cv, &rc->mu);
        if (rc->quit)
            break;
        bonx_job *j = rc->running = rc->queued;
        rc->queued = NULL;
        pthread_mutex_unlock(&rc->mu);
        j->run(j);
        pthread_mutex_lock(&rc->mu);
        rc->running = NULL;
        if (j->seq != rc->seq || atomic_load(&j->cancel)) {   /* superseded while it ran */
            pthread_mutex_unlock(&rc->mu);
            j->free(j);
            pthread_mutex_lock(&rc->mu);
            continue;
        }
        bonx_job *old = rc->done;
        rc->done = j;
        notify(rc);
        if (old) {
            pthread_mutex_unlock(&rc->mu);
            old->free(old);
            pthread_mutex_lock(&rc->mu);
        }
    }
    pthread_mutex_unlock(&rc->mu);
    return NULL;
}

static int nonblocking(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

bonx_recompute *bonx_recompute_new(void)
{
    bonx_recompute *rc = calloc(1, sizeof *rc);
    int fds[2];
    if (!rc)
        return NULL;
    if (pipe(fds) != 0) {
        free(rc);
        return NULL;
    }
    rc->pipe_rd = fds[0];
    rc->pipe_wr = fds[1];
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    if (nonblocking(fds[0]) || nonblocking(fds[1]) || pthread_mutex_init(&rc->mu, NULL))
        goto fail_pipe;
    if (pthread_cond_init(&rc->cv, NULL))
        goto fail_mu;
    if (pthread_create(&rc->thread, NULL, thread_main, rc))
        goto fail_cv;
    return rc;
fail_cv:
    pthread_cond_destroy(&rc->cv);
fail_mu:
    pthread_mutex_destroy(&rc->mu);
fail_pipe:
    close(fds[0]);
    close(fds[1]);
    free(rc);
    return NULL;
}

/* Under the mutex: withdraw the queued job (returned, to free outside) and cancel the
 * running one. */
static bonx_job *supersede(bonx_recompute *rc)
{
    bonx_job *q = rc->queued;
    rc->queued = NULL;
    if (rc->running)
        atomic_store(&rc->running->cancel, 1);
    return q;
}

unsigned long bonx_recompute_post(bonx_recompute *rc, bonx_job *j)
{
    pthread_mutex_lock(&rc->mu);
    bonx_job *old = supersede(rc), *stale = rc->done;
    rc->done = NULL;
    /* A notice of the stale result would wake the waiters for nothing.  Drained under the
     * mutex, before j is queued: the thread notifies only under it, so no notice of j can
     * be drained (after the unlock, a fast j could finish first and its notice be lost,
     * leaving its result unseen until some other event). */
    drain(rc);
    j->seq = ++rc->seq;
    rc->queued = j;
    pthread_cond_signal(&rc->cv);
    pthread_mutex_unlock(&rc->mu);
    if (old)
        old->free(old);
    if (stale)
        stale->free(stale);
    return j->seq;
}

void bonx_recompute_cancel_all(bonx_recompute *rc)
{
    if (!rc)
        return;
    pthread_mutex_lock(&rc->mu);
    bonx_job *old = supersede(rc), *stale = rc->done;
    rc->done = NULL;
    rc->seq++;   /* whatever runs now finishes as superseded */
    drain(rc);
    pthread_mutex_unlock(&rc->mu);
    if (old)
        old->free(old);
    if (stale)
        stale->free(stale);
}

bonx_job *bonx_recompute_take(bonx_recompute *rc)
{
    drain(rc);
    pthread_mutex_lock(&rc->mu);
    bonx_job *j = rc->done;
    rc->done = NULL;
    pthread_mutex_unlock(&rc->mu);
    return j;
}

int bonx_recompute_wait(bonx_recompute *rc, int ms)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        pthread_mutex_lock(&rc->mu);
        int have = rc->done != NULL, idle = !rc->queued && !rc->running;
        pthread_mutex_unlock(&rc->mu);
        if (have || idle)
            return have;
        struct timespec t;
        clock_gettime(CLOCK_MONOTONIC, &t);
        long left = ms - ((t.tv_sec - t0.tv_sec) * 1000L + (t.tv_nsec - t0.tv_nsec) / 1000000L);
        if (left <= 0)
            return 0;
        struct pollfd pf = {rc->pipe_rd, POLLIN, 0};
        poll(&pf, 1, (int)left);   /* the notice wakes us; the byte stays for take to drain */
    }
}

int bonx_recompute_busy(bonx_recompute *rc)
{
    pthread_mutex_lock(&rc->mu);
    int busy = rc->queued || rc->running;
    pthread_mutex_unlock(&rc->mu);
    return busy;
}

int bonx_recompute_fd(const bonx_recompute *rc) { return rc->pipe_rd; }

void bonx_recompute_free(bonx_recompute *rc)
{
    if (!rc)
        return;
    pthread_mutex_lock(&rc->mu);
    bonx_job *old = supersede(rc), *stale = rc->done;
    rc->done = NULL;
    rc->quit = 1;
    pthread_cond_signal(&rc->cv);
    pthread_mutex_unlock(&rc->mu);
    if (old)
        old->free(old);
    if (stale)
        stale->free(stale);
    pthread_join(rc->thread, NULL);   /* a running job was cancelled: it stops soon */
    pthread_cond_destroy(&rc->cv);
    pthread_mutex_destroy(&rc->mu);
    close(rc->pipe_rd);
    close(rc->pipe_wr);
    free(rc);
}
