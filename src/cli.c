/* SPDX-License-Identifier: MIT */
/* Command-line helpers shared by every subcommand (see cli.h); the table writer is in
 * cli_table.c. */
#include "cli.h"
#include "text.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "grid.h"

void bonx_cli_init(bonx_cli *c, const char *cmd)
{
    memset(c, 0, sizeof *c);
    c->cmd = cmd;
    c->format = BONX_FORMAT_TABLE;
}

int bonx_cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
            return 1;
    return 0;
}

int bonx_cli_error(const bonx_cli *c, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fflush(stdout);
    if (c && c->cmd && *c->cmd)
        fprintf(stderr, "bonx %s: %s\n", c->cmd, msg);
    else
        fprintf(stderr, "bonx: %s\n", msg);
    return 2;
}

int bonx_cli_opt(const bonx_cli *c, int argc, char **argv, int *i, const char *name,
                 const char **val)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0)
        return 0;
    if (a[n] == '=') {
        *val = a + n + 1;
        return 1;
    }
    if (a[n] != '\0')
        return 0;
    if (*i + 1 >= argc) {
        bonx_cli_error(c, "option %s needs a value", name);
        return -1;
    }
    *val = argv[++*i];
    return 1;
}

int bonx_cli_flag(const bonx_cli *c, char **argv, int i, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(argv[i], name, n) != 0)
        return 0;
    if (argv[i][n] == '\0')
        return 1;
    if (argv[i][n] != '=')
        return 0;
    bonx_cli_error(c, "option %s takes no value (got '%s')", name, argv[i]);
    return -1;
}

int bonx_cli_parse_format(const char *s, bonx_format *f)
{
    static const char *const names[] = {"table", "csv", "json"};
    for (int k = 0; k < 3; k++)
        if (!strcmp(s, names[k])) {
            *f = (bonx_format)k;
            return 0;
        }
    return -1;
}

static int take_source(bonx_cli *c, const char *opt, const char *val)
{
    if (c->source_opt) {
        bonx_cli_error(c, "%s %s: only one of --dist, --preset, --file may be given (already %s)",
                       opt, val, c->source_opt);
        return -1;
    }
    c->source_opt = opt;
    c->source_arg = val;
    return 1;
}

int bonx_cli_common(bonx_cli *c, int argc, char **argv, int *i)
{
    static const char *const sources[] = {"--dist", "--preset", "--file"};
    const char *v;
    if (!strcmp(argv[*i], "--")) {
        c->rest = *i + 1;
        *i = argc - 1;
        if (c->rest < argc && argc - c->rest > c->positionals) {
            bonx_cli_error(c, "unexpected argument '%s'", argv[c->rest + c->positionals]);
            return -1;
        }
        return 1;
    }
    int m = bonx_cli_opt(c, argc, argv, i, "--format", &v);
    if (m > 0 && bonx_cli_parse_format(v, &c->format) != 0) {
        bonx_cli_error(c, "unknown format '%s' (expected table, csv or json)", v);
        return -1;
    }
    if (m != 0)
        return m;
    for (int k = 0; k < 3; k++) {
        m = bonx_cli_opt(c, argc, argv, i, sources[k], &v);
        if (m > 0)
            return take_source(c, sources[k], v);
        if (m < 0)
            return m;
    }
    return 0;
}

int bonx_cli_color(const bonx_cli *c, int argc, char **argv, int *i, bonx_color_when *w)
{
    const char *v;
    int m = bonx_cli_opt(c, argc, argv, i, "--color", &v);
    if (m > 0 && bonx_color_parse(v, w) != 0) {
        bonx_cli_error(c, "--color: '%s' is not auto, always or never", v);
        return -1;
    }
    return m;
}

/* ---------- numbers ---------- */

int bonx_cli_parse_number(const char *s, int allow_inf, double *out, char *err, size_t errlen)
{
    char *end;
    errno = 0;
    double v = *s && !isspace((unsigned char)*s) ? strtod(s, &end) : 0;
    if (!*s || isspace((unsigned char)*s) || end == s || *end != '\0' || isnan(v)) {
        bonx_set_err(err, errlen, "'%s' is not a number", s);
        return -1;
    }
    if (isinf(v) && (errno == ERANGE || !allow_inf)) {
        bonx_set_err(err, errlen, "'%s' is %s", s, errno == ERANGE ? "out of range" : "not finite");
        return -1;
    }
    *out = v;
    return 0;
}

int bonx_cli_parse_count(const char *s, uint64_t min, uint64_t max, uint64_t *out, char *err,
                         size_t errlen)
{
    const char *c = s;
    while (*c >= '0' && *c <= '9')
        c++;
    if (c == s || *c != '\0') {
        bonx_set_err(err, errlen, "'%s' is not a whole number", s);
        return -1;
    }
    errno = 0;
    unsigned long long v = strtoull(s, NULL, 10);
    if (errno == ERANGE || v < min || v > max) {
        bonx_set_err(err, errlen, "'%s' is out of range (%llu to %llu)", s, (unsigned long long)min,
                (unsigned long long)max);
        return -1;
    }
    *out = (uint64_t)v;
    return 0;
}

/* ---------- LIST ---------- */

void bonx_list_free(bonx_list *l)
{
    if (!l)
        return;
    free(l->v);
    l->v = NULL;
    l->count = 0;
}

/* Copy of s[0..n) without surrounding blanks. */
static char *dup_trimmed(const char *s, size_t n)
{
    while (n > 0 && isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        n--;
    return bonx_strndup(s, n);
}

static int parse_range(const char *s, bonx_list *out, char *err, size_t errlen)
{
    const char *c1 = strchr(s, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    if (!c2 || strchr(c2 + 1, ':')) {
        bonx_set_err(err, errlen, "'%s' is not a range START:STOP:COUNT[log]", s);
        return -1;
    }
    char *a = dup_trimmed(s, (size_t)(c1 - s)), *b = dup_trimmed(c1 + 1, (size_t)(c2 - c1 - 1));
    char *cnt = dup_trimmed(c2 + 1, strlen(c2 + 1));
    int rc = -1, log_spacing = 0;
    double start, stop;
    uint64_t count;
    char why[160];
    if (!a || !b || !cnt) {
        bonx_set_err(err, errlen, "out of memory");
        goto done;
    }
    size_t cl = strlen(cnt);
    if (cl > 3 && !strcmp(cnt + cl - 3, "log")) {
        log_spacing = 1;
        cnt[cl - 3] = '\0';
    }
    if (bonx_cli_parse_number(a, 0, &start, why, sizeof why) != 0 ||
        bonx_cli_parse_number(b, 0, &stop, why, sizeof why) != 0 ||
        bonx_cli_parse_count(cnt, 1, BONX_LIST_MAX, &count, why, sizeof why) != 0) {
        bonx_set_err(err, errlen, "range '%s': %s", s, why);
        goto done;
    }
    if (log_spacing && !(start > 0 && stop > 0)) {
        bonx_set_err(err, errlen, "range '%s': log spacing needs START and STOP > 0", s);
        goto done;
    }
    double *v = malloc((size_t)count * sizeof *v);
    bonx_err e = {0};
    if (!v || bonx_grid(start, stop, (size_t)count, log_spacing, v, &e) != BONX_OK) {
        bonx_set_err(err, errlen, "range '%s': %s", s, v ? e.msg : "out of memory");
        free(v);
        goto done;
    }
    out->v = v;
    out->count = (size_t)count;
    rc = 0;
done:
    free(a);
    free(b);
    free(cnt);
    return rc;
}

static int parse_items(const char *s, bonx_list *out, char *err, size_t errlen)
{
    size_t n = 1;
    for (const char *c = s; *c; c++)
        n += *c == ',';
    if (n > BONX_LIST_MAX) {
        bonx_set_err(err, errlen, "list has more than %u values", BONX_LIST_MAX);
        return -1;
    }
    double *v = malloc(n * sizeof *v);
    if (!v) {
        bonx_set_err(err, errlen, "out of memory");
        return -1;
    }
    const char *c = s;
    for (size_t i = 0; i < n; i++) {
        size_t len = strcspn(c, ",");
        char *item = dup_trimmed(c, len);
        char why[160];
        int bad = !item || bonx_cli_parse_number(item, 0, &v[i], why, sizeof why) != 0;
        if (bad)
            bonx_set_err(err, errlen, "list item %zu: %s", i + 1, item ? why : "out of memory");
        free(item);
        if (bad) {
            free(v);
            return -1;
        }
        c += len + 1;
    }
    out->v = v;
    out->count = n;
    return 0;
}

int bonx_cli_parse_list(const char *s, bonx_list *out, char *err, size_t errlen)
{
    if (!*s) {
        bonx_set_err(err, errlen, "empty list");
        return -1;
    }
    return strchr(s, ':') ? parse_range(s, out, err, errlen) : parse_items(s, out, err, errlen);
}

/* ---------- SOURCE ---------- */

static int label_ok(const char *l)
{
    if (!*l || *l == '#')
        return 0;
    for (const char *c = l; *c; c++)
        if ((unsigned char)*c <= 0x20 || *c == ':' || *c == ',' || *c == '=' || *c == 0x7f)
            return 0;
    return 1;
}

typedef struct dist_items {
    size_t k;
    char **labels;
    double *w, *r;
} dist_items;

static void dist_items_free(dist_items *it)
{
    if (it->labels)
        for (size_t i = 0; i < it->k; i++)
            free(it->labels[i]);
    free(it->labels);
    free(it->w);
    free(it->r);
}

/* One "label=W:R" item (label optional) into slot i. */
static int parse_dist_item(const char *item, size_t i, dist_items *it, char *err, size_t errlen)
{
    char why[160];
    const char *eq = strchr(item, '='), *wr = eq ? eq + 1 : item;
    char *label = eq ? bonx_strndup(item, (size_t)(eq - item)) : malloc(32);
    if (!label) {
        bonx_set_err(err, errlen, "out of memory");
        return -1;
    }
    if (!eq)
        snprintf(label, 32, "y%zu", i + 1);
    it->labels[i] = label;
    if (eq && bonx_utf8_invalid(label) >= 0) {
        bonx_set_err(err, errlen, "--dist item %zu: label is not valid UTF-8 (byte %zu)", i + 1,
                     (size_t)bonx_utf8_invalid(label) + 1);
        return -1;
    }
    if (eq && !label_ok(label)) {
        bonx_set_err(err, errlen, "--dist item %zu: bad label '%s' (one token without : , = or blanks)",
                i + 1, label);
        return -1;
    }
    const char *colon = strchr(wr, ':');
    if (!colon || strchr(colon + 1, ':')) {
        bonx_set_err(err, errlen, "--dist item %zu: '%s' is not WEIGHT:REWARD", i + 1, item);
        return -1;
    }
    char *ws = bonx_strndup(wr, (size_t)(colon - wr));
    int bad = !ws || bonx_cli_parse_number(ws, 0, &it->w[i], why, sizeof why) != 0;
    if (bad)
        bonx_set_err(err, errlen, "--dist item %zu: weight %s", i + 1, ws ? why : "out of memory");
    else if (it->w[i] < 0)
        bonx_set_err(err, errlen, "--dist item %zu: weight is negative (%s)", i + 1, ws);
    bad = bad || it->w[i] < 0;
    free(ws);
    if (bad)
        return -1;
    if (bonx_cli_parse_number(colon + 1, 0, &it->r[i], why, sizeof why) != 0) {
        bonx_set_err(err, errlen, "--dist item %zu: reward %s", i + 1, why);
        return -1;
    }
    return 0;
}

int bonx_cli_parse_dist(const char *spec, bonx_preset *out, char *err, size_t errlen)
{
    size_t n = 1;
    for (const char *c = spec; *c; c++)
        n += *c == ',';
    dist_items it = {0};
    it.labels = calloc(n, sizeof *it.labels);
    it.w = malloc(n * sizeof *it.w);
    it.r = malloc(n * sizeof *it.r);
    it.k = n;
    int rc = -1, any_positive = 0;
    if (!it.labels || !it.w || !it.r) {
        bonx_set_err(err, errlen, "out of memory");
        goto done;
    }
    if (!spec[strspn(spec, " \t")]) {
        bonx_set_err(err, errlen, "--dist: empty distribution");
        goto done;
    }
    const char *c = spec;
    for (size_t i = 0; i < n; i++) {
        size_t len = strcspn(c, ",");
        char *item = dup_trimmed(c, len);
        int bad = !item || parse_dist_item(item, i, &it, err, errlen) != 0;
        free(item);
        if (bad)
            goto done;
        any_positive |= it.w[i] > 0;
        c += len + 1;
    }
    if (!any_positive) {
        bonx_set_err(err, errlen, "--dist: total weight is zero");
        goto done;
    }
    memset(out, 0, sizeof *out);
    out->k = n;
    out->labels = it.labels;
    out->w = it.w;
    out->r = it.r;
    it.labels = NULL;
    it.w = it.r = NULL;
    rc = 0;
done:
    dist_items_free(&it);
    return rc;
}

static int load_preset_source(const bonx_cli *c, bonx_preset *p)
{
    char err[512], path[4096];
    if (!strcmp(c->source_opt, "--dist")) {
        if (bonx_cli_parse_dist(c->source_arg, p, err, sizeof err) != 0)
            return bonx_cli_error(c, "%s", err), -1;
        return 0;
    }
    const char *file = c->source_arg;
    if (!strcmp(c->source_opt, "--file") && !strcmp(file, "-")) {
        if (bonx_preset_load_fd(0, "<stdin>", "stdin", p, err, sizeof err) != 0)
            return bonx_cli_error(c, "%s", err), -1;
        return 0;
    }
    if (!strcmp(c->source_opt, "--preset")) {
        if (bonx_preset_find(c->source_arg, path, sizeof path) != 0)
            return bonx_cli_error(c, "unknown preset '%s' (bonx presets lists them)",
                                  c->source_arg), -1;
        file = path;
    }
    if (bonx_preset_load(file, p, err, sizeof err) != 0)
        return bonx_cli_error(c, "%s", err), -1;
    return 0;
}

int bonx_cli_load_source(const bonx_cli *c, bonx_preset *preset, bonx_dist *dist)
{
    if (!c->source_opt)
        return bonx_cli_error(c, "no distribution given (use --dist, --preset or --file)"), -1;
    bonx_preset p;
    if (load_preset_source(c, &p) != 0)
        return -1;
    bonx_err e = {0};
    if (bonx_dist_init(dist, p.k, p.w, p.r, &e) != BONX_OK) {
        bonx_preset_free(&p);
        return bonx_cli_error(c, "%s", e.msg), -1;
    }
    *preset = p;
    return 0;
}
