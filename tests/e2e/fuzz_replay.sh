#!/bin/sh
# SPDX-License-Identifier: MIT
# Issue 11: the checked-in fuzz corpus (tests/fuzz/corpus/NAME/, every reproducer of the
# issue among them) replayed through each harness tests/fuzz/NAME.c, built with the project's
# compiler and ASan + UBSan around tests/fuzz/replay_main.c (no libFuzzer needed): each
# harness must get through its whole corpus without a sanitizer report or a broken invariant.
# One case per harness.  Prints "e2e: N passed, N failed".
. "$(dirname "$0")/../e2e_lib.sh"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
for src in tests/fuzz/fuzz_*.c; do
  name=$(basename "$src" .c)
  bin=build/san/fuzz/$name corpus=tests/fuzz/corpus/$name
  if [ ! -x "$bin" ]; then bad "$name: $bin not built (make test builds it)"; continue; fi
  if [ -z "$(ls "$corpus" 2>/dev/null)" ]; then bad "$name: empty corpus $corpus"; continue; fi
  if "$bin" "$corpus" >"$tmp/out" 2>"$tmp/err"; then
    ok
    echo "$name: $(cat "$tmp/out")"
  else
    bad "$name: $(grep -m1 -B2 -A12 'invariant\|ERROR\|runtime error' "$tmp/err" | head -30)"
  fi
done
e2e_finish
