/* SPDX-License-Identifier: MIT */
/* Recording a chart as data (see figure.h). */
#include "figure.h"

#include <stdlib.h>
#include <string.h>

void bonx_figure_init(bonx_figure *f)
{
    memset(f, 0, sizeof *f);
}

static void free_ops(bonx_figure *f)
{
    for (size_t i = 0; i < f->nops; i++) {
        free(f->ops[i].x);
        free(f->ops[i].y);
        free(f->ops[i].y2);
    }
    free(f->ops);
}

void bonx_figure_free(bonx_figure *f)
{
    free_ops(f);
    for (size_t i = 0; i < f->ncategories; i++)
        free(f->categories[i]);
    free(f->categories);
    free(f->legend);
    memset(f, 0, sizeof *f);
}

static void copy_text(char *dst, size_t len, const char *src)
{
    size_t n = src ? strlen(src) : 0;
    if (n >= len)
        n = len - 1;
    if (n)
        memcpy(dst, src, n);
    dst[n] = '\0';
}

void bonx_figure_style(bonx_fig_style *st, const bonx_plot_series *s)
{
    memset(st, 0, sizeof *st);
    copy_text(st->name, sizeof st->name, s->name);
    copy_text(st->marker, sizeof st->marker, s->marker);
    st->kind = s->kind;
    st->color = s->color;
    st->style = s->style;
    st->glyph = s->glyph;
}

void bonx_figure_axes(bonx_figure *f, const bonx_plot *pl)
{
    f->xlo = pl->x.lo;
    f->xhi = pl->x.hi;
    f->ylo = pl->y.lo;
    f->yhi = pl->y.hi;
    f->xlog = pl->x.log;
    f->ylog = pl->y.log;
}

void bonx_figure_set_dim(bonx_figure *f, int dim) { f->dim = dim; }

/* A chart drawn twice on one canvas (a second try at another layout) starts over. */
void bonx_figure_frame(bonx_figure *f, const bonx_plot_frame *fr, const bonx_plot *pl)
{
    free_ops(f);
    f->ops = NULL;
    f->nops = f->cap = 0;
    free(f->legend);
    f->legend = NULL;
    f->nlegend = 0;
    f->framed = 1;
    copy_text(f->title, sizeof f->title, fr->title);
    copy_text(f->info, sizeof f->info, fr->info);
    copy_text(f->xname, sizeof f->xname, fr->xname);
    copy_text(f->yname, sizeof f->yname, fr->yname);
    f->no_axes = fr->no_axes;
    bonx_figure_axes(f, pl);
    if (fr->nseries && !(f->legend = calloc(fr->nseries, sizeof *f->legend))) {
        f->oom = 1;
        return;
    }
    for (size_t i = 0; i < fr->nseries; i++)
        if (fr->series[i].name && fr->series[i].name[0])
            bonx_figure_style(&f->legend[f->nlegend++], &fr->series[i]);
}

static double *copy_strided(const double *v, size_t stride, size_t n)
{
    double *out = malloc((n ? n : 1) * sizeof *out);
    if (out)
        for (size_t i = 0; i < n; i++)
            out[i] = *(const double *)(const void *)((const char *)v + i * stride);
    return out;
}

bonx_fig_op *bonx_figure_add(bonx_figure *f, bonx_fig_kind kind, const bonx_plot_series *s,
                             const double *x, size_t xstride, const double *y, size_t ystride,
                             const double *y2, size_t n)
{
    if (f->nops == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 16;
        bonx_fig_op *ops = realloc(f->ops, cap * sizeof *ops);
        if (!ops) {
            f->oom = 1;
            return NULL;
        }
        f->ops = ops;
        f->cap = cap;
    }
    bonx_fig_op *op = &f->ops[f->nops];
    memset(op, 0, sizeof *op);
    op->kind = kind;
    bonx_figure_style(&op->s, s);
    op->s.dim = f->dim;
    op->n = n;
    op->x = copy_strided(x, xstride, n);
    op->y = copy_strided(y, ystride, n);
    op->y2 = y2 ? copy_strided(y2, ystride, n) : NULL;
    if (!op->x || !op->y || (y2 && !op->y2)) {
        free(op->x);
        free(op->y);
        free(op->y2);
        f->oom = 1;
        return NULL;
    }
    f->nops++;
    return op;
}

int bonx_figure_set_categories(bonx_figure *f, const char *const *labels, size_t k)
{
    for (size_t i = 0; i < f->ncategories; i++)
        free(f->categories[i]);
    free(f->categories);
    f->ncategories = 0;
    if (!(f->categories = calloc(k ? k : 1, sizeof *f->categories)))
        return f->oom = 1, -1;
    for (size_t i = 0; i < k; i++) {
        if (!(f->categories[i] = strdup(labels[i] ? labels[i] : "")))
            return f->oom = 1, -1;
        f->ncategories++;
    }
    return 0;
}

const char *bonx_figure_op_name(const bonx_fig_op *op)
{
    if (op->s.name[0])
        return op->s.name;
    switch (op->kind) {
    case BONX_FIG_VLINE: return "vertical line";
    case BONX_FIG_HLINE: return "horizontal line";
    case BONX_FIG_MARK: return "marker";
    default: return "line";
    }
}
