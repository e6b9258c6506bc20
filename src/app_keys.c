/* SPDX-License-Identifier: MIT */
/* Keys to actions, per mode and focus.  Keys are bytes or BONX_KEY_* (the event loop maps
 * ncurses codes), so every key path is testable without a terminal.  The man page's KEYS
 * section and the help overlay (ui/view_help.c) list exactly these. */
#include "app_state.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CTRL(c) ((c) & 0x1f)
#define CHART_KINDS BONX_VIEW_COUNT   /* the seven charts, then asym, simulate, corpora */
#define PAGE 10

static void move_row(bonx_app *a, long delta)
{
    long k = (long)a->table.k;
    long row = (long)bonx_app_row_of(a, a->sel) + delta;
    row = row < 0 ? 0 : row >= k ? k - 1 : row;
    a->sel = a->rows[row];
    bonx_app_touch(a);
}

static void move_col(bonx_app *a, int delta)
{
    int c = (int)a->col + delta;
    a->col = (bonx_column)(c < 0 ? 0 : c >= BONX_COL_COUNT ? BONX_COL_COUNT - 1 : c);
    bonx_app_touch(a);
}

static void move_param(bonx_app *a, int delta)
{
    int p = (int)a->param + delta;
    a->param = (bonx_param)(p < 0 ? 0 : p >= BONX_PARAM_COUNT ? BONX_PARAM_COUNT - 1 : p);
    bonx_app_touch(a);
}

static void set_chart(bonx_app *a, int chart)
{
    a->chart = (chart % CHART_KINDS + CHART_KINDS) % CHART_KINDS;
    bonx_app_touch(a);
}

static void open_editor(bonx_app *a, bonx_edit_target target, const char *text)
{
    a->mode = BONX_MODE_EDIT;
    a->edit_target = target;
    bonx_line_start(&a->editor, text);
    bonx_app_touch(a);
}

static void edit_cell(bonx_app *a)
{
    char text[64];
    bonx_app_cell_text(a, a->sel, a->col, text, sizeof text);
    open_editor(a, BONX_EDIT_CELL, text);
}

static void edit_param(bonx_app *a, bonx_param p)
{
    char text[64];
    double v = bonx_app_param_value(a, p);
    a->param = p;
    if (isinf(v))
        snprintf(text, sizeof text, "inf");
    else
        snprintf(text, sizeof text, "%.10g", v);
    open_editor(a, BONX_EDIT_PARAM, text);
}

static void commit_edit(bonx_app *a)
{
    const char *text = a->editor.buf;
    a->mode = BONX_MODE_NORMAL;
    if (a->editor.overflow) {   /* the text was cut: taking it would act on something else */
        bonx_app_error(a, "%s refused: the text is longer than %d bytes",
                       a->edit_target == BONX_EDIT_SAVE_PATH ? "save" : "edit",
                       BONX_LINE_MAX - 1);
    } else if (a->edit_target == BONX_EDIT_CELL) {
        bonx_app_set_cell(a, a->sel, a->col, text);
    } else if (a->edit_target == BONX_EDIT_PARAM) {
        char *end;
        double v = strtod(text, &end);
        while (*end == ' ')
            end++;
        if (end == text || *end)
            bonx_app_error(a, "'%s' is not a number; %s kept", text, bonx_app_param_name(a->param));
        else
            bonx_app_set_param(a, a->param, v);
    } else if (bonx_app_commit_chart_edit(a, text)) {
        /* done there */
    } else if (text[0]) {
        if (bonx_app_save(a, text) == 0 && a->confirm_action == BONX_CONFIRM_QUIT && a->quit == -1)
            a->quit = 1;
    } else {
        bonx_app_error(a, "save cancelled: empty file name");
    }
    if (a->quit == -1)
        a->quit = 0;
    bonx_app_touch(a);
}

static void key_edit(bonx_app *a, int key)
{
    switch (bonx_line_key(&a->editor, key)) {
    case BONX_LINE_COMMIT: commit_edit(a); break;
    case BONX_LINE_CANCEL:
        a->mode = BONX_MODE_NORMAL;
        if (a->quit == -1)
            a->quit = 0;
        bonx_app_say(a, "edit cancelled");
        break;
    default: bonx_app_touch(a); break;
    }
}

static void start_save(bonx_app *a)
{
    /* one byte more than the editor holds: a longer default is cut, which the editor notes
     * (overflow) so that the save is refused rather than written elsewhere */
    char path[BONX_LINE_MAX + 1];
    bonx_app_default_save_path(a, path, sizeof path);
    open_editor(a, BONX_EDIT_SAVE_PATH, path);
}

static void key_confirm(bonx_app *a, int key)
{
    a->mode = BONX_MODE_NORMAL;
    if (a->confirm_action == BONX_CONFIRM_QUIT) {
        if (key == 'y' || key == 'q')
            a->quit = 1;
        else if (key == 's') {
            a->quit = -1;   /* quit once the save succeeds */
            start_save(a);
        } else
            bonx_app_say(a, "not quitting");
    } else if (a->confirm_action == BONX_CONFIRM_SCENE) {
        if (key == 'y' && a->deck) {
            a->dirty = 0;   /* the lecturer chose to drop the edits */
            bonx_app_scene_go(a, a->pending_scene, a->pending_at_end);
        } else
            bonx_app_say(a, "edits kept; s saves them, R resets, then space goes on");
    } else {
        if (key == 'y' && a->pending_load)
            bonx_app_load(a, a->pending_load);
        else
            bonx_app_say(a, "load cancelled; edits kept");
        free(a->pending_load);
        a->pending_load = NULL;
    }
    bonx_app_touch(a);
}

static void key_picker(bonx_app *a, int key)
{
    switch (key) {
    case BONX_KEY_UP: case 'k': if (a->picker_sel > 0) a->picker_sel--; break;
    case BONX_KEY_DOWN: case 'j': if (a->picker_sel + 1 < a->picker_n) a->picker_sel++; break;
    case '\n': case '\r': case BONX_KEY_ENTER: {
        char *path = strdup(a->picker[a->picker_sel]);
        bonx_app_picker_close(a);
        if (path)
            bonx_app_request_load(a, path);
        free(path);
        break;
    }
    case BONX_KEY_ESC: case 'q': case 'o': bonx_app_picker_close(a); break;
    default: break;
    }
    bonx_app_touch(a);
}

static void key_help(bonx_app *a, int key)
{
    switch (key) {
    case BONX_KEY_DOWN: case 'j': a->help_scroll++; break;
    case BONX_KEY_UP: case 'k': if (a->help_scroll > 0) a->help_scroll--; break;
    case BONX_KEY_PGDN: case ' ': a->help_scroll += PAGE; break;
    case BONX_KEY_PGUP: a->help_scroll = a->help_scroll > PAGE ? a->help_scroll - PAGE : 0; break;
    default: a->mode = BONX_MODE_NORMAL; a->help_scroll = 0; break;
    }
    bonx_app_touch(a);
}

/* The note panel (n) and the symbol legend (i): j/k and the arrows scroll; the note closes
 * with Esc, n or q (other keys are ignored: a lecturer reading it does not lose it to a
 * stray key), the symbol legend with any other key, as the help does. */
static void key_overlay(bonx_app *a, int key)
{
    switch (key) {
    case BONX_KEY_DOWN: case 'j': a->help_scroll++; break;
    case BONX_KEY_UP: case 'k': if (a->help_scroll > 0) a->help_scroll--; break;
    case BONX_KEY_PGDN: case ' ': a->help_scroll += PAGE; break;
    case BONX_KEY_PGUP: a->help_scroll = a->help_scroll > PAGE ? a->help_scroll - PAGE : 0; break;
    case BONX_KEY_HOME: a->help_scroll = 0; break;
    case BONX_KEY_ESC: case 'q': a->mode = BONX_MODE_NORMAL; a->help_scroll = 0; break;
    case 'n':
        if (a->mode == BONX_MODE_NOTE) {
            a->mode = BONX_MODE_NORMAL;
            a->help_scroll = 0;
        }
        break;
    default:
        if (a->mode == BONX_MODE_SYMBOLS) {
            a->mode = BONX_MODE_NORMAL;
            a->help_scroll = 0;
        }
        break;
    }
    bonx_app_touch(a);
}

/* Home / End: the first / last row, parameter or chart of the focused pane. */
static void key_home_end(bonx_app *a, int end)
{
    switch (a->focus) {
    case BONX_FOCUS_TABLE: move_row(a, end ? (long)a->table.k : -(long)a->table.k); break;
    case BONX_FOCUS_PARAMS: move_param(a, end ? BONX_PARAM_COUNT : -BONX_PARAM_COUNT); break;
    default: set_chart(a, end ? CHART_KINDS - 1 : 0); break;
    }
}

static void request_quit(bonx_app *a)
{
    if (!a->dirty) {
        a->quit = 1;
        return;
    }
    a->mode = BONX_MODE_CONFIRM;
    a->confirm_action = BONX_CONFIRM_QUIT;
    bonx_app_say(a, "unsaved edits: y quits, s saves first, any other key stays");
}

/* r: the focused view back to how it was loaded. */
static void reset_view(bonx_app *a)
{
    if (a->focus == BONX_FOCUS_TABLE)
        bonx_app_reset_table(a);
    else if (a->focus == BONX_FOCUS_PARAMS)
        bonx_app_reset_params(a);
    else {
        a->chart = bonx_app_scene_view(a);   /* the view the preset opens on */
        bonx_app_say(a, "chart pane reset");
    }
}

static void reset_all(bonx_app *a)
{
    a->playing = a->paused = 0;
    a->chart = 0;
    a->table_order = 0;
    bonx_app_reset_table(a);
    bonx_app_reset_params(a);
    bonx_app_update_rows(a);
    bonx_app_scene_start(a);   /* its view, n range and curves, step 0 */
    bonx_app_say(a, "everything reset to the loaded preset (u undoes the table)");
}

static void toggle_play(bonx_app *a)
{
    if (a->playing) {
        a->playing = a->paused = 0;
        bonx_app_say(a, "play stopped");
    } else {
        a->paused = 0;
        bonx_app_play(a);
    }
}

static void pause_play(bonx_app *a)
{
    if (!a->playing) {
        bonx_app_play(a);
        return;
    }
    a->paused = !a->paused;
    bonx_app_say(a, a->paused ? "paused (space resumes, . steps)" : "playing");
}

/* Space: while play runs (or is paused) it pauses / resumes; otherwise, in a scene with steps
 * or a lecture, the next step; otherwise it starts play, as it always did. */
static void space(bonx_app *a)
{
    if (a->playing || !bonx_app_has_steps(a))
        pause_play(a);
    else
        bonx_app_step(a, +1);
}

/* g / G: a lecture's next / previous scene; else the next / previous preset. */
static void tour(bonx_app *a, int dir)
{
    if (!a->deck) {
        bonx_app_tour(a, dir);
        return;
    }
    size_t i = a->deck_scene;
    if (dir > 0 ? i + 1 < a->deck->n : i > 0)
        bonx_app_scene_go(a, dir > 0 ? i + 1 : i - 1, 0);
    else
        bonx_app_say(a, dir > 0 ? "the last scene of the lecture" : "the first scene of the lecture");
}

static void step_play(bonx_app *a)
{
    if (a->playing)
        a->paused = 1;
    if (!bonx_app_play_step(a))
        bonx_app_say(a, "%s is at the end of its play range", bonx_app_param_name(a->param));
    bonx_app_touch(a);
}

/* Arrows and hjkl: what they move depends on the focus. */
static int key_move(bonx_app *a, int key)
{
    int up = key == BONX_KEY_UP || key == 'k', down = key == BONX_KEY_DOWN || key == 'j';
    int left = key == BONX_KEY_LEFT || key == 'h', right = key == BONX_KEY_RIGHT || key == 'l';
    if (!(up || down || left || right || key == BONX_KEY_PGUP || key == BONX_KEY_PGDN))
        return 0;
    int dy = up ? -1 : down ? 1 : 0, dx = left ? -1 : right ? 1 : 0;
    switch (a->focus) {
    case BONX_FOCUS_TABLE:
        if (key == BONX_KEY_PGUP || key == BONX_KEY_PGDN)
            move_row(a, key == BONX_KEY_PGUP ? -PAGE : PAGE);
        else if (dy)
            move_row(a, dy);
        else
            move_col(a, dx);
        break;
    case BONX_FOCUS_PARAMS:
        if (dy)
            move_param(a, dy);
        else if (dx)
            bonx_app_step_param(a, a->param, dx, 1);
        break;
    default:   /* charts: left/right move the point along the curves, up/down switch */
        if (dy)
            set_chart(a, a->chart + dy);
        else if (dx)
            bonx_app_step_param(a, a->param, dx, 1);
        break;
    }
    return 1;
}

static void key_enter(bonx_app *a)
{
    if (a->focus == BONX_FOCUS_TABLE)
        edit_cell(a);
    else if (a->focus == BONX_FOCUS_PARAMS)
        edit_param(a, a->param);
    else
        set_chart(a, a->chart + 1);
}

static void key_normal(bonx_app *a, int key)
{
    if (key_move(a, key))
        return;
    if (key >= '1' && key <= '9') {
        set_chart(a, key - '1');
        return;
    }
    if (key == BONX_KEY_HOME || key == BONX_KEY_END) {
        key_home_end(a, key == BONX_KEY_END);
        return;
    }
    if (key == '0') {   /* the tenth view */
        set_chart(a, BONX_VIEW_CORPORA);
        return;
    }
    if (bonx_app_key_chart(a, key))
        return;
    switch (key) {
    case 'q': request_quit(a); break;
    case '?': a->mode = BONX_MODE_HELP; a->help_scroll = 0; break;
    case '\t': a->focus = (bonx_focus)((a->focus + 1) % BONX_FOCUS_COUNT); break;
    case BONX_KEY_BTAB:
        a->focus = (bonx_focus)((a->focus + BONX_FOCUS_COUNT - 1) % BONX_FOCUS_COUNT);
        break;
    case '\n': case '\r': case BONX_KEY_ENTER: key_enter(a); break;
    case 'a': bonx_app_add_row(a); break;
    case 'd': bonx_app_delete_row(a); break;
    case 'D': bonx_app_duplicate_row(a); break;
    case 'w': bonx_app_normalise(a); break;
    case 'S': bonx_app_sort_by_reward(a); break;
    case 'u': bonx_app_undo(a); break;
    case CTRL('r'): bonx_app_redo(a); break;
    case '+': bonx_app_step_param(a, a->param, +1, 0); break;
    case '-': bonx_app_step_param(a, a->param, -1, 0); break;
    case '>': bonx_app_step_param(a, a->param, +1, 1); break;
    case '<': bonx_app_step_param(a, a->param, -1, 1); break;
    case '=': edit_param(a, a->param); break;
    case 'N': edit_param(a, BONX_PARAM_N); break;
    case 'B': edit_param(a, BONX_PARAM_BETA); break;
    case 'K': edit_param(a, BONX_PARAM_KL); break;
    case 'T': edit_param(a, BONX_PARAM_TAU); break;
    case 'E': edit_param(a, BONX_PARAM_T); break;
    case '{': bonx_app_adaptor_kind(a, -1); break;
    case '}': bonx_app_adaptor_kind(a, +1); break;
    case '(': bonx_app_adaptor_param(a, -1); break;
    case ')': bonx_app_adaptor_param(a, +1); break;
    case 'F': bonx_app_toggle_bands(a); break;
    case '[': set_chart(a, a->chart - 1); break;
    case ']': set_chart(a, a->chart + 1); break;
    case 'b':
        a->show_bounds = a->spec.bounds = !a->show_bounds;
        if (a->show_bounds && !a->curves.has_bounds)
            bonx_curves_paper_bounds(&a->curves, &a->dist);
        bonx_app_update_point(a);   /* the readout's gap rows */
        bonx_app_say(a, a->show_bounds ? "bound curves on (seed 001: kl, winrate, tradeoff)"
                                       : "bound curves off");
        break;
    case 'v':
        a->table_order = !a->table_order;
        bonx_app_update_rows(a);
        bonx_app_say(a, a->table_order ? "rows in file order" : "rows in reward order");
        break;
    case 'r': reset_view(a); break;
    case 'R': reset_all(a); break;
    case 'p': toggle_play(a); break;
    case ' ': space(a); break;
    case BONX_KEY_BACKSPACE: case 127: case 8: bonx_app_step(a, -1); break;
    case '.': step_play(a); break;
    case 's': start_save(a); break;
    case 'o': bonx_app_picker_open(a); break;
    case 'L':
        a->lecture = !a->lecture;
        bonx_app_say(a, a->lecture ? "lecture mode (L leaves, g/G tour the presets)" : "lecture mode off");
        break;
    case 'n': a->mode = BONX_MODE_NOTE; a->help_scroll = 0; break;
    case 'i': a->mode = BONX_MODE_SYMBOLS; a->help_scroll = 0; break;
    case 'g': tour(a, +1); break;
    case 'G': tour(a, -1); break;
    case CTRL('l'): case BONX_KEY_RESIZE: break;   /* the loop redraws on the touch */
    case BONX_KEY_ESC: a->message[0] = '\0'; break;
    default: return;   /* unknown keys change nothing: no redraw */
    }
    bonx_app_touch(a);
}

void bonx_app_key(bonx_app *a, int key)
{
    switch (a->mode) {
    case BONX_MODE_EDIT: key_edit(a, key); break;
    case BONX_MODE_HELP: key_help(a, key); break;
    case BONX_MODE_PICKER: key_picker(a, key); break;
    case BONX_MODE_CONFIRM: key_confirm(a, key); break;
    case BONX_MODE_NOTE: case BONX_MODE_SYMBOLS: key_overlay(a, key); break;
    default: key_normal(a, key); break;
    }
    bonx_app_prepare_extras(a);   /* no-op unless an extra view is shown and out of date */
}
