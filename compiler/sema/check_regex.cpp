// Regular expressions compile with RE2, the engine the evaluator uses, and carry only
// flags it knows: `i` (ignore case) and `s` (`.` also matches a newline).
#include <re2/re2.h>

#include "ast/walk.h"
#include "sema/checks.h"

namespace slac {

void CheckRegexes(const CheckContext& context) {
  ast::WalkFile(context.file, [&](const ast::Expr& expr) {
    if (expr.kind != ast::ExprKind::kMatches) {
      return;
    }
    const auto& match = ast::As<ast::MatchesExpr>(expr);
    if (!match.regex_range.IsValid()) {
      return;
    }

    RE2::Options options;
    options.set_log_errors(false);
    for (char flag : match.flags) {
      if (flag == 'i') {
        options.set_case_sensitive(false);
      } else if (flag == 's') {
        options.set_dot_nl(true);
      } else {
        context.sink.Report(DiagCode::kUnknownRegexFlag, match.regex_range, std::string(1, flag))
            .AddHelp("the flags are `i` (ignore case) and `s` (`.` matches a newline)");
      }
    }

    RE2 regex(match.pattern, options);
    if (!regex.ok()) {
      context.sink.Report(DiagCode::kInvalidRegex, match.regex_range, regex.error());
    }
  });
}

}  // namespace slac
