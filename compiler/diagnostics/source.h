// Source files as they were read, and positions inside them.
//
// Every diagnostic and every AST node points into a SourceFile held by a SourceManager.
// Lines and columns are 1-based; a column counts code points, so a tab or a multi-byte
// character is one column, and the caret printed under a line is placed by walking the
// same line again.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace slac {

/// Index of a file in its SourceManager.
using FileId = uint32_t;
inline constexpr FileId kNoFile = UINT32_MAX;

/// A line and a column, both 1-based; column counts code points.
struct SourcePosition {
  uint32_t line = 0;
  uint32_t column = 0;

  friend auto operator<=>(const SourcePosition&, const SourcePosition&) = default;
};

/// A half-open range [begin, end) in one file.
struct SourceRange {
  FileId file = kNoFile;
  SourcePosition begin;
  SourcePosition end;

  bool IsValid() const { return file != kNoFile && begin.line != 0; }
  friend auto operator<=>(const SourceRange&, const SourceRange&) = default;
};

/// The text of one file, with its line starts indexed for printing source lines.
class SourceFile {
 public:
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  uint32_t LineCount() const { return static_cast<uint32_t>(line_starts_.size()); }

  /// The text of a 1-based line without its line terminator ("\n" or "\r\n").
  std::string_view Line(uint32_t line) const;

 private:
  std::string path_;
  std::string text_;
  std::vector<size_t> line_starts_;
};

/// Owns the files of one compilation, so ranges stay valid as long as it lives.
class SourceManager {
 public:
  FileId Add(std::string path, std::string text);
  const SourceFile& Get(FileId id) const { return *files_.at(id); }
  size_t size() const { return files_.size(); }

 private:
  std::vector<std::unique_ptr<SourceFile>> files_;
};

}  // namespace slac
