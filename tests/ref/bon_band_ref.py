#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Reference values for tests/test_bon.c band_subnormal_top (mpmath, 400 digits): the
# estimator band (tilted min and max of KLhat under pi_n, MATH.md §2) at n = 8100 on
# '1:2,22:0,51e-320:8,2:0,2:5,9:3,4:.07', with p as bonx holds it (the doubles w/40: the
# top outcome's 51e-320/40 is the subnormal 2581 * 2^-1074).  Direct per-outcome sums, no
# cut-off: pi_n(y) = p(y)/g (F^n - F-^n).  Run: python3 tests/ref/bon_band_ref.py
from mpmath import mp, mpf, exp, log

mp.dps = 400


def band(probs, n, t):
    n, t = mpf(n), mpf(t)
    kt = log(n) - (n - 1) / n
    F, terms = mpf(0), []
    for r in sorted(set(r for _, r in probs)):
        outs = [mpf(p) for p, rr in probs if rr == r and p > 0]
        g = sum(outs)
        P = (F + g) ** n - F ** n
        for e in outs:
            a = (1 - e) ** n
            kh = a * (kt + (n - 1) * log(1 - e)) + (1 - a) * log((1 - a) / e)
            terms.append((P * e / g, kh))
        F += g
    mass = sum(w for w, _ in terms)
    hi = log(sum(w * exp(t * x) for w, x in terms) / mass) / t
    lo = -log(sum(w * exp(-t * x) for w, x in terms) / mass) / t
    return lo, hi


W = [(1, 2), (22, 0), (51e-320, 8), (2, 0.0), (2, 5), (9, 3), (4, .07)]
probs = [(w / 40.0, r) for w, r in W]
for t in (120, 300, 1e4, 1e10):
    lo, hi = band(probs, 8100, t)
    print("{%g, %r, %r}," % (t, float(lo), float(hi)))
