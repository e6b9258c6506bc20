/* SPDX-License-Identifier: MIT */
/* Error reporting for the math core: a return code plus a human-readable message.
 * The core does no I/O; callers decide where the message goes. */
#ifndef BONX_ERR_H
#define BONX_ERR_H

enum { BONX_OK = 0, BONX_EINVAL = 1, BONX_ENOMEM = 2, BONX_ERANGE = 3, BONX_ECANCELED = 4 };

/* Cancellation of a long computation (the explorer's recompute, superseded by the next edit):
 * the core calls stop(ctx) between pieces of its work and, when it returns non-zero, gives
 * up with BONX_ECANCELED.  The core keeps no state of its own for this (no globals): the
 * caller owns the flag behind ctx.  A NULL bonx_cancel (or stop) never cancels.  The core's
 * helper threads call stop too, at the same time as the caller's (the curves' lane passes,
 * dist's two halves): it must be safe to call concurrently (e.g. read an atomic flag). */
typedef struct bonx_cancel {
    int (*stop)(void *ctx);
    void *ctx;
} bonx_cancel;

static inline int bonx_cancelled(const bonx_cancel *c)
{
    return c && c->stop && c->stop(c->ctx);
}

typedef struct bonx_err {
    int code;        /* BONX_OK when nothing went wrong */
    char msg[256];   /* one line, no trailing newline, e.g. "weight 3 is negative (-1)" */
} bonx_err;

/* Set err (may be NULL) and return code. printf-style message. */
int bonx_fail(bonx_err *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#endif
