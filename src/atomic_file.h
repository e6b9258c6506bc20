/* SPDX-License-Identifier: MIT */
/* Atomic whole-file writes (atomic_file.c). */
#ifndef BONX_ATOMIC_FILE_H
#define BONX_ATOMIC_FILE_H

#include <stddef.h>

/* Replace path's contents with data[0..len) atomically: on any failure (0 returned on
 * success, -1 with "PATH: why" in err) the old file, if any, is as it was, and no temporary
 * file is left.  An existing file keeps its permissions, a new one gets 0644; a symbolic
 * link is written through. */
int bonx_file_write_atomic(const char *path, const char *data, size_t len, char *err,
                           size_t errlen);

#endif
