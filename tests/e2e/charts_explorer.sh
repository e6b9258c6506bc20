#!/bin/sh
# SPDX-License-Identifier: MIT
# End-to-end tests of the explorer's chart keys (issue 13): z / Z (the n axis range), the
# arrow for a current point beyond the axis, and --n-range on the command line.  Driven in a
# private tmux server and synchronised on what the program draws (the frame counter of
# BONX_TEST_FRAMES=1 and the texts each step must show), never on bare sleeps.
# Prints "e2e: N passed, N failed"; exits non-zero on any failure.
. "$(dirname "$0")/../e2e_lib.sh"
e2e_tmux bonx-charts

E2E_IN_TMP=1   # its exports land in $tmp

# ---- the n axis follows the data: binary saturates by n ~ 14, so the axis ends at 20
start 160 48 --preset binary
check "starts" wait_for "binary: "
keys Tab Tab 1
check "kl chart on the main pane" wait_for "KL(best-of-n || p) vs n"
axis_ends_at_20() { screen | grep -qE ' 10 +20 *$'; }
check "automatic axis ends at 20" axis_ends_at_20

# ---- z types a range; the axis follows it
keys z
check "z asks for the range" wait_for "n range LO:HI"
$T send-keys -t t "1:1e9" Enter
check "range set" wait_for "n axis 1 to 1e+09"
check "axis reaches 1e9 (labels every other decade)" wait_for "1e8"

# ---- a current n beyond the axis: an arrow at the edge says where it is
keys N
$T send-keys -t t C-u "1e12" Enter
check "arrow for n = 1e12" wait_for "→ n=1e12"

# ---- a bad range is refused, the old one kept
keys z
$T send-keys -t t C-u "10:5" Enter
check "bad range refused" wait_for "must satisfy 1 <= LO < HI"
check "old axis kept" wait_for "1e8"

# ---- Z: back to automatic
keys Z
check "Z: automatic" wait_for "n axis follows the data"
check "arrow still there (n = 1e12 is off the automatic axis)" wait_for "→ n=1e12"
$T send-keys -t t q
check "quits" wait_exit
check "no sanitizer report" no_sanitizer_report

# ---- x pins the curves; an edit then differs from the pinned ones; X clears
start 160 48 --preset binary
check "starts again" wait_for "binary: "
keys Tab Tab 1
check "kl chart" wait_for "KL(best-of-n || p) vs n"
keys x
check "x pins" wait_for "curves pinned"
check "legend says pinned" wait_for "┈┈┈ pinned"
keys Tab
keys l Enter
$T send-keys -t t C-u 9 Enter
check "edit after the pin: the new ceiling log 10" wait_for "ceiling log(1/g_top) = 2.303"
check "the pinned curves stay" wait_for "┈┈┈ pinned"
keys X
check "X clears the pin" wait_for "pin cleared"
check "no pinned legend" wait_gone "┈┈┈ pinned"

# ---- P: projector mode, one chart on the whole screen; P again leaves
keys Tab Tab 3
keys P
check "projector mode" wait_for "projector mode"
check "no readout in projector mode" wait_gone "KL exact"
check "the chart fills the screen" wait_for "win rate against p vs KL"
keys P
check "projector off: the readout is back" wait_for "KL exact"

# ---- e exports the current chart as SVG (default name PRESET-CHART.svg in the directory)
keys e
check "e asks for a path" wait_for "export SVG to: binary-tradeoff.svg"
$T send-keys -t t Enter
check "export done" wait_for "wrote binary-tradeoff.svg"
if [ -s "$tmp/binary-tradeoff.svg" ] && xmllint --noout "$tmp/binary-tradeoff.svg" 2>/dev/null &&
   grep -q ">win rate against p vs KL<" "$tmp/binary-tradeoff.svg"; then ok; else bad "exported SVG"; fi
# the edit (weight 9) is in the figure: KL-RL's frontier reaches the new ceiling's win rate
if grep -q ">best-of-n<" "$tmp/binary-tradeoff.svg" && ! ls "$tmp"/binary-tradeoff.svg.tmp* >/dev/null 2>&1
then ok; else bad "export left a temporary file or lacks the legend"; fi
# a path that cannot be written: an error, nothing left behind
keys e
$T send-keys -t t C-u "$tmp/no/such/dir/x.svg" Enter
check "export to a missing directory fails" wait_for "export failed"
$T send-keys -t t q
check "quits after export" wait_for "unsaved"
$T send-keys -t t y
check "quits" wait_exit
check "no sanitizer report" no_sanitizer_report

# ---- a preset whose rewards are log q (rewards: log-q) shows q = exp(reward) beside them
start 160 48 --preset ternary
check "ternary: the q column" wait_for "q=e^r"
q_of_c() { screen | grep -qE '^. c +0.2 +0.2 +-0.40048 +0.67 '; }
check "q of c is 0.67 = exp(-0.40048)" q_of_c
$T send-keys -t t q
check "quits" wait_exit
start 160 48 --preset binary
check "binary" wait_for "binary: "
check "binary (plain rewards): no q column" wait_gone "q=e^r"
$T send-keys -t t q
check "quits" wait_exit

# ---- --n-range on the command line; a bad one is an error before the screen opens
start 160 48 --preset binary --n-range 10:1e7
keys Tab Tab 1
check "--n-range: the axis ends at 1e7" wait_for "1e7"
$T send-keys -t t q
check "quits" wait_exit
run --preset binary --n-range 0:10
if [ $rc -eq 2 ] && grep -q "^bonx: --n-range: " "$tmp/err"; then ok; else bad "--n-range 0:10: rc=$rc $(cat "$tmp/err")"; fi

e2e_finish
