#!/usr/bin/env bash
# `slac eval` and its cache of compiled policies, always in a temporary folder (never the
# real home cache): the first run stores one entry, the second is served from it with the
# same output, a corrupt entry is reported once and rebuilt, a folder that cannot be made
# costs a warning and nothing else, and the default folder follows XDG_CACHE_HOME and HOME.
#
# A hit is told from a miss by the entry's inode: a compile writes a new file and renames
# it into place, a hit only reads.
#
# Usage: object_cache.sh SLAC REPO_ROOT
set -euo pipefail
slac=$1
root=$2
policy=$root/examples/quickstart/quickstart.sla
leads=$root/examples/quickstart/leads.jsonl

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() {
  echo "FAIL: $1"
  failures=$((failures + 1))
}

# Runs `slac eval` with HOME and XDG_CACHE_HOME inside the work folder, so that a run that
# wrongly uses the default cache cannot touch the real one.
run() {
  local name=$1
  shift
  set +e
  env HOME="$work/home" XDG_CACHE_HOME="$work/xdg" "$slac" eval --policy "$policy" \
    --leads "$leads" --at 2026-03-10T00:00:00Z "$@" > "$work/$name.out" 2> "$work/$name.err"
  echo $? > "$work/$name.code"
  set -e
}
same_output() {
  cmp -s "$work/reference.out" "$work/$1.out" || fail "$1: decisions differ from --no-cache"
  [[ $(cat "$work/$1.code") == 0 ]] || fail "$1: exit $(cat "$work/$1.code")"
}
summary() { tail -n 1 "$work/$1.err"; }
warnings() { grep -c 'warning' "$work/$1.err" || true; }
entries() { find "$1" -type f 2> /dev/null | sort; }

run reference --no-cache
[[ -z $(entries "$work/home") && -z $(entries "$work/xdg") ]] || fail "--no-cache wrote a file"

# First run: one entry, named by its key; no warning.
cache=$work/cache
run first --cache-dir "$cache"
same_output first
mapfile -t stored < <(entries "$cache")
if [[ ${#stored[@]} != 1 || ! ${stored[0]} =~ /[0-9a-f]{64}\.o$ ]]; then
  fail "first run: expected one entry KEY.o in the cache, found: ${stored[*]:-nothing}"
  exit 1
fi
entry=${stored[0]}
[[ $(warnings first) == 0 ]] || fail "first run warned: $(cat "$work/first.err")"
[[ $(summary first) == "$(summary reference)" ]] || fail "first run: summary differs"
inode=$(stat -c %i "$entry")

# Second run: served from the entry, which is left as it was.
run second --cache-dir "$cache"
same_output second
cmp -s "$work/first.err" "$work/second.err" || fail "second run: stderr differs from the first"
[[ $(stat -c %i "$entry") == "$inode" ]] || fail "second run compiled instead of using the cache"
[[ $(entries "$cache" | wc -l) == 1 ]] || fail "second run added an entry"

# A corrupt entry: one warning naming it, the same decisions, and a good entry again.
printf 'not an object file' > "$entry"
run corrupt --cache-dir "$cache"
same_output corrupt
[[ $(warnings corrupt) == 1 ]] || fail "corrupt entry: expected one warning: $(cat "$work/corrupt.err")"
grep -q "warning: cache entry $entry has no valid header; compiled the policy again" \
  "$work/corrupt.err" || fail "corrupt entry: unexpected warning: $(cat "$work/corrupt.err")"
[[ $(summary corrupt) == "$(summary reference)" ]] || fail "corrupt entry: summary differs"
inode=$(stat -c %i "$entry")
run rebuilt --cache-dir "$cache"
same_output rebuilt
[[ $(warnings rebuilt) == 0 ]] || fail "rebuilt entry still warns: $(cat "$work/rebuilt.err")"
[[ $(stat -c %i "$entry") == "$inode" ]] || fail "the rebuilt entry was not used"

# A folder that cannot be created (under a plain file): one warning, the same decisions.
touch "$work/plain-file"
run unwritable --cache-dir "$work/plain-file/cache"
same_output unwritable
[[ $(warnings unwritable) == 1 ]] || fail "unwritable: expected one warning: $(cat "$work/unwritable.err")"
grep -q "compiled the policy without caching it" "$work/unwritable.err" ||
  fail "unwritable: unexpected warning: $(cat "$work/unwritable.err")"

# The default folder: $XDG_CACHE_HOME/slac, else $HOME/.cache/slac.
run xdg
same_output xdg
[[ $(entries "$work/xdg/slac" | wc -l) == 1 ]] || fail "no entry in \$XDG_CACHE_HOME/slac"
[[ -z $(entries "$work/home") ]] || fail "wrote under \$HOME although XDG_CACHE_HOME is set"
set +e
env -u XDG_CACHE_HOME HOME="$work/home" "$slac" eval --policy "$policy" --leads "$leads" \
  --at 2026-03-10T00:00:00Z > "$work/home.out" 2> /dev/null
set -e
cmp -s "$work/reference.out" "$work/home.out" || fail "home: decisions differ"
[[ $(entries "$work/home/.cache/slac" | wc -l) == 1 ]] || fail "no entry in \$HOME/.cache/slac"

# The interpreter compiles nothing and caches nothing; --no-cache and --cache-dir conflict.
rm -rf "$work/xdg"
run interp --engine interp
[[ -z $(entries "$work/xdg") ]] || fail "the interpreter wrote a cache entry"
run both --no-cache --cache-dir "$cache"
[[ $(cat "$work/both.code") == 2 ]] || fail "--no-cache with --cache-dir: exit $(cat "$work/both.code")"

if ((failures > 0)); then
  exit 1
fi
echo "object cache: stored, served, rebuilt, and skipped with a warning as expected"
