#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Reference values for tests/test_tilt.c beta_for_kl_tiny_top_mass (mpmath, 800 digits: the
# KLs are ~1e-240 differences of terms near 1, so 60 digits would give 0): the beta at which
# the reward or calibrated tilt of a two-group distribution whose top group has a tiny mass
# reaches a tiny KL.  The weights are the doubles as given (21e-320 is 2.09997662e-319).
# Calibrated score C(y) = F-(y) + g(y)/2 under p.
# Run: python3 tests/ref/tilt_kl_tiny_ref.py
from mpmath import mp, mpf, exp, log, findroot

mp.dps = 800


def kl(g, s, beta):
    lam = 1 / mpf(beta)
    m = max(lam * si for si in s)
    w = [gi * exp(lam * si - m) for gi, si in zip(g, s)]
    Z = sum(w)
    return sum(wi / Z * log(wi / Z / gi) for wi, gi in zip(w, g))


def solve(weights, rewards, calibrated, target):
    T = sum(mpf(w) for w in weights)
    g = [mpf(w) / T for w in weights]
    if calibrated:
        s, below = [], mpf(0)
        for gi in g:            # rewards given in increasing order
            s.append(below + gi / 2)
            below += gi
    else:
        s = [mpf(r) for r in rewards]
    t = mpf(target)
    lb = findroot(lambda lb: log(kl(g, s, exp(lb))) - log(t), log(mpf('0.01')))
    return exp(lb), kl(g, s, exp(lb))


for weights, rewards, cal, target in [([91, 21e-320], [1, 3], False, 3.9e-240),
                                      ([91, 21e-320], [1, 3], True, 3.9e-240),
                                      ([91, 1e-300], [1, 3], True, 2.63e-208)]:
    b, k = solve(weights, rewards, cal, target)
    print(weights, rewards, 'calibrated' if cal else 'reward', target, repr(float(b)),
          mp.nstr(k, 17))
