/* SPDX-License-Identifier: MIT */
/* Corpora drawn from sampling adaptors applied to the aligned model: the probability–quality
 * trade-off of MATH.md §6 (seed 002).
 *
 * The aligned model is q(y) = p(y) exp(r(y)/beta) / Z.  Each adaptor turns q into a sampler s.
 * From each sampler we draw C corpora of N strings; a string is one outcome, or with m > 1 a
 * sequence of m i.i.d. tokens from s (the memoryless model), whose log prior and reward are
 * sums over its tokens.  Per-token adaptors with local normalisation and the same adaptors
 * with global normalisation give the same sequence distribution here (the product
 * factorises), so there is one sampler per adaptor.
 *
 * Per corpus: avg log p and avg r over its N strings.  Per sampler: the exact centre
 * (m E_s[log p], m E_s[r]); string-level correlation of (log p, r) under s (weighted);
 * corpus-level correlation over its C corpora; the means over its corpora.  A last "pooled"
 * entry treats all samplers' corpora as one set (string level: the equal mixture of the
 * samplers).  Line (6.2): avg r = beta (m (log Z - H(q)) - avg log p). */
#ifndef BONX_CORPORA_H
#define BONX_CORPORA_H

#include <stddef.h>
#include <stdint.h>
#include "adaptor.h"
#include "err.h"
#include "typical.h"

/* With m > 1 the string-level Spearman correlation enumerates the C(m+K-1, K-1) types of
 * sequences (K: outcomes some sampler can draw); above this many types it is reported as
 * NaN (the Pearson correlation is then computed from moments, still exactly). */
#define BONX_CORPORA_MAX_TYPES 200000

typedef struct bonx_corpora_spec {
    size_t k;
    const double *p;        /* reference probabilities (k), >= 0, positive sum (normalised here) */
    const double *r;        /* rewards (k), finite */
    double beta;            /* finite, > 0 */
    size_t corpus_size;     /* N >= 1 strings per corpus */
    size_t corpora;         /* C >= 1 corpora per sampler */
    size_t m;               /* tokens per string, >= 1 */
    size_t n_adaptors;      /* >= 1 */
    const bonx_adaptor *adaptors;
    uint64_t seed;          /* same seed, same corpora */
    /* Seed 002 §6.1: bands > 0 replaces the adaptors by B band samplers (core/bands.h: q
     * tilted in log p towards the centre of each of B bands of mean log prior); the
     * adaptors are then ignored and sampler b is band b + 1. */
    size_t bands;
    /* Eq 10's half-width (nats per string) of the typical set of q; <= 0: the default
     * 2 sqrt(m V(q) / N) (core/typical.h). */
    double eps;
} bonx_corpora_spec;

typedef struct bonx_corpora_stats {
    double string_pearson, string_spearman;  /* (log p, r) of strings under s; NaN if undefined */
    double corpus_pearson, corpus_spearman;  /* over the corpora; NaN with fewer than 2 */
    double mean_log_prior, mean_reward;      /* means over the corpora */
    double centre_log_prior, centre_reward;  /* exact: m E_s[log p], m E_s[r] */
    double entropy;                          /* H(s) per token */
    double kl_to_q;                          /* KL(s || q) per token */
    double varentropy;                       /* V(s) = Var_s[-log s] per token */
    double typical_frac;                     /* fraction of the corpora in T_eps^N(q) */
    double mean_log_prob;                    /* mean over the corpora of log q(corpus) */
} bonx_corpora_stats;

typedef struct bonx_corpora {
    size_t k, n_adaptors, corpora, corpus_size, m;
    double beta;
    double log_z;            /* log Z = log sum p exp(r/beta), per token */
    double entropy_q;        /* H(q) per token */
    double q_log_prior, q_reward; /* E_q[log p], E_q[r] per token: the ancestral centre / m */
    double p_log_prior, p_reward; /* E_p[log p], E_p[r] per token: the centre under p / m */
    double *log_p;           /* k, -inf where p = 0 */
    double *s;               /* n_adaptors * k: sampler a is s[a*k .. a*k+k-1] */
    double *avg_log_prior;   /* n_adaptors * corpora: corpus c of sampler a at [a*corpora + c] */
    double *avg_reward;
    double *avg_info;        /* same layout: mean over the corpus of -log q(string), nats;
                              * log q(corpus) = -N avg_info */
    double *theta;           /* with bands: each band's tilt in log p (n_adaptors); else NULL */
    size_t bands;            /* 0, or the samplers are bands */
    bonx_typical typical_q;  /* Eq 9-11 for q: H, V, eps, Chebyshev bound */
    bonx_corpora_stats *stats;   /* n_adaptors + 1 entries; the last is pooled */
    /* String-level correlation of (log p, r) per token, three ways (MATH.md §6): over the
     * table (each outcome with p > 0 once, unweighted), under p, under q. */
    double table_pearson, table_spearman;
    double p_pearson, p_spearman;
    double q_pearson, q_spearman;
    int types_enumerated;    /* 0 when m > 1 had too many types: string Spearman is NaN */
} bonx_corpora;

/* Draw and summarise.  c must be zeroed before the first call; it is freed and refilled.
 * Errors: k == 0, bad p / r, beta not finite or <= 0, N, C, m or n_adaptors == 0, an invalid
 * adaptor (message prefixed with its 1-based number), out of memory. */
int bonx_corpora_run(bonx_corpora *c, const bonx_corpora_spec *spec, bonx_err *err);
void bonx_corpora_free(bonx_corpora *c);

/* Line (6.2) at avg log prior x: avg r = beta (m (log Z - H(q)) - x), computed as
 * m E_q[r] + beta (m E_q[log p] - x) so that a large r/beta does not cancel. */
double bonx_corpora_line_reward(const bonx_corpora *c, double avg_log_prior);

/* Whether corpus ci of sampler a lies in q's typical set T_eps^N (Eq 10). */
int bonx_corpora_typical(const bonx_corpora *c, size_t a, size_t ci);

#endif
