#!/bin/sh
# SPDX-License-Identifier: MIT
# The same bits on every machine: every number bonx prints is identical on the portable path
# (BONX_ISA=plain) and on the CPU's widest one (AVX2 where it has it; core/isa.h).  Compared
# byte for byte at 17 significant digits (csv), over every preset and the commands whose
# hot loops have two copies: tradeoff, bon (with the estimator band), klrl, pmf, asym, plot.
. "$(dirname "$0")/../e2e_lib.sh"

# same DESC ARGS...: bonx ARGS on both paths, exit 0 and the same output
same() {
  desc=$1; shift
  BONX_ISA=plain "$BONX" "$@" >"$tmp/plain" 2>"$tmp/err"; rc1=$?
  env -u BONX_ISA "$BONX" "$@" >"$tmp/best" 2>>"$tmp/err"; rc2=$?
  if [ $rc1 -ne 0 ] || [ $rc2 -ne 0 ] || [ ! -s "$tmp/plain" ]; then
    bad "$desc: rc $rc1/$rc2: $(head -c 300 "$tmp/err")"
  elif ! cmp -s "$tmp/plain" "$tmp/best"; then
    bad "$desc: $(diff "$tmp/plain" "$tmp/best" | grep -c '^<') lines differ, e.g. $(diff "$tmp/plain" "$tmp/best" | sed -n 2p)"
  else
    ok
  fi
}

for f in presets/*.bonx; do
  p=$(basename "$f" .bonx)
  same "tradeoff $p" tradeoff --preset "$p" --format csv --points 400
  same "bon $p" bon --preset "$p" --n 1:1e15:97log --t 0.7 --format csv
  same "klrl $p" klrl --preset "$p" --beta 1e-4:1e4:61log --format csv
  same "klrl calibrated $p" klrl --preset "$p" --kl 0.001:0.6:23 --calibrated --format csv
  same "pmf $p" pmf --preset "$p" --policy klrl:0.3 --format csv
done
same "tradeoff random table" tradeoff --dist '1e-9:3,2:1,0.5:1,3e-5:7,1:2.5,1e-3:-4' --format csv
same "asym" asym --preset ternary --m 1,10,100 --delta 0.01,0.1 --format csv
same "plot tradeoff" plot tradeoff --preset staircase --ascii

# the choice is the one asked for: bonx bench names it on its first line
if BONX_ISA=plain "$BONX" bench --only nope 2>&1 | grep -q "unknown benchmark" &&
   [ "$(BONX_ISA=plain "$BONX" bench --only charts 2>&1 | head -n 1)" = "isa: plain" ]
then ok; else bad "BONX_ISA=plain: bench does not report the portable path"; fi
e2e_finish
