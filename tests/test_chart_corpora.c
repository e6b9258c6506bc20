/* SPDX-License-Identifier: MIT */
/* The corpora chart: legend names, one diamond per exact centre, corpora as dots inside the
 * plot (Braille) or glyphs (ASCII), the line drawn, and "too small" on a tiny canvas. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "canvas.h"
#include "chart_corpora.h"

static bonx_corpora make(void)
{
    static const double p[3] = {0.472, 0.333, 0.195}, r[3] = {-0.261, 0.865, -1.337};
    static bonx_adaptor ad[2];
    assert_int_equal(bonx_adaptor_parse("top-k:2", &ad[0], NULL), 0);
    assert_int_equal(bonx_adaptor_parse("temperature:2", &ad[1], NULL), 0);
    bonx_corpora_spec sp = {3, p, r, 3.0, 40, 60, 1, 2, ad, 3, 0, 0};
    bonx_corpora c = {0};
    assert_int_equal(bonx_corpora_run(&c, &sp, NULL), 0);
    return c;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *s = strstr(hay, needle); s; s = strstr(s + 1, needle))
        n++;
    return n;
}

static void braille_chart(void **state)
{
    (void)state;
    bonx_corpora c = make();
    const char *names[2] = {"top-k:2", "temperature:2"};
    bonx_canvas *cv = bonx_canvas_new(70, 22, 0);
    char err[128] = "";
    assert_int_equal(bonx_chart_draw_corpora(cv, &c, names, err, sizeof err), 0);
    char *text = bonx_canvas_to_string(cv, 0);
    assert_non_null(strstr(text, "probability-quality"));
    assert_non_null(strstr(text, "top-k:2"));
    assert_non_null(strstr(text, "temperature:2"));
    assert_non_null(strstr(text, "line (6.2)"));
    /* legend sample + one per centre (the two centres are far apart on this canvas) */
    assert_int_equal(count(text, "◆"), 3);
    /* each adaptor's corpora in a shape of its own (not one Braille blob for all):
     * 120 corpora, many in cells of their own */
    assert_true(count(text, "●") > 10 && count(text, "▲") > 10);
    assert_null(strstr(text, "⠿"));
    free(text);
    bonx_canvas_free(cv);
    bonx_corpora_free(&c);
}

static void ascii_and_too_small(void **state)
{
    (void)state;
    bonx_corpora c = make();
    const char *names[2] = {"a", "b"};
    bonx_canvas *cv = bonx_canvas_new(70, 22, 1);
    assert_int_equal(bonx_chart_draw_corpora(cv, &c, names, NULL, 0), 0);
    char *text = bonx_canvas_to_string(cv, 0);
    /* below the legend row, the corpora of the two adaptors show as 'o' and 'x' */
    const char *body = strchr(strchr(text, '\n') + 1, '\n');
    assert_true(count(body, "o") > 5 && count(body, "x") > 5);
    assert_null(strstr(text, "⠿"));
    free(text);
    bonx_canvas_free(cv);
    cv = bonx_canvas_new(10, 4, 0);
    assert_int_equal(bonx_chart_draw_corpora(cv, &c, names, NULL, 0), 0);
    text = bonx_canvas_to_string(cv, 0);
    assert_non_null(strstr(text, "small"));
    free(text);
    bonx_canvas_free(cv);
    bonx_corpora_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(braille_chart),
        cmocka_unit_test(ascii_and_too_small),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
