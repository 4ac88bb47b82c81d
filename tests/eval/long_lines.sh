#!/usr/bin/env bash
# A golden case whose input is too big to keep in the repository: lines of more than a
# megabyte, in CSV and in JSON Lines, generated here. In each file a lead with a 1 MiB
# title is decided, a lead whose `employees` is 1 MiB of digits is rejected with the
# value cut short in the message, and a small lead after them is decided as usual.
# The expectation long_lines.expected holds, per file, stdout, stderr and `exit: N`.
# With SLAC_UPDATE_GOLDEN=1 it is rewritten, for a reviewer to read in the diff.
#
# Usage: long_lines.sh SLAC CASE_DIR (tests/eval)
set -euo pipefail
slac=$1
case_dir=$(cd "$2" && pwd)
policy=$case_dir/../../examples/quickstart/quickstart.sla
expected=$case_dir/long_lines.expected

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# 1 MiB of one character.
mebibyte() { head -c 1048576 /dev/zero | tr '\0' "$1"; }
title="VP $(mebibyte a)"
digits=$(mebibyte 7)

{
  echo 'id,email,title,employees,industry,country,source,created_at'
  echo "c-1,a@b.example,\"$title\",300,saas,US,pricing,2026-03-09T12:00:00Z"
  echo "c-2,b@b.example,CTO,$digits,saas,US,pricing,2026-03-09T12:00:00Z"
  echo 'c-3,c@b.example,Founder,12,fintech,DE,referral,2026-03-01T00:00:00Z'
} > long.csv
{
  echo "{\"id\":\"j-1\",\"email\":\"a@b.example\",\"title\":\"$title\",\"employees\":300,\"industry\":\"saas\",\"country\":\"US\",\"source\":\"pricing\",\"created_at\":\"2026-03-09T12:00:00Z\"}"
  echo "{\"id\":\"j-2\",\"email\":\"b@b.example\",\"title\":\"CTO\",\"employees\":\"$digits\",\"industry\":\"saas\",\"country\":\"US\",\"source\":\"pricing\",\"created_at\":\"2026-03-09T12:00:00Z\"}"
  echo '{"id":"j-3","email":"c@b.example","title":"Founder","employees":12,"industry":"fintech","country":"DE","source":"referral","created_at":"2026-03-01T00:00:00Z"}'
} > long.jsonl

actual=$work/actual
for leads in long.csv long.jsonl; do
  set +e
  "$slac" eval --policy "$policy" --leads "$leads" --at 2026-03-10T00:00:00Z --engine interp \
    > out 2> err < /dev/null
  code=$?
  set -e
  {
    echo "== $leads"
    cat out err
    echo "exit: $code"
  } >> "$actual"
done

if [[ ${SLAC_UPDATE_GOLDEN:-0} == 1 ]]; then
  cp "$actual" "$expected"
  echo "updated $expected"
  exit 0
fi
if [[ ! -f $expected ]]; then
  echo "missing expectation $expected; run with SLAC_UPDATE_GOLDEN=1 to create it" >&2
  cat "$actual"
  exit 1
fi
if ! diff -u "$expected" "$actual"; then
  echo "the output on long lines differs from $expected" >&2
  exit 1
fi
