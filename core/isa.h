/* SPDX-License-Identifier: MIT */
/* Which instruction-set path the hot loops run (best-of-n lanes, the tilted passes).
 *
 * Each hot body is compiled twice on x86 (GCC or clang): once for AVX2+FMA, once for the
 * default target, chosen at run time here; elsewhere only the portable copy exists.  Both
 * copies perform the same IEEE operations in the same order and the build never fuses
 * multiply-adds (-ffp-contract=off, Makefile), so the choice changes the speed, never a bit
 * of a result (tests/e2e/isa.sh compares whole outputs).  That is why it may follow the
 * process's environment: BONX_ISA=plain forces the portable copy (for tests, and to rule a
 * path out); unset or any other value takes the widest the CPU runs.  No state is kept. */
#ifndef BONX_ISA_H
#define BONX_ISA_H

typedef enum bonx_isa { BONX_ISA_PLAIN = 0, BONX_ISA_AVX2 = 1 } bonx_isa;

/* 1 where the AVX2 copies are compiled at all (x86 with GCC or clang). */
#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
#define BONX_ISA_X86 1
#define BONX_TARGET_AVX2 __attribute__((target("avx2,fma")))
#else
#define BONX_ISA_X86 0
#endif

/* The widest set this CPU runs: AVX2 when it has AVX2 and FMA, else PLAIN. */
bonx_isa bonx_isa_best(void);

/* The set the fast paths use now: bonx_isa_best(), PLAIN when BONX_ISA=plain. */
bonx_isa bonx_isa_active(void);

/* isa where this CPU runs it, else PLAIN (for tests that ask for a path by name). */
bonx_isa bonx_isa_usable(bonx_isa isa);

/* "plain" or "avx2". */
const char *bonx_isa_name(bonx_isa isa);

#endif
