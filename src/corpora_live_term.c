/* SPDX-License-Identifier: MIT */
/* The live corpora view on the terminal: the chart of ui/chart_corpora.h on top, the
 * per-adaptor numbers under it, the keys at the bottom.  Uses the explorer's terminal
 * adapter (ui/term.h), so colours, NO_COLOR and key codes behave the same. */
#include <curses.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "chart_corpora.h"
#include "corpora_live.h"
#include "line_editor.h"
#include "term.h"

#define TEXT_LINES (BONX_LIVE_MAX_ADAPTORS + 3)

/* Lines under the chart: the numbers, a message line, the key help. */
static int text_rows(const bonx_corpora_live *l)
{
    return (int)l->n_adaptors + 3 + 2;
}

static void draw_chart(const bonx_corpora_live *l, int w, int h, int ascii, int color)
{
    if (h < 1)
        return;
    bonx_canvas *cv = bonx_canvas_new(w, h, ascii);
    if (!cv)
        return;
    char names[BONX_LIVE_MAX_ADAPTORS][BONX_ADAPTOR_NAME_MAX];
    const char *ptrs[BONX_LIVE_MAX_ADAPTORS];
    for (size_t a = 0; a < l->n_adaptors; a++) {
        bonx_adaptor_name(&l->adaptors[a], names[a], sizeof names[a]);
        ptrs[a] = names[a];
    }
    bonx_chart_draw_corpora(cv, &l->out, ptrs, NULL, 0);
    bonx_term_blit(cv, 0, 0, color, 0);
    bonx_canvas_free(cv);
}

static void draw(const bonx_corpora_live *l, int ascii, int color)
{
    erase();
    int rows = text_rows(l), chart_h = LINES - rows;
    draw_chart(l, COLS, chart_h, ascii, color);
    char lines[TEXT_LINES][BONX_LIVE_LINE];
    size_t n = bonx_corpora_live_lines(l, lines, TEXT_LINES);
    int y = chart_h > 0 ? chart_h : 0;
    for (size_t i = 0; i < n && y < LINES; i++, y++) {
        int selected = i >= 1 && i - 1 == l->sel && i - 1 < l->n_adaptors;
        int attr = i == 0 ? bonx_term_style(BONX_STYLE_HEADER, color, 0)
                 : selected ? bonx_term_style(BONX_STYLE_SELECTED, color, 0) : 0;
        attrset(attr);
        mvaddnstr(y, 0, lines[i], COLS);
    }
    attrset(bonx_term_style(BONX_STYLE_ERROR, color, 0));
    if (y < LINES)
        mvaddnstr(y++, 0, l->message, COLS);
    attrset(bonx_term_style(BONX_STYLE_DIM, color, 0));
    if (y < LINES)
        mvaddnstr(y, 0, bonx_corpora_live_help(), COLS);
    attrset(0);
    wnoutrefresh(stdscr);
    doupdate();
}

int bonx_corpora_live_run(bonx_corpora_live *l, int ascii, int color)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
        return -1;
    setlocale(LC_CTYPE, ""); /* never LC_NUMERIC: numbers are read and written in C */
    if (bonx_term_start() != 0)
        return -1;
    color = bonx_term_colors(color);
    ascii = ascii || !bonx_term_utf8();
    while (!l->quit) {
        draw(l, ascii, color);
        wint_t ch;
        int rc = get_wch(&ch);
        if (rc == ERR)
            continue;
        int key = bonx_term_key((int)ch, rc == KEY_CODE_YES);
        if (key >= 0 && key != BONX_KEY_RESIZE && key != BONX_KEY_MOUSE)
            bonx_corpora_live_key(l, key);
    }
    bonx_term_stop();
    return 0;
}
