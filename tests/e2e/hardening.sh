#!/bin/sh
# Issue 11 (hardening): the command-line reproducers of the defects, each now a clean result or
# a one-line error with exit 2, never a crash, a hang, nan/inf or a silently wrong number.
# Prints "e2e: N passed, N failed".
. "$(dirname "$0")/../e2e_lib.sh"

# no_nonfinite DESC: the last run exited 0 and printed no nan/inf anywhere
no_nonfinite() {
  if [ $rc -ne 0 ] || grep -qiw 'nan\|-nan\|inf\|-inf' "$tmp/out" || [ -s "$tmp/err" ]; then
    bad "$1: rc=$rc, $(head -c 300 "$tmp/out") / $(head -c 300 "$tmp/err")"
  else ok; fi
}

# ---- item 1: a temperature below 1e-308 (all log weights -inf before) read cum[-1]
run corpora --dist 1:0,1:1 --beta 1 --corpus-size 3 --corpora 1 --adaptor temperature:1e-320
[ $rc -eq 0 ] && [ ! -s "$tmp/err" ] && ok || bad "corpora temperature:1e-320: rc=$rc $(head -c 300 "$tmp/err")"
run corpora --dist 1:0,2:1,3:2 --beta 1 --corpus-size 5 --corpora 3 --adaptor 'temperature:4.9e-324+top-p:0.5'
[ $rc -eq 0 ] && ok || bad "corpora temperature:4.9e-324+top-p: rc=$rc $(head -c 300 "$tmp/err")"
# the mode holds all the mass: every corpus averages the top outcome's reward exactly
awk 'NR > 1 && NF == 5 && $4 != 2 { exit 1 }' "$tmp/out" && ok || bad "tiny temperature: corpora not all on the mode: $(cat "$tmp/out")"

# ---- item 8: START == STOP is START at every point
run bon --preset binary --n 15:15:7 --format csv
if [ $rc -eq 0 ] && [ "$(sed 1d "$tmp/out" | cut -d, -f1 | sort -u)" = 15 ] && [ "$(sed 1d "$tmp/out" | wc -l)" -eq 7 ]; then ok
else bad "15:15:7: $(cut -d, -f1 "$tmp/out" | tr '\n' ' ')"; fi
run klrl --preset binary --beta 0.3:0.3:5log --format csv
if [ $rc -eq 0 ] && [ "$(sed 1d "$tmp/out" | cut -d, -f1 | sort -u)" = 0.29999999999999999 ]; then ok
else bad "0.3:0.3:5log: $(cut -d, -f1 "$tmp/out" | tr '\n' ' ')"; fi

e2e_finish
