#!/usr/bin/env bash
# A state file is taken only by the replay that wrote it: a resume with an edited policy,
# or a SQLite file of something else, is refused (exit 2) and the file left as it was.
#
# Usage: state_checks.sh SLAC POLICY EVENTS
set -euo pipefail
slac=$1
policy=$2
events=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Runs a replay of POLICY with the state file STATE and checks it is refused, exit 2, with
# a message containing MESSAGE.
expect_refused() {
  local policy=$1 state=$2 message=$3 code
  set +e
  "$slac" replay --policy "$policy" --events "$events" --state "$state" \
    --output "$work/refused.jsonl" 2> "$work/refused.err"
  code=$?
  set -e
  if [[ $code != 2 ]] || ! grep -q "$message" "$work/refused.err"; then
    echo "state_checks: expected a refusal saying \"$message\", got exit $code:" \
      "$(cat "$work/refused.err")" >&2
    exit 1
  fi
}

"$slac" replay --policy "$policy" --events "$events" --state "$work/state.db" \
  --output "$work/records.jsonl" 2> /dev/null || true

# The same policy with one target changed is another replay.
sed 's/  target 2h$/  target 3h/' "$policy" > "$work/edited.sla"
if cmp -s "$policy" "$work/edited.sla"; then
  echo "state_checks: the edit did not change the policy" >&2
  exit 1
fi
expect_refused "$work/edited.sla" "$work/state.db" "belongs to another replay"

# A database of something else is not written to.
python3 -c 'import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute("CREATE TABLE notes (t TEXT)")' \
  "$work/other.db"
before=$(md5sum < "$work/other.db")
expect_refused "$policy" "$work/other.db" "database of something else"
if [[ $(md5sum < "$work/other.db") != "$before" ]]; then
  echo "state_checks: the foreign database was changed" >&2
  exit 1
fi
echo "state files of other replays and other programs are refused"
