#!/usr/bin/env bash
# Runs `slac eval` on the real X Education leads (no preprocessing, through the example's
# mapping) and compares a handful of decisions with values worked out by hand from the
# rows of Leads.csv. Skips (exit 77) when the data set is absent.
#
# Usage: x_education.sh SLAC REPO_ROOT
set -euo pipefail
slac=$1
root=$2
data_dir=${SLAC_DATA_DIR:-$root/../shared/data}
leads=$data_dir/x-education-leads/Leads.csv
if [[ ! -f $leads ]]; then
  echo "skipped: $leads is absent"
  exit 77
fi

out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err" "$out.jit"' EXIT
policy=$root/examples/x-education/x-education.sla
mapping=$root/examples/x-education/mapping.json
"$slac" eval --engine interp --policy "$policy" --leads "$leads" --mapping "$mapping" \
  --explain > "$out" 2> "$err"

failures=0
expect() {
  if [[ $2 != "$3" ]]; then
    echo "FAIL: $1: expected $3, got $2"
    failures=$((failures + 1))
  fi
}
decision() { grep -F "\"id\":\"$1\"" "$out"; }
field() { decision "$1" | grep -o "$2" || true; }

expect summary "$(cat "$err")" \
  "slac eval: 9240 records read, 9240 decided, 0 rejected; stages: new 6112, mql 3128, enrolled 0, recycled 0"
expect decisions "$(wc -l < "$out")" 9240

# Row 2: API, Olark Chat, no visits and no time on site: nothing fires.
expect "7927b2df stage" "$(field 7927b2df-8bba-4d29-b9a2-b6e0beafe620 '"stage":"[a-z]*"')" '"stage":"new"'
expect "7927b2df intent" "$(field 7927b2df-8bba-4d29-b9a2-b6e0beafe620 '"scores":{"intent":[0-9.]*')" '"scores":{"intent":0'
# Row 3: 674 s on site (some time, +15) and 5 visits (+5).
expect "2a272436 intent" "$(field 2a272436-5132-4136-86fa-dcc88c88f482 '"scores":{"intent":[0-9.]*')" \
  '"scores":{"intent":20'
# Row 4: 1532 s (+30), `Select` profile is missing but `Potential Lead` (+10): an MQL at 40.
expect "8cc8c611 stage" "$(field 8cc8c611-a219-4f35-ad23-fdfd2656bd8a '"stage":"[a-z]*"')" '"stage":"mql"'
expect "8cc8c611 profile" "$(field 8cc8c611-a219-4f35-ad23-fdfd2656bd8a '"potential lead":[0-9]*')" \
  '"potential lead":10'
# Row 5: 305 s (+15) and last activity Unreachable (-20): clamped to 0.
expect "0cc2df48 intent" "$(field 0cc2df48-7cf4-4e39-9de9-19797f9b38cc '"scores":{"intent":[0-9.]*')" \
  '"scores":{"intent":0'
expect "0cc2df48 unreachable" "$(field 0cc2df48-7cf4-4e39-9de9-19797f9b38cc '"unreachable":-[0-9]*')" \
  '"unreachable":-20'
# Row 12: 1351 s (+30), 8 visits (+5), 8 pages per visit (+5): an MQL at 40.
expect "2a369e35 intent" "$(field 2a369e35-ca95-4ca9-9e4f-9d27175aa320 '"scores":{"intent":[0-9.]*')" \
  '"scores":{"intent":40'

# The native evaluator decides exactly as the interpreter does.
"$slac" eval --engine jit --no-cache --policy "$policy" --leads "$leads" --mapping "$mapping" \
  --explain > "$out.jit" 2> /dev/null || true
if ! cmp -s "$out" "$out.jit"; then
  echo "FAIL: the JIT's decisions differ from the interpreter's"
  failures=$((failures + 1))
fi

if ((failures > 0)); then
  exit 1
fi
echo "X Education: 9240 leads decided as expected"
