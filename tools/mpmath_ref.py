# SPDX-License-Identifier: MIT
# Independent high-precision reference for bonx (mpmath, 60 digits).
import sys, mpmath as mp
mp.mp.dps = 60

def groups(w, r):
    W = mp.fsum(mp.mpf(x) for x in w)
    p = [mp.mpf(x)/W for x in w]
    levels = sorted(set(r[i] for i in range(len(r)) if w[i] > 0))
    g = [mp.fsum(p[i] for i in range(len(r)) if r[i] == L and w[i] > 0) for L in levels]
    return p, levels, g

def bon(w, r, n, t=0):
    n = mp.mpf(n)
    p, levels, g = groups(w, r)
    Fm = [mp.fsum(g[:j]) for j in range(len(g))]
    F = [Fm[j] + g[j] for j in range(len(g))]
    P = [F[j]**n - Fm[j]**n for j in range(len(g))]
    C = [Fm[j] + g[j]/2 for j in range(len(g))]
    kl = mp.fsum(P[j]*mp.log(P[j]/g[j]) for j in range(len(g)) if P[j] > 0)
    wr = mp.fsum(P[j]*C[j] for j in range(len(g)))
    wr2 = 1 - mp.fsum(g[j]*(F[j]**n + Fm[j]**n) for j in range(len(g)))/2
    rew = mp.fsum(P[j]*mp.mpf(levels[j]) for j in range(len(g)))
    est = mn = sat = mp.mpf(0)
    for i in range(len(w)):
        if w[i] == 0: continue
        j = levels.index(r[i]); pi = p[i]/g[j]*P[j]; e = p[i]
        a = (1-e)**n
        kh = a*(mp.log(n) + (n-1)*mp.log(1-e) - (n-1)/n) + (1-a)*mp.log((1-a)/e) if e < 1 else (mp.log(n) - (n-1)/n if n==1 else 0*mp.log(1))
        est += pi*kh; mn += pi*min(mp.log(n), -mp.log(e)); sat += pi*mp.log((1-a)/e)
    return dict(n=n, kl=kl, kl_analytic=mp.log(n)-(n-1)/n, kl_estimate=est, kl_bound_min=mn,
                kl_bound_sat=sat, win_rate=wr, win_rate_alt=wr2, reward=rew)

def tilt(w, r, beta, calibrated=False):
    p, levels, g = groups(w, r)
    Fm = [mp.fsum(g[:j]) for j in range(len(g))]
    Cl = {levels[j]: Fm[j] + g[j]/2 for j in range(len(g))}
    s = [Cl.get(r[i], 0) if calibrated else mp.mpf(r[i]) for i in range(len(w))]  # w = 0: unused
    beta = mp.mpf(beta)
    Z = mp.fsum(p[i]*mp.exp(s[i]/beta) for i in range(len(w)) if w[i] > 0)
    q = [p[i]*mp.exp(s[i]/beta)/Z if w[i] > 0 else 0 for i in range(len(w))]
    kl = mp.fsum(q[i]*mp.log(q[i]/p[i]) for i in range(len(w)) if w[i] > 0)
    return dict(beta=beta, kl=kl, win_rate=mp.fsum(q[i]*Cl[r[i]] for i in range(len(w)) if w[i]>0),
                reward=mp.fsum(q[i]*r[i] for i in range(len(w))))

if __name__ == "__main__":
    spec = sys.argv[1]; ns = sys.argv[2].split(',')
    w = []; r = []
    for pair in spec.split(','):
        a, b = pair.split(':'); w.append(mp.mpf(a)); r.append(mp.mpf(b))
    for n in ns:
        d = bon(w, r, n)
        print(",".join(mp.nstr(v, 17) for v in d.values()))
