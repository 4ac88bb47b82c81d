// Source ranges of ANTLR tokens and parse-tree contexts. Internal to the front end.
#pragma once

#include <antlr4-runtime.h>

#include "diagnostics/source.h"

namespace slac::parse_internal {

/// Code points in a UTF-8 string.
inline uint32_t CodePoints(std::string_view text) {
  uint32_t count = 0;
  for (char c : text) {
    count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }
  return count;
}

/// The range a token covers; the end of file is a one-column range where the file ends.
inline SourceRange TokenRange(FileId file, const antlr4::Token* token) {
  if (token == nullptr) {
    return SourceRange{};
  }
  uint32_t line = static_cast<uint32_t>(token->getLine());
  uint32_t column = static_cast<uint32_t>(token->getCharPositionInLine()) + 1;
  uint32_t width = token->getType() == antlr4::Token::EOF ? 1 : CodePoints(token->getText());
  return SourceRange{file, {line, column}, {line, column + std::max(width, 1u)}};
}

/// The range from the first to the last token of a context.
inline SourceRange ContextRange(FileId file, antlr4::ParserRuleContext* context) {
  if (context == nullptr || context->getStart() == nullptr) {
    return SourceRange{};
  }
  SourceRange begin = TokenRange(file, context->getStart());
  const antlr4::Token* stop = context->getStop();
  // A context that matched nothing has its stop before its start.
  if (stop == nullptr || stop->getTokenIndex() < context->getStart()->getTokenIndex()) {
    return begin;
  }
  SourceRange end = TokenRange(file, stop);
  return SourceRange{file, begin.begin, end.end};
}

}  // namespace slac::parse_internal
