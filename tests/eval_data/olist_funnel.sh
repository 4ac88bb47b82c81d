#!/usr/bin/env bash
# Runs `slac eval` on the real Olist MQL file through the example's mapping and compares
# a handful of decisions with values worked out by hand from their rows. Skips (exit 77)
# when the data set is absent.
#
# Usage: olist_funnel.sh SLAC REPO_ROOT
set -euo pipefail
slac=$1
root=$2
data_dir=${SLAC_DATA_DIR:-$root/../shared/data}
leads=$data_dir/olist-marketing-funnel/olist_marketing_qualified_leads_dataset.csv
if [[ ! -f $leads ]]; then
  echo "skipped: $leads is absent"
  exit 77
fi

out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err" "$out.jit"' EXIT
run() {
  "$slac" eval --policy "$root/examples/olist-funnel/olist-funnel.sla" --leads "$leads" \
    --mapping "$root/examples/olist-funnel/mapping.json" --at 2018-06-01T00:00:00-03:00 \
    --format csv "$@"
}
run --engine interp > "$out" 2> "$err"

failures=0
expect() {
  if [[ $2 != "$3" ]]; then
    echo "FAIL: $1: expected $3, got $2"
    failures=$((failures + 1))
  fi
}
row() { grep -F "\"$1\"" "$out" | cut -d, -f6-; }

expect summary "$(cat "$err")" \
  "slac eval: 8000 records read, 8000 decided, 0 rejected; stages: mql 2520, sql 5480, won 0, disqualified 0"
# Columns: stage, channel, waiting_long, first_call.tier, first_call.target_ms, future_events.
# Social, first contact 2018-02-01: 15 points, stays an MQL.
expect social "$(row dac32acd4db4c29c230538b72f8dd87d)" '"mql",15,true,"waiting_long",7200000,0'
# Paid search: 50 points, promoted.
expect paid "$(row 8c18d1de7f67e60dbd64e3c07d7e9d5d)" '"sql",50,true,"waiting_long",7200000,0'
# Email campaign: 5 points.
expect email "$(row 6be030b81c75970747525b843c1ef4f8)" '"mql",5,true,"waiting_long",7200000,0'
# First contact 2018-05-24, 8 days before the evaluation: not waiting long, 8 hours.
expect recent "$(row f76136f54d14a3345951f25b7932366b | cut -d, -f3-5)" 'false,"otherwise",28800000'

# The native evaluator decides exactly as the interpreter does.
run --engine jit --no-cache > "$out.jit" 2> /dev/null || true
if ! cmp -s "$out" "$out.jit"; then
  echo "FAIL: the JIT's decisions differ from the interpreter's"
  failures=$((failures + 1))
fi
if ((failures > 0)); then
  exit 1
fi
echo "Olist: 8000 leads decided as expected"
