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
