#!/usr/bin/env bash
# Portability check of the release tarball (make dist-test): unpack it, check that ldd lists no
# Swift or GSL library, then, in a private mount namespace where the Swift toolchain and every
# libgsl shared library are hidden (a toolchain-built binary cannot start there: checked too),
# the tarball's binary must reproduce the golden run byte for byte. Needs root (or user
# namespaces) for unshare and mount. Usage: Tests/dist/check.sh TARBALL
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
tarball=$(readlink -f "$1")
work=$(mktemp -d /tmp/kscsim-dist.XXXXXX)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
pass() { echo "dist: ok: $*"; passed=$((passed + 1)); }
fail() { echo "dist: FAILED: $*"; failed=$((failed + 1)); }

[ -x "$ROOT/.build/release/kscsim" ] || { echo "dist: build .build/release/kscsim first (make release)"; exit 1; }
tar -xzf "$tarball" -C "$work"
dir=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'kscsim-*')
bin="$dir/bin/kscsim"
for f in bin/kscsim kscsim.1 README.md LICENSE VERSION Models/default.yaml docs/tutorial.md docs/reference/commands.md; do
    [ -e "$dir/$f" ] && pass "the tarball holds $f" || fail "the tarball lacks $f"
done
# The manual page documents every subcommand the binary has.
for sub in run describe validate sweep merge slurm report select compare warmup screen; do
    grep -q "^\.It Em $sub\$" "$dir/kscsim.1" && pass "kscsim.1 documents $sub" || fail "kscsim.1 lacks $sub"
done

libs=$(ldd "$bin")
if grep -Eqi 'swift|gsl|Foundation|dispatch|BlocksRuntime|not found' <<<"$libs"; then
    fail "ldd lists a Swift or GSL library (or a missing one):"; echo "$libs"
else
    pass "ldd lists only: $(awk '{print $1}' <<<"$libs" | tr '\n' ' ')"
fi

# What to hide: the toolchain folder (the one holding bin/swift) and every libgsl*.so* file.
toolchain=$(dirname "$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")")
gsl_files=$(ldconfig -p | awk '/libgsl/ {print $NF}' | xargs -r readlink -f | sort -u)
cp Tests/Golden/small.yaml "$work/small.yaml"
cat > "$work/hidden.sh" <<SH
set -u
mount -t tmpfs none "$toolchain"
for f in $(echo $gsl_files); do mount --bind /dev/null "\$f"; done
export PATH=/usr/bin:/bin LD_LIBRARY_PATH=
if command -v swift >/dev/null; then echo "swift is still visible"; exit 3; fi
if "$ROOT/.build/release/kscsim" --version >/dev/null 2>&1; then echo "a toolchain-built binary still starts"; exit 4; fi
cd "$work" && "$bin" run small.yaml --out golden --replications 2 --timeseries 1h
SH
if out=$(unshare -m bash "$work/hidden.sh" 2>&1); then
    pass "with $toolchain and $(wc -w <<<"$gsl_files") GSL libraries hidden, the tarball's binary ran the golden scenario"
    for name in summary latency aggregate timeseries; do
        if cmp -s "$work/golden/$name.csv" "Tests/Golden/small-$name.csv"; then
            pass "$name.csv equals Tests/Golden/small-$name.csv byte for byte"
        else
            fail "$name.csv differs from Tests/Golden/small-$name.csv"
        fi
    done
else
    fail "the hidden-toolchain run: $out"
fi
echo "dist: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
