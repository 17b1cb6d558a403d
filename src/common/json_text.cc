#include "slogate/common/json_text.h"

#include <algorithm>
#include <string>

#include "slogate/common/text_position.h"

namespace slogate {
namespace {

// nlohmann's what() reads "[json.exception.parse_error.101] parse error at line 3, column 3:
// syntax error ..."; the position is printed our way, so only what follows it is kept.
std::string ParserDetail(std::string what) {
  if (const size_t tag_end = what.find("] "); what.starts_with("[") && tag_end != std::string::npos) {
    what.erase(0, tag_end + 2);
  }
  if (what.starts_with("parse error")) {
    if (const size_t colon = what.find(": "); colon != std::string::npos) what.erase(0, colon + 2);
  }
  return what;
}

}  // namespace

int JsonNestingDepth(std::string_view text, int limit) {
  int depth = 0;
  int deepest = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest > limit) return deepest;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

template <typename JsonType>
Result<JsonType> ParseJsonText(std::string_view text, std::string_view source) {
  if (JsonNestingDepth(text, kMaxJsonNesting) > kMaxJsonNesting) {
    return MakeError("bad_json", std::string(source) +
                                     ": not read: arrays and objects nested deeper than " +
                                     std::to_string(kMaxJsonNesting) + " levels");
  }
  try {
    return JsonType::parse(text);
  } catch (const typename JsonType::parse_error& error) {
    const auto [line, column] = LineAndColumnBefore(text, error.byte);
    return MakeError("bad_json",
                     std::string(source) + ":" + std::to_string(line) + ":" +
                         std::to_string(column) + ": not valid JSON: " + ParserDetail(error.what()),
                     line, column);
  } catch (const typename JsonType::out_of_range& error) {
    // A number past a double's range ("1e400"): nlohmann gives no position for it.
    return MakeError("bad_json",
                     std::string(source) + ": not valid JSON: " + ParserDetail(error.what()));
  }
}

template Result<nlohmann::json> ParseJsonText(std::string_view, std::string_view);
template Result<nlohmann::ordered_json> ParseJsonText(std::string_view, std::string_view);

}  // namespace slogate
