#!/bin/sh
# SPDX-License-Identifier: MIT
# The explorer follows the one colour rule (issue 12): --color=auto (the default) colours on a
# terminal unless NO_COLOR is set and not empty (a set but empty NO_COLOR does not disable
# it); --color=always and --color=never override it.  The screen is read with its escape
# sequences (tmux capture-pane -e) in a private tmux server, synchronised on the frame counter.
. "$(dirname "$0")/../e2e_lib.sh"
e2e_tmux bonx-color

# show ENV -- ARGS: run the explorer until its first frame, leave the screen with escapes
# in $tmp/screen, quit.
show() {
  $T kill-server 2>/dev/null
  i=0
  while [ $i -lt 50 ]; do
    $T new-session -d -s t -x 100 -y 30 \
      "env $1 BONX_TEST_FRAMES=1 TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 $BONX $2; exec sleep 600" \
      2>/dev/null && break
    sleep 0.1; i=$((i + 1))
  done
  i=0
  while [ $i -lt 400 ]; do
    $T capture-pane -p -t t 2>/dev/null | grep -q ' f[0-9][0-9]*$' && break
    sleep 0.05; i=$((i + 1))
  done
  $T capture-pane -e -p -t t >"$tmp/screen" 2>/dev/null
  $T send-keys -t t q 2>/dev/null
}
ESC=$(printf '\033')
# a foreground or background colour in an SGR sequence (30-37, 40-47, 38;5;N, 48;5;N)
coloured() { grep -Eq "$ESC\\[([0-9]+;)*(3[0-8]|4[0-8])(;[0-9]+)*m" "$tmp/screen"; }

check() {   # WANT(colour|plain) ENV ARGS
  show "$2" "$3"
  if ! grep -q ' f[0-9]' "$tmp/screen"; then bad "$2 bonx $3: no frame"; return; fi
  if [ "$1" = colour ] && coloured; then ok
  elif [ "$1" = plain ] && ! coloured; then ok
  else bad "$2 bonx $3: want $1"; fi
}
check colour "-u NO_COLOR" ""
check colour "NO_COLOR=" ""
check plain "NO_COLOR=1" ""
check plain "-u NO_COLOR" "--color=never"
check colour "NO_COLOR=1" "--color=always"
check colour "NO_COLOR=1" "--color always --preset=needle"

e2e_finish
