/* SPDX-License-Identifier: MIT */
/* Word wrap (see wrap.h). */
#include "wrap.h"
#include "u8width.h"

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Bytes of the code point starting at s (1 for a stray continuation byte). */
static size_t cp_len(const char *s)
{
    size_t n = 1;
    while ((s[n] & 0xC0) == 0x80)
        n++;
    return n;
}

/* A paragraph break: a newline, optional blanks, another newline. */
static int paragraph_break(const char *s, size_t *skip)
{
    if (*s != '\n')
        return 0;
    size_t i = 1;
    while (s[i] == ' ' || s[i] == '\t' || s[i] == '\r')
        i++;
    if (s[i] != '\n')
        return 0;
    while (s[i] == '\n' || s[i] == ' ' || s[i] == '\t' || s[i] == '\r')
        i++;
    *skip = i;
    return 1;
}

static void emit(bonx_wrap_line *lines, size_t max, size_t *n, size_t start, size_t len)
{
    if (*n < max) {
        lines[*n].start = start;
        lines[*n].len = len;
    }
    (*n)++;
}

size_t bonx_wrap(const char *text, int width, bonx_wrap_line *lines, size_t max)
{
    size_t n = 0, i = 0;
    if (!text || width < 1)
        return 0;
    while (text[i] && is_blank(text[i]))
        i++;
    while (text[i]) {
        if (lines && n > max)
            break;   /* the caller knows there is more */
        /* one line: take words while they fit */
        size_t start = i, end = i, cols = 0;
        int brk = 0;
        while (text[i]) {
            size_t skip;
            if (paragraph_break(text + i, &skip)) {
                brk = 1;
                i += skip;
                break;
            }
            if (is_blank(text[i])) {
                i++;
                continue;
            }
            /* a word: [w, i) with wcols columns */
            size_t w = i, wcols = 0;
            while (text[i] && !is_blank(text[i])) {
                size_t len;
                wcols += (size_t)bonx_u8_cp_width(text + i, &len);
                i += len;
            }
            size_t gap = end > start ? 1 : 0;
            if (cols + gap + wcols <= (size_t)width) {
                cols += gap + wcols;
                end = i;
                continue;
            }
            if (end > start) {   /* the word starts the next line */
                i = w;
                break;
            }
            /* a word longer than the line: cut it at width */
            i = w;
            i += bonx_u8_fit(text + i, width, NULL);
            if (i == w)   /* a wide character in a one-column line: it goes alone */
                i += cp_len(text + i);
            end = i;
            break;
        }
        emit(lines, max, &n, start, end - start);
        if (brk && text[i])
            emit(lines, max, &n, i, 0);
        while (text[i] && is_blank(text[i]) && !paragraph_break(text + i, &(size_t){0}))
            i++;
    }
    return n;
}

char *bonx_wrap_copy(const char *text, bonx_wrap_line l, char *buf, size_t len)
{
    size_t o = 0;
    if (len == 0)
        return buf;
    for (size_t i = l.start; i < l.start + l.len && text[i] && o + 1 < len; i++) {
        if (is_blank(text[i])) {
            if (o > 0 && buf[o - 1] != ' ')
                buf[o++] = ' ';
        } else
            buf[o++] = text[i];
    }
    while (o > 0 && buf[o - 1] == ' ')
        o--;
    buf[o] = '\0';
    return buf;
}
