/* SPDX-License-Identifier: MIT */
/* Command-line helpers (src/cli.c, src/cli_table.c): strict numbers, LIST (lists and
 * linear/log ranges checked against long double), SOURCE (--dist), options, and the exact
 * bytes of the table / csv / json writers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <locale.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include "cli.h"
#include "color.h"
#include "text.h"

/* ---------- numbers ---------- */

static void test_number_accepts(void **state)
{
    (void)state;
    static const struct { const char *s; double v; } ok[] = {
        {"1", 1}, {"-2.5", -2.5}, {"1e-300", 1e-300}, {"0x1p-3", 0.125}, {"5e-324", 5e-324},
        {"1.7976931348623157e308", 1.7976931348623157e308}, {"+3", 3}, {"0", 0}, {"-0", -0.0},
        {"1e-400", 0}, /* underflow rounds to zero: still a number */
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        double v = NAN;
        char err[128];
        assert_int_equal(bonx_cli_parse_number(ok[i].s, 0, &v, err, sizeof err), 0);
        assert_true(v == ok[i].v);
    }
    double v;
    char err[128];
    assert_int_equal(bonx_cli_parse_number("inf", 1, &v, err, sizeof err), 0);
    assert_true(isinf(v) && v > 0);
    assert_int_equal(bonx_cli_parse_number("-Infinity", 1, &v, err, sizeof err), 0);
    assert_true(isinf(v) && v < 0);
}

static void test_number_rejects(void **state)
{
    (void)state;
    static const struct { const char *s; int allow_inf; const char *msg; } bad[] = {
        {"", 0, "'' is not a number"},
        {" 1", 0, "' 1' is not a number"},
        {"1 ", 0, "'1 ' is not a number"},
        {"1x", 0, "'1x' is not a number"},
        {"1,2", 0, "'1,2' is not a number"},
        {"nan", 0, "'nan' is not a number"},
        {"nan", 1, "'nan' is not a number"},
        {"inf", 0, "'inf' is not finite"},
        {"1e999", 0, "'1e999' is out of range"},
        {"-1e999", 1, "'-1e999' is out of range"},
        {"e5", 0, "'e5' is not a number"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double v = 42;
        char err[128] = "";
        assert_int_equal(bonx_cli_parse_number(bad[i].s, bad[i].allow_inf, &v, err, sizeof err), -1);
        assert_string_equal(err, bad[i].msg);
        assert_true(v == 42);
    }
}

static void test_count(void **state)
{
    (void)state;
    uint64_t v;
    char err[128];
    assert_int_equal(bonx_cli_parse_count("256", 2, 1000, &v, err, sizeof err), 0);
    assert_true(v == 256);
    assert_int_equal(bonx_cli_parse_count("18446744073709551615", 0, UINT64_MAX, &v, err,
                                          sizeof err), 0);
    assert_true(v == UINT64_MAX);
    assert_int_equal(bonx_cli_parse_count("18446744073709551616", 0, UINT64_MAX, &v, err,
                                          sizeof err), -1);
    assert_int_equal(bonx_cli_parse_count("1", 2, 1000, &v, err, sizeof err), -1);
    assert_string_equal(err, "'1' is out of range (2 to 1000)");
    const char *bad[] = {"", "-1", "+1", "1.0", "1e3", " 1", "0x10"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(bonx_cli_parse_count(bad[i], 0, 1000, &v, err, sizeof err), -1);
}

/* ---------- LIST ---------- */

static void test_list_items(void **state)
{
    (void)state;
    bonx_list l;
    char err[160];
    assert_int_equal(bonx_cli_parse_list("1,2,4.5,1e6", &l, err, sizeof err), 0);
    assert_int_equal(l.count, 4);
    assert_true(l.v[0] == 1 && l.v[1] == 2 && l.v[2] == 4.5 && l.v[3] == 1e6);
    bonx_list_free(&l);
    assert_int_equal(bonx_cli_parse_list(" 3 , -7 ", &l, err, sizeof err), 0);
    assert_int_equal(l.count, 2);
    assert_true(l.v[0] == 3 && l.v[1] == -7);
    bonx_list_free(&l);
    assert_int_equal(bonx_cli_parse_list("0.1", &l, err, sizeof err), 0);
    assert_true(l.count == 1 && l.v[0] == 0.1);
    bonx_list_free(&l);
}

static void check_range(const char *s, long double a, long double b, size_t n, int log_sp)
{
    bonx_list l;
    char err[160];
    if (bonx_cli_parse_list(s, &l, err, sizeof err) != 0) {
        print_error("%s: %s\n", s, err);
        fail();
    }
    assert_int_equal(l.count, n);
    assert_true(l.v[0] == (double)a && l.v[n - 1] == (double)b); /* endpoints exact */
    for (size_t i = 0; i < n; i++) {
        long double f = n > 1 ? (long double)i / (long double)(n - 1) : 0;
        long double want = log_sp ? expl(logl(a) + f * (logl(b) - logl(a))) : a + f * (b - a);
        /* a log grid interpolates log n in double: its error grows with |log| of the ends */
        long double lspan = log_sp ? fabsl(logl(a)) + fabsl(logl(b)) : 0;
        long double tol = (4e-15L + lspan * 4.5e-16L) * fabsl(want) +
                          (log_sp ? 0 : 1e-15L * fabsl(b - a));
        if (!(fabsl((long double)l.v[i] - want) <= tol)) {
            print_error("%s[%zu] = %.17g want %.20Lg\n", s, i, l.v[i], want);
            fail();
        }
        if (i)
            assert_true(b > a ? l.v[i] > l.v[i - 1] : l.v[i] < l.v[i - 1]);
    }
    bonx_list_free(&l);
}

static void test_list_ranges(void **state)
{
    (void)state;
    check_range("1:10:10", 1, 10, 10, 0);
    check_range("0:1:11", 0, 1, 11, 0);
    check_range("5:-5:3", 5, -5, 3, 0);
    check_range("1:1e6:7log", 1, 1e6, 7, 1);
    check_range("1:1e6:200log", 1, 1e6, 200, 1);
    check_range("1e-300:1e300:1001log", 1e-300L, 1e300L, 1001, 1);
    check_range("2:0.5:4log", 2, 0.5, 4, 1);
    bonx_list l;
    char err[160];
    assert_int_equal(bonx_cli_parse_list("7:9:1", &l, err, sizeof err), 0);
    assert_true(l.count == 1 && l.v[0] == 7);
    bonx_list_free(&l);
    /* log decade grid lands on the powers of ten to within rounding */
    assert_int_equal(bonx_cli_parse_list("1:1e15:16log", &l, err, sizeof err), 0);
    for (int i = 0; i < 16; i++)
        assert_true(fabs(l.v[i] / pow(10, i) - 1) < 1e-14);
    bonx_list_free(&l);
}

static void test_list_errors(void **state)
{
    (void)state;
    static const struct { const char *s, *msg; } bad[] = {
        {"", "empty list"},
        {"1,,2", "list item 2: '' is not a number"},
        {"1,2,", "list item 3: '' is not a number"},
        {"1,x", "list item 2: 'x' is not a number"},
        {"1,nan", "list item 2: 'nan' is not a number"},
        {"inf", "list item 1: 'inf' is not finite"},
        {"1:2", "'1:2' is not a range START:STOP:COUNT[log]"},
        {"1:2:3:4", "'1:2:3:4' is not a range START:STOP:COUNT[log]"},
        {"1:2:0", "range '1:2:0': '0' is out of range (1 to 10000000)"},
        {"1:2:20000000", "range '1:2:20000000': '20000000' is out of range (1 to 10000000)"},
        {"1:2:1.5", "range '1:2:1.5': '1.5' is not a whole number"},
        {"1:2:-3", "range '1:2:-3': '-3' is not a whole number"},
        {"1:2:3lin", "range '1:2:3lin': '3lin' is not a whole number"},
        {"1:2:log", "range '1:2:log': 'log' is not a whole number"},
        {"a:2:3", "range 'a:2:3': 'a' is not a number"},
        {"1:inf:3", "range '1:inf:3': 'inf' is not finite"},
        {"0:1:3log", "range '0:1:3log': log spacing needs START and STOP > 0"},
        {"-1:-10:3log", "range '-1:-10:3log': log spacing needs START and STOP > 0"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        bonx_list l = {0};
        char err[160] = "";
        assert_int_equal(bonx_cli_parse_list(bad[i].s, &l, err, sizeof err), -1);
        if (strcmp(err, bad[i].msg) != 0) {
            print_error("'%s': got \"%s\" want \"%s\"\n", bad[i].s, err, bad[i].msg);
            fail();
        }
        assert_true(l.count == 0 && l.v == NULL);
    }
}

/* ---------- --dist ---------- */

static void test_dist_spec(void **state)
{
    (void)state;
    bonx_preset p;
    char err[160];
    assert_int_equal(bonx_cli_parse_dist("1:0,1:1", &p, err, sizeof err), 0);
    assert_int_equal(p.k, 2);
    assert_string_equal(p.labels[0], "y1");
    assert_string_equal(p.labels[1], "y2");
    assert_true(p.w[0] == 1 && p.r[0] == 0 && p.w[1] == 1 && p.r[1] == 1);
    assert_null(p.name);
    bonx_preset_free(&p);
    assert_int_equal(bonx_cli_parse_dist("lo=0.5:-1.5e-3, 2:7,hi=0:1e300", &p, err, sizeof err), 0);
    assert_int_equal(p.k, 3);
    assert_string_equal(p.labels[0], "lo");
    assert_string_equal(p.labels[1], "y2");
    assert_string_equal(p.labels[2], "hi");
    assert_true(p.w[0] == 0.5 && p.r[0] == -1.5e-3 && p.w[2] == 0 && p.r[2] == 1e300);
    bonx_preset_free(&p);
}

static void test_dist_spec_errors(void **state)
{
    (void)state;
    static const struct { const char *s, *msg; } bad[] = {
        {"", "--dist: empty distribution"},
        {"  ", "--dist: empty distribution"},
        {"1:0,", "--dist item 2: '' is not WEIGHT:REWARD"},
        {"1", "--dist item 1: '1' is not WEIGHT:REWARD"},
        {"1:2:3", "--dist item 1: '1:2:3' is not WEIGHT:REWARD"},
        {"1:0,-1:2", "--dist item 2: weight is negative (-1)"},
        {"nan:0", "--dist item 1: weight 'nan' is not a number"},
        {"1e999:0", "--dist item 1: weight '1e999' is out of range"},
        {"1:inf", "--dist item 1: reward 'inf' is not finite"},
        {"1:", "--dist item 1: reward '' is not a number"},
        {"0:1,0:2", "--dist: total weight is zero"},
        {"a b=1:0", "--dist item 1: bad label 'a b' (one token without : , = or blanks)"},
        {"=1:0", "--dist item 1: bad label '' (one token without : , = or blanks)"},
        {"#x=1:0", "--dist item 1: bad label '#x' (one token without : , = or blanks)"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        bonx_preset p;
        memset(&p, 0x5A, sizeof p);
        bonx_preset before = p;
        char err[160] = "";
        assert_int_equal(bonx_cli_parse_dist(bad[i].s, &p, err, sizeof err), -1);
        if (strcmp(err, bad[i].msg) != 0) {
            print_error("'%s': got \"%s\" want \"%s\"\n", bad[i].s, err, bad[i].msg);
            fail();
        }
        assert_memory_equal(&p, &before, sizeof p);
    }
}

static void test_load_source_dist(void **state)
{
    (void)state;
    bonx_cli c;
    bonx_cli_init(&c, "test");
    char *argv[] = {"test", "--dist", "a=1:0,b=3:2,c=0:5", "--format=json"};
    int argc = 4;
    for (int i = 1; i < argc; i++)
        assert_int_equal(bonx_cli_common(&c, argc, argv, &i), 1);
    assert_int_equal(c.format, BONX_FORMAT_JSON);
    bonx_preset p;
    bonx_dist d;
    assert_int_equal(bonx_cli_load_source(&c, &p, &d), 0);
    assert_int_equal(d.k, 3);
    assert_true(d.p[0] == 0.25 && d.p[1] == 0.75 && d.p[2] == 0);
    assert_string_equal(p.labels[1], "b");
    bonx_dist_free(&d);
    bonx_preset_free(&p);
}

static void test_options(void **state)
{
    (void)state;
    bonx_cli c;
    bonx_cli_init(&c, "test");
    assert_int_equal(c.format, BONX_FORMAT_TABLE);
    char *argv[] = {"test", "--n=5", "--n", "7", "--nx", "--n"};
    const char *v = NULL;
    int i = 1;
    assert_int_equal(bonx_cli_opt(&c, 6, argv, &i, "--n", &v), 1);
    assert_string_equal(v, "5");
    assert_int_equal(i, 1);
    i = 2;
    assert_int_equal(bonx_cli_opt(&c, 6, argv, &i, "--n", &v), 1);
    assert_string_equal(v, "7");
    assert_int_equal(i, 3);
    i = 4;
    assert_int_equal(bonx_cli_opt(&c, 6, argv, &i, "--n", &v), 0);
    i = 5;
    assert_int_equal(bonx_cli_opt(&c, 6, argv, &i, "--n", &v), -1); /* value missing */
    assert_int_equal(bonx_cli_flag(&c, argv, 4, "--nx"), 1);
    assert_int_equal(bonx_cli_flag(&c, argv, 4, "--n"), 0);    /* "--nx" is another option */
    assert_int_equal(bonx_cli_flag(&c, argv, 1, "--nx"), 0);
    assert_int_equal(bonx_cli_flag(&c, argv, 1, "--n"), -1);   /* "--n=5": a flag takes no value */
    char *h[] = {"x", "--dist", "1:0", "-h"};
    assert_true(bonx_cli_wants_help(4, h));
    assert_false(bonx_cli_wants_help(3, h));
}

static void test_common_errors(void **state)
{
    (void)state;
    bonx_cli c;
    bonx_cli_init(&c, "test");
    char *argv[] = {"test", "--format", "xml", "--preset", "a", "--file", "b"};
    int i = 1;
    assert_int_equal(bonx_cli_common(&c, 7, argv, &i), -1);
    i = 3;
    assert_int_equal(bonx_cli_common(&c, 7, argv, &i), 1);
    i = 5;
    assert_int_equal(bonx_cli_common(&c, 7, argv, &i), -1); /* a second SOURCE */
    bonx_format f;
    assert_int_equal(bonx_cli_parse_format("csv", &f), 0);
    assert_int_equal(f, BONX_FORMAT_CSV);
    assert_int_equal(bonx_cli_parse_format("CSV", &f), -1);
    bonx_cli none;
    bonx_cli_init(&none, "test");
    bonx_preset p;
    bonx_dist d;
    assert_int_equal(bonx_cli_load_source(&none, &p, &d), -1);
}

/* ---------- table writer ---------- */

static char *render(const bonx_table *t, bonx_format f)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    assert_non_null(m);
    assert_int_equal(bonx_table_print(t, m, f), 0);
    fclose(m);
    return buf;
}

static bonx_table *sample_table(void)
{
    static const char *const cols[] = {"index", "label", "x"};
    bonx_table *t = bonx_table_new(3, cols);
    bonx_table_int(t, 1);
    bonx_table_str(t, "a,\"b\"");
    bonx_table_num(t, 0.1);
    bonx_table_int(t, 22);
    bonx_table_str(t, "tab\there");
    bonx_table_num(t, INFINITY);
    bonx_table_int(t, -3);
    bonx_table_str(t, "z");
    bonx_table_num(t, NAN);
    bonx_table_int(t, 4);
    bonx_table_str(t, "w");
    bonx_table_num(t, -INFINITY);
    return t;
}

static void test_table_csv(void **state)
{
    (void)state;
    bonx_table *t = sample_table();
    assert_int_equal(bonx_table_rows(t), 4);
    char *s = render(t, BONX_FORMAT_CSV);
    assert_string_equal(s, "index,label,x\n"
                           "1,\"a,\"\"b\"\"\",0.10000000000000001\n"
                           "22,tab\there,inf\n"
                           "-3,z,nan\n"
                           "4,w,-inf\n");
    free(s);
    bonx_table_free(t);
}

static void test_table_json(void **state)
{
    (void)state;
    bonx_table *t = sample_table();
    char *s = render(t, BONX_FORMAT_JSON);
    assert_string_equal(s, "[\n"
                           "  {\"index\": 1, \"label\": \"a,\\\"b\\\"\", \"x\": 0.10000000000000001},\n"
                           "  {\"index\": 22, \"label\": \"tab\\there\", \"x\": null},\n"
                           "  {\"index\": -3, \"label\": \"z\", \"x\": null},\n"
                           "  {\"index\": 4, \"label\": \"w\", \"x\": null}\n"
                           "]\n");
    free(s);
    bonx_table_free(t);
    static const char *const cols[] = {"a"};
    t = bonx_table_new(1, cols);
    s = render(t, BONX_FORMAT_JSON);
    assert_string_equal(s, "[]\n");
    free(s);
    bonx_table_free(t);
}

static void test_table_aligned(void **state)
{
    (void)state;
    static const char *const cols[] = {"name", "kl", "n"};
    bonx_table *t = bonx_table_new(3, cols);
    bonx_table_str(t, "binary");
    bonx_table_num(t, 0.69314718055994529);
    bonx_table_int(t, 1);
    bonx_table_str(t, "x");
    bonx_table_num(t, -1e-300);
    bonx_table_int(t, 1000);
    char *s = render(t, BONX_FORMAT_TABLE);
    assert_string_equal(s, "name              kl     n\n"
                           "binary  0.6931471806     1\n"
                           "x            -1e-300  1000\n");
    free(s);
    bonx_table_free(t);
}

static void test_table_17_digits_round_trip(void **state)
{
    (void)state;
    static const char *const cols[] = {"v"};
    const double v[] = {0.1, 1.0 / 3, 5e-324, 1.7976931348623157e308, -2.5e-17, 6.02214076e23};
    bonx_table *t = bonx_table_new(1, cols);
    for (size_t i = 0; i < 6; i++)
        bonx_table_num(t, v[i]);
    char *s = render(t, BONX_FORMAT_CSV);
    char *line = strchr(s, '\n') + 1;
    for (size_t i = 0; i < 6; i++) {
        char *end;
        assert_true(strtod(line, &end) == v[i]); /* 17 significant digits read back exactly */
        line = end + 1;
    }
    free(s);
    bonx_table_free(t);
}

/* ---------- conventions: "--", --color, UTF-8, display width ---------- */

static void test_end_of_options(void **state)
{
    (void)state;
    bonx_cli c;
    /* no operands: "--" alone is fine, anything after it is an error */
    bonx_cli_init(&c, "test");
    char *a1[] = {"test", "--format=csv", "--"};
    int i = 1;
    assert_int_equal(bonx_cli_common(&c, 3, a1, &i), 1);
    i = 2;
    assert_int_equal(bonx_cli_common(&c, 3, a1, &i), 1);
    assert_int_equal(c.rest, 3);
    assert_int_equal(i, 2);   /* the loop's i++ ends it */
    bonx_cli_init(&c, "test");
    char *a2[] = {"test", "--", "--dist"};
    i = 1;
    assert_int_equal(bonx_cli_common(&c, 3, a2, &i), -1);
    /* one operand (plot's CHART): "--" then one argument, even one that looks like an option */
    bonx_cli_init(&c, "test");
    c.positionals = 1;
    char *a3[] = {"test", "--", "--kl"};
    i = 1;
    assert_int_equal(bonx_cli_common(&c, 3, a3, &i), 1);
    assert_int_equal(c.rest, 2);
    assert_string_equal(a3[c.rest], "--kl");
    char *a4[] = {"test", "--", "a", "b"};
    bonx_cli_init(&c, "test");
    c.positionals = 1;
    i = 1;
    assert_int_equal(bonx_cli_common(&c, 4, a4, &i), -1);
    /* --help after "--" is an operand, not a request for help */
    char *h[] = {"x", "--", "--help"};
    assert_false(bonx_cli_wants_help(3, h));
}

static void test_color_rule(void **state)
{
    (void)state;
    bonx_color_when w = BONX_COLOR_NEVER;
    assert_int_equal(bonx_color_parse("auto", &w), 0);
    assert_int_equal(w, BONX_COLOR_AUTO);
    assert_int_equal(bonx_color_parse("always", &w), 0);
    assert_int_equal(w, BONX_COLOR_ALWAYS);
    assert_int_equal(bonx_color_parse("never", &w), 0);
    assert_int_equal(w, BONX_COLOR_NEVER);
    assert_int_equal(bonx_color_parse("yes", &w), -1);
    assert_int_equal(bonx_color_parse("", &w), -1);
    /* auto: a terminal, TERM set and not dumb, NO_COLOR unset or empty */
    assert_true(bonx_color_decide(BONX_COLOR_AUTO, 1, "xterm", NULL));
    assert_true(bonx_color_decide(BONX_COLOR_AUTO, 1, "xterm", ""));   /* set but empty */
    assert_false(bonx_color_decide(BONX_COLOR_AUTO, 1, "xterm", "1"));
    assert_false(bonx_color_decide(BONX_COLOR_AUTO, 1, "xterm", "0")); /* any value */
    assert_false(bonx_color_decide(BONX_COLOR_AUTO, 0, "xterm", NULL));
    assert_false(bonx_color_decide(BONX_COLOR_AUTO, 1, "dumb", NULL));
    assert_false(bonx_color_decide(BONX_COLOR_AUTO, 1, NULL, NULL));
    assert_false(bonx_color_decide(BONX_COLOR_AUTO, 1, "", NULL));
    /* always and never override everything */
    assert_true(bonx_color_decide(BONX_COLOR_ALWAYS, 0, "dumb", "1"));
    assert_false(bonx_color_decide(BONX_COLOR_NEVER, 1, "xterm", NULL));
    /* the option */
    bonx_cli c;
    bonx_cli_init(&c, "test");
    char *argv[] = {"test", "--color=never", "--color", "always", "--color=sometimes", "--color"};
    int i = 1;
    assert_int_equal(bonx_cli_color(&c, 6, argv, &i, &w), 1);
    assert_int_equal(w, BONX_COLOR_NEVER);
    i = 2;
    assert_int_equal(bonx_cli_color(&c, 6, argv, &i, &w), 1);
    assert_int_equal(w, BONX_COLOR_ALWAYS);
    assert_int_equal(i, 3);
    i = 4;
    assert_int_equal(bonx_cli_color(&c, 6, argv, &i, &w), -1);
    i = 5;
    assert_int_equal(bonx_cli_color(&c, 6, argv, &i, &w), -1);   /* value missing */
    i = 0;
    assert_int_equal(bonx_cli_color(&c, 6, argv, &i, &w), 0);
}

static void test_utf8_validation(void **state)
{
    (void)state;
    static const char *const good[] = {"", "abc", "\xc3\xbc", "\xe6\x97\xa5\xe6\x9c\xac",
                                       "\xf0\x9f\x98\x80", "\xef\xbb\xbf", "\xf4\x8f\xbf\xbf",
                                       "\xed\x9f\xbf"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        assert_int_equal(bonx_utf8_invalid(good[i]), -1);
    static const struct { const char *s; long at; } bad[] = {
        {"\xff", 0}, {"a\xc3", 1}, {"ab\xc3(", 2}, {"\xc0\xaf", 0} /* overlong '/' */,
        {"\xe0\x80\xaf", 0} /* overlong */, {"x\xed\xa0\x80", 1} /* surrogate */,
        {"\xf4\x90\x80\x80", 0} /* above U+10FFFF */, {"\xf8\x88\x80\x80\x80", 0},
        {"\x80", 0}, {"\xe6\x97", 0}, {"ok\xf0\x9f\x98", 2},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(bonx_utf8_invalid(bad[i].s), bad[i].at);
    /* --dist labels are checked at input */
    bonx_preset p;
    char err[160] = "";
    assert_int_equal(bonx_cli_parse_dist("a=1:0,b\xc3=1:1", &p, err, sizeof err), -1);
    assert_string_equal(err, "--dist item 2: label is not valid UTF-8 (byte 2)");
    assert_int_equal(bonx_cli_parse_dist("\xc3\xbc=1:0,\xe6\x97\xa5=1:1", &p, err, sizeof err), 0);
    assert_string_equal(p.labels[0], "\xc3\xbc");
    bonx_preset_free(&p);
}

static void test_display_width(void **state)
{
    (void)state;
    char *old = setlocale(LC_CTYPE, NULL);
    char *saved = old ? strdup(old) : NULL;
    if (!setlocale(LC_CTYPE, "C.UTF-8") && !setlocale(LC_CTYPE, "C.utf8")) {
        free(saved);
        skip();
    }
    assert_int_equal(bonx_display_width("abc"), 3);
    assert_int_equal(bonx_display_width("\xc3\xbc"), 1);                  /* ü */
    assert_int_equal(bonx_display_width("u\xcc\x88"), 1);                 /* u + combining diaeresis */
    assert_int_equal(bonx_display_width("\xe6\x97\xa5\xe6\x9c\xac"), 4);    /* two CJK */
    /* a table whose labels are wide: every row has the same display width, and the number
     * column ends in the same column */
    static const char *const cols[] = {"label", "p"};
    bonx_table *t = bonx_table_new(2, cols);
    bonx_table_str(t, "a");
    bonx_table_num(t, 0.25);
    bonx_table_str(t, "\xc3\xbc" "ber");
    bonx_table_num(t, 0.5);
    bonx_table_str(t, "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e");
    bonx_table_num(t, 0.125);
    char *s = render(t, BONX_FORMAT_TABLE);
    assert_string_equal(s, "label       p\n"
                           "a        0.25\n"
                           "\xc3\xbc" "ber      0.5\n"
                           "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e  0.125\n");
    free(s);
    bonx_table_free(t);
    /* in the C locale a UTF-8 sequence counts one column (never a byte each) */
    setlocale(LC_CTYPE, "C");
    assert_int_equal(bonx_display_width("\xc3\xbc" "ber"), 4);
    setlocale(LC_CTYPE, saved ? saved : "C");
    free(saved);
}

static void test_table_uint_and_null(void **state)
{
    (void)state;
    static const char *const cols[] = {"seed", "x"};
    bonx_table *t = bonx_table_new(2, cols);
    bonx_table_uint(t, 18446744073709551615ull);
    bonx_table_num(t, NAN);
    char *s = render(t, BONX_FORMAT_JSON);
    assert_string_equal(s, "[\n  {\"seed\": 18446744073709551615, \"x\": null}\n]\n");
    free(s);
    s = render(t, BONX_FORMAT_CSV);
    assert_string_equal(s, "seed,x\n18446744073709551615,nan\n");
    free(s);
    bonx_table_free(t);
}

/* --file - reads standard input: here a pipe on fd 0 */
static void test_source_stdin(void **state)
{
    (void)state;
    int fds[2], saved = dup(0);
    assert_int_equal(pipe(fds), 0);
    static const char text[] = "title: piped\na 1 0\nb 3 1\n";
    assert_int_equal(write(fds[1], text, sizeof text - 1), (ssize_t)(sizeof text - 1));
    close(fds[1]);
    assert_int_equal(dup2(fds[0], 0), 0);
    close(fds[0]);
    bonx_cli c;
    bonx_cli_init(&c, "test");
    char *argv[] = {"test", "--file=-"};
    int i = 1;
    assert_int_equal(bonx_cli_common(&c, 2, argv, &i), 1);
    bonx_preset p;
    bonx_dist d;
    assert_int_equal(bonx_cli_load_source(&c, &p, &d), 0);
    dup2(saved, 0);
    close(saved);
    assert_string_equal(p.title, "piped");
    assert_string_equal(p.name, "stdin");
    assert_true(d.p[0] == 0.25 && d.p[1] == 0.75);
    bonx_dist_free(&d);
    bonx_preset_free(&p);
}

/* bonx_cli_emit prints a nan or inf only in a column declared to hold them; otherwise it
 * prints nothing and returns 2 (a core bug must not reach a script as a number). */
static int emit_to_file(bonx_table *t, const char *path)
{
    bonx_cli cli;
    bonx_cli_init(&cli, "test");
    cli.format = BONX_FORMAT_CSV;
    fflush(stdout);
    int saved = dup(1), fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(saved >= 0 && fd >= 0);
    dup2(fd, 1);
    close(fd);
    int rc = bonx_cli_emit(&cli, t);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    return rc;
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static void test_emit_refuses_nonfinite(void **state)
{
    (void)state;
    char path[] = "/tmp/bonx-test-emit-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    bonx_table *t = sample_table();   /* inf, nan, -inf in column x */
    assert_int_equal(emit_to_file(t, path), 2);
    assert_int_equal(file_size(path), 0);
    t = sample_table();
    bonx_table_allow_nonfinite(t, "x");
    assert_int_equal(emit_to_file(t, path), 0);
    assert_true(file_size(path) > 0);
    static const char *const cols[] = {"a", "b"};
    t = bonx_table_new(2, cols);
    bonx_table_allow_nonfinite(t, "a");
    bonx_table_num(t, NAN);
    bonx_table_num(t, 1);
    bonx_table_num(t, 2);
    bonx_table_num(t, NAN);    /* b of row 2 */
    assert_int_equal(emit_to_file(t, path), 2);
    assert_int_equal(file_size(path), 0);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_number_accepts),
        cmocka_unit_test(test_number_rejects),
        cmocka_unit_test(test_count),
        cmocka_unit_test(test_list_items),
        cmocka_unit_test(test_list_ranges),
        cmocka_unit_test(test_list_errors),
        cmocka_unit_test(test_dist_spec),
        cmocka_unit_test(test_dist_spec_errors),
        cmocka_unit_test(test_load_source_dist),
        cmocka_unit_test(test_options),
        cmocka_unit_test(test_common_errors),
        cmocka_unit_test(test_table_csv),
        cmocka_unit_test(test_table_json),
        cmocka_unit_test(test_table_aligned),
        cmocka_unit_test(test_table_17_digits_round_trip),
        cmocka_unit_test(test_end_of_options),
        cmocka_unit_test(test_color_rule),
        cmocka_unit_test(test_utf8_validation),
        cmocka_unit_test(test_display_width),
        cmocka_unit_test(test_table_uint_and_null),
        cmocka_unit_test(test_source_stdin),
        cmocka_unit_test(test_emit_refuses_nonfinite),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
