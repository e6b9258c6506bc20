#!/bin/sh
# SPDX-License-Identifier: MIT
# bonx corpora --live end to end: the sanitised binary in a private tmux server, driven with
# send-keys and synchronised on the text each step must show (polling capture-pane with a
# deadline, never a bare sleep).  Checks the chart and the numbers appear, keys change the
# adaptor, q exits 0 with nothing on stderr, and that --live refuses a non-terminal.
. "$(dirname "$0")/../e2e_lib.sh"
e2e_tmux bonx-live

# wait_for TEXT: poll the pane until it shows TEXT (10 s deadline)
wait_for() {
  i=0
  while [ $i -lt 200 ]; do
    $T capture-pane -p -t t >"$tmp/screen" 2>/dev/null
    grep -qF -- "$1" "$tmp/screen" && return 0
    sleep 0.05; i=$((i + 1))
  done
  return 1
}

$T new-session -d -s t -x 100 -y 34 \
  "env TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 ASAN_OPTIONS=detect_leaks=1 \
   $BONX corpora --preset simpson --adaptor ancestral --adaptor temperature:0.7 --live \
   2>$tmp/stderr; echo \"exit=\$?\" >$tmp/exit; exec sleep 600" ||
  { echo "cannot start tmux"; echo "e2e: 0 passed, 1 failed"; exit 1; }

if wait_for "probability-quality trade-off" && wait_for "> ancestral" &&
   grep -qF "over the table +0.879" "$tmp/screen"; then ok
else bad "first screen: $(cat "$tmp/screen")"; fi

# wait_count TEXT N: poll the pane until TEXT shows on at least N lines (10 s deadline)
wait_count() {
  i=0
  while [ $i -lt 200 ]; do
    $T capture-pane -p -t t >"$tmp/screen" 2>/dev/null
    [ "$(grep -cF -- "$1" "$tmp/screen")" -ge "$2" ] && return 0
    sleep 0.05; i=$((i + 1))
  done
  return 1
}

# select the temperature, raise it (0.7 -> 1.4), then make it top-k:2
$T send-keys -t t Right Up
if wait_for "> temperature:1.4"; then ok; else bad "Up: $(tail -n 8 "$tmp/screen")"; fi
$T send-keys -t t Tab
if wait_for "> top-k:2"; then ok; else bad "Tab: $(tail -n 8 "$tmp/screen")"; fi
# add a copy (a third line naming top-k:2: "pooled" is on screen already, so it cannot be
# what the step waits for), remove it again, halve beta
$T send-keys -t t a
if wait_count "top-k:2" 3 && grep -qF "pooled" "$tmp/screen"; then ok
else bad "a: $(tail -n 8 "$tmp/screen")"; fi
$T send-keys -t t x B
if wait_for "beta 0.25"; then ok; else bad "x B: $(tail -n 8 "$tmp/screen")"; fi

$T send-keys -t t q
i=0
while [ ! -s "$tmp/exit" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
if [ "$(cat "$tmp/exit" 2>/dev/null)" = "exit=0" ] && [ ! -s "$tmp/stderr" ]; then ok
else bad "quit: $(cat "$tmp/exit" 2>/dev/null) stderr: $(cat "$tmp/stderr")"; fi

# not a terminal: the usual one-line error, exit 2
out=$($BONX corpora --preset simpson --live </dev/null 2>"$tmp/err"); rc=$?
if [ $rc -eq 2 ] && [ -z "$out" ] && grep -q '^bonx corpora: --live needs a terminal' "$tmp/err"; then ok
else bad "no terminal: rc $rc $(cat "$tmp/err")"; fi

e2e_finish
