/* SPDX-License-Identifier: MIT */
#include "u8width.h"

#include <stdint.h>

/* The code point at s and its length; a malformed sequence is one byte, U+FFFD. */
static uint32_t decode(const unsigned char *s, size_t *bytes)
{
    unsigned c = s[0];
    size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
             : (c & 0xF8) == 0xF0 ? 4 : 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            n = 0;
    if (n == 0) {
        *bytes = 1;
        return 0xFFFD;
    }
    *bytes = n;
    if (n == 1)
        return c;
    uint32_t cp = c & (0x7Fu >> n);
    for (size_t i = 1; i < n; i++)
        cp = cp << 6 | (s[i] & 0x3Fu);
    return cp;
}

/* East Asian Wide (W) and Fullwidth (F): the ranges of Markus Kuhn's wcwidth, which
 * terminals follow. */
static int is_wide(uint32_t u)
{
    return u >= 0x1100 &&
           (u <= 0x115F || u == 0x2329 || u == 0x232A ||
            (u >= 0x2E80 && u <= 0xA4CF && u != 0x303F) || (u >= 0xAC00 && u <= 0xD7A3) ||
            (u >= 0xF900 && u <= 0xFAFF) || (u >= 0xFE10 && u <= 0xFE19) ||
            (u >= 0xFE30 && u <= 0xFE6F) || (u >= 0xFF00 && u <= 0xFF60) ||
            (u >= 0xFFE0 && u <= 0xFFE6) || (u >= 0x1F300 && u <= 0x1F64F) ||
            (u >= 0x1F900 && u <= 0x1F9FF) || (u >= 0x20000 && u <= 0x2FFFD) ||
            (u >= 0x30000 && u <= 0x3FFFD));
}

int bonx_u8_cp_width(const char *s, size_t *bytes)
{
    return is_wide(decode((const unsigned char *)s, bytes)) ? 2 : 1;
}

int bonx_utf8_width(const char *s)
{
    int cols = 0;
    while (*s) {
        size_t n;
        cols += bonx_u8_cp_width(s, &n);
        s += n;
    }
    return cols;
}

size_t bonx_u8_fit(const char *s, int max, int *cols)
{
    size_t bytes = 0;
    int used = 0;
    while (s[bytes]) {
        size_t n;
        int w = bonx_u8_cp_width(s + bytes, &n);
        if (used + w > max)
            break;
        used += w;
        bytes += n;
    }
    if (cols)
        *cols = used;
    return bytes;
}
