#!/bin/sh
# SPDX-License-Identifier: MIT
# A tree of another architecture's -dev packages for tests/cross.sh, where Debian's multiarch
# cannot install them next to the build machine's (s390x and armel on Debian 12):
#   sh tests/cross_sysroot.sh s390x [DIR]       (DIR defaults to build/sysroot-ARCH)
#   SYSROOT=build/sysroot-s390x sh tests/cross.sh s390x
# It needs mmdebstrap and the Debian archive (SUITE, default bookworm).  The packages are
# only unpacked (no maintainer scripts run, nothing is emulated); absolute symbolic links
# (libm.so -> /lib/TRIPLET/libm.so.6) are made relative, or the linker would follow them
# out of the tree and fall back to static archives.
set -eu
arch=${1:?usage: sh tests/cross_sysroot.sh ARCH [DIR]}
dir=${2:-build/sysroot-$arch}
suite=${SUITE:-bookworm}
mirror=${MIRROR:-http://deb.debian.org/debian}
command -v mmdebstrap >/dev/null || { echo "cross_sysroot.sh: apt-get install mmdebstrap"; exit 2; }
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
mmdebstrap --arch="$arch" --variant=extract \
  --include=base-files,libc6-dev,libcmocka-dev,libmpfr-dev,libgmp-dev,libncurses-dev,libgcc-s1 \
  "$suite" "$dir" "$mirror"
# every absolute link inside the tree, pointed at the same file by a relative path
find "$dir" -type l | while read -r link; do
  target=$(readlink "$link")
  case $target in
    /*) ln -sfn "$(realpath -m --relative-to="$(dirname "$link")" "$dir$target")" "$link" ;;
  esac
done
echo "cross_sysroot.sh: $dir (SYSROOT=$dir sh tests/cross.sh $arch)"
