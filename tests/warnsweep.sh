#!/bin/sh
# SPDX-License-Identifier: MIT
# The warning sweep: ./bonx, build/opt/bonx, build/san/bonx, every unit suite and every fuzz
# replay binary compiled and linked with each compiler at each optimisation level, with
# Debian's hardening flags (dpkg-buildflags) and -D_FORTIFY_SOURCE=3, warnings as errors; a
# build passes only with no diagnostic at all in its log (the linker's warnings included).
# Prints one line per build and a matrix; exit 1 if any build failed.  `make warnsweep`.
#   sh tests/warnsweep.sh                       gcc and clang, -O0 -O1 -O2 -O3 -Os
#   CCS="gcc" LEVELS="-O3" sh tests/warnsweep.sh
#   BUILDS="gcc:-Os clang:-O0" sh tests/warnsweep.sh    only these compiler:level pairs
# Each build happens in a copy of the tree (build/warnsweep/src), so the native build/ is
# left alone; the logs of failed builds stay in build/warnsweep/.  Not part of `make test`
# (ten full builds: about seven minutes on two quiet cores).
set -u
CCS=${CCS:-gcc clang}
LEVELS=${LEVELS:--O0 -O1 -O2 -O3 -Os}
top=build/warnsweep
rm -rf "$top"
mkdir -p "$top/src"
tar -cf - Makefile core ui src tests presets | tar -xf - -C "$top/src"
suites=$(cd "$top/src" && ls tests/test_*.c | sed 's|^tests/\(.*\)\.c$|build/san/tests/\1|')
# and the fuzz harnesses' replay binaries (plain $(CC), as `make test` links them)
fuzz=$(cd "$top/src" && ls tests/fuzz/fuzz_*.c 2>/dev/null | sed 's|^tests/fuzz/\(.*\)\.c$|build/san/fuzz/\1|')

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
    start=$(date +%s)
    if make -C "$top/src" -j"${JOBS:-2}" CC="$cc" CFLAGS="$o $hard_cflags" \
         CPPFLAGS="$hard_cppflags $fortify" LDFLAGS="$hard_ldflags" WERROR=-Werror \
         bonx build/opt/bonx build/san/bonx $suites $fuzz >"$log" 2>&1; then
      res=ok
    else
      res=FAIL
    fi
    # a warning -Werror does not stop (the linker's, a #warning) fails the sweep too
    warnings=$(grep -c 'warning:\|error:' "$log")
    [ "$warnings" -gt 0 ] && res=FAIL
    objects=$(grep -c ' -c -o ' "$log")
    links=$(grep ' -o ' "$log" | grep -vc ' -c ')
    echo "$cc $o: $res: $objects compiles, $links links, $warnings diagnostics, $(($(date +%s) - start)) s"
    if [ $res = ok ]; then
      rm -f "$log"
    else
      failed=1
      grep -m 5 'warning:\|error:' "$log" | sed 's/^/    /'
    fi
    row="$row $o=$res"
  done
  matrix="$matrix$row
"
done
echo "warnsweep matrix (bonx, build/opt/bonx, build/san/bonx, $(echo "$suites" | wc -w) unit suites and $(echo "$fuzz" | wc -w) fuzz replays each):"
printf '%s' "$matrix"
exit $failed
