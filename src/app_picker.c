/* SPDX-License-Identifier: MIT */
/* The preset picker (o) and the guided tour (g/G): both walk the preset directory in name
 * order.  Loading over unsaved edits asks first. */
#include "app_state.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PATH_LEN 4096

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n > m && !strcmp(s + n - m, suffix);
}

static void free_list(char **list)
{
    if (list)
        for (size_t i = 0; list[i]; i++)
            free(list[i]);
    free(list);
}

/* Every *.bonx of the preset directory as a full path, sorted; NULL-terminated. */
static char **list_presets(size_t *count)
{
    char dir[PATH_LEN];
    if (bonx_preset_dir(dir, sizeof dir) != 0)
        return NULL;
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    size_t n = 0, cap = 16;
    char **list = calloc(cap + 1, sizeof *list);
    struct dirent *e;
    while (list && (e = readdir(d))) {
        if (!has_suffix(e->d_name, ".bonx"))
            continue;
        if (n == cap) {
            char **bigger = realloc(list, (2 * cap + 1) * sizeof *list);
            if (!bigger)
                break;
            list = bigger;
            cap *= 2;
        }
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        if (!(list[n] = malloc(len)))
            break;
        snprintf(list[n++], len, "%s/%s", dir, e->d_name);
        list[n] = NULL;
    }
    closedir(d);
    if (list)
        qsort(list, n, sizeof *list, cmp_str);
    *count = n;
    return list;
}

void bonx_app_picker_name(const bonx_app *a, size_t i, char *stem, size_t len)
{
    stem[0] = '\0';
    if (!a->picker || i >= a->picker_n)
        return;
    const char *slash = strrchr(a->picker[i], '/');
    snprintf(stem, len, "%s", slash ? slash + 1 : a->picker[i]);
    char *dot = strrchr(stem, '.');
    if (dot)
        *dot = '\0';
}

static size_t current_index(const bonx_app *a, char **list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *slash = strrchr(list[i], '/');
        const char *base = slash ? slash + 1 : list[i];
        size_t len = strlen(base) - strlen(".bonx");
        if (a->loaded.name && strlen(a->loaded.name) == len && !strncmp(base, a->loaded.name, len))
            return i;
    }
    return 0;
}

int bonx_app_picker_open(bonx_app *a)
{
    size_t n = 0;
    char **list = list_presets(&n);
    if (!list || n == 0) {
        free_list(list);
        bonx_app_error(a, "no presets found (set BONX_PRESETS to their directory)");
        return -1;
    }
    bonx_app_picker_close(a);
    a->picker = list;
    a->picker_n = n;
    a->picker_sel = current_index(a, list, n);
    a->mode = BONX_MODE_PICKER;
    bonx_app_touch(a);
    return 0;
}

void bonx_app_picker_close(bonx_app *a)
{
    free_list(a->picker);
    a->picker = NULL;
    a->picker_n = a->picker_sel = 0;
    if (a->mode == BONX_MODE_PICKER)
        a->mode = BONX_MODE_NORMAL;
    bonx_app_touch(a);
}

void bonx_app_request_load(bonx_app *a, const char *path)
{
    if (!a->dirty) {
        bonx_app_load(a, path);
        return;
    }
    free(a->pending_load);
    a->pending_load = strdup(path);
    a->mode = BONX_MODE_CONFIRM;
    a->confirm_action = BONX_CONFIRM_LOAD;
    bonx_app_say(a, "unsaved edits will be lost: y loads, any other key stays");
}

int bonx_app_tour(bonx_app *a, int dir)
{
    size_t n = 0;
    char **list = list_presets(&n);
    if (!list || n == 0) {
        free_list(list);
        bonx_app_error(a, "no presets found for the tour");
        return -1;
    }
    size_t i = current_index(a, list, n);
    i = (i + n + (dir > 0 ? 1 : n - 1)) % n;
    bonx_app_request_load(a, list[i]);
    free_list(list);
    return 0;
}

void bonx_app_default_save_path(const bonx_app *a, char *buf, size_t len)
{
    char dir[PATH_LEN];
    int shipped = a->path && bonx_preset_dir(dir, sizeof dir) == 0 &&
                  !strncmp(a->path, dir, strlen(dir));
    if (a->path && !shipped)
        snprintf(buf, len, "%s", a->path);
    else
        snprintf(buf, len, "%s.bonx", a->loaded.name ? a->loaded.name : "untitled");
}
