/* SPDX-License-Identifier: MIT */
/* The explorer's prose and numbers (ui/wrap, ui/numfmt): word wrap never cuts a word that
 * fits, never exceeds the width, keeps every word in order, turns single newlines into
 * blanks and keeps paragraph breaks; the one number format has compact exponents, no "-0",
 * whole numbers in full, and fits the width it is given. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "canvas.h"
#include "numfmt.h"
#include "rng.h"
#include "wrap.h"

/* All lines of text at width, joined with '|'. */
static void wrapped(const char *text, int width, char *out, size_t len)
{
    bonx_wrap_line l[64];
    size_t n = bonx_wrap(text, width, l, 64);
    out[0] = '\0';
    for (size_t i = 0; i < n && i < 64; i++) {
        char buf[512];
        bonx_wrap_copy(text, l[i], buf, sizeof buf);
        snprintf(out + strlen(out), len - strlen(out), "%s%s", i ? "|" : "", buf);
    }
}

static void test_wrap_breaks_at_words(void **state)
{
    (void)state;
    char out[1024];
    wrapped("the quick brown fox jumps", 10, out, sizeof out);
    assert_string_equal(out, "the quick|brown fox|jumps");
    wrapped("exactly ten", 11, out, sizeof out);
    assert_string_equal(out, "exactly ten");
    wrapped("exactly ten", 10, out, sizeof out);
    assert_string_equal(out, "exactly|ten");
    /* a word longer than the line is cut, the rest continues */
    wrapped("abcdefghijkl xy", 5, out, sizeof out);
    assert_string_equal(out, "abcde|fghij|kl xy");
    /* note lines join into one paragraph; "and never" is not left alone on a line */
    wrapped("log 2 - h(2^-n) and never\nexceeds log 2", 40, out, sizeof out);
    assert_string_equal(out, "log 2 - h(2^-n) and never exceeds log 2");
    /* an empty line is a paragraph break, kept as one empty line */
    wrapped("one\n\ntwo\n \n\nthree", 20, out, sizeof out);
    assert_string_equal(out, "one||two||three");
    /* blanks collapse; leading and trailing blanks go */
    wrapped("  a \t b   c  ", 20, out, sizeof out);
    assert_string_equal(out, "a b c");
    /* UTF-8: columns are code points */
    wrapped("π n and π β(C) are policies", 9, out, sizeof out);
    assert_string_equal(out, "π n and π|β(C) are|policies");
    /* a CJK character takes two columns: "最佳选择" is 8 columns wide */
    wrapped("最佳选择 of n", 8, out, sizeof out);
    assert_string_equal(out, "最佳选择|of n");
    wrapped("最佳选择 of n", 7, out, sizeof out);
    assert_string_equal(out, "最佳选|择 of n");
    /* one column: a wide character still goes, alone (no endless loop) */
    wrapped("甲乙", 1, out, sizeof out);
    assert_string_equal(out, "甲|乙");
    assert_int_equal(bonx_wrap("", 10, NULL, 0), 0);
    assert_int_equal(bonx_wrap("word", 0, NULL, 0), 0);
    assert_int_equal(bonx_wrap(NULL, 10, NULL, 0), 0);
    /* without lines, the count is of every line; with them, it stops at max + 1 */
    assert_int_equal(bonx_wrap("a b c d e", 1, NULL, 0), 5);
    bonx_wrap_line two[2];
    assert_int_equal(bonx_wrap("a b c d e", 1, two, 2), 3);
    assert_int_equal(bonx_wrap("a b", 1, two, 2), 2);
}

/* Random prose at random widths: every line fits, words come back in order and whole
 * (unless longer than the width). */
static void test_wrap_random(void **state)
{
    (void)state;
    bonx_rng g;
    bonx_rng_seed(&g, 13);
    for (int iter = 0; iter < 2000; iter++) {
        char text[600] = "";
        size_t len = 0;
        int words = 1 + (int)bonx_rng_below(&g, 40);
        for (int w = 0; w < words && len < 500; w++) {
            int wl = 1 + (int)bonx_rng_below(&g, 14);
            for (int c = 0; c < wl; c++)
                text[len++] = (char)('a' + bonx_rng_below(&g, 26));
            static const char *const seps[] = {" ", "  ", "\n", " \t", "\n\n"};
            const char *sep = seps[bonx_rng_below(&g, 5)];
            memcpy(text + len, sep, strlen(sep));
            len += strlen(sep);
        }
        text[len] = '\0';
        int width = 1 + (int)bonx_rng_below(&g, 60);
        size_t n = bonx_wrap(text, width, NULL, 0);
        bonx_wrap_line *l = malloc((n ? n : 1) * sizeof *l);
        assert_non_null(l);
        assert_int_equal(bonx_wrap(text, width, l, n), n);
        char joined[1200] = "", expect[1200] = "";
        for (size_t i = 0; i < n; i++) {
            char buf[700];
            bonx_wrap_copy(text, l[i], buf, sizeof buf);
            assert_true(bonx_utf8_width(buf) <= width);
            if (buf[0])
                snprintf(joined + strlen(joined), sizeof joined - strlen(joined), "%s%s",
                         joined[0] ? " " : "", buf);
        }
        /* the words of the text, blank-separated: what the lines must spell, except that a
         * word longer than the width comes back in pieces */
        char copy[600];
        strcpy(copy, text);
        int cut = 0;
        for (char *tok = strtok(copy, " \t\n"); tok; tok = strtok(NULL, " \t\n")) {
            snprintf(expect + strlen(expect), sizeof expect - strlen(expect), "%s%s",
                     expect[0] ? " " : "", tok);
            cut |= (int)strlen(tok) > width;
        }
        if (!cut)
            assert_string_equal(joined, expect);
        free(l);
    }
}

static void fmt(double v, int sig, int width, const char *want)
{
    char buf[64];
    bonx_num_format(buf, sizeof buf, v, sig, width);
    if (strcmp(buf, want)) {
        print_error("%.17g sig %d width %d: got '%s' want '%s'\n", v, sig, width, buf, want);
        fail();
    }
}

static void test_number_format(void **state)
{
    (void)state;
    fmt(536870912.0, 6, 9, "536870912");      /* a whole n in full where it fits */
    fmt(536870912.0, 6, 8, "5.3687e8");       /* else compact, never 5.3687e+08 */
    fmt(5.36870912e9, 4, 0, "5.369e9");       /* the chart legends' 4 digits */
    fmt(15024.2, 6, 10, "15024.2");
    fmt(-0.0, 6, 10, "0");                    /* never "-0" */
    fmt(0.0, 6, 10, "0");
    fmt(2.5e-7, 6, 10, "2.5e-7");
    fmt(1e300, 6, 10, "1e300");
    fmt(log(2), 6, 10, "0.693147");
    fmt(log(2), 6, 5, "0.693");
    fmt(1.0 / 0.0, 6, 10, "inf");
    fmt(-1.0 / 0.0, 6, 10, "-inf");
    fmt(0.0 / 0.0, 6, 10, "-");
    fmt(-1.5, 6, 10, "-1.5");
    fmt(1e6, 4, 0, "1000000");
    fmt(12345678.0, 6, 10, "12345678");
    fmt(1234567890.0, 6, 12, "1.23457e9");    /* 10 digits: compact, like every large number */
    fmt(536870912.0, 4, 0, "536870912");      /* the same n in a chart legend */
    /* no width: up to sig digits; width too small for even 1 digit: 1 digit, wider */
    fmt(123456.789, 3, 0, "1.23e5");
    fmt(-1.234e-100, 6, 3, "-1e-100");
    /* -0 from arithmetic */
    fmt(-1e-320 * 0.0, 6, 10, "0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wrap_breaks_at_words),
        cmocka_unit_test(test_wrap_random),
        cmocka_unit_test(test_number_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
