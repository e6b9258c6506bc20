#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Reference values for tests/test_types.c (mpmath, 50 digits): seed 003's type lemmas over
# every type of length m of a table of K distinct rewards (core/types.h): the margins of
# (m+1)^-(K-1) e^(-m KL) <= P(T(t)) <= e^(-m KL), the largest chance that N = e^(m delta)
# draws miss a type with KL(t||p) <= delta/2, and the chance that one lands on a type with
# KL(t||p) >= 3 delta/2.  Run: python3 tests/ref/types_ref.py
from itertools import product
from mpmath import mp, mpf, log, exp, expm1, log1p, loggamma

mp.dps = 50

CASES = [  # weights (distinct rewards, so groups = outcomes), m, delta
    (["0.5", "0.3", "0.2"], 8, "0.3"),
    (["0.5", "0.3", "0.2"], 40, "0.3"),
    (["0.9", "0.1"], 25, "0.2"),
    (["1", "2", "3", "4"], 6, "0.5"),
    (["0.5", "0.3", "0.2"], 1000, "0.5"),   # 501501 types: a minute or two
]

def comps(m, k):
    if k == 1:
        yield (m,)
        return
    for i in range(m + 1):
        for rest in comps(m - i, k - 1):
            yield (i,) + rest

for w, m, delta in CASES:
    label = "w = %s, m = %d, delta = %s" % (",".join(w), m, delta)
    w = [mpf(float(x)) for x in w]
    g = [x / sum(w) for x in w]
    d = mpf(float(delta))
    K = len(g)
    logn = m * d
    upper, lower, miss, out = mpf(-10**9), mpf(10**9), mpf(0), mpf(0)
    for c in comps(m, K):
        logmulti = loggamma(m + 1) - sum(loggamma(ci + 1) for ci in c)
        lp = logmulti + sum(ci * log(gi) for ci, gi in zip(c, g) if ci)
        kl = sum(mpf(ci) / m * log(mpf(ci) / (m * gi)) for ci, gi in zip(c, g) if ci)
        margin = lp + m * kl
        upper = max(upper, margin)
        lower = min(lower, margin + (K - 1) * log(m + 1))
        if kl <= d / 2:
            miss = max(miss, exp(exp(logn) * log1p(-exp(lp))))
        if kl >= 3 * d / 2:
            out += exp(lp)
    hit = -expm1(exp(logn) * log1p(-out)) if out < 1 else mpf(1)
    print("/* %s */" % label)
    print("{%s, %s, %s, %s}," % tuple(mp.nstr(x, 20) for x in (upper, lower, miss, hit)))
