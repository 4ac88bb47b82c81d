#include "parse/parser.h"

#include <antlr4-runtime.h>

#include <memory>
#include <string>
#include <vector>

#include "SlacLexer.h"
#include "SlacParser.h"
#include "parse/builder.h"
#include "parse/ranges.h"
#include "parse/syntax_errors.h"

namespace slac {
namespace {

using grammar::SlacLexer;
using parse_internal::TokenRange;

// Hints for characters that word processors and other languages bring in.
void AddCharacterHelp(const std::string& character, Diagnostic& diagnostic) {
  if (character == "\u201C" || character == "\u201D" || character == "\u2018" ||
      character == "\u2019") {
    diagnostic.AddHelp("use straight quotes `\"`; curly quotes often come from a word processor");
  } else if (static_cast<unsigned char>(character[0]) >= 0x80) {
    diagnostic.AddHelp(
        "names use ASCII letters, digits and `_`; text with other characters "
        "goes in quotes");
  } else if (character == "[" || character == "]") {
    diagnostic.AddHelp("sets are written in braces, such as `{saas, fintech}`");
  } else if (character == "&" || character == "|" || character == "!") {
    diagnostic.AddHelp("write `and`, `or` and `not`; `!=` is the only operator with `!`");
  }
}

// Reports tokens the lexer could only classify as mistakes. Characters that belong to no
// token are hidden from the parser afterwards, so one stray `$` is one error, not a
// cascade.
void CheckTokens(FileId file, antlr4::CommonTokenStream& tokens, DiagnosticSink& sink) {
  // Like syntax errors, lexical errors past a limit are echoes of a wrong file.
  constexpr int kMaxUnknownCharacters = 30;
  int unknown_characters = 0;
  for (antlr4::Token* token : tokens.getTokens()) {
    SourceRange range = TokenRange(file, token);
    switch (token->getType()) {
      case SlacLexer::UNKNOWN_CHAR: {
        if (auto* writable = dynamic_cast<antlr4::WritableToken*>(token)) {
          writable->setChannel(antlr4::Token::HIDDEN_CHANNEL);
        }
        if (++unknown_characters > kMaxUnknownCharacters) {
          break;
        }
        Diagnostic& diagnostic =
            sink.Report(DiagCode::kUnexpectedCharacter, range, token->getText());
        AddCharacterHelp(token->getText(), diagnostic);
        if (unknown_characters == kMaxUnknownCharacters) {
          diagnostic.AddNote("further unexpected characters in this file are not reported");
        }
        break;
      }
      case SlacLexer::UNTERMINATED_STRING:
        sink.Report(DiagCode::kUnterminatedString, range);
        break;
      case SlacLexer::UNTERMINATED_REGEX:
        sink.Report(DiagCode::kUnterminatedRegex, range);
        break;
      case SlacLexer::BAD_UNIT:
        sink.Report(DiagCode::kUnknownUnit, range, token->getText())
            .AddHelp(
                "durations are a whole number followed by `ms`, `s`, `m`, `h`, `d` or `w`, "
                "such as `90m`; percents end in `%`");
        break;
      default:
        break;
    }
  }
}

bool IsOpening(size_t type) { return type == SlacLexer::LPAREN || type == SlacLexer::LBRACE; }

bool IsClosing(size_t type) { return type == SlacLexer::RPAREN || type == SlacLexer::RBRACE; }

bool IsPrefixOperator(size_t type) {
  return type == SlacLexer::NOT || type == SlacLexer::MINUS || type == SlacLexer::PLUS;
}

// The parser recurses once per bracket and per prefix operator. Rejecting deep nesting
// before parsing bounds the stack whatever the input.
bool CheckNesting(FileId file, antlr4::CommonTokenStream& tokens, DiagnosticSink& sink) {
  int brackets = 0;
  int prefix_run = 0;
  for (antlr4::Token* token : tokens.getTokens()) {
    if (token->getChannel() != antlr4::Token::DEFAULT_CHANNEL) {
      continue;
    }
    size_t type = token->getType();
    prefix_run = IsPrefixOperator(type) ? prefix_run + 1 : 0;
    if (IsOpening(type)) {
      ++brackets;
    } else if (IsClosing(type) && brackets > 0) {
      --brackets;
    }
    if (brackets + prefix_run > kMaxNestingDepth) {
      sink.Report(DiagCode::kNestingTooDeep, TokenRange(file, token), kMaxNestingDepth);
      return false;
    }
  }
  return true;
}

// Comments are on the hidden channel, so the parser never sees them; the formatter needs
// them with their positions to keep them in place.
std::vector<ast::Comment> CollectComments(FileId file, antlr4::CommonTokenStream& tokens) {
  std::vector<ast::Comment> comments;
  for (antlr4::Token* token : tokens.getTokens()) {
    if (token->getType() == SlacLexer::COMMENT) {
      std::string text = token->getText();
      // A comment on a line ending in CRLF would otherwise keep the carriage return.
      while (!text.empty() && text.back() == '\r') {
        text.pop_back();
      }
      comments.push_back(ast::Comment{std::move(text), TokenRange(file, token)});
    }
  }
  return comments;
}

bool HasOnlyEndOfFile(antlr4::CommonTokenStream& tokens) {
  for (antlr4::Token* token : tokens.getTokens()) {
    if (token->getChannel() == antlr4::Token::DEFAULT_CHANNEL &&
        token->getType() != antlr4::Token::EOF) {
      return false;
    }
  }
  return true;
}

}  // namespace

ast::PolicyFile ParseFile(const SourceManager& sources, FileId file, DiagnosticSink& sink) {
  const SourceFile& source = sources.Get(file);
  ast::PolicyFile empty;
  empty.file = file;

  antlr4::ANTLRInputStream input(source.text());
  SlacLexer lexer(&input);
  lexer.removeErrorListeners();
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();

  CheckTokens(file, tokens, sink);
  if (HasOnlyEndOfFile(tokens)) {
    sink.Report(DiagCode::kEmptyFile, SourceRange{file, {1, 1}, {1, 2}});
    return empty;
  }
  if (!CheckNesting(file, tokens, sink)) {
    return empty;
  }

  // First try the fast SLL prediction, which is exact for almost every valid file; on any
  // error, parse again with full LL and our error strategy, which reports and recovers.
  grammar::SlacParser parser(&tokens);
  parser.removeErrorListeners();
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
      antlr4::atn::PredictionMode::SLL);
  grammar::SlacParser::PolicyFileContext* tree = nullptr;
  try {
    tree = parser.policyFile();
  } catch (const antlr4::ParseCancellationException&) {
    tokens.seek(0);
    parser.reset();
    parser.setErrorHandler(std::make_shared<parse_internal::SyntaxErrorStrategy>(
        file, sink, tokens, parser.getVocabulary()));
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::LL);
    tree = parser.policyFile();
  }
  ast::PolicyFile built = parse_internal::BuildAst(file, tree, sink);
  built.comments = CollectComments(file, tokens);
  return built;
}

}  // namespace slac
