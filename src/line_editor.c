/* SPDX-License-Identifier: MIT */
/* The inline editor: insertion, deletion and cursor movement on a fixed buffer. */
#include "line_editor.h"

#include <string.h>

void bonx_line_start(bonx_line_editor *le, const char *text)
{
    size_t n = text ? strlen(text) : 0;
    le->overflow = n >= BONX_LINE_MAX;
    if (n >= BONX_LINE_MAX)
        n = BONX_LINE_MAX - 1;
    if (n)
        memcpy(le->buf, text, n);
    le->buf[n] = '\0';
    le->len = le->cur = n;
    le->fresh = 1;
}

static void insert_byte(bonx_line_editor *le, char c)
{
    if (le->len + 1 >= BONX_LINE_MAX) {
        le->overflow = 1;   /* full: the caller refuses the commit and says why */
        return;
    }
    memmove(le->buf + le->cur + 1, le->buf + le->cur, le->len - le->cur + 1);
    le->buf[le->cur++] = c;
    le->len++;
}

static void delete_range(bonx_line_editor *le, size_t from, size_t to)
{
    memmove(le->buf + from, le->buf + to, le->len - to + 1);
    le->len -= to - from;
    if (le->len == 0)
        le->overflow = 0;   /* nothing left of the cut text */
    if (le->cur > to)
        le->cur -= to - from;
    else if (le->cur > from)
        le->cur = from;
}

bonx_line_result bonx_line_key(bonx_line_editor *le, int key)
{
    if (le->fresh && key >= 32 && key < 127) {   /* typing replaces the proposed text */
        le->buf[0] = '\0';
        le->len = le->cur = 0;
        le->overflow = 0;
    }
    le->fresh = 0;
    switch (key) {
    case '\n': case '\r': case BONX_KEY_ENTER: return BONX_LINE_COMMIT;
    case BONX_KEY_ESC: return BONX_LINE_CANCEL;
    case BONX_KEY_BACKSPACE: case 8: case 127:
        if (le->cur > 0)
            delete_range(le, le->cur - 1, le->cur);
        break;
    case BONX_KEY_DELETE: case 4:
        if (le->cur < le->len)
            delete_range(le, le->cur, le->cur + 1);
        break;
    case BONX_KEY_LEFT: case 2: if (le->cur > 0) le->cur--; break;
    case BONX_KEY_RIGHT: case 6: if (le->cur < le->len) le->cur++; break;
    case BONX_KEY_HOME: case 1: le->cur = 0; break;
    case BONX_KEY_END: case 5: le->cur = le->len; break;
    case 21: delete_range(le, 0, le->cur); break;          /* Ctrl-U */
    case 11: delete_range(le, le->cur, le->len); break;    /* Ctrl-K */
    default:
        if (key >= 32 && key < 127)
            insert_byte(le, (char)key);
        break;
    }
    return BONX_LINE_CONTINUE;
}
