// The body of POST /v1/session/message, validated the way the upstream's FastAPI/pydantic
// model does it: every problem is reported (not only the first), each with FastAPI's
// {"loc", "msg", "type", "input"} entry, so a 422 here reads like a 422 upstream.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace slogate::refgw {

struct MessageRequest {
  std::string message;
  std::optional<std::string> session_id;
  std::optional<std::string> persona_id;
  std::vector<std::string> attachments;
  std::vector<std::pair<std::string, std::string>> metadata;  // in body order

  // metadata["tenant"] when the body carries one.
  std::optional<std::string> MetadataTenant() const;
};

// One entry of FastAPI's 422 "detail" list.
struct ValidationIssue {
  nlohmann::json loc;  // e.g. ["body", "metadata", "tenant"]
  std::string msg;
  std::string type;
  nlohmann::json input;
  nlohmann::json ctx;  // null unless the error type has context (json_invalid)
};

// Parses and validates a request body. `content_type` is the Content-Type header or nullopt;
// like FastAPI, a body is read as JSON when there is no Content-Type or it is application/json
// (or application/*+json), and as raw text otherwise (which the model then rejects).
// Pure and thread-safe.
std::variant<MessageRequest, std::vector<ValidationIssue>> ParseMessageRequest(
    std::optional<std::string_view> content_type, std::string_view body);

// FastAPI's 422 body: {"detail": [{"type", "loc", "msg", "input"[, "ctx"]}, ...]}.
std::string ValidationErrorBody(const std::vector<ValidationIssue>& issues);

}  // namespace slogate::refgw
