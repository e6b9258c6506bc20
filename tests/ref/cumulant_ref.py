#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Reference values for tests/test_cumulant.c at 60 digits (mpmath): the reward's cumulants
# kappa_1..4 under p, the generating function Lambda(lambda) = log E_p[e^(lambda r)], its
# derivative (the tilted mean), the Rényi cross entropy H_alpha(p || e^r) computed from its
# own definition 1/(1-alpha) log sum p q^(alpha-1) with q = e^r, and KL(p_lambda || p)
# (seed 000; core/cumulant.h).  Run: python3 tests/ref/cumulant_ref.py
from mpmath import mp, mpf, exp, log

mp.dps = 60

CASES = [
    # weights, rewards, lambdas
    (["0.5", "0.3", "0.2"], ["-1.5141277326297755", "-2.2072749131897207", "-0.40047756659712525"],
     ["1e-9", "0.37", "-2.5", "12"]),
    (["1", "1"], ["0", "1"], ["1e-6", "1", "-40"]),
    (["1e-200", "3", "1", "2"], ["7", "0.25", "-3", "1"], ["0.001", "0.8", "-5", "30"]),
]

def show(x):
    return mp.nstr(x, 20)

for w, r, lams in CASES:
    label = "w = %s, r = %s" % (",".join(w), ",".join(r))
    w = [mpf(float(x)) for x in w]
    r = [mpf(float(x)) for x in r]
    tot = sum(w)
    p = [x / tot for x in w]
    k1 = sum(pi * ri for pi, ri in zip(p, r))
    c = [sum(pi * (ri - k1) ** j for pi, ri in zip(p, r)) for j in range(5)]
    print("/* %s */" % label)
    print("cumulants {%s, %s, %s, %s}" % (show(k1), show(c[2]), show(c[3]), show(c[4] - 3 * c[2] ** 2)))
    for lam in lams:
        l = mpf(float(lam))
        z = sum(pi * exp(l * ri) for pi, ri in zip(p, r))
        cgf = log(z)
        d1 = sum(pi * exp(l * ri) * ri for pi, ri in zip(p, r)) / z
        alpha = 1 + l
        # the Rényi cross entropy from its definition, q = e^r
        renyi = log(sum(pi * exp(ri) ** (alpha - 1) for pi, ri in zip(p, r))) / (1 - alpha)
        kl = l * d1 - cgf
        print("  lambda %s: {%s, %s, %s, %s, %s}" % (lam, lam, show(cgf), show(d1), show(renyi), show(kl)))
