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

"$slac" replay --policy "$policy" --events "$events" --state "$work/state.db" \
  --output "$work/records.jsonl" 2> /dev/null || true

# The same policy with one target changed is another replay.
sed 's/  target 2h$/  target 3h/' "$policy" > "$work/edited.sla"
if cmp -s "$policy" "$work/edited.sla"; then
  echo "state_checks: the edit did not change the policy" >&2
  exit 1
fi
set +e
"$slac" replay --policy "$work/edited.sla" --events "$events" --state "$work/state.db" \
  --output "$work/records.jsonl" 2> "$work/edited.err"
code=$?
set -e
if [[ $code != 2 ]] || ! grep -q "belongs to another replay" "$work/edited.err"; then
  echo "state_checks: an edited policy resumed (exit $code): $(cat "$work/edited.err")" >&2
  exit 1
fi

# A database of something else is not written to.
python3 -c 'import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute("CREATE TABLE notes (t TEXT)")' \
  "$work/other.db"
before=$(md5sum < "$work/other.db")
set +e
"$slac" replay --policy "$policy" --events "$events" --state "$work/other.db" \
  --output "$work/other.jsonl" 2> "$work/other.err"
code=$?
set -e
if [[ $code != 2 ]] || ! grep -q "database of something else" "$work/other.err"; then
  echo "state_checks: a foreign database was used (exit $code): $(cat "$work/other.err")" >&2
  exit 1
fi
if [[ $(md5sum < "$work/other.db") != "$before" ]]; then
  echo "state_checks: the foreign database was changed" >&2
  exit 1
fi
echo "state files of other replays and other programs are refused"
