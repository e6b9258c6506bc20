/* SPDX-License-Identifier: MIT */
/* The explorer's background recompute: one thread that runs the latest job and drops the
 * ones it superseded, so that the input thread never waits for a computation.
 *
 * Jobs are "latest wins": posting a job withdraws a queued one that has not started (it is
 * freed unrun) and raises the cancel flag of the one running (its core loops look at it
 * through a bonx_cancel, see bonx_recompute_cancel, and give up at the next piece).  A job
 * that finishes after a newer one was posted is freed, never handed back.  The finished
 * latest job waits in a slot until the owner takes it; a byte on a pipe says it is there, so
 * that the event loop can poll() it next to the terminal.
 *
 * A job is any struct that starts with a bonx_job header; run and free are its methods.
 * The job owns its inputs (copies) and outputs: it must not read the owner's state, which
 * the input thread keeps changing.  (app_state.c's table job is the one in use: see there
 * how a new curve plugs in.) */
#ifndef BONX_RECOMPUTE_H
#define BONX_RECOMPUTE_H

#include <stdatomic.h>
#include "err.h"

typedef struct bonx_job {
    void (*run)(struct bonx_job *j);    /* on the background thread */
    void (*free)(struct bonx_job *j);   /* on either thread */
    unsigned long seq;                  /* set by bonx_recompute_post: 1, 2, ... */
    atomic_int cancel;                  /* raised when superseded */
    bonx_cancel cancel_hook;            /* for the core: stop(ctx) reads cancel */
} bonx_job;

typedef struct bonx_recompute bonx_recompute;

/* The thread and its pipe; NULL when either cannot be made (the owner then runs jobs in
 * place, see bonx_recompute_run_here). */
bonx_recompute *bonx_recompute_new(void);
/* Cancel what runs, free what waits, join the thread. NULL is a no-op. */
void bonx_recompute_free(bonx_recompute *rc);

/* Initialise a job's header (before posting or running it in place). */
void bonx_job_init(bonx_job *j, void (*run)(bonx_job *), void (*free_fn)(bonx_job *));
/* The job's cancel hook, for bonx_curves_spec.cancel and the like. */
const bonx_cancel *bonx_recompute_cancel(bonx_job *j);

/* Hand j over (taken over) and return its number; supersedes every earlier job. */
unsigned long bonx_recompute_post(bonx_recompute *rc, bonx_job *j);
/* Withdraw every job (queued ones freed, the running one cancelled and freed when it stops). */
void bonx_recompute_cancel_all(bonx_recompute *rc);
/* The finished latest job (the caller frees it), or NULL.  Never blocks. */
bonx_job *bonx_recompute_take(bonx_recompute *rc);
/* Wait up to ms milliseconds until a finished job is waiting; 1 if one is. */
int bonx_recompute_wait(bonx_recompute *rc, int ms);
/* 1 while a posted job is queued or running (not yet taken). */
int bonx_recompute_busy(bonx_recompute *rc);
/* Readable (one byte per finished job) when bonx_recompute_take has something. */
int bonx_recompute_fd(const bonx_recompute *rc);

/* Run j on the calling thread (no background thread, or a caller that wants the result now). */
void bonx_recompute_run_here(bonx_job *j);

#endif
