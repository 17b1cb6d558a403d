// base64url (RFC 4648 section 5: A-Z a-z 0-9 - _), the one implementation for the histogram
// encoding, the Pushgateway's grouping keys and the reference gateway's JWTs (and, padded with
// the standard alphabet, the Basic credentials a secret is also registered as). Encoding writes
// no padding: the text is safe inside JSON strings, URLs and JWT segments. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "slogate/common/result.h"

namespace slogate::base64url {

// Unpadded base64url of `bytes` ("" for no bytes).
std::string Encode(std::string_view bytes);

// Padded standard base64 of `bytes` (RFC 4648 section 4: + and / for - and _), the form an HTTP
// Basic Authorization header carries; for registering that form of a credential as a secret.
std::string EncodeStandard(std::string_view bytes);

// Strict inverse of Encode: rejects '=' padding and every other character outside the
// alphabet, impossible lengths and non-zero unused bits in the last character, so every byte
// string has exactly one accepted text. This is also what RFC 7515 (sections 2 and 7.1) asks of
// JWT segments, which the reference gateway decodes with it. Errors have code "bad_base64" and
// say where the text is wrong (an offset, never the text).
Result<std::string> Decode(std::string_view text);

}  // namespace slogate::base64url
