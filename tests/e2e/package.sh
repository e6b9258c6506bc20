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
if head -n 1 man/bonx.1 | grep -q "^\.TH BONX 1 .* \"bonx $version\" "
then ok; else bad "man page .TH does not carry bonx $version: $(head -n 1 man/bonx.1)"; fi
if grep -q "^MIT License" LICENSE && grep -q "Copyright (c) 2026 the bonx authors" LICENSE
then ok; else bad "LICENSE is not the MIT licence of the bonx authors"; fi

# a copy of the binary with a presets/ directory beside it does not read that directory
mkdir -p "$tmp/bin/presets"
cp "$BONX" "$tmp/bin/bonx" && cp presets/needle.bonx "$tmp/bin/presets/stray.bonx"
if (cd / && env -u BONX_PRESETS "$tmp/bin/bonx" bon --preset stray --n 2 --format csv) \
     >"$tmp/out" 2>"$tmp/err"
then bad "BINDIR/presets was searched"; else ok; fi

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
