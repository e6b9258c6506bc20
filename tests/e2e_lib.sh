# SPDX-License-Identifier: MIT
# Sourced by the end-to-end scripts in tests/e2e/: the sanitised binary, presets from the
# source tree, a scratch directory, pass/fail counters and the checks every script shares.
# A script ends with e2e_finish, which prints the "e2e: N passed, N failed" line tests/run reads.
cd "$(dirname "$0")/../.." || exit 2
BONX=${BONX:-build/san/bonx}
export BONX_PRESETS="$PWD/presets"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# run ARGS...: runs bonx, leaves $tmp/out, $tmp/err, $rc
run() {
  "$BONX" "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
}

# expect_ok DESC ARGS...: exit 0, something on stdout, nothing on stderr
expect_ok() {
  desc=$1; shift
  run "$@"
  if [ $rc -ne 0 ] || [ ! -s "$tmp/out" ] || [ -s "$tmp/err" ]; then
    bad "$desc: rc=$rc, stderr: $(head -c 300 "$tmp/err")"
  else
    ok
  fi
}

# expect_err DESC CMD PATTERN ARGS...: exit 2, empty stdout, one stderr line
# "bonx CMD: ..." containing PATTERN (a fixed string)
expect_err() {
  desc=$1 cmd=$2 pat=$3; shift 3
  run "$@"
  lines=$(wc -l <"$tmp/err")
  if [ $rc -ne 2 ] || [ -s "$tmp/out" ] || [ "$lines" -ne 1 ] ||
     ! grep -q "^bonx $cmd: " "$tmp/err" || ! grep -qF -- "$pat" "$tmp/err"; then
    bad "$desc: rc=$rc, stdout $(wc -c <"$tmp/out") bytes, stderr: $(head -c 300 "$tmp/err")"
  else
    ok
  fi
}

# e2e_tmux NAME: a private tmux server ($T runs tmux on it) that is killed on exit; fails the
# script when tmux is missing.
e2e_tmux() {
  sock=$1-$$
  T="tmux -L $sock -f /dev/null"
  trap '$T kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
  if ! command -v tmux >/dev/null; then
    echo "tmux not found"; echo "e2e: 0 passed, 1 failed"; exit 1
  fi
}

e2e_finish() {
  echo "e2e: $pass passed, $fail failed"
  [ "$fail" -eq 0 ]
}

# ---- the explorer in tmux (after e2e_tmux): what explorer.sh, lecture.sh and
# charts_explorer.sh share.  Synchronised on what bonx draws (the frame counter " fN" that
# BONX_TEST_FRAMES=1 puts on the status line, and the texts each step must show), never on
# bare sleeps.  Waits give up after $E2E_WAIT seconds (default 10) unless told otherwise.

# start W H ARGS...: a fresh session running bonx; its exit status lands in $tmp/exit, its
# stderr in $tmp/stderr.  $LOCALE (default C.UTF-8) is its locale; with $E2E_IN_TMP set it
# runs in $tmp, so that whatever it writes (exports, saves) stays out of the source tree;
# $E2E_ENV (e.g. "BONX_RECOMPUTE_GRACE_MS=0") adds to its environment.
start() {
  w=$1 h=$2; shift 2
  loc=${LOCALE:-C.UTF-8}
  dir=$PWD bin=$BONX
  if [ -n "${E2E_IN_TMP:-}" ]; then dir=$tmp; case $BONX in /*) ;; *) bin=$PWD/$BONX ;; esac; fi
  $T kill-server 2>/dev/null
  rm -f "$tmp/exit" "$tmp/stderr"
  # a server that is still shutting down can refuse the new one: retry briefly
  i=0
  while [ $i -lt 50 ]; do
    $T new-session -d -s t -x "$w" -y "$h" -c "$dir" \
      "env BONX_TEST_FRAMES=1 TERM=xterm-256color LANG=$loc LC_ALL=$loc ${E2E_ENV:-} \
       ASAN_OPTIONS=detect_leaks=1 $bin $* 2>$tmp/stderr; echo \"exit=\$?\" >$tmp/exit; \
       echo \"exit=\$(cat $tmp/exit)\"; exec sleep 600" 2>/dev/null && return 0
    sleep 0.1; i=$((i + 1))
  done
  echo "cannot start tmux"; return 1
}

screen() { $T capture-pane -p -t t 2>/dev/null | sed 's/ f[0-9][0-9]*$/ f#/'; }
frame() { $T capture-pane -p -t t 2>/dev/null | sed -n 's/.* f\([0-9][0-9]*\)$/\1/p' | tail -n 1; }

# wait_for TEXT [SECONDS]: poll the screen until it shows TEXT (a fixed string).
wait_for() {
  i=0 limit=$(( ${2:-${E2E_WAIT:-10}} * 20 ))
  while [ $i -lt $limit ]; do
    screen | grep -qF -- "$1" && return 0
    sleep 0.05; i=$((i + 1))
  done
  echo "timeout waiting for: $1"; screen | cut -c1-160 | sed 's/^/  | /'
  return 1
}

# wait_re REGEX: poll the screen until a line matches REGEX (grep -E); all_re REGEX...: each.
wait_re() {
  i=0
  while [ $i -lt 200 ]; do
    screen | grep -qE -- "$1" && return 0
    sleep 0.05; i=$((i + 1))
  done
  echo "timeout waiting for /$1/"; screen | sed 's/^/  | /'
  return 1
}
all_re() { for r; do wait_re "$r" || return 1; done; }

# wait_gone TEXT [SECONDS]: until the screen no longer shows TEXT.
wait_gone() {
  i=0 limit=$(( ${2:-${E2E_WAIT:-10}} * 20 ))
  while [ $i -lt $limit ]; do
    screen | grep -qF -- "$1" || return 0
    sleep 0.05; i=$((i + 1))
  done
  echo "timeout waiting for '$1' to go"; screen | sed 's/^/  | /'; return 1
}

# keys KEY...: send keys (tmux key names) and wait until a new frame is drawn.
keys() {
  before=$(frame)
  $T send-keys -t t "$@"
  wait_frame "$before" "$*"
}
# raw HEX...: send bytes as a terminal would (e.g. 1b 5b 34 7e is End as tmux sends it).
raw() {
  before=$(frame)
  $T send-keys -t t -H "$@"
  wait_frame "$before" "$*"
}
wait_frame() {
  i=0 limit=$(( ${E2E_WAIT:-10} * 20 ))
  while [ $i -lt $limit ]; do
    now=$(frame)
    [ -n "$now" ] && [ "$now" != "$1" ] && return 0
    sleep 0.05; i=$((i + 1))
  done
  echo "no new frame after keys: $2"; return 1
}

# wait_exit [SECONDS]: until bonx has exited with status 0.
wait_exit() {
  wait_exited "$@" && grep -q "exit=0" "$tmp/exit" && return 0
  echo "no clean exit: $(cat "$tmp/exit" 2>/dev/null)"; return 1
}

# wait_exited [SECONDS]: until bonx has exited, whatever its status (after a signal).
wait_exited() {
  i=0 limit=$(( ${1:-${E2E_WAIT:-10}} * 20 ))
  while [ $i -lt $limit ]; do
    [ -s "$tmp/exit" ] && return 0
    sleep 0.05; i=$((i + 1))
  done
  echo "bonx did not exit"; return 1
}

# golden NAME: compare the screen with $GOLD/NAME.txt (or write it with BONX_BLESS=1).
golden() {
  screen >"$tmp/screen.txt"
  if [ -n "${BONX_BLESS:-}" ]; then
    cp "$tmp/screen.txt" "$GOLD/$1.txt"; ok; return
  fi
  if [ ! -f "$GOLD/$1.txt" ]; then
    bad "golden $1 missing (run with BONX_BLESS=1)"; return
  fi
  if diff -u "$GOLD/$1.txt" "$tmp/screen.txt" >"$tmp/diff"; then ok; else
    bad "screen differs from golden $1:"; sed 's/^/  /' "$tmp/diff" | head -40
  fi
}

# check DESC COMMAND...: a case passes when the command succeeds.
check() { desc=$1; shift; if "$@"; then ok; else bad "$desc"; fi; }

no_sanitizer_report() { ! grep -q "Sanitizer\|runtime error" "$tmp/stderr" 2>/dev/null; }
