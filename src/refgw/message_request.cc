#include "message_request.h"

#include <algorithm>
#include <variant>

#include "slogate/common/json_text.h"

namespace slogate::refgw {
namespace {

using nlohmann::json;

constexpr int kMaxNesting = 64;

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// FastAPI reads JSON when there is no Content-Type, or its main type is "application" and the
// subtype is "json" or ends with "+json" (parameters such as charset are ignored).
bool IsJsonContentType(std::optional<std::string_view> content_type) {
  if (!content_type.has_value()) return true;
  std::string type(TrimSpaces(content_type->substr(0, content_type->find(';'))));
  for (char& c : type) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (type.rfind("application/", 0) != 0) return false;
  std::string_view subtype = std::string_view(type).substr(12);
  return subtype == "json" || (subtype.size() > 5 && subtype.substr(subtype.size() - 5) == "+json");
}

ValidationIssue Issue(json loc, std::string msg, std::string type, json input) {
  return ValidationIssue{std::move(loc), std::move(msg), std::move(type), std::move(input),
                         nullptr};
}

ValidationIssue StringTypeIssue(json loc, const json& input) {
  return Issue(std::move(loc), "Input should be a valid string", "string_type", input);
}

// Optional[str]: absent or null -> nullopt; a string -> its value; anything else -> issue.
std::optional<std::string> OptionalString(const json& body, const char* field,
                                          std::vector<ValidationIssue>& issues) {
  auto found = body.find(field);
  if (found == body.end() || found->is_null()) return std::nullopt;
  if (!found->is_string()) {
    issues.push_back(StringTypeIssue(json::array({"body", field}), *found));
    return std::nullopt;
  }
  return found->get<std::string>();
}

void ReadAttachments(const json& body, MessageRequest& request,
                     std::vector<ValidationIssue>& issues) {
  auto found = body.find("attachments");
  if (found == body.end()) return;
  if (!found->is_array()) {
    issues.push_back(Issue(json::array({"body", "attachments"}), "Input should be a valid list",
                           "list_type", *found));
    return;
  }
  for (size_t i = 0; i < found->size(); ++i) {
    const json& item = (*found)[i];
    if (!item.is_string()) {
      issues.push_back(StringTypeIssue(json::array({"body", "attachments", i}), item));
      continue;
    }
    request.attachments.push_back(item.get<std::string>());
  }
}

void ReadMetadata(const json& body, MessageRequest& request, std::vector<ValidationIssue>& issues) {
  auto found = body.find("metadata");
  if (found == body.end() || found->is_null()) return;
  if (!found->is_object()) {
    issues.push_back(Issue(json::array({"body", "metadata"}), "Input should be a valid dictionary",
                           "dict_type", *found));
    return;
  }
  for (const auto& [key, value] : found->items()) {
    if (!value.is_string()) {
      issues.push_back(StringTypeIssue(json::array({"body", "metadata", key}), value));
      continue;
    }
    request.metadata.emplace_back(key, value.get<std::string>());
  }
}

std::variant<MessageRequest, std::vector<ValidationIssue>> ValidateBody(const json& body) {
  if (!body.is_object()) {
    return std::vector<ValidationIssue>{
        Issue(json::array({"body"}),
              "Input should be a valid dictionary or object to extract fields from",
              "model_attributes_type", body)};
  }
  MessageRequest request;
  std::vector<ValidationIssue> issues;
  auto message = body.find("message");
  if (message == body.end()) {
    issues.push_back(Issue(json::array({"body", "message"}), "Field required", "missing", body));
  } else if (!message->is_string()) {
    issues.push_back(StringTypeIssue(json::array({"body", "message"}), *message));
  } else {
    request.message = message->get<std::string>();
  }
  request.session_id = OptionalString(body, "session_id", issues);
  request.persona_id = OptionalString(body, "persona_id", issues);
  ReadAttachments(body, request, issues);
  ReadMetadata(body, request, issues);
  if (!issues.empty()) return issues;
  return request;
}

ValidationIssue JsonInvalid(size_t position, std::string reason) {
  ValidationIssue issue =
      Issue(json::array({"body", position}), "JSON decode error", "json_invalid", json::object());
  issue.ctx = json{{"error", std::move(reason)}};
  return issue;
}

}  // namespace

std::optional<std::string> MessageRequest::MetadataTenant() const {
  for (const auto& [key, value] : metadata) {
    if (key == "tenant") return value;
  }
  return std::nullopt;
}

std::variant<MessageRequest, std::vector<ValidationIssue>> ParseMessageRequest(
    std::optional<std::string_view> content_type, std::string_view body) {
  if (body.empty()) {
    return std::vector<ValidationIssue>{
        Issue(json::array({"body"}), "Field required", "missing", nullptr)};
  }
  if (!IsJsonContentType(content_type)) {
    // FastAPI hands the raw bytes to the model, which cannot take fields from a string.
    return ValidateBody(json(std::string(body)));
  }
  if (JsonNestingDepth(body, kMaxNesting) > kMaxNesting) {
    return std::vector<ValidationIssue>{
        JsonInvalid(0, "nesting deeper than " + std::to_string(kMaxNesting) + " levels")};
  }
  json parsed;
  try {
    parsed = json::parse(body);
  } catch (const json::parse_error& error) {
    std::string reason = error.what();
    size_t colon = reason.find(": ");
    if (colon != std::string::npos) reason.erase(0, colon + 2);
    return std::vector<ValidationIssue>{JsonInvalid(error.byte > 0 ? error.byte - 1 : 0, reason)};
  }
  if (parsed.is_null()) {
    return std::vector<ValidationIssue>{
        Issue(json::array({"body"}), "Field required", "missing", nullptr)};
  }
  return ValidateBody(parsed);
}

std::string ValidationErrorBody(const std::vector<ValidationIssue>& issues) {
  json detail = json::array();
  for (const ValidationIssue& issue : issues) {
    json entry = {
        {"type", issue.type}, {"loc", issue.loc}, {"msg", issue.msg}, {"input", issue.input}};
    if (!issue.ctx.is_null()) entry["ctx"] = issue.ctx;
    detail.push_back(std::move(entry));
  }
  return json{{"detail", std::move(detail)}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace slogate::refgw
