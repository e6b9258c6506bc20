#!/bin/sh
# SPDX-License-Identifier: MIT
# The same bits everywhere: the numbers of every numeric command (bon, klrl, pmf, tradeoff,
# corpora with adaptors, bands and strings of m tokens, asym with its cumulant and type
# columns) on the presets and a few extreme tables, at 17 significant digits (csv), byte for
# byte against tests/golden/numbers/, on the CPU's widest path, again with BONX_ISA=plain, and
# again with glibc's generic (non-FMA) libm.
# tests/cross.sh runs this same script on the cross-built binary under qemu-user (armhf,
# arm64: no AVX2, no long double of x86's width), so a number that depends on the machine
# fails there.  BONX_BLESS=1 rewrites the golden files (tests/golden/README).
. "$(dirname "$0")/../e2e_lib.sh"

GOLD=tests/golden/numbers

# numbers NAME ARGS...: append `bonx ARGS` (its exit status and output) to $dir/NAME
numbers() {
  name=$1; shift
  { echo "## bonx $*"; "$BONX" "$@" 2>&1; echo "## exit $?"; } >>"$dir/$name"
}

# all_numbers DIR: every command's numbers into DIR, one file per preset
all_numbers() {
dir=$1
mkdir -p "$dir"
for f in presets/*.bonx; do
  p=$(basename "$f" .bonx)
  numbers "$p" bon --preset "$p" --n 1:1e15:13log --t 0.7 --format csv
  numbers "$p" klrl --preset "$p" --beta 1e-3:1e3:13log --format csv
  numbers "$p" klrl --preset "$p" --kl 0.001:0.6:5 --calibrated --format csv
  numbers "$p" pmf --preset "$p" --policy klrl:0.3 --format csv
  numbers "$p" tradeoff --preset "$p" --points 24 --format csv
  numbers "$p" corpora --preset "$p" --corpus-size 20 --corpora 6 --adaptor ancestral \
    --adaptor temperature:0.7 --adaptor top-p:0.9 --adaptor top-k:2 --format csv
  numbers "$p" corpora --preset "$p" --corpus-size 20 --corpora 6 --adaptor ancestral \
    --adaptor temperature:0.7 --adaptor top-p:0.9 --adaptor typical:0.9 --adaptor eta:0.01 \
    --summary --format csv
  numbers "$p" corpora --preset "$p" --corpus-size 20 --corpora 6 --bands 4 --summary --format csv
  numbers "$p" corpora --preset "$p" --corpus-size 10 --corpora 4 --m 3 --adaptor ancestral \
    --adaptor temperature:2 --summary --format csv
  case $p in
    many-rare|uniform-1000) numbers "$p" asym --preset "$p" --m 1 --delta 0.01,0.5 --format csv ;;
    uniform-100|uniform-10) numbers "$p" asym --preset "$p" --m 1,2 --delta 0.01,0.5 --format csv ;;
    *) numbers "$p" asym --preset "$p" --m 1,2,4,30 --delta 0.01,0.1,0.5 --format csv ;;
  esac
done
# tables at the edges: probabilities over 300 decades, rewards near the double range, long
# strings (the log-factorials of asym and the types cancel from ~1e6 down to O(1))
t='1e-300:1e300,1:-1e300,0.5:3'
numbers extremes corpora --dist "$t" --beta 1e10 --corpus-size 5 --corpora 5 --summary --format csv
numbers extremes corpora --dist '1e-9:3,2:1,0.5:1,3e-5:7,1:2.5,1e-3:-4' --beta 0.3 \
  --corpus-size 40 --corpora 8 --m 4 --adaptor ancestral --adaptor top-p:0.5 \
  --adaptor temperature:0.3 --summary --format csv
numbers extremes asym --dist '0.5:0,0.5:1' --m 1000,100000 --delta 0.1,0.5 --format csv
numbers extremes asym --dist '1e-9:3,2:1,0.5:1,3e-5:7,1:2.5,1e-3:-4' --m 1,5,12 \
  --delta 0.01,0.1,1 --format csv
}

# the widest path the CPU has, then the portable one (the same on a machine without AVX2)
unset BONX_ISA
all_numbers "$tmp/best"
# (NUMBERS_PLAIN=0 skips the second pass where there is only one path: tests/cross.sh)
if [ "${NUMBERS_PLAIN:-1}" != 0 ]; then
  BONX_ISA=plain
  export BONX_ISA
  all_numbers "$tmp/plain"
  unset BONX_ISA
  # and with glibc told the CPU has no FMA or AVX2, so that it runs the generic code of its
  # functions (what armhf or an x86 without FMA runs; arm64, ppc64el and s390x run fused
  # code whose bits are those of x86 with FMA): libm's transcendental functions
  # differ there in the last bit, and no number may depend on them (core/elementary.c;
  # before it, 9 lines differed here).  Other C libraries ignore the variable.
  GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX2_Usable,-FMA_Usable,-FMA,-AVX2
  export GLIBC_TUNABLES
  all_numbers "$tmp/generic"
  unset GLIBC_TUNABLES
fi

# NUMBERS_KEEP=DIR keeps the outputs (DIR/best, DIR/plain, DIR/generic) for a closer look
# (tests/cross.sh)
if [ -n "${NUMBERS_KEEP:-}" ]; then
  rm -rf "$NUMBERS_KEEP" && mkdir -p "$NUMBERS_KEEP" && cp -R "$tmp/best" "$NUMBERS_KEEP/"
  for d in plain generic; do [ -d "$tmp/$d" ] && cp -R "$tmp/$d" "$NUMBERS_KEEP/"; done
fi

# compare (or bless) each file, on both paths
for out in "$tmp"/best/* "$tmp"/plain/* "$tmp"/generic/*; do
  [ -f "$out" ] || continue
  name=$(basename "$out")
  [ -n "${BONX_BLESS:-}" ] && [ "$out" != "$tmp/best/$name" ] && continue
  if [ -n "${BONX_BLESS:-}" ]; then
    mkdir -p "$GOLD" && cp "$out" "$GOLD/$name.txt" && ok
  elif cmp -s "$GOLD/$name.txt" "$out"; then
    ok
  else
    bad "numbers $name ($(basename "$(dirname "$out")") path): $(diff "$GOLD/$name.txt" "$out" | grep -c '^>') lines differ from" \
        "$GOLD/$name.txt, e.g. $(diff "$GOLD/$name.txt" "$out" | grep -m 1 '^>' | cut -c1-160)"
  fi
done
e2e_finish
