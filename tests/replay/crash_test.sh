#!/usr/bin/env bash
# Kills `slac replay --state` at random points, runs it again each time until it finishes,
# and checks that the records it wrote over all the runs are exactly those of one
# uninterrupted run: none lost, none repeated.
set -euo pipefail

slac=$1
policy=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A stream of 3000 leads, each qualified by a demo request, touched or not, and sometimes
# accepted, over three weeks; out of order by up to ten minutes.
awk 'BEGIN {
  srand(7);
  base = 1772704800;  # 2026-03-05T10:00:00Z
  for (i = 0; i < 3000; i++) {
    t = base + int(rand() * 1800000);
    lead = "L" i;
    printf "{\"id\":\"u%d\",\"at\":\"%s\",\"lead\":\"%s\",\"type\":\"upsert\",\"fields\":{\"employees\":%d}}\n", i, strftime("%Y-%m-%dT%H:%M:%SZ", t, 1), lead, int(rand() * 3000);
    printf "{\"id\":\"d%d\",\"at\":\"%s\",\"lead\":\"%s\",\"type\":\"activity\",\"kind\":\"demo_request\"}\n", i, strftime("%Y-%m-%dT%H:%M:%SZ", t + 1, 1), lead;
    if (rand() < 0.7) {
      printf "{\"id\":\"t%d\",\"at\":\"%s\",\"lead\":\"%s\",\"type\":\"activity\",\"kind\":\"touch\",\"attributes\":{\"channel\":\"phone\"}}\n", i, strftime("%Y-%m-%dT%H:%M:%SZ", t + 60 + int(rand() * 20000), 1), lead;
    }
    if (rand() < 0.5) {
      printf "{\"id\":\"s%d\",\"at\":\"%s\",\"lead\":\"%s\",\"type\":\"transition\",\"to\":\"sal\"}\n", i, strftime("%Y-%m-%dT%H:%M:%SZ", t + 30000 + int(rand() * 100000), 1), lead;
    }
  }
}' | sort -t'"' -k8,8 > "$work/events.jsonl"

started=$(date +%s%N)
"$slac" replay --policy "$policy" --events "$work/events.jsonl" --lateness 10m \
  > "$work/expected.jsonl" 2> /dev/null || true
# Kill delays are fractions of how long a whole run takes on this machine, so that a fast
# or a loaded machine both see runs killed part way.
full_ms=$(( ($(date +%s%N) - started) / 1000000 ))
expected_count=$(wc -l < "$work/expected.jsonl")
if (( expected_count < 1000 )); then
  echo "the uninterrupted run wrote only $expected_count records" >&2
  exit 1
fi

runs=0
kills=0
while true; do
  runs=$((runs + 1))
  if (( runs > 200 )); then
    echo "the replay did not finish in 200 runs" >&2
    exit 1
  fi
  # Each run gets 10% to 80% of a whole run before it is killed, plus 5% more per run so
  # far, so that the replay finishes in the end.
  delay=$(awk -v r="$RANDOM" -v n="$runs" -v full="$full_ms" \
    'BEGIN { printf "%.3f", full * (0.1 + (r % 70) / 100 + n / 20) / 1000 }')
  set +e
  (timeout -s KILL "$delay" "$slac" replay --policy "$policy" --events "$work/events.jsonl" \
    --lateness 10m --state "$work/state.db" --output "$work/actual.jsonl" --commit-every 97) \
    2> /dev/null
  code=$?
  set -e
  if (( code == 137 )); then
    kills=$((kills + 1))
    continue
  fi
  if (( code > 1 )); then
    echo "replay failed with exit code $code" >&2
    exit 1
  fi
  break
done

if ! cmp -s "$work/expected.jsonl" "$work/actual.jsonl"; then
  echo "records after $kills kills differ from an uninterrupted run:" >&2
  diff "$work/expected.jsonl" "$work/actual.jsonl" | head -20 >&2
  exit 1
fi
if (( kills == 0 )); then
  echo "no run was killed, so nothing was resumed; the test proves nothing" >&2
  exit 1
fi
echo "identical records ($expected_count) after $kills kills in $runs runs"
