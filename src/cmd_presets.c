/* SPDX-License-Identifier: MIT */
/* bonx presets: name and title of each shipped preset. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "commands.h"

static const char USAGE[] =
    "usage: bonx presets [--format table|csv|json]\n"
    "Name and title of each preset in the preset directory (the first that exists of\n"
    "$BONX_PRESETS, the source tree's presets/ for the ./bonx built there,\n"
    "<exe dir>/../share/bonx/presets, PREFIX/share/bonx/presets).\n"
    "Use a name with --preset NAME.  A preset that does not parse is listed with its error.\n"
    "columns: name,title\n";

static const char *const COLUMNS[] = {"name", "title"};

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names (stems) of the *.bonx files in dir; NULL on failure. */
static char **list_names(const char *dir, size_t *count)
{
    DIR *dh = opendir(dir);
    if (!dh)
        return NULL;
    size_t n = 0, cap = 16;
    char **names = malloc(cap * sizeof *names);
    struct dirent *e;
    while (names && (e = readdir(dh))) {
        size_t len = strlen(e->d_name);
        if (len <= 5 || strcmp(e->d_name + len - 5, ".bonx") != 0 || e->d_name[0] == '.')
            continue;
        if (n == cap) {
            char **nn = realloc(names, (cap *= 2) * sizeof *nn);
            if (!nn)
                break;
            names = nn;
        }
        if (!(names[n] = strndup(e->d_name, len - 5)))
            break;
        n++;
    }
    closedir(dh);
    if (names)
        qsort(names, n, sizeof *names, by_name);
    *count = n;
    return names;
}

static void add_preset_row(bonx_table *t, const char *dir, const char *name)
{
    char path[8192], err[512];
    bonx_preset p;
    int w = snprintf(path, sizeof path, "%s/%s.bonx", dir, name);
    bonx_table_str(t, name);
    if (w < 0 || (size_t)w >= sizeof path) {
        bonx_table_str(t, "(path too long)");
        return;
    }
    if (bonx_preset_load(path, &p, err, sizeof err) != 0) {
        char msg[600];
        snprintf(msg, sizeof msg, "(does not load: %s)", err);
        bonx_table_str(t, msg);
        return;
    }
    bonx_table_str(t, p.title ? p.title : "");
    bonx_preset_free(&p);
}

int cmd_presets(int argc, char **argv)
{
    if (bonx_cli_wants_help(argc, argv))
        return fputs(USAGE, stdout), 0;
    bonx_cli cli;
    bonx_cli_init(&cli, "presets");
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        int m = bonx_cli_common(&cli, argc, argv, &i);
        if (m < 0)
            return 2;
        if (m == 0 || cli.source_opt)
            return bonx_cli_error(&cli, "unknown option '%s' (see bonx presets --help)", arg);
    }
    char dir[4096];
    if (bonx_preset_dir(dir, sizeof dir) != 0)
        return bonx_cli_error(&cli, "no preset directory found (set BONX_PRESETS)");
    size_t n = 0;
    char **names = list_names(dir, &n);
    if (!names)
        return bonx_cli_error(&cli, "%s: cannot list the presets", dir);
    bonx_table *t = bonx_table_new(2, COLUMNS);
    for (size_t i = 0; i < n; i++) {
        if (t)
            add_preset_row(t, dir, names[i]);
        free(names[i]);
    }
    free(names);
    return bonx_cli_emit(&cli, t);
}
