#include "shown.h"

#include <fmt/format.h>

namespace slac::runtime::io_internal {

std::string Shown(std::string_view text) {
  constexpr size_t kLongest = 40;
  if (text.size() <= kLongest) {
    return fmt::format("`{}`", text);
  }
  size_t cut = kLongest;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  return fmt::format("`{}...`", text.substr(0, cut));
}

}  // namespace slac::runtime::io_internal
