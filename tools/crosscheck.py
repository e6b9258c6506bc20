# SPDX-License-Identifier: MIT
# Cross-check ./bonx bon against tools/mpmath_ref.py on random distributions (ties, zero
# weights, weights down to 1e-300). Prints, per column, the worst error in units of the
# contract tolerance 1e-12|want| + 1e-14 (below 1 is inside). Needs python3 with mpmath;
# not part of make test. Usage: python3 tools/crosscheck.py [SEED]
import os, random, subprocess, sys, mpmath as mp
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__))); import mpmath_ref as ref
random.seed(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
worst = {}
for trial in range(60):
    K = random.randint(1, 7)
    w = [random.choice([random.random(), 10**random.uniform(-300, 0), 0.0 if random.random()<0.1 else 1.0]) for _ in range(K)]
    if sum(w) == 0: w[0] = 1
    r = [float(random.choice([0, 1, 2, -1, 0.5, random.uniform(-5, 5)])) for _ in range(K)]
    spec = ",".join("%r:%r" % (a, b) for a, b in zip(w, r))
    ns = [1, 1.0001, 2, 3.7, 100, 1e6, 1e15]
    out = subprocess.run([os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'bonx'), "bon", "--dist", spec, "--n", ",".join(map(repr, ns)), "--format", "csv"], capture_output=True, text=True)
    if out.returncode: print("ERR", spec, out.stderr); continue
    rows = out.stdout.strip().split("\n")[1:]
    rscale = max(abs(x) for x, ww in zip(r, w) if ww > 0) or 1
    for n, row in zip(ns, rows):
        vals = [float(x) for x in row.split(",")]
        d = ref.bon([mp.mpf(x) for x in w], r, n)
        cols = ["kl", "kl_analytic", "kl_estimate", "kl_bound_min", "kl_bound_sat", "win_rate", None, "reward"]
        for c, v in zip(cols, vals[1:]):
            if c is None: continue
            want = d[c]; scale = rscale if c == "reward" else 1
            err = abs(mp.mpf(v) - want) / (1e-12*abs(want) + 1e-14*scale)
            if err > worst.get(c, (0,))[0]: worst[c] = (float(err), spec, n, v, float(want))
for c, v in worst.items(): print(c, v)
