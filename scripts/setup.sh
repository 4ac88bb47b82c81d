#!/usr/bin/env bash
# Installs the Debian 12 packages slac needs to build and test, only those missing.
# Fast when everything is present: it asks dpkg, not the network.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config
  antlr4 libantlr4-runtime-dev   # grammar tool (4.7.2) and C++ runtime (4.9)
  libfmt-dev libcli11-dev nlohmann-json3-dev
  libhowardhinnant-date-dev tzdata libre2-dev
  catch2 clang-format
  llvm-19-dev                   # code generation and the ORC JIT
  libsimdjson-dev libcsv-dev      # JSON Lines and CSV readers of the runtime
  libsqlite3-dev                  # replay state
  libbenchmark-dev                # bench/
  python3-jsonschema              # validates `--format sarif` output in tests
  libxml2-utils                   # xmllint validates `slac test --format junit` in tests
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  if [[ $status != "install ok installed" ]]; then
    missing+=("$package")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

echo "setup: installing ${missing[*]}" >&2
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
