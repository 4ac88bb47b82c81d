// "Did you mean" suggestions for misspelt names.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slac {

/// The candidate closest to `name` by edit distance, if one is close enough to be a
/// plausible misspelling (at most a third of the name's length, and at least one edit). An
/// edit inserts, deletes or replaces a letter, or swaps two adjacent ones; case is ignored.
std::optional<std::string> ClosestName(std::string_view name,
                                       const std::vector<std::string>& candidates);

}  // namespace slac
