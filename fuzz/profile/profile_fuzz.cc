// Feeds arbitrary bytes to the profile file loader and the environment applied on top of it,
// the way the suite and `slogate run` load a configuration.
//
// Input: the profile file's text, optionally followed by a NUL byte and environment lines
// "NAME=value" (a NUL cannot occur in valid JSON, so every real profile file is a seed as is).
// Checks: rejections carry their documented codes and a message; an accepted configuration
// serializes to JSON, and that JSON never holds the JWT from the environment.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "slogate/config/config_json.h"
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

// Whether `secret` is long and distinctive enough that finding it in the output can only mean
// it leaked, rather than that it coincides with a name, a number or another value.
bool Distinctive(std::string_view secret, std::string_view input) {
  return secret.size() >= 12 && input.find(secret) == input.rfind(secret);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
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
  const slogate::config::EnvLookup env =
      [&variables](std::string_view name) -> std::optional<std::string> {
    const auto found = variables.find(name);
    if (found == variables.end()) return std::nullopt;
    return found->second;
  };
  const auto config = slogate::config::BuildConfig(env, std::move(*file), std::string(kFileName));
  if (!config.ok()) {
    Require(!config.error().code.empty() && !config.error().message.empty());
    return 0;
  }
  const std::string json = slogate::config::ToJson(*config).dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (Distinctive(config->target.jwt, input)) {
    Require(json.find(config->target.jwt) == std::string::npos);
  }
  return 0;
}
