#!/bin/sh
# SPDX-License-Identifier: MIT
# End-to-end tests of the interactive explorer (issue 4): the sanitised binary driven in a
# private tmux server (-L bonx-test-PID -f /dev/null) with send-keys, synchronised on what the
# program draws (the frame counter " fN" that BONX_TEST_FRAMES=1 puts on the status line, and
# the texts each step must show), never on bare sleeps.  Screens are compared with golden files
# in tests/golden/explorer/ (frame counter masked); BONX_BLESS=1 rewrites them.
# Prints "e2e: N passed, N failed"; exits non-zero on any failure.
. "$(dirname "$0")/../e2e_lib.sh"
GOLD=tests/golden/explorer
e2e_tmux bonx-test

# The exact KL of best-of-n on two outcomes, p(top) = q, printed as the readout does (%.6g).
kl_two() { awk -v q="$1" -v n="$2" 'BEGIN { lo = (1 - q) ^ n; hi = 1 - lo;
  k = (lo > 0 ? lo * log(lo / (1 - q)) : 0) + hi * log(hi / q); printf "%.6g\n", k }'; }


# ---- start on a preset
start 80 24 --preset binary
check "starts on binary" wait_for "binary: "
golden start_binary
kl4=$(kl_two 0.5 4)
check "KL at n = 4 is log 2 - h(1/16) = $kl4" wait_for "$kl4"

# ---- edit a weight and see KL change (p = (3/4, 1/4): the top outcome is rarer)
keys l Enter
check "editor opens on the weight" wait_for "editing the weight of bad"
$T send-keys -t t C-u 3 Enter
kl_edit=$(kl_two 0.25 4)
check "weight edit shows the new KL $kl_edit" wait_for "$kl_edit"
check "modified mark" wait_for "[modified]"
golden edit_weight

# ---- a bad value is refused and the old one kept
keys Enter
$T send-keys -t t C-u - 1 Enter
check "negative weight refused" wait_for "cannot be negative"
check "KL unchanged after the refusal" wait_for "$kl_edit"

# ---- undo restores
keys u
check "undo: KL back to $kl4" wait_for "$kl4"
check "undo: no longer modified" wait_gone "[modified]"

# ---- + changes n
keys +
kl8=$(kl_two 0.5 8)
check "+ doubles n: n 8" wait_for "n 8 "
check "KL at n = 8 is $kl8" wait_for "$kl8"
keys -
check "- halves n back" wait_for "$kl4"

# ---- help opens and closes
keys ?
check "help opens" wait_for "bonx keys"
golden help
keys Escape
check "help closes" wait_gone "bonx keys"

# ---- play animates n; space pauses; . steps
nline() { screen | sed -n 's/^\(n [0-9.e+]*\) .*/\1/p' | head -n 1; }
keys p
check "p plays n" wait_for "play"
check "playing: n leaves 1" wait_gone "n 1 "
keys " "
check "space pauses" wait_for "[paused]"
n_paused=$(nline)
keys .
check "a step moves n on from $n_paused" test "$(nline)" != "$n_paused"
keys p
check "p stops" wait_for "play stopped"
keys R
check "R resets everything" wait_for "$kl4"

# ---- lecture mode: the note and the key legend
keys L
check "lecture: note shown" wait_for "p = (1/2, 1/2)"
check "lecture: legend shown" wait_for "L leave lecture"
keys L
check "lecture off" wait_for "KL exact"

# ---- the preset picker loads another preset
keys o
check "picker opens" wait_for "open preset"
keys j
keys Enter
check "picker loads the next preset" wait_for "many-rare: "
keys o
keys k
keys Enter
check "and back to binary" wait_for "binary: "
keys Escape
check "Esc clears the message: the note again" wait_for "p = (1/2, 1/2), rewards"

# ---- the views of issues 5 and 6, on the chart pane
keys Tab Tab 8
check "asym view" wait_for "best-of-N"
keys 9
check "sim view: the estimator" wait_for "KLhat"
keys 0
check "corpora view: ancestral and the live adaptor" wait_for "temperature:0.5"
keys "}"
check "} changes the live adaptor" wait_for "top-k:2"
keys 1 Tab
check "back on the table" wait_for "KL exact"
keys Escape

# ---- resize storm down to 30x10 and back
for size in "30 10" "50 15" "100 40" "30 10" "45 12" "120 40" "30 10"; do
  set -- $size
  $T resize-window -t t -x "$1" -y "$2"
done
check "30x10: terminal too small" wait_for "terminal too small"
$T resize-window -t t -x 80 -y 24
check "back at 80x24: the table again" wait_for "KL exact"
sleep 0.1   # let any queued resize frames drain before comparing
check "after the storm the screen is the start screen" wait_for "$kl4"
golden after_resize

# ---- save, then reopen gives the same table
keys l Enter
$T send-keys -t t C-u 0.25 Enter
check "weight set before saving" wait_for "[modified]"
screen | sed -n '2,4p' >"$tmp/table_before"
keys s
check "save asks for a file" wait_for "save to:"
$T send-keys -t t C-u "$tmp/saved.bonx" Enter
check "saved" wait_for "saved $tmp/saved.bonx"
check "saved file exists" test -s "$tmp/saved.bonx"
$T send-keys -t t q
i=0; while [ ! -f "$tmp/exit" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
check "q after saving exits 0" grep -q "exit=0" "$tmp/exit"
start 80 24 "$tmp/saved.bonx"
check "reopened" wait_for "KL exact"
screen | sed -n '2,4p' >"$tmp/table_after"
check "reopened table equals the saved one" cmp -s "$tmp/table_before" "$tmp/table_after"
check "reopened file is not modified" wait_gone "[modified]"

# ---- q asks when there are unsaved edits, then exits 0 and restores the terminal
keys a
check "row added" wait_for "y3"
keys q
check "q asks first" wait_for "unsaved edits"
keys n
check "n stays" wait_for "not quitting"
$T send-keys -t t q y
i=0; while [ ! -f "$tmp/exit" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
check "q y exits 0" grep -q "exit=0" "$tmp/exit"
check "terminal restored: the shell line is back" wait_for "exit=0"
check "terminal restored: alternate screen off" \
  test "$($T display -p -t t '#{alternate_on}')" = 0
check "terminal restored: explorer gone" wait_gone "KL exact"
check "no sanitizer report" no_sanitizer_report

# ---- Ctrl-C is q: it asks on unsaved edits, a second Ctrl-C quits and restores the terminal
start 80 24 --preset binary
check "Ctrl-C: started" wait_for "KL exact"
keys a
$T send-keys -t t C-c
check "Ctrl-C asks on unsaved edits" wait_for "unsaved edits"
$T send-keys -t t C-c
i=0; while [ ! -f "$tmp/exit" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
check "second Ctrl-C exits 0" grep -q "exit=0" "$tmp/exit"
check "Ctrl-C: terminal restored" test "$($T display -p -t t '#{alternate_on}')" = 0
check "Ctrl-C: no sanitizer report" no_sanitizer_report

# ---- an ASCII terminal (locale not UTF-8): no Braille, no Unicode marks anywhere
LOCALE=C start 120 40 --preset ternary
check "ASCII: starts" wait_for "KL exact"
keys Tab Tab
check "ASCII: chart drawn (ternary opens on its view, pmf)" wait_for "distributions over outcomes"
check "ASCII: nothing but ASCII on screen" sh -c "! $T capture-pane -p -t t | LC_ALL=C grep -q '[^ -~]'"
$T send-keys -t t q

# ---- key b: the paper's bounds; the Conj 7.2 counterexample is reported at n = 2
printf 'title: conj72\nn: 2\nbeta: 1\ntau: 0\na 2 0\nb 1 1\nc 1 2\nd 1 3\n' >"$tmp/conj72.bonx"
start 160 48 "$tmp/conj72.bonx"
check "conj72: starts" wait_for "KL exact"
check "conj72: reported on the first frame, before any key" wait_for "Conjecture 7.2 fails at n = 2"
keys + -
check "conj72: reported at n = 2 (without key b too)" wait_for "Conjecture 7.2 fails at n = 2"
keys b
check "b: readout gains the KL gap" wait_for "KL gap"
check "b: the Thm 3.4 row" wait_for "<= Thm 3.4"
check "b: blockwise best-of-n against Thm B.1 (bonx blockwise: 0.2627381423 <= 0.2897207708)" wait_for "<= Thm B.1    0.289721"
check "b: bound curves in the legend" wait_for "Thm 3.6/Cor 3.7"
keys +
check "n = 4: Conj 7.2 holds, KL gap row stays" wait_for "n 4 "
keys b
check "b again: rows gone" wait_gone "KL gap"
$T send-keys -t t q
check "conj72: no sanitizer report" no_sanitizer_report

# ---- the preset's blockwise law (issue 14): "blockwise: 1:0.5,3:0.5" with "block: 2" on the
# same table; bonx blockwise --length 1:0.5,3:0.5 --block 2 --n 2: kl 0.2507757525, bound
# E[ceil(L/2)] = 1.5 times log 2 - 1/2 = 0.2897207708
printf 'title: bw\nn: 2\nblockwise: 1:0.5,3:0.5\nblock: 2\na 2 0\nb 1 1\nc 1 2\nd 1 3\n' >"$tmp/bw.bonx"
start 160 48 "$tmp/bw.bonx"
check "bw: starts" wait_for "KL exact"
keys b
check "bw: the preset's law in the blockwise row" wait_for "blockwise KL   0.250776"
check "bw: Thm B.1 at E[blocks] = 1.5" wait_for "<= Thm B.1    0.289721"
$T send-keys -t t q
check "bw: no sanitizer report" no_sanitizer_report
# ---- key F: the corpora view's band samplers (seed 002 Fig. 1), the corpora of
# bonx corpora --preset simpson --beta 0.5 --corpus-size 50 --corpora 200 --bands 10:
# mean log q -443.815 (band 1) .. -56.5866 (band 10)
start 160 48 --preset simpson
check "bands: starts" wait_for "KL exact"
keys Tab Tab 0
check "bands: the corpora view, adaptors" wait_for "temperature:0.5"
keys F
check "F: band 1's legend entry as bonx corpora --bands 10 --plot" wait_for "band:1 (log q -443.8)"
check "F: band 10" wait_for "band:10 (log q -56.59)"
check "F: the line under the view says so" wait_for "10 band samplers (seed 002 Fig. 1; F: adaptors)"
keys F
check "F again: the adaptors" wait_for "temperature:0.5"
check "F again: no bands" wait_gone "band:1 (log q"
$T send-keys -t t q
check "bands: no sanitizer report" no_sanitizer_report
printf 'title: bw\nblockwise: 1:0.5,3:0.6\na 1 0\n' >"$tmp/bwbad.bonx"
"$BONX" "$tmp/bwbad.bonx" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "bad blockwise: exit 2, FILE:LINE" sh -c "[ $rc -eq 2 ] && grep -qF 'bwbad.bonx:2: blockwise: probabilities sum to 1.1, not 1' $tmp/err"

# ---- a malformed file: FILE:LINE on stderr, exit 2, before the screen is touched
printf 'title: broken\nx 1 0\ny -1 1\n' >"$tmp/broken.bonx"
"$BONX" "$tmp/broken.bonx" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "malformed FILE exits 2" test $rc -eq 2
check "malformed FILE: the message names FILE:LINE" grep -q "broken.bonx:3" "$tmp/err"
check "malformed FILE: nothing on stdout" test ! -s "$tmp/out"

# ---- a bad file: one line on stderr, exit 2, before the screen is touched
"$BONX" /nonexistent/x.bonx >"$tmp/out" 2>"$tmp/err"; rc=$?
check "bad FILE exits 2" test $rc -eq 2
check "bad FILE: nothing on stdout" test ! -s "$tmp/out"
check "bad FILE: one line on stderr" test "$(wc -l <"$tmp/err")" -eq 1
"$BONX" --preset no-such-preset >"$tmp/out" 2>"$tmp/err"; rc=$?
check "unknown preset exits 2" test $rc -eq 2 -a "$(wc -l <"$tmp/err")" -eq 1
"$BONX" --help >"$tmp/out" 2>"$tmp/err"; rc=$?
check "--help exits 0 with usage" test $rc -eq 0 -a -s "$tmp/out"

e2e_finish
