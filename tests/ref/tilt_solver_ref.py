#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Reference value for tests/test_tilt.c beta_for_kl_bracket_near_max (mpmath, 60 digits): the
# beta at which the reward tilt of '1:-231,1:-3,130:-1.7976931348623157e308,2:523,0:-7,
# 1e81:0,130:10,15231:0' has KL 0.1 (the doubles as given; e^(-lambda 1.8e308) is 0).
# Run: python3 tests/ref/tilt_solver_ref.py
from mpmath import mp, mpf, exp, log, findroot

mp.dps = 60
W = [1, 1, 130, 2, 0, 1e81, 130, 15231]
R = [-231, -3, -1.7976931348623157e308, 523, -7, 0, 10, 0]
T = sum(mpf(w) for w in W)
g = [mpf(w) / T for w in W]


def kl(beta):
    lam = 1 / mpf(beta)
    m = max(lam * mpf(r) for r, gi in zip(R, g) if gi > 0)
    Z = sum(gi * exp(lam * mpf(r) - m) for gi, r in zip(g, R) if gi > 0)
    pi = [gi * exp(lam * mpf(r) - m) / Z for gi, r in zip(g, R)]
    return sum(p * log(p / gi) for p, gi in zip(pi, g) if p > 0)


b = findroot(lambda b: kl(b) - mpf(0.1), 2.93)
print(repr(float(b)), mp.nstr(kl(b), 20))
