/* SPDX-License-Identifier: MIT */
/* The helper thread kept by the curves: every posted job runs exactly once and is finished
 * when wait returns, whether the helper was polling (back-to-back jobs) or asleep (a pause
 * longer than BONX_WORKER_SPIN_NS); a withdrawn job never runs; freeing joins cleanly. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <time.h>
#include <cmocka.h>
#include "worker.h"

typedef struct job { long runs; long value; } job;

static void bump(void *p)
{
    job *j = p;
    j->runs++;
    /* some work, so that the caller is likely still running when the helper finishes */
    long v = 0;
    for (long i = 0; i < 1000; i++)
        v += i % 7;
    j->value = v;
}

static void back_to_back(void **state)
{
    (void)state;
    bonx_worker *w = bonx_worker_new();
    assert_non_null(w);
    job j = {0, 0};
    for (int i = 0; i < 2000; i++) {
        bonx_worker_post(w, bump, &j);
        bonx_worker_wait(w);
        assert_int_equal(j.runs, i + 1); /* finished (and visible) when wait returns */
        assert_int_equal(j.value, 2997);
    }
    bonx_worker_wait(w); /* nothing posted since: returns at once */
    assert_int_equal(j.runs, 2000);
    bonx_worker_free(w);
}

static void after_sleep(void **state)
{
    (void)state;
    bonx_worker *w = bonx_worker_new();
    assert_non_null(w);
    job j = {0, 0};
    struct timespec pause = {0, 3 * BONX_WORKER_SPIN_NS};
    for (int i = 0; i < 5; i++) {
        nanosleep(&pause, NULL); /* the helper has gone to sleep on its condition variable */
        bonx_worker_post(w, bump, &j);
        bonx_worker_wait(w);
        assert_int_equal(j.runs, i + 1);
    }
    nanosleep(&pause, NULL);
    bonx_worker_free(w); /* joins a sleeping helper */
    bonx_worker *w2 = bonx_worker_new();
    assert_non_null(w2);
    bonx_worker_post(w2, bump, &j);
    bonx_worker_free(w2); /* waits for the running job first */
    assert_int_equal(j.runs, 6);
    bonx_worker_free(NULL);
}

/* Withdrawn jobs never run, the others run once, whatever the helper was doing: over many
 * rounds, some after a pause (helper asleep: withdrawing usually wins), the count of runs is
 * exactly the count of jobs not withdrawn. */
static void cancel(void **state)
{
    (void)state;
    bonx_worker *w = bonx_worker_new();
    assert_non_null(w);
    job j = {0, 0};
    long kept = 0, withdrawn = 0;
    struct timespec pause = {0, 3 * BONX_WORKER_SPIN_NS};
    for (int i = 0; i < 400; i++) {
        if (i % 100 == 0)
            nanosleep(&pause, NULL);
        bonx_worker_post(w, bump, &j);
        if (i % 3 == 0) {
            bonx_worker_wait(w);
            kept++;
        } else if (bonx_worker_cancel_or_wait(w)) {
            withdrawn++;
        } else {
            kept++;
        }
        assert_int_equal(j.runs, kept);
    }
    bonx_worker_free(w);
    assert_int_equal(j.runs, kept);
    assert_true(withdrawn + kept == 400);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(back_to_back),
        cmocka_unit_test(after_sleep),
        cmocka_unit_test(cancel),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
