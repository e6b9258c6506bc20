/* SPDX-License-Identifier: MIT */
/* The live corpora view's model: see corpora_live.h. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "corpora_live.h"
#include "line_editor.h"

static int recompute(bonx_corpora_live *l, bonx_err *err)
{
    bonx_corpora_spec spec = {l->dist->k, l->dist->p, l->dist->r, l->beta, l->n, l->c, l->m,
                              l->n_adaptors, l->adaptors, l->seed, 0, 0};
    return bonx_corpora_run(&l->out, &spec, err);
}

int bonx_corpora_live_init(bonx_corpora_live *l, const bonx_dist *d, double beta, size_t n,
                           size_t c, size_t m, uint64_t seed, const bonx_adaptor *adaptors,
                           size_t n_adaptors, bonx_err *err)
{
    memset(l, 0, sizeof *l);
    if (n_adaptors == 0 || n_adaptors > BONX_LIVE_MAX_ADAPTORS)
        return bonx_fail(err, BONX_EINVAL, "the live view takes 1 to %d adaptors (got %zu)",
                         BONX_LIVE_MAX_ADAPTORS, n_adaptors);
    *l = (bonx_corpora_live){.dist = d, .beta = beta, .n = n, .c = c, .m = m, .seed = seed,
                             .n_adaptors = n_adaptors};
    memcpy(l->adaptors, adaptors, n_adaptors * sizeof *adaptors);
    int rc = recompute(l, err);
    if (rc)
        bonx_corpora_live_free(l);
    return rc;
}

void bonx_corpora_live_free(bonx_corpora_live *l)
{
    bonx_corpora_free(&l->out);
}

static double tokens(const bonx_corpora_live *l, size_t n, size_t c, size_t m, size_t na)
{
    return (double)n * (double)c * (double)m * (double)na;
}

/* Apply a change of the sizes if it stays within the live budget. */
static int resize(bonx_corpora_live *l, size_t n, size_t c, size_t m, size_t na)
{
    if (n < 1 || c < 1 || m < 1)
        return 0;
    if (tokens(l, n, c, m, na) > BONX_LIVE_MAX_TOKENS) {
        snprintf(l->message, sizeof l->message, "at most %.0g tokens per redraw",
                 BONX_LIVE_MAX_TOKENS);
        return 0;
    }
    l->n = n, l->c = c, l->m = m;
    return 1;
}

static int add_adaptor(bonx_corpora_live *l)
{
    if (l->n_adaptors == BONX_LIVE_MAX_ADAPTORS ||
        tokens(l, l->n, l->c, l->m, l->n_adaptors + 1) > BONX_LIVE_MAX_TOKENS) {
        snprintf(l->message, sizeof l->message, "no room for another adaptor");
        return 0;
    }
    memmove(&l->adaptors[l->sel + 2], &l->adaptors[l->sel + 1],
            (l->n_adaptors - l->sel - 1) * sizeof *l->adaptors);
    l->adaptors[l->sel + 1] = l->adaptors[l->sel];
    l->n_adaptors++, l->sel++;
    return 1;
}

static int remove_adaptor(bonx_corpora_live *l)
{
    if (l->n_adaptors == 1) {
        snprintf(l->message, sizeof l->message, "the last adaptor stays");
        return 0;
    }
    memmove(&l->adaptors[l->sel], &l->adaptors[l->sel + 1],
            (l->n_adaptors - l->sel - 1) * sizeof *l->adaptors);
    l->n_adaptors--;
    if (l->sel == l->n_adaptors)
        l->sel--;
    return 1;
}

/* Keys acting on the selected adaptor; -1 when the key is not one of them. */
static int adaptor_key(bonx_corpora_live *l, int key)
{
    bonx_adaptor *a = &l->adaptors[l->sel], before = *a;
    switch (key) {
    case BONX_KEY_UP: case '+': case '=': bonx_adaptor_step_param(a, +1, 0); break;
    case BONX_KEY_DOWN: case '-': bonx_adaptor_step_param(a, -1, 0); break;
    case '>': case '.': bonx_adaptor_step_param(a, +1, 1); break;
    case '<': case ',': bonx_adaptor_step_param(a, -1, 1); break;
    case '\t': bonx_adaptor_cycle_kind(a, +1); break;
    case BONX_KEY_BTAB: bonx_adaptor_cycle_kind(a, -1); break;
    case 'a': return add_adaptor(l);
    case 'x': case BONX_KEY_DELETE: return remove_adaptor(l);
    default: return -1;
    }
    if (!memcmp(a, &before, sizeof before)) {
        snprintf(l->message, sizeof l->message, "%s",
                 a->nsteps ? "at the end of the range" : "ancestral has no parameter");
        return 0;
    }
    return 1;
}

/* Keys acting on the whole view; -1 when the key is not one of them. */
static int view_key(bonx_corpora_live *l, int key)
{
    size_t A = l->n_adaptors;
    switch (key) {
    case BONX_KEY_LEFT: l->sel = (l->sel + A - 1) % A; return 0;
    case BONX_KEY_RIGHT: l->sel = (l->sel + 1) % A; return 0;
    case 'n': return resize(l, 2 * l->n, l->c, l->m, A);
    case 'N': return resize(l, l->n / 2, l->c, l->m, A);
    case 'c': return resize(l, l->n, 2 * l->c, l->m, A);
    case 'C': return resize(l, l->n, l->c / 2, l->m, A);
    case 'm': return resize(l, l->n, l->c, l->m + 1, A);
    case 'M': return resize(l, l->n, l->c, l->m - 1, A);
    case 'b': l->beta *= 2; return isfinite(l->beta) ? 1 : (l->beta /= 2, 0);
    case 'B': l->beta /= 2; return l->beta > 0 ? 1 : (l->beta *= 2, 0);
    case 's': l->seed++; return 1;
    case 'q': case BONX_KEY_ESC: l->quit = 1; return 0;
    default: return -1;
    }
}

int bonx_corpora_live_key(bonx_corpora_live *l, int key)
{
    l->message[0] = '\0';
    bonx_corpora_live saved = *l;   /* settings only: out is recomputed or kept */
    int changed = view_key(l, key);
    if (changed < 0)
        changed = adaptor_key(l, key);
    if (changed <= 0)
        return 0;
    bonx_err err = {0};
    if (recompute(l, &err)) {   /* back to the last good settings, and say why */
        bonx_corpora out = l->out;
        *l = saved;
        l->out = out;
        snprintf(l->message, sizeof l->message, "%.150s", err.msg);
        return recompute(l, &err) == 0;
    }
    return 1;
}

static void stats_line(char *line, const char *mark, const char *name,
                       const bonx_corpora_stats *s)
{
    snprintf(line, BONX_LIVE_LINE, "%s %-26.26s %8.3f %8.3f %9.4g %9.4g", mark, name,
             s->string_pearson, s->corpus_pearson, s->mean_log_prior, s->mean_reward);
}

size_t bonx_corpora_live_lines(const bonx_corpora_live *l, char (*lines)[BONX_LIVE_LINE],
                               size_t max)
{
    size_t n = 0;
    if (n < max)
        snprintf(lines[n++], BONX_LIVE_LINE, "  %-26s %8s %8s %9s %9s", "adaptor", "string",
                 "corpus", "log p", "reward");
    for (size_t a = 0; a < l->n_adaptors && n < max; a++) {
        char name[BONX_ADAPTOR_NAME_MAX];
        bonx_adaptor_name(&l->adaptors[a], name, sizeof name);
        stats_line(lines[n++], a == l->sel ? ">" : " ", name, &l->out.stats[a]);
    }
    if (n < max)
        stats_line(lines[n++], " ", "pooled", &l->out.stats[l->n_adaptors]);
    if (n < max)
        snprintf(lines[n++], BONX_LIVE_LINE,
                 "  beta %g  N %zu  C %zu  m %zu  seed %llu   over the table %+.3f, under p %+.3f",
                 l->beta, l->n, l->c, l->m, (unsigned long long)l->seed, l->out.table_pearson,
                 l->out.p_pearson);
    return n;
}

const char *bonx_corpora_live_help(void)
{
    return "q quit  <- -> select  up dn param  < > fine  Tab kind  a add  x del  n/N c/C size  "
           "b/B beta  m/M tokens  s seed";
}
