// Entries are laid out as: the 8-byte magic, the payload size as 8 little-endian bytes,
// the SHA-256 of the payload, then the payload (an object file for the host).
#include "jit/object_cache.h"

#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/Endian.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/SHA256.h>
#include <llvm/Support/raw_ostream.h>

#include <array>
#include <cstring>

#include "codegen/eval_abi.h"

namespace slac::jit {
namespace {

constexpr char kMagic[8] = {'S', 'L', 'A', 'C', 'O', 'B', 'J', '1'};
constexpr size_t kDigestSize = 32;
constexpr size_t kHeaderSize = sizeof(kMagic) + 8 + kDigestSize;

std::array<uint8_t, kDigestSize> Digest(llvm::StringRef bytes) {
  return llvm::SHA256::hash(llvm::arrayRefFromStringRef(bytes));
}

}  // namespace

std::string CacheKey(const std::string& printed_ir, const CodeTarget& target) {
  llvm::SHA256 hash;
  // Each part ends with a NUL so that no two different tuples hash the same text.
  auto add = [&](llvm::StringRef part) {
    hash.update(part);
    hash.update(llvm::StringRef("\0", 1));
  };
  add("slac " SLAC_VERSION);
  add(std::to_string(codegen::kAbiVersion));
  add(target.triple);
  add(target.cpu);
  add(target.features);
  add(std::to_string(target.optimization_level));
  add(target.pipeline);
  add(printed_ir);
  return llvm::toHex(hash.final(), /*LowerCase=*/true);
}

std::string ObjectCache::EntryPath(const std::string& key) const {
  llvm::SmallString<256> path(directory_);
  llvm::sys::path::append(path, key + ".o");
  return std::string(path);
}

CacheLookup ObjectCache::Load(const std::string& key) const {
  CacheLookup lookup;
  std::string path = EntryPath(key);
  if (!llvm::sys::fs::exists(path)) {
    return lookup;
  }
  auto file = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false);
  if (!file) {
    lookup.problem = "cannot read cache entry " + path + ": " + file.getError().message();
    return lookup;
  }

  llvm::StringRef bytes = (*file)->getBuffer();
  if (bytes.size() < kHeaderSize || std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0) {
    lookup.problem = "cache entry " + path + " has no valid header";
    return lookup;
  }
  uint64_t size = llvm::support::endian::read64le(bytes.data() + sizeof(kMagic));
  llvm::StringRef payload = bytes.drop_front(kHeaderSize);
  if (payload.size() != size) {
    lookup.problem = "cache entry " + path + " is truncated: " + std::to_string(payload.size()) +
                     " of " + std::to_string(size) + " bytes";
    return lookup;
  }
  std::array<uint8_t, kDigestSize> digest = Digest(payload);
  if (std::memcmp(digest.data(), bytes.data() + sizeof(kMagic) + 8, kDigestSize) != 0) {
    lookup.problem = "cache entry " + path + " fails its checksum";
    return lookup;
  }
  lookup.object = llvm::MemoryBuffer::getMemBufferCopy(payload, path);
  return lookup;
}

llvm::Error ObjectCache::Store(const std::string& key, llvm::StringRef object) const {
  if (std::error_code error = llvm::sys::fs::create_directories(directory_)) {
    return llvm::createStringError(error, "cannot create cache folder %s", directory_.c_str());
  }

  // Write a temporary file beside the entry and rename it into place, so a reader never
  // sees half an entry and two writers never mix theirs.
  int fd = -1;
  llvm::SmallString<256> temporary;
  llvm::SmallString<256> model(directory_);
  llvm::sys::path::append(model, key + "-%%%%%%%%.tmp");
  if (std::error_code error = llvm::sys::fs::createUniqueFile(model, fd, temporary)) {
    return llvm::createStringError(error, "cannot create a file in cache folder %s",
                                   directory_.c_str());
  }
  {
    llvm::raw_fd_ostream out(fd, /*shouldClose=*/true);
    char size[8];
    llvm::support::endian::write64le(size, object.size());
    std::array<uint8_t, kDigestSize> digest = Digest(object);
    out.write(kMagic, sizeof(kMagic));
    out.write(size, sizeof(size));
    out.write(reinterpret_cast<const char*>(digest.data()), digest.size());
    out << object;
    out.close();
    if (out.has_error()) {
      std::error_code error = out.error();
      out.clear_error();
      llvm::sys::fs::remove(temporary);
      return llvm::createStringError(error, "cannot write cache entry %s", temporary.c_str());
    }
  }
  std::string path = EntryPath(key);
  if (std::error_code error = llvm::sys::fs::rename(temporary, path)) {
    llvm::sys::fs::remove(temporary);
    return llvm::createStringError(error, "cannot rename cache entry into %s", path.c_str());
  }
  return llvm::Error::success();
}

}  // namespace slac::jit
