#!/usr/bin/env bash
# Fails when a diagnostic code in the registry has no entry in docs/diagnostics.md: every
# code a user can see must be explained there, with an example and the fix.
set -euo pipefail
registry=$1
reference=$2
missing=0
for code in $(grep -oE '^SLAC_DIAGNOSTIC\((E|W)[0-9]{4}' "$registry" | cut -d'(' -f2); do
  if ! grep -q "^### $code " "$reference"; then
    echo "docs/diagnostics.md has no entry for $code" >&2
    missing=1
  fi
done
exit $missing
