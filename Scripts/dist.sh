#!/usr/bin/env bash
# make dist: a release tarball whose binary links the Swift runtime and GNU GSL statically, so it
# runs on a Linux node that has only the C and C++ runtime libraries (glibc, libstdc++, libgcc).
#   kscsim-<version>-linux-<arch>.tar.gz: bin/kscsim, the manual page kscsim.1, README.md, docs/, LICENSE, Models/
# Usage: Scripts/dist.sh [OUTDIR]   (default dist/)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-dist}
build=.build-dist
arch=$(uname -m)

# SwiftPM links GSL with the flags of gsl.pc, which name the folder holding libgsl.so; a gsl.pc
# of our own points at a folder holding only the static archives, so the linker takes those.
libdir=$(pkg-config --variable=libdir gsl)
for lib in libgsl.a libgslcblas.a; do
    [ -f "$libdir/$lib" ] || { echo "dist: $libdir/$lib is missing (libgsl-dev ships it)" >&2; exit 1; }
done
mkdir -p "$build/static-gsl/lib" "$build/static-gsl/pkgconfig"
ln -sf "$libdir/libgsl.a" "$libdir/libgslcblas.a" "$build/static-gsl/lib/"
cat > "$build/static-gsl/pkgconfig/gsl.pc" <<PC
Name: GSL
Description: GNU Scientific Library, static archives only (kscsim dist)
Version: $(pkg-config --modversion gsl)
Libs: -L$PWD/$build/static-gsl/lib -lgsl -lgslcblas -lm
Cflags: $(pkg-config --cflags gsl)
PC

PKG_CONFIG_PATH="$PWD/$build/static-gsl/pkgconfig" \
    swift build -c release --product kscsim --static-swift-stdlib --build-path "$build"
binary="$build/release/kscsim"

# The portability promise, checked before packing: no Swift or GSL library is loaded at run time.
if ldd "$binary" | grep -Ei 'swift|gsl|Foundation|dispatch|BlocksRuntime'; then
    echo "dist: $binary still loads the libraries above; it would not run without them" >&2
    exit 1
fi

version=$("$binary" --version | cut -d' ' -f1)
name="kscsim-$version-linux-$arch"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name/bin"
cp "$binary" "$stage/$name/bin/kscsim"
strip "$stage/$name/bin/kscsim"
cp README.md LICENSE "$stage/$name/"
cp -R Models "$stage/$name/Models"
cp -R docs "$stage/$name/docs"
"$binary" --version > "$stage/$name/VERSION"
# Sorted names, fixed owner and times: the same commit gives the same tarball.
stamp=$(git log -1 --format=%ct 2>/dev/null || echo 0)
# The manual page, generated from the argument parser (swift-argument-parser's generate-manual
# plugin), dated by the commit rather than by the day it is built.
swift package --allow-writing-to-package-directory generate-manual >/dev/null
sed "s/^\.Dd .*/.Dd $(date -u -d "@$stamp" '+%B %-d, %Y')/" \
    .build/plugins/GenerateManual/outputs/KSCSimCommand/kscsim.1 > "$stage/$name/kscsim.1"
mkdir -p "$out"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$stamp" -C "$stage" -cf - "$name" \
    | gzip -n > "$out/$name.tar.gz.tmp"
mv "$out/$name.tar.gz.tmp" "$out/$name.tar.gz"
echo "dist: $out/$name.tar.gz ($(du -h "$out/$name.tar.gz" | cut -f1)), $("$binary" --version)"
