/* SPDX-License-Identifier: MIT */
/* See color.h. */
#include "color.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int bonx_color_parse(const char *s, bonx_color_when *w)
{
    static const char *const names[] = {"auto", "always", "never"};
    for (int k = 0; k < 3; k++)
        if (!strcmp(s, names[k])) {
            *w = (bonx_color_when)k;
            return 0;
        }
    return -1;
}

int bonx_color_decide(bonx_color_when w, int is_tty, const char *term, const char *no_color)
{
    if (w != BONX_COLOR_AUTO)
        return w == BONX_COLOR_ALWAYS;
    return is_tty && term && *term && strcmp(term, "dumb") != 0 && !(no_color && *no_color);
}

int bonx_color_stdout(bonx_color_when w)
{
    return bonx_color_decide(w, isatty(STDOUT_FILENO), getenv("TERM"), getenv("NO_COLOR"));
}
