#!/usr/bin/env bash
# Runs `slac check --format sarif` on broken, clean and missing policies and validates the log
# against the official SARIF 2.1.0 schema, cross-checked with `--format json` of the same run.
#
# Usage: run_sarif_test.sh SLAC CASE_DIR
# CASE_DIR is tests/check; the command runs inside it so paths in the log stay relative.
set -euo pipefail

slac=$(realpath "$1")
case_dir=$2
here=$(cd "$(dirname "$0")" && pwd)
files=(no_such_policy.sla fail_unknown_stage.sla fail_duplicate_definition.sla acme.sla)

sarif=$(mktemp)
json=$(mktemp)
trap 'rm -f "$sarif" "$json"' EXIT

cd "$case_dir"
# A missing file is a usage failure (exit 2); the other diagnostics do not change that.
for format in sarif json; do
  output=$sarif
  [[ $format == json ]] && output=$json
  set +e
  "$slac" check --format "$format" "${files[@]}" > "$output" < /dev/null
  code=$?
  set -e
  if [[ $code -ne 2 ]]; then
    echo "run_sarif_test: slac check --format $format exited $code, expected 2" >&2
    exit 1
  fi
done

# The system Python, which has Debian's python3-jsonschema (scripts/setup.sh installs it).
/usr/bin/python3 "$here/validate_sarif.py" "$here/sarif-schema-2.1.0.json" "$sarif" "$json"
