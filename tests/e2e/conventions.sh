#!/bin/sh
# SPDX-License-Identifier: MIT
# End-to-end tests of the command-line conventions (issue 12, issue 11 item 2): "--opt=value"
# and "--opt value" alike for every option of every command and the explorer; "--" ends the
# options; "--file -" reads standard input; only regular files are read (a FIFO, a device, a
# directory: a clear error at once); one colour rule (--color, TERM, NO_COLOR); a failed write
# of the output is an error; JSON writes null for non-finite numbers; labels must be UTF-8 and
# tables align them by display width; simulate's csv/json carry seed, method and samples.
. "$(dirname "$0")/../e2e_lib.sh"

ESC=$(printf '\033')

# eq_forms ARGS...: ARGS written with --opt=value; the same command with every --opt=value
# split into "--opt value" must give the same exit status, stdout and stderr.
eq_forms() {
  run "$@"
  cp "$tmp/out" "$tmp/eq.out"; cp "$tmp/err" "$tmp/eq.err"; rc1=$rc
  n=$#
  i=0
  for a in "$@"; do
    i=$((i + 1))
    case $a in
      --*=*) set -- "$@" "${a%%=*}" "${a#*=}" ;;
      *) set -- "$@" "$a" ;;
    esac
  done
  shift "$n"
  run "$@"
  if [ $rc -eq $rc1 ] && cmp -s "$tmp/out" "$tmp/eq.out" && cmp -s "$tmp/err" "$tmp/eq.err" &&
     { [ -s "$tmp/out" ] || [ -s "$tmp/err" ]; }; then ok
  else bad "--opt=value vs --opt value differ: $* (rc $rc1/$rc) $(head -c 200 "$tmp/err")"; fi
}

# ---------------------------------------------------------------- --opt=value everywhere
eq_forms bon --preset=binary --n=1,2,4 --t=1 --format=csv
eq_forms bon --dist=a=1:0,b=1:1 --n=1:100:3log --format=json
eq_forms klrl --dist=1:0,1:1,2:3 --beta=0.5,1 --calibrated --format=table
eq_forms klrl --preset=ternary --kl=0.5 --format=csv
eq_forms rr --file=presets/ternary.bonx --tau=0 --format=json
eq_forms pmf --preset=ternary --policy=klrl:1 --format=csv
eq_forms tradeoff --preset=ties --points=4 --format=csv
eq_forms presets --format=json
eq_forms bench --only=nope
eq_forms plot kl --preset=binary --width=60 --height=20 --n=8 --beta=0.5 --tau=1 --t=0.5 --color=always --ascii
eq_forms asym --preset=ternary --m=1,10 --delta=0.5 --format=csv
eq_forms asym --preset=ternary --m=1,10,100 --delta=0.5 --plot --width=60 --height=18 --color=always
eq_forms simulate --preset=binary --policy=bon:4 --samples=1000 --seed=7 --method=literal --t=1 --format=csv
eq_forms simulate --preset=needle --policy=bon:4 --samples=1000 --hist=5 --format=json
eq_forms simulate --preset=binary --policy=bon:4 --samples=1000 --plot=running --width=50 --height=16 --color=never
eq_forms corpora --preset=simpson --beta=0.5 --corpus-size=10 --corpora=3 --m=2 --adaptor=top-k:2 --seed=3 --format=csv
eq_forms corpora --preset=simpson --corpus-size=10 --corpora=20 --plot --width=60 --height=18 --color=always
eq_forms blockwise --preset=ternary --n=2,4 --length=1:0.5,2:0.5 --block=1,2 --format=csv
eq_forms pmf --preset=ternary --policy=bon:4 --implied=1 --format=json
eq_forms corpora --preset=simpson --corpus-size=10 --corpora=3 --bands=3 --eps=0.5 --summary --format=csv
eq_forms plot kl --preset=binary --n-range=1:100 --width=50 --height=14 --format=csv
eq_forms simulate --preset=binary --policy=rr:1 --samples=500 --hist=4 --format=csv
eq_forms bench --list --only=nope
# the explorer's own options (without a terminal it stops after parsing and loading)
eq_forms --lecture=nope
eq_forms --preset=binary --n-range=1:100
eq_forms --preset=nope
eq_forms --color=sometimes
eq_forms --preset=binary --color=never --ascii

# ---------------------------------------------------------------- every --help reads as text
# (a usage string printed with fputs keeps no printf escapes: "0.1%%" was shown as such)
for c in "" bon klrl rr pmf tradeoff presets bench simulate plot asym corpora blockwise; do
  # shellcheck disable=SC2086
  "$BONX" $c --help >"$tmp/out" 2>"$tmp/err"; rc=$?
  if [ $rc -eq 0 ] && [ ! -s "$tmp/err" ] && [ -s "$tmp/out" ] && ! grep -n '%%\|%[sdg]\b\|%\.[0-9]' "$tmp/out"
  then ok; else bad "bonx $c --help: rc=$rc, printf residue or stderr: $(head -c 200 "$tmp/err")"; fi
done
run --preset binary --help
if [ $rc -eq 0 ] && grep -q -- '--n-range' "$tmp/out" && ! grep -q '%%' "$tmp/out"; then ok; else bad "explorer --help"; fi
# bonx --help's usage names every option of the explorer
"$BONX" --help >"$tmp/top"
for o in $(grep -o -- '--[a-z][a-z-]*' "$tmp/out" | sort -u); do
  if grep -q -- "$o" "$tmp/top"; then ok; else bad "bonx --help does not name the explorer's $o"; fi
done
run --version extra
if [ $rc -eq 2 ] && [ ! -s "$tmp/out" ] && [ "$(cat "$tmp/err")" = "bonx: --version takes no arguments (got 'extra')" ]
then ok; else bad "bonx --version extra: rc=$rc $(cat "$tmp/err")"; fi

# every option any --help lists is known in its --opt=value form: an option with a value takes
# it after "=", a flag says it takes none (never "unknown option")
for c in bon klrl rr pmf tradeoff presets bench simulate plot asym corpora blockwise explorer; do
  if [ $c = explorer ]; then opts=$("$BONX" --preset binary --help); else opts=$("$BONX" $c --help); fi
  for o in $(echo "$opts" | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    [ "$c $o" = "presets --preset" ] && continue   # named in the text, not an option of presets
    if [ $c = explorer ]; then run "$o=1" </dev/null; else run $c "$o=1"; fi
    if grep -q "unknown option" "$tmp/err"; then bad "$c $o=1: $(cat "$tmp/err")"
    elif grep -q "takes no value" "$tmp/err" &&
         { [ $rc -ne 2 ] || [ "$(wc -l <"$tmp/err")" -ne 1 ] || ! grep -q "option $o takes no value (got '$o=1')" "$tmp/err"; }
    then bad "$c $o=1: $(cat "$tmp/err")"; else ok; fi
  done
done
expect_err "a flag with a value" bon "option --bounds takes no value (got '--bounds=yes')" bon --preset binary --n 2 --bounds=yes
expect_err "a flag with a value (klrl)" klrl "option --calibrated takes no value" klrl --preset binary --beta 1 --calibrated=1
run --ascii=1 </dev/null
if [ $rc -eq 2 ] && [ "$(cat "$tmp/err")" = "bonx: option --ascii takes no value (got '--ascii=1')" ]; then ok; else bad "explorer --ascii=1: $(cat "$tmp/err")"; fi

# ---------------------------------------------------------------- "--" ends the options
expect_ok "-- at the end" bon --preset binary --n 2 --format csv --
run bon --preset binary --n 2 --format csv
cp "$tmp/out" "$tmp/plain"
run bon --preset binary --n 2 --format csv --
if cmp -s "$tmp/out" "$tmp/plain"; then ok; else bad "-- at the end changes nothing"; fi
expect_err "nothing after -- for bon" bon "unexpected argument '--n'" bon --preset binary -- --n 2
expect_err "nothing after -- for presets" presets "unexpected argument 'x'" presets -- x
expect_err "nothing after -- for bench" bench "unexpected argument 'x'" bench -- x
expect_err "nothing after -- for simulate" simulate "unexpected argument" simulate --preset binary --policy bon:2 -- --seed 3
run plot --preset binary --width 40 --height 12 kl
cp "$tmp/out" "$tmp/plain"
run plot --preset binary --width 40 --height 12 -- kl
if [ $rc -eq 0 ] && cmp -s "$tmp/out" "$tmp/plain"; then ok; else bad "plot -- CHART: rc=$rc"; fi
expect_err "plot -- two charts" plot "unexpected argument 'pmf'" plot --preset binary -- kl pmf
expect_err "plot chart before and after --" plot "unexpected argument 'pmf'" plot kl --preset binary -- pmf
expect_err "plot -- an option-looking chart" plot "unknown chart '--width'" plot --preset binary -- --width
run bon --preset binary --n 2 -- --help
if [ $rc -eq 2 ] && grep -q "unexpected argument '--help'" "$tmp/err"; then ok; else bad "--help after -- is an operand"; fi
# the explorer: a FILE whose name starts with '-' after "--"
cp presets/binary.bonx "$tmp/-odd.bonx"
case $BONX in /*) bin=$BONX ;; *) bin=$PWD/$BONX ;; esac   # (absolute under tests/cross.sh)
(cd "$tmp" && "$bin" -- -odd.bonx) </dev/null >"$tmp/out" 2>"$tmp/err"
if [ $? -eq 2 ] && grep -q "needs a terminal" "$tmp/err"; then ok; else bad "bonx -- -odd.bonx: $(cat "$tmp/err")"; fi
(cd "$tmp" && "$bin" -odd.bonx) </dev/null >"$tmp/out" 2>"$tmp/err"
if [ $? -eq 2 ] && grep -q "unknown option '-odd.bonx'" "$tmp/err"; then ok; else bad "bonx -odd.bonx: $(cat "$tmp/err")"; fi

# ---------------------------------------------------------------- --file - reads standard input
"$BONX" bon --file - --n 2 --format csv <presets/binary.bonx >"$tmp/out" 2>"$tmp/err"; rc=$?
"$BONX" bon --file presets/binary.bonx --n 2 --format csv >"$tmp/plain" 2>&1
if [ $rc -eq 0 ] && cmp -s "$tmp/out" "$tmp/plain"; then ok; else bad "--file - from a redirect: rc=$rc"; fi
cat presets/ternary.bonx | "$BONX" klrl --file=- --beta 1 --format csv >"$tmp/out" 2>"$tmp/err"; rc=$?
"$BONX" klrl --preset ternary --beta 1 --format csv >"$tmp/plain"
if [ $rc -eq 0 ] && cmp -s "$tmp/out" "$tmp/plain"; then ok; else bad "--file=- from a pipe: rc=$rc"; fi
printf 'a 1 0\nb x 1\n' | "$BONX" rr --file - >"$tmp/out" 2>"$tmp/err"; rc=$?
if [ $rc -eq 2 ] && [ ! -s "$tmp/out" ] && [ "$(cat "$tmp/err")" = "bonx rr: <stdin>:2: weight 'x' is not a number" ]
then ok; else bad "--file - error names <stdin>:LINE: $(cat "$tmp/err")"; fi
timeout 10 "$BONX" rr --file - </dev/zero >"$tmp/out" 2>"$tmp/err"; rc=$?
if [ $rc -eq 2 ] && grep -q "<stdin>:1: NUL byte" "$tmp/err"; then ok; else bad "--file - </dev/zero: rc=$rc $(cat "$tmp/err")"; fi

# ---------------------------------------------------------------- only regular files
mkfifo "$tmp/fifo"
t0=$(date +%s)
for c in "bon --n 2" "klrl --beta 1" "rr" "pmf --policy bon:2" "tradeoff" "plot kl" \
         "asym --m 2 --delta 0.1" "simulate --policy bon:2" "corpora --beta 1 --corpus-size 2 --corpora 2"; do
  set -- $c
  cmd=$1
  # shellcheck disable=SC2086
  timeout 10 "$BONX" $c --file "$tmp/fifo" >"$tmp/out" 2>"$tmp/err"; rc=$?
  if [ $rc -eq 2 ] && [ ! -s "$tmp/out" ] &&
     [ "$(cat "$tmp/err")" = "bonx $cmd: $tmp/fifo: not a regular file (a FIFO)" ]
  then ok; else bad "$cmd --file FIFO: rc=$rc $(cat "$tmp/err")"; fi
done
expect_err "/dev/zero" bon "/dev/zero: not a regular file (a character device)" bon --file /dev/zero --n 2
expect_err "directory" bon "$tmp: not a regular file (a directory)" bon --file "$tmp" --n 2
timeout 10 "$BONX" "$tmp/fifo" </dev/null >"$tmp/out" 2>"$tmp/err"; rc=$?
if [ $rc -eq 2 ] && [ "$(cat "$tmp/err")" = "bonx: $tmp/fifo: not a regular file (a FIFO)" ]
then ok; else bad "explorer FIFO: rc=$rc $(cat "$tmp/err")"; fi
timeout 10 "$BONX" /dev/zero </dev/null >"$tmp/out" 2>"$tmp/err"; rc=$?
if [ $rc -eq 2 ] && grep -q "/dev/zero: not a regular file" "$tmp/err"; then ok; else bad "explorer /dev/zero: rc=$rc"; fi
run -
if [ $rc -eq 2 ] && grep -q "reads keys from standard input" "$tmp/err"; then ok; else bad "explorer -: rc=$rc"; fi
t1=$(date +%s)
if [ $((t1 - t0)) -lt 20 ]; then ok; else bad "special files took $((t1 - t0)) s (no hang)"; fi

# ---------------------------------------------------------------- a failed write is an error
if [ -w /dev/full ]; then
  for c in "bon --preset binary --n 2" "bon --preset binary --n 2 --format csv" "presets" "--help" \
           "plot kl --preset binary" "plot --help" "asym --preset ternary --m 2 --delta 0.1" \
           "asym --preset ternary --m 2,4 --delta 0.1 --plot" \
           "simulate --preset binary --policy bon:2 --samples 100" \
           "simulate --preset binary --policy bon:2 --samples 100 --plot hist" \
           "corpora --preset simpson --corpus-size 2 --corpora 2" \
           "corpora --preset simpson --corpus-size 2 --corpora 2 --summary" \
           "corpora --preset simpson --corpus-size 2 --corpora 2 --plot" "bench --list" \
           "bon --preset binary --n 2 --format json" "klrl --preset binary --beta 1" \
           "rr --preset ternary --format csv" "pmf --preset ternary --policy bon:2 --format json" \
           "tradeoff --preset ternary --points 3" "blockwise --preset ternary --n 2 --length 1:1" \
           "plot kl --preset binary --format svg" "presets --format json" "--version"; do
    # shellcheck disable=SC2086
    "$BONX" $c >/dev/full 2>"$tmp/err"; rc=$?
    if [ $rc -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "cannot write the output" "$tmp/err"
    then ok; else bad "$c >/dev/full: rc=$rc $(cat "$tmp/err")"; fi
  done
fi

# ---------------------------------------------------------------- colour: one rule
# in_tty ENV... -- ARGS...: run bonx on a pseudo-terminal (script(1)), output in $tmp/out
in_tty() {
  script -qec "env $* " /dev/null </dev/null >"$tmp/out" 2>&1
}
has_esc() { grep -q "$ESC\[" "$tmp/out"; }
for c in "plot kl --preset binary --width 60 --height 16" \
         "asym --preset ternary --m 1,10 --delta 0.5 --plot --width 60 --height 16" \
         "simulate --preset binary --policy bon:4 --samples 2000 --plot hist --width 60 --height 16" \
         "corpora --preset simpson --corpus-size 20 --corpora 20 --plot --width 60 --height 16"; do
  # not a terminal: auto gives none; always gives colour; never none
  # shellcheck disable=SC2086
  "$BONX" $c >"$tmp/out" 2>&1
  if ! has_esc; then ok; else bad "$c: escapes into a pipe"; fi
  # shellcheck disable=SC2086
  "$BONX" $c --color=always >"$tmp/out" 2>&1
  if has_esc; then ok; else bad "$c --color=always: no colour"; fi
  if command -v script >/dev/null 2>&1; then
    in_tty TERM=xterm-256color NO_COLOR= "$BONX" $c
    if has_esc; then ok; else bad "$c: a terminal with NO_COLOR set but empty gets colour"; fi
    in_tty -u NO_COLOR TERM=xterm-256color "$BONX" $c
    if has_esc; then ok; else bad "$c: a terminal without NO_COLOR gets colour"; fi
    in_tty TERM=xterm-256color NO_COLOR=1 "$BONX" $c
    if ! has_esc; then ok; else bad "$c: NO_COLOR=1 still colours"; fi
    in_tty -u NO_COLOR TERM=dumb "$BONX" $c
    if ! has_esc; then ok; else bad "$c: TERM=dumb still colours"; fi
    in_tty -u NO_COLOR TERM=xterm-256color "$BONX" $c --color=never
    if ! has_esc; then ok; else bad "$c --color=never on a terminal"; fi
    in_tty TERM=dumb NO_COLOR=1 "$BONX" $c --color=always
    if has_esc; then ok; else bad "$c --color=always beats TERM=dumb and NO_COLOR"; fi
  fi
done
expect_err "bad --color" plot "--color: 'yes' is not auto, always or never" plot kl --preset binary --color=yes
expect_err "--color on asym needs a value" asym "option --color needs a value" asym --preset ternary --m 2 --delta 0.1 --plot --color
run --color=sometimes
if [ $rc -eq 2 ] && grep -q "^bonx: --color: 'sometimes' is not auto, always or never" "$tmp/err"; then ok; else bad "explorer --color: $(cat "$tmp/err")"; fi

# ---------------------------------------------------------------- JSON: null, never strings
run corpora --preset simpson --corpus-size 10 --corpora 5 --adaptor top-k:1 --summary --format json
if [ $rc -eq 0 ] && grep -q '"string_pearson": null' "$tmp/out" && ! grep -q '"nan"\|"inf"\|"-inf"' "$tmp/out"
then ok; else bad "corpora --summary json: nan as null: $(head -c 300 "$tmp/out")"; fi
if command -v python3 >/dev/null 2>&1; then
  if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d[0]["string_pearson"] is None
for row in d:
    for k, v in row.items():
        assert v is None or isinstance(v, (int, float)) or k == "adaptor", (k, v)
' "$tmp/out"; then ok; else bad "corpora json: numbers or null"; fi
fi
run klrl --dist 1:0,1:1 --beta 1e-320 --format json
if [ $rc -ne 0 ] || ! grep -q '"inf"\|"nan"' "$tmp/out"; then ok; else bad "klrl json strings: $(cat "$tmp/out")"; fi

# ---------------------------------------------------------------- UTF-8 labels, display width
expect_err "invalid UTF-8 label" bon "--dist item 2: label is not valid UTF-8" bon --dist "$(printf 'a=1:0,b\374=1:1')" --n 2
printf 'title: t\na 1 0\nb\374 1 1\n' >"$tmp/latin1.bonx"
expect_err "invalid UTF-8 in a file" bon "$tmp/latin1.bonx:3: invalid UTF-8 (byte 0xfc at column 2)" bon --file "$tmp/latin1.bonx" --n 2
LC_ALL=C.UTF-8 "$BONX" pmf --dist 'a=1:0,über=1:1,日本語=2:3' --policy bon:4 >"$tmp/out" 2>"$tmp/err"; rc=$?
# ü takes one column, each CJK character two: every column lines up on a terminal
cat >"$tmp/want" <<'TABLE'
index  label      p  reward          pi
    1  a       0.25       0  0.00390625
    2  über    0.25       1  0.05859375
    3  日本語   0.5       3      0.9375
TABLE
if [ $rc -eq 0 ] && cmp -s "$tmp/out" "$tmp/want"; then ok; else bad "table aligned by display width: $(cat "$tmp/out")"; fi

# ---------------------------------------------------------------- simulate: seed and method
expect_ok "simulate csv" simulate --preset binary --policy bon:4 --samples 500 --seed 18446744073709551615 --method literal --format csv
if [ "$(head -n 1 "$tmp/out")" = "quantity,exact,mean,stderr,seed,method,samples" ] &&
   [ "$(tail -n +2 "$tmp/out" | cut -d, -f5-7 | sort -u)" = "18446744073709551615,literal,500" ]
then ok; else bad "simulate csv seed/method: $(head -n 2 "$tmp/out")"; fi
expect_ok "simulate json" simulate --preset binary --policy klrl:1 --samples 500 --format json
if grep -q '"seed": 1, "method": "pmf", "samples": 500}' "$tmp/out"; then ok; else bad "simulate json seed/method"; fi
expect_ok "simulate hist csv" simulate --preset binary --policy rr:1 --samples 500 --hist 3 --seed 9 --format csv
if [ "$(head -n 1 "$tmp/out")" = "bin_lo,bin_hi,exact,observed,seed,method,samples" ] && grep -q ',9,literal,500$' "$tmp/out"
then ok; else bad "simulate --hist csv seed/method"; fi
expect_ok "simulate table unchanged" simulate --preset binary --policy bon:4 --samples 500
if head -n 1 "$tmp/out" | grep -Eq '^quantity +exact +mean +stderr$' && grep -q '^generator xoshiro256\*\*, seed 1, method exact, 500 samples$' "$tmp/out"
then ok; else bad "simulate table"; fi

# ---------------------------------------------------------------- asym --m takes integers
expect_err "asym --m 2.5" asym "--m: 2.5 is not an integer >= 1" asym --preset ternary --m 2.5 --delta 0.1
expect_err "asym --m range with fractions" asym "is not an integer >= 1" asym --preset ternary --m 1:2:3 --delta 0.1

e2e_finish
