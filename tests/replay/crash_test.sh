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
# accepted, over three weeks. Each line is placed by its instant plus up to 15 minutes of
# jitter, so events arrive out of order: most within the 10 minutes of lateness, and some
# too late, which must be skipped the same way however often the replay is resumed.
awk 'function emit(t, line) { printf "%d\t%s\n", t + int(rand() * 900), line }
function at(t) { return strftime("%Y-%m-%dT%H:%M:%SZ", t, 1) }
BEGIN {
  srand(7);
  base = 1772704800;  # 2026-03-05T10:00:00Z
  for (i = 0; i < 3000; i++) {
    t = base + int(rand() * 1800000);
    lead = "L" i;
    emit(t, sprintf("{\"id\":\"u%d\",\"at\":\"%s\",\"lead\":\"%s\",\"type\":\"upsert\",\"fields\":{\"employees\":%d}}", i, at(t), lead, int(rand() * 3000)));
    emit(t + 1, sprintf("{\"id\":\"d%d\",\"at\":\"%s\",\"lead\":\"%s\",\"type\":\"activity\",\"kind\":\"demo_request\"}", i, at(t + 1), lead));
    if (rand() < 0.7) {
      touch = t + 60 + int(rand() * 20000);
      emit(touch, sprintf("{\"id\":\"t%d\",\"at\":\"%s\",\"lead\":\"%s\",\"type\":\"activity\",\"kind\":\"touch\",\"channel\":\"phone\"}", i, at(touch), lead));
    }
    if (rand() < 0.5) {
      accepted = t + 30000 + int(rand() * 100000);
      emit(accepted, sprintf("{\"id\":\"s%d\",\"at\":\"%s\",\"lead\":\"%s\",\"type\":\"transition\",\"to\":\"sal\"}", i, at(accepted), lead));
    }
  }
}' | sort -t$'\t' -k1,1n -k2,2 | cut -f2- > "$work/events.jsonl"

started=$(date +%s%N)
"$slac" replay --policy "$policy" --events "$work/events.jsonl" --lateness 10m \
  > "$work/expected.jsonl" 2> "$work/summary.txt" || true
# Kill delays are fractions of how long a whole run takes on this machine, so that a fast
# or a loaded machine both see runs killed part way.
full_ms=$(( ($(date +%s%N) - started) / 1000000 ))
expected_count=$(wc -l < "$work/expected.jsonl")
if (( expected_count < 1000 )); then
  echo "the uninterrupted run wrote only $expected_count records" >&2
  exit 1
fi
if ! grep -Eq ' [1-9][0-9]* too late' "$work/summary.txt"; then
  echo "no event of the stream was too late, so the lateness bound is not exercised:" >&2
  tail -1 "$work/summary.txt" >&2
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
