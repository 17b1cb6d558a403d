#include "json_reader.h"

#include <cmath>
#include <limits>

namespace slogate::load {

JsonReader::JsonReader(const nlohmann::json& object, std::string path)
    : object_(object), path_(std::move(path)) {
  if (!object_.is_object()) {
    error_ = MakeError("bad_run_result", (path_.empty() ? std::string("document") : path_) +
                                             ": expected a JSON object, got " + Excerpt(object_));
  }
}

std::string JsonReader::PathOf(std::string_view name) const {
  return path_.empty() ? std::string(name) : path_ + "." + std::string(name);
}

void JsonReader::Fail(std::string_view name, std::string_view what) {
  if (!error_) error_ = MakeError("bad_run_result", PathOf(name) + ": " + std::string(what));
}

void JsonReader::Adopt(const std::optional<Error>& error) {
  if (!error_ && error) error_ = error;
}

const nlohmann::json* JsonReader::Find(std::string_view name) {
  if (error_) return nullptr;
  const auto found = object_.find(name);
  if (found == object_.end()) {
    Fail(name, "missing field");
    return nullptr;
  }
  return &*found;
}

uint64_t JsonReader::Unsigned(std::string_view name) {
  const nlohmann::json* field = Find(name);
  if (field == nullptr) return 0;
  if (field->is_number_unsigned()) return field->get<uint64_t>();
  if (field->is_number_integer() && field->get<int64_t>() >= 0) {
    return static_cast<uint64_t>(field->get<int64_t>());
  }
  Fail(name, "expected a non-negative integer, got " + Excerpt(*field));
  return 0;
}

int64_t JsonReader::Integer(std::string_view name) {
  const nlohmann::json* field = Find(name);
  if (field == nullptr) return 0;
  if (field->is_number_integer() && !field->is_number_unsigned()) return field->get<int64_t>();
  if (field->is_number_unsigned() &&
      field->get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return static_cast<int64_t>(field->get<uint64_t>());
  }
  Fail(name, "expected a 64-bit integer, got " + Excerpt(*field));
  return 0;
}

double JsonReader::Number(std::string_view name) {
  const nlohmann::json* field = Find(name);
  if (field == nullptr) return 0;
  if (field->is_number() && std::isfinite(field->get<double>())) return field->get<double>();
  Fail(name, "expected a finite number, got " + Excerpt(*field));
  return 0;
}

bool JsonReader::Bool(std::string_view name) {
  const nlohmann::json* field = Find(name);
  if (field == nullptr) return false;
  if (field->is_boolean()) return field->get<bool>();
  Fail(name, "expected true or false, got " + Excerpt(*field));
  return false;
}

std::string JsonReader::String(std::string_view name) {
  const nlohmann::json* field = Find(name);
  if (field == nullptr) return {};
  if (field->is_string()) return field->get<std::string>();
  Fail(name, "expected a string, got " + Excerpt(*field));
  return {};
}

const nlohmann::json* JsonReader::Array(std::string_view name) {
  const nlohmann::json* field = Find(name);
  if (field == nullptr) return nullptr;
  if (field->is_array()) return field;
  Fail(name, "expected an array, got " + Excerpt(*field));
  return nullptr;
}

const nlohmann::json* JsonReader::Object(std::string_view name) {
  const nlohmann::json* field = Find(name);
  if (field == nullptr) return nullptr;
  if (field->is_object()) return field;
  Fail(name, "expected an object, got " + Excerpt(*field));
  return nullptr;
}

std::string Excerpt(const nlohmann::json& value) {
  constexpr size_t kMaxLength = 40;
  std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (text.size() > kMaxLength) text = text.substr(0, kMaxLength) + "...";
  return text;
}

}  // namespace slogate::load
