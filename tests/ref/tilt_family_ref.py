#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Reference values for tests/test_tilt.c family_tiny_kl_tail_not_cut (mpmath, 300 digits):
# KL and win rate of the calibrated tilt pi ~ p e^(C/beta), C = F- + g/2 (MATH.md §3), on
# '2:-1,.7:0,1:-7,1e51:1421,1:5e1' (weights as the doubles given).
# Run: python3 tests/ref/tilt_family_ref.py
from mpmath import mp, mpf, exp, log

mp.dps = 300


def calibrated(pairs, beta):
    pairs = sorted(pairs, key=lambda t: t[1])
    T = sum(mpf(w) for w, _ in pairs)
    g = [mpf(w) / T for w, _ in pairs]
    F, C = mpf(0), []
    for gi in g:
        C.append(F + gi / 2)
        F += gi
    lam = 1 / mpf(beta)
    Z = sum(gi * exp(lam * c) for gi, c in zip(g, C))
    pi = [gi * exp(lam * c) / Z for gi, c in zip(g, C)]
    kl = sum(p * log(p / gi) for p, gi in zip(pi, g))
    wr = sum(p * c for p, c in zip(pi, C))
    return kl, wr


for beta in (0.2, 0.1, 0.4, 0.05, 1, 3):
    kl, wr = calibrated([(2, -1), (.7, 0), (1, -7), (1e51, 1421), (1, 5e1)], beta)
    print(beta, repr(float(kl)), repr(float(wr)))

# family_tiny_var: '1:0,1e59:21,1:5e1', beta 1e15 (as the fuzz harness: with beta/2, 2 beta)
for beta in (1e15, 5e14, 2e15, 1e10, 1e3):
    kl, wr = calibrated([(1, 0), (1e59, 21), (1, 5e1)], beta)
    print(beta, repr(float(kl)), repr(float(wr)))
