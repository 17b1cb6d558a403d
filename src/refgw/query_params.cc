#include "query_params.h"

#include <charconv>
#include <string>

#include "stored_event_json.h"

namespace slogate::refgw {

http::Response QueryIssue(std::string_view field, std::string_view type, std::string_view msg,
                          const nlohmann::json& input) {
  nlohmann::json issue = {{"type", type},
                          {"loc", nlohmann::json::array({"query", field})},
                          {"msg", msg},
                          {"input", input}};
  return http::JsonResponse(422,
                            DumpJson(nlohmann::json{{"detail", nlohmann::json::array({issue})}}));
}

std::optional<http::Response> ReadIntParam(std::string_view query, std::string_view name,
                                           int64_t min, int64_t max, int64_t* value) {
  std::optional<std::string> text = http::QueryParam(query, name);
  if (!text.has_value()) return std::nullopt;
  int64_t parsed = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), parsed);
  if (text->empty() || error != std::errc() || end != text->data() + text->size()) {
    return QueryIssue(name, "int_parsing",
                      "Input should be a valid integer, unable to parse string as an integer",
                      *text);
  }
  if (parsed < min || parsed > max) {
    return QueryIssue(name, "value_error",
                      std::string(name) + " must be between " + std::to_string(min) + " and " +
                          std::to_string(max),
                      *text);
  }
  *value = parsed;
  return std::nullopt;
}

}  // namespace slogate::refgw
