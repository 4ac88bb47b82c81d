// The front end's entry point: policy text in, AST and diagnostics out.
#pragma once

#include "ast/ast.h"
#include "diagnostics/diagnostic.h"
#include "diagnostics/source.h"

namespace slac {

/// Deepest nesting of brackets and prefix operators accepted. The parser and every later
/// phase recurse on nesting, so a bound here keeps hostile input from exhausting the stack.
inline constexpr int kMaxNestingDepth = 200;

/// Deepest expression tree accepted, counting operator chains such as `a or b or c`, which
/// the parser handles without recursion but every later phase walks recursively.
inline constexpr uint32_t kMaxExpressionDepth = 256;

/// Parses the file `file` of `sources`. Syntax errors are reported to `sink` and the
/// parser recovers to report several in one run; what could be parsed is returned.
ast::PolicyFile ParseFile(const SourceManager& sources, FileId file, DiagnosticSink& sink);

}  // namespace slac
