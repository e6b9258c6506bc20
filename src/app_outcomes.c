/* SPDX-License-Identifier: MIT */
/* Table snapshots for undo/redo and the saved state behind the dirty flag.  Weights and
 * rewards are copied; the labels are shared between snapshots (a refcounted set) until an
 * edit changes them, so that a weight edit of a million-outcome table copies 16 MB and not a
 * million strings, and comparing two snapshots skips the labels they share. */
#include "app_state.h"

#include <stdlib.h>
#include <string.h>

struct bonx_label_set {
    size_t refs;
};

static void free_strings(char **labels, size_t k)
{
    if (labels)
        for (size_t i = 0; i < k; i++)
            free(labels[i]);
    free(labels);
}

void bonx_outcomes_free(bonx_outcomes *t)
{
    if (!t->shared)
        free_strings(t->labels, t->k);
    else if (--t->shared->refs == 0) {
        free_strings(t->labels, t->k);
        free(t->shared);
    }
    free(t->w);
    free(t->r);
    free(t->cells);
    memset(t, 0, sizeof *t);
}

static char **dup_strings(char *const *labels, size_t k)
{
    char **v = calloc(k ? k : 1, sizeof *v);
    for (size_t i = 0; v && i < k; i++)
        if (!(v[i] = strdup(labels[i]))) {
            free_strings(v, i);
            return NULL;
        }
    return v;
}

int bonx_outcomes_copy(bonx_outcomes *dst, const bonx_outcomes *src)
{
    bonx_outcomes t = {0};
    size_t k = src->k ? src->k : 1;
    t.w = malloc(k * sizeof *t.w);
    t.r = malloc(k * sizeof *t.r);
    if (src->shared) {
        t.labels = src->labels;
        t.shared = src->shared;
    } else {   /* a table of its own or a view: the copy starts a set the next copies share */
        t.labels = dup_strings(src->labels, src->k);
        t.shared = malloc(sizeof *t.shared);
    }
    if (!t.w || !t.r || !t.labels || !t.shared) {
        free(t.w);
        free(t.r);
        if (!src->shared) {
            free_strings(t.labels, src->k);
            free(t.shared);
        }
        return -1;
    }
    if (src->shared)
        t.shared->refs++;
    else
        t.shared->refs = 1;
    t.k = src->k;
    if (src->k) {
        memcpy(t.w, src->w, src->k * sizeof *t.w);
        memcpy(t.r, src->r, src->k * sizeof *t.r);
    }
    *dst = t;
    return 0;
}

int bonx_outcomes_own_labels(bonx_outcomes *t)
{
    if (!t->shared)
        return 0;
    if (t->shared->refs == 1) {   /* the last holder: the strings are ours already */
        free(t->shared);
        t->shared = NULL;
        return 0;
    }
    char **v = dup_strings(t->labels, t->k);
    if (!v)
        return -1;
    t->shared->refs--;
    t->shared = NULL;
    t->labels = v;
    return 0;
}

int bonx_outcomes_equal(const bonx_outcomes *x, const bonx_outcomes *y)
{
    if (x->k != y->k)
        return 0;
    if (x->k && (memcmp(x->w, y->w, x->k * sizeof *x->w) || memcmp(x->r, y->r, x->k * sizeof *x->r)))
        for (size_t i = 0; i < x->k; i++)   /* bytes differ: -0 == 0 may still hold */
            if (x->w[i] != y->w[i] || x->r[i] != y->r[i])
                return 0;
    if (x->labels == y->labels)
        return 1;
    for (size_t i = 0; i < x->k; i++)
        if (strcmp(x->labels[i], y->labels[i]))
            return 0;
    return 1;
}
