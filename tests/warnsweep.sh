#!/bin/sh
# SPDX-License-Identifier: MIT
# The warning sweep: ./bonx and every unit suite built with each compiler at each
# optimisation level, with Debian's hardening flags (dpkg-buildflags) and -D_FORTIFY_SOURCE=3,
# warnings as errors.  Prints one line per build and a matrix; exit 1 if any build failed.
#   sh tests/warnsweep.sh                       gcc and clang, -O0 -O1 -O2 -O3 -Os
#   CCS="gcc" LEVELS="-O3" sh tests/warnsweep.sh
#   BUILDS="gcc:-Os clang:-O0" sh tests/warnsweep.sh    only these compiler:level pairs
# Each build happens in a copy of the tree (build/warnsweep/src), so the native build/ is
# left alone; the logs of failed builds stay in build/warnsweep/.  Not part of `make test`
# (ten full builds: about twenty minutes on two cores).
set -u
CCS=${CCS:-gcc clang}
LEVELS=${LEVELS:--O0 -O1 -O2 -O3 -Os}
top=build/warnsweep
rm -rf "$top"
mkdir -p "$top/src"
tar -cf - Makefile core ui src tests presets | tar -xf - -C "$top/src"
suites=$(cd "$top/src" && ls tests/test_*.c | sed 's|^tests/\(.*\)\.c$|build/san/tests/\1|')

# Debian's flags with every hardening feature (bindnow, pie, ...), without their optimisation
# level (the sweep sets it), fortify raised to 3 -- except at -O0, where dpkg-buildflags
# drops fortify too (DEB_BUILD_OPTIONS=noopt: it needs the optimiser, and glibc warns).
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
hard_cflags=$(dpkg-buildflags --get CFLAGS | sed 's/-O[0-9s]\b//g')
hard_cppflags="$(dpkg-buildflags --get CPPFLAGS | sed 's/-D_FORTIFY_SOURCE=[0-9]//g')"
hard_ldflags=$(dpkg-buildflags --get LDFLAGS)
echo "CFLAGS   = <level> $hard_cflags"
echo "CPPFLAGS = $hard_cppflags -D_FORTIFY_SOURCE=3 (not at -O0)"
echo "LDFLAGS  = $hard_ldflags"

failed=0
matrix=
BUILDS=${BUILDS:-}
for cc in $CCS; do
  row="$cc:"
  for o in $LEVELS; do
    case " $BUILDS " in
      "  ") ;;
      *" $cc:$o "*) ;;
      *) continue ;;
    esac
    log=$top/$cc$o.log
    fortify=-D_FORTIFY_SOURCE=3
    [ "$o" = -O0 ] && fortify=
    make -C "$top/src" clean >/dev/null
    if make -C "$top/src" -j"${JOBS:-2}" CC="$cc" CFLAGS="$o $hard_cflags" \
         CPPFLAGS="$hard_cppflags $fortify" LDFLAGS="$hard_ldflags" WERROR=-Werror \
         bonx $suites >"$log" 2>&1; then
      res=ok
      rm -f "$log"
    else
      res=FAIL
      failed=1
    fi
    warnings=$( [ -f "$log" ] && grep -c 'warning:\|error:' "$log" || echo 0)
    echo "$cc $o: $res${warnings:+ ($warnings diagnostics)}"
    [ $res = ok ] || grep -m 5 'warning:\|error:' "$log" | sed 's/^/    /'
    row="$row $o=$res"
  done
  matrix="$matrix$row
"
done
echo "warnsweep matrix (bonx + $(echo "$suites" | wc -w) unit suites each):"
printf '%s' "$matrix"
exit $failed
