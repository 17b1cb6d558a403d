#include "field_reader.h"

#include <cmath>

namespace slogate::report {

using nlohmann::json;

FieldReader::FieldReader(const json& object, std::string path)
    : object_(object), path_(std::move(path)) {
  if (!object_.is_object()) {
    error_ = MakeError("bad_results", (path_.empty() ? std::string("document") : path_) +
                                          ": expected an object, got " + object_.type_name());
  }
}

std::string FieldReader::PathOf(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void FieldReader::Fail(std::string_view key, std::string_view message) {
  if (error_) return;
  error_ = MakeError("bad_results", PathOf(key) + ": " + std::string(message));
}

const json* FieldReader::Find(std::string_view key, bool required) {
  if (error_ || !object_.is_object()) return nullptr;
  const auto member = object_.find(key);
  if (member == object_.end() || (!required && member->is_null())) {
    if (required) Fail(key, "missing (required)");
    return nullptr;
  }
  return &*member;
}

bool FieldReader::Expect(std::string_view key, const json& value, bool matches,
                         std::string_view expected) {
  if (matches) return true;
  Fail(key, "expected " + std::string(expected) + ", got " + value.type_name());
  return false;
}

std::string FieldReader::String(std::string_view key) {
  const json* value = Find(key, true);
  if (value == nullptr || !Expect(key, *value, value->is_string(), "a string")) return "";
  return value->get<std::string>();
}

double FieldReader::Number(std::string_view key) {
  const json* value = Find(key, true);
  if (value == nullptr || !Expect(key, *value, value->is_number(), "a number")) return 0;
  return value->get<double>();
}

uint64_t FieldReader::Count(std::string_view key) {
  const json* value = Find(key, true);
  if (value == nullptr ||
      !Expect(key, *value, value->is_number_unsigned() ||
                               (value->is_number_integer() && value->get<int64_t>() >= 0),
              "a whole non-negative number")) {
    return 0;
  }
  return value->get<uint64_t>();
}

bool FieldReader::Bool(std::string_view key) {
  const json* value = Find(key, true);
  if (value == nullptr || !Expect(key, *value, value->is_boolean(), "true or false")) return false;
  return value->get<bool>();
}

const json* FieldReader::Object(std::string_view key) {
  const json* value = Find(key, true);
  if (value == nullptr || !Expect(key, *value, value->is_object(), "an object")) return nullptr;
  return value;
}

const json* FieldReader::Array(std::string_view key) {
  const json* value = Find(key, true);
  if (value == nullptr || !Expect(key, *value, value->is_array(), "an array")) return nullptr;
  return value;
}

std::string FieldReader::OptionalString(std::string_view key, std::string fallback) {
  const json* value = Find(key, false);
  if (value == nullptr || !Expect(key, *value, value->is_string(), "a string")) return fallback;
  return value->get<std::string>();
}

std::optional<double> FieldReader::OptionalNumber(std::string_view key) {
  const json* value = Find(key, false);
  if (value == nullptr || !Expect(key, *value, value->is_number(), "a number or null")) {
    return std::nullopt;
  }
  return value->get<double>();
}

std::string IndexPath(const std::string& path, size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

}  // namespace slogate::report
