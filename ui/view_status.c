/* SPDX-License-Identifier: MIT */
/* The frame around the panes: header (preset, focus, modified), chart tabs, status line
 * (message or note, the keys that matter here, the frame counter in test mode), and in
 * lecture mode the note panel and the key legend. */
#include "views.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>
#include "charts.h"
#include "wrap.h"

static const char *const focus_names[BONX_FOCUS_COUNT] = {"table", "parameters", "charts"};

void bonx_view_header(const bonx_screen *s, const bonx_app *a, const bonx_rect *r)
{
    int title = bonx_term_style(BONX_STYLE_TITLE, s->color, a->lecture);
    bonx_putf(r->y, r->x, r->w, title, "%*s", r->w, "");
    char right[160], where[64] = "";   /* drawn first: the preset's title gives way to it */
    size_t nsteps = a->loaded.scene.nsteps;
    if (a->deck)   /* where a lecture is: the scene and its step */
        snprintf(where, sizeof where, "scene %zu/%zu step %zu/%zu  ", a->deck_scene + 1,
                 a->deck->n, a->step, nsteps);
    else if (nsteps)
        snprintf(where, sizeof where, "step %zu/%zu  ", a->step, nsteps);
    snprintf(right, sizeof right, "%s%sK=%zu  %s  ? help ", where, a->dirty ? "[modified] " : "",
             a->table.k, focus_names[a->focus]);
    int rw = (int)strlen(right);
    if (rw > r->w / 2)
        rw = 0;
    bonx_putf(r->y, r->x, r->w - rw - 1, title, " bonx %s %s%s%s", s->ascii ? "-" : "·",
              a->loaded.name ? a->loaded.name : "(unnamed)", a->loaded.title ? ": " : "",
              a->loaded.title ? a->loaded.title : "");
    if (rw)
        bonx_put(r->y, r->x + r->w - rw, rw, right, title);
}

/* Short names for the tab row when the full names do not fit (120 columns). */
static const char *const short_names[BONX_VIEW_COUNT] = {
    "kl", "win", "trade", "rew", "pmf", "cost", "splx", "asym", "sim", "corp"};

/* Label of tab k at a level of compactness: 0 "N name" for every tab; 1 "N short" for the
 * unselected tabs; 2 "Nshort"; 3 just "N".  The selected tab keeps its full name.  Drawing
 * and clicking use the same labels. */
static int tab_label(const bonx_app *a, int k, int level, char *buf, size_t len)
{
    int key = (k + 1) % 10;
    if (level == 0 || k == a->chart)
        return snprintf(buf, len, "%d %s", key, bonx_screen_view_name(k));
    if (level == 3)
        return snprintf(buf, len, "%d", key);
    return snprintf(buf, len, level == 1 ? "%d %s" : "%d%s", key, short_names[k]);
}

/* The least compact level whose row fits in width columns. */
static int tabs_compact(const bonx_app *a, int width)
{
    for (int level = 0; level < 3; level++) {
        int total = 0;
        for (int k = 0; k < BONX_VIEW_COUNT; k++) {
            char item[32];
            total += tab_label(a, k, level, item, sizeof item) + 1;
        }
        if (total - 1 <= width)   /* no space needed after the last */
            return level;
    }
    return 3;
}

int bonx_view_tabs_hit(const bonx_app *a, const bonx_rect *r, int x, int y)
{
    if (!bonx_rect_contains(r, x, y))
        return -1;
    int cx = r->x, compact = tabs_compact(a, r->w);
    for (int k = 0; k < BONX_VIEW_COUNT; k++) {
        char item[32];
        int w = tab_label(a, k, compact, item, sizeof item) + 1;
        if (x >= cx && x < cx + w)
            return k;
        cx += w;
    }
    return -1;
}

void bonx_view_tabs(const bonx_screen *s, const bonx_app *a, const bonx_rect *r)
{
    int x = r->x, end = r->x + r->w;
    int focus = a->focus == BONX_FOCUS_CHARTS, compact = tabs_compact(a, r->w);
    for (int k = 0; k < BONX_VIEW_COUNT && x < end; k++) {
        char item[32];
        tab_label(a, k, compact, item, sizeof item);
        int attr = (int)A_DIM;
        if (k == a->chart)
            attr = focus ? bonx_term_style(BONX_STYLE_FOCUS, s->color, a->lecture) : (int)A_BOLD | (int)A_UNDERLINE;
        x += bonx_put(r->y, x, end - x, item, attr);
        x += bonx_put(r->y, x, end - x, " ", (int)A_NORMAL);
    }
}

static const char *hints(const bonx_app *a)
{
    if (a->mode == BONX_MODE_CONFIRM)
        return "";
    switch (a->focus) {
    case BONX_FOCUS_TABLE: return "Enter edit  u undo  +/- n  Tab  ? help";
    case BONX_FOCUS_PARAMS: return "j/k pick  +/- x2  Enter set  p play  ? help";
    default: return "h/l move  j/k chart  p play  ? help";
    }
}

static void status_editor(const bonx_screen *s, const bonx_app *a, const bonx_rect *r)
{
    char prompt[64];
    if (a->edit_target == BONX_EDIT_PARAM)
        snprintf(prompt, sizeof prompt, "%s = ", bonx_app_param_name(a->param));
    else if (a->edit_target == BONX_EDIT_N_RANGE)
        snprintf(prompt, sizeof prompt, "n range LO:HI (empty: automatic): ");
    else if (a->edit_target == BONX_EDIT_EXPORT_PATH)
        snprintf(prompt, sizeof prompt, "export SVG to: ");
    else
        snprintf(prompt, sizeof prompt, "save to: ");
    int x = r->x + bonx_put(r->y, r->x, r->w, prompt, (int)A_BOLD);
    int w = r->x + r->w - x - 1;
    const bonx_line_editor *le = &a->editor;
    size_t first = w > 0 && le->cur >= (size_t)w ? le->cur - (size_t)w + 1 : 0;
    bonx_put(r->y, x, w, le->buf + first, (int)A_NORMAL);
    char cur[2] = {le->cur < le->len ? le->buf[le->cur] : ' ', '\0'};
    bonx_put(r->y, x + (int)(le->cur - first), 1, cur, bonx_term_style(BONX_STYLE_CURSOR, s->color, 0));
    bonx_put(r->y, r->x + r->w - 22 > x + (int)le->len + 1 ? r->x + r->w - 22 : r->x + r->w,
             22, "Enter ok  Esc cancel", (int)A_DIM);
}

/* " / computing 1.2 s" right-aligned before column end: the background recompute of the
 * last edit is running (the event loop redraws every 100 ms, turning the spinner). */
static int progress_mark(const bonx_screen *s, const bonx_app *a, int y, int end)
{
    static const char spin[] = "|/-\\";
    double ms = bonx_app_now_ms() - a->busy_since_ms;
    char f[48];
    int n = snprintf(f, sizeof f, " %c computing %.1f s ", spin[(long)(ms / 100) % 4],
                     ms > 0 ? ms / 1000 : 0.0);
    bonx_put(y, end - n, n, f, bonx_term_style(BONX_STYLE_KEY, s->color, a->lecture));
    return n;
}

/* The note on the status line: as many whole words as fit in width columns, and when the
 * rest does not fit, an ellipsis and the key that shows it whole. */
static void note_line(const bonx_app *a, int width, char *buf, size_t len)
{
    const char *note = bonx_app_note_text(a);
    static const char more[] = " … n: note";
    buf[0] = '\0';
    if (!note || width < 20)
        return;
    bonx_wrap_line l[2];
    size_t n = bonx_wrap(note, width, l, 2);
    if (n == 0)
        return;
    if (n > 1) {   /* leave room for the hint */
        n = bonx_wrap(note, width - (int)bonx_utf8_width(more), l, 2);
        bonx_wrap_copy(note, l[0], buf, len);
        snprintf(buf + strlen(buf), len - strlen(buf), "%s", more);
    } else
        bonx_wrap_copy(note, l[0], buf, len);
}

void bonx_view_status(const bonx_screen *s, const bonx_app *a, const bonx_rect *r)
{
    int end = r->x + r->w;
    if (s->show_frames) {   /* test mode: the e2e scripts synchronise on this */
        char f[32];
        int n = snprintf(f, sizeof f, " f%06lu", s->frames % 1000000);   /* fixed width */
        end -= n;
        bonx_put(r->y, end, n, f, (int)A_DIM);
    }
    if (bonx_app_computing(a))   /* the frame is the last computed one: say the new one comes */
        end -= progress_mark(s, a, r->y, end);
    bonx_rect left = {r->x, r->y, end - r->x, 1};
    if (a->mode == BONX_MODE_EDIT && a->edit_target != BONX_EDIT_CELL) {
        status_editor(s, a, &left);
        return;
    }
    const char *h = hints(a);
    int hw = (int)strlen(h);
    char text[512];
    int attr = (int)A_NORMAL;
    if (a->mode == BONX_MODE_EDIT) {   /* the cell editor is in the table; say how to leave */
        static const char *const cols[BONX_COL_COUNT] = {"label", "weight", "reward"};
        snprintf(text, sizeof text, "editing the %s of %s: Enter keeps, Esc cancels",
                 cols[a->col], a->table.labels[a->sel]);
        attr = (int)A_BOLD;
        h = "";
        hw = 0;
    } else if (a->message[0]) {
        snprintf(text, sizeof text, "%s", a->message);
        attr = a->message_is_error ? bonx_term_style(BONX_STYLE_ERROR, s->color, a->lecture) : (int)A_BOLD;
    } else if (!s->layout.note.h) {   /* no note pane: its first words here */
        note_line(a, left.w, text, sizeof text);
        attr = (int)A_DIM;
    } else
        text[0] = '\0';
    int tw = bonx_utf8_width(text);
    int room = left.w - hw - 2;
    if (tw > room)   /* the message or note beats the hints */
        room = left.w, hw = 0;
    bonx_put(r->y, r->x, room, text, attr);
    if (hw > 0 && left.w - hw > 0)
        bonx_put(r->y, r->x + left.w - hw, hw, h, (int)A_DIM);
}

/* The note pane: the note (and the scene's caption) wrapped at word boundaries; what does
 * not fit ends in "… n: whole note". */
void bonx_view_note(const bonx_screen *s, const bonx_app *a, const bonx_rect *r)
{
    const char *note = bonx_app_note_text(a);
    int w = r->w - 2;
    if (!note || w < 10 || r->h < 1)
        return;
    int attr = bonx_term_style(BONX_STYLE_NORMAL, s->color, a->lecture);
    bonx_wrap_line lines[64];
    size_t n = bonx_wrap(note, w, lines, 64);
    size_t rows = (size_t)r->h;
    char buf[1024];
    for (size_t i = 0; i < n && i < rows && i < 64; i++) {
        if (i + 1 == rows && n > rows) {   /* the last row says there is more */
            static const char more[] = " … n: whole note";
            bonx_wrap_line l2[1];
            const char *rest = note + lines[i].start;
            bonx_wrap(rest, w - bonx_utf8_width(more), l2, 1);
            bonx_wrap_copy(rest, l2[0], buf, sizeof buf);
            bonx_put(r->y + (int)i, r->x + 1, w, buf, attr);
            bonx_put(r->y + (int)i, r->x + 1 + bonx_utf8_width(buf), w - bonx_utf8_width(buf),
                     more, (int)A_BOLD);
            break;
        }
        bonx_put(r->y + (int)i, r->x + 1, w, bonx_wrap_copy(note, lines[i], buf, sizeof buf), attr);
    }
}

void bonx_view_legend(const bonx_screen *s, const bonx_app *a, const bonx_rect *r)
{
    static const char *const lines[2] = {
        "+/- n x2  N B K T type n/beta/KL/tau  p play  space pause/next step  Bksp back",
        "1-9 0 view  g/G tour  n note  i symbols  L leave lecture  ? help  q quit",
    };
    int key = bonx_term_style(BONX_STYLE_KEY, s->color, 1);
    for (int i = 0; i < 2 && i < r->h; i++)
        bonx_put(r->y + i, r->x + 1, r->w - 1, lines[i], key);
}
