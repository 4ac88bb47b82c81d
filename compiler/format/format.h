// `slac fmt`: the one canonical layout of a policy file.
//
// The formatter prints a file's syntax tree back as text, construct by construct, with
// the file's comments kept where they stood. It never changes meaning: the result parses
// to the same tree. It only formats files that parsed without errors.
#pragma once

#include <string>
#include <string_view>

#include "ast/ast.h"
#include "diagnostics/source.h"

namespace slac::format {

/// The canonical text of `file`, which must have been parsed from `source` without
/// syntax errors. Formatting the result again gives the same text.
std::string FormatPolicy(const ast::PolicyFile& file, const SourceFile& source);

/// A unified diff (`diff -u` style, three lines of context) from `before` to `after`,
/// both named `path`; empty when the texts are equal.
std::string UnifiedDiff(std::string_view before, std::string_view after, const std::string& path);

}  // namespace slac::format
