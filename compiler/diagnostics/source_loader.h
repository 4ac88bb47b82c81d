// Reading policy files from disk, with the checks every later phase relies on: the text
// is valid UTF-8 without NUL bytes and of a sane size. A file that fails a check is
// reported with where the problem is and is not handed on.
#pragma once

#include <optional>
#include <string>

#include "diagnostics/diagnostic.h"
#include "diagnostics/source.h"

namespace slac {

/// Largest policy file read; larger files are almost certainly not policies.
inline constexpr size_t kMaxSourceBytes = size_t{64} << 20;

/// Reads `path` into `sources`. Returns the file's id, or nothing after reporting why the
/// file cannot be used. A UTF-8 byte order mark is dropped.
std::optional<FileId> LoadSourceFile(const std::string& path, SourceManager& sources,
                                     DiagnosticSink& sink);

/// Checks `text` of a file already in `sources`; reports the first NUL byte or invalid
/// UTF-8 sequence and returns false if there is one.
bool ValidateSourceText(FileId file, const std::string& text, DiagnosticSink& sink);

}  // namespace slac
