/* SPDX-License-Identifier: MIT */
/* The explorer's model: the edited table, the distribution and curves computed from it, the
 * parameters (n, beta / KL target, tau, t), focus and selection, undo/redo, and what the
 * screen should say.  Views only read it; every change goes through the functions below
 * (edits recompute the curves once, parameter changes recompute only the point readout).
 * No ncurses and no I/O besides loading and saving presets: fully testable off-screen. */
#ifndef BONX_APP_STATE_H
#define BONX_APP_STATE_H

#include <stddef.h>
#include "app_extras.h"
#include "curves.h"
#include "blockwise.h"
#include "bounds.h"
#include "dist.h"
#include "lecture.h"
#include "line_editor.h"
#include "preset.h"

/* What undo/redo restore and what is saved: the outcomes themselves. */
typedef struct bonx_outcomes {
    size_t k;
    char **labels;
    double *w, *r;
    /* labels (and their strings) belong to a set shared with other snapshots (copies share,
     * see app_outcomes.c): call bonx_outcomes_own_labels before changing them.  NULL: they
     * belong to this table alone, or are borrowed ({k, labels, w, r} views). */
    struct bonx_label_set *shared;
    /* Undo stacks only: non-NULL, this is no table but one step back from the table after it
     * (same size and labels): its k cells at the indices cells[i] had weight w[i] and reward
     * r[i] (labels NULL).  An edit of a big table costs its undo a few bytes, not a copy. */
    size_t *cells;
} bonx_outcomes;

typedef struct bonx_dist_hold bonx_dist_hold;

typedef struct bonx_undo_stack {
    bonx_outcomes *items;    /* whole tables, or cells (bonx_outcomes.cells), oldest first */
    size_t len, cap;
    size_t outcomes;         /* sum of k over the items held (outcomes or cells) */
} bonx_undo_stack;

#define BONX_UNDO_DEPTH 256    /* oldest snapshots are dropped beyond this */
#define BONX_UNDO_OUTCOMES (1u << 21)  /* ... or beyond this many outcomes in all (big tables) */
#define BONX_LABEL_MAX 32

typedef enum { BONX_FOCUS_TABLE = 0, BONX_FOCUS_PARAMS, BONX_FOCUS_CHARTS, BONX_FOCUS_COUNT } bonx_focus;
typedef enum { BONX_COL_LABEL = 0, BONX_COL_WEIGHT, BONX_COL_REWARD, BONX_COL_COUNT } bonx_column;
typedef enum {
    BONX_PARAM_N = 0, BONX_PARAM_BETA, BONX_PARAM_KL, BONX_PARAM_TAU, BONX_PARAM_T,
    BONX_PARAM_COUNT
} bonx_param;
typedef enum {
    BONX_MODE_NORMAL = 0,
    BONX_MODE_EDIT,          /* the line editor is open (see edit_target) */
    BONX_MODE_HELP,          /* help overlay */
    BONX_MODE_PICKER,        /* preset picker */
    BONX_MODE_CONFIRM,       /* "unsaved edits" question (see confirm_action) */
    BONX_MODE_NOTE,          /* the note panel (n): the note whole, scrolled */
    BONX_MODE_SYMBOLS        /* what the symbols mean (i) */
} bonx_mode;
typedef enum { BONX_EDIT_CELL = 0, BONX_EDIT_PARAM, BONX_EDIT_SAVE_PATH,
               BONX_EDIT_N_RANGE, BONX_EDIT_EXPORT_PATH } bonx_edit_target;
typedef enum { BONX_CONFIRM_QUIT = 0, BONX_CONFIRM_LOAD, BONX_CONFIRM_SCENE } bonx_confirm_action;

/* The numbers at the current point, for every policy.  *_ok is 0 when the point is invalid
 * (e.g. tau above every reward); the reason is in the app's message. */

typedef struct bonx_readout {
    int bon_ok, klrl_ok, cal_ok, rr_ok;
    bonx_bon_stats bon;
    bonx_tilt_stats klrl;      /* reward tilt at beta */
    bonx_tilt_stats cal;       /* calibrated tilt at the same KL as klrl */
    bonx_rr_stats rr;
    bonx_bounds bounds;        /* seed 001's gaps, their bounds, the conjecture checks at n */
    int bounds_ok;
    /* key b: blockwise best-of-n at n (seed 001 App B) for the preset's length law and
     * block length (bonx_app_blockwise_law): exact KL and Thm B.1 */
    bonx_blockwise_point blockwise;
    int blockwise_ok;
    double klrl_draws, cal_draws;  /* rejection sampling from p: max pi/p = exp(-log_z) */
    double *pi_bon, *pi_klrl, *pi_cal, *pi_rr;  /* k each */
} bonx_readout;

typedef struct bonx_app {
    /* The preset as loaded: title, note and default parameters (its k is 0: the outcomes
     * are in orig) and where it came from. */
    bonx_preset loaded;
    bonx_outcomes orig;         /* the table as loaded: reset goes back to it */
    char *path;              /* file loaded or last saved; NULL for none */
    bonx_outcomes table;        /* the outcomes shown: dist, curves, ro and rows are its */
    /* The latest edit while the background recompute works on it (has_pending): edits, undo,
     * save and the dirty flag act on it (bonx_app_latest); the views keep showing table and
     * what was computed from it until bonx_app_poll_recompute installs the new results. */
    bonx_outcomes pending;
    int has_pending;
    int load_pending;           /* a preset file is read and computed by the job job_seq */
    /* The curves for a new t or n axis compute on bg too, on the distribution shown (job
     * curves_seq); the charts keep the curves shown (and n_lo, n_hi) until they arrive. */
    int curves_pending;
    unsigned long curves_seq;
    struct bonx_recompute *bg;  /* NULL: every edit recomputes in place (tests, commands) */
    unsigned long job_seq;      /* the job computing pending */
    double busy_since_ms;       /* when it was posted (the status line shows the wait) */
    size_t sel_after;           /* selection to take once pending is shown ((size_t)-1: none) */
    /* The readout at a new point computes on a second thread (bg_point), on the distribution
     * shown, which dist_hold keeps alive for it; ro stays the last computed meanwhile. */
    struct bonx_recompute *bg_point;
    int point_deferred;         /* bonx_app_init_lazy: no readout until bonx_app_start_async */
    struct bonx_dist_hold *dist_hold;   /* owns dist's arrays (dist is a view of it) */
    unsigned long point_seq;
    int point_pending;
    /* The simulate and corpora views compute on a third thread (bg_extras), on the
     * distribution shown: the job extras_seq for view extras_which at inputs extras_in. */
    struct bonx_recompute *bg_extras;
    unsigned long extras_seq;
    int extras_pending, extras_which;
    bonx_extras_inputs extras_in;
    bonx_outcomes saved;        /* as last loaded or saved: dirty = table differs from it */
    int dirty;

    bonx_dist dist;
    bonx_curves curves;
    bonx_curves_spec spec;
    bonx_readout ro;

    /* Parameters.  KL-RL is set either by beta or by a KL target (beta_from_kl): after an
     * edit the one the user set last is kept and the other recomputed. */
    double n, beta, kl_target, tau, t;
    int beta_from_kl;

    /* The charts' n axis (the curves' n grid) is [n_lo, n_hi].  n_range_set = 0: it follows
     * the data (1 .. bonx_curves_auto_n_max, redone on every edit and load); 1: the user set
     * it (--n-range, z, a scene's n-range) with bonx_app_set_n_range and it stays. */
    double n_lo, n_hi;
    int n_range_set;

    bonx_focus focus;
    size_t sel;              /* selected outcome (index into table) */
    bonx_column col;
    bonx_param param;        /* selected parameter: +/- and play act on it */
    int chart;               /* bonx_chart_kind of the main chart pane */
    int table_order;         /* 1: rows in file order; 0 (default): in reward order */
    int show_bounds;         /* key b: seed 001's bound curves on the kl, winrate, tradeoff charts */
    size_t *rows;            /* display order: rows[i] = outcome shown on row i (k) */

    bonx_undo_stack undo, redo;

    bonx_mode mode;
    bonx_edit_target edit_target;
    bonx_line_editor editor;
    bonx_confirm_action confirm_action;
    char *pending_load;      /* path to load once confirmed */

    char **picker;           /* preset paths for the picker (NULL-terminated) */
    size_t picker_n, picker_sel;

    char message[256];       /* last message for the status line */
    int message_is_error;

    bonx_extras extras;      /* asym / simulate / corpora views, computed on demand */

    int playing, paused;     /* play mode; paused keeps its place */

    /* Scenes (src/app_scene.c): the loaded preset's scene (loaded.scene), or the current
     * scene of a lecture, and how far its steps have gone. */
    bonx_lecture *deck;      /* the lecture being played; NULL for a single preset */
    size_t deck_scene;       /* its scene on screen */
    size_t pending_scene;    /* CONFIRM_SCENE: the scene to go to once confirmed ... */
    int pending_at_end;      /* ... at its last step (going back) or its start */
    size_t step;             /* 0: the scene as it opens; k: steps 1..k applied */
    /* The n axis the scene asks for (n-range; 0 and 0: none); app_scene.c applies it with
     * bonx_app_set_n_range (n_lo, n_hi, n_range_set above are what the charts use). */
    double n_range_lo, n_range_hi;
    unsigned curves_hidden;  /* BONX_CURVE_* bits (ui/charts.h) the scene does not show */
    char *note_buf;          /* the step's caption and the note: bonx_app_note_text */
    int lecture;
    int projector;           /* P: one chart full screen, thick lines, high contrast */
    int has_pin;             /* x: the curves as they were, drawn dimmed for comparison */
    bonx_curves pinned;
    int quit;                /* 1: leave the loop; -1: quit once the save being typed succeeds */
    int help_scroll;         /* first line shown by the help, note and symbol overlays */
    unsigned long generation;  /* bumped by every visible change: redraw when it moves */
    unsigned long edits;       /* bumped by every table change (recompute counter) */
} bonx_app;

/* Open p (copied).  path: the file it came from (may be NULL).  Returns 0, or -1 with err
 * (the preset's table is invalid). */
int bonx_app_init(bonx_app *a, const bonx_preset *p, const char *path, char *err, size_t errlen);
/* The same, but the point readout (at a large K the slowest part after the curves: a beta
 * solved for the KL target, four pmfs) is left blank (every *_ok 0, the pmfs 0) and computed
 * from bonx_app_start_async on, on the readout thread: the first frame need not wait for it. */
int bonx_app_init_lazy(bonx_app *a, const bonx_preset *p, const char *path, char *err,
                       size_t errlen);
void bonx_app_free(bonx_app *a);

/* Load a preset file in place of the current one (clears undo).  0 or -1 with a message.
 * With the background recompute (bonx_app_start_async) the file is read and computed there:
 * 0 says the load started ("loading PATH"), bonx_app_poll_recompute installs it ("loaded
 * PATH") or says why not (everything kept); meanwhile edits are refused, and a load while an
 * edit computes is refused at once. */
int bonx_app_load(bonx_app *a, const char *path);
/* Save the table and current parameters as a preset (temp file + rename). 0 or -1. */
int bonx_app_save(bonx_app *a, const char *path);
/* The table as a preset (title and note of the loaded one, current n/beta/tau). */
int bonx_app_to_preset(const bonx_app *a, bonx_preset *out);

/* The text of the note pane and panel: the current step's caption (scenes), then the
 * preset's note; NULL when there is neither. */
const char *bonx_app_note_text(const bonx_app *a);

/* ---- scenes and lectures (app_scene.c) */
/* Show the loaded preset's scene from its start: its view (else the kl chart), n range and
 * curves, step 0.  Loading a preset (open, picker, tour) does this. */
void bonx_app_scene_start(bonx_app *a);
/* The view the loaded preset's scene opens on (0, the kl chart, when it names none). */
int bonx_app_scene_view(const bonx_app *a);
/* 1 when space / Backspace walk steps: the scene has steps, or a lecture is playing. */
int bonx_app_has_steps(const bonx_app *a);
/* Next (dir > 0) or previous step; past the last (first) step of a lecture's scene, the
 * next (previous) scene.  Returns 1 when something moved. */
int bonx_app_step(bonx_app *a, int dir);
/* Play a lecture (taken over: freed with the app) from its first scene.  0 or -1. */
int bonx_app_open_lecture(bonx_app *a, bonx_lecture *l);
/* Go to scene i of the lecture, at its start or (at_end) its last step; asks first when the
 * table has unsaved edits.  0 or -1. */
int bonx_app_scene_go(bonx_app *a, size_t i, int at_end);
/* Scene i of l as a preset: its table with the scene's note and keys over the preset's. */
int bonx_lecture_scene_preset(const bonx_lecture *l, size_t i, bonx_preset *out, char *err,
                              size_t errlen);
/* Load a preset object in place of the current one (as bonx_app_load does a file). */
int bonx_app_load_preset(bonx_app *a, const bonx_preset *p, const char *path);

/* Messages for the status line. */
void bonx_app_say(bonx_app *a, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void bonx_app_error(bonx_app *a, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void bonx_app_touch(bonx_app *a);   /* something visible changed */

/* ---- table edits (app_edit.c): each returns 0, or -1 leaving the table as it was and
 * saying why in the message.  Each successful edit is one undo step. */
int bonx_app_set_cell(bonx_app *a, size_t i, bonx_column c, const char *text);
int bonx_app_add_row(bonx_app *a);        /* after the selection: weight 1, reward 0 */
int bonx_app_delete_row(bonx_app *a);     /* the selection; the last outcome stays */
int bonx_app_duplicate_row(bonx_app *a);  /* copy of the selection, label suffixed */
int bonx_app_normalise(bonx_app *a);      /* weights := p, summing to 1 */
int bonx_app_sort_by_reward(bonx_app *a); /* file order := ascending reward (stable) */
int bonx_app_undo(bonx_app *a);
int bonx_app_redo(bonx_app *a);
int bonx_app_reset_table(bonx_app *a);    /* back to the loaded preset (undoable) */
/* Text of a cell as the editor starts with it (round-trips exactly). */
void bonx_app_cell_text(const bonx_app *a, size_t i, bonx_column c, char *buf, size_t len);

/* ---- parameters (app_params.c) */
int bonx_app_set_param(bonx_app *a, bonx_param p, double v);
/* dir = +1/-1; fine = 0: double/halve (tau: next/previous reward level, t: +-0.5),
 * fine = 1: x/÷ 2^(1/4) (tau: the same level step, t: +-0.1). */
int bonx_app_step_param(bonx_app *a, bonx_param p, int dir, int fine);
double bonx_app_param_value(const bonx_app *a, bonx_param p);
const char *bonx_app_param_name(bonx_param p);
void bonx_app_reset_params(bonx_app *a);  /* the preset's defaults */
/* Default t: 1 (the estimator's band shown) up to 1024 outcomes, 0 above, where the band's
 * per-outcome cost would make every edit slow. */
double bonx_app_default_t(size_t k);
/* Fix the n axis to [lo, hi] (1 <= lo < hi <= 1e300) and recompute the curves; 0, or -1
 * with a message and the range kept. */
int bonx_app_set_n_range(bonx_app *a, double lo, double hi);
/* Let the n axis follow the data again (recomputes the curves). */
void bonx_app_auto_n_range(bonx_app *a);
/* Play: advance the selected parameter one frame; stops (returns 0) at the end of its range. */
int bonx_app_play_step(bonx_app *a);

/* Recompute the point readout (after a parameter change); curves are recomputed by edits. */
void bonx_app_update_point(bonx_app *a);
/* A failing conjecture of seed 001 at the readout on show, as the error on the message line,
 * unless an error is there already or the readout is still computing (its job reports it
 * when it comes back).  Called where the message line is cleared without a recompute: a
 * preset's or scene's start, a step. */
void bonx_app_flag_conjecture(bonx_app *a);
/* The explorer's blockwise decoder (key b): the preset's "blockwise:" lengths and "block:"
 * M, each the default's (lengths 1..4 equally likely, M = 2) when the preset has none. */
void bonx_app_blockwise_law(const bonx_app *a, bonx_blockwise_law *law);
/* Rebuild the display order after the table or the order setting changed. */
void bonx_app_update_rows(bonx_app *a);
/* Outcome indices in ascending reward order, ties by index (k entries). */
void bonx_app_reward_order(const bonx_app *a, size_t *perm);
/* Row on which outcome i is shown. */
size_t bonx_app_row_of(const bonx_app *a, size_t i);

/* Table snapshots (app_table.c). */
int bonx_outcomes_copy(bonx_outcomes *dst, const bonx_outcomes *src);
/* Give t labels of its own (before changing one, inserting or removing a row). 0 or -1. */
int bonx_outcomes_own_labels(bonx_outcomes *t);
void bonx_outcomes_free(bonx_outcomes *t);
int bonx_outcomes_equal(const bonx_outcomes *x, const bonx_outcomes *y);

/* Preset picker and guided tour (app_picker.c). */
int bonx_app_picker_open(bonx_app *a);   /* lists the preset directory; 0 or -1 */
void bonx_app_picker_close(bonx_app *a);
void bonx_app_picker_name(const bonx_app *a, size_t i, char *stem, size_t len);  /* entry i's name */
/* Load the next (dir > 0) or previous preset of the directory after the current one. */
int bonx_app_tour(bonx_app *a, int dir);
/* Ask before losing edits: load path now if clean, else ask (CONFIRM_LOAD). */
void bonx_app_request_load(bonx_app *a, const char *path);
/* Where s suggests saving: the file opened, or NAME.bonx here for a shipped preset. */
void bonx_app_default_save_path(const bonx_app *a, char *buf, size_t len);

/* Recovery files (app_recover.c): FILE.bonx-recover beside the file opened, or
 * ./NAME.recover.bonx for a shipped preset. */
void bonx_app_recovery_path(const bonx_app *a, char *buf, size_t len);
/* Write the unsaved edits there (path receives where): 0, -1 (failed: a->message says why),
 * or 1 when there is nothing unsaved. */
int bonx_app_write_recovery(bonx_app *a, char *path, size_t len);
/* 1 if a recovery file for this table exists (path receives where). */
int bonx_app_recovery_exists(const bonx_app *a, char *path, size_t len);

/* Views of issues 5 and 6 (app_extras.c): compute what the selected view needs, if its
 * inputs changed since.  Called after every key and play tick. */
void bonx_app_prepare_extras(bonx_app *a);
/* Take a finished extra view's job (app_extras.c); 1 if its results are now shown. */
int bonx_app_poll_extras(bonx_app *a);
/* For background jobs on the distribution shown: a reference that keeps it alive, its
 * release (the last one frees it), and the distribution. */
bonx_dist_hold *bonx_app_hold_ref(bonx_dist_hold *h);
void bonx_app_hold_unref(bonx_dist_hold *h);
const bonx_dist *bonx_app_hold_dist(const bonx_dist_hold *h);
void bonx_app_extras_free(bonx_app *a);
/* The live adaptor of the corpora view: next/previous kind, parameter up/down. */
void bonx_app_adaptor_kind(bonx_app *a, int dir);
void bonx_app_adaptor_param(bonx_app *a, int dir);
/* Key F: the corpora view's band-selected samplers (seed 002 Fig. 1) in place of ancestral
 * and the live adaptor, or back. */
void bonx_app_toggle_bands(bonx_app *a);

/* ---- background recompute (issue 11: the input thread never waits for a computation).
 * bonx_app_start_async gives the app a recompute thread: from then on a table edit returns at
 * once and its results arrive later; the event loop polls bonx_recompute_fd (see
 * recompute.h) and calls bonx_app_poll_recompute, which installs them (1) or not (0).
 * Loading a preset still computes in place. */
int bonx_app_start_async(bonx_app *a);   /* 0, or -1 (no thread: stays synchronous) */
int bonx_app_poll_recompute(bonx_app *a);
int bonx_app_computing(const bonx_app *a);   /* an edit or a new point is not shown yet */
/* Wait up to ms milliseconds for what is computing, installing it: 1 when nothing is left. */
int bonx_app_wait_recompute(bonx_app *a, int ms);
/* The latest table: pending while it computes, else table. */
const bonx_outcomes *bonx_app_latest(const bonx_app *a);
double bonx_app_now_ms(void);   /* CLOCK_MONOTONIC, milliseconds */

/* ---- internal to src/app_*.c */
typedef enum { BONX_COMMIT_EDIT = 0, BONX_COMMIT_UNDO, BONX_COMMIT_REDO, BONX_COMMIT_LOAD } bonx_commit;
/* Make cand (taken over, freed on failure) the table: validate it by building the
 * distribution and curves, record undo/redo as `how` says, recompute.  0 or -1. */
int bonx_app_commit_table(bonx_app *a, bonx_outcomes *cand, bonx_commit how);
/* Compute the curves for a->spec (a new t or n axis; auto_range: the n axis that follows the
 * data, found there) on the background thread, the charts keeping theirs meanwhile.  0 when
 * posted (or left to the table job computing, which takes a->spec), -1 when there is no
 * background thread: the caller computes them in place. */
int bonx_app_post_curves(bonx_app *a, int auto_range);
void bonx_undo_clear(bonx_undo_stack *s);
int bonx_undo_push(bonx_undo_stack *s, bonx_outcomes *t);   /* takes *t over */
/* Push the step from the table now back to old (taken over): as the cells that differ where
 * they are few (same k and label texts, at least BONX_UNDO_CELLS_MIN_K outcomes, at most a
 * sixteenth of them changed), else old whole.  0 or -1 (out of memory: nothing pushed). */
int bonx_undo_push_step(bonx_undo_stack *s, bonx_outcomes *old, const bonx_outcomes *now);
#define BONX_UNDO_CELLS_MIN_K 1024
/* The table of the newest step, from latest (the table it steps back from), in *out; the
 * step stays until bonx_undo_drop.  0, or -1 (empty, or out of memory). */
int bonx_undo_peek(const bonx_undo_stack *s, const bonx_outcomes *latest, bonx_outcomes *out);
void bonx_undo_drop(bonx_undo_stack *s);   /* forget the newest step */

/* ---- keys (app_keys.c): one key in the current mode; keys are bytes or BONX_KEY_*. */
void bonx_app_key(bonx_app *a, int key);
/* The chart keys (app_chart_keys.c): z / Z (n range), and the other keys acting on the
 * charts.  Returns 1 when key was one of them. */
int bonx_app_key_chart(bonx_app *a, int key);
/* Pin the current curves (x) / clear the pin (X); 0 or -1 with a message. */
int bonx_app_pin(bonx_app *a);
void bonx_app_unpin(bonx_app *a);
/* Write the current chart (with the current table, parameters and pins) as an SVG figure,
 * atomically (temporary file + rename); 0 or -1 with a message. */
int bonx_app_export_svg(bonx_app *a, const char *path);
/* Where e suggests writing: NAME-CHART.svg here. */
void bonx_app_default_export_path(const bonx_app *a, char *buf, size_t len);
/* The line editor closed on a target of those keys (n range, export path); 1 if it was one. */
int bonx_app_commit_chart_edit(bonx_app *a, const char *text);
/* Play-mode tick (the event loop calls it on its timeout while playing). */
void bonx_app_tick(bonx_app *a);
/* Start playing the selected parameter from the beginning of its range. */
void bonx_app_play(bonx_app *a);

#endif
