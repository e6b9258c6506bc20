#!/bin/sh
# SPDX-License-Identifier: MIT
# Cross-build the cmocka suites for another Debian architecture and run them under qemu-user,
# e.g. on an amd64 machine:
#   sh tests/cross.sh armhf                  every suite (as `make unit`), then bonx itself:
#                                            tests/e2e/numbers.sh (the same bits as on x86)
#                                            and the e2e scripts that need no terminal
#   sh tests/cross.sh arm64 test_worker      only what is named: suites, "numbers", "e2e"
# or `make cross-test ARCH=armhf`.  It needs gcc-TRIPLET, qemu-user and the ARCH's -dev
# packages (dpkg --add-architecture ARCH; apt-get install libcmocka-dev:ARCH libmpfr-dev:ARCH
# libncurses-dev:ARCH).  No sanitizers (qemu-user cannot run them); the build happens in a
# copy of the tree under build/cross-ARCH, so the native build/ is left alone.  Not part of
# `make test`: the full armhf run takes about 30 CPU-minutes under emulation (arm64 about 9;
# the numbers comparison alone, cross build included, 1-1.5 minutes per architecture).
# Where Debian's multiarch has no ARCH -dev packages (s390x, armel on Debian 12), a tree of
# them serves: SYSROOT=DIR sh tests/cross.sh s390x (build/sysroot-ARCH when it exists, as
# `sh tests/cross_sysroot.sh s390x` makes it), after e.g.
#   mmdebstrap --arch=s390x --variant=extract --include=libc6-dev,libcmocka-dev,\
#     libmpfr-dev,libgmp-dev,libncurses-dev bookworm DIR http://deb.debian.org/debian
# (gcc --sysroot=DIR compiles and links against it, qemu -L DIR runs against it).
set -eu
arch=${1:?usage: sh tests/cross.sh ARCH [test_NAME...]}
shift
gnu=$(dpkg-architecture -a"$arch" -qDEB_HOST_GNU_TYPE 2>/dev/null)
multiarch=$(dpkg-architecture -a"$arch" -qDEB_HOST_MULTIARCH 2>/dev/null)
cpu=$(dpkg-architecture -a"$arch" -qDEB_HOST_GNU_CPU 2>/dev/null)
case $cpu in
  powerpc64le) qemu=qemu-ppc64le ;;
  i686) qemu=qemu-i386 ;;
  mips64el) qemu=qemu-mips64el ;;
  *) qemu=qemu-$cpu ;;
esac
command -v "$gnu-gcc" >/dev/null || { echo "cross.sh: $gnu-gcc not found (apt-get install gcc-$gnu)"; exit 2; }
command -v "$qemu" >/dev/null || { echo "cross.sh: $qemu not found (apt-get install qemu-user)"; exit 2; }

# (CROSS_DIR: another copy, e.g. for a second run while one is going)
dir=${CROSS_DIR:-build/cross-$arch}
mkdir -p "$dir"
tar -cf - Makefile core ui src tests presets | tar -xf - -C "$dir"
# every suite, tests/e2e/numbers.sh (the numbers of the commands against the golden files
# written on x86) and the end-to-end scripts that need no terminal ($CROSS_E2E), or only
# what is named: suites, "numbers", "e2e"
e2e_scripts=${CROSS_E2E:-cli conventions corpora plot figures asym_simulate hardening}
numbers=1 e2e=1
if [ $# -gt 0 ]; then
  numbers= e2e=
  for t in "$@"; do
    [ "$t" = numbers ] && numbers=1
    [ "$t" = e2e ] && e2e=1
  done
  suites=$(for t in "$@"; do case $t in numbers|e2e) ;; *) echo "build/san/tests/${t%.c}" ;; esac; done)
else
  suites=$(cd "$dir" && ls tests/test_*.c | sed 's|^tests/\(.*\)\.c$|build/san/tests/\1|')
fi
# the -dev packages of ARCH, not the build machine's
sysroot=${SYSROOT:-}
[ -z "$sysroot" ] && [ -d "build/sysroot-$arch" ] && sysroot=build/sysroot-$arch
if [ -n "$sysroot" ]; then
  sysroot=$(cd "$sysroot" && pwd)
  [ -f "$sysroot/usr/include/cmocka.h" ] || { echo "cross.sh: $sysroot has no cmocka.h"; exit 2; }
  cc="$gnu-gcc --sysroot=$sysroot"
  pc="env PKG_CONFIG_SYSROOT_DIR=$sysroot PKG_CONFIG_LIBDIR=$sysroot/usr/lib/$multiarch/pkgconfig:$sysroot/usr/share/pkgconfig pkg-config"
  qemu="$qemu -L $sysroot"
else
  cc=$gnu-gcc
  pc="env PKG_CONFIG_LIBDIR=/usr/lib/$multiarch/pkgconfig:/usr/share/pkgconfig pkg-config"
fi
bin=
[ -n "$numbers$e2e" ] && bin=bonx
make -C "$dir" -j"${JOBS:-2}" CC="$cc" PKG_CONFIG="$pc" SAN_FLAGS= WERROR=-Werror $suites $bin
# tests/run with every suite started under qemu; on x86 the numeric suites again with
# BONX_ISA=plain (elsewhere there is only the plain path: a second run would repeat the first).
# qemu without -L (unless SYSROOT): the binaries load the multiarch libraries (libc6:ARCH).  With
# -L /usr/TRIPLET (the cross compiler's own copy of libc) any program that starts a thread
# hangs in pthread_create under qemu-user 7.2, which looked like a hang of test_worker and
# test_app_state's helper thread on arm64: a five-line pthread program hangs the same way.
isa=
case $cpu in
  x86_64|i686) isa=$(for s in $suites; do case $s in
    */test_bon|*/test_tilt|*/test_curves|*/test_asym|*/test_isa) echo "$s" ;; esac; done) ;;
esac
cd "$dir"
rc=0
if [ -n "$suites" ]; then
  BONX_TEST_EXEC="$qemu" sh tests/run --no-e2e $suites ${isa:+--plain $isa} || rc=1
fi
# the same bits as on x86: bonx itself (optimised, as shipped) under qemu
printf '#!/bin/sh\nexec %s %s/bonx "$@"\n' "$qemu" "$PWD" >bonx-qemu
chmod +x bonx-qemu
if [ -n "$numbers" ]; then
  echo "== tests/e2e/numbers.sh (bonx under $qemu)"
  # one pass: BONX_ISA=plain is the only path off x86
  plain=0
  [ -n "$isa" ] && plain=1
  # the outputs stay in build/cross-ARCH/numbers (diff -r against tests/golden/numbers)
  BONX=$PWD/bonx-qemu NUMBERS_PLAIN=$plain NUMBERS_KEEP=$PWD/numbers sh tests/e2e/numbers.sh || rc=1
fi
# the command line end to end (options, errors, tables, plots, figures, exit statuses),
# bonx (optimised, not sanitised) under qemu
if [ -n "$e2e" ]; then
  for s in $e2e_scripts; do
    echo "== tests/e2e/$s.sh (bonx under $qemu)"
    BONX=$PWD/bonx-qemu sh "tests/e2e/$s.sh" || rc=1
  done
fi
exit $rc
