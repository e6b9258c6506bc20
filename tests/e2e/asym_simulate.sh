#!/bin/sh
# SPDX-License-Identifier: MIT
# End-to-end tests of `bonx asym` and `bonx simulate` (issue 5), driving the sanitised
# binary: columns and row order, closed forms at m = 1 (MATH.md Example 1: best-of-N with
# N = e^delta is best-of-n, KL = log 2 - h(2^-n), reward 1 - 2^-n), the per-token limits,
# reproducible seeds, means within standard errors, and the error contract (exit 2, nothing
# on stdout, one line "bonx CMD: ..." on stderr).
# Prints "e2e: N passed, N failed"; exits non-zero on any failure.
. "$(dirname "$0")/../e2e_lib.sh"

check_awk() {
  desc=$1 prog=$2
  res=$(awk -F, "$AWKLIB $prog" "$tmp/out")
  if [ "$res" = ok ]; then ok; else bad "$desc: $res"; fi
}

AWKLIB='
function abs(x) { return x < 0 ? -x : x }
function near(got, want, tol) { return abs(got - want) <= tol * abs(want) + 1e-14 }
function h(x) { return (x > 0 ? -x * log(x) : 0) - (x < 1 ? (1 - x) * log(1 - x) : 0) }
'
EX1="--dist 1:0,1:1"
T3="--dist a=0.5:0,b=0.3:1,c=0.2:3"

# ---- asym -----------------------------------------------------------------------------
expect_ok "asym --help" asym --help
expect_ok "asym csv" asym $EX1 --m 1,2,3 --delta 0.1,0.5 --format csv
if [ "$(head -n 1 "$tmp/out")" = "m,delta,log_n,kl_to_optimal_per_token,kl_per_token,reward_per_token,optimal_reward_per_token,lambda,cgf,renyi_cross_entropy,type_upper_margin,type_lower_margin,ball_miss_inside,ball_hit_outside" ]; then ok; else bad "asym header: $(head -n 1 "$tmp/out")"; fi
# seed 000: cgf = -lambda * H_(1+lambda); Example 1 (rewards 0, 1): cgf = log((1 + e^lambda)/2);
# seed 003: the type bounds hold (upper margin 0 at the pure types, lower >= 0)
check_awk "asym cgf and type margins" '
NR > 1 { want = log((1 + exp($8)) / 2); d = $9 - want; if (d < 0) d = -d
         e = $9 + $8 * $10; if (e < 0) e = -e
         if (d > 1e-14 || e > 1e-14 || $11 != 0 || $12 < 0) { print $0; exit } }
END { print "ok" }'

check_awk "asym rows: m varying fastest, log_n = m*delta" '
NR == 1 { next }
{ i = NR - 2; m = i % 3 + 1; d = (i < 3) ? 0.1 : 0.5
  if ($1 != m || !near($2, d, 1e-15) || !near($3, m * d, 1e-15)) { print "row " NR ": " $0; bad = 1 } }
END { if (NR != 7) print "rows: " NR - 1; else if (!bad) print "ok" }'
check_awk "asym m = 1 is best-of-n (Example 1 closed form)" '
$1 == 1 { n = exp($2); x = 2 ^ -n
  if (!near($5, log(2) - h(x), 1e-12) || !near($6, 1 - x, 1e-14)) { print "m=1: " $0; bad = 1 } }
END { if (!bad) print "ok" }'
expect_ok "asym limits" asym $T3 --m 1,10,100,1000 --delta 0.4 --format csv
check_awk "asym: KL to optimum falls, KL -> delta, reward -> optimum" '
NR == 1 { next }
NR > 2 && !($4 < k4 && $5 > k5 && abs($6 - $7) < abs(r6 - r7)) { print "not monotone at " $0; bad = 1 }
{ k4 = $4; k5 = $5; r6 = $6; r7 = $7 }
END { if (!bad && k4 < 0.01 && 0.4 - k5 < 0.01) print "ok"; else if (!bad) print "limits " k4 " " k5 }'
expect_ok "asym json" asym $EX1 --m 4 --delta 0.3 --format json
if grep -q '"m": 4' "$tmp/out" && grep -q '"kl_to_optimal_per_token"' "$tmp/out"; then ok; else bad "asym json: $(cat "$tmp/out")"; fi
expect_err "asym delta at the limit" asym "log(1/g_top) = 0.6931471806" asym $EX1 --m 1 --delta 0.7
expect_err "asym delta 0" asym "--delta" asym $EX1 --m 1 --delta 0
expect_err "asym m not integer" asym "--m" asym $EX1 --m 2.5 --delta 0.1
expect_err "asym m 0" asym "--m" asym $EX1 --m 0 --delta 0.1
expect_err "asym too many types" asym "types" asym --dist 1:0,1:1,1:2,1:3,1:4,1:5,1:6,1:7 --m 1000 --delta 0.1
expect_err "asym missing --delta" asym "--delta" asym $EX1 --m 1
expect_err "asym missing source" asym "" asym --m 1 --delta 0.1
expect_err "asym unknown option" asym "--bogus" asym $EX1 --m 1 --delta 0.1 --bogus
expect_err "asym one reward level" asym "log(1/g_top) = 0" asym --dist 1:2,3:2 --m 3 --delta 0.1

expect_ok "asym --plot" asym $T3 --m 1,10,100 --delta 0.2,0.4 --plot --ascii --width 60 --height 16
if [ "$(grep -c "vs the KL optimum" "$tmp/out")" = 2 ] && ! LC_ALL=C grep -q '[^ -~]' "$tmp/out"; then ok; else bad "asym --plot: two ASCII charts expected"; fi
expect_err "asym --plot width" asym "--width" asym $T3 --m 1 --delta 0.2 --plot --width 0

# ---- simulate -------------------------------------------------------------------------
expect_ok "simulate --help" simulate --help
expect_ok "simulate bon csv" simulate $T3 --policy bon:5 --samples 100000 --seed 7 --t 0.5 --format csv
cp "$tmp/out" "$tmp/first"
if [ "$(head -n 1 "$tmp/out")" = "quantity,exact,mean,stderr,seed,method,samples" ]; then ok; else bad "simulate header"; fi
rows=$(cut -d, -f1 "$tmp/out" | tr '\n' ' ')
if [ "$rows" = "quantity pi:a pi:b pi:c chi_square win_rate reward draws kl kl_estimate kl_estimate_tilt_lo kl_estimate_tilt_hi " ]; then ok; else bad "simulate bon rows: $rows"; fi
check_awk "simulate bon: means within 6 standard errors" '
NR == 1 { next }
{ se = $4; if ($1 ~ /^pi:/) se = sqrt($2 * (1 - $2) / 100000) + 1e-5
  if (abs($3 - $2) > 6 * se + 1e-12) { print "off: " $0; bad = 1 } }
END { if (!bad) print "ok" }'
check_awk "simulate bon: exact column of Example-free table (pi_5 of c = 1 - 0.8^5)" '
$1 == "pi:c" { if (near($2, 1 - 0.8 ^ 5, 1e-14)) print "ok"; else print $0 }'
run simulate $T3 --policy bon:5 --samples 100000 --seed 7 --t 0.5 --format csv
if cmp -s "$tmp/out" "$tmp/first"; then ok; else bad "same seed, different output"; fi
run simulate $T3 --policy bon:5 --samples 100000 --seed 8 --t 0.5 --format csv
if [ "$(cut -d, -f1-4 "$tmp/out")" = "$(cut -d, -f1-4 "$tmp/first")" ]; then bad "different seed, same numbers"; else ok; fi
expect_ok "simulate literal" simulate $T3 --policy bon:5 --method literal --samples 50000 --format csv
check_awk "simulate literal: means within 6 standard errors" '
NR == 1 { next }
{ se = $4; if ($1 ~ /^pi:/) se = sqrt($2 * (1 - $2) / 50000) + 2e-5
  if (abs($3 - $2) > 6 * se + 1e-12) { print "off: " $0; bad = 1 } }
END { if (!bad) print "ok" }'
expect_ok "simulate rr" simulate $T3 --policy rr:1 --samples 50000 --format csv
check_awk "simulate rr: kl_harmonic exact log(1/q), draws 1/q" '
$1 == "kl_harmonic" { if (near($2, log(2), 1e-15) && abs($3 - $2) < 6 * $4) k = 1; else print $0 }
$1 == "draws" { if (near($2, 2, 1e-15) && abs($3 - $2) < 6 * $4) d = 1; else print $0 }
END { if (k && d) print "ok" }'
expect_ok "simulate klrl table" simulate $T3 --policy klrl:1 --samples 20000
if grep -q "seed 1" "$tmp/out" && grep -q "xoshiro256" "$tmp/out"; then ok; else bad "table without the seed line"; fi
expect_ok "simulate exact at n = 1e12" simulate $EX1 --policy bon:1e12 --samples 1000 --format csv
if grep -q "^pi:y2,1,1,0,1,exact,1000$" "$tmp/out"; then ok; else bad "n = 1e12: $(grep pi:y2 "$tmp/out")"; fi
expect_ok "simulate --plot hist" simulate $T3 --policy rr:1 --samples 20000 --plot hist --ascii
if grep -q "E\[estimator\] = 0.6931" "$tmp/out"; then ok; else bad "simulate --plot hist: $(head -3 "$tmp/out")"; fi
expect_ok "simulate --plot running" simulate $T3 --policy klrl:1 --samples 20000 --plot running
if grep -q "running mean" "$tmp/out"; then ok; else bad "simulate --plot running"; fi
expect_err "simulate --plot hist on klrl" simulate "estimator" simulate $T3 --policy klrl:1 --plot hist
expect_err "simulate --plot bad" simulate "--plot" simulate $T3 --policy bon:2 --plot pie
expect_ok "simulate --hist" simulate $T3 --policy rr:1 --samples 50000 --hist 5 --format csv
check_awk "simulate --hist: rr bins (H_0 = 0, H_1 = 1, H_2 and H_3) exact 1/2, 1/4, 3/16" '
NR == 1 { if ($0 != "bin_lo,bin_hi,exact,observed,seed,method,samples") { print "header " $0; exit } next }
{ se += $3; so += $4 }
NR == 2 && !near($3, 0.5, 1e-15) { print "bin 1: " $0; bad = 1 }
NR == 3 && !near($3, 0.25, 1e-15) { print "bin 2: " $0; bad = 1 }
NR == 4 && !near($3, 0.1875, 1e-15) { print "bin 3: " $0; bad = 1 }
END { if (!bad && near(se, 1, 1e-15) && near(so, 1, 1e-15) && NR == 6) print "ok"; else if (!bad) print "sums " se " " so }'
expect_err "simulate --hist and --plot" simulate "exclude" simulate $T3 --policy bon:2 --hist 4 --plot hist
expect_err "simulate --hist 0" simulate "--hist" simulate $T3 --policy bon:2 --hist 0
expect_err "simulate missing policy" simulate "--policy" simulate $EX1 --samples 10
expect_err "simulate bad policy" simulate "--policy" simulate $EX1 --policy best:3
expect_err "simulate bad n" simulate "n must be" simulate $EX1 --policy bon:0.5
expect_err "simulate literal non-integer" simulate "integer" simulate $EX1 --policy bon:2.5 --method literal
expect_err "simulate literal too much work" simulate "exact" simulate $EX1 --policy bon:1e9 --method literal
expect_err "simulate tau too high" simulate "tau" simulate $EX1 --policy rr:2
expect_err "simulate klrl literal" simulate "PMF" simulate $EX1 --policy klrl:1 --method literal
expect_err "simulate bad method" simulate "--method" simulate $EX1 --policy bon:2 --method fast
expect_err "simulate zero samples" simulate "--samples" simulate $EX1 --policy bon:2 --samples 0
expect_err "simulate bad seed" simulate "--seed" simulate $EX1 --policy bon:2 --seed -1

# the note's cumulants beyond the double range (mpmath, 50 digits: k2 = 4.01882508812e+419,
# k3 = 3.73245106234e+636, k4 = 3.46648351877e+853) and below it (k4 = -2a^4 of a symmetric
# two-point law of half-width a = 1e-200), never inf or 0
run asym --dist '4.54046e+13:22,0.211548:9.2874185377653624e+216,0.429:1' --m 175 --delta 2.444
if [ $rc -eq 0 ] && grep -qF 'k1 = 4.327171293e+202, k2 = 4.018825088e+419, k3 = 3.732451062e+636, k4 = 3.466483519e+853' "$tmp/out" &&
   grep -qF '(beta = 3.035717428e+215)' "$tmp/out" && ! grep -qiw 'inf' "$tmp/out"
then ok; else bad "asym huge cumulants: rc=$rc $(tail -2 "$tmp/out")"; fi
run asym --dist '1:1e-200,1:3e-200' --m 4 --delta 0.1
if [ $rc -eq 0 ] && grep -qF 'k1 = 2e-200, k2 = 1e-400, k3 = 0, k4 = -2e-800' "$tmp/out"
then ok; else bad "asym tiny cumulants: rc=$rc $(tail -1 "$tmp/out")"; fi

e2e_finish
