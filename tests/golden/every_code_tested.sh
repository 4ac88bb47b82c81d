#!/usr/bin/env bash
# Fails when a diagnostic code in the registry appears in no golden expectation: every
# diagnostic must be shown by a test to fire, with its message and location.
set -euo pipefail
registry=$1
golden_dir=$2
missing=0
for code in $(grep -oE '^SLAC_DIAGNOSTIC\((E|W)[0-9]{4}' "$registry" | cut -d'(' -f2); do
  if ! grep -qs "\[$code\]\|\"$code\"" "$golden_dir"/*.expected; then
    echo "no golden test shows $code" >&2
    missing=1
  fi
done
exit $missing
