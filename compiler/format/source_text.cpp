#include "format/source_text.h"

#include <algorithm>

namespace slac::format_internal {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f'; }

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && IsSpace(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace

size_t SourceText::Offset(const SourcePosition& position) const {
  const std::string& text = file_.text();
  if (position.line == 0 || position.line > file_.LineCount()) {
    return text.size();
  }
  std::string_view line = file_.Line(position.line);
  size_t offset = static_cast<size_t>(line.data() - text.data());
  // Columns count code points; step over continuation bytes of multi-byte characters.
  uint32_t column = 1;
  size_t index = 0;
  while (column < position.column && index < line.size()) {
    ++index;
    while (index < line.size() && (static_cast<unsigned char>(line[index]) & 0xC0) == 0x80) {
      ++index;
    }
    ++column;
  }
  return offset + index;
}

std::string_view SourceText::Slice(const SourceRange& range) const {
  size_t begin = Offset(range.begin);
  size_t end = std::max(begin, Offset(range.end));
  return std::string_view(file_.text()).substr(begin, end - begin);
}

std::string SourceText::Literal(const SourceRange& range) const {
  std::string_view text = Trim(Slice(range));
  while (text.size() >= 2 && text.front() == '(' && text.back() == ')') {
    text = Trim(text.substr(1, text.size() - 2));
  }
  return std::string(text);
}

std::string SourceText::Compact(const SourceRange& range) const {
  std::string text(Slice(range));
  text.erase(std::remove_if(text.begin(), text.end(), IsSpace), text.end());
  return text;
}

bool SourceText::BlankLineBetween(uint32_t after, uint32_t before) const {
  for (uint32_t line = after + 1; line < before && line <= file_.LineCount(); ++line) {
    if (Trim(file_.Line(line)).empty()) {
      return true;
    }
  }
  return false;
}

bool SourceText::StartsLine(const SourcePosition& position) const {
  if (position.line == 0 || position.line > file_.LineCount()) {
    return true;
  }
  std::string_view line = file_.Line(position.line);
  size_t end = Offset(position) - static_cast<size_t>(line.data() - file_.text().data());
  return Trim(line.substr(0, std::min(end, line.size()))).empty();
}

}  // namespace slac::format_internal
