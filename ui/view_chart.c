/* Chart panes: the charts of ui/charts.h drawn on a canvas kept per pane (re-made only when
 * the pane's size changes) and copied to the screen.  Every pane is drawn at the same
 * current n / beta / tau, so the point moves along all charts at once. */
#include "views.h"

#include <curses.h>
#include <string.h>
#include "charts.h"

static const int pane_order[] = {BONX_CHART_PMF, BONX_CHART_TRADEOFF, BONX_CHART_KL,
                                 BONX_CHART_WINRATE, BONX_CHART_REWARD, BONX_CHART_COST};

int bonx_screen_chart_of_pane(const bonx_app *a, int pane)
{
    if (pane == 0)
        return a->chart;
    int found = 0;
    for (size_t i = 0; i < sizeof pane_order / sizeof *pane_order; i++) {
        if (pane_order[i] == a->chart)
            continue;
        if (++found == pane)
            return pane_order[i];
    }
    return BONX_CHART_KL;
}

static bonx_canvas *pane_canvas(bonx_screen *s, int pane, int w, int h)
{
    bonx_canvas *cv = s->cv[pane];
    if (cv && (bonx_canvas_width(cv) != w || bonx_canvas_height(cv) != h)) {
        bonx_canvas_free(cv);
        cv = NULL;
    }
    if (!cv)
        cv = bonx_canvas_new(w, h, s->ascii);
    else
        bonx_canvas_clear(cv);
    s->cv[pane] = cv;
    return cv;
}

void bonx_view_chart(bonx_screen *s, const bonx_app *a, int pane)
{
    const bonx_rect *r = &s->layout.charts[pane];
    if (r->w <= 0 || r->h <= 0)
        return;
    bonx_canvas *cv = pane_canvas(s, pane, r->w, r->h);
    if (!cv)
        return;
    bonx_chart_input in = {
        .dist = &a->dist, .curves = &a->curves, .labels = (const char *const *)a->table.labels,
        .n = a->n, .beta = a->beta, .tau = a->tau, .t = a->t,
    };
    char err[256] = "";
    int kind = bonx_screen_chart_of_pane(a, pane);
    if (bonx_chart_draw(cv, (bonx_chart_kind)kind, &in, err, sizeof err) != 0) {
        bonx_canvas_clear(cv);
        bonx_canvas_text(cv, 1, r->h / 2, bonx_chart_name((bonx_chart_kind)kind), 0);
        bonx_canvas_text(cv, 1, r->h / 2 + 1, err, BONX_COLOR_RED);
    }
    bonx_term_blit(cv, r->y, r->x, s->color, a->lecture);
}
