#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Reference values for tests/test_tilt.c tiny_lambda_large_rewards (mpmath, 800 digits): the
# reward tilt's KL at betas whose lambda = 1/beta squared underflows (< 1.5e-154), for rewards
# below 2^200 (not rescaled), and the beta reaching KL 3.9e-240.  Doubles as given.
# Run: python3 tests/ref/tilt_tiny_lambda_ref.py
from mpmath import mp, mpf, exp, log, findroot

mp.dps = 800


def kl(W, R, beta):
    T = sum(mpf(w) for w in W)
    g = [mpf(w) / T for w in W]
    lam = 1 / mpf(beta)
    m = max(lam * mpf(r) for r in R)
    w = [gi * exp(lam * mpf(r) - m) for gi, r in zip(g, R)]
    Z = sum(w)
    return sum(wi / Z * log(wi / Z / gi) for wi, gi in zip(w, g))


A = ([98, 2188320], [8.888888888888888e46, 3])
B = ([1, 1], [0, 1e59])
for W, R in (A, B):
    for beta in (1e100, 1e160, 6e161, 1e200, 1e300):
        print(W, R, beta, mp.nstr(kl(W, R, beta), 17))
lb = findroot(lambda lb: log(kl(*A, exp(lb))) - log(mpf(3.9e-240)), log(mpf('2e164')))
print('beta for KL 3.9e-240:', repr(float(exp(lb))))
