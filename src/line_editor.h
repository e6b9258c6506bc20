/* SPDX-License-Identifier: MIT */
/* A one-line text editor for table cells, parameters and file names: the explorer feeds it
 * keys while a cell is being edited.  No I/O; the views draw buf with the cursor at cur. */
#ifndef BONX_LINE_EDITOR_H
#define BONX_LINE_EDITOR_H

#include <limits.h>
#include <stddef.h>

/* Room for any path the system accepts (PATH_MAX counts the NUL), so the save prompt never
 * has to cut a file name. */
#if defined(PATH_MAX) && PATH_MAX > 256
#define BONX_LINE_MAX PATH_MAX
#else
#define BONX_LINE_MAX 4096
#endif

typedef struct bonx_line_editor {
    char buf[BONX_LINE_MAX];  /* NUL-terminated; bytes, ASCII editing (values and names) */
    size_t len, cur;          /* length and cursor position, cur <= len */
    int fresh;                /* just started: the first typed character replaces the text */
    int overflow;             /* text was refused for want of room (start text cut or a key
                               * dropped): buf is not what was meant, and a commit of it must
                               * be refused, never taken silently */
} bonx_line_editor;

typedef enum {
    BONX_LINE_CONTINUE = 0,   /* key consumed, keep editing */
    BONX_LINE_COMMIT,         /* Enter: take buf */
    BONX_LINE_CANCEL          /* Esc: drop the edit */
} bonx_line_result;

/* Start editing with text (may be NULL), cursor at the end.  As in a spreadsheet, typing
 * at once replaces the old value; any editing or movement key first keeps it.  A text of
 * BONX_LINE_MAX bytes or more is cut and sets overflow. */
void bonx_line_start(bonx_line_editor *le, const char *text);

/* Feed one key (a printable byte, or the ncurses-style codes below).  Unknown keys are
 * ignored.  Keys: printable insert; Backspace/Ctrl-H/DEL; Delete; Left/Right; Home/Ctrl-A;
 * End/Ctrl-E; Ctrl-U clears before the cursor; Ctrl-K clears after it.  A byte that does
 * not fit sets overflow (cleared when the text is replaced or emptied). */
bonx_line_result bonx_line_key(bonx_line_editor *le, int key);

/* The key codes the editor understands besides bytes; the explorer maps ncurses KEY_* to
 * these so that the editor (and its tests) need no curses. */
enum {
    BONX_KEY_LEFT = 0x1001, BONX_KEY_RIGHT, BONX_KEY_UP, BONX_KEY_DOWN, BONX_KEY_HOME,
    BONX_KEY_END, BONX_KEY_DELETE, BONX_KEY_BACKSPACE, BONX_KEY_ENTER, BONX_KEY_BTAB,
    BONX_KEY_PGUP, BONX_KEY_PGDN, BONX_KEY_RESIZE, BONX_KEY_MOUSE, BONX_KEY_ESC = 27
};

#endif
