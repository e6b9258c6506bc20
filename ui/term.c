/* SPDX-License-Identifier: MIT */
/* ncurses set-up, styles, key mapping and the canvas adapter. */
#include "term.h"

#include <curses.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include "line_editor.h"

#define PAIR_BASE 1           /* pairs 1..7: canvas colours on the default background */
#define PAIR_SELECTED 8
#define PAIR_ERROR 9
#define PAIR_TITLE 10

int bonx_term_utf8(void)
{
    const char *cs = nl_langinfo(CODESET);
    return cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8"));
}

/* Home and End as terminals send them whatever TERM says: tmux and screen send ESC [ 1 ~ and
 * ESC [ 4 ~, rxvt ESC [ 7 ~ and ESC [ 8 ~, xterm ESC [ H / ESC O H.  Without these ncurses
 * passes the bytes through and "ESC [ 4 ~" reads as Esc, '[', '4', '~': a chart switch. */
static void define_home_end(void)
{
    static const char *const home[] = {"\033[1~", "\033[7~", "\033[H", "\033OH"};
    static const char *const end[] = {"\033[4~", "\033[8~", "\033[F", "\033OF"};
    for (size_t i = 0; i < sizeof home / sizeof *home; i++) {
        if (key_defined(home[i]) == 0)
            define_key(home[i], KEY_HOME);
        if (key_defined(end[i]) == 0)
            define_key(end[i], KEY_END);
    }
}

int bonx_term_start(void)
{
    if (!initscr())
        return -1;
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    define_home_end();
    set_escdelay(25);
    curs_set(0);
    mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
              | BUTTON5_PRESSED
#endif
              , NULL);
    mouseinterval(0);
    return 0;
}

void bonx_term_stop(void)
{
    if (!isendwin())
        endwin();
}

int bonx_term_colors(int wanted)
{
    if (!wanted || !has_colors())
        return 0;
    if (start_color() != OK)
        return 0;
    use_default_colors();
    static const short fg[7] = {COLOR_RED, COLOR_GREEN, COLOR_YELLOW, COLOR_BLUE,
                                COLOR_MAGENTA, COLOR_CYAN, COLOR_WHITE};
    for (int i = 0; i < 7; i++)
        init_pair((short)(PAIR_BASE + i), fg[i], -1);
    init_pair(PAIR_SELECTED, COLOR_BLACK, COLOR_CYAN);
    init_pair(PAIR_ERROR, COLOR_RED, -1);
    init_pair(PAIR_TITLE, COLOR_BLACK, COLOR_WHITE);
    return 1;
}

int bonx_term_style(bonx_style s, int color, int lecture)
{
    int bold = lecture ? A_BOLD : 0;
    switch (s) {
    case BONX_STYLE_TITLE: return (color ? COLOR_PAIR(PAIR_TITLE) : A_REVERSE) | A_BOLD;
    case BONX_STYLE_HEADER: return A_BOLD | A_UNDERLINE;
    case BONX_STYLE_SELECTED: return (color ? COLOR_PAIR(PAIR_SELECTED) : A_REVERSE) | bold;
    case BONX_STYLE_CURSOR: return A_REVERSE | A_BOLD;
    case BONX_STYLE_ERROR: return (color ? COLOR_PAIR(PAIR_ERROR) : 0) | A_BOLD;
    case BONX_STYLE_DIM: return lecture ? A_NORMAL : A_DIM;
    case BONX_STYLE_KEY: return A_BOLD;
    case BONX_STYLE_FOCUS: return A_BOLD | A_REVERSE;
    case BONX_STYLE_TIE: return (color ? COLOR_PAIR(PAIR_BASE + 2) : 0) | A_BOLD;
    default: return bold;
    }
}

int bonx_term_key(int ch, int is_function_key)
{
    if (!is_function_key)
        return ch == '\r' ? '\n' : ch;
    switch (ch) {
    case KEY_UP: return BONX_KEY_UP;
    case KEY_DOWN: return BONX_KEY_DOWN;
    case KEY_LEFT: return BONX_KEY_LEFT;
    case KEY_RIGHT: return BONX_KEY_RIGHT;
    case KEY_HOME: return BONX_KEY_HOME;
    case KEY_END: case KEY_LL: case KEY_C1: return BONX_KEY_END;   /* End, keypad End */
    case KEY_A1: return BONX_KEY_HOME;                                 /* keypad Home */
    case KEY_FIND: return BONX_KEY_HOME;                               /* some terminals' Home */
    case KEY_SELECT: return BONX_KEY_END;                              /* ... and End */
    case KEY_DC: return BONX_KEY_DELETE;
    case KEY_BACKSPACE: return BONX_KEY_BACKSPACE;
    case KEY_ENTER: return BONX_KEY_ENTER;
    case KEY_BTAB: return BONX_KEY_BTAB;
    case KEY_PPAGE: return BONX_KEY_PGUP;
    case KEY_NPAGE: return BONX_KEY_PGDN;
    case KEY_RESIZE: return BONX_KEY_RESIZE;
    case KEY_MOUSE: return BONX_KEY_MOUSE;
    default: return -1;
    }
}

/* Cells of one colour are sent as one string: a 120x40 chart costs a few hundred calls. */
void bonx_term_blit(const bonx_canvas *cv, int y0, int x0, int color, int lecture)
{
    int w = bonx_canvas_width(cv), h = bonx_canvas_height(cv);
    char run[4096];
    int base = lecture ? A_BOLD : 0;
    for (int y = 0; y < h; y++) {
        int x = 0;
        while (x < w) {
            int c0, c;
            size_t len = 0;
            int start = x;
            bonx_canvas_cell(cv, x, y, &c0);
            while (x < w) {
                const char *cell = bonx_canvas_cell(cv, x, y, &c);
                size_t n = strlen(cell);
                if (c != c0 || len + n >= sizeof run)
                    break;
                memcpy(run + len, cell, n);
                len += n;
                x++;
            }
            run[len] = '\0';
            int attr = base | (color && c0 > 0 && c0 < 8 ? COLOR_PAIR(PAIR_BASE + c0 - 1) : 0);
            attrset(attr);
            mvaddstr(y0 + y, x0 + start, run);
        }
    }
    attrset(A_NORMAL);
}
