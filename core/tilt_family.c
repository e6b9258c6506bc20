/* SPDX-License-Identifier: MIT */
/* A tilted family over many betas.  With x = lambda (s - mu), mu = E_p[s], and the spread
 * dmax = max |s - mu|, theta = lambda * dmax <= 2 makes e^x an entire series whose terms fall
 * like theta^k / k!: Z, E[s e^x], E[r e^x], E[C e^x] are then polynomials in theta over the
 * moments sum g ((s - mu)/dmax)^k (times 1, r, C), computed once for the family, and summed
 * for 4 betas at once, each to the degree its theta needs.
 * KL = E_pi[x] - log(Z/T) ~ theta^2 m2 / 2 with no cancellation (m1 = 0 by the choice of mu);
 * as |m_k| <= m2 for k >= 2 the terms sum to at most e^theta m2 against a KL of order
 * theta^2 m2: the rounding grows by at most ~e^2 at theta = 2.
 * Outside that range, or when the spread is too small against |mu| for m2 to be exact
 * (then the rounding of mu would swamp it), the betas take the block tree below. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include "tilt.h"
#include "numeric.h"
#include "isa.h"

#define FAMILY_DEG 27
#define FAMILY_THETA_MAX 2.0

typedef bonx_v4d_ tf_v4;
typedef bonx_v4i_ tf_v4i;

#define TF_INLINE static inline __attribute__((always_inline))

/* (vectors pass by pointer or through macros: by value they would change the ABI between
 * targets) */
#define TF_LOAD(v, p) __builtin_memcpy(&(v), (p), sizeof(v))
#define TF_SEL(m, yes, no) ((tf_v4)((((tf_v4i)(yes)) & (m)) | (((tf_v4i)(no)) & ~(m))))
#define TF_ALL(m) (((m)[0] & (m)[1] & (m)[2] & (m)[3]) != 0)

#define TF_KSUM(s, c, x) do { tf_v4 x_ = (x); bonx_ksum4_add_(&(s), &(c), &x_); } while (0)

/* e^x - 1 and e^x of 4 lanes, x <= 709 (never NaN here): below -708 (only lanes already past
 * their own tail) e^(x + 600) e^-600, subnormal or 0, and e^x - 1 = -1. */
TF_INLINE void tf_exp4(const tf_v4 *xp, tf_v4 *em1, tf_v4 *ex)
{
    const tf_v4 lo = {-708.0, -708.0, -708.0, -708.0};
    tf_v4 x = *xp;
    tf_v4i small = x < lo;
    if (!(small[0] | small[1] | small[2] | small[3])) {
        bonx_expm1_exp4v_in_(xp, em1, ex);
        return;
    }
    tf_v4 xs = TF_SEL(small, x + 600.0, x);
    xs = TF_SEL(xs < lo, lo, xs);
    tf_v4 e, m;
    bonx_expm1_exp4v(&xs, &m, &e);
    const tf_v4 one = {1, 1, 1, 1}, tiny = {2.6503965530043108e-261, 2.6503965530043108e-261,
                                             2.6503965530043108e-261, 2.6503965530043108e-261};
    *ex = e * TF_SEL(small, tiny, one);
    *em1 = TF_SEL(small, -one, m);
}

/* 1/k!, k = 0..31 */
static const double inv_fact[32] = {
    1.0, 1.0, 0.5, 0.16666666666666666,
    0.041666666666666664, 0.008333333333333333, 0.001388888888888889, 0.0001984126984126984,
    2.48015873015873e-05, 2.7557319223985893e-06, 2.755731922398589e-07, 2.505210838544172e-08,
    2.08767569878681e-09, 1.6059043836821613e-10, 1.1470745597729725e-11, 7.647163731819816e-13,
    4.779477332387385e-14, 2.8114572543455206e-15, 1.5619206968586225e-16, 8.22063524662433e-18,
    4.110317623312165e-19, 1.9572941063391263e-20, 8.896791392450574e-22, 3.868170170630684e-23,
    1.6117375710961184e-24, 6.446950284384474e-26, 2.4795962632247976e-27, 9.183689863795546e-29,
    3.279889237069838e-30, 1.1309962886447716e-31, 3.7699876288159054e-33, 1.216125041553518e-34,
};

/* The family's moments, scaled for Horner: a_k = m_k / k!, b_k = m_(k+1) / k!, and
 * q_k = sum g q dn^k / k!, dn = (s - mu) / dmax, for the one of C and r that is not the score
 * plus a constant (r for the calibrated tilt, C for the reward tilt; the other, off + s, has
 * the series (off + mu) Z + dmax sum theta^k b_k).  T and mu in
 * compensated sums; the powers in plain ones: m_k, k >= 2, sums non-negative terms (error
 * relative to m2 >= |m_k|, which carries the KL), and m1 = 0 up to the rounding of mu. */
typedef struct family_moments {
    double T, mu, dmax, smax;
    double a[FAMILY_DEG + 1], b[FAMILY_DEG + 1], q[FAMILY_DEG + 1];
    double off; /* C = 1 + s (calibrated) or r = s (reward) */
    int kind, usable;
} family_moments;

/* largest theta at which the series to degree N keeps the KL to 1e-19 (its truncation
 * 2 theta^(N-1) e^(2 theta) / (N+1)! of theta^2 m2 / 2), N = 0..FAMILY_DEG */
static const double family_deg_theta[FAMILY_DEG + 1] = {
    0.0, 0.0, 0.0, 1.0954451138103323e-09,
    1.8171183915513071e-06, 7.745666709842058e-05, 0.0007588366266244965, 0.003550050237465954,
    0.010854628772562916, 0.025385483283355288, 0.04957124810440239, 0.08521750184327043,
    0.1334181699094086, 0.1946230366951386, 0.2687731393720341, 0.35544723997152267,
    0.45399088803116006, 0.5636180740870317, 0.6834853688336949, 0.8127426893871981,
    0.9505659506652584, 1.0961765044585141, 1.248851378407566, 1.4079273650922857,
    1.5728011703897502, 1.7429271649471663, 1.9178137862422244, 2.097019282407375,
};

TF_INLINE void moments_body(const bonx_dist *d, const double *s, family_moments *fm)
{
    const double *gq = fm->kind == BONX_TILT_CALIBRATED ? d->g_r : d->g_C;
    size_t ng = d->ng, j;
    tf_v4 zero = {0, 0, 0, 0}, Ts = zero, Tc = zero, Ms = zero, Mc = zero;
    for (j = 0; j + 4 <= ng; j += 4) {
        tf_v4 g, sv;
        TF_LOAD(g, d->g + j);
        TF_LOAD(sv, s + j);
        TF_KSUM(Ts, Tc, g);
        TF_KSUM(Ms, Mc, g * sv);
    }
    bonx_ksum T = {0, 0}, mu = {0, 0};
    for (int l = 0; l < 4; l++) {
        bonx_ksum_add(&T, Ts[l]);
        bonx_ksum_add(&T, Tc[l]);
        bonx_ksum_add(&mu, Ms[l]);
        bonx_ksum_add(&mu, Mc[l]);
    }
    for (; j < ng; j++) {
        bonx_ksum_add(&T, d->g[j]);
        bonx_ksum_add(&mu, d->g[j] * s[j]);
    }
    fm->T = bonx_ksum_value(&T);
    fm->mu = bonx_ksum_value(&mu) / fm->T;
    fm->smax = s[ng - 1];
    fm->dmax = fmax(fm->smax - fm->mu, fm->mu - s[0]);
    fm->usable = 0;
    if (!(fm->dmax > 0 && isfinite(fm->dmax)))
        return;
    tf_v4 M[FAMILY_DEG + 2], MQ[FAMILY_DEG + 1];
    for (int k = 0; k <= FAMILY_DEG + 1; k++)
        M[k] = zero;
    for (int k = 0; k <= FAMILY_DEG; k++)
        MQ[k] = zero;
    for (j = 0; j < ng; j += 4) {
        tf_v4 sv, g, gqv;
        if (j + 4 <= ng) {
            TF_LOAD(sv, s + j);
            TF_LOAD(g, d->g + j);
            TF_LOAD(gqv, gq + j);
        } else {
            sv = g = gqv = zero;
            for (size_t l = 0; j + l < ng; l++) {
                sv[l] = s[j + l];
                g[l] = d->g[j + l];
                gqv[l] = gq[j + l];
            }
            for (size_t l = ng - j; l < 4; l++)
                sv[l] = fm->mu;
        }
        tf_v4 dn = (sv - fm->mu) / fm->dmax, p = g, pq = g * gqv;
        for (int k = 0; k <= FAMILY_DEG; k++) {
            M[k] += p;
            MQ[k] += pq;
            p *= dn;
            pq *= dn;
        }
        M[FAMILY_DEG + 1] += p;
    }
    double m[FAMILY_DEG + 2];
    for (int k = 0; k <= FAMILY_DEG + 1; k++)
        m[k] = (M[k][0] + M[k][1]) + (M[k][2] + M[k][3]);
    for (int k = 0; k <= FAMILY_DEG; k++) {
        fm->a[k] = m[k] * inv_fact[k];
        fm->b[k] = m[k + 1] * inv_fact[k];
        fm->q[k] = ((MQ[k][0] + MQ[k][1]) + (MQ[k][2] + MQ[k][3])) * inv_fact[k];
    }
    fm->usable = m[2] / fm->T >= 1e-8 && fabs(fm->mu) / fm->dmax <= 1e4;
}

/* log u for 4 lanes of normal positive u, as bonx_flog: u = m 2^e, m in [sqrt(1/2), sqrt(2)),
 * log u = e ln 2 + log1p(m - 1) with m - 1 exact. */
TF_INLINE void tf_log4(const tf_v4 *up, tf_v4 *out)
{
    const tf_v4 zero = {0, 0, 0, 0}, one = {1, 1, 1, 1};
    bonx_v4u_ b = (bonx_v4u_)*up;
    tf_v4 m = (tf_v4)((b & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL);
    tf_v4i big = m > 1.4142135623730951;
    m = TF_SEL(big, m * 0.5, m);
    /* the exponent field as a double through the bits of 2^52 + field */
    tf_v4 e = ((tf_v4)((b >> 52) | 0x4330000000000000ULL) - 0x1p52) - 1023.0;
    e += TF_SEL(big, one, zero);
    tf_v4 f = m - 1.0, sv = f / (2.0 + f), z = sv * sv, z2 = z * z, z4 = z2 * z2, z8 = z4 * z4;
    tf_v4 t01 = 1.0 / 3 + z * (1.0 / 5), t23 = 1.0 / 7 + z * (1.0 / 9);
    tf_v4 t45 = 1.0 / 11 + z * (1.0 / 13), t67 = 1.0 / 15 + z * (1.0 / 17);
    tf_v4 t89 = 1.0 / 19 + z * (1.0 / 21);
    tf_v4 t = z * (t01 + z2 * t23 + z4 * (t45 + z2 * t67) + z8 * (t89 + z2 * (1.0 / 23)));
    tf_v4 lm = f - sv * (f - 2.0 * t);
    *out = e * 6.93147180369123816490e-01 + (lm + e * 1.90821492927058770002e-10);
}

/* The statistics of 4 betas (lambda4) by the series, to the degree the largest theta needs:
 * out[0..4][l] = KL, win rate, reward, log Z.  L = log(1 + zt) = log u + c / u with u = 1 + zt
 * rounded and c what the rounding lost. */
TF_INLINE void series_body(const family_moments *fm, const double *lam4, double out[4][4])
{
    tf_v4 lam, zero = {0, 0, 0, 0};
    TF_LOAD(lam, lam4);
    tf_v4 th = lam * fm->dmax;
    double thmax = th[0];
    for (int l = 1; l < 4; l++)
        thmax = th[l] > thmax ? th[l] : thmax;
    int deg = FAMILY_DEG;
    while (deg > 3 && thmax <= family_deg_theta[deg - 1])
        deg--;
    tf_v4 A = fm->a[deg] + zero, B = fm->b[deg] + zero, Q = fm->q[deg] + zero;
    for (int k = deg - 1; k >= 1; k--) {
        A = fm->a[k] + th * A;
        B = fm->b[k] + th * B;
        Q = fm->q[k] + th * Q;
    }
    B = fm->b[0] + th * B;
    Q = fm->q[0] + th * Q;
    /* off + s = (off + mu) + dmax dn: its series from those of 1 and dn */
    tf_v4 S = (fm->off + fm->mu) * (fm->a[0] + th * A) + fm->dmax * B;
    tf_v4 C = Q, R = S;
    if (fm->kind == BONX_TILT_CALIBRATED) {
        C = S;
        R = Q;
    }
    tf_v4 zt = th * A / fm->T, Z = fm->T * (1 + zt), u = 1.0 + zt, lu;
    tf_v4 c = TF_SEL(zt > 1.0, 1.0 - (u - zt), zt - (u - 1.0));
    tf_log4(&u, &lu);
    tf_v4 L = lu + c / u, kl = th * B / Z - L;
    tf_v4 res[4] = {TF_SEL(kl > 0, kl, zero), C / Z, R / Z, L + lam * (fm->mu - fm->smax)};
    for (int q = 0; q < 4; q++)
        __builtin_memcpy(out[q], &res[q], sizeof res[q]);
}

/* The vector bodies compiled twice on x86: AVX2 where the CPU has it, else SSE2 halves
 * (core/isa.c picks; the same operations in the same order, never fused: the same bits). */
static void moments_plain(const bonx_dist *d, const double *s, family_moments *fm)
{
    moments_body(d, s, fm);
}

static void series_plain(const family_moments *fm, const double *lam4, double out[4][4])
{
    series_body(fm, lam4, out);
}

#if BONX_ISA_X86
BONX_TARGET_AVX2 static void moments_avx2(const bonx_dist *d, const double *s, family_moments *fm)
{
    moments_body(d, s, fm);
}

BONX_TARGET_AVX2 static void series_avx2(const family_moments *fm, const double *lam4,
                                         double out[4][4])
{
    series_body(fm, lam4, out);
}
#else
#define moments_avx2 moments_plain
#define series_avx2 series_plain
#endif

static int tf_has_avx2(void)
{
    return bonx_isa_active() == BONX_ISA_AVX2;
}

/* Up to 4 betas idx[0..m-1] by the series. */
static void series_four(const family_moments *fm, int wide, const double *betas, const size_t *idx,
                        size_t m, bonx_tilt_stats *outs)
{
    double lam4[4], o[4][4];
    for (size_t l = 0; l < 4; l++)
        lam4[l] = 1 / betas[idx[l < m ? l : m - 1]];
    if (wide)
        series_avx2(fm, lam4, o);
    else
        series_plain(fm, lam4, o);
    for (size_t l = 0; l < m; l++) {
        bonx_tilt_stats *out = &outs[idx[l]];
        out->beta = betas[idx[l]];
        out->kl = bonx_nonneg(o[0][l]);
        out->win_rate = bonx_prob(o[1][l]);
        out->reward = o[2][l];
        out->log_z = o[3][l];
    }
}

/* ---- The other betas, 4 at a time, over a tree of score blocks ----
 *
 * Where lambda * spread > 1 each beta needs the groups themselves, top down from the best
 * group until the tail below carries < 1e-20 of Z (tilt.c's first pass).  Here 4 betas walk
 * the groups together, one per lane of a vector (neighbouring betas of a family visit much
 * the same groups), and blocks of groups whose scores span a width 2h with lambda h <= 1 for
 * every lane are taken whole: with t = (mid - s)/h in [-1, 1] and theta = lambda h,
 *
 *     sum g e^x = e^(x_mid) sum_k (-theta)^k mu_k / k!,     mu_k = sum g t^k,
 *
 * a series whose terms fall like theta^k / k! (to degree 20: < 1e-18 of the block's sum,
 * which is >= e^-theta mu_0), and likewise for the sums times x, C and r.  The blocks form a
 * binary tree over leaves of tf_leaf(ng) groups; a leaf's moments are summed from its groups, a
 * parent's by shifting its children's (t_parent = alpha t_child + beta, |alpha| + |beta| <= 1:
 * bounded terms, no cancellation).  The walk takes the widest usable blocks, so a beta in the
 * middle of the range costs ~50 block series instead of ~lambda^-1 groups.  As in tilt.c the
 * shift c is the best group's score (found by branch and bound over the blocks' largest
 * log g), and a beta whose KL would lose digits to cancellation goes through
 * bonx_tilt_stats_at (the psi pass). */

#define TF_DEG 20          /* block series to theta^20 */
#define TF_NC 24           /* coefficients stored (a multiple of 4) */
#define TF_MIN_SERIES 4    /* blocks of fewer groups go group by group */
#define TF_TAIL 1e-20      /* as tilt.c: the tail cut-off */
#define TF_MAX_EXP 700.0
#define TF_STACK 128

typedef struct tf_node {
    size_t lo, hi;          /* groups lo .. hi-1 */
    size_t child, nchild;   /* children child .. child+nchild-1 (0: a leaf) */
    double mid, h, top, maxlogg;
    int series;             /* moments valid: a, b, c, r below */
    /* a_k = mu_k / k!, b_k = mu_(k+1) / k!, q_k = sum g q t^k / k! (q: C or r, the one that
     * is not off + s; that one's series is (off + mid) sum g e^(-theta t) - h sum g t e^..) */
    double a[TF_NC], b[TF_NC], q[TF_NC];
} tf_node;

typedef struct tf_tree {
    double *s;      /* scores of the groups */
    const double *gq; /* g_r (calibrated tilt) or g_C (reward tilt) */
    double off;     /* C = 1 + s (calibrated) or r = s (reward) */
    int cal;
    tf_node *node;
    size_t nnode, root;
} tf_tree;

/* largest theta at which the series to degree N is within 1e-18 of a block's sum
 * (theta^(N+1) e^(2 theta) / (N+1)! <= 1e-18), N = 0..TF_DEG */
static const double tf_deg_theta[TF_DEG + 1] = {
    0, 0, 1.8171183915513071e-06, 6.99902608704457e-05, 0.0006542181669747794,
    0.0029908120265769046, 0.0090441517539466, 0.021057353713066815, 0.04109466145943671,
    0.07076680312156125, 0.11114105863521034, 0.16277195755967563, 0.22579001808089097,
    0.3000063446412292, 0.3850102264411625, 0.4802501152317932, 0.5850959549601962,
    0.6988845248705687, 0.8209508310190077, 0.950648747447943, 1.0873637387533852,
};

/* A leaf's moments from its groups, 4 groups to a vector. */
TF_INLINE void tf_leaf_moments(const bonx_dist *d, const tf_tree *tr, tf_node *nd)
{
    const double *s = tr->s, *gq = tr->gq;
    tf_v4 M[TF_DEG + 1], MQ[TF_DEG + 1];
    for (int k = 0; k <= TF_DEG; k++)
        M[k] = MQ[k] = (tf_v4){0, 0, 0, 0};
    for (size_t j = nd->lo; j < nd->hi; j += 4) {
        tf_v4 sv, g, gqv;
        if (j + 4 <= nd->hi) {
            TF_LOAD(sv, s + j);
            TF_LOAD(g, d->g + j);
            TF_LOAD(gqv, gq + j);
        } else {
            sv = g = gqv = (tf_v4){0, 0, 0, 0};
            for (size_t l = 0; j + l < nd->hi; l++) {
                sv[l] = s[j + l];
                g[l] = d->g[j + l];
                gqv[l] = gq[j + l];
            }
            for (size_t l = nd->hi - j; l < 4; l++)
                sv[l] = nd->mid;
        }
        /* h = 0: scores that rounded equal (calibrated scores of tiny groups) */
        tf_v4 t = nd->h > 0 ? (nd->mid - sv) / nd->h : 0 * sv, p = g, pq = g * gqv;
        for (int k = 0; k <= TF_DEG; k++) {
            M[k] += p;
            MQ[k] += pq;
            p *= t;
            pq *= t;
        }
    }
    double m[TF_DEG + 1];
    for (int k = 0; k <= TF_DEG; k++) {
        m[k] = (M[k][0] + M[k][1]) + (M[k][2] + M[k][3]);
        nd->a[k] = m[k] * inv_fact[k];
        nd->q[k] = ((MQ[k][0] + MQ[k][1]) + (MQ[k][2] + MQ[k][3])) * inv_fact[k];
    }
    for (int k = 0; k < TF_DEG; k++)
        nd->b[k] = m[k + 1] * inv_fact[k];
    for (int k = TF_DEG; k < TF_NC; k++)
        nd->a[k] = nd->b[k] = nd->q[k] = 0;
}

/* A parent's moments from its children's: with t_p = alpha t_c + beta,
 * mu_p,k / k! = sum_i (alpha^i mu_c,i / i!) (beta^(k-i) / (k-i)!), a convolution. */
TF_INLINE void tf_parent_moments(tf_node *nodes, tf_node *pa)
{
    double acc[2][TF_NC];
    for (int q = 0; q < 2; q++)
        for (int k = 0; k < TF_NC; k++)
            acc[q][k] = 0;
    for (size_t ci = 0; ci < pa->nchild; ci++) {
        const tf_node *ch = &nodes[pa->child + ci];
        double alpha = pa->h > 0 ? ch->h / pa->h : 0, beta = pa->h > 0 ? (pa->mid - ch->mid) / pa->h : 0;
        /* Q[TF_NC + j] = beta^j / j!, zero below: out[k..k+3] takes P_i Q[k-i .. k-i+3] */
        double Q[2 * TF_NC] = {0}, P[2][TF_DEG + 1], ai = 1, bj = 1;
        for (int k = 0; k <= TF_DEG; k++, ai *= alpha, bj *= beta) {
            Q[TF_NC + k] = bj * inv_fact[k];
            P[0][k] = ai * ch->a[k];
            P[1][k] = ai * ch->q[k];
        }
        for (int k = 0; k < TF_NC; k += 4) {
            tf_v4 o0, o1;
            TF_LOAD(o0, &acc[0][k]);
            TF_LOAD(o1, &acc[1][k]);
            for (int i = 0; i <= TF_DEG && i <= k + 3; i++) {
                tf_v4 qv;
                TF_LOAD(qv, &Q[TF_NC + k - i]);
                o0 += P[0][i] * qv;
                o1 += P[1][i] * qv;
            }
            __builtin_memcpy(&acc[0][k], &o0, sizeof o0);
            __builtin_memcpy(&acc[1][k], &o1, sizeof o1);
        }
    }
    for (int k = 0; k <= TF_DEG; k++) {
        pa->a[k] = acc[0][k];
        pa->q[k] = acc[1][k];
    }
    for (int k = 0; k < TF_DEG; k++)
        pa->b[k] = (k + 1) * acc[0][k + 1];
    for (int k = TF_DEG; k < TF_NC; k++)
        pa->a[k] = pa->b[k] = pa->q[k] = 0;
}

/* Width, middle, top and largest log g of groups lo .. hi-1; series off where the width is
 * not finite or the blocks are too small to matter. */
static void tf_node_span(const bonx_dist *d, const double *s, tf_node *nd, int with_series)
{
    double w = s[nd->hi - 1] - s[nd->lo];
    nd->top = s[nd->hi - 1];
    nd->series = with_series && isfinite(w) && nd->hi - nd->lo >= TF_MIN_SERIES;
    nd->h = isfinite(w) ? 0.5 * w : INFINITY;
    nd->mid = isfinite(w) ? s[nd->lo] + 0.5 * w : 0;
    (void)d;
}

/* Groups per leaf: small leaves serve more betas by series, but every node costs a shift of
 * its moments (O(degree^2)), which dominates the build for large ng (measured: 16 best at
 * ng = 449, 64 at ng = 28358). */
static size_t tf_leaf(size_t ng)
{
    return ng < 2048 ? 16 : ng < 8192 ? 32 : 64;
}

TF_INLINE int tf_build_body(const bonx_dist *d, tf_tree *tr)
{
    size_t ng = d->ng, leaf = tf_leaf(ng), n0 = (ng + leaf - 1) / leaf, total = 0;
    for (size_t n = n0;; n = (n + 1) / 2) {
        total += n;
        if (n == 1)
            break;
    }
    int with_series = ng > leaf;
    tr->node = malloc(total * sizeof *tr->node);
    if (!tr->node)
        return -1;
    tr->nnode = total;
    for (size_t i = 0; i < n0; i++) {
        tf_node *nd = &tr->node[i];
        nd->lo = i * leaf;
        nd->hi = nd->lo + leaf < ng ? nd->lo + leaf : ng;
        nd->child = nd->nchild = 0;
        tf_node_span(d, tr->s, nd, with_series);
        double ml = -INFINITY;
        for (size_t j = nd->lo; j < nd->hi; j++)
            ml = d->g_logg[j] > ml ? d->g_logg[j] : ml;
        nd->maxlogg = ml;
        if (nd->series)
            tf_leaf_moments(d, tr, nd);
    }
    size_t first = 0, n = n0, next = n0;
    while (n > 1) {
        size_t np = (n + 1) / 2;
        for (size_t i = 0; i < np; i++) {
            tf_node *pa = &tr->node[next + i];
            pa->child = first + 2 * i;
            pa->nchild = 2 * i + 1 < n ? 2 : 1;
            const tf_node *c0 = &tr->node[pa->child], *c1 = &tr->node[pa->child + pa->nchild - 1];
            pa->lo = c0->lo;
            pa->hi = c1->hi;
            tf_node_span(d, tr->s, pa, with_series && c0->series && c1->series);
            pa->maxlogg = c0->maxlogg > c1->maxlogg ? c0->maxlogg : c1->maxlogg;
            if (pa->series)
                tf_parent_moments(tr->node, pa);
        }
        first = next;
        next += np;
        n = np;
    }
    tr->root = total - 1;
    return 0;
}

/* What the walk hands back per lane. */
/* tail: per lane, what the cut left out of Z - T and Z E[x] (tilt.c's tilt_pass tail), 0
 * without a cut; xa: sum g e^x |x| (a bound for the blocks), the scale of the rounding of
 * the sums that KL = E_pi[x] - log(Z/T) comes from */
typedef struct tf_sums {
    tf_v4 zs, zc, m1s, m1c, xs, xc, ws, wc, rs, rc, tail, xa;
    int used_series;
} tf_sums;

/* The shift c per lane: the score of the group with the largest log g + lambda s, as tilt.c's
 * mode_shift (same group: top down, strictly larger replaces), skipping blocks whose largest
 * log g cannot win. */
TF_INLINE void tf_mode(const bonx_dist *d, const tf_tree *tr, const tf_v4 *lamp, tf_v4 *out)
{
    tf_v4 lam = *lamp;
    const double *s = tr->s;
    double smax = s[d->ng - 1];
    tf_v4 best = {-INFINITY, -INFINITY, -INFINITY, -INFINITY};
    tf_v4 bs = {smax, smax, smax, smax};
    size_t stack[TF_STACK], sp = 0;
    stack[sp++] = tr->root;
    while (sp) {
        const tf_node *nd = &tr->node[stack[--sp]];
        tf_v4 tilt_top = lam * (nd->top - smax);
        if (TF_ALL(tilt_top < best - 1e-12))
            break;
        if (TF_ALL(nd->maxlogg + tilt_top <= best))
            continue;
        if (nd->nchild) {
            for (size_t i = 0; i < nd->nchild; i++)
                stack[sp++] = nd->child + i;
            continue;
        }
        int stop = 0;
        for (size_t j = nd->hi; j-- > nd->lo;) {
            tf_v4 tilt = lam * (s[j] - smax);
            if (TF_ALL(tilt < best - 1e-12)) {
                stop = 1;
                break;
            }
            tf_v4 v = d->g_logg[j] + tilt;
            tf_v4i up = v > best;
            tf_v4 sj = {s[j], s[j], s[j], s[j]};
            best = TF_SEL(up, v, best);
            bs = TF_SEL(up, sj, bs);
        }
        if (stop)
            break;
    }
    tf_v4 floor_c = smax - TF_MAX_EXP / lam;
    *out = TF_SEL(bs < floor_c, floor_c, bs);
}

TF_INLINE void tf_walk(const bonx_dist *d, const tf_tree *tr, const tf_v4 *lamp,
                       const tf_v4 *ccp, tf_sums *o)
{
    tf_v4 lam = *lamp, cc = *ccp;
    /* groups at or above s_safe have every lane's x >= -700 (no range checks in their exp) */
    tf_v4 floor_l = cc - 700.0 / lam;
    double s_safe = floor_l[0];
    for (int l = 1; l < 4; l++)
        s_safe = floor_l[l] > s_safe ? floor_l[l] : s_safe;
    const double *s = tr->s;
    const tf_v4 zero = {0, 0, 0, 0};
    tf_v4 zs = zero, zc = zero, m1s = zero, m1c = zero, xs = zero, xc = zero;
    tf_v4 ws = zero, wc = zero, rs = zero, rc = zero, xa = zero;
    double lmax = lam[0];
    for (int l = 1; l < 4; l++)
        lmax = lam[l] > lmax ? lam[l] : lmax;
    size_t stack[TF_STACK], sp = 0, cut = 0;
    tf_v4 tail = zero;
    int used = 0;
    stack[sp++] = tr->root;
    while (sp) {
        const tf_node *nd = &tr->node[stack[--sp]];
        double thmax = lmax * nd->h;
        if (nd->series && thmax <= 1.0) {
            int deg = TF_DEG;
            while (deg > 2 && thmax <= tf_deg_theta[deg - 1])
                deg--;
            tf_v4 th = lam * nd->h, nt = -th;
            tf_v4 A = nd->a[deg] + zero, B = nd->b[deg] + zero, Qs = nd->q[deg] + zero;
            for (int k = deg - 1; k >= 1; k--) {
                A = nd->a[k] + nt * A;
                B = nd->b[k] + nt * B;
                Qs = nd->q[k] + nt * Qs;
            }
            B = nd->b[0] + nt * B;
            Qs = nd->q[0] + nt * Qs;
            tf_v4 zS1 = nt * A, zS = nd->a[0] + zS1;
            /* off + s = (off + mid) - h t */
            tf_v4 Ss = (tr->off + nd->mid) * zS - nd->h * B, Cs = Qs, Rs = Ss;
            if (tr->cal) {
                Cs = Ss;
                Rs = Qs;
            }
            tf_v4 xm = lam * (nd->mid - cc), em, ex;
            tf_exp4(&xm, &em, &ex);
            TF_KSUM(zs, zc, ex * zS);
            TF_KSUM(m1s, m1c, em * zS + zS1);
            TF_KSUM(xs, xc, ex * (xm * zS - th * B));
            xa += ex * zS * (TF_SEL(xm < 0.0, -xm, xm) + th); /* |x| <= |x_mid| + theta */
            TF_KSUM(ws, wc, ex * Cs);
            TF_KSUM(rs, rc, ex * Rs);
            used = 1;
            if (nd->lo == 0)
                continue;
            tf_v4 xl = lam * (s[nd->lo] - cc), el, xl_e;
            tf_exp4(&xl, &el, &xl_e);
            if (TF_ALL((xl < -1.0) & (d->g_Fm[nd->lo] * xl_e <= TF_TAIL * (zs + zc)))) {
                cut = nd->lo;
                tail = d->g_Fm[cut] * xl_e * (1.0 - xl);
                break;
            }
            continue;
        }
        if (nd->nchild) {
            for (size_t i = 0; i < nd->nchild; i++)
                stack[sp++] = nd->child + i;
            continue;
        }
        /* group by group, the plain sums of up to 4 groups joining the compensated ones */
        tf_v4 bz = zero, bm1 = zero, bx = zero, bw = zero, br = zero;
        int stop = 0, cnt = 0;
        for (size_t j = nd->hi; j-- > nd->lo;) {
            tf_v4 x = lam * (s[j] - cc), em, ex;
            if (s[j] >= s_safe)
                bonx_expm1_exp4v_in_(&x, &em, &ex);
            else
                tf_exp4(&x, &em, &ex);
            double g = d->g[j];
            tf_v4 w = g * ex;
            bz += w;
            bm1 += g * em;
            bx += w * x;
            xa += w * TF_SEL(x < 0.0, -x, x);
            bw += w * d->g_C[j];
            br += w * d->g_r[j];
            if (++cnt < 4)
                continue;
            /* every 4 groups: join the compensated sums, and stop once every lane's tail is
             * negligible (the groups below j weigh at most F-(j) e^(x_j)) */
            TF_KSUM(zs, zc, bz);
            TF_KSUM(m1s, m1c, bm1);
            TF_KSUM(xs, xc, bx);
            TF_KSUM(ws, wc, bw);
            TF_KSUM(rs, rc, br);
            bz = bm1 = bx = bw = br = zero;
            cnt = 0;
            if (j > 0 && TF_ALL((x < -1.0) & (d->g_Fm[j] * ex <= TF_TAIL * (zs + zc)))) {
                cut = j;
                tail = d->g_Fm[j] * ex * (1.0 - x);
                stop = 1;
                break;
            }
        }
        TF_KSUM(zs, zc, bz);
        TF_KSUM(m1s, m1c, bm1);
        TF_KSUM(xs, xc, bx);
        TF_KSUM(ws, wc, bw);
        TF_KSUM(rs, rc, br);
        if (stop)
            break;
    }
    if (cut > 0) {
        double fm = d->g_Fm[cut];
        tf_v4 below = {-fm, -fm, -fm, -fm};
        TF_KSUM(m1s, m1c, below);
    }
    *o = (tf_sums){zs, zc, m1s, m1c, xs, xc, ws, wc, rs, rc, tail, xa, used};
}

/* A walk's statistics per lane: res[0..5][l] = KL, win rate, reward, log Z, E_pi[x], L, and
 * res[6][0] = 1 when they were formed here (0: a lane's Z/T out of the normal range, left to
 * the caller).  L = log(Z/T) from Z - T = sum g (e^x - 1) when Z is near T:
 * log(1 + v) = log u + (v - (u - 1)) / u with u = 1 + v rounded. */
TF_INLINE void tf_pass_body(const bonx_dist *d, const tf_tree *tr, const double *lam4, tf_sums *o,
                            double *c4, double res[7][4])
{
    tf_v4 lam, cc;
    TF_LOAD(lam, lam4);
    tf_mode(d, tr, &lam, &cc);
    __builtin_memcpy(c4, &cc, sizeof cc);
    tf_walk(d, tr, &lam, &cc, o);
    const tf_v4 zero = {0, 0, 0, 0};
    double T = d->g_Fm[d->ng - 1] + d->g[d->ng - 1], smax = tr->s[d->ng - 1];
    tf_v4 zm1 = o->m1s + o->m1c, v = zm1 / T, zfar = o->zs + o->zc;
    tf_v4i near = (v < 0.5) & (v > -0.5);
    tf_v4 u = TF_SEL(near, 1.0 + v, zfar / T), corr = TF_SEL(near, v - (u - 1.0), zero);
    tf_v4i normal = (u >= 0x1p-1022) & (u <= 0x1p1023);
    res[6][0] = TF_ALL(normal);
    if (!res[6][0])
        return;
    tf_v4 lu, Z = TF_SEL(near, T + zm1, zfar);
    tf_log4(&u, &lu);
    tf_v4 L = lu + corr / u, mean_x = (o->xs + o->xc) / Z;
    tf_v4 out[6] = {mean_x - L, (o->ws + o->wc) / Z, (o->rs + o->rc) / Z,
                    L + lam * (cc - smax), mean_x, L};
    for (int q = 0; q < 6; q++)
        __builtin_memcpy(res[q], &out[q], sizeof out[q]);
}

/* Compiled twice, as tilt.c's first pass: AVX2 where the CPU has it, else SSE2 halves (the
 * same operations in the same order: the same bits, see moments_plain). */
static void tf_pass_plain(const bonx_dist *d, const tf_tree *tr, const double *lam4, tf_sums *o,
                          double *c4, double res[7][4])
{
    tf_pass_body(d, tr, lam4, o, c4, res);
}

static int tf_build_plain(const bonx_dist *d, tf_tree *tr)
{
    return tf_build_body(d, tr);
}

#if BONX_ISA_X86
BONX_TARGET_AVX2 static void tf_pass_avx2(const bonx_dist *d, const tf_tree *tr,
                                          const double *lam4, tf_sums *o, double *c4,
                                          double res[7][4])
{
    tf_pass_body(d, tr, lam4, o, c4, res);
}

BONX_TARGET_AVX2 static int tf_build_avx2(const bonx_dist *d, tf_tree *tr)
{
    return tf_build_body(d, tr);
}
#else
#define tf_pass_avx2 tf_pass_plain
#define tf_build_avx2 tf_build_plain
#endif

/* The tree over the scores s (borrowed, not freed with it). */
static int tf_build(const bonx_dist *d, bonx_tilt_kind kind, double *s, int wide, tf_tree *tr)
{
    *tr = (tf_tree){0};
    tr->s = s;
    tr->cal = kind == BONX_TILT_CALIBRATED;
    tr->gq = tr->cal ? d->g_r : d->g_C;
    tr->off = tr->cal ? 1 : 0;
    return wide ? tf_build_avx2(d, tr) : tf_build_plain(d, tr);
}

static void tf_free(tf_tree *tr)
{
    free(tr->node);
}

/* Up to 4 betas (idx[0..m-1]) through one walk; a lane whose KL would lose digits, or that
 * the blocks served too small a KL for their rounding, through bonx_tilt_stats_at. */
static int tf_four(const bonx_dist *d, bonx_tilt_kind kind, const tf_tree *tr, int wide,
                   const double *betas, const size_t *idx, size_t m, bonx_tilt_stats *out,
                   bonx_err *err)
{
    double lam4[4], c4[4];
    for (size_t l = 0; l < 4; l++)
        lam4[l] = 1 / betas[idx[l < m ? l : m - 1]];
    tf_sums o;
    double res[7][4];
    if (wide)
        tf_pass_avx2(d, tr, lam4, &o, c4, res);
    else
        tf_pass_plain(d, tr, lam4, &o, c4, res);
    double T = d->g_Fm[d->ng - 1] + d->g[d->ng - 1], smax = tr->s[d->ng - 1];
    for (size_t l = 0; l < m && !res[6][0]; l++) {
        /* a Z/T out of the normal range: the lanes one by one */
        double zm1 = o.m1s[l] + o.m1c[l], zm1v = zm1 / T, Z, L;
        if (fabs(zm1v) < 0.5) {
            L = bonx_flog1p(zm1v);
            Z = T + zm1;
        } else {
            Z = o.zs[l] + o.zc[l];
            L = bonx_flog(Z / T);
        }
        res[4][l] = (o.xs[l] + o.xc[l]) / Z;
        res[5][l] = L;
        res[0][l] = res[4][l] - L;
        res[1][l] = (o.ws[l] + o.wc[l]) / Z;
        res[2][l] = (o.rs[l] + o.rc[l]) / Z;
        res[3][l] = L + lam4[l] * (c4[l] - smax);
    }
    for (size_t l = 0; l < m; l++) {
        double kl = res[0][l], cancel = fabs(res[4][l]) + fabs(res[5][l]);
        bonx_tilt_stats *st = &out[idx[l]];
        /* a subnormal Z (a subnormal mode whose shift rounded away) keeps few digits of
         * log Z: tilt.c sums that lane in logs */
        double zl = o.zs[l] + o.zc[l];
        /* the cut is against Z: a KL far below 1 (3e-51: a top group of nearly all the mass)
         * can be of the size of what it left out (9% of it), as in tilt.c's single pass
         * (tests/fuzz/corpus/fuzz_tilt calfamily-tiny-kl-cut) */
        /* and the sums' own rounding, ~eps sum g e^x |x| / Z, must stay far below the KL: with
         * p = 1e-59 on either side of a mode, Sum g x cancels to 0 and the KL (2.5e-90 at beta
         * 1e15) is its second order, of the size of that rounding (the family gave 3.9e-90;
         * tests/fuzz/corpus/fuzz_tilt calfamily-tiny-var); the single pass's cumulant series
         * or psi sum has no such floor */
        double noise = 16 * DBL_EPSILON * o.xa[l] / zl;
        if (!(kl > 0.1 * cancel) || (o.used_series && !(kl > 0.01 * (1 + cancel))) ||
            (!o.used_series && zl < DBL_MIN) || !(o.tail[l] <= 1e-17 * kl * zl) ||
            !(noise <= 1e-12 * kl)) {
            int rc = bonx_tilt_stats_at(d, kind, betas[idx[l]], st, err);
            if (rc)
                return rc;
            continue;
        }
        st->beta = betas[idx[l]];
        st->kl = bonx_nonneg(kl);
        st->win_rate = bonx_prob(res[1][l]);
        st->reward = res[2][l];
        st->log_z = res[3][l];
    }
    return BONX_OK;
}

int bonx_tilt_family(const bonx_dist *d, bonx_tilt_kind kind, const double *betas, size_t n,
                     bonx_tilt_stats *out, bonx_err *err)
{
    /* Rewards near the ends of the double range are scaled (dist.h r_exp): the fast paths
     * below take the scores in the user's units, so such tables (rare, and small: a person
     * typed 1e308) go one beta at a time through the scaled single evaluation. */
    int slow = d->r_exp != 0;   /* (the calibrated tilt's rewards too: its sums of w r overflow) */
    /* and groups of subnormal mass, whose weight only the single evaluation takes from log g */
    for (size_t j = 0; j < d->ng && !slow; j++)
        slow = d->g[j] < DBL_MIN;
    if (slow) {
        for (size_t i = 0; i < n; i++) {
            int rc = bonx_tilt_stats_at(d, kind, betas[i], &out[i], err);
            if (rc)
                return rc;
        }
        return BONX_OK;
    }
    /* betas up to the first invalid one; that one then fails through bonx_tilt_stats_at */
    size_t valid = 0;
    while (valid < n && betas[valid] > 0)
        valid++;
    int rc = BONX_OK;
    double *s = d->ng > 1 ? malloc(d->ng * sizeof *s) : NULL;
    size_t *idx = malloc(2 * (valid ? valid : 1) * sizeof *idx);
    if (s && idx) {
        int wide = tf_has_avx2();
        for (size_t j = 0; j < d->ng; j++)
            s[j] = bonx_tilt_score(d, kind, j);
        family_moments fm;
        fm.kind = kind;
        fm.off = kind == BONX_TILT_CALIBRATED ? 1 : 0;
        if (wide)
            moments_avx2(d, s, &fm);
        else
            moments_plain(d, s, &fm);
        size_t *sidx = idx, *pidx = idx + valid, ns = 0, np = 0;
        for (size_t i = 0; i < valid && !rc; i++) {
            double theta = fm.dmax / betas[i], lambda = 1 / betas[i];
            if (fm.usable && theta > 0 && theta <= FAMILY_THETA_MAX)
                sidx[ns++] = i;
            else if (lambda > 0 && isfinite(lambda))
                pidx[np++] = i;
            else
                rc = bonx_tilt_stats_at(d, kind, betas[i], &out[i], err);
        }
        for (size_t i = 0; i < ns; i += 4)
            series_four(&fm, wide, betas, sidx + i, ns - i < 4 ? ns - i : 4, out);
        /* The series' KL = theta B/Z - L carries theta m1 / T in both terms, m1 the first
         * moment of the centred scores, zero but for the rounding of the mean (1e-16): as
         * theta -> 0 that residue's rounding, eps theta |m1| / T, outgrows the KL itself
         * (theta^2 Var / 2): 1.5e-3 relative at KL = 4e-59 (tests/fuzz/corpus/fuzz_tilt).
         * There the single-beta pass, exact for tiny KLs, takes over. */
        for (size_t i = 0; i < ns && !rc; i++) {
            size_t q = sidx[i];
            double theta = fm.dmax / betas[q];
            if (!(8 * DBL_EPSILON * theta * fabs(fm.b[0]) / fm.T <= 1e-15 * out[q].kl))
                rc = bonx_tilt_stats_at(d, kind, betas[q], &out[q], err);
        }
        tf_tree tr;
        if (np && tf_build(d, kind, s, wide, &tr) == 0) {
            for (size_t i = 0; i < np && !rc; i += 4)
                rc = tf_four(d, kind, &tr, wide, betas, pidx + i, np - i < 4 ? np - i : 4, out,
                             err);
        } else {
            for (size_t i = 0; i < np && !rc; i++)
                rc = bonx_tilt_stats_at(d, kind, betas[pidx[i]], &out[pidx[i]], err);
        }
        if (np)
            tf_free(&tr);
    } else {
        for (size_t i = 0; i < valid && !rc; i++)
            rc = bonx_tilt_stats_at(d, kind, betas[i], &out[i], err);
    }
    free(s);
    free(idx);
    if (!rc && valid < n)
        rc = bonx_tilt_stats_at(d, kind, betas[valid], &out[valid], err);
    return rc;
}
