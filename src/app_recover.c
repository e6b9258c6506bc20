/* SPDX-License-Identifier: MIT */
/* Recovery files (issue 11, defect 7): when a hang-up or a kill ends the explorer with
 * unsaved edits, they are written next to the file opened, as FILE.bonx-recover, or for a
 * shipped preset (whose directory is not the user's) as ./NAME.recover.bonx. */
#include "app_state.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

void bonx_app_recovery_path(const bonx_app *a, char *buf, size_t len)
{
    char save[4096];
    bonx_app_default_save_path(a, save, sizeof save);
    if (a->path && !strcmp(save, a->path))
        snprintf(buf, len, "%s.bonx-recover", a->path);
    else
        snprintf(buf, len, "./%s.recover.bonx", a->loaded.name ? a->loaded.name : "untitled");
}

int bonx_app_write_recovery(bonx_app *a, char *path, size_t len)
{
    if (!a->dirty)
        return 1;
    bonx_app_recovery_path(a, path, len);
    return bonx_app_save(a, path) == 0 ? 0 : -1;
}

int bonx_app_recovery_exists(const bonx_app *a, char *path, size_t len)
{
    bonx_app_recovery_path(a, path, len);
    return access(path, F_OK) == 0;
}
