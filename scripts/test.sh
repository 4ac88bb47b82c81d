#!/usr/bin/env bash
# Builds slac and runs the whole test suite: unit, golden, example and style tests.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${SLAC_BUILD_DIR:-$root/build}

bash "$root/scripts/build.sh"
ctest --test-dir "$build_dir" --output-on-failure --parallel "$(nproc)"
