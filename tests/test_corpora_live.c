/* SPDX-License-Identifier: MIT */
/* The live corpora view's model (bonx corpora --live), off-screen: keys change exactly what
 * they say, every redraw equals a direct bonx_corpora_run at the new settings, limits hold
 * and say why, and the text lines under the chart show the selection. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "corpora_live.h"
#include "line_editor.h"

static const double W[6] = {10, 7, 5, 5, 4, 2}, R[6] = {1.2, 1.9, -0.9, 0.1, -1, -2};

static bonx_adaptor parse(const char *spec)
{
    bonx_adaptor a;
    assert_int_equal(bonx_adaptor_parse(spec, &a, NULL), 0);
    return a;
}

/* The view's corpora equal a fresh run at its settings, byte for byte. */
static void assert_matches_direct_run(const bonx_corpora_live *l)
{
    bonx_corpora_spec spec = {l->dist->k, l->dist->p, l->dist->r, l->beta, l->n, l->c, l->m,
                              l->n_adaptors, l->adaptors, l->seed, 0, 0};
    bonx_corpora c = {0};
    assert_int_equal(bonx_corpora_run(&c, &spec, NULL), 0);
    size_t bytes = l->n_adaptors * l->c * sizeof(double);
    assert_int_equal(l->out.n_adaptors, l->n_adaptors);
    assert_memory_equal(c.avg_log_prior, l->out.avg_log_prior, bytes);
    assert_memory_equal(c.avg_reward, l->out.avg_reward, bytes);
    bonx_corpora_free(&c);
}

typedef struct fixture { bonx_dist d; bonx_corpora_live l; } fixture;

static int setup(void **state)
{
    static fixture f;
    memset(&f, 0, sizeof f);
    if (bonx_dist_init(&f.d, 6, W, R, NULL))
        return -1;
    bonx_adaptor ad[2] = {parse("ancestral"), parse("temperature:0.7")};
    if (bonx_corpora_live_init(&f.l, &f.d, 0.5, 20, 30, 1, 7, ad, 2, NULL))
        return -1;
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    bonx_corpora_live_free(&f->l);
    bonx_dist_free(&f->d);
    return 0;
}

static void selection_and_parameters(void **state)
{
    bonx_corpora_live *l = &((fixture *)*state)->l;
    assert_matches_direct_run(l);
    assert_int_equal(bonx_corpora_live_key(l, BONX_KEY_LEFT), 0);   /* wraps to the last */
    assert_int_equal(l->sel, 1);
    assert_int_equal(bonx_corpora_live_key(l, BONX_KEY_UP), 1);
    assert_true(l->adaptors[1].step[0].param == 1.4);
    assert_matches_direct_run(l);
    assert_int_equal(bonx_corpora_live_key(l, '<'), 1);
    assert_true(l->adaptors[1].step[0].param < 1.4 && l->adaptors[1].step[0].param > 1.1);
    assert_int_equal(bonx_corpora_live_key(l, '\t'), 1);           /* temperature -> top-k */
    assert_int_equal(l->adaptors[1].step[0].kind, BONX_ADAPT_TOP_K);
    assert_true(l->adaptors[1].step[0].param == 2);
    assert_matches_direct_run(l);
    assert_int_equal(bonx_corpora_live_key(l, BONX_KEY_BTAB), 1);   /* and back */
    assert_int_equal(l->adaptors[1].step[0].kind, BONX_ADAPT_TEMPERATURE);
    assert_int_equal(bonx_corpora_live_key(l, BONX_KEY_RIGHT), 0);
    assert_int_equal(l->sel, 0);
    assert_int_equal(bonx_corpora_live_key(l, BONX_KEY_UP), 0);     /* ancestral: nothing */
    assert_non_null(strstr(l->message, "ancestral has no parameter"));
    assert_int_equal(bonx_corpora_live_key(l, 'Z'), 0);            /* unknown key */
}

static void add_remove_and_limits(void **state)
{
    bonx_corpora_live *l = &((fixture *)*state)->l;
    while (l->n_adaptors < BONX_LIVE_MAX_ADAPTORS)
        assert_int_equal(bonx_corpora_live_key(l, 'a'), 1);
    assert_int_equal(bonx_corpora_live_key(l, 'a'), 0);
    assert_non_null(strstr(l->message, "no room"));
    assert_matches_direct_run(l);
    while (l->n_adaptors > 1)
        assert_int_equal(bonx_corpora_live_key(l, 'x'), 1);
    assert_int_equal(bonx_corpora_live_key(l, BONX_KEY_DELETE), 0);
    assert_non_null(strstr(l->message, "the last adaptor stays"));
    assert_int_equal(l->sel, 0);
    /* sizes double until the token budget, halve down to 1 */
    while (bonx_corpora_live_key(l, 'n'))
        ;
    assert_non_null(strstr(l->message, "tokens per redraw"));
    assert_true((double)l->n * l->c * l->m * l->n_adaptors <= BONX_LIVE_MAX_TOKENS);
    while (bonx_corpora_live_key(l, 'N'))
        ;
    assert_int_equal(l->n, 1);
    assert_int_equal(bonx_corpora_live_key(l, 'c'), 1);
    assert_int_equal(l->c, 60);
    assert_int_equal(bonx_corpora_live_key(l, 'm'), 1);
    assert_int_equal(l->m, 2);
    assert_int_equal(bonx_corpora_live_key(l, 'b'), 1);
    assert_true(l->beta == 1);
    uint64_t seed = l->seed;
    assert_int_equal(bonx_corpora_live_key(l, 's'), 1);
    assert_true(l->seed == seed + 1);
    assert_matches_direct_run(l);
    assert_int_equal(bonx_corpora_live_key(l, 'q'), 0);
    assert_true(l->quit);
}

static void text_lines(void **state)
{
    bonx_corpora_live *l = &((fixture *)*state)->l;
    char lines[12][BONX_LIVE_LINE];
    size_t n = bonx_corpora_live_lines(l, lines, 12);
    assert_int_equal(n, 1 + l->n_adaptors + 2);
    assert_non_null(strstr(lines[0], "adaptor"));
    assert_true(lines[1][0] == '>' && strstr(lines[1], "ancestral"));
    assert_true(lines[2][0] == ' ' && strstr(lines[2], "temperature:0.7"));
    assert_non_null(strstr(lines[3], "pooled"));
    assert_non_null(strstr(lines[4], "over the table +0.879"));
    assert_int_equal(bonx_corpora_live_lines(l, lines, 2), 2);
}

static void init_errors(void **state)
{
    (void)state;
    bonx_dist d;
    bonx_corpora_live l;
    bonx_err e = {0};
    assert_int_equal(bonx_dist_init(&d, 6, W, R, NULL), 0);
    bonx_adaptor many[BONX_LIVE_MAX_ADAPTORS + 1] = {{0}};
    assert_int_equal(bonx_corpora_live_init(&l, &d, 0.5, 5, 5, 1, 1, many,
                                            BONX_LIVE_MAX_ADAPTORS + 1, &e), BONX_EINVAL);
    assert_non_null(strstr(e.msg, "1 to 8 adaptors"));
    assert_int_equal(bonx_corpora_live_init(&l, &d, 0, 5, 5, 1, 1, many, 1, &e), BONX_EINVAL);
    assert_non_null(strstr(e.msg, "beta"));
    bonx_dist_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(selection_and_parameters, setup, teardown),
        cmocka_unit_test_setup_teardown(add_remove_and_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(text_lines, setup, teardown),
        cmocka_unit_test(init_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
