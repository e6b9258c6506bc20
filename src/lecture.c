/* SPDX-License-Identifier: MIT */
/* Lecture files (see lecture.h). */
#include "lecture.h"
#include "preset.h"
#include "text.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LECTURE_MAX_BYTES (1u << 20)

typedef struct lparser {
    const char *file, *dir;
    size_t line, title_line;
    char *err;
    size_t errlen;
    bonx_lecture l;
    int has_table;       /* the current scene has preset: or file: */
} lparser;

static int lerr(lparser *ps, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static int lerr(lparser *ps, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bonx_set_err_at(ps->err, ps->errlen, ps->file, ps->line, fmt, ap);
    va_end(ap);
    return -1;
}

static char *dup_s(const char *s) { return bonx_strndup(s, strlen(s)); }

static bonx_lecture_scene *current(lparser *ps)
{
    return ps->l.n ? &ps->l.scenes[ps->l.n - 1] : NULL;
}

/* The end of a scene: it must name its table. */
static int close_scene(lparser *ps)
{
    bonx_lecture_scene *s = current(ps);
    if (s && !ps->has_table) {
        ps->line = s->line;
        return lerr(ps, "scene '%s' has no table (add 'preset: NAME' or 'file: PATH')", s->title);
    }
    return 0;
}

static int start_scene(lparser *ps, const char *title)
{
    if (!ps->title_line)
        return lerr(ps, "'scene:' before 'lecture:' (a lecture file starts with 'lecture: TITLE')");
    if (!*title)
        return lerr(ps, "empty scene title");
    if (close_scene(ps) != 0)
        return -1;
    if (ps->l.n >= BONX_LECTURE_MAX_SCENES)
        return lerr(ps, "too many scenes (at most %d)", BONX_LECTURE_MAX_SCENES);
    bonx_lecture_scene *s = realloc(ps->l.scenes, (ps->l.n + 1) * sizeof *s);
    if (!s)
        return lerr(ps, "out of memory");
    ps->l.scenes = s;
    memset(&s[ps->l.n], 0, sizeof *s);
    s[ps->l.n].line = ps->line;
    ps->l.n++;
    ps->has_table = 0;
    if (!(s[ps->l.n - 1].title = dup_s(title)))
        return lerr(ps, "out of memory");
    return 0;
}

static int set_table(lparser *ps, const char *key, char *val)
{
    bonx_lecture_scene *s = current(ps);
    if (!s)
        return lerr(ps, "'%s:' outside a scene (start one with 'scene: TITLE')", key);
    if (ps->has_table)
        return lerr(ps, "scene '%s' already has a table ('preset:' or 'file:' once a scene)", s->title);
    for (char *c = val; *c; c++)   /* a trailing "# comment", as on the scene keys */
        if (*c == '#' && (c == val || isspace((unsigned char)c[-1]))) {
            *c = '\0';
            break;
        }
    val = bonx_trim(val);
    if (!*val)
        return lerr(ps, "%s: expected a %s", key, !strcmp(key, "preset") ? "preset name" : "path");
    char path[PATH_MAX];
    if (!strcmp(key, "preset")) {
        if (bonx_preset_find(val, path, sizeof path) != 0)
            return lerr(ps, "unknown preset '%s' (bonx presets lists them)", val);
    } else {
        int w = val[0] == '/' || !ps->dir ? snprintf(path, sizeof path, "%s", val)
                                          : snprintf(path, sizeof path, "%s/%s", ps->dir, val);
        if (w < 0 || (size_t)w >= sizeof path)
            return lerr(ps, "file: path too long");
        if (access(path, R_OK) != 0)
            return lerr(ps, "file: cannot read '%s': %s", path, strerror(errno));
    }
    if (!(s->table = dup_s(path)))
        return lerr(ps, "out of memory");
    ps->has_table = 1;
    return 0;
}

static int parse_key(lparser *ps, char *key, char *val)
{
    if (!strcmp(key, "lecture")) {
        if (ps->title_line)
            return lerr(ps, "duplicate 'lecture:' (first on line %zu)", ps->title_line);
        val = bonx_trim(val);
        if (!*val)
            return lerr(ps, "empty lecture title");
        if (!(ps->l.title = dup_s(val)))
            return lerr(ps, "out of memory");
        ps->title_line = ps->line;
        return 0;
    }
    if (!ps->title_line)
        return lerr(ps, "'%s:' before 'lecture:' (a lecture file starts with 'lecture: TITLE')", key);
    if (!strcmp(key, "scene"))
        return start_scene(ps, bonx_trim(val));
    if (!strcmp(key, "preset") || !strcmp(key, "file"))
        return set_table(ps, key, val);
    bonx_lecture_scene *s = current(ps);
    if (!strcmp(key, "note"))
        return bonx_append_line(s ? &s->note : &ps->l.note, bonx_trim(val)) == 0 ? 0 : lerr(ps, "out of memory");
    if (!s)
        return lerr(ps, "'%s:' before the first scene (start one with 'scene: TITLE')", key);
    char why[300];
    int rc = bonx_scene_key(&s->scene, key, val, ps->line, why, sizeof why);
    if (rc < 0)
        return lerr(ps, "%s", why);
    if (rc == 0)
        return lerr(ps, "unknown key '%s:' (expected lecture, note, scene, preset, file, view, "
                    "n-range, curves, step, caption, set or show)", key);
    return 0;
}

static int parse_line(lparser *ps, char *raw)
{
    /* the same text rules as a preset file: titles, notes and captions reach the screen */
    for (const char *c = raw; *c; c++)
        if (((unsigned char)*c < 0x20 && !isspace((unsigned char)*c)) || *c == 0x7f)
            return lerr(ps, "control character 0x%02x", (unsigned)(unsigned char)*c);
    long bad = bonx_utf8_invalid(raw);
    if (bad >= 0)
        return lerr(ps, "invalid UTF-8 (byte 0x%02x at column %ld)",
                    (unsigned)(unsigned char)raw[bad], bad + 1);
    char *line = bonx_trim(raw);
    if (!*line || *line == '#')
        return 0;
    size_t tok = strcspn(line, " \t");
    char *colon = memchr(line, ':', tok);
    if (!colon)
        return lerr(ps, "expected 'key: value' (a lecture has no outcome lines: its tables "
                    "are presets, named with 'preset:' or 'file:')");
    *colon = '\0';
    return parse_key(ps, line, colon + 1);
}

void bonx_lecture_free(bonx_lecture *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++) {
        free(l->scenes[i].title);
        free(l->scenes[i].table);
        free(l->scenes[i].note);
        bonx_scene_free(&l->scenes[i].scene);
    }
    free(l->scenes);
    free(l->title);
    free(l->note);
    memset(l, 0, sizeof *l);
}

int bonx_lecture_parse(const char *text, const char *filename, const char *dir,
                       bonx_lecture *out, char *err, size_t errlen)
{
    lparser ps;
    memset(&ps, 0, sizeof ps);
    ps.file = filename ? filename : "<lecture>";
    ps.dir = dir;
    ps.err = err;
    ps.errlen = errlen;
    const char *s = text;
    if (!strncmp(s, "\xEF\xBB\xBF", 3))   /* a UTF-8 byte order mark is not part of line 1 */
        s += 3;
    int rc = 0;
    for (ps.line = 1; rc == 0; ps.line++) {
        size_t n = strcspn(s, "\n");
        char *line = bonx_strndup(s, n);
        rc = line ? parse_line(&ps, line) : lerr(&ps, "out of memory");
        free(line);
        if (!s[n])
            break;
        s += n + 1;
    }
    if (rc == 0 && !ps.title_line)
        rc = lerr(&ps, "not a lecture: no 'lecture: TITLE' line");
    if (rc == 0 && ps.l.n == 0)
        rc = lerr(&ps, "no scenes (add 'scene: TITLE' with 'preset: NAME')");
    if (rc == 0)
        rc = close_scene(&ps);
    if (rc != 0) {
        bonx_lecture_free(&ps.l);
        return -1;
    }
    *out = ps.l;
    return 0;
}

static char *read_text(const char *path, char *err, size_t errlen)
{
    struct stat st;   /* a FIFO or a device would block or never end: regular files only */
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        bonx_set_err(err, errlen, "%s: not a regular file", path);
        return NULL;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        bonx_set_err(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    char *buf = malloc(LECTURE_MAX_BYTES + 1);
    size_t n = buf ? fread(buf, 1, LECTURE_MAX_BYTES + 1, f) : 0;
    int bad = !buf || ferror(f) || n > LECTURE_MAX_BYTES;
    fclose(f);
    if (bad) {
        bonx_set_err(err, errlen, "%s: %s", path, !buf ? "out of memory"
                     : n > LECTURE_MAX_BYTES ? "file too large for a lecture" : "read error");
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    if (memchr(buf, '\0', n)) {
        size_t line = 1;
        for (const char *c = buf; *c; c++)
            line += *c == '\n';
        bonx_set_err(err, errlen, "%s:%zu: NUL byte (not a text file)", path, line);
        free(buf);
        return NULL;
    }
    return buf;
}

int bonx_lecture_load(const char *path, bonx_lecture *out, char *err, size_t errlen)
{
    char *text = read_text(path, err, errlen);
    if (!text)
        return -1;
    char dir[PATH_MAX];
    const char *slash = strrchr(path, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
    if (slash == path)
        snprintf(dir, sizeof dir, "/");
    bonx_lecture l;
    int rc = bonx_lecture_parse(text, path, dir, &l, err, errlen);
    free(text);
    if (rc != 0)
        return -1;
    for (size_t i = 0; i < l.n; i++) {   /* every table must load, before anything is shown */
        bonx_preset p;
        char perr[512];
        if (bonx_preset_load(l.scenes[i].table, &p, perr, sizeof perr) != 0) {
            bonx_set_err(err, errlen, "%s:%zu: scene '%s': %s", path, l.scenes[i].line,
                         l.scenes[i].title, perr);
            bonx_lecture_free(&l);
            return -1;
        }
        bonx_preset_free(&p);
    }
    *out = l;
    return 0;
}

int bonx_lecture_is(const char *path)
{
    size_t n = strlen(path);
    if (n > 6 && !strcmp(path + n - 6, ".bonxl"))
        return 1;
    /* only a regular file is looked into: a FIFO would block, /dev/zero never end */
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    char line[512];
    int is = 0;
    for (int lines = 0; lines < 1000 && fgets(line, sizeof line, f); lines++) {
        /* the first line that is not blank or a comment (after a byte order mark) */
        char *s = bonx_trim(lines == 0 && !strncmp(line, "\xEF\xBB\xBF", 3) ? line + 3 : line);
        if (!*s || *s == '#')
            continue;
        is = !strncmp(s, "lecture:", 8);
        break;
    }
    fclose(f);
    return is;
}
