#!/usr/bin/env bash
# Replays a real event log through its example policy: converts the CSV with the example's
# converter, replays it, and checks that every line applied and the outcome counts are
# those the example's README reports. Exits 77 (skipped) when the data set or python3 is
# absent. Usage: real_logs_test.sh SLAC EXAMPLE_DIR DATA_SUBPATH EXPECTED_OUTCOMES
set -euo pipefail

slac=$1
example=$2
data_file=${SLAC_DATA_DIR:-$(cd "$(dirname "$0")/../../.." && pwd)/shared/data}/$3
expected_outcomes=$4

if [[ ! -f $data_file ]]; then
  echo "skipped: $data_file is absent (set SLAC_DATA_DIR)"
  exit 77
fi
if ! command -v python3 > /dev/null; then
  echo "skipped: python3 is absent"
  exit 77
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$example/to_events.py" "$data_file" > "$work/events.jsonl"
# The example's policy: its one `.sla` file that is not a file of tests.
policy=$(find "$example" -maxdepth 1 -name '*.sla' ! -name '*.test.sla')
"$slac" replay --policy "$policy" --events "$work/events.jsonl" \
  > "$work/records.jsonl" 2> "$work/summary.txt"
cat "$work/summary.txt"

outcomes=$(grep -c '"record":"outcome"' "$work/records.jsonl")
if [[ $outcomes != "$expected_outcomes" ]]; then
  echo "expected $expected_outcomes outcomes, got $outcomes" >&2
  exit 1
fi
if [[ -f $example/compare.py ]]; then
  python3 "$example/compare.py" "$data_file" "$work/records.jsonl" 95
fi
