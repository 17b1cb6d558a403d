// Feeds arbitrary bytes to the profile file loader and the environment applied on top of it,
// the way the suite and `slogate run` load a configuration.
//
// Input: the profile file's text, optionally followed by a NUL byte and environment lines
// "NAME=value" (a NUL cannot occur in valid JSON, so every real profile file is a seed as is).
// Checks: rejections carry their documented codes and a message; an accepted configuration
// serializes to JSON, and that JSON never holds the JWT from the environment (it holds the
// token's text no more often than with another token in its place).
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "slogate/config/config_json.h"
#include "slogate/common/secrets.h"
#include "slogate/config/loader.h"

namespace {

using slogate::fuzz::Require;

constexpr std::string_view kFileName = "fuzz.json";

// "NAME=value" lines; a line without '=' sets NAME to the empty string.
std::map<std::string, std::string, std::less<>> ParseEnvironmentLines(std::string_view text) {
  std::map<std::string, std::string, std::less<>> variables;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    const size_t equals = line.find('=');
    variables[std::string(line.substr(0, equals))] =
        equals == std::string_view::npos ? "" : std::string(line.substr(equals + 1));
  }
  return variables;
}

// Non-overlapping occurrences of `needle` in `text`.
size_t Occurrences(std::string_view text, std::string_view needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string_view::npos;
       at = text.find(needle, at + needle.size())) {
    ++count;
  }
  return count;
}

// The configuration's JSON as the suite writes it into the results, or nothing on an error.
std::optional<std::string> ConfigJson(
    const slogate::config::ProfileFile& file,
    const std::map<std::string, std::string, std::less<>>& variables) {
  const slogate::config::EnvLookup env =
      [&variables](std::string_view name) -> std::optional<std::string> {
    const auto found = variables.find(name);
    if (found == variables.end()) return std::nullopt;
    return found->second;
  };
  auto config = slogate::config::BuildConfig(env, file, std::string(kFileName));
  if (!config.ok()) {
    Require(!config.error().code.empty() && !config.error().message.empty());
    return std::nullopt;
  }
  return slogate::config::ToJson(*config).dump(-1, ' ', false,
                                               nlohmann::json::error_handler_t::replace);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Each input's credentials are registered as secrets: the registry must not grow with the
  // number of inputs.
  slogate::secrets::ClearForTesting();
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t nul = input.find('\0');
  const std::string_view file_text = input.substr(0, nul);
  const auto variables = ParseEnvironmentLines(
      nul == std::string_view::npos ? std::string_view() : input.substr(nul + 1));

  auto file = slogate::config::ParseProfileFile(file_text, kFileName);
  if (!file.ok()) {
    Require(file.error().code == "bad_profile" || file.error().code == "bad_json");
    Require(!file.error().message.empty());
    return 0;
  }
  const std::optional<std::string> json = ConfigJson(*file, variables);
  const auto jwt = variables.find("JWT");
  if (!json || jwt == variables.end() || jwt->second.size() < 8) return 0;
  // The JWT may coincide with text the JSON holds anyway (a fuzzed token can read
  // `0.05,"max_wal_error_share":0.005`): with another token of its length in its place, the
  // JSON must hold it exactly as often, or the token itself leaked.
  auto other = variables;
  other["JWT"] = std::string(jwt->second.size(), jwt->second.front() == 'Z' ? 'Y' : 'Z');
  const std::optional<std::string> without = ConfigJson(*file, other);
  Require(without.has_value());
  Require(Occurrences(*json, jwt->second) == Occurrences(*without, jwt->second));
  return 0;
}
