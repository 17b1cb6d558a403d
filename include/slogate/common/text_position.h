// Where a byte offset falls in a text, as users read positions: 1-based line and column.
// Pure; thread-safe.
#pragma once

#include <cstddef>
#include <string_view>
#include <utility>

namespace slogate {

// Line and column of the character just before `offset` — the convention of JSON parsers
// such as nlohmann's, which report how many bytes they had read when they failed.
std::pair<int, int> LineAndColumnBefore(std::string_view text, size_t offset);

}  // namespace slogate
