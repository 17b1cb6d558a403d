// FieldReader: reads the members of one JSON object, remembering the first problem with its
// JSON path ("verdict.findings[2].outcome: expected a string, got number"), so a reader can
// fetch every field first and check once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "slogate/common/result.h"

namespace slogate::report {

class FieldReader {
 public:
  // `object` must outlive the reader. `path` names it ("" for the root, "context", ...).
  FieldReader(const nlohmann::json& object, std::string path);

  // Required members: a missing member or a wrong type records an error and returns a zero.
  std::string String(std::string_view key);
  double Number(std::string_view key);
  uint64_t Count(std::string_view key);  // a whole, non-negative number
  bool Bool(std::string_view key);
  // The member itself (object or array as asked), or nullptr after recording an error.
  const nlohmann::json* Object(std::string_view key);
  const nlohmann::json* Array(std::string_view key);

  // Optional members: absent or null gives the fallback / nullopt; a wrong type is an error.
  std::string OptionalString(std::string_view key, std::string fallback = "");
  std::optional<double> OptionalNumber(std::string_view key);

  // Records a problem of this object's member `key` (first one wins).
  void Fail(std::string_view key, std::string_view message);
  // Path of a member, for nested readers: "verdict" + "findings" -> "verdict.findings".
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
  std::optional<Error> error_;
};

// "path[index]".
std::string IndexPath(const std::string& path, size_t index);

}  // namespace slogate::report
