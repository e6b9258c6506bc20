#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Reference values for tests/test_typical.c at 60 digits (mpmath): the aligned model
# q = p e^(r/beta) / Z, its entropy H(q), varentropy V(q) = Var_q[-log q] (seed 002 Eq 9-11),
# log Z and the implied reward r - beta log Z (Eq 4).  Run: python3 tests/ref/typical_ref.py
from mpmath import mp, mpf, exp, log

mp.dps = 60

CASES = [
    # weights, rewards, beta
    (["0.472", "0.333", "0.195"], ["-0.261", "0.865", "-1.337"], "3"),
    (["1e-300", "1", "2"], ["5", "0", "1"], "0.1"),
    (["1", "1", "1", "1"], ["0", "0", "0", "0"], "1"),
    (["0.9", "0.05", "0.03", "0.02"], ["0", "1", "2", "40"], "7"),
]

for w, r, beta in CASES:
    label = "w = %s, r = %s, beta = %s" % (",".join(w), ",".join(r), beta)
    # the doubles the C test holds, exactly
    w = [mpf(float(x)) for x in w]
    r = [mpf(float(x)) for x in r]
    beta = mpf(float(beta))
    tot = sum(w)
    p = [x / tot for x in w]
    z = sum(pi * exp(ri / beta) for pi, ri in zip(p, r))
    q = [pi * exp(ri / beta) / z for pi, ri in zip(p, r)]
    h = -sum(qi * log(qi) for qi in q)
    v = sum(qi * (log(qi) + h) ** 2 for qi in q)
    print("/* %s */" % label)
    print("{%s, %s, %s}," % (mp.nstr(h, 20), mp.nstr(v, 20), mp.nstr(log(z), 20)))
