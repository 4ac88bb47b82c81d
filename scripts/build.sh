#!/usr/bin/env bash
# Installs what is missing, then configures and builds slac in build/ (or $SLAC_BUILD_DIR).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${SLAC_BUILD_DIR:-$root/build}

bash "$root/scripts/setup.sh"
if [[ ! -f $build_dir/CMakeCache.txt ]]; then
  cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >&2
fi
cmake --build "$build_dir" --parallel "$(nproc)" >&2
