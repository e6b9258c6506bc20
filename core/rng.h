/* SPDX-License-Identifier: MIT */
/* The named, seedable generator of every random thing bonx does: xoshiro256** 1.0
 * (Blackman & Vigna), seeded through splitmix64.  Same seed, same numbers on every machine:
 * only integer arithmetic, and doubles built from the top 53 bits. */
#ifndef BONX_RNG_H
#define BONX_RNG_H

#include <stdint.h>

typedef struct bonx_rng { uint64_t s[4]; } bonx_rng;

#define BONX_RNG_NAME "xoshiro256**"

void bonx_rng_seed(bonx_rng *g, uint64_t seed);
uint64_t bonx_rng_next(bonx_rng *g);
/* Uniform in [0, 1), multiples of 2^-53. */
double bonx_rng_uniform(bonx_rng *g);
/* Uniform in (0, 1]: safe to take the log of. */
double bonx_rng_uniform_pos(bonx_rng *g);
/* Uniform integer in [0, bound), bound >= 1, without modulo bias (Lemire's method). */
uint64_t bonx_rng_below(bonx_rng *g, uint64_t bound);

/* The 128-bit product a * b: low 64 bits returned, high 64 bits in *hi.  From 32-bit halves,
 * for targets without a 128-bit integer (32-bit ones); tests compare it with the native. */
static inline uint64_t bonx_mul64_halves(uint64_t a, uint64_t b, uint64_t *hi)
{
    uint64_t al = a & 0xffffffffu, ah = a >> 32, bl = b & 0xffffffffu, bh = b >> 32;
    uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
    uint64_t mid = (ll >> 32) + (lh & 0xffffffffu) + (hl & 0xffffffffu); /* < 3 * 2^32 */
    *hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
    return (mid << 32) | (ll & 0xffffffffu);
}

static inline uint64_t bonx_mul64(uint64_t a, uint64_t b, uint64_t *hi)
{
#if defined(__SIZEOF_INT128__)
    __extension__ unsigned __int128 m = (unsigned __int128)a * b;
    *hi = (uint64_t)(m >> 64);
    return (uint64_t)m;
#else
    return bonx_mul64_halves(a, b, hi);
#endif
}

#endif
