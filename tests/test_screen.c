/* SPDX-License-Identifier: MIT */
/* The explorer's screen in-process: ncurses on /dev/null at fixed sizes, every view drawn
 * from a real app state, rows read back with mvinnstr / mvinnwstr and checked for content;
 * layout invariants over many sizes; clicks; NO_COLOR.  TERM is set here, so the suite runs
 * without a terminal. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <curses.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#include <cmocka.h>
#include "app_state.h"
#include "charts.h"
#include "layout.h"
#include "screen.h"
#include "term.h"
#include "views.h"
#include "rng.h"

static SCREEN *scr;
static FILE *out, *in;

static void term_open(int width, int height)
{
    setenv("TERM", "xterm", 1);
    setlocale(LC_ALL, "C.UTF-8");
    out = fopen("/dev/null", "w");
    in = fopen("/dev/null", "r");
    assert_non_null(out);
    scr = newterm("xterm", out, in);
    assert_non_null(scr);
    set_term(scr);
    resizeterm(height, width);
}

static void term_close(void)
{
    endwin();
    delscreen(scr);
    fclose(out);
    fclose(in);
}

/* Screen row y as UTF-8. */
static void row_text(int y, char *buf, size_t len)
{
    wchar_t w[512];
    int n = mvinnwstr(y, 0, w, COLS < 511 ? COLS : 511);
    w[n > 0 ? n : 0] = L'\0';
    size_t m = wcstombs(buf, w, len - 1);
    buf[m == (size_t)-1 ? 0 : m] = '\0';
}

/* 1 if some row of [y0, y1) contains s. */
static int screen_has(const char *s, int y0, int y1)
{
    char buf[2048];
    for (int y = y0; y < y1 && y < LINES; y++) {
        row_text(y, buf, sizeof buf);
        if (strstr(buf, s))
            return 1;
    }
    return 0;
}

static int anywhere(const char *s) { return screen_has(s, 0, LINES); }

static void dump(void)
{
    char buf[2048];
    for (int y = 0; y < LINES; y++) {
        row_text(y, buf, sizeof buf);
        fprintf(stderr, "|%s|\n", buf);
    }
}

static void open_app(bonx_app *a, size_t k, const double *w, const double *r, const char *note)
{
    bonx_preset p = {0};
    char err[256];
    p.name = strdup("screen");
    p.title = strdup("screen test");
    p.note = note ? strdup(note) : NULL;
    p.k = k;
    p.labels = calloc(k, sizeof *p.labels);
    p.w = malloc(k * sizeof *p.w);
    p.r = malloc(k * sizeof *p.r);
    for (size_t i = 0; i < k; i++) {
        char buf[32];
        snprintf(buf, sizeof buf, "out%zu", i + 1);
        p.labels[i] = strdup(buf);
        p.w[i] = w[i];
        p.r[i] = r[i];
    }
    assert_int_equal(bonx_app_init(a, &p, NULL, err, sizeof err), 0);
    bonx_preset_free(&p);
}

static void open_binary(bonx_app *a)
{
    const double w[2] = {1, 1}, r[2] = {0, 1};
    open_app(a, 2, w, r, "Example 1 of the paper.\nKL stays below log 2.");
}

static void draw(bonx_screen *s, const bonx_app *a)
{
    bonx_screen_draw(s, a, COLS, LINES);
}

/* ---- tests */

static void test_80x24_shows_every_pane(void **state)
{
    (void)state;
    bonx_app a;
    bonx_screen s;
    term_open(80, 24);
    open_binary(&a);
    bonx_screen_init(&s, 0, 0, 1);
    draw(&s, &a);
    assert_false(s.layout.too_small);
    assert_true(screen_has("bonx", 0, 1) && screen_has("screen test", 0, 1));
    assert_true(anywhere("label") && anywhere("weight") && anywhere("reward"));
    assert_true(anywhere("out1") && anywhere("out2"));
    assert_true(anywhere("n 4"));
    assert_true(anywhere("1 kl") && anywhere("7 simplex"));
    assert_true(anywhere("KL exact") && anywhere("KL formula") && anywhere("win rate"));
    /* the numbers are the closed forms of Example 1 at n = 4, to 6 digits */
    char want[64];
    long double e = 1.0L / 16, h = -e * logl(e) - (1 - e) * logl(1 - e);
    snprintf(want, sizeof want, "%.6g", (double)(logl(2) - h));
    assert_true(anywhere(want));
    snprintf(want, sizeof want, "%.6g", 0.75 - 1.0 / 32);   /* win rate */
    assert_true(anywhere(want));
    snprintf(want, sizeof want, "%.6g", log(4) - 0.75);    /* analytical formula */
    assert_true(anywhere(want));
    /* the readout leaves rows spare at 80x24: the note is wrapped there, the status line
     * keeps the frame counter */
    assert_true(s.layout.note.h >= 2 && s.layout.note.y > s.layout.readout.y);
    assert_true(screen_has("Example 1 of the paper.", s.layout.note.y, s.layout.note.y + s.layout.note.h));
    assert_true(screen_has(" f000001", LINES - 1, LINES));
    /* the readout is on screen in the small tier, the chart when the charts have focus */
    a.focus = BONX_FOCUS_CHARTS;
    draw(&s, &a);
    assert_int_equal(s.layout.n_charts, 1);
    assert_false(anywhere("KL exact"));
    bonx_screen_free(&s);
    bonx_app_free(&a);
    term_close();
}

static void test_edit_shows_new_kl(void **state)
{
    (void)state;
    bonx_app a;
    bonx_screen s;
    term_open(80, 24);
    open_binary(&a);
    bonx_screen_init(&s, 0, 0, 0);
    bonx_app_key(&a, 'l');
    bonx_app_key(&a, '\n');
    bonx_app_key(&a, 21);
    bonx_app_key(&a, '3');
    draw(&s, &a);
    assert_true(anywhere("3"));   /* the editor shows what is typed */
    bonx_app_key(&a, '\n');
    draw(&s, &a);
    /* p = (3/4, 1/4), top outcome rare: KL at n = 4 */
    long double lo = powl(0.75L, 4), hi = 1 - lo;
    long double kl = lo * logl(lo / 0.75L) + hi * logl(hi / 0.25L);
    char want[64];
    snprintf(want, sizeof want, "%.6g", (double)kl);
    assert_true(anywhere(want));
    assert_true(anywhere("[modified]"));
    /* a refused value: the message is on the status line, the old value stays */
    bonx_app_key(&a, '\n');
    bonx_app_key(&a, 21);
    bonx_app_key(&a, '-');
    bonx_app_key(&a, '2');
    bonx_app_key(&a, '\n');
    draw(&s, &a);
    assert_true(screen_has("negative", LINES - 1, LINES));
    assert_true(anywhere(want));
    bonx_screen_free(&s);
    bonx_app_free(&a);
    term_close();
}

static void test_wide_tiers(void **state)
{
    (void)state;
    bonx_app a;
    bonx_screen s;
    const int sizes[3][3] = {{120, 40, 2}, {120, 30, 1}, {200, 50, 4}};
    for (int i = 0; i < 3; i++) {
        term_open(sizes[i][0], sizes[i][1]);
        open_binary(&a);
        bonx_screen_init(&s, 0, 0, 0);
        draw(&s, &a);
        assert_int_equal(s.layout.n_charts, sizes[i][2]);
        /* table, readout and charts at once */
        assert_true(anywhere("out1") && anywhere("KL exact"));
        char buf[2048];
        int ink = 0;   /* the chart panes draw something */
        for (int p = 0; p < s.layout.n_charts; p++) {
            const bonx_rect *r = &s.layout.charts[p];
            for (int y = r->y; y < r->y + r->h; y++) {
                row_text(y, buf, sizeof buf);
                for (int x = r->x; x < r->x + r->w && buf[x]; x++)
                    ink += buf[x] != ' ';
            }
        }
        assert_true(ink > 50 * s.layout.n_charts);
        if (sizes[i][0] == 120) {   /* narrow tab row: every view named, short names */
            row_text(s.layout.tabs.y, buf, sizeof buf);
            const char *tabs = strstr(buf, "1 kl 2win 3trade 4rew 5pmf 6cost 7splx 8asym 9sim 0corp");
            assert_non_null(tabs);
            bonx_screen_click(&s, &a, s.layout.tabs.x + (int)(strstr(tabs, "9sim") - tabs), s.layout.tabs.y);
            assert_int_equal(a.chart, BONX_VIEW_SIMULATE);
            assert_int_equal(a.focus, BONX_FOCUS_CHARTS);
        }
        bonx_screen_free(&s);
        bonx_app_free(&a);
        term_close();
    }
}

static void test_too_small(void **state)
{
    (void)state;
    bonx_app a;
    bonx_screen s;
    const int sizes[4][2] = {{30, 10}, {59, 24}, {80, 17}, {1, 1}};
    for (int i = 0; i < 4; i++) {
        term_open(sizes[i][0], sizes[i][1]);
        open_binary(&a);
        bonx_screen_init(&s, 0, 0, 0);
        draw(&s, &a);
        assert_true(s.layout.too_small);
        if (sizes[i][0] >= 26)
            assert_true(anywhere("terminal too small"));
        assert_false(anywhere("KL exact"));
        bonx_screen_free(&s);
        bonx_app_free(&a);
        term_close();
    }
    term_open(BONX_MIN_WIDTH, BONX_MIN_HEIGHT);
    open_binary(&a);
    bonx_screen_init(&s, 0, 0, 0);
    draw(&s, &a);
    assert_false(s.layout.too_small);
    assert_true(anywhere("out1") && anywhere("KL exact"));
    bonx_screen_free(&s);
    bonx_app_free(&a);
    term_close();
}

static void test_help_lists_every_key(void **state)
{
    (void)state;
    bonx_app a;
    bonx_screen s;
    term_open(100, 50);   /* tall enough for the whole list */
    open_binary(&a);
    bonx_screen_init(&s, 0, 1, 0);
    bonx_app_key(&a, '?');
    draw(&s, &a);
    assert_true(anywhere("bonx keys"));
    static const char *const must[] = {"Tab", "Enter", "Esc", "Ctrl-R", "undo", "duplicate",
                                       "normalise", "sort", "play", "pause", "save", "preset",
                                       "lecture", "reset", "quit", "mouse", "N B K T E"};
    for (size_t i = 0; i < sizeof must / sizeof *must; i++)
        if (!anywhere(must[i])) {
            dump();
            fail_msg("help lacks %s", must[i]);
        }
    bonx_app_key(&a, 'x');
    draw(&s, &a);
    assert_false(anywhere("bonx keys"));
    bonx_screen_free(&s);
    bonx_app_free(&a);
    term_close();
    /* at 80x24 the list scrolls to its end */
    term_open(80, 24);
    open_binary(&a);
    bonx_screen_init(&s, 0, 0, 0);
    bonx_app_key(&a, '?');
    draw(&s, &a);
    assert_false(anywhere("quit (asks"));
    for (int i = 0; i < 40; i++)
        bonx_app_key(&a, 'j');
    draw(&s, &a);
    assert_true(anywhere("quit (asks"));
    bonx_screen_free(&s);
    bonx_app_free(&a);
    term_close();
}

static void test_lecture_mode(void **state)
{
    (void)state;
    bonx_app a;
    bonx_screen s;
    const int sizes[2][2] = {{80, 24}, {140, 40}};
    for (int i = 0; i < 2; i++) {
        term_open(sizes[i][0], sizes[i][1]);
        open_binary(&a);
        bonx_screen_init(&s, 0, 0, 0);
        bonx_app_key(&a, 'L');
        draw(&s, &a);
        assert_true(s.layout.lecture);
        assert_true(anywhere("Example 1 of the paper."));   /* the note */
        assert_true(anywhere("KL stays below log 2."));
        assert_true(anywhere("p play") && anywhere("q quit"));  /* the key legend */
        assert_true(anywhere("win rate"));
        bonx_screen_free(&s);
        bonx_app_free(&a);
        term_close();
    }
}

/* Pure geometry: panes inside the screen and not overlapping, for every size. */
static int overlap(const bonx_rect *x, const bonx_rect *y)
{
    return x->w > 0 && x->h > 0 && y->w > 0 && y->h > 0 && x->x < y->x + y->w &&
           y->x < x->x + x->w && x->y < y->y + y->h && y->y < x->y + x->h;
}

static void test_layout_invariants(void **state)
{
    (void)state;
    for (int w = 1; w <= 260; w += 3)
        for (int h = 1; h <= 80; h += 1)
            for (int lecture = 0; lecture < 2; lecture++)
                for (size_t k = 1; k < 500; k = k * 3 + 1) {
                    bonx_layout l;
                    bonx_layout_compute(&l, w, h, k, lecture, (int)(k % 2));
                    if (w < BONX_MIN_WIDTH || h < BONX_MIN_HEIGHT) {
                        assert_true(l.too_small);
                        continue;
                    }
                    bonx_rect panes[16] = {l.header, l.table, l.params, l.tabs, l.readout,
                                           l.note, l.legend, l.status};
                    int n = 8;
                    for (int i = 0; i < l.n_charts; i++)
                        panes[n++] = l.charts[i];
                    for (int i = 0; i < n; i++) {
                        const bonx_rect *r = &panes[i];
                        if (r->w == 0 || r->h == 0)
                            continue;
                        assert_true(r->x >= 0 && r->y >= 0 && r->x + r->w <= w && r->y + r->h <= h);
                        for (int j = i + 1; j < n; j++)
                            assert_false(overlap(r, &panes[j]));
                    }
                    assert_true(l.status.y == h - 1 && l.header.y == 0);
                    assert_true(l.n_charts >= (lecture || w >= 110 ? 1 : 0));
                    if (!lecture)
                        assert_true(l.table.h >= 3 && l.table.h <= (int)k + 1 + 2);
                }
}

/* Every size draws without a crash or a write outside the screen (sanitisers watch). */
static void test_render_size_sweep(void **state)
{
    (void)state;
    bonx_app a;
    bonx_screen s;
    const double w[3] = {0.5, 0.3, 0.2}, r[3] = {log(0.22), log(0.11), log(0.67)};
    term_open(80, 24);
    open_app(&a, 3, w, r, "ternary");
    for (int ascii = 0; ascii < 2; ascii++) {
        bonx_screen_init(&s, 1, ascii, 1);
        for (int width = 1; width <= 220; width += 7)
            for (int height = 1; height <= 64; height += 5) {
                resizeterm(height, width);
                a.lecture = (width + height) % 3 == 0;
                a.focus = (bonx_focus)((width / 7) % 3);
                a.chart = (width / 7 + height / 5) % BONX_CHART_COUNT;
                a.mode = height % 4 == 1 ? BONX_MODE_HELP : BONX_MODE_NORMAL;
                draw(&s, &a);
            }
        bonx_screen_free(&s);
    }
    bonx_app_free(&a);
    term_close();
}

static void test_clicks(void **state)
{
    (void)state;
    bonx_app a;
    bonx_screen s;
    const double w[3] = {1, 2, 3}, r[3] = {2, 1, 0};
    term_open(80, 24);
    open_app(&a, 3, w, r, NULL);
    bonx_screen_init(&s, 0, 0, 0);
    draw(&s, &a);
    /* rows are in reward order: the third row holds out1 (reward 2); x = 14 is its weight */
    const bonx_layout *l = &s.layout;
    bonx_screen_click(&s, &a, 14, l->table.y + 3);
    assert_int_equal(a.sel, 0);
    assert_int_equal(a.col, BONX_COL_WEIGHT);
    assert_int_equal(a.focus, BONX_FOCUS_TABLE);
    /* a parameter: the first item of the line is n, then beta */
    draw(&s, &a);
    bonx_screen_click(&s, &a, l->params.x + 6, l->params.y);
    assert_int_equal(a.focus, BONX_FOCUS_PARAMS);
    assert_int_equal(a.param, BONX_PARAM_BETA);
    /* a chart tab: "1 kl 2 winrate 3 tradeoff": x of "3" */
    draw(&s, &a);
    char buf[512];
    row_text(l->tabs.y, buf, sizeof buf);
    const char *third = strstr(buf, "3 tradeoff");
    assert_non_null(third);
    bonx_screen_click(&s, &a, l->tabs.x + (int)(third - buf), l->tabs.y);
    assert_int_equal(a.chart, BONX_CHART_TRADEOFF);
    assert_int_equal(a.focus, BONX_FOCUS_CHARTS);
    bonx_screen_free(&s);
    bonx_app_free(&a);
    term_close();
}

static void test_no_color(void **state)
{
    (void)state;
    term_open(80, 24);
    assert_int_equal(bonx_term_colors(0), 0);   /* --color=never, or auto said no */
    assert_int_equal(bonx_term_colors(1), has_colors() ? 1 : 0);
    term_close();
}

static void test_ascii_screen_has_no_unicode(void **state)
{
    (void)state;
    bonx_app a;
    bonx_screen s;
    term_open(120, 40);
    open_binary(&a);
    bonx_screen_init(&s, 0, 1, 0);
    for (int chart = 0; chart < BONX_CHART_COUNT; chart++) {
        a.chart = chart;
        draw(&s, &a);
        char buf[2048];
        for (int y = 0; y < LINES; y++) {
            row_text(y, buf, sizeof buf);
            for (const char *c = buf; *c; c++)
                if ((unsigned char)*c >= 0x80) {
                    dump();
                    fail_msg("non-ASCII on row %d in ASCII mode (chart %d)", y, chart);
                }
        }
    }
    bonx_screen_free(&s);
    bonx_app_free(&a);
    term_close();
}

/* Remove dir and the files in it (the storm's exports). */
static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)))
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
                unlinkat(dirfd(d), e->d_name, 0);
        closedir(d);
    }
    rmdir(dir);
}

/* Random key storms (everything but saving; 'e' exports SVGs under whatever names the storm
 * types, so the storm runs in a directory of its own, removed after) with a frame drawn
 * after each key at changing sizes: no crash, no sanitizer report, and the state stays
 * consistent (selection in range, a valid mode, K >= 1). */
static void test_random_keys(void **state)
{
    (void)state;
    static const int pool[] = {
        'h', 'j', 'k', 'l', '\n', 27, '\t', 'a', 'd', 'D', 'w', 'S', 'v', 'u', 18, '+', '-',
        '>', '<', '=', 'N', 'B', 'K', 'T', 'E', '1', '4', '5', '7', '8', '9', '0', '[', ']', '{',
        '}', '(', ')', 'p', ' ', '.', 'r', 'R', 'L', '?', 'q', 'y', 'n', '3', 'e', '-', '.',
        BONX_KEY_UP, BONX_KEY_DOWN, BONX_KEY_LEFT, BONX_KEY_RIGHT, BONX_KEY_PGUP, BONX_KEY_PGDN,
        BONX_KEY_BTAB, BONX_KEY_BACKSPACE, BONX_KEY_DELETE, BONX_KEY_HOME, BONX_KEY_END, 21,
    };
    const size_t npool = sizeof pool / sizeof *pool;
    char cwd[4096], dir[] = "/tmp/bonx-storm-XXXXXX";
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_non_null(mkdtemp(dir));
    assert_int_equal(chdir(dir), 0);
    bonx_rng g;
    bonx_rng_seed(&g, 99);
    bonx_app a;
    bonx_screen s;
    const double w[4] = {1, 2, 0, 0.5}, r[4] = {0, 1, 1, -3};
    term_open(100, 30);
    open_app(&a, 4, w, r, "storm");
    bonx_screen_init(&s, 1, 0, 1);
    for (int i = 0; i < 3000; i++) {
        int key = pool[bonx_rng_below(&g, npool)];
        bonx_app_key(&a, key);
        if (a.quit == 1)
            a.quit = 0;   /* keep going */
        if (a.playing)
            bonx_app_tick(&a);
        if (i % 97 == 0)
            resizeterm(18 + (int)bonx_rng_below(&g, 40), 60 + (int)bonx_rng_below(&g, 150));
        draw(&s, &a);
        assert_true(a.table.k >= 1 && a.sel < a.table.k);
        assert_true(a.mode >= BONX_MODE_NORMAL && a.mode <= BONX_MODE_SYMBOLS);
        assert_true(a.chart >= 0 && a.chart < BONX_VIEW_COUNT);
        assert_true(a.n >= 1 && a.beta > 0 && a.t >= 0);
    }
    bonx_screen_free(&s);
    bonx_app_free(&a);
    term_close();
    assert_int_equal(chdir(cwd), 0);
    remove_tree(dir);
}

/* The man page's KEYS section and the help overlay list the same keys. */
static void test_man_keys_match_help(void **state)
{
    (void)state;
    FILE *f = fopen("man/bonx.1", "r");
    if (!f)
        skip();   /* run from elsewhere than the source tree */
    static char man[1 << 18];
    size_t n = fread(man, 1, sizeof man - 1, f);
    fclose(f);
    man[n] = '\0';
    char *keys = strstr(man, ".SH KEYS");
    assert_non_null(keys);
    char *end = strstr(keys + 1, "\n.SH ");
    if (end)
        *end = '\0';
    /* roff escapes: "\-" is "-" */
    char *w = keys;
    for (char *r = keys; *r; r++)
        if (!(*r == '\\' && r[1] == '-'))
            *w++ = *r;
    *w = '\0';
    int entries = 0;
    for (const bonx_key_help *k = bonx_key_help_table; k->keys; k++) {
        /* each line fits the 80-column overlay: 16 for the keys, 59 for the text */
        assert_true(strlen(k->keys) <= 16 && bonx_utf8_width(k->what) <= 59);
        char line[128];
        snprintf(line, sizeof line, "\n.B %s\n", k->keys);
        if (!strstr(keys, line))
            fail_msg("man KEYS lacks %s", k->keys);
        entries++;
    }
    int man_entries = 0;
    for (char *p = keys; (p = strstr(p, "\n.TP\n")); p++)
        man_entries++;
    assert_int_equal(man_entries, entries);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_80x24_shows_every_pane),
        cmocka_unit_test(test_edit_shows_new_kl),
        cmocka_unit_test(test_wide_tiers),
        cmocka_unit_test(test_too_small),
        cmocka_unit_test(test_help_lists_every_key),
        cmocka_unit_test(test_lecture_mode),
        cmocka_unit_test(test_layout_invariants),
        cmocka_unit_test(test_render_size_sweep),
        cmocka_unit_test(test_clicks),
        cmocka_unit_test(test_no_color),
        cmocka_unit_test(test_ascii_screen_has_no_unicode),
        cmocka_unit_test(test_man_keys_match_help),
        cmocka_unit_test(test_random_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
