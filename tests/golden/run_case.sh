#!/usr/bin/env bash
# Runs one golden case of `slac check` and compares its output with the expectation.
#
# A case is DIR/NAME.sla, run as `slac ARGS NAME.sla` where ARGS is the line in
# DIR/default.args (`check --color never` when there is none), or DIR/NAME.cmd, whose
# single line holds all the arguments to pass instead. The command
# runs inside tests/check so paths in the output stay relative. The expectation
# NAME.expected holds stdout, then stderr, then `exit: N`. With SLAC_UPDATE_GOLDEN=1 the
# expectation is rewritten, for a reviewer to read in the diff.
set -euo pipefail

slac=$1
case_file=$2
case_dir=$(dirname "$case_file")
case_name=$(basename "${case_file%.*}")
expected="$case_dir/$case_name.expected"

cd "$case_dir"
if [[ $case_file == *.cmd ]]; then
  read -r -a args < "$case_name.cmd"
else
  args=(check --color never)
  if [[ -f default.args ]]; then
    read -r -a args < default.args
  fi
  args+=("$case_name.sla")
fi

stdout=$(mktemp)
stderr=$(mktemp)
trap 'rm -f "$stdout" "$stderr"' EXIT
set +e
"$slac" "${args[@]}" > "$stdout" 2> "$stderr" < /dev/null
code=$?
set -e
actual=$(cat "$stdout" "$stderr"; echo "exit: $code")

if [[ ${SLAC_UPDATE_GOLDEN:-0} == 1 ]]; then
  printf '%s\n' "$actual" > "$expected"
  echo "updated $expected"
  exit 0
fi
if [[ ! -f $expected ]]; then
  echo "missing expectation $expected; run with SLAC_UPDATE_GOLDEN=1 to create it" >&2
  printf '%s\n' "$actual"
  exit 1
fi
if ! diff -u "$expected" <(printf '%s\n' "$actual"); then
  echo "output of '${args[*]}' differs from $expected" >&2
  exit 1
fi
