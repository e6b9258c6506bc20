/* Table snapshots: deep copies for undo/redo and the saved state behind the dirty flag. */
#include "app_state.h"

#include <stdlib.h>
#include <string.h>

void bonx_outcomes_free(bonx_outcomes *t)
{
    if (t->labels)
        for (size_t i = 0; i < t->k; i++)
            free(t->labels[i]);
    free(t->labels);
    free(t->w);
    free(t->r);
    memset(t, 0, sizeof *t);
}

int bonx_outcomes_copy(bonx_outcomes *dst, const bonx_outcomes *src)
{
    bonx_outcomes t = {0};
    size_t k = src->k ? src->k : 1;
    t.labels = calloc(k, sizeof *t.labels);
    t.w = malloc(k * sizeof *t.w);
    t.r = malloc(k * sizeof *t.r);
    if (!t.labels || !t.w || !t.r)
        goto fail;
    t.k = src->k;
    for (size_t i = 0; i < src->k; i++)
        if (!(t.labels[i] = strdup(src->labels[i])))
            goto fail;
    if (src->k) {
        memcpy(t.w, src->w, src->k * sizeof *t.w);
        memcpy(t.r, src->r, src->k * sizeof *t.r);
    }
    *dst = t;
    return 0;
fail:
    t.k = src->k;
    bonx_outcomes_free(&t);
    return -1;
}

int bonx_outcomes_equal(const bonx_outcomes *x, const bonx_outcomes *y)
{
    if (x->k != y->k)
        return 0;
    for (size_t i = 0; i < x->k; i++)
        if (x->w[i] != y->w[i] || x->r[i] != y->r[i] || strcmp(x->labels[i], y->labels[i]))
            return 0;
    return 1;
}
