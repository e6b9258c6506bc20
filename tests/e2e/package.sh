#!/bin/sh
# SPDX-License-Identifier: MIT
# What a packager relies on: one version (the Makefile's VERSION) in `bonx --version` and the
# man page; `make dist` gives bonx-VERSION.tar.gz whose tree builds with the packager's
# CFLAGS/CPPFLAGS/LDFLAGS; the installed binary finds its presets under its PREFIX (compiled
# in) or its staging tree, never in BINDIR/presets.
. "$(dirname "$0")/../e2e_lib.sh"

version=$(sed -n 's/^VERSION *= *//p' Makefile)
case $version in
  [0-9]*.[0-9]*.[0-9]*) ok ;;
  *) bad "no VERSION = X.Y.Z in the Makefile: '$version'" ;;
esac
run --version
if [ $rc -eq 0 ] && [ "$(cat "$tmp/out")" = "bonx $version" ] && [ ! -s "$tmp/err" ]
then ok; else bad "--version: rc=$rc '$(cat "$tmp/out")'"; fi
if grep -m 1 '^\.TH' man/bonx.1 | grep -q "^\.TH BONX 1 .* \"bonx $version\" "
then ok; else bad "man page .TH does not carry bonx $version: $(grep -m 1 '^\.TH' man/bonx.1)"; fi
if grep -q "^MIT License" LICENSE && grep -q "Copyright (c) 2026 the bonx authors" LICENSE
then ok; else bad "LICENSE is not the MIT licence of the bonx authors"; fi

# every file of the project's own text carries the SPDX line near its top (data the programs
# read byte for byte is exempt: presets, golden screens, fuzz inputs, the reference outputs)
# (the tracked files in a git checkout, every file in an unpacked tarball)
{ git ls-files 2>/dev/null || find . -path ./build -prune -o -type f -print | sed 's|^\./||'; } |
  grep -v '^LICENSE$\|^bonx$\|^bonx-.*\.tar\.gz$\|^presets/.*\.bonxl\{0,1\}$\|^tests/golden/[^/]*/\|^tests/fuzz/corpus/\|^tests/fuzz/open/[^R]' |
  sort >"$tmp/files"
[ "$(wc -l <"$tmp/files")" -gt 150 ] || bad "too few source files found: $(wc -l <"$tmp/files")"
while read -r f; do
  head -n 3 "$f" | grep -q 'SPDX-License-Identifier: MIT' || echo "$f"
done <"$tmp/files" >"$tmp/nospdx"
if [ ! -s "$tmp/nospdx" ]; then ok; else bad "no SPDX line: $(tr '\n' ' ' <"$tmp/nospdx")"; fi

# the build takes CC, CFLAGS, CPPFLAGS and LDFLAGS from the environment (Debian's hardening
# flags on every compile and the link); warnings are errors for make test, not for make
if command -v make >/dev/null 2>&1; then
  (unset MAKEFLAGS MFLAGS MAKELEVEL
   CC=my-cc CFLAGS='-O1 -fstack-protector-strong' CPPFLAGS=-D_FORTIFY_SOURCE=2 \
     LDFLAGS='-Wl,-z,now' make -n -B bonx >"$tmp/make-n" 2>&1
   make -n -B test >"$tmp/make-test-n" 2>&1)
  compiles=$(grep -c '^my-cc .* -c -o ' "$tmp/make-n")
  hardened=$(grep '^my-cc .* -c -o ' "$tmp/make-n" | grep -- '-fstack-protector-strong' | grep -c -- '-D_FORTIFY_SOURCE=2')
  if [ "$compiles" -gt 50 ] && [ "$hardened" = "$compiles" ] && ! grep -q -- '-Werror' "$tmp/make-n" &&
     grep '^my-cc .* -o bonx ' "$tmp/make-n" | grep -- '-fstack-protector-strong' | grep -q -- '-Wl,-z,now'
  then ok; else bad "make does not take CC/CFLAGS/CPPFLAGS/LDFLAGS from the environment ($hardened of $compiles compiles)"; fi
  if grep -- ' -c -o build/san/' "$tmp/make-test-n" | grep -q -- '-Werror' &&
     [ "$(grep -- ' -c -o build/san/' "$tmp/make-test-n" | grep -vc -- '-Werror')" = 0 ]
  then ok; else bad "make test does not compile with -Werror"; fi
fi

# a copy of the binary with a presets/ directory beside it does not read that directory
mkdir -p "$tmp/bin/presets"
cp "$BONX" "$tmp/bin/bonx" && cp presets/needle.bonx "$tmp/bin/presets/stray.bonx"
if (cd / && env -u BONX_PRESETS "$tmp/bin/bonx" bon --preset stray --n 2 --format csv) \
     >"$tmp/out" 2>"$tmp/err"
then bad "BINDIR/presets was searched"; else ok; fi

# the ./bonx that make leaves in the source tree reads the tree's presets from anywhere, with
# BONX_PRESETS unset (a bare ./bonx or `make run` from a fresh clone); a copy of it elsewhere
# does not, and the binary make install installs carries no path into the build tree
if [ -x ./bonx ]; then
  src_tree=$PWD
  if (cd / && env -u BONX_PRESETS "$src_tree/bonx" bon --preset needle --n 2 --format csv) >"$tmp/out" 2>"$tmp/err" &&
     [ "$(cd / && env -u BONX_PRESETS "$src_tree/bonx" presets --format csv | sed 1d | wc -l)" -eq "$(ls presets/*.bonx | wc -l)" ]
  then ok; else bad "./bonx does not find the source tree's presets: $(cat "$tmp/err")"; fi
  cp ./bonx "$tmp/bin/tree-copy"
  if (cd / && env -u BONX_PRESETS "$tmp/bin/tree-copy" bon --preset stray --n 2 --format csv) >"$tmp/out" 2>&1
  then bad "a copy of ./bonx read BINDIR/presets"; else ok; fi
  if [ -x build/opt/bonx ] && ! grep -q "$src_tree/bonx" build/opt/bonx && grep -q "$src_tree/bonx" bonx
  then ok; else bad "the installed twin build/opt/bonx carries the source tree's path (or ./bonx lacks it)"; fi
  # README's first command: `make run` opens the explorer on the default preset
  if command -v tmux >/dev/null 2>&1; then
    e2e_tmux bonx-package
    (unset MAKEFLAGS MFLAGS MAKELEVEL BONX_PRESETS
     BONX="env -u BONX_PRESETS make -s run" start 100 30 && wait_for "Example 1" 20) >"$tmp/log" 2>&1
    if [ $? -eq 0 ]; then ok; else bad "make run: $(cat "$tmp/log") $(cat "$tmp/stderr" 2>/dev/null)"; fi
    $T send-keys -t t q
    $T kill-server 2>/dev/null
  fi
  if grep -q '^install: build/opt/bonx' Makefile && grep -q 'install -m 755 build/opt/bonx ' Makefile
  then ok; else bad "make install does not install build/opt/bonx"; fi
fi

# make dist (only in a git checkout: the tarball is the committed tree; with uncommitted
# changes to tracked files, that tree plus them), each make on its own, not a sub-make of
# `make test`
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  unset MAKEFLAGS MFLAGS MAKELEVEL
  ref=$(git stash create 2>/dev/null)
  if make -s dist DIST_DIR="$tmp" DIST_REF="${ref:-HEAD}" >"$tmp/err" 2>&1 && [ -s "$tmp/bonx-$version.tar.gz" ] &&
     [ "$(tar -tzf "$tmp/bonx-$version.tar.gz" | grep -vc "^bonx-$version/")" = 0 ] &&
     tar -tzf "$tmp/bonx-$version.tar.gz" | grep -q "^bonx-$version/LICENSE$"
  then ok; else bad "make dist: $(head -c 300 "$tmp/err")"; fi
  # the tarball builds (quickly: -O0, with a packager's hardening flags) and installs under
  # a PREFIX whose presets the binary then finds by itself, wherever the binary is copied
  src="$tmp/bonx-$version" pfx="$tmp/prefix"
  if tar -xzf "$tmp/bonx-$version.tar.gz" -C "$tmp" &&
     make -s -C "$src" -j2 bonx PREFIX="$pfx" CFLAGS="-O1 -g -fstack-protector-strong" \
       CPPFLAGS="-D_FORTIFY_SOURCE=2" LDFLAGS="-Wl,-z,relro -Wl,-z,now" >"$tmp/err" 2>&1 &&
     make -s -C "$src" install PREFIX="$pfx" >>"$tmp/err" 2>&1
  then ok; else bad "the dist tarball does not build: $(tail -c 600 "$tmp/err")"; fi
  cp "$pfx/bin/bonx" "$tmp/bin/moved"
  out=$(cd / && env -u BONX_PRESETS "$tmp/bin/moved" presets --format csv 2>&1 | grep -c '^[a-z0-9-]*,')
  if [ "$out" -ge 9 ]; then ok; else bad "installed bonx finds $out presets from PREFIX"; fi
  out=$(cd / && env -u BONX_PRESETS "$pfx/bin/bonx" --version 2>&1)
  if [ "$out" = "bonx $version" ]; then ok; else bad "the dist build says '$out'"; fi
  # staged with DESTDIR (as a package is built) it finds the staged presets
  if make -s -C "$src" install PREFIX=/usr DESTDIR="$tmp/stage" >"$tmp/err" 2>&1 &&
     (cd / && env -u BONX_PRESETS "$tmp/stage/usr/bin/bonx" bon --preset needle --n 2 --format csv) \
       >"$tmp/out" 2>>"$tmp/err" && [ -f "$tmp/stage/usr/share/man/man1/bonx.1" ]
  then ok; else bad "install PREFIX=/usr DESTDIR: $(head -c 300 "$tmp/err")"; fi
else
  echo "not a git checkout: make dist not checked"
fi
e2e_finish
