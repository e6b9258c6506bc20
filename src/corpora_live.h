/* SPDX-License-Identifier: MIT */
/* `bonx corpora --live`: the corpora of issue 6 with the adaptors adjustable live.  This is
 * the model (which adaptors, which one is selected, N, C, m, seed, beta) and its keys; every
 * change redraws the corpora (a few milliseconds at the defaults).  No ncurses here: the
 * terminal loop is in cmd_corpora.c, so the model is tested off-screen. */
#ifndef BONX_CORPORA_LIVE_H
#define BONX_CORPORA_LIVE_H

#include <stddef.h>
#include <stdint.h>
#include "corpora.h"
#include "dist.h"

#define BONX_LIVE_MAX_ADAPTORS 8
/* Keys never make a redraw draw more tokens than this (N*C*m*adaptors). */
#define BONX_LIVE_MAX_TOKENS 2e7
#define BONX_LIVE_LINE 160

typedef struct bonx_corpora_live {
    const bonx_dist *dist;       /* not owned */
    double beta;
    size_t n, c, m;              /* strings per corpus, corpora per adaptor, tokens per string */
    uint64_t seed;
    size_t n_adaptors, sel;      /* sel: the adaptor the keys act on */
    bonx_adaptor adaptors[BONX_LIVE_MAX_ADAPTORS];
    bonx_corpora out;            /* the corpora at the current settings */
    char message[BONX_LIVE_LINE];/* what the last key did, or why it did nothing */
    int quit;
} bonx_corpora_live;

/* Copies the adaptors (1..BONX_LIVE_MAX_ADAPTORS) and computes.  0, or an error code with
 * err set (nothing to free then). */
int bonx_corpora_live_init(bonx_corpora_live *l, const bonx_dist *d, double beta, size_t n,
                           size_t c, size_t m, uint64_t seed, const bonx_adaptor *adaptors,
                           size_t n_adaptors, bonx_err *err);
void bonx_corpora_live_free(bonx_corpora_live *l);

/* One key (a byte or a BONX_KEY_* of line_editor.h):
 *   Left / Right     select the previous / next adaptor
 *   Up / Down, + -   its parameter up / down (temperature, eta x2; top-k x2; top-p, typical 0.1)
 *   > <              the same, fine (2^(1/4); top-k +-1; 0.01)
 *   Tab / Shift-Tab  its kind: ancestral, temperature, top-k, top-p, eta, typical
 *   a  x (Delete)    add a copy of it / remove it
 *   n N  c C         strings per corpus x2 / /2, corpora per adaptor x2 / /2
 *   b B  m M  s      beta x2 / /2, tokens per string +1 / -1, next seed
 *   q  Esc           quit
 * Returns 1 when the settings changed (and the corpora were recomputed), 0 otherwise. */
int bonx_corpora_live_key(bonx_corpora_live *l, int key);

/* The text under the chart: a header, one line per adaptor (the selected one marked '>')
 * and one for all corpora pooled, with string- and corpus-level Pearson correlations, mean
 * log prior and reward.  Writes up to max lines; returns how many. */
size_t bonx_corpora_live_lines(const bonx_corpora_live *l, char (*lines)[BONX_LIVE_LINE],
                               size_t max);

/* The key help line. */
const char *bonx_corpora_live_help(void);

/* Run the view full-screen until q (corpora_live_term.c, the only part that uses ncurses).
 * ascii: no Braille.  Returns 0, or -1 when stdin/stdout is not a terminal. */
int bonx_corpora_live_run(bonx_corpora_live *l, int ascii, int color);

#endif
