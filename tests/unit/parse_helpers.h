// Helpers shared by the front-end unit tests: parse a text held in memory and summarise
// the diagnostics it produced.
#pragma once

#include <memory>
#include <string>

#include "ast/ast.h"
#include "diagnostics/diagnostic.h"
#include "diagnostics/source.h"

namespace slac::testing {

/// A parse of an in-memory file, with everything needed to inspect it.
struct Parsed {
  SourceManager sources;
  DiagnosticSink sink;
  ast::PolicyFile file;
};

/// Validates and parses `text` as a file named `test.sla`.
std::unique_ptr<Parsed> ParseText(const std::string& text);

/// The diagnostics as `E0201@3:5` items separated by spaces, in sorted order.
std::string CodesAndPositions(const DiagnosticSink& sink);

/// The policy header every snippet needs.
inline constexpr const char* kHeader = "policy t version 1.0.0\n";

}  // namespace slac::testing
