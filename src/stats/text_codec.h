// Byte-level helpers for the histogram encoding: LEB128 varints (the base64url around them is
// slogate/common/base64url.h).
//
// Private to the stats component. All functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace slogate::stats::codec {

// Appends `value` as an unsigned LEB128 varint (7 bits per byte, low bits first).
void AppendVarint(uint64_t value, std::string& out);

// Reads one varint at `*offset` and advances it; nullopt when truncated or longer than 64 bits.
std::optional<uint64_t> ReadVarint(std::string_view bytes, size_t* offset);

}  // namespace slogate::stats::codec
