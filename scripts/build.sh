#!/usr/bin/env bash
# Installs what is missing, then configures and builds slac in build/ (or $SLAC_BUILD_DIR).
# With arguments, builds only those targets (the demo needs only `slac`); without, all of
# them, tests and benchmarks included.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${SLAC_BUILD_DIR:-$root/build}

bash "$root/scripts/setup.sh"
if [[ ! -f $build_dir/CMakeCache.txt ]]; then
  cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >&2
fi
targets=()
for target in "$@"; do
  targets+=(--target "$target")
done
cmake --build "$build_dir" --parallel "$(nproc)" "${targets[@]}" >&2
