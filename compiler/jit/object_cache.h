// The on-disk cache of compiled evaluators. An entry is the native object of one policy for
// one target, keyed by a SHA-256 of everything that decides the code: the printed IR, the
// compiler version, the generated-code convention, the target triple, CPU and features and
// the optimisation level. An entry carries a checksum of its bytes, so a truncated or
// corrupt file is detected and never handed to the linker.
#pragma once

#include <llvm/ADT/StringRef.h>
#include <llvm/Support/Error.h>
#include <llvm/Support/MemoryBuffer.h>

#include <memory>
#include <string>

namespace slac::jit {

/// What decides the generated code besides the IR.
struct CodeTarget {
  std::string triple;
  std::string cpu;
  std::string features;
  int optimization_level = 2;
  /// An explicit pass pipeline, when one replaces the level's default.
  std::string pipeline;
};

/// The cache key of `printed_ir` for `target`: 64 hex digits.
std::string CacheKey(const std::string& printed_ir, const CodeTarget& target);

/// The result of looking a key up.
struct CacheLookup {
  /// The object, when the entry exists and is intact.
  std::unique_ptr<llvm::MemoryBuffer> object;
  /// Why an existing entry was not used (truncated, bad checksum, unreadable); empty on a
  /// hit or when there is no entry.
  std::string problem;
};

/// A folder of cache entries, one file per key. Safe for several processes: entries are
/// written to a temporary file and renamed into place.
class ObjectCache {
 public:
  explicit ObjectCache(std::string directory) : directory_(std::move(directory)) {}

  CacheLookup Load(const std::string& key) const;

  /// Writes the entry for `key`, creating the folder when needed.
  llvm::Error Store(const std::string& key, llvm::StringRef object) const;

  /// The file that holds `key`'s entry.
  std::string EntryPath(const std::string& key) const;

 private:
  std::string directory_;
};

}  // namespace slac::jit
