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

#endif
