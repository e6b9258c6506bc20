/* SPDX-License-Identifier: MIT */
/* The self-pipe of signals.h.  The pipe's ends are the only state, kept in file-scope
 * variables because a signal handler can reach nothing else (src/, not the pure core). */
#include "signals.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static const int caught[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGALRM, SIGUSR1, SIGUSR2};
#define NCAUGHT (sizeof caught / sizeof caught[0])

static int pipe_fd[2] = {-1, -1};

static void on_signal(int sig)
{
    int saved = errno;   /* the interrupted code may be looking at errno */
    unsigned char b = (unsigned char)sig;
    if (write(pipe_fd[1], &b, 1) < 0) {
        /* pipe full (hundreds of signals unread): the ones queued already end the loop */
    }
    errno = saved;
}

int bonx_signals_install(void)
{
    if (pipe(pipe_fd) != 0)
        return -1;
    for (int i = 0; i < 2; i++) {
        fcntl(pipe_fd[i], F_SETFL, fcntl(pipe_fd[i], F_GETFL) | O_NONBLOCK);
        fcntl(pipe_fd[i], F_SETFD, FD_CLOEXEC);
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;   /* no SA_RESTART: poll() returns at once */
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < NCAUGHT; i++)
        sigaction(caught[i], &sa, NULL);
    return pipe_fd[0];
}

int bonx_signals_next(void)
{
    unsigned char b;
    if (pipe_fd[0] < 0 || read(pipe_fd[0], &b, 1) != 1)
        return 0;
    return b;
}

void bonx_signals_uninstall(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < NCAUGHT; i++)
        sigaction(caught[i], &sa, NULL);
    for (int i = 0; i < 2; i++)
        if (pipe_fd[i] >= 0) {
            close(pipe_fd[i]);
            pipe_fd[i] = -1;
        }
}

void bonx_signals_die(int sig)
{
    bonx_signals_uninstall();
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
    _exit(128 + sig);   /* a signal whose default is to be ignored: end anyway */
}

const char *bonx_signal_name(int sig)
{
    switch (sig) {
    case SIGHUP: return "SIGHUP";
    case SIGINT: return "SIGINT";
    case SIGQUIT: return "SIGQUIT";
    case SIGTERM: return "SIGTERM";
    case SIGPIPE: return "SIGPIPE";
    case SIGALRM: return "SIGALRM";
    case SIGUSR1: return "SIGUSR1";
    case SIGUSR2: return "SIGUSR2";
    default: return "a signal";
    }
}
