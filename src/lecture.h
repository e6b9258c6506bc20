/* SPDX-License-Identifier: MIT */
/* Lecture files: several scenes, each on a preset's table, played in order with space /
 * Backspace (`bonx --lecture FILE`, or `bonx FILE` for a FILE.bonxl or a file whose first key
 * is `lecture:`).  The format (presets/README.md, "Lectures"):
 *
 *   lecture: TITLE            first key, once
 *   note: TEXT                the lecture's introduction (before the first scene; may repeat)
 *   scene: TITLE              starts a scene; then, for that scene:
 *   preset: NAME              its table: a shipped preset ...
 *   file: PATH                ... or a preset file, relative to the lecture file
 *   note: TEXT                replaces the preset's note in this scene (may repeat)
 *   view / n-range / curves / step / caption / set / show   as in a preset (src/scene.h)
 *
 * The scene keys override the preset's own; a scene with steps uses its steps only.  Every
 * error is "FILE:LINE: problem", and a lecture is read whole (every table loaded) or not at
 * all. */
#ifndef BONX_LECTURE_H
#define BONX_LECTURE_H

#include <stddef.h>
#include "scene.h"

#define BONX_LECTURE_MAX_SCENES 100

typedef struct bonx_lecture_scene {
    char *title;
    char *table;        /* path of its preset file (resolved) */
    char *note;         /* NULL: the preset's own */
    bonx_scene scene;
    size_t line;        /* of `scene:` */
} bonx_lecture_scene;

typedef struct bonx_lecture {
    char *title, *note;
    size_t n;
    bonx_lecture_scene *scenes;
} bonx_lecture;

/* Parse text; dir is the directory `file:` paths are relative to (NULL: the current one).
 * Tables are located (`preset:` found, `file:` readable) but not read.  0 or -1 with err. */
int bonx_lecture_parse(const char *text, const char *filename, const char *dir,
                       bonx_lecture *out, char *err, size_t errlen);
/* Read, parse, and check that every scene's table loads.  0 or -1 with err. */
int bonx_lecture_load(const char *path, bonx_lecture *out, char *err, size_t errlen);
/* 1 when path names a lecture: it ends in .bonxl, or its first key is `lecture:`. */
int bonx_lecture_is(const char *path);
void bonx_lecture_free(bonx_lecture *l);

#endif
