/* SPDX-License-Identifier: MIT */
/* The instruction-set choice (see isa.h): the CPU's features, then BONX_ISA. */
#include <stdlib.h>
#include <string.h>
#include "isa.h"

bonx_isa bonx_isa_best(void)
{
#if BONX_ISA_X86
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return BONX_ISA_AVX2;
#endif
    return BONX_ISA_PLAIN;
}

bonx_isa bonx_isa_active(void)
{
    if (bonx_isa_best() == BONX_ISA_PLAIN)
        return BONX_ISA_PLAIN;
    /* read each time, not cached: core keeps no state, and the lookup costs far less than
     * one pass it steers */
    const char *want = getenv("BONX_ISA");
    if (want && strcmp(want, "plain") == 0)
        return BONX_ISA_PLAIN;
    return BONX_ISA_AVX2;
}

bonx_isa bonx_isa_usable(bonx_isa isa)
{
    return isa == BONX_ISA_AVX2 ? bonx_isa_best() : BONX_ISA_PLAIN;
}

const char *bonx_isa_name(bonx_isa isa)
{
    return isa == BONX_ISA_AVX2 ? "avx2" : "plain";
}
