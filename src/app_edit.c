/* SPDX-License-Identifier: MIT */
/* Table edits.  Each builds a candidate table, and bonx_app_commit_table either adopts it
 * (one undo step, one recompute) or refuses it with the reason, keeping the old table. */
#include "app_state.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Shortest text that reads back as exactly v. */
static void format_exact(double v, char *buf, size_t len)
{
    for (int prec = 6; prec <= 17; prec++) {
        snprintf(buf, len, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}

void bonx_app_cell_text(const bonx_app *a, size_t i, bonx_column c, char *buf, size_t len)
{
    /* (!buf also keeps gcc -O3 with the sanitizers from seeing a path to snprintf(NULL)) */
    if (!buf || len == 0)
        return;
    if (i >= bonx_app_latest(a)->k) {
        snprintf(buf, len, "%s", "");
        return;
    }
    switch (c) {
    case BONX_COL_LABEL: snprintf(buf, len, "%s", bonx_app_latest(a)->labels[i]); break;
    case BONX_COL_WEIGHT: format_exact(bonx_app_latest(a)->w[i], buf, len); break;
    default: format_exact(bonx_app_latest(a)->r[i], buf, len); break;
    }
}

/* A label must survive the preset format: one token, no comment or key syntax. */
static const char *label_problem(const char *s)
{
    size_t n = strlen(s);
    if (n == 0)
        return "a label cannot be empty";
    if (n > BONX_LABEL_MAX)
        return "a label has at most 32 characters";
    if (s[0] == '#')
        return "a label cannot start with '#'";
    for (const char *c = s; *c; c++) {
        if (isspace((unsigned char)*c) || !isprint((unsigned char)*c))
            return "a label is one word (no spaces)";
        if (*c == ':')
            return "a label cannot contain ':'";
    }
    return NULL;
}

/* Strict number: all of the text, finite. */
static int parse_number(const char *s, double *v)
{
    char *end;
    while (isspace((unsigned char)*s))
        s++;
    if (!*s)
        return -1;
    errno = 0;
    *v = strtod(s, &end);
    while (isspace((unsigned char)*end))
        end++;
    /* ERANGE: overflow (refused by isfinite) or underflow; a subnormal keeps its value, but
     * one that underflows to 0 would silently drop an outcome's mass, so refuse that */
    if (*end || !isfinite(*v) || (errno == ERANGE && *v == 0))
        return -1;
    if (*v == 0)
        *v = 0.0;   /* "-0" is 0: shown and saved without a sign */
    return 0;
}

/* A copy of the latest table to edit; own_labels: the edit changes labels or rows. */
static int copy_current(bonx_app *a, bonx_outcomes *t, int own_labels)
{
    if (bonx_outcomes_copy(t, bonx_app_latest(a)) != 0) {
        bonx_app_error(a, "out of memory");
        return -1;
    }
    if (own_labels && bonx_outcomes_own_labels(t) != 0) {
        bonx_outcomes_free(t);
        bonx_app_error(a, "out of memory");
        return -1;
    }
    return 0;
}

int bonx_app_set_cell(bonx_app *a, size_t i, bonx_column c, const char *text)
{
    bonx_outcomes t;
    double v = 0;
    const char *what = c == BONX_COL_WEIGHT ? "weight" : "reward";
    if (i >= bonx_app_latest(a)->k)
        return -1;
    if (c == BONX_COL_LABEL) {
        const char *why = label_problem(text);
        if (why) {
            bonx_app_error(a, "%s; kept '%s'", why, bonx_app_latest(a)->labels[i]);
            return -1;
        }
    } else if (parse_number(text, &v) != 0) {
        char old[64];
        bonx_app_cell_text(a, i, c, old, sizeof old);
        bonx_app_error(a, "'%s' is not a finite number; %s of %s kept at %s", text, what,
                       bonx_app_latest(a)->labels[i], old);
        return -1;
    } else if (c == BONX_COL_WEIGHT && v < 0) {
        bonx_app_error(a, "a weight cannot be negative (%s); weight of %s kept", text,
                       bonx_app_latest(a)->labels[i]);
        return -1;
    }
    if (copy_current(a, &t, c == BONX_COL_LABEL) != 0)
        return -1;
    if (c == BONX_COL_LABEL) {
        char *s = strdup(text);
        if (!s) {
            bonx_outcomes_free(&t);
            return -1;
        }
        free(t.labels[i]);
        t.labels[i] = s;
    } else if (c == BONX_COL_WEIGHT)
        t.w[i] = v;
    else
        t.r[i] = v;
    if (bonx_outcomes_equal(&t, bonx_app_latest(a))) {   /* nothing changed: no undo step */
        bonx_outcomes_free(&t);
        return 0;
    }
    if (bonx_app_commit_table(a, &t, BONX_COMMIT_EDIT) != 0)
        return -1;
    bonx_app_say(a, "%s of %s set to %s", c == BONX_COL_LABEL ? "label" : what,
                 bonx_app_latest(a)->labels[i], text);
    return 0;
}

/* Insert a row at position at (0..k) into a copy of the table. */
static int insert_row(bonx_outcomes *t, size_t at, const char *label, double w, double r)
{
    size_t k = t->k + 1;
    char *s = strdup(label);
    char **labels = realloc(t->labels, k * sizeof *labels);
    if (labels)
        t->labels = labels;
    double *ws = realloc(t->w, k * sizeof *ws);
    if (ws)
        t->w = ws;
    double *rs = realloc(t->r, k * sizeof *rs);
    if (rs)
        t->r = rs;
    if (!s || !labels || !ws || !rs) {
        free(s);
        return -1;
    }
    memmove(t->labels + at + 1, t->labels + at, (t->k - at) * sizeof *t->labels);
    memmove(t->w + at + 1, t->w + at, (t->k - at) * sizeof *t->w);
    memmove(t->r + at + 1, t->r + at, (t->k - at) * sizeof *t->r);
    t->labels[at] = s;
    t->w[at] = w;
    t->r[at] = r;
    t->k = k;
    return 0;
}

static int label_taken(const bonx_outcomes *t, const char *s)
{
    for (size_t i = 0; i < t->k; i++)
        if (!strcmp(t->labels[i], s))
            return 1;
    return 0;
}

/* base, base2, base3 ... (or y1, y2 ... when base is NULL): the first free one. */
static void fresh_label(const bonx_outcomes *t, const char *base, char *buf, size_t len)
{
    for (size_t j = base ? 2 : t->k + 1;; j++) {
        if (base)
            snprintf(buf, len, "%.24s%zu", base, j);
        else
            snprintf(buf, len, "y%zu", j);
        if (!label_taken(t, buf))
            return;
    }
}

static int add_copy_of(bonx_app *a, const char *label, double w, double r, const char *verb)
{
    bonx_outcomes t;
    if (copy_current(a, &t, 1) != 0)
        return -1;
    size_t at = a->sel + 1;
    if (at > t.k)   /* rows deleted but not shown yet: add at the end */
        at = t.k;
    if (insert_row(&t, at, label, w, r) != 0) {
        bonx_outcomes_free(&t);
        bonx_app_error(a, "out of memory");
        return -1;
    }
    if (bonx_app_commit_table(a, &t, BONX_COMMIT_EDIT) != 0)
        return -1;
    if (at < a->table.k && !a->has_pending)
        a->sel = at;
    else   /* the row is not shown yet: select it once it is */
        a->sel_after = at;
    bonx_app_say(a, "%s outcome %s", verb, label);
    return 0;
}

int bonx_app_add_row(bonx_app *a)
{
    char label[BONX_LABEL_MAX + 1];
    fresh_label(bonx_app_latest(a), NULL, label, sizeof label);
    return add_copy_of(a, label, 1.0, 0.0, "added");
}

int bonx_app_duplicate_row(bonx_app *a)
{
    char label[BONX_LABEL_MAX + 1];
    size_t i = a->sel;
    const bonx_outcomes *t = bonx_app_latest(a);
    if (i >= t->k)   /* the selection's row is being deleted (not shown yet) */
        return -1;
    fresh_label(t, t->labels[i], label, sizeof label);
    return add_copy_of(a, label, t->w[i], t->r[i], "duplicated as");
}

int bonx_app_delete_row(bonx_app *a)
{
    bonx_outcomes t;
    size_t i = a->sel;
    if (bonx_app_latest(a)->k <= 1) {
        bonx_app_error(a, "cannot delete the only outcome");
        return -1;
    }
    if (i >= bonx_app_latest(a)->k)   /* its row is already being deleted */
        return -1;
    if (copy_current(a, &t, 1) != 0)
        return -1;
    char *gone = t.labels[i];
    memmove(t.labels + i, t.labels + i + 1, (t.k - i - 1) * sizeof *t.labels);
    memmove(t.w + i, t.w + i + 1, (t.k - i - 1) * sizeof *t.w);
    memmove(t.r + i, t.r + i + 1, (t.k - i - 1) * sizeof *t.r);
    t.k--;
    char name[BONX_LABEL_MAX + 1];
    snprintf(name, sizeof name, "%s", gone);
    free(gone);
    if (bonx_app_commit_table(a, &t, BONX_COMMIT_EDIT) != 0)
        return -1;
    bonx_app_say(a, "deleted outcome %s (u undoes)", name);
    return 0;
}

int bonx_app_normalise(bonx_app *a)
{
    bonx_outcomes t;
    if (a->has_pending) {   /* dist.p is the shown table's, not the latest's */
        bonx_app_error(a, "still computing the last edit; normalise once it is shown");
        return -1;
    }
    if (copy_current(a, &t, 0) != 0)
        return -1;
    memcpy(t.w, a->dist.p, t.k * sizeof *t.w);
    if (bonx_outcomes_equal(&t, bonx_app_latest(a))) {
        bonx_outcomes_free(&t);
        bonx_app_say(a, "weights already sum to 1");
        return 0;
    }
    if (bonx_app_commit_table(a, &t, BONX_COMMIT_EDIT) != 0)
        return -1;
    bonx_app_say(a, "weights normalised to sum to 1");
    return 0;
}

int bonx_app_sort_by_reward(bonx_app *a)
{
    bonx_outcomes view = *bonx_app_latest(a), t;
    size_t k = bonx_app_latest(a)->k;
    size_t *perm = malloc(k * sizeof *perm);
    char **labels = malloc(k * sizeof *labels);
    double *w = malloc(k * sizeof *w), *r = malloc(k * sizeof *r);
    int rc = -1;
    if (!perm || !labels || !w || !r) {
        bonx_app_error(a, "out of memory");
        goto done;
    }
    bonx_app_reward_order(a, perm);
    size_t sel_row = 0;
    for (size_t row = 0; row < k; row++) {
        labels[row] = view.labels[perm[row]];
        w[row] = view.w[perm[row]];
        r[row] = view.r[perm[row]];
        if (perm[row] == a->sel)
            sel_row = row;
    }
    view.labels = labels;   /* borrowed strings: the copy duplicates them */
    view.shared = NULL;
    view.w = w;
    view.r = r;
    if (bonx_outcomes_equal(&view, bonx_app_latest(a))) {
        bonx_app_say(a, "already in reward order");
        rc = 0;
        goto done;
    }
    if (bonx_outcomes_copy(&t, &view) != 0) {
        bonx_app_error(a, "out of memory");
        goto done;
    }
    if (bonx_app_commit_table(a, &t, BONX_COMMIT_EDIT) != 0)
        goto done;
    a->sel = sel_row;
    bonx_app_say(a, "outcomes sorted by reward (ascending)");
    rc = 0;
done:
    free(perm);
    free(labels);
    free(w);
    free(r);
    return rc;
}

static int undo_or_redo(bonx_app *a, bonx_undo_stack *from, bonx_commit how, const char *verb)
{
    bonx_outcomes t;
    if (!from->len) {
        bonx_app_error(a, "nothing to %s", verb);
        return -1;
    }
    if (bonx_undo_peek(from, bonx_app_latest(a), &t) != 0) {
        bonx_app_error(a, "out of memory; nothing changed");
        return -1;
    }
    /* the step leaves the stack once its table is taken: a step of cells is relative to the
     * table shown, which a refused commit leaves as it was */
    if (bonx_app_commit_table(a, &t, how) != 0)
        return -1;
    bonx_undo_drop(from);
    bonx_app_say(a, "%s (%zu more)", how == BONX_COMMIT_UNDO ? "undone" : "redone", from->len);
    return 0;
}

int bonx_app_undo(bonx_app *a) { return undo_or_redo(a, &a->undo, BONX_COMMIT_UNDO, "undo"); }
int bonx_app_redo(bonx_app *a) { return undo_or_redo(a, &a->redo, BONX_COMMIT_REDO, "redo"); }

int bonx_app_reset_table(bonx_app *a)
{
    bonx_outcomes t;
    const bonx_outcomes *view = &a->orig;
    if (bonx_outcomes_equal(view, bonx_app_latest(a))) {
        bonx_app_say(a, "table is as loaded");
        return 0;
    }
    if (bonx_outcomes_copy(&t, view) != 0 || bonx_app_commit_table(a, &t, BONX_COMMIT_EDIT) != 0)
        return -1;
    bonx_app_say(a, "table reset to the loaded preset (u undoes)");
    return 0;
}
