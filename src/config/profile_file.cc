// ParseProfileFile / ReadProfileFile: the profile JSON (profiles, endpoints, thresholds, checks).
#include <algorithm>
#include <string>

#include "defaults.h"
#include "json_fields.h"
#include "profiles_json.h"
#include "slogate/common/file_text.h"
#include "slogate/common/json_text.h"
#include "slogate/config/loader.h"
#include "thresholds_json.h"

namespace slogate::config {
namespace {

using internal::Element;
using internal::FieldError;
using internal::Json;
using internal::Member;

constexpr int kSchemaVersion = 1;

Result<std::vector<int>> ReadStatuses(const Json& value, const std::string& path) {
  constexpr std::string_view kExpected = "a non-empty array of HTTP statuses (100..599)";
  if (!value.is_array() || value.empty()) return FieldError(path, kExpected, value);
  std::vector<int> statuses;
  for (size_t i = 0; i < value.size(); ++i) {
    const Json& item = value[i];
    if (!item.is_number_integer() || item.get<long long>() < 100 || item.get<long long>() > 599) {
      return FieldError(Element(path, i), "an HTTP status (100..599)", item);
    }
    statuses.push_back(item.get<int>());
  }
  return statuses;
}

Result<Endpoint> ParseEndpoint(const std::string& name, const Json& object,
                               const std::string& path) {
  if (Status s = internal::ExpectObject(object, path); !s.ok()) return s.error();
  if (Status s = internal::CheckKnownKeys(object, path,
                                          {"method", "path", "body", "ok_statuses", "write_path"});
      !s.ok()) {
    return s.error();
  }
  Endpoint endpoint = internal::DefaultWriteEndpoint();
  endpoint.name = name;
  // An added endpoint is not the write path unless it says so.
  endpoint.write_path = name == "write";
  if (object.contains("method")) {
    Result<std::string> method = internal::ReadString(object["method"], Member(path, "method"));
    if (!method.ok()) return method.error();
    constexpr std::string_view kMethods[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"};
    if (std::find(std::begin(kMethods), std::end(kMethods), *method) == std::end(kMethods)) {
      return FieldError(Member(path, "method"), "one of GET, POST, PUT, PATCH, DELETE, HEAD",
                        object["method"]);
    }
    endpoint.method = *method;
  }
  if (object.contains("path")) {
    Result<std::string> request_path = internal::ReadString(object["path"], Member(path, "path"));
    if (!request_path.ok()) return request_path.error();
    if (request_path->empty() || request_path->front() != '/') {
      return FieldError(Member(path, "path"), "a path starting with '/'", object["path"]);
    }
    endpoint.path = *request_path;
  }
  if (object.contains("body")) {
    // A string is the template itself; an object/array is written as compact JSON.
    const Json& body = object["body"];
    if (body.is_string()) {
      endpoint.body_template = body.get<std::string>();
    } else if (body.is_object() || body.is_array()) {
      endpoint.body_template = body.dump();
    } else {
      return FieldError(Member(path, "body"), "a string or a JSON object", body);
    }
  }
  if (object.contains("ok_statuses")) {
    Result<std::vector<int>> statuses =
        ReadStatuses(object["ok_statuses"], Member(path, "ok_statuses"));
    if (!statuses.ok()) return statuses.error();
    endpoint.ok_statuses = *statuses;
  }
  if (object.contains("write_path")) {
    Result<bool> write_path = internal::ReadBool(object["write_path"], Member(path, "write_path"));
    if (!write_path.ok()) return write_path.error();
    endpoint.write_path = *write_path;
  }
  return endpoint;
}

Result<std::vector<Endpoint>> ParseEndpoints(const Json* block) {
  if (block == nullptr) return std::vector<Endpoint>{internal::DefaultWriteEndpoint()};
  if (Status s = internal::ExpectObject(*block, "endpoints"); !s.ok()) return s.error();
  if (block->empty()) return FieldError("endpoints", "at least one endpoint", *block);
  std::vector<Endpoint> endpoints;
  for (const auto& [name, object] : block->items()) {
    Result<Endpoint> endpoint = ParseEndpoint(name, object, Member("endpoints", name));
    if (!endpoint.ok()) return endpoint.error();
    endpoints.push_back(std::move(*endpoint));
  }
  return endpoints;
}

Result<Requirement> ParseRequirement(const Json& value, const std::string& path) {
  if (value.is_string() && value.get<std::string>() == "required") return Requirement::kRequired;
  if (value.is_string() && value.get<std::string>() == "optional") return Requirement::kOptional;
  return FieldError(path, "\"required\" or \"optional\"", value);
}

Result<Checks> ParseChecks(const Json* block) {
  Checks checks;
  if (block == nullptr) return checks;
  if (Status s = internal::ExpectObject(*block, "checks"); !s.ok()) return s.error();
  for (const auto& [name, value] : block->items()) {
    if (std::find(kSloNames.begin(), kSloNames.end(), name) == kSloNames.end()) {
      std::string known;
      for (std::string_view slo : kSloNames)
        known += (known.empty() ? "" : ", ") + std::string(slo);
      return MakeError("bad_profile",
                       Member("checks", name) + ": unknown SLO (expected one of: " + known + ")");
    }
    Result<Requirement> requirement = ParseRequirement(value, Member("checks", name));
    if (!requirement.ok()) return requirement.error();
    checks.by_slo[name] = *requirement;
  }
  return checks;
}

Result<ProfileFile> ParseTopLevel(const Json& root) {
  if (Status s = internal::ExpectObject(root, "(top level)"); !s.ok()) return s.error();
  if (Status s = internal::CheckKnownKeys(
          root, "",
          {"schema_version", "description", "profiles", "endpoints", "thresholds", "checks"});
      !s.ok()) {
    return s.error();
  }
  if (root.contains("schema_version") &&
      !(root["schema_version"].is_number_integer() && root["schema_version"] == kSchemaVersion)) {
    return FieldError("schema_version", "1", root["schema_version"]);
  }
  const auto find = [&](const char* key) { return root.contains(key) ? &root[key] : nullptr; };
  ProfileFile file;
  Result<std::vector<Endpoint>> endpoints = ParseEndpoints(find("endpoints"));
  if (!endpoints.ok()) return endpoints.error();
  file.endpoints = std::move(*endpoints);
  if (!root.contains("profiles")) {
    return MakeError("bad_profile", "profiles: missing (declare at least one load profile)");
  }
  Result<std::vector<LoadProfile>> profiles =
      internal::ParseProfiles(root["profiles"], file.endpoints);
  if (!profiles.ok()) return profiles.error();
  file.profiles = std::move(*profiles);
  auto thresholds = internal::ParseThresholdsBlock(find("thresholds"), "thresholds");
  if (!thresholds.ok()) return thresholds.error();
  file.thresholds = std::move(*thresholds);
  Result<Checks> checks = ParseChecks(find("checks"));
  if (!checks.ok()) return checks.error();
  file.checks = std::move(*checks);
  return file;
}

}  // namespace

Result<ProfileFile> ParseProfileFile(std::string_view json_text, std::string_view file_name) {
  // A syntax error already names the file, line and column.
  Result<Json> root = ParseJsonText<Json>(json_text, file_name);
  if (!root.ok()) return root.error();
  Result<ProfileFile> file = ParseTopLevel(*root);
  if (file.ok()) return file;
  Error error = file.error();
  error.message = std::string(file_name) + ": " + error.message;
  return error;
}

Result<ProfileFile> ReadProfileFile(const std::string& path) {
  Result<std::string> text = ReadFileText(path);
  if (!text.ok()) {
    return MakeError("io", "the profile file " + text.error().message +
                               " (set SLO_PROFILES or pass --slo-profiles=FILE to choose another)");
  }
  return ParseProfileFile(*text, path);
}

}  // namespace slogate::config
