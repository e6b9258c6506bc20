#!/bin/sh
# SPDX-License-Identifier: MIT
# End-to-end tests of the headless command line (issue 2), driving the sanitised binary:
# every command, every format, every error of the contract (exit 2, nothing on stdout, one
# line "bonx CMD: ..." on stderr), and numbers against closed forms (MATH.md Example 1:
# p = (1/2, 1/2), r = (0, 1): KL = log 2 - h(2^-n), WR = 3/4 - 2^-(n+1)).
# Prints "e2e: N passed, N failed"; exits non-zero on any failure.
. "$(dirname "$0")/../e2e_lib.sh"

# check_awk DESC AWKPROG: run AWKPROG over $tmp/out (csv); it prints "ok" or a reason
check_awk() {
  desc=$1 prog=$2
  res=$(awk -F, "$prog" "$tmp/out")
  if [ "$res" = ok ]; then ok; else bad "$desc: $res"; fi
}

# awk helpers: relative+absolute closeness, binary entropy, sigmoid
AWKLIB='
function abs(x) { return x < 0 ? -x : x }
function near(got, want, tol) { return abs(got - want) <= tol * abs(want) + 1e-14 }
function h(x) { return (x > 0 ? -x * log(x) : 0) - (x < 1 ? (1 - x) * log(1 - x) : 0) }
function sig(x) { return 1 / (1 + exp(-x)) }
'

# ---------------------------------------------------------------- help and dispatch
for c in bon klrl rr pmf tradeoff presets bench; do
  run "$c" --help
  if [ $rc -eq 0 ] && head -n 1 "$tmp/out" | grep -q "^usage: bonx $c" && [ ! -s "$tmp/err" ]; then
    ok; else bad "$c --help: rc=$rc"; fi
  run "$c" --dist 1:0 -h
  if [ $rc -eq 0 ] && grep -q "^usage: bonx $c" "$tmp/out"; then ok; else bad "$c -h"; fi
done
run --help
if [ $rc -eq 0 ] && grep -q "  bon " "$tmp/out" && grep -q "  tradeoff " "$tmp/out"; then
  ok; else bad "bonx --help lists the commands"; fi

# ---------------------------------------------------------------- bon
expect_ok "bon csv" bon --preset binary --n 1,2,3,5,10,30,60 --format csv
if [ "$(head -n 1 "$tmp/out")" = "n,kl,kl_analytic,kl_estimate,kl_bound_min,kl_bound_sat,win_rate,win_rate_bound,reward" ]
then ok; else bad "bon csv header: $(head -n 1 "$tmp/out")"; fi
check_awk "bon binary closed forms" "$AWKLIB"'
NR > 1 { n = $1; x = 2 ^ -n
  if (!near($2, log(2) - h(x), 1e-12)) { print "kl n=" n ": " $2 " want " log(2) - h(x); exit }
  if (!near($3, log(n) - (n - 1) / n, 1e-12)) { print "kl_analytic n=" n; exit }
  if (!near($7, 0.75 - 2 ^ -(n + 1), 1e-12)) { print "win_rate n=" n ": " $7; exit }
  if (!near($8, n / (n + 1), 1e-12)) { print "win_rate_bound n=" n; exit }
  if (!near($9, 1 - x, 1e-12)) { print "reward n=" n; exit }
  if (!($2 <= $6 + 1e-15 && $6 <= $5 + 1e-15 && $2 <= $3 + 1e-15)) { print "bound order n=" n; exit }
  rows++ }
END { if (rows == 7) print "ok"; else if (rows) print "rows " rows }'

expect_ok "bon csv huge n" bon --dist 1:0,1:1 --n 1e15,1e300 --format csv
check_awk "bon n=1e15, 1e300 finite" "$AWKLIB"'
NR > 1 { if (!near($2, log(2), 1e-12) || !near($7, 0.75, 1e-12)) { print "row " NR ": " $0; exit }
  for (i = 1; i <= 9; i++) if ($i ~ /nan|inf/) { print "non-finite: " $0; exit } rows++ }
END { if (rows == 2) print "ok" }'

expect_ok "bon real n" bon --dist 1:0,1:1 --n 1.5 --format csv
check_awk "bon real n = 1.5" "$AWKLIB"'
NR == 2 { x = 2 ^ -1.5; if (near($2, log(2) - h(x), 1e-12)) print "ok"; else print $2 }'

expect_ok "bon range" bon --preset binary --n 1:1e6:7log --format csv
if [ "$(cut -d, -f1 "$tmp/out" | tr '\n' ' ')" = "n 1 10 100 1000 10000 100000 1000000 " ]
then ok; else bad "bon log range n column: $(cut -d, -f1 "$tmp/out" | tr '\n' ' ')"; fi

expect_ok "bon default n from preset" bon --preset binary --format csv
if [ "$(sed -n 2p "$tmp/out" | cut -d, -f1)" = 4 ]; then ok; else bad "bon default n"; fi

# (not binary: there both outcomes have p = 1/2, so the estimator is constant)
expect_ok "bon --t" bon --dist 1:0,3:1,0.5:2 --n 2 --t 1 --format csv
if head -n 1 "$tmp/out" | grep -q ',reward,est_tilt_lo,est_tilt_hi$'; then ok; else bad "bon --t columns"; fi
check_awk "bon tilted min <= estimate <= tilted max" '
NR == 2 { if ($10 <= $4 + 1e-15 && $4 <= $11 + 1e-15 && $10 < $11) print "ok"; else print $0 }'

# the rare-best example of the issue: naive F^n - F-^n gets log 3; the true KL is 4.27e-6
expect_ok "bon rare best" bon --dist 1:0,1:0,1:0,1e-12:1 --n 1e6 --format csv
check_awk "bon rare best KL" "$AWKLIB"'
NR == 2 { g = 1e-12 / (3 + 1e-12); P = 1 - exp(-1e6 * g); kl = P * log(P / g) + (1 - P) * log((1 - P) / (1 - g))
  if (near($2, kl, 1e-8) && $2 > 4.26e-6 && $2 < 4.28e-6) print "ok"; else print "kl " $2 " want " kl }'

# --bounds (issue 14): the paper's gap bounds after every other column; Example 1 closed forms
expect_ok "bon --bounds" bon --preset binary --n 2,10 --bounds --format csv
if head -n 1 "$tmp/out" | grep -q ',reward,kl_gap,kl_gap_upper,kl_gap_upper_eps,kl_gap_lower,kl_gap_lower_asym,win_rate_gap,win_rate_gap_upper,win_rate_gap_upper_eps,win_rate_gap_lower,win_rate_gap_lower_asym,est_excess,conj_4_4,conj_7_2_margin,conj_7_2$'
then ok; else bad "bon --bounds columns: $(head -n 1 "$tmp/out")"; fi
check_awk "bon --bounds Example 1" "$AWKLIB"'
NR > 1 { n = $1; x = 2 ^ -n
  if (!near($10, log(n) - (n - 1) / n - log(2) + h(x), 1e-12)) { print "kl_gap n=" n ": " $10; exit }
  if (!near($11, n * (n - 1) / 4, 1e-12)) { print "Thm 3.4 n=" n; exit }
  if (!near($15, n / (n + 1) - 0.75 + x / 2, 1e-12)) { print "win_rate_gap n=" n; exit }
  if (!($13 <= $10 && $10 <= $11 && $19 <= $15 && $15 <= $16 * (1 + 1e-15))) { print "order n=" n; exit }
  if ($21 != "ok" || $23 != "ok") { print "conjecture flags n=" n; exit }
  rows++ }
END { if (rows == 2) print "ok" }'
expect_ok "bon --bounds huge n" bon --dist 1:0,2:1,1e-300:2 --n 1e15,1e200,1e300 --bounds --format csv
check_awk "bon --bounds finite at n = 1e300" '
NR > 1 { for (i = 1; i <= NF; i++) if ($i ~ /nan|inf/) { print "non-finite: " $0; exit } rows++ }
END { if (rows == 3) print "ok" }'
expect_ok "bon --bounds Conj 7.2 counterexample" bon --dist 2:0,1:1,1:2,1:3 --n 2,3 --bounds --format csv
check_awk "Conj 7.2 flagged at n = 2 only" '
NR == 2 { a = $23 == "VIOLATED" && $22 > 0.00237 && $22 < 0.00238 } NR == 3 { b = $23 == "ok" }
END { print (a && b) ? "ok" : "flags" }'
expect_ok "tradeoff --bounds" tradeoff --preset ternary --points 5 --bounds --format csv
if [ "$(grep -c '^bound_a6_lower,' "$tmp/out")" -eq 5 ] && grep -q '^conj_7_2,1000000,12.8155' "$tmp/out"
then ok; else bad "tradeoff --bounds rows"; fi

# blockwise (issue 14, seed 001 Thm B.1): M = 1 on Example 1's alphabet is E[L] tokens of best-of-n
expect_ok "blockwise" blockwise --preset binary --n 1,4 --length 1:0.5,2:0.5 --block 1,2 --format csv
if [ "$(head -n 1 "$tmp/out")" = "n,block,expected_blocks,kl,kl_bound,kl_sequence" ]; then ok; else bad "blockwise header"; fi
check_awk "blockwise closed forms" "$AWKLIB"'
NR > 1 { n = $1; m = $2; x = 2 ^ -n; per = log(2) - h(x); kla = log(n) - (n - 1) / n
  if (m == 1 && !(near($3, 1.5, 1e-15) && near($4, 1.5 * per, 1e-12) && near($5, 1.5 * kla, 1e-12))) { print "M=1 n=" n; exit }
  if (m == 2 && !(near($3, 1, 1e-15) && near($4, $6, 1e-15))) { print "M=2 n=" n; exit }
  if ($4 > $5 + 1e-15) { print "Thm B.1 n=" n; exit }
  rows++ }
END { if (rows == 4) print "ok" }'
expect_err "blockwise lengths not summing to 1" blockwise "probabilities sum to 0.9" blockwise --preset binary --n 4 --length 1:0.5,2:0.4
expect_err "blockwise length 0" blockwise "out of range" blockwise --preset binary --n 4 --length 0:1

# ---------------------------------------------------------------- formats
expect_ok "bon table" bon --preset binary --n 1,2
if head -n 1 "$tmp/out" | grep -Eq '^ *n +kl +kl_analytic +kl_estimate +kl_bound_min +kl_bound_sat +win_rate +win_rate_bound +reward$' &&
   [ "$(wc -l <"$tmp/out")" -eq 3 ]; then ok; else bad "table layout"; fi
w1=$(sed -n 1p "$tmp/out" | wc -c); w2=$(sed -n 2p "$tmp/out" | wc -c); w3=$(sed -n 3p "$tmp/out" | wc -c)
if [ "$w1" -eq "$w2" ] && [ "$w2" -eq "$w3" ]; then ok; else bad "table columns aligned ($w1 $w2 $w3)"; fi

expect_ok "bon json" bon --preset binary --n 1,2 --format json
if [ "$(head -n 1 "$tmp/out")" = "[" ] && [ "$(tail -n 1 "$tmp/out")" = "]" ] &&
   [ "$(grep -c '^  {"n": [0-9.e+-]*, "kl": [0-9.e+-]*, "kl_analytic": .*, "reward": [0-9.e+-]*}' "$tmp/out")" -eq 2 ]
then ok; else bad "json layout: $(head -c 300 "$tmp/out")"; fi
if grep -q '"win_rate": 0.625' "$tmp/out"; then ok; else bad "json win_rate at n=2 is 5/8"; fi

expect_ok "csv 17 digits" bon --dist 1:0,2:1 --n 1 --format csv
if sed -n 2p "$tmp/out" | grep -q ',0.66666666666666663$'; then ok; else bad "17 significant digits: $(sed -n 2p "$tmp/out")"; fi

# every command in every format, with the contract's columns in order
check_formats() {
  cols=$1; shift
  expect_ok "$1 csv" "$@" --format csv
  if [ "$(head -n 1 "$tmp/out")" = "$cols" ]; then ok; else bad "$1 csv header: $(head -n 1 "$tmp/out")"; fi
  rows=$(($(wc -l <"$tmp/out") - 1))
  expect_ok "$1 table" "$@" --format table
  want=$(echo "$cols" | tr ',' ' ')
  if [ "$(head -n 1 "$tmp/out" | tr -s ' ' | sed 's/^ //')" = "$want" ] &&
     [ $(($(wc -l <"$tmp/out") - 1)) -eq "$rows" ]; then ok; else bad "$1 table header/rows"; fi
  run "$@"
  if [ "$(head -n 1 "$tmp/out" | tr -s ' ' | sed 's/^ //')" = "$want" ]; then ok; else bad "$1 default is table"; fi
  expect_ok "$1 json" "$@" --format json
  keys=$(echo "$cols" | sed 's/\([^,]*\)/"\1": .*/g; s/,/, /g')
  if [ "$(head -n 1 "$tmp/out")" = "[" ] && [ "$(tail -n 1 "$tmp/out")" = "]" ] &&
     [ "$(grep -c "^  {$keys}" "$tmp/out")" -eq "$rows" ]; then ok; else bad "$1 json rows/keys"; fi
  if command -v python3 >/dev/null 2>&1; then
    if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d)==int(sys.argv[2])' "$tmp/out" "$rows"
    then ok; else bad "$1 json does not parse"; fi
  fi
}
check_formats "n,kl,kl_analytic,kl_estimate,kl_bound_min,kl_bound_sat,win_rate,win_rate_bound,reward" \
  bon --preset staircase --n 1:1e8:9log
check_formats "beta,kl,win_rate,reward" klrl --preset needle --kl 0.5,2,12
check_formats "beta,kl,win_rate,reward" klrl --preset ties --beta 0.1,1,10 --calibrated
check_formats "tau,accept_prob,kl,win_rate,reward,expected_trials" rr --preset uniform-10
check_formats "index,label,p,reward,pi" pmf --preset ternary --policy klrl:1
check_formats "policy,param,kl,win_rate,reward" tradeoff --preset ties --points 5
check_formats "name,title" presets

# ---------------------------------------------------------------- klrl
expect_ok "klrl beta" klrl --preset binary --beta 0.25,0.5,1,2,10 --format csv
if [ "$(head -n 1 "$tmp/out")" = "beta,kl,win_rate,reward" ]; then ok; else bad "klrl header"; fi
check_awk "klrl binary closed form" "$AWKLIB"'
NR > 1 { q = sig(1 / $1); kl = log(2) + q * log(q) + (1 - q) * log(1 - q)
  if (!near($2, kl, 1e-12) || !near($3, 0.25 + q / 2, 1e-12) || !near($4, q, 1e-12)) { print $0 " want " kl; exit }
  rows++ }
END { if (rows == 5) print "ok" }'

expect_ok "klrl kl targets" klrl --preset ternary --kl 0.1,0.5,1,1.6 --format csv
check_awk "klrl --kl round trip" "$AWKLIB"'
NR > 1 { split("0.1 0.5 1 1.6", t, " "); if (!near($2, t[NR - 1], 1e-12)) { print "kl " $2; exit } rows++ }
END { if (rows == 4) print "ok" }'

expect_ok "klrl calibrated" klrl --preset ternary --kl 0.5 --calibrated --format csv
cal=$(sed -n 2p "$tmp/out" | cut -d, -f3)
run klrl --preset ternary --kl 0.5 --format csv
plain=$(sed -n 2p "$tmp/out" | cut -d, -f3)
if awk -v a="$cal" -v b="$plain" 'BEGIN { exit !(a >= b) }'; then ok; else bad "calibrated win rate $cal < reward tilt $plain at the same KL"; fi

expect_ok "klrl default beta" klrl --preset binary --format csv
if [ "$(sed -n 2p "$tmp/out" | cut -d, -f1)" = 1 ]; then ok; else bad "klrl default beta"; fi

# ---------------------------------------------------------------- rr
expect_ok "rr default levels" rr --preset binary --format csv
if [ "$(cat "$tmp/out")" = "tau,accept_prob,kl,win_rate,reward,expected_trials
0,1,0,0.5,0.5,1
1,0.5,0.69314718055994529,0.75,1,2" ]; then ok; else bad "rr binary: $(cat "$tmp/out")"; fi

expect_ok "rr tau list" rr --dist 1:0,1:1,2:3 --tau 0.5,2,3 --format csv
check_awk "rr closed form" "$AWKLIB"'
NR == 2 { if (!near($2, 0.75, 1e-15) || !near($3, log(4 / 3), 1e-12) || !near($6, 4 / 3, 1e-15)) { print $0; exit } }
NR == 4 { if (!near($2, 0.5, 1e-15) || !near($3, log(2), 1e-12) || !near($4, 0.75, 1e-15) || !near($5, 3, 1e-15)) { print $0; exit } rows = 1 }
END { if (rows) print "ok" }'

# ---------------------------------------------------------------- pmf
expect_ok "pmf bon" pmf --dist 'bad=1:0,good=1:1' --policy bon:3 --format csv
if [ "$(cut -d, -f1-4 "$tmp/out")" = "index,label,p,reward
1,bad,0.5,0
2,good,0.5,1" ]; then ok; else bad "pmf bon:3: $(cat "$tmp/out")"; fi
check_awk "pmf bon:3 = (1/8, 7/8)" "$AWKLIB"'
NR == 2 { a = near($5, 0.125, 1e-14) } NR == 3 { b = near($5, 0.875, 1e-14) } END { if (a && b) print "ok"; else print "pi" }'
expect_ok "pmf klrl" pmf --preset binary --policy klrl:0.5 --format csv
check_awk "pmf klrl sigmoid" "$AWKLIB"'
NR == 3 { if (near($5, sig(2), 1e-12)) print "ok"; else print $5 }'
expect_ok "pmf klrl_calibrated" pmf --preset ternary --policy klrl_calibrated:0.5 --format csv
check_awk "pmf sums to 1" "$AWKLIB"'NR > 1 { s += $5 } END { if (near(s, 1, 1e-14)) print "ok"; else print s }'
# seed 002 Eq 4: for klrl:BETA the implied reward is the reward minus BETA log Z, the same
# shift on every outcome; p = 0 gives nan, pi = 0 < p an error
expect_ok "pmf --implied" pmf --preset ternary --policy klrl:0.5 --implied 0.5 --format csv
check_awk "pmf --implied = reward - beta log Z" "$AWKLIB"'
NR == 1 { if ($6 != "implied_reward") { print "header " $0; exit } }
NR == 2 { c = $4 - $6 } NR > 2 { if (!near($4 - $6, c, 1e-14)) { print $0; exit } } END { print "ok" }'
expect_ok "pmf --implied p = 0" pmf --dist 0:5,1:0,1:1 --policy bon:2 --implied 1 --format csv
check_awk "pmf --implied nan at p = 0" "$AWKLIB"'NR == 2 { if ($6 == "nan") print "ok"; else print $0 }'
run pmf --dist 1:0,1:1,2:2 --policy rr:1 --implied 1
if [ $rc -eq 2 ] && grep -q 'implied reward is -inf' "$tmp/err"; then ok; else bad "pmf --implied rr: rc=$rc"; fi
expect_ok "pmf rr" pmf --preset ties --policy rr:2 --format csv
check_awk "pmf rr ties" "$AWKLIB"'
NR > 1 { want = ($4 >= 2) ? 0.5 : 0; if (!near($5, want, 1e-15)) { print $0; exit } } END { print "ok" }'
expect_ok "pmf json labels" pmf --preset binary --policy bon:1 --format json
if grep -q '"index": 1, "label": "bad", "p": 0.5, "reward": 0, "pi": 0.5' "$tmp/out"; then ok; else bad "pmf json: $(cat "$tmp/out")"; fi

# ---------------------------------------------------------------- tradeoff
expect_ok "tradeoff" tradeoff --preset binary --points 16 --format csv
if [ "$(head -n 1 "$tmp/out")" = "policy,param,kl,win_rate,reward" ]; then ok; else bad "tradeoff header"; fi
check_awk "tradeoff policies and closed forms" "$AWKLIB"'
NR > 1 { seen[$1]++
  if ($1 == "bon" && !near($3, log(2) - h(2 ^ -$2), 1e-12)) { print "bon " $0; exit }
  if ($1 == "bon_analytic" && !near($3, log($2) - ($2 - 1) / $2, 1e-12)) { print "bon_analytic " $0; exit }
  if ($1 == "klrl" && $2 < 1e300) { q = sig(1 / $2); if (!near($3, log(2) + q * log(q) + (1 - q) * log(1 - q), 1e-9)) { print "klrl " $0; exit } }
  if ($1 == "rr" && !($3 == 0 || near($3, log(2), 1e-15))) { print "rr " $0; exit } }
END { if (seen["bon"] == 16 && seen["bon_analytic"] == 16 && seen["klrl"] >= 2 && seen["klrl_calibrated"] >= 2 && seen["rr"] == 2) print "ok"
      else print "counts " seen["bon"] " " seen["bon_analytic"] " " seen["klrl"] " " seen["klrl_calibrated"] " " seen["rr"] }'
expect_ok "tradeoff json" tradeoff --preset needle --points 8 --format json
if grep -q '"policy": "klrl_calibrated"' "$tmp/out"; then ok; else bad "tradeoff json"; fi
expect_ok "tradeoff table" tradeoff --preset ternary --points 4

# ---------------------------------------------------------------- presets
expect_ok "presets" presets --format csv
for p in binary uniform-10 uniform-100 uniform-1000 needle staircase ternary ties many-rare; do
  if grep -q "^$p," "$tmp/out"; then ok; else bad "presets lists $p"; fi
done
expect_ok "presets json" presets --format json
expect_ok "presets table" presets
# every shipped preset loads into every command
for p in binary uniform-10 uniform-100 uniform-1000 needle staircase ternary ties many-rare; do
  expect_ok "bon --preset $p" bon --preset "$p" --n 1,7,1e6 --format csv
  expect_ok "rr --preset $p" rr --preset "$p" --format csv
done

# the search path without $BONX_PRESETS: ../share/bonx/presets beside the executable's
# directory (an installed tree, wherever it lies); a presets/ directory next to the
# executable is not searched (tests/e2e/package.sh)
mkdir -p "$tmp/inst/bin" "$tmp/inst/share/bonx/presets"
cp "$BONX" "$tmp/inst/bin/bonx" && cp presets/*.bonx "$tmp/inst/share/bonx/presets/"
out=$(cd / && env -u BONX_PRESETS "$tmp/inst/bin/bonx" bon --preset needle --n 1 --format csv 2>&1)
if [ "$(echo "$out" | sed -n 2p | cut -d, -f1)" = 1 ]; then ok; else bad "preset search for an installed tree: $out"; fi
out=$(env -u BONX_PRESETS "$tmp/inst/bin/bonx" presets --format csv 2>&1 | grep -v '^name,' | grep -c '^[a-z0-9-]*,')
if [ "$out" -ge 9 ]; then ok; else bad "installed bonx presets lists $out"; fi

# ---------------------------------------------------------------- the numbers the notes quote
# note_check DESC AWKCOND ARGS...: run bonx ARGS --format csv; AWKCOND over the data rows
# (as an awk program printing "ok") must hold
note_check() {
  nd=$1 np=$2; shift 2
  expect_ok "note $nd" "$@" --format csv
  check_awk "note $nd" "$AWKLIB$np"
}
# r(x, d): x rounded to d decimals
R='function r(x, d) { return sprintf("%.*f", d, x) }'
note_check "binary: formula 12.8 at 1e6" "$R"'NR == 2 { print (r($3, 1) == "12.8" && $2 <= log(2)) ? "ok" : $0 }' \
  bon --preset binary --n 1e6
note_check "uniform-10" "$R"'NR == 2 { a = r($2, 3) == "0.798" && r($3, 3) == "0.809" }
  NR == 3 { b = r($2, 2) == "2.27" && r($3, 2) == "2.93" } END { print (a && b) ? "ok" : "numbers" }' \
  bon --preset uniform-10 --n 5,50
note_check "uniform-100" "$R"'NR == 2 { a = r($2, 4) == "1.4022" && r($3, 4) == "1.4026" }
  NR == 3 { b = r($2, 2) == "3.57" && r($3, 2) == "3.62" } NR == 4 { c = r($2, 3) == "4.605" && r($3, 2) == "5.91" }
  END { print (a && b && c) ? "ok" : "numbers" }' bon --preset uniform-100 --n 10,100,1000
note_check "uniform-1000" "$R"'NR == 2 { a = r($2, 3) == r($3, 3) } NR == 3 { b = r($2, 4) == "6.9073" && r($3, 2) == "8.21" }
  END { print (a && b) ? "ok" : "numbers" }' bon --preset uniform-1000 --n 50,1e4
note_check "needle" "$R"'NR == 2 || NR == 3 { if (r($2, 2) != "1.10" && r($2, 2) != "1.11") bad = 1 }
  NR == 3 { a = r($3, 1) == "5.9" } NR == 4 { b = r($2, 1) == "12.6" } END { print (!bad && a && b) ? "ok" : "numbers" }' \
  bon --preset needle --n 100,1000,1e7
note_check "staircase" "$R"'NR == 2 { a = r($2, 1) == "4.0" } NR == 3 { b = r($2, 1) == "8.6" } NR == 4 { c = r($2, 2) == "13.14" }
  END { print (a && b && c) ? "ok" : "numbers" }' bon --preset staircase --n 316,3.16e4,1e8
note_check "ternary klrl" "$R"'NR > 1 { got = got " " r($5, 3) } END { print got == " 0.397 0.119 0.484" ? "ok" : got }' \
  pmf --preset ternary --policy klrl:1
note_check "ternary bon" "$R"'NR == 2 { print r($2, 3) == "1.609" ? "ok" : $2 }' bon --preset ternary --n 1e6
note_check "ties" "$R"'NR == 2 { print (r($2, 3) == "2.079" && r($4, 3) == "2.773") ? "ok" : $0 }' bon --preset ties --n 1e6
note_check "many-rare" "$R"'NR == 2 { a = ($3 - $2) / $2 < 0.0007 && r($2, 4) == "3.6127" && r($3, 4) == "3.6152" }
  NR == 3 { b = r($2, 3) == "6.268" } END { print (a && b) ? "ok" : "numbers" }' bon --preset many-rare --n 100,1e5
expect_ok "many-rare p" pmf --preset many-rare --policy bon:1 --format csv
check_awk "many-rare: none above 0.0033" 'NR > 1 && $3 > m { m = $3 } END { print (m < 0.0033 && m > 0.0032) ? "ok" : m }'

# ---------------------------------------------------------------- --file
cat >"$tmp/mine.bonx" <<'EOF'
title: mine
n: 2
a 1 0
b 1 1
EOF
expect_ok "file" bon --file "$tmp/mine.bonx" --format csv
check_awk "file default n" "$AWKLIB"'NR == 2 { if ($1 == 2 && near($2, log(2) - h(0.25), 1e-12)) print "ok"; else print $0 }'
printf 'a 1 0\nb -1 1\n' >"$tmp/neg.bonx"
printf 'title: t\nn: 0\na 1 0\n' >"$tmp/n0.bonx"
printf '' >"$tmp/empty.bonx"

# ---------------------------------------------------------------- errors (exit 2, stderr only)
expect_err "unparsable dist" bon "not WEIGHT:REWARD" bon --dist 'abc' --n 2
expect_err "unparsable weight" bon "weight 'x' is not a number" bon --dist 'x:1' --n 2
expect_err "empty dist" bon "empty distribution" bon --dist '' --n 2
expect_err "negative weight" bon "weight is negative" bon --dist '1:0,-1:1' --n 2
expect_err "NaN weight" bon "is not a number" bon --dist 'nan:0,1:1' --n 2
expect_err "infinite weight" klrl "not finite" klrl --dist 'inf:0,1:1' --beta 1
expect_err "NaN reward" rr "reward 'nan' is not a number" rr --dist '1:nan'
expect_err "infinite reward" pmf "reward 'inf' is not finite" pmf --dist '1:inf' --policy bon:2
expect_err "zero total mass" bon "total weight is zero" bon --dist '0:0,0:1' --n 2
expect_err "n < 1" bon "n must be >= 1" bon --preset binary --n 0.5
expect_err "n < 1 in range" bon "n must be >= 1" bon --preset binary --n 0:10:3
expect_err "n < 1 in pmf" pmf "n must be >= 1" pmf --preset binary --policy bon:0
expect_err "beta <= 0" klrl "beta must be > 0" klrl --preset binary --beta 1,0
expect_err "beta < 0 in pmf" pmf "beta must be > 0" pmf --preset binary --policy klrl:-1
expect_err "unreachable KL" klrl "0.69314718055994" klrl --preset binary --kl 0.7
expect_err "unreachable KL calibrated" klrl "kl" klrl --preset binary --kl 5 --calibrated
expect_err "tau above every reward" rr "tau" rr --preset binary --tau 1.5
expect_err "tau above in pmf" pmf "" pmf --preset binary --policy rr:2
expect_err "unknown policy" pmf "unknown policy 'best:3'" pmf --preset binary --policy best:3
expect_err "policy without value" pmf "needs a value" pmf --preset binary --policy bon
expect_err "missing policy" pmf "--policy" pmf --preset binary
expect_err "unknown preset" bon "unknown preset 'nope'" bon --preset nope --n 2
expect_err "unknown option bon" bon "unknown option '--m'" bon --preset binary --m 2
expect_err "unknown option klrl" klrl "unknown option" klrl --preset binary --beat 2
expect_err "unknown option rr" rr "unknown option" rr --preset binary -x
expect_err "unknown option pmf" pmf "unknown option" pmf --preset binary --policy bon:2 extra
expect_err "unknown option tradeoff" tradeoff "unknown option" tradeoff --preset binary --point 3
expect_err "unknown option presets" presets "unknown option" presets --all
expect_err "presets takes no source" presets "unknown option" presets --preset binary
expect_err "unknown option bench" bench "unknown option" bench --fast
expect_err "unknown benchmark" bench "unknown benchmark 'nope'" bench --only nope
expect_err "unreadable file" bon "cannot open" bon --file "$tmp/does-not-exist.bonx" --n 2
expect_err "malformed file" bon "$tmp/neg.bonx:2: weight is negative (-1)" bon --file "$tmp/neg.bonx" --n 2
expect_err "malformed file n" rr "$tmp/n0.bonx:2: n must be >= 1" rr --file "$tmp/n0.bonx"
expect_err "empty file" klrl "$tmp/empty.bonx:1: no outcomes" klrl --file "$tmp/empty.bonx" --beta 1
expect_err "directory as file" bon "" bon --file "$tmp" --n 2
expect_err "no source" bon "no distribution given" bon --n 2
expect_err "two sources" bon "only one of" bon --preset binary --dist 1:0 --n 2
expect_err "bad format" bon "unknown format 'xml'" bon --preset binary --n 2 --format xml
expect_err "missing value" bon "option --n needs a value" bon --preset binary --n
expect_err "bad list" bon "list item 2" bon --preset binary --n 1,,2
expect_err "bad range" bon "log spacing needs" bon --preset binary --n 0:10:5log
expect_err "no n" bon "--n LIST is required" bon --dist 1:0,1:1
expect_err "no beta" klrl "--beta LIST or --kl LIST is required" klrl --dist 1:0,1:1
expect_err "beta and kl" klrl "not both" klrl --preset binary --beta 1 --kl 0.1
expect_err "bad points" tradeoff "--points" tradeoff --preset binary --points 1
expect_err "bad --t" bon "--t" bon --preset binary --n 2 --t 0
run frobnicate
if [ $rc -eq 2 ] && [ ! -s "$tmp/out" ] && grep -q "^bonx: .*frobnicate" "$tmp/err"
then ok; else bad "unknown command: rc=$rc"; fi

# ---------------------------------------------------------------- CSV quoting (RFC 4180)
# a label with a comma or a quote is one quoted field, quotes doubled (tables and figure data
# share ui/csv.c)
printf 'title: q\nx,y 1 0\nq"z 1 1\n' >"$tmp/quote.bonx"
run pmf --file "$tmp/quote.bonx" --policy bon:2 --format csv
if [ $rc -eq 0 ] && grep -qx '1,"x,y",0.5,0,0.25' "$tmp/out" && grep -qx '2,"q""z",0.5,1,0.75' "$tmp/out"
then ok; else bad "csv quoting of labels: rc=$rc: $(cat "$tmp/out")"; fi

# ---------------------------------------------------------------- -0 prints as 0
# (a one-outcome corpus has log_prob -(0); a typed reward -0 is 0 too)
run corpora --dist 1:1 --beta 1 --corpus-size 2 --corpora 1 --format csv
if [ $rc -eq 0 ] && grep -qx 'ancestral,1,0,1,1,0,1' "$tmp/out"; then ok; else
  bad "corpora -0: rc=$rc: $(cat "$tmp/out")"; fi
run pmf --dist 1:-0 --policy bon:2
if [ $rc -eq 0 ] && ! grep -q -- '-0' "$tmp/out"; then ok; else bad "pmf -0: $(cat "$tmp/out")"; fi

e2e_finish
