#!/bin/sh
# SPDX-License-Identifier: MIT
# Cross-build the cmocka suites for another Debian architecture and run them under qemu-user,
# e.g. on an amd64 machine:
#   sh tests/cross.sh armhf                  every suite (as `make unit`, numeric ones twice)
#   sh tests/cross.sh arm64 test_worker      only the suites named
# or `make cross-test ARCH=armhf`.  It needs gcc-TRIPLET, qemu-user and the ARCH's -dev
# packages (dpkg --add-architecture ARCH; apt-get install libcmocka-dev:ARCH libmpfr-dev:ARCH
# libncurses-dev:ARCH).  No sanitizers (qemu-user cannot run them); the build happens in a
# copy of the tree under build/cross-ARCH, so the native build/ is left alone.  Not part of
# `make test`: armhf takes about ten minutes under emulation.
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

dir=build/cross-$arch
mkdir -p "$dir"
tar -cf - Makefile core ui src tests presets | tar -xf - -C "$dir"
if [ $# -gt 0 ]; then
  suites=$(for t in "$@"; do echo "build/san/tests/${t%.c}"; done)
else
  suites=$(cd "$dir" && ls tests/test_*.c | sed 's|^tests/\(.*\)\.c$|build/san/tests/\1|')
fi
# the -dev packages of ARCH, not the build machine's
pc="env PKG_CONFIG_LIBDIR=/usr/lib/$multiarch/pkgconfig:/usr/share/pkgconfig pkg-config"
make -C "$dir" -j"${JOBS:-2}" CC="$gnu-gcc" PKG_CONFIG="$pc" SAN_FLAGS= WERROR=-Werror $suites
# tests/run with every suite started under qemu; the numeric suites again with BONX_ISA=plain
isa=$(for s in $suites; do case $s in
  */test_bon|*/test_tilt|*/test_curves|*/test_asym|*/test_isa) echo "$s" ;; esac; done)
cd "$dir"
BONX_TEST_EXEC="$qemu" sh tests/run --no-e2e $suites ${isa:+--plain $isa}
