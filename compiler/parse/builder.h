// Builds the AST from an ANTLR parse tree. This is the only code that reads parse-tree
// contexts; past it, nothing knows the parser exists. Internal to the front end.
#pragma once

#include "SlacParser.h"
#include "ast/ast.h"
#include "diagnostics/diagnostic.h"

namespace slac::parse_internal {

/// Builds one file's AST, reporting invalid literals. After a syntax error, contexts may
/// lack children; every accessor result is checked, and missing parts become ErrorExpr.
ast::PolicyFile BuildAst(FileId file, grammar::SlacParser::PolicyFileContext* tree,
                         DiagnosticSink& sink);

}  // namespace slac::parse_internal
