#!/bin/sh
# SPDX-License-Identifier: MIT
# Issue 11 item 10: numbers are read and written in the C locale whatever the user's locale
# (only LC_CTYPE is taken from the environment, for wide characters).  Under a comma-decimal
# locale (de_DE.UTF-8) the explorer must accept 0.25, open the shipped presets and save
# "tau: -1.6", and the commands print points.  The locale is generated when missing (root and
# the `locales` package, as in .ci/run); without it the script says SKIP and checks nothing.
# Prints "e2e: N passed, N failed".
. "$(dirname "$0")/../e2e_lib.sh"
LOC=de_DE.UTF-8
has_locale() { locale -a 2>/dev/null | grep -qix 'de_DE\.utf-\{0,1\}8'; }
if ! has_locale && [ "$(id -u)" = 0 ] && command -v localedef >/dev/null; then
  localedef -i de_DE -f UTF-8 "$LOC" >/dev/null 2>&1
fi
if ! has_locale; then
  echo "SKIP: locale $LOC is not installed and cannot be generated (needs root and 'locales')"
  e2e_finish; exit
fi
# the locale really uses a decimal comma (else this script would test nothing)
if [ "$(LC_ALL=$LOC awk 'BEGIN { printf "%.1f", 1.5 }' 2>/dev/null)" != "1,5" ] &&
   [ "$(LC_ALL=$LOC printf '%.1f' 1.5 2>/dev/null)" != "1,5" ]; then
  echo "SKIP: $LOC does not print a decimal comma here"; e2e_finish; exit
fi
e2e_tmux bonx-locale


# ---- the commands: points in, points out
LC_ALL=$LOC "$BONX" klrl --dist 'a=0.5:0,b=0.25:1.5' --beta 0.25 --format csv >"$tmp/out" 2>"$tmp/err"
check "klrl under $LOC: exit 0 ($(head -c 200 "$tmp/err"))" test $? -eq 0
check "klrl under $LOC: beta printed 0.25" grep -q '^0\.25,' "$tmp/out"
check "klrl under $LOC: no decimal comma" sh -c "! grep -q '[0-9],[0-9]*,[0-9]*,[0-9]*,' '$tmp/out'"
LC_ALL=$LOC "$BONX" plot kl --preset ternary --width 40 --height 10 >"$tmp/out" 2>"$tmp/err"
check "plot under $LOC: exit 0 ($(head -c 200 "$tmp/err"))" test $? -eq 0

# ---- the explorer (e2e_lib's start, under $LOC, with waits of 15 s)
LOCALE=$LOC E2E_WAIT=15
no_refusal() { ! screen | grep -q "not a number"; }

start 100 30 --preset binary
check "explorer starts under $LOC" wait_for "binary: "
keys B
$T send-keys -t t C-u 0.25 Enter
check "beta 0.25 accepted" wait_for "β 0.25"
check "no 'not a number' after beta 0.25" no_refusal
keys T
$T send-keys -t t C-u -1.6 Enter
check "tau -1.6 accepted" wait_for "τ -1.6"
check "no 'not a number' after tau -1.6" no_refusal
# a shipped preset opens (its numbers have decimal points)
keys o
check "picker opens" wait_for "open preset"
keys j
keys Enter
check "opening another shipped preset works" wait_for "many-rare: "
check "no load error" sh -c "! $T capture-pane -p -t t | grep -qi 'not a number\|cannot'"
keys o
keys k
keys Enter
check "back to binary" wait_for "binary: "
keys l Enter
$T send-keys -t t C-u 0.25 Enter
check "weight 0.25 accepted" wait_for "0.25     0.2"
check "no refusal of the weight" no_refusal
keys T
$T send-keys -t t C-u -1.6 Enter
check "tau -1.6 again" wait_for "τ -1.6"
keys B
$T send-keys -t t C-u 0.25 Enter
check "beta 0.25 again" wait_for "β 0.25"
keys s
check "save asks for a file" wait_for "save to:"
$T send-keys -t t C-u "$tmp/de.bonx" Enter
check "saved" wait_for "saved $tmp/de.bonx"
check "saved tau with a point" grep -qx 'tau: -1.6' "$tmp/de.bonx"
check "saved beta with a point" grep -qx 'beta: 0.25' "$tmp/de.bonx"
check "no decimal comma in the saved file" sh -c "! grep -q '[0-9],[0-9]' '$tmp/de.bonx'"
$T send-keys -t t q
i=0; while [ ! -f "$tmp/exit" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
# and it reads back under the same locale
LC_ALL=$LOC "$BONX" bon --file "$tmp/de.bonx" --n 2 >"$tmp/out" 2>"$tmp/err"
check "saved file reads back under $LOC ($(head -c 200 "$tmp/err"))" test $? -eq 0
check "no sanitizer report" sh -c "! grep -q 'Sanitizer\|runtime error' '$tmp/stderr'"
e2e_finish
