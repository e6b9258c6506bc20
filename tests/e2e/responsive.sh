#!/bin/sh
# SPDX-License-Identifier: MIT
# End-to-end tests of issue 11's "responsive at any size" and defect 7 (signals), in a private
# tmux server: a large table keeps the explorer answering keys while it recomputes (progress
# mark on the status line, q quits at once); every fatal signal leaves the terminal as it was
# (no alternate screen, cursor shown) and a hang-up or termination writes the unsaved edits to
# a recovery file, which the next start mentions.  Waits on screen content, never bare sleeps
# (the machine is shared and slow).
# Prints "e2e: N passed, N failed"; exits non-zero on any failure.
. "$(dirname "$0")/../e2e_lib.sh"
e2e_tmux bonx-resp

E2E_WAIT=20   # the large-table steps below give their own, longer limits

# bonx's pid: the child of the pane's shell
bonx_pid() {
  sh_pid=$($T display -p -t t '#{pane_pid}')
  ps -o pid= --ppid "$sh_pid" | head -n 1 | tr -d ' '
}

# terminal_restored DESC: out of the alternate screen, cursor visible
terminal_restored() {
  alt=$($T display -p -t t '#{alternate_on}')
  cur=$($T display -p -t t '#{cursor_flag}')
  if [ "$alt" = 0 ] && [ "$cur" = 1 ]; then ok; else
    bad "$1: terminal not restored (alternate_on=$alt cursor_flag=$cur)"
  fi
}

# ---- defect 7: every fatal signal restores the terminal and dies of that signal
for sn in HUP:1 QUIT:3 PIPE:13 ALRM:14 USR1:10 TERM:15; do   # Linux numbers
  sig=${sn%:*} num=${sn#*:}
  start 100 30 --preset binary || exit 1
  wait_for "KL exact" || { bad "$sig: no first frame"; continue; }
  [ "$($T display -p -t t '#{alternate_on}')" = 1 ] || bad "$sig: explorer not on the alternate screen"
  pid=$(bonx_pid)
  kill -s "$sig" "$pid"
  if wait_exited 20; then
    terminal_restored "SIG$sig"
    case "$(cat "$tmp/exit")" in
      "exit=$((128 + num))") ok ;;
      *) bad "SIG$sig: bonx $(cat "$tmp/exit"), expected death by the signal ($((128 + num)))" ;;
    esac
  else
    bad "SIG$sig: bonx still running"
  fi
done

# ---- SIGHUP / SIGTERM with unsaved edits: a recovery file, mentioned on the next start
for sig in HUP TERM; do
  cp presets/binary.bonx "$tmp/b.bonx"
  rm -f "$tmp/b.bonx.bonx-recover"
  start 100 30 "$tmp/b.bonx" || exit 1
  wait_for "KL exact" || { bad "recover $sig: no first frame"; continue; }
  $T send-keys -t t l Enter 9 Enter
  wait_for "[modified]" || { bad "recover $sig: edit not shown"; continue; }
  kill -s "$sig" "$(bonx_pid)"
  wait_exited 20 || { bad "recover $sig: bonx still running"; continue; }
  terminal_restored "recover SIG$sig"
  if [ -f "$tmp/b.bonx.bonx-recover" ] && grep -q "^bad 9 0" "$tmp/b.bonx.bonx-recover"; then ok; else
    bad "SIG$sig: no recovery file with the edit: $(cat "$tmp/b.bonx.bonx-recover" 2>/dev/null | tail -3)"
  fi
  if grep -qF "unsaved edits written to $tmp/b.bonx.bonx-recover" "$tmp/stderr"; then ok; else
    bad "SIG$sig: stderr does not say where: $(cat "$tmp/stderr")"
  fi
  cmp -s presets/binary.bonx "$tmp/b.bonx" && ok || bad "SIG$sig: the original file changed"
done
start 140 30 "$tmp/b.bonx" || exit 1
wait_for "b.bonx.bonx-recover" && ok || bad "the next start does not mention the recovery file"
$T send-keys -t t q
wait_exited 20 && ok || bad "q did not quit after the recovery notice"

# a clean session writes no recovery file
rm -f "$tmp/b.bonx.bonx-recover"
start 100 30 "$tmp/b.bonx" || exit 1
wait_for "KL exact" || bad "clean: no first frame"
kill -s HUP "$(bonx_pid)"
wait_exited 20 || bad "clean: bonx still running"
[ ! -e "$tmp/b.bonx.bonx-recover" ] && ok || bad "a clean session wrote a recovery file"

# ---- a preset loaded in the background (issue 11): "loading", keys answered meanwhile (an
# edit of the table about to go is refused), then "loaded" with the new table; a file that
# cannot be read leaves the table as it was.
mkdir -p "$tmp/pre"
cp presets/binary.bonx "$tmp/pre/a.bonx"
awk 'BEGIN { s = 777; print "title: bigload"
             for (i = 1; i <= 100000; i++) {
               s = (s * 1103515245 + 12345) % 2147483648; w = s / 2147483648 + 0.001
               s = (s * 1103515245 + 12345) % 2147483648; r = s % 50000
               printf "z%d %.6g %d\n", i, w, r } }' >"$tmp/pre/big.bonx"
E2E_ENV="BONX_PRESETS=$tmp/pre BONX_RECOMPUTE_GRACE_MS=0" start 120 40 "$tmp/pre/a.bonx" || exit 1
if wait_for "KL exact" 60; then
  $T send-keys -t t o
  wait_for "big" 20 || bad "load: the picker does not list big"
  $T send-keys -t t j Enter
  if wait_for "loading $tmp/pre/big.bonx" 60; then ok; else bad "load: no 'loading' message"; fi
  $T send-keys -t t l Enter 9 Enter
  if wait_for "a preset is loading" 20 || wait_for "loaded $tmp/pre/big.bonx" 5; then ok; else
    bad "load: an edit while loading was neither refused nor after the load"
  fi
  wait_for "loaded $tmp/pre/big.bonx" 300 && ok || bad "load: never loaded"
  wait_for "K=100000" 20 && ok || bad "load: the new table is not shown"
  printf 'title: bad\nx one 1\n' >"$tmp/pre/bad.bonx"
  $T send-keys -t t o
  wait_for "bad" 20 || bad "load: the picker does not list bad"
  $T send-keys -t t k Enter
  if wait_for "bad.bonx:" 60 && wait_gone "computing" 120; then
    screen | grep -qF "K=100000" && ok || bad "load: a failed load changed the table"
  else
    bad "load: the failed load said nothing"
  fi
  $T send-keys -t t q
  wait_exited 20 || { $T send-keys -t t y; wait_exited 20; } || bad "load: q did not quit"
else
  bad "load: no first frame"
fi

# ---- responsive: a large table (the sanitised binary is slow: 200k outcomes recompute for
# seconds), edits answered at once with a progress mark, q quits while it computes.
awk 'BEGIN { s = 12345; print "title: big"
             for (i = 1; i <= 200000; i++) {
               s = (s * 1103515245 + 12345) % 2147483648; w = s / 2147483648 + 0.001
               s = (s * 1103515245 + 12345) % 2147483648; r = s % 100000
               printf "y%d %.6g %d\n", i, w, r } }' >"$tmp/big.bonx"
E2E_ENV="BONX_RECOMPUTE_GRACE_MS=0" start 120 40 "$tmp/big.bonx" || exit 1
if wait_for "K=200000" 180; then
  wait_for "KL exact" 60 || bad "big: no readout"
  $T send-keys -t t l Enter 9 Enter
  # the keys are answered before the recompute ends: the edit's message and the mark
  if wait_for "computing" 60; then ok; else bad "big: no progress mark while computing"; fi
  wait_for "set to 9" 5 && ok || bad "big: the edit was not acknowledged while computing"
  # the cursor moves while it computes (the input is not blocked)
  $T send-keys -t t j
  wait_gone "computing" 180 && ok || bad "big: the recompute never finished"
  screen | grep -q "^. *y[0-9]* *9 " && ok || bad "big: the weight 9 is not shown after the recompute"
  # q while computing: quits at once (the recompute is cancelled)
  $T send-keys -t t l Enter 3 Enter
  wait_for "computing" 60 || bad "big: second edit not computing"
  $T send-keys -t t q
  wait_for "unsaved edits" 20 || bad "big: no quit question"
  $T send-keys -t t y
  if wait_exited 20 && grep -q "exit=0" "$tmp/exit"; then ok; else
    bad "big: q y while computing did not quit cleanly: $(cat "$tmp/exit" 2>/dev/null) $(head -c 500 "$tmp/stderr")"
  fi
  terminal_restored "big quit"
else
  bad "big: no first frame within 180 s"
fi

e2e_finish
