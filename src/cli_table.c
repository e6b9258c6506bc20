/* SPDX-License-Identifier: MIT */
/* The buffered output table of the command line: table (aligned), csv and json (cli.h). */
#include "cli.h"
#include "text.h"
#include "csv.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef enum { CELL_NUM, CELL_INT, CELL_UINT, CELL_STR } cell_kind;

typedef struct cell {
    cell_kind kind;
    double d;
    long long i;
    unsigned long long u;
    char *s;
} cell;

struct bonx_table {
    size_t ncols;
    char **names;
    unsigned char *nonfinite_ok;   /* per column: may hold inf/nan (documented in the man page) */
    size_t ncells, cap;
    cell *cells;
    int failed;          /* a cell could not be added: never print a partial table */
};

bonx_table *bonx_table_new(size_t ncols, const char *const *names)
{
    bonx_table *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->ncols = ncols;
    t->names = calloc(ncols ? ncols : 1, sizeof *t->names);
    t->nonfinite_ok = calloc(ncols ? ncols : 1, 1);
    if (!t->names || !t->nonfinite_ok) {
        free(t->names);
        free(t->nonfinite_ok);
        free(t);
        return NULL;
    }
    for (size_t c = 0; c < ncols; c++) {
        t->names[c] = strdup(names[c]);
        if (!t->names[c]) {
            bonx_table_free(t);
            return NULL;
        }
    }
    return t;
}

void bonx_table_free(bonx_table *t)
{
    if (!t)
        return;
    for (size_t c = 0; c < t->ncols; c++)
        free(t->names[c]);
    free(t->names);
    free(t->nonfinite_ok);
    for (size_t i = 0; i < t->ncells; i++)
        free(t->cells[i].s);
    free(t->cells);
    free(t);
}

static cell *next_cell(bonx_table *t)
{
    if (t->ncells == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 64;
        cell *c = realloc(t->cells, cap * sizeof *c);
        if (!c) {
            t->failed = 1;
            return NULL;
        }
        t->cells = c;
        t->cap = cap;
    }
    cell *c = &t->cells[t->ncells];
    memset(c, 0, sizeof *c);
    return c;
}

int bonx_table_num(bonx_table *t, double v)
{
    cell *c = next_cell(t);
    if (!c)
        return -1;
    c->kind = CELL_NUM;
    c->d = v;
    t->ncells++;
    return 0;
}

int bonx_table_int(bonx_table *t, long long v)
{
    cell *c = next_cell(t);
    if (!c)
        return -1;
    c->kind = CELL_INT;
    c->i = v;
    t->ncells++;
    return 0;
}

int bonx_table_uint(bonx_table *t, unsigned long long v)
{
    cell *c = next_cell(t);
    if (!c)
        return -1;
    c->kind = CELL_UINT;
    c->u = v;
    t->ncells++;
    return 0;
}

int bonx_table_str(bonx_table *t, const char *s)
{
    cell *c = next_cell(t);
    if (!c || !(c->s = strdup(s ? s : ""))) {
        t->failed = 1;
        return -1;
    }
    c->kind = CELL_STR;
    t->ncells++;
    return 0;
}

void bonx_table_allow_nonfinite(bonx_table *t, const char *column)
{
    for (size_t c = 0; t && c < t->ncols; c++)
        if (strcmp(t->names[c], column) == 0)
            t->nonfinite_ok[c] = 1;
}

/* The first number that is inf or nan in a column not declared to hold them: a core result
 * that should be finite is not, a bug; the command prints nothing rather than a nan. */
static int find_unexpected_nonfinite(const bonx_table *t, size_t *row, size_t *col)
{
    for (size_t i = 0; i < t->ncells; i++) {
        const cell *c = &t->cells[i];
        if (c->kind == CELL_NUM && !isfinite(c->d) && !t->nonfinite_ok[i % t->ncols]) {
            *row = i / t->ncols + 1;
            *col = i % t->ncols;
            return 1;
        }
    }
    return 0;
}

size_t bonx_table_rows(const bonx_table *t)
{
    return t->ncols ? t->ncells / t->ncols : 0;
}

static void format_nonfinite(char *buf, size_t len, double v)
{
    snprintf(buf, len, "%s", isnan(v) ? "nan" : v > 0 ? "inf" : "-inf");
}

void bonx_cli_format_double(char *buf, size_t len, double v)
{
    if (!isfinite(v))
        format_nonfinite(buf, len, v);
    else
        snprintf(buf, len, "%.17g", v == 0 ? 0.0 : v);   /* -0 prints as 0 */
}

/* Text of a cell as the table format shows it. */
static void cell_table_text(const cell *c, char *buf, size_t len)
{
    if (c->kind == CELL_STR)
        snprintf(buf, len, "%s", c->s);
    else if (c->kind == CELL_INT)
        snprintf(buf, len, "%lld", c->i);
    else if (c->kind == CELL_UINT)
        snprintf(buf, len, "%llu", c->u);
    else if (!isfinite(c->d))
        format_nonfinite(buf, len, c->d);
    else
        snprintf(buf, len, "%.10g", c->d == 0 ? 0.0 : c->d);   /* -0 prints as 0 */
}

/* Columns are aligned by display width: labels may hold any UTF-8 (a 'ü' is one column, a
 * CJK character two); numbers are ASCII. */

/* s, then blanks up to width columns (left-aligned) or blanks then s (right-aligned). */
static void put_padded(FILE *out, const char *s, size_t width, int left, int last)
{
    size_t w = bonx_display_width(s), pad = width > w ? width - w : 0;
    if (!left)
        fprintf(out, "%*s", (int)pad, "");
    fputs(s, out);
    if (left && !last)
        fprintf(out, "%*s", (int)pad, "");
}

static int print_aligned(const bonx_table *t, FILE *out)
{
    size_t rows = bonx_table_rows(t), *width = calloc(t->ncols ? t->ncols : 1, sizeof *width);
    char buf[64];
    if (!width)
        return -1;
    for (size_t c = 0; c < t->ncols; c++)
        width[c] = bonx_display_width(t->names[c]);
    for (size_t i = 0; i < rows * t->ncols; i++) {
        const cell *ce = &t->cells[i];
        size_t w = ce->kind == CELL_STR ? bonx_display_width(ce->s)
                                        : (cell_table_text(ce, buf, sizeof buf), strlen(buf));
        if (w > width[i % t->ncols])
            width[i % t->ncols] = w;
    }
    /* Header: names aligned like their column (strings left, numbers right). */
    for (size_t c = 0; c < t->ncols; c++) {
        int left = rows > 0 && t->cells[c].kind == CELL_STR;
        fputs(c ? "  " : "", out);
        put_padded(out, t->names[c], width[c], left, c + 1 == t->ncols);
    }
    fputc('\n', out);
    for (size_t r = 0; r < rows; r++) {
        for (size_t c = 0; c < t->ncols; c++) {
            const cell *ce = &t->cells[r * t->ncols + c];
            const char *s = ce->kind == CELL_STR ? ce->s : (cell_table_text(ce, buf, sizeof buf), buf);
            fputs(c ? "  " : "", out);
            put_padded(out, s, width[c], ce->kind == CELL_STR, c + 1 == t->ncols);
        }
        fputc('\n', out);
    }
    free(width);
    return 0;
}

static void print_csv(const bonx_table *t, FILE *out)
{
    char buf[64];
    for (size_t c = 0; c < t->ncols; c++) {
        if (c)
            fputc(',', out);
        bonx_csv_field(out, t->names[c]);
    }
    fputc('\n', out);
    size_t n = bonx_table_rows(t) * t->ncols;
    for (size_t i = 0; i < n; i++) {
        const cell *ce = &t->cells[i];
        if (i % t->ncols)
            fputc(',', out);
        if (ce->kind == CELL_STR)
            bonx_csv_field(out, ce->s);
        else if (ce->kind == CELL_INT)
            fprintf(out, "%lld", ce->i);
        else if (ce->kind == CELL_UINT)
            fprintf(out, "%llu", ce->u);
        else {
            bonx_cli_format_double(buf, sizeof buf, ce->d);
            fputs(buf, out);
        }
        if ((i + 1) % t->ncols == 0)
            fputc('\n', out);
    }
}

static void json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c == '"' || *c == '\\')
            fprintf(out, "\\%c", *c);
        else if (*c == '\n')
            fputs("\\n", out);
        else if (*c == '\t')
            fputs("\\t", out);
        else if (*c < 0x20 || *c == 0x7f)
            fprintf(out, "\\u%04x", *c);
        else
            fputc(*c, out);
    }
    fputc('"', out);
}

static void json_cell(FILE *out, const cell *ce)
{
    char buf[64];
    if (ce->kind == CELL_STR)
        json_string(out, ce->s);
    else if (ce->kind == CELL_INT)
        fprintf(out, "%lld", ce->i);
    else if (ce->kind == CELL_UINT)
        fprintf(out, "%llu", ce->u);
    else if (!isfinite(ce->d))
        fputs("null", out);   /* JSON has no inf or nan; a string would break a number column */
    else {
        bonx_cli_format_double(buf, sizeof buf, ce->d);
        fputs(buf, out);
    }
}

static void print_json(const bonx_table *t, FILE *out)
{
    size_t rows = bonx_table_rows(t);
    fputs("[", out);
    for (size_t r = 0; r < rows; r++) {
        fputs(r ? ",\n  {" : "\n  {", out);
        for (size_t c = 0; c < t->ncols; c++) {
            if (c)
                fputs(", ", out);
            json_string(out, t->names[c]);
            fputs(": ", out);
            json_cell(out, &t->cells[r * t->ncols + c]);
        }
        fputs("}", out);
    }
    fputs(rows ? "\n]\n" : "]\n", out);
}

int bonx_table_print(const bonx_table *t, FILE *out, bonx_format f)
{
    if (t->failed)
        return -1;
    if (f == BONX_FORMAT_TABLE) {
        if (print_aligned(t, out) != 0)
            return -1;
    } else if (f == BONX_FORMAT_CSV) {
        print_csv(t, out);
    } else {
        print_json(t, out);
    }
    return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}

int bonx_cli_emit(const bonx_cli *c, bonx_table *t)
{
    if (!t || t->failed) {
        bonx_table_free(t);
        return bonx_cli_error(c, "out of memory");
    }
    size_t row, col;
    if (find_unexpected_nonfinite(t, &row, &col)) {
        int rc = bonx_cli_error(c, "internal error: %s of row %zu is not a finite number; "
                                   "nothing printed (please report the command)",
                                t->names[col], row);
        bonx_table_free(t);
        return rc;
    }
    int rc = bonx_table_print(t, stdout, c->format), err = errno;
    bonx_table_free(t);
    return rc == 0 ? 0 : bonx_cli_error(c, "cannot write the output: %s", strerror(err));
}
