#!/usr/bin/env bash
# The quick start's main job: build slac and check every bundled example policy.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${SLAC_BUILD_DIR:-$root/build}

bash "$root/scripts/build.sh"
cd "$root"
mapfile -t policies < <(find examples -name '*.sla' | sort)
echo "slac check ${policies[*]}"
"$build_dir/tools/slac" check "${policies[@]}"
echo "all ${#policies[@]} example policies check clean"
