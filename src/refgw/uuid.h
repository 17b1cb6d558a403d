// UUIDs as the upstream gateway uses them: fresh event ids are random (version 4), and a
// client's session_id is kept only when it parses as a UUID (anything else is replaced).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace slogate::refgw {

// A new random (version 4, RFC 4122 variant) UUID in canonical lowercase form. Thread-safe:
// each thread draws from its own generator seeded from std::random_device.
std::string NewUuid4();

// The canonical lowercase form of `text` when it is a UUID in one of the spellings Python's
// uuid.UUID() accepts (canonical, 32 hex digits, braces, "urn:uuid:" prefix, any case);
// std::nullopt otherwise. Pure.
std::optional<std::string> NormalizeUuid(std::string_view text);

}  // namespace slogate::refgw
