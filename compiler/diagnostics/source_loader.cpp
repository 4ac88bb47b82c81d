#include "diagnostics/source_loader.h"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace slac {
namespace {

// System error texts start with a capital ("No such file or directory"); our messages
// continue in lower case after the colon.
std::string Lowercased(std::string text) {
  if (!text.empty()) {
    text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  }
  return text;
}

// Length of the valid UTF-8 sequence at `text[i]`, or 0 when the bytes there are not one.
// Overlong forms, surrogates and code points past U+10FFFF are invalid.
size_t ValidSequenceLength(const std::string& text, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char lead = byte(i);
  if (lead < 0x80) {
    return 1;
  }
  size_t length = 0;
  uint32_t min_value = 0;
  uint32_t value = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    min_value = 0x80;
    value = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    min_value = 0x800;
    value = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    min_value = 0x10000;
    value = lead & 0x07;
  } else {
    return 0;
  }
  if (i + length > text.size()) {
    return 0;
  }
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      return 0;
    }
    value = (value << 6) | (byte(i + k) & 0x3F);
  }
  bool surrogate = value >= 0xD800 && value <= 0xDFFF;
  if (value < min_value || value > 0x10FFFF || surrogate) {
    return 0;
  }
  return length;
}

SourceRange RangeAt(FileId file, uint32_t line, uint32_t column) {
  return SourceRange{file, {line, column}, {line, column + 1}};
}

}  // namespace

bool ValidateSourceText(FileId file, const std::string& text, DiagnosticSink& sink) {
  uint32_t line = 1;
  uint32_t column = 1;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '\0') {
      sink.Report(DiagCode::kBinaryFile, RangeAt(file, line, column));
      return false;
    }
    size_t length = ValidSequenceLength(text, i);
    if (length == 0) {
      sink.Report(DiagCode::kInvalidUtf8, RangeAt(file, line, column),
                  static_cast<unsigned>(static_cast<unsigned char>(text[i])))
          .AddHelp("save the file as UTF-8");
      return false;
    }
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    i += length;
  }
  return true;
}

std::optional<FileId> LoadSourceFile(const std::string& path, SourceManager& sources,
                                     DiagnosticSink& sink) {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::file_status status = fs::status(path, error);
  if (error) {
    sink.Report(DiagCode::kCannotReadFile, std::nullopt, path, Lowercased(error.message()));
    return std::nullopt;
  }
  if (fs::is_directory(status)) {
    sink.Report(DiagCode::kNotARegularFile, std::nullopt, path, "a directory");
    return std::nullopt;
  }
  if (!fs::is_regular_file(status)) {
    sink.Report(DiagCode::kNotARegularFile, std::nullopt, path, "a device, pipe or socket");
    return std::nullopt;
  }
  uintmax_t size = fs::file_size(path, error);
  if (!error && size > kMaxSourceBytes) {
    sink.Report(DiagCode::kFileTooLarge, std::nullopt, path, kMaxSourceBytes >> 20);
    return std::nullopt;
  }

  std::ifstream in(path, std::ios::binary);
  if (!in) {
    sink.Report(DiagCode::kCannotReadFile, std::nullopt, path, Lowercased(std::strerror(errno)));
    return std::nullopt;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    sink.Report(DiagCode::kCannotReadFile, std::nullopt, path, "read error");
    return std::nullopt;
  }
  std::string text = std::move(buffer).str();
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) {
    text.erase(0, 3);
  }

  // The file is kept even when its text is unusable, so the diagnostic can show the line.
  FileId file = sources.Add(path, text);
  if (!ValidateSourceText(file, text, sink)) {
    return std::nullopt;
  }
  return file;
}

}  // namespace slac
