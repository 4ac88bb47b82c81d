// A textual dump of the AST, for `--dump=ast` and for parser tests.
//
// The dump is an S-expression-like outline with one node per line, indented two spaces
// per level. It shows every field of every node, decoded literals beside their source
// text, and nothing that depends on the machine, so golden files stay stable. Source
// ranges are left out unless asked for, so that moving code around does not churn
// expectations that are about the shape of the tree.
#pragma once

#include <string>

#include "ast/ast.h"

namespace slac::ast {

/// The whole tree of `file`, ending with a newline, without source ranges.
std::string DumpAst(const PolicyFile& file);

/// Like DumpAst, with ` @LINE:COL-LINE:COL` after the head of each node that has a range.
std::string DumpAstWithRanges(const PolicyFile& file);

}  // namespace slac::ast
