/* SPDX-License-Identifier: MIT */
/* bonx's own exp, expm1, exp2, log, log1p, log2, log10 and pow: see elementary.h.
 *
 * Two shared cores, each returning a double-double within about 2^-65 of the exact value:
 *   exp_core: e^(xh + xl) = 2^m (hi + lo).  x = (128 m + j) ln2/128 + r with |r| <= ln2/256
 *     (ln2/128 in three parts, the first two short enough that k times them is exact, as in
 *     Cody and Waite's reduction); e^x = 2^m 2^(j/128) e^r, 2^(j/128) from a table in
 *     double-double, e^r - 1 by its Taylor series to r^6 (r^7/7! < 2^-72), the first term
 *     multiplied exactly (Dekker's product).
 *   log_core: log(xh + xl) for xh > 0.  xh = 2^k z with z in [0.709, 1.418) (by the
 *     bits), z in one of 128 intervals, each with 1/c near its inverse middle (8 bits) and
 *     log c in double-double; z/c - 1 = r is formed exactly (|r| < 0.0059), log(1 + r) by its
 *     series to r^9, its first two terms exact.  The interval holding 1 has c = 1, so near
 *     x = 1 the result keeps its relative accuracy however small it is (log1p's case).
 * Then one rounding to double: about 0.5 ulp (tests/test_elementary.c).  The subnormal
 * results of exp, exp2 and pow are rounded once, on the subnormal grid (scale_round). */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "dd.h"
#include "elementary.h"

/* Every step assumes each double operation rounds once, to double (the two-sums, the
 * rounding to an integer by adding 1.5 2^52); x87 arithmetic would round to 64 bits first.
 * FLT_EVAL_METHOD 1 (s390x's gcc) widens only float. */
#if FLT_EVAL_METHOD != 0 && FLT_EVAL_METHOD != 1
#error "core/elementary.c needs double arithmetic in double (FLT_EVAL_METHOD 0 or 1; i386: -msse2 -mfpmath=sse)"
#endif

/* 2^(j/128) = hi + lo, j = 0..127 */
static const double EXP2_TAB[128][2] = {
    {0x1.0000000000000p+0, 0x0.0p+0},
    {0x1.0163da9fb3335p+0, 0x1.b61299ab8cdb7p-54},
    {0x1.02c9a3e778061p+0, -0x1.19083535b085dp-56},
    {0x1.04315e86e7f85p+0, -0x1.0a31c1977c96ep-54},
    {0x1.059b0d3158574p+0, 0x1.d73e2a475b465p-55},
    {0x1.0706b29ddf6dep+0, -0x1.c91dfe2b13c27p-55},
    {0x1.0874518759bc8p+0, 0x1.186be4bb284ffp-57},
    {0x1.09e3ecac6f383p+0, 0x1.1487818316136p-54},
    {0x1.0b5586cf9890fp+0, 0x1.8a62e4adc610bp-54},
    {0x1.0cc922b7247f7p+0, 0x1.01edc16e24f71p-54},
    {0x1.0e3ec32d3d1a2p+0, 0x1.03a1727c57b53p-59},
    {0x1.0fb66affed31bp+0, -0x1.b9bedc44ebd7bp-57},
    {0x1.11301d0125b51p+0, -0x1.6c51039449b3ap-54},
    {0x1.12abdc06c31ccp+0, -0x1.1b514b36ca5c7p-58},
    {0x1.1429aaea92de0p+0, -0x1.32fbf9af1369ep-54},
    {0x1.15a98c8a58e51p+0, 0x1.2406ab9eeab0ap-55},
    {0x1.172b83c7d517bp+0, -0x1.19041b9d78a76p-55},
    {0x1.18af9388c8deap+0, -0x1.11023d1970f6cp-54},
    {0x1.1a35beb6fcb75p+0, 0x1.e5b4c7b4968e4p-55},
    {0x1.1bbe084045cd4p+0, -0x1.95386352ef607p-54},
    {0x1.1d4873168b9aap+0, 0x1.e016e00a2643cp-54},
    {0x1.1ed5022fcd91dp+0, -0x1.1df98027bb78cp-54},
    {0x1.2063b88628cd6p+0, 0x1.dc775814a8495p-55},
    {0x1.21f49917ddc96p+0, 0x1.2a97e9494a5eep-55},
    {0x1.2387a6e756238p+0, 0x1.9b07eb6c70573p-54},
    {0x1.251ce4fb2a63fp+0, 0x1.ac155bef4f4a4p-55},
    {0x1.26b4565e27cddp+0, 0x1.2bd339940e9d9p-55},
    {0x1.284dfe1f56381p+0, -0x1.a4c3a8c3f0d7ep-54},
    {0x1.29e9df51fdee1p+0, 0x1.612e8afad1255p-55},
    {0x1.2b87fd0dad990p+0, -0x1.10adcd6381aa4p-59},
    {0x1.2d285a6e4030bp+0, 0x1.0024754db41d5p-54},
    {0x1.2ecafa93e2f56p+0, 0x1.1ca0f45d52383p-56},
    {0x1.306fe0a31b715p+0, 0x1.6f46ad23182e4p-55},
    {0x1.32170fc4cd831p+0, 0x1.a9ce78e18047cp-55},
    {0x1.33c08b26416ffp+0, 0x1.32721843659a6p-54},
    {0x1.356c55f929ff1p+0, -0x1.b5cee5c4e4628p-55},
    {0x1.371a7373aa9cbp+0, -0x1.63aeabf42eae2p-54},
    {0x1.38cae6d05d866p+0, -0x1.e958d3c9904bdp-54},
    {0x1.3a7db34e59ff7p+0, -0x1.5e436d661f5e3p-56},
    {0x1.3c32dc313a8e5p+0, -0x1.efff8375d29c3p-54},
    {0x1.3dea64c123422p+0, 0x1.ada0911f09ebcp-55},
    {0x1.3fa4504ac801cp+0, -0x1.7d023f956f9f3p-54},
    {0x1.4160a21f72e2ap+0, -0x1.ef3691c309278p-58},
    {0x1.431f5d950a897p+0, -0x1.1c7dde35f7999p-55},
    {0x1.44e086061892dp+0, 0x1.89b7a04ef80d0p-59},
    {0x1.46a41ed1d0057p+0, 0x1.c944bd1648a76p-54},
    {0x1.486a2b5c13cd0p+0, 0x1.3c1a3b69062f0p-56},
    {0x1.4a32af0d7d3dep+0, 0x1.9cb62f3d1be56p-54},
    {0x1.4bfdad5362a27p+0, 0x1.d4397afec42e2p-56},
    {0x1.4dcb299fddd0dp+0, 0x1.8ecdbbc6a7833p-54},
    {0x1.4f9b2769d2ca7p+0, -0x1.4b309d25957e3p-54},
    {0x1.516daa2cf6642p+0, -0x1.f768569bd93efp-55},
    {0x1.5342b569d4f82p+0, -0x1.07abe1db13cadp-55},
    {0x1.551a4ca5d920fp+0, -0x1.d689cefede59bp-55},
    {0x1.56f4736b527dap+0, 0x1.9bb2c011d93adp-54},
    {0x1.58d12d497c7fdp+0, 0x1.295e15b9a1de8p-55},
    {0x1.5ab07dd485429p+0, 0x1.6324c054647adp-54},
    {0x1.5c9268a5946b7p+0, 0x1.c4b1b816986a2p-60},
    {0x1.5e76f15ad2148p+0, 0x1.ba6f93080e65ep-54},
    {0x1.605e1b976dc09p+0, -0x1.3e2429b56de47p-54},
    {0x1.6247eb03a5585p+0, -0x1.383c17e40b497p-54},
    {0x1.6434634ccc320p+0, -0x1.c483c759d8933p-55},
    {0x1.6623882552225p+0, -0x1.bb60987591c34p-54},
    {0x1.68155d44ca973p+0, 0x1.038ae44f73e65p-57},
    {0x1.6a09e667f3bcdp+0, -0x1.bdd3413b26456p-54},
    {0x1.6c012750bdabfp+0, -0x1.2895667ff0b0dp-56},
    {0x1.6dfb23c651a2fp+0, -0x1.bbe3a683c88abp-57},
    {0x1.6ff7df9519484p+0, -0x1.83c0f25860ef6p-55},
    {0x1.71f75e8ec5f74p+0, -0x1.16e4786887a99p-55},
    {0x1.73f9a48a58174p+0, -0x1.0a8d96c65d53cp-54},
    {0x1.75feb564267c9p+0, -0x1.0245957316dd3p-54},
    {0x1.780694fde5d3fp+0, 0x1.866b80a02162dp-54},
    {0x1.7a11473eb0187p+0, -0x1.41577ee04992fp-55},
    {0x1.7c1ed0130c132p+0, 0x1.f124cd1164dd6p-54},
    {0x1.7e2f336cf4e62p+0, 0x1.05d02ba15797ep-56},
    {0x1.80427543e1a12p+0, -0x1.27c86626d972bp-54},
    {0x1.82589994cce13p+0, -0x1.d4c1dd41532d8p-54},
    {0x1.8471a4623c7adp+0, -0x1.8d684a341cdfbp-55},
    {0x1.868d99b4492edp+0, -0x1.fc6f89bd4f6bap-54},
    {0x1.88ac7d98a6699p+0, 0x1.994c2f37cb53ap-54},
    {0x1.8ace5422aa0dbp+0, 0x1.6e9f156864b27p-54},
    {0x1.8cf3216b5448cp+0, -0x1.0d55e32e9e3aap-56},
    {0x1.8f1ae99157736p+0, 0x1.5cc13a2e3976cp-55},
    {0x1.9145b0b91ffc6p+0, -0x1.dd6792e582524p-54},
    {0x1.93737b0cdc5e5p+0, -0x1.75fc781b57ebcp-57},
    {0x1.95a44cbc8520fp+0, -0x1.64b7c96a5f039p-56},
    {0x1.97d829fde4e50p+0, -0x1.d185b7c1b85d1p-54},
    {0x1.9a0f170ca07bap+0, -0x1.173bd91cee632p-54},
    {0x1.9c49182a3f090p+0, 0x1.c7c46b071f2bep-56},
    {0x1.9e86319e32323p+0, 0x1.824ca78e64c6ep-56},
    {0x1.a0c667b5de565p+0, -0x1.359495d1cd533p-54},
    {0x1.a309bec4a2d33p+0, 0x1.6305c7ddc36abp-54},
    {0x1.a5503b23e255dp+0, -0x1.d2f6edb8d41e1p-54},
    {0x1.a799e1330b358p+0, 0x1.bcb7ecac563c7p-54},
    {0x1.a9e6b5579fdbfp+0, 0x1.0fac90ef7fd31p-54},
    {0x1.ac36bbfd3f37ap+0, -0x1.f9234cae76cd0p-55},
    {0x1.ae89f995ad3adp+0, 0x1.7a1cd345dcc81p-54},
    {0x1.b0e07298db666p+0, -0x1.bdef54c80e425p-54},
    {0x1.b33a2b84f15fbp+0, -0x1.2805e3084d708p-57},
    {0x1.b59728de5593ap+0, -0x1.c71dfbbba6de3p-54},
    {0x1.b7f76f2fb5e47p+0, -0x1.5584f7e54ac3bp-56},
    {0x1.ba5b030a1064ap+0, -0x1.efcd30e54292ep-54},
    {0x1.bcc1e904bc1d2p+0, 0x1.23dd07a2d9e84p-55},
    {0x1.bf2c25bd71e09p+0, -0x1.efdca3f6b9c73p-54},
    {0x1.c199bdd85529cp+0, 0x1.11065895048ddp-55},
    {0x1.c40ab5fffd07ap+0, 0x1.b4537e083c60ap-54},
    {0x1.c67f12e57d14bp+0, 0x1.2884dff483cadp-54},
    {0x1.c8f6d9406e7b5p+0, 0x1.1acbc48805c44p-56},
    {0x1.cb720dcef9069p+0, 0x1.503cbd1e949dbp-56},
    {0x1.cdf0b555dc3fap+0, -0x1.dd83b53829d72p-55},
    {0x1.d072d4a07897cp+0, -0x1.cbc3743797a9cp-54},
    {0x1.d2f87080d89f2p+0, -0x1.d487b719d8578p-54},
    {0x1.d5818dcfba487p+0, 0x1.2ed02d75b3707p-55},
    {0x1.d80e316c98398p+0, -0x1.11ec18beddfe8p-54},
    {0x1.da9e603db3285p+0, 0x1.c2300696db532p-54},
    {0x1.dd321f301b460p+0, 0x1.2da5778f018c3p-54},
    {0x1.dfc97337b9b5fp+0, -0x1.1a5cd4f184b5cp-54},
    {0x1.e264614f5a129p+0, -0x1.7b627817a1496p-54},
    {0x1.e502ee78b3ff6p+0, 0x1.39e8980a9cc8fp-55},
    {0x1.e7a51fbc74c83p+0, 0x1.2d522ca0c8de2p-54},
    {0x1.ea4afa2a490dap+0, -0x1.e9c23179c2893p-54},
    {0x1.ecf482d8e67f1p+0, -0x1.c93f3b411ad8cp-54},
    {0x1.efa1bee615a27p+0, 0x1.dc7f486a4b6b0p-54},
    {0x1.f252b376bba97p+0, 0x1.3a1a5bf0d8e43p-54},
    {0x1.f50765b6e4540p+0, 0x1.9d3e12dd8a18bp-54},
    {0x1.f7bfdad9cbe14p+0, -0x1.dbb12d006350ap-54},
    {0x1.fa7c1819e90d8p+0, 0x1.74853f3a5931ep-55},
    {0x1.fd3c22b8f71f1p+0, 0x1.2eb74966579e7p-57},
};
/* interval i of the reduced argument z: 1/c (the inverse of its middle to 8 bits; 1
 * exactly for the interval holding 1) and log c = -log(1/c) as hi + lo, hi a multiple of 2^-42 */
static const double LOG_TAB[128][3] = {
    {0x1.6800000000000p+0, -0x1.5d1bdbf581000p-2, 0x1.8d6bdc9c7c238p-44},
    {0x1.6600000000000p+0, -0x1.5767717456000p-2, 0x1.64ead9524d7cap-44},
    {0x1.6400000000000p+0, -0x1.51aad872e0000p-2, 0x1.f4bd8db0a7cc1p-44},
    {0x1.6200000000000p+0, -0x1.4be5f95778000p-2, 0x1.d7c92cd9ad824p-44},
    {0x1.6000000000000p+0, -0x1.4618bc21c6000p-2, 0x1.3d82f484c84ccp-46},
    {0x1.5e00000000000p+0, -0x1.404308686a000p-2, -0x1.f8ef43049f7d3p-44},
    {0x1.5c00000000000p+0, -0x1.3a64c55694000p-2, -0x1.7a71cbcd735d0p-44},
    {0x1.5a00000000000p+0, -0x1.347dd9a988000p-2, 0x1.5594dd4c58092p-45},
    {0x1.5800000000000p+0, -0x1.2e8e2bae12000p-2, 0x1.67b1e99b72bd8p-45},
    {0x1.5800000000000p+0, -0x1.2e8e2bae12000p-2, 0x1.67b1e99b72bd8p-45},
    {0x1.5600000000000p+0, -0x1.2895a13de8000p-2, -0x1.a8d7ad24c13f0p-44},
    {0x1.5400000000000p+0, -0x1.22941fbcf8000p-2, 0x1.a6976f5eb0963p-44},
    {0x1.5200000000000p+0, -0x1.1c898c169a000p-2, 0x1.81410e5c62affp-44},
    {0x1.5000000000000p+0, -0x1.1675cababa000p-2, -0x1.8380e731f55c4p-44},
    {0x1.4e00000000000p+0, -0x1.1058bf9ae5000p-2, 0x1.4ab9d817d52cdp-44},
    {0x1.4c00000000000p+0, -0x1.0a324e2739000p-2, -0x1.c6bee7ef4030ep-47},
    {0x1.4a00000000000p+0, -0x1.0402594b4d000p-2, -0x1.036b89ef42d7fp-48},
    {0x1.4a00000000000p+0, -0x1.0402594b4d000p-2, -0x1.036b89ef42d7fp-48},
    {0x1.4800000000000p+0, -0x1.fb9186d5e4000p-3, 0x1.d572aab993c87p-47},
    {0x1.4600000000000p+0, -0x1.ef0adcbdc6000p-3, 0x1.b26b79c86af24p-45},
    {0x1.4400000000000p+0, -0x1.e27076e2b0000p-3, 0x1.a342c2af0003cp-44},
    {0x1.4200000000000p+0, -0x1.d5c216b4fc000p-3, 0x1.1ba91bbca681bp-45},
    {0x1.4200000000000p+0, -0x1.d5c216b4fc000p-3, 0x1.1ba91bbca681bp-45},
    {0x1.4000000000000p+0, -0x1.c8ff7c79aa000p-3, 0x1.7794f689f8434p-45},
    {0x1.3e00000000000p+0, -0x1.bc286742d8000p-3, -0x1.9ac53f39d121cp-44},
    {0x1.3c00000000000p+0, -0x1.af3c94e80c000p-3, 0x1.a4e633fcd9066p-52},
    {0x1.3c00000000000p+0, -0x1.af3c94e80c000p-3, 0x1.a4e633fcd9066p-52},
    {0x1.3a00000000000p+0, -0x1.a23bc1fe2c000p-3, 0x1.539cd91dc9f0bp-44},
    {0x1.3800000000000p+0, -0x1.9525a9cf46000p-3, 0x1.297137d9f158fp-44},
    {0x1.3600000000000p+0, -0x1.87fa06520c000p-3, -0x1.22120401202fcp-44},
    {0x1.3600000000000p+0, -0x1.87fa06520c000p-3, -0x1.22120401202fcp-44},
    {0x1.3400000000000p+0, -0x1.7ab890210e000p-3, 0x1.bdb9072534a58p-45},
    {0x1.3200000000000p+0, -0x1.6d60fe719e000p-3, 0x1.bc6e557134767p-44},
    {0x1.3000000000000p+0, -0x1.5ff3070a7a000p-3, 0x1.8586f183bebf2p-44},
    {0x1.3000000000000p+0, -0x1.5ff3070a7a000p-3, 0x1.8586f183bebf2p-44},
    {0x1.2e00000000000p+0, -0x1.526e5e3a1c000p-3, 0x1.790ba37fc5238p-44},
    {0x1.2c00000000000p+0, -0x1.44d2b6ccb8000p-3, 0x1.70cc16135783cp-46},
    {0x1.2c00000000000p+0, -0x1.44d2b6ccb8000p-3, 0x1.70cc16135783cp-46},
    {0x1.2a00000000000p+0, -0x1.371fc201e8000p-3, -0x1.ee8779b2d8abcp-44},
    {0x1.2800000000000p+0, -0x1.29552f8200000p-3, 0x1.5b967f4471dfcp-44},
    {0x1.2800000000000p+0, -0x1.29552f8200000p-3, 0x1.5b967f4471dfcp-44},
    {0x1.2600000000000p+0, -0x1.1b72ad52f6000p-3, -0x1.e80a41811a396p-45},
    {0x1.2400000000000p+0, -0x1.0d77e7cd08000p-3, -0x1.cb2cd2ee2f482p-44},
    {0x1.2400000000000p+0, -0x1.0d77e7cd08000p-3, -0x1.cb2cd2ee2f482p-44},
    {0x1.2200000000000p+0, -0x1.fec9131dc0000p-4, 0x1.54555d1ae6607p-44},
    {0x1.2000000000000p+0, -0x1.e27076e2b0000p-4, 0x1.a342c2af0003cp-45},
    {0x1.2000000000000p+0, -0x1.e27076e2b0000p-4, 0x1.a342c2af0003cp-45},
    {0x1.1e00000000000p+0, -0x1.c5e548f5bc000p-4, -0x1.d0c57585fbe06p-46},
    {0x1.1c00000000000p+0, -0x1.a926d3a4ac000p-4, -0x1.563650bd22a9cp-44},
    {0x1.1c00000000000p+0, -0x1.a926d3a4ac000p-4, -0x1.563650bd22a9cp-44},
    {0x1.1a00000000000p+0, -0x1.8c345d6318000p-4, -0x1.b20f5acb42a66p-44},
    {0x1.1a00000000000p+0, -0x1.8c345d6318000p-4, -0x1.b20f5acb42a66p-44},
    {0x1.1800000000000p+0, -0x1.6f0d28ae58000p-4, 0x1.4b4641b664613p-44},
    {0x1.1600000000000p+0, -0x1.51b073f060000p-4, -0x1.83f69278e686ap-44},
    {0x1.1600000000000p+0, -0x1.51b073f060000p-4, -0x1.83f69278e686ap-44},
    {0x1.1400000000000p+0, -0x1.341d7961bc000p-4, -0x1.1d09299837610p-44},
    {0x1.1400000000000p+0, -0x1.341d7961bc000p-4, -0x1.1d09299837610p-44},
    {0x1.1200000000000p+0, -0x1.16536eea38000p-4, 0x1.47c5e768fa309p-46},
    {0x1.1200000000000p+0, -0x1.16536eea38000p-4, 0x1.47c5e768fa309p-46},
    {0x1.1000000000000p+0, -0x1.f0a30c0118000p-5, 0x1.d599e83368e91p-45},
    {0x1.0e00000000000p+0, -0x1.b42dd71198000p-5, 0x1.c827ae5d6704cp-46},
    {0x1.0e00000000000p+0, -0x1.b42dd71198000p-5, 0x1.c827ae5d6704cp-46},
    {0x1.0c00000000000p+0, -0x1.77458f6330000p-5, 0x1.181dce586af09p-44},
    {0x1.0c00000000000p+0, -0x1.77458f6330000p-5, 0x1.181dce586af09p-44},
    {0x1.0a00000000000p+0, -0x1.39e87b9fe8000p-5, -0x1.eafd480ad9015p-44},
    {0x1.0a00000000000p+0, -0x1.39e87b9fe8000p-5, -0x1.eafd480ad9015p-44},
    {0x1.0800000000000p+0, -0x1.f829b0e780000p-6, -0x1.980267c7e09e4p-45},
    {0x1.0800000000000p+0, -0x1.f829b0e780000p-6, -0x1.980267c7e09e4p-45},
    {0x1.0600000000000p+0, -0x1.7b91b07d60000p-6, 0x1.3b955b602ace4p-44},
    {0x1.0600000000000p+0, -0x1.7b91b07d60000p-6, 0x1.3b955b602ace4p-44},
    {0x1.0400000000000p+0, -0x1.fc0a8b0fc0000p-7, -0x1.f1e7cf6d3a69cp-50},
    {0x1.0400000000000p+0, -0x1.fc0a8b0fc0000p-7, -0x1.f1e7cf6d3a69cp-50},
    {0x1.0200000000000p+0, -0x1.fe02a6b100000p-8, -0x1.9e23f0dda40e4p-46},
    {0x1.0200000000000p+0, -0x1.fe02a6b100000p-8, -0x1.9e23f0dda40e4p-46},
    {0x1.0000000000000p+0, 0x0.0p+0, 0x0.0p+0},
    {0x1.fc00000000000p-1, 0x1.0101575880000p-7, 0x1.bce251998b506p-44},
    {0x1.f800000000000p-1, 0x1.0205658930000p-6, 0x1.611d27c8e8417p-44},
    {0x1.f400000000000p-1, 0x1.8492528c90000p-6, -0x1.aa0ba325a0c34p-45},
    {0x1.f000000000000p-1, 0x1.0415d89e78000p-5, -0x1.dddc7f461c516p-44},
    {0x1.ec00000000000p-1, 0x1.466aed42e0000p-5, -0x1.c167375bdfd28p-45},
    {0x1.ea00000000000p-1, 0x1.67c94f2d48000p-5, 0x1.dac20827cca0cp-44},
    {0x1.e600000000000p-1, 0x1.aaef2d0fb0000p-5, 0x1.0fc1a353bb42ep-45},
    {0x1.e200000000000p-1, 0x1.eea31c0068000p-5, 0x1.c3dd83606d891p-44},
    {0x1.de00000000000p-1, 0x1.1973bd1464000p-4, 0x1.566d154f930b3p-44},
    {0x1.da00000000000p-1, 0x1.3bdf5a7d20000p-4, -0x1.19bd0ad125895p-44},
    {0x1.d800000000000p-1, 0x1.4d3115d208000p-4, -0x1.53a2582f4e1efp-48},
    {0x1.d400000000000p-1, 0x1.700d30aeac000p-4, 0x1.c1e8da99ded32p-49},
    {0x1.d000000000000p-1, 0x1.9335e5d594000p-4, 0x1.3115c3abd47dap-45},
    {0x1.ce00000000000p-1, 0x1.a4e7640b1c000p-4, -0x1.e42b6b94407c8p-47},
    {0x1.ca00000000000p-1, 0x1.c885801bc4000p-4, 0x1.646d1c65aacd3p-45},
    {0x1.c800000000000p-1, 0x1.da72763844000p-4, 0x1.a89401fa71733p-46},
    {0x1.c400000000000p-1, 0x1.fe89139dbc000p-4, 0x1.56594d82f7a82p-44},
    {0x1.c000000000000p-1, 0x1.1178e8227e000p-3, 0x1.1ef78ce2d07f2p-45},
    {0x1.be00000000000p-1, 0x1.1aa2b7e240000p-3, -0x1.1ac38dde3b366p-44},
    {0x1.ba00000000000p-1, 0x1.2d1610c868000p-3, 0x1.39d6ccb81b4a1p-47},
    {0x1.b800000000000p-1, 0x1.365fcb015a000p-3, -0x1.fd3a0afb9691bp-44},
    {0x1.b400000000000p-1, 0x1.4913d8333c000p-3, -0x1.53e43558124c4p-44},
    {0x1.b200000000000p-1, 0x1.527e5e4a1c000p-3, -0x1.4e60b8d4b411dp-44},
    {0x1.b000000000000p-1, 0x1.5bf406b544000p-3, -0x1.27023eb68981cp-46},
    {0x1.ac00000000000p-1, 0x1.6f0128b756000p-3, 0x1.577390d31ef0fp-44},
    {0x1.aa00000000000p-1, 0x1.7898d85444000p-3, 0x1.8e67be3dbaf3fp-44},
    {0x1.a600000000000p-1, 0x1.8beafeb390000p-3, -0x1.73d54aae92cd1p-47},
    {0x1.a400000000000p-1, 0x1.95a5adcf70000p-3, 0x1.7f22858a0ff6fp-47},
    {0x1.a200000000000p-1, 0x1.9f6c40708a000p-3, -0x1.337d94bcd3f43p-44},
    {0x1.9e00000000000p-1, 0x1.b31d8575bc000p-3, 0x1.c794e562a63cbp-44},
    {0x1.9c00000000000p-1, 0x1.bd087383be000p-3, -0x1.d4bc4595412b6p-45},
    {0x1.9a00000000000p-1, 0x1.c6ffbc6f00000p-3, 0x1.ee138d3a69d43p-44},
    {0x1.9800000000000p-1, 0x1.d1037f2656000p-3, -0x1.84a7e75b6f6e4p-47},
    {0x1.9400000000000p-1, 0x1.e530effe72000p-3, -0x1.fdbdbb13f7c18p-44},
    {0x1.9200000000000p-1, 0x1.ef5ade4dd0000p-3, -0x1.a211565bb8e11p-51},
    {0x1.9000000000000p-1, 0x1.f991c6cb3c000p-3, -0x1.90d04cd7cc834p-44},
    {0x1.8e00000000000p-1, 0x1.01eae5626c000p-2, 0x1.a43dcfade85aep-44},
    {0x1.8a00000000000p-1, 0x1.0c42d67616000p-2, 0x1.7188b163ceae9p-45},
    {0x1.8800000000000p-1, 0x1.1178e8227e000p-2, 0x1.1ef78ce2d07f2p-44},
    {0x1.8600000000000p-1, 0x1.16b5ccbad0000p-2, -0x1.23299042d74bfp-44},
    {0x1.8400000000000p-1, 0x1.1bf99635a7000p-2, -0x1.1ac89575c2125p-44},
    {0x1.8200000000000p-1, 0x1.214456d0ec000p-2, -0x1.caf0428b728a3p-44},
    {0x1.8000000000000p-1, 0x1.269621134e000p-2, -0x1.1b61f10522625p-44},
    {0x1.7e00000000000p-1, 0x1.2bef07cdc9000p-2, 0x1.a9cfa4a5004f4p-45},
    {0x1.7a00000000000p-1, 0x1.36b6776be1000p-2, 0x1.16ecdb0f177c8p-46},
    {0x1.7800000000000p-1, 0x1.3c25277333000p-2, 0x1.83b54b606bd5cp-46},
    {0x1.7600000000000p-1, 0x1.419b423d5f000p-2, -0x1.ce379226de3ecp-44},
    {0x1.7400000000000p-1, 0x1.4718dc271c000p-2, 0x1.06c18fb4c14c5p-44},
    {0x1.7200000000000p-1, 0x1.4c9e09e173000p-2, -0x1.e20891b0ad8a4p-45},
    {0x1.7000000000000p-1, 0x1.522ae0738a000p-2, 0x1.ebe708164c759p-45},
    {0x1.6e00000000000p-1, 0x1.57bf753c8d000p-2, 0x1.fadedee5d40efp-46},
    {0x1.6c00000000000p-1, 0x1.5d5bddf596000p-2, -0x1.a0b2a08a465dcp-47},
    {0x1.6a00000000000p-1, 0x1.630030b3ab000p-2, -0x1.db623e731ae00p-45},
};

static uint64_t bits_of(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static double double_of(uint64_t u)
{
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* 2^k for integer k in [-1022, 1023] */
static double pow2i(int k) { return double_of((uint64_t)(k + 1023) << 52); }

/* a + b as hi + lo exactly, for |a| >= |b| (or a = 0) */
static bonx_dd fast_two_sum(double a, double b)
{
    double s = a + b;
    return (bonx_dd){s, b - (s - a)};
}

/* a + b as hi + lo exactly, for finite a, b whose sum does not overflow (Knuth; dd.h's
 * bonx_two_sum also copes with overflow, which cannot happen here) */
static bonx_dd two_sum(double a, double b)
{
    double s = a + b, bb = s - a;
    return (bonx_dd){s, (a - (s - bb)) + (b - bb)};
}

/* a's top 26 significant bits (the rest of the significand cleared): a - high(a) is exact,
 * and high(a) times a number of at most 27 bits is exact */
static double high26(double a) { return double_of(bits_of(a) & 0xfffffffff8000000ULL); }

/* a b as hi + lo, for a, b far from overflow and underflow: Dekker's product with the
 * factors split by their bits (the low parts have 27 bits, so the last partial product can
 * round: within 2^-105 relative, far below what the functions here need) */
static bonx_dd mul_exact(double a, double b)
{
    double ah = high26(a), al = a - ah, bh = high26(b), bl = b - bh, p = a * b;
    return (bonx_dd){p, ((ah * bh - p) + ah * bl + al * bh) + al * bl};
}

/* a^2 as hi + lo, as mul_exact (one split) */
static bonx_dd square(double a)
{
    double h = high26(a), l = a - h, p = a * a;
    return (bonx_dd){p, ((h * h - p) + 2.0 * h * l) + l * l};
}

/* ---- exponential ---- */

/* 128/ln 2 and ln2/128 = L1 + L2 + L3: L1 and L2 have 34 significant bits, so that k L1 and
 * k L2 are exact for |k| < 2^19 (|x| < 2800) */
static const double INV_L = 0x1.71547652b82fep+7;
static const double L1 = 0x1.62e42fef80000p-8, L2 = 0x1.1cf79abc80000p-43;
static const double L3 = 0x1.e3b39803f2f6bp-79;

/* e^(xh + xl) = 2^m (hi + lo), hi + lo in [0.99, 2.01], for |xh| <= 1100 and |xl| small
 * against 1 (a double-double argument, from pow and exp2) */
static bonx_dd exp_core(double xh, double xl, int *m)
{
    /* k = round(x 128/ln 2), by adding and removing 1.5 2^52 */
    double kd = (xh * INV_L + 0x1.8p52) - 0x1.8p52;
    int64_t k = (int64_t)kd;
    double a = xh - kd * L1;  /* exact (Sterbenz: kd L1 is within a factor 2 of xh) */
    bonx_dd r = two_sum(a, -(kd * L2));
    r = two_sum(r.hi, r.lo + (xl - kd * L3));
    double rh = r.hi, rl = r.lo;
    /* e^r - 1 = rh + plo: rl (1 + rh) + r^2/2 + ... (Taylor; |r| < 0.0028), in Estrin's
     * form (short dependency chains) */
    double q = rh * rh;
    double tail = q * rh * ((1.0 / 6 + rh * (1.0 / 24)) + q * (1.0 / 120 + rh * (1.0 / 720)));
    double plo = rl + (rh * rl + (q * 0.5 + tail));
    int j = (int)(k & 127);
    *m = (int)((k - j) / 128);
    const double *t = EXP2_TAB[j];
    /* 2^(j/128) (1 + p) = t0 + t0 rh (exactly) + the small rest */
    bonx_dd p = mul_exact(t[0], rh);
    bonx_dd s = fast_two_sum(t[0], p.hi);
    double lo = s.lo + (t[1] + (p.lo + (t[0] * plo + t[1] * rh)));
    return fast_two_sum(s.hi, lo);
}

/* (hi + lo) 2^m rounded once to the nearest double, for hi + lo in [0.99, 2.01] (hi the
 * nearest double to hi + lo): exactly hi 2^m where that is normal, +inf beyond the range;
 * on the subnormal grid, 1 + z (z = (hi + lo) 2^(m + 1022) < 1) rounds z to a multiple of
 * 2^-52, which scaled by 2^-1022 is the multiple of 2^-1074 nearest the value. */
static double scale_round(bonx_dd v, int m)
{
    if (m > 1000)
        return v.hi * pow2i(m - 1000) * 0x1p1000;
    if (m >= -1000)
        return v.hi * pow2i(m);
    if (m < -1100)
        return 0.0;
    double s = pow2i(m + 1022);  /* m + 1022 in [-78, 21] */
    double zh = v.hi * s, zl = v.lo * s;
    if (zh >= 1.0)
        return zh * 0x1p-1022;  /* normal: exact */
    bonx_dd u = fast_two_sum(1.0, zh);
    double w = u.hi + (u.lo + zl);
    return (w - 1.0) * 0x1p-1022;
}

double bonx_exp(double x)
{
    if (isnan(x))
        return x + x;
    if (x > 709.8)  /* log(DBL_MAX) = 709.7827... */
        return INFINITY;
    if (x < -746.0) /* e^-746 < 2^-1076: rounds to 0 */
        return 0.0;
    if (fabs(x) < 0x1p-54)
        return 1.0 + x;  /* 1 + x rounds to 1, as e^x does */
    int m;
    bonx_dd v = exp_core(x, 0.0, &m);
    return scale_round(v, m);
}

double bonx_exp2(double x)
{
    if (isnan(x))
        return x + x;
    if (x >= 1024.0)
        return INFINITY;
    if (x <= -1076.0)
        return 0.0;
    if (fabs(x) < 0x1p-54)
        return 1.0 + x;
    /* x ln 2 in double-double, then as e^(x ln 2): integers come out exact */
    bonx_dd a = bonx_two_prod_(x, 0x1.62e42fefa39efp-1);
    int m;
    bonx_dd v = exp_core(a.hi, a.lo + x * 0x1.abc9e3b39803fp-56, &m);
    return scale_round(v, m);
}

double bonx_expm1(double x)
{
    if (isnan(x))
        return x + x;
    if (x > 709.8)
        return INFINITY;
    if (x < -38.0)  /* e^x < 2^-54: -1 + e^x rounds to -1 */
        return -1.0;
    double ax = fabs(x);
    if (ax < 0x1p-54)
        return x;   /* x + x^2/2 rounds to x (0 and subnormals included) */
    if (ax < 0x1p-7) {
        /* x + x^2/2 (exactly) + x^3/6 + ... to x^9 (x^10/10! < 2^-85 of x); from 2^-7 on,
         * e^x - 1 is large enough for 2^m (hi + lo) - 1 to keep its digits */
        bonx_dd q = square(x);
        bonx_dd s = fast_two_sum(x, 0.5 * q.hi);
        double t = q.hi * x * (1.0 / 6 + x * (1.0 / 24 + x * (1.0 / 120 + x * (1.0 / 720 + x * (1.0 / 5040 + x * (1.0 / 40320 + x * (1.0 / 362880)))))));
        return s.hi + (s.lo + (0.5 * q.lo + t));
    }
    int m;
    bonx_dd v = exp_core(x, 0.0, &m);
    if (m > 1000)  /* e^x > 2^1000: the 1 is far below its last digit */
        return scale_round(v, m);
    /* 2^m (hi + lo) - 1, m >= -55: the scaling is exact, the sum exact in its high part */
    double s = pow2i(m);
    bonx_dd h = two_sum(v.hi * s, -1.0);
    return h.hi + (h.lo + v.lo * s);
}

/* ---- logarithm ---- */

/* ln 2 = LN2_1 + LN2_2 + LN2_3: the first two have 42 significant bits (k LN2_1 exact for
 * |k| < 2^11) */
static const double LN2_1 = 0x1.62e42fefa38p-1, LN2_2 = 0x1.ef35793c768p-45;
static const double LN2_3 = -0x1.9ff0342542fc3p-90;
/* The bits of 0.708984375 (near sqrt(1/2)): xh's bits minus these give k in the exponent
 * field and the interval in the next 7 bits, with z = 2^-k xh in [0.709, 1.418); chosen so
 * that 1 is in the middle of its interval [1 - 2^-9, 1 + 2^-8), whose c is 1: a log that
 * near 0 never comes from cancelling log c against log(1 + r). */
static const uint64_t LOG_OFF = 0x3fe6b00000000000ULL;

/* log(xh + xl) for finite xh > 0, xl small against xh (log1p's 1 + x in double-double);
 * the result normalised (hi is the nearest double to hi + lo) */
static bonx_dd log_core(double xh, double xl)
{
    int k0 = 0;
    if (xh < 0x1p-1022) {  /* subnormal: made normal, exactly */
        xh *= 0x1p54, xl *= 0x1p54;
        k0 = -54;
    }
    uint64_t ix = bits_of(xh), tmp = ix - LOG_OFF;
    int i = (int)((tmp >> 45) & 127);
    int k = (int)(tmp >> 52);  /* the exponent difference, as 12 bits two's complement */
    if (k >= 2048)
        k -= 4096;
    double z = double_of(ix - (tmp & 0xfffULL << 52));
    double zl = 0.0;
    if (xl != 0.0)
        zl = xl * pow2i(-k / 2) * pow2i(-k - -k / 2);
    k += k0;
    const double *t = LOG_TAB[i];
    /* r = z/c - 1 exactly, in one double: 1/c has 8 significant bits, so z's high 45 bits and
     * the rest each multiply it exactly, the first product is within a factor 2 of 1 (so
     * subtracting 1 is exact), and z/c - 1 itself, a multiple of 2^-60 below 2^-7 in size,
     * fits in a double, so their sum is exact too.  log1p's zl/c comes on top as a low part
     * (it can be most of r: log1p of x just above -2^-54). */
    double zh = double_of(bits_of(z) & ~0xffULL);
    double rh = (zh * t[0] - 1.0) + (z - zh) * t[0], rl = 0.0;
    if (zl != 0.0) {
        bonx_dd r = two_sum(rh, zl * t[0]);
        rh = r.hi, rl = r.lo;
    }
    /* log(1 + r) = rh - rh^2/2 (exactly) + rl (1 - rh) + rh^3/3 - ... (to rh^9, |r| < 0.0059:
     * the next term < 2^-70 of rh), the tail in Estrin's form */
    bonx_dd q = square(rh);
    bonx_dd s = fast_two_sum(rh, -0.5 * q.hi);
    double q2 = q.hi * q.hi;
    double poly = q.hi * rh * (((1.0 / 3 - rh * (1.0 / 4)) + q.hi * (1.0 / 5 - rh * (1.0 / 6))) +
                               q2 * ((1.0 / 7 - rh * (1.0 / 8)) + q.hi * (1.0 / 9)));
    double lo = s.lo + (((rl - rh * rl) - 0.5 * q.lo) + poly);
    /* + k ln 2 + log c */
    double kd = k;
    double a = kd * LN2_1 + t[1];  /* exact: both multiples of 2^-42, the sum below 2^10 */
    bonx_dd b = two_sum(a, s.hi);
    double rest = b.lo + ((kd * LN2_2 + t[2]) + (lo + kd * LN2_3));
    return fast_two_sum(b.hi, rest);
}

/* The special values of log, log2 and log10; 0 where x is in their domain (finite, > 0). */
static int log_special(double x, double *out)
{
    if (isnan(x))
        *out = x + x;
    else if (x < 0)
        *out = NAN;
    else if (x == 0)
        *out = -INFINITY;
    else if (isinf(x))
        *out = x;
    else
        return 0;
    return 1;
}

double bonx_log(double x)
{
    double s;
    if (log_special(x, &s))
        return s;
    return log_core(x, 0.0).hi;
}

/* 1/ln 2 and 1/ln 10 in double-double */
static const bonx_dd INV_LN2 = {0x1.71547652b82fep+0, 0x1.777d0ffda0d24p-56};
static const bonx_dd INV_LN10 = {0x1.bcb7b1526e50ep-2, 0x1.95355baaafad3p-57};

double bonx_log2(double x)
{
    double s;
    if (log_special(x, &s))
        return s;
    return bonx_dd_mul(log_core(x, 0.0), INV_LN2).hi;
}

double bonx_log10(double x)
{
    double s;
    if (log_special(x, &s))
        return s;
    return bonx_dd_mul(log_core(x, 0.0), INV_LN10).hi;
}

double bonx_log1p(double x)
{
    if (isnan(x))
        return x + x;
    if (x <= -1.0)
        return x == -1.0 ? -INFINITY : NAN;
    if (isinf(x))
        return x;
    if (fabs(x) < 0x1p-54)
        return x;   /* x - x^2/2 rounds to x */
    /* log of 1 + x, the sum kept exactly as hi + lo */
    bonx_dd u = two_sum(1.0, x);
    return log_core(u.hi, u.lo).hi;
}

/* ---- power ---- */

/* What kind of number y (finite) is: 0 not an integer, 1 an odd integer, 2 an even one. */
static int integer_kind(double y)
{
    uint64_t u = bits_of(y);
    int e = (int)((u >> 52) & 0x7ff) - 1023;
    if (e < 0)
        return y == 0 ? 2 : 0;
    if (e > 52)
        return 2;  /* |y| >= 2^53: even */
    uint64_t mant = (u & ((1ULL << 52) - 1)) | (1ULL << 52);
    int frac = 52 - e;
    if (frac > 0 && (mant & ((1ULL << frac) - 1)))
        return 0;
    return (mant >> frac) & 1 ? 1 : 2;
}

/* ax^y for finite ax > 0, ax != 1, finite y != 0: e^(y log ax), y log ax in double-double
 * (an error of 2^-65 relative in the log is 2^-55 at the end of the exponent's range) */
static double pow_positive(double ax, double y)
{
    bonx_dd l = log_core(ax, 0.0);
    double g = l.hi * y;
    if (g > 709.8)
        return INFINITY;
    if (g < -746.0)
        return 0.0;
    bonx_dd p = bonx_two_prod(l.hi, y);
    int m;
    bonx_dd v = exp_core(p.hi, p.lo + l.lo * y, &m);
    return scale_round(v, m);
}

double bonx_pow(double x, double y)
{
    if (y == 0 || x == 1.0)
        return 1.0;  /* even for a NaN x (y = 0) or y (x = 1) */
    if (isnan(x) || isnan(y))
        return x + y;
    double ax = fabs(x);
    if (isinf(y)) {
        if (ax == 1.0)
            return 1.0;  /* (-1)^+-inf */
        return (ax < 1.0) == (y < 0) ? INFINITY : 0.0;
    }
    int kind = integer_kind(y);
    int negative = signbit(x) && kind == 1;  /* a negative base to an odd power */
    double r;
    if (x == 0 || isinf(x))
        r = (x == 0) == (y < 0) ? INFINITY : 0.0;
    else if (x < 0 && kind == 0)
        return NAN;  /* a negative base to a non-integer power */
    else
        r = pow_positive(ax, y);
    return negative ? -r : r;
}
