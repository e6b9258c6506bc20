/* The frame around the panes: header (preset, focus, modified), chart tabs, status line
 * (message or note, the keys that matter here, the frame counter in test mode), and in
 * lecture mode the note panel and the key legend. */
#include "views.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>
#include "charts.h"

static const char *const focus_names[BONX_FOCUS_COUNT] = {"table", "parameters", "charts"};

void bonx_view_header(const bonx_screen *s, const bonx_app *a, const bonx_rect *r)
{
    int title = bonx_term_style(BONX_STYLE_TITLE, s->color, a->lecture);
    bonx_putf(r->y, r->x, r->w, title, "%*s", r->w, "");
    char right[96];   /* drawn first: the preset's title gives way to it */
    snprintf(right, sizeof right, "%sK=%zu  %s  ? help ", a->dirty ? "[modified] " : "",
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

/* Label of tab k: "N name", or just "N" for unselected tabs when the full row does not fit
 * in width columns.  Drawing and clicking use the same labels. */
static int tab_label(const bonx_app *a, int k, int compact, char *buf, size_t len)
{
    int key = (k + 1) % 10;
    if (compact && k != a->chart)
        return snprintf(buf, len, "%d", key);
    return snprintf(buf, len, "%d %s", key, bonx_screen_view_name(k));
}

static int tabs_compact(const bonx_app *a, int width)
{
    int total = 0;
    for (int k = 0; k < BONX_VIEW_COUNT; k++) {
        char item[32];
        total += tab_label(a, k, 0, item, sizeof item) + 1;
    }
    return total - 1 > width;   /* no space needed after the last */
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

/* First line of the note, for the status line. */
static void note_line(const bonx_app *a, char *buf, size_t len)
{
    const char *note = a->loaded.note ? a->loaded.note : "";
    size_t n = strcspn(note, "\n");
    snprintf(buf, len, "%.*s", (int)n, note);
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
    } else {
        note_line(a, text, sizeof text);
        attr = (int)A_DIM;
    }
    int tw = (int)strlen(text);
    int room = left.w - hw - 2;
    if (tw > room)   /* the message or note beats the hints */
        room = left.w, hw = 0;
    bonx_put(r->y, r->x, room, text, attr);
    if (hw > 0 && left.w - hw > 0)
        bonx_put(r->y, r->x + left.w - hw, hw, h, (int)A_DIM);
}

/* Lecture: the preset's title and its note, wrapped to the pane. */
void bonx_view_note(const bonx_screen *s, const bonx_app *a, const bonx_rect *r)
{
    const char *note = a->loaded.note ? a->loaded.note : "(this preset has no note)";
    int y = r->y, w = r->w - 2;
    int attr = bonx_term_style(BONX_STYLE_NORMAL, s->color, 1);
    while (*note && y < r->y + r->h && w > 10) {
        int n = (int)strcspn(note, "\n");
        if (n > w) {   /* break at the last space that fits */
            int cut = w;
            while (cut > 0 && note[cut] != ' ')
                cut--;
            n = cut > 0 ? cut : w;
        }
        bonx_putf(y++, r->x + 1, w, attr, "%.*s", n, note);
        note += n;
        while (*note == ' ' || *note == '\n')
            note++;
    }
}

void bonx_view_legend(const bonx_screen *s, const bonx_app *a, const bonx_rect *r)
{
    static const char *const lines[2] = {
        "+/- n x2  </> finer  N B K T type n/beta/KL/tau  p play  space pause  . step",
        "1-9 0 view  g/G next/previous preset  L leave lecture  ? help  q quit",
    };
    int key = bonx_term_style(BONX_STYLE_KEY, s->color, 1);
    for (int i = 0; i < 2 && i < r->h; i++)
        bonx_put(r->y + i, r->x + 1, r->w - 1, lines[i], key);
}
