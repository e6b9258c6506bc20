#!/bin/sh
# SPDX-License-Identifier: MIT
# End-to-end tests of `bonx plot` (issue 3), driving the sanitised binary: every chart on every
# shipped preset at 80x24 and 120x40, exact size of the output (H lines, none wider than W
# columns), ASCII output when asked and when the locale is not UTF-8, no colour when stdout
# is not a terminal, the current point from the options, and the error contract (exit 2,
# nothing on stdout, one line "bonx plot: ..." on stderr).
# Prints "e2e: N passed, N failed"; exits non-zero on any failure.
. "$(dirname "$0")/../e2e_lib.sh"
export LC_ALL=C.UTF-8

# Lines and widest line (in characters, UTF-8 aware) of the last output.
lines_of() { wc -l <"$tmp/out" | tr -d ' '; }
widest() { LC_ALL=C.UTF-8 wc -L <"$tmp/out" | tr -d ' '; }

expect_chart() {
  desc=$1 w=$2 h=$3; shift 3
  run "$@" --width "$w" --height "$h"
  if [ $rc -ne 0 ] || [ -s "$tmp/err" ]; then
    bad "$desc: rc=$rc, stderr: $(head -c 300 "$tmp/err")"
  elif [ "$(lines_of)" -ne "$h" ] || [ "$(widest)" -gt "$w" ]; then
    bad "$desc: $(lines_of) lines (want $h), widest $(widest) (max $w)"
  elif grep -q "$(printf '\033')" "$tmp/out"; then
    bad "$desc: colour escapes although stdout is not a terminal"
  else
    ok
  fi
}

# expect_plot_err DESC PATTERN ARGS...: the error contract for bonx plot
expect_plot_err() { pe_desc=$1 pe_pat=$2; shift 2; expect_err "$pe_desc" plot "$pe_pat" "$@"; }

for preset in presets/*.bonx; do
  name=$(basename "$preset" .bonx)
  for chart in kl winrate tradeoff reward pmf cost; do
    expect_chart "$chart $name 80x24" 80 24 plot "$chart" --preset "$name"
  done
  expect_chart "kl $name 120x40 ascii" 120 40 plot kl --preset "$name" --ascii
done
expect_chart "simplex ternary" 120 40 plot simplex --preset ternary
expect_chart "tiny" 5 3 plot kl --preset binary
expect_chart "huge" 300 100 plot tradeoff --preset binary

# --ascii and a non-UTF-8 locale give pure ASCII
run plot kl --preset binary --ascii --width 80 --height 24
if LC_ALL=C grep -q '[^ -~]' "$tmp/out"; then bad "--ascii wrote non-ASCII bytes"; else ok; fi
LC_ALL=C "$BONX" plot tradeoff --preset binary --width 80 --height 24 >"$tmp/out" 2>"$tmp/err"
if LC_ALL=C grep -q '[^ -~]' "$tmp/out"; then bad "LC_ALL=C: non-ASCII bytes"; else ok; fi
run plot kl --preset binary --width 80 --height 24
# Braille is U+2800..U+28FF: UTF-8 bytes E2 A0..A3 then one more
if LC_ALL=C grep -q "$(printf '\342\240')\\|$(printf '\342\241')\\|$(printf '\342\242')\\|$(printf '\342\243')" "$tmp/out"
then ok; else bad "UTF-8 locale: no Braille"; fi

# not a terminal: 80x24 by default
run plot winrate --preset binary
if [ "$(lines_of)" -eq 24 ] && [ "$(widest)" -le 80 ]; then ok; else bad "default size $(lines_of) lines"; fi

# the current point comes from the options (and the preset otherwise)
run plot kl --dist '1:0,1:1' --n 64 --width 100 --height 30
if grep -q "n = 64" "$tmp/out"; then ok; else bad "--n 64 not shown"; fi
run plot tradeoff --preset binary --n 8 --beta 0.25 --tau 1 --width 120 --height 30
# one legend entry and one marker shape per parameter: ◆ n, ★ beta, ✚ tau
if grep -q "◆ n = 8" "$tmp/out" && grep -q "★ beta = 0.25" "$tmp/out" && grep -q "✚ tau = 1" "$tmp/out"
then ok; else bad "current point legend"; fi
run plot pmf --dist 'x=1:0,y=1:1,z=2:2' --width 100 --height 30
if grep -q "x" "$tmp/out" && grep -q "best-of-n (n = 16)" "$tmp/out"; then ok; else bad "pmf default n"; fi

# the n axis: follows the data by default (binary saturates by n ~ 14: the axis ends at 20),
# --n-range sets it, and a current n beyond it is an arrow at the edge, never lost
run plot kl --preset binary --width 100 --height 30
if tail -n 1 "$tmp/out" | grep -q " 20 *$" && ! grep -q "1e6" "$tmp/out"; then ok; else bad "automatic n axis: $(tail -n 1 "$tmp/out")"; fi
run plot kl --preset binary --n-range 1:1e6 --n 5.4e8 --width 100 --height 30
if tail -n 1 "$tmp/out" | grep -q "1e6 *$" && grep -q "→ n=5.4e8" "$tmp/out"; then ok; else bad "--n-range with n beyond: $(cat "$tmp/out")"; fi
run plot winrate --preset binary --n-range 1:1e6 --n 5.4e8 --width 100 --height 30 --ascii
if grep -q -- "-> n=5.4e8" "$tmp/out"; then ok; else bad "ascii arrow"; fi
run plot kl --preset binary --n-range 100:1e6 --n 2 --width 100 --height 30
if grep -q "← n=2" "$tmp/out"; then ok; else bad "left arrow"; fi
expect_plot_err "n-range reversed" "--n-range: n range 10:5 must satisfy" plot kl --preset binary --n-range 10:5
expect_plot_err "n-range not a range" "is not LO:HI" plot kl --preset binary --n-range 10
expect_plot_err "n-range below 1" "must satisfy 1 <= LO" plot kl --preset binary --n-range 0:10

# help
run plot --help
if [ $rc -eq 0 ] && grep -q "^usage: bonx plot CHART SOURCE" "$tmp/out" && grep -q "simplex" "$tmp/out"; then ok; else bad "--help"; fi

# errors
expect_plot_err "no chart" "no CHART" plot --preset binary
expect_plot_err "unknown chart" "unknown chart 'pie'" plot pie --preset binary
expect_plot_err "no source" "" plot kl
expect_plot_err "simplex K=2" "needs K = 3" plot simplex --preset binary
expect_plot_err "bad width" "--width" plot kl --preset binary --width 0
expect_plot_err "bad height" "--height" plot kl --preset binary --height abc
expect_plot_err "n < 1" "--n must be >= 1" plot kl --preset binary --n 0.5
expect_plot_err "beta <= 0" "--beta must be > 0" plot kl --preset binary --beta 0
expect_plot_err "tau above top" "--tau" plot kl --preset binary --tau 5
expect_plot_err "t < 0" "--t must be >= 0" plot kl --preset binary --t -1
expect_plot_err "unknown option" "unknown option '--colour'" plot kl --preset binary --colour
expect_plot_err "--color without a value" "option --color needs a value" plot kl --preset binary --color
expect_plot_err "two charts" "unexpected argument 'winrate'" plot kl winrate --preset binary
expect_plot_err "bad dist" "--dist" plot kl --dist '1:0,-1:1'

e2e_finish
