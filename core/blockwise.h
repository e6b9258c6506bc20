/* SPDX-License-Identifier: MIT */
/* Blockwise best-of-n (seed 001 appendix B, Thm B.1; MATH.md §2).
 *
 * The model (ours; the paper leaves the decoder general): a response is L tokens drawn i.i.d.
 * from the table p (the token alphabet), reward additive over tokens; its length L is drawn
 * first, from a length distribution the user gives, independently of the tokens (the end of
 * sequence does not depend on what was said).  The decoder cuts the response into
 * ceil(L/M) blocks of M tokens (the last one shorter) and decodes each block by best-of-n:
 * n independent continuations of the block's length, keep the one with the highest block
 * reward (ties uniformly).  The blocks are independent given L, so
 *
 *     KL(blockwise || reference) = sum_l P(L = l) sum_blocks KL(best-of-n over l_b tokens),
 *
 * each term exact over the token-count types of the block (ties between types merged);
 * M >= max L is sequence-level best-of-n.  Thm B.1:
 *
 *     KL(blockwise || reference) <= E[ceil(L/M)] (log n - (n-1)/n),
 *
 * L's law being the decoder's, which here is the reference's (length independent of reward). */
#ifndef BONX_BLOCKWISE_H
#define BONX_BLOCKWISE_H

#include <stddef.h>
#include "dist.h"

/* Longest block the exact sum enumerates; larger lengths are refused. */
#define BONX_BLOCKWISE_MAX_TYPES 2000000u

typedef struct bonx_blockwise_point {
    double n, block;              /* n and M */
    double expected_blocks;       /* E[ceil(L/M)] */
    double kl;                    /* exact KL of the decoder to the reference */
    double kl_bound;              /* Thm B.1: E[ceil(L/M)] (log n - (n-1)/n) */
    double kl_sequence;           /* sequence-level best-of-n's KL at the same n (M = inf) */
} bonx_blockwise_point;

/* A length law and block length for the explorer and preset files (the CLI takes any
 * number of lengths): count pairs len[i] >= 1 with probability prob[i] > 0 summing to 1. */
#define BONX_BLOCKWISE_MAX_LENGTHS 64
typedef struct bonx_blockwise_law {
    size_t count;
    int len[BONX_BLOCKWISE_MAX_LENGTHS];
    double prob[BONX_BLOCKWISE_MAX_LENGTHS];
    int block;   /* M */
} bonx_blockwise_law;

/* The explorer's law when a preset gives none: lengths 1..4 equally likely, blocks of 2. */
void bonx_blockwise_law_default(bonx_blockwise_law *law);

/* The table of one block length l: the token-count types of l tokens as a bonx_dist (weight
 * = multinomial probability, reward = the sum, in a fixed order so that equal sums tie).
 * The sums are taken in the scaled rewards g_rs (exact powers of 2 apart from the rewards),
 * so rewards near 1e308 cannot overflow; the block's rewards are the sums in the tokens'
 * units, or, when one of those would overflow, in the scaled units (best-of-n depends only
 * on their order and ties).
 * Errors: l < 1, too many types (BONX_ERANGE, message gives the count). */
int bonx_blockwise_block_dist(const bonx_dist *tok, int l, bonx_dist *out, bonx_err *err);

/* The exact KL and Thm B.1's bound at n (real n >= 1) and block length M (integer >= 1) for
 * the length law len[i] with probability prob[i] (count entries, integers >= 1, prob > 0
 * summing to 1 within 1e-9; normalised here).  Errors as above, and bad n, M or lengths. */
int bonx_blockwise_at(const bonx_dist *tok, const int *len, const double *prob, size_t count,
                      double n, int block, bonx_blockwise_point *out, bonx_err *err);

#endif
