/* SPDX-License-Identifier: MIT */
/* Text helpers shared by the views: clipped UTF-8 output and numbers that fit a column. */
#include "views.h"
#include "numfmt.h"
#include "u8width.h"

#include <curses.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int bonx_put(int y, int x, int max, const char *text, int attr)
{
    if (max <= 0 || y < 0 || x < 0)
        return 0;
    int cols;
    size_t bytes = bonx_u8_fit(text, max, &cols);   /* CJK takes two columns */
    attrset(attr);
    mvaddnstr(y, x, text, (int)bytes);
    attrset((int)A_NORMAL);
    return cols;
}

int bonx_putf(int y, int x, int max, int attr, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return bonx_put(y, x, max, buf, attr);
}

void bonx_fmt_num(double v, int width, char *buf, size_t len)
{
    bonx_num_format(buf, len, v, 6, width);
}

void bonx_clear_rect(const bonx_rect *r)
{
    for (int y = r->y; y < r->y + r->h; y++) {
        move(y, r->x);
        for (int x = 0; x < r->w; x++)
            addch(' ');
    }
}
