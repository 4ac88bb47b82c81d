// Turns ANTLR's recognition errors into slac diagnostics that say, in the policy
// author's terms, what was expected where ("expected a duration such as `5m` or `24h`
// after `within`") instead of dumping token sets. Internal to the front end.
#pragma once

#include <antlr4-runtime.h>

#include "diagnostics/diagnostic.h"

namespace slac::parse_internal {

class SyntaxErrorStrategy : public antlr4::DefaultErrorStrategy {
 public:
  SyntaxErrorStrategy(FileId file, DiagnosticSink& sink, antlr4::TokenStream& tokens,
                      const antlr4::dfa::Vocabulary& vocabulary)
      : file_(file), sink_(sink), tokens_(tokens), parser_vocabulary_(vocabulary) {}

 protected:
  void reportNoViableAlternative(antlr4::Parser* recognizer,
                                 const antlr4::NoViableAltException& error) override;
  void reportInputMismatch(antlr4::Parser* recognizer,
                           const antlr4::InputMismatchException& error) override;
  void reportFailedPredicate(antlr4::Parser* recognizer,
                             const antlr4::FailedPredicateException& error) override;
  void reportUnwantedToken(antlr4::Parser* recognizer) override;
  void reportMissingToken(antlr4::Parser* recognizer) override;
  antlr4::Token* singleTokenDeletion(antlr4::Parser* recognizer) override;

 private:
  void Report(antlr4::Token* offending, const antlr4::misc::IntervalSet& expected);

  FileId file_;
  DiagnosticSink& sink_;
  antlr4::TokenStream& tokens_;
  const antlr4::dfa::Vocabulary& parser_vocabulary_;
  ssize_t last_reported_token_ = -1;
  int reported_ = 0;
  size_t last_syntax_diagnostic_ = SIZE_MAX;
  bool said_errors_suppressed_ = false;
};

}  // namespace slac::parse_internal
