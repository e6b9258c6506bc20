#!/bin/sh
# SPDX-License-Identifier: MIT
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

# ---- item 4: subnormal probabilities (pmf printed inf, klrl kl = nan); values from mpmath
run pmf --dist '91:1,21e-320:3' --policy klrl:1e-6 --format csv
no_nonfinite "pmf klrl with p = 2.3e-321"
[ "$(sed -n 3p "$tmp/out" | cut -d, -f5)" = 1 ] && [ "$(sed -n 2p "$tmp/out" | cut -d, -f5)" = 0 ] && ok ||
  bad "pmf subnormal: $(cat "$tmp/out")"
run klrl --dist '9:1,131e-320:37' --beta 0.05 --format csv
no_nonfinite "klrl with p = 1.5e-319"
# mpmath (60 digits): kl 0.000514972946587247179, win rate 0.500000358117487374
awk -F, 'NR == 2 { d = ($2 - 0.000514972946587247179) / 0.000514972946587247179; if (d < 0) d = -d;
  e = $3 - 0.500000358117487374; if (e < 0) e = -e; exit !(d < 1e-12 && e < 1e-15) }' "$tmp/out" && ok ||
  bad "klrl subnormal p vs mpmath: $(cat "$tmp/out")"
run rr --dist '91:1,21e-320:3'
no_nonfinite "rr levels with a subnormal top group"
expect_err "rr at a tau whose 1/q overflows" rr "exceed the double range" rr --dist '91:1,21e-320:3' --tau 3

# ---- item 5: rewards near +-1e308 or subnormal
run tradeoff --dist '1:1e308,1:-1e308' --points 3
no_nonfinite "tradeoff with rewards +-1e308"
run plot tradeoff --dist '1:1e308,1:-1e308' --width 60 --height 16
[ $rc -eq 0 ] && [ ! -s "$tmp/err" ] && ok || bad "plot tradeoff +-1e308: rc=$rc $(head -c 300 "$tmp/err")"
expect_err "klrl --kl 0.1 at +-1e308 needs beta 2.1e308" klrl "larger than any double" \
  klrl --dist '1:1e308,1:-1e308' --kl 0.1
run klrl --dist '1:1e308,1:-1e308' --kl 0.6 --format csv
no_nonfinite "klrl --kl 0.6 at +-1e308"
awk -F, 'NR == 2 { d = $2 - 0.6; if (d < 0) d = -d; exit !(d < 1e-12 && $1 > 1e306 && $1 < 1e308) }' \
  "$tmp/out" && ok || bad "klrl --kl 0.6 at +-1e308: $(cat "$tmp/out")"
run klrl --dist '1:1e-310,1:0' --kl 0.1 --format csv
no_nonfinite "klrl --kl with subnormal rewards"
# the beta is 1e-310 times the one for rewards (1, 0): 1.0599473157081751...
# (a subnormal beta has ~44 bits: compare its first 11 digits as text, awk has no subnormals)
awk -F, 'NR == 2 { e = $2 - 0.1; if (e < 0) e = -e; exit !(substr($1, 1, 12) == "1.0599473157" &&
  $1 ~ /e-310$/ && e < 1e-9) }' "$tmp/out" && ok || bad "klrl subnormal rewards: $(cat "$tmp/out")"
run tradeoff --dist '1:1e-310,1:0' --points 3
no_nonfinite "tradeoff with subnormal rewards"
for d in '1:1e308,1:-1e308' '1:1e308,1:1.7e308' '1:1.7976931348623157e308,1:-1.7976931348623157e308,2:0'; do
  run simulate --dist "$d" --policy bon:4
  no_nonfinite "simulate bon:4 $d"
  run simulate --dist "$d" --policy klrl:1e308
  no_nonfinite "simulate klrl:1e308 $d"
done
expect_err "asym: sequence rewards beyond the range" asym "beyond the double range" \
  asym --dist '1:1e308,1:-1e308' --m 2 --delta 0.1

# the estimator's band at t = 1e308 overflowed to nan (found by the seeded CI fuzz smoke)
expect_err "bon --t beyond 1e300" bon "spread parameter t must be from 0 to 1e+300" \
  bon --dist 1:0,1:1,2:3,1e13:-4 --n 20 --t 1e308
expect_ok "bon --t 1e300 is the band's limit" bon --dist 1:0,1:1,2:3,1e13:-4 --n 20 --t 1e300
if grep -qE 'nan|inf' "$tmp/out"; then bad "bon --t 1e300 printed a non-finite value"; else ok; fi
e2e_finish
