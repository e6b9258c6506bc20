/* SPDX-License-Identifier: MIT */
/* The method of types behind "why does best-of-n work so well" (seed 003, the slides after
 * "Optimal reward-KL tradeoff"; MATH.md §5): sequences of m i.i.d. tokens from p, their type
 * t (token counts / m), and best-of-N's draws with N = e^{m Delta}.
 *
 * The extracted slides keep the statements, not their constants; our reading, with the
 * alphabet taken as the table's K tie groups (as bonx asym does: tokens of equal reward are
 * interchangeable):
 *   type probability  "P(type t) ~ e^{-m KL(t||p)}": for every type t (Cover & Thomas, Thm
 *                     11.1.4, with the number of types C(m+K-1, K-1) <= (m+1)^{K-1}),
 *                       (m+1)^{-(K-1)} e^{-m KL(t||p)} <= P(T(t)) <= e^{-m KL(t||p)};
 *                     log P(T(t)) + m KL(t||p) = log multinomial(m; counts) - m H(t) does
 *                     not depend on p.
 *   ball lemmas       with N = e^{m Delta}: "any type in the KL ball of radius Delta is
 *                     sampled almost surely" and "no type outside it is": for types with
 *                     KL(t||p) <= Delta - eta the N draws miss t with probability
 *                     (1 - P(T(t)))^N <= exp(-e^{m eta}/(m+1)^{K-1}) -> 0, and some draw has a
 *                     type with KL(t||p) >= Delta + eta with probability at most
 *                     N (m+1)^{K-1} e^{-m (Delta + eta)} -> 0.  bonx takes eta = Delta/2 and
 *                     computes both probabilities exactly over the types. */
#ifndef BONX_TYPES_H
#define BONX_TYPES_H

#include "dist.h"
#include "err.h"

typedef struct bonx_type_lemmas {
    int m;
    double delta;
    double ntypes;         /* C(m+K-1, K-1) */
    double upper_margin;   /* max over types of log P(T(t)) + m KL(t||p): <= 0 */
    double lower_margin;   /* min over types of log P(T(t)) + m KL(t||p) + (K-1) log(m+1): >= 0 */
    double miss_inside;    /* max over types with KL(t||p) <= Delta/2 of P(N draws miss t) */
    double hit_outside;    /* P(some of the N draws has a type with KL(t||p) >= 3 Delta/2) */
} bonx_type_lemmas;

/* Every type of length m (m >= 1, at most max_types of them), at budget delta > 0.
 * Errors: m < 1, delta not > 0, too many types (the message gives the count). */
int bonx_type_lemmas_at(const bonx_dist *d, int m, double delta, double max_types,
                        bonx_type_lemmas *out, bonx_err *err);

#endif
