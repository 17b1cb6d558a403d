// Byte-level helpers for the histogram encoding: LEB128 varints and unpadded base64url.
//
// Private to the stats component. All functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "slogate/common/result.h"

namespace slogate::stats::codec {

// Appends `value` as an unsigned LEB128 varint (7 bits per byte, low bits first).
void AppendVarint(uint64_t value, std::string& out);

// Reads one varint at `*offset` and advances it; nullopt when truncated or longer than 64 bits.
std::optional<uint64_t> ReadVarint(std::string_view bytes, size_t* offset);

// RFC 4648 section 5 alphabet (A-Z a-z 0-9 - _), no padding: safe inside JSON strings and URLs.
std::string Base64UrlEncode(std::string_view bytes);

// Strict inverse of Base64UrlEncode: rejects other characters, impossible lengths and non-zero
// trailing bits (so every byte string has exactly one accepted encoding). The error says where.
Result<std::string> Base64UrlDecode(std::string_view text);

}  // namespace slogate::stats::codec
