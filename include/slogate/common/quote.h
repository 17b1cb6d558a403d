// Quoting a value that came from outside (a flag, a variable, a file) inside an error message.
//
// The value is the user's or a target's, so its size and bytes are theirs too: a 100 KB
// argument or a terminal escape must not end up whole in a one-line error. Pure, thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace slogate {

// Values longer than this many bytes are cut in messages.
inline constexpr size_t kMaxQuotedBytes = 64;

// "text" with control and non-ASCII bytes written as \xNN, and, past kMaxQuotedBytes, the first
// kMaxQuotedBytes bytes followed by `..." (N bytes)`.
std::string QuoteForMessage(std::string_view text);

}  // namespace slogate
