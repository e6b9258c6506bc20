/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "text.h"

void bonx_set_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

void bonx_set_err_at(char *err, size_t errlen, const char *file, size_t line, const char *fmt,
                     va_list ap)
{
    char msg[400];
    vsnprintf(msg, sizeof msg, fmt, ap);
    bonx_set_err(err, errlen, "%s:%zu: %s", file, line, msg);
}

char *bonx_strndup(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

/* Length of the well-formed UTF-8 sequence at s, or 0. */
static size_t utf8_seq(const unsigned char *s)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    size_t n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (!n)
        return 0;
    /* The second byte's range excludes overlongs (E0, F0), surrogates (ED), > U+10FFFF (F4). */
    unsigned lo = c == 0xe0 ? 0xa0 : c == 0xf0 ? 0x90 : 0x80;
    unsigned hi = c == 0xed ? 0x9f : c == 0xf4 ? 0x8f : 0xbf;
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (s[i] < 0x80 || s[i] > 0xbf)
            return 0;
    return n;
}

long bonx_utf8_invalid(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; u[i];) {
        size_t n = utf8_seq(u + i);
        if (!n)
            return (long)i;
        i += n;
    }
    return -1;
}

size_t bonx_display_width(const char *s)
{
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t cols = 0, left = strlen(s);
    while (left > 0) {
        wchar_t wc;
        size_t n = mbrtowc(&wc, s, left, &st);
        if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
            /* Not decodable here: one column for the UTF-8 sequence (or the lone byte). */
            size_t u = utf8_seq((const unsigned char *)s);
            n = u ? u : 1;
            memset(&st, 0, sizeof st);
            cols++;
        } else {
            int w = wcwidth(wc);
            cols += w < 0 ? 1 : (size_t)w;
        }
        s += n;
        left -= n;
    }
    return cols;
}

char *bonx_trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

void bonx_cut_comment(char *s)
{
    for (char *c = s; *c; c++)
        if (*c == '#' && (c == s || isspace((unsigned char)c[-1]))) {
            *c = '\0';
            return;
        }
}

int bonx_append_line(char **text, const char *add)
{
    size_t old = *text ? strlen(*text) : 0, n = strlen(add);
    char *t = realloc(*text, old + n + 2);
    if (!t)
        return -1;
    if (*text)
        t[old++] = '\n';
    memcpy(t + old, add, n + 1);
    *text = t;
    return 0;
}
