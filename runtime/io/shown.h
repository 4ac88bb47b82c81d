// Input text quoted for a reader's messages. Internal to the readers.
#pragma once

#include <string>
#include <string_view>

namespace slac::runtime::io_internal {

/// `text` in backticks, cut after 40 bytes (before a character, never inside one, so the
/// message stays UTF-8) and marked with `...`: a cell or a field may hold a megabyte.
std::string Shown(std::string_view text);

}  // namespace slac::runtime::io_internal
