// Query-string parameters of the admin and export routes, with FastAPI-shaped 422 answers.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "http_message.h"

namespace slogate::refgw {

// A 422 answer with one issue about query parameter `field`:
// {"detail":[{"type","loc":["query",field],"msg","input"}]}.
http::Response QueryIssue(std::string_view field, std::string_view type, std::string_view msg,
                          const nlohmann::json& input);

// Reads the whole-number parameter `name` into `*value` (left as is when absent). Returns the
// 422 answer when it is not a whole number in [min, max].
std::optional<http::Response> ReadIntParam(std::string_view query, std::string_view name,
                                           int64_t min, int64_t max, int64_t* value);

}  // namespace slogate::refgw
