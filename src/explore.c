/* SPDX-License-Identifier: MIT */
/* `bonx`, `bonx --preset NAME`, `bonx FILE`: the interactive explorer.  One state, one event
 * loop: keys change the state (edits recompute once), and the screen is redrawn only when the
 * state's generation moved or the terminal was resized; ncurses sends only what changed. */
#include <curses.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "app_state.h"
#include "cli.h"
#include "n_range.h"
#include "recompute.h"
#include "screen.h"
#include "signals.h"
#include "term.h"

#define DEFAULT_PRESET "binary"
#define PLAY_FRAME_MS 120

static void usage(FILE *out)
{
    fprintf(out,
            "usage: bonx [--preset NAME | --lecture FILE | [--] FILE] [--ascii] [--color WHEN]\n"
            "            [--n-range LO:HI]\n"
            "Open the interactive explorer on a preset (default: %s), a preset file, or a\n"
            "lecture (a FILE.bonxl, or a file whose first key is 'lecture:').\n"
            "  --preset NAME   a shipped preset (bonx presets lists them)\n"
            "  --lecture FILE  play a lecture: its scenes in order, space / Backspace step\n"
            "                  (or NAME: a shipped one, best-of-n, asymptotics, tradeoff)\n"
            "  --ascii         no Braille or Unicode marks (automatic when the locale is not UTF-8)\n"
            "  --color WHEN    auto (default: a terminal, TERM not dumb, NO_COLOR unset or\n"
            "                  empty), always or never\n"
            "  --n-range LO:HI the charts' n axis (default: follows the data; z / Z in the explorer)\n"
            "  --              ends the options (for a FILE whose name starts with -)\n"
            "Keys: ? in the explorer lists them all; man bonx (KEYS).\n",
            DEFAULT_PRESET);
}

typedef struct explore_args {
    const char *preset, *file, *lecture;
    int ascii, help, has_range;
    bonx_color_when color;
    double n_lo, n_hi;
} explore_args;

static int take_file(explore_args *ar, const char *arg)
{
    if (ar->file) {
        fprintf(stderr, "bonx: more than one FILE ('%s' and '%s')\n", ar->file, arg);
        return -1;
    }
    if (!strcmp(arg, "-")) {
        fprintf(stderr, "bonx: the explorer reads keys from standard input, not a preset "
                        "(give a FILE, or use --file - with a command)\n");
        return -1;
    }
    ar->file = arg;
    return 0;
}

/* --n-range LO:HI; same return convention as parse_option. */
static int range_option(bonx_cli *cli, int argc, char **argv, int *i, explore_args *ar)
{
    const char *v;
    char err[256];
    int m = bonx_cli_opt(cli, argc, argv, i, "--n-range", &v);
    if (m <= 0)
        return m;
    if (bonx_parse_n_range(v, &ar->n_lo, &ar->n_hi, err, sizeof err) != 0) {
        fprintf(stderr, "bonx: --n-range: %s\n", err);
        return -1;
    }
    ar->has_range = 1;
    return 1;
}

/* One option at argv[*i] (the same forms as the commands: --opt VALUE or --opt=VALUE);
 * 1 matched, 0 not an option, -1 error printed. */
static int parse_option(int argc, char **argv, int *i, explore_args *ar)
{
    bonx_cli cli;
    bonx_cli_init(&cli, NULL);
    const char *a = argv[*i];
    if (!strcmp(a, "--help") || !strcmp(a, "-h"))
        return ar->help = 1;
    int m = bonx_cli_flag(&cli, argv, *i, "--ascii");
    if (m != 0)
        return m < 0 ? -1 : (ar->ascii = 1);
    m = bonx_cli_opt(&cli, argc, argv, i, "--preset", &ar->preset);
    if (m == 0)
        m = bonx_cli_opt(&cli, argc, argv, i, "--lecture", &ar->lecture);
    if (m == 0)
        m = bonx_cli_color(&cli, argc, argv, i, &ar->color);
    if (m == 0)
        m = range_option(&cli, argc, argv, i, ar);
    if (m != 0)
        return m;
    if (a[0] == '-' && a[1]) {
        fprintf(stderr, "bonx: unknown option '%s' (try bonx --help)\n", a);
        return -1;
    }
    return 0;
}

static int parse_args(int argc, char **argv, explore_args *ar)
{
    memset(ar, 0, sizeof *ar);
    int i = 1;
    for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
        int m = parse_option(argc, argv, &i, ar);
        if (m < 0 || (m == 0 && take_file(ar, argv[i]) != 0))
            return -1;
    }
    for (i++; i < argc; i++)   /* after "--": only FILE */
        if (take_file(ar, argv[i]) != 0)
            return -1;
    if (!!ar->preset + !!ar->file + !!ar->lecture > 1) {
        fprintf(stderr, "bonx: give one of --preset NAME, --lecture FILE and FILE\n");
        return -1;
    }
    if (ar->file && access(ar->file, F_OK) == 0 && bonx_lecture_is(ar->file)) {
        ar->lecture = ar->file;   /* bonx FILE on a lecture plays it */
        ar->file = NULL;
    }
    return 0;
}

/* --lecture NAME: a file, else a shipped lecture NAME(.bonxl) of the preset directory. */
static const char *lecture_path(const char *arg, char *buf, size_t len)
{
    char dir[4096];
    if (access(arg, F_OK) == 0 || strchr(arg, '/') || bonx_preset_dir(dir, sizeof dir) != 0)
        return arg;
    size_t n = strlen(arg);
    int has_ext = n > 6 && !strcmp(arg + n - 6, ".bonxl");
    snprintf(buf, len, "%s/%s%s", dir, arg, has_ext ? "" : ".bonxl");
    return access(buf, F_OK) == 0 ? buf : arg;
}

/* Load the preset named on the command line into p; path receives its file. */
static int load_start_preset(const explore_args *ar, bonx_preset *p, char *path, size_t len)
{
    char err[512];
    if (ar->file && access(ar->file, F_OK) != 0) {   /* neither a command nor a file */
        fprintf(stderr, "bonx: '%s' is not a command or a preset file (try bonx --help)\n", ar->file);
        return -1;
    }
    if (ar->file)
        snprintf(path, len, "%s", ar->file);
    else if (bonx_preset_find(ar->preset ? ar->preset : DEFAULT_PRESET, path, len) != 0) {
        fprintf(stderr, "bonx: unknown preset '%s' (bonx presets lists them)\n",
                ar->preset ? ar->preset : DEFAULT_PRESET);
        return -1;
    }
    if (bonx_preset_load(path, p, err, sizeof err) != 0) {
        fprintf(stderr, "bonx: %s\n", err);
        return -1;
    }
    return 0;
}

/* Clicks select; the wheel moves like the arrow keys (up/down in the focused pane). */
static void handle_mouse(bonx_screen *s, bonx_app *a)
{
    MEVENT ev;
    if (getmouse(&ev) != OK)
        return;
    if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED))
        bonx_screen_click(s, a, ev.x, ev.y);
    else if (ev.bstate & BUTTON4_PRESSED)
        bonx_app_key(a, BONX_KEY_UP);
#ifdef BUTTON5_PRESSED
    else if (ev.bstate & BUTTON5_PRESSED)
        bonx_app_key(a, BONX_KEY_DOWN);
#endif
}

/* Ctrl-C is q: it asks first when there are unsaved edits (a second Ctrl-C quits). */
static void on_interrupt(bonx_app *a)
{
    if (a->mode == BONX_MODE_CONFIRM && a->confirm_action == BONX_CONFIRM_QUIT) {
        a->quit = 1;
        return;
    }
    for (int i = 0; i < 4 && a->mode != BONX_MODE_NORMAL; i++)   /* close edits, overlays */
        bonx_app_key(a, BONX_KEY_ESC);
    bonx_app_key(a, 'q');
}

/* A signal that ends the process: the terminal back as it was (out of the alternate screen,
 * cursor shown, cooked mode), the unsaved edits into a recovery file on a hang-up or a
 * termination (the user did not choose to lose them), then the signal's own death. */
static void die_of(bonx_app *a, bonx_screen *s, int sig)
{
    char path[4200];
    bonx_term_stop();
    int rc = sig == SIGHUP || sig == SIGTERM ? bonx_app_write_recovery(a, path, sizeof path) : 1;
    if (rc == 0)
        fprintf(stderr, "bonx: %s: unsaved edits written to %s\n", bonx_signal_name(sig), path);
    else if (rc < 0)
        fprintf(stderr, "bonx: %s: unsaved edits lost: %s\n", bonx_signal_name(sig), a->message);
    else if (a->dirty)
        fprintf(stderr, "bonx: %s: quit with unsaved edits\n", bonx_signal_name(sig));
    fflush(stderr);
    bonx_screen_free(s);
    bonx_app_free(a);
    bonx_signals_die(sig);
}

static int handle_signals(bonx_app *a, bonx_screen *s)
{
    int sig, any = 0;
    while ((sig = bonx_signals_next()) != 0) {
        any = 1;
        if (sig == SIGINT)
            on_interrupt(a);
        else
            die_of(a, s, sig);
    }
    return any;
}

static void handle_key(bonx_app *a, bonx_screen *s, wint_t ch, int rc)
{
    int key = bonx_term_key((int)ch, rc == KEY_CODE_YES);
    if (key == BONX_KEY_MOUSE)
        handle_mouse(s, a);
    else if (key == BONX_KEY_RESIZE)
        bonx_app_touch(a);
    else if (key == 12) {   /* Ctrl-L: repaint everything */
        clearok(curscr, TRUE);
        bonx_app_touch(a);
    } else if (key >= 0)
        bonx_app_key(a, key);
}

/* Every key ncurses has (typed ahead, or buffered by it): none is left behind for the next
 * poll(), which only sees the file descriptor.  Stops early when a key asks to quit. */
static void drain_keys(bonx_app *a, bonx_screen *s)
{
    wint_t ch;
    int rc;
    timeout(0);
    while (a->quit != 1 && (rc = get_wch(&ch)) != ERR)
        handle_key(a, s, ch, rc);
}

/* How long a key waits for its recompute before the frame is drawn with the previous
 * results and a progress mark: short enough for a frame within 16 ms, long enough that a
 * small table never shows an intermediate frame.  The e2e scripts compare whole screens after
 * each key (BONX_TEST_FRAMES): they wait longer unless BONX_RECOMPUTE_GRACE_MS says. */
static int grace_ms(int test_frames)
{
    const char *g = getenv("BONX_RECOMPUTE_GRACE_MS");
    if (g && *g)
        return atoi(g);
    return test_frames ? 5000 : 8;
}

#define PROGRESS_MS 100   /* the progress mark moves this often while a recompute runs */

/* One loop: draw when something visible changed, then sleep in poll() until a key, a
 * finished recompute, a signal, the play timer or the progress mark's next step.  The input
 * thread never computes the curves of an edit: bonx_app_key posts them to the background
 * thread (app_state.c) and this loop installs them when they are done. */
static void event_loop(bonx_app *a, bonx_screen *s, int sig_fd, int grace)
{
    unsigned long drawn = a->generation - 1;
    double next_tick = bonx_app_now_ms() + PLAY_FRAME_MS, next_progress = 0;
    int bg_fd = a->bg ? bonx_recompute_fd(a->bg) : -1;
    int pt_fd = a->bg_point ? bonx_recompute_fd(a->bg_point) : -1;
    int x_fd = a->bg_extras ? bonx_recompute_fd(a->bg_extras) : -1;
    while (a->quit != 1) {
        if (bonx_app_poll_recompute(a))
            bonx_app_prepare_extras(a);   /* the views of the new table, if one is shown */
        double now = bonx_app_now_ms();
        if (bonx_app_computing(a) && now >= next_progress) {
            bonx_app_touch(a);   /* the progress mark's time */
            next_progress = now + PROGRESS_MS;
        }
        if (drawn != a->generation) {
            bonx_screen_draw(s, a, COLS, LINES);
            wnoutrefresh(stdscr);
            doupdate();
            drawn = a->generation;
        }
        int playing = a->playing && !a->paused, wait = -1;
        if (playing)
            wait = next_tick > now ? (int)(next_tick - now) + 1 : 0;
        if (bonx_app_computing(a)) {
            int w = next_progress > now ? (int)(next_progress - now) + 1 : 0;
            wait = wait < 0 || w < wait ? w : wait;
        }
        struct pollfd pf[5] = {{STDIN_FILENO, POLLIN, 0}, {sig_fd, POLLIN, 0},
                               {bg_fd, POLLIN, 0}, {pt_fd, POLLIN, 0}, {x_fd, POLLIN, 0}};
        poll(pf, bg_fd >= 0 ? 5 : 2, wait);   /* EINTR (a signal, a resize): look anyway */
        if (handle_signals(a, s) && a->quit == 1)
            break;
        unsigned long seq = a->job_seq, pseq = a->point_seq;
        drain_keys(a, s);
        if ((a->job_seq != seq || a->point_seq != pseq) && grace > 0) {
            bonx_app_wait_recompute(a, grace);   /* a small table's results make this frame */
            bonx_app_prepare_extras(a);   /* and the extra view shown follows them (a scene
                                           * step setting kl on the asym view: its delta) */
        }
        now = bonx_app_now_ms();
        if (playing && now >= next_tick) {
            bonx_app_tick(a);
            next_tick = now + PLAY_FRAME_MS;
        } else if (!playing)
            next_tick = now + PLAY_FRAME_MS;
    }
}

/* Say so when a killed session left unsaved edits for this table. */
static void mention_recovery(bonx_app *a)
{
    char path[4200];
    if (bonx_app_recovery_exists(a, path, sizeof path))
        bonx_app_say(a, "unsaved edits of a session that was killed are in %s", path);
}

/* Every large array (at K = 1e6 a table's are 8 MB each) in a mapping of its own, given
 * back when freed.  glibc otherwise raises its threshold to the size of the first such array
 * freed and serves the next recompute's from the heap, which keeps what is freed: at
 * K = 1e6 the explorer held 543 MB after three edits, 308 MB with this. */
static void large_arrays_mapped(void)
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
}

int cmd_explore(int argc, char **argv)
{
    explore_args ar;
    bonx_preset p = {0};
    bonx_app app;
    char path[4096], err[512];
    if (parse_args(argc, argv, &ar) != 0)
        return 2;
    large_arrays_mapped();
    if (ar.help) {
        usage(stdout);
        return 0;
    }
    bonx_lecture lec = {0};
    char lpath[4200];
    if (ar.lecture)
        ar.lecture = lecture_path(ar.lecture, lpath, sizeof lpath);
    if (ar.lecture) {   /* the whole lecture is read and checked before the screen changes */
        if (bonx_lecture_load(ar.lecture, &lec, err, sizeof err) != 0 ||
            bonx_lecture_scene_preset(&lec, 0, &p, err, sizeof err) != 0) {
            fprintf(stderr, "bonx: %s\n", err);
            bonx_lecture_free(&lec);
            return 2;
        }
        snprintf(path, sizeof path, "%s", lec.scenes[0].table);
    } else if (load_start_preset(&ar, &p, path, sizeof path) != 0)
        return 2;
    if (bonx_app_init(&app, &p, path, err, sizeof err) != 0) {
        fprintf(stderr, "bonx: %s: %s\n", path, err);
        bonx_preset_free(&p);
        bonx_lecture_free(&lec);
        return 2;
    }
    bonx_preset_free(&p);
    if (ar.lecture && bonx_app_open_lecture(&app, &lec) != 0) {
        fprintf(stderr, "bonx: %s: %s\n", ar.lecture, app.message);
        bonx_lecture_free(&lec);
        bonx_app_free(&app);
        return 2;
    }
    if (ar.has_range && bonx_app_set_n_range(&app, ar.n_lo, ar.n_hi) != 0) {
        fprintf(stderr, "bonx: --n-range: %s\n", app.message);
        bonx_app_free(&app);
        return 2;
    }
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        fprintf(stderr, "bonx: the explorer needs a terminal (see bonx --help for commands)\n");
        bonx_app_free(&app);
        return 2;
    }
    setlocale(LC_CTYPE, ""); /* never LC_NUMERIC: numbers are read and written in C */
    /* before initscr, so that ncurses leaves every signal to us */
    int sig_fd = bonx_signals_install();
    if (sig_fd < 0 || bonx_term_start() != 0) {
        bonx_signals_uninstall();
        fprintf(stderr, "bonx: cannot start the terminal (TERM=%s)\n", getenv("TERM") ? getenv("TERM") : "");
        bonx_app_free(&app);
        return 2;
    }
    bonx_screen screen;
    const char *frames = getenv("BONX_TEST_FRAMES");
    int test_frames = frames && *frames && strcmp(frames, "0");
    bonx_screen_init(&screen, bonx_term_colors(bonx_color_stdout(ar.color)),
                     ar.ascii || !bonx_term_utf8(), test_frames);
    bonx_app_start_async(&app);   /* no thread: edits compute in place, as before */
    mention_recovery(&app);
    event_loop(&app, &screen, sig_fd, grace_ms(test_frames));
    bonx_term_stop();
    bonx_signals_uninstall();
    bonx_screen_free(&screen);
    bonx_app_free(&app);
    return 0;
}
