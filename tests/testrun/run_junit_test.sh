#!/usr/bin/env bash
# Runs `slac test --format junit` on the golden tests, validates the report against the
# JUnit schema CI systems read (junit.xsd, with xmllint), and checks that its counts agree
# with its test cases and with the expected outcomes (validate_junit.py).
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
xmllint --noout --schema "$here/junit.xsd" "$report"

# The schema is strict enough to matter: a test case without a name is refused.
broken=$(mktemp)
trap 'rm -f "$report" "$broken"' EXIT
sed '0,/<testcase name="[^"]*"/s//<testcase/' "$report" > "$broken"
if xmllint --noout --schema "$here/junit.xsd" "$broken" 2> /dev/null; then
  echo "run_junit_test: the schema accepted a test case without a name" >&2
  exit 1
fi

python3 "$here/validate_junit.py" "$report" 8 2 1
