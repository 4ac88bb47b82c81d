#!/usr/bin/env bash
# Fails when a diagnostic code in the registry appears in no golden expectation: every
# diagnostic must be shown by a test to fire, with its message and location. A code that
# needs a fixture too large to commit (E0005, a file over 64 MiB) is asserted by a unit
# test in tests/unit instead, which this script also searches.
set -euo pipefail
registry=$1
golden_dir=$2
unit_dir=$(dirname "$0")/../unit
missing=0
for code in $(grep -oE '^SLAC_DIAGNOSTIC\((E|W)[0-9]{4}' "$registry" | cut -d'(' -f2); do
  if ! grep -qs "\[$code\]\|\"$code\"" "$golden_dir"/*.expected &&
     ! grep -qs "\"$code\"" "$unit_dir"/*.cpp; then
    echo "no golden test shows $code" >&2
    missing=1
  fi
done
exit $missing
