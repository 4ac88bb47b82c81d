#!/usr/bin/env bash
# Runs `slac compile --emit KIND POLICY` and checks that it succeeds and that its output
# contains TEXT. LLVM IR and assembly depend on the machine, so only a stable landmark is
# checked, never the whole text.
# Usage: emit_contains.sh SLAC KIND POLICY TEXT
set -euo pipefail
slac=$1 kind=$2 policy=$3 text=$4
output=$("$slac" compile --emit "$kind" "$policy" 2>/dev/null)
if ! grep -qF -- "$text" <<<"$output"; then
  echo "slac compile --emit $kind $policy: output lacks \`$text\`" >&2
  exit 1
fi
