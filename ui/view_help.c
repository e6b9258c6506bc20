/* SPDX-License-Identifier: MIT */
/* Overlays: the help listing every key, the preset picker, and "terminal too small". */
#include "views.h"
#include "wrap.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
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
    {"b", "the paper's bounds on kl, winrate, tradeoff: on / off"},
    {"u, Ctrl-R", "undo / redo a table edit"},
    {"+ -", "double / halve the selected parameter (tau: next level)"},
    {"> <", "finer step up / down (x 2^(1/4); t: 0.1)"},
    {"=", "type a value for the selected parameter"},
    {"N B K T E", "type n / beta / KL target / tau / t"},
    {"1-9, 0, [ ]", "view: the seven charts, asym, sim, corpora (the tab row)"},
    {"{ }", "corpora view: previous / next kind of the live adaptor"},
    {"( )", "corpora view: the live adaptor's parameter down / up"},
    {"F", "corpora view: band samplers (seed 002 Fig. 1) / adaptors"},
    {"z, Z", "n axis of the charts: type LO:HI / follow the data"},
    {"x, X", "pin the current curves (dotted, \"pinned\") / clear the pin"},
    {"P", "projector mode: one chart full screen, thick lines"},
    {"e", "export the current chart as an SVG figure"},
    {"p", "play the selected parameter from its start / stop"},
    {"space", "pause / resume play; else the next step of a scene"},
    {"Backspace", "the previous step of a scene or lecture"},
    {".", "one play step"},
    {"r", "reset the focused view (table, parameters or chart)"},
    {"R", "reset everything to the loaded preset"},
    {"s", "save as a preset file (temporary file + rename)"},
    {"o", "open a preset from the picker"},
    {"L", "lecture mode: large layout, note and key legend"},
    {"n", "the preset's note whole (j/k scroll, Esc closes)"},
    {"i", "what the symbols mean (pi n, C, KL-RL(C), bound (sat), ...)"},
    {"Home, End", "first / last row, parameter or chart of the focused pane"},
    {"g, G", "tour: next / previous preset (lecture: scene)"},
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

/* What the symbols of the table, parameter line, readout and charts mean (key i). */
static const bonx_key_help symbols[] = {
    {"p", "the reference probability of the outcome (weights normalised to sum to 1)"},
    {"reward =", "the reward; '=' marks a tie: outcomes with equal rewards form one group"},
    {"C", "calibrated reward F-(y) + g(y)/2: the chance y beats a fresh draw from p (ties half)"},
    {"π n, pi_n", "best-of-n: draw n from p, keep the highest reward (ties at random)"},
    {"π β, pi_b", "KL-RL: p(y) e^(r(y)/β) / Z, the optimum of E[r] - β KL"},
    {"π β(C)", "calibrated KL-RL: the tilt by C at the same KL, the best win rate for that KL"},
    {"π τ, pi_tau", "rewind-and-repeat: draw from p until r >= τ"},
    {"KL-RL(C)", "the readout column of π β(C), the optimal win-rate frontier"},
    {"n", "best-of-n's number of draws (whole numbers in play; real n is allowed)"},
    {"β, beta", "KL-RL's temperature: small β, far from p"},
    {"KL", "the KL target: β is solved so that KL(π β || p) equals it"},
    {"*β, *KL", "the one of the two held fixed when the table changes"},
    {"τ 1 (2/2)", "τ = 1, reward level 2 of the 2 distinct levels with mass"},
    {"t", "the tilt of the estimator's min/max band (0: no band)"},
    {"KL exact", "KL(π || p) computed exactly from the table"},
    {"KL formula", "log n - (n-1)/n, the literature's value: an upper bound, not the KL"},
    {"KL estimator", "expectation of the paper's estimator, which sees only p(y) of the sample"},
    {"tilted min/max", "the estimator's tilted averages at -t and +t: its spread"},
    {"bound (min)", "E[min(log n, log 1/p(y))]: an upper bound on the KL"},
    {"bound (sat)", "E[log((1 - (1-p(y))^n) / p(y))]: the saturation bound, tighter"},
    {"win rate", "chance the policy's output beats a draw from p (ties half)"},
    {"WR bound", "n/(n+1): best-of-n's win rate never exceeds it"},
    {"draws", "samples from p per output: n; 1/q for rewind; max π/p to rejection-sample KL-RL"},
    {"ceiling", "log(1/g_top): the most KL best-of-n reaches (g_top: mass of the top tie group)"},
    {"◆, @", "the current n, β and τ on every chart"},
    {"[modified]", "the table differs from the file: s saves, u undoes"},
    {NULL, NULL},
};

/* Display rows of a two-column list whose texts wrap in width columns: the entry of row i
 * and the wrapped line of its text (entry -1 past the end). */
static int pair_rows(const bonx_key_help *t, int width, int row, int *entry, bonx_wrap_line *line)
{
    int total = 0;
    for (int e = 0; t[e].keys; e++) {
        bonx_wrap_line l[8];
        size_t n = bonx_wrap(t[e].what, width, l, 8);
        for (size_t j = 0; j < n && j < 8; j++, total++)
            if (total == row) {
                *entry = e;
                *line = l[j];
                return j == 0;   /* 1 on the entry's first row: draw its keys */
            }
    }
    *entry = -1;
    return total;   /* row < 0: the number of rows */
}

/* A scrolled list of two-column entries in a box (help-like overlays), texts wrapped. */
static void draw_pairs(const bonx_screen *s, const bonx_app *a, const bonx_key_help *t,
                       const char *title, int keyw)
{
    int boxw = COLS - 2 < 96 ? COLS - 2 : 96, textw = boxw - 4 - keyw, entry;
    bonx_wrap_line line;
    if (textw < 10)
        return;
    int n = pair_rows(t, textw, -1, &entry, &line);
    bonx_rect r = draw_box(s, boxw, n + 4, title, bonx_term_style(BONX_STYLE_KEY, s->color, a->lecture));
    int rows = r.h - 3;
    int first = a->help_scroll;
    if (first > n - rows)
        first = n - rows > 0 ? n - rows : 0;
    char buf[512];
    for (int i = 0; i < rows && first + i < n; i++) {
        int head = pair_rows(t, textw, first + i, &entry, &line);
        if (entry < 0)
            break;
        if (head)
            bonx_putf(r.y + 1 + i, r.x + 2, keyw, (int)A_BOLD, "%-*s", keyw - 1, t[entry].keys);
        bonx_put(r.y + 1 + i, r.x + 2 + keyw, textw,
                 bonx_wrap_copy(t[entry].what, line, buf, sizeof buf), (int)A_NORMAL);
    }
    bonx_putf(r.y + r.h - 2, r.x + 2, r.w - 4, (int)A_DIM, "%s", first + rows < n
              ? "j/k scroll - any other key closes" : "any key closes");
}

void bonx_view_symbols(const bonx_screen *s, const bonx_app *a)
{
    draw_pairs(s, a, symbols, "what the symbols mean", 17);
}

/* The note (and scene caption) whole, wrapped, scrolled with j/k. */
void bonx_view_note_panel(const bonx_screen *s, const bonx_app *a)
{
    const char *note = bonx_app_note_text(a);
    if (!note)
        note = "(this preset has no note)";
    int width = COLS - 4 < 100 ? COLS - 4 : 100;
    size_t n = bonx_wrap(note, width - 4, NULL, 0);
    char title[160];
    if (a->deck)   /* a lecture: the scene on screen */
        snprintf(title, sizeof title, "%zu/%zu %s", a->deck_scene + 1, a->deck->n,
                 a->deck->scenes[a->deck_scene].title);
    else
        snprintf(title, sizeof title, "%s", a->loaded.title ? a->loaded.title
                                           : a->loaded.name ? a->loaded.name : "note");
    bonx_rect r = draw_box(s, width, (int)n + 4, title, bonx_term_style(BONX_STYLE_KEY, s->color, a->lecture));
    int rows = r.h - 3;
    if (rows < 1 || r.w < 8)
        return;
    bonx_wrap_line *lines = malloc((n ? n : 1) * sizeof *lines);
    if (!lines)
        return;
    bonx_wrap(note, r.w - 4, lines, n);
    int first = a->help_scroll;
    if (first > (int)n - rows)
        first = (int)n - rows > 0 ? (int)n - rows : 0;
    char buf[1024];
    int attr = bonx_term_style(BONX_STYLE_NORMAL, s->color, a->lecture);
    for (int i = 0; i < rows && first + i < (int)n; i++)
        bonx_put(r.y + 1 + i, r.x + 2, r.w - 4, bonx_wrap_copy(note, lines[first + i], buf, sizeof buf), attr);
    free(lines);
    bonx_putf(r.y + r.h - 2, r.x + 2, r.w - 4, (int)A_DIM, "%s", first + rows < (int)n
              ? "j/k scroll - Esc or n closes" : "Esc or n closes");
}
