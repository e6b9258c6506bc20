/* SPDX-License-Identifier: MIT */
/* Preset files: parse, format, load, save atomically, and find the shipped ones.
 * The format is documented in presets/README.md and man/bonx.1 (PRESET FORMAT). */
#include "preset.h"
#include "atomic_file.h"
#include "text.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef BONX_DATADIR
#define BONX_DATADIR "/usr/local/share/bonx"
#endif

#define PRESET_MAX_BYTES (64u << 20)   /* a preset is text a person can read */

/* ---------- small helpers ---------- */

static char *dup_str(const char *s) { return s ? bonx_strndup(s, strlen(s)) : NULL; }

/* Strict number: full consumption, finite.  Returns 0, or -1 with a short reason. */
static int parse_finite(const char *s, double *out, const char **why)
{
    if (*s == '\0') {
        *why = "is empty";
        return -1;
    }
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || isspace((unsigned char)*s)) {
        *why = "is not a number";
        return -1;
    }
    if (isnan(v) || isinf(v)) {
        *why = isnan(v) ? "is not a number" : (errno == ERANGE ? "is out of range" : "is infinite");
        return -1;
    }
    *out = v;
    return 0;
}

/* Shortest %.Ng (N = 15..17) that reads back as exactly v. */
static void fmt_exact(char *buf, size_t len, double v)
{
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, len, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}

/* ---------- the growing outcome table of a parse ---------- */

typedef struct outcomes {
    size_t k, cap;
    char **labels;
    double *w, *r;
} outcomes;

static int outcomes_push(outcomes *o, char *label, double w, double r)
{
    if (o->k == o->cap) {
        size_t cap = o->cap ? 2 * o->cap : 16;
        char **l = realloc(o->labels, cap * sizeof *l);
        if (!l)
            return -1;
        o->labels = l;
        double *nw = realloc(o->w, cap * sizeof *nw);
        if (!nw)
            return -1;
        o->w = nw;
        double *nr = realloc(o->r, cap * sizeof *nr);
        if (!nr)
            return -1;
        o->r = nr;
        o->cap = cap;
    }
    o->labels[o->k] = label;
    o->w[o->k] = w;
    o->r[o->k] = r;
    o->k++;
    return 0;
}

/* ---------- parsing ---------- */

typedef struct parser {
    const char *file;
    size_t line;
    char *err;
    size_t errlen;
    bonx_preset p;       /* being built; moved to the caller only when complete */
    outcomes o;
    size_t title_line, n_line, beta_line, tau_line, last_outcome_line;
    size_t rewards_line, blockwise_line, block_line;
    int any_positive;
    size_t note_len, note_cap; /* the note grows by doubling: linear in its size */
} parser;

static int perr(parser *ps, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static int perr(parser *ps, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bonx_set_err_at(ps->err, ps->errlen, ps->file, ps->line, fmt, ap);
    va_end(ap);
    return -1;
}

static int parse_default(parser *ps, const char *key, char *val, size_t *seen, int *has,
                         double *dst)
{
    if (*seen)
        return perr(ps, "duplicate '%s:' (first on line %zu)", key, *seen);
    bonx_cut_comment(val);
    val = bonx_trim(val);
    const char *why;
    double v;
    if (parse_finite(val, &v, &why) != 0)
        return perr(ps, "%s: '%s' %s", key, val, why);
    if (!strcmp(key, "n") && !(v >= 1))
        return perr(ps, "n must be >= 1 (got %s)", val);
    if (!strcmp(key, "beta") && !(v > 0))
        return perr(ps, "beta must be > 0 (got %s)", val);
    *seen = ps->line;
    *has = 1;
    *dst = v;
    return 0;
}

/* Note lines join with '\n'.  The length is kept, not re-measured: a note of many lines
 * must not cost the square of its size. */
static int append_note(parser *ps, const char *text)
{
    size_t old = ps->note_len, add = strlen(text), need = old + add + 2;
    int first = ps->p.note == NULL;
    if (need > ps->note_cap) {
        size_t cap = ps->note_cap ? ps->note_cap : 64;
        while (cap < need)
            cap *= 2;
        char *n = realloc(ps->p.note, cap);
        if (!n)
            return perr(ps, "out of memory");
        ps->p.note = n;
        ps->note_cap = cap;
    }
    char *n = ps->p.note;
    if (!first)
        n[old++] = '\n';
    memcpy(n + old, text, add + 1);
    ps->note_len = old + add;
    return 0;
}

/* "rewards: log-q": the rewards are log q of a model q, as on seed 003's slides. */
static int parse_rewards(parser *ps, const char *val)
{
    if (ps->rewards_line)
        return perr(ps, "duplicate 'rewards:' (first on line %zu)", ps->rewards_line);
    if (strcmp(val, "log-q") != 0)
        return perr(ps, "rewards: '%s' is not a kind of reward (expected log-q)", val);
    ps->p.rewards_log_q = 1;
    ps->rewards_line = ps->line;
    return 0;
}

/* "LEN:PROB" as an integer length 1..1e6 and a probability > 0; 0 or -1 with why. */
static int parse_length_item(char *item, int *len, double *prob, const char **why)
{
    char *colon = strchr(item, ':'), *end;
    if (!colon)
        return *why = "is not LENGTH:PROB", -1;
    *colon = '\0';
    char *ls = bonx_trim(item), *ptext = bonx_trim(colon + 1);
    errno = 0;
    long l = strtol(ls, &end, 10);
    if (!*ls || *end || errno || l < 1 || l > 1000000)
        return *why = "has a length that is not an integer from 1 to 1000000", -1;
    double p;
    const char *pwhy;
    if (parse_finite(ptext, &p, &pwhy) != 0 || !(p > 0))
        return *why = "has a probability that is not a number > 0", -1;
    *len = (int)l;
    *prob = p;
    return 0;
}

/* "blockwise: LEN:PROB,...": the length law of the explorer's blockwise rows. */
static int parse_blockwise(parser *ps, char *val)
{
    if (ps->blockwise_line)
        return perr(ps, "duplicate 'blockwise:' (first on line %zu)", ps->blockwise_line);
    bonx_cut_comment(val);
    val = bonx_trim(val);
    bonx_blockwise_law *law = &ps->p.blockwise;
    size_t count = 0;
    double total = 0;
    char *save = NULL;
    for (char *item = strtok_r(val, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
        if (count == BONX_BLOCKWISE_MAX_LENGTHS)
            return perr(ps, "blockwise: more than %d lengths", BONX_BLOCKWISE_MAX_LENGTHS);
        char shown[40];
        snprintf(shown, sizeof shown, "%s", bonx_trim(item));
        const char *why;
        if (parse_length_item(item, &law->len[count], &law->prob[count], &why) != 0)
            return perr(ps, "blockwise: item %zu ('%s') %s", count + 1, shown, why);
        total += law->prob[count++];
    }
    if (count == 0)
        return perr(ps, "blockwise: no lengths (expected LENGTH:PROB,..., e.g. 1:0.5,2:0.5)");
    if (fabs(total - 1.0) > 1e-9)
        return perr(ps, "blockwise: probabilities sum to %.12g, not 1", total);
    law->count = count;
    ps->p.has_blockwise = 1;
    ps->blockwise_line = ps->line;
    return 0;
}

/* "block: M": the block length of the explorer's blockwise rows. */
static int parse_block(parser *ps, char *val)
{
    if (ps->block_line)
        return perr(ps, "duplicate 'block:' (first on line %zu)", ps->block_line);
    bonx_cut_comment(val);
    val = bonx_trim(val);
    char *end;
    errno = 0;
    long m = strtol(val, &end, 10);
    if (!*val || *end || errno || m < 1 || m > 1000000)
        return perr(ps, "block: '%s' is not an integer from 1 to 1000000", val);
    ps->p.blockwise.block = (int)m;
    ps->p.has_block = 1;
    ps->block_line = ps->line;
    return 0;
}

static int parse_key(parser *ps, char *line, char *colon)
{
    *colon = '\0';
    const char *key = line;
    char *val = colon + 1;
    if (!strcmp(key, "title")) {
        if (ps->title_line)
            return perr(ps, "duplicate 'title:' (first on line %zu)", ps->title_line);
        val = bonx_trim(val);
        if (!*val)
            return perr(ps, "empty title");
        if (!(ps->p.title = dup_str(val)))
            return perr(ps, "out of memory");
        ps->title_line = ps->line;
        return 0;
    }
    if (!strcmp(key, "note"))
        return append_note(ps, bonx_trim(val));
    if (!strcmp(key, "n"))
        return parse_default(ps, "n", val, &ps->n_line, &ps->p.has_n, &ps->p.n);
    if (!strcmp(key, "beta"))
        return parse_default(ps, "beta", val, &ps->beta_line, &ps->p.has_beta, &ps->p.beta);
    if (!strcmp(key, "tau"))
        return parse_default(ps, "tau", val, &ps->tau_line, &ps->p.has_tau, &ps->p.tau);
    if (!strcmp(key, "rewards"))
        return parse_rewards(ps, bonx_trim(val));
    if (!strcmp(key, "blockwise"))
        return parse_blockwise(ps, val);
    if (!strcmp(key, "block"))
        return parse_block(ps, val);
    char why[300];   /* the scene keys: view, n-range, curves, step, caption, set, show */
    int sc = bonx_scene_key(&ps->p.scene, key, val, ps->line, why, sizeof why);
    if (sc < 0)
        return perr(ps, "%s", why);
    if (sc > 0)
        return 0;
    return perr(ps, "unknown key '%s:' (expected " BONX_PRESET_KEYS ")", key);
}

static int parse_outcome(parser *ps, char *line)
{
    bonx_cut_comment(line);
    char *field[4];
    int nf = 0;
    char *save = NULL;
    for (char *tok = strtok_r(line, " \t\r\v\f", &save); tok;
         tok = strtok_r(NULL, " \t\r\v\f", &save)) {
        if (nf == 3)
            return perr(ps, "too many fields (expected 'label weight reward')");
        field[nf++] = tok;
    }
    if (nf < 2)
        return perr(ps, "expected 'label weight reward'");
    int off = nf == 3 ? 1 : 0;
    const char *why;
    double w, r;
    size_t idx = ps->o.k + 1;
    if (parse_finite(field[off], &w, &why) != 0)
        return perr(ps, "weight '%s' %s", field[off], why);
    if (w < 0)
        return perr(ps, "weight is negative (%s)", field[off]);
    if (parse_finite(field[off + 1], &r, &why) != 0)
        return perr(ps, "reward '%s' %s", field[off + 1], why);
    char gen[32];
    if (!off)
        snprintf(gen, sizeof gen, "y%zu", idx);
    char *label = dup_str(off ? field[0] : gen);
    if (!label || outcomes_push(&ps->o, label, w, r) != 0) {
        free(label);
        return perr(ps, "out of memory");
    }
    ps->any_positive |= w > 0;
    ps->last_outcome_line = ps->line;
    return 0;
}

static int parse_line(parser *ps, char *raw)
{
    for (const char *c = raw; *c; c++)
        if (((unsigned char)*c < 0x20 && !isspace((unsigned char)*c)) || *c == 0x7f)
            return perr(ps, "control character 0x%02x", (unsigned)(unsigned char)*c);
    long bad = bonx_utf8_invalid(raw);   /* labels and titles reach JSON and the terminal */
    if (bad >= 0)
        return perr(ps, "invalid UTF-8 (byte 0x%02x at column %ld)",
                    (unsigned)(unsigned char)raw[bad], bad + 1);
    char *line = bonx_trim(raw);
    if (*line == '\0' || *line == '#')
        return 0;
    size_t tok = strcspn(line, " \t\r\v\f");
    char *colon = memchr(line, ':', tok);
    return colon ? parse_key(ps, line, colon) : parse_outcome(ps, line);
}

static void outcomes_free(outcomes *o)
{
    for (size_t i = 0; i < o->k; i++)
        free(o->labels[i]);
    free(o->labels);
    free(o->w);
    free(o->r);
    memset(o, 0, sizeof *o);
}

static int parse_all(parser *ps, const char *text)
{
    const char *s = text;
    for (ps->line = 1;; ps->line++) {
        size_t n = strcspn(s, "\n");
        char *line = bonx_strndup(s, n);
        if (!line)
            return perr(ps, "out of memory");
        int rc = parse_line(ps, line);
        free(line);
        if (rc != 0)
            return -1;
        if (s[n] == '\0')
            break;
        s += n + 1;
    }
    if (ps->o.k == 0)
        return perr(ps, "no outcomes (expected lines 'label weight reward')");
    if (!ps->any_positive) {
        ps->line = ps->last_outcome_line;
        return perr(ps, "total weight is zero (some weight must be positive)");
    }
    return 0;
}

int bonx_preset_parse(const char *text, const char *filename, bonx_preset *out, char *err,
                      size_t errlen)
{
    parser ps;
    memset(&ps, 0, sizeof ps);
    ps.file = filename ? filename : "<preset>";
    ps.err = err;
    ps.errlen = errlen;
    /* a UTF-8 byte order mark (editors on some systems write one) is not part of line 1 */
    if (!strncmp(text, "\xEF\xBB\xBF", 3))
        text += 3;
    if (parse_all(&ps, text) != 0) {
        outcomes_free(&ps.o);
        bonx_preset_free(&ps.p);
        return -1;
    }
    ps.p.k = ps.o.k;
    ps.p.labels = ps.o.labels;
    ps.p.w = ps.o.w;
    ps.p.r = ps.o.r;
    *out = ps.p;
    return 0;
}

/* ---------- formatting ---------- */

typedef struct sbuf { char *s; size_t len, cap; int failed; } sbuf;

static void sb_add(sbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void sb_add(sbuf *b, const char *fmt, ...)
{
    if (b->failed)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? b->cap - b->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0) {
            b->failed = 1;
            return;
        }
        if (b->s && b->len + (size_t)n < b->cap) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = (b->cap ? b->cap * 2 : 256) + (size_t)n;
        char *s = realloc(b->s, cap);
        if (!s) {
            b->failed = 1;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
}

/* A text field on one line: newlines and control characters (but tabs) become spaces. */
static char *one_line(const char *s)
{
    char *d = dup_str(s);
    for (char *c = d; c && *c; c++)
        if ((unsigned char)*c < 0x20 && *c != '\t')
            *c = ' ';
    return d;
}

/* A label the parser reads back as one token: blanks and ':' become '_', no leading '#'. */
static char *label_token(const char *s, size_t i)
{
    char gen[32];
    if (!s || !*s) {
        snprintf(gen, sizeof gen, "y%zu", i + 1);
        s = gen;
    }
    char *d = dup_str(s);
    for (char *c = d; c && *c; c++)
        if ((unsigned char)*c <= 0x20 || *c == ':' || *c == 0x7f)
            *c = '_';
    if (d && d[0] == '#')
        d[0] = '_';
    return d;
}

static void format_header(sbuf *b, const bonx_preset *p)
{
    char num[40];
    sb_add(b, "# bonx preset: %s\n", p->name ? p->name : "(unnamed)");
    char *t = p->title ? one_line(p->title) : NULL;
    if (t && *bonx_trim(t))
        sb_add(b, "title: %s\n", bonx_trim(t));
    free(t);
    if (p->note) {
        const char *s = p->note;
        for (;;) {
            size_t n = strcspn(s, "\n");
            char *l = bonx_strndup(s, n);
            char *lt = l ? one_line(l) : NULL;
            sb_add(b, "note:%s%s\n", lt && *bonx_trim(lt) ? " " : "", lt ? bonx_trim(lt) : "");
            free(l);
            free(lt);
            if (!s[n])
                break;
            s += n + 1;
        }
    }
    if (p->has_n && (fmt_exact(num, sizeof num, p->n), 1))
        sb_add(b, "n: %s\n", num);
    if (p->has_beta && (fmt_exact(num, sizeof num, p->beta), 1))
        sb_add(b, "beta: %s\n", num);
    if (p->has_tau && (fmt_exact(num, sizeof num, p->tau), 1))
        sb_add(b, "tau: %s\n", num);
    if (p->rewards_log_q)
        sb_add(b, "rewards: log-q\n");
    if (p->has_blockwise) {
        sb_add(b, "blockwise: ");
        for (size_t i = 0; i < p->blockwise.count; i++) {
            fmt_exact(num, sizeof num, p->blockwise.prob[i]);
            sb_add(b, "%s%d:%s", i ? "," : "", p->blockwise.len[i], num);
        }
        sb_add(b, "\n");
    }
    if (p->has_block)
        sb_add(b, "block: %d\n", p->blockwise.block);
}

char *bonx_preset_format(const bonx_preset *p)
{
    sbuf b = {0};
    format_header(&b, p);
    char *scene = bonx_scene_format(&p->scene);
    if (!scene)
        b.failed = 1;
    sb_add(&b, "%s", scene ? scene : "");
    free(scene);
    sb_add(&b, "# label weight reward\n");
    for (size_t i = 0; i < p->k; i++) {
        char w[40], r[40];
        fmt_exact(w, sizeof w, p->w[i]);
        fmt_exact(r, sizeof r, p->r[i]);
        char *l = label_token(p->labels ? p->labels[i] : NULL, i);
        if (!l)
            b.failed = 1;
        sb_add(&b, "%s %s %s\n", l ? l : "", w, r);
        free(l);
    }
    if (b.failed) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

/* ---------- copy / free ---------- */

void bonx_preset_free(bonx_preset *p)
{
    if (!p)
        return;
    free(p->name);
    free(p->title);
    free(p->note);
    if (p->labels)
        for (size_t i = 0; i < p->k; i++)
            free(p->labels[i]);
    free(p->labels);
    free(p->w);
    free(p->r);
    bonx_scene_free(&p->scene);
    memset(p, 0, sizeof *p);
}

int bonx_preset_copy(bonx_preset *dst, const bonx_preset *src)
{
    bonx_preset c = *src;
    c.name = dup_str(src->name);
    c.title = dup_str(src->title);
    c.note = dup_str(src->note);
    size_t k = src->k ? src->k : 1;
    c.labels = calloc(k, sizeof *c.labels);
    c.w = malloc(k * sizeof *c.w);
    c.r = malloc(k * sizeof *c.r);
    int bad = (src->name && !c.name) || (src->title && !c.title) || (src->note && !c.note) ||
              !c.labels || !c.w || !c.r;
    memset(&c.scene, 0, sizeof c.scene);
    bad = bad || bonx_scene_copy(&c.scene, &src->scene) != 0;
    for (size_t i = 0; !bad && i < src->k; i++) {
        char gen[32];
        snprintf(gen, sizeof gen, "y%zu", i + 1);
        c.labels[i] = dup_str(src->labels && src->labels[i] ? src->labels[i] : gen);
        bad = !c.labels[i];
        c.w[i] = src->w[i];
        c.r[i] = src->r[i];
    }
    if (bad) {
        c.k = c.labels ? src->k : 0;
        bonx_preset_free(&c);
        return -1;
    }
    *dst = c;
    return 0;
}

/* ---------- files ---------- */

/* "dir/binary.bonx" -> "binary" */
static char *stem_of(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n > 5 && !strcmp(base + n - 5, ".bonx"))
        n -= 5;
    return bonx_strndup(base, n);
}

/* What a non-regular file is, for the message. */
static const char *file_kind(mode_t m)
{
    return S_ISDIR(m) ? "a directory" : S_ISFIFO(m) ? "a FIFO" : S_ISCHR(m) ? "a character device"
         : S_ISBLK(m) ? "a block device" : S_ISSOCK(m) ? "a socket" : "a special file";
}

/* Line of the first NUL byte in text[0..n), or 0 when there is none. */
static size_t nul_line(const char *text, size_t n)
{
    const char *nul = memchr(text, '\0', n);
    size_t line = 1;
    for (const char *c = text; nul && c < nul; c++)
        line += *c == '\n';
    return nul ? line : 0;
}

/* Read fd to its end, NUL-terminated.  Stops at once at a NUL byte (a binary file, or
 * /dev/zero on standard input, is refused without reading 64 MB of it) and at
 * PRESET_MAX_BYTES.  name is for messages. */
static char *read_fd(int fd, const char *name, size_t *len, char *err, size_t errlen)
{
    size_t cap = 4096, n = 0, bad_line = 0;
    char *buf = malloc(cap);
    const char *why = NULL;
    while (buf && !why) {
        if (n + 1 == cap) {
            char *nb = cap >= PRESET_MAX_BYTES ? NULL : realloc(buf, cap * 2);
            if (!nb) {
                why = cap >= PRESET_MAX_BYTES ? "file too large for a preset" : "out of memory";
                break;
            }
            buf = nb;
            cap *= 2;
        }
        ssize_t r = read(fd, buf + n, cap - 1 - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            why = strerror(errno);
        else if (r == 0)
            break;
        else if (memchr(buf + n, '\0', (size_t)r) && (bad_line = nul_line(buf, n + (size_t)r)))
            why = "NUL byte (not a text file)";
        else
            n += (size_t)r;
    }
    if (!buf || why) {
        if (bad_line)
            bonx_set_err(err, errlen, "%s:%zu: %s", name, bad_line, why);
        else
            bonx_set_err(err, errlen, "%s: %s", name, buf ? why : "out of memory");
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Only a regular file is read: the open does not block on a FIFO (O_NONBLOCK), and fstat on
 * the opened descriptor (no race with a rename) refuses FIFOs, devices and directories at
 * once with what they are. */
static char *read_whole(const char *path, size_t *len, char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        bonx_set_err(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    char *text = NULL;
    int flags;
    if (fstat(fd, &st) != 0)
        bonx_set_err(err, errlen, "%s: cannot open: %s", path, strerror(errno));
    else if (!S_ISREG(st.st_mode))
        bonx_set_err(err, errlen, "%s: not a regular file (%s)", path, file_kind(st.st_mode));
    else if ((uintmax_t)st.st_size >= PRESET_MAX_BYTES)
        bonx_set_err(err, errlen, "%s: file too large for a preset", path);
    else if ((flags = fcntl(fd, F_GETFL)) < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0)
        bonx_set_err(err, errlen, "%s: cannot open: %s", path, strerror(errno));
    else
        text = read_fd(fd, path, len, err, errlen);
    close(fd);
    return text;
}

/* Parse text read from name; the preset is called stem. */
static int load_text(char *text, const char *name, const char *stem, bonx_preset *out,
                     char *err, size_t errlen)
{
    bonx_preset p;
    int rc = bonx_preset_parse(text, name, &p, err, errlen);
    free(text);
    if (rc != 0)
        return -1;
    if (!(p.name = stem ? bonx_strndup(stem, strlen(stem)) : stem_of(name))) {
        bonx_preset_free(&p);
        bonx_set_err(err, errlen, "%s: out of memory", name);
        return -1;
    }
    *out = p;
    return 0;
}

int bonx_preset_load(const char *path, bonx_preset *out, char *err, size_t errlen)
{
    size_t len;
    char *text = read_whole(path, &len, err, errlen);
    return text ? load_text(text, path, NULL, out, err, errlen) : -1;
}

int bonx_preset_load_fd(int fd, const char *name, const char *stem, bonx_preset *out,
                        char *err, size_t errlen)
{
    size_t len;
    char *text = read_fd(fd, name, &len, err, errlen);
    return text ? load_text(text, name, stem, out, err, errlen) : -1;
}

int bonx_preset_save(const char *path, const bonx_preset *p, char *err, size_t errlen)
{
    char *text = bonx_preset_format(p);
    if (!text) {
        bonx_set_err(err, errlen, "%s: out of memory", path);
        return -1;
    }
    int rc = bonx_file_write_atomic(path, text, strlen(text), err, errlen);
    free(text);
    return rc;
}

/* ---------- locating the shipped presets ---------- */

static int is_dir(const char *d)
{
    struct stat st;
    return stat(d, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The ./bonx that `make` leaves in the source tree reads that tree's presets/, so that a bare
 * ./bonx works before (and without) `make install`.  Only that binary: the Makefile compiles
 * BONX_SOURCE_TREE (the tree's absolute path) into it alone, and `make install` installs a
 * twin linked without it (build/opt/bonx), which never looks into a build tree and does not
 * carry the build path.  Even here, only while the running executable is SOURCE_TREE/bonx:
 * a copy put elsewhere does not look back into the tree. */
static int source_tree_dir(char *dir, size_t len)
{
#ifdef BONX_SOURCE_TREE
    char exe[PATH_MAX], built[PATH_MAX];
    if (!realpath("/proc/self/exe", exe) || !realpath(BONX_SOURCE_TREE "/bonx", built) ||
        strcmp(exe, built) != 0)
        return -1;
    int w = snprintf(dir, len, "%s/presets", BONX_SOURCE_TREE);
    return w > 0 && (size_t)w < len ? 0 : -1;
#else
    (void)dir;
    (void)len;
    return -1;
#endif
}

/* Candidate directory number i (0, 1, ...) in search order; 0 when it exists, -1 when this
 * candidate is absent, -2 past the end.  $BONX_PRESETS may list several dirs with ':'. */
static int candidate_dir(int i, char *dir, size_t len)
{
    const char *env = getenv("BONX_PRESETS");
    int nenv = 0;
    if (env && *env) {
        const char *s = env;
        for (;;) {
            size_t n = strcspn(s, ":");
            if (nenv == i) {
                if (n == 0 || n >= len)
                    return -1;
                memcpy(dir, s, n);
                dir[n] = '\0';
                return 0;
            }
            nenv++;
            if (!s[n])
                break;
            s += n + 1;
        }
    }
    int j = i - nenv;
    if (j == 0)
        return source_tree_dir(dir, len);
    j--;
    if (j == 0) {
        /* an installed tree wherever it was put (a DESTDIR staging tree, a moved PREFIX):
         * BINDIR/../share/bonx/presets.  Never BINDIR/presets or /presets: a directory
         * that happens to lie there is not ours. */
        char exe[PATH_MAX];
        ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        if (n <= 0)
            return -1;
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (!slash)
            return -1;
        *slash = '\0';
        int w = snprintf(dir, len, "%s/../share/bonx/presets", exe);
        return w > 0 && (size_t)w < len ? 0 : -1;
    }
    if (j == 1) {
        /* where `make install` put them: $(DATADIR)/bonx, from PREFIX at build time */
        int w = snprintf(dir, len, "%s/presets", BONX_DATADIR);
        return w > 0 && (size_t)w < len ? 0 : -1;
    }
    return -2;
}

int bonx_preset_dir(char *dir, size_t dirlen)
{
    for (int i = 0;; i++) {
        int rc = candidate_dir(i, dir, dirlen);
        if (rc == -2)
            return -1;
        if (rc == 0 && is_dir(dir))
            return 0;
    }
}

int bonx_preset_find(const char *name, char *path, size_t pathlen)
{
    size_t n = strlen(name);
    if (n > 5 && !strcmp(name + n - 5, ".bonx"))
        n -= 5;
    /* (!path also keeps gcc -O3 with the sanitizers from seeing a path to snprintf(NULL)) */
    if (n == 0 || memchr(name, '/', n) || name[0] == '.' || !path || pathlen == 0)
        return -1;
    char dir[PATH_MAX];
    for (int i = 0;; i++) {
        int rc = candidate_dir(i, dir, sizeof dir);
        if (rc == -2)
            return -1;
        if (rc != 0)
            continue;
        int w = snprintf(path, pathlen, "%s/%.*s.bonx", dir, (int)n, name);
        struct stat st;
        if (w > 0 && (size_t)w < pathlen && stat(path, &st) == 0 && S_ISREG(st.st_mode))
            return 0;
    }
}
