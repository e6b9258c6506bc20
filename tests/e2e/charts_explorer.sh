#!/bin/sh
# End-to-end tests of the explorer's chart keys (issue 13): z / Z (the n axis range), the
# arrow for a current point beyond the axis, and --n-range on the command line.  Driven in a
# private tmux server and synchronised on what the program draws (the frame counter of
# BONX_TEST_FRAMES=1 and the texts each step must show), never on bare sleeps.
# Prints "e2e: N passed, N failed"; exits non-zero on any failure.
. "$(dirname "$0")/../e2e_lib.sh"
e2e_tmux bonx-charts

start() {
  w=$1 h=$2; shift 2
  $T kill-server 2>/dev/null
  rm -f "$tmp/exit" "$tmp/stderr"
  i=0
  while [ $i -lt 50 ]; do
    $T new-session -d -s t -x "$w" -y "$h" \
      "cd $tmp && env BONX_TEST_FRAMES=1 TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 \
       ASAN_OPTIONS=detect_leaks=1 $PWD/$BONX $* 2>$tmp/stderr; echo \"exit=\$?\" >$tmp/exit; \
       exec sleep 600" 2>/dev/null && return 0
    sleep 0.1; i=$((i + 1))
  done
  echo "cannot start tmux"; return 1
}

screen() { $T capture-pane -p -t t 2>/dev/null | sed 's/ f[0-9][0-9]*$/ f#/'; }
frame() { $T capture-pane -p -t t 2>/dev/null | sed -n 's/.* f\([0-9][0-9]*\)$/\1/p' | tail -n 1; }

wait_for() {
  i=0 limit=$(( ${2:-10} * 20 ))
  while [ $i -lt $limit ]; do
    screen | grep -qF -- "$1" && return 0
    sleep 0.05; i=$((i + 1))
  done
  echo "timeout waiting for: $1"; screen | cut -c1-150 | sed 's/^/  | /'
  return 1
}

wait_gone() {
  i=0
  while [ $i -lt 200 ]; do
    screen | grep -qF -- "$1" || return 0
    sleep 0.05; i=$((i + 1))
  done
  echo "timeout waiting for '$1' to go"; return 1
}

keys() {
  before=$(frame)
  $T send-keys -t t "$@"
  i=0
  while [ $i -lt 200 ]; do
    now=$(frame)
    [ -n "$now" ] && [ "$now" != "$before" ] && return 0
    sleep 0.05; i=$((i + 1))
  done
  echo "no new frame after keys: $*"; return 1
}

wait_exit() {
  i=0
  while [ $i -lt 200 ]; do
    [ -s "$tmp/exit" ] && grep -q "exit=0" "$tmp/exit" && return 0
    sleep 0.05; i=$((i + 1))
  done
  echo "no clean exit: $(cat "$tmp/exit" 2>/dev/null)"; return 1
}

check() { desc=$1; shift; if "$@"; then ok; else bad "$desc"; fi; }
no_sanitizer_report() { ! grep -q "Sanitizer\|runtime error" "$tmp/stderr" 2>/dev/null; }

# ---- the n axis follows the data: binary saturates by n ~ 14, so the axis ends at 20
start 160 48 --preset binary
check "starts" wait_for "binary: "
keys Tab Tab 1
check "kl chart on the main pane" wait_for "KL(best-of-n || p) vs n"
axis_ends_at_20() { screen | grep -qE ' 10 +20 *$'; }
check "automatic axis ends at 20" axis_ends_at_20
check "no 1e6 on the automatic axis" wait_gone "1e6"

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

# ---- --n-range on the command line; a bad one is an error before the screen opens
start 160 48 --preset binary --n-range 10:1e7
keys Tab Tab 1
check "--n-range: the axis ends at 1e7" wait_for "1e7"
$T send-keys -t t q
check "quits" wait_exit
run --preset binary --n-range 0:10
if [ $rc -eq 2 ] && grep -q "^bonx: --n-range: " "$tmp/err"; then ok; else bad "--n-range 0:10: rc=$rc $(cat "$tmp/err")"; fi

e2e_finish
