/* SPDX-License-Identifier: MIT */
/* Writing a whole file so that a failure never truncates or half-writes it: a temporary file
 * beside it (PATH.tmp.XXXXXX, locked while in use), fsync, rename over the old one, fsync of
 * the directory.  A symbolic link is written through (its target replaced, the link kept);
 * temporary files that a killed save left behind are removed on the next save.  Preset saves
 * and the explorer's SVG export both go through here. */
#include "atomic_file.h"
#include "text.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* The Makefile asks for 64-bit offsets (LFS_DEFS): a 32-bit build without them reads no
 * directory entry past a 32-bit cookie or inode number, so stale temporary files stay. */
_Static_assert(sizeof(off_t) >= 8 && sizeof(ino_t) >= 8,
               "build with -D_FILE_OFFSET_BITS=64 (see LFS_DEFS in the Makefile)");

static char *dup_str(const char *s) { return s ? bonx_strndup(s, strlen(s)) : NULL; }

static int write_all(int fd, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        s += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Split path into the directory holding it and its last component.  Returns a copy of
 * path to free (the strings point into it or are literals); NULL when out of memory. */
static char *split_path(const char *path, const char **dir, const char **base)
{
    char *copy = dup_str(path);
    if (!copy)
        return NULL;
    char *slash = strrchr(copy, '/');
    *base = slash ? slash + 1 : copy;
    *dir = slash ? (slash == copy ? "/" : (*slash = '\0', copy)) : ".";
    return copy;
}

/* Make the rename durable: fsync the directory holding path (best effort). */
static void sync_dir_of(const char *path)
{
    const char *d, *base;
    char *copy = split_path(path, &d, &base);
    if (!copy)
        return;
    int fd = open(d, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(copy);
}

/* Where a save to path lands: path itself, or, when path is a symbolic link (a chain of
 * them), the file it finally names, so that the link stays a link.  A relative target is
 * relative to the link's directory.  NULL (errno set) on a loop or out of memory. */
static char *resolve_links(const char *path)
{
    char *cur = dup_str(path);
    for (int hops = 0; cur && hops < 40; hops++) {
        struct stat st;
        if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
            return cur;
        size_t cap = (size_t)(st.st_size > 0 ? st.st_size : PATH_MAX) + 1;
        char *target = malloc(cap);
        ssize_t n = target ? readlink(cur, target, cap) : -1;
        if (n < 0 || (size_t)n >= cap) {
            free(target);
            return cur;   /* changed under us: save to the name as given */
        }
        target[n] = '\0';
        const char *slash = strrchr(cur, '/');
        char *next = target;
        if (target[0] != '/' && slash) {
            size_t dl = (size_t)(slash - cur) + 1;
            next = malloc(dl + (size_t)n + 1);
            if (next) {
                memcpy(next, cur, dl);
                memcpy(next + dl, target, (size_t)n + 1);
            }
            free(target);
        }
        free(cur);
        cur = next;
    }
    if (cur) {
        free(cur);
        errno = ELOOP;
    }
    return NULL;
}

/* The temporary name of a save: "PATH.tmp." and six characters of mkstemp. */
#define TMP_SUFFIX ".tmp."
#define TMP_RANDOM 6

/* Is name (a directory entry) a temporary file of a save to base? */
static int is_our_tmp(const char *name, const char *base)
{
    size_t bl = strlen(base), sl = strlen(TMP_SUFFIX);
    if (strncmp(name, base, bl) || strncmp(name + bl, TMP_SUFFIX, sl) ||
        strlen(name) != bl + sl + TMP_RANDOM)
        return 0;
    for (const char *c = name + bl + sl; *c; c++)
        if (!isalnum((unsigned char)*c))
            return 0;
    return 1;
}

/* Remove the temporary files a killed save to path left behind: only names of our exact
 * pattern, regular files we own, and only when no process holds them (a save in progress
 * keeps its temporary file locked).  Best effort: a failure here never fails the save. */
static void remove_stale_tmps(const char *path)
{
    const char *d, *base;
    char *copy = split_path(path, &d, &base);
    if (!copy)
        return;
    DIR *dh = opendir(d);
    if (dh) {
        int dfd = dirfd(dh);
        struct dirent *e;
        while ((e = readdir(dh))) {
            if (!is_our_tmp(e->d_name, base))
                continue;
            struct stat st;
            int fd = openat(dfd, e->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
            if (fd < 0)
                continue;
            if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
                flock(fd, LOCK_EX | LOCK_NB) == 0)
                unlinkat(dfd, e->d_name, 0);
            close(fd);
        }
        closedir(dh);
    }
    free(copy);
}

int bonx_file_write_atomic(const char *path, const char *data, size_t len, char *err,
                           size_t errlen)
{
    char *dest = resolve_links(path);
    if (!dest) {
        int e = errno;
        bonx_set_err(err, errlen, "%s: cannot save: %s", path, strerror(e ? e : ENOMEM));
        return -1;
    }
    size_t plen = strlen(dest);
    char *tmp = malloc(plen + sizeof TMP_SUFFIX + TMP_RANDOM);
    if (!tmp) {
        free(tmp);
        free(dest);
        bonx_set_err(err, errlen, "%s: out of memory", path);
        return -1;
    }
    remove_stale_tmps(dest);
    snprintf(tmp, plen + sizeof TMP_SUFFIX + TMP_RANDOM, "%s" TMP_SUFFIX "XXXXXX", dest);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        bonx_set_err(err, errlen, "%s: cannot create a temporary file: %s", path, strerror(errno));
        free(tmp);
        free(dest);
        return -1;
    }
    /* held until the rename: tells remove_stale_tmps of another save that we are alive */
    (void)flock(fd, LOCK_EX);
    struct stat st;
    mode_t mode = stat(dest, &st) == 0 ? (st.st_mode & 07777) : 0644;
    int ok = fchmod(fd, mode) == 0 && write_all(fd, data, len) == 0 && fsync(fd) == 0;
    int saved = errno;
    if (ok && rename(tmp, dest) != 0) {
        ok = 0;
        saved = errno;
    }
    if (!ok)
        unlink(tmp);
    /* closed (and unlocked) only now; its data is already on disk (fsync) */
    close(fd);
    if (!ok) {
        bonx_set_err(err, errlen, "%s: cannot save: %s", path, strerror(saved ? saved : EIO));
    } else {
        sync_dir_of(dest);
    }
    free(tmp);
    free(dest);
    return ok ? 0 : -1;
}

