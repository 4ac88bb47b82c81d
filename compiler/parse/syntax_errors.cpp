#include "parse/syntax_errors.h"

#include <fmt/format.h>

#include <cctype>
#include <string>
#include <vector>

#include "SlacParser.h"
#include "parse/ranges.h"

namespace slac::parse_internal {
namespace {

using grammar::SlacParser;

// Past this many syntax errors in one file, further ones are mostly echoes of the first.
constexpr int kMaxSyntaxErrorsPerFile = 30;

// Tokens that may start a declaration, for "expected a declaration".
bool StartsDeclaration(size_t type) {
  switch (type) {
    case SlacParser::USE:
    case SlacParser::LEAD:
    case SlacParser::EVENTS:
    case SlacParser::CALENDAR:
    case SlacParser::HOLIDAYS:
    case SlacParser::SCORE:
    case SlacParser::SEGMENT:
    case SlacParser::LET:
    case SlacParser::STAGES:
    case SlacParser::STAGE:
    case SlacParser::SLA:
    case SlacParser::GUARD:
    case SlacParser::DISPOSITION:
    case SlacParser::COMMITMENT:
    case SlacParser::TEST:
      return true;
    default:
      return false;
  }
}

// Keywords that the grammar's `name` rule also accepts as names; "a name" covers them.
bool IsSoftKeyword(size_t type) {
  switch (type) {
    case SlacParser::OWNER:
    case SlacParser::TIMEZONE:
    case SlacParser::EFFECTIVE:
    case SlacParser::VERSION:
    case SlacParser::OPEN:
    case SlacParser::CLOSED:
    case SlacParser::OBSERVED:
    case SlacParser::SCORE:
    case SlacParser::DECAY:
    case SlacParser::CAPPED:
    case SlacParser::SEGMENT:
    case SlacParser::STAGE:
    case SlacParser::STAGES:
    case SlacParser::TARGET:
    case SlacParser::SAME:
    case SlacParser::NEXT:
    case SlacParser::DAY:
    case SlacParser::EVERY:
    case SlacParser::APPLIES:
    case SlacParser::PAUSE:
    case SlacParser::NOTIFY:
    case SlacParser::REASSIGN:
    case SlacParser::QUEUE:
    case SlacParser::FLAG:
    case SlacParser::BREACH:
    case SlacParser::RELEASE:
    case SlacParser::REASON:
    case SlacParser::NOTE:
    case SlacParser::REQUIRED:
    case SlacParser::ACTION:
    case SlacParser::VIOLATION:
    case SlacParser::HALF_LIFE:
    case SlacParser::MODULE:
    case SlacParser::HOLIDAYS:
    case SlacParser::CALENDAR:
    case SlacParser::ENUM:
      return true;
    default:
      return false;
  }
}

// Tokens that can open an expression; "an expression" covers them.
bool StartsExpression(size_t type) {
  switch (type) {
    case SlacParser::IDENT:
    case SlacParser::INT:
    case SlacParser::NUMBER:
    case SlacParser::PERCENT:
    case SlacParser::DURATION:
    case SlacParser::STRING:
    case SlacParser::DATE:
    case SlacParser::INSTANT:
    case SlacParser::TIME_OF_DAY:
    case SlacParser::LPAREN:
    case SlacParser::LBRACE:
    case SlacParser::MINUS:
    case SlacParser::PLUS:
    case SlacParser::NOT:
    case SlacParser::NOW:
    case SlacParser::TRUE:
    case SlacParser::FALSE:
    case SlacParser::ANY:
    case SlacParser::EACH:
    case SlacParser::COUNT:
    case SlacParser::DISTINCT:
    case SlacParser::SINCE:
    case SlacParser::CASE:
      return true;
    default:
      return IsSoftKeyword(type);
  }
}

// Tokens the lexer already reported; the parser stumbling on them says nothing new.
bool AlreadyReported(size_t type) {
  return type == SlacParser::UNTERMINATED_STRING || type == SlacParser::UNTERMINATED_REGEX ||
         type == SlacParser::BAD_UNIT;
}

bool Expects(const antlr4::misc::IntervalSet& expected, size_t type) {
  return expected.contains(type);
}

// What a token type is, in words, for "expected ...".
std::string DescribeTokenType(const antlr4::dfa::Vocabulary& vocabulary, size_t type) {
  switch (type) {
    case antlr4::Token::EOF:
      return "the end of the file";
    case SlacParser::IDENT:
      return "a name";
    case SlacParser::INT:
      return "a whole number";
    case SlacParser::NUMBER:
      return "a number";
    case SlacParser::DURATION:
      return "a duration such as `5m` or `24h`";
    case SlacParser::PERCENT:
      return "a percent such as `70%`";
    case SlacParser::STRING:
      return "a quoted string";
    case SlacParser::DATE:
      return "a date such as `2026-03-06`";
    case SlacParser::INSTANT:
      return "an instant such as `2026-03-06T17:30:00-05:00`";
    case SlacParser::TIME_OF_DAY:
      return "a time of day such as `09:00`";
    case SlacParser::SEMVER:
      return "a version such as `1.0.0`";
    case SlacParser::REGEX:
      return "a regular expression such as `/VP|Director/i`";
    default:
      break;
  }
  std::string literal = vocabulary.getLiteralName(type);
  if (literal.size() >= 2 && literal.front() == '\'') {
    literal = literal.substr(1, literal.size() - 2);
  }
  return fmt::format("`{}`", literal.empty() ? vocabulary.getSymbolicName(type) : literal);
}

// Phrases for what must follow a particular keyword, checked before the expected set.
std::string ExpectedAfter(size_t previous_type, const antlr4::misc::IntervalSet& expected) {
  switch (previous_type) {
    case SlacParser::WITHIN:
    case SlacParser::HALF_LIFE:
    case SlacParser::EVERY:
    case SlacParser::AFTER:
    case SlacParser::LAST:
      return "a duration such as `5m` or `24h`";
    case SlacParser::MATCHES:
      return "a regular expression such as `/VP|Director/i`";
    case SlacParser::VERSION:
      return "a version such as `1.0.0`";
    case SlacParser::TIMEZONE:
      return "a time zone in quotes such as `\"Europe/Berlin\"`";
    case SlacParser::EFFECTIVE:
      return "a date such as `2026-01-01`";
    case SlacParser::FAT_ARROW:
      if (Expects(expected, SlacParser::INT) && !Expects(expected, SlacParser::IDENT)) {
        return "points such as `+10` or `-50`";
      }
      return "";
    case SlacParser::CAPPED:
      return "a number of points such as `45`";
    default:
      break;
  }
  if (!Expects(expected, SlacParser::STRING)) {
    return "";
  }
  // What the quoted string after a keyword stands for.
  switch (previous_type) {
    case SlacParser::QUEUE:
    case SlacParser::REASSIGN:
      return "the queue's name in quotes, such as `\"inbound-overflow\"`";
    case SlacParser::TEST:
      return "the test's name in quotes";
    case SlacParser::FLAG:
      return "a tag in quotes, such as `\"stale\"`";
    case SlacParser::ELSE:
      return "the message to show in quotes";
    case SlacParser::OWNER:
      return "an address in quotes, such as `\"revops@acme.example\"`";
    default:
      return "";
  }
}

std::string JoinAlternatives(const std::vector<std::string>& items) {
  if (items.size() == 1) {
    return items[0];
  }
  std::string text;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) {
      text += i + 1 == items.size() ? " or " : ", ";
    }
    text += items[i];
  }
  return text;
}

std::string DescribeExpected(const antlr4::dfa::Vocabulary& vocabulary,
                             const antlr4::misc::IntervalSet& expected) {
  bool expression = Expects(expected, SlacParser::IDENT) && Expects(expected, SlacParser::INT) &&
                    Expects(expected, SlacParser::LPAREN);
  bool declaration = Expects(expected, SlacParser::SCORE) && Expects(expected, SlacParser::SLA);

  std::vector<std::string> items;
  if (declaration) {
    items.push_back("a declaration such as `lead`, `score`, `stage` or `sla`");
  } else if (expression) {
    items.push_back("an expression");
  }
  for (size_t type : expected.toList()) {
    bool covered = (declaration && (StartsDeclaration(type) || type == antlr4::Token::EOF)) ||
                   (Expects(expected, SlacParser::IDENT) && IsSoftKeyword(type)) ||
                   (expression && StartsExpression(type)) || AlreadyReported(type);
    if (covered) {
      continue;
    }
    items.push_back(DescribeTokenType(vocabulary, type));
  }
  if (items.empty()) {
    return "something else";
  }
  if (items.size() > 12) {
    items.resize(11);
    items.push_back("another form");
  }
  return JoinAlternatives(items);
}

std::string DescribeFound(const antlr4::Token* token) {
  std::string text = token->getText();
  if (text.size() > 40) {
    text = text.substr(0, 37) + "...";
  }
  return fmt::format("`{}`", text);
}

// The opening bracket that is still open at the end of the file, if any.
const antlr4::Token* UnclosedBracket(antlr4::TokenStream& tokens) {
  std::vector<const antlr4::Token*> open;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const antlr4::Token* token = tokens.get(i);
    if (token->getChannel() != antlr4::Token::DEFAULT_CHANNEL) {
      continue;
    }
    switch (token->getType()) {
      case SlacParser::LBRACE:
      case SlacParser::LPAREN:
        open.push_back(token);
        break;
      case SlacParser::RBRACE:
      case SlacParser::RPAREN:
        if (!open.empty()) {
          open.pop_back();
        }
        break;
      default:
        break;
    }
  }
  return open.empty() ? nullptr : open.back();
}

std::string ClosingFor(const antlr4::Token* opening) {
  switch (opening->getType()) {
    case SlacParser::LBRACE:
      return "}";
    default:
      return ")";
  }
}

}  // namespace

void SyntaxErrorStrategy::Report(antlr4::Token* offending,
                                 const antlr4::misc::IntervalSet& expected) {
  if (offending == nullptr || AlreadyReported(offending->getType())) {
    return;
  }
  auto index = static_cast<ssize_t>(offending->getTokenIndex());
  if (index == last_reported_token_) {
    return;
  }
  if (reported_ >= kMaxSyntaxErrorsPerFile) {
    if (!said_errors_suppressed_ && last_syntax_diagnostic_ < sink_.diagnostics().size()) {
      sink_.At(last_syntax_diagnostic_)
          .AddNote(fmt::format("after {} syntax errors, the rest of this file is not reported",
                               kMaxSyntaxErrorsPerFile));
      said_errors_suppressed_ = true;
    }
    return;
  }
  last_reported_token_ = index;
  ++reported_;

  // The visible token before the offending one gives the context ("after `within`").
  const antlr4::Token* previous = nullptr;
  for (ssize_t i = index - 1; i >= 0; --i) {
    const antlr4::Token* candidate = tokens_.get(static_cast<size_t>(i));
    if (candidate->getChannel() == antlr4::Token::DEFAULT_CHANNEL) {
      previous = candidate;
      break;
    }
  }

  const antlr4::dfa::Vocabulary& vocabulary = parser_vocabulary_;
  std::string what = previous ? ExpectedAfter(previous->getType(), expected) : "";
  bool contextual = !what.empty();
  if (what.empty()) {
    what = DescribeExpected(vocabulary, expected);
  } else {
    what += fmt::format(" after `{}`", previous->getText());
  }

  SourceRange range = TokenRange(file_, offending);
  if (offending->getType() == SlacParser::POLICY || offending->getType() == SlacParser::MODULE) {
    sink_.Report(DiagCode::kHeaderNotFirst, range, offending->getText())
        .AddHelp("move it above every `use` and declaration");
    return;
  }
  if (offending->getType() != antlr4::Token::EOF) {
    Diagnostic& diagnostic =
        sink_.Report(DiagCode::kUnexpectedToken, range, what, DescribeFound(offending));
    // A reserved word where a name is expected: say so, since it looks like a name.
    std::string spelling = parser_vocabulary_.getLiteralName(offending->getType());
    bool in_list = previous != nullptr && (previous->getType() == SlacParser::COMMA ||
                                           previous->getType() == SlacParser::LPAREN);
    bool keyword = spelling.size() > 2 && std::isalpha(static_cast<unsigned char>(spelling[1]));
    bool wants_name = Expects(expected, SlacParser::IDENT) && !Expects(expected, SlacParser::INT);
    if (keyword && !contextual && (wants_name || in_list)) {
      diagnostic.AddHelp(
          fmt::format("`{}` is a reserved word and cannot be a name here; choose another name",
                      offending->getText()));
    }
    last_syntax_diagnostic_ = sink_.diagnostics().size() - 1;
    return;
  }

  // At the end of the file, point just after the last token rather than at a blank line
  // that may follow it.
  if (previous != nullptr) {
    SourceRange after = TokenRange(file_, previous);
    range = SourceRange{file_, after.end, {after.end.line, after.end.column + 1}};
  }

  // At the end of the file, an unclosed bracket is the likely cause; point at it.
  const antlr4::Token* opening = UnclosedBracket(tokens_);
  if (opening != nullptr) {
    sink_
        .Report(DiagCode::kUnclosedBracket, TokenRange(file_, opening), opening->getText(),
                ClosingFor(opening), "the end of the file")
        .AddNote("the file ends here", range);
    return;
  }
  sink_.Report(DiagCode::kUnexpectedEndOfFile, range, what);
}

void SyntaxErrorStrategy::reportNoViableAlternative(antlr4::Parser* recognizer,
                                                    const antlr4::NoViableAltException& error) {
  Report(error.getOffendingToken(), recognizer->getExpectedTokens());
}

void SyntaxErrorStrategy::reportInputMismatch(antlr4::Parser* /*recognizer*/,
                                              const antlr4::InputMismatchException& error) {
  Report(error.getOffendingToken(), error.getExpectedTokens());
}

void SyntaxErrorStrategy::reportFailedPredicate(antlr4::Parser* recognizer,
                                                const antlr4::FailedPredicateException& error) {
  Report(error.getOffendingToken(), recognizer->getExpectedTokens());
}

void SyntaxErrorStrategy::reportUnwantedToken(antlr4::Parser* recognizer) {
  if (inErrorRecoveryMode(recognizer)) {
    return;
  }
  beginErrorCondition(recognizer);
  Report(recognizer->getCurrentToken(), getExpectedTokens(recognizer));
}

antlr4::Token* SyntaxErrorStrategy::singleTokenDeletion(antlr4::Parser* recognizer) {
  // Dropping a keyword that opens a declaration would glue the next declaration onto the
  // broken one (`let a = 1 +` then `let b = 2` would read `1 + b`); recover by inserting
  // the missing piece instead, so the next declaration survives intact.
  size_t type = recognizer->getCurrentToken()->getType();
  if (StartsDeclaration(type) && !IsSoftKeyword(type)) {
    return nullptr;
  }
  return antlr4::DefaultErrorStrategy::singleTokenDeletion(recognizer);
}

void SyntaxErrorStrategy::reportMissingToken(antlr4::Parser* recognizer) {
  if (inErrorRecoveryMode(recognizer)) {
    return;
  }
  beginErrorCondition(recognizer);
  Report(recognizer->getCurrentToken(), getExpectedTokens(recognizer));
}

}  // namespace slac::parse_internal
