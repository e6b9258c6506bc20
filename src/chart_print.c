/* SPDX-License-Identifier: MIT */
/* See chart_print.h. */
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "chart_print.h"

#define CHART_MAX_CELLS 1000

void bonx_chart_opts_init(bonx_chart_opts *o)
{
    memset(o, 0, sizeof *o);
    o->width = 80;
    o->height = 24;
}

int bonx_chart_opts_parse(const bonx_cli *cli, bonx_chart_opts *o, int argc, char **argv,
                          int *i)
{
    int f = bonx_cli_flag(cli, argv, *i, "--ascii");
    if (f != 0)
        return f < 0 ? -1 : (o->ascii = 1);
    int c = bonx_cli_color(cli, argc, argv, i, &o->color);
    if (c != 0)
        return c;
    static const char *const names[] = {"--width", "--height"};
    uint64_t *dest[] = {&o->width, &o->height};
    for (int j = 0; j < 2; j++) {
        const char *v;
        char why[256];
        int m = bonx_cli_opt(cli, argc, argv, i, names[j], &v);
        if (m <= 0) {
            if (m < 0)
                return -1;
            continue;
        }
        if (bonx_cli_parse_count(v, 1, CHART_MAX_CELLS, dest[j], why, sizeof why) != 0)
            return bonx_cli_error(cli, "%s: %s", names[j], why), -1;
        return 1;
    }
    return 0;
}

static int utf8_locale(void)
{
    setlocale(LC_CTYPE, "");
    const char *cs = nl_langinfo(CODESET);
    return cs && (!strcasecmp(cs, "UTF-8") || !strcasecmp(cs, "utf8"));
}

bonx_canvas *bonx_chart_canvas(const bonx_cli *cli, const bonx_chart_opts *o)
{
    bonx_canvas *cv = bonx_canvas_new((int)o->width, (int)o->height, o->ascii || !utf8_locale());
    if (!cv)
        bonx_cli_error(cli, "out of memory");
    return cv;
}

int bonx_chart_print(const bonx_cli *cli, const bonx_chart_opts *o, const bonx_canvas *cv)
{
    int ansi = bonx_color_stdout(o->color);
    char *text = bonx_canvas_to_string(cv, ansi);
    if (!text)
        return bonx_cli_error(cli, "out of memory");
    int rc = printf("%s\n", text) < 0 ? bonx_cli_error(cli, "cannot write the output") : 0;
    free(text);
    return rc;
}
