# SPDX-License-Identifier: MIT
# Cross-check the explorer's curves (./bonx tradeoff: the batched best-of-n grid and the
# tilted families' block sums, split over two threads) against tools/mpmath_ref.py on random
# distributions (ties, zero weights, weights down to 1e-300, up to 40 outcomes). Prints, per
# policy and column, the worst error in units of the contract tolerance 1e-12|want| + 1e-14
# (rewards against their scale; below 1 is inside). Needs python3 with mpmath; not part of
# make test. Usage: python3 tools/crosscheck_curves.py [SEED [KMAX]]
import os, random, subprocess, sys, mpmath as mp
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__))); import mpmath_ref as ref
random.seed(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
bonx = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'bonx')
worst = {}
for trial in range(25):
    K = random.randint(2, int(sys.argv[2]) if len(sys.argv) > 2 else 40)
    w = [random.choice([random.random(), 10**random.uniform(-300, 0), 10**random.uniform(-8, 0),
                        0.0 if random.random() < 0.1 else 1.0]) for _ in range(K)]
    if sum(w) == 0: w[0] = 1
    levels = [float(random.choice([0, 1, 2, -1, 0.5, random.uniform(-5, 5)])) for _ in range(max(1, K // 2))]
    r = [random.choice(levels) for _ in range(K)]
    spec = ",".join("%r:%r" % (a, b) for a, b in zip(w, r))
    out = subprocess.run([bonx, "tradeoff", "--dist", spec, "--format", "csv"], capture_output=True, text=True)
    if out.returncode: print("ERR", spec, out.stderr); continue
    rows = [l.split(",") for l in out.stdout.strip().split("\n")[1:]]
    rscale = max(abs(x) for x, ww in zip(r, w) if ww > 0) or 1
    for policy in ("bon", "klrl", "klrl_calibrated"):
        mine = [x for x in rows if x[0] == policy]
        for row in random.sample(mine, min(12, len(mine))):
            param = float(row[1])
            if policy == "bon":
                want = ref.bon(w, r, param)
            elif param == float("inf"):
                continue
            else:
                want = ref.tilt(w, r, param, calibrated=(policy == "klrl_calibrated"))
            for col, got in (("kl", row[2]), ("win_rate", row[3]), ("reward", row[4])):
                wv = want[col]; gv = mp.mpf(got)
                tol = 1e-12 * abs(wv) + 1e-14 * (rscale if col == "reward" else 1)
                e = float(abs(gv - wv) / tol)
                key = policy + " " + col
                if e > worst.get(key, (-1,))[0]: worst[key] = (e, spec[:80], param, float(gv), float(wv))
for k, v in sorted(worst.items()): print("%-22s worst %.3g tolerance units (param %g)" % (k, v[0], v[2]))
bad = [k for k, v in worst.items() if v[0] > 1]
print("FAIL" if bad else "ok", bad)
