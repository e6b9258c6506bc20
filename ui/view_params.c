/* SPDX-License-Identifier: MIT */
/* The parameter line: n, beta and the KL it gives (or the KL target and the beta that
 * reaches it), tau with its reward level, t.  The selected one is what +/-, </> and play
 * act on.  In lecture mode without a side readout, the key numbers in one line instead. */
#include "views.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

static int tau_level(const bonx_app *a, size_t *of)
{
    *of = a->dist.ng;
    for (size_t j = 0; j < a->dist.ng; j++)
        if (a->dist.g_r[j] >= a->tau)
            return (int)j + 1;
    return 0;
}

static void lecture_line(const bonx_screen *s, const bonx_app *a, const bonx_rect *r)
{
    char n[16], kl[16], f[16], wr[16], wb[16];
    const bonx_bon_stats *b = &a->ro.bon;
    bonx_fmt_num(a->n, 10, n, sizeof n);
    bonx_fmt_num(b->kl, 8, kl, sizeof kl);
    bonx_fmt_num(b->kl_analytic, 8, f, sizeof f);
    bonx_fmt_num(b->win_rate, 8, wr, sizeof wr);
    bonx_fmt_num(b->win_rate_bound, 8, wb, sizeof wb);
    bonx_putf(r->y, r->x, r->w, bonx_term_style(BONX_STYLE_KEY, s->color, 1),
              "best-of-n: n %s  KL %s  formula %s  win rate %s  bound %s", n, kl, f, wr, wb);
}

/* The text of parameter p as shown; returns its width in columns. */
static int param_item(const bonx_screen *s, const bonx_app *a, int p, char *item, size_t len)
{
    static const char *const utf8_names[BONX_PARAM_COUNT] = {"n", "β", "KL", "τ", "t"};
    static const char *const ascii_names[BONX_PARAM_COUNT] = {"n", "beta", "KL", "tau", "t"};
    char num[24];
    bonx_fmt_num(bonx_app_param_value(a, (bonx_param)p), 9, num, sizeof num);
    /* '*' marks which of beta and the KL target is held fixed when the table changes */
    int held = (p == BONX_PARAM_KL && a->beta_from_kl) || (p == BONX_PARAM_BETA && !a->beta_from_kl);
    snprintf(item, len, "%s%s %s", held ? "*" : "", (s->ascii ? ascii_names : utf8_names)[p], num);
    if (p == BONX_PARAM_TAU) {
        size_t of;
        int lv = tau_level(a, &of);
        snprintf(item + strlen(item), len - strlen(item), " (%d/%zu)", lv, of);
    }
    return bonx_utf8_width(item) + 2;
}

int bonx_view_params_hit(const bonx_screen *s, const bonx_app *a, const bonx_rect *r, int x, int y)
{
    if (a->lecture || !bonx_rect_contains(r, x, y))
        return -1;
    int cx = r->x;
    for (int p = 0; p < BONX_PARAM_COUNT; p++) {
        char item[64];
        int w = param_item(s, a, p, item, sizeof item);
        if (x >= cx && x < cx + w)
            return p;
        cx += w;
    }
    return -1;
}

void bonx_view_params(const bonx_screen *s, const bonx_app *a, const bonx_rect *r)
{
    if (a->lecture) {
        lecture_line(s, a, r);
        return;
    }
    int x = r->x, end = r->x + r->w;
    int focus = a->focus == BONX_FOCUS_PARAMS;
    for (int p = 0; p < BONX_PARAM_COUNT && x < end; p++) {
        char item[64];
        param_item(s, a, p, item, sizeof item);
        int attr = bonx_term_style(BONX_STYLE_NORMAL, s->color, a->lecture);
        if (p == (int)a->param)
            attr = focus ? bonx_term_style(BONX_STYLE_SELECTED, s->color, a->lecture) : (int)A_BOLD | (int)A_UNDERLINE;
        x += bonx_put(r->y, x, end - x, item, attr);
        x += bonx_put(r->y, x, end - x, "  ", (int)A_NORMAL);
    }
    if (a->playing && x < end)
        bonx_put(r->y, x, end - x, a->paused ? "[paused]" : (s->ascii ? "[play]" : "▶ play"),
                 bonx_term_style(BONX_STYLE_KEY, s->color, a->lecture));
}
