/* Overlays: the help listing every key, the preset picker, and "terminal too small". */
#include "views.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

const bonx_key_help bonx_key_help_table[] = {
    {"arrows, h j k l", "move (parameters and charts: left/right step the point)"},
    {"Tab, Shift-Tab", "focus: table -> parameters -> charts"},
    {"Enter", "edit the cell or parameter (charts: next chart)"},
    {"Esc", "cancel an edit, close an overlay, clear the message"},
    {"a", "add an outcome after the selection (weight 1, reward 0)"},
    {"d", "delete the selected outcome"},
    {"D", "duplicate the selected outcome"},
    {"w", "normalise the weights to sum to 1"},
    {"S", "sort the outcomes by reward (the file order)"},
    {"v", "show rows in reward order / in file order"},
    {"b", "bound curves of seed 001 (kl, winrate, tradeoff): on / off"},
    {"u, Ctrl-R", "undo / redo a table edit"},
    {"+ -", "double / halve the selected parameter (tau: next level)"},
    {"> <", "finer step up / down (x 2^(1/4); t: 0.1)"},
    {"=", "type a value for the selected parameter"},
    {"N B K T E", "type n / beta / KL target / tau / t"},
    {"1-9, 0, [ ]", "view: the seven charts, asym, sim, corpora (the tab row)"},
    {"{ }", "corpora view: previous / next kind of the live adaptor"},
    {"( )", "corpora view: the live adaptor's parameter down / up"},
    {"p", "play the selected parameter from its start / stop"},
    {"space", "pause / resume play"},
    {".", "one play step"},
    {"r", "reset the focused view (table, parameters or chart)"},
    {"R", "reset everything to the loaded preset"},
    {"s", "save as a preset file (temporary file + rename)"},
    {"o", "open a preset from the picker"},
    {"L", "lecture mode: large layout, note and key legend"},
    {"g, G", "guided tour: next / previous preset"},
    {"mouse", "click: select a cell, parameter or tab; wheel: up/down"},
    {"Ctrl-L", "redraw the screen"},
    {"?", "this help (any other key closes it)"},
    {"q, Ctrl-C", "quit (asks first when there are unsaved edits)"},
    {NULL, NULL},
};

/* A box centred on the screen, cleared, with a title.  Drawn with characters rather than
 * ACS line drawing, so that what tmux captures is what the user sees. */
static bonx_rect draw_box(const bonx_screen *s, int width, int height, const char *title,
                          int title_attr)
{
    int sw = COLS, sh = LINES;
    if (width > sw - 2) width = sw - 2;
    if (height > sh - 2) height = sh - 2;
    bonx_rect r = {(sw - width) / 2, (sh - height) / 2, width, height};
    if (r.w < 4 || r.h < 3)
        return r;
    bonx_clear_rect(&r);
    const char *h = s->ascii ? "-" : "─", *v = s->ascii ? "|" : "│";
    const char *corner[4] = {"┌", "┐", "└", "┘"};
    for (int x = r.x + 1; x < r.x + r.w - 1; x++) {
        bonx_put(r.y, x, 1, h, 0);
        bonx_put(r.y + r.h - 1, x, 1, h, 0);
    }
    for (int y = r.y + 1; y < r.y + r.h - 1; y++) {
        bonx_put(y, r.x, 1, v, 0);
        bonx_put(y, r.x + r.w - 1, 1, v, 0);
    }
    bonx_put(r.y, r.x, 1, s->ascii ? "+" : corner[0], 0);
    bonx_put(r.y, r.x + r.w - 1, 1, s->ascii ? "+" : corner[1], 0);
    bonx_put(r.y + r.h - 1, r.x, 1, s->ascii ? "+" : corner[2], 0);
    bonx_put(r.y + r.h - 1, r.x + r.w - 1, 1, s->ascii ? "+" : corner[3], 0);
    bonx_putf(r.y, r.x + 2, r.w - 4, title_attr, " %s ", title);
    return r;
}

void bonx_view_help(const bonx_screen *s, const bonx_app *a)
{
    int n = 0;
    while (bonx_key_help_table[n].keys)
        n++;
    bonx_rect r = draw_box(s, 80, n + 4, "bonx keys", bonx_term_style(BONX_STYLE_KEY, s->color, a->lecture));
    int rows = r.h - 3;
    int first = a->help_scroll;
    if (first > n - rows)
        first = n - rows > 0 ? n - rows : 0;
    for (int i = 0; i < rows && first + i < n; i++) {
        const bonx_key_help *k = &bonx_key_help_table[first + i];
        bonx_putf(r.y + 1 + i, r.x + 2, 17, (int)A_BOLD, "%-16s", k->keys);
        bonx_put(r.y + 1 + i, r.x + 19, r.w - 21, k->what, (int)A_NORMAL);
    }
    bonx_putf(r.y + r.h - 2, r.x + 2, r.w - 4, (int)A_DIM, "%s", first + rows < n
              ? "j/k scroll - any other key closes" : "any key closes");
}

void bonx_view_picker(const bonx_screen *s, const bonx_app *a)
{
    int n = (int)a->picker_n;
    bonx_rect r = draw_box(s, 40, n + 4, "open preset", bonx_term_style(BONX_STYLE_KEY, s->color, a->lecture));
    int rows = r.h - 3, sel = (int)a->picker_sel;
    int first = sel >= rows ? sel - rows + 1 : 0;
    for (int i = 0; i < rows && first + i < n; i++) {
        char name[256];
        bonx_app_picker_name(a, (size_t)(first + i), name, sizeof name);
        int attr = first + i == sel ? bonx_term_style(BONX_STYLE_SELECTED, s->color, a->lecture) : (int)A_NORMAL;
        bonx_putf(r.y + 1 + i, r.x + 2, r.w - 4, attr, " %-*s", r.w - 5, name);
    }
    bonx_put(r.y + r.h - 2, r.x + 2, r.w - 4, "Enter open - Esc cancel", (int)A_DIM);
}

void bonx_view_too_small(const bonx_screen *s, int width, int height)
{
    char line[64];
    snprintf(line, sizeof line, "terminal too small (%dx%d)", width, height);
    int y = height / 2 - 1, w = (int)strlen(line);
    bonx_put(y < 0 ? 0 : y, width > w ? (width - w) / 2 : 0, width, line, (int)A_BOLD);
    snprintf(line, sizeof line, "need %dx%d - q quits", BONX_MIN_WIDTH, BONX_MIN_HEIGHT);
    w = (int)strlen(line);
    if (y + 1 < height)
        bonx_put(y + 1, width > w ? (width - w) / 2 : 0, width, line, (int)A_NORMAL);
    (void)s;
}
