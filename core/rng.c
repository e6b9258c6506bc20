/* SPDX-License-Identifier: MIT */
#include "rng.h"

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void bonx_rng_seed(bonx_rng *g, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        g->s[i] = splitmix64(&seed);
}

uint64_t bonx_rng_next(bonx_rng *g)
{
    uint64_t *s = g->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double bonx_rng_uniform(bonx_rng *g)
{
    return (double)(bonx_rng_next(g) >> 11) * 0x1.0p-53;
}

double bonx_rng_uniform_pos(bonx_rng *g)
{
    return (double)((bonx_rng_next(g) >> 11) + 1) * 0x1.0p-53;
}

uint64_t bonx_rng_below(bonx_rng *g, uint64_t bound)
{
    /* Lemire: multiply-shift with rejection of the biased low region. */
    uint64_t hi, low = bonx_mul64(bonx_rng_next(g), bound, &hi);
    if (low < bound) {
        uint64_t threshold = -bound % bound;
        while (low < threshold)
            low = bonx_mul64(bonx_rng_next(g), bound, &hi);
    }
    return hi;
}
