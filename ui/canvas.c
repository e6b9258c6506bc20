/* SPDX-License-Identifier: MIT */
/* The character canvas: cells hold either text (labels, markers, bars), dots (Braille 2x4,
 * or the series' ASCII glyph), a band shade, or nothing.  Text wins over dots, dots over
 * shade, so later curves never erase markers or labels and bands never hide curves. */
#include "canvas.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CELL_EMPTY = 0, CELL_SHADE, CELL_DOTS, CELL_TEXT };

/* The largest canvas we accept: far beyond any terminal, small enough that w*h*cell and the
 * rendered string cannot overflow. */
#define CANVAS_MAX_SIDE 4096

/* All-zero bytes are an empty cell, so clearing is one memset. */
typedef struct cell {
    char s[5];        /* what the cell shows, UTF-8, NUL-terminated ("" when empty) */
    uint8_t kind;
    uint8_t dots;     /* Braille bit mask */
    uint8_t color;
    uint8_t half;     /* text: WIDE_LEFT / WIDE_RIGHT for the halves of a wide character */
} cell;

enum { WIDE_LEFT = 1, WIDE_RIGHT = 2 };

struct bonx_canvas {
    int w, h, ascii;
    int cx0, cy0, cx1, cy1;   /* clip rectangle in cells, inclusive */
    cell *cells;
    struct bonx_figure *fig;  /* records the charts drawn here, or NULL */
    int thick;                /* lines two dots wide (projector mode) */
};

/* Braille bit of dot (col, row) inside a cell: the Unicode dot numbering 1,2,3,7 / 4,5,6,8. */
static const uint8_t braille_bit[4][2] = {{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}};

bonx_canvas *bonx_canvas_new(int width, int height, int ascii)
{
    if (width < 1 || height < 1 || width > CANVAS_MAX_SIDE || height > CANVAS_MAX_SIDE)
        return NULL;
    bonx_canvas *cv = calloc(1, sizeof *cv);
    if (!cv)
        return NULL;
    cv->cells = calloc((size_t)width * (size_t)height, sizeof *cv->cells);
    if (!cv->cells) {
        free(cv);
        return NULL;
    }
    cv->w = width;
    cv->h = height;
    cv->ascii = ascii != 0;
    bonx_canvas_clear(cv);
    return cv;
}

void bonx_canvas_free(bonx_canvas *cv)
{
    if (!cv)
        return;
    free(cv->cells);
    free(cv);
}

void bonx_canvas_clear(bonx_canvas *cv)
{
    memset(cv->cells, 0, (size_t)cv->w * (size_t)cv->h * sizeof *cv->cells);
    bonx_canvas_reset_clip(cv);
}

int bonx_canvas_width(const bonx_canvas *cv) { return cv->w; }
int bonx_canvas_height(const bonx_canvas *cv) { return cv->h; }
int bonx_canvas_is_ascii(const bonx_canvas *cv) { return cv->ascii; }
void bonx_canvas_set_figure(bonx_canvas *cv, struct bonx_figure *fig) { cv->fig = fig; }
void bonx_canvas_set_thick(bonx_canvas *cv, int thick) { cv->thick = thick != 0; }
struct bonx_figure *bonx_canvas_figure(const bonx_canvas *cv) { return cv->fig; }
int bonx_canvas_dot_width(const bonx_canvas *cv) { return 2 * cv->w; }
int bonx_canvas_dot_height(const bonx_canvas *cv) { return 4 * cv->h; }

static int in_canvas(const bonx_canvas *cv, int x, int y)
{
    return x >= 0 && y >= 0 && x < cv->w && y < cv->h;
}

static int in_clip(const bonx_canvas *cv, int x, int y)
{
    return x >= cv->cx0 && x <= cv->cx1 && y >= cv->cy0 && y <= cv->cy1;
}

static cell *cell_at(bonx_canvas *cv, int x, int y)
{
    return &cv->cells[(size_t)y * (size_t)cv->w + (size_t)x];
}

static int is_half(const bonx_canvas *cv, int x, int y, int half)
{
    if (x < 0 || x >= cv->w)
        return 0;
    const cell *c = &cv->cells[(size_t)y * (size_t)cv->w + (size_t)x];
    return c->kind == CELL_TEXT && c->half == half;
}

/* What text cell c at column x shows: a wide character's left half its glyph and the right
 * half "" when both are still there; a half whose partner was cut or overwritten a blank. */
static const char *cell_text(const bonx_canvas *cv, const cell *c, int x)
{
    if (c->kind != CELL_TEXT || !c->half)
        return c->s;
    size_t row = (size_t)(c - cv->cells) / (size_t)cv->w;
    if (c->half == WIDE_LEFT)
        return is_half(cv, x + 1, (int)row, WIDE_RIGHT) ? c->s : " ";
    return is_half(cv, x - 1, (int)row, WIDE_LEFT) ? "" : " ";
}

const char *bonx_canvas_cell(const bonx_canvas *cv, int x, int y, int *color)
{
    if (!in_canvas(cv, x, y)) {
        if (color)
            *color = 0;
        return " ";
    }
    const cell *c = &cv->cells[(size_t)y * (size_t)cv->w + (size_t)x];
    if (color)
        *color = c->color;
    return c->kind == CELL_EMPTY ? " " : cell_text(cv, c, x);
}

unsigned bonx_canvas_dots(const bonx_canvas *cv, int x, int y)
{
    if (!in_canvas(cv, x, y))
        return 0;
    return cv->cells[(size_t)y * (size_t)cv->w + (size_t)x].dots;
}

void bonx_canvas_set_clip(bonx_canvas *cv, int x0, int y0, int x1, int y1)
{
    cv->cx0 = x0 < 0 ? 0 : x0;
    cv->cy0 = y0 < 0 ? 0 : y0;
    cv->cx1 = x1 >= cv->w ? cv->w - 1 : x1;
    cv->cy1 = y1 >= cv->h ? cv->h - 1 : y1;
}

void bonx_canvas_reset_clip(bonx_canvas *cv)
{
    bonx_canvas_set_clip(cv, 0, 0, cv->w - 1, cv->h - 1);
}

/* U+2800 + mask in UTF-8. */
static void braille_utf8(unsigned mask, char *s)
{
    unsigned cp = 0x2800u + mask;
    s[0] = (char)(0xE0 | (cp >> 12));
    s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    s[2] = (char)(0x80 | (cp & 0x3F));
    s[3] = '\0';
}

void bonx_canvas_dot(bonx_canvas *cv, int dx, int dy, int color, char glyph)
{
    if (dx < 0 || dy < 0)
        return;
    int x = dx / 2, y = dy / 4;
    if (!in_clip(cv, x, y))
        return;
    cell *c = cell_at(cv, x, y);
    c->dots |= braille_bit[dy % 4][dx % 2];
    if (c->kind == CELL_TEXT)
        return;
    c->kind = CELL_DOTS;
    c->color = (uint8_t)(color & 7);
    if (cv->ascii) {
        c->s[0] = (glyph > ' ' && glyph < 127) ? glyph : '*';
        c->s[1] = '\0';
    } else {
        braille_utf8(c->dots, c->s);
    }
}

/* Whether step number `phase` of a line is inked in the given style. */
static int style_inks(bonx_line_style style, int phase)
{
    switch (style) {
    /* Periods that divide a cell's 2 x 4 dots, so a straight line repeats one glyph. */
    case BONX_LINE_DASHED: return phase % 8 < 4;
    case BONX_LINE_DOTTED: return phase % 2 == 0;
    default: return 1;
    }
}

int bonx_clip_segment(double *x0, double *y0, double *x1, double *y1,
                      double xmin, double ymin, double xmax, double ymax)
{
    double t0 = 0.0, t1 = 1.0;
    double ddx = *x1 - *x0, ddy = *y1 - *y0;
    double p[4] = {-ddx, ddx, -ddy, ddy};
    double q[4] = {*x0 - xmin, xmax - *x0, *y0 - ymin, ymax - *y0};
    if (!isfinite(ddx) || !isfinite(ddy))
        return 0;
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0.0) {
            if (q[i] < 0.0)
                return 0;
            continue;
        }
        double r = q[i] / p[i];
        if (p[i] < 0.0) {
            if (r > t1)
                return 0;
            if (r > t0)
                t0 = r;
        } else {
            if (r < t0)
                return 0;
            if (r < t1)
                t1 = r;
        }
    }
    double ax = *x0 + t0 * ddx, ay = *y0 + t0 * ddy;
    double bx = *x0 + t1 * ddx, by = *y0 + t1 * ddy;
    *x0 = ax; *y0 = ay; *x1 = bx; *y1 = by;
    return 1;
}

/* Round a clipped coordinate to the dot grid, staying inside [lo, hi]. */
static int round_dot(double v, int lo, int hi)
{
    double r = floor(v + 0.5);
    return r < lo ? lo : r > hi ? hi : (int)r;
}

/* The shared line drawer.  *phase carries the dash pattern; *last holds the previous
 * segment's end dot (or -1) so a polyline does not ink its joints twice. */
static void line_with_phase(bonx_canvas *cv, double x0, double y0, double x1, double y1,
                            int color, char glyph, bonx_line_style style, int *phase, long last[2])
{
    if (!isfinite(x0) || !isfinite(y0) || !isfinite(x1) || !isfinite(y1))
        return;
    int dxmin = 2 * cv->cx0, dxmax = 2 * cv->cx1 + 1;
    int dymin = 4 * cv->cy0, dymax = 4 * cv->cy1 + 3;
    double lx = dxmin - 0.5, ly = dymin - 0.5, hx = dxmax + 0.5, hy = dymax + 0.5;
    /* Most segments of a curve lie inside: clip only the others. */
    int inside = x0 >= lx && x0 <= hx && x1 >= lx && x1 <= hx && y0 >= ly && y0 <= hy &&
                 y1 >= ly && y1 <= hy;
    if (!inside && !bonx_clip_segment(&x0, &y0, &x1, &y1, lx, ly, hx, hy))
        return;
    int ax = round_dot(x0, dxmin, dxmax), ay = round_dot(y0, dymin, dymax);
    int bx = round_dot(x1, dxmin, dxmax), by = round_dot(y1, dymin, dymax);
    int sx = ax < bx ? 1 : -1, sy = ay < by ? 1 : -1;
    int ex = abs(bx - ax), ey = -abs(by - ay), e = ex + ey;
    for (;;) {
        if (!(last[0] == ax && last[1] == ay)) {
            if (style_inks(style, *phase)) {
                bonx_canvas_dot(cv, ax, ay, color, glyph);
                if (cv->thick) {   /* a 2x2 pen: the line reads from the back of a hall */
                    if (ax + 1 <= dxmax)
                        bonx_canvas_dot(cv, ax + 1, ay, color, glyph);
                    if (ay + 1 <= dymax)
                        bonx_canvas_dot(cv, ax, ay + 1, color, glyph);
                    if (ax + 1 <= dxmax && ay + 1 <= dymax)
                        bonx_canvas_dot(cv, ax + 1, ay + 1, color, glyph);
                }
            }
            (*phase)++;
            last[0] = ax;
            last[1] = ay;
        }
        if (ax == bx && ay == by)
            break;
        int e2 = 2 * e;
        if (e2 >= ey) { e += ey; ax += sx; }
        if (e2 <= ex) { e += ex; ay += sy; }
    }
}

void bonx_canvas_line(bonx_canvas *cv, double dx0, double dy0, double dx1, double dy1,
                      int color, char glyph, bonx_line_style style)
{
    int phase = 0;
    long last[2] = {-1, -1};
    line_with_phase(cv, dx0, dy0, dx1, dy1, color, glyph, style, &phase, last);
}

static int point_finite(const double *dx, const double *dy, size_t i)
{
    return isfinite(dx[i]) && isfinite(dy[i]);
}

void bonx_canvas_polyline(bonx_canvas *cv, const double *dx, const double *dy, size_t count,
                          int color, char glyph, bonx_line_style style)
{
    int phase = 0;
    long last[2] = {-1, -1};
    for (size_t i = 0; i < count; i++) {
        if (!point_finite(dx, dy, i)) {
            last[0] = last[1] = -1;
            continue;
        }
        int has_next = i + 1 < count && point_finite(dx, dy, i + 1);
        int has_prev = i > 0 && point_finite(dx, dy, i - 1);
        if (has_next)
            line_with_phase(cv, dx[i], dy[i], dx[i + 1], dy[i + 1], color, glyph, style,
                            &phase, last);
        else if (!has_prev)
            line_with_phase(cv, dx[i], dy[i], dx[i], dy[i], color, glyph, BONX_LINE_SOLID,
                            &phase, last);
    }
}

/* Copy one UTF-8 code point from s into out (at most 4 bytes + NUL); returns the bytes
 * consumed.  Malformed input shows as '?'. */
static int utf8_take(const char *s, char *out)
{
    const unsigned char *u = (const unsigned char *)s;
    int len = u[0] < 0x80 ? 1 : (u[0] & 0xE0) == 0xC0 ? 2 : (u[0] & 0xF0) == 0xE0 ? 3
            : (u[0] & 0xF8) == 0xF0 ? 4 : 0;
    for (int i = 1; i < len; i++)
        if ((u[i] & 0xC0) != 0x80)
            len = 0;
    if (len == 0) {
        out[0] = '?';
        out[1] = '\0';
        return 1;
    }
    memcpy(out, s, (size_t)len);
    out[len] = '\0';
    if (len == 1 && (u[0] < ' ' || u[0] == 127))
        out[0] = ' ';
    return len;
}

static void put_half(bonx_canvas *cv, int x, int y, const char *ch, int color, int half)
{
    if (!in_clip(cv, x, y))
        return;
    cell *c = cell_at(cv, x, y);
    utf8_take(ch, c->s);
    c->kind = CELL_TEXT;
    c->color = (uint8_t)(color & 7);
    c->half = (uint8_t)half;
}

static void put_text_cell(bonx_canvas *cv, int x, int y, const char *ch, int color)
{
    put_half(cv, x, y, ch, color, 0);
}

int bonx_canvas_text(bonx_canvas *cv, int x, int y, const char *s, int color)
{
    int col = 0;
    char tmp[5];
    while (*s) {
        size_t len;
        int w = bonx_u8_cp_width(s, &len);
        utf8_take(s, tmp);
        if (w == 2) {
            put_half(cv, x + col, y, tmp, color, WIDE_LEFT);
            put_half(cv, x + col + 1, y, "", color, WIDE_RIGHT);
        } else {
            put_text_cell(cv, x + col, y, tmp, color);
        }
        s += len;
        col += w;
    }
    return col;
}

static int floor_div(double v, int by)
{
    double f = floor(v / by);
    return f < -1.0 ? -1 : f > (double)CANVAS_MAX_SIDE ? CANVAS_MAX_SIDE : (int)f;
}

void bonx_canvas_marker(bonx_canvas *cv, double dx, double dy, const char *marker, int color)
{
    if (!isfinite(dx) || !isfinite(dy))
        return;
    put_text_cell(cv, floor_div(dx + 0.5, 2), floor_div(dy + 0.5, 4), marker, color);
}

void bonx_canvas_fill(bonx_canvas *cv, int x0, int y0, int x1, int y1, const char *ch, int color)
{
    for (int y = y0 < cv->cy0 ? cv->cy0 : y0; y <= y1 && y <= cv->cy1; y++)
        for (int x = x0 < cv->cx0 ? cv->cx0 : x0; x <= x1 && x <= cv->cx1; x++)
            put_text_cell(cv, x, y, ch, color);
}

void bonx_canvas_vbar(bonx_canvas *cv, int x, int y_base, double height, const char *fill,
                      int color)
{
    static const char *const eighths[9] = {"", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
    if (!(height > 0.0))
        return;
    int full = height >= (double)CANVAS_MAX_SIDE ? CANVAS_MAX_SIDE : (int)height;
    double part = height - full;
    for (int i = 0; i < full; i++)
        put_text_cell(cv, x, y_base - i, fill, color);
    if (full >= CANVAS_MAX_SIDE)
        return;
    if (!cv->ascii) {
        int e = (int)lround(part * 8.0);
        if (e > 0)
            put_text_cell(cv, x, y_base - full, e == 8 ? fill : eighths[e], color);
    } else if (part >= 0.5) {
        put_text_cell(cv, x, y_base - full, fill, color);
    }
}

void bonx_canvas_hline(bonx_canvas *cv, double dy, int color, char glyph, bonx_line_style style)
{
    bonx_canvas_line(cv, 2.0 * cv->cx0, dy, 2.0 * cv->cx1 + 1.0, dy, color, glyph, style);
}

void bonx_canvas_vline(bonx_canvas *cv, double dx, int color, char glyph, bonx_line_style style)
{
    bonx_canvas_line(cv, dx, 4.0 * cv->cy0, dx, 4.0 * cv->cy1 + 3.0, color, glyph, style);
}

void bonx_canvas_band_column(bonx_canvas *cv, int x, double dy_a, double dy_b, int color)
{
    if (isnan(dy_a) || isnan(dy_b) || x < cv->cx0 || x > cv->cx1)
        return;
    double lo = fmin(dy_a, dy_b), hi = fmax(dy_a, dy_b);
    int y0 = floor_div(lo + 0.5, 4), y1 = floor_div(hi + 0.5, 4);
    if (y0 < cv->cy0)
        y0 = cv->cy0;
    if (y1 > cv->cy1)
        y1 = cv->cy1;
    for (int y = y0; y <= y1; y++) {
        cell *c = cell_at(cv, x, y);
        if (c->kind != CELL_EMPTY)
            continue;
        c->kind = CELL_SHADE;
        c->color = (uint8_t)(color & 7);
        if (cv->ascii) {
            c->s[0] = ':';
            c->s[1] = '\0';
        } else {
            strcpy(c->s, "░");
        }
    }
}

/* Length of row y without its trailing empty cells. */
static int row_length(const bonx_canvas *cv, int y)
{
    int n = cv->w;
    while (n > 0 && cv->cells[(size_t)y * (size_t)cv->w + (size_t)(n - 1)].kind == CELL_EMPTY)
        n--;
    return n;
}

char *bonx_canvas_to_string(const bonx_canvas *cv, int ansi)
{
    /* Per cell: 4 bytes of text and at most 5 of colour change; per row a reset and '\n'.
     * One pass into a buffer of that bound is faster than measuring first. */
    size_t cap = (size_t)cv->w * (size_t)cv->h * (ansi ? 9 : 4) + (size_t)cv->h * 6 + 1;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    size_t len = 0;
    for (int y = 0; y < cv->h; y++) {
        int cur = 0, n = row_length(cv, y);
        for (int x = 0; x < n; x++) {
            const cell *c = &cv->cells[(size_t)y * (size_t)cv->w + (size_t)x];
            if (c->kind == CELL_EMPTY) {
                out[len++] = ' ';
                continue;
            }
            if (ansi && c->color != cur) {
                cur = c->color;
                len += (size_t)(cur ? sprintf(out + len, "\x1b[3%dm", cur)
                                    : sprintf(out + len, "\x1b[0m"));
            }
            for (const char *t = cell_text(cv, c, x); *t; t++)
                out[len++] = *t;
        }
        if (ansi && cur)
            len += (size_t)sprintf(out + len, "\x1b[0m");
        if (y + 1 < cv->h)
            out[len++] = '\n';
    }
    out[len] = '\0';
    return out;
}
