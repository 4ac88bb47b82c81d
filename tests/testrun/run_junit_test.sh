#!/usr/bin/env bash
# Runs `slac test --format junit` on the golden tests and validates the report's structure
# and counts with validate_junit.py.
#
# Usage: run_junit_test.sh SLAC
set -euo pipefail
slac=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
report=$(mktemp)
trap 'rm -f "$report"' EXIT

cd "$here"
set +e
"$slac" test --format junit policies/scoring.test.sla policies/inline.sla > "$report"
code=$?
set -e
if [[ $code -ne 1 ]]; then
  echo "run_junit_test: slac test exited $code, expected 1 (some tests fail)" >&2
  exit 1
fi
python3 "$here/validate_junit.py" "$report" 8 2 1
