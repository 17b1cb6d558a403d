// ParseJsonText: JSON text from a file into nlohmann::json, with the one error wording every
// reader of slogate's own files uses (profiles, run results, results documents). Pure;
// thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "slogate/common/result.h"

namespace slogate {

// The deepest nesting of arrays and objects slogate parses, in its own files and in what a
// target sends: far above anything either holds, far below the depth at which nlohmann::json's
// recursive destructor and printer overflow the stack (an array nested 100k levels deep, 200 KB
// of text, crashes them).
inline constexpr int kMaxJsonNesting = 256;

// Deepest array/object nesting in `text`, ignoring brackets inside strings; stops counting
// at `limit` + 1. Lets a reader reject absurd nesting before the parser builds it.
int JsonNestingDepth(std::string_view text, int limit);

// Parses `text`, which came from `source` (a file name). A syntax error is code "bad_json"
// with Error::line/column set and the message
//   "<source>:<line>:<column>: not valid JSON: <what the parser expected>"
// (e.g. "results.json:14:3: not valid JSON: syntax error while parsing object - unexpected
// '}'; expected string literal"). Nesting deeper than kMaxJsonNesting is code "bad_json" too:
// "<source>: not read: arrays and objects nested deeper than 256 levels". `JsonType` is nlohmann::json, or nlohmann::ordered_json where
// the order of members matters (profile files).
template <typename JsonType = nlohmann::json>
Result<JsonType> ParseJsonText(std::string_view text, std::string_view source);

extern template Result<nlohmann::json> ParseJsonText(std::string_view, std::string_view);
extern template Result<nlohmann::ordered_json> ParseJsonText(std::string_view, std::string_view);

}  // namespace slogate
