#!/usr/bin/env bash
# The quick start's main job: build slac, check and test every bundled example policy, then
# decide the bundled generated leads with the quick-start policy (and the X Education leads
# when that data set is present).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${SLAC_BUILD_DIR:-$root/build}
data_dir=${SLAC_DATA_DIR:-$root/../shared/data}

bash "$root/scripts/build.sh" slac
cd "$root"
slac=$build_dir/tools/slac
mapfile -t policies < <(find examples -name '*.sla' | sort)
echo "slac check ${policies[*]}"
"$slac" check "${policies[@]}"
echo "no errors in the ${#policies[@]} example files (the warnings above are lints of the brief's own example)"

# Their tests, with the coverage of each policy's rules in the summary lines.
echo
echo "slac test --coverage examples"
"$slac" test --coverage examples | grep -E '^(FAIL|ERROR)|tests:|^coverage of'

# Decisions go to a file; the first three are shown, and the summary comes on stderr.
out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo
echo "slac eval --policy examples/quickstart/quickstart.sla --leads examples/quickstart/leads.jsonl --at 2026-03-10T00:00:00Z"
"$slac" eval --policy examples/quickstart/quickstart.sla \
  --leads examples/quickstart/leads.jsonl --at 2026-03-10T00:00:00Z > "$out"
head -n 3 "$out"
echo "... $(wc -l < "$out") decisions in all"

leads=$data_dir/x-education-leads/Leads.csv
if [[ -f $leads ]]; then
  echo
  echo "slac eval --policy examples/x-education/x-education.sla --leads $leads --mapping examples/x-education/mapping.json"
  "$slac" eval --policy examples/x-education/x-education.sla --leads "$leads" \
    --mapping examples/x-education/mapping.json > "$out"
  head -n 3 "$out"
  echo "... $(wc -l < "$out") decisions in all"
else
  echo "(the X Education example runs too when $leads exists)"
fi
