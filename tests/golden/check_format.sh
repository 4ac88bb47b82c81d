#!/usr/bin/env bash
# Fails when a C++ source differs from the layout .clang-format describes.
set -euo pipefail
clang_format=$1
mapfile -t sources < <(find compiler tools tests bench runtime -name '*.cpp' -o -name '*.h' \
  2>/dev/null | sort)
"$clang_format" --dry-run -Werror "${sources[@]}"
echo "${#sources[@]} files follow .clang-format"
