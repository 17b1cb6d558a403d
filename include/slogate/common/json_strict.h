// ParseJsonStrict: one JSON document from outside input (a fault set posted to the reference
// gateway, a JWT's header and claims), refusing what nlohmann::json lets through silently. A
// member name given twice in one object is an error rather than "the last one wins", so that
// two readers of the same text cannot see different values (RFC 7515 section 5.2 and RFC 8259
// section 4 leave that choice to the parser; a verifier must not leave it open). Pure;
// thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "slogate/common/result.h"

namespace slogate {

// The value of `text`, or an error whose message quotes nothing of `text` but a repeated
// member name. Error codes:
//   "bad_json"       not valid JSON: "not valid JSON at byte 12"
//   "too_deep"       arrays and objects nested deeper than kMaxJsonNesting
//   "duplicate_key"  "member \"alg\" appears twice in one object" (QuoteForMessage)
//   "bom"            the text starts with a UTF-8 byte-order mark (nlohmann skips it)
Result<nlohmann::json> ParseJsonStrict(std::string_view text);

}  // namespace slogate
