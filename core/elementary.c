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
 *     bits), z in one of 128 intervals, each with a double 1/c near its inverse middle and
 *     log c in double-double; z/c - 1 = r is formed exactly (|r| < 0.0039), log(1 + r) by its
 *     series to r^10, its first two terms exact.  The interval holding 1 has c = 1, so near
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
 * rounding to an integer by adding 1.5 2^52); x87 arithmetic would round to 64 bits first. */
#if FLT_EVAL_METHOD != 0
#error "core/elementary.c needs double arithmetic in double (FLT_EVAL_METHOD 0; i386: -msse2 -mfpmath=sse)"
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
/* interval i of the reduced argument z: 1/c (a double near the inverse of its middle; 1
 * exactly for the interval holding 1) and log c = -log(1/c) as hi + lo */
static const double LOG_TAB[128][3] = {
    {0x1.6816816816817p+0, -0x1.5d5bddf595f31p-2, -0x1.d5f75b9a23ae4p-59},
    {0x1.661ec6a5122f9p+0, -0x1.57bf753c8d1fbp-2, 0x1.2908d15f88b63p-57},
    {0x1.642c8590b2164p+0, -0x1.522ae0738a3d7p-2, -0x1.3840b263acb43p-56},
    {0x1.623fa77016240p+0, -0x1.4c9e09e172c3dp-2, 0x1.123615b147a5fp-58},
    {0x1.6058160581606p+0, -0x1.4718dc271c41cp-2, -0x1.d8fb4c14c56eep-56},
    {0x1.5e75bb8d015e7p+0, -0x1.419b423d5e8c6p-2, -0x1.5b7648704e721p-58},
    {0x1.5c9882b931057p+0, -0x1.3c25277333183p-2, -0x1.152d81af5713ap-56},
    {0x1.5ac056b015ac0p+0, -0x1.36b6776be1116p-2, 0x1.324f0e8838590p-58},
    {0x1.58ed2308158edp+0, -0x1.314f1e1d35ce3p-2, -0x1.22966f61a3c23p-56},
    {0x1.571ed3c506b3ap+0, -0x1.2bef07cdc9355p-2, 0x1.22dad7fd86088p-56},
    {0x1.5555555555555p+0, -0x1.269621134db91p-2, -0x1.e0efadd9db02ap-56},
    {0x1.5390948f40febp+0, -0x1.214456d0eb8d5p-2, 0x1.50a2dca28b3edp-58},
    {0x1.51d07eae2f815p+0, -0x1.1bf99635a6b95p-2, 0x1.e9575c2124912p-56},
    {0x1.5015015015015p+0, -0x1.16b5ccbacfb73p-2, -0x1.56fbd28b40935p-56},
    {0x1.4e5e0a72f0539p+0, -0x1.1178e8227e47ap-2, -0x1.b8ce2d07f1cb7p-56},
    {0x1.4cab88725af6ep+0, -0x1.0c42d676162e2p-2, 0x1.5a74e18a8bb85p-56},
    {0x1.4afd6a052bf5bp+0, -0x1.07138604d5864p-2, 0x1.24e912b16ec8bp-60},
    {0x1.49539e3b2d067p+0, -0x1.01eae5626c691p-2, -0x1.d9f5bd0b5b348p-57},
    {0x1.47ae147ae147bp+0, -0x1.f991c6cb3b37ap-3, -0x1.ecca0cdf30143p-58},
    {0x1.460cbc7f5cf9ap+0, -0x1.ef5ade4dcffe5p-3, -0x1.7754d2238f75fp-58},
    {0x1.446f86562d9fbp+0, -0x1.e530effe71013p-3, 0x1.f7627ef82f3f0p-57},
    {0x1.42d6625d51f87p+0, -0x1.db13db0d48941p-3, 0x1.8af715b0349a4p-57},
    {0x1.4141414141414p+0, -0x1.d1037f2655e7bp-3, 0x1.3f3adb7b71cbcp-58},
    {0x1.3fb013fb013fbp+0, -0x1.c6ffbc6f00f71p-3, 0x1.ae58b2c57a4a5p-57},
    {0x1.3e22cbce4a902p+0, -0x1.bd087383bd8aap-3, 0x1.1165504ad749ep-59},
    {0x1.3c995a47babe7p+0, -0x1.b31d8575bce3bp-3, 0x1.0d4eace1aa537p-59},
    {0x1.3b13b13b13b14p+0, -0x1.a93ed3c8ad9e5p-3, -0x1.bcafa9de97202p-57},
    {0x1.3991c2c187f63p+0, -0x1.9f6c407089663p-3, 0x1.52979a7e86605p-57},
    {0x1.3813813813814p+0, -0x1.95a5adcf70182p-3, -0x1.8a16283fdbd1cp-57},
    {0x1.3698df3de0748p+0, -0x1.8beafeb38fe8fp-3, 0x1.54aae92cd0b87p-59},
    {0x1.3521cfb2b78c1p+0, -0x1.823c16551a3c0p-3, -0x1.6dcd318f4187ep-57},
    {0x1.33ae45b57bcb2p+0, -0x1.7898d85444c74p-3, -0x1.be3dbaf3ec804p-60},
    {0x1.323e34a2b10bfp+0, -0x1.6f0128b756ab9p-3, 0x1.37967087859b9p-59},
    {0x1.30d190130d190p+0, -0x1.6574ebe8c1339p-3, -0x1.c5961e173bc82p-57},
    {0x1.2f684bda12f68p+0, -0x1.5bf406b543db0p-3, 0x1.1f5b44c0df7f7p-61},
    {0x1.2e025c04b8097p+0, -0x1.527e5e4a1b58dp-3, 0x1.b8d4b411cadffp-60},
    {0x1.2c9fb4d812ca0p+0, -0x1.4913d8333b563p-3, 0x1.0d5604930f137p-58},
    {0x1.2b404ad012b40p+0, -0x1.3fb45a59928cap-3, 0x1.d87e6a354d057p-57},
    {0x1.29e4129e4129ep+0, -0x1.365fcb0159014p-3, -0x1.bea08d2dca256p-57},
    {0x1.288b01288b013p+0, -0x1.2d1610c86813dp-3, -0x1.d997036941a6dp-60},
    {0x1.27350b8812735p+0, -0x1.23d712a49c201p-3, -0x1.51c7e9efae297p-57},
    {0x1.25e22708092f1p+0, -0x1.1aa2b7e23f729p-3, -0x1.6e44389934420p-57},
    {0x1.2492492492492p+0, -0x1.1178e8227e47ap-3, 0x1.0e63a5f01c693p-58},
    {0x1.23456789abcdfp+0, -0x1.08598b59e3a07p-3, 0x1.fd7009902bf32p-57},
    {0x1.21fb78121fb78p+0, -0x1.fe89139dbd565p-4, 0x1.ac9f4215f9394p-58},
    {0x1.20b470c67c0d9p+0, -0x1.ec739830a1126p-4, -0x1.eea033743f95bp-58},
    {0x1.1f7047dc11f70p+0, -0x1.da7276384469ep-4, -0x1.401fa71733017p-58},
    {0x1.1e2ef3b3fb874p+0, -0x1.c885801bc4b20p-4, 0x1.5c734aa6598fcp-58},
    {0x1.1cf06ada2811dp+0, -0x1.b6ac88dad5b1dp-4, 0x1.002bf768e52d0p-58},
    {0x1.1bb4a4046ed29p+0, -0x1.a4e7640b1bc38p-4, 0x1.9b5ca203e4259p-58},
    {0x1.1a7b9611a7b96p+0, -0x1.9335e5d594988p-4, 0x1.478a85704ccb7p-58},
    {0x1.19453808ca29cp+0, -0x1.8197e2f40e3f0p-4, 0x1.230690020895fp-59},
    {0x1.1811811811812p+0, -0x1.700d30aeac0e8p-4, -0x1.a36a677b4c8b2p-59},
    {0x1.16e0689427379p+0, -0x1.5e95a4d9791cdp-4, 0x1.4c78ba3a3baf6p-58},
    {0x1.15b1e5f75270dp+0, -0x1.4d3115d207eacp-4, -0x1.da7d0b1e10b2fp-60},
    {0x1.1485f0e0acd3bp+0, -0x1.3bdf5a7d1ee5ep-4, -0x1.f52eda76b68acp-60},
    {0x1.135c81135c811p+0, -0x1.2aa04a44717a1p-4, -0x1.aea2c72d05c08p-58},
    {0x1.12358e75d3033p+0, -0x1.1973bd1465561p-4, 0x1.7aac1b3d35680p-58},
    {0x1.1111111111111p+0, -0x1.08598b59e3a06p-4, 0x1.dd7009902bf32p-58},
    {0x1.0fef010fef011p+0, -0x1.eea31c006b87cp-5, 0x1.7c9f9276f6cd8p-60},
    {0x1.0ecf56be69c90p+0, -0x1.ccb73cdddb2d0p-5, 0x1.e48fb0500efd5p-59},
    {0x1.0db20a88f4696p+0, -0x1.aaef2d0fb1108p-5, -0x1.68d4eed0b82aep-59},
    {0x1.0c9714fbcda3bp+0, -0x1.894aa149fb34bp-5, 0x1.2ba0b44cfaee5p-59},
    {0x1.0b7e6ec259dc8p+0, -0x1.67c94f2d4bb65p-5, -0x1.0413e6505e5f9p-59},
    {0x1.0a6810a6810a7p+0, -0x1.466aed42de3f9p-5, 0x1.9badefe942718p-60},
    {0x1.0953f39010954p+0, -0x1.252f32f8d1840p-5, -0x1.ae021b67a9ba8p-61},
    {0x1.0842108421084p+0, -0x1.0415d89e74440p-5, -0x1.c05cf1d753621p-59},
    {0x1.073260a47f7c6p+0, -0x1.c63d2ec14aad7p-6, -0x1.8fe7acbca131dp-63},
    {0x1.0624dd2f1a9fcp+0, -0x1.8492528c8cac5p-6, 0x1.d192d0619fa68p-60},
    {0x1.05197f7d73404p+0, -0x1.432a925980cbcp-6, 0x1.8cdaf39004193p-60},
    {0x1.0410410410410p+0, -0x1.0205658935837p-6, -0x1.27c8e8416e717p-60},
    {0x1.03091b51f5e1ap+0, -0x1.82448a388a283p-7, -0x1.04b16137f0970p-62},
    {0x1.0204081020408p+0, -0x1.010157588de69p-7, -0x1.46662d417cecep-62},
    {0x1.0101010101010p+0, -0x1.0080559588b25p-8, -0x1.f96638cf63675p-62},
    {0x1.0000000000000p+0, 0x0.0p+0, 0x0.0p+0},
    {0x1.fc07f01fc07f0p-1, 0x1.fe02a6b106799p-8, -0x1.e44b7e3711e7fp-67},
    {0x1.f81f81f81f820p-1, 0x1.fc0a8b0fc03c4p-7, -0x1.83092c5964281p-62},
    {0x1.f44659e4a4271p-1, 0x1.7b91b07d5b126p-6, -0x1.6d80ab38e9430p-62},
    {0x1.f07c1f07c1f08p-1, 0x1.f829b0e7832f8p-6, 0x1.33e3f04f1ef25p-60},
    {0x1.ecc07b301ecc0p-1, 0x1.39e87b9febd68p-5, -0x1.5bfa937f551b7p-59},
    {0x1.e9131abf0b767p-1, 0x1.77458f632dcffp-5, 0x1.8d3ca87b92968p-63},
    {0x1.e573ac901e574p-1, 0x1.b42dd711971b9p-5, 0x1.0a34531f67db5p-59},
    {0x1.e1e1e1e1e1e1ep-1, 0x1.f0a30c01162a8p-5, 0x1.85f325c5bbacdp-59},
    {0x1.de5d6e3f8868ap-1, 0x1.16536eea37ae3p-4, 0x1.2189705cf74cap-58},
    {0x1.dae6076b981dbp-1, 0x1.341d7961bd1d0p-4, -0x1.3599f227becbbp-58},
    {0x1.d77b654b82c34p-1, 0x1.51b073f06183cp-4, -0x1.5b61c65e5741ap-58},
    {0x1.d41d41d41d41dp-1, 0x1.6f0d28ae56b4ep-4, -0x1.20db323097324p-59},
    {0x1.d0cb58f6ec074p-1, 0x1.8c345d6319b23p-4, -0x1.294d2f5668495p-58},
    {0x1.cd85689039b0bp-1, 0x1.a926d3a4ad562p-4, -0x1.d7a16eab1e2adp-59},
    {0x1.ca4b3055ee191p-1, 0x1.c5e548f5bc743p-4, 0x1.2eb0bf7c0b0d9p-59},
    {0x1.c71c71c71c71cp-1, 0x1.e27076e2af2eap-4, -0x1.61578001e015ap-60},
    {0x1.c3f8f01c3f8f0p-1, 0x1.fec9131dbeabcp-4, -0x1.5746b9981b36cp-58},
    {0x1.c0e070381c0e0p-1, 0x1.0d77e7cd08e5bp-3, 0x1.9a5dc5e9030adp-57},
    {0x1.bdd2b899406f7p-1, 0x1.1b72ad52f67a2p-3, -0x1.fbe7ee5c69946p-57},
    {0x1.bacf914c1bad0p-1, 0x1.29552f81ff521p-3, 0x1.301771c407dc0p-57},
    {0x1.b7d6c3dda338bp-1, 0x1.371fc201e8f75p-3, 0x1.e6cb62af18a02p-62},
    {0x1.b4e81b4e81b4fp-1, 0x1.44d2b6ccb7d1cp-3, 0x1.7d3d950f87e23p-59},
    {0x1.b2036406c80d9p-1, 0x1.526e5e3a1b438p-3, -0x1.546ff8a470d3ap-57},
    {0x1.af286bca1af28p-1, 0x1.5ff3070a793d6p-3, -0x1.bc60efafc6f6cp-58},
    {0x1.ac5701ac5701bp-1, 0x1.6d60fe719d21bp-3, 0x1.d551d97132e87p-57},
    {0x1.a98ef606a63bep-1, 0x1.7ab890210d907p-3, -0x1.1072534a57e7dp-57},
    {0x1.a6d01a6d01a6dp-1, 0x1.87fa06520c911p-3, -0x1.9f7fdbfa08d9ap-57},
    {0x1.a41a41a41a41ap-1, 0x1.9525a9cf456b6p-3, -0x1.26fb3e2b1d1dap-57},
    {0x1.a16d3f97a4b02p-1, 0x1.a23bc1fe2b561p-3, 0x1.24dc46c1ea664p-57},
    {0x1.9ec8e951033d9p-1, 0x1.af3c94e80bff3p-3, 0x1.a3398064df33ep-57},
    {0x1.9c2d14ee4a102p-1, 0x1.bc286742d8cd4p-3, 0x1.cfce744870f57p-58},
    {0x1.999999999999ap-1, 0x1.c8ff7c79a9a20p-3, -0x1.4f689f8434011p-57},
    {0x1.970e4f80cb872p-1, 0x1.d5c216b4fbb94p-3, -0x1.a37794d03657dp-58},
    {0x1.948b0fcd6e9e0p-1, 0x1.e27076e2af2e8p-3, -0x1.61578001e015ep-59},
    {0x1.920fb49d0e229p-1, 0x1.ef0adcbdc5935p-3, 0x1.e8637950dc20dp-57},
    {0x1.8f9c18f9c18fap-1, 0x1.fb9186d5e3e29p-3, 0x1.355519b0de535p-57},
    {0x1.8d3018d3018d3p-1, 0x1.0402594b4d041p-2, -0x1.08ec217a5022dp-57},
    {0x1.8acb90f6bf3aap-1, 0x1.0a324e27390e2p-2, 0x1.bdcfde8061c03p-56},
    {0x1.886e5f0abb04ap-1, 0x1.1058bf9ae4ad4p-2, 0x1.3f415699663ecp-63},
    {0x1.8618618618618p-1, 0x1.1675cababa60fp-2, 0x1.ce63eab883727p-61},
    {0x1.83c977ab2beddp-1, 0x1.1c898c16999fbp-2, 0x1.9f1a39d500e3cp-56},
    {0x1.8181818181818p-1, 0x1.22941fbcf7966p-2, -0x1.dbd7ac258a2bdp-58},
    {0x1.7f405fd017f40p-1, 0x1.2895a13de86a4p-2, 0x1.7ad24c13f040fp-56},
    {0x1.7d05f417d05f4p-1, 0x1.2e8e2bae11d31p-2, -0x1.1e99b72bd7bf2p-57},
    {0x1.7ad2208e0ecc3p-1, 0x1.347dd9a987d56p-2, -0x1.16ea62c048cfbp-56},
    {0x1.78a4c8178a4c8p-1, 0x1.3a64c556945eap-2, 0x1.cbcd735d03424p-60},
    {0x1.767dce434a9b1p-1, 0x1.404308686a7e4p-2, -0x1.f79f6c1059cdbp-57},
    {0x1.745d1745d1746p-1, 0x1.4618bc21c5ec2p-2, -0x1.7a42642661c62p-61},
    {0x1.724287f46debcp-1, 0x1.4be5f957778a1p-2, -0x1.4b366b609027ap-58},
    {0x1.702e05c0b8170p-1, 0x1.51aad872df82ep-2, -0x1.d8db0a7cc1543p-56},
    {0x1.6e1f76b4337c7p-1, 0x1.5767717455a6cp-2, -0x1.fb2a49af933e8p-57},
    {0x1.6c16c16c16c17p-1, 0x1.5d1bdbf5809cap-2, -0x1.7dc9c7c23801fp-56},
    {0x1.6a13cd1537290p-1, 0x1.62c82f2b9c796p-2, -0x1.090a0dd59fe35p-58},
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
    bonx_dd r = bonx_two_sum(a, -(kd * L2));
    r = bonx_two_sum(r.hi, r.lo + (xl - kd * L3));
    double rh = r.hi, rl = r.lo;
    /* e^r - 1 = rh + plo: rl (1 + rh) + r^2/2 + ... (Taylor; |r| < 0.0028) */
    double q = rh * rh;
    double tail = q * rh * (1.0 / 6 + rh * (1.0 / 24 + rh * (1.0 / 120 + rh * (1.0 / 720))));
    double plo = rl + (rh * rl + (q * 0.5 + tail));
    int j = (int)(k & 127);
    *m = (int)((k - j) / 128);
    const double *t = EXP2_TAB[j];
    /* 2^(j/128) (1 + p) = t0 + t0 rh (exactly) + the small rest */
    bonx_dd p = bonx_two_prod_(t[0], rh);
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
        bonx_dd q = bonx_two_prod_(x, x);
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
    bonx_dd h = bonx_two_sum(v.hi * s, -1.0);
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
    /* r = z/c - 1 = z (1/c) - 1 + zl/c: the product exact, its high part within a factor 2
     * of 1, so that subtracting 1 is exact too */
    bonx_dd p = bonx_two_prod_(z, t[0]);
    bonx_dd r = bonx_two_sum(p.hi - 1.0, p.lo + zl * t[0]);
    double rh = r.hi, rl = r.lo;
    /* log(1 + r) = rh - rh^2/2 (exactly) + rl (1 - rh) + rh^3/3 - ... (to rh^10: the next
     * term < 2^-74 of rh) */
    bonx_dd q = bonx_two_prod_(rh, rh);
    bonx_dd s = fast_two_sum(rh, -0.5 * q.hi);
    double poly = q.hi * rh * (1.0 / 3 - rh * (1.0 / 4 - rh * (1.0 / 5 - rh * (1.0 / 6 - rh * (1.0 / 7 - rh * (1.0 / 8 - rh * (1.0 / 9 - rh * 0.1)))))));
    double lo = s.lo + (((rl - rh * rl) - 0.5 * q.lo) + poly);
    /* + k ln 2 + log c */
    double kd = k;
    bonx_dd a = bonx_two_sum(kd * LN2_1, t[1]);
    bonx_dd b = bonx_two_sum(a.hi, s.hi);
    double rest = (a.lo + b.lo) + ((kd * LN2_2 + t[2]) + (lo + kd * LN2_3));
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
    bonx_dd u = bonx_two_sum(1.0, x);
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
