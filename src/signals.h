/* SPDX-License-Identifier: MIT */
/* The explorer's signals (issue 11, defect 7).  Every signal that would end the process
 * (SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGALRM, SIGUSR1, SIGUSR2) is caught by a
 * handler that only writes its number into a pipe (the self-pipe trick: async-signal-safe),
 * so that the event loop, which poll()s that pipe next to the terminal, can restore the
 * terminal, save a recovery file and then die of the same signal with its default action. */
#ifndef BONX_SIGNALS_H
#define BONX_SIGNALS_H

/* Install the handlers; returns the pipe's read end (non-blocking), or -1. */
int bonx_signals_install(void);
/* The next signal caught (its number), or 0 when none is waiting. */
int bonx_signals_next(void);
/* Back to the default actions (and close the pipe). */
void bonx_signals_uninstall(void);
/* Die of sig with its default action (after the terminal was restored). */
void bonx_signals_die(int sig);
/* "SIGHUP", ... for messages. */
const char *bonx_signal_name(int sig);

#endif
