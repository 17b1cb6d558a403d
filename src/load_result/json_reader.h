// Typed, located reads of JSON fields for RunResultFromJson.
//
// A reader wraps one JSON object and the path that leads to it ("per_second[3]"). Each getter
// returns the field or a default; the first failure is remembered (later ones are ignored), so
// a parser reads all fields straight through and checks error() once at the end.
// Thread-compatible.
#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "slogate/common/result.h"

namespace slogate::load {

class JsonReader {
 public:
  // `object` must outlive the reader. A non-object records an error at once.
  JsonReader(const nlohmann::json& object, std::string path);

  uint64_t Unsigned(std::string_view name);
  int64_t Integer(std::string_view name);
  double Number(std::string_view name);  // finite
  bool Bool(std::string_view name);
  std::string String(std::string_view name);
  std::chrono::nanoseconds Nanoseconds(std::string_view name) {
    return std::chrono::nanoseconds(Integer(name));
  }
  // The field if it has the wanted type, else nullptr (and an error).
  const nlohmann::json* Array(std::string_view name);
  const nlohmann::json* Object(std::string_view name);

  // "latency" -> "<path>.latency" (or "latency" at the top level).
  std::string PathOf(std::string_view name) const;

  // Records an error about `name` unless one is already recorded.
  void Fail(std::string_view name, std::string_view what);
  // Adopts an error found elsewhere (e.g. by a nested reader) unless one is already recorded.
  void Adopt(const std::optional<Error>& error);

  const std::optional<Error>& error() const { return error_; }

 private:
  const nlohmann::json* Find(std::string_view name);

  const nlohmann::json& object_;
  std::string path_;
  std::optional<Error> error_;
};

// Short JSON text of a value for error messages (cut at ~40 characters).
std::string Excerpt(const nlohmann::json& value);

}  // namespace slogate::load
