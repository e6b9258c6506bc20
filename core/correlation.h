/* SPDX-License-Identifier: MIT */
/* Pearson and Spearman correlation, optionally weighted.  MATH.md §6: a string-level
 * correlation under a distribution is a weighted correlation over outcomes (weights p, or a
 * sampler's s); over the table or over corpora it is unweighted (w = NULL).
 *
 * Weights need not sum to 1; points with weight 0 are ignored.  A correlation is undefined
 * (NaN) when fewer than two points carry weight or either variable is constant over them. */
#ifndef BONX_CORRELATION_H
#define BONX_CORRELATION_H

#include <stddef.h>
#include "err.h"

/* Weighted Pearson correlation of x and y (n points, weights w or NULL for equal). */
double bonx_pearson(size_t n, const double *x, const double *y, const double *w);

/* Weighted mid-ranks: rank[i] = W(x < x_i) + W(x == x_i)/2 with W the total weight of the
 * points in the set, so that with equal weights the ranks are the usual average ranks minus
 * 1/2 (ties share the average).  Points with weight 0 get NaN. */
int bonx_midranks(size_t n, const double *x, const double *w, double *rank, bonx_err *err);

/* Weighted Spearman correlation: the weighted Pearson correlation of the mid-ranks.  With
 * integer weights it equals the unweighted Spearman of the data with each point repeated. */
int bonx_spearman(size_t n, const double *x, const double *y, const double *w, double *rho,
                  bonx_err *err);

#endif
