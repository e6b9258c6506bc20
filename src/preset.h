/* SPDX-License-Identifier: MIT */
/* Preset files: the documented text format for a distribution (see presets/README and
 * man/bonx.1).  Parsing never accepts a half-read file: on any error the output is untouched
 * and the message reads "FILE:LINE: problem". */
#ifndef BONX_PRESET_H
#define BONX_PRESET_H

#include <stddef.h>
#include "blockwise.h"
#include "scene.h"

typedef struct bonx_preset {
    char *name;        /* file stem, e.g. "binary"; may be NULL for --dist */
    char *title;       /* one line; may be NULL */
    char *note;        /* the lecturer's note, lines joined with '\n'; may be NULL */
    int has_n, has_beta, has_tau;
    double n, beta, tau;   /* defaults, valid when has_* */
    /* "blockwise: LEN:PROB,..." and "block: M": the law of the explorer's blockwise
     * best-of-n rows (key b); each part the default's (1..4 uniform, M = 2) when absent */
    int has_blockwise, has_block;
    bonx_blockwise_law blockwise;   /* lengths valid when has_blockwise, block when has_block */
    int rewards_log_q;     /* "rewards: log-q": each reward is log q of a model q (the table
                              then shows q = exp(reward) too) */
    size_t k;
    char **labels;     /* k strings, never NULL (generated as "y1".. when absent) */
    double *w, *r;     /* k weights and rewards */
    bonx_scene scene;  /* optional view, n range, curves and steps (src/scene.h) */
} bonx_preset;

/* Every key a preset file accepts, as its "unknown key" error lists them (the scene keys are
 * src/scene.c's); tests/test_preset.c checks that each one listed is accepted, and
 * tests/e2e/docs.sh that the man page documents each. */
#define BONX_PRESET_KEYS "title, note, n, beta, tau, rewards, blockwise, block, or a scene key: " \
                         "view, n-range, curves, step, caption, set, show"

/* Parse text (NUL-terminated).  filename is used in messages only. Returns 0 or -1. */
int bonx_preset_parse(const char *text, const char *filename, bonx_preset *out,
                      char *err, size_t errlen);
/* Load a preset file.  Only a regular file is read: a FIFO, a device or a directory is an
 * error at once ("PATH: not a regular file (a FIFO)"), as is a NUL byte ("PATH:LINE: NUL
 * byte") or 64 MB of text. */
int bonx_preset_load(const char *path, bonx_preset *out, char *err, size_t errlen);
/* The same from an open descriptor read to its end (standard input for --file -); name is
 * used in messages ("<stdin>:3: ..."), stem becomes the preset's name. */
int bonx_preset_load_fd(int fd, const char *name, const char *stem, bonx_preset *out,
                        char *err, size_t errlen);
/* Write to path atomically (temporary file in the same directory, fsync, rename): a failed
 * save leaves the old file as it was. */
int bonx_preset_save(const char *path, const bonx_preset *p, char *err, size_t errlen);
/* Text form of a preset (malloc'd), the inverse of parse. */
char *bonx_preset_format(const bonx_preset *p);
int bonx_preset_copy(bonx_preset *dst, const bonx_preset *src);
void bonx_preset_free(bonx_preset *p);

/* Locate a shipped preset by name: $BONX_PRESETS, then (only for the ./bonx that `make` left
 * in the source tree, run from there) the tree's presets/, <dir of the executable>/../share/
 * bonx/presets, then BONX_DATADIR/presets.  Never <dir of the executable>/presets or
 * /presets.  Returns 0 and writes the path, or -1. */
int bonx_preset_find(const char *name, char *path, size_t pathlen);
/* The directory presets are listed from (first of the above that exists), or -1. */
int bonx_preset_dir(char *dir, size_t dirlen);

#endif
