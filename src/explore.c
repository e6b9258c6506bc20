/* `bonx`, `bonx --preset NAME`, `bonx FILE`: the interactive explorer.  One state, one event
 * loop: keys change the state (edits recompute once), and the screen is redrawn only when the
 * state's generation moved or the terminal was resized; ncurses sends only what changed. */
#include <curses.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app_state.h"
#include "cli.h"
#include "screen.h"
#include "term.h"

#define DEFAULT_PRESET "binary"
#define PLAY_FRAME_MS 120

static void usage(FILE *out)
{
    fprintf(out,
            "usage: bonx [--preset NAME | [--] FILE] [--ascii] [--color WHEN]\n"
            "Open the interactive explorer on a preset (default: %s) or a preset file.\n"
            "  --preset NAME   a shipped preset (bonx presets lists them)\n"
            "  --ascii         no Braille or Unicode marks (automatic when the locale is not UTF-8)\n"
            "  --color WHEN    auto (default: a terminal, TERM not dumb, NO_COLOR unset or\n"
            "                  empty), always or never\n"
            "  --              ends the options (for a FILE whose name starts with -)\n"
            "Keys: ? in the explorer lists them all; man bonx (KEYS).\n",
            DEFAULT_PRESET);
}

typedef struct explore_args {
    const char *preset, *file;
    int ascii, help;
    bonx_color_when color;
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

/* One option at argv[*i] (the same forms as the commands: --opt VALUE or --opt=VALUE);
 * 1 matched, 0 not an option, -1 error printed. */
static int parse_option(int argc, char **argv, int *i, explore_args *ar)
{
    bonx_cli cli;
    bonx_cli_init(&cli, NULL);
    const char *a = argv[*i];
    if (!strcmp(a, "--help") || !strcmp(a, "-h"))
        return ar->help = 1;
    if (!strcmp(a, "--ascii"))
        return ar->ascii = 1;
    int m = bonx_cli_opt(&cli, argc, argv, i, "--preset", &ar->preset);
    if (m == 0)
        m = bonx_cli_color(&cli, argc, argv, i, &ar->color);
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
    if (ar->preset && ar->file) {
        fprintf(stderr, "bonx: give --preset NAME or FILE, not both\n");
        return -1;
    }
    return 0;
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

/* Ctrl-C is q: it asks first when there are unsaved edits (a second Ctrl-C quits).  The
 * handler only sets a flag; the loop acts on it when get_wch returns. */
static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
}

static void catch_sigint(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;   /* no SA_RESTART: the blocking read returns */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
}

static void on_interrupt(bonx_app *a)
{
    interrupted = 0;
    if (a->mode == BONX_MODE_CONFIRM && a->confirm_action == BONX_CONFIRM_QUIT) {
        a->quit = 1;
        return;
    }
    for (int i = 0; i < 4 && a->mode != BONX_MODE_NORMAL; i++)   /* close edits, overlays */
        bonx_app_key(a, BONX_KEY_ESC);
    bonx_app_key(a, 'q');
}

static void event_loop(bonx_app *a, bonx_screen *s)
{
    unsigned long drawn = a->generation - 1;
    while (a->quit != 1) {
        if (drawn != a->generation) {
            bonx_screen_draw(s, a, COLS, LINES);
            wnoutrefresh(stdscr);
            doupdate();
            drawn = a->generation;
        }
        timeout(a->playing && !a->paused ? PLAY_FRAME_MS : -1);
        wint_t ch;
        int rc = get_wch(&ch);
        if (interrupted) {
            on_interrupt(a);
            continue;
        }
        if (rc == ERR) {
            bonx_app_tick(a);   /* the play timeout (or an interrupted read) */
            continue;
        }
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
}

int cmd_explore(int argc, char **argv)
{
    explore_args ar;
    bonx_preset p = {0};
    bonx_app app;
    char path[4096], err[512];
    if (parse_args(argc, argv, &ar) != 0)
        return 2;
    if (ar.help) {
        usage(stdout);
        return 0;
    }
    if (load_start_preset(&ar, &p, path, sizeof path) != 0)
        return 2;
    if (bonx_app_init(&app, &p, path, err, sizeof err) != 0) {
        fprintf(stderr, "bonx: %s: %s\n", path, err);
        bonx_preset_free(&p);
        return 2;
    }
    bonx_preset_free(&p);
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        fprintf(stderr, "bonx: the explorer needs a terminal (see bonx --help for commands)\n");
        bonx_app_free(&app);
        return 2;
    }
    setlocale(LC_CTYPE, ""); /* never LC_NUMERIC: numbers are read and written in C */
    catch_sigint();   /* before initscr, so that ncurses leaves SIGINT to us */
    if (bonx_term_start() != 0) {
        fprintf(stderr, "bonx: cannot start the terminal (TERM=%s)\n", getenv("TERM") ? getenv("TERM") : "");
        bonx_app_free(&app);
        return 2;
    }
    bonx_screen screen;
    const char *frames = getenv("BONX_TEST_FRAMES");
    bonx_screen_init(&screen, bonx_term_colors(bonx_color_stdout(ar.color)), ar.ascii || !bonx_term_utf8(),
                     frames && *frames && strcmp(frames, "0"));
    event_loop(&app, &screen);
    bonx_term_stop();
    bonx_screen_free(&screen);
    bonx_app_free(&app);
    return 0;
}
