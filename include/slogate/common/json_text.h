// ParseJsonText: JSON text from a file into nlohmann::json, with the one error wording every
// reader of slogate's own files uses (profiles, run results, results documents). Pure;
// thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "slogate/common/result.h"

namespace slogate {

// Parses `text`, which came from `source` (a file name). A syntax error is code "bad_json"
// with Error::line/column set and the message
//   "<source>:<line>:<column>: not valid JSON: <what the parser expected>"
// (e.g. "results.json:14:3: not valid JSON: syntax error while parsing object - unexpected
// '}'; expected string literal"). `JsonType` is nlohmann::json, or nlohmann::ordered_json where
// the order of members matters (profile files).
template <typename JsonType = nlohmann::json>
Result<JsonType> ParseJsonText(std::string_view text, std::string_view source);

extern template Result<nlohmann::json> ParseJsonText(std::string_view, std::string_view);
extern template Result<nlohmann::ordered_json> ParseJsonText(std::string_view, std::string_view);

}  // namespace slogate
