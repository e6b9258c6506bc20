/* SPDX-License-Identifier: MIT */
/* One helper thread that runs one job at a time for its owner, kept between jobs so that a
 * recompute does not pay for a thread's creation (tens of microseconds on a virtual machine,
 * as much as a whole recompute of a small distribution).  After a job the helper keeps
 * polling for the next one for a short while (BONX_WORKER_SPIN_NS) before it sleeps: edits
 * that come in a burst (a held key, a dragged value) hand over in a microsecond instead of a
 * wake-up from sleep.  The owner must not post a job while one is running. */
#ifndef BONX_WORKER_H
#define BONX_WORKER_H

/* How long an idle helper polls before it sleeps. */
#define BONX_WORKER_SPIN_NS 1000000L

typedef struct bonx_worker bonx_worker;

/* A new helper thread, or NULL when none can be started (callers then do the work alone). */
bonx_worker *bonx_worker_new(void);

/* Start fn(arg) on the helper and return at once. */
void bonx_worker_post(bonx_worker *w, void (*fn)(void *), void *arg);

/* Wait until the posted job has returned. */
void bonx_worker_wait(bonx_worker *w);

/* For a job that is only help (its work is claimed piece by piece, and the caller has done
 * what was left): if the helper has not started it yet, it never will, and this returns at
 * once (no waiting for a sleeping thread to wake); otherwise it waits as bonx_worker_wait.
 * 1 if the job was withdrawn, 0 if it ran. */
int bonx_worker_cancel_or_wait(bonx_worker *w);

/* Stop and join the helper (waiting for a running job first); NULL is a no-op. */
void bonx_worker_free(bonx_worker *w);

#endif
