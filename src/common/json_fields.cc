#include "slogate/common/json_fields.h"

#include <cmath>
#include <limits>

namespace slogate {

using nlohmann::json;

JsonFieldReader::JsonFieldReader(const json& object, std::string path, std::string error_code)
    : object_(object), path_(std::move(path)), error_code_(std::move(error_code)) {
  if (!object_.is_object()) {
    error_ = MakeError(error_code_, (path_.empty() ? std::string("document") : path_) +
                                        ": expected a JSON object, got " + JsonExcerpt(object_));
  }
}

JsonFieldReader JsonFieldReader::Nested(const json& value, std::string path) const {
  return JsonFieldReader(value, std::move(path), error_code_);
}

std::string JsonFieldReader::PathOf(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void JsonFieldReader::Fail(std::string_view key, std::string_view message) {
  if (!error_) error_ = MakeError(error_code_, PathOf(key) + ": " + std::string(message));
}

void JsonFieldReader::Adopt(const JsonFieldReader& nested) {
  if (!error_ && nested.error_) error_ = nested.error_;
}

const json* JsonFieldReader::Find(std::string_view key, bool required) {
  if (error_) return nullptr;
  const auto member = object_.find(key);
  if (member == object_.end() || (!required && member->is_null())) {
    if (required) Fail(key, "missing (required)");
    return nullptr;
  }
  return &*member;
}

bool JsonFieldReader::Expect(std::string_view key, const json& value, bool matches,
                             std::string_view expected) {
  if (!matches) Fail(key, "expected " + std::string(expected) + ", got " + JsonExcerpt(value));
  return matches;
}

std::string JsonFieldReader::String(std::string_view key) {
  const json* value = Find(key, true);
  if (value == nullptr || !Expect(key, *value, value->is_string(), "a string")) return {};
  return value->get<std::string>();
}

double JsonFieldReader::Number(std::string_view key) {
  const json* value = Find(key, true);
  const bool finite = value != nullptr && value->is_number() && std::isfinite(value->get<double>());
  if (value == nullptr || !Expect(key, *value, finite, "a finite number")) return 0;
  return value->get<double>();
}

uint64_t JsonFieldReader::Unsigned(std::string_view key) {
  const json* value = Find(key, true);
  if (value == nullptr) return 0;
  const bool whole =
      value->is_number_unsigned() || (value->is_number_integer() && value->get<int64_t>() >= 0);
  if (!Expect(key, *value, whole, "a non-negative integer")) return 0;
  return value->get<uint64_t>();
}

int64_t JsonFieldReader::Integer(std::string_view key) {
  const json* value = Find(key, true);
  if (value == nullptr) return 0;
  const bool fits =
      (value->is_number_integer() && !value->is_number_unsigned()) ||
      (value->is_number_unsigned() &&
       value->get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max()));
  if (!Expect(key, *value, fits, "a 64-bit integer")) return 0;
  return value->get<int64_t>();
}

bool JsonFieldReader::Bool(std::string_view key) {
  const json* value = Find(key, true);
  if (value == nullptr || !Expect(key, *value, value->is_boolean(), "true or false")) return false;
  return value->get<bool>();
}

const json* JsonFieldReader::Object(std::string_view key) {
  const json* value = Find(key, true);
  if (value == nullptr || !Expect(key, *value, value->is_object(), "an object")) return nullptr;
  return value;
}

const json* JsonFieldReader::Array(std::string_view key) {
  const json* value = Find(key, true);
  if (value == nullptr || !Expect(key, *value, value->is_array(), "an array")) return nullptr;
  return value;
}

std::string JsonFieldReader::OptionalString(std::string_view key, std::string fallback) {
  const json* value = Find(key, false);
  if (value == nullptr || !Expect(key, *value, value->is_string(), "a string")) return fallback;
  return value->get<std::string>();
}

std::optional<double> JsonFieldReader::OptionalNumber(std::string_view key) {
  const json* value = Find(key, false);
  if (value == nullptr || !Expect(key, *value, value->is_number(), "a number or null")) {
    return std::nullopt;
  }
  return value->get<double>();
}

std::string IndexPath(std::string_view path, size_t index) {
  return std::string(path) + "[" + std::to_string(index) + "]";
}

std::string JsonExcerpt(const json& value) {
  constexpr size_t kMaxLength = 40;
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() > kMaxLength) text = text.substr(0, kMaxLength) + "...";
  return text;
}

}  // namespace slogate
