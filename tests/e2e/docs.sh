#!/bin/sh
# SPDX-License-Identifier: MIT
# The documentation and the shell completions (issue 12): the man page renders without groff
# or mandoc warnings, has a parseable .TH date, a SYNOPSIS and OPTIONS naming every command
# and option, and a SEE ALSO naming only files that exist; the bash, zsh and fish completions
# parse, name every command `bonx --help` lists and every option of every `bonx CMD --help`,
# complete for real in bash (and fish when installed), and `make install` puts them where the
# shells look.
. "$(dirname "$0")/../e2e_lib.sh"

MAN=man/bonx.1

# ---------------------------------------------------------------- man page lint
if command -v man >/dev/null 2>&1 && command -v groff >/dev/null 2>&1; then
  man --warnings -l "$MAN" >/dev/null 2>"$tmp/err"
  if [ ! -s "$tmp/err" ]; then ok; else bad "man --warnings: $(head -5 "$tmp/err")"; fi
else
  echo "note: man/groff not installed, groff warnings not checked"
fi
if command -v mandoc >/dev/null 2>&1; then
  if mandoc -Tlint -Wwarning "$MAN" >"$tmp/err" 2>&1; then ok; else bad "mandoc -Tlint: $(head -5 "$tmp/err")"; fi
else
  echo "note: mandoc not installed, mandoc -Tlint not run"
fi
# groff itself, without man's preprocessors and on its default device: plain ASCII input
# (escapes for other characters), every glyph available
if command -v groff >/dev/null 2>&1; then
  groff -man -ww -z "$MAN" >"$tmp/err" 2>&1
  if [ ! -s "$tmp/err" ]; then ok; else bad "groff -man -ww -z: $(head -5 "$tmp/err")"; fi
fi
if ! LC_ALL=C grep -n '[^ -~	]' "$MAN" >"$tmp/out"; then ok; else bad "non-ASCII bytes in the man page: $(head -3 "$tmp/out")"; fi
# .TH NAME SECTION DATE SOURCE (after the SPDX comment): an ISO date and the version
th=$(grep -m 1 '^\.TH' "$MAN")
if echo "$th" | grep -Eq '^\.TH BONX 1 [0-9]{4}-[0-9]{2}-[0-9]{2} "bonx [0-9]+\.[0-9]+\.[0-9]+"' &&
   date -d "$(echo "$th" | cut -d' ' -f4)" +%F >/dev/null 2>&1
then ok; else bad ".TH line: $th"; fi
# no running text straight after an example block (.fi must be followed by a request)
if awk 'prev == ".fi" && $0 !~ /^\./ { print NR; bad = 1 } { prev = $0 } END { exit bad }' "$MAN" >"$tmp/out"
then ok; else bad "text right after .fi at lines $(tr '\n' ' ' <"$tmp/out")"; fi

# SYNOPSIS and the whole page name every command and every option of its --help
sed -n '/^\.SH SYNOPSIS/,/^\.SH DESCRIPTION/p' "$MAN" | sed 's/\\-/-/g' >"$tmp/synopsis"
commands=$("$BONX" --help | sed -n '/^commands:/,$p' | awk 'NR > 1 { print $1 }')
[ -n "$commands" ] || bad "bonx --help lists no commands"
for c in $commands; do
  if grep -q "^\.B bonx $c\$" "$tmp/synopsis"; then ok; else bad "SYNOPSIS lacks bonx $c"; fi
done
sed 's/\\-/-/g' "$MAN" >"$tmp/page"
options_of() {   # the options a command's --help names (the explorer: its own usage)
  if [ "$1" = explorer ]; then "$BONX" --preset binary --help; else "$BONX" "$1" --help; fi |
    grep -o -- '--[a-z][a-z-]*' | sort -u
}
for c in $commands explorer; do
  for o in $(options_of "$c"); do
    if grep -q -- "$o\\b" "$tmp/synopsis" || { [ "$o" = --dist ] || [ "$o" = --file ]; } && grep -q -- "$o" "$tmp/synopsis"
    then ok; else bad "SYNOPSIS lacks $c $o"; fi
  done
done
# every option the page names is one that some command (or the explorer) takes
for c in $commands explorer; do options_of "$c"; done | sort -u >"$tmp/help-options"
grep -o -- '--[a-z][a-z-]*' "$tmp/page" | sort -u >"$tmp/man-options"
extra=$(comm -13 "$tmp/help-options" "$tmp/man-options" | grep -vx -- '--version\|--help' | tr '\n' ' ')
if [ -z "$extra" ]; then ok; else bad "the man page names options no command takes: $extra"; fi
# every key a preset file takes (as the unknown-key error lists them) under PRESET FORMAT
printf 'zzz: 1\na 1 0\n' >"$tmp/key.bonx"
keys=$("$BONX" bon --file "$tmp/key.bonx" --n 2 2>&1 | sed -n 's/.*(expected \(.*\))$/\1/p' |
       sed 's/or a scene key://; s/,/ /g')
[ "$(echo $keys | wc -w)" -ge 15 ] || bad "unknown-key message lists too few keys: $keys"
sed -n '/^\.SH PRESET FORMAT/,/^\.SH FILES/p' "$MAN" | sed 's/\\-/-/g' >"$tmp/format"
for k in $keys; do
  if grep -Eq "^\.BI? \"?$k: " "$tmp/format"; then ok; else bad "PRESET FORMAT does not document '$k:'"; fi
done

# SEE ALSO names only files that exist in the tree
sed -n '/^\.SH SEE ALSO/,$p' "$MAN" | grep -o '[A-Za-z/]*\.md' | sort -u >"$tmp/seealso"
[ -s "$tmp/seealso" ] || bad "SEE ALSO names no document"
while read -r f; do
  if [ -f "$f" ]; then ok; else bad "SEE ALSO names $f, which does not exist"; fi
done <"$tmp/seealso"
if grep -q "doc/MATH.md" README.md && [ -f doc/MATH.md ]; then ok; else bad "README refers to doc/MATH.md"; fi

# README: make test takes minutes, and its install line names what the tests need, all of
# which CI installs
readme_pkgs=$(sed -n 's/^apt-get install //p' README.md | head -n 1)
ci_pkgs=$(sed -n '/apt-get install/,/>\/dev\/null/p' .ci/run | tr -s ' \\' '\n\n' | grep '^[a-z0-9][a-z0-9.+-]*$')
for p in build-essential pkg-config libncurses-dev libcmocka-dev libmpfr-dev tmux python3; do
  case " $readme_pkgs " in *" $p "*) ok ;; *) bad "README's install line lacks $p: $readme_pkgs" ;; esac
done
for p in $readme_pkgs; do
  if echo "$ci_pkgs" | grep -qx -- "$p"; then ok; else bad ".ci/run does not install $p (README's install line does)"; fi
done
if tr '\n' ' ' <README.md | grep -q '`make test` takes minutes'; then ok; else bad "README does not say make test takes minutes"; fi

# ---------------------------------------------------------------- completions
if bash -n completions/bonx.bash; then ok; else bad "bash -n completions/bonx.bash"; fi
if command -v zsh >/dev/null 2>&1; then
  if zsh -n completions/_bonx; then ok; else bad "zsh -n completions/_bonx"; fi
else echo "note: zsh not installed, _bonx not parsed"; fi
if command -v fish >/dev/null 2>&1; then
  if fish -n completions/bonx.fish; then ok; else bad "fish -n completions/bonx.fish"; fi
else echo "note: fish not installed, bonx.fish not parsed"; fi
for f in completions/bonx.bash completions/_bonx completions/bonx.fish; do
  for c in $commands; do
    if grep -q "\\b$c\\b" "$f"; then ok; else bad "$f lacks the command $c"; fi
  done
  for c in $commands explorer; do
    for o in $(options_of "$c"); do
      name=${o#--}
      if grep -q -- "--$name\\b" "$f" || grep -q -- "-l $name\\b" "$f"; then ok; else bad "$f lacks $c $o"; fi
    done
  done
  for w in kl winrate tradeoff reward pmf cost simplex table csv json auto always never literal exact; do
    if grep -q "\\b$w\\b" "$f"; then ok; else bad "$f lacks the value $w"; fi
  done
done

# bash: complete for real (COMP_WORDS[0] is the binary the completion asks for preset names)
bash_complete() {   # WORDS...: the line, the last word the one being completed
  # in an empty directory, so that no file names join the commands
  (cd "$tmp/empty" && bash -c '. "$0"; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _bonx; printf "%s\n" "${COMPREPLY[@]}"' \
    "$src/completions/bonx.bash" "$bonx_abs" "$@" 2>&1) | sort | tr '\n' ' '
}
src=$PWD
bonx_abs="$(cd "$(dirname "$BONX")" && pwd)/$(basename "$BONX")"
mkdir -p "$tmp/empty"
check_bash() {   # WANT WORDS...
  want=$1; shift
  got=$(bash_complete "$@")
  if [ "$got" = "$want" ]; then ok; else bad "bash completion of '$*': got '$got' want '$want'"; fi
}
check_bash "plot pmf presets " p
check_bash "cost kl pmf reward simplex tradeoff winrate " plot ""
check_bash "csv json table " bon --preset binary --format ""
check_bash "--format=csv " bon --format=c
check_bash "always auto " plot kl --color a
check_bash "--tau " rr --t
check_bash "--t --tau " plot --t
check_bash "hist running " simulate --plot ""
check_bash "literal " simulate --method li
check_bash "$(ls presets/*.bonx | sed 's|.*/||; s|\.bonx$||' | sort | tr '\n' ' ')" --preset ""
check_bash "--corpora --corpus-size " corpora --corp
check_bash "--calibrated " klrl --cal
# each command completes exactly the options its --help lists (plus -- and --help); the
# explorer its own and --version
for c in $commands; do   # (presets --help names --preset only to say where a name goes)
  want=$(printf '%s\n' -- --help $(options_of "$c") | sort -u |
         { if [ "$c" = presets ]; then grep -vx -- --preset; else cat; fi; } | tr '\n' ' ')
  check_bash "$want" "$c" --
done
check_bash "$(printf '%s\n' -- --help --version $(options_of explorer) | sort -u | tr '\n' ' ')" --
# after an option that needs a value, bash offers values (or nothing), never commands or options
for c in $commands explorer; do
  for o in $(options_of "$c"); do
    if [ $c = explorer ]; then "$BONX" "$o" </dev/null >/dev/null 2>"$tmp/err"; set -- "$o" ""
    else "$BONX" "$c" "$o" >/dev/null 2>"$tmp/err"; set -- "$c" "$o" ""; fi
    grep -q "needs a value" "$tmp/err" || continue
    got=$(bash_complete "$@")
    case " $got " in
      *" bon "*|*" plot "*|*" --"*) bad "bash completion after '$c $o' offers commands or options: $got" ;;
      *) ok ;;
    esac
  done
done
mkdir -p "$tmp/lec/sub" && : >"$tmp/lec/talk.bonxl" && : >"$tmp/lec/table.bonx"
got=$(cd "$tmp/lec" && bash -c '. "$0"; COMP_WORDS=(bonx --lecture ""); COMP_CWORD=2; _bonx; printf "%s\n" "${COMPREPLY[@]}"' \
      "$src/completions/bonx.bash" | sort | tr '\n' ' ')
if [ "$got" = "sub talk.bonxl " ]; then ok; else bad "bash: bonx --lecture <Tab>: '$got'"; fi

# zsh: complete for real when zsh is installed (an interactive zsh on a pseudo-terminal)
# (the preset names come from the optimised ./bonx that make test builds: the sanitised one,
# started by zsh's completion inside a pseudo-terminal, now and then prints nothing)
if command -v zsh >/dev/null 2>&1 && [ -x "$src/bonx" ]; then
  zsh_complete() {
    timeout 40 zsh -f tests/zsh_complete.zsh "$src/completions" "$src" "$1" 2>&1 |
      tr -d '\r' | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g; s/bonx/ bonx/g' | tr -s ' \n' '  '
  }
  check_zsh() {   # LINE WORDS...: every word is listed
    line=$1; shift
    got=$(zsh_complete "$line")
    for w in "$@"; do
      case " $got " in *" $w "*) ;; *) bad "zsh: '$line<Tab>' lacks $w: $got"; return ;; esac
    done
    ok
  }
  check_zsh "bonx plot " cost kl pmf reward simplex tradeoff winrate
  check_zsh "bonx bon --format " csv json table
  check_zsh "bonx p" plot pmf presets
  check_zsh "bonx --preset " binary needle simpson ternary
  check_zsh "bonx simulate --method " exact literal
  check_zsh "bonx corpora --corp" --corpora --corpus-size
  check_zsh "bonx --" --version --lecture --n-range --preset
fi

# fish: complete for real when fish is installed
if command -v fish >/dev/null 2>&1; then
  fish_complete() {
    PATH="$(cd "$(dirname "$BONX")" && pwd):$PATH" fish --no-config -c "source completions/bonx.fish; complete -C '$1'" 2>&1 |
      cut -f1 | sort | tr '\n' ' '
  }
  got=$(fish_complete "bonx plot ")
  case $got in *"cost "*"kl "*"simplex "*) ok ;; *) bad "fish: bonx plot <Tab>: $got" ;; esac
  got=$(fish_complete "bonx bon --format ")
  if [ "$got" = "csv json table " ]; then ok; else bad "fish: --format: $got"; fi
  got=$(fish_complete "bonx --preset ")
  case $got in *"binary "*"simpson "*) ok ;; *) bad "fish: --preset: $got" ;; esac
fi

# ---------------------------------------------------------------- make install
if [ -x ./bonx ] && command -v make >/dev/null 2>&1; then
  make -s install DESTDIR="$tmp/root" PREFIX=/usr >"$tmp/out" 2>&1
  for f in usr/share/bash-completion/completions/bonx usr/share/zsh/vendor-completions/_bonx \
           usr/share/fish/vendor_completions.d/bonx.fish usr/share/man/man1/bonx.1 \
           usr/share/doc/bonx/MATH.md usr/share/doc/bonx/README.md usr/bin/bonx; do
    if [ -f "$tmp/root/$f" ]; then ok; else bad "make install: no $f ($(head -c 200 "$tmp/out"))"; fi
  done
  # the man page's FILES names every directory and file make install writes
  sed -n '/^\.SH FILES/,/^\.SH ENVIRONMENT/p' "$MAN" | sed 's/\\-/-/g' >"$tmp/files"
  (cd "$tmp/root/usr" && find . -type f | sed 's|^\./||; s|^share/bonx/presets/.*|share/bonx/presets/|;
     s|^share/doc/bonx/.*|share/doc/bonx/|; s|^share/man/man1/bonx.1$||; s|^bin/bonx$||' | sort -u) >"$tmp/installed"
  while read -r f; do
    [ -z "$f" ] && continue
    if grep -q "PREFIX /$f" "$tmp/files"; then ok; else bad "man FILES does not name PREFIX/$f"; fi
  done <"$tmp/installed"
  make -s uninstall DESTDIR="$tmp/root" PREFIX=/usr >"$tmp/out" 2>&1
  if [ -z "$(find "$tmp/root" -type f)" ]; then ok; else bad "make uninstall leaves $(find "$tmp/root" -type f | head -3)"; fi
fi

e2e_finish
