#include "slogate/common/json_strict.h"

#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "slogate/common/json_text.h"
#include "slogate/common/quote.h"

namespace slogate {

using nlohmann::json;

Result<json> ParseJsonStrict(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) {
    return MakeError("bom", "starts with a UTF-8 byte-order mark; send the JSON text without it");
  }
  if (JsonNestingDepth(text, kMaxJsonNesting) > kMaxJsonNesting) {
    return MakeError("too_deep", "arrays and objects nested deeper than " +
                                     std::to_string(kMaxJsonNesting) + " levels");
  }
  // The member names seen so far in each object being parsed, innermost last.
  std::vector<std::unordered_set<std::string>> open_objects;
  std::optional<std::string> repeated;
  const json::parser_callback_t track_keys = [&](int, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::object_start) {
      open_objects.emplace_back();
    } else if (event == json::parse_event_t::object_end) {
      open_objects.pop_back();
    } else if (event == json::parse_event_t::key && !repeated.has_value() &&
               !open_objects.back().insert(parsed.get<std::string>()).second) {
      repeated = parsed.get<std::string>();
    }
    return true;
  };
  json value;
  try {
    value = json::parse(text, track_keys);
  } catch (const json::parse_error& error) {
    return MakeError("bad_json", "not valid JSON at byte " + std::to_string(error.byte));
  } catch (const json::exception&) {
    // A number too large for a double ("1e400") is nlohmann's out_of_range, not a parse_error.
    return MakeError("bad_json", "not valid JSON: a number is out of range");
  }
  if (repeated.has_value()) {
    return MakeError("duplicate_key",
                     "member " + QuoteForMessage(*repeated) + " appears twice in one object");
  }
  return value;
}

}  // namespace slogate
