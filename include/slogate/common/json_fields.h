// JsonFieldReader: typed reads of one JSON object's members for the readers of slogate's own
// files (run results, results documents). Every problem is reported with the member's JSON path
// and what was expected and found ("verdict.findings[2].outcome: expected a string, got 3");
// the first problem is remembered and later ones are ignored, so a reader can fetch every field
// straight through and check ok() once. Thread-compatible.
#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "slogate/common/result.h"

namespace slogate {

class JsonFieldReader {
 public:
  // `object` must outlive the reader. `path` names it ("" for the document root); errors carry
  // `error_code`. A value that is not an object records an error at once.
  JsonFieldReader(const nlohmann::json& object, std::string path, std::string error_code);

  // A reader for a nested value (array element, member object) with the same error code.
  JsonFieldReader Nested(const nlohmann::json& value, std::string path) const;

  // Required members: a missing member or a wrong type records an error and returns a zero.
  std::string String(std::string_view key);
  double Number(std::string_view key);      // finite
  uint64_t Unsigned(std::string_view key);  // a whole number >= 0
  int64_t Integer(std::string_view key);    // fits in 64 bits
  bool Bool(std::string_view key);
  std::chrono::nanoseconds Nanoseconds(std::string_view key) {
    return std::chrono::nanoseconds(Integer(key));
  }
  // The member itself when it has the asked type, else nullptr after recording an error.
  const nlohmann::json* Object(std::string_view key);
  const nlohmann::json* Array(std::string_view key);

  // Optional members: absent or null gives the fallback / nullopt; a wrong type is an error.
  std::string OptionalString(std::string_view key, std::string fallback = "");
  std::optional<double> OptionalNumber(std::string_view key);

  // Records a problem with member `key` unless one is already recorded.
  void Fail(std::string_view key, std::string_view message);
  // Takes over a nested reader's problem unless one is already recorded.
  void Adopt(const JsonFieldReader& nested);
  // "latency" -> "<path>.latency" (or "latency" at the root).
  std::string PathOf(std::string_view key) const;

  bool ok() const { return !error_.has_value(); }
  // Precondition: !ok().
  const Error& error() const { return *error_; }

 private:
  const nlohmann::json* Find(std::string_view key, bool required);
  bool Expect(std::string_view key, const nlohmann::json& value, bool matches,
              std::string_view expected);

  const nlohmann::json& object_;
  std::string path_;
  std::string error_code_;
  std::optional<Error> error_;
};

// "path[index]".
std::string IndexPath(std::string_view path, size_t index);

// Short JSON text of a value for error messages (cut at about 40 characters).
std::string JsonExcerpt(const nlohmann::json& value);

}  // namespace slogate
